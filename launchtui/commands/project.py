"""``launchtui project [PATH]``: judge the checklist from a Django project's own files and settings.

Three tiers. By default (static) no project code runs: the settings chain, models, URLconfs,
templates, dependencies and deployment files are read as text and syntax. With
``--allow-project-code`` a small runner runs inside the project's own interpreter (``--python``,
else its ``.venv``/``venv``) with a minimal environment plus ``--env-file``. With ``--via
"COMMAND"`` the same runner is piped into COMMAND (``heroku run --no-tty -a APP -- python -``)
to see production itself.

Output and exit codes are ``launchtui probe``'s: ``OK`` nothing failed, ``FAILED`` an item failed,
``USAGE`` bad input or no project to read (one line on stderr). The verdicts are recorded under
each item's ``project`` record in the state unless ``--no-save``; an item's shown verdict is the
worse of the site's and the project's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from urllib.parse import urlsplit

from launchtui.commands.common import add_store_arguments, open_store, save_store
from launchtui.commands.exit import ExitCode, UsageError
from launchtui.commands.report import REPORT_FORMATS, write_report
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.project.check import (
    ProjectCheck,
    ProjectNotFound,
    RunnerInputError,
    check_with_options,
    shown_verdict,
)
from launchtui.probes.project.options import add_project_arguments, options_from_args
from launchtui.probes.report import ItemResult, aggregate
from launchtui.state import StateStore
from launchtui.text_safety import one_line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``project`` subcommand's arguments."""
    add_store_arguments(parser, top=False)
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        metavar="PATH",
        help="the project folder, with manage.py in it or below it (default: the current folder)",
    )
    add_project_arguments(parser, top=False)
    parser.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="text",
        help="report format (junit for CI; text also prints GitHub annotations in Actions)",
    )
    parser.add_argument(
        "--no-save", action="store_true", help="do not record the verdicts in the state file"
    )


def joined_results(
    check: ProjectCheck, store: StateStore, findings: list[Finding]
) -> list[ItemResult]:
    """The report's rows: each project verdict joined with the site's record for that item.

    An item the site probes also judge shows the worse of the two; a project pass there alone
    is a warning ("configured, not observed"), as in the TUI.
    """
    catalog = store.catalog
    rows = []
    for result in aggregate(findings, catalog):
        item = catalog.item(result.id)
        outside = bool(set(item.probes) & {"http", "tls", "dns"})
        site = store.item(result.id).probe
        site_verdict = site.verdict if site is not None else None
        verdict = shown_verdict(site_verdict, result.verdict, outside_item=outside)
        assert verdict is not None
        evidence = result.evidence
        if site is not None and outside:
            evidence += f" — the site's probes: {site.verdict.value}"
        elif outside and result.verdict is Verdict.PASS:
            evidence += " — configured, not yet observed on the site"
        rows.append(
            ItemResult(
                id=result.id,
                section=result.section,
                title=result.title,
                verdict=verdict,
                evidence=evidence,
                probe=result.probe,
            )
        )
    return rows


def record_project(store: StateStore, findings: list[Finding], started: dt.datetime) -> None:
    """Record the findings under each item's ``project`` record (never the site's)."""
    for finding in findings:
        store.record_project_finding(finding, started)


def _site_host(store: StateStore) -> str | None:
    url = store.target_url
    return (urlsplit(url).hostname or None) if url else None


def run(args: argparse.Namespace) -> int:
    """Check the project, print the report, and record the verdicts unless ``--no-save``."""
    options = options_from_args(args, args.path if args.path is not None else Path.cwd())
    problem = options.check()
    if problem is not None:
        raise UsageError(problem)
    store = open_store(args)
    started = dt.datetime.now(dt.UTC)
    try:
        check = check_with_options(options, site_host=_site_host(store))
    except (ProjectNotFound, RunnerInputError) as exc:
        raise UsageError(str(exc)) from None
    catalog = store.catalog
    findings = [f for f in check.findings if f.item_id in catalog]
    results = joined_results(check, store, findings)
    extra = {
        "project": {
            "path": str(check.project.root),
            "settings": check.choice.module,
            "settings_found": check.choice.how,
            "tier": _tier(check),
        }
    }
    write_report(
        args,
        str(check.project.root),
        results,
        store=store,
        command="project",
        started=started,
        extra=extra,
    )
    if check.choice.missing:
        missing = one_line(str(check.choice.missing))  # names from the project's own files
        print(f"launchtui: settings not readable: {missing}", file=sys.stderr)
    if not args.no_save:
        record_project(store, findings, started)
        save_store(store)
        print(f"recorded {len(findings)} project verdicts in {store.path}", file=sys.stderr)
    return _exit(results)


def _exit(results: list[ItemResult]) -> int:
    failed = any(r.verdict is Verdict.FAIL for r in results)
    return ExitCode.FAILED if failed else ExitCode.OK


def _tier(check: ProjectCheck) -> str:
    if check.runtime is None:
        return "static"
    return check.runtime.source
