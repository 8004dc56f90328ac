"""A small dialog to write or change an item's note."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from launchtui.text_safety import one_line, plain_text

HINT = "ctrl+s save · esc cancel"
CONFIRM = "Discard what you typed? esc again discards · ctrl+s saves"


class NoteEditor(ModalScreen[str | None]):
    """Edit a note: ctrl+s (or the Save button) returns the text, escape returns ``None``.

    Escape after typing asks first (a second escape discards): a note can be long, and escape
    is also the key that closes everything else.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note-save"),
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
    ]

    def __init__(self, item_title: str, note: str) -> None:
        super().__init__()
        self.item_title = item_title
        self.note = note
        self._asked_to_discard = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog") as dialog:
            dialog.border_title = "Note"
            yield Label(Content(one_line(self.item_title)), classes="dialog-subject")
            # The whole note, without what a terminal would act on (saving drops that too).
            note = self._shown_note = plain_text(self.note, multiline=True)
            yield TextArea(note, id="note-text", soft_wrap=True, placeholder="Write a note…")
            with Horizontal(classes="dialog-buttons"):
                yield Label(Content.styled(HINT, "$foreground-muted"), id="note-hint")
                yield Button("Cancel", id="note-cancel")
                yield Button("Save", variant="primary", id="note-save")

    def on_mount(self) -> None:
        text_area = self.query_one(TextArea)
        text_area.move_cursor(text_area.document.end)

    def action_save(self) -> None:
        """Close the dialog with the note as written."""
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Close the dialog and keep the note as it was; if it was changed, ask first."""
        changed = self.query_one(TextArea).text != self._shown_note
        if changed and not self._asked_to_discard:
            self._asked_to_discard = True
            self.query_one("#note-hint", Label).update(
                Content.styled(CONFIRM, "bold $text-warning")
            )
            return
        self.dismiss(None)

    @on(TextArea.Changed)
    def _typed(self) -> None:
        # Typing again after the question withdraws it: the next escape asks anew.
        if self._asked_to_discard:
            self._asked_to_discard = False
            self.query_one("#note-hint", Label).update(Content.styled(HINT, "$foreground-muted"))

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
