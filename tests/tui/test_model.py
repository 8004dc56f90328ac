"""The plain-Python parts of the TUI: markers, filters, the preferences file, import hygiene."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from launchtui.catalog import load_bundled
from launchtui.config import Config, ConfigError, load_config, save_config
from launchtui.probes.model import Verdict
from launchtui.state import ItemState, ItemStatus, SetBy
from launchtui.tui.filtering import ChecklistFilter, View
from launchtui.tui.markers import Mark, mark_of
from tests.tui.sample import probe


@pytest.mark.parametrize(
    ("state", "mark"),
    [
        (ItemState(), Mark.TODO),
        (ItemState(status=ItemStatus.DONE, set_by=SetBy.USER), Mark.DONE),
        (ItemState(status=ItemStatus.DONE, set_by=SetBy.PROBE), Mark.PASSED),
        (ItemState(status=ItemStatus.SKIPPED, set_by=SetBy.USER), Mark.NOT_APPLICABLE),
        (ItemState(probe=probe("x", Verdict.FAIL, "no")), Mark.FAILING),
        (ItemState(probe=probe("x", Verdict.WARN, "hm")), Mark.WARNING),
        (ItemState(probe=probe("x", Verdict.UNKNOWN, "timeout")), Mark.UNKNOWN),
        # Reopened by hand after a pass: to do (the detail pane shows the pass).
        (ItemState(set_by=SetBy.USER, probe=probe("x", Verdict.PASS, "ok")), Mark.TODO),
        # Ticked by hand while failing: still "done", flagged through ItemState.disagrees.
        (
            ItemState(
                status=ItemStatus.DONE, set_by=SetBy.USER, probe=probe("x", Verdict.FAIL, "no")
            ),
            Mark.DONE,
        ),
    ],
)
def test_mark_of(state: ItemState, mark: Mark) -> None:
    assert mark_of(state) is mark


def test_marks_differ_by_glyph_and_use_theme_variables_only() -> None:
    assert len({mark.glyph for mark in Mark}) == len(Mark)
    for mark in Mark:
        colour = mark.style.split()[0]
        assert colour.startswith("$"), mark
        assert mark.css.startswith(f"color: {colour};")


def test_views_cycle_and_split_the_checklist() -> None:
    assert [View.ALL.next(), View.OPEN.next(), View.FAILING.next(), View.DONE.next()] == [
        View.OPEN,
        View.FAILING,
        View.DONE,
        View.ALL,
    ]
    for state in (ItemState(), ItemState(status=ItemStatus.SKIPPED)):
        assert View.OPEN.accepts(state) != View.DONE.accepts(state)
    failing_but_ticked = ItemState(status=ItemStatus.DONE, probe=probe("x", Verdict.FAIL, "no"))
    assert View.FAILING.accepts(failing_but_ticked)
    assert not View.FAILING.accepts(ItemState(probe=probe("x", Verdict.WARN, "hm")))


def test_text_filter_needs_every_word_in_text_or_note() -> None:
    item = load_bundled().item("settings-debug")
    flt = ChecklistFilter(text="debug FALSE")
    assert flt.accepts(item, ItemState())
    assert not flt.with_text("debug staging").accepts(item, ItemState())
    assert flt.with_text("debug staging").accepts(item, ItemState(note="Staging too"))
    assert not flt.with_view(View.DONE).accepts(item, ItemState())
    assert flt.describe() == '"debug FALSE"'
    assert ChecklistFilter(view=View.OPEN).describe() == "open"
    assert not ChecklistFilter(text="  ").active


def test_config_round_trip_keeps_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "config.toml"
    assert load_config(path) == Config()
    path.parent.mkdir()
    path.write_text('future = "kept"\n', encoding="utf-8")
    config = load_config(path)
    config.theme = "nord"
    save_config(path, config)
    again = load_config(path)
    assert again.theme == "nord" and again.extra == {"future": "kept"}


@pytest.mark.parametrize("text", ["theme = [", "theme = 3", b"\xff\xfe"])
def test_config_errors_are_one_line(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_config_does_not_import_textual() -> None:
    code = "import sys, launchtui.config; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_text_launchtui_did_not_write_shows_exactly_as_written(text: str) -> None:
    from launchtui.tui.widgets.detail.content import shown

    assert shown(text).plain == text
