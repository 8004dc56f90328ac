"""Test zones under ``.test``: one configured for launch, one configured carelessly, and small
zones that each show one e-mail or hosting set-up."""

from __future__ import annotations

from tests.probes_tls_dns.dns_zone_server import Zone

LOOPBACK = "127.0.0.1"
DKIM_KEY = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC1TaNgLlSyQMNWVLNLvyY"


def _base(origin: str, ttl: int = 300, ns_address: str = LOOPBACK) -> Zone:
    return (
        Zone(origin)
        .add(origin, "NS", f"ns1.{origin}", ttl)
        .add(f"ns1.{origin}", "A", ns_address, ttl)
        .add(origin, "A", LOOPBACK, ttl)
    )


def well_configured() -> Zone:
    """good.test: everything a launch wants, with TTLs of 300 s."""
    origin = "good.test"
    return (
        _base(origin)
        .add("www.good.test", "CNAME", origin)
        .add("api.good.test", "A", LOOPBACK)
        .add(origin, "MX", "10 mx.good.test")
        .add("mx.good.test", "A", LOOPBACK)
        .add(origin, "CAA", '0 issue "letsencrypt.org"')
        .add(origin, "TXT", "v=spf1 include:sendgrid.net -all")
        .add(origin, "TXT", "google-site-verification=0123456789abcdef")
        .add("_dmarc.good.test", "TXT", "v=DMARC1; p=reject; rua=mailto:dmarc@good.test")
        .add("s1._domainkey.good.test", "CNAME", "s1.domainkey.u1234.wl.sendgrid.net")
        .add("s2._domainkey.good.test", "CNAME", "s2.domainkey.u1234.wl.sendgrid.net")
        .add("app.good.test", "A", LOOPBACK)
    )


def poorly_configured() -> Zone:
    """poor.test: day-long TTLs, no MX, no CAA, no api, no SPF, no DMARC."""
    origin = "poor.test"
    return (
        Zone(origin)
        .add(origin, "NS", f"ns1.{origin}", 86400)
        .add(f"ns1.{origin}", "A", LOOPBACK, 86400)
        .add(origin, "A", LOOPBACK, 86400)
        .add("www.poor.test", "A", LOOPBACK, 7200)
        .add(origin, "TXT", "some-other-verification=abc")
    )


def moderate_ttl() -> Zone:
    """moderate.test: a 30-minute TTL."""
    return _base("moderate.test", ttl=1800).add("www.moderate.test", "A", LOOPBACK, 1800)


def no_mail() -> Zone:
    """nomail.test: says it receives no mail (null MX, RFC 7505), and names its CA."""
    origin = "nomail.test"
    return (
        _base(origin)
        .add(f"www.{origin}", "A", LOOPBACK)
        .add(origin, "MX", "0 .")
        .add(origin, "CAA", '0 issue "letsencrypt.org"')
    )


def apex_cname() -> Zone:
    """flat.test: a CNAME at the zone apex (which aliases every type, MX included)."""
    origin = "flat.test"
    return (
        Zone(origin)
        .add(origin, "NS", f"ns1.{origin}")
        .add(f"ns1.{origin}", "A", LOOPBACK)
        .add(origin, "CNAME", "good.test")
        .add("www.flat.test", "A", LOOPBACK)
    )


def heroku(origin: str, target: str) -> Zone:
    """``www`` is a CNAME to ``target`` (outside the test data: the chain stops there)."""
    return _base(origin).add(f"www.{origin}", "CNAME", target)


def mail(origin: str, *txt: str, dmarc: str | None = None, **selectors: str) -> Zone:
    """A zone with the given apex TXT records, DMARC policy and DKIM selectors.

    A selector value starting with ``v=DKIM1`` is a TXT key; anything else is a CNAME target.
    """
    zone = _base(origin).add(f"www.{origin}", "A", LOOPBACK)
    for value in txt:
        zone.add(origin, "TXT", value)
    if dmarc is not None:
        zone.add(f"_dmarc.{origin}", "TXT", dmarc)
    for selector, value in selectors.items():
        rtype = "TXT" if value.startswith("v=DKIM1") else "CNAME"
        zone.add(f"{selector}._domainkey.{origin}", rtype, value)
    return zone


def cached(origin: str, ns_address: str) -> Zone:
    """A zone with day-long TTLs whose name server is at ``ns_address``."""
    return _base(origin, ttl=86400, ns_address=ns_address).add(
        f"www.{origin}", "A", LOOPBACK, 86400
    )


def mail_zones() -> list[Zone]:
    """One zone per e-mail set-up the tests judge."""
    reject = "v=DMARC1; p=reject"
    many_ip4 = " ".join(f"ip4:192.0.2.{i}" for i in range(1, 30))
    return [
        mail(
            "pnone.test", "v=spf1 include:mailgun.org ~all", dmarc="v=DMARC1; p=none", k1=DKIM_KEY
        ),
        mail("ses.test", "v=spf1 include:amazonses.com -all", dmarc=reject),
        mail("workspace.test", "v=spf1 include:_spf.google.com -all", dmarc=reject),
        mail(
            "twospf.test",
            "v=spf1 include:sendgrid.net -all",
            "v=spf1 include:mailgun.org -all",
            dmarc=reject,
        ),
        mail("nodkim.test", "v=spf1 include:mailgun.org -all", dmarc=reject),
        mail(
            "nodmarc.test",
            "v=spf1 include:sendgrid.net -all",
            s1="s1.domainkey.u9.wl.sendgrid.net",
        ),
        # An SPF record longer than 255 bytes travels as several strings; the include is at the end.
        mail(
            "longspf.test",
            f"v=spf1 {many_ip4} include:spf.mandrillapp.com -all",
            dmarc=reject,
            mte1="dkim.mandrillapp.com",
        ),
        mail("plusall.test", "v=spf1 +all", dmarc=reject),
        # No SPF include at all: the provider shows only through its DKIM CNAME.
        mail("dkimonly.test", "v=spf1 mx -all", dmarc=reject, s1="s1.domainkey.u7.wl.sendgrid.net"),
    ]
