"""The DNS family against a real DNS server on loopback serving well and badly configured zones."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from launchtui.probes import dns
from launchtui.probes.dns.heroku import NOT_APPLICABLE
from launchtui.probes.facts.dns import DnsFacts
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import Target
from tests.probes_tls_dns import zones
from tests.probes_tls_dns.conftest import collect, dns_context
from tests.probes_tls_dns.dns_zone_server import ZoneResolver, serve_dns, silent_udp_port

DNS_ITEMS = set(dns.ITEMS)


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    """One authoritative test server for every zone below."""
    resolver = ZoneResolver(
        [
            zones.well_configured(),
            zones.poorly_configured(),
            zones.moderate_ttl(),
            zones.apex_cname(),
            zones.no_mail(),
            zones.heroku("heroku.test", "shiny-otter-1234.herokudns.com"),
            zones.heroku("oldheroku.test", "my-app.herokuapp.com"),
            *zones.mail_zones(),
        ],
        servfail=["broken.test"],
    )
    with serve_dns(resolver) as port:
        yield port


async def run_dns(host: str, port: int, **options: object) -> tuple[dict[str, Finding], DnsFacts]:
    target = Target(f"https://{host}/", nameserver=("127.0.0.1", port), timeout=2.0, **options)
    ctx = dns_context(target)
    findings = await collect(dns.run(ctx))
    assert set(findings) == DNS_ITEMS
    return findings, ctx.facts


# --- Check records ----------------------------------------------------------------------------


async def test_well_configured_zone_passes_records_with_everything_shown(dns_port: int) -> None:
    findings, facts = await run_dns("good.test", dns_port)
    records = findings["dns-records"]
    assert records.verdict is Verdict.PASS, records.detail
    for shown in ("good.test A → 127.0.0.1", "www.good.test A → CNAME good.test", "MX", "CAA"):
        assert shown in records.detail
    assert "NS: good.test NS → ns1.good.test" in records.detail
    assert facts.hosts == {"good.test": True, "www.good.test": True, "api.good.test": True}
    assert facts.cloudflare_ns is False
    assert facts.google_verification_txt is True


async def test_poorly_configured_zone_warns_on_missing_mx_and_caa(dns_port: int) -> None:
    findings, facts = await run_dns("poor.test", dns_port)
    records = findings["dns-records"]
    assert records.verdict is Verdict.WARN
    assert "no MX record" in records.evidence
    assert "no CAA record" in records.evidence
    assert (facts.hosts or {})["api.poor.test"] is False
    assert facts.google_verification_txt is False


async def test_apex_cname_warns(dns_port: int) -> None:
    findings, _ = await run_dns("flat.test", dns_port)
    records = findings["dns-records"]
    assert records.verdict is Verdict.WARN
    assert "CNAME at the zone apex" in records.evidence
    assert "flat.test MX → CNAME good.test → 10 mx.good.test" in records.detail


async def test_null_mx_is_a_valid_answer(dns_port: int) -> None:
    findings, _ = await run_dns("nomail.test", dns_port)
    records = findings["dns-records"]
    assert records.verdict is Verdict.PASS, records.detail
    assert "null MX (this domain receives no mail)" in records.detail


async def test_subdomain_target_reads_mx_and_ns_from_its_zone(dns_port: int) -> None:
    findings, _ = await run_dns("app.good.test", dns_port)
    records = findings["dns-records"]
    assert "not a zone apex (zone good.test)" in records.detail
    assert "MX: good.test MX" in records.detail
    assert "NS: good.test NS" in records.detail


# --- TTL -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "verdict", "expected"),
    [
        ("good.test", Verdict.PASS, "TTL 300 s"),
        ("moderate.test", Verdict.PASS, "lower it to 300 s a day before switching"),
        ("poor.test", Verdict.WARN, "TTL 86400 s"),
    ],
)
async def test_ttl(dns_port: int, host: str, verdict: Verdict, expected: str) -> None:
    findings, _ = await run_dns(host, dns_port)
    ttl = findings["dns-ttl"]
    assert ttl.verdict is verdict, ttl.detail
    assert expected in ttl.evidence + ttl.detail
    assert "authoritative answer" in ttl.detail


def _bind_udp(address: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


async def test_ttl_from_a_cache_is_checked_with_the_zone_servers() -> None:
    """A cache reports 120 s left of a day-long TTL: the zone's own name server tells the truth."""
    cache = ZoneResolver([zones.cached("cached.test", "127.0.0.2")], authoritative=False)
    authority = ZoneResolver([zones.cached("cached.test", "127.0.0.2")])
    with serve_dns(cache) as port:
        if not _bind_udp("127.0.0.2", port):
            pytest.skip("127.0.0.2 is not usable here (Linux routes all of 127/8 to loopback)")
        with serve_dns(authority, address="127.0.0.2", port=port):
            findings, _ = await run_dns("cached.test", port)
    ttl = findings["dns-ttl"]
    assert ttl.verdict is Verdict.WARN, ttl.detail
    assert "TTL 86400 s (from the zone's name server)" in ttl.evidence
    assert authority.queries, "the authoritative server was never asked"


async def test_ttl_from_a_cache_without_its_zone_servers_is_unknown() -> None:
    cache = ZoneResolver([zones.cached("cached.test", "127.0.0.3")], authoritative=False)
    with serve_dns(cache) as port:
        findings, _ = await run_dns("cached.test", port)
    ttl = findings["dns-ttl"]
    assert ttl.verdict is Verdict.UNKNOWN
    assert "only bounds the TTL from below" in ttl.evidence


# --- API subdomain, Heroku ---------------------------------------------------------------------


async def test_api_subdomain(dns_port: int) -> None:
    good, _ = await run_dns("good.test", dns_port)
    poor, _ = await run_dns("poor.test", dns_port)
    assert good["dns-api-subdomain"].verdict is Verdict.PASS
    assert poor["dns-api-subdomain"].verdict is Verdict.WARN
    assert "api.poor.test does not resolve" in poor["dns-api-subdomain"].evidence


@pytest.mark.parametrize(
    ("host", "verdict", "expected"),
    [
        ("heroku.test", Verdict.PASS, "herokudns.com"),
        ("oldheroku.test", Verdict.WARN, "herokuapp.com"),
        ("good.test", Verdict.UNKNOWN, NOT_APPLICABLE),
    ],
)
async def test_heroku_custom_domain(
    dns_port: int, host: str, verdict: Verdict, expected: str
) -> None:
    findings, _ = await run_dns(host, dns_port)
    heroku = findings["dns-heroku-custom-domain"]
    assert heroku.verdict is verdict
    assert expected in heroku.evidence
    if verdict is Verdict.UNKNOWN:
        assert heroku.evidence.startswith(NOT_APPLICABLE)


# --- Transactional e-mail ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "verdict", "expected"),
    [
        ("good.test", Verdict.PASS, "SendGrid"),
        ("dkimonly.test", Verdict.PASS, "SendGrid"),
        ("longspf.test", Verdict.PASS, "Mandrill"),
        ("pnone.test", Verdict.WARN, "p=none"),
        ("nodkim.test", Verdict.WARN, "Mailgun DKIM selector not found (tried k1, mx, smtp"),
        ("workspace.test", Verdict.WARN, "only a mailbox host (Google Workspace)"),
        ("ses.test", Verdict.UNKNOWN, "SES selectors are random tokens"),
        ("poor.test", Verdict.FAIL, "no SPF record"),
        ("twospf.test", Verdict.FAIL, "2 SPF records"),
        ("plusall.test", Verdict.FAIL, "+all"),
        ("nodmarc.test", Verdict.FAIL, "no DMARC record"),
    ],
)
async def test_email_service(dns_port: int, host: str, verdict: Verdict, expected: str) -> None:
    findings, _ = await run_dns(host, dns_port)
    email = findings["email-service"]
    assert email.verdict is verdict, email.detail
    assert expected in email.evidence


# --- What never passes -------------------------------------------------------------------------


async def test_nxdomain_apex_makes_every_item_unknown(dns_port: int) -> None:
    findings, facts = await run_dns("gone.good.test", dns_port)
    assert {f.verdict for f in findings.values()} == {Verdict.UNKNOWN}
    assert all("does not exist in DNS (NXDOMAIN" in f.evidence for f in findings.values())
    assert (facts.hosts or {})["gone.good.test"] is False


async def test_servfail_makes_every_item_unknown(dns_port: int) -> None:
    findings, facts = await run_dns("broken.test", dns_port)
    assert {f.verdict for f in findings.values()} == {Verdict.UNKNOWN}
    assert "SERVFAIL" in findings["dns-records"].evidence
    assert (facts.hosts or {})["broken.test"] is None


async def test_silent_name_server_makes_every_item_unknown() -> None:
    with silent_udp_port() as port:
        findings, facts = await run_dns("good.test", port, deadline=30.0)
    assert {f.verdict for f in findings.values()} == {Verdict.UNKNOWN}
    assert "timed out" in findings["dns-records"].evidence
    assert facts.cloudflare_ns is None


async def test_ip_address_target_is_unknown() -> None:
    target = Target("https://127.0.0.1/", timeout=1.0)
    findings = await collect(dns.run(dns_context(target)))
    assert set(findings) == DNS_ITEMS
    assert all(f.evidence.startswith("target is an IP address") for f in findings.values())
    assert {f.verdict for f in findings.values()} == {Verdict.UNKNOWN}
