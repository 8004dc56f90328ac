"""The filter line under the checklist, mounted the first time / is pressed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label


class FilterBar(Horizontal):
    """``filter`` and a one-line field; the app filters on every change of the field."""

    def compose(self) -> ComposeResult:
        yield Label("filter ", id="filter-label")
        yield Input(id="filter", placeholder="type words · enter keeps · esc clears", compact=True)

    def on_mount(self) -> None:
        """Mounted when / is first pressed: ready for typing."""
        self.field.focus()

    @property
    def field(self) -> Input:
        """The text field."""
        return self.query_one(Input)
