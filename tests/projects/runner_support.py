"""Fixtures for the runner tests: the test project as a git checkout, its secret, and real
Redis and PostgreSQL servers on loopback for the service checks.

Each fixture starts its own server in a temporary folder on a free loopback port and stops it
after the test. A machine without the server programs skips those tests, saying which program
is missing (Debian: ``apt-get install redis-server postgresql``).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "runner_shop"
PYTHON = sys.executable
"""The test virtualenv's interpreter has Django: it stands in for a project's own."""
POSTGRES_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The test project as a git checkout of its own (tracked files are what secrets hide in)."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to list tracked files")
    root = tmp_path / "shop"
    shutil.copytree(DATA, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.fixture
def secret_key() -> str:
    return "k-" + secrets.token_urlsafe(48)


@pytest.fixture
def env_file(tmp_path: Path, secret_key: str) -> Path:
    path = tmp_path / "production.env"
    path.write_text(f"# production-like values\nexport DJANGO_SECRET_KEY='{secret_key}'\n")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(ready: object, what: str, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            if callable(ready) and ready():
                return
        except Exception:  # not up yet
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass(frozen=True)
class Server:
    host: str
    port: int


@pytest.fixture
def redis_server() -> Iterator[Server]:
    """redis-server on 127.0.0.1 with a 10 MB maxmemory and the volatile-lru policy."""
    program = shutil.which("redis-server")
    if program is None:
        pytest.skip("redis-server is not installed")
    redis = pytest.importorskip("redis")
    port = free_port()
    folder = tempfile.mkdtemp(prefix="launchtui-redis-")
    process = subprocess.Popen(
        [
            program,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
            "--maxmemory",
            "10mb",
            "--maxmemory-policy",
            "volatile-lru",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
        _wait(client.ping, "redis-server", process)
        client.close()
        yield Server("127.0.0.1", port)
    finally:
        _stop(process)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_server() -> Iterator[Server]:
    """A PostgreSQL cluster on 127.0.0.1 with a ``reports`` role and database, work_mem tuned."""
    if not POSTGRES_BIN or not (POSTGRES_BIN[0] / "initdb").exists():
        pytest.skip("PostgreSQL server programs (initdb, postgres) are not installed")
    psycopg = pytest.importorskip("psycopg")
    binaries = POSTGRES_BIN[0]
    prefix: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="launchtui-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres account to run PostgreSQL")
        os.chown(folder, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    subprocess.run(
        [
            *prefix,
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            *prefix,
            str(binaries / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(folder),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "work_mem=8MB",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    dsn = f"host=127.0.0.1 port={port} user=postgres dbname=postgres connect_timeout=2"
    try:
        _wait(lambda: psycopg.connect(dsn).close() is None, "postgres", process)
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute("CREATE ROLE reports LOGIN PASSWORD 'reports-password'")
            connection.execute("CREATE DATABASE reports OWNER reports")
        yield Server("127.0.0.1", port)
    finally:
        _stop(process)
        shutil.rmtree(folder, ignore_errors=True)
