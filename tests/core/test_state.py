"""The state file: round trips, atomic writes under SIGKILL, merges between instances."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchtui.catalog import load_bundled
from launchtui.probes import Finding, Verdict
from launchtui.state import ItemState, ItemStatus, SetBy, StateFileError, StateStore

CATALOG = load_bundled()
IDS = [item.id for item in CATALOG.items()]

moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2026, 1, 1), timezones=st.just(dt.UTC)
)
item_changes = st.dictionaries(
    st.sampled_from(IDS),
    st.tuples(st.sampled_from(list(ItemStatus)), st.text(max_size=200), moments),
    max_size=30,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=item_changes, url=st.none() | st.just("https://example.test/"))
def test_save_then_load_round_trips_arbitrary_content(
    tmp_path_factory: pytest.TempPathFactory, changes: dict, url: str | None
) -> None:
    path = tmp_path_factory.mktemp("rt") / "state.toml"
    store = StateStore.open(path, CATALOG)
    for item_id, (status, note, moment) in changes.items():
        store.set_status(item_id, status, at=moment)
        store.set_note(item_id, note)
    store.set_target(url)
    store.save()
    again = StateStore.open(path, CATALOG)
    assert again.target_url == url
    for item_id, (status, note, moment) in changes.items():
        state = again.item(item_id)
        assert (state.status, state.note, state.set_at, state.set_by) == (
            status,
            note.strip(),
            moment,
            SetBy.USER,
        )
    assert again.render() == store.render()


def test_probe_evidence_round_trips_and_hostile_text_is_made_safe(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path / "s.toml", CATALOG)
    run = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    store.record_finding(
        Finding("settings-hsts", Verdict.PASS, "max-age=31536000", "http.hsts"), run
    )
    store.record_finding(
        Finding("settings-hsts", Verdict.WARN, "title [bold]x[/]\x1b[31m", "http.other"), run
    )
    store.save()
    state = StateStore.open(tmp_path / "s.toml", CATALOG).item("settings-hsts")
    assert state.probe is not None
    assert state.probe.verdict is Verdict.WARN
    assert state.probe.evidence == "title [bold]x[/]"  # stored raw, the escape sequence gone
    assert state.probe.probes == ["http.hsts", "http.other"]
    assert "\x1b" not in (tmp_path / "s.toml").read_text()


def test_a_probe_pass_closes_an_item_and_any_later_non_pass_reopens_it(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path / "s.toml", CATALOG)
    first = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    store.record_finding(Finding("settings-debug", Verdict.PASS, "no debug page", "x"), first)
    assert (store.item("settings-debug").status, store.item("settings-debug").set_by) == (
        ItemStatus.DONE,
        SetBy.PROBE,
    )
    second = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    unreachable = Finding("settings-debug", Verdict.UNKNOWN, "connection refused", "x")
    store.record_finding(unreachable, second)
    assert store.item("settings-debug").status is ItemStatus.TODO  # a probe's done needs a pass
    third = dt.datetime(2026, 1, 3, tzinfo=dt.UTC)
    store.record_finding(Finding("settings-debug", Verdict.PASS, "no debug page", "x"), third)
    assert store.item("settings-debug").status is ItemStatus.DONE
    fourth = dt.datetime(2026, 1, 4, tzinfo=dt.UTC)
    store.record_finding(Finding("settings-debug", Verdict.FAIL, "DEBUG = True", "x"), fourth)
    assert store.item("settings-debug").status is ItemStatus.TODO


def test_a_probe_never_overrides_a_person_but_the_disagreement_shows(tmp_path: Path) -> None:
    store = StateStore.open(tmp_path / "s.toml", CATALOG)
    store.set_status("settings-debug", ItemStatus.DONE)
    run = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    state = store.record_finding(Finding("settings-debug", Verdict.FAIL, "DEBUG = True", "x"), run)
    assert state is not None
    assert (state.status, state.set_by, state.disagrees) == (ItemStatus.DONE, SetBy.USER, True)


def test_unknown_keys_and_items_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        textwrap.dedent(
            """\
            schema = 1
            future_top = "kept"

            [checklist]
            name = "Django Production Launch"
            version = "2019.8e06324"
            colour = "blue"

            [items.content-favicon]
            status = "done"
            set_by = "user"
            reviewer = "ana"

            [items.some-item-from-a-newer-catalog]
            status = "done"
            """
        )
    )
    store = StateStore.open(path, CATALOG)
    store.set_note("settings-debug", "checked on staging")
    store.save()
    data = tomllib.loads(path.read_text())
    assert data["future_top"] == "kept"
    assert data["checklist"]["colour"] == "blue"
    assert data["items"]["content-favicon"]["reviewer"] == "ana"
    assert data["items"]["some-item-from-a-newer-catalog"] == {"status": "done"}
    assert data["items"]["settings-debug"]["note"] == "checked on staging"


def test_saving_without_changes_rewrites_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store = StateStore.open(path, CATALOG)
    store.set_status("content-favicon", ItemStatus.DONE)
    assert store.save() is True
    before = path.stat().st_mtime_ns, path.read_bytes()
    assert StateStore.open(path, CATALOG).save() is False
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"schema = 1\n[items\n", "not valid TOML"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b'schema = 1\n[items.content-favicon]\nstatus = "maybe"\n', "status is 'maybe'"),
        (b"schema = 99\n", "newer than this launchtui"),
    ],
)
def test_a_corrupt_file_is_refused_and_left_byte_for_byte(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(content)
    with pytest.raises(StateFileError, match=message) as caught:
        StateStore.open(path, CATALOG)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_a_file_broken_while_open_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store = StateStore.open(path, CATALOG)
    path.write_bytes(b"[[[ half a merge conflict\n")
    store.set_status("content-favicon", ItemStatus.DONE)
    with pytest.raises(StateFileError):
        store.save()
    assert path.read_bytes() == b"[[[ half a merge conflict\n"
    assert store.item("content-favicon").status is ItemStatus.DONE  # still in memory


def test_two_instances_keep_each_others_changes(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    alice, bob = StateStore.open(path, CATALOG), StateStore.open(path, CATALOG)
    alice.set_status("content-favicon", ItemStatus.DONE)
    alice.save()
    bob.set_note("settings-debug", "bob was here")
    bob.set_target("https://shop.test/")
    bob.save()
    alice.set_status("seo-robots-txt", ItemStatus.SKIPPED)
    alice.save()
    final = StateStore.open(path, CATALOG)
    assert final.item("content-favicon").status is ItemStatus.DONE
    assert final.item("settings-debug").note == "bob was here"
    assert final.item("seo-robots-txt").status is ItemStatus.SKIPPED
    assert final.target_url == "https://shop.test/"
    assert alice.item("settings-debug").note == "bob was here"  # alice sees bob's change


_WRITER = """
import sys
from pathlib import Path
from launchtui.catalog import load_bundled
from launchtui.state import ItemStatus, StateStore

path, ids = Path(sys.argv[1]), sys.argv[2].split(",")
catalog = load_bundled()
store = StateStore.open(path, catalog)
for n, item_id in enumerate(ids):
    store.set_status(item_id, ItemStatus.DONE)
    store.set_note(item_id, f"{sys.argv[3]} {n} " + "x" * 4000)
    store.save()
print("ok")
"""


def test_concurrent_processes_lose_no_change(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    halves = IDS[:40], IDS[40:80]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), ",".join(ids), name],
            stdout=subprocess.PIPE,
            text=True,
        )
        for ids, name in zip(halves, ("a", "b"), strict=True)
    ]
    assert [p.communicate(timeout=120)[0].strip() for p in procs] == ["ok", "ok"]
    final = StateStore.open(path, CATALOG)
    for item_id in (*halves[0], *halves[1]):
        assert final.item(item_id).status is ItemStatus.DONE, item_id


_LOOPING_WRITER = """
import sys, itertools
from pathlib import Path
from launchtui.catalog import load_bundled
from launchtui.state import StateStore

path = Path(sys.argv[1])
store = StateStore.open(path, load_bundled())
for n in itertools.count():
    store.set_note("content-favicon", f"version {n} " + "y" * 20000)
    store.save()
    if n == 0:
        print("started", flush=True)
"""


def test_a_writer_killed_mid_save_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    rng = random.Random(4)
    last_version = -1
    for _ in range(25):
        proc = subprocess.Popen(
            [sys.executable, "-c", _LOOPING_WRITER, str(path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
        time.sleep(rng.uniform(0, 0.03))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        state = StateStore.open(path, CATALOG).item("content-favicon")  # parses, never torn
        assert state.note.startswith("version ") and state.note.endswith("y" * 20000)
        last_version = int(state.note.split()[1])
        assert last_version >= 0


def test_item_state_table_round_trip() -> None:
    state = ItemState(
        status=ItemStatus.SKIPPED,
        note="n/a on Heroku",
        set_by=SetBy.USER,
        set_at=dt.datetime(2026, 5, 5, tzinfo=dt.UTC),
    )
    assert ItemState.from_table(state.to_table(), "x") == state


def test_a_change_made_while_a_save_runs_stays_pending_for_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store = StateStore.open(path, CATALOG)
    store.set_status("content-favicon", ItemStatus.DONE)
    job = store.begin_save()  # the TUI runs job.run() in a thread while keys go on
    store.set_note("content-favicon", "changed during the save")
    store.set_status("seo-robots-txt", ItemStatus.SKIPPED)
    teammate = StateStore.open(path, CATALOG)  # and another writer slips in first
    teammate.set_status("settings-debug", ItemStatus.DONE)
    teammate.save()
    assert store.finish_save(job.run()) is True
    on_disk = StateStore.open(path, CATALOG)
    assert on_disk.item("content-favicon").status is ItemStatus.DONE
    assert on_disk.item("content-favicon").note == ""  # not part of that save
    assert on_disk.item("settings-debug").status is ItemStatus.DONE
    # Memory kept the later changes over what was just read back, and they are still to save.
    assert store.dirty
    assert store.item("content-favicon").note == "changed during the save"
    assert store.item("seo-robots-txt").status is ItemStatus.SKIPPED
    assert store.item("settings-debug").status is ItemStatus.DONE
    store.save()
    final = StateStore.open(path, CATALOG)
    assert final.item("content-favicon").note == "changed during the save"
    assert final.item("seo-robots-txt").status is ItemStatus.SKIPPED
    assert not store.dirty


def test_reload_takes_in_another_writers_changes_and_keeps_unsaved_ones(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store = StateStore.open(path, CATALOG)
    assert store.reload() == frozenset()  # no file yet, nothing new
    store.set_status("content-favicon", ItemStatus.DONE)  # not saved
    before = path.exists()
    other = StateStore.open(path, CATALOG)
    other.set_status("content-favicon", ItemStatus.SKIPPED)  # loses to our unsaved change
    other.set_note("settings-debug", "from the teammate")
    other.set_target("https://teammate.test/")
    other.save()
    assert store.disk_changed()
    assert store.reload() == {"settings-debug"}
    assert not before and path.exists()
    assert store.item("settings-debug").note == "from the teammate"
    assert store.target_url == "https://teammate.test/"
    assert store.item("content-favicon").status is ItemStatus.DONE
    assert store.dirty and not store.disk_changed()
    text = path.read_text(encoding="utf-8")
    assert store.reload() == frozenset() and path.read_text(encoding="utf-8") == text
    store.save()
    final = StateStore.open(path, CATALOG)
    assert final.item("content-favicon").status is ItemStatus.DONE
    assert final.item("settings-debug").note == "from the teammate"


def test_reload_of_a_broken_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    store = StateStore.open(path, CATALOG)
    store.set_status("content-favicon", ItemStatus.DONE)
    store.save()
    path.write_text("<<<<<<< HEAD\n", encoding="utf-8")
    with pytest.raises(StateFileError):
        store.reload()
    assert store.item("content-favicon").status is ItemStatus.DONE
    assert path.read_text(encoding="utf-8") == "<<<<<<< HEAD\n"
