"""The report ``launchtui probe`` and ``launchtui project`` print, in the format asked for.

Beside :func:`launchtui.probes.report.render`'s text, JSON and Markdown: ``junit`` for CI
systems, and, in the text format inside GitHub Actions, the ``::error``/``::warning`` lines
that become annotations (:mod:`launchtui.probes.ci`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping
from typing import Any

from launchtui.commands.common import use_color
from launchtui.probes.ci import github_annotations, in_github_actions, render_junit
from launchtui.probes.model import Verdict
from launchtui.probes.report import ItemResult, render
from launchtui.state import ItemStatus, StateStore

REPORT_FORMATS = ("text", "json", "markdown", "junit")


def not_applicable_ids(store: StateStore) -> frozenset[str]:
    """The items the team marked not applicable: reported as skipped, never as failures."""
    return frozenset(
        item.id
        for item in store.catalog.items()
        if store.item(item.id).status is ItemStatus.SKIPPED
    )


def write_report(
    args: argparse.Namespace,
    target: str,
    results: list[ItemResult],
    *,
    store: StateStore,
    command: str,
    started: dt.datetime,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Print the run's report on stdout in ``args.format``."""
    skipped = not_applicable_ids(store)
    if args.format == "junit":
        # --fail-on is the probe command's (warn makes a warning a failure); fail without it.
        fail_on = Verdict(getattr(args, "fail_on", None) or Verdict.FAIL)
        duration = (dt.datetime.now(dt.UTC) - started).total_seconds()
        sys.stdout.write(
            render_junit(
                target,
                results,
                fail_on=fail_on,
                not_applicable=skipped,
                command=command,
                started=started,
                duration=duration,
            )
        )
        return
    color = use_color(sys.stdout)
    sys.stdout.write(
        render(args.format, target, results, color=color, command=command, extra=extra)
    )
    if args.format == "text" and in_github_actions():
        for line in github_annotations(results, not_applicable=skipped, command=command):
            print(line)
