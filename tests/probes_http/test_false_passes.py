"""False passes and crashes found in review.

Judges are pure functions of what was fetched, so most cases build the answers directly (as in
test_judges.py); the unparsable-URL case runs the whole family against the hostile server.
"""

from __future__ import annotations

import httpx
import pytest

from launchtui.probes.http import ITEMS, content, cookies, django, headers, observatory, seo
from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.http.page import parse_page
from launchtui.probes.http.performance import probe_minified
from launchtui.probes.model import Verdict
from launchtui.probes.target import Target
from tests.probes_http.conftest import Site, probe_once
from tests.support.pki import TestCA
from tests.support.servers import Server

P, U, W, F = Verdict.PASS, Verdict.UNKNOWN, Verdict.WARN, Verdict.FAIL
SITE = "https://example.test/"


def answer(
    url: str = SITE,
    status: int = 200,
    head: dict[str, str] | list[tuple[str, str | bytes]] | None = None,
    body: bytes = b"",
    undecodable: bool = False,
) -> Response:
    return Response(
        "GET", url, status, httpx.Headers(head or {}), "HTTP/2", body, undecodable=undecodable
    )


def fetched(*hops: Response) -> Fetch:
    return Fetch(hops[0].url if hops else SITE, "GET", hops)


# -- HSTS as browsers parse it -------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        [("strict-transport-security", "max-age=31536000abc")],
        # Digits, but not ASCII ones, as they come off the wire (Latin-1, then UTF-8).
        [("strict-transport-security", b"max-age=\xb3\xb9")],
        [
            (
                "strict-transport-security",
                "max-age=\u0663\u0661\u0665\u0663\u0666\u0660\u0660\u0660".encode(),
            )
        ],
        [("strict-transport-security", "max-age=0; max-age=31536000")],  # a repeated directive
        [  # two headers: Chromium joins them with a comma and ignores the result
            ("strict-transport-security", "max-age=31536000"),
            ("strict-transport-security", "max-age=31536000"),
        ],
    ],
)
def test_hsts_browsers_ignore_is_not_a_pass(head: list[tuple[str, str | bytes]]) -> None:
    home = fetched(answer(head=head))
    assert headers.probe_hsts(home).verdict is F
    hsts, counted = observatory.rate_hsts(home.page)  # type: ignore[arg-type]
    assert hsts.modifier == -20 and not counted


# -- headers seen only on an error or redirect answer --------------------------------------------


@pytest.mark.parametrize("status", [403, 503, 300])
def test_protective_headers_on_a_non_2xx_home_are_not_a_pass(status: int) -> None:
    head = {
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'self'",
    }
    home = fetched(answer(status=status, head=head))
    for probe in (headers.probe_frame_options, headers.probe_nosniff, headers.probe_xss_filter):
        finding = probe(home)
        assert finding.verdict is U, finding.evidence
        assert str(status) in finding.evidence


@pytest.mark.parametrize(
    ("policy", "verdict"),
    [
        ("default-src *", W),
        ("script-src 'self' 'unsafe-inline'", W),
        ("default-src 'self'; script-src https:", W),
        ("script-src 'self' data:", W),
        ("script-src 'nonce-abc' 'unsafe-inline'", P),  # browsers ignore unsafe-inline here
        ("script-src 'nonce-abc' 'strict-dynamic' https: 'unsafe-inline'", P),
    ],
)
def test_a_csp_that_lets_any_script_run_does_not_pass_the_xss_item(
    policy: str, verdict: Verdict
) -> None:
    home = fetched(answer(head={"content-security-policy": policy}))
    assert headers.probe_xss_filter(home).verdict is verdict


# -- cookies -------------------------------------------------------------------------------------


def test_httponly_on_csrftoken_does_not_hide_a_missing_samesite() -> None:
    lines = [
        ("set-cookie", "csrftoken=a; Secure; HttpOnly; Path=/"),
        ("set-cookie", "csrftoken=b; Secure; SameSite=Lax; Path=/"),
    ]
    found = cookies.cookies_from([answer(head=lines)])
    finding = cookies.probe_csrf_cookie(found, pages=1)
    assert finding.verdict is W and "no SameSite" in finding.evidence


# -- content -------------------------------------------------------------------------------------


def test_a_robots_txt_with_a_byte_order_mark_still_blocks_everything() -> None:
    body = "\ufeffUser-agent: *\nDisallow: /\nSitemap: https://example.test/sitemap.xml\n"
    robots = answer(SITE + "robots.txt", head={"content-type": "text/plain"}, body=body.encode())
    assert seo.probe_robots(fetched(robots)).verdict is F


def test_unreadable_bodies_are_not_inspected_as_if_clean() -> None:
    zstd = {"content-type": "text/html", "content-encoding": "zstd"}
    missing = fetched(answer(SITE + "nope/", 404, zstd, b"\x28\xb5\x2f\xfd garbage", True))
    assert django.probe_debug(missing, []).verdict is U
    assert django.probe_error_views(missing, fetched()).verdict is U
    admin = fetched(answer(SITE + "admin/", 200, zstd, b"\x28\xb5\x2f\xfd garbage", True))
    assert django.probe_admin_url(admin, fetched()).verdict is U


def test_an_admin_behind_a_login_with_an_encoded_next_is_seen() -> None:
    hop = answer(SITE + "admin/", 302, {"location": "/accounts/login/?next=%2Fadmin%2F"})
    assert django.probe_admin_url(fetched(hop), fetched()).verdict is W


def test_compressed_or_html_answers_are_not_judged_minified() -> None:
    css = {"content-type": "text/css", "content-encoding": "zstd"}
    unreadable = fetched(
        answer(SITE + "a.css", head=css, body=bytes(range(256)) * 8, undecodable=True)
    )
    spa = {"content-type": "text/html"}
    html = fetched(answer(SITE + "b.js", head=spa, body=b"<html>" + b"x" * 2000 + b"</html>"))
    finding = probe_minified([unreadable, html], [])
    assert finding.verdict is U, finding.evidence


def test_an_empty_favicon_is_not_an_icon() -> None:
    icon = fetched(answer(SITE + "favicon.ico", head={"content-type": "image/x-icon"}))
    assert content.probe_favicon(None, icon).verdict is F


def test_observatory_does_not_pass_without_the_cors_answer() -> None:
    head = {
        "strict-transport-security": "max-age=31536000",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "content-security-policy": "default-src 'self'",
        "referrer-policy": "same-origin",
    }
    home = fetched(answer(head=head, body=b"<title>t</title>"))
    plain = Fetch(
        "http://example.test/", "GET", (answer("http://example.test/", 301, {"location": SITE}),)
    )
    inputs = observatory.ObservatoryInputs(
        home=home, summary=None, plain=plain, cookies=[], cors=None, is_own=lambda _: True
    )
    finding = observatory.probe_observatory(inputs)
    assert finding.verdict is U and "CORS" in finding.evidence


# -- URLs no parser accepts ----------------------------------------------------------------------


def test_a_malformed_location_is_not_a_redirect() -> None:
    hop = answer(status=301, head={"location": "http://[oops/"})
    assert not hop.is_redirect and hop.location is None


def test_a_malformed_link_does_not_end_the_page_summary() -> None:
    page = parse_page(SITE, '<a href="http://[oops/">x</a><a href="/later/">y</a>')
    assert page.anchors == [SITE + "later/"]


def test_unparsable_links_and_redirects_do_not_stop_the_family(
    hostile: Server, pki: TestCA
) -> None:
    run = probe_once(Site(hostile, "oddlocation.test", pki.cert_path).target())
    assert set(run.findings) == set(ITEMS)
    assert not any("probes stopped" in f.evidence for f in run.findings.values())
    links = run["content-links"]
    assert links.verdict is F and "after-the-odd-ones" in links.evidence


def test_an_idn_target_uses_the_a_label_its_redirects_and_certificates_use() -> None:
    target = Target("https://Bücher.example/")
    assert target.host == "xn--bcher-kva.example"
    assert "www.xn--bcher-kva.example" in target.own_hosts
