"""The loopback DNS server in a process of its own, for benchmarks.

In the probe tests the server runs in a thread; in a benchmark its work would then be counted as
the client's (a real name server is another machine). ``python -m
tests.probes_tls_dns.zone_server_process`` serves the well-configured ``good.test`` zone, prints
its port and stops when its standard input closes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def dns_server_process() -> Iterator[int]:
    """Start the server process; yield its UDP port on 127.0.0.1."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.probes_tls_dns.zone_server_process"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError(f"DNS server process did not start: {line!r}")
        yield int(line)
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> None:
    """Serve until standard input closes."""
    from tests.probes_tls_dns import zones
    from tests.probes_tls_dns.dns_zone_server import ZoneResolver, serve_dns

    with serve_dns(ZoneResolver([zones.well_configured()])) as port:
        print(port, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
