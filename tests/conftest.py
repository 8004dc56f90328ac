"""Project-wide test guards.

Tests never touch the internet: every host name a test uses is pinned (``--resolve``) or served
by the loopback DNS server. The guard below turns any lookup of another name through the system
resolver into a test failure, so a leak cannot pass unnoticed.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest
from hypothesis import settings

# Speed is measured in benchmarks/, never asserted: a loaded machine must not fail a property test
# for being slow, so no example has a deadline.
settings.register_profile("launchtui", deadline=None)
settings.load_profile("launchtui")

_ALLOWED_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
_real_getaddrinfo = socket.getaddrinfo


class ResolverLeak(AssertionError):
    """A test asked the system resolver for a name: that lookup would leave this machine."""


def _is_local(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    text = str(host).strip("[]").split("%")[0]
    if text.lower() in _ALLOWED_NAMES:
        return True
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    if not _is_local(host):
        raise ResolverLeak(f"system resolver asked for {host!r}: pin it or use the test DNS server")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_resolver_leaks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test whose code resolves a non-local name through the system resolver."""
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    yield
