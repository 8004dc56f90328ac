"""Parsers and judges on real-world inputs the two test sites do not produce.

The judges are pure functions of what was fetched, so these tests build the fetched answers
directly (real header values and bodies as sites send them) instead of serving each variant.
"""

from __future__ import annotations

import base64
import gzip
import zlib

import brotli
import httpx
import pytest

from launchtui.probes.http import content, cookies, cors, django, headers, observatory, seo
from launchtui.probes.http.body import BoundedBody
from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.http.page import parse_page
from launchtui.probes.http.performance import measure
from launchtui.probes.http.redirects import probe_ssl_redirect
from launchtui.probes.http.server import probe_server_version
from launchtui.probes.model import Verdict
from launchtui.probes.target import Target

P, U, W, F = Verdict.PASS, Verdict.UNKNOWN, Verdict.WARN, Verdict.FAIL
SITE = "https://example.test/"


def answer(
    url: str = SITE,
    status: int = 200,
    head: dict[str, str] | list[tuple[str, str]] | None = None,
    body: bytes = b"",
    method: str = "GET",
) -> Response:
    return Response(method, url, status, httpx.Headers(head or {}), "HTTP/2", body)


def fetched(*hops: Response, error: str | None = None) -> Fetch:
    return Fetch(hops[0].url if hops else SITE, "GET", hops, error)


# -- cookies -----------------------------------------------------------------------------------


def test_set_cookie_parser_keeps_what_simplecookie_drops() -> None:
    session = cookies.parse_set_cookie(
        "sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax; Partitioned"
    )
    assert session is not None and session.secure and session.http_only
    assert session.same_site == "Lax"
    prefs = cookies.parse_set_cookie('prefs={"a": 1, "b": 2}; Path=/')
    assert prefs is not None and prefs.name == "prefs" and not prefs.secure
    assert cookies.parse_set_cookie("no equals sign here") is None


def test_deletions_are_not_judged_as_the_setting() -> None:
    # Django deletes an empty session without Secure even when SESSION_COOKIE_SECURE is True.
    deletion = 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'
    found = cookies.cookies_from([answer(head=[("set-cookie", deletion)])])
    assert found[0].is_deletion
    finding = cookies.probe_session_cookie(found, pages=3)
    assert finding.verdict is U and "deletion" in finding.evidence


def test_the_least_protected_csrf_cookie_decides() -> None:
    lines = [
        ("set-cookie", "csrftoken=a; Secure; SameSite=Lax; Path=/"),
        ("set-cookie", "csrftoken=b; SameSite=Lax; Path=/"),
    ]
    found = cookies.cookies_from([answer(head=lines)])
    assert cookies.probe_csrf_cookie(found, pages=1).verdict is F
    none_site = cookies.cookies_from([answer(head=[("set-cookie", "csrftoken=a; Secure")])])
    assert cookies.probe_csrf_cookie(none_site, pages=1).verdict is W


# -- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("max-age=31536000; includeSubDomains; preload", P),
        ('max-age="15552000"', P),
        ("max-age=300", W),
        ("max-age=0", F),
        ("includeSubDomains", F),
    ],
)
def test_hsts_values(value: str, verdict: Verdict) -> None:
    home = fetched(answer(head={"strict-transport-security": value}))
    assert headers.probe_hsts(home).verdict is verdict


def test_a_firewall_page_without_headers_is_unknown_not_fail() -> None:
    waf = fetched(answer(status=403, body=b"<title>Attention Required!</title>"))
    for probe in (headers.probe_hsts, headers.probe_frame_options, headers.probe_nosniff):
        finding = probe(waf)
        assert finding.verdict is U and "403" in finding.evidence


@pytest.mark.parametrize(
    ("head", "verdict"),
    [
        ({"x-frame-options": "SAMEORIGIN"}, P),
        ({"x-frame-options": "ALLOW-FROM https://partner.test"}, F),
        ({"x-frame-options": "allowall"}, F),
        ({"content-security-policy": "frame-ancestors 'self'"}, P),
        # frame-ancestors overrides X-Frame-Options in every current browser.
        ({"content-security-policy": "frame-ancestors *", "x-frame-options": "DENY"}, F),
    ],
)
def test_frame_protection(head: dict[str, str], verdict: Verdict) -> None:
    assert headers.probe_frame_options(fetched(answer(head=head))).verdict is verdict


@pytest.mark.parametrize(
    ("head", "verdict"),
    [
        ({"x-xss-protection": "0"}, P),
        ({"x-xss-protection": "1; mode=block", "content-security-policy": "default-src 'self'"}, P),
        ({"x-xss-protection": "1"}, W),
        ({"content-security-policy": "frame-ancestors 'none'"}, W),  # CSP without script rules
    ],
)
def test_obsolete_xss_filter_is_judged_by_what_protects_today(
    head: dict[str, str], verdict: Verdict
) -> None:
    finding = headers.probe_xss_filter(fetched(answer(head=head)))
    assert finding.verdict is verdict
    assert "obsolete" in finding.detail


# -- server ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "verdict"),
    [
        ({"server": "Apache/2.4.41 (Ubuntu)"}, W),
        ({"server": "nginx", "x-powered-by": "PHP/7.4.3"}, W),
        ({"server": "Microsoft-IIS"}, U),
        ({"server": "cloudflare", "cf-ray": "8a1b2c3d4e5f-AMS"}, U),
    ],
)
def test_server_software_headers(head: dict[str, str], verdict: Verdict) -> None:
    assert probe_server_version([answer(head=head)]).verdict is verdict


# -- redirects ---------------------------------------------------------------------------------


def test_ssl_redirect_variants() -> None:
    target = Target("https://example.test/")
    other_host = fetched(
        answer("http://example.test/", 301, {"location": "https://www.example.test/"}),
        answer("https://www.example.test/"),
    )
    assert probe_ssl_redirect(other_host, target).verdict is W
    via_http = fetched(
        answer("http://example.test/", 301, {"location": "http://www.example.test/"}),
        answer("http://www.example.test/", 301, {"location": "https://www.example.test/"}),
        answer("https://www.example.test/"),
    )
    assert probe_ssl_redirect(via_http, target).verdict is W
    closed = Fetch("http://example.test/", "GET", (), "connection refused")
    finding = probe_ssl_redirect(closed, target)
    assert finding.verdict is U and "connection refused" in finding.evidence


# -- Django tell-tales -------------------------------------------------------------------------


def test_allowed_hosts_answers() -> None:
    assert django.probe_allowed_hosts(fetched(answer(status=200))).verdict is F
    assert django.probe_allowed_hosts(fetched(answer(status=421))).verdict is U
    moved = answer(status=301, head={"location": "https://example.test/"})
    assert django.probe_allowed_hosts(fetched(moved)).verdict is U


def test_a_blog_post_quoting_debug_is_not_a_debug_page() -> None:
    post = answer(
        SITE + "blog/settings/",
        head={"content-type": "text/html"},
        body=b"<p>Never deploy with <code>DEBUG = True</code>.</p>",
    )
    missing = fetched(answer(SITE + "x/", 404, {"content-type": "text/html"}, b"<h1>Gone</h1>"))
    assert django.probe_debug(missing, [post]).verdict is P


def test_error_pages_of_front_servers_are_not_custom() -> None:
    nginx = b"<html><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center>"
    missing = fetched(answer(SITE + "x/", 404, {"content-type": "text/html"}, nginx))
    finding = django.probe_error_views(missing, fetched())
    assert finding.verdict is F and "nginx" in finding.evidence


def test_append_slash_serving_both_urls_is_a_warning() -> None:
    both = fetched(answer(SITE + "about", 200, {"content-type": "text/html"}))
    assert django.probe_append_slash(SITE + "about/", both).verdict is W
    assert django.probe_append_slash(None, None).verdict is U


# -- CORS --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "verdict"),
    [
        ({"access-control-allow-origin": "*"}, P),
        ({"access-control-allow-origin": cors.FOREIGN_ORIGIN}, W),
        ({"access-control-allow-origin": "null", "access-control-allow-credentials": "true"}, F),
        ({"access-control-allow-origin": "https://app.example.test"}, P),
    ],
)
def test_cors_grants(head: dict[str, str], verdict: Verdict) -> None:
    assert cors.probe_cors([("GET /", fetched(answer(head=head)))]).verdict is verdict


# -- SEO ---------------------------------------------------------------------------------------


def test_robots_groups() -> None:
    only_one_bot = "User-agent: BadBot\nDisallow: /\n\nUser-agent: *\nDisallow:\n"
    assert not seo.parse_robots(only_one_bot).blocks_everything
    shared_group = "User-agent: Googlebot\nUser-agent: *\nDisallow: / # staging\n"
    assert seo.parse_robots(shared_group).blocks_everything
    robots = seo.parse_robots("sitemap: https://example.test/s.xml\n")
    assert robots.sitemaps == ["https://example.test/s.xml"]


def test_a_catch_all_html_robots_txt_fails() -> None:
    page = answer(SITE + "robots.txt", head={"content-type": "text/html"}, body=b"<html>")
    assert seo.probe_robots(fetched(page)).verdict is F


def test_sitemaps_with_entities_are_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><urlset><url><loc>&lol2;</loc></url></urlset>'
    )
    with pytest.raises(seo.SitemapError, match="DOCTYPE or ENTITY"):
        seo.parse_sitemap(laughs)
    with pytest.raises(seo.SitemapError, match="not well-formed"):
        seo.parse_sitemap(b"<urlset><url></urlset>")
    with pytest.raises(seo.SitemapError, match="an HTML page, not a sitemap"):
        seo.parse_sitemap(b"<html><body>Not found</body>")
    with pytest.raises(seo.SitemapError, match="<rss>"):
        seo.parse_sitemap(b"<rss></rss>")


def test_sitemap_index_and_namespaces() -> None:
    index = seo.parse_sitemap(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc> https://example.test/pages.xml </loc></sitemap></sitemapindex>"
    )
    assert index.kind == "sitemapindex" and index.locs == ["https://example.test/pages.xml"]


def test_tag_manager_variants() -> None:
    gtag = b'<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123"></script>'
    page = answer(head={"content-type": "text/html"}, body=gtag)
    assert seo.probe_tag_manager(fetched(page)).verdict is W


def test_one_page_is_not_proof_of_unique_titles() -> None:
    page = parse_page(SITE, "<title>Home</title>")
    assert seo.probe_titles([page]).verdict is U
    assert seo.probe_titles([page, parse_page(SITE + "a/", "<title> </title>")]).verdict is F


# -- pages, links, assets ----------------------------------------------------------------------


def test_html_parser_survives_broken_markup() -> None:
    page = parse_page(
        "https://example.test/a/b",
        '<base href="/x/"><svg><title>icon</title></svg><title>Real  title\n</title>'
        '<a href="c">c</a><![foo bar',
    )
    assert page.title == "Real title"
    assert page.anchors == ["https://example.test/x/c"]
    assert parse_page(SITE, "<title>never closed").title == "never closed"


def test_restricted_links_are_not_broken_links() -> None:
    summary = parse_page(SITE, '<a href="/account/">me</a>')
    checked = [fetched(answer(SITE + "account/", 403))]
    assert content.probe_links(summary, checked, total=1).verdict is U
    dev = parse_page(SITE, '<a href="http://127.0.0.1:8000/">dev</a>')
    assert content.probe_links(dev, [], total=0).verdict is F


@pytest.mark.parametrize(
    ("host", "dev"),
    [
        ("localhost", True), ("[::1]", True), ("printer.local", True), ("127.0.0.2", True),
        ("staging.example.com", True), ("dev.example.com", True), ("app.stage.example.org", True),
        ("backstaging.example", False), ("web.dev", False), ("stagingly.com", False),
        ("example.com", False),
    ],
)  # fmt: skip
def test_development_hosts_are_whole_labels(host: str, dev: bool) -> None:
    assert content.is_dev_host(host) is dev


def test_favicon_served_as_octet_stream_is_recognised_by_its_bytes() -> None:
    ico = answer(SITE + "favicon.ico", head={"content-type": "application/octet-stream"})
    ico = Response("GET", ico.url, 200, ico.headers, "HTTP/2", b"\x00\x00\x01\x00" + b"\x00" * 20)
    assert content.probe_favicon(None, fetched(ico)).verdict is P
    # An icon on another host is not fetched, so it is not seen: unknown, never a pass.
    assert content.probe_favicon("https://cdn.example.net/i.png", None).verdict is U


def test_an_inline_icon_passes_only_when_it_is_an_image() -> None:
    png = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(20)).decode()
    assert content.probe_favicon(png, None).verdict is P
    svg = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E"
    assert content.probe_favicon(svg, None).verdict is P
    for empty in ("data:,", "data:image/png;base64,", "data:text/plain,hello"):
        assert content.probe_favicon(empty, None).verdict is F, empty


def test_minify_heuristic() -> None:
    pretty = answer(body=b"function a(b) {\n    return b;\n}\n" * 40)
    dense = answer(body=b"function a(b){return b}" * 200)
    assert not measure(pretty).minified
    assert measure(dense).minified


# -- bodies ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("br", brotli.compress),
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, no zlib header
    ],
)
def test_decoding_is_bounded(encoding: str, compress) -> None:  # type: ignore[no-untyped-def]
    bomb = compress(b"\0" * 5_000_000)
    body = BoundedBody(encoding, limit=10_000)
    body.feed(bomb)
    assert len(body.data) == 10_000 and body.truncated


def test_a_corrupt_body_stops_reading() -> None:
    body = BoundedBody("gzip", limit=10_000)
    body.feed(b"definitely not gzip")
    assert body.undecodable and body.truncated


# -- observatory -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "letter"),
    [(135, "A+"), (100, "A+"), (99, "A"), (85, "A-"), (65, "B-"), (64, "C+"), (25, "D-"), (0, "F")],
)
def test_grades(score: int, letter: str) -> None:
    assert observatory.grade(score) == letter


def test_bonuses_count_only_from_90() -> None:
    m = observatory.Modifier
    assert observatory.score_results([m("a", "", -10), m("b", "", 5)]) == 95
    assert observatory.score_results([m("a", "", -15), m("b", "", 5)]) == 85
    assert observatory.score_results([m("a", "", -200)]) == 0


@pytest.mark.parametrize(
    ("policy", "modifier"),
    [
        ("default-src 'none'", 10),
        ("default-src 'self'", 5),
        ("script-src 'self' 'unsafe-inline'", -20),
        ("default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'", 5),
        ("default-src 'self'; script-src 'self' 'unsafe-eval'", -10),
        ("default-src 'self'; style-src 'unsafe-inline'", 0),
    ],
)
def test_csp_modifiers(policy: str, modifier: int) -> None:
    page = answer(head={"content-security-policy": policy})
    assert observatory.rate_csp(page, None).modifier == modifier


def test_csp_missing_costs_25() -> None:
    assert observatory.rate_csp(answer(), None).modifier == -25


# -- home pages that are not the site's pages --------------------------------------------------


def test_a_home_page_sent_off_site_is_not_judged_as_the_site() -> None:
    sso = answer(
        status=302, head={"location": "https://login.other.test/", "content-type": "text/html"}
    )
    home = Fetch(SITE, "GET", (sso,), left_site="https://login.other.test/")
    for finding in (headers.probe_hsts(home), seo.probe_tag_manager(home)):
        assert finding.verdict is U and "off-site" in finding.evidence
    assert content.probe_viewport(home, None).verdict is U


def test_a_firewall_html_page_is_not_the_home_page() -> None:
    waf = fetched(answer(status=403, head={"content-type": "text/html"}, body=b"<title>Denied"))
    finding = seo.probe_tag_manager(waf)
    assert finding.verdict is U and "answered 403" in finding.evidence


def test_sitemap_samples_that_could_not_be_fetched_are_not_broken_urls() -> None:
    sitemap = answer(SITE + "sitemap.xml", head={"content-type": "application/xml"})
    survey = seo.SitemapSurvey(
        fetch=fetched(sitemap),
        source="default location",
        sitemap=seo.Sitemap("urlset", [SITE + "a/", SITE + "b/"]),
        urls=[SITE + "a/", SITE + "b/"],
        sample=[
            fetched(answer(SITE + "a/")),
            Fetch(SITE + "b/", "GET", (), "request budget of 60 used up"),
        ],
    )
    finding = seo.probe_sitemap(survey)
    assert finding.verdict is P and "1 sampled" in finding.evidence
    survey.sample = [Fetch(SITE + "b/", "GET", (), "timed out after 10 s")]
    assert seo.probe_sitemap(survey).verdict is U


def test_a_body_in_an_encoding_not_asked_for_is_not_judged() -> None:
    zstd = Response(
        "GET", SITE, 200, httpx.Headers({"content-type": "text/html", "content-encoding": "zstd"}),
        "HTTP/2", b"(\xb5/\xfd garbage", undecodable=True,
    )  # fmt: skip
    finding = seo.probe_tag_manager(fetched(zstd))
    assert finding.verdict is U and "zstd" in finding.evidence
    body = BoundedBody("zstd", limit=100)
    assert body.undecodable


@pytest.mark.parametrize(
    ("text", "shut_out"),
    [
        # Longest match: "Allow: /$" beats "Disallow: /" for the home page itself.
        ("User-agent: *\nDisallow: /\nAllow: /$\n", []),
        ("User-agent: *\nDisallow: /*\n", ["*", "Googlebot", "Bingbot"]),
        # A crawler's own group replaces the '*' group for it, whatever the case of the token.
        ("User-agent: bingbot\nDisallow: /\n\nUser-agent: *\nAllow: /\n", ["Bingbot"]),
        ("User-agent: Googlebot-News\nDisallow: /\n", []),
        ("User-agent: *\nDisallow: /private*/\n", []),
    ],
)
def test_robots_is_judged_with_rfc_9309_groups_and_longest_match(
    text: str, shut_out: list[str]
) -> None:
    robots = seo.parse_robots(text)
    assert [n for n in robots.shut_out if n in ("*", "Googlebot", "Bingbot")] == shut_out


# The published modifiers (see observatory.RULES), one row per outcome: the rater, the headers of
# the answer, and the modifier the Observatory gives.
OBSERVATORY_TABLE = [
    ("rate_frame_options", {"x-frame-options": "DENY"}, 5),
    ("rate_frame_options", {"x-frame-options": "SAMEORIGIN"}, 5),
    ("rate_frame_options", {"x-frame-options": "ALLOW-FROM https://a.example"}, 0),
    ("rate_frame_options", {"x-frame-options": "ALLOWALL"}, -20),
    ("rate_frame_options", {}, -20),
    ("rate_frame_options", {"content-security-policy": "frame-ancestors 'none'"}, 5),
    # The first header counts: a proxy's second X-Frame-Options does not make it invalid.
    ("rate_frame_options", [("x-frame-options", "DENY"), ("x-frame-options", "DENY")], 5),
    ("rate_nosniff", [("x-content-type-options", "nosniff"), ("x-content-type-options", "x")], 0),
    ("rate_nosniff", {}, -5),
    ("rate_nosniff", {"x-content-type-options": "sniff"}, -5),
    ("rate_corp", {"cross-origin-resource-policy": "same-origin"}, 10),
    ("rate_corp", {"cross-origin-resource-policy": "same-site"}, 10),
    ("rate_corp", {"cross-origin-resource-policy": "cross-origin"}, 0),
    ("rate_corp", {"cross-origin-resource-policy": "nope"}, -5),
    ("rate_corp", {}, 0),
    ("rate_coop", {}, 0),
    ("rate_coop", {"cross-origin-opener-policy": "same-origin"}, 0),
    ("rate_coop", {"cross-origin-opener-policy": 'same-origin; report-to="coop"'}, 0),
    ("rate_coop", {"cross-origin-opener-policy": "same-origin-allow-popups"}, 0),
    ("rate_coop", {"cross-origin-opener-policy": "noopener-allow-popups"}, 0),
    ("rate_coop", {"cross-origin-opener-policy": "unsafe-none"}, 0),
    ("rate_coop", {"cross-origin-opener-policy": "Same-Origin"}, -5),
    ("rate_coop", {"cross-origin-opener-policy": "whimsy"}, -5),
    (
        "rate_coop",
        [
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-opener-policy", "same-origin"),
        ],
        -5,
    ),
]


@pytest.mark.parametrize(("rater", "head", "modifier"), OBSERVATORY_TABLE)
def test_observatory_modifiers_follow_the_published_table(
    rater: str, head: dict[str, str] | list[tuple[str, str]], modifier: int
) -> None:
    result = getattr(observatory, rater)(answer(head=head))
    assert result.modifier == modifier, result
