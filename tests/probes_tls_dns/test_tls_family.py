"""The TLS family against real TLS servers on loopback, with sslyze and with the stdlib fallback."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import pytest

from launchtui.probes import tls
from launchtui.probes.facts.tls import HostValidity
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import Target, TargetError
from launchtui.probes.tls.scanner import NO_SSLYZE_ENV
from tests.probes_tls_dns.conftest import collect, tls_context
from tests.probes_tls_dns.tls_servers import silent_tcp_port
from tests.support.servers import refused_port

MakeTarget = Callable[..., Target]


class TlsRun(NamedTuple):
    """The facts of one run of the tls family, valid checked to be there."""

    valid: dict[str, HostValidity]
    alpn: str | None


async def run_tls(target: Target) -> tuple[dict[str, Finding], TlsRun]:
    ctx = tls_context(target)
    findings = await collect(tls.run(ctx))
    assert ctx.facts.valid is not None, "the tls family always checks every host"
    return findings, TlsRun(ctx.facts.valid, ctx.facts.alpn)


@pytest.fixture(params=["sslyze", "stdlib"])
def scanner(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with each scanner; the fallback is chosen the documented way."""
    if request.param == "stdlib":
        monkeypatch.setenv(NO_SSLYZE_ENV, "1")
    else:
        monkeypatch.delenv(NO_SSLYZE_ENV, raising=False)
    return request.param


# --- SSL health -----------------------------------------------------------------------------


async def test_well_configured_server_passes_health_with_sslyze(
    make_target: MakeTarget, modern_port: int
) -> None:
    findings, _ = await run_tls(make_target("good.test", modern_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.PASS, health.detail
    assert "sslyze" in health.detail
    assert "trusted by --ca-bundle" in health.detail
    assert "TLS 1.0 refused" in health.detail


async def test_tls13_only_server_passes_without_tls12_era_checks(
    make_target: MakeTarget, tls13_only_port: int
) -> None:
    findings, _ = await run_tls(make_target("good.test", tls13_only_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.PASS, health.detail
    assert "insecure renegotiation: not applicable to TLS 1.3 only" in health.detail


async def test_stdlib_fallback_never_passes_a_partial_scan(
    make_target: MakeTarget, modern_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_SSLYZE_ENV, "1")
    findings, _ = await run_tls(make_target("good.test", modern_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.UNKNOWN
    assert "partial check only" in health.evidence
    assert "sslyze not used" in health.evidence
    assert "TLS 1.0 refused" in health.detail
    assert "Heartbleed: not testable without sslyze" in health.detail


async def test_tls10_server_fails_health(
    make_target: MakeTarget, legacy_port: int, scanner: str
) -> None:
    findings, _ = await run_tls(make_target("good.test", legacy_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.FAIL
    assert "TLS 1.0 accepted" in health.evidence
    if scanner == "sslyze":
        assert "weak cipher suites accepted" in health.evidence
        assert "tls_versions" in health.detail  # the Mozilla rule is named too


async def test_server_a_modern_client_cannot_reach_is_still_scanned(
    make_target: MakeTarget, tls10_only_port: int, scanner: str
) -> None:
    findings, facts = await run_tls(make_target("good.test", tls10_only_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.FAIL
    assert "TLS 1.0 accepted" in health.evidence
    assert "neither TLS 1.2 nor TLS 1.3 is offered" in health.evidence
    assert facts.valid["good.test"].verdict == "fail"  # browsers refuse TLS 1.0
    assert findings["server-http2"].verdict is Verdict.UNKNOWN


async def test_sslyze_reports_a_refused_connection(pki) -> None:
    from launchtui.probes.tls.scanner import scan_server

    with refused_port() as port:
        report = scan_server(
            "good.test", port, "127.0.0.1", ca_file=pki.bundle, timeout=1, use_sslyze=True
        )
    assert report.scanner.startswith("sslyze")
    assert report.error is not None and "no TLS connection" in report.error


async def test_profile_only_deviation_warns_and_names_every_failed_rule(
    make_target: MakeTarget, stock_port: int
) -> None:
    findings, _ = await run_tls(make_target("good.test", stock_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.WARN, health.detail
    assert 'Mozilla "intermediate" profile not met' in health.evidence
    assert "tls_curves" in health.evidence
    assert "ciphers" in health.evidence
    # sslyze lists suites and curves as Python sets: shown sorted, so a rerun says the same.
    assert "{" not in health.evidence and "'" not in health.evidence
    assert "X448, secp521r1 are supported" in health.evidence


@pytest.mark.parametrize(
    ("host", "expected", "browsers_accept"),
    [
        ("expired.test", "expired", "fail"),
        ("wrong.test", "does not name wrong.test", "fail"),
        ("self.test", "self-signed", "fail"),
        ("imminent.test", "in 9 days", "pass"),  # still valid, but renewal is overdue
    ],
)
async def test_certificate_problems_fail_health(
    make_target: MakeTarget,
    modern_port: int,
    scanner: str,
    host: str,
    expected: str,
    browsers_accept: str,
) -> None:
    findings, facts = await run_tls(make_target(host, modern_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.FAIL
    assert expected in health.evidence
    assert facts.valid[host].verdict == browsers_accept


async def test_certificate_expiring_within_30_days_warns(
    make_target: MakeTarget, modern_port: int
) -> None:
    findings, facts = await run_tls(make_target("soon.test", modern_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.WARN
    assert "in 19 days" in health.evidence
    assert facts.valid["soon.test"].verdict == "pass"


async def test_refused_connection_is_unknown_not_a_crash(
    make_target: MakeTarget, scanner: str
) -> None:
    with refused_port() as port:
        findings, facts = await run_tls(make_target("good.test", port))
    assert {f.verdict for f in findings.values()} == {Verdict.UNKNOWN}
    assert "no TLS connection" in findings["server-ssl-health"].evidence
    assert facts.valid["good.test"].verdict == "fail"  # nothing listens: refused


async def test_silent_server_times_out_as_unknown(make_target: MakeTarget, scanner: str) -> None:
    with silent_tcp_port() as port:
        findings, facts = await run_tls(make_target("good.test", port, timeout=1.0))
    assert {f.verdict for f in findings.values()} == {Verdict.UNKNOWN}
    assert facts.valid["good.test"].verdict == "unknown"
    assert facts.alpn is None


async def test_unresolvable_host_is_unknown(make_target: MakeTarget, modern_port: int) -> None:
    from tests.probes_tls_dns.dns_zone_server import Zone, ZoneResolver, serve_dns

    zone = Zone("missing.test").add("missing.test", "NS", "ns1.missing.test")
    with serve_dns(ZoneResolver([zone])) as dns_port:
        target = make_target(
            "missing.test", modern_port, resolve={}, nameserver=("127.0.0.1", dns_port)
        )
        findings, facts = await run_tls(target)
    assert {f.verdict for f in findings.values()} == {Verdict.UNKNOWN}
    assert "cannot reach the server" in findings["server-ssl-health"].evidence
    assert facts.valid["www.missing.test"].resolves is None


# --- Autorenewal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "verdict", "expected"),
    [
        ("good.test", Verdict.PASS, "90-day certificate"),
        ("acme.test", Verdict.PASS, "issued by Let's Encrypt (ACME)"),
        ("longlived.test", Verdict.WARN, "365-day certificate"),
        ("imminent.test", Verdict.WARN, "only 9 days left"),
        ("expired.test", Verdict.FAIL, "expired"),
        ("self.test", Verdict.UNKNOWN, "not trusted"),
    ],
)
async def test_autorenewal(
    make_target: MakeTarget,
    modern_port: int,
    scanner: str,
    host: str,
    verdict: Verdict,
    expected: str,
) -> None:
    findings, _ = await run_tls(make_target(host, modern_port))
    finding = findings["server-ssl-autorenewal"]
    assert finding.verdict is verdict, finding.evidence
    assert expected in finding.evidence
    assert "Heuristic" in finding.detail


# --- HTTP/2 through ALPN --------------------------------------------------------------------


async def test_alpn_h2_passes(make_target: MakeTarget, modern_port: int) -> None:
    findings, facts = await run_tls(make_target("good.test", modern_port))
    assert findings["server-http2"].verdict is Verdict.PASS
    assert facts.alpn == "h2"


async def test_alpn_http11_only_fails(make_target: MakeTarget, legacy_port: int) -> None:
    findings, facts = await run_tls(make_target("good.test", legacy_port))
    assert findings["server-http2"].verdict is Verdict.FAIL
    assert facts.alpn == "http/1.1"


async def test_no_alpn_fails(make_target: MakeTarget, no_alpn_port: int) -> None:
    findings, facts = await run_tls(make_target("good.test", no_alpn_port))
    assert findings["server-http2"].verdict is Verdict.FAIL
    assert "ignores ALPN" in findings["server-http2"].evidence
    assert facts.alpn == "none"


# --- Per-host validity for "SSL for everything" ----------------------------------------------


async def test_each_twin_is_verified_on_its_own(make_target: MakeTarget, modern_port: int) -> None:
    _, facts = await run_tls(make_target("half.test", modern_port))
    valid = facts.valid
    assert valid["half.test"].verdict is Verdict.PASS
    assert valid["api.half.test"].verdict is Verdict.PASS
    assert valid["www.half.test"].verdict is Verdict.FAIL
    assert "www.half.test" in valid["www.half.test"].reason


# --- Falling back when sslyze cannot be imported -----------------------------------------------


async def test_missing_sslyze_falls_back_to_the_stdlib(
    make_target: MakeTarget, legacy_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from launchtui.probes.tls.scanner import sslyze_unavailable

    monkeypatch.delenv(NO_SSLYZE_ENV, raising=False)
    # None in sys.modules makes "import sslyze" raise ImportError, as on a machine without nassl.
    monkeypatch.setitem(sys.modules, "sslyze", None)
    monkeypatch.delitem(sys.modules, "launchtui.probes.tls.sslyze_scan", raising=False)
    assert "cannot be imported" in (sslyze_unavailable() or "")
    findings, _ = await run_tls(make_target("good.test", legacy_port))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.FAIL
    assert "sslyze not used: it cannot be imported" in health.detail
    assert "TLS 1.0 accepted" in health.evidence


async def test_malformed_ca_bundle_is_reported_not_a_crash(
    make_target: MakeTarget, modern_port: int, tmp_path, scanner: str
) -> None:
    bundle = tmp_path / "broken.pem"
    broken = "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
    bundle.write_text(broken)
    with pytest.raises(TargetError, match="no PEM CA certificate could be read"):
        make_target("good.test", modern_port, ca_bundle=bundle)  # the CLI's one-line error
    # A bundle that breaks after the target was accepted still only makes verdicts unknown.
    bundle.write_bytes(make_target("good.test", modern_port).ca_bundle.read_bytes())
    target = make_target("good.test", modern_port, ca_bundle=bundle)
    bundle.write_text(broken)
    findings, facts = await run_tls(target)
    assert findings["server-ssl-health"].verdict is not Verdict.PASS
    assert facts.valid["good.test"].verdict == "unknown"
    assert "no trust store" in facts.valid["good.test"].reason


async def test_ip_address_target_is_checked_against_the_address(
    make_target: MakeTarget, modern_port: int, scanner: str
) -> None:
    # No SNI for an address: the server answers with its default (good.test) certificate.
    findings, facts = await run_tls(make_target("127.0.0.1", modern_port, resolve={}))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.FAIL
    assert "does not name 127.0.0.1" in health.evidence
    assert set(facts.valid) == {"127.0.0.1"}
    assert facts.valid["127.0.0.1"].verdict == "fail"


async def test_scan_cut_off_by_the_deadline_is_unknown(make_target: MakeTarget, pki) -> None:
    from tests.probes_tls_dns.tls_servers import serve_tls

    # The first handshakes (the ALPN check, the per-host checks) succeed, then the server
    # swallows every connection, so sslyze would retry for minutes; the deadline ends the wait.
    with serve_tls(pki.by_name, pki.good, stall_after=4) as port:
        findings, _ = await run_tls(make_target("good.test", port, deadline=3.0))
    health = findings["server-ssl-health"]
    assert health.verdict is Verdict.UNKNOWN
    assert "did not finish before the run's deadline" in health.evidence
