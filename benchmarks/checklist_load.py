"""Benchmark loading a huge checklist whose titles are all the same (ids made unique).

Prints the median time to parse a 20,000-item devchecklists Markdown file with one repeated title
(plus 5,000 for comparison), to open a state store on it, and the wall time of a cold
``launchtui export --checklist FILE`` (parse, state, render) as a user runs it. The issue's bound
is 2 s for the 20,000-item load (it took 61.6 s when each duplicate id counted up from 2).

Run: ``python benchmarks/checklist_load.py``
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from launchtui.catalog import load_markdown
from launchtui.state import StateStore

ROUNDS = 5


def _checklist(path: Path, items: int) -> Path:
    path.write_text("# Huge\n\n## Section\n" + "* [ ] Check the same thing again\n" * items)
    return path


def _median(fn: object, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for items in (5_000, 20_000):
            path = _checklist(folder / f"huge-{items}.md", items)
            parse = _median(lambda path=path: load_markdown(path))
            catalog = load_markdown(path)
            state = folder / f"state-{items}.toml"
            open_store = _median(
                lambda catalog=catalog, state=state: StateStore.open(state, catalog)
            )
            command = [
                sys.executable, "-m", "launchtui", "export", "--checklist", str(path),
                "--state", str(state), "--format", "markdown", "-o", str(folder / "out.md"),
            ]  # fmt: skip
            cold = _median(
                lambda command=command: subprocess.run(command, check=True, capture_output=True), 3
            )
            print(
                f"{items:>6} identical titles: parse {parse * 1000:.0f} ms, open state "
                f"{open_store * 1000:.0f} ms, cold `launchtui export` {cold * 1000:.0f} ms "
                f"(median; bound 2000 ms)"
            )


if __name__ == "__main__":
    main()
