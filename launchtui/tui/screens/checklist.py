"""The main screen: header, checklist, detail pane, filter line, progress area and footer.

The screen shows the store; the app changes it. What the detail pane shows follows the cursor
through a watcher on the tree's ``cursor_line``, which runs in the same tick as the key press, so
the list and the pane are redrawn in one frame.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from launchtui.catalog import Item, Section
from launchtui.state import StateStore
from launchtui.tui.keys import APP_KEYS
from launchtui.tui.widgets.checklist.filter_bar import FilterBar
from launchtui.tui.widgets.checklist.tree import ChecklistTree
from launchtui.tui.widgets.detail.content import item_details, nothing_shown, section_details
from launchtui.tui.widgets.detail.pane import DetailPane
from launchtui.tui.widgets.header import AppHeader

NARROW_FOOTER = 80
"""Below this many columns the footer keeps only the keys a newcomer needs first."""

_WIDE_ONLY_ACTIONS = frozenset(f"app.{key.action}" for key in APP_KEYS if not key.narrow_footer)


class KeyFooter(Footer):
    """Textual's footer, leaving out some keys on a narrow terminal so that help and quit
    still fit (the help screen lists every key)."""

    def compose(self) -> ComposeResult:
        """The footer's keys, fewer below :data:`NARROW_FOOTER` columns."""
        narrow = self.app.size.width < NARROW_FOOTER
        for widget in super().compose():
            if narrow and isinstance(widget, FooterKey) and widget.action in _WIDE_ONLY_ACTIONS:
                continue
            yield widget


class ChecklistScreen(Screen[None]):
    """The checklist and its details. Its keys run the app's actions.

    The keys are bound here rather than on the app so that dialogs pushed on top (note, URL,
    help) do not inherit them: space in the help screen must not tick an item behind it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [key.binding("app.") for key in APP_KEYS]

    # Below 100 columns the detail pane moves under the checklist; below 80 the footer drops its
    # command palette hint, so that help and quit stay in sight (see app.tcss).
    # Textual's Screen assigns it without ClassVar, so mypy takes it for an instance variable.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [  # type: ignore[misc]
        (0, "-tiny"),
        (80, "-narrow"),
        (100, "-wide"),
    ]

    def __init__(self, store: StateStore, clock: Callable[[], dt.datetime]) -> None:
        super().__init__(id="checklist-screen")
        self.store = store
        self.clock = clock
        self._narrow_footer = False

    def compose(self) -> ComposeResult:
        yield AppHeader(self.store.target_url, self.store.progress(), id="header")
        with Container(id="main"):
            yield ChecklistTree(self.store, id="checklist")
            yield DetailPane(id="detail")
        yield FilterBar(id="filter-bar")
        # Empty until the probe run mounts its progress bar here.
        yield Vertical(id="progress-area")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        """Keep the detail pane on the item under the cursor."""
        self.watch(self.checklist, "cursor_line", self.show_details)
        self._narrow_footer = self.app.size.width < NARROW_FOOTER

    async def on_resize(self) -> None:
        """Lay the footer's keys out again when the terminal crosses :data:`NARROW_FOOTER`."""
        narrow = self.app.size.width < NARROW_FOOTER
        if narrow != self._narrow_footer:
            self._narrow_footer = narrow
            await self.query_one(KeyFooter).recompose()  # a coroutine: not awaited, it never ran

    @property
    def checklist(self) -> ChecklistTree:
        """The checklist widget."""
        return self.query_one(ChecklistTree)

    @property
    def detail(self) -> DetailPane:
        """The detail pane."""
        return self.query_one(DetailPane)

    @property
    def header(self) -> AppHeader:
        """The line at the top."""
        return self.query_one(AppHeader)

    def filter_bar(self) -> FilterBar:
        """The filter line (hidden until / is pressed)."""
        return self.query_one(FilterBar)

    def refresh_item(self, item_id: str) -> None:
        """Redraw what one item's change touches: its line, its section's count, the progress,
        and the detail pane if it shows this item or its section's summary."""
        self.checklist.refresh_item(item_id)
        self.header.set_progress(*self.store.progress())
        shown = self.checklist.current
        if shown is not None and item_id in (
            shown.id if isinstance(shown, Item) else (i.id for i in shown.walk())
        ):
            self.show_details()

    def show_details(self) -> None:
        """Show the item (or section) under the cursor in the detail pane, if the pane is shown."""
        pane = self.detail
        if not pane.display:
            return  # hidden: built when it is shown again
        entry = self.checklist.current
        if isinstance(entry, Item):
            section = self.store.catalog.section(entry.section_id)
            content = item_details(entry, self.store.item(entry.id), self.clock())
            pane.show(content, item_id=entry.id, section=section.title)
        elif isinstance(entry, Section):
            states = [self.store.item(item.id) for item in entry.walk()]
            pane.show(section_details(entry, states), item_id=None, section=entry.title)
        else:
            pane.show(nothing_shown(self.checklist.filter.why_empty()), item_id=None)
