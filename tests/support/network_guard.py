"""Keep every test on this machine: no socket may reach past loopback, no name may be resolved.

:func:`install` wraps, for the whole process, every way Python code sends a packet to an address
(``socket.socket.connect``, ``connect_ex``, ``sendto``, ``sendmsg``; ``socket.create_connection``,
asyncio, httpx, dnspython, sslyze and nassl all go through them) and every way it asks the system
resolver for a name (``getaddrinfo``, ``gethostbyname``, ``gethostbyname_ex``; and reverse,
``gethostbyaddr`` and ``getnameinfo``, for anything but loopback).
Loopback (127.0.0.0/8, ::1, and ::ffff:127.0.0.0/104) and local sockets (AF_UNIX, netlink) pass;
anything else raises :class:`NetworkLeak` *before* the system call, so nothing is sent.

A leak raised in a thread whose library turns errors into results (sslyze reports a failed
connection, a probe says "unknown") must still fail the test, so every blocked attempt is also
recorded: in :data:`BLOCKED` for this process, and appended to the file named by
``LAUNCHTUI_NETWORK_GUARD_LOG`` for the subprocesses that tests start. The pytest plugin
(``tests/support/network_plugin.py``) fails any test during which a record appeared.

This module only imports the standard library: ``tests/support/guarded_site/sitecustomize.py``
loads it by file path at the start of every Python subprocess of the tests, before ``sys.path``
holds the repository.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
from collections.abc import Callable
from typing import Any

LOG_ENV = "LAUNCHTUI_NETWORK_GUARD_LOG"
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
# Families whose addresses never leave the machine (AF_NETLINK talks to the kernel).
_LOCAL_FAMILIES = {socket.AF_UNIX, getattr(socket, "AF_NETLINK", socket.AF_UNIX)}

BLOCKED: list[str] = []
_lock = threading.Lock()
_installed = False


class NetworkLeak(AssertionError):
    """A test tried to reach past loopback or to resolve a name: it would leave this machine.

    An ``AssertionError`` and not an ``OSError``: code under test handles ``OSError`` as a network
    failure, and a leak must not pass for one.
    """


def _record(message: str) -> None:
    with _lock:
        BLOCKED.append(message)
    log = os.environ.get(LOG_ENV)
    if log:
        try:
            with open(log, "a", encoding="utf-8") as file:
                file.write(f"pid {os.getpid()}: {message}\n")
        except OSError:
            pass  # the in-process record and the exception still tell


def _leak(message: str) -> NetworkLeak:
    _record(message)
    return NetworkLeak(message)


def is_loopback_address(text: str) -> bool:
    """Whether ``text`` is an IP literal on loopback (IPv4 127/8, IPv6 ::1, or v4-mapped 127/8)."""
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _is_ip_literal(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def _check_address(sock: socket.socket, address: Any, what: str) -> None:
    if sock.family in _LOCAL_FAMILIES:
        return
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        raise _leak(f"{what} on socket family {sock.family!r}: only loopback is allowed in tests")
    host = address[0] if isinstance(address, tuple) and address else address
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host)
    if is_loopback_address(host):
        return
    if host.lower() in LOCAL_NAMES:
        return  # the C library resolves these from /etc/hosts, never from a name server
    if _is_ip_literal(host):
        raise _leak(f"{what} to {address!r}: not loopback, tests never leave this machine")
    raise _leak(f"{what} to {address!r}: a name the system resolver would look up")


def _check_name(host: object, what: str) -> None:
    if host is None:
        return
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    text = str(host)
    if text.lower() in LOCAL_NAMES or _is_ip_literal(text):
        return  # literals are parsed, not looked up
    raise _leak(f"system resolver asked for {text!r} ({what}): pin it or use the test DNS server")


def _check_reverse(address: object, what: str) -> None:
    # A reverse lookup of any address but loopback asks a name server (PTR).
    if isinstance(address, bytes):
        address = address.decode(errors="replace")
    text = str(address)
    if text.lower() in LOCAL_NAMES or is_loopback_address(text):
        return
    raise _leak(f"system resolver asked for the name of {text!r} ({what})")


def _wrap_method(name: str, address_at: int) -> None:
    real = getattr(socket.socket, name)

    def guarded(self: socket.socket, *args: Any, **kwargs: Any) -> Any:
        address = kwargs.get("address", args[address_at] if len(args) > address_at else None)
        if address is not None:
            _check_address(self, address, f"socket.{name}")
        return real(self, *args, **kwargs)

    guarded.__wrapped__ = real  # type: ignore[attr-defined]
    setattr(socket.socket, name, guarded)


def _wrap_sendto() -> None:
    # sendto(data, address) or sendto(data, flags, address): the address is always last.
    real = socket.socket.sendto

    def guarded(self: socket.socket, *args: Any) -> Any:
        if len(args) >= 2:
            _check_address(self, args[-1], "socket.sendto")
        return real(self, *args)  # type: ignore[call-overload]

    guarded.__wrapped__ = real  # type: ignore[attr-defined]
    socket.socket.sendto = guarded  # type: ignore[assignment]


def _wrap_resolver(name: str) -> None:
    real: Callable[..., Any] = getattr(socket, name)

    def guarded(host: object, *args: Any, **kwargs: Any) -> Any:
        _check_name(host, f"socket.{name}")
        return real(host, *args, **kwargs)

    guarded.__wrapped__ = real  # type: ignore[attr-defined]
    setattr(socket, name, guarded)


def _wrap_reverse_resolvers() -> None:
    real_gethostbyaddr = socket.gethostbyaddr
    real_getnameinfo = socket.getnameinfo

    def gethostbyaddr(address: str) -> tuple[str, list[str], list[str]]:
        _check_reverse(address, "socket.gethostbyaddr")
        return real_gethostbyaddr(address)

    def getnameinfo(sockaddr: tuple[Any, ...], flags: int) -> tuple[str, str]:
        if not flags & socket.NI_NUMERICHOST:
            _check_reverse(sockaddr[0], "socket.getnameinfo")
        return real_getnameinfo(sockaddr, flags)

    socket.gethostbyaddr = gethostbyaddr
    socket.getnameinfo = getnameinfo


def install() -> None:
    """Guard this process's sockets and resolver from now on (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    _wrap_method("connect", 0)
    _wrap_method("connect_ex", 0)
    _wrap_method("sendmsg", 3)  # sendmsg(buffers, ancdata, flags, address)
    _wrap_sendto()
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        _wrap_resolver(name)
    _wrap_reverse_resolvers()


def take_blocked() -> list[str]:
    """Remove and return the attempts recorded in this process so far."""
    with _lock:
        taken = list(BLOCKED)
        BLOCKED.clear()
    return taken
