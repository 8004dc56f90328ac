"""Judge "Check TTL, set low when launching, set high after everything is fine".

Thresholds: ≤ 300 s passes as launch-ready; 301–3600 s passes with a note (a switch reaches
everyone within the hour — lower it to 300 s a day before one); above 3600 s warns with the
advice to lower it before the switch. The TTL judged is the zone's own: a caching resolver only
reports the time its copy has left, a lower bound that could make a long TTL look short.
"""

from __future__ import annotations

from launchtui.probes.dns.client import DnsAnswer, Outcome
from launchtui.probes.dns.snapshot import DnsSnapshot, address_answer
from launchtui.probes.evidence import Check, finding_from_checks
from launchtui.probes.model import Finding, Verdict

PROBE = "dns"
LAUNCH_READY_TTL = 300
HIGH_TTL = 3600


def _ttl_check(name: str, ttl: int, source: str) -> Check:
    where = f"{name}: TTL {ttl} s ({source})"
    if ttl <= LAUNCH_READY_TTL:
        return Check(Verdict.PASS, f"{where}: launch-ready")
    if ttl <= HIGH_TTL:
        return Check(
            Verdict.PASS,
            f"{where}: a change reaches everyone within {ttl // 60} min; "
            f"lower it to {LAUNCH_READY_TTL} s a day before switching servers",
        )
    return Check(
        Verdict.WARN,
        f"{where}: a change can take {ttl / 3600:g} h to reach everyone; lower it to "
        f"{LAUNCH_READY_TTL} s at least {ttl / 3600:g} h before the switch, raise it after",
    )


def _check_name(snapshot: DnsSnapshot, name: str) -> Check | None:
    answer = address_answer(snapshot, name)
    if answer is None:
        exists = snapshot.host_exists(name)
        if exists is False:
            return None  # a name that does not exist has no TTL to judge
        return Check(Verdict.UNKNOWN, f"{name}: {snapshot.host_summary(name)}")
    if answer.authoritative and answer.ttl is not None:
        return _ttl_check(name, answer.ttl, "from an authoritative answer")
    zone_answer: DnsAnswer | None = snapshot.zone_ttls.get(name)
    if zone_answer is not None and zone_answer.found and zone_answer.ttl is not None:
        return _ttl_check(name, zone_answer.ttl, "from the zone's name server")
    cached = answer.ttl or 0
    if cached > HIGH_TTL:
        # Even the time left in a cache is above the limit: the zone's TTL is at least that.
        return _ttl_check(name, cached, "at least: a cache's time left")
    reason = zone_answer.reason if zone_answer is not None else "not asked"
    if zone_answer is not None and zone_answer.outcome is Outcome.NODATA:
        reason = "the zone's name server had no such record"
    return Check(
        Verdict.UNKNOWN,
        f"{name}: a cache reports {cached} s left, which only bounds the TTL from below; "
        f"the zone's name servers did not tell the real one ({reason})",
    )


def judge_ttl(snapshot: DnsSnapshot) -> Finding:
    """TTLs of the apex and www address records (the longest on any CNAME chain)."""
    target = snapshot.target
    checks = [
        check
        for name in dict.fromkeys([target.apex, target.www_host])
        if (check := _check_name(snapshot, name)) is not None
    ]
    if not checks:
        return Finding(
            "dns-ttl",
            Verdict.UNKNOWN,
            f"neither {target.apex} nor {target.www_host} resolves: no TTL to check",
            PROBE,
        )
    return finding_from_checks(
        "dns-ttl",
        PROBE,
        checks,
        passed="; ".join(c.text.split(" (")[0] for c in checks),
        notes=[
            f"≤ {LAUNCH_READY_TTL} s is launch-ready; up to {HIGH_TTL} s passes with advice; "
            f"above {HIGH_TTL} s warns. Along a CNAME chain the longest TTL counts.",
            f"Answers from {snapshot.resolver}.",
        ],
    )
