"""Fixtures for the TLS and DNS probe tests: a test PKI, TLS servers and DNS zones on loopback.

Nothing leaves the machine: every host a test names is pinned to 127.0.0.1 or served by the
loopback DNS server, and the project-wide guard fails any system-resolver lookup.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from launchtui.probes.context import ProbeContext
from launchtui.probes.facts.dns import DnsFacts
from launchtui.probes.facts.tls import TlsFacts
from launchtui.probes.family import FamilyContext
from launchtui.probes.model import Finding
from launchtui.probes.target import Target
from tests.probes_tls_dns.tls_servers import LEGACY, TLS10_ONLY, TlsSettings, serve_tls
from tests.support.pki import CertFiles, TestCA, self_signed

ACME_CA_NAME = "(TEST) Let's Encrypt R10"


@dataclass(frozen=True)
class Pki:
    """Certificates for every TLS scenario, and one bundle trusting both test CAs."""

    bundle: Path
    by_name: dict[str, CertFiles]
    good: CertFiles


def _issue_all(folder: Path) -> Pki:
    ca = TestCA(folder / "ca")
    acme = TestCA(folder / "acme", name=ACME_CA_NAME)
    bundle = folder / "bundle.pem"
    bundle.write_bytes(ca.cert_path.read_bytes() + acme.cert_path.read_bytes())
    good = ca.issue("good.test", "www.good.test", "api.good.test")
    half = ca.issue("half.test", "api.half.test")
    by_name = {
        "good.test": good,
        "www.good.test": good,
        "api.good.test": good,
        "expired.test": ca.issue("expired.test", days_valid=30, not_before_days_ago=40),
        "wrong.test": ca.issue("other.test"),
        "self.test": self_signed(folder, "self.test"),
        "soon.test": ca.issue("soon.test", days_valid=90, not_before_days_ago=70),
        "imminent.test": ca.issue("imminent.test", days_valid=90, not_before_days_ago=80),
        "longlived.test": ca.issue("longlived.test", days_valid=365),
        "acme.test": acme.issue("acme.test", days_valid=365),
        # www of a site whose apex is fine but whose twin serves another site's certificate
        "www.half.test": ca.issue("other.test", filename="half-www"),
        "half.test": half,
        "api.half.test": half,
    }
    return Pki(bundle, by_name, good)


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """The test CAs and all leaf certificates (made once per session)."""
    return _issue_all(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def modern_port(pki: Pki) -> Iterator[int]:
    """A server meeting Mozilla's intermediate profile, choosing its certificate by SNI."""
    with serve_tls(pki.by_name, pki.good) as port:
        yield port


@pytest.fixture(scope="session")
def legacy_port(pki: Pki) -> Iterator[int]:
    """A server still accepting TLS 1.0 and every cipher OpenSSL has (security level 0)."""
    with serve_tls(pki.by_name, pki.good, LEGACY) as port:
        yield port


@pytest.fixture(scope="session")
def tls10_only_port(pki: Pki) -> Iterator[int]:
    """A server that speaks TLS 1.0 and nothing newer."""
    with serve_tls(pki.by_name, pki.good, TLS10_ONLY) as port:
        yield port


@pytest.fixture(scope="session")
def tls13_only_port(pki: Pki) -> Iterator[int]:
    """A server that speaks TLS 1.3 and nothing older (Mozilla's "modern" profile)."""
    settings = TlsSettings(minimum=ssl.TLSVersion.TLSv1_3)
    with serve_tls(pki.by_name, pki.good, settings) as port:
        yield port


@pytest.fixture(scope="session")
def stock_port(pki: Pki) -> Iterator[int]:
    """A server with OpenSSL's default ciphers and curves: safe, but not Mozilla intermediate."""
    with serve_tls(pki.by_name, pki.good, TlsSettings(ciphers=None, curve=None)) as port:
        yield port


@pytest.fixture(scope="session")
def no_alpn_port(pki: Pki) -> Iterator[int]:
    """A server that ignores ALPN."""
    with serve_tls(pki.by_name, pki.good, TlsSettings(alpn=())) as port:
        yield port


def pins_for(host: str) -> dict[str, str]:
    """Pin ``host`` and its apex/www/api twins to 127.0.0.1."""
    apex = host.removeprefix("www.")
    return {h: "127.0.0.1" for h in (host, apex, f"www.{apex}", f"api.{apex}")}


@pytest.fixture
def make_target(pki: Pki) -> Callable[..., Target]:
    """``make_target("good.test", port, **options)``: pinned, trusting the test CAs."""

    def make(host: str, port: int, **options: Any) -> Target:
        options.setdefault("resolve", pins_for(host))
        options.setdefault("ca_bundle", pki.bundle)
        options.setdefault("timeout", 2.0)
        return Target(f"https://{host}:{port}/", **options)

    return make


def context(target: Target, *families: str) -> ProbeContext:
    """A probe context as the runner builds it."""
    return ProbeContext.start(target, families or ("tls", "dns"))


def tls_context(target: Target) -> FamilyContext[TlsFacts]:
    """What the runner hands the tls family."""
    ctx = context(target, "tls")
    assert ctx.tls is not None
    return ctx.for_family(ctx.tls)


def dns_context(target: Target) -> FamilyContext[DnsFacts]:
    """What the runner hands the dns family."""
    ctx = context(target, "dns")
    assert ctx.dns is not None
    return ctx.for_family(ctx.dns)


async def collect(findings: AsyncIterator[Finding]) -> dict[str, Finding]:
    """Findings by item id (each family emits one per item)."""
    by_item: dict[str, Finding] = {}
    async for finding in findings:
        assert finding.item_id not in by_item, f"two findings for {finding.item_id}"
        by_item[finding.item_id] = finding
    return by_item
