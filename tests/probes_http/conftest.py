"""Session-wide servers and one probe run per configuration, shared by many assertions.

Servers: the Django site well configured (``good.test``, www twin redirecting to it) and
misconfigured (``www.bad.test``, HTTP/1.1 only), and the hostile application. All names are under
``.test`` and pinned to 127.0.0.1; the network guard covers the whole session, fixtures included.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from launchtui.probes import http
from launchtui.probes.context import ProbeContext
from launchtui.probes.facts.http import HttpFacts
from launchtui.probes.http.client import RequestBudget
from launchtui.probes.model import Finding
from launchtui.probes.target import Target
from tests.support.pki import TestCA
from tests.support.servers import HOSTILE_HOSTS, Server, start_django_site, start_hypercorn
from tests.support.trap_hosts import TRAP_HOSTS

GOOD = "good.test"
BAD = "www.bad.test"
HOSTILE_TWINS = tuple(f"{sub}.{name}" for name in HOSTILE_HOSTS for sub in ("www", "api"))
TRAP_NAMES = (*TRAP_HOSTS, *(f"{sub}.{name}" for name in TRAP_HOSTS for sub in ("www", "api")))
EXPIRED = "expired.test"
ALL_NAMES = (
    GOOD, "www.good.test", "api.good.test", BAD, "bad.test", "api.bad.test",
    EXPIRED, f"www.{EXPIRED}", f"api.{EXPIRED}",
    *HOSTILE_HOSTS, *HOSTILE_TWINS, *TRAP_NAMES,
)  # fmt: skip


@dataclass
class Site:
    """A running test site and how to reach it."""

    server: Server
    host: str
    ca: Path

    @property
    def url(self) -> str:
        """The site's HTTPS home page."""
        return f"https://{self.host}:{self.server.https_port}/"

    @property
    def http_url(self) -> str:
        """Where the site speaks plain HTTP."""
        return f"http://{self.host}:{self.server.http_port}/"

    def target(self, url: str | None = None, **options: Any) -> Target:
        """A target pinned entirely to loopback, trusting the test CA."""
        return Target(
            url or self.url,
            resolve={name: "127.0.0.1" for name in ALL_NAMES},
            ca_bundle=self.ca,
            http_url=options.pop("http_url", self.http_url),
            **options,
        )

    def cli_args(self, url: str | None = None) -> list[str]:
        """The ``launchtui probe`` arguments that reach this site."""
        pins = [arg for name in ALL_NAMES for arg in ("--resolve", f"{name}:127.0.0.1")]
        return [url or self.url, *pins, "--ca-bundle", str(self.ca), "--http-url", self.http_url]


@dataclass
class HttpRun:
    """The findings and facts of one run of the HTTP family."""

    findings: dict[str, Finding] = field(default_factory=dict)
    facts: HttpFacts = field(default_factory=HttpFacts)
    requests: int = 0

    def __getitem__(self, item_id: str) -> Finding:
        return self.findings[item_id]


async def collect(target: Target) -> HttpRun:
    """Run the HTTP family once and keep every finding (one per item) and fact."""
    ctx = ProbeContext.start(target, ("http",))
    assert ctx.http is not None
    run = HttpRun(facts=ctx.http)
    budget = RequestBudget(target.max_requests)
    async for finding in http.run(ctx.for_family(ctx.http), budget):
        assert finding.item_id not in run.findings, f"two findings for {finding.item_id}"
        run.findings[finding.item_id] = finding
    run.requests = budget.used
    return run


def probe_once(target: Target) -> HttpRun:
    """:func:`collect` from synchronous code (a session fixture's one run)."""
    return asyncio.run(collect(target))


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    """The test CA; its certificate is what ``--ca-bundle`` trusts."""
    return TestCA(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def good_site(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The well-configured Django site on good.test."""
    cert = pki.issue(*ALL_NAMES, filename="good")
    server = start_django_site("good", GOOD, cert, tmp_path_factory.mktemp("good"))
    yield Site(server, GOOD, pki.cert_path)
    server.stop()


@pytest.fixture(scope="session")
def bad_site(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The misconfigured Django site on www.bad.test (HTTP/1.1 only)."""
    cert = pki.issue(*ALL_NAMES, filename="bad")
    folder = tmp_path_factory.mktemp("bad")
    server = start_django_site("bad", BAD, cert, folder, http1_only=True)
    yield Site(server, BAD, pki.cert_path)
    server.stop()


@pytest.fixture(scope="session")
def expired_site(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The well-configured Django site on expired.test, with a certificate that expired."""
    names = (EXPIRED, f"www.{EXPIRED}", f"api.{EXPIRED}")
    cert = pki.issue(*names, days_valid=30, not_before_days_ago=60, filename="expired")
    server = start_django_site("good", EXPIRED, cert, tmp_path_factory.mktemp("expired"))
    yield Site(server, EXPIRED, pki.cert_path)
    server.stop()


@pytest.fixture(scope="session")
def hostile(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The hostile application, answering for every name in HOSTILE_HOSTS."""
    cert = pki.issue(*HOSTILE_HOSTS, filename="hostile")
    server = start_hypercorn(
        "tests.support.servers:hostile_app", cert, tmp_path_factory.mktemp("hostile")
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def traps(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The traps: the good site's configuration with one mistake per host (see TRAP_HOSTS)."""
    cert = pki.issue(*TRAP_NAMES, filename="traps")
    server = start_django_site("traps", GOOD, cert, tmp_path_factory.mktemp("traps"))
    yield server
    server.stop()


def trap_site(traps: Server, host: str, ca: Path) -> Site:
    """The trap served for ``host``."""
    assert host in TRAP_HOSTS, host
    return Site(traps, host, ca)


@pytest.fixture(scope="session")
def good_run(good_site: Site) -> HttpRun:
    """One HTTP-family run against the well-configured site."""
    return probe_once(good_site.target())


@pytest.fixture(scope="session")
def bad_run(bad_site: Site) -> HttpRun:
    """One HTTP-family run against the misconfigured site."""
    return probe_once(bad_site.target())
