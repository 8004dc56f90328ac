"""Bundled end-of-life dates (Python, Heroku stacks, Debian, Ubuntu) and their snapshot date.

The data ships in ``data/endoflife.toml``; launchtui never downloads it. A snapshot older than
:data:`MAX_AGE_DAYS` may have missed a release or an end of life, so it is never used to pass.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

MAX_AGE_DAYS = 183


@dataclass(frozen=True, slots=True)
class PythonCycle:
    """One Python release cycle: when bugfixes stop, when it ends, its latest patch then."""

    cycle: str
    released: dt.date
    bugfix_until: dt.date
    eol: dt.date
    latest: str


@dataclass(frozen=True, slots=True)
class EndOfLife:
    """The bundled tables."""

    snapshot: dt.date
    python: dict[str, PythonCycle]
    heroku: dict[str, tuple[dt.date, dt.date]]
    debian: dict[str, tuple[str, dt.date]]
    ubuntu: dict[str, tuple[str, dt.date]]

    def stale(self, today: dt.date) -> bool:
        """The snapshot is older than six months: it may not pass anything."""
        return (today - self.snapshot).days > MAX_AGE_DAYS

    def newest_heroku(self) -> str:
        """The newest stack the snapshot knows."""
        return max(self.heroku, key=lambda s: self.heroku[s][0])


@cache
def load() -> EndOfLife:
    """Read the bundled data once."""
    text = (
        resources.files("launchtui.probes.project")
        .joinpath("data/endoflife.toml")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = tomllib.loads(text)
    return EndOfLife(
        snapshot=data["snapshot"],
        python={
            cycle: PythonCycle(cycle, row[0], row[1], row[2], row[3])
            for cycle, row in data["python"].items()
        },
        heroku={stack: (row[0], row[1]) for stack, row in data["heroku"].items()},
        debian={version: (row[0], row[1]) for version, row in data["debian"].items()},
        ubuntu={version: (row[0], row[1]) for version, row in data["ubuntu"].items()},
    )
