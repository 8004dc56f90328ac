"""``launchtui probe`` exit codes and the verdicts a launch can be gated on, end to end.

A subprocess as a user or CI runs it, against real sites: an expired certificate is a finding
(exit 1, everything recorded), not "cannot reach" (exit 2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from launchtui.catalog import load_bundled
from launchtui.state import ItemStatus, StateStore
from tests.probes_http.conftest import EXPIRED, Site, trap_site
from tests.probes_tls_dns import zones
from tests.probes_tls_dns.dns_zone_server import ZoneResolver, serve_dns
from tests.support.pki import TestCA
from tests.support.servers import REPO, Server, free_port

DATA_HOME = tempfile.mkdtemp(prefix="launchtui-data-")


def probe(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m launchtui probe …`` (the caller picks the families with ``--only``)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment["XDG_DATA_HOME"] = DATA_HOME
    return subprocess.run(
        [sys.executable, "-m", "launchtui", "probe", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=180,
    )


def test_an_expired_certificate_is_a_finding_not_cannot_reach(
    expired_site: Site, tmp_path: Path
) -> None:
    state = tmp_path / "state.toml"
    done = probe(
        *expired_site.cli_args(), "--only", "http,tls", "--format", "json", "--state", str(state)
    )
    assert done.returncode == 1, done.stderr
    assert "cannot reach" not in done.stderr
    results = {r["id"]: r for r in json.loads(done.stdout)["results"]}
    # The TLS items fail with the reason ...
    health = results["server-ssl-health"]
    assert health["verdict"] == "fail" and "expired" in health["evidence"], health
    # ... and the HTTP evidence was gathered anyway, over a connection that says it is unverified.
    hsts = results["settings-hsts"]
    assert hsts["verdict"] == "pass", hsts
    assert hsts["evidence"].startswith("[unverified TLS: certificate has expired]"), hsts
    http_items = [r for r in results.values() if r["probe"].startswith("http.")]
    assert http_items and all("unverified TLS" in r["evidence"] for r in http_items)
    # Everything is recorded.
    recorded = tomllib.loads(state.read_text())["items"]
    assert {"server-ssl-health", "settings-hsts"} <= set(recorded)


def test_an_expired_certificate_without_plain_http_still_runs(
    expired_site: Site, tmp_path: Path
) -> None:
    # Nothing listens for plain HTTP: only the TLS answer tells the site is there.
    args = expired_site.cli_args()
    args[args.index("--http-url") + 1] = f"http://{EXPIRED}:{free_port()}/"
    done = probe(*args, "--only", "http,tls", "--format", "json", "--no-save")
    assert done.returncode == 1, done.stderr
    assert "cannot reach" not in done.stderr
    results = {r["id"]: r for r in json.loads(done.stdout)["results"]}
    assert results["settings-hsts"]["verdict"] == "pass"


def test_an_item_marked_not_applicable_is_reported_but_not_counted(
    traps: Server, pki: TestCA, tmp_path: Path
) -> None:
    site = trap_site(traps, "fixedwidth.test", Path(pki.cert_path))
    state = tmp_path / "state.toml"
    first = probe(*site.cli_args(), "--only", "http", "--state", str(state), "--format", "json")
    assert first.returncode == 1, first.stderr
    failing = [r["id"] for r in json.loads(first.stdout)["results"] if r["verdict"] == "fail"]
    assert set(failing) == {"perf-viewport", "content-mobile-friendly"}
    # The team decides the fixed-width layout is fine for this product (a desktop tool): N/A.
    store = StateStore.open(state, load_bundled())
    for item in failing:
        store.set_status(item, ItemStatus.SKIPPED)
    store.save()
    done = probe(*site.cli_args(), "--only", "http", "--state", str(state))
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(x for x in done.stdout.splitlines() if "Guarantee correct viewport" in x)
    assert line.split()[0] == "FAIL" and "(N/A, not counted)" in line
    assert "2 N/A not counted" in done.stdout
    report = json.loads(
        probe(*site.cli_args(), "--only", "http", "--state", str(state), "--format", "json").stdout
    )
    viewport = next(r for r in report["results"] if r["id"] == "perf-viewport")
    assert viewport["verdict"] == "fail" and viewport["not_applicable"] is True


def test_fail_on_warn_is_the_stricter_gate(good_site: Site) -> None:
    args = [*good_site.cli_args(), "--only", "http,tls", "--no-save", "--format", "json"]
    default = probe(*args)
    assert default.returncode == 0, default.stdout
    verdicts = {r["verdict"] for r in json.loads(default.stdout)["results"]}
    assert "warn" in verdicts and "fail" not in verdicts
    assert probe(*args, "--fail-on", "warn").returncode == 1
    assert probe(*args, "--fail-on", "fail").returncode == 0
    wrong = probe(*args, "--fail-on", "unknown")
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1


def test_a_launch_ready_site_exits_0_with_every_family(good_site: Site, tmp_path: Path) -> None:
    """The good Django site with its well-configured zone: http, tls and dns, end to end."""
    with serve_dns(ZoneResolver([zones.well_configured()])) as port:
        done = probe(
            *good_site.cli_args(),
            "--nameserver",
            f"127.0.0.1:{port}",
            "--format",
            "json",
            "--state",
            str(tmp_path / "state.toml"),
        )
    results = json.loads(done.stdout)["results"]
    failing = [(r["id"], r["evidence"]) for r in results if r["verdict"] == "fail"]
    assert done.returncode == 0 and not failing, failing
    assert {r["probe"].split(".")[0] for r in results} >= {"http", "tls", "dns"}


def test_redirects_from_an_old_platform_are_checked_one_by_one(
    traps: Server, pki: TestCA, tmp_path: Path
) -> None:
    site = trap_site(traps, "shop.example.co.uk", Path(pki.cert_path))
    old, new = f"https://oldsite.test:{traps.https_port}", site.url.rstrip("/")
    redirects = tmp_path / "redirects.txt"
    redirects.write_text(
        "# old platform → new\n"
        f"{old}/products/1 {new}/pricing/\n\n"
        f"{old}/blog/old {new}/blog/\n"
        f"{old}/gone {new}/about/\n"
    )
    done = probe(
        *site.cli_args(), "--only", "http", "--no-save", "--format", "json",
        "--redirects", str(redirects),
    )  # fmt: skip
    result = next(
        r for r in json.loads(done.stdout)["results"] if r["id"] == "settings-redirections"
    )
    assert result["verdict"] == "fail", result
    assert "/gone → 404" in result["evidence"]
    # Only the listed URLs were asked on the old host, once each, never followed.
    seen = [line for line in traps.requests_seen() if "/products/1" in line or "/gone" in line]
    assert len(seen) == 2
    redirects.write_text(f"{old}/products/1 {new}/pricing/\n{old}/blog/old {new}/blog/\n")
    done = probe(*site.cli_args(), "--only", "http", "--no-save", "--format", "json",
                 "--redirects", str(redirects))  # fmt: skip
    result = next(
        r for r in json.loads(done.stdout)["results"] if r["id"] == "settings-redirections"
    )
    assert result["verdict"] == "warn" and "302" in result["evidence"], result


def test_a_malformed_redirects_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    redirects = tmp_path / "redirects.txt"
    redirects.write_text("https://old.example/a\n")
    done = probe("https://example.test/", "--redirects", str(redirects), "--no-save")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "redirects.txt:1" in done.stderr
