"""Choose the TLS scanner and run it (blocking: call it from a worker thread).

sslyze is preferred. The stdlib fallback is used when sslyze or nassl cannot be imported, or
when the environment variable ``LAUNCHTUI_NO_SSLYZE=1`` asks for it (to test the fallback, or on
a machine where the native wheel misbehaves).
"""

from __future__ import annotations

import os
from pathlib import Path

from launchtui.probes.tls.report import TlsReport

NO_SSLYZE_ENV = "LAUNCHTUI_NO_SSLYZE"


def sslyze_unavailable() -> str | None:
    """Why sslyze cannot be used here, or None when it can (this imports it: 0.3–0.4 s)."""
    if os.environ.get(NO_SSLYZE_ENV, "") not in ("", "0"):
        return f"{NO_SSLYZE_ENV} is set"
    try:
        import launchtui.probes.tls.sslyze_scan  # noqa: F401
    except ImportError as exc:
        return f"it cannot be imported ({exc})"
    return None


def scan_server(
    host: str,
    port: int,
    address: str,
    *,
    ca_file: Path | None,
    timeout: float,
    use_sslyze: bool | None = None,
) -> TlsReport:
    """Scan ``address:port`` as ``host``: sslyze when available (or ``use_sslyze=True``),
    else the stdlib fallback."""
    reason = "the caller asked for the fallback"
    if use_sslyze is None:
        unavailable = sslyze_unavailable()
        use_sslyze = unavailable is None
        reason = unavailable or ""
    if use_sslyze:
        from launchtui.probes.tls import sslyze_scan

        return sslyze_scan.scan(host, port, address, sni=host, ca_file=ca_file, timeout=timeout)
    from launchtui.probes.tls import stdlib_scan

    return stdlib_scan.scan(host, port, address, ca_file=ca_file, timeout=timeout, reason=reason)
