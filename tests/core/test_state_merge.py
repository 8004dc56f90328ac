"""Two writers on one state file: per item and per part, the newer part wins, and a probe never
overrides a decision made by hand. Each test here lost a decision before schema 2."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from launchtui.catalog import load_bundled
from launchtui.exchange import import_file
from launchtui.probes import Finding, Verdict
from launchtui.state import ItemStatus, SetBy, StateFileError, StateStore

CATALOG = load_bundled()
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_a_probe_run_overlapping_an_import_keeps_the_imports_decision_and_note(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.toml"
    probe_run = StateStore.open(path, CATALOG)  # a probe run starts, the file read
    exported = tmp_path / "teammate.json"
    exported.write_text(
        json.dumps(
            {
                "items": [
                    {
                        "id": "settings-hsts",
                        "status": "skipped",
                        "note": "HSTS is set by the CDN, not Django",
                        "set_by": "user",
                        "set_at": "2026-03-01T12:05:00Z",
                    }
                ]
            }
        )
    )
    importer = StateStore.open(path, CATALOG)
    import_file(importer, exported)
    importer.save()
    # The run finishes after the import and records its pass.
    probe_run.record_finding(Finding("settings-hsts", Verdict.PASS, "max-age=31536000", "h"), T0)
    probe_run.save()
    final = StateStore.open(path, CATALOG).item("settings-hsts")
    assert (final.status, final.set_by) == (ItemStatus.SKIPPED, SetBy.USER)
    assert final.note == "HSTS is set by the CDN, not Django"
    assert final.probe is not None and final.probe.verdict is Verdict.PASS  # its part is newer
    assert probe_run.item("settings-hsts") == final  # the run's store now shows the merge


def test_one_store_ticks_and_another_writes_the_note_of_the_same_item(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    alice, bob = StateStore.open(path, CATALOG), StateStore.open(path, CATALOG)
    alice.set_status("settings-debug", ItemStatus.DONE)
    alice.save()
    bob.set_note("settings-debug", "DEBUG comes from the environment")
    bob.save()
    final = StateStore.open(path, CATALOG).item("settings-debug")
    assert (final.status, final.set_by) == (ItemStatus.DONE, SetBy.USER)
    assert final.note == "DEBUG comes from the environment"
    assert bob.item("settings-debug").status is ItemStatus.DONE
    assert "settings-debug" in bob.changed_elsewhere  # so a TUI redraws it


def test_a_save_never_writes_an_older_part_over_a_newer_one(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    alice, bob = StateStore.open(path, CATALOG), StateStore.open(path, CATALOG)
    bob.set_note("content-favicon", "bob's, newer", at=T0 + dt.timedelta(minutes=2))
    bob.set_status("content-favicon", ItemStatus.SKIPPED, at=T0 + dt.timedelta(minutes=2))
    bob.save()
    alice.set_note("content-favicon", "alice's, older", at=T0 + dt.timedelta(minutes=1))
    alice.set_status("content-favicon", ItemStatus.DONE, at=T0 + dt.timedelta(minutes=1))
    alice.save()
    final = StateStore.open(path, CATALOG).item("content-favicon")
    assert (final.note, final.status) == ("bob's, newer", ItemStatus.SKIPPED)
    # Alice's change was newer than what she had read: it wins once she makes it again.
    alice.set_note("content-favicon", "alice's, now newest", at=T0 + dt.timedelta(minutes=3))
    alice.save()
    assert StateStore.open(path, CATALOG).item("content-favicon").note == "alice's, now newest"


def test_a_change_on_top_of_what_was_read_wins_even_with_an_older_clock(tmp_path: Path) -> None:
    # A teammate's clock ran ahead: unticking what one sees must still untick it.
    path = tmp_path / "state.toml"
    ahead = StateStore.open(path, CATALOG)
    ahead.set_status("content-favicon", ItemStatus.DONE, at=T0 + dt.timedelta(hours=2))
    ahead.save()
    behind = StateStore.open(path, CATALOG)
    behind.set_status("content-favicon", ItemStatus.TODO, at=T0)
    behind.save()
    assert StateStore.open(path, CATALOG).item("content-favicon").status is ItemStatus.TODO


def test_a_probe_decision_never_replaces_a_decision_made_by_hand_whatever_its_time(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.toml"
    probe_run, person = StateStore.open(path, CATALOG), StateStore.open(path, CATALOG)
    person.set_status("settings-debug", ItemStatus.TODO, at=T0)  # reopened by hand, earlier
    person.save()
    probe_run.record_finding(Finding("settings-debug", Verdict.PASS, "no debug page", "h"), T0)
    probe_run.save()  # its "done by probe" is stamped later than the person's decision
    final = StateStore.open(path, CATALOG).item("settings-debug")
    assert (final.status, final.set_by) == (ItemStatus.TODO, SetBy.USER)
    assert final.probe is not None and final.probe.verdict is Verdict.PASS


def test_the_project_record_is_its_own_part_and_the_verdict_is_the_worst(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    site, project = StateStore.open(path, CATALOG), StateStore.open(path, CATALOG)
    site.record_finding(Finding("settings-debug", Verdict.PASS, "no debug page", "http"), T0)
    site.save()
    project.record_project_finding(
        Finding("settings-debug", Verdict.FAIL, "DEBUG = True in settings/prod.py", "project"), T0
    )
    project.save()
    final = StateStore.open(path, CATALOG).item("settings-debug")
    assert final.probe is not None and final.probe.verdict is Verdict.PASS
    assert final.project is not None and final.project.verdict is Verdict.FAIL
    assert final.verdict is Verdict.FAIL and final.worst_record is final.project
    assert final.probe_fails
    table = tomllib.loads(path.read_text())["items"]["settings-debug"]
    assert table["project"]["evidence"] == "DEBUG = True in settings/prod.py"


def test_an_invalid_value_left_by_another_writer_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    store = StateStore.open(path, CATALOG)
    store.record_finding(Finding("settings-hsts", Verdict.WARN, "short max-age", "http"), T0)
    store.save()
    # Another writer (a hand edit, an older tool) leaves a value schema 2 does not allow.
    broken = path.read_text() + '\n[items.content-favicon]\nstatus = "Done"\n'
    path.write_text(broken)
    line = broken.splitlines().index('status = "Done"') + 1
    store.set_status("seo-robots-txt", ItemStatus.DONE)
    with pytest.raises(StateFileError, match=f"^{path}:{line}: .*status is 'Done'"):
        store.save()
    assert path.read_text() == broken
    # Nothing in memory was lost: the probe record, and the tick that could not be saved.
    assert store.item("settings-hsts").probe is not None
    assert store.item("seo-robots-txt").status is ItemStatus.DONE
    assert store.dirty
    path.write_text(broken.replace('"Done"', '"done"'))  # the file is fixed
    assert store.save() is True
    final = StateStore.open(path, CATALOG)
    assert final.item("settings-hsts").probe is not None
    assert final.item("content-favicon").status is ItemStatus.DONE
    assert final.item("seo-robots-txt").status is ItemStatus.DONE


def test_a_file_replaced_by_another_checklists_state_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    store = StateStore.open(path, CATALOG)
    path.write_text('schema = 2\n[checklist]\nname = "Flask launch"\n')
    store.set_status("content-favicon", ItemStatus.DONE)
    with pytest.raises(StateFileError, match="belongs to the checklist 'Flask launch'"):
        store.save()
    assert path.read_text() == 'schema = 2\n[checklist]\nname = "Flask launch"\n'


_PART_WRITER = """
import sys
from pathlib import Path
from launchtui.catalog import load_bundled
from launchtui.state import ItemStatus, StateStore

path, part, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
catalog = load_bundled()
store = StateStore.open(path, catalog)
for n in range(rounds):
    if part == "decision":
        status = ItemStatus.DONE if n % 2 else ItemStatus.SKIPPED
        store.set_status("settings-debug", status)
    else:
        store.set_note("settings-debug", f"note {n}")
    store.save()
    # Whatever the other process saved meanwhile, this process's latest part is on disk.
    on_disk = StateStore.open(path, catalog).item("settings-debug")
    if part == "decision":
        assert on_disk.status is status, (n, on_disk)
    else:
        assert on_disk.note == f"note {n}", (n, on_disk)
print("ok")
"""


def test_two_processes_writing_different_parts_of_one_item_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    rounds = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _PART_WRITER, str(path), part, str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in ("decision", "note")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [out.strip() for out, _ in outputs] == ["ok", "ok"], [err for _, err in outputs]
    final = StateStore.open(path, CATALOG).item("settings-debug")
    assert final.status is ItemStatus.DONE  # the last of the decision writer's rounds
    assert final.note == f"note {rounds - 1}"
