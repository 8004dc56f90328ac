"""The ``launchtui`` console script and ``python -m launchtui``.

SIGINT is taken first (:mod:`launchtui.commands.interrupt`), before anything slow is imported;
then the command line (:mod:`launchtui.cli`) runs.
"""

from launchtui.commands import interrupt


def entry() -> None:
    """Run ``launchtui`` with SIGINT handled from the first line on; exits the process."""
    interrupt.install()
    from launchtui.cli import main

    raise SystemExit(main())


if __name__ == "__main__":
    entry()
