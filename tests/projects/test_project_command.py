"""``launchtui project`` on real Django projects, static tier, in a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


def launchtui(*args: str, state: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "launchtui", "project", *args, "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=cwd,
    )


def report(project: str, tmp_path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    done = launchtui(
        str(DATA / project), "--format", "json", "--no-save", *extra, state=tmp_path / "s.toml"
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def verdicts(document: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["verdict"] for r in document["results"]}


def test_the_json_shape_is_probes_plus_the_project(tmp_path: Path) -> None:
    code, document = report("launchready", tmp_path)
    assert code == 0
    assert set(document) == {"target", "project", "results"}
    assert document["project"]["settings"] == "config.settings.production"
    assert "config/wsgi.py" in document["project"]["settings_found"]
    assert document["project"]["tier"] == "static"
    first = document["results"][0]
    assert set(first) == {
        "id", "section", "title", "verdict", "evidence", "probe", "not_applicable"
    }  # fmt: skip
    assert {r["probe"] for r in document["results"]} == {"project"}
    settings_items = [r for r in document["results"] if r["id"] == "settings-hsts"]
    assert "[config.settings.production]" in settings_items[0]["evidence"]


def test_launch_ready_project_has_no_failure_and_env_values_never_pass(tmp_path: Path) -> None:
    _, document = report("launchready", tmp_path)
    found = verdicts(document)
    assert "fail" not in found.values(), [r for r in document["results"] if r["verdict"] == "fail"]
    # Read from the environment: not known without running the project.
    for item in ("settings-debug", "settings-secret-key", "settings-allowed-hosts"):
        assert found[item] == "unknown", item
    for item in (
        "settings-managers",
        "settings-admins",
        "settings-atomic-requests",
        "settings-upload-to",
        "settings-env-vars",
        "email-metadata",
        "monitoring-log-prefixes",
        "monitoring-logging-service",
        "server-no-sudo",
        "server-throttling",
        "server-upload-size-limit",
        "server-upload-media-types",
    ):
        assert found[item] == "pass", item
    # Configured in settings but not observed on the site: a warning until the site is probed.
    assert found["settings-hsts"] == "warn"
    # Bundled end-of-life data is older than six months: never a pass.
    assert found["server-python-version"] != "pass"


def test_sloppy_project_fails_where_it_should(tmp_path: Path) -> None:
    code, document = report("sloppy", tmp_path)
    assert code == 1
    found = verdicts(document)
    evidence = {r["id"]: r["evidence"] for r in document["results"]}
    for item in (
        "settings-debug",
        "settings-secret-key",
        "settings-allowed-hosts",
        "settings-check-deploy",
        "settings-csrf-cookie-secure",
        "settings-session-cookie-secure",
        "settings-ssl-redirect",
        "settings-hsts",
        "settings-admins",
        "settings-upload-to",
        "settings-env-vars",
        "settings-anonymize-admin",
        "email-default-from",
        "email-service",
        "email-templates",
        "monitoring-no-sensitive-logs",
        "monitoring-sentry-backend",
        "monitoring-new-relic",
        "server-python-version",
        "server-heroku-stack",
        "server-no-sudo",
        "server-throttling",
        "server-upload-size-limit",
        "server-rabbitmq",
        "server-ssl-everything",
        "security-readonly-shell",
        "content-error-views",
    ):
        assert found[item] == "fail", (item, evidence[item])
    assert evidence["settings-env-vars"].startswith(".env is tracked by git"), evidence[
        "settings-env-vars"
    ]
    assert "71 characters" in evidence["settings-secret-key"]
    # A secret's value never reaches the report.
    assert "hunter2" not in json.dumps(document)
    assert "django-insecure-7h" not in json.dumps(document)


def test_settings_that_look_right_but_do_nothing_never_pass(tmp_path: Path) -> None:
    _, document = report("looksright", tmp_path)
    found = verdicts(document)
    evidence = {r["id"]: r["evidence"] for r in document["results"]}
    inert = {
        "settings-ssl-redirect": "SecurityMiddleware",
        "settings-hsts": "SecurityMiddleware",
        "settings-content-type-nosniff": "SecurityMiddleware",
        "settings-managers": "BrokenLinkEmailsMiddleware",
        "monitoring-sentry-backend": "dsn=''",
        "server-throttling": "LocMemCache",
        "settings-secret-key": "falls back to a literal",
        "settings-admins": "disable_existing_loggers",
        "settings-check-deploy": "security.W004",
        "monitoring-new-relic": "newrelic-admin",
    }
    for item, why in inert.items():
        assert found[item] == "fail", (item, evidence[item])
        assert why in evidence[item], (item, evidence[item])
    # FILE_UPLOAD_MAX_MEMORY_SIZE is not an upload limit.
    assert found["server-upload-size-limit"] == "warn"
    assert found["server-upload-media-types"] == "warn"


def test_settings_option_and_the_cap_at_warn(tmp_path: Path) -> None:
    _, document = report("launchready", tmp_path, "--settings", "config.settings.local")
    found = verdicts(document)
    evidence = {r["id"]: r["evidence"] for r in document["results"]}
    assert document["project"]["settings"] == "config.settings.local"
    assert document["project"]["settings_found"] == "--settings"
    assert found["settings-debug"] == "fail"  # local.py: DEBUG = True, a literal
    assert (
        found["settings-managers"] == "fail"
    )  # base.py's MANAGERS, production adds the middleware
    assert found["settings-atomic-requests"] == "warn"  # a pass, capped: not the production module
    assert "development or test module" in evidence["settings-atomic-requests"]


def test_a_module_that_is_not_there_makes_settings_items_unknown(tmp_path: Path) -> None:
    _, document = report("launchready", tmp_path, "--settings", "config.settings.staging")
    found = verdicts(document)
    evidence = {r["id"]: r["evidence"] for r in document["results"]}
    assert found["settings-debug"] == "unknown"
    assert "config.settings.staging is not a file" in evidence["settings-debug"]
    assert found["server-no-sudo"] == "pass"  # the Dockerfile still reads


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    state = tmp_path / "s.toml"
    empty = tmp_path / "empty"
    empty.mkdir()
    done = launchtui(str(empty), state=state)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no manage.py" in done.stderr
    done = launchtui(str(DATA / "sloppy"), "--python", sys.executable, state=state)
    assert done.returncode == 2
    assert "--allow-project-code" in done.stderr
    assert not state.exists()


def test_path_defaults_to_the_current_folder_and_finds_manage_py_above(tmp_path: Path) -> None:
    state = tmp_path / "s.toml"
    done = launchtui("--format", "json", "--no-save", state=state, cwd=DATA / "sloppy" / "blog")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["project"]["settings"] == "mysite.settings"
    done = launchtui("--no-save", state=state, cwd=DATA)
    assert done.returncode == 2
    assert "several Django projects below" in done.stderr


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_reports(tmp_path: Path, fmt: str) -> None:
    done = launchtui(
        str(DATA / "looksright"), "--format", fmt, "--no-save", state=tmp_path / "s.toml"
    )
    assert done.returncode == 1
    heading = "launchtui project:" if fmt == "text" else "# Project results for"
    assert done.stdout.startswith(heading)
    assert "FAIL" in done.stdout


def test_probe_refuses_the_project_family_alone(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "launchtui", "probe", "https://shop.test", "--only", "project",
         "--state", str(tmp_path / "s.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "launchtui project" in done.stderr
    assert not (tmp_path / "s.toml").exists()


def test_project_options_round_trip_through_a_table(tmp_path: Path) -> None:
    from launchtui.probes.project.options import ProjectOptions

    project = tmp_path / "repo" / "shop"
    project.mkdir(parents=True)
    options = ProjectOptions(
        path=project,
        settings="config.settings.production",
        env_file=tmp_path / "repo" / "prod.env",
        allow_project_code=True,
        via="heroku run --no-tty -a shop -- python -",
    )
    table = options.to_table(tmp_path / "repo")
    assert table["path"] == "shop" and table["env_file"] == "prod.env"  # relative to the state
    back = ProjectOptions.from_table(table, tmp_path / "repo")
    assert back == options
    outside = ProjectOptions(path=project).to_table(tmp_path / "elsewhere")
    assert outside == {"path": str(project.resolve())}
    with pytest.raises(ValueError, match=r"project\.path"):
        ProjectOptions.from_table({}, None)
    with pytest.raises(ValueError, match="allow_project_code"):
        ProjectOptions.from_table({"path": "x", "allow_project_code": "yes"}, None)


def test_verdicts_are_recorded_under_the_project_part_and_joined_with_the_sites(
    tmp_path: Path,
) -> None:
    import tomllib

    from launchtui.catalog import load_bundled
    from launchtui.probes.model import Finding, Verdict
    from launchtui.state import StateStore, now

    state = tmp_path / "s.toml"
    store = StateStore.open(state, load_bundled())
    # The site already failed HSTS; the project's settings configure it.
    store.record_finding(Finding("settings-hsts", Verdict.FAIL, "no header", "http.hsts"), now())
    store.save()
    done = launchtui(str(DATA / "launchready"), "--format", "json", state=state)
    assert done.returncode == 1, done.stderr  # the site's failure shows through
    assert "recorded" in done.stderr
    rows = {r["id"]: r for r in json.loads(done.stdout)["results"]}
    assert rows["settings-hsts"]["verdict"] == "fail"
    assert "the site's probes: fail" in rows["settings-hsts"]["evidence"]
    items = tomllib.loads(state.read_text(encoding="utf-8"))["items"]
    assert items["settings-hsts"]["probe"]["verdict"] == "fail"
    assert items["settings-hsts"]["project"]["verdict"] == "pass"
    assert items["settings-managers"]["project"]["verdict"] == "pass"
    assert "probe" not in items["settings-managers"]
    assert items["settings-managers"].get("status", "todo") == "todo"  # no decision changes


@pytest.mark.parametrize("user", ["$APP_USER", "${UID}:${GID}"])
def test_a_build_time_user_in_the_final_stage_is_not_a_pass(tmp_path: Path, user: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "launchready", project)
    dockerfile = project / "Dockerfile"
    text = dockerfile.read_text(encoding="utf-8")
    # The last USER wins: root for the build steps, then whatever the build argument says.
    dockerfile.write_text(f"{text}USER root\nRUN true\nUSER {user}\n", encoding="utf-8")
    done = launchtui(str(project), "--format", "json", "--no-save", state=tmp_path / "s.toml")
    assert done.returncode in (0, 1), done.stderr
    found = {r["id"]: r for r in json.loads(done.stdout)["results"]}
    assert found["server-no-sudo"]["verdict"] == "unknown", found["server-no-sudo"]
    assert "set at build time" in found["server-no-sudo"]["evidence"]


@pytest.mark.parametrize(
    "change",
    [
        'DATABASES["default"].update({"ATOMIC_REQUESTS": False})\n',
        'for db in DATABASES.values():\n    db["ATOMIC_REQUESTS"] = False\n',
    ],
)
def test_a_setting_changed_in_place_later_is_not_a_pass(tmp_path: Path, change: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "launchready", project)
    production = project / "config" / "settings" / "production.py"
    production.write_text(production.read_text(encoding="utf-8") + change, encoding="utf-8")
    done = launchtui(str(project), "--format", "json", "--no-save", state=tmp_path / "s.toml")
    assert done.returncode in (0, 1), done.stderr
    found = {r["id"]: r for r in json.loads(done.stdout)["results"]}
    assert found["settings-atomic-requests"]["verdict"] != "pass", found["settings-atomic-requests"]


def test_settings_assigned_before_an_exec_are_not_a_pass(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "launchready", project)
    production = project / "config" / "settings" / "production.py"
    text = production.read_text(encoding="utf-8")
    production.write_text(text + 'exec(open("/etc/shop/overrides.py").read())\n', "utf-8")
    done = launchtui(str(project), "--format", "json", "--no-save", state=tmp_path / "s.toml")
    assert done.returncode in (0, 1), done.stderr
    found = {r["id"]: r for r in json.loads(done.stdout)["results"]}
    assert found["settings-admins"]["verdict"] != "pass", found["settings-admins"]
