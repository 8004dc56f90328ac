"""What the repository says about how the project is installed and run.

Dependencies (requirements files, pyproject, Pipfile, lock files), Dockerfiles (``FROM``,
``USER``, ``ENV``, ``CMD``), Procfile, app.json, runtime.txt/.python-version, docker compose,
supervisor/systemd units, nginx configs and templates. Text only: nothing is built or run.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from launchtui.probes.project.static.code import SourceHit
from launchtui.probes.project.static.files import ProjectFiles

_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:[<>=!~;@ ]|$)")
_LOCK_NAME = re.compile(r'^\s*name\s*=\s*"([A-Za-z0-9._-]+)"', re.MULTILINE)
_SENTRY_BROWSER = re.compile(
    r"browser\.sentry-cdn\.com|js\.sentry-cdn\.com|@sentry/(browser|react|vue|angular|svelte)"
    r"|Sentry\.init\s*\(",
)


def normalize(name: str) -> str:
    """PEP 503 name: ``Django_Environ`` → ``django-environ``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class DockerStage:
    """One ``FROM`` stage of a Dockerfile."""

    path: str
    image: str
    line: int
    user: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)


@dataclass
class DeployFacts:
    """Dependencies and deployment files, as read from the repository."""

    dependencies: dict[str, str] = field(default_factory=dict)  # name → file that lists it
    requires_python: str | None = None
    python_version_files: list[tuple[str, str]] = field(default_factory=list)  # (file, version)
    docker_final: list[DockerStage] = field(default_factory=list)  # last stage per Dockerfile
    docker_images: list[DockerStage] = field(default_factory=list)  # every stage
    procfile: dict[str, str] = field(default_factory=dict)  # process type → command
    procfile_path: str | None = None
    app_json: dict[str, Any] | None = None
    app_json_path: str | None = None
    c_force_root: list[SourceHit] = field(default_factory=list)
    sudo: list[SourceHit] = field(default_factory=list)
    root_users: list[SourceHit] = field(default_factory=list)
    compose_files: list[str] = field(default_factory=list)
    nginx_body_limits: list[SourceHit] = field(default_factory=list)
    nginx_files: list[str] = field(default_factory=list)
    newrelic_ini: list[str] = field(default_factory=list)
    newrelic_wrapped: list[SourceHit] = field(default_factory=list)
    settings_mentions: list[SourceHit] = field(default_factory=list)  # DJANGO_SETTINGS_MODULE=…
    templates: list[str] = field(default_factory=list)
    error_templates: dict[str, str] = field(default_factory=dict)  # "404.html" → path
    sentry_browser: list[SourceHit] = field(default_factory=list)
    email_templates: list[str] = field(default_factory=list)
    env_files: list[str] = field(default_factory=list)
    scaling: list[SourceHit] = field(default_factory=list)
    os_release: list[SourceHit] = field(default_factory=list)


def read_deploy(files: ProjectFiles) -> DeployFacts:
    """Read every dependency and deployment file the repository has."""
    facts = DeployFacts()
    for rel in files.paths:
        name = rel.rsplit("/", 1)[-1]
        lower = name.lower()
        if (lower.startswith("requirements") and lower.endswith((".txt", ".in"))) or (
            "/requirements/" in f"/{rel}" and lower.endswith((".txt", ".in"))
        ):
            _requirements(files.text(rel), rel, facts)
        elif lower == "pyproject.toml":
            _pyproject(files.text(rel), rel, facts)
        elif lower in ("poetry.lock", "uv.lock", "pdm.lock"):
            for dep in _LOCK_NAME.findall(files.text(rel)):
                facts.dependencies.setdefault(normalize(dep), rel)
        elif lower in ("pipfile", "pipfile.lock"):
            _pipfile(files.text(rel), rel, facts)
        elif (
            lower == "dockerfile"
            or lower.startswith("dockerfile.")
            or lower.endswith(".dockerfile")
        ):
            _dockerfile(files.text(rel), rel, facts)
        elif lower == "procfile":
            _procfile(files.text(rel), rel, facts)
        elif lower == "app.json" and "/" not in rel:
            _app_json(files.text(rel), rel, facts)
        elif lower in ("runtime.txt", ".python-version") and rel.count("/") <= 1:
            text = files.text(rel).strip().splitlines()
            if text:
                facts.python_version_files.append((rel, text[0].strip()[:40]))
        elif lower.startswith(("docker-compose", "compose")) and lower.endswith((".yml", ".yaml")):
            facts.compose_files.append(rel)
            _scan_run_config(files.text(rel), rel, facts, compose=True)
        elif lower.endswith((".conf", ".ini", ".service")) or "nginx" in rel.lower():
            _config_file(files.text(rel), rel, lower, facts)
        elif lower in ("render.yaml", "fly.toml") or rel.endswith(("hpa.yaml", "hpa.yml")):
            _scaling(files.text(rel), rel, facts)
        elif lower.endswith((".yaml", ".yml")) and "HorizontalPodAutoscaler" in files.text(rel):
            facts.scaling.append(SourceHit(rel, 1, "HorizontalPodAutoscaler"))
        if lower.startswith(".env") or lower.endswith(".env"):
            facts.env_files.append(rel)
        if "/templates/" in f"/{rel}" and lower.endswith((".html", ".txt", ".htm", ".jinja")):
            _template(files.text(rel), rel, facts)
        elif lower.endswith((".js", ".ts", ".jsx", ".tsx")) or lower == "package.json":
            if "/static/" in f"/{rel}" and ".min." in lower:
                continue  # vendored bundles: a copy of Sentry's SDK proves nothing by itself
            source = files.text(rel)
            hit = _SENTRY_BROWSER.search(source)
            if hit:
                line = source.count("\n", 0, hit.start()) + 1
                facts.sentry_browser.append(SourceHit(rel, line, hit.group(0)))
    return facts


def _requirements(text: str, rel: str, facts: DeployFacts) -> None:
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = _REQ_NAME.match(line)
        if match:
            facts.dependencies.setdefault(normalize(match.group(1)), rel)


def _pyproject(text: str, rel: str, facts: DeployFacts) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    assert isinstance(project, dict)
    requires = project.get("requires-python")
    if isinstance(requires, str) and facts.requires_python is None:
        facts.requires_python = requires
    deps: list[str] = [d for d in project.get("dependencies", []) if isinstance(d, str)]
    optional = project.get("optional-dependencies", {})
    if isinstance(optional, dict):
        for group in optional.values():
            if isinstance(group, list):
                deps += [d for d in group if isinstance(d, str)]
    groups = data.get("dependency-groups", {})
    if isinstance(groups, dict):
        for group in groups.values():
            if isinstance(group, list):
                deps += [d for d in group if isinstance(d, str)]
    for dep in deps:
        match = _REQ_NAME.match(dep)
        if match:
            facts.dependencies.setdefault(normalize(match.group(1)), rel)
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict):
        for key in ("dependencies", "dev-dependencies"):
            table = poetry.get(key, {})
            if isinstance(table, dict):
                for dep in table:
                    if dep.lower() == "python":
                        if isinstance(table[dep], str) and facts.requires_python is None:
                            facts.requires_python = table[dep]
                        continue
                    facts.dependencies.setdefault(normalize(dep), rel)


def _pipfile(text: str, rel: str, facts: DeployFacts) -> None:
    if rel.lower().endswith(".lock"):
        try:
            data = json.loads(text)
        except ValueError:
            return
        for section in ("default", "develop"):
            if isinstance(data.get(section), dict):
                for dep in data[section]:
                    facts.dependencies.setdefault(normalize(dep), rel)
        return
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    for section in ("packages", "dev-packages"):
        if isinstance(data.get(section), dict):
            for dep in data[section]:
                facts.dependencies.setdefault(normalize(dep), rel)
    requires = data.get("requires", {})
    if isinstance(requires, dict) and isinstance(requires.get("python_version"), str):
        facts.python_version_files.append((rel, requires["python_version"]))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Dockerfile lines with ``\\`` continuations joined, comments dropped, with line numbers."""
    out: list[tuple[int, str]] = []
    buffer, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if not buffer:
            start = number
        if stripped.endswith("\\"):
            buffer += stripped[:-1] + " "
            continue
        out.append((start, buffer + stripped))
        buffer = ""
    if buffer:
        out.append((start, buffer))
    return out


def _dockerfile(text: str, rel: str, facts: DeployFacts) -> None:
    stages: list[DockerStage] = []
    for line, logical in _logical_lines(text):
        instruction, _, rest = logical.partition(" ")
        instruction = instruction.upper()
        rest = rest.strip()
        if instruction == "FROM":
            image = next((w for w in rest.split() if not w.startswith("--")), "")
            stages.append(DockerStage(rel, image, line))
            continue
        if not stages:
            continue
        stage = stages[-1]
        if instruction == "USER":
            stage.user = rest.split(":")[0].strip()
        elif instruction == "ENV":
            for key, value in _env_pairs(rest):
                stage.env[key] = value
                if key == "C_FORCE_ROOT":
                    facts.c_force_root.append(SourceHit(rel, line, f"ENV C_FORCE_ROOT={value}"))
                if key == "DJANGO_SETTINGS_MODULE":
                    facts.settings_mentions.append(SourceHit(rel, line, value))
        elif instruction in ("CMD", "ENTRYPOINT", "RUN"):
            stage.commands.append(rest)
            if instruction != "RUN":
                _command(rest, rel, line, facts)
    if stages:
        facts.docker_final.append(stages[-1])
        facts.docker_images += stages


def _env_pairs(rest: str) -> list[tuple[str, str]]:
    if "=" not in rest.split(" ", 1)[0]:
        key, _, value = rest.partition(" ")
        return [(key, value.strip().strip("\"'"))]
    return [
        (m.group(1), m.group(2).strip("\"'"))
        for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\S*)", rest)
    ]


def _command(command: str, rel: str, line: int, facts: DeployFacts) -> None:
    if "newrelic-admin" in command and "run-program" in command:
        facts.newrelic_wrapped.append(SourceHit(rel, line, "newrelic-admin run-program"))
    if re.search(r"(^|[\s\"'\[;&|])sudo\s", command):
        facts.sudo.append(SourceHit(rel, line, "sudo"))
    if "C_FORCE_ROOT" in command:
        facts.c_force_root.append(SourceHit(rel, line, "C_FORCE_ROOT in a command"))
    for match in re.finditer(
        r"(?:DJANGO_SETTINGS_MODULE=|--settings[= ])([A-Za-z_][\w.]*)", command
    ):
        facts.settings_mentions.append(SourceHit(rel, line, match.group(1)))


def _procfile(text: str, rel: str, facts: DeployFacts) -> None:
    if facts.procfile_path is not None and rel.count("/") >= facts.procfile_path.count("/"):
        return
    facts.procfile_path = rel
    facts.procfile = {}
    for number, raw in enumerate(text.splitlines(), 1):
        kind, sep, command = raw.partition(":")
        if not sep or not kind.strip() or kind.strip().startswith("#"):
            continue
        facts.procfile[kind.strip()] = command.strip()
        _command(command, rel, number, facts)


def _app_json(text: str, rel: str, facts: DeployFacts) -> None:
    try:
        data = json.loads(text)
    except ValueError:
        return
    if isinstance(data, dict):
        facts.app_json = data
        facts.app_json_path = rel
        env = data.get("env")
        if isinstance(env, dict):
            if "C_FORCE_ROOT" in env:
                facts.c_force_root.append(SourceHit(rel, 1, "C_FORCE_ROOT in app.json env"))
            module = env.get("DJANGO_SETTINGS_MODULE")
            value = module.get("value") if isinstance(module, dict) else module
            if isinstance(value, str):
                facts.settings_mentions.append(SourceHit(rel, 1, value))


def _scan_run_config(text: str, rel: str, facts: DeployFacts, *, compose: bool) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.split("#", 1)[0]
        if "C_FORCE_ROOT" in stripped:
            facts.c_force_root.append(SourceHit(rel, number, stripped.strip()[:80]))
        if re.search(r"(^|[\s\"'\[;&|])sudo\s", stripped):
            facts.sudo.append(SourceHit(rel, number, "sudo"))
        if compose and re.match(r"\s*user:\s*[\"']?(root|0)(:|[\"']|\s*$)", stripped):
            facts.root_users.append(SourceHit(rel, number, stripped.strip()))
        match = re.search(r"DJANGO_SETTINGS_MODULE[=:]\s*[\"']?([A-Za-z_][\w.]*)", stripped)
        if match:
            facts.settings_mentions.append(SourceHit(rel, number, match.group(1)))


def _config_file(text: str, rel: str, lower: str, facts: DeployFacts) -> None:
    if "client_max_body_size" in text or "server {" in text or "location " in text:
        facts.nginx_files.append(rel)
        for number, line in enumerate(text.splitlines(), 1):
            match = re.match(r"\s*client_max_body_size\s+([^;\s]+)\s*;", line)
            if match:
                facts.nginx_body_limits.append(SourceHit(rel, number, match.group(1)))
    if lower == "newrelic.ini":
        facts.newrelic_ini.append(rel)
    if "[program:" in text:  # supervisor
        for number, line in enumerate(text.splitlines(), 1):
            if re.match(r"\s*user\s*=\s*root\s*$", line):
                facts.root_users.append(SourceHit(rel, number, "supervisor user=root"))
        _scan_run_config(text, rel, facts, compose=False)
    if lower.endswith(".service") and "[Service]" in text:
        if not re.search(r"^\s*User\s*=\s*(?!root\s*$)\S+", text, re.MULTILINE):
            facts.root_users.append(SourceHit(rel, 1, "systemd unit without a non-root User="))
        _scan_run_config(text, rel, facts, compose=False)


def _scaling(text: str, rel: str, facts: DeployFacts) -> None:
    if re.search(r"\bscaling\b|maxReplicas|max_machines_running|auto_start_machines", text):
        facts.scaling.append(SourceHit(rel, 1, "autoscaling configuration"))


def _template(text: str, rel: str, facts: DeployFacts) -> None:
    facts.templates.append(rel)
    tail = rel.split("/templates/", 1)[-1] if "/templates/" in rel else rel.split("/", 1)[-1]
    if tail in ("404.html", "500.html", "403.html", "400.html"):
        facts.error_templates.setdefault(tail, rel)
    if re.search(r"(^|/)(e?mails?|email_templates?)/|_email\.|email_", tail, re.IGNORECASE):
        facts.email_templates.append(rel)
    found = _SENTRY_BROWSER.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        facts.sentry_browser.append(SourceHit(rel, line, found.group(0)))
