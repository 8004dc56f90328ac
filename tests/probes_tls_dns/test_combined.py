"""Items judged from several families' facts, with all, some, or none of the families run.

The facts given here are the documented interface between families (see ``combined``'s docstring),
written as the families publish them; the judges under test are the real ones.
"""

from __future__ import annotations

from typing import Any

import pytest

from launchtui.probes import combined
from launchtui.probes.context import ProbeContext
from launchtui.probes.facts.http import SslRedirect, TwinAnswer
from launchtui.probes.facts.tls import HostValidity
from launchtui.probes.model import Verdict
from launchtui.probes.target import Target
from tests.probes_tls_dns.conftest import context

APEX, WWW, API = "good.test", "www.good.test", "api.good.test"


def ctx_with(families: tuple[str, ...], host: str = APEX, **facts: Any) -> ProbeContext:
    """A context of ``families`` whose facts are set from ``family__field=value`` arguments."""
    ctx = context(Target(f"https://{host}/"), *families)
    for key, value in facts.items():
        family, name = key.split("__")
        family_facts = getattr(ctx, family)
        assert family_facts is not None, f"{family} facts given, but the family is not run"
        assert hasattr(family_facts, name), f"{type(family_facts).__name__} has no {name}"
        setattr(family_facts, name, value)
    return ctx


def valid(verdict: str, host: str, resolves: bool | None = True) -> HostValidity:
    return HostValidity(resolves, Verdict(verdict), f"{host}: {verdict}")


ALL_VALID = {h: valid("pass", h) for h in (APEX, WWW, API)}
REDIRECTS = SslRedirect(Verdict.PASS, "http://good.test/ → https://good.test/")
DNS_ALL = {APEX: True, WWW: True, API: True}
DNS_DONE = {"dns__hosts": DNS_ALL}  # the dns family publishes its facts together, hosts last


# --- Configure SSL for everything --------------------------------------------------------------


def test_ssl_everything_passes_with_every_host_valid_and_http_redirected() -> None:
    ctx = ctx_with(
        ("http", "tls", "dns"),
        tls__valid=ALL_VALID,
        http__ssl_redirect=REDIRECTS,
        dns__hosts=DNS_ALL,
    )
    finding = combined.judge_ssl_everything(ctx)
    assert finding.verdict is Verdict.PASS


def test_ssl_everything_fails_on_one_twin_with_a_bad_certificate() -> None:
    tls_valid = {**ALL_VALID, WWW: valid("fail", WWW)}
    ctx = ctx_with(
        ("http", "tls", "dns"),
        tls__valid=tls_valid,
        http__ssl_redirect=REDIRECTS,
        dns__hosts=DNS_ALL,
    )
    finding = combined.judge_ssl_everything(ctx)
    assert finding.verdict is Verdict.FAIL
    assert WWW in finding.evidence


def test_ssl_everything_fails_when_plain_http_is_not_redirected() -> None:
    no_redirect = SslRedirect(Verdict.FAIL, "http://good.test/ answers 200")
    ctx = ctx_with(("http", "tls"), tls__valid=ALL_VALID, http__ssl_redirect=no_redirect)
    assert combined.judge_ssl_everything(ctx).verdict is Verdict.FAIL


def test_ssl_everything_without_http_never_passes() -> None:
    ctx = ctx_with(("tls", "dns"), tls__valid=ALL_VALID, dns__hosts=DNS_ALL)
    finding = combined.judge_ssl_everything(ctx)
    assert finding.verdict is Verdict.UNKNOWN
    assert "the http probes were not run" in finding.evidence


def test_ssl_everything_skips_hosts_dns_says_do_not_exist() -> None:
    tls_valid = {APEX: valid("pass", APEX), WWW: valid("unknown", WWW, resolves=None)}
    ctx = ctx_with(
        ("http", "tls", "dns"),
        tls__valid=tls_valid,
        http__ssl_redirect=REDIRECTS,
        dns__hosts={APEX: True, WWW: False, API: False},
    )
    finding = combined.judge_ssl_everything(ctx)
    assert finding.verdict is Verdict.PASS
    assert f"{WWW}: does not exist in DNS" in finding.detail


def test_ssl_everything_cannot_tell_absent_from_failed_lookup_without_dns() -> None:
    tls_valid = {APEX: valid("pass", APEX), WWW: valid("unknown", WWW, resolves=None)}
    ctx = ctx_with(("http", "tls"), tls__valid=tls_valid, http__ssl_redirect=REDIRECTS)
    finding = combined.judge_ssl_everything(ctx)
    assert finding.verdict is Verdict.UNKNOWN
    assert "the dns probes were not run" in finding.evidence


def test_ssl_everything_with_tls_unfinished_is_unknown() -> None:
    ctx = ctx_with(("http", "tls"), http__ssl_redirect=REDIRECTS)
    finding = combined.judge_ssl_everything(ctx)
    assert finding.verdict is Verdict.UNKNOWN
    assert "the tls probes did not finish" in finding.evidence


# --- Enforce or remove www ---------------------------------------------------------------------


def twins(apex: TwinAnswer, www: TwinAnswer) -> dict[str, TwinAnswer]:
    return {APEX: apex, WWW: www}


OK = TwinAnswer(status=200)


@pytest.mark.parametrize(
    ("answers", "verdict", "expected"),
    [
        (twins(TwinAnswer(301, f"https://{WWW}/"), OK), Verdict.PASS, "www enforced"),
        (twins(OK, TwinAnswer(308, f"https://{APEX}/")), Verdict.PASS, "www removed"),
        (twins(OK, OK), Verdict.FAIL, "both serve pages without redirecting"),
        (twins(OK, TwinAnswer(error="connection refused")), Verdict.UNKNOWN, "connection refused"),
    ],
)
def test_www_from_http_answers(answers: dict, verdict: Verdict, expected: str) -> None:
    ctx = ctx_with(("http", "dns"), http__twins=answers, dns__hosts=DNS_ALL)
    finding = combined.judge_www(ctx)
    assert finding.verdict is verdict
    assert expected in finding.evidence


def test_www_removed_in_dns_passes_without_http() -> None:
    ctx = ctx_with(("dns",), dns__hosts={APEX: True, WWW: False, API: False})
    finding = combined.judge_www(ctx)
    assert finding.verdict is Verdict.PASS
    assert "does not exist: www removed" in finding.evidence


def test_www_with_both_names_in_dns_needs_http() -> None:
    ctx = ctx_with(("dns",), dns__hosts=DNS_ALL)
    finding = combined.judge_www(ctx)
    assert finding.verdict is Verdict.UNKNOWN
    assert "the http probes were not run" in finding.evidence


def test_www_on_an_ip_target_is_unknown() -> None:
    ctx = ctx_with(("http", "dns"), host="127.0.0.1", dns__skipped="target is an IP address")
    assert combined.judge_www(ctx).verdict is Verdict.UNKNOWN


# --- Cloudflare, Search Console ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("families", "facts", "verdict"),
    [
        (
            ("dns",),
            {"dns__cloudflare_ns": True, "dns__nameservers": ["ada.ns.cloudflare.com"]},
            "pass",
        ),
        (("http",), {"http__cloudflare": True}, "pass"),  # cf-ray alone proves it
        (
            ("http", "dns"),
            {"http__cloudflare": False, "dns__cloudflare_ns": False, **DNS_DONE},
            "warn",
        ),
        (
            ("http", "dns"),
            {"http__cloudflare": False, "dns__cloudflare_ns": None, **DNS_DONE},
            "unknown",
        ),
        (("dns",), {"dns__cloudflare_ns": False, **DNS_DONE}, "unknown"),  # proxied without its NS?
    ],
)
def test_cloudflare(families: tuple[str, ...], facts: dict, verdict: str) -> None:
    finding = combined.judge_cloudflare(ctx_with(families, **facts))
    assert finding.verdict is Verdict(verdict), finding.evidence


@pytest.mark.parametrize(
    ("families", "facts", "verdict"),
    [
        (("dns",), {"dns__google_verification_txt": True}, "pass"),
        (("http",), {"http__google_verification_meta": True}, "pass"),
        (
            ("http", "dns"),
            {
                "http__google_verification_meta": False,
                "dns__google_verification_txt": False,
                **DNS_DONE,
            },
            "warn",
        ),
        (
            ("http", "dns"),
            {
                "http__google_verification_meta": False,
                "dns__google_verification_txt": None,
                **DNS_DONE,
            },
            "unknown",
        ),
        (("http",), {"http__google_verification_meta": False}, "unknown"),
    ],
)
def test_webmasters(families: tuple[str, ...], facts: dict, verdict: str) -> None:
    finding = combined.judge_webmasters(ctx_with(families, **facts))
    assert finding.verdict is Verdict(verdict), finding.evidence


def test_judge_covers_only_items_of_the_families_run() -> None:
    assert {f.item_id for f in combined.judge(ctx_with(("tls",)))} == {"server-ssl-everything"}
    assert {f.item_id for f in combined.judge(ctx_with(("dns",)))} == {
        "dns-www",
        "server-cloudflare",
        "seo-webmasters",
    }


def test_unreachable_http_is_named_as_the_reason() -> None:
    ctx = ctx_with(
        ("http", "tls"),
        tls__valid=ALL_VALID,
        http__reachable=False,
        http__unreachable_reason="connection refused",
    )
    finding = combined.judge_ssl_everything(ctx)
    assert finding.verdict is Verdict.UNKNOWN
    assert "could not reach the site (connection refused)" in finding.evidence
