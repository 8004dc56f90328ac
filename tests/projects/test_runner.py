"""The runner tier for real: a Django project loaded by a real interpreter in a real subprocess.

The test virtualenv's interpreter has Django, so it stands in for the project's own; ``--via "env
-C DIR … python -"`` stands in for production (the script goes through a command's stdin and the
facts come back between marker lines on its stdout).
"""

from __future__ import annotations

import http.server
import json
import os
import platform
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from launchtui.probes.project.execute import (
    ProjectRun,
    RunnerInputError,
    facts_between_markers,
    find_interpreter,
    marker_lines,
    minimal_environment,
    parse_env_file,
    run_project,
    runner_source,
)
from launchtui.probes.project.facts import Facts, facts_to_json
from tests.projects.runner_support import DATA, PYTHON, env_file, secret_key, shop

__all__ = ["env_file", "secret_key", "shop"]  # fixtures


def run_local(shop: Path, env_file: Path | None, module: str, **options: float) -> ProjectRun:
    return run_project(
        shop,
        settings_module=f"config.settings.{module}",
        settings_explicit=True,
        python=PYTHON,
        env_file=env_file,
        **options,  # type: ignore[arg-type]
    )


def run_via(shop: Path, secret_key: str, module: str) -> ProjectRun:
    """Production stand-in: the key is in the remote's environment, never on the command line."""
    command = f"env -C {shop} DJANGO_SETTINGS_MODULE=config.settings.{module} {PYTHON} -"
    saved = os.environ.get("DJANGO_SECRET_KEY")
    os.environ["DJANGO_SECRET_KEY"] = secret_key
    try:
        return run_project(shop, settings_module=None, via=command)
    finally:
        if saved is None:
            del os.environ["DJANGO_SECRET_KEY"]
        else:
            os.environ["DJANGO_SECRET_KEY"] = saved


def assert_secret_nowhere(run: ProjectRun, secret_key: str) -> None:
    assert secret_key not in facts_to_json(run.facts)
    assert secret_key not in repr(run)


def test_production_settings_run_locally_give_every_section(
    shop: Path, env_file: Path, secret_key: str
) -> None:
    run = run_local(shop, env_file, "production")
    facts = run.facts
    assert facts.ok, facts.error
    assert run.interpreter == str(Path(PYTHON).absolute())
    assert facts.source == "runner" and facts.settings_module == "config.settings.production"
    assert facts.section_errors == ()

    assert facts.checks is not None
    hsts = [m for m in facts.checks.messages if m.id == "security.W004"]
    assert hsts and hsts[0].silenced and hsts[0].level_name == "WARNING"
    assert facts.checks.silenced_ids == ("security.W004",)
    assert all(m.silenced for m in facts.checks.messages if m.id.startswith("security."))

    settings = facts.settings
    assert settings is not None
    assert settings.debug is False and settings.admins_count == 1 and settings.managers_count == 0
    assert not settings.broken_link_emails_middleware
    assert [d.atomic_requests for d in settings.databases] == [True, False]
    assert settings.caches[0].endpoints[0].host == "127.0.0.1"
    assert settings.email.default_from.display_name
    assert settings.values["SECURE_SSL_REDIRECT"] is True
    assert settings.values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert {e.role for e in settings.endpoints} == {"celery-broker"}

    assert facts.secrets is not None and facts.secrets.secret_key is not None
    key = facts.secrets.secret_key
    assert key.length == len(secret_key) and key.unique_chars == len(set(secret_key))
    assert not key.insecure_prefix and key.found_in == ()
    assert facts.secrets.tracked_files_checked == len(
        subprocess.run(
            ["git", "-C", str(shop), "ls-files"], capture_output=True, text=True, check=True
        ).stdout.split()
    )

    assert facts.file_fields is not None
    fields = {f.field: f for f in facts.file_fields.fields}
    assert fields["attachment"].upload_to == "" and fields["attachment"].validators == ()
    assert fields["pdf"].upload_to == "invoices/"
    assert fields["pdf"].validators == ("django.core.validators.FileExtensionValidator",)
    assert all(f.in_project for f in fields.values())

    assert facts.urls is not None
    assert facts.urls.admin_url == "/staff-only/"
    assert facts.urls.handler404 == "shop.views.not_found" and facts.urls.handler500 is None

    assert facts.logging is not None
    loggers = {logger.name: logger for logger in facts.logging.loggers}
    assert loggers["django.request"].reaches_admin_email
    assert not loggers["shop"].reaches_admin_email
    handlers = {h.name: h for h in facts.logging.handlers}
    shop_format = [handlers[name].format for name in loggers["shop"].handlers]
    assert shop_format == ["%(levelname)s %(name)s %(message)s"]

    assert facts.environment is not None
    assert "DJANGO_SECRET_KEY" in facts.environment.read
    assert {"REDIS_URL", "EMAIL_HOST_PASSWORD"} <= set(facts.environment.missing)
    assert "DJANGO_SECRET_KEY" not in facts.environment.missing

    assert facts.host is not None
    assert facts.host.python_version == platform.python_version()
    assert facts.host.euid == os.geteuid()
    assert facts.host.packages["django"] == facts.host.django_version

    assert facts.sentry is not None and not facts.sentry.client_active
    assert facts.anymail is not None and facts.read_only is not None
    assert_secret_nowhere(run, secret_key)


def test_services_can_be_left_out(shop: Path, env_file: Path) -> None:
    facts = run_project(
        shop,
        settings_module="config.settings.production",
        python=PYTHON,
        env_file=env_file,
        services=False,
    ).facts
    assert facts.ok and facts.services is None


def test_via_pipes_the_runner_into_a_command_and_reads_the_facts_back(
    shop: Path, secret_key: str
) -> None:
    run = run_via(shop, secret_key, "production")
    facts = run.facts
    assert facts.ok, facts.error
    assert facts.source == "via" and run.interpreter is not None and "env -C" in run.interpreter
    for section in (facts.checks, facts.settings, facts.secrets, facts.host, facts.logging):
        assert section is not None and section.source == "via"
    assert facts.settings_module == "config.settings.production"
    assert facts.checks is not None
    assert any(m.id == "security.W004" and m.silenced for m in facts.checks.messages)
    assert facts.secrets is not None and facts.secrets.secret_key is not None
    assert facts.secrets.secret_key.length == len(secret_key)
    assert_secret_nowhere(run, secret_key)


@pytest.mark.parametrize("tier", ["local", "via"])
def test_a_settings_module_that_prints_its_key_leaks_it_nowhere(
    shop: Path, env_file: Path, secret_key: str, tier: str
) -> None:
    if tier == "local":
        run = run_local(shop, env_file, "prints")
    else:
        run = run_via(shop, secret_key, "prints")
    assert run.facts.ok, run.facts.error
    assert run.facts.printed_chars > len(secret_key)  # counted, not kept
    assert_secret_nowhere(run, secret_key)


def test_a_check_that_quotes_a_literal_key_is_redacted(shop: Path, env_file: Path) -> None:
    literal = "django-insecure-0123456789abcdefghijklmnopqrstuvwxyz!@#$%^&*"
    assert literal in (shop / "config" / "settings" / "sloppy.py").read_text()
    run = run_local(shop, env_file, "leaky_literal")
    assert run.facts.checks is not None
    (leaky,) = [m for m in run.facts.checks.messages if m.id == "shop.W001"]
    assert leaky.msg == "the key is <redacted>"
    assert_secret_nowhere(run, literal)


def test_a_check_that_quotes_the_key_is_redacted(
    shop: Path, env_file: Path, secret_key: str
) -> None:
    run = run_local(shop, env_file, "leaky_check")
    assert run.facts.checks is not None
    (leaky,) = [m for m in run.facts.checks.messages if m.id == "shop.W001"]
    assert leaky.msg == "the key is <redacted>" and not leaky.silenced
    assert_secret_nowhere(run, secret_key)


@pytest.mark.parametrize("tier", ["local", "via"])
def test_a_key_committed_to_the_repository_is_found_by_its_digest(
    shop: Path, env_file: Path, secret_key: str, tier: str
) -> None:
    if tier == "local":
        facts = run_local(shop, env_file, "sloppy").facts
    else:
        facts = run_via(shop, secret_key, "sloppy").facts
    assert facts.secrets is not None and facts.secrets.secret_key is not None
    key = facts.secrets.secret_key
    assert key.insecure_prefix
    assert key.found_in == ("config/settings/sloppy.py",)
    assert facts.checks is not None
    loud = {m.id for m in facts.checks.messages if not m.silenced}
    assert {"security.W009", "security.W018", "security.W008"} <= loud


def test_an_untracked_copy_of_the_key_does_not_count(
    shop: Path, env_file: Path, secret_key: str
) -> None:
    (shop / "local-notes.txt").write_text(f'SECRET_KEY = "{secret_key}"\n')
    facts = run_local(shop, env_file, "production").facts
    assert facts.secrets is not None and facts.secrets.secret_key is not None
    assert facts.secrets.secret_key.found_in == ()
    subprocess.run(["git", "-C", str(shop), "add", "local-notes.txt"], check=True)
    facts = run_local(shop, env_file, "production").facts
    assert facts.secrets is not None and facts.secrets.secret_key is not None
    assert facts.secrets.secret_key.found_in == ("local-notes.txt",)


def test_without_a_git_checkout_the_comparison_is_not_claimed(
    tmp_path: Path, env_file: Path
) -> None:
    root = tmp_path / "plain"
    shutil.copytree(DATA, root)
    facts = run_local(root, env_file, "sloppy").facts
    assert facts.secrets is not None and facts.secrets.secret_key is not None
    assert facts.secrets.tracked_files_checked is None
    assert facts.secrets.secret_key.found_in == ()


def test_digests_are_salted_per_run(shop: Path, env_file: Path) -> None:
    first = run_local(shop, env_file, "production").facts
    second = run_local(shop, env_file, "production").facts
    assert first.secrets is not None and second.secrets is not None
    assert first.secrets.secret_key is not None and second.secrets.secret_key is not None
    assert first.secrets.secret_key.digest != second.secrets.secret_key.digest


def test_only_the_minimal_environment_and_the_env_file_reach_the_project(
    shop: Path, env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAUNCHTUI_OUTER_SECRET", "from launchtui's own environment")
    with env_file.open("a") as handle:
        handle.write('SHOP_TIME_ZONE="Europe/Lisbon"  # a comment\n')
    facts = run_local(shop, env_file, "envprobe").facts
    assert facts.settings is not None
    assert facts.settings.values["LANGUAGE_CODE"] == "en-us"
    assert facts.settings.values["TIME_ZONE"] == "Europe/Lisbon"


@pytest.mark.parametrize(
    ("module", "kind", "variable"),
    [
        ("improperly", "missing-variable", "DATABASE_URL"),
        ("missing_env", "missing-variable", "SHOP_SENTRY_DSN"),
        ("does_not_exist", "import-error", "config.settings.does_not_exist"),
    ],
)
def test_settings_that_cannot_load_give_an_error_naming_it(
    shop: Path, env_file: Path, module: str, kind: str, variable: str
) -> None:
    facts = run_local(shop, env_file, module).facts
    assert not facts.ok and facts.error is not None
    assert facts.error.kind == kind and facts.error.variable == variable
    assert facts.checks is None and facts.settings is None
    assert facts.host is not None  # gathered before the settings, and still true


def test_a_missing_secret_in_the_environment_is_named(shop: Path) -> None:
    facts = run_local(shop, None, "production").facts
    assert facts.error is not None and facts.error.kind == "missing-variable"
    assert facts.error.variable == "DJANGO_SECRET_KEY"


def test_a_settings_module_that_hangs_hits_the_time_limit(shop: Path, env_file: Path) -> None:
    # The settings loop forever; the limit is far above a loaded machine's Django start-up, so
    # the alarm lands in the settings' loop, not in the imports before it.
    run = run_local(shop, env_file, "hangs", time_limit=10)
    assert run.facts.error is not None and run.facts.error.kind == "timeout"
    assert "10 s" in run.facts.error.message


def test_code_stuck_where_the_alarm_cannot_reach_is_stopped_by_the_backstop(
    shop: Path, env_file: Path
) -> None:
    # The alarm must still be pending when the settings block it: with a short limit, a loaded
    # machine's Django start-up outlasts it and the alarm (not the backstop) ends the run. The
    # settings sleep for 600 s, so a 10 s limit is still short next to the hang.
    run = run_local(shop, env_file, "blocked", time_limit=10)
    assert run.facts.error is not None and run.facts.error.kind == "timeout"
    assert "stuck" in run.facts.error.message


def test_an_interpreter_that_dies_before_writing_is_an_exit_error(
    shop: Path, env_file: Path
) -> None:
    facts = run_local(shop, env_file, "exits").facts
    assert facts.error is not None and facts.error.kind == "exit"
    assert "before writing facts" in facts.error.message


def test_no_interpreter_is_said_plainly(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    shutil.copytree(DATA, root)
    if find_interpreter(root) is not None:
        pytest.skip("a virtualenv above the temporary folder")
    facts = run_project(root, settings_module="config.settings.production").facts
    assert facts.error is not None and facts.error.kind == "no-interpreter"
    assert "--python" in facts.error.message


def test_the_projects_own_virtualenv_is_found(tmp_path: Path) -> None:
    root = tmp_path / "withvenv"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(PYTHON)
    assert find_interpreter(root) == root / ".venv" / "bin" / "python"
    (root / ".env").write_text("A=1\n")  # an env file named .env is not a virtualenv
    assert find_interpreter(root) == root / ".venv" / "bin" / "python"


def test_bad_python_env_file_and_via_are_input_errors(tmp_path: Path, shop: Path) -> None:
    with pytest.raises(RunnerInputError, match="--python"):
        run_project(shop, settings_module=None, python=str(tmp_path / "nope" / "python"))
    with pytest.raises(RunnerInputError, match="--python"):
        run_project(shop, settings_module=None, python="no-such-python-anywhere")
    with pytest.raises(RunnerInputError, match="--env-file"):
        run_project(shop, settings_module=None, python=PYTHON, env_file=tmp_path / "none.env")
    with pytest.raises(RunnerInputError, match="needs a command"):
        run_project(shop, settings_module=None, via="   ")
    with pytest.raises(RunnerInputError, match="--via"):
        run_project(shop, settings_module=None, via="heroku run 'python -")
    env = tmp_path / "x.env"
    env.write_text("A=1\n")
    with pytest.raises(RunnerInputError, match="local runner only"):
        run_project(shop, settings_module=None, via="python -", env_file=env)


def test_env_files_are_read_as_data(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(
        "\ufeff# comment\n\n"
        "PLAIN=value # trailing comment\n"
        "export EXPORTED=yes\n"
        "SINGLE='lit$eral \\n # kept'\n"
        'DOUBLE="a\\nb \\"q\\" $HOME"\n'
        "EMPTY=\n"
        "HASH=abc#def\n"
        "SPACED = spaced value \n"
    )
    assert parse_env_file(path) == {
        "PLAIN": "value",
        "EXPORTED": "yes",
        "SINGLE": "lit$eral \\n # kept",
        "DOUBLE": 'a\nb "q" $HOME',
        "EMPTY": "",
        "HASH": "abc#def",
        "SPACED": "spaced value",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NOEQUALS\n", "line 1 is not NAME=value"),
        ("OK=1\n9BAD=x\n", "line 2 is not NAME=value"),
        ("$(rm -rf ~)=1\n", "line 1 is not NAME=value"),
        ("A='open\n", "line 1 has an unbalanced quote"),
        ('A="open\n', "line 1 has an unbalanced quote"),
        ("A='x' junk\n", "line 1 has an unbalanced quote"),
    ],
)
def test_a_bad_env_file_line_is_named_by_number_never_by_content(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.env"
    path.write_text(text)
    with pytest.raises(RunnerInputError, match=message) as raised:
        parse_env_file(path)
    assert "open" not in str(raised.value).replace(str(path), "")


def test_markers_survive_carriage_returns_and_wrapping() -> None:
    begin, end = marker_lines("abc")
    payload = json.dumps({"format": 1, "settings_module": "s"})
    wrapped = "\r\n".join([payload[:10], payload[10:]])
    stdout = f"banner\r\n{begin}\r\n{wrapped}\r\n{end}\r\nbye"
    assert facts_between_markers(stdout, "abc") == payload
    assert facts_between_markers(stdout, "other") is None
    assert facts_between_markers(f"{begin}\n{payload}", "abc") is None


HOSTILE_REMOTE = r"""
import json, re, sys
script = sys.stdin.read()
nonce = re.search(r'\\"nonce\\": \\"([0-9a-f]+)\\"', script).group(1)
mode = sys.argv[1]
begin = f"==== launchtui facts {nonce} begin ===="
end = f"==== launchtui facts {nonce} end ===="
if mode == "garbage":
    print(begin); print("{not json"); print(end)
elif mode == "wrong-types":
    print(begin)
    print(json.dumps({"format": 1, "settings_module": "s", "checks": {"messages": "all fine",
                      "silenced_ids": []}}))
    print(end)
elif mode == "escapes":
    doc = {"format": 1, "settings_module": "\x1b]0;pwned\x07config.settings\x1b[2J",
           "error": {"kind": "exception", "message": "\x9b31mred"}}
    print(begin); print(json.dumps(doc)); print(end)
elif mode == "flood":
    chunk = "x" * 65536
    for _ in range(200):
        sys.stdout.write(chunk)
elif mode == "other-nonce":
    print("==== launchtui facts 0000 begin ====")
    print(json.dumps({"format": 1, "settings_module": "s"}))
    print("==== launchtui facts 0000 end ====")
    sys.stderr.write("remote: \x1b[31mapp not found\n")
    sys.exit(3)
"""


@pytest.fixture
def hostile_remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.py"
    path.write_text(HOSTILE_REMOTE)
    return path


def via_hostile(shop: Path, remote: Path, mode: str) -> Facts:
    return run_project(shop, settings_module=None, via=f"{PYTHON} {remote} {mode}").facts


def test_a_remote_that_sends_garbage_gives_a_clear_error(shop: Path, hostile_remote: Path) -> None:
    facts = via_hostile(shop, hostile_remote, "garbage")
    assert facts.error is not None and facts.error.kind == "bad-output"
    assert "not JSON" in facts.error.message
    facts = via_hostile(shop, hostile_remote, "wrong-types")
    assert facts.error is not None and facts.error.kind == "bad-output"
    assert "$.checks.messages: expected a list" in facts.error.message


def test_a_remote_that_sends_escape_sequences_gets_them_removed(
    shop: Path, hostile_remote: Path
) -> None:
    facts = via_hostile(shop, hostile_remote, "escapes")
    assert facts.settings_module == "config.settings"
    assert facts.error is not None and "\x9b" not in facts.error.message


def test_a_remote_that_floods_stdout_is_cut_off(shop: Path, hostile_remote: Path) -> None:
    facts = via_hostile(shop, hostile_remote, "flood")
    assert facts.error is not None and facts.error.kind == "bad-output"
    assert "more than" in facts.error.message


def test_facts_under_another_nonce_are_not_taken(shop: Path, hostile_remote: Path) -> None:
    facts = via_hostile(shop, hostile_remote, "other-nonce")
    assert facts.error is not None and facts.error.kind == "no-output"
    assert "code 3" in facts.error.message and "app not found" in facts.error.message
    assert "\x1b" not in facts.error.message


def test_a_command_that_does_not_exist_is_an_exit_error(shop: Path) -> None:
    facts = run_project(shop, settings_module=None, via="no-such-command-xyz -").facts
    assert facts.error is not None and facts.error.kind == "exit"
    assert "did not start" in facts.error.message


def _runs(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "pass"], capture_output=True).returncode == 0
    except OSError:
        return False


def test_the_runner_script_is_python_3_10_and_standard_library_only(tmp_path: Path) -> None:
    source = runner_source({"source": "runner"})
    script = tmp_path / "runner.py"
    script.write_text(source)
    candidates = [
        *sorted(Path("/root/.pyenv/versions").glob("3.10*/bin/python")),
        shutil.which("python3.10"),
    ]
    python310 = next((str(c) for c in candidates if c and _runs(str(c))), None)
    if python310 is None:
        pytest.skip("no Python 3.10 on this machine to compile the runner with")
    # -I -S: no site-packages at all, so only the standard library can be imported.
    check = (
        "import ast, sys; tree = ast.parse(open(sys.argv[1]).read()); "
        "mods = {a.name.split('.')[0] for n in ast.walk(tree) if isinstance(n, ast.Import) "
        "for a in n.names} | {n.module.split('.')[0] for n in ast.walk(tree) "
        "if isinstance(n, ast.ImportFrom) and n.module}; "
        "[__import__(m) for m in sorted(mods) if m != '__future__']; "
        "compile(tree, sys.argv[1], 'exec'); print('ok')"
    )
    result = subprocess.run(
        [python310, "-I", "-S", "-c", check, str(script)], capture_output=True, text=True
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_the_family_imports_neither_the_tui_nor_the_state_nor_other_families() -> None:
    code = (
        "import sys, launchtui.probes.project.execute, launchtui.probes.project.facts; "
        "bad = [m for m in sys.modules if m.startswith(('launchtui.tui', 'launchtui.state', "
        "'launchtui.probes.http', 'launchtui.probes.tls', 'launchtui.probes.dns', 'textual'))]; "
        "print(bad)"
    )
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_key_not_compared_with_tracked_files_never_passes(
    tmp_path: Path, secret_key: str
) -> None:
    root = tmp_path / "plain"  # a copy outside any git checkout: nothing can be compared
    shutil.copytree(DATA, root)
    production = f"env -C {root} DJANGO_SECRET_KEY={secret_key} {PYTHON} -"
    done = subprocess.run(
        [PYTHON, "-m", "launchtui", "project", str(root), "--settings",
         "config.settings.production", "--via", production, "--format", "json", "--no-save",
         "--state", str(tmp_path / "s.toml")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    results = {r["id"]: r for r in json.loads(done.stdout)["results"]}
    secret = results["settings-secret-key"]
    assert secret["verdict"] == "warn"
    assert "not compared with the tracked files" in secret["evidence"]


class _SentryIngest(http.server.BaseHTTPRequestHandler):
    """A stand-in for Sentry's ingest endpoint that remembers every request's path."""

    received: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.received.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def sentry_dsn() -> Iterator[tuple[str, list[str]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SentryIngest)
    received: list[str] = []
    _SentryIngest.received = received
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://public@127.0.0.1:{server.server_address[1]}/1", received
    finally:
        server.shutdown()
        server.server_close()


def test_the_runner_reads_sentry_and_sends_it_nothing(
    shop: Path, env_file: Path, sentry_dsn: tuple[str, list[str]]
) -> None:
    dsn, received = sentry_dsn
    with env_file.open("a") as handle:
        handle.write(f"SHOP_SENTRY_DSN={dsn}\n")
    facts = run_local(shop, env_file, "sentry").facts
    assert facts.ok, facts.error
    assert facts.sentry is not None
    assert facts.sentry.client_active and facts.sentry.dsn_set
    assert facts.sentry.dsn_host == "127.0.0.1" and facts.sentry.send_default_pii is True
    assert "django" in facts.sentry.integrations and "logging" in facts.sentry.integrations
    assert received == []
    # The same project under manage.py does send the check's error: the test can see events.
    env = minimal_environment(parse_env_file(env_file), "config.settings.sentry")
    subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy"], cwd=shop, env=env, capture_output=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert received and received[0].startswith("/api/1/")


def test_no_mail_leaves_while_the_runner_checks(shop: Path, env_file: Path, tmp_path: Path) -> None:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with env_file.open("a") as handle:
        handle.write(f"SHOP_MAIL_DIR={mail_dir}\n")
    facts = run_local(shop, env_file, "mails").facts
    assert facts.ok, facts.error
    assert facts.settings is not None
    assert facts.settings.email.backend == "django.core.mail.backends.filebased.EmailBackend"
    assert list(mail_dir.iterdir()) == []
    # The same project under manage.py mails the admins: the test can see a mail.
    env = minimal_environment(parse_env_file(env_file), "config.settings.mails")
    subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy"], cwd=shop, env=env, capture_output=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert list(mail_dir.iterdir())
