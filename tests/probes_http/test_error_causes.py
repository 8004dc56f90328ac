"""Errors name their real cause: a reset connection, a bad URL, a folder given as a CA bundle."""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchtui.probes.model import Verdict
from launchtui.probes.target import Target, TargetError, normalize_url
from tests.probes_http.conftest import probe_once
from tests.support.pki import TestCA

HOST = "reset.test"


@pytest.fixture(scope="module")
def resetting_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A TLS server on loopback that completes the handshake, reads the request, and resets the
    connection (RST, as a crashing proxy does) instead of answering."""
    ca = TestCA(tmp_path_factory.mktemp("reset-pki"))
    cert = ca.issue(HOST, "www." + HOST, "api." + HOST, filename="reset")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert.cert, cert.key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                raw, _ = listener.accept()
            except TimeoutError:
                continue
            raw.settimeout(5)
            try:
                conn = context.wrap_socket(raw, server_side=True)
                conn.recv(65536)
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            except (OSError, ssl.SSLError):
                raw.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1], ca.cert_path
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_a_reset_connection_is_named_as_such(resetting_server: tuple[int, Path]) -> None:
    port, ca = resetting_server
    pins = {name: "127.0.0.1" for name in (HOST, "www." + HOST, "api." + HOST)}
    target = Target(f"https://{HOST}:{port}/", resolve=pins, ca_bundle=ca, timeout=5)
    run = probe_once(target)
    reason = run.facts.unreachable_reason or ""
    assert "connection reset" in reason
    assert "ReadError: ReadError" not in reason
    assert all(f.verdict is Verdict.UNKNOWN for f in run.findings.values())


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        ("javascript:alert(1)", "must start with https:// or http://, not javascript:"),
        ("mailto:team@good.test", "not mailto:"),
        ("https://good.test/a page", "contains a space"),
        ("https://good.test/\x1b]52;c;cm0=\x07", "control or invisible character"),
        ("https://good.test/\u202egnp", "control or invisible character"),
        ("ftp://good.test/", "not ftp://"),
    ],
)
def test_a_bad_url_is_refused_for_its_real_cause(url: str, cause: str) -> None:
    with pytest.raises(TargetError) as refused:
        normalize_url(url)
    assert cause in str(refused.value)
    assert "Port" not in str(refused.value) and "host name" not in str(refused.value)


@pytest.mark.parametrize("url", ["good.test:8443", "localhost:8000/x", "http://[::1]:8000/"])
def test_a_host_and_port_is_no_scheme(url: str) -> None:
    assert normalize_url(url).startswith(("https://", "http://"))


def test_a_folder_as_ca_bundle_is_named_a_folder(tmp_path: Path) -> None:
    with pytest.raises(TargetError) as refused:
        Target("https://good.test/", ca_bundle=tmp_path)
    assert "is a folder" in str(refused.value)
    with pytest.raises(TargetError, match="no such file"):
        Target("https://good.test/", ca_bundle=tmp_path / "missing.pem")


@pytest.mark.parametrize(
    ("args", "cause"),
    [
        (["javascript:alert(1)"], "not javascript:"),
        (["https://good.test/a b"], "contains a space"),
        (["https://good.test/", "--ca-bundle", "."], "is a folder"),
    ],
)
def test_the_probe_command_names_the_real_cause_in_one_line(
    args: list[str], cause: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from launchtui.cli import main

    code = main(["probe", *args, "--only", "http", "--state", str(tmp_path / "s.toml")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and cause in err, err
    assert not (tmp_path / "s.toml").exists()
