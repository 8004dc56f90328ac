"""False passes found in review, each against the real loopback DNS or TLS servers.

A wildcard must not pass "api subdomain", a CNAME chain ending in NXDOMAIN must not pass a DKIM
or Heroku check, SPF without "all" and a subdomain's sp=none are no protection, and a certificate
for another name says nothing about this site's renewal (the stdlib fallback's trust check does
not look at names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from launchtui.probes import dns, tls
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import Target
from launchtui.probes.tls.scanner import NO_SSLYZE_ENV
from tests.probes_tls_dns import zones
from tests.probes_tls_dns.conftest import collect, dns_context, tls_context
from tests.probes_tls_dns.dns_zone_server import Zone, ZoneResolver, serve_dns

REJECT = "v=DMARC1; p=reject"


def _zones() -> list[Zone]:
    sendgrid_spf = "v=spf1 include:sendgrid.net -all"
    return [
        # Every name under wild.test resolves through the wildcard; api has nothing of its own.
        zones.mail("wild.test", sendgrid_spf, dmarc=REJECT).add("*.wild.test", "A", "127.0.0.9"),
        # A wildcard too, but api has its own address: that is a real API subdomain.
        zones.mail("wildapi.test", sendgrid_spf, dmarc=REJECT)
        .add("*.wildapi.test", "A", "127.0.0.9")
        .add("api.wildapi.test", "A", "127.0.0.2"),
        # www points at a Heroku DNS target that no longer exists.
        zones.heroku("herokugone.test", "gone-1234.herokudns.com"),
        Zone("herokudns.com").add("herokudns.com", "NS", "ns1.herokudns.com"),
        # The DKIM CNAME leads into sendgrid.net, where the name does not exist.
        zones.mail(
            "dkimgone.test", sendgrid_spf, dmarc=REJECT, s1="s1.domainkey.u5.wl.sendgrid.net"
        ),
        Zone("sendgrid.net").add("sendgrid.net", "NS", "ns1.sendgrid.net"),
        # A revoked DKIM key (empty p=) signs nothing.
        zones.mail(
            "revoked.test",
            "v=spf1 include:mailgun.org -all",
            dmarc=REJECT,
            k1="v=DKIM1; k=rsa; p=",
        ),
        # SPF without "all" (and no redirect) ends neutral, like ?all.
        zones.mail("noall.test", "v=spf1 include:sendgrid.net", dmarc=REJECT, s1=zones.DKIM_KEY),
        # The organisation rejects spoofed mail, but not for its subdomains (sp=none).
        zones.mail("orgsp.test", sendgrid_spf, dmarc="v=DMARC1; p=reject; sp=none")
        .add("app.orgsp.test", "A", zones.LOOPBACK)
        .add("s1._domainkey.app.orgsp.test", "TXT", zones.DKIM_KEY),
        # p=reject, but applied to no message at all (pct=0): it only reports.
        zones.mail("pct0.test", sendgrid_spf, dmarc="v=DMARC1; p=reject; pct=0", s1=zones.DKIM_KEY),
    ]


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    with serve_dns(ZoneResolver(_zones())) as port:
        yield port


async def run_dns(host: str, port: int) -> dict[str, Finding]:
    target = Target(f"https://{host}/", nameserver=("127.0.0.1", port), timeout=2.0)
    return await collect(dns.run(dns_context(target)))


async def test_api_answered_only_by_a_wildcard_is_not_a_pass(dns_port: int) -> None:
    finding = (await run_dns("wild.test", dns_port))["dns-api-subdomain"]
    assert finding.verdict is Verdict.UNKNOWN, finding.evidence
    assert "wildcard" in finding.evidence


async def test_api_with_its_own_records_beside_a_wildcard_passes(dns_port: int) -> None:
    finding = (await run_dns("wildapi.test", dns_port))["dns-api-subdomain"]
    assert finding.verdict is Verdict.PASS, finding.evidence


async def test_dangling_cname_to_heroku_fails(dns_port: int) -> None:
    finding = (await run_dns("herokugone.test", dns_port))["dns-heroku-custom-domain"]
    assert finding.verdict is Verdict.FAIL, finding.evidence
    assert "dangling" in finding.evidence


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("dkimgone.test", "SendGrid DKIM selector not found"),
        ("revoked.test", "Mailgun DKIM selector not found"),
        ("noall.test", "no -all or ~all"),
        ("app.orgsp.test", "sp=none"),
    ],
)
async def test_email_set_ups_that_protect_nothing_do_not_pass(
    dns_port: int, host: str, expected: str
) -> None:
    finding = (await run_dns(host, dns_port))["email-service"]
    assert finding.verdict is Verdict.WARN, finding.detail
    assert expected in finding.evidence


@pytest.mark.parametrize("scanner", ["sslyze", "stdlib"])
async def test_autorenewal_ignores_a_certificate_for_another_name(
    make_target: Callable[..., Target],
    modern_port: int,
    monkeypatch: pytest.MonkeyPatch,
    scanner: str,
) -> None:
    if scanner == "stdlib":
        monkeypatch.setenv(NO_SSLYZE_ENV, "1")
    else:
        monkeypatch.delenv(NO_SSLYZE_ENV, raising=False)
    # wrong.test serves a valid 90-day certificate from the test CA, made for other.test.
    findings = await collect(tls.run(tls_context(make_target("wrong.test", modern_port))))
    finding = findings["server-ssl-autorenewal"]
    assert finding.verdict is Verdict.UNKNOWN, finding.evidence
    assert "not" in finding.evidence and "wrong.test" in finding.evidence


async def test_dmarc_applied_to_no_message_is_not_a_pass(dns_port: int) -> None:
    finding = (await run_dns("pct0.test", dns_port))["email-service"]
    assert finding.verdict is Verdict.WARN, finding.evidence
    assert "pct=0" in finding.evidence or "pct=0" in finding.detail
