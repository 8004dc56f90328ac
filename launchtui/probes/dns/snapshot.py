"""Everything the DNS probes look at, fetched in two concurrent rounds before any judging.

Judges are plain functions of a :class:`DnsSnapshot`, so what they saw is exactly what they report.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field

from launchtui.probes.dns.client import DnsAnswer, DnsClient, Outcome, gather_lookups
from launchtui.probes.dns.mail_providers import ALL_SELECTORS
from launchtui.probes.target import Target

ADDRESS_TYPES = ("A", "AAAA")
NAME_SERVERS_TO_ASK = 3
# A label no zone has on purpose: if it resolves under the apex, a wildcard answers every name.
WILDCARD_PROBE_LABEL = "launchtui-wildcard-check-" + secrets.token_hex(6)


@dataclass
class DnsSnapshot:
    """The answers for one target, keyed by ``(name, type)``."""

    target: Target
    resolver: str
    answers: dict[tuple[str, str], DnsAnswer]
    zone: str | None
    zone_reason: str = ""
    # The zone's own TTLs for the site's names, asked from its name servers (name → answer).
    zone_ttls: dict[str, DnsAnswer] = field(default_factory=dict)

    def get(self, name: str, rdtype: str) -> DnsAnswer:
        """The answer to a question that was asked (an error answer for one that was not)."""
        key = (name.rstrip(".").lower(), rdtype)
        return self.answers.get(
            key, DnsAnswer(key[0], rdtype, Outcome.ERROR, reason="not asked (deadline reached)")
        )

    @property
    def site_hosts(self) -> list[str]:
        """The target host, its apex, www and api names, without repeats."""
        t = self.target
        return list(dict.fromkeys([t.host, t.apex, t.www_host, t.api_host]))

    def host_exists(self, host: str) -> bool | None:
        """``True`` if ``host`` has an address; ``False`` if it has none; ``None`` if unknown."""
        answers = [self.get(host, rdtype) for rdtype in ADDRESS_TYPES]
        if any(a.found for a in answers):
            return True
        if any(a.outcome is Outcome.ERROR for a in answers):
            return None
        return False

    def addresses(self, host: str) -> list[str] | None:
        """The A and AAAA records of ``host`` (after CNAMEs); None when a lookup failed."""
        answers = [self.get(host, rdtype) for rdtype in ADDRESS_TYPES]
        if any(a.outcome is Outcome.ERROR for a in answers):
            return None
        return [record for a in answers if a.found for record in a.records]

    def host_summary(self, host: str) -> str:
        """One line on how ``host`` resolves, for a finding's detail."""
        answers = [self.get(host, rdtype) for rdtype in ADDRESS_TYPES]
        found = [a for a in answers if a.found]
        if found:
            return "; ".join(a.describe() for a in found)
        failed = [a for a in answers if a.outcome is Outcome.ERROR]
        return (failed or answers)[0].describe()

    @property
    def wildcard_probe(self) -> str:
        """A made-up name under the apex, looked up to detect a wildcard record."""
        return f"{WILDCARD_PROBE_LABEL}.{self.target.apex}"

    def only_wildcard(self, host: str) -> bool | None:
        """Whether ``host`` resolves exactly like a made-up name under the apex (a wildcard
        answers for it, and nothing of its own shows); ``None`` when that cannot be told."""
        wild = self.host_exists(self.wildcard_probe)
        if wild is None:
            return None
        if not wild:
            return False
        mine = [self.get(host, t) for t in (*ADDRESS_TYPES, "CNAME")]
        theirs = [self.get(self.wildcard_probe, t) for t in (*ADDRESS_TYPES, "CNAME")]
        return all(
            (a.outcome, a.records, a.cnames) == (b.outcome, b.records, b.cnames)
            for a, b in zip(mine, theirs, strict=True)
        )

    @property
    def is_zone_apex(self) -> bool:
        """Whether the apex is its zone's own name (``example.org``, not ``app.example.org``)."""
        return self.zone is not None and self.zone == self.target.apex

    def caa_chain(self) -> list[str]:
        """The names whose CAA records apply to the apex, nearest first (RFC 8659 climbs up)."""
        labels = self.target.apex.split(".")
        return [".".join(labels[i:]) for i in range(max(len(labels) - 1, 1))]

    def mail_domains(self) -> list[str]:
        """Where e-mail records live: the apex, then its zone when the apex is a subdomain."""
        domains = [self.target.apex]
        if self.zone and self.zone != self.target.apex:
            domains.append(self.zone)
        return domains


async def take_snapshot(client: DnsClient, target: Target, resolver: str) -> DnsSnapshot:
    """Ask every question the DNS probes need, in two concurrent rounds."""
    apex = target.apex
    hosts = list(dict.fromkeys([target.host, apex, target.www_host, target.api_host]))
    questions = [(h, t) for h in hosts for t in (*ADDRESS_TYPES, "CNAME")]
    wildcard_probe = f"{WILDCARD_PROBE_LABEL}.{apex}"
    questions += [(wildcard_probe, t) for t in (*ADDRESS_TYPES, "CNAME")]
    questions += [(apex, "MX"), (apex, "TXT"), (f"_dmarc.{apex}", "TXT")]
    labels = apex.split(".")
    questions += [(".".join(labels[i:]), "CAA") for i in range(max(len(labels) - 1, 1))]
    questions += [(f"{selector}._domainkey.{apex}", "TXT") for selector in ALL_SELECTORS]
    if target.host != apex:
        questions.append((target.host, "TXT"))

    first, (zone, zone_reason) = await asyncio.gather(
        gather_lookups(client, questions), client.zone_of(apex)
    )
    snapshot = DnsSnapshot(target, resolver, first, zone, zone_reason)

    second: list[tuple[str, str]] = []
    if zone is not None:
        second.append((zone, "NS"))
        if zone != apex:
            second += [(zone, "MX"), (zone, "TXT"), (f"_dmarc.{zone}", "TXT")]
    snapshot.answers.update(await gather_lookups(client, second))
    snapshot.zone_ttls = await _zone_ttls(client, snapshot, [apex, target.www_host])
    return snapshot


async def _zone_ttls(
    client: DnsClient, snapshot: DnsSnapshot, names: list[str]
) -> dict[str, DnsAnswer]:
    """The TTLs as the zone sets them, for names whose answer came from a cache.

    A caching resolver reports the time left before its copy expires, which is only a lower
    bound on the configured TTL; the zone's name servers (asked without recursion) know it.
    """
    needed = {}
    for name in names:
        answer = address_answer(snapshot, name)
        if answer is not None and not answer.authoritative:
            needed[name] = answer.rdtype
    if not needed or snapshot.zone is None:
        return {}
    ns = snapshot.get(snapshot.zone, "NS")
    if not ns.found:
        reason = ns.describe() if ns.outcome is Outcome.ERROR else "the zone lists no name servers"
        return {
            n: DnsAnswer(n, t, Outcome.ERROR, reason=f"could not ask the zone: {reason}")
            for n, t in needed.items()
        }
    server_names = list(ns.records[:NAME_SERVERS_TO_ASK])
    addresses = await gather_lookups(client, [(s, "A") for s in server_names])
    servers = [ip for a in addresses.values() for ip in a.records[:1]]

    async def ask(name: str, rdtype: str) -> DnsAnswer:
        reasons = []
        for server in servers:
            answer = await client.ask_server(server, name, rdtype)
            if answer.outcome is not Outcome.ERROR:
                return answer
            reasons.append(answer.reason)
        reason = "; ".join(reasons) or "the name servers' addresses did not resolve"
        return DnsAnswer(name, rdtype, Outcome.ERROR, reason=reason)

    results = await asyncio.gather(*(ask(n, t) for n, t in needed.items()))
    return dict(zip(needed, results, strict=True))


def address_answer(snapshot: DnsSnapshot, name: str) -> DnsAnswer | None:
    """The first address answer (A, else AAAA) for ``name``, or ``None`` when there is none."""
    for rdtype in ADDRESS_TYPES:
        answer = snapshot.get(name, rdtype)
        if answer.found:
            return answer
    return None
