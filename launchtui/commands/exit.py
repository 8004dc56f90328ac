"""How a command ends: the one exit-code table and the one error a user can fix."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """The process exit codes of every ``launchtui`` command."""

    OK = 0
    FAILED = 1  # the command ran and found a failing item
    USAGE = 2  # bad input (argument, checklist, state file, target): one line on stderr
    INTERRUPTED = 130  # ctrl+c, as a shell reports SIGINT


class UsageError(Exception):
    """A problem the user can fix: printed as one line on stderr, exit code ``ExitCode.USAGE``."""
