"""Whether each of the site's hosts serves a certificate a browser accepts (blocking).

A plain verifying handshake — system trust store plus ``--ca-bundle``, host name checked — per
host (the target, its apex, www and api twins). The results feed "Configure SSL for everything",
judged in :mod:`launchtui.probes.combined`.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from launchtui.probes.facts.tls import HostValidity
from launchtui.probes.model import Verdict
from launchtui.probes.text import error_text
from launchtui.probes.tls.stdlib_scan import handshake, verifying_context


def browser_context(ca_file: Path | None) -> ssl.SSLContext:
    """One verifying context for all hosts of a run (loading the trust store costs ~20 ms)."""
    return verifying_context(ca_file, check_hostname=True)


def check_host(
    host: str, port: int, address: str, context: ssl.SSLContext, timeout: float
) -> HostValidity:
    """Verify the certificate ``host`` serves at ``address:port`` with ``context``."""
    try:
        with handshake(address, port, host, context, timeout) as tls:
            version = tls.version()
    except ssl.SSLCertVerificationError as exc:
        return HostValidity(True, Verdict.FAIL, f"{host}: {exc.verify_message}")
    except ssl.SSLError as exc:
        return HostValidity(True, Verdict.FAIL, f"{host}: TLS handshake failed ({error_text(exc)})")
    except ConnectionRefusedError:
        reason = f"{host}: nothing accepts connections on port {port} ({address})"
        return HostValidity(True, Verdict.FAIL, reason)
    except OSError as exc:
        # A timeout or an unreachable network may be this machine's problem, not the site's.
        reason = f"{host}:{port} ({address}): {error_text(exc.strerror or exc)}"
        return HostValidity(True, Verdict.UNKNOWN, reason)
    return HostValidity(True, Verdict.PASS, f"{host}: valid certificate ({version})")


def unresolved(host: str, reason: str) -> HostValidity:
    """The fact for a host whose address could not be found."""
    return HostValidity(None, Verdict.UNKNOWN, f"not resolved: {reason}")
