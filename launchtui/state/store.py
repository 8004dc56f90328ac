"""The state store: one checklist's state file, loaded into memory and merged back on save.

Before each write the file is read again under its lock (:mod:`launchtui.state.lock`) and every
item this process changed is merged part by part with the disk's copy (:mod:`~.merge`),
so two writers on one file — two TUIs, a probe run and an ``import`` — never lose each other's
changes. A file that cannot be parsed or does not validate is never written over: the save raises
:class:`StateFileError` naming the line and leaves the in-memory state exactly as it was, so the
next save, once the file is valid again, writes every change.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchtui.atomic import atomic_write, real_path
from launchtui.catalog import Catalog, slugify
from launchtui.probes.model import Finding, Verdict, worst
from launchtui.state.lock import state_lock
from launchtui.state.merge import merge_item, rebase_item
from launchtui.state.model import ItemState, ItemStatus, ProbeRecord, SetBy, now
from launchtui.state.schema import (
    SCHEMA_VERSION,
    StateFileError,
    checked_time,
    locate,
    parse_state_text,
    render_state,
)


def default_state_path(catalog: Catalog | None = None) -> Path:
    """Where the state lives unless ``--state`` says otherwise: the user data directory.

    The bundled checklist uses ``state.toml``; another checklist gets a file of its own.
    """
    import platformdirs

    folder = Path(platformdirs.user_data_dir("launchtui", appauthor=False))
    if catalog is None or catalog.name == "Django Production Launch":
        return folder / "state.toml"
    return folder / f"state-{slugify(catalog.name, max_length=40)}.toml"


def read_state_text(path: Path) -> str | None:
    """The file's text; ``None`` when it does not exist yet."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StateFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def read_state_file(path: Path) -> tuple[str | None, dict[str, Any]]:
    """The file's text and parsed (migrated) data; ``(None, {})`` when it does not exist yet."""
    text = read_state_text(path)
    return (None, {}) if text is None else (text, parse_state_text(text, path))


def load_items(
    data: dict[str, Any], catalog: Catalog, text: str, path: Path
) -> dict[str, ItemState]:
    """The validated state of every item of ``catalog`` in ``data`` (other items stay raw).

    Raises :class:`StateFileError` naming the file and line of the first bad value.
    """
    items: dict[str, ItemState] = {}
    for item_id, table in data.get("items", {}).items():
        if item_id in catalog:
            try:
                items[item_id] = ItemState.from_table(table, f"items.{item_id}")
            except StateFileError as exc:
                raise locate(exc, text, path) from None
    return items


def _check_checklist(data: dict[str, Any], catalog: Catalog, path: Path) -> None:
    checklist = data.get("checklist", {})
    name = checklist.get("name") if isinstance(checklist, dict) else None
    if name is not None and name != catalog.name:
        raise StateFileError(
            f"{path}: this state belongs to the checklist {name!r}, not {catalog.name!r}"
        )


class StateStore:
    """The state file of one checklist, loaded into memory and written back on :meth:`save`.

    Readers get :meth:`item` (an :class:`ItemState`), :meth:`progress` and :attr:`target_url`;
    writers call :meth:`set_status`, :meth:`set_note`, :meth:`set_target`,
    :meth:`record_finding`, :meth:`record_project_finding` or :meth:`replace_item`, then
    :meth:`save`.
    """

    def __init__(
        self,
        path: Path,
        catalog: Catalog,
        data: dict[str, Any],
        text: str | None,
        *,
        create_folder: bool = False,
    ):
        self.path = path
        self.catalog = catalog
        self.create_folder = create_folder
        """Whether a save may create the file's folder (only the default data folder)."""
        self._data = data
        self._disk_text = text
        self._items = load_items(data, catalog, text or "", path)
        self._changed: set[str] = set()
        # Save generations: a change made after a save began stays pending when it finishes.
        self._generation = 0
        self._edited: dict[str, int] = {}
        self._target_edited = 0
        self.changed_elsewhere: frozenset[str] = frozenset()
        """Items another writer changed on disk, found by the last :meth:`save`."""
        self._target_changed = False

    @classmethod
    def open(cls, path: Path, catalog: Catalog, *, create_folder: bool = False) -> StateStore:
        """Load the state at ``path`` (a missing file is an empty state).

        Raises :class:`StateFileError` for a file that cannot be read, parsed or validated, that
        belongs to another checklist, or whose folder does not exist (unless ``create_folder``,
        for the default data folder: it is then created by the first save). Such a file is left
        exactly as it is.
        """
        if not create_folder and not real_path(path).parent.is_dir():
            raise StateFileError(f"{path}: the folder {path.parent} does not exist")
        text, data = read_state_file(path)
        _check_checklist(data, catalog, path)
        return cls(path, catalog, data, text, create_folder=create_folder)

    # -- reading -------------------------------------------------------------------------------

    @property
    def target_url(self) -> str | None:
        """The site the probes check, if one was set."""
        url = self._data.get("target", {}).get("url")
        return url if isinstance(url, str) and url else None

    @property
    def project_table(self) -> dict[str, Any] | None:
        """The Django project the project checks read, as saved (``[target.project]``: the
        launch target is the site and its project). The caller validates it."""
        table = self._data.get("target", {}).get("project")
        return dict(table) if isinstance(table, dict) else None

    def item(self, item_id: str) -> ItemState:
        """The recorded state of an item (a fresh to-do state if nothing was recorded).

        The object is the store's own: change it through the store's methods.
        """
        if item_id not in self.catalog:
            raise KeyError(item_id)
        state = self._items.get(item_id)
        if state is None:
            state = self._items[item_id] = ItemState()
        return state

    def progress(self) -> tuple[int, int]:
        """(items closed — done or not applicable —, all items)."""
        closed = sum(1 for s in self._items.values() if s.closed)
        return closed, len(self.catalog)

    @property
    def dirty(self) -> bool:
        """Whether there are changes not yet saved."""
        return bool(self._changed) or self._target_changed

    # -- changing ------------------------------------------------------------------------------

    def _put(self, item_id: str, state: ItemState) -> None:
        self._items[item_id] = state
        self._changed.add(item_id)
        self._edited[item_id] = self._generation + 1

    def set_status(
        self,
        item_id: str,
        status: ItemStatus,
        *,
        by: SetBy = SetBy.USER,
        at: dt.datetime | None = None,
    ) -> ItemState:
        """Record a decision about an item (``at``: when it was made, default now)."""
        state = self.item(item_id)
        state.status, state.set_by, state.set_at = status, by, _when(at)
        self._put(item_id, state)
        return state

    def set_note(self, item_id: str, note: str, *, at: dt.datetime | None = None) -> ItemState:
        """Replace an item's note (surrounding blank space is dropped); ``at`` as for
        :meth:`set_status`."""
        state = self.item(item_id)
        state.note, state.note_at = note.strip(), _when(at)
        self._put(item_id, state)
        return state

    def set_target(self, url: str | None) -> None:
        """Set (or clear) the site the probes check; the caller validates the URL."""
        target = dict(self._data.get("target", {}))
        if url:
            target["url"] = url
        else:
            target.pop("url", None)
        self._data = {**self._data, "target": target}
        self._target_changed = True
        self._target_edited = self._generation + 1

    def set_project(self, table: Mapping[str, Any] | None) -> None:
        """Set (or clear) the project the checks read, beside the site; it is saved and merged
        with the target (the caller validates it)."""
        target = dict(self._data.get("target", {}))
        if table:
            target["project"] = dict(table)
        else:
            target.pop("project", None)
        self._data = {**self._data, "target": target}
        self._target_changed = True
        self._target_edited = self._generation + 1

    def record_finding(self, finding: Finding, run: dt.datetime) -> ItemState | None:
        """Apply one probe finding; several findings of one run on an item keep the worst.

        A pass closes a to-do item "by probe"; any later verdict but a pass reopens an item a
        probe had closed. A person's decision is never changed: a disagreement shows through
        :attr:`ItemState.disagrees`. Only evidence from the site is recorded: a finding that
        reached nothing (``finding.reached`` False — the family could not reach the site, the
        run ended first) changes nothing, neither the record nor the decision. Such findings, and
        findings for items this checklist lacks, return ``None``.
        """
        if finding.item_id not in self.catalog or not finding.reached:
            return None
        state = self.item(finding.item_id)
        state.probe = _recorded(state.probe, finding, run)
        if not state.decided_by_user:
            verdict = state.probe.verdict
            if verdict is Verdict.PASS and state.status is ItemStatus.TODO:
                state.status, state.set_by, state.set_at = ItemStatus.DONE, SetBy.PROBE, now()
            elif (
                verdict is not Verdict.PASS
                and state.set_by is SetBy.PROBE
                and state.status is ItemStatus.DONE
            ):
                # A probe's "done" stands only while its latest run passes: a warning, a failure
                # or a run that could not tell reopens the item; the next passing run closes it
                # again.
                state.status, state.set_at = ItemStatus.TODO, now()
        self._put(finding.item_id, state)
        return state

    def record_project_finding(self, finding: Finding, run: dt.datetime) -> ItemState | None:
        """Apply one finding of the project checks (``launchtui project``) to the item's
        ``project`` record; several of one run keep the worst. It changes no decision: the
        item's :attr:`ItemState.verdict` is the worst of this and the site's probe record.
        A finding that reached nothing is not recorded (``None``), as for the site."""
        if finding.item_id not in self.catalog or not finding.reached:
            return None
        state = self.item(finding.item_id)
        state.project = _recorded(state.project, finding, run)
        self._put(finding.item_id, state)
        return state

    def replace_item(self, item_id: str, state: ItemState) -> None:
        """Put a whole item state in place (used by import); only the parts that differ from
        what was read are merged on save."""
        self._put(item_id, state)

    # -- saving --------------------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The whole state as TOML tables (unknown keys and items included)."""
        data = dict(self._data)
        data["schema"] = SCHEMA_VERSION
        data["checklist"] = {
            **data.get("checklist", {}),
            "name": self.catalog.name,
            "version": self.catalog.version,
        }
        items = {k: v for k, v in data.get("items", {}).items() if k not in self.catalog}
        for item_id, state in self._items.items():
            if not state.is_empty:
                items[item_id] = state.to_table()
        data["items"] = items
        if not data.get("target"):
            data.pop("target", None)
        return data

    def render(self) -> str:
        """The state file's text as it would be saved now (without merging the disk copy)."""
        return render_state(self.to_data())

    def save(self) -> bool:
        """Merge this process's changes into the file on disk and write it atomically.

        Returns whether the file was written (it is not when nothing changed). Raises
        :class:`StateFileError` — and writes nothing, and changes nothing in memory — if the
        file on disk cannot be parsed or validated, belongs to another checklist, is read-only,
        or cannot be locked or written. The same three steps as :meth:`begin_save`,
        :meth:`SaveJob.run` and :meth:`finish_save`, which the TUI splits so that the disk work
        runs in a thread.
        """
        if not self.dirty:
            return False
        return self.finish_save(self.begin_save().run())

    def begin_save(self) -> SaveJob:
        """Take what a save needs from memory (copies), so that :meth:`SaveJob.run` can do the
        disk work in another thread while this store goes on changing."""
        self._generation += 1
        return SaveJob(
            path=self.path,
            catalog=self.catalog,
            create_folder=self.create_folder,
            base=self._data,  # never changed in place: every change replaces it
            base_text=self._disk_text,
            items={
                item_id: (self._as_read(item_id), copy.deepcopy(self.item(item_id)))
                for item_id in self._changed
            },
            target_changed=self._target_changed,
            generation=self._generation,
        )

    def finish_save(self, result: SaveResult) -> bool:
        """Take in a finished save (see :meth:`begin_save`); returns whether it wrote the file.

        A change made while the save ran stays pending for the next save, on top of what the
        save found on disk; what another writer wrote never replaces it in memory.
        """
        pending = {i for i in self._changed if self._edited.get(i, 0) > result.generation}
        items = dict(result.disk_items) if result.reparsed else self._items
        items.update(result.merged_items)
        for item_id in pending:
            sent = result.sent.get(item_id) or self._as_read(item_id) or ItemState()
            items[item_id] = rebase_item(sent, self.item(item_id), items.get(item_id))
        data = result.data
        if self._target_changed and self._target_edited > result.generation:
            data = _with_target(data, self._data.get("target"))
        else:
            self._target_changed = False
        self._data, self._disk_text, self._items = data, result.text, items
        self._changed = pending
        self.changed_elsewhere = result.elsewhere
        return result.written

    def disk_changed(self) -> bool:
        """Whether the file on disk differs from the copy this store last read or wrote."""
        return read_state_text(self.path) != self._disk_text

    def reload(self) -> frozenset[str]:
        """Take in what another writer (a second instance, ``git pull``, ``import``) put in the
        file, without writing anything; changes not yet saved here stay, part by part, on top.

        Returns the ids of the items whose state changed in memory. Raises
        :class:`StateFileError` (and changes nothing) if the file cannot be read, parsed or
        validated, or belongs to another checklist.
        """
        text = read_state_text(self.path)
        if text == self._disk_text:
            return frozenset()
        data = {} if text is None else parse_state_text(text, self.path)
        _check_checklist(data, self.catalog, self.path)
        items = load_items(data, self.catalog, text or "", self.path)
        for item_id in self._changed:
            base = self._as_read(item_id) or ItemState()
            items[item_id] = rebase_item(base, self.item(item_id), items.get(item_id))
        if self._target_changed:  # our own unsaved target stays, as a save would keep it
            data = _with_target(data, self._data.get("target"))
        before = self._items
        self._data, self._disk_text, self._items = data, text, items
        return frozenset(
            item_id
            for item_id in before.keys() | items.keys()
            if (before.get(item_id) or ItemState()) != (items.get(item_id) or ItemState())
        )

    def _as_read(self, item_id: str) -> ItemState | None:
        """An item as the file had it when this store last read or wrote it."""
        table = self._data.get("items", {}).get(item_id)
        return None if table is None else ItemState.from_table(table, f"items.{item_id}")


def _with_target(data: dict[str, Any], target: Any) -> dict[str, Any]:
    data = dict(data)
    if target:
        data["target"] = target
    else:
        data.pop("target", None)
    return data


@dataclass(frozen=True)
class SaveResult:
    """What a :class:`SaveJob` did: the merged data and text now on disk."""

    data: dict[str, Any]
    text: str
    written: bool
    reparsed: bool
    """Another writer had changed the file: :attr:`disk_items` holds every item read again."""
    disk_items: dict[str, ItemState]
    merged_items: dict[str, ItemState]
    """The items this save merged and wrote."""
    sent: dict[str, ItemState]
    """The items as this save took them from memory."""
    elsewhere: frozenset[str]
    """Items another writer changed on disk."""
    generation: int


@dataclass(frozen=True)
class SaveJob:
    """One save's disk work, safe to run in a thread: it reads nothing from the store."""

    path: Path
    catalog: Catalog
    create_folder: bool
    base: dict[str, Any]
    base_text: str | None
    items: dict[str, tuple[ItemState | None, ItemState]]
    """Each changed item: (as last read from the file, as it is in memory)."""
    target_changed: bool
    generation: int

    def run(self) -> SaveResult:
        """Read the file again under its lock, merge the changes in part by part and replace
        it atomically. Raises :class:`StateFileError` — and writes nothing — if the file does
        not parse or validate, belongs to another checklist, or cannot be locked or written.
        """
        target = real_path(self.path)
        if self.create_folder:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StateFileError(
                    f"{self.path}: cannot create its folder ({exc.strerror or exc})"
                ) from None
        elif not target.parent.is_dir():
            raise StateFileError(f"{self.path}: the folder {self.path.parent} does not exist")
        with state_lock(target):
            disk_text = read_state_text(self.path)
            reparsed = disk_text != self.base_text
            if reparsed:
                # Reading is cheap, parsing is not: parse (and validate) only a file someone
                # else changed — before anything is written.
                disk = {} if disk_text is None else parse_state_text(disk_text, self.path)
                _check_checklist(disk, self.catalog, self.path)
                disk_items = load_items(disk, self.catalog, disk_text or "", self.path)
            else:
                disk = self.base
                disk_items = {i: base for i, (base, _) in self.items.items() if base is not None}
            merged, merged_items = self._merge(disk, disk_items)
            text = render_state(merged)
            written = text != disk_text
            if written:
                _refuse_read_only(self.path, target)
                try:
                    atomic_write(self.path, text)
                except OSError as exc:
                    raise StateFileError(
                        f"{self.path}: cannot write ({exc.strerror or exc})"
                    ) from None
        before, after = self.base.get("items", {}), disk.get("items", {})
        return SaveResult(
            data=merged,
            text=text,
            written=written,
            reparsed=reparsed,
            disk_items=disk_items if reparsed else {},
            merged_items=merged_items,
            sent={item_id: mine for item_id, (_, mine) in self.items.items()},
            elsewhere=frozenset(
                item_id
                for item_id in before.keys() | after.keys()
                if item_id in self.catalog and before.get(item_id) != after.get(item_id)
            ),
            generation=self.generation,
        )

    def _merge(
        self, disk: dict[str, Any], disk_items: dict[str, ItemState]
    ) -> tuple[dict[str, Any], dict[str, ItemState]]:
        """The data to write and the merged states of the items this save changed."""
        merged = dict(disk)
        items = dict(disk.get("items", {}))
        merged_items: dict[str, ItemState] = {}
        for item_id, (base, mine) in self.items.items():
            state = merge_item(base, mine, disk_items.get(item_id))
            merged_items[item_id] = state
            if state.is_empty:
                items.pop(item_id, None)
            else:
                items[item_id] = state.to_table()
        merged["items"] = items
        target = self.base.get("target", {})
        if self.target_changed or "target" not in disk:
            if target:
                merged["target"] = target
            else:
                merged.pop("target", None)
        for key, value in self.base.items():
            if key not in ("items", "target") and key not in merged:
                merged[key] = value
        merged["schema"] = SCHEMA_VERSION
        merged["checklist"] = {
            **disk.get("checklist", {}),
            "name": self.catalog.name,
            "version": self.catalog.version,
        }
        return merged, merged_items


def _when(at: dt.datetime | None) -> dt.datetime:
    return now() if at is None else checked_time(at, "the time given")


def _recorded(record: ProbeRecord | None, finding: Finding, run: dt.datetime) -> ProbeRecord:
    """``record`` with ``finding`` applied: a new record, or the worst of one run's findings."""
    line = f"{finding.probe}: {finding.verdict.value} — {finding.evidence}"
    detail = line + (f"\n{finding.detail}" if finding.detail else "")
    if record is None or record.run != run:
        return ProbeRecord(
            verdict=finding.verdict,
            evidence=finding.evidence,
            detail=detail,
            probes=[finding.probe],
            probed_at=now(),
            run=run,
        )
    verdict = worst([record.verdict, finding.verdict])
    return ProbeRecord(
        verdict=verdict,
        evidence=finding.evidence if verdict.rank > record.verdict.rank else record.evidence,
        detail=f"{record.detail}\n\n{detail}",
        probes=[*record.probes, finding.probe],
        probed_at=now(),
        run=run,
        extra=record.extra,
    )


def _refuse_read_only(path: Path, target: Path) -> None:
    """A state file nobody may write (``chmod a-w``) is a decision too: it is not replaced."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StateFileError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise StateFileError(f"{path}: the file is read-only; not saved")
