"""What the checklist is: the bundled Django launch checklist, or a devchecklists Markdown file."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from launchtui.catalog.markdown import ChecklistSyntaxError, load_markdown, parse_markdown, slugify
from launchtui.catalog.model import PROBE_FAMILIES, Catalog, Item, Section, split_trailing_link

__all__ = [
    "PROBE_FAMILIES",
    "Catalog",
    "ChecklistSyntaxError",
    "Item",
    "Section",
    "load_bundled",
    "load_catalog",
    "load_markdown",
    "parse_markdown",
    "slugify",
    "split_trailing_link",
]

BUNDLED_FILE = "django-production-launch.toml"


class CatalogDataError(ValueError):
    """The bundled catalog data is malformed (a packaging bug, caught by the tests)."""


def _require(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key)
    if not isinstance(value, kind):
        raise CatalogDataError(f"{where}: '{key}' must be a {kind.__name__}")
    return value


def _item(table: dict[str, Any], section_id: str, parent_id: str | None) -> Item:
    item_id = _require(table, "id", str, f"section {section_id}")
    where = f"item {item_id}"
    probes = tuple(table.get("probes", ()))
    unknown = set(probes) - set(PROBE_FAMILIES)
    if unknown:
        raise CatalogDataError(f"{where}: unknown probe families {sorted(unknown)}")
    children = tuple(_item(child, section_id, item_id) for child in table.get("items", ()))
    return Item(
        id=item_id,
        text=_require(table, "text", str, where),
        section_id=section_id,
        docs=table.get("docs"),
        guidance=table.get("guidance", "").strip(),
        probes=probes,
        parent_id=parent_id,
        children=children,
    )


def catalog_from_data(data: dict[str, Any]) -> Catalog:
    """Build and validate a catalog from its TOML tables."""
    sections = []
    for table in _require(data, "sections", list, "catalog"):
        section_id = _require(table, "id", str, "catalog section")
        items = tuple(
            _item(t, section_id, None) for t in _require(table, "items", list, section_id)
        )
        sections.append(Section(section_id, _require(table, "title", str, section_id), items))
    try:
        return Catalog(
            name=_require(data, "name", str, "catalog"),
            version=_require(data, "version", str, "catalog"),
            sections=tuple(sections),
            source=data.get("source"),
            credit=data.get("credit"),
        )
    except ValueError as exc:
        raise CatalogDataError(str(exc)) from exc


_bundled: Catalog | None = None


def load_bundled() -> Catalog:
    """The Django Production Launch checklist shipped with launchtui (parsed once)."""
    global _bundled
    if _bundled is None:
        text = resources.files(__package__).joinpath(BUNDLED_FILE).read_text(encoding="utf-8")
        _bundled = catalog_from_data(tomllib.loads(text))
    return _bundled


def load_catalog(path: Path | None) -> Catalog:
    """The bundled checklist, or the Markdown checklist at ``path``."""
    return load_bundled() if path is None else load_markdown(path)
