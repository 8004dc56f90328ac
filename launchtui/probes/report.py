"""A probe run rendered for people and scripts: plain text (optionally coloured), JSON, Markdown.

Plain ANSI escapes only, no Textual. Every string that launchtui did not write — the target URL,
the checklist's section and item titles, the evidence — passes through
:mod:`launchtui.text_safety` here, where it is rendered: no escape sequence or control character
reaches the terminal or the file. Markdown additionally escapes Markdown syntax, so a page title
cannot inject links, formatting or HTML into a report. JSON carries the text as it reads, without
markup escapes, as ``export --format json`` does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from launchtui.catalog import Catalog
from launchtui.probes.model import Finding, Verdict, worst
from launchtui.text_safety import one_line

_ANSI = {
    Verdict.PASS: "\x1b[32m",
    Verdict.UNKNOWN: "\x1b[2m",
    Verdict.WARN: "\x1b[33m",
    Verdict.FAIL: "\x1b[1;31m",
}
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@dataclass(frozen=True, slots=True)
class ItemResult:
    """One item's verdict in a run: the worst of its findings, with that finding's evidence.

    Texts are as stored (raw); each renderer makes them safe for its sink.
    """

    id: str
    section: str
    title: str
    verdict: Verdict
    evidence: str
    probe: str
    not_applicable: bool = False  # the team marked it N/A: reported, never counted


def aggregate(
    findings: Iterable[Finding], catalog: Catalog, not_applicable: Iterable[str] = ()
) -> list[ItemResult]:
    """One result per judged item, in checklist order (items the catalog lacks are dropped);
    the ids in ``not_applicable`` are marked N/A."""
    skipped = set(not_applicable)
    by_item: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.item_id in catalog:
            by_item.setdefault(finding.item_id, []).append(finding)
    results = []
    for section in catalog.sections:
        for item in section.walk():
            found = by_item.get(item.id)
            if not found:
                continue
            verdict = worst([f.verdict for f in found])
            lead = next(f for f in found if f.verdict is verdict)
            results.append(
                ItemResult(
                    id=item.id,
                    section=section.title,
                    title=item.title,
                    verdict=verdict,
                    evidence=lead.evidence,
                    probe=lead.probe,
                    not_applicable=item.id in skipped,
                )
            )
    return results


def tally(results: Iterable[ItemResult]) -> dict[Verdict, int]:
    """How many counted items (not N/A) got each verdict."""
    counts = dict.fromkeys(Verdict, 0)
    for result in results:
        if not result.not_applicable:
            counts[result.verdict] += 1
    return counts


def _summary(results: list[ItemResult]) -> str:
    counts = tally(results)
    line = ", ".join(f"{n} {v.value}" for v, n in counts.items()) + f" ({len(results)} items"
    skipped = sum(1 for r in results if r.not_applicable)
    return line + (f", {skipped} N/A not counted)" if skipped else ")")


def render_text(
    target: str, results: list[ItemResult], *, color: bool, command: str = "probe"
) -> str:
    """Grouped by section; each verdict (coloured if asked) with the title, evidence below."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines = [paint(f"launchtui {command}: {one_line(target)}", _BOLD), ""]
    section = None
    for result in results:
        if result.section != section:
            if section is not None:
                lines.append("")
            section = result.section
            lines.append(paint(one_line(section), _BOLD))
        label = paint(f"{result.verdict.value.upper():<7}", _ANSI[result.verdict])
        na = " (N/A, not counted)" if result.not_applicable else ""
        lines.append(f"  {label} {one_line(result.title)}{na}")
        lines.append(f"          {one_line(result.evidence)}")
    lines += ["", _summary(results)]
    return "\n".join(lines) + "\n"


def _cleaned(value: Any) -> Any:
    """Every string in ``value`` (nested in dicts and lists too) on one clean line."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, Mapping):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_cleaned(v) for v in value]
    return value


def render_json(
    target: str, results: list[ItemResult], extra: Mapping[str, Any] | None = None
) -> str:
    """``{"target": URL, "results": [{id, section, title, verdict, evidence, probe,
    not_applicable}]}``.

    ``extra`` adds keys after ``target`` (``launchtui project`` adds ``"project"``).
    """
    document: dict[str, Any] = {
        "target": one_line(target),
        **_cleaned(extra or {}),
        "results": [
            {
                "id": r.id,
                "section": one_line(r.section),
                "title": one_line(r.title),
                "verdict": r.verdict.value,
                "evidence": one_line(r.evidence),
                "probe": r.probe,
                "not_applicable": r.not_applicable,
            }
            for r in results
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def markdown_escape(text: str) -> str:
    """Text on one line, without control characters, Markdown syntax backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def render_markdown(target: str, results: list[ItemResult], *, heading: str = "Probe") -> str:
    """A Markdown report: a heading per section, one bullet per item."""
    lines = [f"# {heading} results for {markdown_escape(target)}", ""]
    section = None
    for result in results:
        if result.section != section:
            section = result.section
            lines += ([""] if lines[-1] else []) + [f"## {markdown_escape(section)}", ""]
        na = " (N/A, not counted)" if result.not_applicable else ""
        lines.append(
            f"- **{result.verdict.value.upper()}**{na} {markdown_escape(result.title)}: "
            f"{markdown_escape(result.evidence)}"
        )
    lines += ["", _summary(results)]
    return "\n".join(lines) + "\n"


def render(
    fmt: str,
    target: str,
    results: list[ItemResult],
    *,
    color: bool = False,
    command: str = "probe",
    extra: Mapping[str, Any] | None = None,
) -> str:
    """Render in ``fmt`` (``text``, ``json`` or ``markdown``) for ``launchtui COMMAND``."""
    if fmt == "json":
        return render_json(target, results, extra)
    if fmt == "markdown":
        return render_markdown(target, results, heading=command.capitalize())
    return render_text(target, results, color=color, command=command)
