"""Benchmark a key press that moves onto an item with a 10 MB note, until the screen is redrawn.

The real app through Textual's Pilot (headless, 120×40): the cursor starts on the item above the
one with the note; each round presses ↓ (onto the note's item: the detail pane shows it) and
waits until the screen is redrawn, then ↑ back. Prints the median and the worst of the ↓ presses
against the 50 ms budget, next to the same round trip onto an item with a one-line note (what
Pilot and this machine cost by themselves), and the time the detail pane takes to lay the item
out (build and wrap its content). Before the pane shortened long notes, the ↓ press took 9.1 s.

Run: ``python benchmarks/big_note.py``
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from launchtui.catalog import load_bundled
from launchtui.state import StateStore, now
from launchtui.tui.app import app_for_store
from launchtui.tui.widgets.detail.content import item_details

NOTE_BYTES = 10_000_000
ROUNDS = 15
BUDGET_MS = 50.0


def _note() -> str:
    line = "A long note pasted from a log: timestamps, stack traces, [markup] and all. "
    text = "\n".join(f"{n:08d} {line}" for n in range(NOTE_BYTES // (len(line) + 10)))
    return text[:NOTE_BYTES]


async def bench(folder: Path, note: str) -> tuple[list[float], float]:
    catalog = load_bundled()
    items = [item.id for item in catalog.items()]
    above, with_note = items[0], items[1]
    store = StateStore.open(folder / "state.toml", catalog)
    store.set_note(with_note, note)
    store.save()
    app = app_for_store(StateStore.open(folder / "state.toml", catalog), config_path=folder / "c")
    downs = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.checklist.select_item(above)
        await pilot.pause()
        for _ in range(ROUNDS):
            start = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()  # the key is handled and the screen redrawn
            downs.append((time.perf_counter() - start) * 1000)
            current = app.checklist.current_item
            assert current is not None and current.id == with_note
            await pilot.press("up")
            await pilot.pause()
        item, state = catalog.item(with_note), app.store.item(with_note)
        start = time.perf_counter()
        for _ in range(ROUNDS):
            app.detail.show(item_details(item, state, now()), item_id=with_note)
        layout = (time.perf_counter() - start) * 1000 / ROUNDS
    return downs, layout


def main() -> None:
    figures = {}
    for name, note in (("10 MB note", _note()), ("one-line note", "a short note")):
        with tempfile.TemporaryDirectory() as folder:
            figures[name] = asyncio.run(bench(Path(folder), note))
    for name, (downs, layout) in figures.items():
        median = statistics.median(downs)
        print(
            f"↓ onto an item with a {name}: key → redrawn screen median {median:.1f} ms, "
            f"worst {max(downs):.1f} ms over {ROUNDS} ({median / BUDGET_MS:.2f}× the "
            f"{BUDGET_MS:.0f} ms budget); the detail pane lays it out in {layout:.1f} ms"
        )
    big, small = (statistics.median(figures[n][0]) for n in figures)
    print(f"the 10 MB note costs {big - small:+.1f} ms over a one-line note ({big / small:.2f}×)")


if __name__ == "__main__":
    main()
