"""Real TLS servers on loopback, built on the ``ssl`` module, one thread per connection.

A server picks its certificate by SNI (so one port can serve good, expired and wrong-name
certificates under different host names), and can be configured the way a sloppy production
server is: TLS 1.0 accepted, every cipher at OpenSSL security level 0, no ALPN.
"""

from __future__ import annotations

import socket
import ssl
import threading
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from tests.support.pki import CertFiles

# Mozilla's "intermediate" TLS 1.2 suites (ECDSA and RSA, forward secret, AEAD only).
INTERMEDIATE_CIPHERS = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
)


@dataclass(frozen=True)
class TlsSettings:
    """How a test server speaks TLS."""

    minimum: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2
    maximum: ssl.TLSVersion | None = None
    ciphers: str | None = INTERMEDIATE_CIPHERS
    curve: str | None = "prime256v1"  # one curve the intermediate profile allows
    alpn: tuple[str, ...] = ("h2", "http/1.1")


LEGACY = TlsSettings(
    minimum=ssl.TLSVersion.TLSv1, ciphers="ALL:@SECLEVEL=0", curve=None, alpn=("http/1.1",)
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    # Nothing newer than TLS 1.0: a modern client cannot even complete a handshake.
    TLS10_ONLY = TlsSettings(
        minimum=ssl.TLSVersion.TLSv1,
        maximum=ssl.TLSVersion.TLSv1,
        ciphers="ALL:@SECLEVEL=0",
        curve=None,
    )


def _context(files: CertFiles, settings: TlsSettings) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSv1 is deprecated, on purpose
        context.minimum_version = settings.minimum
        if settings.maximum is not None:
            context.maximum_version = settings.maximum
    if settings.ciphers:
        context.set_ciphers(settings.ciphers)
    if settings.curve:
        context.set_ecdh_curve(settings.curve)
    if settings.alpn:
        context.set_alpn_protocols(list(settings.alpn))
    context.load_cert_chain(files.cert, files.key)
    return context


class TlsServer:
    """Accepts TLS connections on 127.0.0.1; answers any request with a tiny HTTP response."""

    def __init__(
        self,
        certificates: Mapping[str, CertFiles],
        default: CertFiles,
        settings: TlsSettings = TlsSettings(),
        stall_after: int | None = None,
    ) -> None:
        self.stall_after = stall_after  # connections served before it goes silent (a tarpit)
        self.connections = 0
        self.held: list[socket.socket] = []
        self.contexts = {name: _context(files, settings) for name, files in certificates.items()}
        self.default_context = _context(default, settings)
        self.default_context.sni_callback = self._choose
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._closed = False

    def _choose(self, sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        if name and name in self.contexts:
            sock.context = self.contexts[name]

    def start(self) -> TlsServer:
        """Start accepting; returns self."""
        self._thread.start()
        return self

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            if self.stall_after is not None and self.connections > self.stall_after:
                self.held.append(conn)  # accepted, never answered
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            with self.default_context.wrap_socket(conn, server_side=True) as tls:
                request = tls.recv(4096)
                if request:
                    tls.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                    )
        except (OSError, ssl.SSLError):
            pass  # scanners end handshakes abruptly on purpose
        finally:
            conn.close()

    def close(self) -> None:
        """Stop accepting and close the listening socket."""
        self._closed = True
        self.listener.close()
        for conn in self.held:
            conn.close()


@contextmanager
def serve_tls(
    certificates: Mapping[str, CertFiles],
    default: CertFiles,
    settings: TlsSettings = TlsSettings(),
    stall_after: int | None = None,
) -> Iterator[int]:
    """Run a :class:`TlsServer`; yield its port."""
    server = TlsServer(certificates, default, settings, stall_after).start()
    try:
        yield server.port
    finally:
        server.close()


@contextmanager
def silent_tcp_port() -> Iterator[int]:
    """A port that accepts TCP connections and never speaks (every TLS handshake times out)."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        for conn in held:
            conn.close()
