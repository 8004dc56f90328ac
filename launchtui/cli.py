"""The ``launchtui`` command: the TUI by default, plus ``export``, ``import`` and ``probe``.

Kept light on purpose: ``--version``, ``--help``, ``export`` and ``import`` import neither Textual
nor httpx nor sslyze (a test checks it). Each error is one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from launchtui import __version__

EXIT_USAGE = 2


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _add_common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        default=default,
        help="state file to use (default: one in your user data folder)",
    )
    parser.add_argument(
        "--checklist",
        type=Path,
        metavar="FILE.md",
        default=default,
        help="use a devchecklists-style Markdown checklist instead of the bundled one",
    )


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The argument parser (the ``probe`` options are loaded only when ``probe`` is asked for)."""
    from launchtui.probes.options import add_target_arguments

    parser = _Parser(
        prog="launchtui",
        description=(
            "Take a Django site through Vinta's production launch checklist in your terminal. "
            "Without a command, opens the checklist."
        ),
        epilog="Checklist: Vinta's Django Production Launch checklist (MIT).",
    )
    parser.add_argument("--version", action="version", version=f"launchtui {__version__}")
    _add_common(parser, top=True)
    parser.add_argument("--url", metavar="URL", help="set the site to probe, then open the TUI")
    add_target_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    export = commands.add_parser("export", help="print the state as Markdown, JSON or TOML")
    _add_common(export, top=False)
    export.add_argument("--format", choices=("markdown", "json", "toml"), default="markdown")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")

    importer = commands.add_parser(
        "import", help="merge an export (TOML, JSON or Markdown) into the state"
    )
    _add_common(importer, top=False)
    importer.add_argument("file", type=Path, metavar="FILE")

    probe = commands.add_parser("probe", help="probe a site headlessly and record the verdicts")
    _add_common(probe, top=False)
    if "probe" in argv:
        from launchtui.probes import command as probe_command

        probe_command.add_arguments(probe)
    return parser


def _catalog(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from launchtui.catalog import ChecklistSyntaxError, load_catalog

    try:
        return load_catalog(args.checklist)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.checklist}: cannot read the checklist ({exc})") from None
    except ChecklistSyntaxError as exc:
        raise UsageError(f"{args.checklist}: {exc}") from None


def state_path(args: argparse.Namespace, catalog) -> Path:  # type: ignore[no-untyped-def]
    """``--state`` or the default state file of this checklist."""
    from launchtui.state import default_state_path

    return args.state if args.state is not None else default_state_path(catalog)


def open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The state store that ``--state`` and ``--checklist`` point at."""
    from launchtui.state import StateFileError, StateStore

    catalog = _catalog(args)
    try:
        return StateStore.open(state_path(args, catalog), catalog)
    except StateFileError as exc:
        raise UsageError(str(exc)) from None


def _export(args: argparse.Namespace) -> int:
    from launchtui.exchange import export_state
    from launchtui.state import atomic_write

    text = export_state(open_store(args), args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        atomic_write(args.output, text)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
    print(f"exported {args.format} to {args.output}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from launchtui.exchange import ImportError_, import_file
    from launchtui.state import StateFileError

    store = open_store(args)
    try:
        report = import_file(store, args.file)
    except ImportError_ as exc:
        raise UsageError(str(exc)) from None
    for line in report.changes:
        print(line)
    if report.unknown_ids:
        print(
            f"skipped {len(report.unknown_ids)} item(s) this checklist does not have: "
            + ", ".join(report.unknown_ids[:5])
            + (" …" if len(report.unknown_ids) > 5 else ""),
            file=sys.stderr,
        )
    if not report.changes:
        print(f"nothing to change: {store.path} already has everything in {args.file}")
        return 0
    try:
        store.save()
    except StateFileError as exc:
        raise UsageError(str(exc)) from None
    print(f"{len(report.changes)} item(s) changed in {store.path}")
    return 0


def _tui(args: argparse.Namespace) -> int:
    from launchtui.probes.options import options_from_args
    from launchtui.probes.target import TargetError, normalize_url
    from launchtui.state import StateFileError

    # Refuse a bad checklist, state file, URL or option before paying for Textual's import.
    store = open_store(args)
    try:
        if args.url is not None:
            normalize_url(args.url)
        probe_options = options_from_args(args)
    except TargetError as exc:
        raise UsageError(str(exc)) from None
    from launchtui.tui.app import app_for_store

    try:
        app = app_for_store(store, url=args.url, probe_options=probe_options)
    except StateFileError as exc:  # saving the --url target
        raise UsageError(str(exc)) from None
    app.run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # the common case answers before any parser is built
        print(f"launchtui {__version__}")
        return 0
    args = build_parser(argv).parse_args(argv)
    try:
        if args.command == "export":
            return _export(args)
        if args.command == "import":
            return _import(args)
        if args.command == "probe":
            from launchtui.probes import command as probe_command

            return probe_command.main(args)
        return _tui(args)
    except UsageError as exc:
        print(f"launchtui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
