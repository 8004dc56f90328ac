"""The state file stays the file it was (symlink, mode, group, umask), its lock is a maintained
cross-platform one beside it, and where it may live: each test here failed before."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from launchtui.atomic import atomic_write
from launchtui.catalog import load_bundled
from launchtui.state import ItemStatus, StateFileError, StateStore
from launchtui.state.lock import lock_path, state_lock

CATALOG = load_bundled()


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "launchtui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=cwd,
    )


def _tick(path: Path, item_id: str = "content-favicon") -> None:
    store = StateStore.open(path, CATALOG)
    store.set_status(item_id, ItemStatus.DONE)
    store.save()


def test_a_symlinked_state_file_is_written_through_to_its_target(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    real = repo / "launch-state.toml"
    _tick(real, "settings-debug")
    link = tmp_path / "state.toml"
    link.symlink_to(real)
    _tick(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    on_disk = StateStore.open(real, CATALOG)
    assert on_disk.item("content-favicon").status is ItemStatus.DONE
    assert on_disk.item("settings-debug").status is ItemStatus.DONE
    assert sorted(p.name for p in repo.iterdir()) == [".launch-state.toml.lock", real.name]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_a_save_keeps_the_files_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "state.toml"
    _tick(path, "settings-debug")
    path.chmod(mode)
    _tick(path)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_save_keeps_the_files_group(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    _tick(path, "settings-debug")
    # Root may give a file any group; anyone else, a group they belong to.
    groups = [12345] if os.geteuid() == 0 else os.getgroups()
    groups = [g for g in groups if g != path.stat().st_gid]
    if not groups:
        pytest.skip("this user belongs to one group only")
    os.chown(path, -1, groups[0])
    _tick(path)
    assert path.stat().st_gid == groups[0]


def test_a_new_file_gets_the_umasks_mode_and_the_umask_is_never_changed(tmp_path: Path) -> None:
    # The umask is process-wide: reading it by setting it races with every other thread.
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from launchtui.catalog import load_bundled\n"
        "from launchtui.state import ItemStatus, StateStore\n"
        "os.umask(0o027)\n"
        "store = StateStore.open(Path(sys.argv[1]), load_bundled())\n"
        "store.set_status('content-favicon', ItemStatus.DONE)\n"
        "calls = []\n"
        "real_umask = os.umask\n"
        "os.umask = lambda mask: calls.append(mask) or real_umask(mask)\n"
        "store.save()\n"
        "print(oct(os.stat(sys.argv[1]).st_mode & 0o777), calls)\n"
    )
    path = tmp_path / "state.toml"
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["0o640", "[]"], done.stderr


def test_a_read_only_state_file_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    _tick(path, "settings-debug")
    path.chmod(0o444)
    before = path.read_bytes()
    store = StateStore.open(path, CATALOG)
    store.set_status("content-favicon", ItemStatus.DONE)
    with pytest.raises(StateFileError, match="read-only"):
        store.save()
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert store.dirty  # kept, for when the file is writable again


def test_atomic_write_through_a_link_keeps_the_link_and_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.toml"
    link.symlink_to(target.name)  # a relative link
    atomic_write(link, "new")
    assert link.is_symlink() and target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_lock_is_a_file_beside_the_state_file(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    assert lock_path(path) == tmp_path / ".state.toml.lock"
    _tick(path)
    assert (tmp_path / ".state.toml.lock").exists()


def test_a_save_waits_for_the_lock_another_holds(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    store = StateStore.open(path, CATALOG)
    store.set_status("content-favicon", ItemStatus.DONE)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with state_lock(path):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(30)
    job = store.begin_save()
    with pytest.raises(StateFileError, match="locked"), state_lock(path, timeout=0.05):
        pass
    release.set()
    holder.join()
    assert store.finish_save(job.run()) is True


def test_a_lock_that_cannot_be_taken_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    store = StateStore.open(path, CATALOG)
    lock_path(path).mkdir()  # nothing can open it as a lock file
    store.set_status("content-favicon", ItemStatus.DONE)
    with pytest.raises(StateFileError, match="cannot lock") as caught:
        store.save()
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)
    assert store.dirty and not path.exists()


def test_a_save_into_a_folder_without_a_lock_is_one_line_exit_2(tmp_path: Path) -> None:
    # What a read-only folder does to a user who is not root: the lock cannot be created.
    state = tmp_path / "state.toml"
    _tick(state, "settings-debug")
    lock_path(state).unlink()
    lock_path(state).mkdir()
    exported = tmp_path / "in.json"
    exported.write_text('{"items": [{"id": "content-favicon", "status": "done"}]}')
    done = _cli("import", str(exported), "--state", str(state))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot lock" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_explicit_state_in_a_missing_folder_is_one_line_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "state.toml"
    for args in (
        ("export", "--state", str(missing)),
        ("import", str(tmp_path / "x.json"), "--state", str(missing)),
        ("--state", str(missing)),  # the TUI
    ):
        done = _cli(*args)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and "does not exist" in done.stderr, done.stderr
    assert not missing.parent.exists()


def test_only_the_default_data_folder_is_created(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "HOME": str(home)}
    exported = tmp_path / "in.json"
    exported.write_text('{"items": [{"id": "content-favicon", "status": "done"}]}')
    done = subprocess.run(
        [sys.executable, "-m", "launchtui", "import", str(exported)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    state = home / "data" / "launchtui" / "state.toml"
    assert StateStore.open(state, CATALOG).item("content-favicon").status is ItemStatus.DONE
