"""A small dialog to set the site the probes check, validated as it is submitted."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from launchtui.probes.target import TargetError, normalize_url
from launchtui.text_safety import one_line


class UrlDialog(ModalScreen[str | None]):
    """Ask for the target URL. Returns it normalised, ``""`` to clear it, ``None`` if cancelled.

    A URL that does not validate keeps the dialog open with the reason underneath.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="url-cancel"),
    ]

    def __init__(self, url: str | None) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="url-dialog", classes="dialog") as dialog:
            dialog.border_title = "Target URL"
            yield Label(
                Content("The site the probes check, e.g. https://example.com"),
                classes="dialog-subject",
            )
            # The current target may come from a hand-edited state file: shown cleaned.
            current = one_line(self.url or "")
            yield Input(current, placeholder="https://example.com", id="url-input")
            yield Label(id="url-error")
            yield Label(
                Content.styled("enter save · empty clears · esc cancel", "$foreground-muted"),
                classes="dialog-hint",
            )

    @on(Input.Submitted, "#url-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.dismiss("")
            return
        try:
            url = normalize_url(text)
        except TargetError as exc:
            self.query_one("#url-input", Input).add_class("-invalid")
            self.query_one("#url-error", Label).update(
                Content.styled(one_line(str(exc)), "$text-error")
            )
            return
        self.dismiss(url)

    @on(Input.Changed, "#url-input")
    def _changed(self) -> None:
        # The error speaks of what was submitted; typing makes it stale.
        self.query_one("#url-input", Input).remove_class("-invalid")
        self.query_one("#url-error", Label).update("")

    def action_cancel(self) -> None:
        """Close the dialog and keep the target as it was."""
        self.dismiss(None)
