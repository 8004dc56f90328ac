"""HTTP/2 through ALPN: offer ``h2`` and ``http/1.1`` and see what the server picks (blocking).

The http family judges "Enable HTTP/2" from the version it negotiated; this is the TLS-level
confirmation. The item takes the worse of the two.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from launchtui.probes.model import Finding, Verdict
from launchtui.probes.text import error_text
from launchtui.probes.tls.stdlib_scan import handshake

ITEM = "server-http2"
PROBE = "tls"


@dataclass(frozen=True)
class AlpnResult:
    """The protocol the server selected (None: it selected none), or why nothing is known."""

    protocol: str | None
    error: str | None = None
    # False when not even TCP got through (refused, timed out): a full scan would only wait.
    reachable: bool = True


def negotiate_alpn(host: str, port: int, address: str, timeout: float) -> AlpnResult:
    """Handshake offering h2 and http/1.1; certificate problems are another item's business."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2", "http/1.1"])
    try:
        with handshake(address, port, host, context, timeout) as tls:
            return AlpnResult(tls.selected_alpn_protocol())
    except ssl.SSLError as exc:
        return AlpnResult(
            None, f"no TLS connection to {host}:{port} ({address}): {error_text(exc)}"
        )
    except OSError as exc:
        reason = (
            f"no TLS connection to {host}:{port} ({address}): {error_text(exc.strerror or exc)}"
        )
        return AlpnResult(None, reason, reachable=False)


def judge_http2(host: str, result: AlpnResult) -> Finding:
    """``h2`` selected passes; ``http/1.1`` or no ALPN at all fails; no connection is unknown."""
    if result.error:
        return Finding(ITEM, Verdict.UNKNOWN, result.error, PROBE)
    detail = "Offered ALPN h2 and http/1.1 in a TLS handshake."
    if result.protocol == "h2":
        return Finding(ITEM, Verdict.PASS, f"{host} selects h2 (HTTP/2) via ALPN", PROBE, detail)
    if result.protocol is None:
        return Finding(
            ITEM,
            Verdict.FAIL,
            f"{host} ignores ALPN: HTTP/2 is not offered over TLS",
            PROBE,
            detail,
        )
    return Finding(
        ITEM,
        Verdict.FAIL,
        f"{host} selects {result.protocol} over h2 via ALPN: HTTP/2 is not enabled",
        PROBE,
        detail,
    )
