"""Turn the several checks behind one checklist item into one :class:`Finding`.

A probe that looks at many things (protocols, certificate, vulnerabilities…) records each as a
:class:`Check`; the finding's verdict is the worst of them, its evidence names what went wrong
(or sums up what went right), and its detail lists every check, so a verdict always explains itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from launchtui.probes.model import Finding, Verdict, worst


@dataclass(frozen=True)
class Check:
    """One observation and how it bears on the item."""

    verdict: Verdict
    text: str


def finding_from_checks(
    item_id: str,
    probe: str,
    checks: list[Check],
    *,
    passed: str,
    notes: list[str] | None = None,
    if_unknown: str | None = None,
) -> Finding:
    """The worst check decides; evidence lists the worst checks, or ``passed`` when all pass.

    The evidence names the checks of the worst verdict and counts the lesser problems after them.
    ``notes`` are appended to the detail after the checks (method, limits, the resolver used);
    ``if_unknown`` replaces the evidence when the verdict is unknown (to say why in one line).
    """
    if not checks:
        return Finding(item_id, Verdict.UNKNOWN, "nothing could be checked", probe=probe)
    verdict = worst([c.verdict for c in checks])
    if verdict is Verdict.PASS:
        evidence = passed
    elif verdict is Verdict.UNKNOWN and if_unknown:
        evidence = if_unknown
    else:
        evidence = "; ".join(c.text for c in checks if c.verdict is verdict)
        lesser = [
            f"{sum(c.verdict is v for c in checks)} {v.value}"
            for v in (Verdict.WARN, Verdict.UNKNOWN)
            if v.rank < verdict.rank and any(c.verdict is v for c in checks)
        ]
        if lesser:
            evidence += f" (also {', '.join(lesser)})"
    lines = [f"{c.verdict.value:<7} {c.text}" for c in checks]
    if notes:
        lines += ["", *notes]
    return Finding(item_id, verdict, evidence, probe=probe, detail="\n".join(lines))
