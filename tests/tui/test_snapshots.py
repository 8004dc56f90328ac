"""Snapshot tests at 100×32 and 80×24. Times are frozen: the sample state holds fixed timestamps and
the app's clock is stuck at ``sample.NOW``; text cursors are told not to blink.

After a deliberate UI change: ``pytest tests/tui --snapshot-update``, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from launchtui.tui import LaunchApp
from tests.tui.conftest import AppFactory

WIDE = (100, 32)
NARROW = (80, 24)
BOTH = pytest.mark.parametrize("size", [WIDE, NARROW], ids=["100x32", "80x24"])

SnapCompare = Callable[..., bool]


def steps(*keys: str, item: str | None = None) -> Callable[[Pilot], Awaitable[None]]:
    """Put the cursor on ``item``, press ``keys``, then stop every text cursor blinking."""

    async def run(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, LaunchApp)
        await pilot.pause()
        if item is not None:
            app.checklist.select_item(item)
            await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        blinking: Iterable[Input | TextArea] = [
            *app.screen.query(Input),
            *app.screen.query(TextArea),
        ]
        for widget in blinking:
            widget.cursor_blink = False
        await pilot.pause()

    return run


@BOTH
def test_main_view(
    snap_compare: SnapCompare, make_app: AppFactory, sample_state: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size)


@BOTH
def test_item_with_probe_evidence(
    snap_compare: SnapCompare, make_app: AppFactory, sample_state: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=steps(item="settings-debug"))


@BOTH
def test_help(
    snap_compare: SnapCompare,
    make_app: AppFactory,
    sample_state: Path,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The state file is shown under the home folder as ~/state/state.toml, the same every run.
    monkeypatch.setenv("HOME", str(sample_state.parent.parent))
    assert snap_compare(make_app(), terminal_size=size, press=["f1"])


def test_empty_state_at_start(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=NARROW)


def test_failing_view_with_text_filter(
    snap_compare: SnapCompare, make_app: AppFactory, sample_state: Path
) -> None:
    assert snap_compare(
        make_app(), terminal_size=WIDE, run_before=steps("f", "f", "slash", *"debug")
    )


def test_note_dialog(snap_compare: SnapCompare, make_app: AppFactory, sample_state: Path) -> None:
    assert snap_compare(make_app(), terminal_size=NARROW, run_before=steps("e"))


def test_url_dialog_with_an_error(
    snap_compare: SnapCompare, make_app: AppFactory, sample_state: Path
) -> None:
    async def bad_url(pilot: Pilot) -> None:
        await steps("u")(pilot)
        pilot.app.screen.query_one(Input).value = "ftp://shop.example.com"
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=NARROW, run_before=bad_url)


def test_ticked_item_after_space(
    snap_compare: SnapCompare, make_app: AppFactory, sample_state: Path
) -> None:
    assert snap_compare(make_app(), terminal_size=NARROW, run_before=steps("j", "j", "space"))
