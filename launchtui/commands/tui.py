"""``launchtui`` without a command: open the checklist in the terminal UI."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from launchtui.commands import interrupt
from launchtui.commands.common import add_store_arguments, open_store
from launchtui.commands.exit import ExitCode, UsageError
from launchtui.probes.options import add_target_arguments, options_from_args
from launchtui.probes.project.options import (
    ProjectOptions,
    add_project_arguments,
)
from launchtui.probes.project.options import options_from_args as project_options_from_args
from launchtui.probes.target import TargetError, normalize_url
from launchtui.state import StateFileError
from launchtui.text_safety import one_line

if TYPE_CHECKING:
    from launchtui.tui.app import LaunchApp


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the TUI's arguments to the top parser (they hold the defaults the subcommands share)."""
    add_store_arguments(parser, top=True)
    parser.add_argument("--url", metavar="URL", help="set the site to probe, then open the TUI")
    add_target_arguments(parser)
    parser.add_argument(
        "--project",
        type=Path,
        metavar="PATH",
        help="the Django project to check beside the site (saved in the state file)",
    )
    add_project_arguments(parser, top=True)


def run(args: argparse.Namespace) -> int:
    """Open the TUI on the state file; returns when the user quits."""
    # Refuse a bad checklist, state file, URL or option before paying for Textual's import.
    store = open_store(args)
    existed = store.path.exists()
    try:
        if args.url is not None:
            normalize_url(args.url)
        probe_options = options_from_args(args)
    except TargetError as exc:
        raise UsageError(str(exc)) from None
    project_options = _project_options(args)
    from launchtui.tui.app import app_for_store

    try:
        app = app_for_store(
            store, url=args.url, probe_options=probe_options, project_options=project_options
        )
    except StateFileError as exc:  # saving the --url target
        raise UsageError(str(exc)) from None
    # Textual reads Ctrl+C as a key. A SIGINT (kill -INT, a closing terminal multiplexer) quits
    # the app the normal way, so Textual restores the terminal, and the exit code says why.
    interrupt.on_sigint(lambda: _quit_soon(app))
    app.run()
    if not existed and store.path.exists():
        # Said once, after the screen is restored: where this session's decisions went.
        print(f"launchtui: created the state file {one_line(str(store.path.absolute()))}")
    return app.return_code or ExitCode.OK


def _quit_soon(app: LaunchApp) -> None:
    """Save what is not saved yet and quit the app, from a signal handler: through the loop's
    wakeup, since the loop may be asleep in select() and a plain call would wait for a key."""

    async def save_and_quit() -> None:
        if app.store.dirty:
            with interrupt.writing():
                await app.save_state()  # a failure is shown, and the file is never half written
        app.exit(return_code=ExitCode.INTERRUPTED)

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not running yet, or already stopped
        app.exit(return_code=ExitCode.INTERRUPTED)
        return
    loop.call_soon_threadsafe(lambda: app.run_worker(save_and_quit(), exit_on_error=False))


def _project_options(args: argparse.Namespace) -> ProjectOptions | None:
    """``--project PATH`` and its options, checked (``UsageError``); None without ``--project``."""
    given = [
        name
        for name, value in (
            ("--settings", args.settings),
            ("--python", args.python),
            ("--env-file", args.env_file),
            ("--via", args.via),
            ("--allow-project-code", args.allow_project_code or None),
        )
        if value is not None
    ]
    if args.project is None:
        if given:
            raise UsageError(f"{given[0]} goes with --project PATH")
        return None
    from launchtui.probes.project.discover import ProjectNotFound, find_project

    try:
        find_project(args.project)
    except ProjectNotFound as exc:
        raise UsageError(f"--project: {exc}") from None
    options = project_options_from_args(args, args.project.expanduser().resolve())
    problem = options.check()
    if problem is not None:
        raise UsageError(problem)
    return options
