"""The line at the top: the app's name, the target URL (or how to set one) and the progress."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from launchtui.text_safety import one_line

BAR_CELLS = 10


def progress_content(closed: int, total: int) -> Content:
    """`` 7/92`` and a ten-cell bar; colours from the theme. Always the same width."""
    filled = round(BAR_CELLS * closed / total) if total else 0
    return Content.assemble(
        (f"{closed:>{len(str(total))}}/{total} ", "bold"),
        ("━" * filled, "$success"),
        ("━" * (BAR_CELLS - filled), "$panel-lighten-2"),
    )


def target_content(url: str | None) -> Content:
    """The target URL, or a hint saying how to set one."""
    if url is None:
        return Content.styled("no target yet · press u to set the site's URL", "$foreground-muted")
    return Content.assemble(("target ", "$foreground-muted"), (one_line(url), "bold"))


class AppHeader(Widget):
    """One line: name, target, progress. One widget that draws all three, so a change is one
    repaint of one line; the app updates it through the two setters."""

    DEFAULT_CSS = """
    AppHeader { height: 1; }
    """

    def __init__(
        self, target: str | None, progress: tuple[int, int], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.target = target
        self.progress = progress

    def render(self) -> Content:
        """Name on the left, progress on the right, the target in between (cut with … if long)."""
        name = Content.styled("launchtui", "bold $text-primary") + "  "
        progress = "  " + progress_content(*self.progress)
        room = max(0, self.content_size.width - name.cell_length - progress.cell_length)
        target = target_content(self.target).truncate(room, ellipsis=True, pad=True)
        return Content.assemble(name, target, progress)

    def set_target(self, url: str | None) -> None:
        """Show the target URL (``None``: the hint to set one)."""
        self.target = url
        self.refresh()

    def set_progress(self, closed: int, total: int) -> None:
        """Show how many items are closed."""
        self.progress = (closed, total)
        self.refresh()
