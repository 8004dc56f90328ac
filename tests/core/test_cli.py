"""The command line: light imports, one-line errors with exit code 2, export and import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("textual", "httpx", "sslyze", "rich", "dns", "h2")

_PROBE_IMPORTS = """
import runpy, sys
sys.argv = ["launchtui", *sys.argv[1:]]
try:
    runpy.run_module("launchtui", run_name="__main__")
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
""".replace("HEAVY)", repr(HEAVY) + ")")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "launchtui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=cwd,
    )


def heavy_modules_after(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE_IMPORTS, *args], capture_output=True, text=True, timeout=60
    )
    line = next(ln for ln in result.stderr.splitlines() if ln.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("--help",),
        ("export", "--format", "json"),
        ("export", "--format", "markdown"),
        ("import", "MISSING.json"),
    ],
)
def test_light_commands_import_no_heavy_library(args: tuple[str, ...], tmp_path: Path) -> None:
    if args[0] in ("export", "import"):
        args = (*args, "--state", str(tmp_path / "s.toml"))
    assert heavy_modules_after(*args) == []


def test_core_modules_import_without_textual() -> None:
    code = (
        "import sys, launchtui.state, launchtui.probes, launchtui.catalog, launchtui.exchange;"
        "import launchtui.probes.runner;"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr


def test_version_and_help() -> None:
    from launchtui import __version__

    assert run_cli("--version").stdout.strip() == f"launchtui {__version__}"
    help_text = run_cli("--help").stdout
    for word in ("export", "import", "probe", "--state", "--checklist", "Vinta"):
        assert word in help_text


def test_a_corrupt_state_file_gives_exit_2_one_line_and_stays_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    content = b'schema = 1\n[items.content-favicon]\nstatus = "done"\nnote = "unterminated\n'
    path.write_bytes(content)
    for args in (
        ("export", "--state", str(path)),
        ("import", str(path), "--state", str(path)),
        ("--state", str(path)),
    ):
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and "line 4" in lines[0], lines
        assert path.read_bytes() == content


def test_usage_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    for args in (
        ("export", "--format", "yaml"),
        ("frobnicate",),
        ("--checklist", str(tmp_path / "missing.md"), "export"),
        ("import", str(tmp_path / "missing.json"), "--state", str(tmp_path / "s.toml")),
    ):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)


def test_export_import_through_the_command_line(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(
        'schema = 1\n[checklist]\nname = "Django Production Launch"\nversion = "x"\n'
        '[items.settings-debug]\nstatus = "done"\nset_by = "user"\n'
        "set_at = 2026-01-01T00:00:00Z\n"
        '[items.seo-sitemap]\nstatus = "skipped"\nnote = "API only"\nset_by = "user"\n'
        "set_at = 2026-01-01T00:00:00Z\n"
    )
    md = tmp_path / "out.md"
    assert run_cli("export", "--state", str(a), "-o", str(md)).returncode == 0
    result = run_cli("import", str(md), "--state", str(b))
    assert result.returncode == 0
    assert "settings-debug: todo → done" in result.stdout
    assert "2 item(s) changed" in result.stdout
    data = json.loads(run_cli("export", "--state", str(b), "--format", "json").stdout)
    statuses = {i["id"]: (i["status"], i["note"]) for i in data["items"]}
    assert statuses["settings-debug"] == ("done", "")
    assert statuses["seo-sitemap"] == ("skipped", "API only")
    again = run_cli("import", str(md), "--state", str(b))
    assert again.returncode == 0 and "nothing to change" in again.stdout


def test_a_custom_checklist_gets_its_own_state(tmp_path: Path) -> None:
    checklist = tmp_path / "mine.md"
    checklist.write_text("# Our launch\n## Ops\n* [ ] Page the on-call\n")
    state = tmp_path / "s.toml"
    out = run_cli(
        "--checklist", str(checklist), "export", "--state", str(state), "--format", "json"
    )
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert data["checklist"]["name"] == "Our launch"
    assert [i["id"] for i in data["items"]] == ["page-the-on-call"]
