"""``launchtui probe URL``: run the probes headlessly, print a report, record the verdicts.

Exit codes: 0 nothing failed, 1 an item failed, 2 usage error, unreadable state file, or a target
that could not be reached at all (one line on stderr). Imports neither Textual nor sslyze (the
tls family loads sslyze itself, only when it runs).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
from typing import Any

from launchtui.probes.model import Finding, Verdict
from launchtui.probes.options import add_target_arguments, options_from_args
from launchtui.probes.report import aggregate, render
from launchtui.probes.runner import run_probes, unreachable_reason
from launchtui.probes.target import Target, TargetError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class ProbeUsageError(Exception):
    """Something the user can fix; one line on stderr, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``probe`` subcommand's arguments (``--state`` comes from the main parser)."""
    parser.add_argument(
        "url", nargs="?", metavar="URL", help="site to probe (default: the state file's target)"
    )
    parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help="report format"
    )
    add_target_arguments(parser, suppress=True)  # the main parser holds the defaults
    parser.add_argument(
        "--no-save", action="store_true", help="do not record the verdicts in the state file"
    )


def _open_store(args: argparse.Namespace) -> Any:
    from launchtui.cli import UsageError, open_store

    try:
        return open_store(args)
    except UsageError as exc:
        raise ProbeUsageError(str(exc)) from None


async def _collect(
    target: Target, item_probes: dict[str, tuple[str, ...]], families: tuple[str, ...]
) -> tuple[list[Finding], dict[str, Any]]:
    facts: dict[str, Any] = {}
    findings = [f async for f in run_probes(target, item_probes, families, facts=facts)]
    return findings, facts


def use_color(stream: Any) -> bool:
    """ANSI colours for a terminal (or ``FORCE_COLOR``), never when ``NO_COLOR`` is set."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def _run(args: argparse.Namespace) -> int:
    try:
        options = options_from_args(args)
    except TargetError as exc:
        raise ProbeUsageError(str(exc)) from None
    families = options.families
    store = _open_store(args)
    url = args.url or store.target_url
    if not url:
        raise ProbeUsageError("no URL given and the state file has no target: pass URL")
    try:
        target = options.target(url)
    except TargetError as exc:
        raise ProbeUsageError(str(exc)) from None
    catalog = store.catalog
    item_probes = {item.id: item.probes for item in catalog.items()}
    started = dt.datetime.now(dt.UTC)
    findings, facts = asyncio.run(_collect(target, item_probes, families))
    reason = unreachable_reason(facts, families, target.url)
    if reason is not None:
        # Nothing recorded: a network hiccup must not reopen items a probe had closed.
        print(f"launchtui: cannot reach {target.url}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    results = aggregate(findings, catalog)
    sys.stdout.write(render(args.format, target.url, results, color=use_color(sys.stdout)))
    if not args.no_save:
        from launchtui.state import StateFileError

        store.set_target(target.url)
        for finding in findings:
            store.record_finding(finding, started)
        try:
            store.save()
        except StateFileError as exc:
            raise ProbeUsageError(str(exc)) from None
        print(f"recorded {len(results)} verdicts in {store.path}", file=sys.stderr)
    failed = any(r.verdict is Verdict.FAIL for r in results)
    return EXIT_FAILED if failed else EXIT_OK


def main(args: argparse.Namespace) -> int:
    """Run ``launchtui probe`` with parsed arguments; returns the exit code."""
    try:
        return _run(args)
    except ProbeUsageError as exc:
        print(f"launchtui: {exc}", file=sys.stderr)
        return EXIT_USAGE
