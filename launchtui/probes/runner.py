"""Run the probe families concurrently and stream their findings as they arrive.

Each family (``http``, ``tls``, ``dns``) is a module with ``async def run(ctx) -> AsyncIterator
[Finding]``; blocking libraries (sslyze, dnspython) run in threads inside it. Families share facts
through ``ctx.facts``; items that need facts from several families are judged by
:mod:`launchtui.probes.combined` once the families are done. Every item the selected families
cover gets a verdict: one a probe could not reach is ``unknown`` with the reason.
"""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from launchtui.probes.model import Finding, Verdict
from launchtui.probes.options import FAMILIES
from launchtui.probes.target import Target


class BudgetExhausted(Exception):
    """The run has used all the requests it may send."""


@dataclass
class RequestBudget:
    """Counts the HTTP requests of a run against its limit."""

    limit: int
    used: int = 0

    def take(self) -> None:
        """Account for one request, or raise :class:`BudgetExhausted`."""
        if self.used >= self.limit:
            raise BudgetExhausted(f"request budget of {self.limit} used up")
        self.used += 1


@dataclass
class ProbeContext:
    """What a family gets: the target, the shared request budget and the facts blackboard."""

    target: Target
    families: tuple[str, ...]
    budget: RequestBudget
    facts: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def time_left(self) -> float:
        """Seconds until the run's overall deadline."""
        return self.target.deadline - (time.monotonic() - self.started)


def covered_items(item_probes: Mapping[str, Iterable[str]], families: Iterable[str]) -> list[str]:
    """The ids of the items at least one of ``families`` can judge, in catalog order."""
    wanted = set(families)
    return [item_id for item_id, probes in item_probes.items() if wanted & set(probes)]


def unreachable_reason(facts: Mapping[str, Any], families: Iterable[str], url: str) -> str | None:
    """Why ``url`` could not be reached at all, or None if any family reached it.

    The reason does not repeat the URL (the HTTP family's starts with it), so callers can say
    "cannot reach URL: reason".
    """
    verdicts = [
        (facts[f"{family}.reachable"], facts.get(f"{family}.unreachable_reason"))
        for family in families
        if f"{family}.reachable" in facts
    ]
    if not verdicts or any(reached for reached, _ in verdicts):
        return None
    reason = next((reason for _, reason in verdicts if reason), "no answer")
    return reason.removeprefix(f"{url}: ")


async def _drain(name: str, ctx: ProbeContext, queue: asyncio.Queue[Any]) -> None:
    # A family's first import (httpx, sslyze, dnspython) takes a while: not on the event loop.
    module = await asyncio.to_thread(importlib.import_module, f"launchtui.probes.{name}")
    try:
        async for finding in module.run(ctx):
            await queue.put(finding)
    finally:
        await queue.put((name, None))


async def run_probes(
    target: Target,
    item_probes: Mapping[str, Iterable[str]],
    families: Iterable[str] = FAMILIES,
    facts: dict[str, Any] | None = None,
) -> AsyncIterator[Finding]:
    """Yield findings as the families produce them, then the combined ones, then the leftovers.

    ``item_probes`` maps each checklist item id to the families that can judge it (from the
    catalog). Cancelling the consuming task cancels the families; the overall deadline
    (``target.deadline``) ends them too, and their unjudged items come back ``unknown``.
    ``facts``, when given, is the run's facts blackboard, so the caller can read the facts
    (e.g. ``http.reachable``) afterwards.
    """
    chosen = tuple(f for f in FAMILIES if f in set(families))
    ctx = ProbeContext(
        target, chosen, RequestBudget(target.max_requests), facts if facts is not None else {}
    )
    queue: asyncio.Queue[Any] = asyncio.Queue()
    tasks = {
        name: asyncio.create_task(_drain(name, ctx, queue), name=f"probe-{name}") for name in chosen
    }
    judged: set[str] = set()
    failures: dict[str, str] = {}
    pending = set(chosen)
    try:
        while pending:
            try:
                message = await asyncio.wait_for(queue.get(), timeout=max(ctx.time_left(), 0.001))
            except TimeoutError:
                for name in pending:
                    failures[name] = f"the run's {target.deadline:g} s deadline passed"
                break
            if isinstance(message, Finding):
                judged.add(message.item_id)
                yield message
                continue
            name, _ = message
            pending.discard(name)
            task = tasks[name]
            await asyncio.wait({task})
            if not task.cancelled() and (exc := task.exception()) is not None:
                failures[name] = f"the {name} probes stopped: {type(exc).__name__}: {exc}"
    finally:
        for task in tasks.values():
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)

    from launchtui.probes import combined

    for finding in combined.judge(ctx):
        judged.add(finding.item_id)
        yield finding

    for item_id, probes in item_probes.items():
        relevant = [f for f in chosen if f in set(probes)]
        if not relevant or item_id in judged:
            continue
        reasons = [failures[f] for f in relevant if f in failures]
        reason = "; ".join(reasons) or "no probe found evidence for this item"
        yield Finding(item_id, Verdict.UNKNOWN, reason, probe="runner")
