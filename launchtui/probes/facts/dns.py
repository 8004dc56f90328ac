"""What the dns family finds out that items judged with other families need.

Filled by :func:`launchtui.probes.dns.run` all at once when its lookups are done, read by
:mod:`launchtui.probes.combined`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DnsFacts:
    """The dns family's facts for the combined judges."""

    skipped: str = ""  # why no lookup was made (an IP-address target, no resolver)
    # The target, apex, www and api names: has an address (None: the lookup failed). The whole
    # dict is None until the lookups are done; the fields below are set with it.
    hosts: dict[str, bool | None] | None = None
    host_notes: dict[str, str] = field(default_factory=dict)  # how each host resolved
    # Each host's A and AAAA records (None: the lookup failed).
    addresses: dict[str, list[str] | None] = field(default_factory=dict)
    cloudflare_ns: bool | None = None  # the zone's name servers are *.ns.cloudflare.com
    nameservers: list[str] = field(default_factory=list)
    nameservers_reason: str = ""  # why the name servers are unknown
    google_verification_txt: bool | None = None  # a google-site-verification= TXT record
