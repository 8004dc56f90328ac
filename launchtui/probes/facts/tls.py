"""What the tls family finds out that "Configure SSL for everything" needs.

Filled by :func:`launchtui.probes.tls.run`, read by :mod:`launchtui.probes.combined`.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchtui.probes.model import Verdict


@dataclass(frozen=True, slots=True)
class HostValidity:
    """Whether one of the site's hosts serves a certificate a browser accepts."""

    resolves: bool | None  # None: the lookup failed (the host may or may not exist)
    verdict: Verdict  # PASS, FAIL or UNKNOWN
    reason: str


@dataclass
class TlsFacts:
    """The tls family's facts for the combined judges."""

    # A browser-like verifying handshake with each of the site's hosts; None until all are done.
    valid: dict[str, HostValidity] | None = None
    # The ALPN protocol selected ("h2", "http/1.1", "none"); None: no handshake (yet).
    alpn: str | None = None
