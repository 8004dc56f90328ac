"""What the team decided and what the probes found, kept in a diffable TOML file.

The file holds a schema version, the checklist's name and version, the target URL and one table
per item that has anything to say (status, note, who set it and when, the last probe verdict).
Writes are atomic (temporary file, fsync, ``os.replace``) and merged: before each write the file is
read again under a lock and only the items this process changed replace their copies on disk, so
two instances on one file never lose each other's changes. A file that cannot be parsed is never
written over. Keys and items this version does not know are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import tomli_w

from launchtui.catalog import Catalog, slugify
from launchtui.probes.model import Finding, Verdict, worst
from launchtui.text_safety import toml_text

SCHEMA_VERSION = 1


class StateFileError(Exception):
    """A state file that cannot be read or written; ``str()`` is one line naming the file."""


class ItemStatus(StrEnum):
    """What the team decided about an item."""

    TODO = "todo"
    DONE = "done"
    SKIPPED = "skipped"  # not applicable to this project


class SetBy(StrEnum):
    """Who made the latest decision on an item."""

    USER = "user"
    PROBE = "probe"


def now() -> dt.datetime:
    """The current time, UTC, to the microsecond (decisions are ordered by it)."""
    return dt.datetime.now(dt.UTC)


def default_state_path(catalog: Catalog | None = None) -> Path:
    """Where the state lives unless ``--state`` says otherwise: the user data directory.

    The bundled checklist uses ``state.toml``; another checklist gets a file of its own.
    """
    import platformdirs

    folder = Path(platformdirs.user_data_dir("launchtui", appauthor=False))
    if catalog is None or catalog.name == "Django Production Launch":
        return folder / "state.toml"
    return folder / f"state-{slugify(catalog.name, max_length=40)}.toml"


@dataclass
class ProbeRecord:
    """The latest probe verdict on an item. ``evidence`` and ``detail`` are raw text (no markup
    escapes); renderers make them safe (:mod:`launchtui.text_safety`)."""

    verdict: Verdict
    evidence: str
    probed_at: dt.datetime
    run: dt.datetime
    detail: str = ""
    probes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_table(self) -> dict[str, Any]:
        """The ``[items.<id>.probe]`` table (keys this version does not know kept)."""
        table: dict[str, Any] = {
            "verdict": self.verdict.value,
            "evidence": self.evidence,
            "detail": self.detail,
            "probes": list(self.probes),
            "probed_at": self.probed_at,
            "run": self.run,
        }
        return {**self.extra, **table}

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str) -> ProbeRecord:
        """Read a probe table; ``where`` names it in the :class:`StateFileError` if it is bad."""
        extra = {k: v for k, v in table.items() if k not in _PROBE_KEYS}
        return cls(
            verdict=_enum(Verdict, table.get("verdict"), f"{where}.verdict"),
            evidence=_typed(table, "evidence", str, where, ""),
            detail=_typed(table, "detail", str, where, ""),
            probes=[str(p) for p in _typed(table, "probes", list, where, [])],
            probed_at=_typed(table, "probed_at", dt.datetime, where),
            run=_typed(table, "run", dt.datetime, where, table.get("probed_at")),
            extra=extra,
        )


_PROBE_KEYS = {"verdict", "evidence", "detail", "probes", "probed_at", "run"}
_ITEM_KEYS = {"status", "note", "set_by", "set_at", "probe"}


@dataclass
class ItemState:
    """Everything recorded about one item."""

    status: ItemStatus = ItemStatus.TODO
    note: str = ""
    set_by: SetBy | None = None
    set_at: dt.datetime | None = None
    probe: ProbeRecord | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Nothing worth a table in the file."""
        return (
            self.status is ItemStatus.TODO
            and not self.note
            and self.set_by is None
            and self.probe is None
            and not self.extra
        )

    @property
    def closed(self) -> bool:
        """Done or not applicable."""
        return self.status is not ItemStatus.TODO

    @property
    def probe_fails(self) -> bool:
        """The latest probe verdict is a failure."""
        return self.probe is not None and self.probe.verdict is Verdict.FAIL

    @property
    def decided_by_user(self) -> bool:
        """The status is a person's decision, which a probe never overrides."""
        return self.set_by is SetBy.USER

    @property
    def disagrees(self) -> bool:
        """A person closed the item (done or not applicable) while its probe fails."""
        return self.decided_by_user and self.closed and self.probe_fails

    def to_table(self) -> dict[str, Any]:
        """The ``[items.<id>]`` table, without empty keys (keys this version does not know kept)."""
        table: dict[str, Any] = dict(self.extra)
        table["status"] = self.status.value
        if self.note:
            table["note"] = self.note
        if self.set_by is not None:
            table["set_by"] = self.set_by.value
        if self.set_at is not None:
            table["set_at"] = self.set_at
        if self.probe is not None:
            table["probe"] = self.probe.to_table()
        return table

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str) -> ItemState:
        """Read an item table; ``where`` names it in the :class:`StateFileError` if it is bad."""
        probe = table.get("probe")
        if probe is not None and not isinstance(probe, dict):
            raise StateFileError(f"{where}.probe must be a table")
        set_by = table.get("set_by")
        return cls(
            status=_enum(ItemStatus, table.get("status", "todo"), f"{where}.status"),
            note=_typed(table, "note", str, where, ""),
            set_by=None if set_by is None else _enum(SetBy, set_by, f"{where}.set_by"),
            set_at=_typed(table, "set_at", dt.datetime, where, None),
            probe=None if probe is None else ProbeRecord.from_table(probe, f"{where}.probe"),
            extra={k: v for k, v in table.items() if k not in _ITEM_KEYS},
        )


def _typed(table: dict[str, Any], key: str, kind: type, where: str, *default: Any) -> Any:
    if key not in table:
        if default:
            return default[0]
        raise StateFileError(f"{where}: '{key}' is missing")
    value = table[key]
    if not isinstance(value, kind):
        raise StateFileError(f"{where}.{key} must be a {kind.__name__}")
    return value


def _enum(kind: type[StrEnum], value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)  # type: ignore[attr-defined]
        raise StateFileError(f"{where} is {value!r}, expected one of: {allowed}") from None


def parse_state_text(text: str, path: Path) -> dict[str, Any]:
    """Parse the TOML text of a state file, or raise a one-line :class:`StateFileError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StateFileError(f"{path}: not valid TOML ({exc})") from None
    schema = data.get("schema", SCHEMA_VERSION)
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise StateFileError(
            f"{path}: schema {schema!r} is newer than this launchtui understands ({SCHEMA_VERSION})"
        )
    for key in ("checklist", "target", "items"):
        if key in data and not isinstance(data[key], dict):
            raise StateFileError(f"{path}: '{key}' must be a table")
    return data


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
    """The file's text and parsed data; ``(None, {})`` when it does not exist yet."""
    text = read_state_text(path)
    return (None, {}) if text is None else (text, parse_state_text(text, path))


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, 0o644 & ~_umask())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the state file's folder while we read, merge and replace the file.

    Locking the folder rather than the file survives ``os.replace`` and leaves no lock file
    behind in a team's repository. Where the folder cannot be locked, the merge still runs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def render_state(data: dict[str, Any]) -> str:
    """The file's text: schema, checklist, target, then items sorted by id — stable for diffs."""
    ordered: dict[str, Any] = {"schema": data.get("schema", SCHEMA_VERSION)}
    for key, value in data.items():
        if key not in ("schema", "checklist", "target", "items"):
            ordered[key] = value
    for key in ("checklist", "target"):
        if key in data:
            ordered[key] = data[key]
    items = data.get("items", {})
    if items:
        ordered["items"] = {item_id: items[item_id] for item_id in sorted(items)}
    header = (
        "# launchtui state: checklist decisions and probe evidence. Safe to commit and merge.\n"
    )
    # Text is stored raw; what a terminal or an editor would act on is written as \u escapes.
    return header + toml_text(tomli_w.dumps(ordered, multiline_strings=False))


class StateStore:
    """The state file of one checklist, loaded into memory and written back on :meth:`save`."""

    def __init__(self, path: Path, catalog: Catalog, data: dict[str, Any], text: str | None):
        self.path = path
        self.catalog = catalog
        self._data = data
        self._disk_text = text
        self._items: dict[str, ItemState] = {}
        self._changed: set[str] = set()
        self.changed_elsewhere: frozenset[str] = frozenset()
        """Items another instance changed on disk, found by the last :meth:`save`."""
        self._target_changed = False
        # Save generations: a change made after a save began stays pending when it finishes.
        self._generation = 0
        self._edited: dict[str, int] = {}
        self._target_edited = 0
        self._load_items()

    @classmethod
    def open(cls, path: Path, catalog: Catalog) -> StateStore:
        """Load the state at ``path`` (a missing file is an empty state).

        Raises :class:`StateFileError` for a file that cannot be read or parsed, or that belongs
        to another checklist; such a file is left exactly as it is.
        """
        text, data = read_state_file(path)
        name = data.get("checklist", {}).get("name")
        if name is not None and name != catalog.name:
            raise StateFileError(
                f"{path}: this state belongs to the checklist {name!r}, not {catalog.name!r}"
            )
        return cls(path, catalog, data, text)

    def _load_items(self) -> None:
        self._items = {}
        for item_id, table in self._data.get("items", {}).items():
            if not isinstance(table, dict):
                raise StateFileError(f"{self.path}: items.{item_id} must be a table")
            if item_id in self.catalog:
                self._items[item_id] = ItemState.from_table(table, f"{self.path}: {item_id}")

    # -- reading -------------------------------------------------------------------------------

    @property
    def target_url(self) -> str | None:
        """The site the probes check, if one was set."""
        url = self._data.get("target", {}).get("url")
        return url if isinstance(url, str) and url else None

    def item(self, item_id: str) -> ItemState:
        """The recorded state of an item (a fresh to-do state if nothing was recorded)."""
        if item_id not in self.catalog:
            raise KeyError(item_id)
        return self._items.get(item_id) or ItemState()

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
        """Record a decision about an item."""
        state = self.item(item_id)
        state.status, state.set_by, state.set_at = status, by, at or now()
        self._put(item_id, state)
        return state

    def set_note(self, item_id: str, note: str) -> ItemState:
        """Replace an item's note (surrounding blank space is dropped)."""
        state = self.item(item_id)
        state.note = note.strip()
        self._put(item_id, state)
        return state

    def set_target(self, url: str | None) -> None:
        """Set (or clear) the site the probes check; the caller validates the URL."""
        target = dict(self._data.get("target", {}))
        if url:
            target["url"] = url
        else:
            target.pop("url", None)
        self._data["target"] = target
        self._target_changed = True
        self._target_edited = self._generation + 1

    def record_finding(self, finding: Finding, run: dt.datetime) -> ItemState | None:
        """Apply one probe finding; several findings of one run on an item keep the worst.

        A pass closes a to-do item "by probe"; any later verdict but a pass reopens an item a
        probe had closed. A person's decision is never changed: a disagreement shows through
        :attr:`ItemState.disagrees`. Findings for items this checklist lacks are ignored.
        """
        if finding.item_id not in self.catalog:
            return None
        state = self.item(finding.item_id)
        record = state.probe
        line = f"{finding.probe}: {finding.verdict.value} — {finding.evidence}"
        detail = line + (f"\n{finding.detail}" if finding.detail else "")
        if record is not None and record.run == run:
            previous = record.verdict
            record.verdict = worst([previous, finding.verdict])
            if record.verdict.rank > previous.rank:
                record.evidence = finding.evidence
            record.detail = f"{record.detail}\n\n{detail}"
            record.probes.append(finding.probe)
            record.probed_at = now()
        else:
            state.probe = ProbeRecord(
                verdict=finding.verdict,
                evidence=finding.evidence,
                detail=detail,
                probes=[finding.probe],
                probed_at=now(),
                run=run,
            )
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
                # or a run that could not tell (unreachable, say) reopens the item; the next
                # passing run closes it again.
                state.status, state.set_at = ItemStatus.TODO, now()
        self._put(finding.item_id, state)
        return state

    def replace_item(self, item_id: str, state: ItemState) -> None:
        """Put a whole item state in place (used by import)."""
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
        :class:`StateFileError` — and writes nothing — if the file on disk cannot be parsed.
        The same three steps as :meth:`begin_save`, :meth:`SaveJob.run` and :meth:`finish_save`,
        which the TUI splits so that the disk work runs in a thread.
        """
        return self.finish_save(self.begin_save().run())

    def begin_save(self) -> SaveJob:
        """Take what a save needs from memory, so that :meth:`SaveJob.run` can do the disk work
        in another thread while this store goes on changing."""
        self._generation += 1
        return SaveJob(
            path=self.path,
            catalog_ids=frozenset(i.id for i in self.catalog.items()),
            changed=frozenset(self._changed),
            target_changed=self._target_changed,
            mine=self.to_data(),
            base=dict(self._data),
            base_text=self._disk_text,
            generation=self._generation,
        )

    def finish_save(self, result: SaveResult) -> bool:
        """Take in a finished save (see :meth:`begin_save`); returns whether it wrote the file.

        A change made while the save ran stays pending for the next save, and what another
        instance wrote never replaces it in memory.
        """
        self._data, self._disk_text = result.data, result.text
        self.changed_elsewhere = result.elsewhere
        self._changed = {i for i in self._changed if self._edited[i] > result.generation}
        if self._target_edited <= result.generation:
            self._target_changed = False
        if result.reparsed:
            self._load_items_keeping_pending()  # pick up what another instance wrote
        return result.written

    def disk_changed(self) -> bool:
        """Whether the file on disk differs from the copy this store last read or wrote."""
        return read_state_text(self.path) != self._disk_text

    def reload(self) -> frozenset[str]:
        """Take in what another writer (a second instance, ``git pull``, ``import``) put in the
        file, without writing anything; changes not yet saved here stay as they are.

        Returns the ids of the items whose state changed in memory. Raises
        :class:`StateFileError` (and changes nothing) if the file cannot be read or parsed.
        """
        text = read_state_text(self.path)
        if text == self._disk_text:
            return frozenset()
        data = {} if text is None else parse_state_text(text, self.path)
        name = data.get("checklist", {}).get("name")
        if name is not None and name != self.catalog.name:
            raise StateFileError(
                f"{self.path}: this state belongs to the checklist {name!r}, "
                f"not {self.catalog.name!r}"
            )
        before = {item_id: self.item(item_id).to_table() for item_id in self._items}
        target = self._data.get("target")
        self._data, self._disk_text = data, text
        if self._target_changed:  # our own unsaved target wins, as a save would make it
            if target:
                self._data["target"] = target
            else:
                self._data.pop("target", None)
        self._load_items_keeping_pending()
        after = {item_id: self.item(item_id).to_table() for item_id in self._items}
        return frozenset(
            item_id
            for item_id in before.keys() | after.keys()
            if before.get(item_id) != after.get(item_id)
        )

    def _load_items_keeping_pending(self) -> None:
        pending = {i: self._items[i] for i in self._changed if i in self._items}
        unsaved_empty = {i for i in self._changed if i not in self._items}
        self._load_items()
        self._items.update(pending)
        for item_id in unsaved_empty:
            self._items.pop(item_id, None)


@dataclass(frozen=True)
class SaveResult:
    """What a :class:`SaveJob` did: the merged data and text now on disk."""

    data: dict[str, Any]
    text: str
    written: bool
    reparsed: bool  # another writer had changed the file: the items must be read again
    elsewhere: frozenset[str]  # items another writer changed
    generation: int


@dataclass(frozen=True)
class SaveJob:
    """One save's disk work, safe to run in a thread: it reads nothing from the store."""

    path: Path
    catalog_ids: frozenset[str]
    changed: frozenset[str]
    target_changed: bool
    mine: dict[str, Any]
    base: dict[str, Any]
    base_text: str | None
    generation: int

    def run(self) -> SaveResult:
        """Read the file again under the folder lock, merge the changes in and replace it.

        Raises :class:`StateFileError` — and writes nothing — if the file cannot be parsed.
        """
        with _folder_lock(self.path.parent):
            # Reading is cheap, parsing is not: parse only if someone else changed the file.
            disk_text = read_state_text(self.path)
            unchanged_on_disk = disk_text is not None and disk_text == self.base_text
            if unchanged_on_disk:
                disk = self.base
            else:
                disk = {} if disk_text is None else parse_state_text(disk_text, self.path)
            before, after = self.base.get("items", {}), disk.get("items", {})
            elsewhere = {
                item_id
                for item_id in before.keys() | after.keys()
                if before.get(item_id) != after.get(item_id) and item_id in self.catalog_ids
            } - self.changed
            merged = dict(disk)
            mine = self.mine
            merged_items = dict(disk.get("items", {}))
            for item_id in self.changed:
                if item_id in mine["items"]:
                    merged_items[item_id] = mine["items"][item_id]
                else:
                    merged_items.pop(item_id, None)
            merged["items"] = merged_items
            if self.target_changed or "target" not in disk:
                if "target" in mine:
                    merged["target"] = mine["target"]
                else:
                    merged.pop("target", None)
            for key, value in mine.items():
                if key not in ("items", "target") and key not in merged:
                    merged[key] = value
            merged["schema"] = SCHEMA_VERSION
            merged["checklist"] = mine["checklist"]
            text = render_state(merged)
            written = text != disk_text
            if written:
                try:
                    atomic_write(self.path, text)
                except OSError as exc:
                    raise StateFileError(
                        f"{self.path}: cannot write ({exc.strerror or exc})"
                    ) from None
        return SaveResult(
            merged, text, written, not unchanged_on_disk, frozenset(elsewhere), self.generation
        )
