"""The tls and dns families through the real runner, against loopback DNS and TLS servers."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from launchtui.catalog import load_bundled
from launchtui.probes.context import ProbeContext
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.runner import covered_items, run_probes
from launchtui.probes.target import Target
from tests.probes_tls_dns import zones
from tests.probes_tls_dns.conftest import Pki
from tests.probes_tls_dns.dns_zone_server import Zone, ZoneResolver, serve_dns

ITEM_PROBES = {item.id: item.probes for item in load_bundled().items()}


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    half = (
        Zone("half.test")
        .add("half.test", "NS", "ns1.half.test")
        .add("ns1.half.test", "A", "127.0.0.1")
        .add("half.test", "A", "127.0.0.1")
        .add("www.half.test", "A", "127.0.0.1")
    )
    with serve_dns(ZoneResolver([zones.well_configured(), half])) as port:
        yield port


async def run(target: Target, families: tuple[str, ...]) -> dict[str, list[Finding]]:
    by_item: dict[str, list[Finding]] = {}
    async for finding in run_probes(ProbeContext.start(target, families), ITEM_PROBES):
        by_item.setdefault(finding.item_id, []).append(finding)
    return by_item


def target(host: str, tls_port: int, dns_port: int, pki: Pki) -> Target:
    return Target(
        f"https://{host}:{tls_port}/",
        nameserver=("127.0.0.1", dns_port),
        ca_bundle=pki.bundle,
        timeout=2.0,
    )


async def test_every_covered_item_gets_a_verdict(pki: Pki, modern_port: int, dns_port: int) -> None:
    findings = await run(target("good.test", modern_port, dns_port, pki), ("tls", "dns"))
    assert set(findings) == set(covered_items(ITEM_PROBES, ("tls", "dns")))
    assert not any(f.probe == "runner" for fs in findings.values() for f in fs)
    assert findings["server-ssl-health"][0].verdict is Verdict.PASS
    assert findings["dns-records"][0].verdict is Verdict.PASS
    # Items that also need the http family say so instead of passing on half the evidence.
    everything = findings["server-ssl-everything"][0]
    assert everything.verdict is Verdict.UNKNOWN
    assert "http probes were not run" in everything.evidence
    assert findings["seo-webmasters"][0].verdict is Verdict.PASS  # the TXT record proves it


async def test_an_existing_twin_with_a_bad_certificate_fails_ssl_everything(
    pki: Pki, modern_port: int, dns_port: int
) -> None:
    findings = await run(target("half.test", modern_port, dns_port, pki), ("tls", "dns"))
    everything = findings["server-ssl-everything"][0]
    assert everything.verdict is Verdict.FAIL
    assert "www.half.test" in everything.evidence
    assert "api.half.test: does not exist in DNS" in everything.detail


def test_importing_the_families_loads_neither_sslyze_nor_dnspython() -> None:
    code = (
        "import sys, launchtui.probes.tls, launchtui.probes.dns, launchtui.probes.combined\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sslyze', 'nassl', 'dns'))\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
