"""``launchtui project`` through the runner tiers, on the three test projects, in a subprocess.

The test virtualenv's interpreter has Django (and django-environ, sentry-sdk, Anymail, DRF,
django-read-only, Pillow), so it stands in for each project's own; ``--via "env -C DIR python -"``
stands in for a production shell (``heroku run``, ``docker compose exec``): the runner is piped
into its standard input and the facts come back on its standard output. The environment the
"production" command sees is the one launchtui runs with, as with ``heroku run``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
PYTHON = sys.executable
SECRET_KEY = "Zx8v-3kq_L0pW9mN2rT5yB7cE1hJ4gF6dS8aQ0wU3iO5pK7lM9nB2vC4xZ6Lq"
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "MAILGUN_API_KEY": "key-not-real",
    "MAILGUN_DOMAIN": "mg.ferrocart.io",
    "SENTRY_DSN": "http://public@127.0.0.1:9/1",
    "DJANGO_READ_ONLY": "1",
}


def project(
    name: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[int, dict[str, Any], str]:
    done = subprocess.run(
        [sys.executable, "-m", "launchtui", "project", str(DATA / name), "--format", "json",
         "--no-save", "--state", str(tmp_path / "s.toml"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout), done.stdout


def by_id(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {r["id"]: (r["verdict"], r["evidence"]) for r in document["results"]}


def via(name: str) -> str:
    return f"env -C {DATA / name} {PYTHON} -"


def test_launch_ready_in_the_local_runner_is_capped_at_warn(tmp_path: Path) -> None:
    env_file = tmp_path / "production.env"
    env_file.write_text(
        "".join(f"{key}={value}\n" for key, value in PRODUCTION_ENV.items()), encoding="utf-8"
    )
    code, document, text = project(
        "launchready", tmp_path, "--allow-project-code", "--python", PYTHON, "--env-file",
        str(env_file),
    )  # fmt: skip
    assert code == 0
    assert document["project"]["tier"] == "runner"
    found = by_id(document)
    assert "fail" not in {v for v, _ in found.values()}, found
    # Read from this machine's environment, not production's: never more than a warning.
    for item in ("settings-check-deploy", "settings-secret-key", "settings-debug"):
        verdict, evidence = found[item]
        assert verdict == "warn", (item, evidence)
        assert "not production's" in evidence, (item, evidence)
    for item in ("settings-admins", "settings-managers", "email-metadata", "server-throttling"):
        assert found[item][0] == "pass", (item, found[item])
    assert SECRET_KEY not in text


def test_launch_ready_through_via_passes_what_production_shows(tmp_path: Path) -> None:
    code, document, text = project(
        "launchready", tmp_path, "--via", via("launchready"), env=PRODUCTION_ENV
    )
    assert document["project"]["tier"] == "via"
    found = by_id(document)
    # "Production" is this machine: its OS release and user are what they are, and judged so.
    host_items = {"server-os-version", "server-heroku-stack", "server-no-sudo"}
    failing = {item for item, (verdict, _) in found.items() if verdict == "fail"}
    assert failing <= host_items, failing
    assert code == (1 if failing else 0)
    expected_sudo = "fail" if os.geteuid() == 0 else "pass"
    assert found["server-no-sudo"][0] == expected_sudo, found["server-no-sudo"]
    assert "via --via" in found["server-no-sudo"][1]
    for item in (
        "settings-check-deploy",
        "settings-secret-key",
        "settings-admins",
        "settings-env-vars",
        "monitoring-sentry-backend",
        "security-readonly-shell",
        "email-default-from",
    ):
        assert found[item][0] == "pass", (item, found[item])
    # Also probed from outside, and the site was not probed: configured, not observed.
    assert found["settings-debug"][0] == "warn"
    assert "not yet observed on the site" in found["settings-debug"][1]
    assert SECRET_KEY not in text


def test_looks_right_project_fails_in_production_too(tmp_path: Path) -> None:
    code, document, _ = project(
        "looksright",
        tmp_path,
        "--via",
        via("looksright"),
        env={"DJANGO_SECRET_KEY": SECRET_KEY},
    )
    assert code == 1
    found = by_id(document)
    verdict, evidence = found["settings-check-deploy"]
    assert verdict == "fail" and "security.W001" in evidence, evidence
    assert found["monitoring-sentry-backend"][0] == "fail"
    assert found["server-throttling"][0] == "fail"
    assert "LocMemCache" in found["server-throttling"][1]
    assert found["settings-managers"][0] == "fail"
    # The literal fallback in settings stays a failure even when production sets the variable.
    assert found["settings-secret-key"][0] == "fail"


def test_looks_right_silenced_check_is_never_a_pass(tmp_path: Path) -> None:
    _, document, _ = project("looksright", tmp_path, "--allow-project-code", "--python", PYTHON)
    verdict, evidence = by_id(document)["settings-check-deploy"]
    assert verdict == "fail"
    assert "security.W001" in evidence


def test_sloppy_project_in_the_runner(tmp_path: Path) -> None:
    code, document, text = project("sloppy", tmp_path, "--allow-project-code", "--python", PYTHON)
    assert code == 1
    found = by_id(document)
    for item in (
        "settings-debug",
        "settings-check-deploy",
        "settings-secret-key",
        "settings-upload-to",
        "email-default-from",
        "email-service",
    ):
        assert found[item][0] == "fail", (item, found[item])
    assert "hunter2" not in text


def test_a_settings_module_that_does_not_import_makes_items_unknown(tmp_path: Path) -> None:
    # production.py needs DJANGO_SECRET_KEY; without it, django-environ raises
    # ImproperlyConfigured: the items are unknown and name it, and a static failure stays.
    _, document, _ = project("launchready", tmp_path, "--allow-project-code", "--python", PYTHON)
    found = by_id(document)
    verdict, evidence = found["settings-debug"]
    assert verdict == "unknown"
    assert "did not load" in evidence and "DJANGO_SECRET_KEY" in evidence, evidence
    assert found["server-no-sudo"][0] == "pass"  # the Dockerfile still reads


def test_sloppy_project_through_via(tmp_path: Path) -> None:
    code, document, text = project("sloppy", tmp_path, "--via", via("sloppy"))
    assert code == 1
    assert document["project"]["tier"] == "via"
    found = by_id(document)
    for item in ("settings-debug", "settings-check-deploy", "settings-secret-key", "email-service"):
        assert found[item][0] == "fail", (item, found[item])
    # The runtime key is the one committed in settings.py and .env: found by its digest.
    assert (
        "tracked" in found["settings-secret-key"][1] or "literal" in found["settings-secret-key"][1]
    )
    assert "django-insecure-7h" not in text and "hunter2" not in text
