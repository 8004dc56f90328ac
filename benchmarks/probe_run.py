"""What a probe run costs: wall time and requests sent, against the local Django site.

Run: ``python benchmarks/probe_run.py`` (``--runs N`` for more samples; ``--rtt-ms 40`` to reach
the site through ``latency_proxy.py``, which gives every round trip a real network's delay).

Method
------
The well-configured Django site of the tests (``tests/support/django_site.py``) is served by
hypercorn on loopback with TLS from the test CA and HTTP/2, plus its plain-HTTP port; every host
is pinned, nothing leaves the machine. Each measurement runs ``--runs`` times after one discarded
warm-up and reports the median.

* ``http family``: :func:`launchtui.probes.http.run` to its last finding, in a fresh event loop
  each time (connections are not reused between runs); requests are counted by the run's budget.
* ``tls scan`` and ``full run``, measured in the same loop, alternating: the sslyze health scan
  of the site alone, exactly as the tls family runs it
  (:func:`launchtui.probes.tls.scanner.scan_server`), and every family (http, tls, dns) plus the
  combined judges through :func:`launchtui.probes.runner.run_probes`, to the last finding. The
  dns family asks the loopback DNS server of the TLS/DNS tests (well-configured ``good.test``),
  run in a process of its own as a real name server would be. sslyze is imported before timing
  (neither side pays the import). Target: full run ≤ 1.3 × scan alone — the http and dns work
  must hide behind the scan. Exit status 1 if it is missed.

* ``sslyze polling``: the same sslyze scan with the scheduler patch of
  :func:`launchtui.probes.tls.sslyze_scan.sooner_polling` (polls every 10 ms) and without it
  (sslyze's own 0.2 s), alternating. It tells whether the patch of a private module still pays.

More measurements plug in through :data:`MEASUREMENTS`: a function of (local site, runs) that
returns a :class:`Measurement`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the local site lives in tests/support

from launchtui.probes import http  # noqa: E402
from launchtui.probes.context import ProbeContext  # noqa: E402
from launchtui.probes.http.client import RequestBudget  # noqa: E402
from launchtui.probes.target import Target  # noqa: E402

HOST = "good.test"
NAMES = (HOST, f"www.{HOST}", f"api.{HOST}")


@dataclass
class LocalSite:
    """The running local site and a target that reaches it."""

    target: Target
    stop: Callable[[], None]


@dataclass
class Measurement:
    """Samples of one measurement: seconds per run and, where it applies, requests per run."""

    name: str
    seconds: list[float]
    requests: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line: median wall time (and requests) over the runs."""
        line = f"{self.name:<14} median {statistics.median(self.seconds) * 1000:7.0f} ms"
        if self.requests:
            line += f", {statistics.median(self.requests):.0f} requests"
        return line + f"  ({len(self.seconds)} runs)"

    @property
    def met(self) -> bool:
        """Whether the measurement's target (if it has one) is met."""
        return True


@dataclass
class Ratio(Measurement):
    """A measurement compared with a baseline measured in the same runs."""

    baseline: Measurement = field(default_factory=lambda: Measurement("baseline", []))
    target: float = 1.0

    @property
    def ratio(self) -> float:
        """Median of this measurement over median of the baseline."""
        return statistics.median(self.seconds) / statistics.median(self.baseline.seconds)

    @property
    def met(self) -> bool:
        """Whether the ratio is within the target."""
        return self.ratio <= self.target

    def summary(self) -> str:
        """The baseline, this measurement, and their ratio against the target."""
        verdict = "ok" if self.met else "MISSED"
        return (
            f"{self.baseline.summary()}\n{super().summary()}\n"
            f"{'ratio':<14} {self.ratio:.2f} × {self.baseline.name} (target ≤ {self.target} ×): "
            + verdict
        )


def start_local_site(folder: Path, rtt_ms: float = 0) -> LocalSite:
    """Serve the well-configured Django site and return a pinned target for it.

    With ``rtt_ms``, the target reaches the site through ``latency_proxy.py`` (its own process),
    which makes every round trip take that long, as on a real network.
    """
    import subprocess

    from tests.support.pki import TestCA
    from tests.support.servers import free_port, start_django_site

    ca = TestCA(folder / "ca")
    server = start_django_site("good", HOST, ca.issue(*NAMES), folder)
    https_port, http_port, stops = server.https_port, server.http_port, [server.stop]
    if rtt_ms > 0:
        https_port, http_port = free_port(), free_port()
        proxy = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("latency_proxy.py")),
                str(rtt_ms / 2),
                f"{https_port}:{server.https_port}",
                f"{http_port}:{server.http_port}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # connections cut when it is killed are not news
            text=True,
        )
        assert proxy.stdout is not None and proxy.stdout.readline().strip() == "ready"
        stops.append(proxy.kill)
    target = Target(
        f"https://{HOST}:{https_port}/",
        resolve=dict.fromkeys(NAMES, "127.0.0.1"),
        ca_bundle=ca.cert_path,
        http_url=f"http://{HOST}:{http_port}/",
        timeout=5.0,
    )
    return LocalSite(target, lambda: [stop() for stop in reversed(stops)] and None)


async def _http_family(target: Target) -> tuple[int, int]:
    ctx = ProbeContext.start(target, ("http",))
    assert ctx.http is not None
    budget = RequestBudget(target.max_requests)
    findings = [finding async for finding in http.run(ctx.for_family(ctx.http), budget)]
    return len(findings), budget.used


def measure_http_family(site: LocalSite, runs: int) -> Measurement:
    """Wall time and requests of the http family, median of ``runs`` after a warm-up."""
    asyncio.run(_http_family(site.target))
    result = Measurement("http family", [])
    for _ in range(runs):
        start = time.perf_counter()
        findings, requests = asyncio.run(_http_family(site.target))
        result.seconds.append(time.perf_counter() - start)
        result.requests.append(requests)
        if findings != len(http.ITEMS):
            raise RuntimeError(f"expected {len(http.ITEMS)} findings, got {findings}")
    return result


def _time_tls_scan(target: Target) -> float:
    from launchtui.probes.tls.scanner import scan_server

    start = time.perf_counter()
    report = scan_server(
        target.host,
        target.port,
        target.resolve[target.host],
        ca_file=target.ca_bundle,
        timeout=target.timeout,
        use_sslyze=True,
    )
    elapsed = time.perf_counter() - start
    if report.error:
        raise RuntimeError(f"the TLS scan failed: {report.error}")
    return elapsed


def _time_full_run(target: Target) -> float:
    from launchtui.catalog import load_bundled
    from launchtui.probes.runner import run_probes

    item_probes = {item.id: item.probes for item in load_bundled().items()}

    async def consume() -> list[str]:
        return [f.item_id async for f in run_probes(ProbeContext.start(target), item_probes)]

    start = time.perf_counter()
    judged = asyncio.run(consume())
    elapsed = time.perf_counter() - start
    if not judged:
        raise RuntimeError("the full run produced no findings")
    return elapsed


def measure_full_run_against_tls_scan(site: LocalSite, runs: int) -> Measurement:
    """Every family against the sslyze scan alone, alternating, after one warm-up of each."""
    import dataclasses

    import launchtui.probes.tls.sslyze_scan  # noqa: F401  (the import is not measured)
    from tests.probes_tls_dns.zone_server_process import dns_server_process

    with dns_server_process() as dns_port:
        target = dataclasses.replace(site.target, nameserver=("127.0.0.1", dns_port))
        _time_tls_scan(target)
        _time_full_run(target)
        scan = Measurement("tls scan", [])
        full = Ratio("full run", [], baseline=scan, target=1.3)
        for _ in range(runs):
            scan.seconds.append(_time_tls_scan(target))
            full.seconds.append(_time_full_run(target))
    return full


@dataclass
class Comparison(Ratio):
    """A ratio with no target: a figure that tells whether something still matters."""

    @property
    def met(self) -> bool:
        """Nothing to miss."""
        return True

    def summary(self) -> str:
        """The baseline, this measurement, and their ratio."""
        return (
            f"{self.baseline.summary()}\n{Measurement.summary(self)}\n"
            f"{'ratio':<14} {self.ratio:.2f} × {self.baseline.name}"
        )


def measure_sslyze_polling(site: LocalSite, runs: int) -> Measurement:
    """The sslyze scan with its scheduler polling every 10 ms (ours) and every 0.2 s (sslyze's).

    Alternating, after one warm-up of each. Without the patch, ``sooner_polling`` is swapped for
    a no-op for those runs only.
    """
    import contextlib

    from launchtui.probes.tls import sslyze_scan

    def scan_polling_every_0_2_s() -> float:
        patched = sslyze_scan.sooner_polling
        sslyze_scan.sooner_polling = contextlib.nullcontext  # type: ignore[assignment]
        try:
            return _time_tls_scan(site.target)
        finally:
            sslyze_scan.sooner_polling = patched

    _time_tls_scan(site.target)
    scan_polling_every_0_2_s()
    sooner = Measurement("scan, 10 ms", [])
    unpatched = Comparison("scan, 0.2 s", [], baseline=sooner)
    for _ in range(runs):
        sooner.seconds.append(_time_tls_scan(site.target))
        unpatched.seconds.append(scan_polling_every_0_2_s())
    return unpatched


MEASUREMENTS: list[Callable[[LocalSite, int], Measurement]] = [
    measure_http_family,
    measure_full_run_against_tls_scan,
    measure_sslyze_polling,
]


def main() -> int:
    """Start the local site, run every measurement, print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="samples per measurement")
    parser.add_argument(
        "--rtt-ms",
        type=float,
        default=0,
        help="reach the site through a proxy adding this round-trip time (default: none)",
    )
    args = parser.parse_args()
    if args.rtt_ms:
        print(f"through a latency proxy: {args.rtt_ms:g} ms per round trip", flush=True)
    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as tmp:
        site = start_local_site(Path(tmp), args.rtt_ms)
        missed = False
        try:
            for measurement in MEASUREMENTS:
                result = measurement(site, args.runs)
                print(result.summary(), flush=True)
                missed = missed or not result.met
        finally:
            site.stop()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
