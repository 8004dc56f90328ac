"""The help screen (F1 or ?): every key, and what each marker means."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from launchtui.text_safety import one_line
from launchtui.tui.keys import APP_KEYS, CHECKLIST_KEYS, OTHER_KEYS, shown
from launchtui.tui.markers import DISAGREEMENT_FLAG, Mark

KEY_WIDTH = 8


def help_content(
    credit: str | None = None,
    state_path: str | None = None,
    keymap: Mapping[str, str] | None = None,
) -> Content:
    """The help text: keys by group, then the markers, the state file, and where the checklist
    comes from.

    ``keymap`` is the user's ``[keymap]``: the keys are written as they are bound.
    """
    keymap = keymap or {}

    def row(keys: str, text: str, style: str = "bold $text-accent") -> Content:
        # At least one space after the keys, however long they are.
        return Content.assemble((keys.ljust(KEY_WIDTH - 1), style), " ", text)

    heading = "bold $text-primary"
    lines: list[Content | str] = [Content.styled("Moving around", heading)]
    lines += [row(shown(key, keymap), key.help) for key in CHECKLIST_KEYS]
    lines += ["", Content.styled("Items, filters and probes", heading)]
    lines += [row(shown(key, keymap), key.help) for key in APP_KEYS]
    lines += [row(keys, text) for keys, text in OTHER_KEYS]
    lines += ["", Content.styled("Markers", heading)]
    lines += [row(mark.glyph, mark.legend, mark.style) for mark in Mark]
    lines.append(
        row(DISAGREEMENT_FLAG.strip(), "after a title: ticked by hand, but the probe fails",
            "bold reverse $text-error")
    )  # fmt: skip
    lines += [
        "",
        Content.styled(
            "Every change is saved to the state file at once. ctrl+p finds any action by name.",
            "$foreground-muted",
        ),
    ]
    if state_path:
        lines += ["", Content.styled("State file", heading), Content(one_line(state_path))]
    if credit:
        lines += ["", Content.styled("Checklist", heading), Content(one_line(credit))]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys and markers; any of escape, q, F1 or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Close", id="help-close"),
    ]

    def __init__(
        self,
        credit: str | None = None,
        state_path: str | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.keymap = dict(keymap or {})
        self.credit = credit
        """Who wrote the checklist shown (Vinta, for the bundled one), for the last lines."""
        self.state_path = state_path
        """Where the decisions are kept, as shown to the user (``~`` for the home folder)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "esc closes"
            with VerticalScroll(id="help-scroll"):
                yield Static(
                    help_content(self.credit, self.state_path, self.keymap), id="help-body"
                )

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
