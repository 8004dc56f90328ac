"""Scan one server with sslyze 6 and turn the result into a :class:`TlsReport` (blocking).

Import this module only when a scan runs: importing sslyze costs 0.3–0.4 s, which
``launchtui --version`` and ``export`` must not pay. The server is reached at an address resolved
beforehand (``ServerNetworkLocation(ip_address=…)``), so sslyze itself never looks a name up.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, SupportsIndex

import sslyze
from cryptography.utils import CryptographyDeprecationWarning
from sslyze.__version__ import __version__ as SSLYZE_VERSION
from sslyze.mozilla_tls_profile.tls_config_checker import (
    SCAN_COMMANDS_NEEDED_BY_MOZILLA_CHECKER,
    MozillaTlsConfiguration,
    ServerNotCompliantWithTlsConfiguration,
    ServerScanResultIncomplete,
    TlsConfigurationEnum,
    check_server_against_tls_configuration,
)
from sslyze.scanner import _mass_scanner

from launchtui.probes.tls.certificate import summarize
from launchtui.probes.tls.report import Deployment, TlsReport


def _quiet_trust_store_warnings() -> None:
    # sslyze's bundled trust stores hold certificates newer cryptography frowns upon; the warning
    # is about sslyze's data, not the scanned site. A filter (not catch_warnings, which is not
    # thread-safe) scoped to sslyze's modules; adding it again is idempotent.
    warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module=r"sslyze\.")


def _short_sleep(seconds: float | SupportsIndex) -> None:
    time.sleep(min(float(seconds), 0.01))


# sslyze's scheduler (the producer thread of sslyze.scanner._mass_scanner) looks for finished jobs
# every 0.2 s: `sleep(0.2)` on the module's own `from time import sleep`. So every scan lasts a
# multiple of 0.2 s (0.4 s for 0.21 s of work). While one of our scans runs, that name is bound to
# a 10 ms sleep, which hands results over when they are ready; the last scan to finish puts
# time.sleep back. The module is private: the patch only acts if it finds exactly time.sleep there
# (tests/probes_tls_dns/test_sslyze_polling.py fails if the pinned sslyze stops matching). Another
# sslyze user in this process scanning at the same moment polls sooner too, which only costs a
# little CPU.
_polling_lock = threading.Lock()
_polling_scans = 0


@contextlib.contextmanager
def sooner_polling() -> Iterator[None]:
    """While the block runs, sslyze's scheduler polls every 10 ms instead of every 0.2 s."""
    global _polling_scans
    with _polling_lock:
        if _polling_scans == 0 and getattr(_mass_scanner, "sleep", None) is time.sleep:
            _mass_scanner.sleep = _short_sleep
        _polling_scans += 1
    try:
        yield
    finally:
        with _polling_lock:
            _polling_scans -= 1
            if _polling_scans == 0 and getattr(_mass_scanner, "sleep", None) is _short_sleep:
                _mass_scanner.sleep = time.sleep


# IANA cipher suite names that no client should be offered: no encryption, no authentication,
# export-grade keys, or broken ciphers and hashes.
WEAK_CIPHER = re.compile(r"NULL|anon|EXPORT|RC4|RC2|DES|MD5|IDEA")

_CIPHER_COMMANDS = {
    "SSL 2.0": "ssl_2_0_cipher_suites",
    "SSL 3.0": "ssl_3_0_cipher_suites",
    "TLS 1.0": "tls_1_0_cipher_suites",
    "TLS 1.1": "tls_1_1_cipher_suites",
    "TLS 1.2": "tls_1_2_cipher_suites",
    "TLS 1.3": "tls_1_3_cipher_suites",
}
CUSTOM_CA_STORE = "Supplied CA file"


def scanner_name() -> str:
    """``sslyze 6.3.1``."""
    return f"sslyze {SSLYZE_VERSION}"


def _trace_text(trace: Any) -> str:
    if trace is None:
        return "no detail"
    text = "".join(trace.format_exception_only()).strip()
    return text.splitlines()[-1] if text else "no detail"


def scan(
    host: str,
    port: int,
    address: str,
    *,
    sni: str | None,
    ca_file: Path | None,
    timeout: float,
) -> TlsReport:
    """Run the health scan commands against ``address:port`` presenting ``sni``."""
    report = TlsReport(host, port, address, scanner_name())
    extra = sslyze.ScanCommandsExtraArguments(
        certificate_info=sslyze.CertificateInfoExtraArgument(custom_ca_file=ca_file)
        if ca_file is not None
        else None
    )
    request = sslyze.ServerScanRequest(
        server_location=sslyze.ServerNetworkLocation(host, port, ip_address=address),
        network_configuration=sslyze.ServerNetworkConfiguration(
            tls_server_name_indication=sni or host,
            network_timeout=max(int(timeout), 1),
            network_max_retries=1,
        ),
        scan_commands=set(SCAN_COMMANDS_NEEDED_BY_MOZILLA_CHECKER),
        scan_commands_extra_arguments=extra,
    )
    # One server: one queue of 5 connection threads (the default starts 10 queues, 50 threads).
    scanner = sslyze.Scanner(
        per_server_concurrent_connections_limit=5, concurrent_server_scans_limit=1
    )
    _quiet_trust_store_warnings()  # again: a test runner may have reset the filters since import
    with sooner_polling():
        scanner.queue_scans([request])
        # get_results() must be consumed to the end: it joins sslyze's worker threads.
        results = list(scanner.get_results())
    result = results[0]
    if result.scan_status != sslyze.ServerScanStatusEnum.COMPLETED or result.scan_result is None:
        report.error = f"no TLS connection: {_trace_text(result.connectivity_error_trace)}"
        return report
    _read_results(report, result.scan_result)
    _read_mozilla(report, result)
    return report


def _completed(attempt: Any) -> Any:
    if attempt.status == sslyze.ScanCommandAttemptStatusEnum.COMPLETED:
        return attempt.result
    return None


def _attempt_error(attempt: Any) -> str:
    reason = getattr(attempt.error_reason, "value", attempt.error_reason)
    return f"test failed ({reason}: {_trace_text(attempt.error_trace)})"


def _read_results(report: TlsReport, scan: Any) -> None:
    cert_info = _completed(scan.certificate_info)
    if cert_info is None:
        report.certificate_error = _attempt_error(scan.certificate_info)
    else:
        for deployment in cert_info.certificate_deployments:
            report.deployments.append(_deployment(deployment))
    weak: dict[str, list[str]] = {}  # cipher suite → the protocols it was accepted with
    weak_known = True
    for protocol, field_name in _CIPHER_COMMANDS.items():
        attempt = getattr(scan, field_name)
        result = _completed(attempt)
        if result is None:
            report.protocols[protocol] = None
            report.protocol_notes[protocol] = _attempt_error(attempt)
            weak_known = False
            continue
        report.protocols[protocol] = result.is_tls_version_supported
        for accepted in result.accepted_cipher_suites:
            if WEAK_CIPHER.search(accepted.cipher_suite.name):
                weak.setdefault(accepted.cipher_suite.name, []).append(protocol)
    listed = [f"{name} ({', '.join(protocols)})" for name, protocols in weak.items()]
    report.weak_ciphers = listed if weak_known or listed else None
    _read_vulnerabilities(report, scan)


def _deployment(deployment: Any) -> Deployment:
    summary = summarize(deployment.received_certificate_chain[0])
    accepted = [
        p.trust_store.name
        for p in deployment.path_validation_results
        if p.was_validation_successful
    ]
    if accepted:
        stores = ["--ca-bundle" if name == CUSTOM_CA_STORE else name for name in accepted]
        return Deployment(summary, True, "trusted by " + ", ".join(stores))
    errors = {p.trust_store.name: p.validation_error for p in deployment.path_validation_results}
    # The --ca-bundle's verdict explains a test or private CA; otherwise Mozilla's store speaks.
    reason = errors.get(CUSTOM_CA_STORE) or errors.get("Mozilla") or next(iter(errors.values()), "")
    # sslyze appends "(encountered processing <Certificate(…)>)": noise next to our own lines.
    reason = re.sub(r"\s*\(encountered processing .*\)$", "", reason or "").strip()
    if summary.self_signed:
        reason = f"self-signed ({reason})" if reason else "self-signed"
    return Deployment(summary, False, f"not trusted: {reason or 'no trust store accepted it'}")


def _read_vulnerabilities(report: TlsReport, scan: Any) -> None:
    robot_enum = sslyze.RobotScanResultEnum
    checks: dict[str, tuple[Any, Any]] = {
        "Heartbleed": (scan.heartbleed, lambda r: r.is_vulnerable_to_heartbleed),
        "OpenSSL CCS injection": (
            scan.openssl_ccs_injection,
            lambda r: r.is_vulnerable_to_ccs_injection,
        ),
        "ROBOT": (
            scan.robot,
            lambda r: (
                None
                if r.robot_result == robot_enum.UNKNOWN_INCONSISTENT_RESULTS
                else r.robot_result
                in (robot_enum.VULNERABLE_STRONG_ORACLE, robot_enum.VULNERABLE_WEAK_ORACLE)
            ),
        ),
        "insecure renegotiation": (
            scan.session_renegotiation,
            lambda r: not r.supports_secure_renegotiation,
        ),
        "client-initiated renegotiation (DoS)": (
            scan.session_renegotiation,
            lambda r: r.is_vulnerable_to_client_renegotiation_dos,
        ),
        "TLS compression (CRIME)": (scan.tls_compression, lambda r: r.supports_compression),
        "TLS downgrade (no TLS_FALLBACK_SCSV)": (
            scan.tls_fallback_scsv,
            lambda r: not r.supports_fallback_scsv,
        ),
    }
    for name, (attempt, is_vulnerable) in checks.items():
        result = _completed(attempt)
        if result is None:
            report.vulnerabilities[name] = (None, _attempt_error(attempt))
            continue
        vulnerable = is_vulnerable(result)
        note = "inconsistent results" if vulnerable is None else ""
        report.vulnerabilities[name] = (vulnerable, note)


def _read_mozilla(report: TlsReport, result: Any) -> None:
    profile = MozillaTlsConfiguration.get(TlsConfigurationEnum.MOZILLA_INTERMEDIATE)
    try:
        check_server_against_tls_configuration(result, profile)
    except ServerNotCompliantWithTlsConfiguration as exc:
        report.mozilla_issues = dict(exc.issues)
    except ServerScanResultIncomplete as exc:
        report.mozilla_note = f"profile not checked: {exc}"
    else:
        report.mozilla_issues = {}
