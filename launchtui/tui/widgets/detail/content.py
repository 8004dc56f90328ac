"""What the detail pane says about an item or a section, as Textual Content.

Every text here that launchtui did not write — the checklist's titles, texts, guidance and links,
notes, probe evidence and detail, from the state file or an import — is stored raw and passes
through :func:`shown`: escape sequences and control characters removed, and never parsed as
markup (it becomes plain Content), so it shows as written and can never turn into styling, a link
or an action. Notes and probe detail can be long: the pane shows their start (the note editor
shows a note whole), so a 10 MB note costs no more to draw than a short one.
"""

from __future__ import annotations

import datetime as dt

from textual.content import Content
from textual.style import Style

from launchtui.catalog import Item, Section
from launchtui.state import ItemState, ItemStatus, ProbeRecord, SetBy
from launchtui.text_safety import one_line, plain_text, shorten
from launchtui.tui.markers import VERDICT_MARKS, Mark, mark_of

HEADING = "bold $text-primary"
MUTED = "$foreground-muted"
NOTE_SHOWN = 2_000
NOTE_LINES = 40
"""Characters and lines of a note the pane shows; the rest is counted, and whole in the note
editor (wrapping more for every cursor move is what froze the app on a 10 MB note)."""
DETAIL_SHOWN = 8_000
"""Characters of a probe record's detail the pane shows (a probe writes at most about this)."""


def when(at: dt.datetime, now: dt.datetime) -> str:
    """An absolute UTC time and, when it is in the past, how long ago: ``… (3 min ago)``."""
    stamp = at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    seconds = (now - at).total_seconds()
    if seconds < 0:
        return stamp
    if seconds < 60:
        ago = "just now"
    elif seconds < 3600:
        ago = f"{int(seconds // 60)} min ago"
    elif seconds < 48 * 3600:
        ago = f"{int(seconds // 3600)} h ago"
    else:
        ago = f"{int(seconds // 86400)} days ago"
    return f"{stamp} ({ago})"


def shown(
    text: str,
    *,
    limit: int | None = None,
    max_lines: int | None = None,
    what: str = "characters",
) -> Content:
    """Text launchtui did not write, as plain Content: cut after ``limit`` characters or
    ``max_lines`` lines (before cleaning, so the cost is bounded too), control characters and
    escape sequences removed."""
    if limit is not None:
        text = shorten(text, limit, max_lines=max_lines, what=what)
    return Content(plain_text(text, multiline=True))


def _status_line(state: ItemState, now: dt.datetime) -> Content:
    mark = mark_of(state)
    if state.status is ItemStatus.DONE:
        words = "Done, passed by a probe" if state.set_by is SetBy.PROBE else "Done, ticked by hand"
    elif state.status is ItemStatus.SKIPPED:
        words = "Not applicable, set by hand"
    elif state.set_by is SetBy.PROBE:
        words = "To do, reopened by a probe"
    elif state.set_by is SetBy.USER:
        words = "To do, reopened by hand"
    else:
        words = "To do"
    if state.set_at is not None:
        words += f" · {when(state.set_at, now)}"
    # The probe's verdict has its own line; this one is about the decision only.
    status_mark = mark if mark in (Mark.DONE, Mark.PASSED, Mark.NOT_APPLICABLE) else Mark.TODO
    return Content.assemble((status_mark.glyph, status_mark.style), " ", words)


def _record(record: ProbeRecord, now: dt.datetime) -> Content:
    """A probe or project record: its verdict, who judged it, when, and the evidence."""
    mark = VERDICT_MARKS[record.verdict]
    families = f" ({one_line(', '.join(record.probes))})" if record.probes else ""
    verdict = Content.assemble(
        (f"{mark.glyph} {record.verdict.value}", mark.style),
        families,
        (f" · {when(record.probed_at, now)}", MUTED),
    )
    if record.evidence:
        verdict = Content("\n").join([verdict, shown(record.evidence, limit=DETAIL_SHOWN)])
    return verdict


def _block(title: str, body: Content | str) -> list[Content | str]:
    return ["", Content.styled(title, HEADING), body]


def item_details(item: Item, state: ItemState, now: dt.datetime) -> Content:
    """Everything about one item, the most pressing first (on a short pane that is all that
    shows): title, status, disagreement, latest verdict and evidence, note, probe detail, links,
    guidance and the checklist's original wording."""
    lines: list[Content | str] = [
        Content.styled(one_line(item.title), "bold"),
        _status_line(state, now),
    ]
    if state.disagrees:
        lines.append(
            Content.styled(
                "✗ Closed by hand, but the latest probe fails. Check the evidence below.",
                "bold $text-error",
            )
        )

    probe = state.probe
    project = state.project
    if probe is not None:
        lines += _block("Latest probe" if project is None else "Site probes", _record(probe, now))
    elif item.probeable:
        lines += _block(
            "Probes",
            Content.styled(f"{', '.join(item.probes)} · not run yet (p runs them)", MUTED),
        )
    if project is not None:
        # The item's verdict is the worse of the two; both evidences show, the site's first.
        lines += _block("Project checks", _record(project, now))

    if state.note:
        note = shown(
            state.note,
            limit=NOTE_SHOWN,
            max_lines=NOTE_LINES,
            what="characters · e shows the whole note",
        )
    else:
        note = Content.styled("none yet · press e to write one", MUTED)
    lines += _block("Note", note)
    if probe is not None and probe.detail:
        lines += _block("Probe detail", shown(probe.detail, limit=DETAIL_SHOWN))
    if project is not None and project.detail:
        lines += _block("Project check detail", shown(project.detail, limit=DETAIL_SHOWN))
    if item.links:
        # A link's target goes to the terminal inside an OSC 8 sequence: it must be clean too.
        link_lines = [
            Content.styled(url, "$text-accent underline").stylize(Style(link=url))
            for url in (one_line(link) for link in item.links)
        ]
        lines += _block("Links · o opens the first", Content("\n").join(link_lines))
    if item.guidance:
        lines += _block("Guidance", shown(item.guidance))
    if item.text != item.title:
        lines += _block("Original checklist text", shown(item.text))
    return Content("\n").join(lines)


def section_details(section: Section, states: list[ItemState]) -> Content:
    """A section heading's summary: how many items stand where."""
    counts: dict[Mark, int] = {}
    for state in states:
        mark = mark_of(state)
        counts[mark] = counts.get(mark, 0) + 1
    closed = sum(1 for s in states if s.closed)
    lines: list[Content | str] = [
        Content.styled(one_line(section.title), "bold"),
        Content.styled(f"{closed} of {len(states)} items closed", MUTED),
        "",
    ]
    for mark in Mark:
        if counts.get(mark):
            lines.append(
                Content.assemble((mark.glyph, mark.style), f" {counts[mark]} {mark.legend}")
            )
    lines += ["", Content.styled("enter, ← and → fold and unfold it", MUTED)]
    return Content("\n").join(lines)


def nothing_shown(reason: str) -> Content:
    """What the pane says when the cursor is on nothing (e.g. the filter hides every item)."""
    return Content.styled(reason, MUTED)
