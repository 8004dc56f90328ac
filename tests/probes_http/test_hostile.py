"""Slow, huge, looping, refused, non-HTML and markup-laden targets: unknown with reasons."""

from __future__ import annotations

import pytest
from rich.text import Text

from launchtui.probes.http import ITEMS
from launchtui.probes.http.client import RequestBudget, SiteClient
from launchtui.probes.model import Verdict
from launchtui.probes.target import Target
from launchtui.text_safety import markup_text
from tests.probes_http.conftest import ALL_NAMES, HttpRun, Site, collect, probe_once
from tests.support.pki import TestCA
from tests.support.servers import Server, refused_port


def site(hostile: Server, host: str, pki: TestCA) -> Site:
    return Site(hostile, host, pki.cert_path)


def assert_all_unknown(run: HttpRun, reason: str) -> None:
    assert set(run.findings) == set(ITEMS)
    for finding in run.findings.values():
        assert finding.verdict is Verdict.UNKNOWN
        assert reason in finding.evidence


def test_a_target_that_never_answers_times_out_into_unknown(hostile: Server, pki: TestCA) -> None:
    run = probe_once(site(hostile, "slow.test", pki).target(timeout=0.5))
    assert run.facts.reachable is False
    assert "timed out" in run.facts.unreachable_reason
    assert_all_unknown(run, "timed out")


def test_a_refused_connection_is_unreachable(pki: TestCA, hostile: Server) -> None:
    closed = site(hostile, "json.test", pki)
    with refused_port() as https_port, refused_port() as http_port:
        target = closed.target(
            url=f"https://json.test:{https_port}/", http_url=f"http://json.test:{http_port}/"
        )
        run = probe_once(target)
    assert run.facts.reachable is False
    assert "connection refused" in run.facts.unreachable_reason
    assert_all_unknown(run, "connection refused")


@pytest.mark.parametrize("host", ["huge.test", "bomb.test"])
async def test_bodies_are_capped_raw_and_decoded(host: str, hostile: Server, pki: TestCA) -> None:
    target = site(hostile, host, pki).target(max_body=100_000)
    async with SiteClient(target, RequestBudget(5)) as client:
        fetch = await client.fetch(target.url)
        after = await client.fetch(target.url + "robots.txt")
    page = fetch.page
    assert page is not None and page.status == 200
    assert page.truncated
    assert len(page.body) == 100_000
    # The abandoned HTTP/2 stream does not stall the next request.
    assert after.page is not None and after.page.status == 404


def test_a_huge_home_page_still_gets_judged(hostile: Server, pki: TestCA) -> None:
    run = probe_once(site(hostile, "huge.test", pki).target())
    assert set(run.findings) == set(ITEMS)
    assert "Huge page" in run["seo-titles"].evidence
    assert run["settings-hsts"].verdict is Verdict.FAIL
    assert run.requests <= 60


def test_a_redirect_loop_is_reported_not_followed_forever(hostile: Server, pki: TestCA) -> None:
    run = probe_once(site(hostile, "loop.test", pki).target())
    hsts = run["settings-hsts"]
    # The loop's HTTPS answers carry no HSTS: a fail, read from the redirects themselves.
    assert hsts.verdict is Verdict.FAIL and "redirect loop" in hsts.evidence
    assert run["settings-ssl-redirect"].verdict is Verdict.FAIL
    # A loop between two paths is not the signature of a missing SECURE_PROXY_SSL_HEADER.
    assert run["settings-secure-proxy-ssl-header"].verdict is Verdict.UNKNOWN
    assert run.requests <= 60


def test_an_untrusted_certificate_is_reported_in_one_balanced_line(hostile: Server) -> None:
    pins = {name: "127.0.0.1" for name in ALL_NAMES}
    run = probe_once(Target(f"https://json.test:{hostile.https_port}/", resolve=pins))
    # The site answered over TLS, so its evidence is gathered over an unverified connection,
    # which every finding names in one balanced line.
    assert run.facts.unverified_tls == "unable to get local issuer certificate"
    for finding in run.findings.values():
        assert finding.evidence.startswith("[unverified TLS: unable to get local issuer ")
        assert "_ssl.c" not in finding.evidence


def test_a_firewall_refusing_everything_passes_nothing_it_hides(
    hostile: Server, pki: TestCA
) -> None:
    run = probe_once(site(hostile, "waf.test", pki).target())
    for item in ("settings-cors", "settings-secure-proxy-ssl-header"):
        assert run[item].verdict is Verdict.UNKNOWN, run[item]
        assert "403" in run[item].evidence
    # Only the transport is seen for sure: the firewall itself speaks HTTP/2.
    passed = [f.item_id for f in run.findings.values() if f.verdict is Verdict.PASS]
    assert passed == ["server-http2"]


def test_a_non_html_home_page_leaves_page_items_unknown(hostile: Server, pki: TestCA) -> None:
    run = probe_once(site(hostile, "json.test", pki).target())
    for item in ("perf-viewport", "seo-tag-manager", "monitoring-sentry-frontend"):
        assert run[item].verdict is Verdict.UNKNOWN
        assert "application/json" in run[item].evidence
    assert run["seo-titles"].verdict is Verdict.UNKNOWN


def test_markup_and_escape_sequences_in_a_title_are_shown_literally(
    hostile: Server, pki: TestCA
) -> None:
    run = probe_once(site(hostile, "markup.test", pki).target())
    evidence = run["seo-titles"].evidence
    for live in ("\x1b", "\x07", "\x9b", "\u202e", "]52;"):
        assert live not in evidence
    # Stored raw: the markup is text, escaped only where it is rendered.
    assert "[bold red]pwned[/bold red]" in evidence
    assert "[link=https://x.example]x" in evidence
    assert "[@click=app.quit]quit[/] [/admin]" in evidence
    assert Text.from_markup(markup_text(evidence)).plain == evidence


async def test_the_request_budget_is_never_exceeded(good_site: Site) -> None:
    run = await collect(good_site.target(max_requests=7))
    assert run.requests == 7
    assert set(run.findings) == set(ITEMS)
    budget_reasons = [f for f in run.findings.values() if "budget" in f.evidence]
    assert budget_reasons and all(f.verdict is not Verdict.PASS for f in budget_reasons)


def test_plain_http_sent_to_another_site_is_no_proof_of_ssl_everywhere(
    hostile: Server, pki: TestCA
) -> None:
    moved = site(hostile, "moved.test", pki)
    run = probe_once(moved.target())
    # The other site is never contacted (the resolver guard would fail the test), so whether it
    # serves HTTPS is not known: the fact for "Configure SSL for everything" is not a pass.
    assert run["settings-ssl-redirect"].verdict is Verdict.WARN
    assert run.facts.ssl_redirect is not None
    assert run.facts.ssl_redirect.verdict is Verdict.WARN
    assert "elsewhere.example" in run.facts.ssl_redirect.evidence


def test_a_sitemap_index_whose_sitemap_is_missing_fails(hostile: Server, pki: TestCA) -> None:
    finding = probe_once(site(hostile, "index.test", pki).target())["seo-sitemap"]
    assert finding.verdict is Verdict.FAIL, finding.evidence
    assert "sitemap index whose first sitemap" in finding.evidence and "404" in finding.evidence


def test_a_sitemap_index_whose_sitemap_never_answers_is_unknown(
    hostile: Server, pki: TestCA
) -> None:
    # Only the stalled sitemap may reach the timeout: the home page and the index must be in
    # well within it on a loaded machine too, so it is not cut to a fraction of a second.
    target = site(hostile, "stallindex.test", pki).target(timeout=5)
    finding = probe_once(target)["seo-sitemap"]
    assert finding.verdict is Verdict.UNKNOWN, finding.evidence
    assert "its first sitemap was not fetched" in finding.evidence
