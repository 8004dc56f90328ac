"""What a probe run costs: wall time and requests sent, against the local Django site.

Run: ``python benchmarks/probe_run.py`` (``--runs N`` for more samples).

Method
------
The well-configured Django site of the tests (``tests/support/django_site.py``) is served by
hypercorn on loopback with TLS from the test CA and HTTP/2, plus its plain-HTTP port; every host
is pinned, nothing leaves the machine. Each measurement runs ``--runs`` times after one discarded
warm-up and reports the median.

* ``http family``: :func:`launchtui.probes.http.run` to its last finding, in a fresh event loop
  each time (connections are not reused between runs); requests are counted by the run's budget.

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
from launchtui.probes.runner import ProbeContext, RequestBudget  # noqa: E402
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


def start_local_site(folder: Path) -> LocalSite:
    """Serve the well-configured Django site and return a pinned target for it."""
    from tests.support.pki import TestCA
    from tests.support.servers import start_django_site

    ca = TestCA(folder / "ca")
    server = start_django_site("good", HOST, ca.issue(*NAMES), folder)
    target = Target(
        f"https://{HOST}:{server.https_port}/",
        resolve=dict.fromkeys(NAMES, "127.0.0.1"),
        ca_bundle=ca.cert_path,
        http_url=f"http://{HOST}:{server.http_port}/",
        timeout=5.0,
    )
    return LocalSite(target, server.stop)


async def _http_family(target: Target) -> tuple[int, int]:
    ctx = ProbeContext(target, ("http",), RequestBudget(target.max_requests))
    findings = [finding async for finding in http.run(ctx)]
    return len(findings), ctx.budget.used


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


MEASUREMENTS: list[Callable[[LocalSite, int], Measurement]] = [measure_http_family]


def main() -> int:
    """Start the local site, run every measurement, print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="samples per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as tmp:
        site = start_local_site(Path(tmp))
        try:
            for measurement in MEASUREMENTS:
                print(measurement(site, args.runs).summary(), flush=True)
        finally:
            site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
