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


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The argument parser (the ``probe`` options are loaded only when ``probe`` is asked for)."""
    from launchtui.commands import export, import_, tui

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
    project_help = "judge the checklist from a Django project's own settings, code and files"
    if "project" in argv:  # its judges are loaded only when asked for
        from launchtui.commands import project

        _add_command(commands, "project", project, help=project_help)
    else:
        commands.add_parser("project", help=project_help)
    probe_help = "probe a site headlessly and record the verdicts"
    if "probe" in argv:  # its options and its run bring httpx, which the other commands do without
        from launchtui.commands import probe

        _add_command(commands, "probe", probe, help=probe_help)
    else:
        commands.add_parser("probe", help=probe_help)
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
        print(f"launchtui: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
