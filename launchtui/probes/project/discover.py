"""Find the Django project under a folder, and the settings module production runs.

The settings module, in order: ``--settings``; the default in wsgi.py/asgi.py (what a WSGI or
ASGI server in production loads); a ``DJANGO_SETTINGS_MODULE``/``--settings`` in Procfile,
Dockerfile, app.json or compose files; manage.py's default (often the development module).
Every verdict's evidence names the module and how it was found.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from launchtui.probes.project.static.deploy import DeployFacts
from launchtui.probes.project.static.files import ProjectFiles
from launchtui.probes.project.static.settings import module_file

_DEV_NAMES = re.compile(
    r"(^|[._])(local|dev|devel|development|test|tests|testing|ci|debug|sample|example)$"
)
_MAX_DEPTH = 3


class ProjectNotFound(Exception):
    """No manage.py under (or above) the folder given: one line for the user."""


@dataclass(frozen=True, slots=True)
class Project:
    """The folder the user named (``root``) and the folder holding manage.py (``module_root``)."""

    root: Path
    module_root: Path


@dataclass
class SettingsChoice:
    """Which settings module the judges read, how it was found, and why it may not be production.

    ``caps`` are reasons a pass must become a warning (a development-looking module, a
    deployment file that names another module, only manage.py to go by).
    """

    module: str | None
    how: str
    caps: list[str] = field(default_factory=list)
    missing: str | None = None

    def label(self) -> str:
        """``config.settings.production (config/wsgi.py)`` for evidence."""
        if self.module is None:
            return "no settings module found"
        return f"{self.module} ({self.how})"


def find_project(path: Path) -> Project:
    """The project at ``path``: manage.py in it, below it (a few levels), or above it."""
    path = path.resolve()
    if not path.is_dir():
        raise ProjectNotFound(f"{path}: not a folder")
    if (path / "manage.py").is_file():
        return Project(path, path)
    found = _manage_below(path)
    if len(found) > 1:
        names = ", ".join(str(p.relative_to(path)) for p in found[:4])
        raise ProjectNotFound(f"{path}: several Django projects below ({names}): pass one")
    if found:
        return Project(path, found[0])
    for parent in path.parents:
        if (parent / "manage.py").is_file():
            return Project(parent, parent)
    raise ProjectNotFound(f"{path}: no manage.py in this folder, below it or above it")


def _manage_below(path: Path) -> list[Path]:
    level = [path]
    skip = {".git", "node_modules", ".venv", "venv", "env", "__pycache__", ".tox", "site-packages"}
    for _ in range(_MAX_DEPTH):
        following: list[Path] = []
        found: list[Path] = []
        for folder in level:
            try:
                children = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
            except OSError:
                continue
            for child in children:
                if child.name in skip or child.name.startswith("."):
                    continue
                if (child / "manage.py").is_file():
                    found.append(child)
                following.append(child)
        if found:
            return found
        level = following
    return []


def settings_default(text: str) -> str | None:
    """The module a wsgi.py/asgi.py/manage.py sets as DJANGO_SETTINGS_MODULE's default."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) >= 2:
            func = ast.unparse(node.func)
            first, second = node.args[0], node.args[1]
            if (
                func.endswith("setdefault")
                and isinstance(first, ast.Constant)
                and first.value == "DJANGO_SETTINGS_MODULE"
                and isinstance(second, ast.Constant)
                and isinstance(second.value, str)
            ):
                return second.value
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.slice, ast.Constant)
                    and target.slice.value == "DJANGO_SETTINGS_MODULE"
                    and isinstance(node.value.value, str)
                ):
                    return node.value.value
    return None


def choose_settings(
    project: Project, files: ProjectFiles, deploy: DeployFacts, given: str | None
) -> SettingsChoice:
    """Pick the settings module (see the module docstring for the order) and its caps."""
    offset = os.path.relpath(project.module_root, project.root)
    prefix = "" if offset == "." else offset.replace(os.sep, "/") + "/"
    mentions = {hit.label: hit for hit in deploy.settings_mentions}
    choice: SettingsChoice | None = None
    if given:
        choice = SettingsChoice(given, "--settings")
    if choice is None:
        for name in ("wsgi.py", "asgi.py"):
            for rel in files.named(name):
                if not rel.startswith(prefix):
                    continue
                module = settings_default(files.text(rel))
                if module:
                    choice = SettingsChoice(module, f"default in {rel}, what production runs")
                    break
            if choice is not None:
                break
    if choice is None and mentions:
        hit = next(iter(mentions.values()))
        choice = SettingsChoice(hit.label, f"set in {hit.where()}")
    if choice is None:
        manage = project.module_root / "manage.py"
        module = settings_default(files.text(f"{prefix}manage.py")) if manage.is_file() else None
        if module:
            choice = SettingsChoice(module, "default in manage.py")
            choice.caps.append("only manage.py names it, and that is often the development module")
    if choice is None:
        return SettingsChoice(
            None, "not found", missing="no wsgi.py, asgi.py or manage.py names one"
        )
    assert choice.module is not None
    if _DEV_NAMES.search(choice.module):
        choice.caps.append(f"{choice.module} looks like a development or test module")
    others = sorted(m for m in mentions if m != choice.module)
    if others and choice.how != "--settings":
        hit = mentions[others[0]]
        choice.caps.append(f"{hit.where()} runs {others[0]} instead")
    if module_file(project.module_root, choice.module) is None:
        choice.missing = f"{choice.module} is not a file in the project"
    return choice
