"""Judge "Configure SSL certificates autorenewal" from the certificate the server presents.

Nobody outside can see a renewal job, so this is a heuristic, stated in every verdict:
- a certificate from an ACME CA (Let's Encrypt, ZeroSSL, Google Trust Services, Buypass) is
  almost always renewed by an ACME client → pass;
- a lifetime of 90 days or less cannot be kept up by hand for long → pass;
- anything longer-lived → warn: probably bought and installed by hand;
- an untrusted certificate, or one that does not name the host → unknown (it can claim any
  issuer, or is another site's; "SSL health" fails it);
- expired → fail (renewal did not happen); less than a sixth of the lifetime left on a short-lived
  certificate → warn (ACME clients renew with a third left: renewal may be failing).
"""

from __future__ import annotations

from launchtui.probes.model import Finding, Verdict
from launchtui.probes.tls.certificate import name_matches
from launchtui.probes.tls.report import TlsReport

ITEM = "server-ssl-autorenewal"
PROBE = "tls"
SHORT_LIVED_DAYS = 90
HEURISTIC = (
    "Heuristic: an ACME issuer (Let's Encrypt, ZeroSSL, Google Trust Services, Buypass) or a "
    f"lifetime ≤ {SHORT_LIVED_DAYS} days means automated renewal; the renewal job itself "
    "cannot be seen from outside."
)


def judge_autorenewal(report: TlsReport) -> Finding:
    """Pass for ACME or short-lived certificates, warn for long-lived, fail once expired."""
    if report.error or not report.deployments:
        reason = report.error or f"no certificate retrieved ({report.certificate_error})"
        return Finding(ITEM, Verdict.UNKNOWN, f"{report.host}: {reason}", PROBE, HEURISTIC)
    deployment = report.deployments[0]
    cert = deployment.certificate
    days_left = cert.days_left()
    lifetime = cert.lifetime_days
    facts = (
        f"issuer {cert.issuer}; valid {cert.not_before:%Y-%m-%d} → {cert.not_after:%Y-%m-%d} "
        f"({lifetime} days, {days_left} left)"
    )
    detail = f"{facts}\n{HEURISTIC}"
    if days_left < 0:
        return Finding(
            ITEM,
            Verdict.FAIL,
            f"certificate expired {-days_left} days ago: not renewed",
            PROBE,
            detail,
        )
    if not name_matches(report.host, cert.names):
        # Another site's (or a default) certificate says nothing about this site's renewal;
        # the stdlib fallback's trust check does not look at names, so this is checked here.
        return Finding(
            ITEM,
            Verdict.UNKNOWN,
            f"the certificate served does not name {report.host} "
            f"({', '.join(cert.names) or 'no subjectAltName'}): it says nothing about this "
            "site's renewal (see SSL health)",
            PROBE,
            detail,
        )
    if not deployment.trusted:
        return Finding(
            ITEM,
            Verdict.UNKNOWN,
            f"certificate {deployment.trust_note}: without a trusted chain its issuer and "
            "lifetime say nothing about renewal (see SSL health)",
            PROBE,
            detail,
        )
    acme = cert.acme_issuer()
    short_lived = lifetime <= SHORT_LIVED_DAYS
    if acme or short_lived:
        why = f"issued by {acme} (ACME)" if acme else f"{lifetime}-day certificate"
        if days_left < max(lifetime / 6, 1):
            return Finding(
                ITEM,
                Verdict.WARN,
                f"{why}, but only {days_left} days left: ACME clients renew with a third of the "
                "lifetime left — check that renewal is not failing",
                PROBE,
                detail,
            )
        return Finding(ITEM, Verdict.PASS, f"{why}: renewed automatically", PROBE, detail)
    return Finding(
        ITEM,
        Verdict.WARN,
        f"{lifetime}-day certificate from {cert.issuer}: looks installed by hand; "
        "automate renewal (ACME) or diarise it",
        PROBE,
        detail,
    )
