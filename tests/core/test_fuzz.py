"""Fuzzing what a user (or an attacker) can hand launchtui: state files, exports to import, and
checklists. Whatever the input, the command line ends with exit 0 or a one-line error (exit 2),
never a traceback, and a state file it could not read is left exactly as it was.

Inputs come from grammars of the real formats (so most get past the parser and reach the
checks behind it), filled with hostile values: wrong types, huge numbers, naive, far-future and
out-of-range times, deep nesting, control characters and markup. Examples are bounded so the
whole module runs in seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchtui.catalog import load_bundled
from launchtui.cli import main

IDS = [item.id for item in load_bundled().items()]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["[/admin]", "[@click=app.quit]x[/]", "\x1b]52;c;cm0=\x07", "\u202e", "-->", "", " "]
    ),
)
times = st.one_of(
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),  # naive
    st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [dt.UTC, dt.timezone(dt.timedelta(hours=-14)), dt.timezone(dt.timedelta(hours=14))]
        ),
    ),
    st.dates(),
    st.times(),
)
scalars = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.floats(allow_nan=False),
    times,
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=8,
)
item_ids = st.one_of(st.sampled_from(IDS), hostile_text.filter(bool))
one_line = hostile_text.map(lambda t: " ".join(t.splitlines()))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the right kind of value, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, values)


probe_tables = st.fixed_dictionaries(
    {},
    optional={
        "verdict": _maybe(st.sampled_from(["pass", "warn", "fail", "unknown"])),
        "evidence": _maybe(hostile_text),
        "detail": _maybe(hostile_text),
        "probes": _maybe(st.lists(hostile_text, max_size=3)),
        "probed_at": _maybe(times),
        "run": _maybe(times),
    },
)
item_tables = st.fixed_dictionaries(
    {},
    optional={
        "status": _maybe(st.sampled_from(["todo", "done", "skipped", "Done"])),
        "note": _maybe(hostile_text),
        "note_at": _maybe(times),
        "set_by": _maybe(st.sampled_from(["user", "probe"])),
        "set_at": _maybe(times),
        "probe": _maybe(probe_tables),
        "project": _maybe(probe_tables),
    },
)
state_documents = st.fixed_dictionaries(
    {},
    optional={
        "schema": st.one_of(st.sampled_from([1, 2, 3, 0, -1, "1", 10**40]), values),
        "checklist": _maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "name": _maybe(st.just("Django Production Launch") | hostile_text),
                    "version": _maybe(hostile_text),
                },
            )
        ),
        "target": _maybe(st.fixed_dictionaries({}, optional={"url": _maybe(hostile_text)})),
        "items": _maybe(st.dictionaries(item_ids, _maybe(item_tables), max_size=4)),
    },
)


def _deep(depth: int, kind: str) -> str:
    if kind == "toml-array":
        return "schema = 2\nx = " + "[" * depth + "]" * depth + "\n"
    if kind == "toml-table":
        return "schema = 2\nx = " + "{a = " * depth + "1" + "}" * depth + "\n"
    return '{"items": ' + "[" * depth + "]" * depth + "}"


def _toml(document: dict[str, Any]) -> str:
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):  # e.g. a value tomli_w cannot write: write a plain one
        return tomli_w.dumps({"schema": 2, "items": {}})


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def run_cli(*argv: str) -> tuple[int, str]:
    """Run the command line in-process; any exception but SystemExit fails the test."""
    err, out = StringIO(), StringIO()
    with redirect_stderr(err), redirect_stdout(out):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's own usage errors
            code = int(exc.code or 0)
    return code, err.getvalue()


def assert_clean_outcome(code: int, stderr: str) -> None:
    assert code in (0, 2), (code, stderr)
    assert not [c for c in stderr if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"]
    if code == 2:
        assert stderr.count("\n") == 1 and stderr.startswith("launchtui: "), stderr
        assert "Traceback" not in stderr


@FUZZ
@given(document=state_documents, fmt=st.sampled_from(["markdown", "json", "toml"]))
def test_any_state_file_exports_or_is_refused_in_one_line(
    document: dict[str, Any], fmt: str
) -> None:
    with _folder() as folder:
        state = folder / "state.toml"
        state.write_text(_toml(document))
        before = state.read_bytes()
        code, stderr = run_cli("export", "--format", fmt, "--state", str(state))
        assert_clean_outcome(code, stderr)
        assert state.read_bytes() == before  # export never writes the state file


@FUZZ
@given(document=state_documents)
def test_any_state_file_takes_an_import_or_is_left_as_it_was(document: dict[str, Any]) -> None:
    with _folder() as folder:
        state = folder / "state.toml"
        state.write_text(_toml(document))
        before = state.read_bytes()
        export = folder / "teammate.json"
        export.write_text(json.dumps({"items": [{"id": IDS[0], "status": "done"}]}))
        code, stderr = run_cli("import", "--state", str(state), str(export))
        assert_clean_outcome(code, stderr)
        if code == 2:
            assert state.read_bytes() == before  # a file it refused is never overwritten


json_entries = st.fixed_dictionaries(
    {"id": _maybe(st.sampled_from(IDS))},
    optional={
        "status": _maybe(st.sampled_from(["todo", "done", "skipped"])),
        "note": _maybe(hostile_text),
        "set_by": _maybe(st.sampled_from(["user", "probe"])),
        "set_at": _maybe(st.one_of(times.map(str), hostile_text)),
        "verdict": _maybe(st.sampled_from(["pass", "warn", "fail", "unknown"])),
        "evidence": _maybe(hostile_text),
        "probed_at": _maybe(st.one_of(times.map(str), hostile_text)),
    },
)
json_exports = st.one_of(
    st.fixed_dictionaries(
        {"items": _maybe(st.lists(_maybe(json_entries), max_size=4))},
        optional={"target": _maybe(hostile_text), "checklist": values},
    ),
    values,
)
markdown_lines = st.one_of(
    st.builds(
        lambda indent, box, text, item_id, status, tail: (
            f"{indent}- [{box}] {text} <!-- launchtui:{item_id} {status}{tail} -->"
        ),
        st.sampled_from(["", "  ", "\t", " " * 40]),
        st.sampled_from([" ", "x", "X"]),
        one_line,
        st.one_of(st.sampled_from(IDS), st.sampled_from(IDS), one_line),
        st.sampled_from(["todo", "done", "skipped", "bogus"]),
        st.sampled_from(
            [
                "",
                " user",
                " probe 2026-01-01T00:00:00Z",
                " user 9999-12-31T23:59:59-14:00",
                " user 2026-01-01T00:00:00",
                " user not-a-time",
            ]
        ),
    ),
    one_line.map(lambda t: f"  > {t}"),
    one_line.map(lambda t: f"Target: {t} · 1/92 closed"),
    hostile_text.map(lambda t: f"<!-- launchtui:export checklist={json.dumps(t)} version=x -->"),
    hostile_text,
)


@FUZZ
@given(
    kind=st.sampled_from(["json", "md", "toml"]),
    json_doc=json_exports,
    md_lines=st.lists(markdown_lines, max_size=8),
    toml_doc=state_documents,
)
def test_any_export_is_imported_or_refused_in_one_line(
    kind: str, json_doc: Any, md_lines: list[str], toml_doc: dict[str, Any]
) -> None:
    with _folder() as folder:
        state = folder / "state.toml"
        run_cli("import", "--state", str(state), str(_seed(folder)))
        before = state.read_bytes()
        export = folder / f"export.{kind}"
        if kind == "json":
            export.write_text(json.dumps(json_doc, default=str))
        elif kind == "md":
            export.write_text("\n".join(md_lines) + "\n")
        else:
            export.write_text(_toml(toml_doc))
        code, stderr = run_cli("import", "--state", str(state), str(export))
        assert_clean_outcome(code, stderr)
        if code == 2:
            assert state.read_bytes() == before
        code, stderr = run_cli("export", "--format", "markdown", "--state", str(state))
        assert code == 0, stderr  # what was imported is readable again


def _seed(folder: Path) -> Path:
    seed = folder / "seed.json"
    seed.write_text(json.dumps({"items": [{"id": IDS[1], "status": "done", "note": "seed"}]}))
    return seed


@settings(max_examples=6, deadline=None)
@given(
    kind=st.sampled_from(["toml-array", "toml-table", "json"]),
    depth=st.sampled_from([50, 2_000, 100_000]),
)
def test_deep_nesting_is_refused_in_one_line(kind: str, depth: int) -> None:
    with _folder() as folder:
        if kind == "json":
            state, export = folder / "state.toml", folder / "deep.json"
            export.write_text(_deep(depth, kind))
            code, stderr = run_cli("import", "--state", str(state), str(export))
        else:
            state = folder / "state.toml"
            state.write_text(_deep(depth, kind))
            code, stderr = run_cli("export", "--state", str(state))
        assert_clean_outcome(code, stderr)


checklist_lines = st.one_of(
    st.builds(lambda h, t: f"{h} {t}", st.sampled_from(["#", "##", "###", "  ##"]), hostile_text),
    st.builds(
        lambda indent, box, t: f"{indent}* [{box}] {t}",
        st.sampled_from(["", "  ", "    ", "\t", "\t\t", " " * 30, " " * 200]),
        st.sampled_from([" ", "x"]),
        hostile_text.filter(lambda t: t.strip() != ""),
    ),
    hostile_text,
)


@FUZZ
@given(lines=st.lists(checklist_lines, max_size=12), fmt=st.sampled_from(["markdown", "json"]))
def test_any_checklist_is_loaded_or_refused_in_one_line(lines: list[str], fmt: str) -> None:
    with _folder() as folder:
        checklist = folder / "list.md"
        checklist.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        args = ["--checklist", str(checklist), "--state", str(folder / "state.toml")]
        code, stderr = run_cli("export", "--format", fmt, *args)
        assert_clean_outcome(code, stderr)
        if code == 0:
            note = folder / "note.json"
            note.write_text(json.dumps({"items": [{"id": "x", "status": "done"}]}))
            assert_clean_outcome(*run_cli("import", *args, str(note)))
