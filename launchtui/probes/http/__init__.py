"""The HTTP probe family: fetch the site once (see :mod:`.survey`), judge many items from it.

Findings stream in three batches as the survey's rounds complete. Facts for
:mod:`launchtui.probes.combined` go to ``ctx.facts``
(:class:`~launchtui.probes.facts.http.HttpFacts`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

from launchtui.probes.facts.http import HttpFacts
from launchtui.probes.family import FamilyContext
from launchtui.probes.http import (
    accessibility,
    content,
    cookies,
    cors,
    django,
    headers,
    observatory,
    performance,
    redirects,
    seo,
    server,
)
from launchtui.probes.http.client import RequestBudget, SiteClient, unverified_context
from launchtui.probes.http.survey import SiteSurvey
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import trust_context

# Items this family judges on its own (server-ssl-everything, server-cloudflare, seo-webmasters
# and dns-www are judged by combined.py from the facts published here).
ITEMS = (
    "content-links",
    "settings-redirections",
    "content-retina",
    "content-mobile-friendly",
    "a11y-wave",
    "content-favicon",
    "content-error-views",
    "seo-tag-manager",
    "seo-robots-txt",
    "seo-sitemap",
    "seo-titles",
    "seo-meta-descriptions",
    "perf-minified",
    "perf-viewport",
    "settings-anonymize-admin",
    "settings-allowed-hosts",
    "settings-debug",
    "settings-append-slash",
    "settings-csrf-cookie-secure",
    "settings-session-cookie-secure",
    "settings-secure-proxy-ssl-header",
    "settings-ssl-redirect",
    "settings-xframe-options",
    "settings-hsts",
    "settings-content-type-nosniff",
    "settings-xss-filter",
    "settings-cors",
    "monitoring-sentry-frontend",
    "security-observatory",
    "server-os-version",
    "server-http2",
    "server-cloudflare-brotli",
)


def _from_home(survey: SiteSurvey) -> Iterator[Finding]:
    home = survey.home
    yield headers.probe_hsts(home)
    yield headers.probe_frame_options(home)
    yield headers.probe_nosniff(home)
    yield headers.probe_xss_filter(home)
    yield performance.probe_http2(home)
    yield seo.probe_tag_manager(home)
    yield content.probe_viewport(home, survey.summary)
    yield accessibility.probe_mobile(home, survey.summary)


def _from_fixed_paths(survey: SiteSurvey) -> Iterator[Finding]:
    seen = survey.client.seen
    yield django.probe_debug(survey.missing, seen)
    yield django.probe_allowed_hosts(survey.bogus, survey.forwarded)
    yield django.probe_admin_url(survey.admin, survey.flower, survey.missing)
    yield django.probe_error_views(survey.missing, survey.bogus)
    yield cors.probe_cors(survey.cors)
    yield seo.probe_robots(survey.robots, survey.home_path)
    yield redirects.probe_redirections(survey.target.redirects, survey.old_urls)


def _from_everything(survey: SiteSurvey) -> Iterator[Finding]:
    client = survey.client
    seen = client.seen
    all_cookies = cookies.cookies_from(seen)
    yield cookies.probe_csrf_cookie(all_cookies, len(seen))
    yield cookies.probe_session_cookie(all_cookies, len(seen))
    yield seo.probe_sitemap(survey.sitemap)
    pages = survey.sampled_pages()
    yield accessibility.probe_accessibility(pages)
    yield accessibility.probe_retina(survey.retina)
    yield seo.probe_titles(pages)
    yield seo.probe_meta_descriptions(pages)
    yield content.probe_favicon(survey.icon_declared, survey.icon)
    yield content.probe_links(
        survey.summary, survey.links_checked, survey.links_total, client.target.own_hosts
    )
    yield content.probe_sentry_frontend(survey.home, survey.script_scan())
    yield django.probe_append_slash(survey.slash_page, survey.slashless, survey.slash_unconfirmed)
    yield performance.probe_brotli(survey.home, survey.css + survey.scripts)
    yield performance.probe_minified(survey.css + survey.scripts, survey.assets_not_fetched)
    yield server.probe_server_version(seen)
    yield redirects.probe_proxy_ssl_header(
        survey.home,
        seen,
        survey.sitemap.insecure,
        client.target.own_hosts,
        survey.plain,
    )
    cors_get = cors.cors_answers(survey.cors[:1])
    yield observatory.probe_observatory(
        observatory.ObservatoryInputs(
            home=survey.home,
            summary=survey.summary,
            plain=survey.plain,
            cookies=all_cookies,
            cors=cors_get[0] if cors_get else None,
            is_own=client.is_own,
        )
    )


async def _judged(findings: Iterator[Finding]) -> list[Finding]:
    """Run a batch of judges in a thread: they parse pages and scan bodies of up to
    ``max_body`` bytes, CPU work that must not hold the event loop (the TUI's keys run there).
    The survey is not touched by anything else meanwhile: this family awaits the batch."""
    return await asyncio.to_thread(list, findings)


UNTRUSTED = "TLS certificate not trusted"


def _over_unverified_tls(finding: Finding, reason: str) -> Finding:
    """The finding, its evidence saying it was gathered over a connection that did not verify."""
    return Finding(
        finding.item_id,
        finding.verdict,
        f"[unverified TLS: {reason}] {finding.evidence}",
        finding.probe,
        (finding.detail + "\n" if finding.detail else "")
        + f"Gathered over a TLS connection whose certificate was not verified ({reason}): "
        "browsers refuse this site until the certificate is fixed.",
        reached=finding.reached,
    )


async def run(
    ctx: FamilyContext[HttpFacts], budget: RequestBudget | None = None
) -> AsyncIterator[Finding]:
    """Survey the target over HTTP(S) and yield a finding for every item in :data:`ITEMS`.

    ``budget`` counts the requests sent (a new one of ``target.max_requests`` by default).
    When the site answers but its certificate does not verify (expired, untrusted, wrong name),
    the survey is made again over an unverified connection, so the HTTP evidence is still
    gathered; every finding then says so (the tls family fails the certificate itself).
    """
    target, facts = ctx.target, ctx.facts
    budget = budget if budget is not None else RequestBudget(target.max_requests)
    context = await asyncio.to_thread(trust_context, target.ca_bundle)  # reads the trust store
    async with SiteClient(target, budget, ctx.time_left, context) as client:
        survey = SiteSurvey(client, target)
        await survey.look_at_home()
        error = survey.home.error or ""
        if not error.startswith(UNTRUSTED):
            async for finding in _survey(ctx, survey):
                yield finding
            return
    untrusted = error.removeprefix(UNTRUSTED).strip(" ()") or "not trusted"
    facts.unverified_tls = untrusted
    async with SiteClient(target, budget, ctx.time_left, unverified_context()) as client:
        survey = SiteSurvey(client, target)
        await survey.look_at_home()
        async for finding in _survey(ctx, survey):
            yield _over_unverified_tls(finding, untrusted)


async def _survey(ctx: FamilyContext[HttpFacts], survey: SiteSurvey) -> AsyncIterator[Finding]:
    """Finish the survey whose home page was fetched, yielding the findings round by round."""
    target, facts, client = ctx.target, ctx.facts, survey.client
    facts.reachable = survey.reachable
    if not survey.reachable:
        reason = survey.unreachable_reason
        facts.unreachable_reason = reason
        for item in ITEMS:
            yield Finding(
                item, Verdict.UNKNOWN, f"site not reachable: {reason}", "http", reached=False
            )
        return
    facts.cloudflare = server.cloudflare_seen(client.seen)
    if survey.home.final is not None:
        facts.http_version = survey.home.final.http_version
    facts.google_verification_meta = bool(
        survey.summary and "google-site-verification" in survey.summary.meta
    )
    for finding in await _judged(_from_home(survey)):
        yield finding

    await survey.look_at_fixed_paths()
    if target.has_twin:
        facts.twins = {host: redirects.twin_fact(fetch) for host, fetch in survey.twins.items()}
    for finding in await _judged(_from_fixed_paths(survey)):
        yield finding

    await survey.look_at_what_pages_point_to()
    facts.cloudflare = server.cloudflare_seen(client.seen)
    facts.addresses = dict(client.addresses)
    # Judged last: other same-site paths asked over plain HTTP must redirect too.
    ssl_redirect = redirects.probe_ssl_redirect(survey.plain, target, survey.plain_paths)
    facts.ssl_redirect = redirects.ssl_redirect_fact(survey.plain, ssl_redirect)
    yield ssl_redirect
    for finding in await _judged(_from_everything(survey)):
        yield finding
