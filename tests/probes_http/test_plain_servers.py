"""Sites that are not Django: Python's http.server and the stock 404 pages of other servers.

Each is a real server on loopback (``http.server`` in a thread) reached under a pinned ``.test``
name. A stock error page is not a custom one, and a 404 Django never saw says nothing about DEBUG.
"""

from __future__ import annotations

import functools
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import quote

import pytest

from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import Target
from tests.probes_http.conftest import probe_once
from tests.support.pki import TestCA

HOST = "plain.test"
PINS = {name: "127.0.0.1" for name in (HOST, "www." + HOST, "api." + HOST)}
HOME = '<!doctype html><html><head><title>Plain home</title></head><body><a href="/">x</a></body>'

# Stock 404 bodies as Apache (ServerSignature Off), Flask 3 / Werkzeug and lighttpd 1.4 send them.
APACHE_NO_SIGNATURE = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN">\n<html><head>\n<title>404 Not Found'
    "</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this "
    "server.</p>\n</body></html>\n"
)
WERKZEUG = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The "
    "requested URL was not found on the server. If you entered the URL manually please check your "
    "spelling and try again.</p>\n"
)
LIGHTTPD = (
    '<?xml version="1.0" encoding="iso-8859-1"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n'
    " <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n"
    " </body>\n</html>\n"
)


LOGIN_PAGE = (
    b"<!doctype html><html><head><title>Sign in</title></head><body><form method=post>"
    b"<input name=username><input type=password name=password></form></body></html>"
)

# Host name → (its 404 body, the server the verdict must name).
STOCK = {
    "apache.test": (APACHE_NO_SIGNATURE, "Apache"),
    "werkzeug.test": (WERKZEUG, "Werkzeug"),
    "lighttpd.test": (LIGHTTPD, "lighttpd"),
}


def _serve(server: ThreadingHTTPServer) -> Iterator[int]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def http_server_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """``python -m http.server`` serving a one-page folder over plain HTTP."""
    folder = tmp_path_factory.mktemp("plain-site")
    (folder / "index.html").write_text(HOME)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), handler))


class StockPages(BaseHTTPRequestHandler):
    """The home page at ``/``; every other path answers 404 with the body named by the host."""

    def do_GET(self) -> None:
        name = (self.headers.get("Host") or "").partition(":")[0]
        status, body = (200, HOME) if self.path == "/" else (404, STOCK.get(name, ("", ""))[0])
        if name == "gone.test" and self.path == "/":
            body = '<!doctype html><html><head><title>Gone</title></head><a href="/gone/">g</a>'
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


class LoginWall(BaseHTTPRequestHandler):
    """Every path but ``/login`` redirects there; the login page is an HTML form."""

    def do_GET(self) -> None:
        path = self.path.partition("?")[0]
        body = b"" if path != "/login" else LOGIN_PAGE
        self.send_response(302 if path != "/login" else 200)
        if path != "/login":
            self.send_header("Location", "/login?next=" + quote(self.path))
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def stock_port() -> Iterator[int]:
    """A server answering each stock 404 body under its own host name (see ``STOCK``)."""
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), StockPages))


def test_an_http_target_is_its_own_plain_http_url() -> None:
    assert Target("http://plain.test:8000/app/").plain_http_url == "http://plain.test:8000/app/"
    assert Target("https://plain.test:8443/").plain_http_url == "http://plain.test/"


def test_python_http_server_fails_the_redirect_and_its_404_is_not_custom(
    http_server_port: int,
) -> None:
    run = probe_once(Target(f"http://{HOST}:{http_server_port}/", resolve=PINS))
    redirect = run["settings-ssl-redirect"]
    assert redirect.verdict is Verdict.FAIL, redirect
    assert f":{http_server_port}/ answered 200" in redirect.evidence
    errors = run["content-error-views"]
    assert errors.verdict is Verdict.FAIL, errors
    assert "Python http.server" in errors.evidence
    debug = run["settings-debug"]
    assert debug.verdict is Verdict.UNKNOWN, debug
    assert "Django did not answer" in debug.evidence


@pytest.mark.parametrize("host", sorted(STOCK))
def test_stock_404_pages_of_other_servers_are_neither_custom_nor_debug_evidence(
    host: str, stock_port: int
) -> None:
    name = STOCK[host][1]
    pins = {h: "127.0.0.1" for h in (host, "www." + host, "api." + host)}
    run = probe_once(Target(f"http://{host}:{stock_port}/", resolve=pins))
    errors = run["content-error-views"]
    assert errors.verdict is Verdict.FAIL, errors
    assert name in errors.evidence
    assert run["settings-debug"].verdict is Verdict.UNKNOWN, run["settings-debug"]


@pytest.fixture(scope="module")
def wall_port() -> Iterator[int]:
    """A site behind a login wall (see ``LoginWall``)."""
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), LoginWall))


def test_a_login_wall_sitemap_is_reported_as_an_html_page(wall_port: int) -> None:
    run = probe_once(Target(f"http://{HOST}:{wall_port}/", resolve=PINS))
    sitemap = run["seo-sitemap"]
    assert "/login?next=/sitemap.xml" in sitemap.evidence
    assert "an HTML page, not a sitemap" in sitemap.evidence, sitemap
    assert "DOCTYPE" not in sitemap.evidence


def test_append_slash_is_not_failed_on_a_slashed_link_that_is_itself_broken(
    stock_port: int,
) -> None:
    pins = {h: "127.0.0.1" for h in ("gone.test", "www.gone.test", "api.gone.test")}
    run = probe_once(Target(f"http://gone.test:{stock_port}/", resolve=pins))
    slash = run["settings-append-slash"]
    assert slash.verdict is Verdict.UNKNOWN, slash
    assert f"http://gone.test:{stock_port}/gone/ → 404" in slash.evidence
    assert run["content-links"].verdict is Verdict.FAIL


class TwoPorts(BaseHTTPRequestHandler):
    """HTTPS on two ports of one host: the target, and another server its robots.txt names."""

    other_port = 0
    other_requests: ClassVar[list[str]] = []  # what the other server was asked for

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        other = f"https://{HOST}:{self.other_port}"
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if port == self.other_port:
            self.other_requests.append(self.path)
            headers["Set-Cookie"] = "sessionid=x; Path=/; Secure; HttpOnly; SameSite=Lax"
            body = f"<urlset><url><loc>{other}/a/</loc></url></urlset>"
        elif self.path == "/robots.txt":
            headers["Content-Type"] = "text/plain"
            body = f"User-agent: *\nSitemap: {other}/sitemap.xml\n"
        else:
            body = HOME if self.path == "/" else ""
        data = body.encode()
        self.send_response(200 if body else 404)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


def _tls_server(pki: TestCA) -> ThreadingHTTPServer:
    cert = pki.issue(HOST, "www." + HOST, "api." + HOST, filename="two-ports")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert.cert, cert.key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwoPorts)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def test_https_urls_on_another_port_are_another_site(pki: TestCA) -> None:
    target_server, other_server = _tls_server(pki), _tls_server(pki)
    TwoPorts.other_port = other_server.server_address[1]
    running = [_serve(target_server), _serve(other_server)]
    port = next(running[0])
    next(running[1])
    try:
        url = f"https://{HOST}:{port}/"
        run = probe_once(Target(url, resolve=PINS, ca_bundle=pki.cert_path))
    finally:
        for serving in running:
            serving.close()  # runs _serve's shutdown
    assert TwoPorts.other_requests == []
    session = run["settings-session-cookie-secure"]
    assert session.verdict is Verdict.UNKNOWN, session
    assert run["seo-sitemap"].verdict is not Verdict.PASS


# Host name → the header lines its home page sends (an app and a proxy both adding them).
DOUBLED = {
    "joined.test": [
        ("X-Content-Type-Options", "nosniff, nosniff"),
        ("X-Frame-Options", "DENY, DENY"),
    ],
    "conflict.test": [("X-Frame-Options", "DENY"), ("X-Frame-Options", "SAMEORIGIN")],
}


class DoubledHeaders(BaseHTTPRequestHandler):
    """A home page with the security headers of ``DOUBLED`` for the requested host."""

    def do_GET(self) -> None:
        name = (self.headers.get("Host") or "").partition(":")[0]
        data = HOME.encode() if self.path == "/" else b""
        self.send_response(200 if data else 404)
        for header, value in DOUBLED.get(name, []):
            self.send_header(header, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def doubled_port() -> Iterator[int]:
    """A server answering with the doubled headers of ``DOUBLED``."""
    yield from _serve(ThreadingHTTPServer(("127.0.0.1", 0), DoubledHeaders))


def _doubled_run(host: str, port: int) -> dict[str, Finding]:
    pins = {h: "127.0.0.1" for h in (host, "www." + host, "api." + host)}
    return probe_once(Target(f"http://{host}:{port}/", resolve=pins)).findings


def test_a_header_sent_twice_on_one_line_still_counts(doubled_port: int) -> None:
    run = _doubled_run("joined.test", doubled_port)
    assert run["settings-content-type-nosniff"].verdict is Verdict.PASS
    assert run["settings-xframe-options"].verdict is Verdict.PASS


def test_conflicting_frame_options_refuse_all_framing(doubled_port: int) -> None:
    frames = _doubled_run("conflict.test", doubled_port)["settings-xframe-options"]
    assert frames.verdict is Verdict.PASS, frames
    assert "DENY, SAMEORIGIN — conflicting values" in frames.evidence
