"""E-mail services recognisable from DNS: what their SPF includes and DKIM records look like.

Sources: each provider's domain-authentication documentation. Some providers make selectors that
cannot be guessed (random tokens or date stamps); for them DKIM is reported as not verifiable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MailProvider:
    """One e-mail service and the DNS traces it leaves."""

    name: str
    spf_domains: tuple[str, ...]  # an ``include:`` of one of these (or a subdomain) names it
    dkim_selectors: tuple[str, ...] = ()  # selectors it creates under ``_domainkey``
    dkim_targets: tuple[str, ...] = ()  # where its DKIM CNAMEs point (domain suffixes)
    unguessable_selectors: str = ""  # why its selectors cannot be looked up, when they cannot
    transactional: bool = True  # False for mailbox hosting (Google Workspace, Microsoft 365)
    distinctive_selectors: tuple[str, ...] = ()  # selector names only this provider uses


PROVIDERS: tuple[MailProvider, ...] = (
    MailProvider(
        "SendGrid",
        spf_domains=("sendgrid.net",),
        dkim_selectors=("s1", "s2"),
        dkim_targets=("sendgrid.net",),
    ),
    MailProvider(
        "Mailgun",
        spf_domains=("mailgun.org",),
        dkim_selectors=("k1", "mx", "smtp", "krs", "pic", "mailo"),
        dkim_targets=("mailgun.org", "mailgun.net"),
    ),
    MailProvider(
        "Postmark",
        spf_domains=("mtasv.net",),
        dkim_targets=("mtasv.net", "pmdkim.com"),
        unguessable_selectors="Postmark's selectors carry a date stamp (…pm._domainkey)",
    ),
    MailProvider(
        "Amazon SES",
        spf_domains=("amazonses.com",),
        dkim_targets=("dkim.amazonses.com",),
        unguessable_selectors="SES selectors are random tokens (CNAMEs to dkim.amazonses.com)",
    ),
    MailProvider(
        "Mandrill",
        spf_domains=("mandrillapp.com",),
        dkim_selectors=("mte1", "mte2"),
        dkim_targets=("mandrillapp.com",),
        distinctive_selectors=("mte1", "mte2"),
    ),
    MailProvider(
        "SparkPost",
        spf_domains=("sparkpostmail.com",),
        dkim_targets=("sparkpostmail.com",),
        unguessable_selectors="SparkPost's selectors carry a date stamp (scphMMYY)",
    ),
    MailProvider(
        "Brevo (Sendinblue)",
        spf_domains=("sendinblue.com", "brevo.com"),
        dkim_selectors=("brevo1", "brevo2", "mail"),
        dkim_targets=("brevo.com", "sendinblue.com"),
        distinctive_selectors=("brevo1", "brevo2"),
    ),
    MailProvider(
        "Mailjet",
        spf_domains=("mailjet.com",),
        dkim_selectors=("mailjet",),
        dkim_targets=("mailjet.com",),
        distinctive_selectors=("mailjet",),
    ),
    MailProvider(
        "Resend",
        # Resend's SPF goes on a ``send.`` subdomain and names amazonses.com, its sending network.
        spf_domains=("resend.com",),
        dkim_selectors=("resend",),
        distinctive_selectors=("resend",),
    ),
    MailProvider(
        "Google Workspace",
        spf_domains=("_spf.google.com", "googlemail.com"),
        dkim_selectors=("google",),
        transactional=False,
    ),
    MailProvider(
        "Microsoft 365",
        spf_domains=("spf.protection.outlook.com",),
        dkim_selectors=("selector1", "selector2"),
        dkim_targets=("onmicrosoft.com",),
        transactional=False,
    ),
)

# Every selector worth a lookup, once each.
ALL_SELECTORS: tuple[str, ...] = tuple(
    dict.fromkeys(s for provider in PROVIDERS for s in provider.dkim_selectors)
)


def _is_within(name: str, domain: str) -> bool:
    name = name.lower().rstrip(".")
    return name == domain or name.endswith("." + domain)


def providers_in_spf(includes: list[str]) -> list[MailProvider]:
    """The providers named by SPF ``include:`` (or ``redirect=``) domains."""
    return [
        provider
        for provider in PROVIDERS
        if any(_is_within(inc, d) for inc in includes for d in provider.spf_domains)
    ]


def provider_of_selector(
    selector: str, cname_targets: tuple[str, ...], spf_providers: list[MailProvider]
) -> MailProvider | None:
    """Who a DKIM record belongs to: by where it points, else by a selector name only one
    provider uses, else by a selector of a provider the SPF record already names."""
    for provider in PROVIDERS:
        if any(_is_within(t, d) for t in cname_targets for d in provider.dkim_targets):
            return provider
    for provider in PROVIDERS:
        if selector in provider.distinctive_selectors:
            return provider
    for provider in spf_providers:
        if selector in provider.dkim_selectors:
            return provider
    return None
