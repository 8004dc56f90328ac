"""The only way the HTTP probes talk to a site: bounded, pinned, polite.

* Every connection resolves its host through :mod:`launchtui.probes.resolve` inside a custom
  httpcore network backend, so URLs (and therefore redirects, ``Host`` and SNI) keep the real
  host names while pinned names never reach the system resolver.
* GET, HEAD and OPTIONS only; every request takes one unit of the run's budget first.
* Redirects are followed by hand, hop by hop, at most ``target.max_redirects``, and only between
  the target's own hosts; a redirect elsewhere ends the chain and is reported, never followed.
* Bodies are streamed and capped (raw and decoded); each request has a wall-clock timeout.
* Every response ends up in :attr:`SiteClient.seen`, so cookies and CDN headers are judged from
  everything the run received, not from one page.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from launchtui import __version__
from launchtui.probes.http.body import BoundedBody, read_bounded
from launchtui.probes.resolve import ResolveError, resolve_host
from launchtui.probes.target import Target, trust_context
from launchtui.probes.text import error_text

USER_AGENT = f"launchtui/{__version__} (Django launch checklist probe)"
# Ask only for encodings we can decode with a bounded decoder (see body.py).
ACCEPT_ENCODING = "br, gzip, deflate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ALLOWED_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Statuses that mean "not for you", not "broken": a login or a bot wall.
RESTRICTED = frozenset({401, 403, 429})


class BudgetExhausted(Exception):
    """The run has used all the requests it may send."""


@dataclass
class RequestBudget:
    """Counts the HTTP requests of a run against its limit (``target.max_requests``)."""

    limit: int
    used: int = 0

    def take(self) -> None:
        """Account for one request, or raise :class:`BudgetExhausted`."""
        if self.used >= self.limit:
            raise BudgetExhausted(f"request budget of {self.limit} used up")
        self.used += 1


@dataclass(frozen=True, slots=True)
class Response:
    """One HTTP answer exactly as received: a hop of a redirect chain or a final page."""

    method: str
    url: str
    status: int
    headers: httpx.Headers
    http_version: str
    body: bytes = b""
    truncated: bool = False
    undecodable: bool = False  # a Content-Encoding we cannot read, or a corrupt body

    @property
    def is_redirect(self) -> bool:
        """A 3xx with a usable Location header."""
        return self.location is not None

    @property
    def location(self) -> str | None:
        """The absolute redirect target, if this is a redirect (None for an unparsable one)."""
        if self.status not in REDIRECT_STATUSES or "location" not in self.headers:
            return None
        try:
            url = urljoin(self.url, self.headers["location"].strip())
            urlsplit(url).port  # noqa: B018 — raises on a malformed host or port
        except ValueError:  # e.g. "http://[oops/": a browser would not follow it either
            return None
        return url

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters (``""`` if absent)."""
        value: str = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        """Whether the body is an HTML page."""
        return self.content_type in ("text/html", "application/xhtml+xml")

    @property
    def is_https(self) -> bool:
        """Whether this answer came over TLS."""
        return self.url.startswith("https://")

    @property
    def text(self) -> str:
        """The body decoded with the declared charset (UTF-8 otherwise), never raising."""
        message = Message()
        message["content-type"] = self.headers.get("content-type", "")
        charset = message.get_param("charset")
        codec = charset if isinstance(charset, str) else "utf-8"
        try:
            return self.body.decode(codec, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def describe(self) -> str:
        """``GET https://… → 301 https://…`` for evidence lines."""
        outcome = f"{self.status}"
        if self.is_redirect:
            outcome += f" → {self.location}"
        return f"{self.method} {self.url} → {outcome}"


@dataclass(frozen=True, slots=True)
class Fetch:
    """A request and the redirects followed: every hop's answer, or the error that ended it.

    ``error`` is set when the chain could not finish (timeout, refused, loop, budget…); the hops
    received until then stay available. ``left_site`` is a redirect target that was not followed
    because it is not one of the target's hosts.
    """

    url: str
    method: str
    hops: tuple[Response, ...] = ()
    error: str | None = None
    left_site: str | None = None

    @property
    def final(self) -> Response | None:
        """The last answer received (the page, or the redirect the chain stopped at)."""
        return self.hops[-1] if self.hops else None

    @property
    def page(self) -> Response | None:
        """The final answer, if the chain completed on the site (no error, not sent elsewhere)."""
        return self.final if self.error is None and self.left_site is None else None

    @property
    def html_page(self) -> Response | None:
        """The final answer if it is a 2xx HTML page: the only kind whose content is judged."""
        page = self.page
        ok = page is not None and page.is_html and 200 <= page.status < 300
        return page if ok and page is not None and not page.undecodable else None

    @property
    def no_html_reason(self) -> str:
        """Why :attr:`html_page` is None, for unknown verdicts."""
        page = self.page
        if page is None:
            return self.reason
        if not 200 <= page.status < 300:
            return f"{page.url} answered {page.status}"
        if page.undecodable:
            encoding = page.headers.get("content-encoding", "")
            return f"{page.url} sent an undecodable body (Content-Encoding: {encoding})"
        return f"{page.url} is {page.content_type or 'of no content type'}, not HTML"

    @property
    def reason(self) -> str:
        """Why there is no page: the error, or a description of where the chain stopped."""
        if self.error:
            return self.error
        if self.left_site:
            return f"redirected off-site to {self.left_site}"
        return "no answer"

    def chain(self) -> str:
        """The URLs of the chain joined by arrows, for evidence lines."""
        urls = [self.url] + [hop.location or "" for hop in self.hops if hop.is_redirect]
        return " → ".join(u for u in urls if u)


class PinnedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Connects to the address the target's rules give for a host, keeping the host name for TLS."""

    def __init__(self, target: Target, addresses: dict[str, str] | None = None) -> None:
        """``addresses`` (host → address) is filled with each address used; pass one dict to
        every backend of a run to learn where the probes actually connected."""
        self._target = target
        self._inner = httpcore.AnyIOBackend()
        self._addresses: dict[str, str] = {} if addresses is None else addresses

    async def _address(self, host: str) -> str:
        if host not in self._addresses:
            try:
                self._addresses[host] = await resolve_host(self._target, host)
            except ResolveError as exc:
                raise httpcore.ConnectError(str(exc)) from None
        return self._addresses[host]

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        """Open a TCP connection to the pinned/resolved address of ``host``."""
        address = await self._address(host)
        return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        """Not used: probes only speak TCP."""
        raise httpcore.ConnectError("unix sockets are not probed")

    async def sleep(self, seconds: float) -> None:
        """Delegate to anyio."""
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with a connection pool that uses :class:`PinnedNetworkBackend`.

    httpx has no public hook for a network backend, so the pool it builds is replaced by an
    identical one that has ours (httpx is pinned below 1.0, where ``_pool`` is stable).
    """

    def __init__(
        self,
        target: Target,
        ssl_context: ssl.SSLContext,
        addresses: dict[str, str] | None = None,
    ) -> None:
        super().__init__(verify=ssl_context, http2=True, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            http1=True,
            http2=True,
            retries=0,
            network_backend=PinnedNetworkBackend(target, addresses),
        )


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is in the chain of causes (anyio hides refusals behind an OSError)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def describe_error(exc: BaseException, timeout: float) -> str:
    """A short, one-line reason for a failed request."""
    if isinstance(exc, TimeoutError) and str(exc):
        return str(exc)
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return f"timed out after {timeout:g} s"
    if isinstance(exc, BudgetExhausted):
        return str(exc)
    text = error_text(exc)
    if isinstance(exc, httpx.ConnectError):
        if "CERTIFICATE_VERIFY_FAILED" in text:
            detail = text.split("certificate verify failed:")[-1].strip(" ")
            return f"TLS certificate not trusted ({detail})"
        if _caused_by(exc, ConnectionRefusedError):
            return "connection refused"
        return f"could not connect ({text})"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.LocalProtocolError):
        return f"protocol error ({text})"
    name = type(exc).__name__
    if _caused_by(exc, ConnectionResetError) or "reset by peer" in text.lower():
        return "connection reset by the server"
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        # httpx's message is often empty, or only the class name: say what broke instead.
        doing = "reading the answer" if isinstance(exc, httpx.ReadError) else "sending the request"
        cause = "" if text == name else f" ({text})"
        return f"the connection broke while {doing}{cause}"
    return name if text == name else f"{name}: {text}"


def unverified_context() -> ssl.SSLContext:
    """A client context that accepts any certificate: only for gathering evidence from a site
    whose certificate was already found not to verify (the findings then say so)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class SiteClient:
    """Fetches pages from the target's own hosts within the run's budget and deadline."""

    def __init__(
        self,
        target: Target,
        budget: RequestBudget,
        time_left: Callable[[], float] | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``ssl_context`` is the verifying context to use (made from the target when absent;
        loading the system trust store takes tens of milliseconds, so async callers make it in
        a thread)."""
        self.target = target
        self.budget = budget
        self._time_left = time_left or (lambda: float("inf"))
        self.seen: list[Response] = []
        self._pages: dict[str, asyncio.Task[Fetch]] = {}
        self.allowed_hosts = target.own_hosts  # --http-url is checked to be one of them
        # --redirects' old URLs: asked once each, never followed, wherever they live.
        self._listed_redirects = frozenset(old for old, _ in target.redirects)
        self._ssl_context = ssl_context or trust_context(target.ca_bundle)
        # host → the address the probes connected to (from --resolve or DNS)
        self.addresses: dict[str, str] = {}
        self._client = self._new_client()
        self._retired: list[httpx.AsyncClient] = []

    def _new_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=PinnedTransport(self.target, self._ssl_context, self.addresses),
            follow_redirects=False,
            timeout=httpx.Timeout(self.target.timeout),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            trust_env=False,
        )

    def _retire_connections(self) -> None:
        """Send later requests over fresh connections.

        An HTTP/2 body abandoned half-way is never reset by httpcore, and some servers then
        stall every other stream of that connection; in-flight requests keep the old client.
        """
        self._retired.append(self._client)
        self._client = self._new_client()

    async def __aenter__(self) -> SiteClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for task in self._pages.values():
            task.cancel()
        for client in [self._client, *self._retired]:
            await client.aclose()

    def is_own(self, url: str) -> bool:
        """Whether ``url`` is http(s) on one of the hosts this run may contact."""
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "") in self.allowed_hosts

    def page(self, url: str) -> asyncio.Task[Fetch]:
        """GET ``url`` following redirects, once per run: later calls share the same answer."""
        url = url.split("#")[0]
        if url not in self._pages:
            self._pages[url] = asyncio.ensure_future(self.fetch(url))
        return self._pages[url]

    def cached(self, url: str) -> Fetch | None:
        """The finished :meth:`page` fetch of ``url``, if there is one."""
        task = self._pages.get(url.split("#")[0])
        if task is None or not task.done() or task.cancelled():
            return None
        return task.result()

    async def fetch(
        self,
        url: str,
        *,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        follow: bool = True,
        body_limit: int | None = None,
    ) -> Fetch:
        """Request ``url`` (and the redirects it leads to, if ``follow``); never raises for I/O."""
        if method not in ALLOWED_METHODS:
            raise ValueError(f"probes never send {method}")
        listed = url in self._listed_redirects and not follow
        if not self.is_own(url) and not listed:
            return Fetch(url, method, error=f"{url} is not one of the target's hosts")
        limit = (
            self.target.max_body if body_limit is None else min(body_limit, self.target.max_body)
        )
        hops: list[Response] = []
        visited = {url}
        current = url
        while True:
            try:
                response = await self._send(method, current, headers, limit)
            except (
                httpx.HTTPError,
                httpx.InvalidURL,
                OSError,
                BudgetExhausted,
                TimeoutError,
                ssl.SSLError,
                ValueError,  # a URL httpx cannot encode (an invalid IDN label…)
            ) as exc:
                return Fetch(url, method, tuple(hops), describe_error(exc, self.target.timeout))
            hops.append(response)
            if self.is_own(current):  # an old platform's answers say nothing about this site
                self.seen.append(response)
            nxt = response.location
            if not follow or nxt is None:
                return Fetch(url, method, tuple(hops))
            if not self.is_own(nxt):
                return Fetch(url, method, tuple(hops), left_site=nxt)
            if nxt in visited:
                loop = " → ".join([*(h.url for h in hops), nxt])
                return Fetch(url, method, tuple(hops), error=f"redirect loop: {loop}")
            if len(hops) > self.target.max_redirects:
                error = f"more than {self.target.max_redirects} redirects"
                return Fetch(url, method, tuple(hops), error=error)
            visited.add(nxt)
            current = nxt
            if response.status == 303 and method != "HEAD":
                method = "GET"

    async def _send(
        self, method: str, url: str, headers: Mapping[str, str] | None, limit: int
    ) -> Response:
        left = self._time_left()
        if left <= 0:
            raise TimeoutError("the run's deadline passed")
        self.budget.take()
        # httpx's timeout is per socket operation; this bounds the whole exchange, body included.
        async with asyncio.timeout(min(self.target.timeout, left)):
            client = self._client
            request = client.build_request(method, url, headers=headers)
            response = await client.send(request, stream=True)
            try:
                encoding = response.headers.get("content-encoding", "")
                if method == "HEAD":
                    body = BoundedBody("", limit)  # nothing to read
                else:
                    body = await read_bounded(response.aiter_raw(), encoding, limit)
            finally:
                await response.aclose()
            if body.truncated and response.http_version == "HTTP/2" and client is self._client:
                self._retire_connections()
        return Response(
            method=method,
            url=url,
            status=response.status_code,
            headers=response.headers,
            http_version=response.http_version,
            body=bytes(body.data),
            truncated=body.truncated,
            undecodable=body.undecodable,
        )
