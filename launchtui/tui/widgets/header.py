"""The line at the top: the app's name, the target URL (or how to set one) and the progress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label

BAR_CELLS = 10


def progress_content(closed: int, total: int) -> Content:
    """``37/92`` and a ten-cell bar; colours from the theme."""
    filled = round(BAR_CELLS * closed / total) if total else 0
    return Content.assemble(
        (f"{closed}/{total} ", "bold"),
        ("━" * filled, "$success"),
        ("━" * (BAR_CELLS - filled), "$panel-lighten-2"),
    )


def target_content(url: str | None) -> Content:
    """The target URL, or a hint saying how to set one."""
    if url is None:
        return Content.styled("no target yet · press u to set the site's URL", "$foreground-muted")
    return Content.assemble(("target ", "$foreground-muted"), (url, "bold"))


class AppHeader(Horizontal):
    """One line: name, target, progress; the app updates it through the two setters."""

    def __init__(
        self, target: str | None, progress: tuple[int, int], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._target = target
        self._progress = progress

    def compose(self) -> ComposeResult:
        yield Label(Content.styled("launchtui", "bold $text-primary"), id="app-name")
        yield Label(target_content(self._target), id="target")
        yield Label(progress_content(*self._progress), id="progress")

    def set_target(self, url: str | None) -> None:
        """Show the target URL (``None``: the hint to set one)."""
        self.query_one("#target", Label).update(target_content(url))

    def set_progress(self, closed: int, total: int) -> None:
        """Show how many items are closed."""
        self.query_one("#progress", Label).update(progress_content(closed, total))
