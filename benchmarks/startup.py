"""How fast launchtui paints: start-up against a bare Textual app, and key press to redrawn screen.

Run: ``python benchmarks/startup.py`` (``--runs``/``--presses``/``--probe-runs`` for more samples,
``--only startup|keys|probe`` for one part); exit status 1 if a target is missed.

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
  bytecode, as an install would); medians are compared (target: launchtui ≤ 1.15 × bare). The
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
* Key press during a probe run: a plain HTTP server on loopback (in this process) whose home page
  is about 2 MB of ordinary HTML (10,000 sections with links, images and tables; every other path
  is a small 404). The app is started on it with the http family only (its host pinned to
  127.0.0.1); once it has loaded the probe code in the background (it does so half a second after
  start-up) ``p`` is pressed, then ``j`` and ``k`` in turn, 30 ms apart, until the run ends. Each
  latency is the time from the key to the first frame whose cursor line shows the move (the child
  reports the tree's cursor line with every frame, so frames the run paints meanwhile do not
  count). Target: 95th percentile ≤ 50 ms. The time the 2 MB page took to parse (in its thread) is
  printed beside it, to show the keys were pressed while it was parsed.
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
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS, ROWS = 100, 32
QUIET = 0.08  # a burst of frames has ended when none comes for this long
KEYS = {"j": b"j", "k": b"k", "p": b"p", "space": b" ", "quit": b"\x11"}  # \x11 is ctrl+q
STARTUP_RATIO = 1.15  # first paint, launchtui ÷ the bare Tree app
BIG_HOST = "big.test"  # pinned to 127.0.0.1 for the probe-run measurement
BIG_PAGE_BYTES = 1_990_000  # "2 MB": just under the probes' 2,000,000-byte cap, parsed whole


# -- the child: one app in the pty, reporting its frames ----------------------------------------


def _child(
    kind: str, report_fd: int, checklist: str | None, folder: str, probe_url: str | None
) -> None:
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
        trees = [tree for tree in screen.query(Tree) if tree.region.area]
        cursor = trees[0].cursor_line if trees else -1
        report(f"paint {time.perf_counter():.6f} {int(bool(trees))} {cursor}")

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
        options = None
        if probe_url is not None:
            options = _probe_options(report)
        app = create_app(
            Path(folder) / "state.toml",
            checklist=Path(checklist) if checklist else None,
            config_path=Path(folder) / "config.toml",
            url=probe_url,
            probe_options=options,
        )
    app.run()


def _probe_options(report: Callable[[str], None]):  # type: ignore[no-untyped-def]
    """HTTP probes only, against the big page on loopback; report the run's start and end and
    every page parse (to show the 2 MB page was parsed while keys were pressed)."""
    from launchtui.probes import runner
    from launchtui.probes.http import page, survey
    from launchtui.probes.options import ProbeOptions
    from launchtui.tui.widgets.probes import run

    original_run = run.run_probes

    async def reported_run(*args, **kwargs):  # type: ignore[no-untyped-def]
        report(f"probe-start {time.perf_counter():.6f}")
        try:
            async for finding in original_run(*args, **kwargs):
                yield finding
        finally:
            report(f"probe-end {time.perf_counter():.6f}")

    original_parse = page.parse_page

    def reported_parse(url: str, text: str):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return original_parse(url, text)
        finally:
            report(f"parse {time.perf_counter() - start:.6f} {len(text)}")

    original_load = runner.load_families

    def reported_load(families: tuple[str, ...]) -> None:
        original_load(families)
        report(f"probes-loaded {time.perf_counter():.6f}")

    runner.load_families = reported_load  # type: ignore[assignment]
    run.run_probes = reported_run  # type: ignore[assignment]
    survey.parse_page = reported_parse  # type: ignore[assignment]
    return ProbeOptions(resolve={BIG_HOST: "127.0.0.1"}, families=("http",))


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

    def __init__(
        self, kind: str, checklist: Path | None, folder: Path, probe_url: str | None = None
    ) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        report_read, report_write = os.pipe()
        command = [sys.executable, __file__, "--child", kind, "--report-fd", str(report_write)]
        command += ["--folder", str(folder)]
        if checklist is not None:
            command += ["--checklist", str(checklist)]
        if probe_url is not None:
            command += ["--probe-url", probe_url]
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        env.pop("NO_COLOR", None)
        # As installed, launchtui runs from cached bytecode like Textual does; a
        # PYTHONDONTWRITEBYTECODE in this shell would make only our modules compile every time.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.master = master
        self.frames: queue.Queue[tuple[float, bool]] = queue.Queue()
        self.cursors: queue.Queue[tuple[float, int]] = queue.Queue()
        self.saves: list[float] = []
        self.parses: list[tuple[float, int]] = []
        self.probes_loaded = threading.Event()
        self.probe_started = threading.Event()
        self.probe_ended = threading.Event()
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
                    self.frames.put((float(value), rest[0] == "1"))
                    self.cursors.put((float(value), int(rest[1])))
                elif kind == "save":
                    self.saves.append(float(value))
                elif kind == "parse":
                    self.parses.append((float(value), int(rest[0])))
                elif kind == "probes-loaded":
                    self.probes_loaded.set()
                elif kind == "probe-start":
                    self.probe_started.set()
                elif kind == "probe-end":
                    self.probe_ended.set()

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

    def move_during_run(self, timeout: float = 5.0) -> list[float]:
        """Press j and k in turn while the probe run lasts; seconds from each key to the first
        frame that shows the cursor on its new line (frames the run paints meanwhile do not
        count: only the one showing the key's effect does)."""
        if not self.probe_started.wait(timeout=30):
            raise RuntimeError("the probe run did not start")
        latencies: list[float] = []
        line = None
        step = 1
        while not self.probe_ended.is_set():
            while True:  # the newest cursor line painted so far
                try:
                    _, line = self.cursors.get_nowait()
                except queue.Empty:
                    break
            if line is None:
                time.sleep(0.01)
                continue
            expected = line + step
            sent = time.perf_counter()
            os.write(self.master, KEYS["j" if step > 0 else "k"])
            deadline = sent + timeout
            while True:
                stamp, line = self.cursors.get(timeout=max(0.01, deadline - time.perf_counter()))
                if line == expected:
                    break
            if not self.probe_ended.is_set():
                latencies.append(stamp - sent)
            step = -step
            time.sleep(0.03)  # a person's pace between keys, not a flood
        return latencies

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
def running(
    kind: str, checklist: Path | None = None, probe_url: str | None = None
) -> Iterator[Terminal]:
    """A child app in a fresh folder (empty state and config)."""
    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as folder:
        terminal = Terminal(kind, checklist, Path(folder), probe_url)
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


def big_page() -> bytes:
    """About 2 MB of ordinary HTML: headings, paragraphs, links, images and a table, so the
    parser meets many tags as on a real, heavy page (not one long text node)."""
    head = (
        "<!doctype html><html><head><title>Big page</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="description" content="A very long page."></head><body>'
    )
    row = (
        '<div class="row"><h2 id="h{n}">Section {n}</h2><p>Some <b>bold</b> and <i>italic</i> '
        'text with <a href="/page-{n}/">a link</a> and <img src="/img/{n}.png" alt="pic">.</p>'
        "<table><tr><td>{n}</td><td>cell</td><td>cell</td></tr></table></div>\n"
    )
    parts = [head]
    size, n = len(head), 0
    while size < BIG_PAGE_BYTES - 40:
        chunk = row.format(n=n)
        parts.append(chunk)
        size += len(chunk)
        n += 1
    parts.append("</body></html>")
    return "".join(parts).encode()[:BIG_PAGE_BYTES]


@contextlib.contextmanager
def big_site() -> Iterator[str]:
    """A plain HTTP server on loopback whose home page is :func:`big_page`; every other path
    is a small 404 page. Yields the target URL (its host pinned to 127.0.0.1)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    home = big_page()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, status = (home, 200) if self.path == "/" else (b"<h1>Not found</h1>", 404)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_HEAD = do_GET
        do_OPTIONS = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{BIG_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure_keys_during_probe_run(runs: int) -> tuple[list[float], list[tuple[float, int]]]:
    """Latencies (s) of j/k pressed while the http probes run against the 2 MB home page, over
    ``runs`` runs; and the parses seen (seconds, characters)."""
    latencies: list[float] = []
    parses: list[tuple[float, int]] = []
    with big_site() as url:
        for _ in range(runs):
            with running("launchtui", probe_url=url) as terminal:
                terminal.first_paint()
                if not terminal.probes_loaded.wait(timeout=30):
                    raise RuntimeError("the app did not load the probe code")
                terminal.settle()
                os.write(terminal.master, KEYS["p"])
                latencies += terminal.move_during_run()
                parses += terminal.parses
    return latencies, parses


def main(argv: list[str] | None = None) -> int:
    """Measure and print; 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="start-ups of each app (default 7)")
    parser.add_argument("--presses", type=int, default=30, help="presses of each key")
    parser.add_argument("--child", choices=["launchtui", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--report-fd", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--checklist", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--probe-url", help=argparse.SUPPRESS)
    parser.add_argument("--probe-runs", type=int, default=3, help="probe runs (default 3)")
    parser.add_argument(
        "--only",
        choices=["startup", "keys", "probe"],
        action="append",
        help="measure only this part (repeatable; default: all three)",
    )
    args = parser.parse_args(argv)
    parts = set(args.only or ["startup", "keys", "probe"])
    if args.child:
        _child(args.child, args.report_fd, args.checklist, args.folder, args.probe_url)
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

    if "startup" in parts:
        report_startup(args.runs, verdict)
    if "keys" in parts:
        report_keys(args.presses, verdict)
    if "probe" in parts:
        report_probe_run(args.probe_runs, verdict)
    return 0 if ok else 1


def report_startup(runs: int, verdict: Callable[[bool], str]) -> None:
    """Print the first-paint and settled start-up figures against the bare app."""
    startup = measure_startup(runs)
    (ours, ours_settled), (bare, bare_settled) = startup["launchtui"], startup["bare"]
    ratio = ours / bare
    print(
        f"first paint       launchtui {ours:6.1f} ms   bare Tree app {bare:6.1f} ms"
        f"   ratio {ratio:.2f} (target ≤ {STARTUP_RATIO:.2f})  {verdict(ratio <= STARTUP_RATIO)}"
    )
    print(
        f"start-up settled  launchtui {ours_settled:6.1f} ms   bare Tree app {bare_settled:6.1f} ms"
        f"   ratio {ours_settled / bare_settled:.2f}"
    )


def report_keys(presses: int, verdict: Callable[[bool], str]) -> None:
    """Print key → redraw figures for the bundled checklist and a 2,000-item one."""
    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as folder:
        big = write_big_checklist(Path(folder) / "big-checklist.md")
        checks: list[tuple[Path | None, float]] = [(None, 16.0), (big, 50.0)]
        for checklist, target in checks:
            move, tick, save, count = measure_keys(checklist, presses)
            saved = f"   (save after paint {save:.1f} ms)" if save is not None else ""
            print(
                f"key → redraw {count:>5} items   j/k {move:5.1f} ms   space {tick:5.1f} ms"
                f"   (target ≤ {target:.0f} ms)  {verdict(max(move, tick) <= target)}{saved}"
            )


def report_probe_run(runs: int, verdict: Callable[[bool], str]) -> None:
    """Print key → redraw figures while the probes parse a 2 MB home page."""
    during, parses = measure_keys_during_probe_run(runs)
    if not during:
        print("key → redraw during a probe run: no key was answered before the run ended")
        verdict(False)
        return
    biggest = max(parses, key=lambda p: p[1], default=(0.0, 0))
    ordered = sorted(during)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000
    worst_ms = ordered[-1] * 1000
    print(
        f"key → redraw during a probe run (home page {BIG_PAGE_BYTES / 1e6:.2f} MB, parsed in "
        f"{biggest[0] * 1000:.0f} ms off the loop)   median {median_ms(during):5.1f} ms"
        f"   p95 {p95:5.1f} ms   worst {worst_ms:5.1f} ms   ({len(during)} keys;"
        " target: p95 ≤ 50 ms)"
        f"  {verdict(p95 <= 50)}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
