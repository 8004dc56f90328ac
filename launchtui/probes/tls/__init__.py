"""The TLS probe family: SSL health, certificate autorenewal, HTTP/2 via ALPN, and per-host
certificate validity for "Configure SSL for everything".

The health scan (sslyze, or the stdlib fallback) is the long pole of a probe run; everything else
here runs beside it, and the http and dns families run concurrently with the whole family. All
blocking work happens in worker threads; every wait is bounded by the target's timeout and the
run's deadline. Hosts are reached at addresses from :func:`resolve_host` (pins, then
``--nameserver``, then the system), never through a lookup of sslyze's own.

Without sslyze (or nassl) — or with ``LAUNCHTUI_NO_SSLYZE=1`` — the scan falls back to the
``ssl`` module (:mod:`launchtui.probes.tls.stdlib_scan`) and says so in the evidence.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from launchtui.probes.facts.tls import HostValidity, TlsFacts
from launchtui.probes.family import FamilyContext
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.resolve import ResolveError, resolve_host
from launchtui.probes.threads import in_daemon_thread
from launchtui.probes.tls.alpn import AlpnResult, judge_http2, negotiate_alpn
from launchtui.probes.tls.autorenewal import judge_autorenewal
from launchtui.probes.tls.health import judge_health
from launchtui.probes.tls.host_validity import browser_context, check_host, unresolved
from launchtui.probes.tls.report import TlsReport
from launchtui.probes.tls.scanner import scan_server

TlsContext = FamilyContext[TlsFacts]

PROBE = "tls"
ITEMS = ("server-ssl-health", "server-ssl-autorenewal", "server-http2")


def tls_port(ctx: TlsContext) -> int:
    """The port HTTPS is served on: the target's, or 443 for an ``http://`` target."""
    target = ctx.target
    return target.port if urlsplit(target.url).scheme == "https" else 443


def _budget(ctx: TlsContext) -> float:
    """Seconds a single network wait may take now."""
    return max(min(ctx.target.timeout, ctx.time_left() - 0.5), 0.1)


async def _resolve(ctx: TlsContext, host: str) -> tuple[str | None, str]:
    try:
        address = await asyncio.wait_for(resolve_host(ctx.target, host), _budget(ctx) + 1)
    except ResolveError as exc:
        return None, str(exc)
    except TimeoutError:
        return None, f"{host}: lookup took longer than {_budget(ctx):.0f} s"
    return address, ""


async def _validity(
    ctx: TlsContext, host: str, port: int, context: asyncio.Future[ssl.SSLContext]
) -> HostValidity:
    address, reason = await _resolve(ctx, host)
    if address is None:
        return unresolved(host, reason)
    try:
        verifier = await context
    except (OSError, ssl.SSLError) as exc:  # an unreadable or malformed --ca-bundle
        return HostValidity(True, Verdict.UNKNOWN, f"no trust store: {exc}")
    return await in_daemon_thread(check_host, host, port, address, verifier, _budget(ctx))


async def _scan(ctx: TlsContext, host: str, port: int, address: str) -> TlsReport:
    # sslyze bounds each connection by the timeout; the run's deadline bounds the whole scan,
    # and a scan abandoned at the deadline runs out in a daemon thread nobody waits for.
    scan = in_daemon_thread(
        scan_server, host, port, address, ca_file=ctx.target.ca_bundle, timeout=_budget(ctx)
    )
    try:
        # A second before the run's deadline, so these items get their own reason.
        return await asyncio.wait_for(scan, timeout=max(ctx.time_left() - 1.0, 0.1))
    except TimeoutError:
        report = TlsReport(host, port, address, "sslyze")
        report.error = "the scan did not finish before the run's deadline"
        return report


async def run(ctx: TlsContext) -> AsyncIterator[Finding]:
    """Scan the target's TLS and judge the TLS items; fill ``ctx.facts`` (:class:`TlsFacts`)."""
    target = ctx.target
    host, port = target.host, tls_port(ctx)
    hosts = list(dict.fromkeys([host, *sorted(target.own_hosts - {host})]))
    # The per-host handshakes run beside the scan; they are awaited (or cancelled) at the end.
    context = asyncio.ensure_future(asyncio.to_thread(browser_context, target.ca_bundle))
    validity = asyncio.gather(*(_validity(ctx, h, port, context) for h in hosts))
    try:
        async for finding in _judge_target(ctx, host, port):
            yield finding
        ctx.facts.valid = dict(zip(hosts, await validity, strict=True))
    finally:
        # Cancelled with the run: nobody awaits these any more, so their outcome is read here
        # (asyncio would otherwise log "exception was never retrieved" over the TUI).
        validity.add_done_callback(_retrieve)
        validity.cancel()
        context.cancel()
        if context.done() and not context.cancelled():
            context.exception()  # retrieved: a bad --ca-bundle is already reported per host


def _retrieve(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()


async def _judge_target(ctx: TlsContext, host: str, port: int) -> AsyncIterator[Finding]:
    address, reason = await _resolve(ctx, host)
    if address is None:
        ctx.facts.alpn = None
        for item in ITEMS:
            yield Finding(
                item, Verdict.UNKNOWN, f"cannot reach the server: {reason}", PROBE, reached=False
            )
        return
    # One quick handshake first: a server that refuses or never answers would keep sslyze busy
    # for many timeouts (it retries every protocol version), so it is not scanned at all.
    alpn = await in_daemon_thread(negotiate_alpn, host, port, address, _budget(ctx))
    ctx.facts.alpn = _alpn_fact(alpn)
    if alpn.reachable:
        report = await _scan(ctx, host, port, address)
    else:
        report = TlsReport(host, port, address, "none (the server could not be reached)")
        report.error = alpn.error
    for finding in (judge_health(report), judge_autorenewal(report), judge_http2(host, alpn)):
        # No handshake at all: whatever the judges say, it rests on nothing the server said.
        yield finding if alpn.reachable else replace(finding, reached=False)


def _alpn_fact(alpn: AlpnResult) -> str | None:
    if alpn.error:
        return None
    return alpn.protocol or "none"
