"""The sslyze scheduler patch: it matches the pinned sslyze, acts only during our scans, is undone.

``sooner_polling`` rebinds ``sleep`` in the private ``sslyze.scanner._mass_scanner``. These tests
fail when an sslyze upgrade changes what the patch relies on, instead of the scans silently going
back to 0.2 s steps (or the patch silently missing).
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Iterator

import pytest
from sslyze.scanner import _mass_scanner

from launchtui.probes.tls import sslyze_scan
from launchtui.probes.tls.scanner import scan_server
from tests.probes_tls_dns.conftest import Pki


def test_the_pinned_sslyze_polls_through_the_module_sleep_the_patch_rebinds() -> None:
    assert _mass_scanner.sleep is time.sleep  # nothing is patched outside a scan
    source = inspect.getsource(_mass_scanner.MassScannerProducerThread.run)
    assert "sleep(0.2)" in source  # the scheduler's poll, looked up in the module at call time


@pytest.fixture
def short_sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the threads that called the patch's short sleep (it still sleeps)."""
    callers: list[str] = []
    real = sslyze_scan._short_sleep

    def recording_short_sleep(seconds: float) -> None:
        callers.append(type(threading.current_thread()).__name__)
        real(seconds)

    monkeypatch.setattr(sslyze_scan, "_short_sleep", recording_short_sleep)
    yield callers


def test_a_real_scan_polls_sooner_and_restores_the_module_after(
    pki: Pki, modern_port: int, short_sleeps: list[str]
) -> None:
    report = scan_server(
        "good.test", modern_port, "127.0.0.1", ca_file=pki.bundle, timeout=10, use_sslyze=True
    )
    assert report.error is None
    assert "MassScannerProducerThread" in short_sleeps  # sslyze's scheduler took the short sleep
    assert _mass_scanner.sleep is time.sleep


def test_overlapping_scans_restore_only_when_the_last_one_ends() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def first() -> None:
        with sslyze_scan.sooner_polling():
            first_in.set()
            second_in.wait()
        first_out.set()

    def second() -> None:
        first_in.wait()
        with sslyze_scan.sooner_polling():
            second_in.set()
            first_out.wait()
            seen["after the first ended"] = _mass_scanner.sleep

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["after the first ended"] is sslyze_scan._short_sleep
    assert _mass_scanner.sleep is time.sleep


def test_a_sleep_someone_else_put_there_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def theirs(seconds: float) -> None:
        time.sleep(seconds)

    monkeypatch.setattr(_mass_scanner, "sleep", theirs)
    with sslyze_scan.sooner_polling():
        assert _mass_scanner.sleep is theirs
    assert _mass_scanner.sleep is theirs
