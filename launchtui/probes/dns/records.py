"""Judge "Check records" and "Move API to a different subdomain" from a DNS snapshot."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from launchtui.probes.dns.client import DnsAnswer, Outcome
from launchtui.probes.dns.snapshot import DnsSnapshot
from launchtui.probes.evidence import Check, finding_from_checks
from launchtui.probes.model import Finding, Verdict

PROBE = "dns"


def _address_check(snapshot: DnsSnapshot, host: str, role: str, missing: Verdict) -> Check:
    exists = snapshot.host_exists(host)
    summary = snapshot.host_summary(host)
    if exists:
        return Check(Verdict.PASS, f"{role} resolves: {summary}")
    if exists is None:
        return Check(Verdict.UNKNOWN, f"{role} unknown: {summary}")
    return Check(missing, f"{role} does not resolve: {summary}")


def judge_records(snapshot: DnsSnapshot) -> Finding:
    """Apex and www resolve, MX, CAA and NS present; every record seen goes into the detail."""
    target = snapshot.target
    apex = target.apex
    checks = [_address_check(snapshot, apex, apex, Verdict.FAIL)]
    apex_cname = snapshot.get(apex, "CNAME")
    if apex_cname.found and snapshot.is_zone_apex:
        # RFC 1034 forbids a CNAME beside the zone's SOA and NS; providers flatten it instead.
        checks.append(
            Check(
                Verdict.WARN,
                f"{apex} is a CNAME at the zone apex ({', '.join(apex_cname.records)}); "
                "use your DNS host's ALIAS/ANAME or CNAME flattening",
            )
        )
    notes = []
    if snapshot.is_zone_apex or target.host == target.www_host:
        checks.append(_address_check(snapshot, target.www_host, target.www_host, Verdict.WARN))
    else:
        notes.append(
            f"{target.www_host} not required: {apex} is not a zone apex"
            + (f" (zone {snapshot.zone})" if snapshot.zone else "")
        )

    checks.append(_mx_check(snapshot))
    checks.append(_caa_check(snapshot))
    checks.append(_ns_check(snapshot))
    notes.append(f"Answers from {snapshot.resolver}.")
    if snapshot.zone and not snapshot.is_zone_apex:
        notes.append(f"{apex} is inside the zone {snapshot.zone}; MX and NS come from the zone.")
    return finding_from_checks(
        "dns-records",
        PROBE,
        checks,
        passed=f"{apex} and its www, MX, CAA and NS records are in place",
        notes=notes,
    )


def _record_check(
    answers: Iterable[DnsAnswer],
    label: str,
    missing: Check,
    found: Callable[[DnsAnswer], Check] | None = None,
) -> Check:
    """The first answer with records passes (``found`` words it); a lookup error met before one
    makes the check unknown, never a pass from a later name; no records anywhere is ``missing``."""
    for answer in answers:
        if answer.found:
            return found(answer) if found else Check(Verdict.PASS, f"{label}: {answer.describe()}")
        if answer.outcome is Outcome.ERROR:
            return Check(Verdict.UNKNOWN, f"{label} unknown: {answer.describe()}")
    return missing


def _mx_found(answer: DnsAnswer) -> Check:
    if all(len(record.split()) == 1 for record in answer.records):
        return Check(Verdict.PASS, f"null MX (this domain receives no mail): {answer.name}")
    return Check(Verdict.PASS, f"MX: {answer.describe()}")


def _mx_check(snapshot: DnsSnapshot) -> Check:
    domains = snapshot.mail_domains()
    missing = Check(
        Verdict.WARN,
        f"no MX record for {domains[0]}: mail to it bounces or goes to its A record; "
        'publish an MX, or a null MX ("0 .") if it receives no mail',
    )
    return _record_check((snapshot.get(d, "MX") for d in domains), "MX", missing, _mx_found)


def _caa_check(snapshot: DnsSnapshot) -> Check:
    missing = Check(
        Verdict.WARN,
        f"no CAA record for {snapshot.target.apex} or its parents: any CA may issue certificates "
        "for it; a CAA record naming your CA limits that",
    )
    return _record_check((snapshot.get(n, "CAA") for n in snapshot.caa_chain()), "CAA", missing)


def _ns_check(snapshot: DnsSnapshot) -> Check:
    if snapshot.zone is None:
        return Check(Verdict.UNKNOWN, f"zone not found: {snapshot.zone_reason}")
    missing = Check(Verdict.FAIL, f"the zone {snapshot.zone} lists no name servers")
    return _record_check([snapshot.get(snapshot.zone, "NS")], "NS", missing)


def judge_api_subdomain(snapshot: DnsSnapshot) -> Finding:
    """``api.<apex>`` resolving passes; missing warns (an API on another name is not seen)."""
    api = snapshot.target.api_host
    exists = snapshot.host_exists(api)
    summary = snapshot.host_summary(api)
    limit = f"Only {api} is looked up; an API served under another name is not seen."
    if exists is None:
        return Finding("dns-api-subdomain", Verdict.UNKNOWN, f"{api}: {summary}", PROBE, limit)
    if exists:
        wildcard = snapshot.only_wildcard(api)
        if wildcard is None or wildcard:
            why = (
                f"a made-up name under {snapshot.target.apex} resolves the same way: a wildcard "
                f"answers for {api}, which shows nothing of its own"
                if wildcard
                else f"whether a wildcard answers for it is unknown "
                f"({snapshot.host_summary(snapshot.wildcard_probe)})"
            )
            return Finding(
                "dns-api-subdomain",
                Verdict.UNKNOWN,
                f"{api} resolves, but {why}",
                PROBE,
                f"{summary}\n{snapshot.host_summary(snapshot.wildcard_probe)}\n{limit}",
            )
        return Finding("dns-api-subdomain", Verdict.PASS, f"{api} resolves", PROBE, summary)
    return Finding(
        "dns-api-subdomain",
        Verdict.WARN,
        f"{api} does not resolve: no separate API subdomain",
        PROBE,
        f"{summary}\n{limit}",
    )
