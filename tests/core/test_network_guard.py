"""The tests' network guard stops every way out of this machine, and fails a test that tried.

192.0.2.1 is TEST-NET-1 (RFC 5737): an address no host answers on, and the guard raises before
the system call, so nothing is ever sent to it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import textwrap

import httpx
import pytest

from tests.support.network_plugin import GUARDED_SITE, expected_leak, guard
from tests.support.servers import REPO

OUTSIDE = "192.0.2.1"
OUTSIDE_V6 = "2001:db8::1"


def test_a_tcp_connection_to_an_outside_ip_literal_is_stopped() -> None:
    with socket.socket() as sock, expected_leak(f"'{OUTSIDE}', 9"):
        sock.connect((OUTSIDE, 9))
    with socket.socket() as sock, expected_leak(OUTSIDE):
        sock.connect_ex((OUTSIDE, 9))
    with expected_leak(OUTSIDE):
        socket.create_connection((OUTSIDE, 443), timeout=5)


def test_ipv6_and_v4_mapped_outside_addresses_are_stopped() -> None:
    with socket.socket(socket.AF_INET6) as sock, expected_leak(OUTSIDE_V6):
        sock.connect((OUTSIDE_V6, 9))
    with socket.socket(socket.AF_INET6) as sock, expected_leak("::ffff:192.0.2.1"):
        sock.connect(("::ffff:192.0.2.1", 9))


def test_udp_datagrams_outside_are_stopped() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with expected_leak(OUTSIDE):
            sock.sendto(b"x", (OUTSIDE, 53))
        with expected_leak(OUTSIDE):
            sock.sendto(b"x", 0, (OUTSIDE, 53))
        with expected_leak(OUTSIDE):
            sock.sendmsg([b"x"], [], 0, (OUTSIDE, 53))
        with expected_leak(OUTSIDE):
            sock.connect((OUTSIDE, 53))  # a connected UDP socket would send with plain send()


def test_names_never_reach_the_system_resolver() -> None:
    with expected_leak("example.com"):
        socket.getaddrinfo("example.com", 443)
    with expected_leak("example.com"):
        socket.gethostbyname("example.com")
    with socket.socket() as sock, expected_leak("example.com"):
        sock.connect(("example.com", 80))  # the C library would resolve it on its own
    with expected_leak(OUTSIDE):
        socket.gethostbyaddr(OUTSIDE)  # a PTR query
    with expected_leak(OUTSIDE):
        socket.getnameinfo((OUTSIDE, 80), 0)
    assert socket.getnameinfo((OUTSIDE, 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV) == (
        OUTSIDE,
        "80",
    )


def test_asyncio_and_httpx_go_through_the_guard() -> None:
    async def connect() -> None:
        await asyncio.open_connection(OUTSIDE, 443)

    with expected_leak(OUTSIDE):
        asyncio.run(connect())
    with expected_leak(OUTSIDE), httpx.Client(timeout=5) as client:
        client.get(f"https://{OUTSIDE}/")


def test_loopback_and_local_sockets_pass() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
        with socket.create_connection(("localhost", server.getsockname()[1]), timeout=5):
            pass
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.2", 0))  # all of 127/8 is loopback
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.sendto(b"ping", receiver.getsockname())
        assert receiver.recv(16) == b"ping"
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"x")
        assert right.recv(1) == b"x"
    assert guard.BLOCKED == []


def test_subprocesses_of_the_tests_are_guarded() -> None:
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(GUARDED_SITE)
    code = textwrap.dedent(f"""
        import socket
        try:
            socket.create_connection(({OUTSIDE!r}, 443), timeout=5)
        except AssertionError as error:
            print(type(error).__name__, error)
    """)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.startswith("NetworkLeak ")
    assert OUTSIDE in done.stdout
    # The subprocess's attempt is in the log the plugin reads after each test: take it, or this
    # test would fail for it (which is what the next test checks from the outside).
    with open(os.environ[guard.LOG_ENV], encoding="utf-8") as log:
        assert any(OUTSIDE in line for line in log.read().splitlines())
    from tests.support import network_plugin

    assert any(OUTSIDE in line for line in network_plugin._take_leaks())


@pytest.mark.usefixtures("repo_on_path")
def test_a_test_that_swallows_a_leak_still_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_inner=f"""
        import socket
        import subprocess
        import sys

        def test_swallowed():
            try:
                socket.create_connection(({OUTSIDE!r}, 443), timeout=5)
            except BaseException:
                pass  # a library that turns every error into a result

        def test_in_a_subprocess():
            code = (
                "import socket\\n"
                "try:\\n socket.getaddrinfo('example.com', 80)\\n"
                "except BaseException:\\n pass"
            )
            subprocess.run([sys.executable, "-c", code], check=True)

        def test_loopback_only():
            with socket.socket() as server:
                server.bind(("127.0.0.1", 0))
                server.listen()
                socket.create_connection(server.getsockname(), timeout=5).close()
        """
    )
    result = pytester.runpytest_subprocess(
        "-p", "tests.support.network_plugin", "-p", "no:cacheprovider", "-q"
    )
    # Each body ran to its end ("passed"); the guard's check after it is an error of that test.
    result.assert_outcomes(passed=3, errors=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_swallowed*",
            f"*socket.connect to ('{OUTSIDE}', 443): not loopback*",
            "*ERROR at teardown of test_in_a_subprocess*",
            "*system resolver asked for 'example.com'*",
        ]
    )
    result.stdout.no_fnmatch_line("*test_loopback_only*")


@pytest.fixture
def repo_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the inner pytest of :func:`test_a_test_that_swallows_a_leak_still_fails` import tests."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([os.environ["PYTHONPATH"], str(REPO)]))
