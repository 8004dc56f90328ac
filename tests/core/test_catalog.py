"""The bundled catalog mirrors Vinta's checklist; the Markdown reader copes with its quirks."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchtui.catalog import (
    ChecklistSyntaxError,
    load_bundled,
    load_markdown,
    parse_markdown,
    split_trailing_link,
)

REFERENCE = Path(__file__).parent.parent / "data" / "vinta-checklist-en.md"


def test_reference_file_loads_as_ten_sections_and_92_items() -> None:
    catalog = load_markdown(REFERENCE)
    assert [s.title for s in catalog.sections] == [
        "Content",
        "Accessibility",
        "SEO & Analytics",
        "Performance",
        "Django Settings",
        "Transactional Emails",
        "Monitoring",
        "Security",
        "DNS",
        "Server",
    ]
    assert len(catalog) == 92
    cloudflare = next(i for i in catalog.items() if i.text == "Configure Cloudflare DNS/caching")
    assert [c.text for c in cloudflare.children] == [
        "Enable Brotli Compression",
        "Check and enable the speed features that don't interfere with your application",
    ]
    assert all(c.parent_id == cloudflare.id for c in cloudflare.children)


def test_bundled_catalog_holds_every_reference_item_in_order_and_wording() -> None:
    reference = load_markdown(REFERENCE)
    bundled = load_bundled()
    assert [(i.text, i.parent_id is None) for i in bundled.items()] == [
        (i.text, i.parent_id is None) for i in reference.items()
    ]
    assert [s.title for s in bundled.sections] == [s.title for s in reference.sections]
    assert [len(list(s.walk())) for s in bundled.sections] == [7, 1, 6, 5, 22, 5, 8, 9, 5, 24]


def test_bundled_items_have_fixed_readable_ids_guidance_and_valid_probe_families() -> None:
    bundled = load_bundled()
    ids = [item.id for item in bundled.items()]
    assert len(set(ids)) == 92
    assert all(i.replace("-", "").isalnum() and i.islower() for i in ids)
    assert bundled.item("settings-debug").title == "Guarantee `DEBUG = False`"
    assert bundled.item("server-cloudflare-brotli").parent_id == "server-cloudflare"
    for item in bundled.items():
        assert item.guidance, item.id
        assert set(item.probes) <= {"http", "tls", "dns"}
        assert "http://bit.ly" not in item.title
    assert sum(1 for i in bundled.items() if i.probeable) >= 35


def test_titles_drop_only_the_trailing_link() -> None:
    assert split_trailing_link("Run Observatory: http://bit.ly/mozilla-observatory ") == (
        "Run Observatory",
        "http://bit.ly/mozilla-observatory",
    )
    assert split_trailing_link("Set `SECURE_SSL_REDIRECT = True`") == (
        "Set `SECURE_SSL_REDIRECT = True`",
        None,
    )
    title, link = split_trailing_link(
        "Move API to a different subdomain (like `api.example.org`), this allows a different "
        "server for frontend"
    )
    assert link is None and title.startswith("Move API")


def test_markdown_ids_are_slugs_with_deterministic_collisions() -> None:
    text = "## One\n* [ ] Check it\n* [ ] Check it\n\n## Two\n- [x] Check it\n\t- [ ] Sub item\n"
    first = parse_markdown(text, name="t")
    second = parse_markdown(text, name="t")
    assert [i.id for i in first.items()] == ["check-it", "check-it-2", "check-it-3", "sub-item"]
    assert [i.id for i in second.items()] == [i.id for i in first.items()]
    assert first.item("sub-item").parent_id == "check-it-3"


def test_markdown_without_items_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("# Nothing here\n\nJust prose.\n")
    with pytest.raises(ChecklistSyntaxError, match="no checklist items"):
        load_markdown(path)
    path.write_text("* [ ] orphan item\n## Later\n")
    with pytest.raises(ChecklistSyntaxError, match="line 1"):
        load_markdown(path)


def test_twenty_thousand_identical_titles_get_unique_ids_in_order() -> None:
    text = "## Section\n" + "* [ ] Same title\n" * 20_000 + "* [ ] Same title 2\n"
    catalog = parse_markdown(text, name="big")
    ids = [item.id for item in catalog.items()]
    assert len(set(ids)) == len(ids) == 20_001
    assert ids[:3] == ["same-title", "same-title-2", "same-title-3"]
    # "Same title 2" slugs to an id already handed out: it gets the next free one of its own.
    assert ids[-1] == "same-title-2-2"


def test_items_nested_too_deep_are_a_clear_error_not_a_recursion_error() -> None:
    lines = "".join(" " * depth + "* [ ] step\n" for depth in range(5000))
    with pytest.raises(ChecklistSyntaxError, match=r"line 12: .*nested more than 10 levels"):
        parse_markdown("## Section\n" + lines, name="deep")
    ten_deep = "".join("  " * depth + "* [ ] step\n" for depth in range(10))
    assert len(parse_markdown("## Section\n" + ten_deep, name="ok")) == 10
