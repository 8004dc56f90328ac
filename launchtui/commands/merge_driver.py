"""``launchtui merge-driver %O %A %B``: git's merge driver for state files.

Git calls it when two branches changed one state file: ``%O`` is the common ancestor, ``%A`` our
version (the result is written there) and ``%B`` theirs. Items merge part by part, the newer part
winning (:func:`launchtui.state.merge.merge_states`), so two engineers' ticks, notes and probe
runs never end in conflict markers. A version that cannot be read leaves ``%A`` as it was and
exits non-zero, which git reports as a conflict to resolve by hand.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from launchtui.atomic import atomic_write
from launchtui.commands.exit import ExitCode, UsageError
from launchtui.state import StateFileError, parse_state_text, read_state_text, render_state
from launchtui.state.merge import merge_states


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the three files git passes (``%O %A %B``)."""
    parser.add_argument("base", type=Path, metavar="BASE", help="the common ancestor (%%O)")
    parser.add_argument(
        "ours", type=Path, metavar="OURS", help="our version, replaced by the merge (%%A)"
    )
    parser.add_argument("theirs", type=Path, metavar="THEIRS", help="their version (%%B)")


def _read(path: Path) -> dict[str, Any]:
    """A version's data; an empty or missing file (one side added the state) is an empty state."""
    try:
        text = read_state_text(path)
        return {} if not text else parse_state_text(text, path)
    except StateFileError as exc:
        raise UsageError(str(exc)) from None


def _checklist_name(data: dict[str, Any]) -> str | None:
    checklist = data.get("checklist", {})
    name = checklist.get("name") if isinstance(checklist, dict) else None
    return name if isinstance(name, str) else None


def run(args: argparse.Namespace) -> int:
    """Merge the three versions into ``OURS``; exit 0 when merged, 2 (a conflict) otherwise."""
    base, ours, theirs = _read(args.base), _read(args.ours), _read(args.theirs)
    names = {name for data in (ours, theirs) if (name := _checklist_name(data)) is not None}
    if len(names) > 1:
        first, second = sorted(names)
        raise UsageError(
            f"cannot merge {args.ours}: one side belongs to the checklist {first!r}, "
            f"the other to {second!r}"
        )
    try:
        merged = merge_states(base, ours, theirs)
    except StateFileError as exc:
        raise UsageError(f"cannot merge {args.ours}: {exc}") from None
    try:
        atomic_write(args.ours, render_state(merged))
    except OSError as exc:
        raise UsageError(f"{args.ours}: cannot write ({exc.strerror or exc})") from None
    return ExitCode.OK
