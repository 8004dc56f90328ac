"""What several commands share: the ``--state``/``--checklist`` options and the store they open."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from launchtui.catalog import Catalog, ChecklistSyntaxError, load_catalog
from launchtui.commands import interrupt
from launchtui.commands.exit import UsageError
from launchtui.state import StateFileError, StateStore, default_state_path


def add_store_arguments(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Add ``--state`` and ``--checklist``; a subcommand's copy keeps the top parser's value."""
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


def load_checklist(args: argparse.Namespace) -> Catalog:
    """The checklist that ``--checklist`` names (the bundled one without it)."""
    try:
        return load_catalog(args.checklist)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{args.checklist}: cannot read the checklist ({exc})") from None
    except ChecklistSyntaxError as exc:
        raise UsageError(f"{args.checklist}: {exc}") from None


def state_path(args: argparse.Namespace, catalog: Catalog) -> Path:
    """``--state`` or the default state file of this checklist."""
    state: Path | None = args.state
    return state if state is not None else default_state_path(catalog)


def open_store(args: argparse.Namespace) -> StateStore:
    """The state store that ``--state`` and ``--checklist`` point at."""
    catalog = load_checklist(args)
    try:
        # An explicit --state must name a file in a folder that exists; only the default data
        # folder is created (by the first save).
        return StateStore.open(state_path(args, catalog), catalog, create_folder=args.state is None)
    except StateFileError as exc:
        raise UsageError(str(exc)) from None


def save_store(store: StateStore) -> None:
    """Save the state; a ctrl+c meanwhile waits for the file to be whole (a failure: one line)."""
    try:
        with interrupt.writing():
            store.save()
    except StateFileError as exc:
        raise UsageError(str(exc)) from None


def use_color(stream: TextIO) -> bool:
    """ANSI colours for a terminal (or ``FORCE_COLOR``), never when ``NO_COLOR`` is set."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return stream.isatty()
