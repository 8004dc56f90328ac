"""Items judged from the facts of several families, once all of them are done.

Each judge works with whatever facts are present: a family that was not run (``--only``) or did
not finish leaves its facts out, and the verdict says so. Missing evidence never passes, unless
the evidence that is present proves the item by itself (a ``cf-ray`` header alone proves
Cloudflare); negative evidence from one family can fail an item on its own.

Facts read (``ctx.facts``):

http family
    ``http.reachable`` bool, ``http.unreachable_reason`` str,
    ``http.ssl_redirect`` {"verdict": str, "evidence": str} — does plain HTTP redirect to HTTPS,
    ``http.cloudflare`` bool — Cloudflare's response headers seen,
    ``http.google_verification_meta`` bool — a ``google-site-verification`` meta tag seen,
    ``http.twins`` {host: {"status": int, "location": str | None} | {"error": str}} — the
    apex and www answers, redirects not followed,
    ``http.http_version`` str.
dns family (:mod:`launchtui.probes.dns`)
    ``dns.hosts`` {host: bool | None} — the target, apex, www and api names: has an address
    (``None``: the lookup failed), ``dns.host_notes`` {host: str} — how each resolved,
    ``dns.cloudflare_ns`` bool | None — the zone's name servers are ``*.ns.cloudflare.com``,
    ``dns.nameservers`` [str], ``dns.nameservers_reason`` str (when they are unknown),
    ``dns.google_verification_txt`` bool | None — a ``google-site-verification=`` TXT record,
    ``dns.skipped`` str — why no lookup was made (an IP-address target, no resolver).
tls family (:mod:`launchtui.probes.tls`)
    ``tls.valid`` {host: {"resolves": bool | None, "verdict": "pass" | "fail" | "unknown",
    "reason": str}} — a browser-like verifying handshake with each of the site's hosts,
    ``tls.alpn`` str | None — the ALPN protocol selected ("h2", "http/1.1", "none"; ``None``:
    no handshake).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from launchtui.probes.evidence import Check, finding_from_checks
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import url_host

if TYPE_CHECKING:
    from launchtui.probes.runner import ProbeContext

PROBE = "combined"


def _absent(ctx: ProbeContext, family: str, sample_key: str) -> str | None:
    """Why ``family``'s facts are missing, or None when they are there."""
    if family not in ctx.families:
        return f"the {family} probes were not run"
    if skipped := ctx.facts.get(f"{family}.skipped"):
        return f"the {family} probes were skipped: {skipped}"
    if ctx.facts.get(f"{family}.reachable") is False:
        reason = ctx.facts.get(f"{family}.unreachable_reason", "no answer")
        return f"the {family} probes could not reach the site ({reason})"
    if not any(key.startswith(f"{family}.") for key in ctx.facts):
        return f"the {family} probes did not finish"
    if sample_key not in ctx.facts:
        return f"the {family} probes found no {sample_key.split('.', 1)[1].replace('_', ' ')}"
    return None


def judge(ctx: ProbeContext) -> Iterator[Finding]:
    """Findings for items whose evidence comes from more than one family."""
    families = set(ctx.families)
    if families & {"tls", "http"}:
        yield judge_ssl_everything(ctx)
    if families & {"dns", "http"}:
        yield judge_www(ctx)
        yield judge_cloudflare(ctx)
        yield judge_webmasters(ctx)


# --- Configure SSL for everything --------------------------------------------------------------


def judge_ssl_everything(ctx: ProbeContext) -> Finding:
    """Every existing host (target, apex, www, api) serves a valid certificate, and plain HTTP
    redirects to HTTPS."""
    item = "server-ssl-everything"
    checks: list[Check] = []
    notes: list[str] = []
    tls_missing = _absent(ctx, "tls", "tls.valid")
    if tls_missing:
        checks.append(Check(Verdict.UNKNOWN, f"certificates not checked: {tls_missing}"))
    else:
        checks += _certificate_checks(ctx, ctx.facts["tls.valid"], notes) or [
            Check(Verdict.UNKNOWN, "no host's certificate was checked")
        ]
    http_missing = _absent(ctx, "http", "http.ssl_redirect")
    if http_missing:
        checks.append(Check(Verdict.UNKNOWN, f"plain-HTTP redirect not checked: {http_missing}"))
    else:
        redirect = ctx.facts["http.ssl_redirect"]
        try:
            verdict = Verdict(redirect.get("verdict", "unknown"))
        except ValueError:
            verdict = Verdict.UNKNOWN
        checks.append(Check(verdict, f"plain HTTP: {redirect.get('evidence') or verdict.value}"))
    return finding_from_checks(
        item,
        PROBE,
        checks,
        passed="every host serves a valid certificate and plain HTTP redirects to HTTPS",
        notes=notes,
    )


def _certificate_checks(
    ctx: ProbeContext, valid: Mapping[str, Mapping[str, Any]], notes: list[str]
) -> list[Check]:
    dns_hosts: Mapping[str, bool | None] | None = ctx.facts.get("dns.hosts")
    checks = []
    for host, fact in valid.items():
        exists = dns_hosts.get(host) if dns_hosts is not None else None
        is_target = host == ctx.target.host
        if dns_hosts is not None and exists is False and not is_target:
            notes.append(f"{host}: does not exist in DNS, nothing to secure")
            continue
        verdict = Verdict(fact.get("verdict", "unknown"))
        reason = str(fact.get("reason", ""))
        if fact.get("resolves") is None and not is_target:
            if dns_hosts is None:
                why = _absent(ctx, "dns", "dns.hosts") or "no DNS facts"
                reason += f" (is it absent, or did the lookup fail? {why})"
            elif exists is None:
                reason += " (DNS lookup failed too)"
        checks.append(Check(verdict, reason))
    return checks


# --- Enforce or remove www subdomain -----------------------------------------------------------


def _redirect_target(answer: Mapping[str, Any]) -> str | None:
    status = answer.get("status")
    location = answer.get("location")
    if not isinstance(status, int) or not 300 <= status < 400 or not location:
        return None
    return url_host(str(location)) or None


def _serves_page(answer: Mapping[str, Any]) -> bool:
    status = answer.get("status")
    return isinstance(status, int) and 200 <= status < 300


def judge_www(ctx: ProbeContext) -> Finding:
    """Apex and www: one redirects to the other (pass), only one exists (pass: "removed"),
    or both serve pages without redirecting (fail)."""
    item = "dns-www"
    apex, www = ctx.target.apex, ctx.target.www_host
    if ctx.target.is_ip:
        return Finding(item, Verdict.UNKNOWN, "target is an IP address: no www twin", PROBE)
    dns_hosts: Mapping[str, bool | None] | None = ctx.facts.get("dns.hosts")
    twins: Mapping[str, Mapping[str, Any]] | None = ctx.facts.get("http.twins")
    dns_missing = _absent(ctx, "dns", "dns.hosts")
    http_missing = _absent(ctx, "http", "http.twins")
    detail_lines = []
    if dns_hosts is not None:
        notes = ctx.facts.get("dns.host_notes", {})
        detail_lines += [f"DNS {h}: {notes.get(h, dns_hosts.get(h))}" for h in (apex, www)]
    if twins is not None:
        detail_lines += [f"HTTP {h}: {dict(twins.get(h, {}))}" for h in (apex, www)]
    detail = "\n".join(detail_lines)

    if twins is not None:
        a, w = twins.get(apex, {}), twins.get(www, {})
        if _redirect_target(a) == www:
            return Finding(
                item, Verdict.PASS, f"{apex} redirects to {www}: www enforced", PROBE, detail
            )
        if _redirect_target(w) == apex:
            return Finding(
                item, Verdict.PASS, f"{www} redirects to {apex}: www removed", PROBE, detail
            )
        if _serves_page(a) and _serves_page(w):
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
            answer = twins.get(host, {})
            if "error" in answer:
                reasons.append(f"{host}: {answer['error']}")
            elif _redirect_target(answer):
                reasons.append(f"{host} redirects to {_redirect_target(answer)}")
            elif "status" in answer:
                reasons.append(f"{host} answers {answer['status']}")
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
    ns = ctx.facts.get("dns.cloudflare_ns")
    headers = ctx.facts.get("http.cloudflare")
    servers = ", ".join(ctx.facts.get("dns.nameservers", []))
    if ns:
        return Finding(item, Verdict.PASS, f"Cloudflare name servers: {servers}", PROBE)
    if headers:
        return Finding(item, Verdict.PASS, "responses come through Cloudflare (cf-ray)", PROBE)
    dns_missing = _absent(ctx, "dns", "dns.cloudflare_ns")
    http_missing = _absent(ctx, "http", "http.cloudflare")
    if ns is None and not dns_missing:
        dns_missing = ctx.facts.get("dns.nameservers_reason") or ctx.facts.get(
            "dns.skipped", "name servers unknown"
        )
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
    txt = ctx.facts.get("dns.google_verification_txt")
    meta = ctx.facts.get("http.google_verification_meta")
    limit = (
        "Search Console can also verify through an uploaded HTML file, Google Analytics or Tag "
        "Manager, or a DNS CNAME, none of which is visible from outside."
    )
    if txt:
        return Finding(item, Verdict.PASS, "google-site-verification TXT record found", PROBE)
    if meta:
        return Finding(item, Verdict.PASS, "google-site-verification meta tag found", PROBE)
    dns_missing = _absent(ctx, "dns", "dns.google_verification_txt")
    if txt is None and not dns_missing:
        dns_missing = ctx.facts.get("dns.skipped") or "the TXT lookup failed"
    http_missing = _absent(ctx, "http", "http.google_verification_meta")
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
