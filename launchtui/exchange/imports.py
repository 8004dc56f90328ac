"""Read an export (TOML, JSON or Markdown) back and merge it into the state.

Per item, the newer decision wins: a decision carries the time it was made, so a teammate's later
tick replaces an earlier one here and not the other way round. Probe records are merged the same
way by the time they were probed.

A box ticked or unticked in a pull request has no time of its own, so it is merged three ways:
the hidden comment beside it is the base (the status and time at export), the box is theirs, the
state here is ours. If ours has not changed since the export, the box's change wins, as a
decision by the user made now; if ours changed after the export, ours is the newer and is kept
(the report says so). A box without launchtui's comment (a plain devchecklists list) only fills
items nobody here has decided.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchtui.catalog import Catalog
from launchtui.exchange.export import MARKER, PROBE_CLOSED, md_unescape
from launchtui.probes.model import Verdict
from launchtui.state import (
    ItemState,
    ItemStatus,
    ProbeRecord,
    SetBy,
    StateFileError,
    StateStore,
    now,
    parse_state_text,
)
from launchtui.state.schema import MAX_DEPTH, checked_time, locate, too_deep
from launchtui.text_safety import one_line


class ImportFileError(Exception):
    """An export that cannot be read; ``str()`` is one line naming the file."""


@dataclass
class Incoming:
    """What an export says about one item."""

    item_id: str
    status: ItemStatus
    note: str | None = None
    set_by: SetBy | None = None
    set_at: dt.datetime | None = None
    probe: ProbeRecord | None = None
    note_at: dt.datetime | None = None
    base: tuple[ItemStatus, dt.datetime | None] | None = None
    """For a box changed in a pull request: the status and decision time its export said."""


@dataclass
class ImportReport:
    """What an import changed, one line per change."""

    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Boxes changed in a pull request whose item was decided here after the export."""
    unknown_ids: list[str] = field(default_factory=list)


def _time(value: Any, where: str) -> dt.datetime | None:
    """An export's time in UTC (``None`` stays ``None``); the same rules as the state file's."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ImportFileError(f"{where}: {str(value)[:60]!r} is not an ISO 8601 time") from None
    try:
        return checked_time(value, where)
    except StateFileError as exc:
        raise ImportFileError(str(exc)) from None


def _enum(kind: type, value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise ImportFileError(f"{where}: unexpected value {value!r}") from None


def read_toml(text: str, path: Path, catalog: Catalog) -> tuple[list[Incoming], object]:
    """Items of a TOML state file, and the target URL it names (not yet checked)."""
    try:
        data = parse_state_text(text, path)
    except StateFileError as exc:
        raise ImportFileError(str(exc)) from None
    checklist = data.get("checklist", {})
    _same_checklist(checklist.get("name"), catalog, path)
    incoming = []
    for item_id, table in data.get("items", {}).items():
        try:
            state = ItemState.from_table(table, f"items.{item_id}")
        except StateFileError as exc:
            raise ImportFileError(str(locate(exc, text, path))) from None
        incoming.append(
            Incoming(
                item_id,
                state.status,
                state.note,
                state.set_by,
                state.set_at,
                state.probe,
                note_at=state.note_at,
            )
        )
    return incoming, data.get("target", {}).get("url")


def read_json(text: str, path: Path, catalog: Catalog) -> tuple[list[Incoming], object]:
    """Items of a JSON export, and the target URL it names (not yet checked)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise ImportFileError(f"{path}: arrays or objects nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ImportFileError(f"{path}: not valid JSON ({exc})"[:300]) from None
    if (where := too_deep(data)) is not None:
        raise ImportFileError(f"{path}: {where} is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ImportFileError(f"{path}: a launchtui JSON export has an 'items' list")
    checklist = data.get("checklist")
    _same_checklist(checklist.get("name") if isinstance(checklist, dict) else None, catalog, path)
    incoming = []
    for n, entry in enumerate(data["items"]):
        where = f"{path}: items[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise ImportFileError(f"{where} has no 'id'")
        probe = None
        verdict, probed_at = entry.get("verdict"), _time(entry.get("probed_at"), where)
        if verdict is not None and probed_at is not None:
            probe = ProbeRecord(
                verdict=_enum(Verdict, verdict, where),
                evidence=str(entry.get("evidence") or ""),
                probed_at=probed_at,
                run=probed_at,
            )
        set_by = entry.get("set_by")
        note = entry.get("note")
        incoming.append(
            Incoming(
                item_id=entry["id"],
                status=_enum(ItemStatus, entry.get("status", "todo"), where),
                note=note if isinstance(note, str) else None,
                set_by=None if set_by is None else _enum(SetBy, set_by, where),
                set_at=_time(entry.get("set_at"), where),
                probe=probe,
                note_at=_time(entry.get("note_at"), where),
            )
        )
    return incoming, data.get("target")


_TASK = re.compile(r"^(?P<indent>[ \t]*)[*+-]\s+\[(?P<box>[ xX])\]\s+(?P<text>.*?)\s*$")
_COMMENT = re.compile(
    r"\s*<!--\s*" + re.escape(MARKER) + r"(?P<id>[\w.-]+)\s+(?P<status>\w+)"
    r"(?:\s+(?P<by>user|probe))?(?:\s+(?P<at>\S+))?\s*-->\s*$"
)
_QUOTE = re.compile(r"^[ \t]*> ?(?P<text>.*)$")
_MD_TARGET = re.compile(r"^Target: (?P<url>\S+) · ", re.MULTILINE)
_MD_EXPORT = re.compile(
    r"<!--\s*" + re.escape(MARKER) + r"export checklist=(?P<name>\"(?:[^\"\\]|\\.)*\")"
)
_NOT_APPLICABLE = "*(not applicable)*"


def read_markdown(text: str, path: Path, catalog: Catalog) -> tuple[list[Incoming], object]:
    """Items of a Markdown export, or of any devchecklists-style task list of this checklist, and
    the target URL the export names (not yet checked).

    A box whose comment says otherwise was changed by hand after the export: it carries the
    comment's status and time as its ``base`` (see :func:`merge`). Lines without launchtui's
    comment are matched by title.
    """
    by_title = {one_line(item.title): item.id for item in catalog.items()}
    by_title.update({one_line(item.text): item.id for item in catalog.items()})
    incoming: list[Incoming] = []
    current: Incoming | None = None
    note_lines: list[str] = []

    def finish() -> None:
        if current is not None:
            current.note = "\n".join(note_lines).strip() if note_lines else ""
            incoming.append(current)

    for lineno, line in enumerate(text.splitlines(), start=1):
        task = _TASK.match(line)
        if task is None:
            quote = _QUOTE.match(line)
            if current is not None and quote is not None:
                note_lines.append(md_unescape(quote.group("text")))
            continue
        finish()
        current, note_lines = None, []
        body = task.group("text")
        box_closed = task.group("box") != " "
        comment = _COMMENT.search(body)
        if comment:
            body = body[: comment.start()]
        body = body.rstrip().removesuffix(PROBE_CLOSED).rstrip()
        skipped = body.endswith(_NOT_APPLICABLE)
        status = (
            ItemStatus.TODO
            if not box_closed
            else ItemStatus.SKIPPED
            if skipped
            else ItemStatus.DONE
        )
        if comment is not None:
            item_id = comment.group("id")
            said = _enum(ItemStatus, comment.group("status"), f"{path}:{lineno}")
            edited = said != status and not (said is ItemStatus.SKIPPED and box_closed)
            if said is ItemStatus.SKIPPED and box_closed:
                status = ItemStatus.SKIPPED
            said_at = _time(comment.group("at"), f"{path}:{lineno}")
            base = (said, said_at) if edited else None
            at = None if edited else said_at
            by = SetBy.USER if edited else (SetBy(comment.group("by")) if comment["by"] else None)
        else:
            title = body.removesuffix(_NOT_APPLICABLE).strip().removeprefix("~~").removesuffix("~~")
            item_id = by_title.get(md_unescape(title.strip())) or ""
            if not item_id:
                continue
            at, by, base = None, SetBy.USER, None
        current = Incoming(item_id, status, set_by=by, set_at=at, base=base)
    finish()
    if not incoming:
        raise ImportFileError(f"{path}: no checklist items found in this Markdown file")
    export = _MD_EXPORT.search(text)
    if export is not None:
        try:
            name = json.loads(export["name"])
        except (json.JSONDecodeError, RecursionError, ValueError):
            name = None
        _same_checklist(name, catalog, path)
    target = _MD_TARGET.search(text)
    return incoming, md_unescape(target.group("url")) if target else None


def _same_checklist(name: object, catalog: Catalog, path: Path) -> None:
    """Refuse an export of another checklist: its ids would land on unrelated items."""
    if isinstance(name, str) and name != catalog.name:
        raise ImportFileError(
            f"{path}: this export is of the checklist {one_line(name)[:80]!r}, "
            f"not {catalog.name!r}; import it with --checklist for that checklist"
        )


def _reader(path: Path, text: str):  # type: ignore[no-untyped-def]
    suffix = path.suffix.lower()
    if suffix == ".json" or (
        suffix not in (".toml", ".md", ".markdown") and text.lstrip()[:1] == "{"
    ):
        return read_json
    if suffix == ".toml":
        return read_toml
    if suffix in (".md", ".markdown"):
        return read_markdown
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return read_markdown
    return read_toml


def _unchanged_since(mine: ItemState, base: tuple[ItemStatus, dt.datetime | None]) -> bool:
    """Whether the decision here is still the one the export showed (the base of a PR edit)."""
    status, at = base
    if mine.status is not status:
        return False
    if mine.set_at is None:
        return True
    # The export wrote its times to the second: a decision in that second is the exported one.
    return at is not None and mine.set_at.replace(microsecond=0) <= at


def _decision_wins(mine: ItemState, theirs: Incoming) -> bool:
    if theirs.base is not None:
        return _unchanged_since(mine, theirs.base)
    if theirs.set_at is not None:
        return mine.set_at is None or theirs.set_at > mine.set_at
    # No time: a hand edit. It may fill a blank, never overrule a decision made here.
    return mine.set_at is None and (theirs.status is not ItemStatus.TODO or bool(theirs.note))


def _second(moment: dt.datetime | None) -> str:
    if moment is None:
        return "an unknown time"
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _note_time(theirs: Incoming) -> dt.datetime | None:
    # Exports without a note time (Markdown, older JSON) carry the note with the decision.
    return theirs.note_at or theirs.set_at


def _note_wins(mine: ItemState, theirs: Incoming) -> bool:
    if theirs.note is None or theirs.note == mine.note:
        return False
    at = _note_time(theirs)
    if at is not None:
        return mine.note_at is None or at > mine.note_at
    return not mine.note  # a hand edit without a time fills a blank only


def merge(store: StateStore, incoming: list[Incoming]) -> ImportReport:
    """Apply the newer decision and the newer probe record of each item; report the changes."""
    report = ImportReport()
    for theirs in incoming:
        if theirs.item_id not in store.catalog:
            report.unknown_ids.append(theirs.item_id)
            continue
        mine = store.item(theirs.item_id)
        changed: list[str] = []
        kept = ""
        if theirs.status is not mine.status:
            if _decision_wins(mine, theirs):
                changed.append(f"{mine.status.value} → {theirs.status.value}")
                mine.status = theirs.status
                mine.set_by = theirs.set_by or SetBy.USER
                mine.set_at = theirs.set_at or now()
            elif theirs.base is not None:
                kept = (
                    f"kept {mine.status.value}, decided here at {_second(mine.set_at)} after the "
                    f"export, over the pull request's {theirs.status.value}"
                )
        if _note_wins(mine, theirs):
            changed.append("note updated")
            mine.note = theirs.note or ""
            mine.note_at = _note_time(theirs) or now()
        if theirs.probe is not None and (
            mine.probe is None or theirs.probe.probed_at > mine.probe.probed_at
        ):
            mine.probe = theirs.probe
            changed.append(f"probe {theirs.probe.verdict.value}")
        if changed:
            store.replace_item(theirs.item_id, mine)
            report.changes.append(f"{theirs.item_id}: {', '.join(changed)}")
        if kept:
            report.kept.append(f"{theirs.item_id}: {kept}")
    return report


def import_file(store: StateStore, path: Path) -> ImportReport:
    """Read ``path`` (format from its suffix or content) and merge it into ``store`` in memory."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    incoming, named_target = _reader(path, text)(text, path, store.catalog)
    report = merge(store, incoming)
    target = _valid_url(named_target)
    if target is not None and store.target_url is None:
        # The target fills a blank only: which site this copy probes is its own decision.
        store.set_target(target)
        report.changes.append(f"target: {target}")
    return report


def _valid_url(url: object) -> str | None:
    """The target URL an export names, if it is a valid one."""
    from launchtui.probes.target import TargetError, normalize_url

    if not isinstance(url, str):
        return None
    try:
        return normalize_url(url)
    except TargetError:
        return None
