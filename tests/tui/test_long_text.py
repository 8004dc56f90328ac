"""A very long note: the detail pane shows its start and says how much more there is, the note
editor has it whole, and the pane lays out no more than a short note would (the 10 MB figure is
in benchmarks/big_note.py)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from launchtui.catalog import load_bundled
from launchtui.state import StateStore
from launchtui.tui.screens.note_editor import NoteEditor
from launchtui.tui.widgets.detail.content import NOTE_LINES, NOTE_SHOWN
from tests.tui.conftest import AppFactory

ITEM = "content-links"  # the second item: one ↓ from where the cursor starts
LINE = "a line of a very long note, pasted from a log; "
NOTE = "\n".join(f"{n:07d} {LINE}" for n in range(20_000)).strip()  # about 1 MB


def _write_note(state_path: Path) -> None:
    store = StateStore.open(state_path, load_bundled())
    store.set_note(ITEM, NOTE)
    store.save()


async def test_a_1_mb_note_is_shortened_in_the_pane_and_whole_in_the_editor(
    make_app: AppFactory, state_path: Path
) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    _write_note(state_path)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        assert app.checklist.current_item is not None
        assert app.checklist.current_item.id == ITEM
        shown = app.detail.content.plain
        assert "0000000 a line of a very long note" in shown
        assert "0000100 " not in shown  # cut after NOTE_LINES lines
        assert "more characters · e shows the whole note" in shown
        assert len(shown) < NOTE_SHOWN + 3000
        # The pane holds a few dozen lines, not the note's twenty thousand.
        assert app.detail.virtual_size.height < NOTE_LINES + 60
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == NOTE
