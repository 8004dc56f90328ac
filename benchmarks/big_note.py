"""Benchmark a key press onto an item with a 10 MB note, until the screen is redrawn.

The real app in a real pty, as ``startup.py`` runs it (its :class:`Terminal`: the app is a child
process drawing to the pty, which this script drains like a terminal; each frame the app writes is
reported with its time). The state file holds a 10 MB note on the second item; the cursor starts
on the first. Each round presses ``j`` (onto the note's item: the detail pane shows it) and ``k``
(back); the figure is the median time from writing ``j`` to the last frame it caused, against the
50 ms budget, next to the same with a one-line note. Before the detail pane shortened long notes,
that key took 9.1 s. Also printed: the time the detail pane takes to lay the item out in-process.

Run: ``python benchmarks/big_note.py``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import Terminal  # the pty harness beside this script

from launchtui.catalog import load_bundled
from launchtui.state import StateStore, now

NOTE_BYTES = 10_000_000
PRESSES = 15
BUDGET_MS = 50.0


def _note() -> str:
    line = "A long note pasted from a log: timestamps, stack traces, [markup] and all. "
    text = "\n".join(f"{n:08d} {line}" for n in range(NOTE_BYTES // (len(line) + 10)))
    return text[:NOTE_BYTES]


def _state(folder: Path, note: str) -> str:
    catalog = load_bundled()
    with_note = [item.id for item in catalog.items()][1]
    store = StateStore.open(folder / "state.toml", catalog)
    store.set_note(with_note, note)
    store.save()
    return with_note


def key_to_redraw(note: str) -> list[float]:
    """Milliseconds from ``j`` (onto the note's item) to its last frame, ``PRESSES`` times."""
    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as name:
        folder = Path(name)
        _state(folder, note)
        terminal = Terminal("launchtui", None, folder)
        try:
            terminal.first_paint()
            onto = []
            for _ in range(PRESSES):
                onto.append(terminal.press("j") * 1000)
                terminal.press("k")
        finally:
            terminal.close()
    return onto


def pane_layout_ms(note: str) -> float:
    """In-process: building the item's details and wrapping them in the pane's width."""
    from textual.content import Content

    from launchtui.state import ItemState
    from launchtui.tui.widgets.detail.content import item_details

    item = list(load_bundled().items())[1]
    state = ItemState(note=note)
    start = time.perf_counter()
    for _ in range(PRESSES):
        content: Content = item_details(item, state, now())
        content.wrap(60)
    return (time.perf_counter() - start) * 1000 / PRESSES


def main() -> None:
    figures = {}
    for name, note in (("10 MB note", _note()), ("one-line note", "a short note")):
        presses = key_to_redraw(note)
        figures[name] = statistics.median(presses)
        print(
            f"j onto an item with a {name}: key → redrawn screen median {figures[name]:.1f} ms, "
            f"worst {max(presses):.1f} ms over {PRESSES} ({figures[name] / BUDGET_MS:.2f}× the "
            f"{BUDGET_MS:.0f} ms budget); its details laid out in {pane_layout_ms(note):.1f} ms"
        )
    big, small = figures["10 MB note"], figures["one-line note"]
    print(f"the 10 MB note costs {big - small:+.1f} ms over a one-line note ({big / small:.2f}×)")


if __name__ == "__main__":
    main()
