"""Judge "Test SSL health" from a :class:`TlsReport`.

Fail: SSL 2/3 or TLS 1.0/1.1 accepted; a certificate not trusted, not naming the host, expired
or expiring within 14 days; weak cipher suites (NULL, anonymous, export, RC4, DES/3DES, MD5…);
Heartbleed, ROBOT, CCS injection, insecure renegotiation or TLS compression.
Warn: expiry within 30 days; no TLS_FALLBACK_SCSV; client-initiated renegotiation; and any rule
of Mozilla's "intermediate" profile that fails while nothing above does — a profile-only
deviation (stock hypercorn offers curves the profile leaves out, for instance) is a hardening
recommendation, not a vulnerability, so it warns and names every failed rule.
Unknown: whatever could not be tested; the stdlib fallback therefore never passes.
"""

from __future__ import annotations

import re

from launchtui.probes.evidence import Check, finding_from_checks
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.tls.certificate import EXPIRY_FAIL_DAYS, EXPIRY_WARN_DAYS, name_matches
from launchtui.probes.tls.report import OBSOLETE_PROTOCOLS, PROTOCOLS, TlsReport

ITEM = "server-ssl-health"
PROBE = "tls"
# Vulnerabilities that only warn: a missing downgrade guard, a DoS vector.
_WARN_ONLY = {"TLS downgrade (no TLS_FALLBACK_SCSV)", "client-initiated renegotiation (DoS)"}
# sslyze names the offending suites or curves as a Python set: unordered, one run to the next.
_SET_LITERAL = re.compile(r"\{([^{}]*)\}")
_SHOWN = 3
# Attacks on features TLS 1.3 removed: not applicable to a TLS 1.3-only server.
_TLS12_ONLY = {
    "insecure renegotiation",
    "client-initiated renegotiation (DoS)",
    "TLS compression (CRIME)",
    "TLS downgrade (no TLS_FALLBACK_SCSV)",
}


def certificate_checks(report: TlsReport) -> list[Check]:
    """Trust, name and expiry of every certificate the server presents."""
    checks = []
    if not report.deployments:
        reason = report.certificate_error or "no detail"
        return [Check(Verdict.UNKNOWN, f"certificate not retrieved: {reason}")]
    for deployment in report.deployments:
        cert = deployment.certificate
        label = f"certificate ({cert.issuer})" if len(report.deployments) > 1 else "certificate"
        if deployment.trusted is None:
            checks.append(Check(Verdict.UNKNOWN, f"{label}: {deployment.trust_note}"))
        else:
            checks.append(
                Check(
                    Verdict.PASS if deployment.trusted else Verdict.FAIL,
                    f"{label} {deployment.trust_note}",
                )
            )
        names = ", ".join(cert.names) or "no subjectAltName"
        if name_matches(report.host, cert.names):
            checks.append(Check(Verdict.PASS, f"{label} names {report.host} ({names})"))
        else:
            checks.append(
                Check(Verdict.FAIL, f"{label} does not name {report.host} (it names {names})")
            )
        days = cert.days_left()
        expiry = f"expires {cert.not_after:%Y-%m-%d}"
        if days < 0:
            checks.append(
                Check(Verdict.FAIL, f"{label} expired {-days} days ago ({cert.not_after:%Y-%m-%d})")
            )
        elif days < EXPIRY_FAIL_DAYS:
            checks.append(Check(Verdict.FAIL, f"{label} {expiry}, in {days} days"))
        elif days < EXPIRY_WARN_DAYS:
            checks.append(Check(Verdict.WARN, f"{label} {expiry}, in {days} days"))
        else:
            checks.append(Check(Verdict.PASS, f"{label} {expiry} ({days} days left)"))
    return checks


def _protocol_checks(report: TlsReport) -> list[Check]:
    checks = []
    for protocol in PROTOCOLS:
        accepted = report.protocols.get(protocol)
        note = report.protocol_notes.get(protocol, "")
        if accepted is None:
            checks.append(Check(Verdict.UNKNOWN, f"{protocol}: {note or 'not tested'}"))
        elif protocol in OBSOLETE_PROTOCOLS:
            checks.append(
                Check(Verdict.FAIL, f"{protocol} accepted: obsolete, disable it")
                if accepted
                else Check(Verdict.PASS, f"{protocol} refused")
            )
        else:
            checks.append(
                Check(Verdict.PASS, f"{protocol} {'accepted' if accepted else 'not offered'}")
            )
    if not any(report.protocols.get(p) for p in ("TLS 1.2", "TLS 1.3")):
        checks.append(Check(Verdict.FAIL, "neither TLS 1.2 nor TLS 1.3 is offered"))
    return checks


def _cipher_check(report: TlsReport) -> Check:
    if report.weak_ciphers is None:
        return Check(Verdict.UNKNOWN, "cipher suites not tested")
    if report.weak_ciphers:
        return Check(Verdict.FAIL, f"weak cipher suites accepted: {', '.join(report.weak_ciphers)}")
    return Check(Verdict.PASS, "no weak cipher suites (NULL, anonymous, export, RC4, DES, MD5)")


def _vulnerability_checks(report: TlsReport) -> list[Check]:
    checks = []
    tls13_only = report.only_tls13()
    for name, (vulnerable, note) in report.vulnerabilities.items():
        if tls13_only and name in _TLS12_ONLY:
            checks.append(Check(Verdict.PASS, f"{name}: not applicable to TLS 1.3 only"))
        elif vulnerable is None:
            checks.append(Check(Verdict.UNKNOWN, f"{name}: {note or 'not tested'}"))
        elif vulnerable:
            verdict = Verdict.WARN if name in _WARN_ONLY else Verdict.FAIL
            checks.append(Check(verdict, f"vulnerable: {name}"))
        else:
            checks.append(Check(Verdict.PASS, f"not vulnerable: {name}"))
    return checks


def _sorted_sets(message: str) -> str:
    """sslyze's ``{'B', 'A'} are supported`` as ``A, B, … (N) are supported``: sorted, so the
    evidence does not change between runs, and cut after a few names."""

    def shown(match: re.Match[str]) -> str:
        names = sorted(n.strip(" '\"") for n in match.group(1).split(",") if n.strip())
        more = f", … ({len(names)} in all)" if len(names) > _SHOWN else ""
        return ", ".join(names[:_SHOWN]) + more

    return _SET_LITERAL.sub(shown, message).rstrip(". ")


def _mozilla_check(report: TlsReport) -> Check:
    if report.mozilla_issues is None:
        return Check(Verdict.UNKNOWN, report.mozilla_note or "Mozilla profile not checked")
    if not report.mozilla_issues:
        return Check(Verdict.PASS, 'meets Mozilla\'s "intermediate" profile')
    rules = "; ".join(
        f"{rule}: {_sorted_sets(message)}"
        for rule, message in sorted(report.mozilla_issues.items())
    )
    return Check(Verdict.WARN, f'Mozilla "intermediate" profile not met — {rules}')


def judge_health(report: TlsReport) -> Finding:
    """Every check in the detail; the worst decides."""
    where = f"{report.host}:{report.port} ({report.address})"
    if report.error:
        return Finding(
            ITEM, Verdict.UNKNOWN, f"{where}: {report.error}", PROBE, f"Scanner: {report.scanner}"
        )
    checks = [
        *_protocol_checks(report),
        *certificate_checks(report),
        _cipher_check(report),
        *_vulnerability_checks(report),
        _mozilla_check(report),
    ]
    versions = [p.removeprefix("TLS ") for p in report.accepted_protocols()]
    notes = [f"Scanned {where} with {report.scanner}."]
    if not report.complete:
        notes.append(
            "Partial scan: cipher suites, SSL 2/3 and the vulnerability tests need sslyze, so this "
            "verdict cannot be a pass."
        )
    return finding_from_checks(
        ITEM,
        PROBE,
        checks,
        passed=f"{report.host}: TLS {' and '.join(versions)}, trusted certificate, "
        "no known weakness, Mozilla intermediate met",
        notes=notes,
        if_unknown=None
        if report.complete
        else f"partial check only, no problem seen ({report.scanner}); cipher suites, SSL 2/3 "
        "and vulnerability tests need sslyze",
    )
