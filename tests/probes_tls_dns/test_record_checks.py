"""The record checks of ``dns-records`` read a snapshot in order: an error is never skipped over."""

from __future__ import annotations

from launchtui.probes.dns.client import DnsAnswer, Outcome
from launchtui.probes.dns.records import judge_records
from launchtui.probes.dns.snapshot import DnsSnapshot
from launchtui.probes.model import Verdict
from launchtui.probes.target import Target


def _snapshot(*answers: DnsAnswer) -> DnsSnapshot:
    return DnsSnapshot(
        target=Target("https://shop.good.test/"),
        resolver="127.0.0.1:53 (test)",
        answers={(a.name, a.rdtype): a for a in answers},
        zone="good.test",
    )


def _answer(name: str, rdtype: str, *records: str) -> DnsAnswer:
    return DnsAnswer(name, rdtype, Outcome.ANSWER, records=records, ttl=300)


def _failed(name: str, rdtype: str) -> DnsAnswer:
    return DnsAnswer(name, rdtype, Outcome.ERROR, reason="SERVFAIL")


def test_a_failed_mx_lookup_of_the_apex_is_not_passed_by_the_zones_mx() -> None:
    snapshot = _snapshot(
        _answer("shop.good.test", "A", "127.0.0.1"),
        _failed("shop.good.test", "MX"),
        _answer("good.test", "MX", "10 mx.good.test"),
        _answer("shop.good.test", "CAA", '0 issue "letsencrypt.org"'),
        _answer("good.test", "NS", "ns.good.test"),
    )
    finding = judge_records(snapshot)
    assert finding.verdict is Verdict.UNKNOWN
    assert "MX unknown: shop.good.test MX: lookup failed (SERVFAIL)" in finding.evidence


def test_the_zones_mx_serves_a_subdomain_apex_that_has_none() -> None:
    snapshot = _snapshot(
        _answer("shop.good.test", "A", "127.0.0.1"),
        DnsAnswer("shop.good.test", "MX", Outcome.NODATA),
        _answer("good.test", "MX", "10 mx.good.test"),
        _answer("shop.good.test", "CAA", '0 issue "letsencrypt.org"'),
        _answer("good.test", "NS", "ns.good.test"),
    )
    finding = judge_records(snapshot)
    assert "pass    MX: good.test MX → 10 mx.good.test (TTL 300 s)" in finding.detail
    assert finding.verdict is Verdict.PASS, finding.evidence


def test_a_failed_caa_lookup_is_unknown_even_when_a_parent_has_caa() -> None:
    snapshot = _snapshot(
        _answer("shop.good.test", "A", "127.0.0.1"),
        _answer("shop.good.test", "MX", "10 mx.good.test"),
        _failed("shop.good.test", "CAA"),
        _answer("good.test", "CAA", '0 issue "letsencrypt.org"'),
        _answer("good.test", "NS", "ns.good.test"),
    )
    finding = judge_records(snapshot)
    assert finding.verdict is Verdict.UNKNOWN
    assert "CAA unknown: shop.good.test CAA: lookup failed (SERVFAIL)" in finding.evidence
