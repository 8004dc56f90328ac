"""Turn a host name into the address a probe connects to, the way the target says to.

Order: an IP literal is itself; a ``--resolve`` pin wins; with ``--nameserver`` every other name is
looked up there through dnspython's async resolver (never through the system resolver, so a test
or a split-horizon setup sees exactly the zone it asked for); otherwise the system resolver
(``getaddrinfo``, as a browser would) answers. Every probe family resolves through here, so pinned
names never leak to the system resolver. The dns family's record lookups use the same resolver
(:func:`dns_resolver`): one DNS path, async, for the whole run.
"""

from __future__ import annotations

import asyncio
import importlib
import ipaddress
import socket
import sys
from typing import TYPE_CHECKING

from launchtui.probes.target import Target
from launchtui.probes.threads import in_daemon_thread

if TYPE_CHECKING:
    import dns.asyncresolver

# What the DNS lookups use; importing it takes ~70 ms, so it is done in a thread.
DNSPYTHON_MODULES = (
    "dns.asyncresolver",
    "dns.asyncquery",
    "dns.message",
    "dns.rcode",
    "dns.flags",
    "dns.rdatatype",
)


class ResolveError(OSError):
    """A host name that could not be turned into an address; ``str()`` is one line."""


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def pinned_address(target: Target, host: str) -> str | None:
    """The address ``host`` is pinned to (an IP literal pins itself), or None."""
    name = host.lower().rstrip(".")
    return _literal(name) or target.resolve.get(name)


def _import_dnspython() -> None:
    for module in DNSPYTHON_MODULES:
        importlib.import_module(module)


async def load_dnspython() -> None:
    """Import dnspython without stalling the event loop (the TUI's keys run there)."""
    if not all(module in sys.modules for module in DNSPYTHON_MODULES):
        await asyncio.to_thread(_import_dnspython)


def dns_resolver(target: Target) -> dns.asyncresolver.Resolver:
    """dnspython's async resolver for ``target``: ``--nameserver``, else the system's settings.

    Several tries fit in a lookup's lifetime (the target's timeout), so one lost UDP packet is not
    a failure; nothing is cached, so every run sees the zone as it is now. Raises
    ``dns.resolver.NoResolverConfiguration`` without ``--nameserver`` on a machine with no
    resolver configured. Call :func:`load_dnspython` first.
    """
    import dns.asyncresolver

    if target.nameserver is not None:
        address, port = target.nameserver
        resolver = dns.asyncresolver.Resolver(configure=False)
        resolver.nameservers = [address]
        resolver.port = port
    else:
        # The system's own configuration (/etc/resolv.conf or the Windows registry).
        resolver = dns.asyncresolver.Resolver()
    resolver.timeout = max(min(target.timeout / 3, 2.0), 0.2)
    resolver.lifetime = target.timeout
    resolver.cache = None
    return resolver


async def _ask_nameserver(target: Target, host: str) -> str:
    await load_dnspython()
    import dns.exception
    import dns.resolver

    assert target.nameserver is not None
    address, port = target.nameserver
    resolver = dns_resolver(target)
    try:
        for rdtype in ("A", "AAAA"):
            answer = await resolver.resolve(host, rdtype, search=False, raise_on_no_answer=False)
            if answer.rrset:
                return str(next(iter(answer.rrset)).address)
    except dns.resolver.NXDOMAIN:
        raise ResolveError(f"{host}: no such name (name server {address}:{port})") from None
    except dns.exception.Timeout:
        raise ResolveError(f"{host}: name server {address}:{port} did not answer") from None
    except (dns.exception.DNSException, OSError, ValueError) as exc:
        raise ResolveError(f"{host}: lookup at {address}:{port} failed ({exc})") from None
    raise ResolveError(f"{host}: no A or AAAA record (name server {address}:{port})")


def _ask_system(host: str) -> str:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ResolveError(f"{host}: cannot resolve ({exc.strerror or exc})") from None
    if not infos:
        raise ResolveError(f"{host}: cannot resolve (no address)")
    return str(infos[0][4][0])


async def resolve_host(target: Target, host: str) -> str:
    """The address to connect to for ``host``.

    IP literal → itself; ``--resolve`` pin → the pin; ``--nameserver`` → an A (then AAAA) lookup at
    that server; otherwise the system resolver, in a daemon thread (``getaddrinfo`` blocks, and a
    run abandoned at its deadline must not wait for it). Raises :class:`ResolveError` with a
    one-line reason.
    """
    pinned = pinned_address(target, host)
    if pinned is not None:
        return pinned
    name = host.lower().rstrip(".")
    if target.nameserver is not None:
        return await _ask_nameserver(target, name)
    return await in_daemon_thread(_ask_system, name)
