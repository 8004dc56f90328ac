"""Render the state as a Markdown task list, JSON, or the TOML state file itself.

The state holds text raw; what launchtui did not write itself (checklist titles, notes, evidence,
the target URL) is made safe here, where it is rendered, by :mod:`launchtui.text_safety`: JSON
carries it without control characters or escape sequences (and without markup escapes, as
``probe --format json`` does), Markdown also neutralises HTML so that no note can open a tag or
end the hidden comments import reads, and TOML writes what a terminal would act on as escapes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, overload

from launchtui.catalog import Item
from launchtui.probes.model import Verdict
from launchtui.state import ItemState, ItemStatus, SetBy, StateStore
from launchtui.text_safety import (
    html_escape,
    html_unescape,
    markdown_inline,
    markdown_text,
    one_line,
    plain_text,
)

FORMATS = ("markdown", "json", "toml")

_VERDICT_MARK = {"pass": "✅", "warn": "⚠️", "fail": "❌", "unknown": "❔"}
MARKER = "launchtui:"
PROBE_CLOSED = "✓ probe"
"""Written after the text of a box a probe closed, so a reviewer tells checked from claimed."""
_FAILING_SHOWN = 10


def iso(moment: dt.datetime | None) -> str | None:
    """A timestamp as ISO 8601 UTC with a ``Z`` (``None`` stays ``None``)."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@overload
def iso_seconds(moment: dt.datetime) -> str: ...
@overload
def iso_seconds(moment: None) -> None: ...
@overload
def iso_seconds(moment: dt.datetime | None) -> str | None: ...


def iso_seconds(moment: dt.datetime | None) -> str | None:
    """A timestamp as ISO 8601 UTC to the second (what a reviewer reads in a pull request)."""
    if moment is None:
        return None
    return iso(moment.replace(microsecond=0))


def export_state(store: StateStore, fmt: str) -> str:
    """The whole state in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "markdown":
        return export_markdown(store)
    if fmt == "json":
        return json.dumps(export_data(store), indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        return store.render()  # the state file's own text (its writer escapes what is live)
    raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")


def export_data(store: StateStore) -> dict[str, Any]:
    """The JSON export as Python data: checklist, target and one entry per item, in order."""
    items = []
    for item in store.catalog.items():
        state = store.item(item.id)
        probe = state.probe
        items.append(
            {
                "id": item.id,
                "section": one_line(store.catalog.section(item.section_id).title),
                "title": one_line(item.title),
                "status": state.status.value,
                "note": plain_text(state.note, multiline=True),
                "note_at": iso(state.note_at),
                "verdict": probe.verdict.value if probe else None,
                "evidence": one_line(probe.evidence) if probe else None,
                "probed_at": iso(probe.probed_at) if probe else None,
                "set_by": state.set_by.value if state.set_by else None,
                "set_at": iso(state.set_at),
            }
        )
    return {
        "checklist": {
            "name": one_line(store.catalog.name),
            "version": one_line(store.catalog.version),
        },
        "target": None if store.target_url is None else one_line(store.target_url),
        "items": items,
    }


md_unescape = html_unescape
"""Undo the HTML escapes of a note line or the target (import reads them back)."""


def _comment_json(text: str) -> str:
    """A JSON string that cannot end an HTML comment: ``<``, ``>`` and ``&`` as ``\\u`` escapes
    (JSON reads them back as the same text)."""
    encoded = json.dumps(one_line(text), ensure_ascii=False)
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _comment(item: Item, state: ItemState) -> str:
    parts = [f"{MARKER}{item.id}", state.status.value]
    if state.set_by is not None:
        parts.append(state.set_by.value)
    if state.set_at is not None:
        parts.append(iso_seconds(state.set_at) or "")
    return "<!-- " + " ".join(parts) + " -->"


def _md_item(item: Item, store: StateStore, depth: int) -> list[str]:
    state = store.item(item.id)
    indent = "  " * depth
    box = "[ ]" if state.status is ItemStatus.TODO else "[x]"
    text = markdown_inline(item.text)
    if state.status is ItemStatus.SKIPPED:
        text = f"~~{text}~~ *(not applicable)*"
    elif state.closed and state.set_by is SetBy.PROBE:
        text = f"{text} {PROBE_CLOSED}"
    lines = [f"{indent}- {box} {text} {_comment(item, state)}"]
    sub = indent + "  "
    # Notes are block quotes, probe lines plain bullets: import tells them apart by that.
    for note_line in markdown_text(state.note, multiline=True).splitlines():
        lines.append(f"{sub}> {note_line}".rstrip())
    if state.disagrees:
        lines.append(f"{sub}- ⚠️ marked {state.status.value} by hand, but the probe fails")
    probe = state.probe
    if probe is not None and probe.verdict.value != "pass":
        mark = _VERDICT_MARK[probe.verdict.value]
        evidence = html_escape(one_line(probe.evidence))
        probed_at = iso_seconds(probe.probed_at)
        lines.append(f"{sub}- {mark} probe {probe.verdict.value}: {evidence} ({probed_at})")
    for child in item.children:
        lines.extend(_md_item(child, store, depth + 1))
    return lines


def _last_probe(store: StateStore) -> str:
    """When the site's probes or the project checks last judged an item, to the second."""
    times = [
        record.probed_at
        for item in store.catalog.items()
        for record in (store.item(item.id).probe, store.item(item.id).project)
        if record is not None
    ]
    return (iso_seconds(max(times)) if times else None) or "never"


def export_markdown(store: StateStore) -> str:
    """A GitHub task list in the shape of the original checklist, ready for a pull request."""
    closed, total = store.progress()
    catalog = store.catalog
    lines = [f"# {markdown_inline(catalog.name)}", ""]
    failing = [item for item in catalog.items() if store.item(item.id).verdict is Verdict.FAIL]
    header = f"{closed}/{total} done · {len(failing)} failing · last probe {_last_probe(store)}"
    if store.target_url:
        # No blank space in it: import reads the URL up to the first one.
        url = html_escape("".join(one_line(store.target_url).split()))
        header = f"Target: {url} · {header}"
    lines += [header, ""]
    if failing:
        names = [markdown_inline(item.title) for item in failing[:_FAILING_SHOWN]]
        more = len(failing) - _FAILING_SHOWN
        lines += [f"Failing: {' · '.join(names)}" + (f" · and {more} more" if more > 0 else ""), ""]
    for section in catalog.sections:
        lines += [f"## {markdown_inline(section.title)}", ""]
        for item in section.items:
            lines.extend(_md_item(item, store, 0))
        lines.append("")
    if catalog.credit:
        credit = markdown_inline(catalog.credit)
        lines += [f"<sub>Checklist: {credit} Exported by launchtui.</sub>", ""]
    name, version = _comment_json(catalog.name), catalog.version
    if not re.fullmatch(r"[\w.+-]+", version):
        version = _comment_json(version)
    lines.append(f"<!-- {MARKER}export checklist={name} version={version} -->")
    return "\n".join(lines) + "\n"
