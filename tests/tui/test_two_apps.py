"""Two TUIs on one state file, each changing a different part of the same item, keep both."""

from __future__ import annotations

from pathlib import Path

from launchtui.state import now
from tests.tui.conftest import AppFactory
from tests.tui.test_app import SIZE, saved_item, settle

ITEM = "content-spell-check"  # the first item: the cursor starts on it


async def test_two_tuis_writing_different_parts_of_one_item_keep_both(
    make_app: AppFactory, state_path: Path
) -> None:
    first, second = make_app(clock=now), make_app(clock=now)
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        for round_ in range(6):
            # One ticks the item; two, which has not seen that, writes its note.
            await one.press("space")
            await settle(first, one)
            await two.press("e", *f"two {round_} ", "ctrl+s")
            await settle(second, two)
            table = saved_item(state_path, ITEM)
            assert table["status"] == "done", (round_, table)
            assert f"two {round_}" in table["note"], (round_, table)
            # Then the other way round: two unticks it (its save took in one's tick), one writes.
            await two.press("space")
            await settle(second, two)
            await one.press("e", *f"one {round_} ", "ctrl+s")
            await settle(first, one)
            table = saved_item(state_path, ITEM)
            assert table.get("status", "todo") == "todo", (round_, table)
            # The same part (the note) written by both: the newer one, one's edit, is the note now.
            assert table["note"].endswith(f"one {round_}"), (round_, table)
