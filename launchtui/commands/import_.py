"""``launchtui import FILE``: merge an export (TOML, JSON or Markdown) into the state."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from launchtui.commands.common import add_store_arguments, open_store, save_store
from launchtui.commands.exit import ExitCode, UsageError
from launchtui.exchange import ImportFileError, import_file
from launchtui.text_safety import one_line

_LISTED_UNKNOWN_IDS = 5  # a longer list of skipped ids is cut, so the line stays one line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``import`` subcommand's arguments."""
    add_store_arguments(parser, top=False)
    parser.add_argument("file", type=Path, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    """Merge ``FILE`` into the state, print what changed, and save only if something did."""
    store = open_store(args)
    try:
        report = import_file(store, args.file)
    except ImportFileError as exc:
        raise UsageError(str(exc)) from None
    for line in [*report.changes, *report.kept]:
        print(one_line(line))
    if report.unknown_ids:
        # The ids come from the file: shown cleaned and cut, like any text we did not write.
        listed = [repr(one_line(i)[:60]) for i in report.unknown_ids[:_LISTED_UNKNOWN_IDS]]
        print(
            f"skipped {len(report.unknown_ids)} item(s) this checklist does not have: "
            + ", ".join(listed)
            + (" …" if len(report.unknown_ids) > _LISTED_UNKNOWN_IDS else ""),
            file=sys.stderr,
        )
    if not report.changes:
        print(f"nothing to change: {store.path} already has everything in {args.file}")
        return ExitCode.OK
    save_store(store)
    print(f"{len(report.changes)} item(s) changed in {store.path}")
    return ExitCode.OK
