"""What is recorded about an item: its decision, its note, and the probe and project records.

Each of the four is a *part* with its own time, so that two writers who changed different parts of
one item both keep their change, and where both changed the same part the newer one wins (see
:mod:`launchtui.state.merge`). Plain data; reading and writing the file is in
:mod:`launchtui.state.schema`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from launchtui.probes.model import Verdict, worst
from launchtui.state.schema import StateFileError, required_time, table_time


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


class Part(StrEnum):
    """The parts of an item's state that are merged one by one, each by its own time."""

    DECISION = "decision"  # status, set_by, set_at
    NOTE = "note"  # note, note_at
    PROBE = "probe"  # the site's probe record (its probed_at)
    PROJECT = "project"  # the project checks' record (its probed_at)


@dataclass
class ProbeRecord:
    """The latest verdict of the site's probes — or of the project checks — on an item.

    ``evidence`` and ``detail`` are raw text (no markup escapes); renderers make them safe
    (:mod:`launchtui.text_safety`).
    """

    verdict: Verdict
    evidence: str
    probed_at: dt.datetime
    run: dt.datetime
    detail: str = ""
    probes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_table(self) -> dict[str, Any]:
        """The ``[items.<id>.probe]`` (or ``.project``) table (keys this version does not know
        kept)."""
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
        probed_at = required_time(table, "probed_at", where)
        probes = _typed(table, "probes", list, where, [])
        if not all(isinstance(p, str) for p in probes):
            raise StateFileError(f"{where}.probes must be a list of strings", key=f"{where}.probes")
        return cls(
            verdict=_enum(Verdict, table.get("verdict"), f"{where}.verdict"),
            evidence=_typed(table, "evidence", str, where, ""),
            detail=_typed(table, "detail", str, where, ""),
            probes=list(probes),
            probed_at=probed_at,
            run=table_time(table, "run", where) or probed_at,
            extra=extra,
        )


_PROBE_KEYS = {"verdict", "evidence", "detail", "probes", "probed_at", "run"}
_ITEM_KEYS = {"status", "note", "note_at", "set_by", "set_at", "probe", "project"}


@dataclass
class ItemState:
    """Everything recorded about one item, in four parts (:class:`Part`)."""

    status: ItemStatus = ItemStatus.TODO
    note: str = ""
    set_by: SetBy | None = None
    set_at: dt.datetime | None = None
    probe: ProbeRecord | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    note_at: dt.datetime | None = None
    project: ProbeRecord | None = None
    """The verdict of ``launchtui project`` (the project's code and settings), beside the site's."""

    @property
    def is_empty(self) -> bool:
        """Nothing worth a table in the file."""
        return (
            self.status is ItemStatus.TODO
            and not self.note
            and self.note_at is None
            and self.set_by is None
            and self.probe is None
            and self.project is None
            and not self.extra
        )

    @property
    def closed(self) -> bool:
        """Done or not applicable."""
        return self.status is not ItemStatus.TODO

    @property
    def worst_record(self) -> ProbeRecord | None:
        """The probe or project record with the worse verdict (the probe's on a tie)."""
        records = [r for r in (self.probe, self.project) if r is not None]
        if not records:
            return None
        return max(records, key=lambda r: r.verdict.rank)  # max keeps the first of equals

    @property
    def verdict(self) -> Verdict | None:
        """The item's verdict: the worst of the site's probes and the project checks."""
        records = [r.verdict for r in (self.probe, self.project) if r is not None]
        return worst(records) if records else None

    @property
    def probe_fails(self) -> bool:
        """The item's verdict (site or project, the worse) is a failure."""
        return self.verdict is Verdict.FAIL

    @property
    def decided_by_user(self) -> bool:
        """The status is a person's decision, which a probe never overrides."""
        return self.set_by is SetBy.USER

    @property
    def disagrees(self) -> bool:
        """A person closed the item (done or not applicable) while its verdict is a failure."""
        return self.decided_by_user and self.closed and self.probe_fails

    def part(self, part: Part) -> tuple[Any, ...]:
        """One part's values, comparable between two states of the item."""
        if part is Part.DECISION:
            return (self.status, self.set_by, self.set_at)
        if part is Part.NOTE:
            return (self.note, self.note_at)
        record = self.probe if part is Part.PROBE else self.project
        return (record,)

    def part_time(self, part: Part) -> dt.datetime | None:
        """When a part was last changed (``None``: not known, older than any known time)."""
        if part is Part.DECISION:
            return self.set_at
        if part is Part.NOTE:
            return self.note_at
        record = self.probe if part is Part.PROBE else self.project
        return None if record is None else record.probed_at

    def take_part(self, part: Part, other: ItemState) -> None:
        """Replace one part with ``other``'s."""
        if part is Part.DECISION:
            self.status, self.set_by, self.set_at = other.status, other.set_by, other.set_at
        elif part is Part.NOTE:
            self.note, self.note_at = other.note, other.note_at
        elif part is Part.PROBE:
            self.probe = other.probe
        else:
            self.project = other.project

    def to_table(self) -> dict[str, Any]:
        """The ``[items.<id>]`` table, without empty keys (keys this version does not know kept)."""
        table: dict[str, Any] = dict(self.extra)
        table["status"] = self.status.value
        if self.set_by is not None:
            table["set_by"] = self.set_by.value
        if self.set_at is not None:
            table["set_at"] = self.set_at
        if self.note:
            table["note"] = self.note
        if self.note_at is not None:
            table["note_at"] = self.note_at
        if self.probe is not None:
            table["probe"] = self.probe.to_table()
        if self.project is not None:
            table["project"] = self.project.to_table()
        return table

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str) -> ItemState:
        """Read an item table; ``where`` names it in the :class:`StateFileError` if it is bad."""
        records: dict[str, ProbeRecord | None] = {}
        for key in ("probe", "project"):
            record = table.get(key)
            if record is not None and not isinstance(record, dict):
                raise StateFileError(f"{where}.{key} must be a table", key=f"{where}.{key}")
            records[key] = (
                None if record is None else ProbeRecord.from_table(record, f"{where}.{key}")
            )
        set_by = table.get("set_by")
        return cls(
            status=_enum(ItemStatus, table.get("status", "todo"), f"{where}.status"),
            note=_typed(table, "note", str, where, ""),
            note_at=table_time(table, "note_at", where),
            set_by=None if set_by is None else _enum(SetBy, set_by, f"{where}.set_by"),
            set_at=table_time(table, "set_at", where),
            probe=records["probe"],
            project=records["project"],
            extra={k: v for k, v in table.items() if k not in _ITEM_KEYS},
        )


def _typed(table: dict[str, Any], key: str, kind: type, where: str, *default: Any) -> Any:
    if key not in table:
        if default:
            return default[0]
        raise StateFileError(f"{where}.{key} is missing", key=where)
    value = table[key]
    if not isinstance(value, kind):
        raise StateFileError(f"{where}.{key} must be a {kind.__name__}", key=f"{where}.{key}")
    return value


def _enum(kind: type[StrEnum], value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise StateFileError(
            f"{where} is {_shown(value)}, expected one of: {allowed}", key=where
        ) from None


def _shown(value: Any) -> str:
    """A value quoted in an error message: its repr, cut short (it may be anything)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
