"""How to check a project, apart from its path: the options ``project`` and the TUI share.

Kept free of heavy imports: the main parser adds these options for the TUI's ``--project``, and
``launchtui --help`` must stay fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def add_project_arguments(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options that say how to check a project: the ``project`` subcommand's, and the TUI's
    (beside ``--project PATH``). A subcommand's copy keeps the top parser's value."""

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--settings",
        metavar="MODULE",
        default=default(None),
        help="settings module production runs (default: wsgi.py/asgi.py's, else Procfile/"
        "Dockerfile's, else manage.py's)",
    )
    parser.add_argument(
        "--python",
        metavar="PYTHON",
        default=default(None),
        help="the project's interpreter for --allow-project-code (default: its .venv or venv)",
    )
    parser.add_argument(
        "--env-file",
        type=Path,
        metavar="FILE",
        default=default(None),
        help="environment variables for the runner (KEY=value lines)",
    )
    parser.add_argument(
        "--allow-project-code",
        action="store_true",
        default=default(False),
        help="run a small read-only runner inside the project (django.setup(), system checks)",
    )
    parser.add_argument(
        "--via",
        metavar="COMMAND",
        default=default(None),
        help="run the runner through COMMAND's stdin, e.g. \"heroku run --no-tty -a APP -- "
        'python -" (production)',
    )


@dataclass(frozen=True)
class ProjectOptions:
    """Which project to check and how: the ``project`` command's options, and the TUI's
    ``--project`` (saved in the state file, so the next start needs no flags)."""

    path: Path
    settings: str | None = None
    python: str | None = None
    env_file: Path | None = None
    allow_project_code: bool = False
    via: str | None = None

    @property
    def runs_project_code(self) -> bool:
        """The runner tier (locally or ``--via``), not the static tier only."""
        return self.allow_project_code or self.via is not None

    def check(self) -> str | None:
        """What is wrong with these options (one line), or None."""
        if not self.runs_project_code:
            for option, value in (("--python", self.python), ("--env-file", self.env_file)):
                if value is not None:
                    return f"{option} is for the runner: add --allow-project-code"
        if self.env_file is not None and not Path(self.env_file).is_file():
            return f"--env-file {self.env_file}: no such file"
        return None

    def to_table(self, base: Path | None = None) -> dict[str, str | bool]:
        """The options as a TOML table; paths under ``base`` (the state file's folder) are
        kept relative to it, so a state committed beside the project works on every clone."""
        table: dict[str, str | bool] = {"path": _relative(self.path, base)}
        if self.settings:
            table["settings"] = self.settings
        if self.python:
            table["python"] = self.python
        if self.env_file is not None:
            table["env_file"] = _relative(self.env_file, base)
        if self.allow_project_code:
            table["allow_project_code"] = True
        if self.via:
            table["via"] = self.via
        return table

    @classmethod
    def from_table(cls, table: Mapping[str, Any], base: Path | None = None) -> ProjectOptions:
        """Read :meth:`to_table`'s table back (``ValueError`` naming a bad key)."""

        def text(key: str) -> str | None:
            value = table.get(key)
            if value is None:
                return None
            if not isinstance(value, str) or not value.strip() or "\0" in value:
                raise ValueError(f"project.{key} must be a non-empty string")
            return value

        path = text("path")
        if path is None:
            raise ValueError("project.path is missing")
        allow = table.get("allow_project_code", False)
        if not isinstance(allow, bool):
            raise ValueError("project.allow_project_code must be true or false")
        env_file = text("env_file")
        return cls(
            path=_absolute(path, base),
            settings=text("settings"),
            python=text("python"),
            env_file=_absolute(env_file, base) if env_file else None,
            allow_project_code=allow,
            via=text("via"),
        )


def options_from_args(args: argparse.Namespace, path: Path) -> ProjectOptions:
    """The :class:`ProjectOptions` parsed arguments describe, for the project at ``path``."""
    return ProjectOptions(
        path=path,
        settings=args.settings,
        python=args.python,
        env_file=args.env_file,
        allow_project_code=bool(args.allow_project_code),
        via=args.via,
    )


def _relative(path: Path, base: Path | None) -> str:
    resolved = Path(path).expanduser().resolve()
    if base is not None:
        try:
            return resolved.relative_to(base.resolve()).as_posix() or "."
        except ValueError:
            pass
    return str(resolved)


def _absolute(text: str, base: Path | None) -> Path:
    path = Path(text).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    return path
