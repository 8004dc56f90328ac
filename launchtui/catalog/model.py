"""What a checklist is: sections of items, each item with a stable id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

PROBE_FAMILIES = ("http", "tls", "dns")

_TRAILING_LINK = re.compile(r"[\s:]*(?P<url>https?://\S+?)\s*$")
_ANY_LINK = re.compile(r"https?://[^\s)>\]]+")


def split_trailing_link(text: str) -> tuple[str, str | None]:
    """Split ``"Run Observatory: http://bit.ly/x"`` into its title and its trailing link.

    The title keeps the original wording (backticks included); only a link that ends the line,
    and the colon or spaces that introduce it, are removed.
    """
    text = text.strip()
    match = _TRAILING_LINK.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(" :"), match.group("url")


@dataclass(frozen=True, slots=True)
class Item:
    """One checkbox of the checklist."""

    id: str
    text: str
    section_id: str
    docs: str | None = None
    guidance: str = ""
    probes: tuple[str, ...] = ()
    parent_id: str | None = None
    children: tuple[Item, ...] = ()

    @property
    def title(self) -> str:
        """The item's text as in the original checklist, its trailing link removed."""
        return split_trailing_link(self.text)[0]

    @property
    def link(self) -> str | None:
        """The link the original checklist gives for this item, if any."""
        return split_trailing_link(self.text)[1]

    @property
    def links(self) -> tuple[str, ...]:
        """Every distinct link of the item: the original ones first, then the documentation page."""
        found = list(dict.fromkeys(_ANY_LINK.findall(self.text)))
        if self.docs and self.docs not in found:
            found.append(self.docs)
        return tuple(found)

    @property
    def probeable(self) -> bool:
        """Whether a probe can judge this item."""
        return bool(self.probes)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the checklist and its top-level items."""

    id: str
    title: str
    items: tuple[Item, ...]

    def walk(self) -> Iterator[Item]:
        """Every item of the section, each parent before its children."""
        for item in self.items:
            yield from _walk(item)


def _walk(item: Item) -> Iterator[Item]:
    yield item
    for child in item.children:
        yield from _walk(child)


@dataclass(frozen=True, slots=True)
class Catalog:
    """A whole checklist: its name, version, credit and sections."""

    name: str
    version: str
    sections: tuple[Section, ...]
    source: str | None = None
    credit: str | None = None
    _by_id: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for item in self.items():
            if item.id in self._by_id:
                raise ValueError(f"duplicate item id {item.id!r}")
            self._by_id[item.id] = item

    def items(self) -> Iterator[Item]:
        """Every item in checklist order, parents before their children."""
        for section in self.sections:
            yield from section.walk()

    def item(self, item_id: str) -> Item:
        """The item with this id (``KeyError`` if there is none)."""
        return self._by_id[item_id]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def section(self, section_id: str) -> Section:
        """The section with this id (``KeyError`` if there is none)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)
