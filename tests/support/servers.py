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
import gzip
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
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
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server not listening on {port} after {limit} s:\n{log.read_text()}")


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
    https_port: int | None = None,
) -> Server:
    """Serve ``app`` (``module:attribute``) over TLS (h2 unless ``http1_only``) and plain HTTP."""
    https_port = https_port or free_port()
    http_port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"hypercorn-{https_port}.log"
    access_log = folder / f"access-{https_port}.log"
    command = [
        sys.executable, "-m", "hypercorn", "-w", "0",
        "--certfile", str(cert.cert), "--keyfile", str(cert.key),
        "--bind", f"127.0.0.1:{https_port}", "--insecure-bind", f"127.0.0.1:{http_port}",
        "--graceful-timeout", "0", "--access-logfile", str(access_log),
    ]  # fmt: skip
    if http1_only:
        config = folder / f"hypercorn-{https_port}.py"
        config.write_text('alpn_protocols = ["http/1.1"]\ninclude_server_header = False\n')
        command += ["--config", f"file:{config}"]
    command.append(app)
    # The repository first (the apps live in tests/); the rest keeps the network guard's site.
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, **(env or {}), "PYTHONPATH": python_path}
    process = subprocess.Popen(
        command, cwd=REPO, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    server = Server(process, https_port, http_port, log, access_log)
    try:
        _wait_listening(https_port, process, log, 20)
        _wait_listening(http_port, process, log, 20)
    except BaseException:
        server.stop()
        raise
    return server


def start_django_site(
    mode: str, host: str, cert: CertFiles, folder: Path, *, http1_only: bool = False
) -> Server:
    """Serve ``tests/support/django_site.py`` in ``mode`` ("good" or "bad") for ``host``."""
    https_port = free_port()  # chosen first: the site needs it for SECURE_SSL_HOST
    env = {
        "LAUNCHTUI_SITE_MODE": mode,
        "LAUNCHTUI_SITE_HOST": host,
        "LAUNCHTUI_SITE_HTTPS_PORT": str(https_port),
    }
    return start_hypercorn(
        "tests.support.django_site:application",
        cert,
        folder,
        env=env,
        https_port=https_port,
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
