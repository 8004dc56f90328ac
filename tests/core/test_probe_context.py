"""The probe run's context: which families it covers, and why the target could not be reached."""

from __future__ import annotations

from launchtui.probes.context import ProbeContext
from launchtui.probes.target import Target

TARGET = Target("https://site.test/")


def test_the_families_asked_for_get_facts_in_the_runners_order() -> None:
    ctx = ProbeContext.start(TARGET, ["dns", "http"])
    assert ctx.families == ("http", "dns")
    assert ctx.http is not None and ctx.dns is not None and ctx.tls is None
    assert ProbeContext.start(TARGET).families == ("http", "tls", "dns")


def test_only_an_http_family_that_could_not_connect_makes_the_target_unreachable() -> None:
    ctx = ProbeContext.start(TARGET, ["http", "tls"])
    assert ctx.unreachable_reason() is None  # nothing tried yet
    assert ctx.http is not None
    ctx.http.reachable = False
    ctx.http.unreachable_reason = "https://site.test/: connection refused"
    assert ctx.unreachable_reason() == "connection refused"  # callers name the URL themselves
    ctx.http.reachable = True
    assert ctx.unreachable_reason() is None
    assert ProbeContext.start(TARGET, ["tls", "dns"]).unreachable_reason() is None


def test_each_family_gets_its_own_facts_and_the_runs_clock() -> None:
    ctx = ProbeContext.start(TARGET, ["http"])
    assert ctx.http is not None
    family = ctx.for_family(ctx.http)
    assert family.facts is ctx.http and family.target is TARGET
    assert 0 < family.time_left() <= TARGET.deadline
