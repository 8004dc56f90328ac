"""What a probe says: verdicts and findings. Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from launchtui.probes.text import evidence_text


class Verdict(StrEnum):
    """A probe's judgement of one checklist item."""

    PASS = "pass"
    UNKNOWN = "unknown"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        """Severity: pass < unknown < warn < fail. A pass never hides anything worse."""
        return _RANK[self]


_RANK = {Verdict.PASS: 0, Verdict.UNKNOWN: 1, Verdict.WARN: 2, Verdict.FAIL: 3}


def worst(verdicts: list[Verdict] | tuple[Verdict, ...]) -> Verdict:
    """The most severe verdict; ``UNKNOWN`` for none at all (no evidence is never a pass)."""
    return max(verdicts, key=lambda v: v.rank, default=Verdict.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Finding:
    """One probe's verdict on one checklist item, with its evidence.

    ``evidence`` is one line; ``detail`` may span lines. Both are cleaned on construction
    (control characters and escape sequences stripped, length bounded), because they usually
    quote what a probed site sent; markup is not escaped here but where the text is rendered
    (:mod:`launchtui.text_safety`). Probes pass raw text, never pre-escaped.

    ``reached`` is False when the verdict rests on nothing the site said: its family reached
    nothing (no connection, no DNS answer, an IP address without DNS) or the run ended before the
    item was asked about. Such a finding is reported, but it is no evidence: the state never lets
    it change a recorded verdict or reopen an item.
    """

    item_id: str
    verdict: Verdict
    evidence: str
    probe: str
    detail: str = ""
    reached: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        object.__setattr__(self, "evidence", evidence_text(self.evidence, limit=300))
        object.__setattr__(
            self, "detail", evidence_text(self.detail, limit=8000, keep_newlines=True)
        )
        if self.verdict is Verdict.UNKNOWN and not self.evidence:
            raise ValueError(f"{self.probe}: an unknown verdict must carry its reason")
