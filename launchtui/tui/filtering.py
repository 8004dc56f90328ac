"""Which items the checklist shows: a text filter and a view (all / open / failing / done)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from launchtui.catalog import Item
from launchtui.state import ItemState, ItemStatus


class View(StrEnum):
    """Which items to show, cycled with ``f``."""

    ALL = "all"
    OPEN = "open"
    FAILING = "failing"
    DONE = "done"

    def next(self) -> View:
        """The view after this one, wrapping round."""
        views = list(View)
        return views[(views.index(self) + 1) % len(views)]

    def accepts(self, state: ItemState) -> bool:
        """Whether an item in this state belongs to the view.

        "done" means closed (done or not applicable), so open and done split the checklist in
        two; "failing" is every item whose latest probe fails, ticked or not.
        """
        if self is View.OPEN:
            return state.status is ItemStatus.TODO
        if self is View.DONE:
            return state.closed
        if self is View.FAILING:
            return state.probe_fails
        return True


@dataclass(frozen=True)
class ChecklistFilter:
    """A view and a text query; every word of the query must appear in the item or its note."""

    text: str = ""
    view: View = View.ALL

    @property
    def active(self) -> bool:
        """Whether anything is hidden."""
        return bool(self.text.strip()) or self.view is not View.ALL

    def with_text(self, text: str) -> ChecklistFilter:
        """The same view with another query."""
        return replace(self, text=text)

    def with_view(self, view: View) -> ChecklistFilter:
        """The same query with another view."""
        return replace(self, view=view)

    def accepts(self, item: Item, state: ItemState) -> bool:
        """Whether the item itself matches (its parent is shown anyway, for context)."""
        if not self.view.accepts(state):
            return False
        words = self.text.casefold().split()
        if not words:
            return True
        haystack = f"{item.text}\n{state.note}".casefold()
        return all(word in haystack for word in words)

    def describe(self) -> str:
        """A short summary for the checklist's border, e.g. ``open · "tls"``."""
        parts = [] if self.view is View.ALL else [self.view.value]
        if self.text.strip():
            parts.append(f'"{self.text.strip()}"')
        return " · ".join(parts)
