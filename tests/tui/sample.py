"""A state file with one item in every condition, at fixed times (tests and screenshots use it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from launchtui.catalog import load_bundled
from launchtui.probes.model import Finding, Verdict
from launchtui.state import ItemState, ItemStatus, ProbeRecord, SetBy, StateStore

NOW = dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC)
"""The frozen "now" of every test that shows times."""

RUN = NOW - dt.timedelta(minutes=5)


def fixed_clock() -> dt.datetime:
    """A clock stuck at :data:`NOW`."""
    return NOW


def probe(item_id: str, verdict: Verdict, evidence: str, detail: str = "") -> ProbeRecord:
    """A probe record made safe the way the engine makes it (through :class:`Finding`)."""
    finding = Finding(item_id, verdict, evidence, "http", detail)
    return ProbeRecord(
        verdict=finding.verdict,
        evidence=finding.evidence,
        detail=finding.detail,
        probes=["http"],
        probed_at=RUN,
        run=RUN,
    )


def write_sample_state(path: Path) -> Path:
    """Write a state with every marker, a note, a disagreement and hostile evidence."""
    store = StateStore.open(path, load_bundled())
    store.set_target("https://shop.example.com/")
    at = NOW - dt.timedelta(hours=3)
    store.set_status("content-spell-check", ItemStatus.DONE, by=SetBy.USER, at=at)
    store.set_note("content-spell-check", "Proofread by Ana. The French locale is still pending.")
    store.replace_item(
        "content-links",
        ItemState(
            probe=probe(
                "content-links",
                Verdict.FAIL,
                "2 broken links on / : [bold red]/old-pricing[/] → 404",
                "GET /old-pricing → 404\nGET /team → 404",
            )
        ),
    )
    store.replace_item(
        "content-favicon",
        ItemState(
            status=ItemStatus.DONE,
            set_by=SetBy.PROBE,
            set_at=RUN,
            probe=probe("content-favicon", Verdict.PASS, "/favicon.ico → 200 image/x-icon"),
        ),
    )
    store.replace_item(
        "content-error-views",
        ItemState(
            probe=probe(
                "content-error-views",
                Verdict.WARN,
                "404 page is Django's stock 'Not Found' page",
            )
        ),
    )
    store.replace_item(
        "seo-robots-txt",
        ItemState(probe=probe("seo-robots-txt", Verdict.UNKNOWN, "/robots.txt timed out")),
    )
    store.set_status("a11y-wave", ItemStatus.SKIPPED, by=SetBy.USER, at=at)
    store.replace_item(
        "settings-debug",
        ItemState(
            status=ItemStatus.DONE,
            set_by=SetBy.USER,
            set_at=NOW - dt.timedelta(days=2),
            note="Set in settings/production.py",
            probe=probe(
                "settings-debug",
                Verdict.FAIL,
                "a 404 page contains 'DEBUG = True' [link=https://evil.example]click[/link]",
                "GET /launchtui-404-check-7f3a → 404\nbody contains: You're seeing this error "
                "because you have DEBUG = True in your Django settings file.",
            ),
        ),
    )
    store.replace_item(
        "settings-hsts",
        ItemState(
            status=ItemStatus.DONE,
            set_by=SetBy.PROBE,
            set_at=RUN,
            probe=probe(
                "settings-hsts", Verdict.PASS, "Strict-Transport-Security: max-age=31536000"
            ),
        ),
    )
    store.save()
    return path
