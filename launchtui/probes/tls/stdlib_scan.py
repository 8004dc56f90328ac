"""The fallback scanner: what Python's own ``ssl`` module can tell (blocking).

Used when sslyze or its native ``nassl`` cannot be imported (or ``LAUNCHTUI_NO_SSLYZE=1``). It sees
the certificate, whether it is trusted, and which of TLS 1.0–1.3 the server accepts. It cannot
test SSL 2/3 (OpenSSL 3 has no code for them), list cipher suites, or probe Heartbleed, ROBOT,
CCS injection, renegotiation, compression or the fallback SCSV: the report says so.
"""

from __future__ import annotations

import socket
import ssl
import warnings
from pathlib import Path

from cryptography import x509

from launchtui.probes.target import trust_context
from launchtui.probes.tls.certificate import summarize
from launchtui.probes.tls.report import Deployment, TlsReport

_VERSIONS = {
    "TLS 1.0": "TLSv1",
    "TLS 1.1": "TLSv1_1",
    "TLS 1.2": "TLSv1_2",
    "TLS 1.3": "TLSv1_3",
}
_NOT_TESTABLE = (
    "Heartbleed",
    "OpenSSL CCS injection",
    "ROBOT",
    "insecure renegotiation",
    "TLS compression (CRIME)",
    "TLS downgrade (no TLS_FALLBACK_SCSV)",
)


def scanner_name(reason: str) -> str:
    """How the evidence names this scanner, with why sslyze was not used."""
    return f"Python ssl ({ssl.OPENSSL_VERSION}) — sslyze not used: {reason}"


def _connect(address: str, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((address, port), timeout=timeout)


def handshake(
    address: str,
    port: int,
    host: str,
    context: ssl.SSLContext,
    timeout: float,
) -> ssl.SSLSocket:
    """A completed TLS handshake with ``address:port`` presenting ``host``; the caller closes it."""
    sock = _connect(address, port, timeout)
    try:
        # For an IP address the ssl module sends no SNI and checks the certificate's IP entries.
        return context.wrap_socket(sock, server_hostname=host)
    except BaseException:
        sock.close()
        raise


def verifying_context(ca_file: Path | None, *, check_hostname: bool) -> ssl.SSLContext:
    """:func:`~launchtui.probes.target.trust_context`, checking the host name or not."""
    context = trust_context(ca_file)
    context.check_hostname = check_hostname
    return context


def _pin_version(context: ssl.SSLContext, version: str) -> ssl.SSLContext:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSv1 and TLSv1_1 are deprecated
        tls_version = getattr(ssl.TLSVersion, _VERSIONS[version])
        context.minimum_version = tls_version
        context.maximum_version = tls_version
    if version in ("TLS 1.0", "TLS 1.1"):
        # Security level 0 lets this client offer what a hardened OpenSSL refuses to.
        context.set_ciphers("ALL:@SECLEVEL=0")
    return context


def _version_context(version: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return _pin_version(context, version)


def _test_protocols(report: TlsReport, timeout: float) -> str | None:
    """Fill in which versions are accepted; return a connection error if no attempt got through."""
    host, port, address = report.host, report.port, report.address
    for protocol in ("SSL 2.0", "SSL 3.0"):
        report.protocols[protocol] = None
        report.protocol_notes[protocol] = "not testable: OpenSSL 3 cannot speak it"
    errors = []
    for protocol, name in _VERSIONS.items():
        if not getattr(ssl, f"HAS_{name}", False):
            report.protocols[protocol] = None
            report.protocol_notes[protocol] = "not testable: this machine's OpenSSL lacks it"
            continue
        try:
            with handshake(address, port, host, _version_context(protocol), timeout):
                report.protocols[protocol] = True
        except ssl.SSLError:
            report.protocols[protocol] = False
        except OSError as exc:
            report.protocols[protocol] = None
            report.protocol_notes[protocol] = f"not tested: {exc.strerror or exc}"
            errors.append(str(exc.strerror or exc))
    if errors and not any(report.protocols.values()) and False not in report.protocols.values():
        return errors[0]
    return None


def scan(
    host: str,
    port: int,
    address: str,
    *,
    ca_file: Path | None,
    timeout: float,
    reason: str,
) -> TlsReport:
    """Certificate, trust and protocol versions of ``address:port`` with the ``ssl`` module."""
    report = TlsReport(host, port, address, scanner_name(reason), complete=False)
    for name in _NOT_TESTABLE:
        report.vulnerabilities[name] = (None, "not testable without sslyze")
    report.mozilla_note = "Mozilla profile not checked: it needs sslyze"
    connection_error = _test_protocols(report, timeout)
    accepted = report.accepted_protocols()
    if not accepted:
        report.error = f"no TLS connection: {connection_error or 'no TLS version was accepted'}"
        return report
    best = accepted[-1]  # the certificate is fetched the way a modern client would get it
    try:
        with handshake(address, port, host, _version_context(best), timeout) as tls:
            der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        report.error = f"no TLS connection: {exc}"
        return report
    if der is None:
        report.error = "the server sent no certificate"
        return report
    summary = summarize(x509.load_der_x509_certificate(der))
    try:
        verifying = _pin_version(verifying_context(ca_file, check_hostname=False), best)
        with handshake(address, port, host, verifying, timeout):
            stores = "the system store" + (" or --ca-bundle" if ca_file else "")
            trusted, note = True, f"trusted by {stores}"
    except ssl.SSLCertVerificationError as exc:
        trusted, note = False, f"not trusted: {exc.verify_message}"
    except (OSError, ssl.SSLError) as exc:
        trusted, note = None, f"trust not checked: {exc}"
    report.deployments.append(Deployment(summary, trusted, note))
    return report
