"""The full-screen checklist: launchtui's Textual app and the factory the CLI calls.

The app is a thin layer over the core: the :class:`~launchtui.state.StateStore` holds every
decision; the app applies key presses to it, saves it at once and redraws only what changed
(:meth:`LaunchApp.refresh_item`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.containers import Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from launchtui.catalog import Item, load_catalog
from launchtui.config import Config, ConfigError, default_config_path, load_config, save_config
from launchtui.probes import runner
from launchtui.probes.model import worst
from launchtui.probes.options import PROJECT_FAMILY, ProbeOptions
from launchtui.probes.project.options import ProjectOptions
from launchtui.probes.runner import covered_items
from launchtui.probes.target import TargetError, normalize_url
from launchtui.state import ItemStatus, SetBy, StateFileError, StateStore, now
from launchtui.text_safety import markup_text, one_line
from launchtui.tui.filtering import ChecklistFilter, View
from launchtui.tui.keys import APP_KEYS, checked_keymap, shown
from launchtui.tui.messages import ItemActivated, ProbeFindingArrived, ProbeRunEnded
from launchtui.tui.palette import ChecklistCommands
from launchtui.tui.screens.checklist import ChecklistScreen
from launchtui.tui.undo import UndoStack, snapshot
from launchtui.tui.widgets.checklist.filter_bar import FilterBar
from launchtui.tui.widgets.checklist.tree import ChecklistTree
from launchtui.tui.widgets.detail.pane import DetailPane
from launchtui.tui.widgets.header import AppHeader
from launchtui.tui.widgets.probes import ProbeRun

Clock = Callable[[], dt.datetime]
SAVE_RETRY_SECONDS = 2.0
"""How often a save that failed (a broken or locked state file) is tried again."""

STATUS_WORDS = {
    ItemStatus.DONE: "ticked done",
    ItemStatus.SKIPPED: "marked not applicable",
    ItemStatus.TODO: "set back to do",
}
"""What a change of status was, for the "Undone" notification."""

FILTER_DELAY = 0.08
"""Seconds the filter field must stay unchanged before the checklist is filtered again."""

PROBES_TITLE = "Probes"
"""The title of every toast about probe runs (a new run clears the last run's)."""

WATCH_INTERVAL = 1.0
"""Seconds between looks at the state file's identity (inode, size, modification time)."""

PROBE_CODE_DELAY = 0.5
"""Seconds after start-up before the probe code is imported in a thread (off the first frames)."""


class LaunchApp(App[None]):
    """The launch checklist, full screen, driven by the keyboard."""

    TITLE = "launchtui"
    CSS_PATH = "app.tcss"
    # Our provider replaces Textual's system commands: every entry reads "category: Action",
    # and the theme picker is one of them.
    COMMANDS: ClassVar = {ChecklistCommands}

    def __init__(
        self,
        store: StateStore,
        *,
        config_path: Path,
        clock: Clock = now,
        probe_options: ProbeOptions | None = None,
        project_options: ProjectOptions | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.probe_options = probe_options or ProbeOptions()
        """How probe runs reach the target (``--resolve``, ``--ca-bundle``, … from the CLI)."""
        self.project_options = project_options
        """The Django project the project checks read, and how (saved in the state file)."""
        self._project_worker: Worker[object] | None = None
        self._project_started = now()
        self.config_path = config_path
        self.clock = clock
        """Where "now" comes from (tests freeze it): decision times and "3 min ago"."""
        self.checklist_screen = ChecklistScreen(store, clock)
        self.filter = ChecklistFilter()
        self.undo_stack = UndoStack()
        """This session's decisions, N/A marks and notes, for ctrl+z."""
        self._save_pending = False
        self._save_lock = asyncio.Lock()
        self._save_retry: Timer | None = None
        self._save_error: str | None = None
        self._filter_timer: Timer | None = None
        self._seen_on_disk: tuple[int, int, int] | None = None
        self._quit_anyway = False
        self._startup_warnings: list[str] = []
        self._config_broken = False  # an unparseable config is never written over
        self.config = self._load_config()
        self.user_keymap, keymap_warnings = checked_keymap(self.config.keymap)
        """The user's ``[keymap]`` (binding id → keys) as applied: footer, help and palette
        show these keys."""
        self._startup_warnings += keymap_warnings
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self._startup_warnings.append(f"Unknown theme {self.config.theme!r} in config")

    def add_startup_warnings(self, warnings: Iterable[str]) -> None:
        """Problems to show once the app starts (a bad saved project, a config error)."""
        self._startup_warnings.extend(warnings)

    def _load_config(self) -> Config:
        try:
            return load_config(self.config_path)
        except ConfigError as exc:
            self._startup_warnings.append(f"{exc} · the theme will not be remembered")
            self._config_broken = True
            return Config()

    def get_key_display(self, binding: Binding) -> str:
        """How the footer writes a binding's key: as the user's ``[keymap]`` binds it (the
        help key's "?" display would stay otherwise)."""
        if binding.id in self.user_keymap:
            binding = dataclasses.replace(binding, key_display=None)
        return super().get_key_display(binding)

    # -- widgets -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """The checklist screen."""
        return self.checklist_screen

    @property
    def checklist(self) -> ChecklistTree:
        """The checklist widget."""
        return self.checklist_screen.checklist

    @property
    def detail(self) -> DetailPane:
        """The detail pane."""
        return self.checklist_screen.detail

    @property
    def header(self) -> AppHeader:
        """The line at the top."""
        return self.checklist_screen.header

    @property
    def progress_area(self) -> Vertical:
        """An empty container above the footer where a probe run can mount its progress bar."""
        return self.checklist_screen.query_one("#progress-area", Vertical)

    def on_mount(self) -> None:
        """Remember theme changes from now on; report config problems."""
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for warning in self._startup_warnings:
            self.notify(one_line(warning), title="Config", severity="warning", markup=False)
        self.set_timer(PROBE_CODE_DELAY, self._load_probe_code)
        self._seen_on_disk = self._state_file_identity()
        self.set_interval(WATCH_INTERVAL, self._watch_state_file)

    # -- another writer ------------------------------------------------------------------------

    def _state_file_identity(self) -> tuple[int, int, int] | None:
        try:
            info = self.store.path.stat()
        except OSError:
            return None
        return info.st_ino, info.st_size, info.st_mtime_ns

    def _watch_state_file(self) -> None:
        # One stat() a second: a git pull, a second launchtui or an import shows up here
        # without waiting for this instance's next save.
        identity = self._state_file_identity()
        if identity == self._seen_on_disk or self._save_pending or self._save_lock.locked():
            return  # unchanged, or our own save is under way (looked at again next tick)
        self._seen_on_disk = identity
        self.run_worker(self._reload_state(), group="reload", exit_on_error=False)

    async def _reload_state(self) -> None:
        async with self._save_lock:  # never between a save's read and its write-back
            try:
                changed = self.store.reload()
            except StateFileError as exc:
                self.notify(
                    f"{one_line(str(exc))}\nShowing what was read before; your changes are kept.",
                    title="State file changed on disk",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
                return
            self._show_changed_elsewhere(changed)

    def _load_probe_code(self) -> None:
        families = self.probe_options.site_families
        self.run_worker(
            partial(runner.load_families, families),
            thread=True,
            group="load-probes",
            exit_on_error=False,  # the run imports them again and reports the error there
        )

    # -- redrawing -----------------------------------------------------------------------------

    def refresh_item(self, item_id: str) -> None:
        """Redraw what one item's change touches: its line, its section's count, the progress,
        and the detail pane if it shows this item. Safe to call for any item, shown or not."""
        self.checklist_screen.refresh_item(item_id)

    @on(ItemActivated)
    def _activated(self, message: ItemActivated) -> None:
        self._toggle_status(message.item_id, ItemStatus.DONE)

    # -- changing and saving -------------------------------------------------------------------

    def _toggle_status(self, item_id: str, status: ItemStatus) -> None:
        before = snapshot(self.store.item(item_id))
        new = ItemStatus.TODO if before.status is status else status
        after = self.store.set_status(item_id, new, by=SetBy.USER, at=self.clock())
        self.undo_stack.record(item_id, before, after, STATUS_WORDS[new])
        self._changed(item_id)

    def _changed(self, item_id: str) -> None:
        self.refresh_item(item_id)
        self._save_soon()

    def _save_soon(self) -> None:
        # Saved right after the screen is redrawn: the key feels instant, and several changes
        # made before the redraw are written once.
        if not self._save_pending:
            self._save_pending = True
            self.call_after_refresh(self._start_save)

    def _start_save(self) -> None:
        # The coroutine, not the function: mypy cannot pick run_worker's result type for an async
        # function out of Textual's WorkType union, it can for an awaitable.
        self.run_worker(self.save_state(), group="save", exit_on_error=False)

    @property
    def save_idle(self) -> bool:
        """No save waits to start or runs (tests wait for this before reading the file)."""
        return not self._save_pending and not self._save_lock.locked()

    @property
    def filter_pending(self) -> bool:
        """Typed filter text the checklist does not follow yet (it does once typing pauses)."""
        return self._filter_timer is not None

    async def save_state(self) -> bool:
        """Write the state file now; on failure say why and keep every change in memory.

        The disk work (reading the file again, merging, writing with fsync) runs in a thread, so
        keys are handled meanwhile; one save runs at a time, in order, and a change made while
        it runs is written by the next round of this loop. A failed save is tried again every
        :data:`SAVE_RETRY_SECONDS` until it succeeds: once the file on disk is valid again
        (mended by hand, say), the changes are written without another key press. The same
        error is reported once, not at every try.
        """
        self._save_pending = False
        async with self._save_lock:
            while self.store.dirty:
                job = self.store.begin_save()
                try:
                    result = await asyncio.to_thread(job.run)
                except StateFileError as exc:
                    self._save_failed(exc)
                    return False
                self.store.finish_save(result)
                self._show_changed_elsewhere(self.store.changed_elsewhere)
        if self._save_retry is not None:
            self._save_retry.stop()
            self._save_retry = None
        if self._save_error is not None:
            self._save_error = None
            self.notify(one_line(str(self.store.path)), title="Saved", timeout=3, markup=False)
        return True

    def _save_failed(self, exc: StateFileError) -> None:
        if str(exc) != self._save_error:
            self._save_error = str(exc)
            self.notify(
                f"{one_line(str(exc))}\n"
                "Your changes are kept and saved as soon as the file can be written.",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
        if self._save_retry is None:
            self._save_retry = self.set_interval(SAVE_RETRY_SECONDS, self._retry_save)

    def _retry_save(self) -> None:
        if not self.store.dirty and self._save_retry is not None:
            self._save_retry.stop()
            self._save_retry = None
        elif not self._save_lock.locked():
            self._start_save()

    def _show_changed_elsewhere(self, item_ids: Iterable[str]) -> None:
        # What another launchtui (or git, or an import) wrote to the same file: show it.
        for item_id in item_ids:
            self.refresh_item(item_id)
        if self.header.target != self.store.target_url:
            self.header.set_target(self.store.target_url)

    def _current_item(self) -> Item | None:
        item = self.checklist.current_item
        if item is None:
            self.notify("Move the cursor to an item first.", timeout=3)
        return item

    # -- actions (keys and command palette) ----------------------------------------------------

    def action_toggle_done(self) -> None:
        """Tick the item as done, or untick it; on a section heading, fold or unfold it."""
        if self.checklist.current is not None and self.checklist.current_item is None:
            self.checklist.toggle_fold()
            return
        item = self._current_item()
        if item is not None:
            self._toggle_status(item.id, ItemStatus.DONE)

    def action_toggle_not_applicable(self) -> None:
        """Mark the item not applicable, or back to do."""
        item = self._current_item()
        if item is not None:
            self._toggle_status(item.id, ItemStatus.SKIPPED)

    def action_edit_note(self) -> None:
        """Open the note dialog for the item."""
        from launchtui.tui.screens.note_editor import NoteEditor  # on first use: start fast

        item = self._current_item()
        if item is None:
            return

        def saved(note: str | None) -> None:
            if note is not None and note.strip() != self.store.item(item.id).note:
                before = snapshot(self.store.item(item.id))
                after = self.store.set_note(item.id, note)
                self.undo_stack.record(item.id, before, after, "note")
                self._changed(item.id)

        self.push_screen(NoteEditor(item.title, self.store.item(item.id).note), saved)

    def action_undo(self) -> None:
        """Undo the last decision, N/A mark or note of this session (saved like any change)."""
        change = self.undo_stack.undo(self.store)
        if change is None:
            self.notify("Nothing to undo in this session.", title="Undo", timeout=3)
            return
        self.checklist.select_item(change.item_id)
        self._changed(change.item_id)
        title = one_line(self.store.catalog.item(change.item_id).title)
        self.notify(f"{change.what} · {title}", title="Undone", timeout=3, markup=False)

    def action_open_link(self) -> None:
        """Open the item's link (the checklist's own, else its documentation) in the browser."""
        item = self._current_item()
        if item is None:
            return
        url = item.link or next(iter(item.links), None)
        if url is None:
            self.notify("This item has no link.", timeout=3)
            return
        self.open_url(url)
        self.notify(one_line(url), title="Opening in the browser", timeout=3, markup=False)

    def action_filter_text(self) -> None:
        """Show the filter line and put the cursor in it."""
        bar = self.checklist_screen.filter_bar()
        bar.add_class("-visible")
        self.checklist_screen.add_class("-filtering")
        # / is a priority binding, run as the app reads the key, and the focus moves at once
        # (focus() would queue it): so the letters typed right after / reach the field, not
        # the checklist, however fast they come ("n" there marks an item not applicable).
        self.checklist_screen.set_focus(bar.field)

    def action_clear_filter(self) -> None:
        """Clear the text filter and hide the filter line; the view (f) stays."""
        self._stop_filter_timer()
        if self.filter.text:
            self._apply_filter(self.filter.with_text(""))
        bar = self.checklist_screen.filter_bar()
        bar.remove_class("-visible")
        self.checklist_screen.remove_class("-filtering")
        bar.field.value = ""
        self.checklist.focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        # Rebuilding the tree on every key made fast typing lag behind; the tree follows once
        # the typing pauses (or at once on enter).
        self._stop_filter_timer()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._filter_from_field)

    def _stop_filter_timer(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None

    def _filter_from_field(self) -> None:
        self._filter_timer = None
        text = self.checklist_screen.filter_bar().field.value
        if text != self.filter.text:
            self._apply_filter(self.filter.with_text(text))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self._stop_filter_timer()
        self._filter_from_field()
        if not event.value.strip():
            self.checklist_screen.filter_bar().remove_class("-visible")
            self.checklist_screen.remove_class("-filtering")
        self.checklist.focus()

    def action_cycle_view(self) -> None:
        """Show all, open, failing or done items, in turn."""
        self.action_show_view(self.filter.view.next().value)

    def action_show_view(self, view: str) -> None:
        """Show one view: all, open, failing or done."""
        self._apply_filter(self.filter.with_view(View(view)))

    def _apply_filter(self, checklist_filter: ChecklistFilter) -> None:
        self.filter = checklist_filter
        tree = self.checklist
        tree.populate(checklist_filter, keep=tree.current)
        summary = markup_text(checklist_filter.describe())  # typed text; a subtitle is markup
        tree.border_subtitle = (
            f"{summary} · {len(tree.shown_items)} of {len(self.store.catalog)}" if summary else ""
        )

    def action_fold_all(self, folded: bool) -> None:
        """Fold or unfold every section."""
        self.checklist.set_all_folded(folded)

    def action_checklist_action(self, name: str) -> None:
        """Run one of the checklist's own actions (for the command palette)."""
        getattr(self.checklist, f"action_{name}")()
        self.checklist.focus()

    def action_set_target(self) -> None:
        """Ask for the target URL (validated) and save it."""
        from launchtui.tui.screens.url_dialog import UrlDialog  # on first use: start fast

        def chosen(url: str | None) -> None:
            if url is None or url == (self.store.target_url or ""):
                return
            self.store.set_target(url or None)
            self.header.set_target(self.store.target_url)
            self._save_soon()
            self.notify(one_line(url) or "cleared", title="Target", timeout=3, markup=False)

        self.push_screen(UrlDialog(self.store.target_url), chosen)

    def action_set_project(self) -> None:
        """Ask for the Django project folder (it must hold a project) and save it."""
        from launchtui.tui.screens.project_dialog import ProjectDialog  # on first use

        current = self.project_options.path if self.project_options is not None else None

        def chosen(path: Path | None) -> None:
            if path is None or (current is not None and path == current.resolve()):
                return
            options = None if path == Path() else ProjectOptions(path=path)
            self.project_options = options
            base = self.store.path.parent
            self.store.set_project(options.to_table(base) if options is not None else None)
            self._save_soon()
            shown = one_line(str(path)) if options is not None else "cleared"
            self.notify(shown, title="Project", timeout=3, markup=False)

        self.push_screen(ProjectDialog(current), chosen)

    # -- probes --------------------------------------------------------------------------------

    @property
    def probe_run(self) -> ProbeRun | None:
        """The probe run under way, if any."""
        runs = self.checklist_screen.query(ProbeRun)
        return runs.first() if runs else None

    def action_run_probes(self) -> None:
        """Run the probes against the target and the project checks on the project, both in
        the background; verdicts arrive item by item (the project's when its check ends)."""
        outcomes = [self._start_site_probes(), self._start_project_check()]
        started = any(outcome is None for outcome in outcomes)
        reasons = [o for o in outcomes if o is not None and o.kind != "off"]
        if started:  # a hint to set the other one up would come on every p: only trouble shows
            reasons = [o for o in reasons if o.kind in ("busy", "error")]
        elif not reasons:
            reasons = [_NotStarted("--only selects nothing to run.", "unset")]
        if reasons:
            self.notify(
                one_line(" ".join(o.reason for o in reasons)),
                title=PROBES_TITLE,
                severity="error" if any(o.kind == "error" for o in reasons) else "warning",
                markup=False,
            )

    def action_run_family(self, family: str) -> None:
        """Run one probe family only (http, tls or dns), for the command palette."""
        self._say_not_started(self._start_site_probes((family,)))

    def action_rerun_item(self) -> None:
        """Run again the probes that judge the item under the cursor; only its verdict is
        recorded (the family still looks at the whole site, as the item's verdict needs)."""
        item = self._current_item()
        if item is None:
            return
        families = tuple(f for f in self.probe_options.site_families if f in item.probes)
        if not families:
            self.notify("No probe judges this item.", title=PROBES_TITLE, timeout=3)
            return
        self._say_not_started(self._start_site_probes(families, only=item))

    def _say_not_started(self, outcome: _NotStarted | None) -> None:
        if outcome is not None:
            severity: SeverityLevel = "error" if outcome.kind == "error" else "warning"
            self.notify(
                one_line(outcome.reason), title=PROBES_TITLE, severity=severity, markup=False
            )

    def _start_site_probes(
        self, families: tuple[str, ...] | None = None, only: Item | None = None
    ) -> _NotStarted | None:
        """Start the site probes (``families``: all chosen; ``only``: record one item's
        verdict only); None when they started, else why not."""
        families = self.probe_options.site_families if families is None else families
        if not families:
            return _NotStarted("The site probes are not selected (--only).", "off")
        if self.probe_run is not None:
            return _NotStarted("The probes are already running; c cancels them.", "busy")
        url = self.store.target_url
        if url is None:
            return _NotStarted("Set the site to probe first: press u.", "unset")
        items = [only] if only is not None else list(self.store.catalog.items())
        item_probes = {item.id: item.probes for item in items}
        if not covered_items(item_probes, families):
            return _NotStarted("No item of this checklist can be probed.", "unset")
        try:
            target = self.probe_options.target(url)
        except TargetError as exc:
            return _NotStarted(str(exc), "error")
        # The last run's toasts (its summary above all) would sit over this run: they go.
        for toast in [n for n in self._notifications if n.title == PROBES_TITLE]:
            self._unnotify(toast, refresh=False)
        self._refresh_notifications()
        self.checklist_screen.add_class("-probing")  # toasts move up, off the progress line
        cancel = shown(next(k for k in APP_KEYS if k.id == "cancel-probes"), self.user_keymap)
        self.progress_area.mount(ProbeRun(target, item_probes, families, cancel_key=cancel))
        return None

    def _start_project_check(self) -> _NotStarted | None:
        """Start the project checks in a thread; None when they started, else why not."""
        if PROJECT_FAMILY not in self.probe_options.families:
            return _NotStarted("The project checks are not selected (--only).", "off")
        options = self.project_options
        if options is None:
            return _NotStarted("Set the Django project with P to check it too.", "unset")
        if self._project_worker is not None and self._project_worker.is_running:
            return _NotStarted("The project checks are already running.", "busy")
        url = self.store.target_url
        host = urlsplit(url).hostname if url else None
        self._project_started = now()
        self._project_worker = self.run_worker(
            partial(_check_project, options, host),
            thread=True,
            group="project",
            exit_on_error=False,
        )
        self.notify(one_line(f"Checking {options.path}"), title="Project", timeout=3, markup=False)
        return None

    @on(Worker.StateChanged)
    def _project_check_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._project_worker:
            return
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            self.notify(
                one_line(f"{type(error).__name__}: {error}"),
                title="Project checks stopped",
                severity="error",
                markup=False,
            )
        elif event.state is WorkerState.SUCCESS:
            findings = event.worker.result
            assert isinstance(findings, list)
            counts: dict[str, int] = {}
            for finding in findings:
                state = self.store.record_project_finding(finding, self._project_started)
                if state is None:
                    continue  # an item this checklist does not have
                counts[finding.verdict.value] = counts.get(finding.verdict.value, 0) + 1
                self._changed(finding.item_id)
            summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
            failed = counts.get("fail", 0)
            self.notify(
                one_line(f"Project checks: {summary or 'no item judged'}"),
                title="Project",
                severity="warning" if failed else "information",
                timeout=8,
                markup=False,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """/ is text, not the filter key, while the filter line has the cursor (the key then
        goes to the field like any other, in the order it was typed)."""
        if action == "filter_text":
            bars = self.checklist_screen.query(FilterBar)
            return not (bars and bars.first().field.has_focus)
        return True

    def action_cancel_probes(self) -> None:
        """Stop the probe run; the verdicts already recorded stay."""
        run = self.probe_run
        if run is None:
            self.notify("No probe run to stop; p starts one.", title=PROBES_TITLE, timeout=3)
            return
        run.cancel()

    @on(ProbeFindingArrived)
    def _probe_finding(self, message: ProbeFindingArrived) -> None:
        finding = message.finding
        if finding.item_id not in self.store.catalog:
            return
        state = self.store.record_finding(finding, message.run_started)
        run = self.probe_run
        if state is None or state.probe is None:
            # Not recorded (it rests on nothing the site said), but the progress counts it.
            if run is not None:
                counted = run.verdicts.get(finding.item_id)
                run.count(finding.item_id, worst([v for v in (counted, finding.verdict) if v]))
            return
        if run is not None:
            run.count(finding.item_id, state.probe.verdict)
        self._changed(finding.item_id)

    @on(ProbeRunEnded)
    def _probe_run_ended(self, message: ProbeRunEnded) -> None:
        self.refresh_bindings()
        self.checklist_screen.remove_class("-probing")
        self.notify(
            one_line(message.summary),
            title=PROBES_TITLE,
            severity=message.severity,
            timeout=8,
            markup=False,
        )

    def action_toggle_detail(self) -> None:
        """Show or hide the detail pane (more room for the checklist on a small terminal)."""
        pane = self.detail
        pane.display = not pane.display
        if pane.display:
            self.checklist_screen.show_details()
        elif pane.has_focus:
            self.checklist.focus()

    def action_help(self) -> None:
        """Show every key and what the markers mean."""
        from launchtui.tui.screens.help import HelpScreen  # on first use: start fast

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(
                HelpScreen(self.store.catalog.credit, self.shown_state_path, self.user_keymap)
            )

    @property
    def shown_state_path(self) -> str:
        """The state file's path as shown: absolute, the home folder as ``~``."""
        path = self.store.path.absolute()
        try:
            return str(Path("~") / path.relative_to(Path.home()))
        except (ValueError, RuntimeError):  # elsewhere, or no home folder known
            return str(path)

    def action_show_state_path(self) -> None:
        """Say where the state file is (a notification; it may not be written yet)."""
        shown = one_line(self.shown_state_path)
        if not self.store.path.exists():
            shown += " (not written yet: the first change creates it)"
        self.notify(shown, title="State file", timeout=8, markup=False)

    async def action_quit(self) -> None:
        """Save and quit; if the state cannot be saved, quit only when asked twice."""
        if self.store.dirty and not await self.save_state() and not self._quit_anyway:
            self._quit_anyway = True
            self.notify(
                "Press q again to quit and lose the unsaved changes.",
                title="Not saved",
                severity="warning",
            )
            return
        self.exit()

    # -- theme ---------------------------------------------------------------------------------

    def _remember_theme(self, theme: Theme) -> None:
        if self._config_broken or theme.name == self.config.theme:
            return
        self.config.theme = theme.name
        try:
            save_config(self.config_path, self.config)
        except ConfigError as exc:
            self.notify(
                one_line(str(exc)), title="Theme not remembered", severity="warning", markup=False
            )


@dataclass(frozen=True, slots=True)
class _NotStarted:
    """Why p did not start the site probes or the project checks.

    ``off``: not selected with --only (said only if nothing runs); ``unset``: no target or
    project; ``busy``: already running; ``error``: the options are wrong.
    """

    reason: str
    kind: Literal["off", "unset", "busy", "error"]


def _check_project(options: ProjectOptions, site_host: str | None) -> list[object]:
    """The project checks (in a worker thread): discovery, static reading, the runner if asked."""
    from launchtui.probes.project.check import check_with_options

    return list(check_with_options(options, site_host=site_host).findings)


def create_app(
    state_path: Path,
    *,
    checklist: Path | None = None,
    url: str | None = None,
    config_path: Path | None = None,
    clock: Clock = now,
    probe_options: ProbeOptions | None = None,
    project_options: ProjectOptions | None = None,
) -> LaunchApp:
    """Open the checklist and its state and build the app (not yet running).

    ``StateFileError``, ``ChecklistSyntaxError`` and ``OSError`` propagate so the caller can print
    one line and exit. See :func:`app_for_store` for the other arguments.
    """
    return app_for_store(
        StateStore.open(state_path, load_catalog(checklist)),
        url=url,
        config_path=config_path,
        clock=clock,
        probe_options=probe_options,
        project_options=project_options,
    )


def app_for_store(
    store: StateStore,
    *,
    url: str | None = None,
    config_path: Path | None = None,
    clock: Clock = now,
    probe_options: ProbeOptions | None = None,
    project_options: ProjectOptions | None = None,
) -> LaunchApp:
    """Build the app on a store already open (the CLI opens it to refuse a bad file early).

    ``url`` (from the command line) becomes the target: it is validated (``TargetError``) and
    saved before the app starts. ``probe_options`` say how probe runs reach it.
    ``project_options`` (``--project``) are saved in the state the same way; without them, the
    project the state file names is the one checked.
    """
    changed = False
    if url is not None:
        target = normalize_url(url)
        if target != store.target_url:
            store.set_target(target)
            changed = True
    base = store.path.parent
    if project_options is not None:
        table = project_options.to_table(base)
        if table != store.project_table:
            store.set_project(table)
            changed = True
    if changed:
        store.save()
    warnings: list[str] = []
    if project_options is None and store.project_table is not None:
        try:
            project_options = ProjectOptions.from_table(store.project_table, base)
        except ValueError as exc:
            warnings.append(f"{store.path}: {exc}; the project checks are off")
    app = LaunchApp(
        store,
        config_path=config_path or default_config_path(),
        clock=clock,
        probe_options=probe_options,
        project_options=project_options,
    )
    app.add_startup_warnings(warnings)
    return app
