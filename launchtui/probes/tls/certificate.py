"""What a leaf certificate says about itself: names, dates, issuer. Plain ``cryptography``."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

EXPIRY_FAIL_DAYS = 14
EXPIRY_WARN_DAYS = 30

# Issuers whose certificates come from ACME (RFC 8555), i.e. from a client that renews on its own.
# Matched against the issuer's organisation and common name, lower case. Sectigo and SSL.com also
# offer ACME, but their ACME certificates share issuers with hand-bought ones: those are left to
# the lifetime rule.
ACME_ISSUERS: tuple[tuple[str, str], ...] = (
    ("let's encrypt", "Let's Encrypt"),
    ("zerossl", "ZeroSSL"),
    ("google trust services", "Google Trust Services"),
    ("buypass", "Buypass"),
)


@dataclass(frozen=True)
class CertificateSummary:
    """The facts about a leaf certificate that verdicts need."""

    subject: str
    issuer: str
    names: tuple[str, ...]
    not_before: dt.datetime
    not_after: dt.datetime
    self_signed: bool = False

    @property
    def lifetime_days(self) -> int:
        """Days between the start and the end of validity."""
        return (self.not_after - self.not_before).days

    def days_left(self, now: dt.datetime | None = None) -> int:
        """Whole days until expiry (negative once expired)."""
        now = now or dt.datetime.now(dt.UTC)
        return int((self.not_after - now).total_seconds() // 86400)

    def acme_issuer(self) -> str | None:
        """The ACME CA that issued the certificate, recognised by the issuer name, or None."""
        issuer = self.issuer.lower()
        return next((label for needle, label in ACME_ISSUERS if needle in issuer), None)


def summarize(cert: x509.Certificate) -> CertificateSummary:
    """Names, issuer and validity period of ``cert``."""
    return CertificateSummary(
        subject=cert.subject.rfc4514_string(),
        issuer=_issuer_text(cert.issuer),
        names=tuple(subject_names(cert)),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=cert.issuer == cert.subject,
    )


def _issuer_text(name: x509.Name) -> str:
    parts = []
    for oid in (NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME):
        parts += [str(attr.value) for attr in name.get_attributes_for_oid(oid)]
    return ", ".join(parts) or name.rfc4514_string()


def subject_names(cert: x509.Certificate) -> list[str]:
    """DNS names and IP addresses in the subjectAltName (browsers ignore the CN)."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    names = [n.lower() for n in san.get_values_for_type(x509.DNSName)]
    return names + [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]


def name_matches(host: str, names: tuple[str, ...] | list[str]) -> bool:
    """Whether ``host`` is covered by one of ``names`` (RFC 6125: a wildcard covers one label)."""
    host = host.lower().rstrip(".")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    for name in names:
        if address is not None:
            if _same_ip(name, address):
                return True
            continue
        if name == host:
            return True
        if name.startswith("*.") and "." in host:
            label, rest = host.split(".", 1)
            if label and rest == name[2:] and rest.count(".") >= 1:
                return True
    return False


def _same_ip(name: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    try:
        return ipaddress.ip_address(name) == address
    except ValueError:
        return False
