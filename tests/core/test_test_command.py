"""The test command is one command, the same in the README and in ``.ci/run``."""

from __future__ import annotations

import re

from tests.support.servers import REPO


def readme_test_command() -> str:
    """The single line of the README's "Run the tests" code block."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Run the tests\n\n```sh\n(.*?)\n```", text, re.DOTALL)
    assert block is not None, "README has no 'Run the tests' sh block"
    lines = block.group(1).splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in script if line and not line.startswith(("#", "set ", "cd "))]
    assert commands == [readme_test_command()]


def test_the_test_command_checks_lint_format_types_and_imports_before_the_tests() -> None:
    steps = [step.strip() for step in readme_test_command().split("&&")]
    assert steps[0] == "python -m pip install -e '.[test]'"
    assert steps[-1] == "python -m pytest"
    assert {"ruff check .", "ruff format --check .", "mypy", "lint-imports"} <= set(steps)
