"""Pilot tests of the keyboard workflow a newcomer tried: resize, undo, search, the note editor's
escape, fast typing in the filter, user key bindings and another writer's changes shown live."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from textual.widgets._footer import FooterKey

from launchtui.probes.model import Finding, Verdict
from launchtui.state import ItemStatus, StateStore
from launchtui.tui.filtering import SYNONYMS
from launchtui.tui.screens.help import HelpScreen
from launchtui.tui.screens.note_editor import NoteEditor
from tests.tui.conftest import AppFactory
from tests.tui.sample import RUN
from tests.tui.test_app import (
    SIZE,
    current_id,
    detail,
    line,
    record_notifications,
    saved_item,
    settle,
)


async def until(pilot: Pilot[None], condition: Callable[[], bool], limit: float = 30.0) -> None:
    """Wait, frame by frame, until ``condition()`` holds (``limit`` only stops a hung test)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await pilot.pause(0.02)


# -- resize --------------------------------------------------------------------------------------


async def test_the_cursor_stays_in_view_when_the_terminal_shrinks(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press(*["j"] * 22)
        tree = app.checklist
        while tree.current_item is None:  # on a section heading: to its first item
            await pilot.press("j")
        await settle(app, pilot)
        moved_to = current_id(app)

        def cursor_visible() -> bool:
            top = tree.scroll_offset.y
            return top <= tree.cursor_line < top + tree.scrollable_content_region.height

        assert cursor_visible()
        await pilot.resize_terminal(80, 24)  # the detail pane goes under a shorter checklist
        await until(pilot, lambda: tree.size.height < 20)
        await settle(app, pilot)
        assert current_id(app) == moved_to
        assert cursor_visible()
        await pilot.press("space")  # the item ticked is the one in sight
        assert moved_to is not None and line(app, moved_to).startswith("[x]")


# -- undo ----------------------------------------------------------------------------------------


async def test_ctrl_z_undoes_decisions_marks_and_notes_in_turn(
    make_app: AppFactory, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("ctrl+z")
        assert "Undo: Nothing to undo in this session." in notes
        await pilot.press("space", "j", "n", "e", *"ask Ana", "ctrl+s")
        await settle(app, pilot)
        assert saved_item(state_path, "content-links") == {
            **saved_item(state_path, "content-links"),
            "status": "skipped",
            "note": "ask Ana",
        }
        await pilot.press("ctrl+z")  # the note
        await settle(app, pilot)
        assert "note" not in saved_item(state_path, "content-links")
        assert saved_item(state_path, "content-links")["status"] == "skipped"
        assert notes[-1] == "Undone: note · Check links are correct"
        await pilot.press("k", "ctrl+z")  # the N/A mark, wherever the cursor is
        await settle(app, pilot)
        assert current_id(app) == "content-links"  # the cursor goes to what was undone
        assert saved_item(state_path, "content-links").get("status", "todo") == "todo"
        assert line(app, "content-links").startswith("[ ]")
        await pilot.press("ctrl+z")  # the tick
        await settle(app, pilot)
        assert saved_item(state_path, "content-spell-check").get("status", "todo") == "todo"
        assert " 0/92 " in app.header.render().plain
        await pilot.press("ctrl+z")
        assert notes[-1] == "Undo: Nothing to undo in this session."


async def test_undo_puts_back_only_what_the_change_touched(
    make_app: AppFactory, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(app, pilot)
        # Since the tick: a teammate wrote a note on the same item, then a probe verdict came.
        teammate = StateStore.open(state_path, app.store.catalog)
        teammate.set_note("content-spell-check", "Bea: French pending")
        teammate.save()
        await until(pilot, lambda: app.store.item("content-spell-check").note != "")
        app.store.record_finding(
            Finding("content-spell-check", Verdict.FAIL, "typo: teh", "http"), RUN
        )
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        state = app.store.item("content-spell-check")
        assert state.status is ItemStatus.TODO
        assert state.note == "Bea: French pending"
        assert state.probe is not None and state.probe.verdict is Verdict.FAIL
        table = saved_item(state_path, "content-spell-check")
        assert table["note"] == "Bea: French pending" and table["probe"]["verdict"] == "fail"
        assert table.get("status", "todo") == "todo"


# -- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("hsts", "settings-hsts"),  # "Set HTTP Strict Transport Security": by id and synonym
        ("tls", "server-ssl-health"),  # the checklist says SSL
        ("certificate", "server-ssl-autorenewal"),
        ("settings-debug", "settings-debug"),  # an id
        ("dmarc", "email-service"),  # in the guidance only
    ],
)
async def test_the_filter_searches_ids_guidance_and_synonyms(
    make_app: AppFactory, query: str, found: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *query)
        await settle(app, pilot)
        assert found in app.checklist.shown_items
        assert len(app.checklist.shown_items) < 92


def test_synonyms_are_lower_case_words_with_other_spellings() -> None:
    for word, others in SYNONYMS.items():
        assert word == word.casefold() and others and word not in others


# -- the footer, c, the empty views ---------------------------------------------------------------


async def test_c_without_a_run_says_there_is_none(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("c")
        assert notes == ["Probes: No probe run to stop; p starts one."]
        keys = {key.key: key.description for key in app.screen.query(FooterKey)}
        assert {"n", "f", "d", "c"} <= keys.keys()


async def test_the_empty_failing_view_does_not_speak_of_a_text_filter(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "f")  # open, then failing: nothing has been probed
        await settle(app, pilot)
        assert app.checklist.shown_items == []
        text = detail(app)
        assert "No probe fails" in text and "press p" in text and "f to change the view" in text
        assert "esc" not in text and "text" not in text
        await pilot.press("slash", *"zzz")
        await settle(app, pilot)
        assert 'Nothing in the failing view matches "zzz"' in detail(app)


# -- the note editor ---------------------------------------------------------------------------


async def test_escape_in_the_note_editor_asks_before_dropping_typed_text(
    make_app: AppFactory, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "escape")  # nothing typed: closes at once
        assert not isinstance(app.screen, NoteEditor)
        await pilot.press("e", *"half a thought", "escape")
        assert isinstance(app.screen, NoteEditor)  # asked, not closed
        hint = str(app.screen.query_one("#note-hint").render())
        assert "esc again discards" in hint
        await pilot.press("space", "escape")  # typing again withdraws the question
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "half a thought "
        await pilot.press("escape")  # the second escape in a row discards
        assert not isinstance(app.screen, NoteEditor)
        await settle(app, pilot)
        assert app.store.item("content-spell-check").note == ""
        assert not state_path.exists() or "note" not in saved_item(
            state_path, "content-spell-check"
        )
        await pilot.press("e", *"kept", "escape", "ctrl+s")  # or saves, when asked
        await settle(app, pilot)
        assert saved_item(state_path, "content-spell-check")["note"] == "kept"


# -- fast typing -----------------------------------------------------------------------------------


async def test_typing_fast_into_the_filter_loses_no_key(make_app: AppFactory) -> None:
    # Keys reach the app as a terminal sends them, without waiting for each to be handled;
    # "n" and "f" are keys of the checklist too, and once went there (marking an item N/A)
    # while the filter line was being mounted.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        typed = "nf strict/transport"  # a / typed in the field is text
        for char in "/" + typed:
            key = {"/": "slash", " ": "space"}.get(char, char)
            app.post_message(events.Key(key, char))
            await asyncio.sleep(0)  # the next key arrives before this one is handled
        await settle(app, pilot)
        assert app.screen.query_one("#filter", Input).value == typed
        assert not app.store.dirty  # no key reached the checklist
        assert app.filter.text == typed


async def test_the_tree_follows_the_filter_once_typing_pauses(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"strict transport")
        await settle(app, pilot)
        assert app.checklist.shown_items == ["settings-hsts"]
        await pilot.press("enter")  # enter filters at once and goes back to the list
        assert app.checklist.has_focus and app.filter.text == "strict transport"


# -- palette: one family, one item --------------------------------------------------------------


async def test_palette_runs_one_family_or_the_item_under_the_cursor(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchtui.tui.palette import ChecklistCommands

    app = make_app(url="https://127.0.0.1:9/")  # the discard port: nothing answers there
    async with app.run_test(size=SIZE) as pilot:
        titles = [title for title, _, _ in ChecklistCommands(app.screen).commands()]
        for title in ("Run HTTP only", "Run TLS only", "Run DNS only", "Re-run this item"):
            assert f"probes: {title}" in titles
        await app.run_action("run_family('tls')")
        run = app.probe_run
        assert run is not None and run.families == ("tls",)
        await pilot.press("c")
        await until(pilot, lambda: app.probe_run is None)
        app.checklist.select_item("settings-hsts")
        await app.run_action("rerun_item")
        run = app.probe_run
        assert run is not None and set(run.item_probes) == {"settings-hsts"}
        assert run.families == ("http",)
        await pilot.press("c")
        await until(pilot, lambda: app.probe_run is None)
        app.checklist.select_item("content-spell-check")  # no probe judges it
        notes = record_notifications(app, monkeypatch)
        await app.run_action("rerun_item")
        assert notes == ["Probes: No probe judges this item."] and app.probe_run is None


# -- user key bindings ---------------------------------------------------------------------------


async def test_keymap_from_the_config_is_applied_and_shown(
    make_app: AppFactory, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchtui.tui.palette import ChecklistCommands

    config_path.parent.mkdir(parents=True)
    config_path.write_text(
        "[keymap]\n"
        'toggle-done = "x"\nhelp = "f2"\ncursor-down = "down,ctrl+n"\nno-such-key = "y"\n',
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        footer = {key.key: key for key in app.screen.query(FooterKey)}
        assert "x" in footer and "space" not in footer
        assert "f2" in footer and footer["f2"].key_display == "f2"
        await pilot.press("ctrl+n", "x")
        await settle(app, pilot)
        assert app.store.item("content-links").status is ItemStatus.DONE
        helps = {title: text for title, _, text in ChecklistCommands(app.screen).commands()}
        assert helps["item: Toggle done"].endswith("(x)")
        assert helps["cursor: Next line"].endswith("(down ctrl+n)")
        await pilot.press("f2")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body", Static).render())
        assert "\nx       Tick the item as done" in text
        assert "\nf2      Show every key" in text
        assert "\n↓ j     Move to the next" not in text and "\ndown ctrl+n Move" in text
    # The unknown id was reported at start (and nothing else went wrong).
    assert any("'no-such-key' is not a key of launchtui" in w for w in app._startup_warnings)


async def test_a_broken_keymap_entry_is_reported_not_applied(
    make_app: AppFactory, config_path: Path
) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text('[keymap]\nquit = "  "\ntoggle-done = "a b"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")  # still bound as shipped
        assert app.store.item("content-spell-check").closed
        assert app.user_keymap == {}
        assert len(app._startup_warnings) == 2


# -- another writer --------------------------------------------------------------------------------


async def test_another_writers_change_shows_up_without_a_key_and_keeps_unsaved_ones(
    make_app: AppFactory, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(app, pilot)
        # A change in memory not saved yet (as while a save is failing).
        app.store.set_note("content-links", "mine, unsaved")
        teammate = StateStore.open(state_path, app.store.catalog)
        teammate.set_status("content-favicon", ItemStatus.DONE)
        teammate.set_note("content-links", "theirs")
        teammate.set_target("https://teammate.example/")
        teammate.save()
        await until(pilot, lambda: line(app, "content-favicon").startswith("[x]"))
        assert "teammate.example" in app.header.render().plain
        assert " 2/92 " in app.header.render().plain
        assert app.store.item("content-links").note == "mine, unsaved"
        assert app.store.item("content-spell-check").status is ItemStatus.DONE
        # Nothing was written by the reload itself: the file is the teammate's.
        assert saved_item(state_path, "content-links")["note"] == "theirs"


async def test_a_state_file_broken_by_another_writer_is_reported_once(
    make_app: AppFactory, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("space")
        await settle(app, pilot)
        state_path.write_text("<<<<<<< HEAD\n", encoding="utf-8")
        await until(pilot, lambda: any("changed on disk" in n for n in notes))
        await pilot.pause(1.2)  # another look at the same broken file says nothing new
        assert sum("changed on disk" in n for n in notes) == 1
        assert line(app, "content-spell-check").startswith("[x]")
        assert state_path.read_text(encoding="utf-8") == "<<<<<<< HEAD\n"
