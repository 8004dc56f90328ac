"""The ``launchtui`` command line: builds the parser and hands the parsed arguments to a command.

The commands live in :mod:`launchtui.commands`, one module each. Kept light on purpose:
``--version``, ``--help``, ``export`` and ``import`` import neither Textual nor httpx nor sslyze (a
test checks it), so the ``probe`` command is loaded only when it is asked for. Each error is one
line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, Protocol

from launchtui import __version__
from launchtui.commands.exit import ExitCode, UsageError
from launchtui.text_safety import one_line


class Command(Protocol):
    """What a module of :mod:`launchtui.commands` offers."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_command(
    commands: argparse._SubParsersAction[_Parser], name: str, command: Command, *, help: str
) -> None:
    parser = commands.add_parser(name, help=help)
    command.add_arguments(parser)
    parser.set_defaults(run=command.run)


def _add_command_when_asked(
    commands: argparse._SubParsersAction[_Parser],
    argv: Sequence[str],
    name: str,
    load: Callable[[], Command],
    *,
    help: str,
) -> None:
    """A command whose module is imported only when its name is on the command line (it brings
    libraries the other commands do without); otherwise only its name and help are listed."""
    if name in argv:
        _add_command(commands, name, load(), help=help)
    else:
        commands.add_parser(name, help=help)


def _project_command() -> Command:
    from launchtui.commands import project  # the project judges

    return project


def _probe_command() -> Command:
    from launchtui.commands import probe  # httpx, and the probe families when they run

    return probe


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The argument parser (``probe`` and ``project`` are loaded only when they are asked for)."""
    from launchtui.commands import export, import_, merge_driver, tui

    parser = _Parser(
        prog="launchtui",
        description=(
            "Take a Django site through Vinta's production launch checklist in your terminal. "
            "Without a command, opens the checklist."
        ),
        epilog="Checklist: Vinta's Django Production Launch checklist (MIT).",
    )
    parser.add_argument("--version", action="version", version=f"launchtui {__version__}")
    tui.add_arguments(parser)
    parser.set_defaults(run=tui.run)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_command(commands, "export", export, help="print the state as Markdown, JSON or TOML")
    _add_command(
        commands, "import", import_, help="merge an export (TOML, JSON or Markdown) into the state"
    )
    _add_command(
        commands,
        "merge-driver",
        merge_driver,
        help="git's merge driver for state files (%%O %%A %%B): the newer part of each item wins",
    )
    _add_command_when_asked(
        commands,
        argv,
        "project",
        _project_command,
        help="judge the checklist from a Django project's own settings, code and files",
    )
    _add_command_when_asked(
        commands,
        argv,
        "probe",
        _probe_command,
        help="probe a site headlessly and record the verdicts",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # the common case answers before any parser is built
        print(f"launchtui {__version__}")
        return ExitCode.OK
    args = build_parser(argv).parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return int(run(args))
    except UsageError as exc:
        # Messages quote files, URLs and sites: one line, nothing a terminal would act on.
        print(f"launchtui: {one_line(str(exc))}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
