"""Host → address: pins, then the target's name server, then the system resolver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from launchtui.probes.http import ITEMS
from launchtui.probes.model import Verdict
from launchtui.probes.resolve import ResolveError, resolve_host
from launchtui.probes.target import Target
from tests.probes_http.conftest import Site, collect
from tests.probes_tls_dns.dns_zone_server import Zone, ZoneResolver, serve_dns
from tests.support.network_plugin import expected_leak

ZONE = (
    Zone("good.test")
    .add("good.test", "A", "127.0.0.1")
    .add("www.good.test", "CNAME", "good.test")
    .add("v6.good.test", "AAAA", "::1")
)


@pytest.fixture(scope="module")
def dns_port() -> Iterator[int]:
    with serve_dns(ZoneResolver([ZONE], silent=["slow.good.test"])) as port:
        yield port


async def test_ip_literals_and_pins_need_no_lookup() -> None:
    target = Target("https://site.test/", resolve={"Site.Test.": "10.0.0.7"})
    assert await resolve_host(target, "site.test") == "10.0.0.7"
    assert await resolve_host(target, "SITE.test.") == "10.0.0.7"
    assert await resolve_host(target, "192.0.2.1") == "192.0.2.1"
    assert await resolve_host(target, "[::1]") == "::1"


async def test_unpinned_names_go_to_the_system_resolver_without_a_name_server() -> None:
    target = Target("https://site.test/")
    assert await resolve_host(target, "localhost") in ("127.0.0.1", "::1")
    with expected_leak("elsewhere.test"):  # the guard proves which resolver was asked
        await resolve_host(target, "elsewhere.test")


async def test_the_name_server_answers_every_unpinned_name(dns_port: int) -> None:
    target = Target(
        "https://good.test/", nameserver=("127.0.0.1", dns_port), resolve={"pin.test": "10.1.1.1"}
    )
    assert await resolve_host(target, "good.test") == "127.0.0.1"
    assert await resolve_host(target, "www.good.test") == "127.0.0.1"  # through the CNAME
    assert await resolve_host(target, "v6.good.test") == "::1"
    assert await resolve_host(target, "pin.test") == "10.1.1.1"
    with pytest.raises(ResolveError, match="no such name"):
        await resolve_host(target, "missing.good.test")


async def test_a_silent_name_server_is_a_one_line_error(dns_port: int) -> None:
    target = Target("https://good.test/", nameserver=("127.0.0.1", dns_port), timeout=0.3)
    with pytest.raises(ResolveError, match="did not answer") as caught:
        await resolve_host(target, "slow.good.test")
    assert "\n" not in str(caught.value)


async def test_http_probes_connect_through_the_name_server(good_site: Site, dns_port: int) -> None:
    target = Target(
        good_site.url,
        nameserver=("127.0.0.1", dns_port),
        ca_bundle=good_site.ca,
        http_url=good_site.http_url,
    )
    run = await collect(target)
    assert run.facts.reachable is True
    assert set(run.findings) == set(ITEMS)
    assert run["settings-hsts"].verdict is Verdict.PASS
    assert run.facts.twins is not None
    assert run.facts.twins["www.good.test"].status == 301
