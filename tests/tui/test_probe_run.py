"""Pressing p: the probes run in a background worker against real servers on loopback.

The misconfigured and the well-configured Django sites of the probe tests, served by hypercorn
with TLS from the test CA; a tarpit that accepts connections and never answers (to cancel a run
mid-way); a closed port (unreachable). Every name is pinned to 127.0.0.1.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from launchtui.catalog import load_bundled
from launchtui.probes.model import Verdict
from launchtui.probes.options import ProbeOptions
from launchtui.state import ItemStatus, StateStore
from launchtui.tui import LaunchApp
from tests.support.pki import TestCA
from tests.support.servers import Server, refused_port, start_django_site
from tests.tui.conftest import AppFactory
from tests.tui.test_app import line, read_state, record_notifications, saved_item, settle

SIZE = (100, 32)
BAD, GOOD = "www.bad.test", "good.test"
NAMES = (BAD, "bad.test", "api.bad.test", GOOD, "www.good.test", "api.good.test")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    return TestCA(tmp_path_factory.mktemp("pki"))


def _site(mode: str, host: str, pki: TestCA, folder: Path) -> Iterator[Server]:
    cert = pki.issue(*NAMES, filename=mode)
    server = start_django_site(mode, host, cert, folder, http1_only=mode == "bad")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bad_server(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _site("bad", BAD, pki, tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def good_server(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from _site("good", GOOD, pki, tmp_path_factory.mktemp("good"))


def options(pki: TestCA, server: Server | None, host: str, **extra: Any) -> ProbeOptions:
    return ProbeOptions(
        resolve=extra.pop("resolve", {name: "127.0.0.1" for name in NAMES}),
        ca_bundle=pki.cert_path,
        http_url=None if server is None else f"http://{host}:{server.http_port}/",
        families=extra.pop("families", ("http", "tls")),
        **extra,
    )


async def wait_for_run_end(app: LaunchApp, pilot: Pilot[None], limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while app.probe_run is not None:
        assert time.monotonic() < deadline, "the probe run did not end"
        await pilot.pause(0.05)
    await settle(app, pilot)


async def test_p_runs_the_probes_and_records_every_verdict_as_it_arrives(
    make_app: AppFactory,
    state_path: Path,
    pki: TestCA,
    bad_server: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = f"https://{BAD}:{bad_server.https_port}/"
    store = StateStore.open(state_path, load_bundled())
    store.set_status("settings-debug", ItemStatus.DONE)  # a person says done; the site disagrees
    store.save()
    app = make_app(url=url, probe_options=options(pki, bad_server, BAD))
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("p")
        await wait_for_run_end(app, pilot)
        assert len(notes) == 1 and notes[0].startswith("Probes: Probes done in"), notes
        assert "fail" in notes[0]

        # The person's decision stands; the disagreement is flagged on screen and in the file.
        debug = saved_item(state_path, "settings-debug")
        assert (debug["status"], debug["set_by"], debug["probe"]["verdict"]) == (
            "done",
            "user",
            "fail",
        )
        assert "probe fails" in line(app, "settings-debug")
        hsts = saved_item(state_path, "settings-hsts")
        assert (hsts["status"], hsts["probe"]["verdict"]) == ("todo", "fail")
        assert line(app, "settings-hsts").startswith("[✗]")
        assert saved_item(state_path, "server-ssl-health")["probe"]["verdict"] in ("fail", "warn")
        # Every item the families cover got a verdict, saved at once.
        judged = {i for i, t in read_state(state_path)["items"].items() if "probe" in t}
        covered = {i.id for i in app.store.catalog.items() if {"http", "tls"} & set(i.probes)}
        assert covered <= judged


async def test_a_pass_ticks_an_item_done_by_probe(
    make_app: AppFactory, state_path: Path, pki: TestCA, good_server: Server
) -> None:
    url = f"https://{GOOD}:{good_server.https_port}/"
    app = make_app(url=url, probe_options=options(pki, good_server, GOOD))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await wait_for_run_end(app, pilot)
        hsts = saved_item(state_path, "settings-hsts")
        assert (hsts["status"], hsts["set_by"], hsts["probe"]["verdict"]) == (
            "done",
            "probe",
            "pass",
        )
        assert line(app, "settings-hsts").startswith("[✓]")
        closed, _ = app.store.progress()
        assert f"{closed}/92" in app.header.render().plain


@pytest.fixture
def tarpit() -> Iterator[int]:
    """A port that accepts TCP connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


async def test_keys_keep_working_and_c_cancels_keeping_finished_verdicts(
    make_app: AppFactory,
    state_path: Path,
    pki: TestCA,
    tarpit: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An IP target: the DNS family answers at once ("target is an IP address"), while the HTTP
    # and TLS families wait on the tarpit.
    probe_options = options(pki, None, "", families=("http", "tls", "dns"), timeout=30)
    app = make_app(url=f"https://127.0.0.1:{tarpit}/", probe_options=probe_options)
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("p")
        deadline = time.monotonic() + 30
        while app.probe_run is None or "dns-records" not in app.probe_run.verdicts:
            assert time.monotonic() < deadline
            await pilot.pause(0.05)
        run = app.probe_run
        assert run is not None and run.parent is app.progress_area  # waiting on the tarpit
        counts = str(run.query_one("#probe-counts").render())
        assert "/" in counts and "unknown" in counts, counts
        assert run.region.height == 1  # the progress line is on screen
        assert "c cancels" in str(run.query_one("#probe-label").render())
        before = app.checklist.cursor_line
        await pilot.press("j", "space")
        assert app.checklist.cursor_line == before + 1
        ticked = app.checklist.current_item
        assert ticked is not None and app.store.item(ticked.id).status is ItemStatus.DONE
        await pilot.press("c")
        await wait_for_run_end(app, pilot, limit=10)
        assert any("cancelled" in n for n in notes), notes
        # "target is an IP address" is nothing the site said: counted, not recorded.
        assert "probe" not in saved_item(state_path, "dns-records")
        assert "probe" not in saved_item(state_path, "settings-hsts")
        assert saved_item(state_path, ticked.id)["status"] == "done"


async def test_an_unreachable_target_is_an_error_notification_not_a_crash(
    make_app: AppFactory, state_path: Path, pki: TestCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    with refused_port() as port:
        app = make_app(
            url=f"https://127.0.0.1:{port}/", probe_options=options(pki, None, "", timeout=3)
        )
        async with app.run_test(size=SIZE) as pilot:
            notes = record_notifications(app, monkeypatch)
            await pilot.press("p")
            await wait_for_run_end(app, pilot, limit=30)
            assert any(n.startswith("Probes: Cannot reach https://127.0.0.1") for n in notes), notes
            assert all(n.count("https://") == 1 for n in notes), notes  # the URL is said once
            assert "probe" not in saved_item(state_path, "settings-hsts")  # nothing to record
            await pilot.press("j")  # still alive
            assert app.is_running


async def test_a_run_that_reaches_nothing_reopens_nothing(
    make_app: AppFactory, state_path: Path, pki: TestCA, good_server: Server
) -> None:
    # Probed yesterday with the right address; today the name points at a closed port.
    url = f"https://{GOOD}:{good_server.https_port}/"
    app = make_app(url=url, probe_options=options(pki, good_server, GOOD))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await wait_for_run_end(app, pilot)
    closed_before, _ = app.store.progress()
    assert closed_before >= 10
    before = state_path.read_bytes()
    unreachable = options(pki, None, GOOD, timeout=3, resolve={n: "127.0.0.2" for n in NAMES})
    again = make_app(url=url, probe_options=unreachable)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await wait_for_run_end(again, pilot, limit=60)
        assert again.store.progress()[0] == closed_before
        assert not again.store.dirty
    assert state_path.read_bytes() == before  # not one line of the file changed


async def test_p_twice_does_not_start_a_second_run(
    make_app: AppFactory, pki: TestCA, tarpit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(
        url=f"https://127.0.0.1:{tarpit}/", probe_options=options(pki, None, "", timeout=30)
    )
    async with app.run_test(size=SIZE) as pilot:
        notes = record_notifications(app, monkeypatch)
        await pilot.press("p")
        await pilot.pause()
        first = app.probe_run
        await pilot.press("p")
        assert app.probe_run is first
        assert "Probes: The probes are already running; c cancels them." in notes
        await pilot.press("c")
        await wait_for_run_end(app, pilot, limit=10)


async def test_the_progress_line_fits_80_columns_above_a_footer_that_fits_too(
    make_app: AppFactory, pki: TestCA, tarpit: int
) -> None:
    app = make_app(
        url=f"https://127.0.0.1:{tarpit}/", probe_options=options(pki, None, "", timeout=30)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        run = app.probe_run
        assert run is not None
        # Every kind of verdict at once: the longest the counts get.
        kinds = [Verdict.PASS] * 12 + [Verdict.WARN] * 4 + [Verdict.FAIL] * 11 + [Verdict.UNKNOWN]
        for item_id, verdict in zip(sorted(run.expected), kinds, strict=False):
            run.count(item_id, verdict)
        await pilot.pause()
        assert run.region == Region(0, 22, 80, 1)  # just above the footer
        label, bar, counts = run.children
        assert "c cancels" in str(label.render())
        assert bar.region.width >= 10
        assert "28/" in str(counts.render()) and counts.region.right <= 80
        # The footer keeps to one line of keys that all fit, "c Stop" and "q Quit" included.
        keys = [key for key in app.screen.query(FooterKey) if key.region.width]
        assert keys[-1].key == "q" and keys[-1].region.right <= 80
        assert "c" in {key.key for key in keys}
        await pilot.press("c")
        await wait_for_run_end(app, pilot, limit=10)
        assert app.progress_area.region.height == 0


async def test_keys_are_handled_while_the_home_page_is_being_parsed(
    make_app: AppFactory, pki: TestCA, good_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real parser, held until the test has moved the cursor: were the page parsed on the
    # event loop, the key could not be handled before the parse was let go.
    from launchtui.probes.http import survey

    parsing, release = threading.Event(), threading.Event()
    order: list[str] = []
    real_parse = survey.parse_page

    def held_parse(url: str, text: str) -> Any:
        parsing.set()
        release.wait(timeout=30)
        order.append("parsed")
        return real_parse(url, text)

    monkeypatch.setattr(survey, "parse_page", held_parse)
    url = f"https://{GOOD}:{good_server.https_port}/"
    app = make_app(url=url, probe_options=options(pki, good_server, GOOD, families=("http",)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        deadline = time.monotonic() + 30
        while not parsing.is_set():
            assert time.monotonic() < deadline, "the home page was never parsed"
            await pilot.pause(0.02)
        before = app.checklist.cursor_line
        await pilot.press("j")
        assert app.checklist.cursor_line == before + 1
        order.append("key handled")
        release.set()
        await wait_for_run_end(app, pilot)
        assert order[:2] == ["key handled", "parsed"]
        assert app.store.item("perf-viewport").probe is not None  # judged from the parsed page


async def test_toasts_stand_above_the_progress_line_and_a_new_run_clears_the_last_summary(
    make_app: AppFactory, pki: TestCA, tarpit: int
) -> None:
    with refused_port() as port:
        app = make_app(
            url=f"https://127.0.0.1:{port}/", probe_options=options(pki, None, "", timeout=3)
        )
        await _toasts_and_runs(app, tarpit)


async def _toasts_and_runs(app: LaunchApp, tarpit: int) -> None:
    from textual.widgets._toast import Toast, ToastRack

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("p")
        await wait_for_run_end(app, pilot, limit=30)
        summaries = [n for n in app._notifications if n.title == "Probes"]
        assert summaries  # "Cannot reach …", shown for 8 s
        app.store.set_target(f"https://127.0.0.1:{tarpit}/")  # a run that stays under way
        await pilot.press("p")
        await pilot.pause()
        run = app.probe_run
        assert run is not None
        assert not any(n in app._notifications for n in summaries)
        app.notify("A toast during the run, long enough to take three lines " * 2, title="Note")
        deadline = time.monotonic() + 10
        rack = app.screen.get_child_by_type(ToastRack)
        while not rack.query(Toast):
            assert time.monotonic() < deadline
            await pilot.pause(0.02)
        await pilot.pause()
        for toast in rack.query(Toast):
            assert toast.region.area and not toast.region.overlaps(run.region)
        await pilot.press("c")
        await wait_for_run_end(app, pilot, limit=10)
