"""Where the state file is: in the help screen, from the palette, and said on quit when new."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from launchtui.tui.screens.help import HelpScreen
from tests.tui.conftest import AppFactory
from tests.tui.test_app import SIZE, palette_offers, record_notifications, settle

BOUND = 60  # seconds: only so that a regression fails instead of hanging


async def test_the_help_names_the_state_file_with_the_home_folder_as_a_tilde(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body", Static).content)
        assert "\nState file\n~/state/state.toml\n" in text


async def test_the_palette_shows_where_the_state_file_is(
    make_app: AppFactory, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"state: show file location")
        await palette_offers(pilot, "show file location")
        await pilot.press("enter")
        await settle(app, pilot)
        assert notes == [f"State file: {state_path} (not written yet: the first change creates it)"]
        await pilot.press("space")  # a change: the file is written
        await settle(app, pilot)
        notes.clear()
        await app.run_action("show_state_path")
        assert [n for n in notes if n.startswith("State file")] == [f"State file: {state_path}"]


def _run_tui(state: Path, keys: bytes) -> tuple[int, str]:
    """Run the real program in a pty, press ``keys`` once the checklist is drawn, then q."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen(
        [sys.executable, "-m", "launchtui", "--state", str(state)],
        stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    screen = b""
    try:
        while b"Production Launch" not in screen:  # the checklist is drawn: the app runs
            ready, _, _ = select.select([leader], [], [], BOUND)
            assert ready, screen[-500:]
            screen += os.read(leader, 65536)
        if keys:
            os.write(leader, keys)
            for _ in range(BOUND * 10):  # the file appears once the change is saved
                if state.exists():
                    break
                if select.select([leader], [], [], 0.1)[0]:
                    screen += os.read(leader, 65536)
        os.write(leader, b"q")
        while process.poll() is None:
            if select.select([leader], [], [], 1)[0]:
                try:
                    screen += os.read(leader, 65536)
                except OSError:
                    break
        try:
            while select.select([leader], [], [], 0.2)[0]:
                screen += os.read(leader, 65536)
        except OSError:
            pass
        return process.wait(BOUND), screen.decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)


def test_quitting_says_where_a_state_file_created_this_session_is(tmp_path: Path) -> None:
    state = tmp_path / "new" / "state.toml"
    state.parent.mkdir()
    code, screen = _run_tui(state, b" ")
    assert code == 0 and state.exists()
    assert f"launchtui: created the state file {state}" in screen
    # The next session opens the file it created: nothing more to say.
    code, screen = _run_tui(state, b"")
    assert code == 0 and "created the state file" not in screen
