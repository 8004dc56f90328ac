"""Project-wide test guards.

Tests never touch the internet: every host name a test uses is pinned (``--resolve``) or served
by the loopback DNS server, and every server is on loopback. The network guard
(``tests/support/network_plugin.py``) makes that a checked fact: in the test process and in every
Python subprocess the tests start, a connection or datagram to any address but loopback, or a
lookup of a name through the system resolver, raises before anything is sent and fails the test.
"""

from __future__ import annotations

from hypothesis import settings

pytest_plugins = ["pytester", "tests.support.network_plugin"]

# Speed is measured in benchmarks/, never asserted: a loaded machine must not fail a property test
# for being slow, so no example has a deadline.
settings.register_profile("launchtui", deadline=None)
settings.load_profile("launchtui")
