"""Real-world traps: the good Django site with one mistake per host, behind a front proxy.

Each host of ``TRAP_HOSTS`` (``tests/support/django_site.py``) once passed an item it should not
have; each test runs the HTTP family against its host and checks the item is no longer a pass.
One run per host, shared by the tests that read it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from launchtui.catalog import load_bundled
from launchtui.probes.context import ProbeContext
from launchtui.probes.http import observatory
from launchtui.probes.model import Verdict
from launchtui.probes.runner import run_probes
from launchtui.probes.target import Target, _public_suffixes, registrable_domain
from tests.probes_http.conftest import HttpRun, Site, probe_once, trap_site
from tests.probes_tls_dns.dns_zone_server import Zone, ZoneResolver, serve_dns
from tests.support.pki import TestCA
from tests.support.servers import Server

P, U, W, F = Verdict.PASS, Verdict.UNKNOWN, Verdict.WARN, Verdict.FAIL
_RUNS: dict[str, HttpRun] = {}
ITEM_PROBES = {item.id: item.probes for item in load_bundled().items()}


@pytest.fixture
def run_on(traps: Server, pki: TestCA):  # type: ignore[no-untyped-def]
    """``run_on(host)``: the HTTP family's findings on the trap served for ``host``."""

    def run(host: str) -> HttpRun:
        if host not in _RUNS:
            _RUNS[host] = probe_once(trap_site(traps, host, Path(pki.cert_path)).target())
        return _RUNS[host]

    return run


def test_the_traps_are_otherwise_good(run_on) -> None:  # type: ignore[no-untyped-def]
    run = run_on("googlebot.test")
    for item in ("settings-hsts", "settings-ssl-redirect", "content-favicon", "perf-viewport"):
        assert run[item].verdict is P, run[item]


def test_robots_txt_shutting_out_googlebot_fails(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("googlebot.test")["seo-robots-txt"]
    assert finding.verdict is F, finding
    assert "Googlebot" in finding.evidence


@pytest.mark.parametrize(
    ("host", "verdict", "words"),
    [
        ("icon-data.test", F, "data:,"),
        ("icon-js.test", F, "javascript:"),
        ("icon-ftp.test", F, "ftp://"),
        ("icon-offsite.test", U, "cdn.elsewhere.example"),
    ],
)
def test_a_favicon_passes_only_when_fetched_as_an_image(  # type: ignore[no-untyped-def]
    run_on, host: str, verdict: Verdict, words: str
) -> None:
    finding = run_on(host)["content-favicon"]
    assert finding.verdict is verdict, finding
    assert words in finding.evidence


def test_no_redirect_at_all_leaves_secure_proxy_ssl_header_unknown(run_on) -> None:  # type: ignore[no-untyped-def]
    run = run_on("noredirect.test")
    assert run["settings-ssl-redirect"].verdict is F
    finding = run["settings-secure-proxy-ssl-header"]
    assert finding.verdict is U, finding
    assert "redirect" in finding.evidence


@pytest.mark.parametrize("host", ["allowfrom.test", "metacsp.test"])
def test_frame_protection_browsers_ignore_fails(run_on, host: str) -> None:  # type: ignore[no-untyped-def]
    finding = run_on(host)["settings-xframe-options"]
    assert finding.verdict is F, finding
    assert ("ALLOW-FROM" if host == "allowfrom.test" else "<meta>") in finding.evidence


def test_a_fixed_width_viewport_fails(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("fixedwidth.test")["perf-viewport"]
    assert finding.verdict is F, finding
    assert "width=1024" in finding.evidence


def test_hsts_is_read_from_a_looping_home_pages_answers(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("loophome.test")["settings-hsts"]
    assert finding.verdict is F, finding


def test_catch_all_admin_evidence_names_the_catch_all(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("catchall.test")["settings-anonymize-admin"]
    # Both /admin/ and /flower/ are said to be the catch-all, not a page living there.
    assert finding.evidence.count("catch-all page") == 2, finding


def test_links_on_a_staging_named_target_are_not_development_links(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("staging.traps.test")["content-links"]
    assert finding.verdict is P, finding


def test_a_forwarded_host_the_app_trusts_fails_allowed_hosts(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("forwarded.test")["settings-allowed-hosts"]
    assert finding.verdict is F, finding
    assert "X-Forwarded-Host" in finding.evidence


def test_a_credentialed_grant_to_origin_null_fails_cors(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("nullorigin.test")["settings-cors"]
    assert finding.verdict is F, finding
    assert "Origin: null" in finding.evidence and "/api/" in finding.evidence


def test_a_path_served_over_plain_http_fails_the_ssl_redirect(run_on) -> None:  # type: ignore[no-untyped-def]
    run = run_on("plainapi.test")
    finding = run["settings-ssl-redirect"]
    assert finding.verdict is F, finding
    assert "/api/" in finding.evidence
    assert run.facts.ssl_redirect is not None and run.facts.ssl_redirect.verdict is F


def _zone_pointing_at(address: str) -> Zone:
    return (
        Zone("good.test")
        .add("good.test", "NS", "ns1.good.test")
        .add("ns1.good.test", "A", "127.0.0.1")
        .add("good.test", "A", address)
        .add("www.good.test", "CNAME", "good.test")
    )


@pytest.mark.parametrize(("address", "verdict"), [("127.0.0.2", W), ("127.0.0.1", P)])
async def test_records_that_do_not_lead_to_the_probed_server_warn(
    good_site: Site, address: str, verdict: Verdict
) -> None:
    # The probes reach the site at 127.0.0.1 (--resolve); the zone says where the world goes.
    with serve_dns(ZoneResolver([_zone_pointing_at(address)])) as port:
        target = good_site.target(nameserver=("127.0.0.1", port))
        ctx = ProbeContext.start(target, ("http", "dns"))
        findings = [
            f
            async for f in run_probes(ctx, ITEM_PROBES)
            if f.item_id == "dns-records" and f.probe == "combined"
        ]
    assert [f.verdict for f in findings] == [verdict], findings
    assert address in findings[0].evidence or address in findings[0].detail
    assert "127.0.0.1" in findings[0].evidence


def test_a_subdomain_under_a_two_label_suffix_has_no_www_twin(run_on) -> None:  # type: ignore[no-untyped-def]
    # shop.example.co.uk is below example.co.uk (Public Suffix List): no www.shop… twin is
    # asked for or judged; www.example.co.uk's twin is example.co.uk, not "example.co.uk" minus.
    run = run_on("shop.example.co.uk")
    assert run.facts.twins is None
    assert run["settings-hsts"].verdict is P
    target = Target("https://www.shop.example.co.uk/")
    assert target.apex == "shop.example.co.uk" and target.has_twin
    assert Target("https://www.example.co.uk/").apex == "example.co.uk"
    assert Target("https://www.co.uk/").apex == "www.co.uk"  # co.uk is a public suffix
    assert not Target("https://shop.example.co.uk/").has_twin


def test_the_public_suffix_list_is_bundled_and_never_fetched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socket

    calls: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        calls.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    _public_suffixes.cache_clear()
    registrable_domain.cache_clear()
    assert registrable_domain("a.b.example.co.uk") == "example.co.uk"
    assert calls == []


def test_the_observatory_detail_names_its_rules_and_scores_allow_from_as_nothing(run_on) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("allowfrom.test")["security-observatory"]
    assert observatory.RULES in finding.detail
    assert "X-Frame-Options: ALLOW-FROM (ignored by browsers) (+0)" in finding.detail
    assert "Cross-Origin-Opener-Policy: same-origin (+0)" in finding.detail  # Django's default


def test_accessibility_errors_fail_and_none_found_still_warns(run_on, good_run) -> None:  # type: ignore[no-untyped-def]
    finding = run_on("a11y.test")["a11y-wave"]
    assert finding.verdict is F, finding
    for error in ("no lang", "image without alt", "without a label", "empty link", "empty button"):
        assert error in finding.detail, error
    assert "heading level skipped (h1 → h3)" in finding.detail
    clean = good_run["a11y-wave"]
    assert clean.verdict is W and "contrast and keyboard use not judged" in clean.evidence


def test_retina_needs_svg_srcset_or_twice_the_displayed_width(run_on) -> None:  # type: ignore[no-untyped-def]
    blurry = run_on("retina.test")["content-retina"]
    assert blurry.verdict is W, blurry
    assert "photo100.png: 100 px for 100 px shown" in blurry.evidence
    sharp = run_on("retina2x.test")["content-retina"]
    assert sharp.verdict is P, sharp
    assert "200 px for 100 px shown" in sharp.detail and "SVG" in sharp.detail


@pytest.mark.parametrize(
    ("host", "verdict", "words"),
    [("noscale.test", F, "blocks zooming"), ("fixedwidth.test", F, "fixed-width")],
)
def test_mobile_friendly_needs_a_zoomable_device_width_viewport(  # type: ignore[no-untyped-def]
    run_on, good_run, host: str, verdict: Verdict, words: str
) -> None:
    finding = run_on(host)["content-mobile-friendly"]
    assert finding.verdict is verdict and words in finding.evidence, finding
    assert good_run["content-mobile-friendly"].verdict is P
