"""Benchmark the state file and the command line's cold start.

Prints:
- the median time to load and to save a state of 2,000 items (a generated 2,000-item checklist,
  every item with a status, a note and a probe record) — each save changes one item, so every
  iteration really merges and writes the file;
- the median wall time of a cold ``launchtui --version`` next to ``python -c pass``.

Run: ``python benchmarks/state_io.py``
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from launchtui.catalog import parse_markdown
from launchtui.probes import Finding, Verdict
from launchtui.state import ItemStatus, StateStore

ITEMS = 2000
ROUNDS = 30


def _checklist_text(n: int) -> str:
    lines = []
    for section in range(n // 50):
        lines.append(f"## Section {section}")
        lines.extend(f"* [ ] Item {section}-{k} of the big checklist" for k in range(50))
    return "\n".join(lines) + "\n"


def bench_state(folder: Path) -> tuple[float, float, int, str]:
    catalog = parse_markdown(_checklist_text(ITEMS), name="bench")
    path = folder / "state.toml"
    store = StateStore.open(path, catalog)
    run = dt.datetime.now(dt.UTC)
    statuses = list(ItemStatus)
    for n, item in enumerate(catalog.items()):
        store.set_status(item.id, statuses[n % 3])
        store.set_note(item.id, f"note for {item.id}")
        store.record_finding(Finding(item.id, Verdict.WARN, "evidence text", "bench"), run)
    store.save()
    loads, saves = [], []
    for n in range(ROUNDS):
        start = time.perf_counter()
        store = StateStore.open(path, catalog)
        loads.append(time.perf_counter() - start)
        store.set_note(f"item-{n % 40}-0-of-the-big-checklist", f"round {n}")
        start = time.perf_counter()
        store.save()
        saves.append(time.perf_counter() - start)
    fastest = f"fastest {min(loads) * 1000:.1f} ms and {min(saves) * 1000:.1f} ms"
    size = path.stat().st_size
    return statistics.median(loads) * 1000, statistics.median(saves) * 1000, size, fastest


def _cold(args: list[str], rounds: int = 15) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        load_ms, save_ms, size, fastest = bench_state(Path(folder))
    # On a busy machine the fastest round is the steadier figure to compare.
    print(
        f"state with {ITEMS} items ({size / 1024:.0f} KiB): load {load_ms:.1f} ms, "
        f"save {save_ms:.1f} ms (median of {ROUNDS}; {fastest})"
    )
    bare = _cold([sys.executable, "-c", "pass"])
    version = _cold([sys.executable, "-m", "launchtui", "--version"])
    print(
        f"cold start: python -c pass {bare:.1f} ms, launchtui --version {version:.1f} ms "
        f"(ratio {version / bare:.2f}x, +{version - bare:.1f} ms)"
    )


if __name__ == "__main__":
    main()
