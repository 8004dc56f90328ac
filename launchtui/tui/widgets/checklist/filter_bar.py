"""The filter line under the checklist, composed hidden with the screen and shown by /."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label


class FilterBar(Horizontal):
    """``filter`` and a one-line field; the app filters shortly after the field changes.

    It is part of the screen from the start (hidden), not mounted on the first /: a field
    mounted on demand took its focus a few frames later, and the letters typed meanwhile went
    to the checklist (an "n" among them marked an item not applicable). See
    ``LaunchApp.action_filter_text`` for the rest of that fix.
    """

    def compose(self) -> ComposeResult:
        yield Label("filter ", id="filter-label")
        yield Input(id="filter", placeholder="type words · enter keeps · esc clears", compact=True)

    @property
    def field(self) -> Input:
        """The text field."""
        return self.query_one(Input)
