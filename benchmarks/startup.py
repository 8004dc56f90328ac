"""How fast launchtui paints: start-up against a bare Textual app, and key press to redrawn screen.

Run: ``python benchmarks/startup.py`` (``--runs``/``--presses`` for more samples); exit status 1
if a target is missed.

Method
------
Every measurement runs the app for real, as a person would, in a pseudo-terminal of 100×32 made
by this script: the app is a child process whose stdin, stdout and stderr are the pty, with
Textual's ordinary (not headless) driver, so key bytes go through the terminal parser and every
frame is rendered to escape sequences. This script drains the pty's output like a terminal would.

A frame is "painted" when Textual hands it to its output writer (``App._display``); the child
wraps that method and reports ``time.perf_counter()`` for each frame through a pipe. On Linux
``perf_counter`` reads CLOCK_MONOTONIC, which is one clock for all processes, so the parent can
compare the child's stamps with its own.

* Start-up: from just before the parent spawns ``python`` to the first frame in which a ``Tree``
  is on screen with a size — interpreter start, imports, reading the checklist and state,
  building and laying out every widget and rendering the first frame all count. The same is done
  for a bare Textual app that shows the same 92-item checklist in a plain ``Tree`` and nothing
  else. Runs alternate between the two, after one discarded warm-up run each (which also caches
  bytecode, as an install would); medians are compared (target: launchtui ≤ 1.3 × bare). The
  time until the start-up frames stop (Textual fills the footer a frame or two later) is printed
  too.
* Key press: after the app has settled, the parent writes the key's bytes to the pty, then
  collects frames until none comes for 80 ms; the latency is the time to the *last* frame of that
  burst, so a second frame (e.g. the detail pane catching up) is counted. Keys: ``j``/``k``
  alternately (cursor moves, the detail pane is rebuilt) and ``space`` (an item is ticked: its
  marker, its section's count, the progress and the detail pane are redrawn). Medians for the
  bundled 92 items (target ≤ 16 ms) and for a generated 2,000-item devchecklists Markdown file
  loaded with ``load_catalog`` (target ≤ 50 ms). The state file is saved right after the frame
  is painted (``call_after_refresh``), so the save is not inside the latency; its own median
  time is measured in the child and printed beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import queue
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, ROWS = 100, 32
QUIET = 0.08  # a burst of frames has ended when none comes for this long
KEYS = {"j": b"j", "k": b"k", "space": b" ", "quit": b"\x11"}  # \x11 is ctrl+q


# -- the child: one app in the pty, reporting its frames ----------------------------------------


def _child(kind: str, report_fd: int, checklist: str | None, folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    from textual.app import App
    from textual.widgets import Tree

    def report(line: str) -> None:
        os.write(report_fd, f"{line}\n".encode())

    original_display = App._display

    def display(self: App, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        original_display(self, screen, renderable)
        if renderable is None or self.is_headless or not self._running:
            return
        ready = any(tree.region.area for tree in screen.query(Tree))
        report(f"paint {time.perf_counter():.6f} {int(ready)}")

    App._display = display  # type: ignore[method-assign]

    if kind == "bare":
        app: App = _bare_app(checklist)
    else:
        from launchtui.state import StateStore
        from launchtui.tui import create_app

        original_save = StateStore.save

        def save(self: StateStore) -> bool:
            start = time.perf_counter()
            try:
                return original_save(self)
            finally:
                report(f"save {time.perf_counter() - start:.6f}")

        StateStore.save = save  # type: ignore[method-assign]
        app = create_app(
            Path(folder) / "state.toml",
            checklist=Path(checklist) if checklist else None,
            config_path=Path(folder) / "config.toml",
        )
    app.run()


def _bare_app(checklist: str | None):  # type: ignore[no-untyped-def]
    """The same checklist in a plain Tree, and nothing else: the baseline."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import Tree

    from launchtui.catalog import load_catalog

    catalog = load_catalog(Path(checklist) if checklist else None)

    class BareTree(App[None]):
        def compose(self) -> ComposeResult:
            tree: Tree[str] = Tree(catalog.name)
            tree.show_root = False

            def add(node, items) -> None:  # type: ignore[no-untyped-def]
                for item in items:
                    child = node.add(Text(item.title), item.id, expand=True)
                    child.allow_expand = bool(item.children)
                    add(child, item.children)

            for section in catalog.sections:
                add(tree.root.add(Text(section.title), section.id, expand=True), section.items)
            yield tree

    return BareTree()


# -- the parent: a terminal that times the child ------------------------------------------------


class Terminal:
    """A child app in a pty, its output drained and its frames collected."""

    def __init__(self, kind: str, checklist: Path | None, folder: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        report_read, report_write = os.pipe()
        command = [sys.executable, __file__, "--child", kind, "--report-fd", str(report_write)]
        command += ["--folder", str(folder)]
        if checklist is not None:
            command += ["--checklist", str(checklist)]
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        env.pop("NO_COLOR", None)
        # As installed, launchtui runs from cached bytecode like Textual does; a
        # PYTHONDONTWRITEBYTECODE in this shell would make only our modules compile every time.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.master = master
        self.frames: queue.Queue[tuple[float, bool]] = queue.Queue()
        self.saves: list[float] = []
        self.spawned = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            pass_fds=(report_write,),
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        os.close(report_write)
        threading.Thread(target=self._drain, daemon=True).start()
        threading.Thread(target=self._read_reports, args=(report_read,), daemon=True).start()

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            while os.read(self.master, 65536):
                pass

    def _read_reports(self, fd: int) -> None:
        with os.fdopen(fd, "r") as reports:
            for line in reports:
                kind, value, *rest = line.split()
                if kind == "paint":
                    self.frames.put((float(value), rest == ["1"]))
                elif kind == "save":
                    self.saves.append(float(value))

    def first_paint(self, timeout: float = 30.0) -> float:
        """Seconds from spawn to the first frame showing the tree."""
        deadline = time.perf_counter() + timeout
        while True:
            stamp, ready = self.frames.get(timeout=max(0.01, deadline - time.perf_counter()))
            if ready:
                return stamp - self.spawned

    def settle(self) -> float:
        """Wait until the app stops painting; seconds from spawn to the last frame."""
        last = time.perf_counter()
        while True:
            try:
                last, _ = self.frames.get(timeout=QUIET * 3)
            except queue.Empty:
                return last - self.spawned

    def press(self, key: str, timeout: float = 5.0) -> float:
        """Seconds from writing the key to the last frame it caused."""
        self.settle()
        sent = time.perf_counter()
        os.write(self.master, KEYS[key])
        last, _ = self.frames.get(timeout=timeout)
        while True:
            try:
                last, _ = self.frames.get(timeout=QUIET)
            except queue.Empty:
                return last - sent

    def close(self) -> None:
        """Quit the app (ctrl+q), or end it if it will not go."""
        with contextlib.suppress(OSError):
            os.write(self.master, KEYS["quit"])
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


@contextlib.contextmanager
def running(kind: str, checklist: Path | None = None) -> Iterator[Terminal]:
    """A child app in a fresh folder (empty state and config)."""
    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as folder:
        terminal = Terminal(kind, checklist, Path(folder))
        try:
            yield terminal
        finally:
            terminal.close()


def write_big_checklist(path: Path, items: int = 2000) -> Path:
    """A devchecklists Markdown file: 20 sections, every tenth item with two sub-items."""
    lines = ["# Big checklist", ""]
    made = 0
    for section in range(20):
        lines += [f"## Section {section + 1}", ""]
        while made < items * (section + 1) // 20:
            made += 1
            lines.append(f"* [ ] Item {made}: check that the thing number {made} is configured")
            if made % 10 == 0 and made + 2 <= items:
                for _ in range(2):
                    made += 1
                    lines.append(f"    * [ ] Sub-item {made} of the item above")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def median_ms(samples: list[float]) -> float:
    """The median, in milliseconds."""
    return statistics.median(samples) * 1000


def measure_startup(runs: int) -> dict[str, tuple[float, float]]:
    """Median ms to the first paint and to the last start-up frame, for each app."""
    first: dict[str, list[float]] = {"launchtui": [], "bare": []}
    settled: dict[str, list[float]] = {"launchtui": [], "bare": []}
    for run in range(runs + 1):
        for kind in ("launchtui", "bare") if run % 2 else ("bare", "launchtui"):
            with running(kind) as terminal:
                painted = terminal.first_paint()
                done = terminal.settle()
            if run:  # the first run of each only warms the caches
                first[kind].append(painted)
                settled[kind].append(done)
    return {kind: (median_ms(first[kind]), median_ms(settled[kind])) for kind in first}


def measure_keys(checklist: Path | None, presses: int) -> tuple[float, float, float | None, int]:
    """Median ms from key to redrawn screen: (j/k, space, save after space, items)."""
    with running("launchtui", checklist) as terminal:
        terminal.first_paint()
        moves = [terminal.press("j" if i % 2 == 0 else "k") for i in range(presses)]
        ticks = [terminal.press("space") for _ in range(presses)]
        terminal.settle()
        saves = list(terminal.saves)
    from launchtui.catalog import load_catalog

    count = len(load_catalog(checklist))
    save = median_ms(saves) if saves else None
    return median_ms(moves), median_ms(ticks), save, count


def main(argv: list[str] | None = None) -> int:
    """Measure and print; 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-ups of each app (default 7)")
    parser.add_argument("--presses", type=int, default=30, help="presses of each key")
    parser.add_argument("--child", choices=["launchtui", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--report-fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--checklist", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.report_fd, args.checklist, args.folder)
        return 0

    sys.path.insert(0, str(ROOT))
    import textual

    print(
        f"launchtui benchmarks · pty {COLUMNS}×{ROWS} · Python {sys.version.split()[0]}"
        f" · Textual {textual.__version__}"
    )
    ok = True

    def verdict(passed: bool) -> str:
        nonlocal ok
        ok = ok and passed
        return "PASS" if passed else "MISS"

    startup = measure_startup(args.runs)
    (ours, ours_settled), (bare, bare_settled) = startup["launchtui"], startup["bare"]
    ratio = ours / bare
    print(
        f"first paint       launchtui {ours:6.1f} ms   bare Tree app {bare:6.1f} ms"
        f"   ratio {ratio:.2f} (target ≤ 1.30)  {verdict(ratio <= 1.3)}"
    )
    print(
        f"start-up settled  launchtui {ours_settled:6.1f} ms   bare Tree app {bare_settled:6.1f} ms"
        f"   ratio {ours_settled / bare_settled:.2f}"
    )

    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as folder:
        big = write_big_checklist(Path(folder) / "big-checklist.md")
        checks: list[tuple[Path | None, float]] = [(None, 16.0), (big, 50.0)]
        for checklist, target in checks:
            move, tick, save, count = measure_keys(checklist, args.presses)
            saved = f"   (save after paint {save:.1f} ms)" if save is not None else ""
            print(
                f"key → redraw {count:>5} items   j/k {move:5.1f} ms   space {tick:5.1f} ms"
                f"   (target ≤ {target:.0f} ms)  {verdict(max(move, tick) <= target)}{saved}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
