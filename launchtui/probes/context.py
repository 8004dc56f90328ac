"""One probe run as the runner, the combined judges and the front ends see it.

The families each see only their own part (:class:`launchtui.probes.family.FamilyContext`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from launchtui.probes.facts.dns import DnsFacts
from launchtui.probes.facts.http import HttpFacts
from launchtui.probes.facts.tls import TlsFacts
from launchtui.probes.family import FamilyContext
from launchtui.probes.options import SITE_FAMILIES
from launchtui.probes.target import Target

FactsT = TypeVar("FactsT")


@dataclass
class ProbeContext:
    """The target, the run's clock, and each family's facts (None: that family is not run)."""

    target: Target
    http: HttpFacts | None = None
    tls: TlsFacts | None = None
    dns: DnsFacts | None = None
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def start(cls, target: Target, families: Iterable[str] = SITE_FAMILIES) -> ProbeContext:
        """A run of ``families`` on ``target`` whose deadline counts from now."""
        wanted = set(families)
        return cls(
            target,
            http=HttpFacts() if "http" in wanted else None,
            tls=TlsFacts() if "tls" in wanted else None,
            dns=DnsFacts() if "dns" in wanted else None,
        )

    @property
    def families(self) -> tuple[str, ...]:
        """The site families this run covers, in :data:`SITE_FAMILIES` order."""
        run = {"http": self.http, "tls": self.tls, "dns": self.dns}
        return tuple(name for name in SITE_FAMILIES if run[name] is not None)

    def time_left(self) -> float:
        """Seconds until the run's overall deadline."""
        return self.target.deadline - (time.monotonic() - self.started)

    def for_family(self, facts: FactsT) -> FamilyContext[FactsT]:
        """What one family gets: the target, this run's clock and its own facts."""
        return FamilyContext(self.target, facts, self.time_left)

    def unreachable_reason(self) -> str | None:
        """Why the target could not be reached at all, or None if it was (or nobody tried).

        Only the http family can tell: the reason does not repeat the URL (the family's starts
        with it), so callers can say "cannot reach URL: reason".
        """
        if self.http is None or self.http.reachable is not False:
            return None
        reason = self.http.unreachable_reason or "no answer"
        return reason.removeprefix(f"{self.target.url}: ")
