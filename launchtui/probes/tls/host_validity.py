"""Whether each of the site's hosts serves a certificate a browser accepts (blocking).

A plain verifying handshake — system trust store plus ``--ca-bundle``, host name checked — per
host (the target, its apex, www and api twins). The results feed "Configure SSL for everything",
judged in :mod:`launchtui.probes.combined`.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import TypedDict

from launchtui.probes.text import error_text
from launchtui.probes.tls.stdlib_scan import handshake, verifying_context


class HostValidity(TypedDict):
    """The ``tls.valid`` fact for one host."""

    resolves: bool | None  # None: the lookup failed (the host may or may not exist)
    verdict: str  # "pass", "fail" or "unknown"
    reason: str


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
        return {"resolves": True, "verdict": "fail", "reason": f"{host}: {exc.verify_message}"}
    except ssl.SSLError as exc:
        return {
            "resolves": True,
            "verdict": "fail",
            "reason": f"{host}: TLS handshake failed ({error_text(exc)})",
        }
    except ConnectionRefusedError:
        reason = f"{host}: nothing accepts connections on port {port} ({address})"
        return {"resolves": True, "verdict": "fail", "reason": reason}
    except OSError as exc:
        # A timeout or an unreachable network may be this machine's problem, not the site's.
        reason = f"{host}:{port} ({address}): {error_text(exc.strerror or exc)}"
        return {"resolves": True, "verdict": "unknown", "reason": reason}
    return {"resolves": True, "verdict": "pass", "reason": f"{host}: valid certificate ({version})"}


def unresolved(host: str, reason: str) -> HostValidity:
    """The fact for a host whose address could not be found."""
    return {"resolves": None, "verdict": "unknown", "reason": f"not resolved: {reason}"}
