"""Where the state file is: in the help screen, from the palette, and said on quit when new."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from launchtui.tui.screens.help import HelpScreen
from tests.support.pty_tui import TuiInPty
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
    with TuiInPty(state) as tui:
        tui.wait_until_drawn()
        if keys:
            tui.press_until_saved(keys)
        tui.press(b"q")
        code = tui.wait_for_exit()
    return code, tui.screen.decode("utf-8", "replace")


def test_quitting_says_where_a_state_file_created_this_session_is(tmp_path: Path) -> None:
    state = tmp_path / "new" / "state.toml"
    state.parent.mkdir()
    code, screen = _run_tui(state, b" ")
    assert code == 0 and state.exists()
    assert f"launchtui: created the state file {state}" in screen
    # The next session opens the file it created: nothing more to say.
    code, screen = _run_tui(state, b"")
    assert code == 0 and "created the state file" not in screen
