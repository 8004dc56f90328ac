"""Judge "Configure SendGrid, Mailgun, or another transactional email service" from SPF, DKIM
and DMARC records.

- No SPF record → fail (anyone can send as the domain); several, or ``+all`` → fail.
- No known transactional service in SPF or DKIM → warn (a mailbox host like Google Workspace
  alone is not one).
- The service's DKIM selector found → pass; guessable selectors all missing → warn; selectors
  that cannot be guessed (Amazon SES, Postmark, SparkPost) → unknown, said so.
- DMARC missing → fail (Gmail and Yahoo require it of bulk senders since 2024); ``p=none`` →
  warn (reports only, no protection).
"""

from __future__ import annotations

import re

from launchtui.probes.dns.client import DnsAnswer, Outcome
from launchtui.probes.dns.mail_providers import (
    ALL_SELECTORS,
    MailProvider,
    provider_of_selector,
    providers_in_spf,
)
from launchtui.probes.dns.snapshot import DnsSnapshot
from launchtui.probes.evidence import Check, finding_from_checks
from launchtui.probes.model import Finding, Verdict

PROBE = "dns"
ITEM = "email-service"


def spf_records(answer: DnsAnswer) -> list[str]:
    """The SPF policies among a name's TXT records."""
    return [r for r in answer.records if re.match(r"v=spf1(\s|$)", r.strip(), re.IGNORECASE)]


def spf_includes(policy: str) -> list[str]:
    """Domains an SPF policy delegates to (``include:`` and ``redirect=``)."""
    return [
        m.group(2).lower().rstrip(".")
        for m in re.finditer(r"(?:^|\s)[+?~-]?(include:|redirect=)(\S+)", policy, re.IGNORECASE)
    ]


def dmarc_tags(record: str) -> dict[str, str]:
    """``v=DMARC1; p=reject; rua=…`` → ``{"v": "DMARC1", "p": "reject", …}``."""
    tags = {}
    for part in record.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            tags[key.strip().lower()] = value.strip()
    return tags


def _spf_checks(snapshot: DnsSnapshot) -> tuple[list[Check], list[str]]:
    """SPF checks, and the include domains of the policy found."""
    failures = []
    for domain in snapshot.mail_domains():
        answer = snapshot.get(domain, "TXT")
        if answer.outcome is Outcome.ERROR:
            failures.append(answer)
            continue
        policies = spf_records(answer)
        if not policies:
            continue
        if len(policies) > 1:
            return [
                Check(
                    Verdict.FAIL,
                    f"{domain} has {len(policies)} SPF records; receivers treat that as an error "
                    "(RFC 7208 permerror): merge them into one",
                )
            ], []
        policy = policies[0]
        includes = spf_includes(policy)
        if re.search(r"(^|\s)\+?all(\s|$)", policy, re.IGNORECASE):
            verdict, note = Verdict.FAIL, "ends in +all: anyone may send"
        elif re.search(r"(^|\s)\?all(\s|$)", policy, re.IGNORECASE):
            verdict, note = Verdict.WARN, "ends in ?all: neutral, it protects nothing"
        elif not re.search(r"(^|\s)([~-]all|redirect=\S)", policy, re.IGNORECASE):
            # RFC 7208 4.7: with no "all" and no redirect the result is neutral, like ?all.
            verdict, note = Verdict.WARN, "has no -all or ~all: neutral, it protects nothing"
        else:
            verdict, note = Verdict.PASS, "found"
        return [Check(verdict, f"SPF of {domain} {note}: {policy}")], includes
    if failures:
        return [Check(Verdict.UNKNOWN, f"SPF unknown: {failures[0].describe()}")], []
    return [
        Check(
            Verdict.FAIL,
            f"no SPF record on {' or '.join(snapshot.mail_domains())}: anyone can send mail as it "
            '(publish one; "v=spf1 -all" if it sends none)',
        )
    ], []


def _dkim_found(snapshot: DnsSnapshot) -> list[tuple[str, DnsAnswer]]:
    """Selectors with a DKIM key (a TXT with ``p=``) or a CNAME delegating it to a provider."""
    found = []
    for selector in ALL_SELECTORS:
        answer = snapshot.get(f"{selector}._domainkey.{snapshot.target.apex}", "TXT")
        # An empty p= is a revoked key; a CNAME whose chain ends in NXDOMAIN delegates nowhere.
        has_key = any(re.search(r"(^|;)\s*p=\s*[A-Za-z0-9+/]", r) for r in answer.records)
        if has_key or (answer.cnames and answer.outcome is not Outcome.NXDOMAIN):
            found.append((selector, answer))
    return found


def _dkim_checks(
    snapshot: DnsSnapshot, providers: list[MailProvider], found: list[tuple[str, DnsAnswer]]
) -> list[Check]:
    transactional = [p for p in providers if p.transactional]
    checks = []
    for provider in transactional:
        own = [(s, a) for s, a in found if provider_of_selector(s, a.cnames, providers) is provider]
        if own:
            names = ", ".join(f"{s}._domainkey" for s, _ in own)
            checks.append(Check(Verdict.PASS, f"{provider.name} DKIM found: {names}"))
        elif provider.unguessable_selectors:
            checks.append(
                Check(
                    Verdict.UNKNOWN,
                    f"{provider.name} DKIM not verifiable: {provider.unguessable_selectors}",
                )
            )
        else:
            tried = ", ".join(provider.dkim_selectors)
            checks.append(
                Check(Verdict.WARN, f"{provider.name} DKIM selector not found (tried {tried})")
            )
    if any(c.verdict is Verdict.PASS for c in checks):
        # One service signing is enough; the others may be leftovers or send from subdomains.
        checks = [c for c in checks if c.verdict is Verdict.PASS]
    return checks


def _dmarc_check(snapshot: DnsSnapshot) -> Check:
    failures = []
    for domain in snapshot.mail_domains():
        answer = snapshot.get(f"_dmarc.{domain}", "TXT")
        if answer.outcome is Outcome.ERROR:
            failures.append(answer)
            continue
        records = [r for r in answer.records if r.strip().lower().startswith("v=dmarc1")]
        if len(records) > 1:
            return Check(Verdict.FAIL, f"_dmarc.{domain} has {len(records)} DMARC records: invalid")
        if records:
            tags = dmarc_tags(records[0])
            tag, policy = "p", tags.get("p", "").lower()
            if domain != snapshot.target.apex and tags.get("sp", "").strip():
                # The organisational domain's record covers the apex, a subdomain, with sp=.
                tag, policy = "sp", tags["sp"].strip().lower()
                if policy not in ("quarantine", "reject", "none"):
                    return Check(
                        Verdict.FAIL, f"DMARC sp= for subdomains is not valid: {records[0]}"
                    )
                if policy == "none":
                    return Check(
                        Verdict.WARN,
                        f"DMARC of {domain} has sp=none: mail from {snapshot.target.apex}, a "
                        f"subdomain, is only reported, not protected: {records[0]}",
                    )
            if policy in ("quarantine", "reject"):
                pct = tags.get("pct", "100").strip()
                if pct != "100":
                    # pct=0 applies the policy to no message at all: it only reports.
                    return Check(
                        Verdict.WARN,
                        f"DMARC {tag}={policy} applies to only pct={pct}% of failing mail: "
                        f"{records[0]}",
                    )
                return Check(Verdict.PASS, f"DMARC {tag}={policy}: {records[0]}")
            if policy == "none":
                return Check(
                    Verdict.WARN,
                    f"DMARC p=none only reports, it protects nothing: {records[0]}",
                )
            return Check(Verdict.FAIL, f"DMARC record without a valid p= policy: {records[0]}")
    if failures:
        return Check(Verdict.UNKNOWN, f"DMARC unknown: {failures[0].describe()}")
    return Check(
        Verdict.FAIL,
        f"no DMARC record at _dmarc.{snapshot.target.apex}: Gmail and Yahoo require one of "
        "bulk senders, and without it receivers cannot reject spoofed mail",
    )


def judge_email_service(snapshot: DnsSnapshot) -> Finding:
    """SPF naming a known service, that service's DKIM selector, and an enforcing DMARC."""
    checks, includes = _spf_checks(snapshot)
    found = _dkim_found(snapshot)
    providers = providers_in_spf(includes)
    for selector, answer in found:
        owner = provider_of_selector(selector, answer.cnames, providers)
        if owner is not None and owner not in providers:
            providers.append(owner)
    transactional = [p for p in providers if p.transactional]
    mailbox_only = [p.name for p in providers if not p.transactional]
    if transactional:
        checks.append(Check(Verdict.PASS, f"service: {', '.join(p.name for p in transactional)}"))
        checks += _dkim_checks(snapshot, providers, found)
    elif checks[0].verdict is not Verdict.UNKNOWN:
        what = f"only a mailbox host ({', '.join(mailbox_only)})" if mailbox_only else "none"
        checks.append(
            Check(
                Verdict.WARN,
                f"no known transactional e-mail service in SPF or DKIM: {what}",
            )
        )
    checks.append(_dmarc_check(snapshot))
    orphans = [
        f"{s}._domainkey" for s, a in found if provider_of_selector(s, a.cnames, providers) is None
    ]
    notes = [
        "SPF includes: " + (", ".join(includes) or "none"),
        "DKIM keys found: "
        + (", ".join(f"{s}._domainkey" for s, _ in found) or "none")
        + (f" (not attributed: {', '.join(orphans)})" if orphans else ""),
        f"Selectors tried on {snapshot.target.apex}: {', '.join(ALL_SELECTORS)}. "
        "A service that sends from a subdomain (e.g. mg.example.org) is not looked for there.",
        f"Answers from {snapshot.resolver}.",
    ]
    return finding_from_checks(
        ITEM,
        PROBE,
        checks,
        passed="SPF, DKIM and an enforcing DMARC policy are in place for "
        + ", ".join(p.name for p in transactional),
        notes=notes,
    )
