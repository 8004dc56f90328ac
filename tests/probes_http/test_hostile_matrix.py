"""Hostile text from every source reaches every sink inert.

Sources: a ``--checklist`` file (its name, section and item titles), a note, an imported export
(note and evidence), probe evidence from a real hostile site (``markup.test``, whose title is full
of markup and escape sequences) and the target URL of a hand-edited state file. Sinks: the TUI
(what the compositor would write to the terminal, and the segments it is built from), the probe
report (text, JSON, Markdown) and the exports (JSON, Markdown, TOML).

"Inert" means: no control or format character (ESC, C1, BEL, bidi overrides and isolates,
zero-width characters, line separators) but the newlines of a multi-line format; no markup read
as markup (no ``@click`` action, no link to the payload's site, no crash on ``[/admin]``); and in
Markdown no HTML but launchtui's own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from rich.segment import Segment
from textual.app import App

from launchtui.catalog import load_bundled, load_catalog
from launchtui.exchange import export_state, import_file
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.report import aggregate, render
from launchtui.state import StateStore
from launchtui.tui.app import app_for_store
from tests.probes_http.conftest import Site, probe_once
from tests.support.pki import TestCA
from tests.support.servers import Server

PAYLOAD = (
    "[@click=app.quit]Q[/] [/admin] [link=https://evil.example]L[/link] [bold]B"
    " \x1b[31mR\x1b[0m \x1b]52;c;cm0gLXJmIH4=\x07 \x1b]0;owned\x07 \x9b2J \x9d8;;https://evil.example\x9c"
    " \x07\x08\x7f \u202eevil\u202c \u2066iso\u2069 z\u200bw\ufeff --> <script>x</script> <!--"
)
"""Every kind of hostile text at once."""
LITERAL = "[@click=app.quit]Q[/] [/admin] [link=https://evil.example]L[/link] [bold]B"
"""The part of :data:`PAYLOAD` that must show, literally, wherever it is shown."""
LIVE = ("Cc", "Cf", "Cs", "Zl", "Zp")
T0 = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


def live_characters(text: str, *, allowed: str = "\n") -> list[str]:
    """The control and format characters in ``text`` (``allowed`` ones aside)."""
    return sorted({c for c in text if unicodedata.category(c) in LIVE and c not in allowed})


def assert_inert(text: str, *, allowed: str = "\n", rendered: bool = True) -> None:
    assert live_characters(text, allowed=allowed) == [], text[:300]
    if rendered:  # an escape sequence goes whole, not only its ESC
        assert "]52;" not in text and "]0;owned" not in text


# -- the sources ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def markup_findings(hostile: Server, pki: TestCA) -> list[Finding]:
    """A real run of the HTTP probes against the hostile site whose page title is the payload."""
    run = probe_once(Site(hostile, "markup.test", pki.cert_path).target())
    return list(run.findings.values())


def bundled_store(tmp_path: Path, findings: list[Finding]) -> StateStore:
    """The bundled checklist with a hostile note, an imported export, probe evidence from the
    hostile site, and a target URL as a hand-edited state file could hold it."""
    store = StateStore.open(tmp_path / "bundled.toml", load_bundled())
    store.set_note("settings-debug", f"{PAYLOAD}\nsecond line {PAYLOAD}")
    for finding in findings:
        store.record_finding(finding, T0)
    store.set_target(f"https://good.test/{PAYLOAD}")
    export = {
        "items": [
            {
                "id": "settings-hsts",
                "status": "done",
                "note": PAYLOAD,
                "set_by": "user",
                "set_at": "2026-05-01T12:00:00Z",
                "verdict": "fail",
                "evidence": PAYLOAD,
                "probed_at": "2026-05-01T13:00:00Z",
            }
        ]
    }
    exported = tmp_path / "teammate.json"
    exported.write_text(json.dumps(export))
    import_file(store, exported)
    store.save()
    return store


def checklist_store(tmp_path: Path) -> StateStore:
    """A ``--checklist`` file whose name, section and item titles are the payload."""
    checklist = tmp_path / "hostile.md"
    checklist.write_text(
        f"# Launch {PAYLOAD}\n\n## Section {PAYLOAD}\n\n* [ ] Item {PAYLOAD}\n"
        f"  * [ ] Child {PAYLOAD}\n\n## Plain\n\n* [ ] Plain item\n",
        encoding="utf-8",
    )
    store = StateStore.open(tmp_path / "checklist.toml", load_catalog(checklist))
    first = next(iter(store.catalog.items()))
    store.set_note(first.id, PAYLOAD)
    store.record_finding(Finding(first.id, Verdict.WARN, PAYLOAD, "http.x", PAYLOAD), T0)
    store.save()
    return store


# -- the TUI ---------------------------------------------------------------------------------------

_CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_OWN_LINK = re.compile(r"\x1b\]8;[^\x1b\x07]*;(?P<url>[^\x1b\x07]*)\x1b\\")


def screen_output(app: App[object]) -> tuple[str, list[Segment]]:
    """What the app would write to the terminal for the whole screen, and its segments."""
    compositor = app.screen._compositor
    segments = [segment for strip in compositor.render_strips() for segment in strip]
    written = compositor.render_full_update().render_segments(app.console)
    return written, segments


def assert_screen_inert(app: App[object], *, expect: str, links: set[str]) -> None:
    written, segments = screen_output(app)
    # Only the checklist's own links (URLs written in its items) are links, never markup's.
    shown_links = {m.group("url") for m in _OWN_LINK.finditer(written)} - {""}
    assert shown_links <= links, shown_links
    # What is left once Textual's own sequences (SGR, cursor moves, its links) are taken out
    # must hold no control character at all: no escape sequence of the payload went through.
    assert_inert(_OWN_LINK.sub("", _CSI.sub("", written)))
    text = "".join(segment.text for segment in segments)
    assert_inert(text, allowed="")
    assert expect in text  # shown literally, not read as markup
    for segment in segments:
        style = segment.style
        if style is not None:
            assert "@click" not in (style.meta or {}), segment
            assert style.link is None or style.link in links, segment
    assert app.is_running


async def test_the_tui_shows_hostile_text_from_notes_imports_probes_and_the_target_inert(
    tmp_path: Path, markup_findings: list[Finding]
) -> None:
    store = bundled_store(tmp_path, markup_findings)
    links = {link for item in store.catalog.items() for link in item.links}
    app = app_for_store(store, config_path=tmp_path / "config.toml")
    async with app.run_test(size=(160, 60)) as pilot:
        tree = app.checklist
        for item_id, expect in [
            ("settings-debug", "second line"),  # the note
            ("settings-hsts", "[/admin]"),  # imported note and evidence
            ("seo-titles", "[bold red]pwned[/bold red]"),  # the hostile site's title
        ]:
            assert tree.select_item(item_id)
            await pilot.pause()
            assert_screen_inert(app, links=links, expect=expect)
        assert "good.test/" in "".join(s.text for s in screen_output(app)[1])  # the target
        await pilot.press("e")  # the note editor shows the imported note whole
        await pilot.pause()
        assert_screen_inert(app, links=links, expect="[link=https://evil.example]L[/link]")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("u")  # the URL dialog starts with the current target
        await pilot.pause()
        assert_screen_inert(app, links=links, expect="good.test/[@click=app.quit]Q[/]")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_the_tui_shows_a_hostile_checklist_inert_and_does_not_crash(tmp_path: Path) -> None:
    store = checklist_store(tmp_path)
    links = {link for item in store.catalog.items() for link in item.links}
    app = app_for_store(store, config_path=tmp_path / "config.toml")
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        assert_screen_inert(app, links=links, expect="Item [@click=app.quit]Q[/] [/admin]")
        await pilot.press("down")  # the child item
        await pilot.pause()
        assert_screen_inert(app, links=links, expect="Child [@click")
        await pilot.press("up", "up")  # the section heading: its title is the pane's border
        await pilot.pause()
        assert_screen_inert(app, links=links, expect="Section [@click")
        await pilot.press("slash", *"[/admin]")  # typed filter text is markup-safe as well
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape")
        await pilot.press("question_mark")
        await pilot.pause()
        assert_screen_inert(app, links=links, expect="Keys")


# -- the files and the report ----------------------------------------------------------------


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def assert_markdown_inert(text: str) -> None:
    assert_inert(text)
    # A backslash-escaped "\\<" is a literal bracket in Markdown.
    comments = re.findall(r"(?<!\\)<!--(.*?)-->", text, flags=re.S)
    assert all(c.startswith(" launchtui:") for c in comments), comments
    assert len(re.findall(r"(?<!\\)<!--", text)) == len(comments)
    assert len(re.findall(r"--(?<!\\)>", text)) == len(comments)
    outside_code = re.sub(r"(`+).+?\1", "", text)  # a code span shows its HTML as text
    tags = re.findall(r"(?<!\\)<(/?[A-Za-z][\w-]*)", outside_code)
    assert set(tags) <= {"sub", "/sub"}, tags


@pytest.mark.parametrize("source", ["bundled", "checklist"])
def test_every_export_is_inert_and_json_carries_the_raw_text(
    source: str, tmp_path: Path, markup_findings: list[Finding]
) -> None:
    store = (
        bundled_store(tmp_path, markup_findings)
        if source == "bundled"
        else (checklist_store(tmp_path))
    )
    as_json = export_state(store, "json")
    assert_inert(as_json)
    strings = _strings(json.loads(as_json))
    for string in strings:
        assert_inert(string)
        assert "\\[" not in string  # no markup escapes: JSON carries the text as it reads
    assert any(LITERAL in s for s in strings)

    assert_markdown_inert(export_state(store, "markdown"))

    as_toml = export_state(store, "toml")
    assert_inert(as_toml, rendered=False)  # the raw text, its live characters as \u escapes
    assert as_toml == store.path.read_text()  # the state file is written the same way
    # TOML keeps the text raw: escapes in the file, the very same characters when read back.
    stored = _strings(tomllib.loads(as_toml))
    assert any(PAYLOAD in s for s in stored)


def test_the_probe_report_is_inert_in_every_format(
    tmp_path: Path, markup_findings: list[Finding]
) -> None:
    store = checklist_store(tmp_path)
    items = list(store.catalog.items())
    findings = [Finding(item.id, Verdict.FAIL, PAYLOAD, "http.x") for item in items]
    target = f"https://good.test/{PAYLOAD}"
    for catalog, found in [(store.catalog, findings), (load_bundled(), markup_findings)]:
        results = aggregate(found, catalog)
        text = render("text", target, results, color=False)
        assert_inert(text)
        colored = render("text", target, results, color=True)
        assert_inert(re.sub(r"\x1b\[[0-9;]*m", "", colored))
        as_json = render("json", target, results)
        assert_inert(as_json)
        strings = _strings(json.loads(as_json))
        assert all("\\[" not in s for s in strings)
        assert_markdown_inert(render("markdown", target, results))
    # The two JSON outputs agree on the same evidence.
    (tmp_path / "agree").mkdir()
    bundled = bundled_store(tmp_path / "agree", markup_findings)
    exported = {i["id"]: i["evidence"] for i in json.loads(export_state(bundled, "json"))["items"]}
    reported = json.loads(render("json", target, aggregate(markup_findings, bundled.catalog)))
    title = next(r for r in reported["results"] if r["id"] == "seo-titles")
    assert exported["seo-titles"] == title["evidence"]
    assert "[bold red]pwned[/bold red]" in title["evidence"]


def test_extra_report_fields_are_cleaned_like_the_rest(tmp_path: Path) -> None:
    extra = {"project": {"path": f"/src/{PAYLOAD}", "settings": [PAYLOAD], "tier": 1}}
    as_json = render("json", "https://good.test/", [], extra=extra)
    assert_inert(as_json)
    project = json.loads(as_json)["project"]
    assert project["tier"] == 1 and LITERAL in project["settings"][0]
