"""Items judged from the facts of several families, once all of them are done.

Each judge works with whatever facts are present: a family that was not run (``--only``) or did
not finish leaves its facts out, and the verdict says so. Missing evidence never passes, unless
the evidence that is present proves the item by itself (a ``cf-ray`` header alone proves
Cloudflare); negative evidence from one family can fail an item on its own.

Facts read: ``ctx.http`` (:class:`~launchtui.probes.facts.http.HttpFacts`), ``ctx.tls``
(:class:`~launchtui.probes.facts.tls.TlsFacts`) and ``ctx.dns``
(:class:`~launchtui.probes.facts.dns.DnsFacts`), each None when its family was not run.
"""

from __future__ import annotations

from collections.abc import Iterator

from launchtui.probes.context import ProbeContext
from launchtui.probes.evidence import Check, finding_from_checks
from launchtui.probes.facts.dns import DnsFacts
from launchtui.probes.facts.http import HttpFacts, TwinAnswer
from launchtui.probes.facts.tls import HostValidity, TlsFacts
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import registrable_domain

PROBE = "combined"


def _http_absent(facts: HttpFacts | None, fact: object, what: str) -> str | None:
    """Why the http fact ``fact`` (named ``what``) is missing, or None when it is there."""
    if facts is None:
        return "the http probes were not run"
    if facts.reachable is False:
        reason = facts.unreachable_reason or "no answer"
        return f"the http probes could not reach the site ({reason})"
    if fact is not None:
        return None
    if facts.reachable is None:
        return "the http probes did not finish"
    return f"the http probes found no {what}"


def _tls_absent(facts: TlsFacts | None) -> str | None:
    """Why the certificate facts are missing, or None when they are there."""
    if facts is None:
        return "the tls probes were not run"
    if facts.valid is None:
        return "the tls probes did not finish"
    return None


def _dns_absent(facts: DnsFacts | None) -> str | None:
    """Why the DNS facts are missing (they come all at once), or None when they are there."""
    if facts is None:
        return "the dns probes were not run"
    if facts.skipped:
        return f"the dns probes were skipped: {facts.skipped}"
    if facts.hosts is None:
        return "the dns probes did not finish"
    return None


def _dns_hosts(ctx: ProbeContext) -> dict[str, bool | None] | None:
    return ctx.dns.hosts if ctx.dns is not None else None


def judge(ctx: ProbeContext) -> Iterator[Finding]:
    """Findings for items whose evidence comes from more than one family."""
    families = set(ctx.families)
    if families & {"tls", "http"}:
        yield judge_ssl_everything(ctx)
    if (found := judge_records_lead_here(ctx)) is not None:
        yield found
    if families & {"dns", "http"}:
        yield judge_www(ctx)
        yield judge_cloudflare(ctx)
        yield judge_webmasters(ctx)


# --- Check records: do they lead to the server the probes reached? ---------------------------


def judge_records_lead_here(ctx: ProbeContext) -> Finding | None:
    """dns-records, with the dns family's own finding (the worst counts): the site's names
    resolve to the address the probes reached it at (a ``--resolve`` pin, or another resolver
    than the zone's, may reach a server the records do not point to yet). None when there is
    nothing to compare."""
    item = "dns-records"
    if ctx.http is None or ctx.dns is None:
        return None
    used, records = ctx.http.addresses, ctx.dns.addresses
    compared = [(host, used[host], records[host]) for host in used if records.get(host)]
    if not compared:
        return None
    lines = [
        f"{host}: DNS {', '.join(addrs or [])}; probes reached {addr}"
        for host, addr, addrs in compared
    ]
    elsewhere = [(h, a, r) for h, a, r in compared if a not in (r or [])]
    if elsewhere:
        host, addr, addrs = elsewhere[0]
        return Finding(
            item,
            Verdict.WARN,
            f"{host} points at {', '.join(addrs or [])} in DNS, but the probes reached the site "
            f"at {addr}: the records do not lead to this server (not switched over yet?)",
            PROBE,
            "\n".join(lines),
        )
    return Finding(
        item,
        Verdict.PASS,
        "the records lead to the server the probes reached ("
        + "; ".join(f"{h} → {a}" for h, a, _ in compared)
        + ")",
        PROBE,
        "\n".join(lines),
    )


# --- Configure SSL for everything --------------------------------------------------------------


def judge_ssl_everything(ctx: ProbeContext) -> Finding:
    """Every existing host (target, apex, www, api) serves a valid certificate, and plain HTTP
    redirects to HTTPS."""
    item = "server-ssl-everything"
    checks: list[Check] = []
    notes: list[str] = []
    valid = ctx.tls.valid if ctx.tls is not None else None
    if valid is None:
        tls_missing = _tls_absent(ctx.tls)
        checks.append(Check(Verdict.UNKNOWN, f"certificates not checked: {tls_missing}"))
    else:
        checks += _certificate_checks(ctx, valid, notes) or [
            Check(Verdict.UNKNOWN, "no host's certificate was checked")
        ]
    redirect = ctx.http.ssl_redirect if ctx.http is not None else None
    http_missing = _http_absent(ctx.http, redirect, "ssl redirect")
    if http_missing or redirect is None:
        checks.append(Check(Verdict.UNKNOWN, f"plain-HTTP redirect not checked: {http_missing}"))
    else:
        evidence = redirect.evidence or redirect.verdict.value
        checks.append(Check(redirect.verdict, f"plain HTTP: {evidence}"))
    return finding_from_checks(
        item,
        PROBE,
        checks,
        passed="every host serves a valid certificate and plain HTTP redirects to HTTPS",
        notes=notes,
    )


def _certificate_checks(
    ctx: ProbeContext, valid: dict[str, HostValidity], notes: list[str]
) -> list[Check]:
    dns_hosts = _dns_hosts(ctx)
    checks = []
    for host, fact in valid.items():
        exists = dns_hosts.get(host) if dns_hosts is not None else None
        is_target = host == ctx.target.host
        if dns_hosts is not None and exists is False and not is_target:
            notes.append(f"{host}: does not exist in DNS, nothing to secure")
            continue
        reason = fact.reason
        if fact.resolves is None and not is_target:
            if dns_hosts is None:
                why = _dns_absent(ctx.dns) or "no DNS facts"
                reason += f" (is it absent, or did the lookup fail? {why})"
            elif exists is None:
                reason += " (DNS lookup failed too)"
        checks.append(Check(fact.verdict, reason))
    return checks


# --- Enforce or remove www subdomain -----------------------------------------------------------


def _describe(answer: TwinAnswer | None) -> str:
    return answer.describe() if answer is not None else "not asked"


def judge_www(ctx: ProbeContext) -> Finding:
    """Apex and www: one redirects to the other (pass), only one exists (pass: "removed"),
    or both serve pages without redirecting (fail)."""
    item = "dns-www"
    apex, www = ctx.target.apex, ctx.target.www_host
    if ctx.target.is_ip:
        return Finding(item, Verdict.UNKNOWN, "target is an IP address: no www twin", PROBE)
    if not ctx.target.has_twin:
        domain = registrable_domain(ctx.target.host) or "its parent"
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"not applicable: {ctx.target.host} is a subdomain of {domain} (Public Suffix "
            "List), with no www twin to enforce or remove",
            PROBE,
        )
    dns_hosts = _dns_hosts(ctx)
    twins = ctx.http.twins if ctx.http is not None else None
    dns_missing = _dns_absent(ctx.dns)
    http_missing = _http_absent(ctx.http, twins, "twins")
    detail_lines = []
    if ctx.dns is not None and dns_hosts is not None:
        notes = ctx.dns.host_notes
        detail_lines += [f"DNS {h}: {notes.get(h, dns_hosts.get(h))}" for h in (apex, www)]
    if twins is not None:
        detail_lines += [f"HTTP {h}: {_describe(twins.get(h))}" for h in (apex, www)]
    detail = "\n".join(detail_lines)

    if twins is not None:
        a, w = twins.get(apex), twins.get(www)
        if a is not None and a.redirect_host == www:
            return Finding(
                item, Verdict.PASS, f"{apex} redirects to {www}: www enforced", PROBE, detail
            )
        if w is not None and w.redirect_host == apex:
            return Finding(
                item, Verdict.PASS, f"{www} redirects to {apex}: www removed", PROBE, detail
            )
        if a is not None and w is not None and a.serves_page and w.serves_page:
            return Finding(
                item,
                Verdict.FAIL,
                f"{apex} and {www} both serve pages without redirecting: pick one and redirect "
                "the other (Django: PREPEND_WWW, or a redirect at the proxy)",
                PROBE,
                detail,
            )
    if dns_hosts is not None:
        apex_exists, www_exists = dns_hosts.get(apex), dns_hosts.get(www)
        if apex_exists and www_exists is False:
            return Finding(item, Verdict.PASS, f"{www} does not exist: www removed", PROBE, detail)
        if www_exists and apex_exists is False:
            return Finding(item, Verdict.PASS, f"{apex} has no address: www only", PROBE, detail)
        if apex_exists is False and www_exists is False:
            return Finding(
                item, Verdict.UNKNOWN, f"neither {apex} nor {www} resolves", PROBE, detail
            )
    reasons = []
    if twins is not None:
        for host in (apex, www):
            answer = twins.get(host)
            if answer is None:
                continue
            if answer.error is not None:
                reasons.append(f"{host}: {answer.error}")
            elif answer.redirect_host:
                reasons.append(f"{host} redirects to {answer.redirect_host}")
            elif answer.status is not None:
                reasons.append(f"{host} answers {answer.status}")
    else:
        reasons.append(f"redirects not checked: {http_missing}")
    if dns_hosts is None:
        reasons.append(f"existence not checked: {dns_missing}")
    return Finding(
        item,
        Verdict.UNKNOWN,
        "; ".join(reasons) or "no evidence on the apex and www",
        PROBE,
        detail,
    )


# --- Configure Cloudflare DNS/caching ----------------------------------------------------------


def judge_cloudflare(ctx: ProbeContext) -> Finding:
    """Cloudflare name servers or Cloudflare's response headers pass; neither seen warns."""
    item = "server-cloudflare"
    dns, http = ctx.dns, ctx.http
    ns = dns.cloudflare_ns if dns is not None else None
    headers = http.cloudflare if http is not None else None
    servers = ", ".join(dns.nameservers if dns is not None else [])
    if ns:
        return Finding(item, Verdict.PASS, f"Cloudflare name servers: {servers}", PROBE)
    if headers:
        return Finding(item, Verdict.PASS, "responses come through Cloudflare (cf-ray)", PROBE)
    dns_missing = _dns_absent(dns)
    http_missing = _http_absent(http, headers, "cloudflare")
    if ns is None and not dns_missing and dns is not None:
        dns_missing = dns.nameservers_reason or "name servers unknown"
    if dns_missing or http_missing:
        seen = []
        if ns is False:
            seen.append(f"name servers are not Cloudflare's ({servers})")
        if headers is False:
            seen.append("no Cloudflare headers")
        missing = "; ".join(m for m in (dns_missing, http_missing) if m)
        return Finding(item, Verdict.UNKNOWN, "; ".join([*seen, missing]), PROBE)
    return Finding(
        item,
        Verdict.WARN,
        f"not behind Cloudflare: name servers {servers or 'unknown'}, no Cloudflare headers",
        PROBE,
        "Another CDN or DNS host may serve the same purpose; this item names Cloudflare.",
    )


# --- Run Google Webmasters Tools ---------------------------------------------------------------


def judge_webmasters(ctx: ProbeContext) -> Finding:
    """A google-site-verification TXT record or meta tag passes; neither seen warns."""
    item = "seo-webmasters"
    txt = ctx.dns.google_verification_txt if ctx.dns is not None else None
    meta = ctx.http.google_verification_meta if ctx.http is not None else None
    limit = (
        "Search Console can also verify through an uploaded HTML file, Google Analytics or Tag "
        "Manager, or a DNS CNAME, none of which is visible from outside."
    )
    if txt:
        return Finding(item, Verdict.PASS, "google-site-verification TXT record found", PROBE)
    if meta:
        return Finding(item, Verdict.PASS, "google-site-verification meta tag found", PROBE)
    dns_missing = _dns_absent(ctx.dns)
    if txt is None and not dns_missing:
        dns_missing = "the TXT lookup failed"
    http_missing = _http_absent(ctx.http, meta, "google verification meta")
    if dns_missing or http_missing:
        missing = "; ".join(m for m in (dns_missing, http_missing) if m)
        return Finding(item, Verdict.UNKNOWN, f"no verification seen, but {missing}", PROBE, limit)
    return Finding(
        item,
        Verdict.WARN,
        "no google-site-verification TXT record or meta tag",
        PROBE,
        limit,
    )
