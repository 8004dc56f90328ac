"""Every HTTP probe against a real Django site: the well-configured one passes, the other fails.

One run per configuration (session fixtures ``good_run`` and ``bad_run``) feeds all assertions.
"""

from __future__ import annotations

import pytest

from launchtui.probes.facts.http import TwinAnswer
from launchtui.probes.http import ITEMS
from launchtui.probes.model import Verdict
from tests.probes_http.conftest import HttpRun, Site

P, U, W, F = Verdict.PASS, Verdict.UNKNOWN, Verdict.WARN, Verdict.FAIL

# item: (verdict on the good site, verdict on the bad site)
EXPECTED = {
    "settings-ssl-redirect": (P, F),
    "settings-secure-proxy-ssl-header": (P, F),
    "settings-hsts": (P, F),
    "settings-xframe-options": (P, F),
    "settings-content-type-nosniff": (P, F),
    "settings-xss-filter": (P, W),
    "settings-csrf-cookie-secure": (P, F),
    "settings-session-cookie-secure": (P, F),
    "settings-debug": (P, F),
    "settings-allowed-hosts": (P, F),
    "settings-anonymize-admin": (P, F),
    "settings-append-slash": (P, F),
    "content-error-views": (P, F),
    "settings-cors": (P, F),
    "seo-robots-txt": (P, F),
    "seo-sitemap": (P, F),
    "seo-titles": (P, F),
    "seo-meta-descriptions": (P, F),
    "content-favicon": (P, F),
    "perf-viewport": (P, F),
    "seo-tag-manager": (P, W),  # an optional service: at most a warning
    "monitoring-sentry-frontend": (P, W),
    "content-links": (P, F),
    "server-http2": (P, F),
    "server-cloudflare-brotli": (P, F),
    "perf-minified": (P, F),
    # A hidden version proves nothing about the OS: unknown, never pass.
    "server-os-version": (U, W),
    "security-observatory": (P, F),
    # Automated checks never prove accessibility (contrast, keyboard): at best a warning.
    "a11y-wave": (W, W),
    "content-mobile-friendly": (P, F),
    "content-retina": (U, U),  # neither site shows an image
    "settings-redirections": (U, U),  # no --redirects file given
}


def test_every_item_is_judged_exactly_once(good_run: HttpRun, bad_run: HttpRun) -> None:
    assert set(EXPECTED) == set(ITEMS)
    assert set(good_run.findings) == set(ITEMS)
    assert set(bad_run.findings) == set(ITEMS)


@pytest.mark.parametrize("item", sorted(EXPECTED))
def test_verdict_on_both_sites(item: str, good_run: HttpRun, bad_run: HttpRun) -> None:
    good, bad = EXPECTED[item]
    assert good_run[item].verdict is good, good_run[item]
    assert bad_run[item].verdict is bad, bad_run[item]
    for finding in (good_run[item], bad_run[item]):
        assert finding.evidence and "\n" not in finding.evidence


def test_runs_stay_within_the_request_budget(good_run: HttpRun, bad_run: HttpRun) -> None:
    assert 0 < good_run.requests <= 60
    assert 0 < bad_run.requests <= 60


def test_only_safe_methods_reach_the_server(
    good_run: HttpRun, bad_run: HttpRun, good_site: Site, bad_site: Site
) -> None:
    lines = good_site.server.requests_seen() + bad_site.server.requests_seen()
    assert lines
    assert {line.split()[0] for line in lines} <= {"GET", "HEAD", "OPTIONS"}


def test_facts_for_the_combined_judges(
    good_run: HttpRun, bad_run: HttpRun, good_site: Site
) -> None:
    good, bad = good_run.facts, bad_run.facts
    assert good.reachable is True and bad.reachable is True
    assert good.ssl_redirect is not None and good.ssl_redirect.verdict is Verdict.PASS
    assert bad.ssl_redirect is not None and bad.ssl_redirect.verdict is Verdict.FAIL
    assert "answered 200" in bad.ssl_redirect.evidence
    assert good.cloudflare is False
    assert good.google_verification_meta is True
    assert bad.google_verification_meta is False
    assert good.http_version == "HTTP/2"
    assert bad.http_version == "HTTP/1.1"
    port = good_site.server.https_port
    assert good.twins == {
        "good.test": TwinAnswer(status=200, location=None),
        "www.good.test": TwinAnswer(status=301, location=f"https://good.test:{port}/"),
    }
    assert bad.twins is not None
    assert (bad.twins["bad.test"].location or "").startswith("http://www.bad.test:")


def test_evidence_names_what_was_seen(good_run: HttpRun, bad_run: HttpRun) -> None:
    assert "max-age=31536000" in good_run["settings-hsts"].evidence
    assert "includeSubDomains" in good_run["settings-hsts"].evidence
    assert "→ 400" in good_run["settings-allowed-hosts"].evidence
    assert "launchtui-host-check.invalid" in bad_run["settings-allowed-hosts"].evidence
    assert "/launchtui-" in bad_run["settings-debug"].evidence
    assert "DEBUG page" in bad_run["settings-debug"].evidence
    assert "/admin/login/" in bad_run["settings-anonymize-admin"].evidence
    assert "Access-Control-Allow-Credentials: true" in bad_run["settings-cors"].evidence
    assert "no Secure" in bad_run["settings-csrf-cookie-secure"].evidence
    assert "no HttpOnly" in bad_run["settings-session-cookie-secure"].evidence
    assert "/gone/ → 404" in bad_run["seo-sitemap"].evidence
    assert "Bad Site" in bad_run["seo-titles"].evidence
    assert "/missing-page/ → 404" in bad_run["content-links"].evidence
    assert "localhost:8000" in bad_run["content-links"].detail
    assert "gzip" in bad_run["server-cloudflare-brotli"].evidence
    assert "nginx/1.18.0 (Ubuntu)" in bad_run["server-os-version"].evidence
    assert "http://www.bad.test" in bad_run["settings-secure-proxy-ssl-header"].evidence
    assert "Sentry.init" in good_run["monitoring-sentry-frontend"].evidence
    assert "GTM-ABC1234" in good_run["seo-tag-manager"].evidence


def test_details_explain_the_judgement(good_run: HttpRun, bad_run: HttpRun) -> None:
    xss = good_run["settings-xss-filter"].detail
    assert "obsolete" in xss and "3.0" in xss
    assert "average line" in bad_run["perf-minified"].detail
    assert "whitespace" in good_run["perf-minified"].detail
    observatory = good_run["security-observatory"]
    assert "grade A+" in observatory.evidence
    for test in ("Content Security Policy", "Cookies", "CORS", "Redirection", "Referrer-Policy"):
        assert test in observatory.detail
    for test in ("Strict-Transport-Security", "Subresource Integrity", "X-Frame-Options"):
        assert test in observatory.detail
    assert "grade F" in bad_run["security-observatory"].evidence
    assert "A+ to B- pass" in bad_run["security-observatory"].detail
