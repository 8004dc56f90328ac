"""``launchtui probe`` as a user runs it: a subprocess, real sites, exit codes and outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest

from launchtui.catalog import load_bundled
from launchtui.probes.http import ITEMS
from tests.probes_http.conftest import Site
from tests.support.servers import REPO, Server, refused_port

# The default state file must never be the real user's: point the data folder elsewhere.
DATA_HOME = tempfile.mkdtemp(prefix="launchtui-data-")


def probe(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m launchtui probe …`` with only the http family (no DNS leaves the host)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environment["XDG_DATA_HOME"] = DATA_HOME
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "launchtui", "probe", *args, "--only", "http"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=environment,
        timeout=120,
    )


@pytest.fixture(scope="module")
def good_json(good_site: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    state = tmp_path_factory.mktemp("state") / "state.toml"
    done = probe(*good_site.cli_args(), "--format", "json", "--state", str(state))
    assert done.stderr.count("\n") <= 1, done.stderr
    return done.returncode, {"report": json.loads(done.stdout), "state": state}


def test_a_clean_site_exits_0_with_a_json_report(good_json: tuple[int, dict]) -> None:
    code, out = good_json
    assert code == 0
    report = out["report"]
    assert set(report) == {"target", "results"}
    assert report["target"].startswith("https://good.test:")
    ids = [r["id"] for r in report["results"]]
    assert len(ids) == len(set(ids))
    assert set(ITEMS) <= set(ids)
    catalog = load_bundled()
    for result in report["results"]:
        assert set(result) == {
            "id", "section", "title", "verdict", "evidence", "probe", "not_applicable"
        }  # fmt: skip
        item = catalog.item(result["id"])
        assert result["title"] == item.title
        assert result["section"] == catalog.section(item.section_id).title
        assert result["verdict"] in ("pass", "unknown", "warn")
    hsts = next(r for r in report["results"] if r["id"] == "settings-hsts")
    assert hsts["verdict"] == "pass" and hsts["probe"] == "http.hsts"


def test_results_are_recorded_in_the_state_file(good_json: tuple[int, dict]) -> None:
    _, out = good_json
    state = tomllib.loads(out["state"].read_text())
    assert state["target"]["url"] == out["report"]["target"]
    assert state["items"]["settings-hsts"]["status"] == "done"


def test_without_url_the_state_files_target_is_probed(
    good_json: tuple[int, dict], good_site: Site
) -> None:
    _, out = good_json
    done = probe(*good_site.cli_args()[1:], "--state", str(out["state"]), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["target"] == out["report"]["target"]


def test_a_failing_site_exits_1_and_no_save_writes_nothing(bad_site: Site, tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    done = probe(*bad_site.cli_args(), "--state", str(state), "--no-save")
    assert done.returncode == 1, done.stderr
    assert not state.exists()
    assert "FAIL" in done.stdout and "Guarantee `DEBUG = False`" in done.stdout
    assert "\x1b[" not in done.stdout  # not a terminal, no FORCE_COLOR: plain text


def test_colours_are_forced_on_and_no_color_wins(bad_site: Site) -> None:
    coloured = probe(*bad_site.cli_args(), "--no-save", env={"FORCE_COLOR": "1"})
    assert "\x1b[1;31mFAIL" in coloured.stdout
    plain = probe(*bad_site.cli_args(), "--no-save", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.returncode == 1
    assert "\x1b" not in plain.stdout


def test_markdown_report(good_site: Site) -> None:
    done = probe(*good_site.cli_args(), "--no-save", "--format", "markdown")
    assert done.returncode == 0
    assert done.stdout.startswith("# Probe results for https://good.test:")
    assert "## Django Settings" in done.stdout
    assert "- **PASS** Set HTTP Strict Transport Security: max-age=31536000" in done.stdout


def test_hostile_title_is_shown_literally_and_harmlessly(
    hostile: Server, good_site: Site, tmp_path: Path
) -> None:
    markup = Site(hostile, "markup.test", good_site.ca)
    done = probe(*markup.cli_args(), "--no-save", env={"NO_COLOR": "1"})
    assert "[bold red]pwned[/bold red]" in done.stdout
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    as_json = probe(*markup.cli_args(), "--no-save", "--format", "json")
    titles = next(r for r in json.loads(as_json.stdout)["results"] if r["id"] == "seo-titles")
    assert "[bold red]pwned[/bold red]" in titles["evidence"]
    assert "\\[" not in titles["evidence"]


def test_an_unreachable_target_exits_2_with_one_line(good_site: Site, tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    with refused_port() as https_port, refused_port() as http_port:
        url = f"https://good.test:{https_port}/"
        args = [*good_site.cli_args(url), "--http-url", f"http://good.test:{http_port}/"]
        done = probe(*args, "--state", str(state))
    assert done.returncode == 2
    assert not state.exists()
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "cannot reach" in done.stderr and "connection refused" in done.stderr
    assert done.stderr.count(url) == 1, done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["https://good.test/", "--resolve", "good.test"], "--resolve wants HOST:ADDR"),
        (["https://good.test/", "--timeout", "0"], "--timeout"),
        (["ftp://good.test/"], "must start with https://"),
        (["https://good.test/", "--ca-bundle", "/nonexistent.pem"], "no such file"),
        (["https://good.test/", "--ca-bundle", str(REPO / "README.md")], "no PEM CA certificate"),
        (
            ["https://good.test/", "--http-url", "http://other.test:8080/"],
            "other.test is not one of the target's own hosts",
        ),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    done = probe(*args, "--state", str(tmp_path / "s.toml"))
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stderr.count("\n") == 1


def test_an_unknown_family_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "launchtui", "probe", "https://good.test/", "--only", "smtp"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "XDG_DATA_HOME": DATA_HOME},
        timeout=60,
    )
    assert done.returncode == 2
    assert "smtp" in done.stderr


def test_a_bad_state_file_exits_2(good_site: Site, tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    state.write_text("this is = = not toml\n")
    done = probe(*good_site.cli_args(), "--state", str(state))
    assert done.returncode == 2
    assert str(state) in done.stderr and done.stderr.count("\n") == 1
    assert state.read_text() == "this is = = not toml\n"


def test_the_command_imports_neither_textual_nor_sslyze() -> None:
    code = (
        "import sys, launchtui.commands.probe, launchtui.probes.http; "
        "bad = {'textual', 'sslyze'} & set(sys.modules); assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
