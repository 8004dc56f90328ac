"""``launchtui merge-driver``: two branches that change one state file merge in a real git
repository without conflict markers, the newer part of each item winning."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from launchtui.catalog import load_catalog
from launchtui.state import ItemStatus, SetBy, StateStore

CATALOG = load_catalog(None)
T0 = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@example.invalid",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=60
    )


def store(repo: Path) -> StateStore:
    return StateStore.open(repo / "launch.toml", CATALOG)


def commit(repo: Path, message: str) -> None:
    assert git(repo, "add", "-A").returncode == 0
    assert git(repo, "commit", "-qm", message).returncode == 0


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the driver set up as the README says, and a first state committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    (repo / ".gitattributes").write_text("launch.toml merge=launchtui\n")
    driver = f"{shlex.quote(sys.executable)} -m launchtui merge-driver %O %A %B"
    assert git(repo, "config", "merge.launchtui.name", "launchtui state file").returncode == 0
    assert git(repo, "config", "merge.launchtui.driver", driver).returncode == 0
    first = store(repo)
    first.set_status("settings-debug", ItemStatus.DONE, at=T0)
    first.set_note("settings-hsts", "check the preload list", at=T0)
    first.save()
    commit(repo, "start the launch")
    return repo


def test_two_branches_changing_parts_of_one_item_merge_keeping_both(repo: Path) -> None:
    assert git(repo, "checkout", "-qb", "alice").returncode == 0
    alice = store(repo)
    alice.set_status("settings-hsts", ItemStatus.DONE, at=T0 + dt.timedelta(hours=1))
    alice.set_note("settings-debug", "older note", at=T0 + dt.timedelta(hours=1))
    alice.set_status("dns-ttl", ItemStatus.SKIPPED, at=T0 + dt.timedelta(hours=1))
    alice.set_note("settings-allowed-hosts", "theirs, newer", at=T0 + dt.timedelta(hours=3))
    alice.save()
    commit(repo, "alice ticks HSTS")

    assert git(repo, "checkout", "-q", "main").returncode == 0
    bob = store(repo)
    bob.set_note("settings-hsts", "preload submitted", at=T0 + dt.timedelta(hours=2))
    bob.set_note("settings-debug", "newer note", at=T0 + dt.timedelta(hours=2))
    bob.set_status("settings-debug", ItemStatus.TODO, at=T0 + dt.timedelta(hours=2))
    bob.set_note("settings-allowed-hosts", "ours, older", at=T0 + dt.timedelta(hours=2))
    bob.save()
    commit(repo, "bob writes notes")

    merged = git(repo, "merge", "--no-edit", "alice")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / "launch.toml").read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    items = tomllib.loads(text)["items"]
    # Different parts of one item: both kept.
    assert items["settings-hsts"]["status"] == "done"
    assert items["settings-hsts"]["note"] == "preload submitted"
    # The same part changed on both branches: the newer one wins, whichever branch it is on.
    assert items["settings-debug"]["note"] == "newer note"
    assert items["settings-debug"].get("status", "todo") == "todo"
    assert items["settings-allowed-hosts"]["note"] == "theirs, newer"
    # An item only one branch touched.
    assert items["dns-ttl"]["status"] == "skipped"
    reopened = store(repo)
    assert reopened.item("settings-hsts").set_by is SetBy.USER


def test_an_unreadable_side_is_left_as_a_conflict(repo: Path) -> None:
    assert git(repo, "checkout", "-qb", "broken").returncode == 0
    (repo / "launch.toml").write_text('schema = 2\n[items.settings-debug]\nstatus = "Done"\n')
    commit(repo, "a hand edit that does not validate")
    assert git(repo, "checkout", "-q", "main").returncode == 0
    ours = store(repo)
    ours.set_note("settings-debug", "ours", at=T0 + dt.timedelta(hours=3))
    ours.save()
    commit(repo, "a note")
    mine = (repo / "launch.toml").read_text()

    merged = git(repo, "merge", "--no-edit", "broken")
    assert merged.returncode != 0
    assert "launch.toml" in merged.stdout + merged.stderr
    # Git marks the conflict; the driver wrote nothing of its own.
    assert git(repo, "diff", "--name-only", "--diff-filter=U").stdout.strip() == "launch.toml"
    assert (repo / "launch.toml").read_text() == mine


def test_the_driver_refuses_two_checklists(tmp_path: Path) -> None:
    base = tmp_path / "o.toml"
    base.write_text("")
    ours = tmp_path / "a.toml"
    ours.write_text('schema = 2\n[checklist]\nname = "one"\n')
    theirs = tmp_path / "b.toml"
    theirs.write_text('schema = 2\n[checklist]\nname = "two"\n')
    result = subprocess.run(
        [sys.executable, "-m", "launchtui", "merge-driver", str(base), str(ours), str(theirs)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "'one'" in result.stderr and "'two'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert ours.read_text() == 'schema = 2\n[checklist]\nname = "one"\n'
