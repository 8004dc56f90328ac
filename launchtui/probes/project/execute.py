"""Run the project runner: in the project's own interpreter here, or through a ``--via`` command.

Local tier (``--allow-project-code``): the runner script runs as ``PYTHON -B runner.py`` in the
project folder, in a subprocess with no shell, a new session (so a timeout can kill everything
the project started) and a minimal environment: PATH, HOME and LANG from ours, the ``--env-file``
variables, and DJANGO_SETTINGS_MODULE. Nothing else of launchtui's environment (tokens, cloud
credentials) reaches project code. The runner writes its facts to a file in a private temporary
folder, because settings modules print.

Production tier (``--via "COMMAND"``): COMMAND is split like a shell would split it
(:func:`shlex.split`) and run **without** a shell; the runner is written to its standard input and
its facts are read back from standard output, between two marker lines that carry a nonce chosen
for this run. A user who wants pipes or variable expansion writes ``sh -c '…'`` themselves: the
shell is then their explicit choice, not something launchtui adds. COMMAND gets launchtui's full
environment, because ``heroku``, ``docker`` and ``kubectl`` need their own configuration; the
``--env-file`` is *not* sent (production has its own environment; local values must not leak
into it). Everything that comes back is hostile: its size is capped, it is parsed by
:func:`~launchtui.probes.project.facts.parse_facts`, and only derived facts survive.

Either way the runner reports SECRET_KEY and other sensitive settings only as keyed digests; this
module then compares them with the string literals of the project's git-tracked files, locally,
so that a production key committed to the repository is found without the key leaving production.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from launchtui.probes.project.facts import (
    MAX_DOCUMENT_CHARS,
    Facts,
    FactsError,
    FactSource,
    RunnerErrorKind,
    SecretFacts,
    SecretsFacts,
    failed_run,
    parse_facts,
)
from launchtui.text_safety import plain_text

DEFAULT_TIME_LIMIT: Final = 60.0
"""Seconds the runner may take in the project (setup, checks, facts, services)."""
LOCAL_GRACE: Final = 10.0
"""Beyond the runner's own limit before launchtui kills the local process group."""
VIA_GRACE: Final = 120.0
"""Beyond the runner's limit for a ``--via`` command: ``heroku run`` boots a dyno first."""
MAX_OUTPUT_BYTES: Final = 8 * 1024 * 1024
"""What is kept of a command's stdout; the rest is read and dropped, and the run is refused."""
MAX_STDERR_BYTES: Final = 64 * 1024
MAX_ENV_FILE_BYTES: Final = 1024 * 1024
MAX_TRACKED_FILE_BYTES: Final = 2 * 1024 * 1024
MAX_TRACKED_FILES: Final = 20_000

_CONFIG_LINE = "LAUNCHTUI_CONFIG: dict[str, Any] | None = None\n"
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_VENV_DIRS: Final = (".venv", "venv", "env", ".env")


class RunnerInputError(ValueError):
    """Bad input from the user (``--python``, ``--env-file``, ``--via``): one line, exit 2."""


@dataclass(frozen=True, slots=True)
class ProjectRun:
    """What one run gave: the facts (with ``error`` when it gave nothing), and how it ran."""

    facts: Facts
    interpreter: str | None
    """The interpreter used locally, or the ``--via`` command as the user wrote it."""
    seconds: float


# --------------------------------------------------------------------------------------------
# choosing the interpreter


def find_interpreter(project_root: Path, python: str | None = None) -> Path | None:
    """``--python`` if given (it must exist), else the project's own virtualenv, else ``None``.

    Virtualenvs are looked for in the project folder and its parent (a repository whose Django
    project is one folder down keeps ``.venv`` at the top). A ``.env`` folder counts only when
    it holds an interpreter; a ``.env`` file is an environment file, not a virtualenv.
    """
    if python:
        candidate = Path(python).expanduser()
        if os.sep not in python and not candidate.exists():
            found = shutil.which(python)
            if found is None:
                raise RunnerInputError(f"--python {python}: no such interpreter on PATH")
            candidate = Path(found)
        if not candidate.is_file() or not os.access(candidate, os.X_OK):
            raise RunnerInputError(f"--python {python}: not an executable file")
        # absolute(), not resolve(): a virtualenv's python is a symlink to the base interpreter,
        # and only the link's path makes Python pick up the virtualenv's site-packages.
        return candidate.absolute()
    for folder in (project_root, project_root.parent):
        for name in _VENV_DIRS:
            for relative in ("bin/python", "Scripts/python.exe"):
                candidate = folder / name / relative
                if candidate.is_file() and os.access(candidate, os.X_OK):
                    return candidate
    return None


# --------------------------------------------------------------------------------------------
# --env-file


def parse_env_file(path: Path) -> dict[str, str]:
    """Read a ``.env`` file as data, never as shell: ``KEY=value`` lines, no expansion, no commands.

    Accepted: blank lines, ``#`` comments, an optional ``export`` prefix, values bare (a ``#``
    after a space starts a comment), in single quotes (taken literally) or in double quotes
    (``\\n``, ``\\t``, ``\\"`` and ``\\\\`` escapes). ``$VAR`` is kept as written. Anything else
    is refused naming the line number, never its content (it may hold a secret).
    """
    try:
        size = path.stat().st_size
        if size > MAX_ENV_FILE_BYTES:
            raise RunnerInputError(f"--env-file {path}: {size} bytes, more than an env file has")
        raw = path.read_bytes()
    except OSError as error:
        raise RunnerInputError(f"--env-file {path}: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RunnerInputError(f"--env-file {path}: not UTF-8 text") from None
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("export ") or stripped.startswith("export\t"):
            stripped = stripped[len("export") :].lstrip()
        name, sep, rest = stripped.partition("=")
        name = name.strip()
        if not sep or not _ENV_NAME.match(name):
            raise RunnerInputError(f"--env-file {path}: line {number} is not NAME=value")
        value = _env_value(rest.strip())
        if value is None or "\x00" in value:
            raise RunnerInputError(f"--env-file {path}: line {number} has an unbalanced quote")
        values[name] = value
    return values


def _env_value(rest: str) -> str | None:
    if rest[:1] == "'":
        end = rest.find("'", 1)
        if end < 0 or rest[end + 1 :].strip()[:1] not in ("", "#"):
            return None
        return rest[1:end]
    if rest[:1] == '"':
        out: list[str] = []
        index = 1
        escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "$": "$"}
        while index < len(rest):
            char = rest[index]
            if char == "\\" and index + 1 < len(rest):
                nxt = rest[index + 1]
                out.append(escapes.get(nxt, "\\" + nxt))
                index += 2
                continue
            if char == '"':
                if rest[index + 1 :].strip()[:1] not in ("", "#"):
                    return None
                return "".join(out)
            out.append(char)
            index += 1
        return None
    comment = re.search(r"\s#", rest)
    return (rest[: comment.start()] if comment else rest).strip()


def minimal_environment(
    env_file_values: Mapping[str, str], settings_module: str | None
) -> dict[str, str]:
    """PATH, HOME, LANG, the env file, then DJANGO_SETTINGS_MODULE: all project code sees."""
    env = {
        "PATH": os.environ.get("PATH") or os.defpath,
        "HOME": os.environ.get("HOME") or tempfile.gettempdir(),
        "LANG": os.environ.get("LANG") or "C.UTF-8",
    }
    env.update(env_file_values)
    if settings_module:
        env["DJANGO_SETTINGS_MODULE"] = settings_module
    return env


# --------------------------------------------------------------------------------------------
# the script


def runner_source(config: Mapping[str, object]) -> str:
    """The runner script with this run's configuration set in it."""
    text = (Path(__file__).with_name("runner_script.py")).read_text(encoding="utf-8")
    if text.count(_CONFIG_LINE) != 1:
        raise RuntimeError("runner_script.py lost its LAUNCHTUI_CONFIG line")
    literal = json.dumps(json.dumps(dict(config), ensure_ascii=True))
    return text.replace(
        _CONFIG_LINE, f"LAUNCHTUI_CONFIG: dict[str, Any] | None = json.loads({literal})\n"
    )


def marker_lines(nonce: str) -> tuple[str, str]:
    """The begin and end lines around the facts on a ``--via`` command's stdout."""
    return (f"==== launchtui facts {nonce} begin ====", f"==== launchtui facts {nonce} end ====")


def facts_between_markers(stdout: str, nonce: str) -> str | None:
    """The text between this run's markers, line breaks and carriage returns dropped.

    The runner writes its JSON on one line; a terminal or transport may still wrap or add
    ``\\r``, and the JSON has no raw line breaks of its own, so the lines are joined back.
    """
    begin, end = marker_lines(nonce)
    lines = [line.strip("\r") for line in stdout.split("\n")]
    bare = [line.strip() for line in lines]
    try:
        start = bare.index(begin)
        stop = bare.index(end, start + 1)
    except ValueError:
        return None
    return "".join(lines[start + 1 : stop])


# --------------------------------------------------------------------------------------------
# running


def run_project(
    project_root: Path,
    *,
    settings_module: str | None,
    settings_explicit: bool = False,
    python: str | None = None,
    env_file: Path | None = None,
    via: str | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    services: bool = True,
) -> ProjectRun:
    """Run the runner locally (or through ``via``) and return its checked facts.

    Raises :class:`RunnerInputError` for bad input only; every failure of the project or the
    command (no interpreter, a crash, a timeout, garbage on stdout) is a :class:`Facts` whose
    ``error`` says what happened, which judges read as unknown.
    """
    root = project_root.resolve()
    salt = secrets.token_hex(16)
    nonce = secrets.token_hex(8)
    started = time.monotonic()
    if via is not None:
        argv = _via_argv(via)
        if env_file is not None:
            raise RunnerInputError(
                "--env-file applies to the local runner only; with --via production's own "
                "environment is the one checked"
            )
        config = _config(
            "via", None, settings_module, settings_explicit, salt, nonce, time_limit, services
        )
        facts = _run_via(argv, runner_source(config), nonce, time_limit + VIA_GRACE)
        facts = _with_tracked_matches(facts, root, salt)
        return ProjectRun(facts=facts, interpreter=via, seconds=time.monotonic() - started)
    env_values = parse_env_file(env_file) if env_file is not None else {}
    interpreter = find_interpreter(root, python)
    if interpreter is None:
        facts = failed_run(
            "runner",
            "no-interpreter",
            f"no Python to run the project with: no .venv or venv in {root} (give --python)",
            settings_module=settings_module,
        )
        return ProjectRun(facts=facts, interpreter=None, seconds=time.monotonic() - started)
    env = minimal_environment(env_values, settings_module)
    with tempfile.TemporaryDirectory(prefix="launchtui-runner-") as folder:
        os.chmod(folder, 0o700)
        output = Path(folder) / "facts.json"
        config = _config(
            "runner", str(root), settings_module, True, salt, nonce, time_limit, services
        )
        config["output"] = str(output)
        script = Path(folder) / "launchtui_runner.py"
        script.write_text(runner_source(config), encoding="utf-8")
        completed = _run_bounded(
            [str(interpreter), "-B", str(script)],
            stdin_text=None,
            env=env,
            cwd=root,
            timeout=time_limit + LOCAL_GRACE,
        )
        facts = _local_facts(completed, output, settings_module, env_values, time_limit)
    facts = _with_tracked_matches(facts, root, salt)
    return ProjectRun(facts=facts, interpreter=str(interpreter), seconds=time.monotonic() - started)


def _via_argv(via: str) -> list[str]:
    try:
        argv = shlex.split(via)
    except ValueError as error:
        raise RunnerInputError(f"--via {via!r}: {error}") from None
    if not argv:
        raise RunnerInputError(
            '--via needs a command, such as "heroku run --no-tty -a APP -- python -"'
        )
    return argv


def _config(
    source: FactSource,
    root: str | None,
    settings_module: str | None,
    settings_explicit: bool,
    salt: str,
    nonce: str,
    time_limit: float,
    services: bool,
) -> dict[str, object]:
    return {
        "source": source,
        "project_root": root,
        "settings_module": settings_module,
        "settings_explicit": settings_explicit,
        "salt": salt,
        "nonce": nonce,
        "time_limit": time_limit,
        "services": services,
    }


@dataclass(frozen=True, slots=True)
class _Completed:
    returncode: int | None
    stdout: bytes
    stderr: bytes
    timed_out: bool
    overflowed: bool
    start_error: str | None = None


def _run_bounded(
    argv: list[str],
    *,
    stdin_text: str | None,
    env: Mapping[str, str] | None,
    cwd: Path | None,
    timeout: float,
) -> _Completed:
    """Run ``argv`` (no shell) with bounded output and a hard timeout on its whole session."""
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            start_new_session=True,
        )
    except OSError as error:
        return _Completed(None, b"", b"", False, False, start_error=error.strerror or str(error))
    assert process.stdout is not None and process.stderr is not None
    stdout = _BoundedReader(process.stdout, MAX_OUTPUT_BYTES)
    stderr = _BoundedReader(process.stderr, MAX_STDERR_BYTES, keep_tail=True)
    feeder = None
    if stdin_text is not None:
        assert process.stdin is not None
        feeder = threading.Thread(target=_feed, args=(process.stdin, stdin_text), daemon=True)
        feeder.start()
    # Popen.wait(timeout) polls with sleeps of up to 50 ms; a thread blocked in waitpid()
    # returns the moment the child exits.
    waiter = threading.Thread(target=process.wait, daemon=True)
    waiter.start()
    waiter.join(timeout)
    timed_out = waiter.is_alive()
    if process.poll() is None:
        _kill_session(process)
    waiter.join(5.0)
    # The process is gone; a grandchild holding the pipes open must not hold us too.
    stdout.join(5.0)
    stderr.join(5.0)
    if feeder is not None:
        feeder.join(1.0)
    if stdout.overflowed:
        _kill_session(process)
    return _Completed(
        process.returncode, stdout.data(), stderr.data(), timed_out, stdout.overflowed
    )


def _feed(stream: IO[bytes], text: str) -> None:
    try:
        stream.write(text.encode("utf-8"))
        stream.close()
    except OSError:  # the command exited without reading it all: its output says why
        pass


def _kill_session(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


class _BoundedReader:
    """Drains a pipe in a thread, keeping at most ``limit`` bytes (the head, or the tail)."""

    def __init__(self, stream: IO[bytes], limit: int, *, keep_tail: bool = False) -> None:
        self.stream = stream
        self.limit = limit
        self.keep_tail = keep_tail
        self.chunks: list[bytes] = []
        self.size = 0
        self.overflowed = False
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        try:
            while chunk := self.stream.read1(65536):  # type: ignore[attr-defined]
                self._keep(chunk)
        except (OSError, ValueError):
            pass

    def _keep(self, chunk: bytes) -> None:
        if self.keep_tail:
            self.chunks.append(chunk)
            self.size += len(chunk)
            while self.size > self.limit and len(self.chunks) > 1:
                self.size -= len(self.chunks.pop(0))
            return
        room = self.limit - self.size
        if room <= 0:
            self.overflowed = True
            return
        self.chunks.append(chunk[:room])
        self.size += min(room, len(chunk))
        if len(chunk) > room:
            self.overflowed = True

    def join(self, timeout: float) -> None:
        self.thread.join(timeout)

    def data(self) -> bytes:
        data = b"".join(self.chunks)
        return data[-self.limit :] if self.keep_tail else data


def _last_line(stderr: bytes, redact: tuple[str, ...] = ()) -> str:
    """The last non-empty stderr line, control characters stripped, known secrets removed."""
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    if not lines:
        return ""
    line = plain_text(lines[-1]).strip()
    for secret in sorted(redact, key=len, reverse=True):
        if len(secret) >= 4:
            line = line.replace(secret, "<redacted>")
    return line[:200]


def _local_facts(
    completed: _Completed,
    output: Path,
    settings_module: str | None,
    env_values: Mapping[str, str],
    time_limit: float,
) -> Facts:
    def failure(kind: RunnerErrorKind, message: str) -> Facts:
        return failed_run("runner", kind, message, settings_module=settings_module)

    if completed.start_error is not None:
        return failure("exit", f"the interpreter did not start: {completed.start_error}")
    try:
        size = output.stat().st_size
    except OSError:
        size = -1
    if size > MAX_DOCUMENT_CHARS:
        return failure(
            "bad-output", f"the runner wrote {size} bytes of facts (limit {MAX_DOCUMENT_CHARS})"
        )
    if size >= 0:
        text = output.read_text(encoding="utf-8", errors="replace")
        try:
            return parse_facts(text, source="runner")
        except FactsError as error:
            return failure("bad-output", f"the runner's facts are unreadable: {error}")
    if completed.timed_out:
        return failure(
            "timeout",
            f"the project ran for more than {time_limit + LOCAL_GRACE:g} s and was stopped",
        )
    reason = _last_line(completed.stderr, tuple(env_values.values()))
    code = completed.returncode
    return failure(
        "exit",
        f"the interpreter exited with code {code} before writing facts"
        + (f": {reason}" if reason else ""),
    )


def _run_via(argv: list[str], script: str, nonce: str, timeout: float) -> Facts:
    def failure(kind: RunnerErrorKind, message: str) -> Facts:
        return failed_run("via", kind, message)

    completed = _run_bounded(argv, stdin_text=script, env=None, cwd=None, timeout=timeout)
    command = plain_text(argv[0])[:80]
    if completed.start_error is not None:
        return failure("exit", f"--via: {command} did not start: {completed.start_error}")
    if completed.overflowed:
        return failure("bad-output", f"--via: {command} printed more than {MAX_OUTPUT_BYTES} bytes")
    text = facts_between_markers(completed.stdout.decode("utf-8", "replace"), nonce)
    if text is None:
        if completed.timed_out:
            return failure("timeout", f"--via: {command} gave no facts within {timeout:g} s")
        reason = _last_line(completed.stderr)
        return failure(
            "no-output",
            f"--via: {command} exited with code {completed.returncode} and printed no facts"
            + (f": {reason}" if reason else ""),
        )
    try:
        return parse_facts(plain_text(text), source="via")
    except FactsError as error:
        return failure("bad-output", f"--via: the facts that came back are unreadable: {error}")


# --------------------------------------------------------------------------------------------
# secrets in tracked files

_QUOTED = re.compile(r""""([^"\\\n]{4,512})"|'([^'\\\n]{4,512})'""")
_ASSIGNED = re.compile(r"^\s*(?:export\s+)?[A-Za-z_][\w.\-]*\s*[:=]\s*(.+?)\s*$", re.MULTILINE)


def tracked_files(root: Path) -> list[Path] | None:
    """The files git tracks under ``root``; ``None`` when it is not a checkout or git is missing."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        completed = subprocess.run(
            [git, "-C", str(root), "ls-files", "-z", "--cached"],
            capture_output=True,
            timeout=20,
            env={
                "PATH": os.environ.get("PATH") or os.defpath,
                "HOME": os.environ.get("HOME", "/"),
                "GIT_OPTIONAL_LOCKS": "0",
            },
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if completed.returncode != 0:
        return None
    names = [name for name in completed.stdout.decode("utf-8", "replace").split("\0") if name]
    return [root / name for name in names[:MAX_TRACKED_FILES]]


def _candidates(text: str) -> Iterator[str]:
    for match in _QUOTED.finditer(text):
        yield match.group(1) if match.group(1) is not None else match.group(2)
    for match in _ASSIGNED.finditer(text):
        value = match.group(1)
        if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1]
        yield value


def _with_tracked_matches(facts: Facts, root: Path, salt: str) -> Facts:
    """Fill ``found_in`` of each secret digest from the tracked files, and how many were read."""
    if facts.secrets is None:
        return facts
    files = tracked_files(root)
    if files is None:
        return facts
    entries = [facts.secrets.secret_key, *facts.secrets.fallbacks, *facts.secrets.sensitive]
    wanted: dict[str, list[str]] = {}
    lengths = set()
    for entry in entries:
        if entry is not None and entry.digest:
            wanted.setdefault(entry.digest, [])
            lengths.add(entry.length)
    key = salt.encode()
    checked = 0
    for path in files:
        try:
            if not path.is_file() or path.stat().st_size > MAX_TRACKED_FILE_BYTES:
                continue
            raw = path.read_bytes()
        except OSError:
            continue
        checked += 1
        if b"\0" in raw[:8192]:
            continue
        text = raw.decode("utf-8", "replace")
        relative = path.relative_to(root).as_posix()
        for candidate in _candidates(text):
            if len(candidate) not in lengths:
                continue
            digest = hmac.new(key, candidate.encode("utf-8", "surrogatepass"), hashlib.sha256)
            found = wanted.get(digest.hexdigest())
            if found is not None and relative not in found:
                found.append(relative)

    def filled(entry: SecretFacts) -> SecretFacts:
        found = tuple(wanted.get(entry.digest or "", ()))
        return dataclasses.replace(entry, found_in=found) if found else entry

    secrets_facts = facts.secrets
    updated = SecretsFacts(
        source=secrets_facts.source,
        secret_key=filled(secrets_facts.secret_key) if secrets_facts.secret_key else None,
        fallbacks=tuple(filled(entry) for entry in secrets_facts.fallbacks),
        sensitive=tuple(filled(entry) for entry in secrets_facts.sensitive),
        tracked_files_checked=checked,
    )
    return dataclasses.replace(facts, secrets=updated)


__all__ = [
    "DEFAULT_TIME_LIMIT",
    "ProjectRun",
    "RunnerInputError",
    "facts_between_markers",
    "find_interpreter",
    "marker_lines",
    "minimal_environment",
    "parse_env_file",
    "run_project",
    "runner_source",
    "tracked_files",
]
