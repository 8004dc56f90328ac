"""Run the probe families concurrently and stream their findings as they arrive.

Each family (``http``, ``tls``, ``dns``) is a package with ``async def run(ctx) -> AsyncIterator
[Finding]``, where ``ctx`` is its :class:`~launchtui.probes.family.FamilyContext`; blocking
libraries (sslyze, dnspython) run in threads inside it. Each family fills its own typed facts
(``ctx.http``, ``ctx.tls``, ``ctx.dns`` of the :class:`~launchtui.probes.context.ProbeContext`);
items that need facts from several families are judged by :mod:`launchtui.probes.combined` once
the families are done. Every item the selected families
cover gets a verdict: one a probe could not reach is ``unknown`` with the reason.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import replace

from launchtui.probes import combined
from launchtui.probes.context import ProbeContext
from launchtui.probes.model import Finding, Verdict


def covered_items(item_probes: Mapping[str, Iterable[str]], families: Iterable[str]) -> list[str]:
    """The ids of the items at least one of ``families`` can judge, in catalog order."""
    wanted = set(families)
    return [item_id for item_id, probes in item_probes.items() if wanted & set(probes)]


def load_families(families: Iterable[str]) -> None:
    """Import the probe families' code (blocking: httpx, the TLS and DNS code take a fifth of a
    second of CPU; call it in a thread). Importing again later costs nothing."""
    for name in families:
        importlib.import_module(f"launchtui.probes.{name}")


async def _family_run(name: str, ctx: ProbeContext) -> AsyncIterator[Finding]:
    """Start family ``name`` on its part of ``ctx``."""
    # A family's first import takes a while: not on the event loop. The imports below then
    # find it loaded.
    await asyncio.to_thread(load_families, [name])
    if name == "http" and ctx.http is not None:
        from launchtui.probes import http

        return http.run(ctx.for_family(ctx.http))
    if name == "tls" and ctx.tls is not None:
        from launchtui.probes import tls

        return tls.run(ctx.for_family(ctx.tls))
    if name == "dns" and ctx.dns is not None:
        from launchtui.probes import dns

        return dns.run(ctx.for_family(ctx.dns))
    raise ValueError(f"the {name} family is not part of this run")


async def _drain(
    name: str, ctx: ProbeContext, queue: asyncio.Queue[tuple[str, Finding] | str]
) -> None:
    """Pass the family's findings on (with its name), then its name alone: the family is done."""
    try:
        async for finding in await _family_run(name, ctx):
            await queue.put((name, finding))
    finally:
        await queue.put(name)


async def run_probes(
    ctx: ProbeContext, item_probes: Mapping[str, Iterable[str]]
) -> AsyncIterator[Finding]:
    """Yield findings as the families produce them, then the combined ones, then the leftovers.

    ``ctx`` (from :meth:`ProbeContext.start`) names the target and the families to run; their
    facts are on it afterwards (e.g. ``ctx.http.reachable``). ``item_probes`` maps each
    checklist item id to the families that can judge it (from the catalog). Cancelling the
    consuming task cancels the families; the overall deadline (``target.deadline``) ends them
    too, and their unjudged items come back ``unknown``.

    A finding that rests on nothing the site said has ``reached`` False (see
    :class:`~launchtui.probes.model.Finding`): a family's own when it reached nothing, the
    leftovers, and a combined one when none of the families it draws on reached the site.
    """
    target, chosen = ctx.target, ctx.families
    queue: asyncio.Queue[tuple[str, Finding] | str] = asyncio.Queue()
    tasks = {
        name: asyncio.create_task(_drain(name, ctx, queue), name=f"probe-{name}") for name in chosen
    }
    judged: set[str] = set()
    reached: set[str] = set()  # the families that got anything at all from the site
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
            if isinstance(message, tuple):
                family, finding = message
                judged.add(finding.item_id)
                if finding.reached:
                    reached.add(family)
                yield finding
                continue
            name = message
            pending.discard(name)
            task = tasks[name]
            await asyncio.wait({task})
            if not task.cancelled() and (exc := task.exception()) is not None:
                failures[name] = f"the {name} probes stopped: {type(exc).__name__}: {exc}"
    finally:
        for task in tasks.values():
            task.cancel()
        await asyncio.gather(*tasks.values(), return_exceptions=True)

    for finding in combined.judge(ctx):
        judged.add(finding.item_id)
        drawn_on = set(item_probes.get(finding.item_id, ())) & set(chosen)
        if not drawn_on & reached:
            # None of the families it draws on reached the site: whatever it concludes (a
            # refused connection on every host, say) rests on no answer from the site.
            finding = replace(finding, reached=False)
        yield finding

    for item_id, probes in item_probes.items():
        families = [f for f in chosen if f in set(probes)]
        if not families or item_id in judged:
            continue
        reasons = [failures[f] for f in families if f in failures]
        reason = "; ".join(reasons) or "no probe found evidence for this item"
        yield Finding(item_id, Verdict.UNKNOWN, reason, probe="runner", reached=False)
