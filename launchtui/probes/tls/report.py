"""A TLS scan's result in plain terms, whichever scanner (sslyze or the stdlib) produced it.

``None`` anywhere means "not tested" (the scanner could not, or the test failed): judges turn it
into ``unknown``, never into a pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from launchtui.probes.tls.certificate import CertificateSummary

PROTOCOLS = ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3")
OBSOLETE_PROTOCOLS = ("SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1")


@dataclass(frozen=True)
class Deployment:
    """One leaf certificate the server presents (servers may hold an RSA and an ECDSA one)."""

    certificate: CertificateSummary
    trusted: bool | None  # the chain validated against a trust store (the --ca-bundle counts)
    trust_note: str  # which store accepted it, or why none did


@dataclass
class TlsReport:
    """What one server at ``host:port`` (reached at ``address``) showed a scanner."""

    host: str
    port: int
    address: str
    scanner: str  # "sslyze 6.3.1", or the stdlib fallback with the reason
    error: str | None = None  # set when no TLS connection could be made at all
    deployments: list[Deployment] = field(default_factory=list)
    certificate_error: str = ""  # why no certificate came back, when none did
    protocols: dict[str, bool | None] = field(default_factory=dict)
    protocol_notes: dict[str, str] = field(default_factory=dict)
    weak_ciphers: list[str] | None = None
    # Vulnerability name → (vulnerable?, note). ``None`` vulnerable: not tested.
    vulnerabilities: dict[str, tuple[bool | None, str]] = field(default_factory=dict)
    mozilla_issues: dict[str, str] | None = None  # rule → message; {} is compliant
    mozilla_note: str = ""  # why the profile could not be checked
    complete: bool = True  # False for the stdlib fallback: some tests were not possible

    def accepted_protocols(self) -> list[str]:
        """Protocol versions the server accepted."""
        return [p for p in PROTOCOLS if self.protocols.get(p)]

    def only_tls13(self) -> bool:
        """Whether TLS 1.3 is the one version accepted (renegotiation, compression and
        downgrades do not exist there)."""
        return self.accepted_protocols() == ["TLS 1.3"]
