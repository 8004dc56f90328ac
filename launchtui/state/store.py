"""The state store: one checklist's state file, loaded into memory and merged back on save.

Before each write the file is read again under its lock (:mod:`launchtui.state.lock`) and every
item this process changed is merged part by part with the disk's copy (:mod:`~.merge`),
so two writers on one file — two TUIs, a probe run and an ``import`` — never lose each other's
changes. A file that cannot be parsed or does not validate is never written over: the save raises
:class:`StateFileError` naming the line and leaves the in-memory state exactly as it was, so the
next save, once the file is valid again, writes every change.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from launchtui.atomic import atomic_write, real_path
from launchtui.catalog import Catalog, slugify
from launchtui.probes.model import Finding, Verdict, worst
from launchtui.state.lock import state_lock
from launchtui.state.merge import merge_item
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

    def record_finding(self, finding: Finding, run: dt.datetime) -> ItemState | None:
        """Apply one probe finding; several findings of one run on an item keep the worst.

        A pass closes a to-do item "by probe"; any later verdict but a pass reopens an item a
        probe had closed. A person's decision is never changed: a disagreement shows through
        :attr:`ItemState.disagrees`. Findings for items this checklist lacks are ignored
        (``None``).
        """
        if finding.item_id not in self.catalog:
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
        item's :attr:`ItemState.verdict` is the worst of this and the site's probe record."""
        if finding.item_id not in self.catalog:
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
        or cannot be locked or written.
        """
        if not self.dirty:
            return False
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
            unchanged_on_disk = disk_text == self._disk_text
            base_items = self._items_as_read()
            if unchanged_on_disk:
                disk, disk_items = self._data, base_items
            else:
                # Reading is cheap, parsing is not: parse (and validate) only what someone else
                # changed — and before anything here is touched.
                disk = {} if disk_text is None else parse_state_text(disk_text, self.path)
                _check_checklist(disk, self.catalog, self.path)
                disk_items = load_items(disk, self.catalog, disk_text or "", self.path)
            merged, merged_items = self._merge(disk, disk_items, base_items)
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
        before = self._data.get("items", {})
        self.changed_elsewhere = frozenset(
            item_id
            for item_id in before.keys() | disk.get("items", {}).keys()
            if item_id in self.catalog and before.get(item_id) != disk["items"].get(item_id)
        )
        self._data, self._disk_text = merged, text
        if unchanged_on_disk:
            self._items.update(merged_items)
        else:
            self._items = {**disk_items, **merged_items}
        self._changed.clear()
        self._target_changed = False
        return written

    def _items_as_read(self) -> dict[str, ItemState]:
        """The changed items as the file had them when last read (the merge's base)."""
        raw = self._data.get("items", {})
        return {
            item_id: ItemState.from_table(raw[item_id], f"items.{item_id}")
            for item_id in self._changed
            if item_id in raw
        }

    def _merge(
        self,
        disk: dict[str, Any],
        disk_items: dict[str, ItemState],
        base_items: dict[str, ItemState],
    ) -> tuple[dict[str, Any], dict[str, ItemState]]:
        """The data to write and the merged states of the items this process changed."""
        merged = dict(disk)
        items = dict(disk.get("items", {}))
        merged_items: dict[str, ItemState] = {}
        for item_id in self._changed:
            state = merge_item(base_items.get(item_id), self.item(item_id), disk_items.get(item_id))
            merged_items[item_id] = state
            if state.is_empty:
                items.pop(item_id, None)
            else:
                items[item_id] = state.to_table()
        merged["items"] = items
        target = self._data.get("target", {})
        if self._target_changed or "target" not in disk:
            if target:
                merged["target"] = target
            else:
                merged.pop("target", None)
        for key, value in self._data.items():
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
