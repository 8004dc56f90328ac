"""A full ``launchtui probe`` run against sslyze's own CLI, both as fresh processes.

Run: ``python benchmarks/probe_vs_sslyze.py`` (``--runs N`` pairs, default 5), or
``python benchmarks/probe_vs_sslyze.py --serve`` to keep the site up and print the two commands,
for timing them with another tool (the site stops when standard input closes).

Method
------
The well-configured Django site of the tests (``tests/support/django_site.py``) is served by
hypercorn on loopback with TLS from the test CA and HTTP/2 plus its plain-HTTP port, and the
loopback DNS server of the TLS/DNS tests serves its zone from a process of its own (a real name
server is another machine). Two commands are then started in turn, A B A B …, each a fresh
process timed from start to exit (start-up and imports included), after one discarded pair:

* A: ``python -m launchtui probe URL`` with every family (http, tls, dns), pinned to loopback,
  trusting the test CA, asking the loopback name server, recording nothing (``--no-save``);
* B: ``python -m sslyze --mozilla_config intermediate HOST:PORT{127.0.0.1}``, the TLS scan alone.

The ratio is taken pair by pair and its median reported (pairing keeps it meaningful while the
machine's speed drifts). Target: ≤ 1.15 × — the HTTP and DNS work must hide behind the TLS scan.
Exit status 1 if it is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the local site and name server live in tests/

HOST = "good.test"
NAMES = (HOST, f"www.{HOST}", f"api.{HOST}")
TARGET_RATIO = 1.15


def commands(
    https_port: int, http_port: int, dns_port: int, ca: Path, state: Path
) -> list[list[str]]:
    """The two commands: A (launchtui probe, every family) and B (sslyze alone)."""
    probe = [
        sys.executable, "-m", "launchtui", "probe", f"https://{HOST}:{https_port}/",
        "--nameserver", f"127.0.0.1:{dns_port}", "--ca-bundle", str(ca),
        "--http-url", f"http://{HOST}:{http_port}/", "--no-save", "--state", str(state),
        "--format", "json",
    ]  # fmt: skip
    for name in NAMES:
        probe += ["--resolve", f"{name}:127.0.0.1"]
    sslyze = [
        sys.executable, "-m", "sslyze", "--mozilla_config", "intermediate",
        f"{HOST}:{https_port}{{127.0.0.1}}",
    ]  # fmt: skip
    return [probe, sslyze]


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one fresh process, start to exit (its output thrown away)."""
    started = time.perf_counter()
    subprocess.run(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=REPO,
        check=False,
    )
    return time.perf_counter() - started


def main() -> int:
    """Serve the site and name server, time A and B in turn, print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="pairs timed after one warm-up pair")
    parser.add_argument("--serve", action="store_true", help="print the commands and wait")
    args = parser.parse_args()

    from tests.probes_tls_dns.zone_server_process import dns_server_process
    from tests.support.pki import TestCA
    from tests.support.servers import start_django_site

    folder = Path(tempfile.mkdtemp(prefix="launchtui-bench-"))
    ca = TestCA(folder / "ca")
    server = start_django_site("good", HOST, ca.issue(*NAMES), folder)
    env = {**os.environ, "XDG_DATA_HOME": str(folder)}
    try:
        with dns_server_process() as dns_port:
            probe, sslyze = commands(
                server.https_port, server.http_port, dns_port, ca.cert_path, folder / "state.toml"
            )
            if args.serve:
                print("A:", subprocess.list2cmdline(probe))
                print("B:", subprocess.list2cmdline(sslyze), flush=True)
                sys.stdin.read()
                return 0
            timed(probe, env), timed(sslyze, env)  # warm-up pair: disk caches, bytecode
            a_times, b_times = [], []
            for _ in range(args.runs):
                a_times.append(timed(probe, env))
                b_times.append(timed(sslyze, env))
    finally:
        server.stop()
    ratios = [a / b for a, b in zip(a_times, b_times, strict=True)]
    ratio = statistics.median(ratios)
    print(f"launchtui probe (http, tls, dns)  median {statistics.median(a_times):.2f} s")
    print(f"sslyze --mozilla_config intermediate  median {statistics.median(b_times):.2f} s")
    print(
        f"ratio (pairwise median)  {ratio:.2f} × (min {min(ratios):.2f}, max {max(ratios):.2f}; "
        f"target ≤ {TARGET_RATIO} ×): " + ("ok" if ratio <= TARGET_RATIO else "MISSED")
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
