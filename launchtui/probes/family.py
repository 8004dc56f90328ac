"""What the runner hands one probe family: the target, the run's clock, and the facts it fills.

A family sees only its own facts type (``HttpFacts``, ``TlsFacts``, ``DnsFacts``, each in its
module of :mod:`launchtui.probes.facts`), so the families stay independent of each other; only
the runner and :mod:`launchtui.probes.combined` see several.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from launchtui.probes.target import Target

FactsT = TypeVar("FactsT")


@dataclass(frozen=True)
class FamilyContext(Generic[FactsT]):
    """One family's part of a probe run."""

    target: Target
    facts: FactsT  # filled by the family as it finds things out, read by the combined judges
    time_left: Callable[[], float]  # seconds until the run's overall deadline
