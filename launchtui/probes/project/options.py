"""How to check a project, apart from its path: the options ``project`` and the TUI share.

Kept free of heavy imports: the main parser adds these options for the TUI's ``--project``, and
``launchtui --help`` must stay fast.
"""

from __future__ import annotations

import argparse
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
