"""Render the state as a Markdown task list, JSON, or the TOML state file itself.

Probe evidence stays as the state holds it: control characters stripped and Rich markup escaped
(``\\[``), which GitHub's Markdown renders as a plain bracket.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from launchtui.catalog import Item
from launchtui.state import ItemState, ItemStatus, StateStore

FORMATS = ("markdown", "json", "toml")

_VERDICT_MARK = {"pass": "✅", "warn": "⚠️", "fail": "❌", "unknown": "❔"}
MARKER = "launchtui:"


def iso(moment: dt.datetime | None) -> str | None:
    """A timestamp as ISO 8601 UTC with a ``Z`` (``None`` stays ``None``)."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def export_state(store: StateStore, fmt: str) -> str:
    """The whole state in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "markdown":
        return export_markdown(store)
    if fmt == "json":
        return json.dumps(export_data(store), indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        return store.render()
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
                "section": store.catalog.section(item.section_id).title,
                "title": item.title,
                "status": state.status.value,
                "note": state.note,
                "verdict": probe.verdict.value if probe else None,
                "evidence": probe.evidence if probe else None,
                "probed_at": iso(probe.probed_at) if probe else None,
                "set_by": state.set_by.value if state.set_by else None,
                "set_at": iso(state.set_at),
            }
        )
    return {
        "checklist": {"name": store.catalog.name, "version": store.catalog.version},
        "target": store.target_url,
        "items": items,
    }


def md_escape(text: str) -> str:
    """Text safe inside a Markdown list item: no raw HTML (``&`` and ``<`` as entities)."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def md_unescape(text: str) -> str:
    """Undo :func:`md_escape`."""
    return text.replace("&lt;", "<").replace("&amp;", "&")


def _comment(item: Item, state: ItemState) -> str:
    parts = [f"{MARKER}{item.id}", state.status.value]
    if state.set_by is not None:
        parts.append(state.set_by.value)
    if state.set_at is not None:
        parts.append(iso(state.set_at) or "")
    return "<!-- " + " ".join(parts) + " -->"


def _md_item(item: Item, store: StateStore, depth: int) -> list[str]:
    state = store.item(item.id)
    indent = "  " * depth
    box = "[ ]" if state.status is ItemStatus.TODO else "[x]"
    text = item.text
    if state.status is ItemStatus.SKIPPED:
        text = f"~~{item.text}~~ *(not applicable)*"
    lines = [f"{indent}- {box} {text} {_comment(item, state)}"]
    sub = indent + "  "
    # Notes are block quotes, probe lines plain bullets: import tells them apart by that.
    for note_line in state.note.splitlines():
        lines.append(f"{sub}> {md_escape(note_line)}".rstrip())
    if state.disagrees:
        lines.append(f"{sub}- ⚠️ marked {state.status.value} by hand, but the probe fails")
    probe = state.probe
    if probe is not None and probe.verdict.value != "pass":
        mark = _VERDICT_MARK[probe.verdict.value]
        evidence = md_escape(" ".join(probe.evidence.split()))
        lines.append(
            f"{sub}- {mark} probe {probe.verdict.value}: {evidence} ({iso(probe.probed_at)})"
        )
    for child in item.children:
        lines.extend(_md_item(child, store, depth + 1))
    return lines


def export_markdown(store: StateStore) -> str:
    """A GitHub task list in the shape of the original checklist, ready for a pull request."""
    closed, total = store.progress()
    catalog = store.catalog
    lines = [f"# {catalog.name}", ""]
    header = f"{closed}/{total} closed"
    if store.target_url:
        header = f"Target: {store.target_url} · {header}"
    lines += [header, ""]
    for section in catalog.sections:
        lines += [f"## {section.title}", ""]
        for item in section.items:
            lines.extend(_md_item(item, store, 0))
        lines.append("")
    if catalog.credit:
        lines += [f"<sub>Checklist: {catalog.credit} Exported by launchtui.</sub>", ""]
    lines.append(
        f"<!-- {MARKER}export checklist={json.dumps(catalog.name)} version={catalog.version} -->"
    )
    return "\n".join(lines) + "\n"
