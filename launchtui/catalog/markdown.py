"""Read a checklist written in the devchecklists Markdown form.

``## Section`` headings, ``* [ ] item`` (or ``-``/``+``) task lines, and deeper-indented task lines
as sub-items. Leading spaces before a heading, blank lines inside a list and tab indentation are
all tolerated, as in Vinta's own ``checklist-en.md``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from launchtui.catalog.model import Catalog, Item, Section

_HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
_TASK = re.compile(r"^(?P<indent>[ \t]*)[*+-]\s+\[(?P<mark>[ xX])\]\s+(?P<text>.*\S)\s*$")


class ChecklistSyntaxError(ValueError):
    """A checklist file that cannot be read as a checklist."""


def slugify(text: str, max_length: int = 60) -> str:
    """A readable, ASCII id made from a title: ``Set `DEBUG = False` `` → ``set-debug-false``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"https?://\S+", "", ascii_text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or "item"


@dataclass
class _Draft:
    text: str
    depth: int
    children: list[_Draft] = field(default_factory=list)


class _IdMaker:
    """Hands out slugs, settling collisions with -2, -3… in order of appearance.

    Each slug remembers the next number to try, so 20,000 identical titles take linear time
    rather than counting up from 2 for every one of them.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._next: dict[str, int] = {}

    def make(self, text: str) -> str:
        base = slugify(text)
        n = self._next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self._seen:  # taken by another title's slug, e.g. "step-2"
            n += 1
            candidate = f"{base}-{n}"
        self._next[base] = n + 1
        self._seen.add(candidate)
        return candidate


MAX_ITEM_DEPTH = 10
"""Sub-items nested deeper than this are refused (Vinta's checklist nests two deep)."""


def _indent_width(indent: str) -> int:
    return len(indent.expandtabs(4))


def parse_markdown(text: str, *, name: str, version: str | None = None) -> Catalog:
    """Build a catalog from devchecklists-style Markdown text."""
    sections: list[tuple[str, list[_Draft]]] = []
    title: str | None = None
    stack: list[_Draft] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if heading := _HEADING.match(line.strip(" ")):
            level = len(heading.group("hashes"))
            if level == 1 and not sections and title is None:
                title = heading.group("title")
                continue
            sections.append((heading.group("title").strip(), []))
            stack = []
            continue
        task = _TASK.match(line)
        if task is None:
            continue
        if not sections:
            raise ChecklistSyntaxError(f"line {lineno}: a checklist item before any '## Section'")
        width = _indent_width(task.group("indent"))
        draft = _Draft(task.group("text"), width)
        while stack and stack[-1].depth >= width:
            stack.pop()
        if len(stack) >= MAX_ITEM_DEPTH:
            raise ChecklistSyntaxError(
                f"line {lineno}: a checklist item nested more than {MAX_ITEM_DEPTH} levels deep"
            )
        if stack:
            stack[-1].children.append(draft)
        else:
            sections[-1][1].append(draft)
        stack.append(draft)

    if not any(drafts for _, drafts in sections):
        raise ChecklistSyntaxError(
            "no checklist items found ('## Section' then '* [ ] item' lines)"
        )

    ids = _IdMaker()
    section_ids = _IdMaker()
    built: list[Section] = []
    for section_title, drafts in sections:
        if not drafts:
            continue
        section_id = section_ids.make(section_title)
        built.append(
            Section(
                section_id, section_title, tuple(_build(d, section_id, None, ids) for d in drafts)
            )
        )
    return Catalog(
        name=title or name,
        version=version or hashlib.sha256(text.encode()).hexdigest()[:12],
        sections=tuple(built),
    )


def _build(draft: _Draft, section_id: str, parent_id: str | None, ids: _IdMaker) -> Item:
    item_id = ids.make(draft.text)
    children = tuple(_build(child, section_id, item_id, ids) for child in draft.children)
    return Item(
        id=item_id, text=draft.text, section_id=section_id, parent_id=parent_id, children=children
    )


def load_markdown(path: Path) -> Catalog:
    """Read a checklist file; ``OSError``/``ChecklistSyntaxError`` say what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ChecklistSyntaxError(f"not UTF-8 text ({exc.reason})") from exc
    return parse_markdown(text, name=path.stem)
