"""The state file's format: parsing it (bounded, with line numbers in errors), migrating older
schemas, checking its times, and rendering it back as stable, diffable TOML.

Schema 2 (this version) keeps, per item, four parts each with its own time: the decision
(``status``, ``set_by``, ``set_at``), the note (``note``, ``note_at``), the site's probe record
(``[items.<id>.probe]``, ``probed_at``) and the project checks' record (``[items.<id>.project]``,
same shape). A file of an older schema — or one without a ``schema`` key, read as schema 1 — is
migrated in memory when it is read, one step per schema (:data:`MIGRATIONS`), and written as
schema 2 by the next save.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w

from launchtui.text_safety import toml_text

SCHEMA_VERSION = 2
MAX_DEPTH = 32
"""Tables and arrays nested deeper than this are refused (ours nest four deep)."""
FUTURE_SLACK = dt.timedelta(days=1)
"""A time later than this after now is refused: it would outrank every later decision."""


class StateFileError(Exception):
    """A state file that cannot be read or written; ``str()`` is one line naming the file.

    ``key`` is the dotted key of the value at fault (``items.x.status``), when there is one, so
    the message can name its line (:func:`locate`).
    """

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


# -- times -------------------------------------------------------------------------------------


def checked_time(value: dt.datetime, where: str) -> dt.datetime:
    """``value`` in UTC; :class:`StateFileError` for a time without a UTC offset, one out of
    range in UTC, or one more than a day in the future."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise StateFileError(
            f"{where} has no UTC offset ({value.isoformat()}): write it like 2026-01-02T03:04:05Z",
            key=where,
        )
    try:
        moment = value.astimezone(dt.UTC)
    except OverflowError:
        raise StateFileError(f"{where} is out of range ({value.isoformat()})", key=where) from None
    if moment > dt.datetime.now(dt.UTC) + FUTURE_SLACK:
        raise StateFileError(
            f"{where} is in the future ({value.isoformat()}): check this machine's clock or "
            "the file",
            key=where,
        )
    return moment


def required_time(table: dict[str, Any], key: str, where: str) -> dt.datetime:
    """The time ``table[key]`` normalised to UTC; :class:`StateFileError` if it is absent."""
    moment = table_time(table, key, where)
    if moment is None:
        raise StateFileError(f"{where}.{key} is missing", key=where)
    return moment


def table_time(table: dict[str, Any], key: str, where: str) -> dt.datetime | None:
    """The time ``table[key]`` normalised to UTC (:func:`checked_time`); ``None`` if absent."""
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, dt.datetime):
        raise StateFileError(
            f"{where}.{key} must be a date and time like 2026-01-02T03:04:05Z", key=f"{where}.{key}"
        )
    return checked_time(value, f"{where}.{key}")


# -- migrations ----------------------------------------------------------------------------------


def migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 → 2: every decision, note and probe record is kept as it is.

    Schema 1 had no time for a note: it gets none (``note_at`` absent), which the merge reads as
    older than any note written since. Schema 2's ``project`` part is simply absent. Schema 1
    stored probe evidence and detail markup-escaped (``\\[``); schema 2 stores text raw and
    escapes it where it is rendered, so the escapes are undone.
    """
    for table in _item_tables(data):
        _note_time_unknown(table)
        _unescape_probe_text(table)
    return data


def _unescape_probe_text(item: dict[str, Any]) -> None:
    probe = item.get("probe")
    if not isinstance(probe, dict):
        return
    for key in ("evidence", "detail"):
        if isinstance(probe.get(key), str):
            probe[key] = probe[key].replace("\\[", "[")


def _note_time_unknown(item: dict[str, Any]) -> None:
    # A schema-1 file may not carry the key at all, but a hand-edited one might: drop it, a
    # schema-1 note's time is not known.
    item.pop("note_at", None)


def _item_tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    items = data.get("items")
    if not isinstance(items, dict):
        return []
    return [table for table in items.values() if isinstance(table, dict)]


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: migrate_1_to_2}
"""``{n: step}``: each step turns the data of schema ``n`` into schema ``n + 1``, in memory."""


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """Bring parsed data of any older schema up to :data:`SCHEMA_VERSION`."""
    schema = data.get("schema", 1)  # files from before the key existed are schema 1
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise StateFileError(
            f"{path}: schema must be a whole number like {SCHEMA_VERSION}, not {schema!r}"[:200],
            key="schema",
        )
    if schema > SCHEMA_VERSION:
        raise StateFileError(
            f"{path}: schema {schema} is newer than this launchtui understands "
            f"({SCHEMA_VERSION}); upgrade launchtui",
            key="schema",
        )
    if schema < 1:
        raise StateFileError(f"{path}: schema {schema} never existed", key="schema")
    while schema < SCHEMA_VERSION:
        data = MIGRATIONS[schema](data)
        schema += 1
    data["schema"] = SCHEMA_VERSION
    return data


# -- parsing -----------------------------------------------------------------------------------


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML text with bounded nesting, or raise a one-line :class:`StateFileError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StateFileError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise StateFileError(f"{path}: arrays or tables nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise StateFileError(f"{path}: not valid TOML ({exc})"[:300]) from None
    if (where := too_deep(data)) is not None:
        raise StateFileError(
            f"{path}: {where} is nested more than {MAX_DEPTH} levels deep", key=where
        )
    return data


def too_deep(data: object, limit: int = MAX_DEPTH) -> str | None:
    """The dotted key of the first value nested more than ``limit`` levels deep, if any.

    Iterative, so it is itself safe from the input it guards against.
    """
    stack: list[tuple[object, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, dict):
            children = [(v, f"{where}.{k}" if where else str(k)) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(v, f"{where}[{n}]") for n, v in enumerate(value)]
        else:
            continue
        if depth >= limit:
            return where[:200]
        stack.extend((child, depth + 1, key) for child, key in children)
    return None


def parse_state_text(text: str, path: Path) -> dict[str, Any]:
    """Parse and migrate the TOML text of a state file, or raise a one-line
    :class:`StateFileError` that names the file (and the line, where it can)."""
    data = parse_toml(text, path)
    try:
        data = migrate(data, path)
    except StateFileError as exc:
        raise locate(exc, text, path) from None
    for key in ("checklist", "target", "items"):
        if key in data and not isinstance(data[key], dict):
            raise locate(StateFileError(f"'{key}' must be a table", key=key), text, path)
    for item_id, table in data.get("items", {}).items():
        if not isinstance(table, dict):
            raise locate(
                StateFileError(f"items.{item_id} must be a table", key=f"items.{item_id}"),
                text,
                path,
            )
    return data


# -- line numbers ------------------------------------------------------------------------------

_KEY_PART = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^.\s\"']+")
_HEADER = re.compile(r"^\s*\[\[?\s*(?P<key>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(r"^\s*(?P<key>[A-Za-z0-9_\-\"'. ]+?)\s*=")


def _key_path(text: str) -> list[str]:
    return [part.strip("\"'") for part in _KEY_PART.findall(text)]


def line_of(text: str, key: str) -> int | None:
    """The line where the dotted ``key`` (``items.x.status``) is set in TOML ``text``; the line of
    its table when the key itself is not found; ``None`` when neither is."""
    wanted = _key_path(key.split("[", 1)[0])
    table: list[str] = []
    best: tuple[int, int] | None = None  # (length of the matching prefix, line)
    for lineno, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _key_path(header["key"])
            path = table
        elif assignment := _ASSIGNMENT.match(line):
            path = table + _key_path(assignment["key"])
        else:
            continue
        if path == wanted:
            return lineno
        if wanted[: len(path)] == path and (best is None or len(path) > best[0]):
            best = (len(path), lineno)
    return None if best is None else best[1]


def locate(exc: StateFileError, text: str, path: Path) -> StateFileError:
    """``exc`` as ``"PATH:LINE: message"`` (or ``"PATH: message"`` if no line is known)."""
    message = str(exc).removeprefix(f"{path}: ")
    line = line_of(text, exc.key) if exc.key else None
    where = f"{path}:{line}" if line is not None else f"{path}"
    return StateFileError(f"{where}: {message}", key=exc.key)


# -- rendering ---------------------------------------------------------------------------------

HEADER = "# launchtui state: checklist decisions and probe evidence. Safe to commit and merge.\n"


def render_state(data: dict[str, Any]) -> str:
    """The file's text: schema, checklist, target, then items sorted by id — stable for diffs."""
    ordered: dict[str, Any] = {"schema": SCHEMA_VERSION}
    for key, value in data.items():
        if key not in ("schema", "checklist", "target", "items"):
            ordered[key] = value
    for key in ("checklist", "target"):
        if key in data:
            ordered[key] = data[key]
    items = data.get("items", {})
    if items:
        ordered["items"] = {item_id: items[item_id] for item_id in sorted(items)}
    # Text is stored raw; what a terminal or an editor would act on is written as \u escapes.
    return HEADER + toml_text(tomli_w.dumps(ordered, multiline_strings=False))
