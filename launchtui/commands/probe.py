"""``launchtui probe URL``: run the probes headlessly, print a report, record the verdicts.

Exit codes: ``OK`` no counted item reached the ``--fail-on`` level (``fail`` by default, or
``warn``), ``FAILED`` one did, ``USAGE`` a usage error, an unreadable state file, or a target where
nothing answered at all (one line on stderr). Items the state marks not applicable are probed and
reported (marked N/A) but never counted. Imports httpx but neither Textual nor sslyze (the tls
family loads sslyze itself, only when it runs).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys

from launchtui.commands.common import add_store_arguments, open_store, save_store
from launchtui.commands.exit import ExitCode, UsageError
from launchtui.commands.report import REPORT_FORMATS, not_applicable_ids, write_report
from launchtui.probes.context import ProbeContext
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.options import add_target_arguments, options_from_args
from launchtui.probes.report import ItemResult, aggregate
from launchtui.probes.runner import run_probes
from launchtui.probes.target import TargetError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``probe`` subcommand's arguments."""
    add_store_arguments(parser, top=False)
    parser.add_argument(
        "url", nargs="?", metavar="URL", help="site to probe (default: the state file's target)"
    )
    parser.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="text",
        help="report format (junit for CI; text also prints GitHub annotations in Actions)",
    )
    add_target_arguments(parser, suppress=True)  # the main parser holds the defaults
    parser.add_argument(
        "--no-save", action="store_true", help="do not record the verdicts in the state file"
    )
    parser.add_argument(
        "--fail-on",
        choices=("warn", "fail"),
        default="fail",
        help="exit 1 when a counted item is at least this bad (default: fail)",
    )


def gate_failed(results: list[ItemResult], fail_on: Verdict) -> bool:
    """Whether a result that counts (not N/A) is at least as bad as ``fail_on``."""
    return any(r.verdict.rank >= fail_on.rank for r in results if not r.not_applicable)


async def _collect(ctx: ProbeContext, item_probes: dict[str, tuple[str, ...]]) -> list[Finding]:
    return [finding async for finding in run_probes(ctx, item_probes)]


def run(args: argparse.Namespace) -> int:
    """Probe the target, print the report, and record the verdicts unless ``--no-save``."""
    try:
        options = options_from_args(args)
    except TargetError as exc:
        raise UsageError(str(exc)) from None
    families = options.site_families
    if not families:
        raise UsageError(
            "--only: the project family is checked by `launchtui project` (or p in the TUI)"
        )
    store = open_store(args)
    url = args.url or store.target_url
    if not url:
        raise UsageError("no URL given and the state file has no target: pass URL")
    try:
        target = options.target(url)
    except TargetError as exc:
        raise UsageError(str(exc)) from None
    catalog = store.catalog
    item_probes = {item.id: item.probes for item in catalog.items()}
    started = dt.datetime.now(dt.UTC)
    ctx = ProbeContext.start(target, families)
    findings = asyncio.run(_collect(ctx, item_probes))
    reason = ctx.unreachable_reason()
    if reason is not None:
        # Nothing recorded: a network hiccup must not reopen items a probe had closed.
        raise UsageError(f"cannot reach {target.url}: {reason}")
    results = aggregate(findings, catalog, not_applicable_ids(store))
    write_report(args, target.url, results, store=store, command="probe", started=started)
    if not args.no_save:
        store.set_target(target.url)
        # A family that reached nothing records nothing (the store refuses findings without
        # evidence from the site), so what was closed stays closed.
        recorded = {
            finding.item_id
            for finding in findings
            if store.record_finding(finding, started) is not None
        }
        save_store(store)
        skipped = len(results) - len(recorded)
        note = f" ({skipped} without evidence from the site left as they were)" if skipped else ""
        print(f"recorded {len(recorded)} verdicts in {store.path}{note}", file=sys.stderr)
    failed = gate_failed(results, Verdict(args.fail_on))
    return ExitCode.FAILED if failed else ExitCode.OK
