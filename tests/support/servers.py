"""Start test web servers on loopback: hypercorn subprocesses with TLS from the test CA.

* :func:`start_hypercorn` runs any ASGI application (the Django site of ``django_site.py`` or the
  hostile application below) with TLS + HTTP/2 on one free port and plain HTTP on another, waits
  until both accept connections, and :meth:`Server.stop` kills it.
* :func:`hostile_app` misbehaves according to the ``Host`` header: ``slow.test`` never answers,
  ``huge.test`` sends an endless body, ``bomb.test`` a gzip bomb, ``loop.test`` redirects in a
  circle, ``json.test`` is no web page, ``markup.test`` has a title full of Rich markup and
  terminal escape sequences, ``oddlocation.test`` links and redirects to unparsable URLs.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.support.pki import CertFiles

REPO = Path(__file__).resolve().parents[2]
HOSTILE_HOSTS = (
    "slow.test", "huge.test", "bomb.test", "loop.test", "json.test", "markup.test",
    "oddlocation.test", "waf.test", "moved.test", "index.test", "stallindex.test",
)  # fmt: skip
MARKUP_TITLE = (
    "[bold red]pwned[/bold red] \x1b[31mred\x1b[0m \x1b]0;owned\x07 [link=https://x.example]x"
    " \x1b]52;c;cm0gLXJmIH4=\x07 \u009b2J \u202egnp.exe\u202c [@click=app.quit]quit[/] [/admin]"
)
"""The title ``markup.test`` sends: markup, an action, a stray closing tag, SGR, OSC (title,
OSC 52 clipboard write), a C1 CSI and a bidi override (in UTF-8, as a browser reads it)."""


def free_port() -> int:
    """A TCP port nothing listens on right now (for a server that only takes a port number).

    Another process may take it before the caller binds it; tests prefer :func:`listening_socket`
    (hand the bound socket over) and :func:`refused_port` (keep it bound).
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_socket() -> socket.socket:
    """A TCP socket listening on a fresh loopback port, inheritable by a server process.

    The port is the kernel's and held from the start: no other test, xdist worker or process can
    take it between choosing it and the server's start.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that refuses every connection for as long as the block runs.

    The socket is bound but never listens: a connection gets a reset (connection refused), and no
    other server can take the port meanwhile (a port merely closed could be, by another worker).
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def _wait_running(process: subprocess.Popen[bytes], log: Path, binds: int) -> None:
    # The sockets listen already (a client would queue); what is awaited is hypercorn serving,
    # which it logs once per bind. Bounded by the server's fate, not by a guess at its speed:
    # either the lines appear or the process ends.
    while True:
        text = log.read_text(errors="replace") if log.exists() else ""
        if text.count("Running on ") >= binds:
            return
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{text}")
        time.sleep(0.02)


@dataclass
class Server:
    """A running hypercorn process and its ports."""

    process: subprocess.Popen[bytes]
    https_port: int
    http_port: int
    log: Path
    access_log: Path

    def requests_seen(self) -> list[str]:
        """The request lines (``GET /path HTTP/2``) the server has logged so far."""
        if not self.access_log.exists():
            return []
        return [
            line.split('"')[1]
            for line in self.access_log.read_text(errors="replace").splitlines()
            if line.count('"') >= 2
        ]

    def stop(self) -> None:
        """Kill the server (it may be stuck in a slow handler, so no graceful wait)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


def start_hypercorn(
    app: str,
    cert: CertFiles,
    folder: Path,
    *,
    env: Mapping[str, str] | None = None,
    http1_only: bool = False,
    https_socket: socket.socket | None = None,
) -> Server:
    """Serve ``app`` (``module:attribute``) over TLS (h2 unless ``http1_only``) and plain HTTP.

    Hypercorn gets listening sockets (``fd://``), so the ports are known and held before it starts.
    """
    https_socket = https_socket or listening_socket()
    http_socket = listening_socket()
    https_port, http_port = https_socket.getsockname()[1], http_socket.getsockname()[1]
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"hypercorn-{https_port}.log"
    access_log = folder / f"access-{https_port}.log"
    command = [
        sys.executable, "-m", "hypercorn", "-w", "0",
        "--certfile", str(cert.cert), "--keyfile", str(cert.key),
        "--bind", f"fd://{https_socket.fileno()}", "--insecure-bind", f"fd://{http_socket.fileno()}",
        "--graceful-timeout", "0", "--access-logfile", str(access_log),
        "--error-logfile", "-", "--log-level", "info",
    ]  # fmt: skip
    if http1_only:
        config = folder / f"hypercorn-{https_port}.py"
        config.write_text('alpn_protocols = ["http/1.1"]\ninclude_server_header = False\n')
        command += ["--config", f"file:{config}"]
    command.append(app)
    # The repository first (the apps live in tests/); the rest keeps the network guard's site.
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, **(env or {}), "PYTHONPATH": python_path}
    with https_socket, http_socket:  # the server holds its own copies
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=environment,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            pass_fds=(https_socket.fileno(), http_socket.fileno()),
        )
    server = Server(process, https_port, http_port, log, access_log)
    try:
        _wait_running(process, log, binds=2)
    except BaseException:
        server.stop()
        raise
    return server


def start_django_site(
    mode: str, host: str, cert: CertFiles, folder: Path, *, http1_only: bool = False
) -> Server:
    """Serve ``tests/support/django_site.py`` in ``mode`` ("good" or "bad") for ``host``."""
    https_socket = listening_socket()  # first: the site needs its port for SECURE_SSL_HOST
    env = {
        "LAUNCHTUI_SITE_MODE": mode,
        "LAUNCHTUI_SITE_HOST": host,
        "LAUNCHTUI_SITE_HTTPS_PORT": str(https_socket.getsockname()[1]),
    }
    return start_hypercorn(
        "tests.support.django_site:application",
        cert,
        folder,
        env=env,
        https_socket=https_socket,
        http1_only=http1_only,
    )


# -- the hostile application -------------------------------------------------------------------

_BOMB: bytes | None = None


def _gzip_bomb() -> bytes:
    global _BOMB
    if _BOMB is None:  # 50 MB of zeros, about 50 KB compressed: 25 times the body cap
        _BOMB = gzip.compress(b"\0" * 50_000_000, compresslevel=6)
    return _BOMB


async def _send(send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:  # type: ignore[no-untyped-def]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def hostile_app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
    """An ASGI application that misbehaves according to the Host header (see module doc)."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                _gzip_bomb()  # built before the port opens, not during a request
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    headers = dict(scope["headers"])
    host = headers.get(b"host", b"").decode().split(":")[0]
    if not host:  # HTTP/2 carries the host as :authority, which hypercorn maps to "host"
        host = scope.get("server", ("", 0))[0]
    path = scope["path"]
    html = [(b"content-type", b"text/html; charset=utf-8")]
    if host == "slow.test":
        await asyncio.sleep(3600)
    elif host == "huge.test" and path == "/":
        await send({"type": "http.response.start", "status": 200, "headers": html})
        chunk = b"<p>" + b"x" * 65_536 + b"</p>\n"
        head = b"<!doctype html><html><head><title>Huge page</title></head><body>"
        await send({"type": "http.response.body", "body": head, "more_body": True})
        for _ in range(1600):  # about 100 MB unless the client hangs up first
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    elif host == "bomb.test" and path == "/":
        await _send(send, 200, [*html, (b"content-encoding", b"gzip")], _gzip_bomb())
    elif host == "loop.test":
        target = b"/b" if path == "/a" else b"/a"
        await _send(send, 302, [(b"location", target)], b"")
    elif host == "json.test" and path == "/":
        await _send(send, 200, [(b"content-type", b"application/json")], b'{"ok": true}')
    elif host == "markup.test" and path == "/":
        page = (
            f"<!doctype html><html><head><title>{MARKUP_TITLE}</title></head><body>hi</body></html>"
        )
        await _send(send, 200, html, page.encode())
    elif host == "oddlocation.test" and path == "/":
        # Links that no URL parser accepts, before a real (broken) one.
        page = (
            b'<!doctype html><html><head><title>Odd</title></head><body><a href="http://[oops/">'
            b'x</a><a href="/moved">m</a><a href="/after-the-odd-ones/">a</a></body></html>'
        )
        await _send(send, 200, html, page)
    elif host == "oddlocation.test" and path == "/moved":
        await _send(send, 301, [(b"location", b"http://[oops/")], b"")
    elif host in ("index.test", "stallindex.test") and path == "/sitemap.xml":
        # A sitemap index whose one sitemap is missing (index.test) or never answers.
        authority = headers.get(b"host", host.encode()).decode()
        child = "missing.xml" if host == "index.test" else "stall.xml"
        index = (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
            f"<loc>https://{authority}/{child}</loc></sitemap></sitemapindex>"
        )
        await _send(send, 200, [(b"content-type", b"application/xml")], index.encode())
    elif host == "stallindex.test" and path == "/stall.xml":
        await asyncio.sleep(3600)
    elif host in ("index.test", "stallindex.test") and path == "/":
        await _send(send, 200, html, b"<!doctype html><title>Index</title><p>hi</p>")
    elif host == "moved.test":  # the site moved away: every request goes to another domain
        await _send(send, 301, [(b"location", b"https://elsewhere.example/")], b"")
    elif host == "waf.test":  # a firewall refusing every request, whatever its path or method
        await _send(send, 403, html, b"<html><head><title>Access denied</title></head></html>")
    else:
        await _send(send, 404, [(b"content-type", b"text/plain")], b"not here")
