"""Pilot tests: every key of the checklist screen, and what each one writes to the state file."""

from __future__ import annotations

import html
import re
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.color import Color
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from textual.widgets._footer import FooterKey

from launchtui.catalog import Item, Section
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import TargetError
from launchtui.state import ItemStatus, StateFileError, StateStore
from launchtui.tui import LaunchApp
from launchtui.tui.filtering import View
from launchtui.tui.screens.help import HelpScreen
from launchtui.tui.screens.note_editor import NoteEditor
from launchtui.tui.screens.url_dialog import UrlDialog
from launchtui.tui.widgets.checklist.tree import ChecklistTree
from tests.tui.conftest import AppFactory
from tests.tui.sample import RUN

SIZE = (100, 32)


def read_state(path: Path) -> dict[str, Any]:
    """The state file as TOML tables."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def saved_item(path: Path, item_id: str) -> dict[str, Any]:
    """One item's table in the state file (empty if it has none)."""
    return read_state(path).get("items", {}).get(item_id, {})


async def settle(app: LaunchApp, pilot: Pilot[None], limit: float = 30.0) -> None:
    """Wait for the next frame, for every save to finish (saves write in a thread) and for the
    filter to follow what was typed."""
    await pilot.pause()
    deadline = time.monotonic() + limit
    while not app.save_idle or app.filter_pending:
        assert time.monotonic() < deadline, "the save never finished"
        await pilot.pause(0.01)
    await pilot.pause()


async def palette_offers(pilot: Pilot[None], title: str, limit: float = 30.0) -> None:
    """Wait until the command palette's search has put ``title`` first and highlighted it.

    The palette searches in the background; waiting for the result (not for a fixed time) keeps
    a loaded machine from pressing enter on an older, partial list.
    """
    commands = pilot.app.screen.query_one(CommandList)
    deadline = time.monotonic() + limit
    while True:
        index = commands.highlighted
        if index is not None and index < commands.option_count:
            shown = commands.get_option_at_index(index).prompt
            if title.lower() in str(getattr(shown, "plain", shown)).lower():
                return
        assert time.monotonic() < deadline, f"the palette never offered {title!r}"
        await pilot.pause()


def line(app: LaunchApp, item_id: str) -> str:
    """The checklist line of an item as plain text (marker, title, flag)."""
    tree = app.checklist
    node = tree.node_of(item_id)
    assert node is not None
    return tree.render_label(node, Style(), Style()).plain


def detail(app: LaunchApp) -> str:
    """What the detail pane says, as plain text."""
    return app.detail.content.plain


def header(app: LaunchApp) -> str:
    """The top line as plain text."""
    return app.header.render().plain


def current_id(app: LaunchApp) -> str | None:
    """The id of the item (or ``s:`` + section) under the cursor."""
    entry = app.checklist.current
    if entry is None:
        return None
    return entry.id if isinstance(entry, Item) else f"s:{entry.id}"


def screen_text(app: LaunchApp) -> str:
    """What the terminal shows, as text without spaces (from the app's own SVG screenshot)."""
    svg = app.export_screenshot()
    text = re.sub(r"<[^>]+>", "", svg.split("</style>")[-1])
    return html.unescape(text).replace("\xa0", "").replace(" ", "").replace("\n", "")


def record_notifications(app: LaunchApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Collect the text of every notification the app raises (they still show)."""
    seen: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        seen.append(f"{kwargs.get('title') or ''}: {message}")
        original(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return seen


# -- what the screen shows on start --------------------------------------------------------------


async def test_start_unfolds_every_section_with_the_cursor_on_the_first_item(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        tree = app.checklist
        assert current_id(app) == "content-spell-check"
        assert tree.has_focus
        sections = [n for n in tree.root.children if isinstance(n.data, Section)]
        assert len(sections) == 10 and all(n.is_expanded for n in sections)
        assert len(tree.shown_items) == 92
        assert "Spell-check copy" in detail(app)
        assert header(app).endswith(" 0/92 ━━━━━━━━━━")
        assert "press u" in header(app)
        assert str(sections[0].label) == "Content"
        assert tree.render_label(sections[0], Style(), Style()).plain.rstrip().endswith("0/7")


async def test_cloudflare_sub_items_are_nested_under_their_parent(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        nodes = app.checklist._item_nodes  # every node, to check nesting
        parent = nodes["server-cloudflare"]
        assert nodes["server-cloudflare-brotli"].parent is parent
        assert parent.allow_expand and parent.is_expanded


async def test_markers_tell_every_state_apart(make_app: AppFactory, sample_state: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        assert line(app, "content-retina").startswith("[ ] ")
        assert line(app, "content-spell-check").startswith("[x] ")
        assert line(app, "content-favicon").startswith("[✓] ")
        assert line(app, "content-links").startswith("[✗] ")
        assert line(app, "content-error-views").startswith("[!] ")
        assert line(app, "seo-robots-txt").startswith("[?] ")
        assert line(app, "a11y-wave").startswith("[-] ")
        # Ticked by hand while the probe fails: flagged.
        assert "✗ probe fails" in line(app, "settings-debug")
        assert "probe fails" not in line(app, "content-spell-check")
        assert " 5/92 " in header(app)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "gruvbox", "solarized-light"])
async def test_counts_and_the_flag_stand_out_in_every_theme(
    make_app: AppFactory, sample_state: Path, theme: str
) -> None:
    def lightness(color: Color) -> float:
        return Color.from_rich_color(color).brightness

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await settle(app, pilot)
        tree = app.checklist
        background = tree.background_colors[1].brightness
        count = tree.get_component_rich_style("checklist--count", partial=True).color
        assert count is not None and abs(lightness(count) - background) > 0.25, theme
        # The flag sets both colours, so the cursor line (its own background) cannot blur it.
        tree.select_item("settings-debug")
        await settle(app, pilot)
        node = tree.node_of("settings-debug")
        assert node is not None
        label = tree.render_label(node, Style(), tree.get_component_rich_style("tree--cursor"))
        flag = label.spans[-1].style  # the flag's own span, over the cursor line's
        assert label.plain[label.spans[-1].start :] == " ✗ probe fails"
        assert isinstance(flag, Style) and flag.color and flag.bgcolor and not flag.reverse
        assert abs(lightness(flag.color) - lightness(flag.bgcolor)) > 0.25, theme


async def test_detail_shows_status_note_evidence_links_and_guidance(
    make_app: AppFactory, sample_state: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.checklist.select_item("settings-debug")
        await settle(app, pilot)
        text = detail(app)
        assert "Guarantee `DEBUG = False`" in text
        assert "Done, ticked by hand · 2025-03-12 12:00 UTC (2 days ago)" in text
        assert "Closed by hand, but the latest probe fails" in text
        assert "Set in settings/production.py" in text
        assert "fail (http) · 2025-03-14 11:55 UTC (5 min ago)" in text
        # Hostile markup in the evidence shows literally and never becomes a link.
        assert "[link=https://evil.example]click[/link]" in text
        assert "DEBUG = True in your Django settings file" in text
        assert "https://docs.djangoproject.com/en/stable/ref/settings/#debug" in text
        assert "Guidance" in text


async def test_notes_and_item_text_are_shown_as_plain_text(
    make_app: AppFactory, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.store.set_note("content-spell-check", "see [bold]this[/bold] and [red]")
        app.refresh_item("content-spell-check")
        await settle(app, pilot)
        assert "see [bold]this[/bold] and [red]" in detail(app)


# -- moving and folding --------------------------------------------------------------------------


async def test_arrows_and_j_k_move(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert current_id(app) == "content-links"
        await pilot.press("j", "j")
        assert current_id(app) == "content-favicon"
        await pilot.press("k")
        assert current_id(app) == "content-retina"
        await pilot.press("up", "up", "up")
        assert current_id(app) == "s:content"
        assert "Content" in detail(app) and "0 of 7 items closed" in detail(app)


async def test_enter_left_and_right_fold_and_unfold_a_section(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        section = app.checklist._section_nodes["content"]
        await pilot.press("left")  # on an item: up to its section
        assert current_id(app) == "s:content" and section.is_expanded
        await pilot.press("left")
        assert section.is_collapsed
        await pilot.press("right")
        assert section.is_expanded
        await pilot.press("right")  # unfolded: step into it
        assert current_id(app) == "content-spell-check"
        await pilot.press("up", "enter")
        assert section.is_collapsed
        await pilot.press("enter")
        assert section.is_expanded
        # Folding is never a change of state.
        assert not app.store.dirty


async def test_folds_survive_a_filter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left", "left", "f", "f", "f", "f")
        assert app.filter.view is View.ALL
        assert app.checklist._section_nodes["content"].is_collapsed


# -- ticking, not applicable, notes --------------------------------------------------------------


async def test_space_toggles_done_and_saves_at_once(make_app: AppFactory, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(app, pilot)
        table = saved_item(state_path, "content-spell-check")
        assert table["status"] == "done" and table["set_by"] == "user"
        assert line(app, "content-spell-check").startswith("[x]")
        assert " 1/92 " in header(app)
        assert "Done, ticked by hand" in detail(app)
        await pilot.press("space")
        await settle(app, pilot)
        assert saved_item(state_path, "content-spell-check")["status"] == "todo"
        assert line(app, "content-spell-check").startswith("[ ]")


async def test_space_on_a_section_folds_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up", "space")
        assert app.checklist._section_nodes["content"].is_collapsed
        assert not app.store.dirty


async def test_n_toggles_not_applicable(make_app: AppFactory, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "n")
        await settle(app, pilot)
        assert saved_item(state_path, "content-links")["status"] == "skipped"
        assert line(app, "content-links").startswith("[-]")
        await pilot.press("n")
        await settle(app, pilot)
        assert saved_item(state_path, "content-links")["status"] == "todo"


async def test_click_on_an_item_toggles_it(make_app: AppFactory, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # Border, then the "Content" heading, then the second item on the third line.
        await pilot.click(ChecklistTree, offset=(12, 3))
        await settle(app, pilot)
        assert current_id(app) == "content-links"
        assert saved_item(state_path, "content-links")["status"] == "done"


async def test_e_edits_the_note_in_a_dialog(make_app: AppFactory, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Ana checks it", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert saved_item(state_path, "content-spell-check")["note"] == "Ana checks it"
        assert "Ana checks it" in detail(app)
        # Escape leaves the note alone; what is typed in the dialog does not reach the tree.
        await pilot.press("e", "x", "space", "escape")
        await settle(app, pilot)
        assert saved_item(state_path, "content-spell-check")["note"] == "Ana checks it"
        assert app.store.item("content-spell-check").status is ItemStatus.TODO


async def test_note_dialog_starts_with_the_current_note(
    make_app: AppFactory, sample_state: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert app.screen.query_one(TextArea).text.startswith("Proofread by Ana.")
        await pilot.click("#note-cancel")
        assert not isinstance(app.screen, NoteEditor)


# -- links, filters, target, probes, help, quit ---------------------------------------------------


async def test_o_opens_the_items_link(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    opened: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
        notes = record_notifications(app, monkeypatch)
        await pilot.press("o")  # Spell-check copy: no link at all
        assert opened == [] and any("no link" in n for n in notes)
        app.checklist.select_item("content-error-views")
        await pilot.press("o")
        assert opened == ["http://bit.ly/dj-error-views"]
        app.checklist.select_item("content-favicon")
        await pilot.press("o")  # no link in the checklist text: its documentation
        assert opened[-1] == "https://developer.mozilla.org/en-US/docs/Glossary/Favicon"


async def test_slash_filters_by_text_and_escape_clears(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert app.checklist_screen.filter_bar().field.has_focus
        await pilot.press(*"cookie_secure")
        await settle(app, pilot)  # the tree follows once typing pauses
        shown = app.checklist.shown_items
        assert shown == ["settings-csrf-cookie-secure", "settings-session-cookie-secure"]
        assert current_id(app) == "settings-csrf-cookie-secure"
        assert "2 of 92" in app.checklist.border_subtitle
        await pilot.press("enter")  # keep the filter, back to the list
        assert app.checklist.has_focus and app.checklist_screen.filter_bar().has_class("-visible")
        await pilot.press("j", "space")  # keys work on the filtered list
        assert app.store.item("settings-session-cookie-secure").status is ItemStatus.DONE
        await pilot.press("escape")
        assert len(app.checklist.shown_items) == 92
        assert not app.checklist_screen.filter_bar().has_class("-visible")
        assert current_id(app) == "settings-session-cookie-secure"


async def test_a_filter_matching_nothing_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzzz")
        await settle(app, pilot)
        assert app.checklist.shown_items == []
        assert detail(app) == 'Nothing matches "zzzz". Press esc to clear the text.'

        await pilot.press("enter", "space", "e", "n")  # nothing to act on: no crash
        assert not app.store.dirty and not isinstance(app.screen, NoteEditor)


async def test_f_cycles_all_open_failing_done(make_app: AppFactory, sample_state: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert app.filter.view is View.OPEN
        assert len(app.checklist.shown_items) == 92 - 5
        await pilot.press("f")
        assert app.filter.view is View.FAILING
        assert app.checklist.shown_items == ["content-links", "settings-debug"]
        await pilot.press("f")
        assert app.filter.view is View.DONE
        assert app.checklist.shown_items == [
            "content-spell-check",
            "content-favicon",
            "a11y-wave",
            "settings-debug",
            "settings-hsts",
        ]
        await pilot.press("f")
        assert app.filter.view is View.ALL and len(app.checklist.shown_items) == 92


async def test_u_sets_the_target_with_an_inline_error_for_a_bad_url(
    make_app: AppFactory, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        assert isinstance(app.screen, UrlDialog)
        await pilot.press(*"ftp://example.com", "enter")
        assert isinstance(app.screen, UrlDialog)  # still open, with the reason
        error = str(app.screen.query_one("#url-error", Static).content)
        assert "https:// or http://" in error
        app.screen.query_one(Input).value = "example.com"
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, UrlDialog)
        assert read_state(state_path)["target"]["url"] == "https://example.com/"
        assert "https://example.com/" in header(app)
        # Empty clears it; escape changes nothing.
        await pilot.press("u", "escape")
        assert app.store.target_url == "https://example.com/"
        await pilot.press("u")
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(app, pilot)
        assert "target" not in read_state(state_path)
        assert "press u" in header(app)


async def test_p_without_a_target_asks_for_one(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("p")
        assert notes == [
            "Probes: Set the site to probe first: press u. "
            "Set the Django project with P to check it too."
        ]
        assert app.probe_run is None


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_f1_and_question_mark_show_help_with_every_key(
    make_app: AppFactory, key: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body", Static).content)
        for shown in ["↑ k", "↓ j", "←", "→", "enter", "space", "n", "e", "o", "/", "f", "u", "p"]:
            assert f"\n{shown} " in text
        assert "F1 ?" in text and "ctrl+p" in text and "[✗]" in text
        assert "\n✗ probe fails after a title" in text  # a long key still has its space
        assert "Vinta's Django Production Launch checklist" in text and "MIT" in text
        await pilot.press("space")  # keys of the checklist do not act behind the help
        assert not app.store.dirty
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await settle(app, pilot)
        assert not app.is_running


@pytest.mark.parametrize("width", [60, 79, 80, 100])
async def test_the_footer_keeps_help_and_quit_in_sight(make_app: AppFactory, width: int) -> None:
    app = make_app()
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()  # the footer is composed once the bindings are known
        keys = [key for key in app.screen.query(FooterKey) if key.display]
        shown = [key.key for key in keys]
        if width >= 80:
            expected = ["space", "n", "e", "slash", "f", "u", "p", "c", "d", "f1", "q"]
        else:  # the keys a newcomer needs first; help lists the others
            expected = ["space", "e", "slash", "u", "p", "f1", "q"]
        assert shown[: len(expected)] == expected, shown
        # The palette hint (docked right) only where there is room for it beside the keys.
        assert ("ctrl+p" in shown) is (width >= 100)
        assert max(key.region.right for key in keys) <= width
        quit_key = keys[len(expected) - 1]
        assert quit_key.region.right <= (keys[-1].region.x if width >= 100 else width)


async def test_d_hides_and_shows_the_detail_pane(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert not app.detail.display
        await pilot.press("j", "d")
        assert app.detail.display and "Check links are correct" in detail(app)


async def test_every_key_is_in_the_command_palette(make_app: AppFactory) -> None:
    from launchtui.tui.keys import APP_KEYS, CHECKLIST_KEYS
    from launchtui.tui.palette import ChecklistCommands

    app = make_app()
    async with app.run_test(size=SIZE):
        provider = ChecklistCommands(app.screen)
        titles = [title for title, _, _ in provider.commands()]
        for key in (*APP_KEYS, *CHECKLIST_KEYS):
            assert key.title in titles
        assert all(": " in title for title in titles)
        assert "theme: Change theme" in titles


async def test_palette_command_runs_the_action(make_app: AppFactory, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"item: toggle done")
        await palette_offers(pilot, "toggle done")
        await pilot.press("enter")
        await settle(app, pilot)
        assert saved_item(state_path, "content-spell-check")["status"] == "done"


# -- persistence -----------------------------------------------------------------------------------


async def test_state_survives_a_restart(make_app: AppFactory, state_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "j", "n", "j", "e", *"later", "ctrl+s", "u")
        app.screen.query_one(Input).value = "shop.example.com"
        await pilot.press("enter", "q")
        await settle(app, pilot)

    data = read_state(state_path)
    items = data["items"]
    assert items["content-spell-check"]["status"] == "done"
    assert items["content-links"]["status"] == "skipped"
    assert items["content-retina"]["note"] == "later"
    assert data["target"]["url"] == "https://shop.example.com/"

    again = make_app()
    async with again.run_test(size=SIZE):
        assert line(again, "content-spell-check").startswith("[x]")
        assert line(again, "content-links").startswith("[-]")
        assert again.store.item("content-retina").note == "later"
        assert again.store.target_url == "https://shop.example.com/"
        assert " 2/92 " in header(again)


async def test_a_failed_save_notifies_keeps_the_change_and_retries(
    make_app: AppFactory, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        state_path.parent.mkdir(parents=True, exist_ok=True)
        state_path.write_text("this is [not toml", encoding="utf-8")  # never written over
        await pilot.press("space")
        await settle(app, pilot)
        assert any(n.startswith("Not saved:") for n in notes)
        assert app.is_running
        assert app.store.item("content-spell-check").status is ItemStatus.DONE
        assert line(app, "content-spell-check").startswith("[x]")
        assert state_path.read_text(encoding="utf-8") == "this is [not toml"

        # q with unsaved changes asks twice; after the file is mended the next change saves both.
        await pilot.press("q")
        assert app.is_running
        state_path.unlink()
        await pilot.press("j", "space")
        await settle(app, pilot)
        items = read_state(state_path)["items"]
        assert items["content-spell-check"]["status"] == "done"
        assert items["content-links"]["status"] == "done"


async def test_an_invalid_value_from_another_writer_is_named_and_nothing_is_lost(
    make_app: AppFactory, sample_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import launchtui.tui.app as app_module

    monkeypatch.setattr(app_module, "SAVE_RETRY_SECONDS", 0.05)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        # Another writer leaves a value that does not validate.
        broken = sample_state.read_text(encoding="utf-8").replace(
            'status = "skipped"', 'status = "Done"'
        )
        sample_state.write_text(broken, encoding="utf-8")
        bad_line = broken.splitlines().index('status = "Done"') + 1
        await pilot.press("space")  # toggles the item under the cursor
        await settle(app, pilot)
        assert any(f"{sample_state}:{bad_line}: " in n and "'Done'" in n for n in notes), notes
        assert sample_state.read_text(encoding="utf-8") == broken  # never written
        # Nothing in memory was lost: every probe record is still there, and so is the tick.
        assert app.store.item("content-links").probe is not None
        assert app.store.item("settings-hsts").probe is not None
        ticked = app.checklist.current_item
        assert ticked is not None
        status = app.store.item(ticked.id).status
        # The file is mended by hand: the app saves on its own, without another key.
        sample_state.write_text(broken.replace('"Done"', '"skipped"'), encoding="utf-8")
        for _ in range(500):
            await pilot.pause(0.02)
            if not app.store.dirty:
                break
        await settle(app, pilot)
        assert not app.store.dirty
        assert any(n.startswith("Saved:") for n in notes)
        assert saved_item(sample_state, ticked.id)["status"] == status.value
        assert saved_item(sample_state, "content-links")["probe"]["verdict"] == "fail"
        assert saved_item(sample_state, "a11y-wave")["status"] == "skipped"


async def test_refresh_item_redraws_a_probe_finding(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.store.record_finding(
            Finding("content-spell-check", Verdict.FAIL, "typo: [b]teh[/b]", "http"), RUN
        )
        app.refresh_item("content-spell-check")
        await settle(app, pilot)
        assert line(app, "content-spell-check").startswith("[✗]")
        assert "typo: [b]teh[/b]" in detail(app)
        label = app.checklist.render_label(
            app.checklist._section_nodes["content"], Style(), Style()
        ).plain
        assert label.rstrip().endswith("0/7 ✗1")


# -- factory, theme, NO_COLOR ----------------------------------------------------------------------


def test_factory_validates_and_saves_the_url(make_app: AppFactory, state_path: Path) -> None:
    make_app(url="shop.example.com")
    assert read_state(state_path)["target"]["url"] == "https://shop.example.com/"
    with pytest.raises(TargetError):
        make_app(url="ftp://nope")


def test_factory_lets_a_broken_state_file_raise(make_app: AppFactory, state_path: Path) -> None:
    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.write_text("[[[", encoding="utf-8")
    with pytest.raises(StateFileError):
        make_app()


async def test_theme_is_remembered(make_app: AppFactory, config_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await settle(app, pilot)
    assert tomllib.loads(config_path.read_text(encoding="utf-8"))["theme"] == "nord"
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


async def test_a_broken_config_is_reported_and_left_alone(
    make_app: AppFactory, config_path: Path
) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text("theme = [", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await settle(app, pilot)
        assert app.is_running
    assert config_path.read_text(encoding="utf-8") == "theme = ["


async def test_no_color_is_honoured(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.no_color
        # Markers differ by glyph, not only by colour.
        assert line(app, "content-spell-check").startswith("[ ]")


async def test_a_markdown_checklist_loads(make_app: AppFactory, tmp_path: Path) -> None:
    checklist = tmp_path / "mine.md"
    checklist.write_text(
        "# Mine\n## First\n* [ ] One\n    * [ ] One point one\n## Second\n* [ ] Two\n",
        encoding="utf-8",
    )
    app = make_app(checklist=checklist)
    async with app.run_test(size=SIZE) as pilot:
        assert app.checklist.border_title == "Mine"
        assert app.checklist.shown_items == ["one", "one-point-one", "two"]
        await pilot.press("space")
        await settle(app, pilot)
        assert app.store.item("one").status is ItemStatus.DONE


async def test_detail_pane_says_when_there_is_more_and_scrolls(
    make_app: AppFactory, sample_state: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.checklist.select_item("settings-debug")
        await settle(app, pilot)
        pane = app.detail
        assert pane.border_title == "Details · Django Settings"
        assert pane.border_subtitle.startswith("↓ ")
        hidden = int(pane.border_subtitle.split()[1])
        await pilot.press("tab")
        assert pane.has_focus
        await pilot.press("end")
        assert pane.scroll_y == pane.max_scroll_y == hidden
        assert pane.border_subtitle == ""
        await pilot.press("shift+tab", "j")  # another item: back to its top
        assert app.checklist.has_focus and pane.scroll_y == 0


async def test_section_heading_shows_a_summary(make_app: AppFactory, sample_state: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up")
        text = detail(app)
        assert text.startswith("Content\n2 of 7 items closed")
        assert "[✗] 1 probe fails" in text and "[x] 1 done, ticked by hand" in text


async def test_palette_only_commands(make_app: AppFactory, sample_state: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.run_action("show_view('failing')")
        assert app.checklist.shown_items == ["content-links", "settings-debug"]
        await app.run_action("show_view('all')")
        await app.run_action("fold_all(True)")
        assert all(n.is_collapsed for n in app.checklist._section_nodes.values())
        assert current_id(app) == "s:content"
        await app.run_action("fold_all(False)")
        await app.run_action("checklist_action('cursor_down')")
        await settle(app, pilot)
        assert current_id(app) == "content-spell-check"


async def test_section_summary_follows_a_change_in_the_section(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up")
        assert "0 of 7 items closed" in detail(app)
        app.store.set_status("content-links", ItemStatus.DONE)
        app.refresh_item("content-links")
        assert "1 of 7 items closed" in detail(app)


async def test_a_save_shows_what_another_instance_wrote_to_the_same_file(
    make_app: AppFactory, state_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert "[]Setfavicon" in screen_text(app)  # on screen from the start
        other = StateStore.open(state_path, app.store.catalog)
        other.set_status("content-favicon", ItemStatus.DONE)
        other.set_target("https://teammate.example/")
        other.save()
        await pilot.press("space")  # any change of ours saves, merging the teammate's
        await settle(app, pilot)
        assert "[x]Setfavicon" in screen_text(app)
        assert "teammate.example" in header(app)
        assert saved_item(state_path, "content-favicon")["status"] == "done"
