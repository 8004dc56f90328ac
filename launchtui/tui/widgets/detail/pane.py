"""The pane beside (or, on a narrow terminal, below) the checklist that tells all about one item.

It is a ScrollView that wraps its content itself when it is given new content. Its size never
depends on the content, so showing another item only repaints the pane: no layout of the screen,
which would also make Textual redraw the checklist's scrollbar one frame later. For the same
reason it has no scrollbar of its own; its border says when there is more to read.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from launchtui.text_safety import markup_text


class DetailPane(ScrollView, can_focus=True):
    """A scrollable pane showing one Content; it remembers which item it shows."""

    DEFAULT_CSS = """
    DetailPane {
        overflow-x: hidden;
        overflow-y: scroll;  /* always scrollable, so a new height never changes the layout */
        scrollbar-size-vertical: 0;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Details"
        self.item_id: str | None = None
        """The item shown, if the pane shows an item (another subject starts at the top)."""
        self._content = Content("")
        self._lines: list[Strip] = []

    @property
    def content(self) -> Content:
        """What the pane shows."""
        return self._content

    def show(self, content: Content, *, item_id: str | None, section: str | None = None) -> None:
        """Replace what the pane shows (its border names the section); scroll back to the top
        when the subject changes."""
        if item_id != self.item_id:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.item_id = item_id
        # A border title is markup: the section's title is escaped, never parsed.
        self.border_title = f"Details · {markup_text(section)}" if section else "Details"
        self._content = content
        self._wrap()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: wrapped on the first resize
        self._lines = Visual.to_strips(self, self._content, width, None, self.visual_style)
        # Set without the layout the reactive would ask for: nothing around the pane moves.
        self.set_reactive(DetailPane.virtual_size, Size(width, len(self._lines)))
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        self._show_more()
        self.refresh()

    def _show_more(self) -> None:
        below = self.max_scroll_y - round(self.scroll_y)
        self.border_subtitle = f"↓ {below} more · tab, then ↓" if below > 0 else ""

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Scrolled: repaint, and say how much is left below."""
        super().watch_scroll_y(old, new)
        self._show_more()

    def on_resize(self, event: Resize) -> None:
        """Wrap the text again for the new width."""
        self._wrap()

    def render_line(self, y: int) -> Strip:
        """One line of the wrapped text, scrolled."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = y + scroll_y
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)
