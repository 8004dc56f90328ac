"""Which items the checklist shows: a text filter and a view (all / open / failing / done)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from launchtui.catalog import Item
from launchtui.state import ItemState, ItemStatus
from launchtui.text_safety import one_line


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
        """Whether the item itself matches (its parent is shown anyway, for context).

        Every word of the query must appear in the item's title, guidance, id or note, or one
        of the word's :data:`SYNONYMS` must (``tls`` finds the items that say SSL).
        """
        if not self.view.accepts(state):
            return False
        words = self.text.casefold().split()
        if not words:
            return True
        haystack = _searchable(item)
        note = state.note.casefold()
        return all(any(form in haystack or form in note for form in _forms(word)) for word in words)

    def why_empty(self) -> str:
        """What to tell a person when this filter shows no item, naming only what is set."""
        text = one_line(self.text)
        empty_view = {
            View.OPEN: "No item is still to do",
            View.FAILING: "No probe fails (press p to run the probes)",
            View.DONE: "No item is done or not applicable yet",
            View.ALL: "The checklist has no items",
        }[self.view]
        if text and self.view is not View.ALL:
            return (
                f'Nothing in the {self.view.value} view matches "{text}". '
                "Press esc to clear the text, f to change the view."
            )
        if text:
            return f'Nothing matches "{text}". Press esc to clear the text.'
        if self.view is View.ALL:
            return f"{empty_view}."
        return f"{empty_view}. Press f to change the view."

    def describe(self) -> str:
        """A short summary for the checklist's border, e.g. ``open · "tls"``."""
        parts = [] if self.view is View.ALL else [self.view.value]
        if self.text.strip():
            parts.append(f'"{self.text.strip()}"')
        return " · ".join(parts)


SYNONYMS: dict[str, tuple[str, ...]] = {
    "tls": ("ssl", "certificate"),
    "ssl": ("tls", "certificate"),
    "cert": ("certificate",),
    "certificate": ("cert", "ssl", "tls"),
    "hsts": ("strict transport security", "strict-transport-security"),
    "csp": ("content security policy", "content-security-policy"),
    "csrf": ("cross-site request forgery", "csrf_cookie"),
    "xss": ("cross-site scripting", "xss_filter"),
    "cors": ("cross-origin",),
    "dns": ("domain", "record", "nameserver"),
    "mail": ("email", "e-mail", "smtp", "mx", "spf", "dkim", "dmarc"),
    "email": ("mail", "e-mail", "smtp", "mx", "spf", "dkim", "dmarc"),
    "cdn": ("cloudflare", "static files"),
    "404": ("error page", "error view", "not found"),
    "a11y": ("accessibility",),
    "accessibility": ("a11y",),
    "perf": ("performance", "speed"),
    "seo": ("search engine", "robots", "sitemap"),
    "monitoring": ("sentry", "logging", "uptime"),
    "backup": ("backups", "restore"),
}
"""A few words people search for and the words the checklist uses instead (both ways where it
makes sense). Kept small on purpose: each entry is a pair a newcomer was seen to miss."""


def _forms(word: str) -> tuple[str, ...]:
    return (word, *SYNONYMS.get(word, ()))


_SEARCHABLE: dict[tuple[str, str], str] = {}
_LINK = re.compile(r"https?://\S+")


def _searchable(item: Item) -> str:
    """The item's title, guidance and id, without link addresses (every one says https),
    case-folded (computed once per item)."""
    key = (item.id, item.text)
    text = _SEARCHABLE.get(key)
    if text is None:
        words = _LINK.sub(" ", f"{item.text}\n{item.guidance}")
        text = _SEARCHABLE[key] = f"{words}\n{item.id}".casefold()
    return text
