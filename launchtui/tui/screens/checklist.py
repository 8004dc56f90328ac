"""The main screen: header, checklist, detail pane, filter line, progress area and footer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label

from launchtui.state import StateStore
from launchtui.tui.keys import APP_KEYS
from launchtui.tui.widgets.checklist.tree import ChecklistTree
from launchtui.tui.widgets.detail.pane import DetailPane
from launchtui.tui.widgets.header import AppHeader


class ChecklistScreen(Screen[None]):
    """The checklist and its details. Its keys run the app's actions.

    The keys are bound here rather than on the app so that dialogs pushed on top (note, URL,
    help) do not inherit them: space in the help screen must not tick an item behind it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [key.binding("app.") for key in APP_KEYS]

    # Below 100 columns the detail pane moves under the checklist (see app.tcss).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, store: StateStore) -> None:
        super().__init__(id="checklist-screen")
        self.store = store

    def compose(self) -> ComposeResult:
        yield AppHeader(self.store.target_url, self.store.progress(), id="header")
        with Container(id="main"):
            yield ChecklistTree(self.store, id="checklist")
            yield DetailPane(id="detail")
        with Horizontal(id="filter-bar"):
            yield Label("filter ", id="filter-label")
            yield Input(
                id="filter", placeholder="type words · enter keeps · esc clears", compact=True
            )
        # Empty until the probe run mounts its progress bar here.
        yield Vertical(id="progress-area")
        yield Footer(compact=True)
