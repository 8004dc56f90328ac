"""How an item's state is shown: one marker per item, told apart by glyph as well as colour.

Colour alone is not enough (NO_COLOR, colour-blind readers, monochrome terminals), so every mark
has its own glyph; the colour comes from a CSS component class that uses theme variables.
"""

from __future__ import annotations

from enum import Enum

from launchtui.probes.model import Verdict
from launchtui.state import ItemState, ItemStatus, SetBy


class Mark(Enum):
    """What the marker in front of an item says.

    Value: (glyph, legend, CSS component class, style as theme variable and text style).
    """

    TODO = ("[ ]", "to do", "checklist--todo", "$foreground-muted")
    DONE = ("[x]", "done, ticked by hand", "checklist--done", "$text-success")
    PASSED = ("[✓]", "done, passed by a probe", "checklist--passed", "$text-success bold")
    FAILING = ("[✗]", "probe fails", "checklist--failing", "$text-error bold")
    WARNING = ("[!]", "probe warns", "checklist--warning", "$text-warning bold")
    UNKNOWN = ("[?]", "probe could not tell", "checklist--unknown", "$text-secondary")
    NOT_APPLICABLE = ("[-]", "not applicable", "checklist--not-applicable", "$foreground-muted")

    @property
    def glyph(self) -> str:
        """The three cells shown in front of the item."""
        return self.value[0]

    @property
    def legend(self) -> str:
        """What the glyph means, for the help screen."""
        return self.value[1]

    @property
    def component(self) -> str:
        """The CSS component class that colours the glyph."""
        return self.value[2]

    @property
    def style(self) -> str:
        """The glyph's style for :class:`textual.content.Content` (theme variables only)."""
        return self.value[3]

    @property
    def css(self) -> str:
        """The same style as CSS declarations, for the component class."""
        colour, *text_style = self.style.split()
        declarations = f"color: {colour};"
        if text_style:
            declarations += f" text-style: {' '.join(text_style)};"
        return declarations


DISAGREEMENT_FLAG = " ✗ probe fails"
"""Shown after the title of an item a person closed while its probe fails."""

VERDICT_MARKS = {
    Verdict.PASS: Mark.PASSED,
    Verdict.FAIL: Mark.FAILING,
    Verdict.WARN: Mark.WARNING,
    Verdict.UNKNOWN: Mark.UNKNOWN,
}
"""The marker of each probe verdict (the detail pane's "Latest probe" line)."""


def mark_of(state: ItemState) -> Mark:
    """The marker for an item's recorded state.

    A person's decision shows as such; a probe's verdict shows only while the item is open, so an
    item someone reopened after a passing probe reads "to do" (the detail pane tells the rest).
    """
    if state.status is ItemStatus.SKIPPED:
        return Mark.NOT_APPLICABLE
    # The item's verdict is the worse of the site's probes and the project checks: a probe's
    # pass that closed the item no longer shows as passed once the project checks fail it.
    verdict = state.verdict
    if state.status is ItemStatus.DONE:
        if state.set_by is not SetBy.PROBE:
            return Mark.DONE
        return Mark.PASSED if verdict in (None, Verdict.PASS) else VERDICT_MARKS[verdict]
    if verdict is not None and verdict is not Verdict.PASS:
        return VERDICT_MARKS[verdict]
    return Mark.TODO
