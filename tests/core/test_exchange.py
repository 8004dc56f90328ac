"""Export to Markdown/JSON/TOML and import back: every status survives, newer decisions win."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchtui.catalog import load_bundled
from launchtui.exchange import ImportFileError, export_state, import_file
from launchtui.probes import Finding, Verdict
from launchtui.state import ItemStatus, SetBy, StateStore

CATALOG = load_bundled()
IDS = [item.id for item in CATALOG.items()]
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)

decisions = st.dictionaries(
    st.sampled_from(IDS),
    st.tuples(
        st.sampled_from(list(ItemStatus)),
        # Exports are renderings: control and format characters (Cf: bidi, zero-width) are
        # dropped from them, so a note survives the round trip when it has none.
        st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=80),
        st.integers(min_value=0, max_value=10_000),
    ),
    max_size=25,
)


def _store(path: Path, changes: dict) -> StateStore:
    store = StateStore.open(path, CATALOG)
    for item_id, (status, note, minutes) in changes.items():
        store.set_status(item_id, status, at=T0 + dt.timedelta(minutes=minutes))
        store.set_note(item_id, note, at=T0 + dt.timedelta(minutes=minutes))
    return store


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=decisions, fmt=st.sampled_from(["markdown", "json", "toml"]))
def test_export_then_import_into_a_fresh_state_keeps_every_status_and_note(
    tmp_path_factory: pytest.TempPathFactory, changes: dict, fmt: str
) -> None:
    folder = tmp_path_factory.mktemp("x")
    source = _store(folder / "a.toml", changes)
    source.save()
    exported = folder / f"export.{ {'markdown': 'md'}.get(fmt, fmt) }"
    exported.write_text(export_state(source, fmt))
    target = StateStore.open(folder / "b.toml", CATALOG)
    import_file(target, exported)
    for item_id in IDS:
        mine, theirs = target.item(item_id), source.item(item_id)
        assert mine.status is theirs.status, item_id
        assert mine.note == theirs.note, item_id
        if theirs.set_at is not None and mine.set_at is not None:
            assert mine.set_at == theirs.set_at


def test_json_export_has_the_documented_shape(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.toml", {"settings-debug": (ItemStatus.DONE, "ok", 1)})
    store.set_target("https://shop.test/")
    store.record_finding(Finding("settings-hsts", Verdict.FAIL, "no HSTS header", "http.hsts"), T0)
    data = json.loads(export_state(store, "json"))
    assert data["checklist"] == {"name": "Django Production Launch", "version": "2019.8e06324"}
    assert data["target"] == "https://shop.test/"
    assert len(data["items"]) == 92
    hsts = next(i for i in data["items"] if i["id"] == "settings-hsts")
    assert {k: hsts[k] for k in ("section", "title", "status", "verdict", "evidence")} == {
        "section": "Django Settings",
        "title": "Set HTTP Strict Transport Security",
        "status": "todo",
        "verdict": "fail",
        "evidence": "no HSTS header",
    }
    assert hsts["probed_at"].endswith("Z")
    debug = next(i for i in data["items"] if i["id"] == "settings-debug")
    assert debug["title"] == "Guarantee `DEBUG = False`" and debug["note"] == "ok"


def test_markdown_export_is_a_task_list_in_the_checklists_shape(tmp_path: Path) -> None:
    store = _store(
        tmp_path / "s.toml",
        {
            "content-favicon": (ItemStatus.DONE, "", 1),
            "server-cloudflare-brotli": (ItemStatus.SKIPPED, "no Cloudflare", 2),
        },
    )
    store.record_finding(Finding("settings-debug", Verdict.FAIL, "<b>DEBUG = True</b>", "x"), T0)
    text = export_state(store, "markdown")
    assert text.startswith("# Django Production Launch\n")
    assert "\n## Content\n" in text and "\n## Server\n" in text
    assert "- [x] Set favicon <!--" in text
    assert "  - [x] ~~Enable Brotli Compression~~ *(not applicable)*" in text
    assert "    > no Cloudflare" in text
    assert "- ❌ probe fail: &lt;b&gt;DEBUG = True&lt;/b&gt;" in text  # no raw HTML in a PR
    assert "- [ ] Customize the default error views: http://bit.ly/dj-error-views" in text
    assert "Vinta" in text


def test_newer_decision_wins_in_both_directions(tmp_path: Path) -> None:
    here = _store(tmp_path / "here.toml", {"content-favicon": (ItemStatus.DONE, "mine", 10)})
    there = _store(
        tmp_path / "there.toml",
        {
            "content-favicon": (ItemStatus.TODO, "older", 5),
            "settings-debug": (ItemStatus.SKIPPED, "theirs", 20),
        },
    )
    exported = tmp_path / "there.json"
    exported.write_text(export_state(there, "json"))
    report = import_file(here, exported)
    assert here.item("content-favicon").status is ItemStatus.DONE  # ours is newer
    assert here.item("content-favicon").note == "mine"
    assert here.item("settings-debug").status is ItemStatus.SKIPPED  # theirs is newer
    assert report.changes == ["settings-debug: todo → skipped, note updated"]


def _pr_edit(text: str, before: str, after: str) -> str:
    assert before in text, before
    return text.replace(before, after)


def test_a_box_ticked_by_hand_in_a_pull_request_is_imported(tmp_path: Path) -> None:
    here = _store(tmp_path / "a.toml", {})
    text = export_state(here, "markdown")
    text = _pr_edit(text, "- [ ] Make a robots.txt <!--", "- [x] Make a robots.txt <!--")
    text = _pr_edit(text, "- [ ] Set favicon <!--", "- [X] Set favicon <!--")
    exported = tmp_path / "pr.md"
    exported.write_text(text)
    report = import_file(here, exported)
    assert here.item("seo-robots-txt").status is ItemStatus.DONE
    assert here.item("seo-robots-txt").set_by is SetBy.USER
    assert here.item("seo-robots-txt").set_at is not None  # a decision made now
    assert here.item("content-favicon").status is ItemStatus.DONE
    assert report.changes == ["content-favicon: todo → done", "seo-robots-txt: todo → done"]
    assert report.kept == []


def test_a_box_unticked_in_a_pull_request_is_imported(tmp_path: Path) -> None:
    here = _store(tmp_path / "a.toml", {"content-favicon": (ItemStatus.DONE, "", 3)})
    here.record_finding(Finding("settings-hsts", Verdict.PASS, "max-age=31536000", "http.hsts"), T0)
    assert here.item("settings-hsts").set_by is SetBy.PROBE  # a probe closed it
    text = export_state(here, "markdown")
    text = _pr_edit(text, "- [x] Set favicon <!--", "- [ ] Set favicon <!--")
    text = _pr_edit(
        text,
        "- [x] Set HTTP Strict Transport Security: http://bit.ly/dj-http-strict-transport-security"
        " ✓ probe <!--",
        "- [ ] Set HTTP Strict Transport Security: http://bit.ly/dj-http-strict-transport-security"
        " ✓ probe <!--",
    )
    exported = tmp_path / "pr.md"
    exported.write_text(text)
    report = import_file(here, exported)
    for item_id in ("content-favicon", "settings-hsts"):
        state = here.item(item_id)
        assert state.status is ItemStatus.TODO, item_id
        assert state.set_by is SetBy.USER and state.set_at is not None
        assert state.set_at > T0 + dt.timedelta(minutes=3)
    assert sorted(report.changes) == ["content-favicon: done → todo", "settings-hsts: done → todo"]
    # Imported again, the same file changes nothing: the state now matches its boxes.
    assert import_file(here, exported).changes == []


def test_a_later_decision_here_beats_an_earlier_pull_request_edit(tmp_path: Path) -> None:
    here = _store(
        tmp_path / "a.toml",
        {"content-favicon": (ItemStatus.DONE, "", 3), "seo-robots-txt": (ItemStatus.TODO, "", 3)},
    )
    text = export_state(here, "markdown")
    text = _pr_edit(text, "- [x] Set favicon <!--", "- [ ] Set favicon <!--")
    text = _pr_edit(text, "- [ ] Make a robots.txt <!--", "- [x] Make a robots.txt <!--")
    exported = tmp_path / "pr.md"
    exported.write_text(text)
    # After the export, decided again here: favicon not applicable, robots.txt still to do
    # (same status, but a newer decision).
    here.set_status("content-favicon", ItemStatus.SKIPPED, at=T0 + dt.timedelta(minutes=9))
    here.set_status("seo-robots-txt", ItemStatus.TODO, at=T0 + dt.timedelta(minutes=9))
    report = import_file(here, exported)
    assert here.item("content-favicon").status is ItemStatus.SKIPPED
    assert here.item("seo-robots-txt").status is ItemStatus.TODO
    assert report.changes == []
    assert sorted(report.kept) == [
        "content-favicon: kept skipped, decided here at 2026-03-01T12:09:00Z after the export, "
        "over the pull request's todo",
        "seo-robots-txt: kept todo, decided here at 2026-03-01T12:09:00Z after the export, "
        "over the pull request's done",
    ]


def test_markdown_marks_probe_closed_boxes_and_sums_up_at_the_top(tmp_path: Path) -> None:
    store = _store(tmp_path / "s.toml", {"content-favicon": (ItemStatus.DONE, "", 1)})
    store.set_target("https://shop.test/")
    late = T0 + dt.timedelta(hours=1, microseconds=123456)
    store.record_finding(Finding("settings-hsts", Verdict.PASS, "max-age=1", "http.hsts"), T0)
    store.record_finding(Finding("settings-debug", Verdict.FAIL, "DEBUG = True", "http.x"), late)
    store.record_project_finding(
        Finding("settings-anonymize-admin", Verdict.FAIL, "admin/ in urls", "project.admin"), T0
    )
    for item_id, at in (("settings-hsts", T0), ("settings-debug", late)):
        state = store.item(item_id)
        assert state.probe is not None
        state.probe = dataclasses.replace(state.probe, probed_at=at)
        state.set_at = at if state.set_at else None
        store.replace_item(item_id, state)
    admin = store.item("settings-anonymize-admin")
    assert admin.project is not None
    admin.project = dataclasses.replace(admin.project, probed_at=T0)
    store.replace_item("settings-anonymize-admin", admin)
    text = export_state(store, "markdown")
    lines = text.splitlines()
    assert lines[2] == (
        "Target: https://shop.test/ · 2/92 done · 2 failing · last probe 2026-03-01T13:00:00Z"
    )
    assert (
        lines[4]
        == "Failing: Anonymize the URLs for Admin, Celery Flower, etc. · Guarantee `DEBUG = False`"
    )
    assert (
        "- [x] Set HTTP Strict Transport Security: http://bit.ly/dj-http-strict-transport-security"
        " ✓ probe <!--" in text
    )
    assert "- [x] Set favicon <!--" in text  # ticked by hand: claimed, not checked
    assert ".123456" not in text and "(2026-03-01T13:00:00Z)" in text
    assert "<!-- launchtui:settings-hsts done probe 2026-03-01T12:00:00Z -->" in text


def test_a_plain_devchecklists_list_is_matched_by_title(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text("## Django Settings\n * [x] Guarantee `DEBUG = False`\n * [ ] Nope\n")
    store = StateStore.open(tmp_path / "s.toml", CATALOG)
    import_file(store, path)
    assert store.item("settings-debug").status is ItemStatus.DONE


def test_probe_records_import_when_newer(tmp_path: Path) -> None:
    there = StateStore.open(tmp_path / "there.toml", CATALOG)
    there.record_finding(Finding("settings-hsts", Verdict.WARN, "short max-age", "http.hsts"), T0)
    there.save()
    here = StateStore.open(tmp_path / "here.toml", CATALOG)
    import_file(here, tmp_path / "there.toml")
    assert here.item("settings-hsts").probe is not None
    assert here.item("settings-hsts").probe.verdict is Verdict.WARN


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.json", "{not json", "not valid JSON"),
        ("bad.json", '{"items": [{"status": "done"}]}', "has no 'id'"),
        ("bad.toml", "[[[", "not valid TOML"),
        ("bad.md", "just prose\n", "no checklist items"),
    ],
)
def test_a_bad_export_is_a_one_line_error(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ImportFileError, match=message) as caught:
        import_file(StateStore.open(tmp_path / "s.toml", CATALOG), path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("fmt", ["markdown", "json", "toml"])
def test_import_fills_a_missing_target_but_never_replaces_one(tmp_path: Path, fmt: str) -> None:
    source = _store(tmp_path / "a.toml", {"settings-debug": (ItemStatus.DONE, "", 1)})
    source.set_target("https://shop.test/")
    exported = tmp_path / f"export.{ {'markdown': 'md'}.get(fmt, fmt) }"
    exported.write_text(export_state(source, fmt))
    blank = StateStore.open(tmp_path / "blank.toml", CATALOG)
    assert "target: https://shop.test/" in import_file(blank, exported).changes
    assert blank.target_url == "https://shop.test/"
    mine = StateStore.open(tmp_path / "mine.toml", CATALOG)
    mine.set_target("https://staging.shop.test/")
    import_file(mine, exported)
    assert mine.target_url == "https://staging.shop.test/"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.json", '{"items": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
        ("deep.json", '{"items": [], "x": ' + '{"a": ' * 100 + "1" + "}" * 100 + "}", "nested"),
        ("big.json", '{"items": [], "n": ' + "9" * 5000 + "}", "not valid JSON"),
        ("big.toml", "n = " + "9" * 5000 + "\n", "not valid TOML"),
        (
            "naive.json",
            '{"items": [{"id": "settings-debug", "status": "done", "set_at": "2026-01-01T10:00"}]}',
            "no UTC offset",
        ),
        (
            "far.json",
            '{"items": [{"id": "settings-debug", "status": "done", '
            '"set_at": "9999-12-31T23:59:59-14:00"}]}',
            "out of range",
        ),
        (
            "future.json",
            '{"items": [{"id": "settings-debug", "status": "done", '
            '"set_at": "2999-01-01T00:00:00Z"}]}',
            "in the future",
        ),
        (
            "bad.toml",
            'schema = 2\n[items.settings-debug]\nstatus = "done"\nset_at = 2026-01-01T10:00:00\n',
            r"bad.toml:4: items.settings-debug.set_at has no UTC offset",
        ),
    ],
)
def test_hostile_exports_are_one_line_errors_never_tracebacks(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    store = StateStore.open(tmp_path / "s.toml", CATALOG)
    with pytest.raises(ImportFileError, match=message) as caught:
        import_file(store, path)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 400
    assert not store.dirty


@pytest.mark.parametrize("fmt", ["markdown", "json", "toml"])
def test_an_export_of_another_checklist_is_refused_naming_both(tmp_path: Path, fmt: str) -> None:
    from launchtui.catalog import parse_markdown

    other = parse_markdown(
        "# Flask launch\n## Settings\n* [ ] Set favicon\n* [ ] Guarantee `DEBUG = False`\n",
        name="flask",
    )
    source = StateStore.open(tmp_path / "flask.toml", other)
    for item in other.items():
        source.set_status(item.id, ItemStatus.DONE, at=T0)
    exported = tmp_path / f"flask.{ {'markdown': 'md'}.get(fmt, fmt) }"
    exported.write_text(export_state(source, fmt))
    store = StateStore.open(tmp_path / "django.toml", CATALOG)
    with pytest.raises(ImportFileError) as caught:
        import_file(store, exported)
    assert "'Flask launch'" in str(caught.value)
    assert "'Django Production Launch'" in str(caught.value)
    assert not store.dirty and store.progress()[0] == 0
