"""The pane beside (or, on a narrow terminal, below) the checklist that tells all about one item."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class DetailPane(VerticalScroll, can_focus=True):
    """A scrollable pane showing one Content; it remembers which item it shows."""

    DEFAULT_CSS = """
    DetailPane > #detail-body { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Details"
        self.item_id: str | None = None
        """The item shown, if the pane shows an item (refresh_item redraws only that one)."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body", markup=False)

    def show(self, content: Content, *, item_id: str | None, section: str | None = None) -> None:
        """Replace what the pane shows (its border names the section); scroll back to the top
        when the subject changes."""
        if item_id != self.item_id:
            self.scroll_home(animate=False)
        self.item_id = item_id
        self.border_title = f"Details · {section}" if section else "Details"
        self.query_one("#detail-body", Static).update(content)
