"""A small dialog to set the Django project the checks read, validated as it is submitted."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from launchtui.probes.project.discover import ProjectNotFound, find_project


class ProjectDialog(ModalScreen[Path | None]):
    """Ask for the project folder. Returns the folder (with manage.py in, below or above it),
    ``Path()`` to clear it, ``None`` if cancelled. A folder with no Django project keeps the
    dialog open with the reason underneath."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="project-cancel"),
    ]

    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="project-dialog", classes="dialog") as dialog:
            dialog.border_title = "Django project"
            yield Label(
                Content("The project folder the checks read (manage.py in it, below or above)"),
                classes="dialog-subject",
            )
            yield Input(
                str(self.path) if self.path else "", placeholder="~/src/shop", id="project-input"
            )
            yield Label(id="project-error")
            yield Label(
                Content.styled("enter save · empty clears · esc cancel", "$foreground-muted"),
                classes="dialog-hint",
            )

    @on(Input.Submitted, "#project-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss(Path())
            return
        path = Path(text).expanduser()
        try:
            find_project(path)
        except (ProjectNotFound, OSError) as exc:
            self.query_one("#project-input", Input).add_class("-invalid")
            self.query_one("#project-error", Label).update(Content.styled(str(exc), "$text-error"))
            return
        self.dismiss(path.resolve())

    @on(Input.Changed, "#project-input")
    def _changed(self) -> None:
        self.query_one("#project-input", Input).remove_class("-invalid")
        self.query_one("#project-error", Label).update("")

    def action_cancel(self) -> None:
        """Close the dialog and keep the project as it was."""
        self.dismiss(None)
