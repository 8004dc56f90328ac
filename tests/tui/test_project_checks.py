"""The project checks in the TUI: --project saved in the state, P to set it, p runs them.

The checks read the real test projects of tests/projects/data (static tier: no project code
runs), in the app's worker thread, through Textual's Pilot.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from launchtui.probes.model import Verdict
from launchtui.probes.options import ProbeOptions
from launchtui.probes.project.options import ProjectOptions
from launchtui.state import ItemStatus, SetBy
from launchtui.tui import LaunchApp
from tests.tui.conftest import AppFactory
from tests.tui.test_app import detail, line, read_state, record_notifications, saved_item, settle

DATA = Path(__file__).resolve().parents[1] / "projects" / "data"
SIZE = (110, 36)


async def wait_for_project(app: LaunchApp, pilot: Pilot[None], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    await pilot.pause(0.05)
    while app._project_worker is not None and app._project_worker.is_running:
        assert time.monotonic() < deadline, "the project checks did not end"
        await pilot.pause(0.05)
    await settle(app, pilot)


async def test_p_runs_the_project_checks_and_records_them_beside_the_site(
    make_app: AppFactory, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(project_options=ProjectOptions(path=DATA / "looksright"))
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("p")  # no site set: only the project checks run
        await wait_for_project(app, pilot)
        assert any(n.startswith("Project: Project checks:") and "fail" in n for n in notes), notes
        managers = app.store.item("settings-managers")
        assert managers.project is not None and managers.project.verdict is Verdict.FAIL
        assert managers.probe is None  # never the site's record
        assert line(app, "settings-managers").startswith("[✗]")
        # The detail pane shows the project's evidence and rule.
        app.checklist.select_item("settings-managers")
        await settle(app, pilot)
        shown = detail(app)
        assert "Project checks" in shown and "BrokenLinkEmailsMiddleware" in shown
        assert "Rule: MANAGERS only matter" in shown
    saved = saved_item(state_path, "settings-managers")
    assert saved["project"]["verdict"] == "fail" and "probe" not in saved
    target = read_state(state_path)["target"]
    assert target["project"]["path"].endswith("looksright")


async def test_the_project_is_remembered_so_the_next_start_needs_no_flags(
    make_app: AppFactory, state_path: Path
) -> None:
    options = ProjectOptions(path=DATA / "sloppy", settings="mysite.settings")
    first = make_app(project_options=options)
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
    app = make_app()
    assert app.project_options is not None
    assert app.project_options.path == (DATA / "sloppy").resolve()
    assert app.project_options.settings == "mysite.settings"


async def test_a_site_pass_no_longer_shows_passed_when_the_project_fails(
    make_app: AppFactory, state_path: Path
) -> None:
    from launchtui.probes.model import Finding
    from launchtui.state import now

    app = make_app(project_options=ProjectOptions(path=DATA / "looksright"))
    async with app.run_test(size=SIZE) as pilot:
        app.store.record_finding(
            Finding("settings-hsts", Verdict.PASS, "max-age=31536000", "http.hsts"), now()
        )
        app.refresh_item("settings-hsts")
        await settle(app, pilot)
        state = app.store.item("settings-hsts")
        assert (state.status, state.set_by) == (ItemStatus.DONE, SetBy.PROBE)
        assert line(app, "settings-hsts").startswith("[✓]")
        await pilot.press("p")
        await wait_for_project(app, pilot)
        # SECURE_HSTS_SECONDS without SecurityMiddleware: the worse verdict shows.
        assert app.store.item("settings-hsts").project.verdict is Verdict.FAIL  # type: ignore[union-attr]
        assert line(app, "settings-hsts").startswith("[✗]")


async def test_only_project_runs_no_site_probe(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(
        url="https://shop.test/",
        probe_options=ProbeOptions(families=("project",)),
        project_options=ProjectOptions(path=DATA / "launchready"),
    )
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("p")
        assert app.probe_run is None  # the site is not probed
        await wait_for_project(app, pilot)
        assert app.store.item("settings-upload-to").project is not None
        assert all("Probes:" not in n for n in notes), notes


async def test_p_without_site_or_project_says_how_to_set_them(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("p")
        await settle(app, pilot)
        assert len(notes) == 1 and "press u" in notes[0] and "with P" in notes[0], notes


async def test_shift_p_sets_the_project_and_refuses_a_folder_without_one(
    make_app: AppFactory, state_path: Path, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("P")
        await settle(app, pilot)
        empty = tmp_path / "nothing-here"
        empty.mkdir()
        await pilot.press(*str(empty), "enter")
        await settle(app, pilot)
        assert "no manage.py" in app.screen.query_one("#project-error").render().plain  # type: ignore[attr-defined]
        await pilot.press("ctrl+a", "ctrl+k", *str(DATA / "launchready"), "enter")
        await settle(app, pilot)
        assert app.project_options is not None
        assert app.project_options.path == (DATA / "launchready").resolve()
    assert read_state(state_path)["target"]["project"]["path"].endswith("launchready")


def test_project_options_on_the_command_line_are_checked_before_the_tui(tmp_path: Path) -> None:
    state = tmp_path / "s.toml"
    for args, message in (
        (["--settings", "x.y"], "--settings goes with --project PATH"),
        (["--project", str(tmp_path)], "no manage.py"),
        (["--project", str(DATA / "sloppy"), "--python", sys.executable], "--allow-project-code"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "launchtui", "--state", str(state), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr, (args, done.stderr)
    assert not state.exists()
