"""What the http family finds out that items judged with other families need.

Filled by :func:`launchtui.probes.http.run` as the survey's rounds complete, read by
:mod:`launchtui.probes.combined`. ``None`` means "not found out": the family did not get that
far (the run was cancelled or hit its deadline) or the target could not be reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from launchtui.probes.model import Verdict
from launchtui.probes.target import url_host


@dataclass(frozen=True, slots=True)
class SslRedirect:
    """Does plain HTTP end on the site's HTTPS: pass, warn (another site's), fail or unknown."""

    verdict: Verdict
    evidence: str  # raw text, as a Finding holds it: it becomes a Finding's evidence again


@dataclass(frozen=True, slots=True)
class TwinAnswer:
    """The first answer of the apex or www name (redirects not followed), or why there is none."""

    status: int | None = None
    location: str | None = None
    error: str | None = None

    @property
    def redirect_host(self) -> str | None:
        """The host a 3xx answer sends to (None for any other answer)."""
        if self.status is None or not 300 <= self.status < 400 or not self.location:
            return None
        return url_host(self.location) or None

    @property
    def serves_page(self) -> bool:
        """Whether the name answered with a page of its own (2xx)."""
        return self.status is not None and 200 <= self.status < 300

    def describe(self) -> str:
        """One line for a finding's detail."""
        if self.error is not None:
            return f"no answer ({self.error})"
        if self.location:
            return f"{self.status} → {self.location}"
        return f"{self.status}"


@dataclass
class HttpFacts:
    """The http family's facts for the combined judges."""

    reachable: bool | None = None  # None: the home page has not been asked for yet
    unreachable_reason: str = ""
    ssl_redirect: SslRedirect | None = None
    cloudflare: bool | None = None  # Cloudflare's response headers seen on any answer
    google_verification_meta: bool | None = None  # a google-site-verification meta tag
    http_version: str | None = None  # of the home page's final answer
    twins: dict[str, TwinAnswer] | None = None  # apex and www (None for an IP-address target)
    # host → the address each contacted host was reached at (from --resolve or DNS)
    addresses: dict[str, str] = field(default_factory=dict)
    # Why the certificate did not verify, when the evidence was gathered over unverified TLS.
    unverified_tls: str | None = None
