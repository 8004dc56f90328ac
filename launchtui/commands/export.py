"""``launchtui export``: print the state as Markdown, JSON or TOML, or write it to a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from launchtui.atomic import atomic_write
from launchtui.commands import interrupt
from launchtui.commands.common import add_store_arguments, open_store
from launchtui.commands.exit import ExitCode, UsageError
from launchtui.exchange import FORMATS, export_state


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``export`` subcommand's arguments."""
    add_store_arguments(parser, top=False)
    parser.add_argument("--format", choices=FORMATS, default="markdown")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")


def run(args: argparse.Namespace) -> int:
    """Export the state; the text goes to stdout unless ``--output`` names a file."""
    text = export_state(open_store(args), args.format)
    if args.output is None:
        sys.stdout.write(text)
        return ExitCode.OK
    try:
        with interrupt.writing():
            atomic_write(args.output, text)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write ({exc.strerror or exc})") from None
    print(f"exported {args.format} to {args.output}", file=sys.stderr)
    return ExitCode.OK
