"""The DNS probe family: records, TTLs, e-mail authentication, API subdomain, Heroku.

All questions go to ``--nameserver`` when given, else to the system's configured resolver. A
lookup that times out, is refused or gets SERVFAIL makes the items that needed it ``unknown``
with the reason — never a pass. Facts for :mod:`launchtui.probes.combined` are published on
``ctx.facts`` (:class:`~launchtui.probes.facts.dns.DnsFacts`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from launchtui.probes.dns.client import DnsClient, Outcome, resolver_description
from launchtui.probes.dns.email_auth import judge_email_service
from launchtui.probes.dns.heroku import judge_heroku
from launchtui.probes.dns.records import judge_api_subdomain, judge_records
from launchtui.probes.dns.snapshot import DnsSnapshot, take_snapshot
from launchtui.probes.dns.ttl import judge_ttl
from launchtui.probes.facts.dns import DnsFacts
from launchtui.probes.family import FamilyContext
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.resolve import load_dnspython

PROBE = "dns"
ITEMS = (
    "dns-records",
    "dns-ttl",
    "dns-api-subdomain",
    "dns-heroku-custom-domain",
    "email-service",
)
CLOUDFLARE_NS_SUFFIX = ".ns.cloudflare.com"
GOOGLE_VERIFICATION = "google-site-verification="


def _unknown_all(reason: str) -> list[Finding]:
    # Every caller got nothing about the site from DNS: no verdict, and nothing to record.
    return [Finding(item, Verdict.UNKNOWN, reason, probe=PROBE, reached=False) for item in ITEMS]


async def run(ctx: FamilyContext[DnsFacts]) -> AsyncIterator[Finding]:
    """Look up the site's records and judge the DNS items."""
    target = ctx.target
    if target.is_ip:
        ctx.facts.skipped = "target is an IP address"
        for finding in _unknown_all("target is an IP address: no DNS records to check"):
            yield finding
        return

    # dnspython is loaded only when DNS probes run, in a thread: its import (~70 ms) would
    # otherwise stall the event loop the http family shares.
    await load_dnspython()
    import dns.resolver

    try:
        client = DnsClient(target, ctx.time_left)
    except dns.resolver.NoResolverConfiguration as exc:
        reason = f"no DNS resolver configured on this machine ({exc}); use --nameserver"
        ctx.facts.skipped = reason
        for finding in _unknown_all(reason):
            yield finding
        return

    snapshot = await take_snapshot(client, target, resolver_description(target))
    publish_facts(ctx.facts, snapshot)
    if (unusable := apex_unusable(snapshot)) is not None:
        # Without the site's own name nothing else means anything: no verdict, only the reason.
        for finding in _unknown_all(unusable):
            yield finding
        return
    for judge in (judge_records, judge_ttl, judge_api_subdomain, judge_heroku, judge_email_service):
        yield judge(snapshot)


def apex_unusable(snapshot: DnsSnapshot) -> str | None:
    """Why the apex's lookups leave nothing to judge (it does not exist, or no server answered)."""
    apex = snapshot.target.apex
    answers = [snapshot.get(apex, rdtype) for rdtype in ("A", "AAAA", "CNAME")]
    if any(a.outcome in (Outcome.ANSWER, Outcome.NODATA) for a in answers):
        return None
    errors = [a for a in answers if a.outcome is Outcome.ERROR]
    if errors:
        return f"{apex}: lookup failed at {snapshot.resolver} ({errors[0].reason})"
    return (
        f"{apex} does not exist in DNS (NXDOMAIN from {snapshot.resolver}): not launched yet, "
        "or a typo?"
    )


def publish_facts(facts: DnsFacts, snapshot: DnsSnapshot) -> None:
    """Share what other items need: which hosts exist, name servers, verification records."""
    target = snapshot.target
    facts.addresses = {h: snapshot.addresses(h) for h in snapshot.site_hosts}
    ns = snapshot.get(snapshot.zone, "NS") if snapshot.zone else None
    if ns is not None and ns.found:
        facts.nameservers = list(ns.records)
        facts.cloudflare_ns = any(r.lower().endswith(CLOUDFLARE_NS_SUFFIX) for r in ns.records)
    else:
        facts.cloudflare_ns = None
        facts.nameservers_reason = (
            ns.describe() if ns is not None else f"zone not found: {snapshot.zone_reason}"
        )
    txt = [snapshot.get(name, "TXT") for name in dict.fromkeys([target.apex, target.host])]
    if any(r.lower().startswith(GOOGLE_VERIFICATION) for a in txt for r in a.records):
        facts.google_verification_txt = True
    elif any(a.outcome is Outcome.ERROR for a in txt):
        facts.google_verification_txt = None
    else:
        facts.google_verification_txt = False
    facts.host_notes = {h: snapshot.host_summary(h) for h in snapshot.site_hosts}
    # Set last: a DnsFacts with hosts is a complete one (the combined judges rely on it).
    facts.hosts = {h: snapshot.host_exists(h) for h in snapshot.site_hosts}
