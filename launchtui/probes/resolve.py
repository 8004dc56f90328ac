"""Turn a host name into the address a probe connects to, the way the target says to.

Order: an IP literal is itself; a ``--resolve`` pin wins; with ``--nameserver`` every other name is
looked up there through dnspython (never through the system resolver, so a test or a split-horizon
setup sees exactly the zone it asked for); otherwise the system resolver answers. Every probe
family resolves through here, so pinned names never leak to the system resolver.
"""

from __future__ import annotations

import ipaddress
import socket

from launchtui.probes.target import Target
from launchtui.probes.threads import in_daemon_thread


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


def _ask_nameserver(target: Target, host: str) -> str:
    import dns.exception
    import dns.resolver

    assert target.nameserver is not None
    address, port = target.nameserver
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [address]
    resolver.port = port
    resolver.timeout = min(target.timeout, 5.0)
    resolver.lifetime = target.timeout
    try:
        for rdtype in ("A", "AAAA"):
            answer = resolver.resolve(host, rdtype, search=False, raise_on_no_answer=False)
            if answer.rrset:
                return str(next(iter(answer.rrset)).address)
    except dns.resolver.NXDOMAIN:
        raise ResolveError(f"{host}: no such name (name server {address}:{port})") from None
    except dns.exception.Timeout:
        raise ResolveError(f"{host}: name server {address}:{port} did not answer") from None
    except dns.exception.DNSException as exc:
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


def resolve_host(target: Target, host: str) -> str:
    """The address to connect to for ``host`` (blocking).

    IP literal → itself; ``--resolve`` pin → the pin; ``--nameserver`` → an A (then AAAA) lookup at
    that server; otherwise the system resolver. Raises :class:`ResolveError` with a one-line reason.
    """
    pinned = pinned_address(target, host)
    if pinned is not None:
        return pinned
    name = host.lower().rstrip(".")
    if target.nameserver is not None:
        return _ask_nameserver(target, name)
    return _ask_system(name)


async def resolve_host_async(target: Target, host: str) -> str:
    """:func:`resolve_host` without blocking the event loop (lookups run in a worker thread)."""
    pinned = pinned_address(target, host)
    if pinned is not None:
        return pinned
    return await in_daemon_thread(resolve_host, target, host)
