"""The state file's format: migration from every older schema, times, and hostile input that
must give one line naming the file and line — never a traceback, never a hang."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest

from launchtui.catalog import load_bundled
from launchtui.probes import Verdict
from launchtui.state import (
    MIGRATIONS,
    SCHEMA_VERSION,
    ItemStatus,
    SetBy,
    StateFileError,
    StateStore,
)
from launchtui.state.schema import line_of

CATALOG = load_bundled()
DATA = Path(__file__).parent.parent / "data" / "state"
UTC = dt.UTC


def _copy(name: str, tmp_path: Path) -> Path:
    path = tmp_path / "state.toml"
    shutil.copyfile(DATA / name, path)
    return path


def test_every_older_schema_has_a_migration_step() -> None:
    assert SCHEMA_VERSION == 2
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_a_schema_1_file_keeps_every_decision_note_and_probe_record(tmp_path: Path) -> None:
    path = _copy("schema-1.toml", tmp_path)
    store = StateStore.open(path, CATALOG)
    at = dt.datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
    debug = store.item("settings-debug")
    assert (debug.status, debug.set_by, debug.set_at) == (ItemStatus.DONE, SetBy.USER, at)
    assert debug.note == "checked on staging and prod"
    assert debug.note_at is None  # schema 1 did not record when a note was written
    assert debug.probe is not None and debug.probe.verdict is Verdict.FAIL
    # Schema 1's markup escapes are undone: schema 2 stores text raw.
    assert debug.probe.evidence == "the 404 page says [bold]Page not found[/bold] (DEBUG)"
    assert "\\[" not in debug.probe.detail and "[bold]Page not found" in debug.probe.detail
    favicon = store.item("content-favicon")
    assert (favicon.status, favicon.set_by, favicon.note) == (
        ItemStatus.SKIPPED,
        SetBy.USER,
        "API only, no pages",
    )
    robots = store.item("seo-robots-txt")
    assert (robots.status, robots.set_by) == (ItemStatus.TODO, SetBy.USER)
    assert store.item("email-service").note == "waiting for the SES account"
    hsts = store.item("settings-hsts")
    assert (hsts.status, hsts.set_by) == (ItemStatus.DONE, SetBy.PROBE)
    assert hsts.probe is not None and hsts.probe.verdict is Verdict.PASS
    http2 = store.item("server-http2")
    assert http2.probe is not None and http2.probe.verdict is Verdict.WARN
    assert store.target_url == "https://shop.test/"
    assert store.progress() == (3, 92)

    # The next save writes schema 2 and every one of them again.
    store.set_status("content-retina", ItemStatus.DONE)
    store.save()
    written = tomllib.loads(path.read_text())
    assert written["schema"] == 2
    again = StateStore.open(path, CATALOG)
    for item_id in ("settings-debug", "content-favicon", "seo-robots-txt", "email-service"):
        assert again.item(item_id) == store.item(item_id), item_id
    assert again.item("settings-hsts") == hsts and again.item("server-http2") == http2


def test_a_file_without_a_schema_key_is_read_as_schema_1(tmp_path: Path) -> None:
    path = _copy("schema-less.toml", tmp_path)
    store = StateStore.open(path, CATALOG)
    debug = store.item("settings-debug")
    assert debug.status is ItemStatus.DONE and debug.set_by is SetBy.USER
    assert debug.set_at == dt.datetime(2025, 5, 1, 6, 0, tzinfo=UTC)  # normalised to UTC
    assert debug.note == "DEBUG is read from the environment"
    assert store.item("content-favicon").status is ItemStatus.SKIPPED
    hsts = store.item("settings-hsts")
    assert hsts.set_by is SetBy.PROBE and hsts.probe is not None
    assert hsts.probe.verdict is Verdict.PASS
    store.set_note("content-retina", "2x assets")
    store.save()
    assert StateStore.open(path, CATALOG).item("settings-debug") == debug


def _state(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "state.toml"
    path.write_text(f'schema = 2\n[checklist]\nname = "Django Production Launch"\n{body}')
    return path


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ('[items.settings-debug]\nstatus = "done"\nset_at = 2025-01-01T10:00:00\n', 6, "UTC"),
        (
            '[items.settings-debug]\nstatus = "done"\nset_at = 9999-12-31T23:59:59-14:00\n',
            6,
            "out of range",
        ),
        ('[items.settings-debug]\nstatus = "done"\nset_at = 2999-01-01T00:00:00Z\n', 6, "future"),
        (
            '[items.settings-debug]\nnote = "x"\nnote_at = 2999-01-01T00:00:00Z\n',
            6,
            "future",
        ),
        (
            "[items.settings-debug.probe]\n"
            'verdict = "pass"\nevidence = "x"\nprobed_at = 2026-01-01 10:00:00\n',
            7,
            "UTC",
        ),
        ('[items.settings-debug]\nstatus = "Done"\n', 5, "status is 'Done'"),
        ("[items.settings-debug]\nset_at = 1\n", 5, "set_at must be a date and time"),
    ],
)
def test_a_bad_value_is_refused_naming_its_line(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    path = _state(tmp_path, body)
    content = path.read_bytes()
    with pytest.raises(StateFileError, match=message) as caught:
        StateStore.open(path, CATALOG)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == content


def test_a_time_with_an_offset_is_normalised_to_utc(tmp_path: Path) -> None:
    path = _state(
        tmp_path, '[items.settings-debug]\nstatus = "done"\nset_at = 2025-01-01T10:00:00-05:00\n'
    )
    state = StateStore.open(path, CATALOG).item("settings-debug")
    assert state.set_at == dt.datetime(2025, 1, 1, 15, 0, tzinfo=UTC)
    assert state.set_at.tzinfo is UTC


def test_a_time_less_than_a_day_ahead_is_accepted(tmp_path: Path) -> None:
    # Clocks of two machines differ a little; an hour ahead is still a time, not a typo.
    soon = (dt.datetime.now(UTC) + dt.timedelta(hours=1)).isoformat()
    path = _state(tmp_path, f'[items.settings-debug]\nstatus = "done"\nset_at = {soon}\n')
    assert StateStore.open(path, CATALOG).item("settings-debug").status is ItemStatus.DONE


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("deep = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ("deep = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
        ("[" + ".".join(["a"] * 5000) + "]\nx = 1\n", "nested more than 32 levels deep"),
        ("big = " + "9" * 5000 + "\n", "not valid TOML"),
        ("[items.settings-debug]\nstatus = " + "9" * 5000 + "\n", "not valid TOML"),
    ],
)
def test_hostile_structure_is_one_line_not_a_traceback(
    tmp_path: Path, body: str, message: str
) -> None:
    path = _state(tmp_path, body)
    with pytest.raises(StateFileError, match=message) as caught:
        StateStore.open(path, CATALOG)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize(
    ("schema", "message"),
    [('"1"', "whole number"), ("true", "whole number"), ("0", "never existed"), ("3", "newer")],
)
def test_a_bad_schema_names_the_real_cause(tmp_path: Path, schema: str, message: str) -> None:
    path = tmp_path / "state.toml"
    path.write_text(f"schema = {schema}\n")
    with pytest.raises(StateFileError, match=message):
        StateStore.open(path, CATALOG)


def test_line_of_finds_keys_in_tables_dotted_keys_and_quoted_names() -> None:
    text = (
        "schema = 2\n"
        '[items."content-favicon"]\n'
        'status = "done"\n'
        "probe.verdict = 'x'\n"
        "[items.other]\n"
        "status = 1\n"
    )
    assert line_of(text, "schema") == 1
    assert line_of(text, "items.content-favicon.status") == 3
    assert line_of(text, "items.content-favicon.probe.verdict") == 4
    assert line_of(text, "items.other.status") == 6
    assert line_of(text, "items.content-favicon.note") == 2  # the table, when the key is absent
    assert line_of(text, "nowhere.at.all") is None
