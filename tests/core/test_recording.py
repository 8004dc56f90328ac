"""Only evidence from the site changes a recorded verdict: a family that reached nothing records
nothing and reopens nothing, in the store both front ends record through and for any --only."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from launchtui.catalog import load_bundled
from launchtui.probes import Finding, Verdict
from launchtui.state import ItemStatus, SetBy, StateStore
from tests.support.servers import refused_port

CATALOG = load_bundled()
YESTERDAY = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
TLS_ITEMS = [i.id for i in CATALOG.items() if "tls" in i.probes]
DNS_ITEMS = [i.id for i in CATALOG.items() if "dns" in i.probes]


def _closed_by_probe(path: Path, item_ids: list[str]) -> bytes:
    store = StateStore.open(path, CATALOG)
    for item_id in item_ids:
        store.record_finding(Finding(item_id, Verdict.PASS, "checked yesterday", "x"), YESTERDAY)
    store.save()
    assert all(store.item(i).set_by is SetBy.PROBE for i in item_ids)
    return path.read_bytes()


def test_a_finding_that_reached_nothing_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    _closed_by_probe(path, ["settings-hsts"])
    store = StateStore.open(path, CATALOG)
    before = store.item("settings-hsts")
    unreached = Finding(
        "settings-hsts", Verdict.UNKNOWN, "site not reachable: connection refused", "http",
        reached=False,
    )  # fmt: skip
    assert store.record_finding(unreached, dt.datetime.now(dt.UTC)) is None
    assert store.record_project_finding(unreached, dt.datetime.now(dt.UTC)) is None
    assert store.item("settings-hsts") == before and before.status is ItemStatus.DONE
    assert not store.dirty
    # Evidence from the site still reopens what a probe closed.
    refused = Finding("settings-hsts", Verdict.FAIL, "no Strict-Transport-Security", "http")
    state = store.record_finding(refused, dt.datetime.now(dt.UTC))
    assert state is not None and state.status is ItemStatus.TODO


def _probe(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "launchtui", "probe", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_probe_only_tls_that_reaches_nothing_records_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    with refused_port() as port:
        store = StateStore.open(path, CATALOG)
        store.set_target(f"https://127.0.0.1:{port}/")
        store.save()
        before = _closed_by_probe(path, TLS_ITEMS)
        done = _probe("--only", "tls", "--timeout", "3", "--state", str(path))
    assert "Traceback" not in done.stderr, done.stderr
    assert "unknown" in done.stdout  # reported as it is…
    assert path.read_bytes() == before  # …but nothing closed was reopened or rewritten
    assert "0 verdicts" in done.stderr and "left as they were" in done.stderr


def test_probe_only_dns_of_an_ip_address_records_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    _closed_by_probe(path, DNS_ITEMS)
    before = {i: StateStore.open(path, CATALOG).item(i) for i in DNS_ITEMS}
    url = "https://127.0.0.1:9/"  # DNS does not connect: any port
    done = _probe(url, "--only", "dns", "--state", str(path))
    assert "Traceback" not in done.stderr, done.stderr
    on_disk = StateStore.open(path, CATALOG)
    assert {i: on_disk.item(i) for i in DNS_ITEMS} == before
    assert on_disk.target_url == url  # the target is the one thing recorded
