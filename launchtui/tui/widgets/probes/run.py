"""One probe run in the TUI: a background worker and the progress line that shows it.

The widget owns the worker, so the run lives exactly as long as the widget: mounting it starts
the probes, cancelling the worker (key ``c``) stops them, and when the worker ends the widget
reports how it went and removes itself. Findings travel to the app as messages; only the app's
handlers touch the state and the checklist. The HTTP probes are asynchronous and share the app's
event loop; sslyze and dnspython run in threads inside their families, so keys keep working.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Label, ProgressBar
from textual.worker import Worker, WorkerState

from launchtui.probes.context import ProbeContext
from launchtui.probes.model import Verdict
from launchtui.probes.runner import covered_items, run_probes
from launchtui.probes.target import Target
from launchtui.state import now
from launchtui.tui.messages import ProbeFindingArrived, ProbeRunEnded

VERDICT_ORDER = (Verdict.PASS, Verdict.WARN, Verdict.FAIL, Verdict.UNKNOWN)


def verdict_counts(verdicts: Mapping[str, Verdict]) -> str:
    """``"12 pass · 2 warn · 1 fail · 3 unknown"`` (kinds with no item left out)."""
    counts = Counter(verdicts.values())
    return " · ".join(f"{counts[v]} {v.value}" for v in VERDICT_ORDER if counts[v]) or "no verdict"


class ProbeRun(Horizontal):
    """Runs the probes for one target and shows their progress:
    "Probing · c cancels  ━━━━╺━━━━  12/39 · 9 pass · 3 fail"."""

    DEFAULT_CSS = """
    ProbeRun {
        height: 1;
        padding: 0 1;
        background: $boost;
        #probe-label { width: auto; color: $text-accent; text-style: bold; }
        #probe-bar { width: 1fr; margin-left: 1; }
        #probe-counts { width: auto; margin-left: 1; }
    }
    """

    BINDINGS: ClassVar = []

    def __init__(
        self,
        target: Target,
        item_probes: Mapping[str, tuple[str, ...]],
        families: tuple[str, ...],
        cancel_key: str = "c",
    ) -> None:
        super().__init__(id="probe-run")
        self.cancel_key = cancel_key
        """The key that cancels (after the user's keymap), for the progress line."""
        self.target = target
        self.item_probes = dict(item_probes)
        self.families = families
        self.expected = set(covered_items(self.item_probes, families))
        self.verdicts: dict[str, Verdict] = {}
        self.probe_context: ProbeContext | None = None  # set when the run starts
        self._started = time.monotonic()
        self._counts_pending = False
        self._cancel_requested = False

    def compose(self) -> ComposeResult:
        # The key comes first and the counts last: on a narrow terminal the line is cut on the
        # right. The target is in the header already.
        yield Label(f"Probing · {self.cancel_key} cancels", id="probe-label", markup=False)
        yield ProgressBar(total=len(self.expected), show_eta=False, id="probe-bar")
        yield Label(f"0/{len(self.expected)}", id="probe-counts", markup=False)

    def on_mount(self) -> None:
        """Start the run as soon as the progress line is on screen."""
        if self._cancel_requested:  # c came before the line was mounted: it never starts
            self._ended(WorkerState.CANCELLED, None)
            return
        self.probe()

    @work(exclusive=True, group="probes", exit_on_error=False)
    async def probe(self) -> None:
        """Stream the findings of every family to the app, as they arrive."""
        started = now()
        self.probe_context = ProbeContext.start(self.target, self.families)
        async for finding in run_probes(self.probe_context, self.item_probes):
            # A run for some items only (re-run one item) records theirs, not the rest the
            # families judged on the way.
            if finding.item_id in self.item_probes:
                self.app.post_message(ProbeFindingArrived(finding, started))

    def count(self, item_id: str, verdict: Verdict) -> None:
        """Account for an item's (aggregated) verdict in the progress line."""
        if item_id not in self.expected:
            return
        self.verdicts[item_id] = verdict
        # Findings come in bursts; the counts label changes width, so every update lays the
        # screen out again: update once per burst, after the next frame, not once per finding.
        if not self._counts_pending:
            self._counts_pending = True
            self.call_after_refresh(self._show_counts)

    def _show_counts(self) -> None:
        self._counts_pending = False
        try:
            bar = self.query_one(ProgressBar)
            counts = self.query_one("#probe-counts", Label)
        except NoMatches:
            return  # the run ended and its line is being removed
        bar.update(progress=len(self.verdicts))
        counts.update(
            f"{len(self.verdicts)}/{len(self.expected)} · {verdict_counts(self.verdicts)}"
        )

    def cancel(self) -> None:
        """Stop the run; the verdicts already recorded are kept."""
        self._cancel_requested = True  # in case the worker has not started yet
        self.workers.cancel_group(self, "probes")

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        state = event.state
        if state not in (WorkerState.SUCCESS, WorkerState.CANCELLED, WorkerState.ERROR):
            return
        event.stop()
        self._ended(state, event.worker.error)

    def _ended(self, state: WorkerState, error: BaseException | None) -> None:
        took = time.monotonic() - self._started
        counts = verdict_counts(self.verdicts)
        if state is WorkerState.SUCCESS:
            reason = (
                self.probe_context.unreachable_reason() if self.probe_context is not None else None
            )
            if reason is not None:
                ended = ProbeRunEnded(f"Cannot reach {self.target.url}: {reason}", "error")
            else:
                ended = ProbeRunEnded(f"Probes done in {took:.1f} s: {counts}")
        elif state is WorkerState.CANCELLED:
            ended = ProbeRunEnded(
                f"Probe run cancelled after {took:.1f} s; {len(self.verdicts)} verdicts kept "
                f"({counts})",
                "warning",
            )
        else:
            ended = ProbeRunEnded(
                f"The probe run stopped: {type(error).__name__}: {error}", "error"
            )
        self.app.post_message(ended)  # to the app itself: this widget is going away
        self.remove()
