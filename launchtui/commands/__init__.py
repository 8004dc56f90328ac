"""The ``launchtui`` subcommands, one module each; ``launchtui.cli`` parses and dispatches to them.

Each module offers ``add_arguments(parser)`` and ``run(args) -> int``. Importing one stays light
(no Textual, httpx or sslyze) unless the command itself needs them: ``probe`` is loaded only when
asked for, and ``tui`` imports Textual inside ``run``.
"""
