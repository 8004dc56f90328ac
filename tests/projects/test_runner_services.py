"""The runner's service section against real Redis and PostgreSQL servers, and without them."""

from __future__ import annotations

from pathlib import Path

from launchtui.probes.project.execute import run_project
from launchtui.probes.project.facts import Facts, facts_to_json
from tests.projects.runner_support import (
    PYTHON,
    Server,
    env_file,
    postgres_server,
    redis_server,
    secret_key,
    shop,
)

__all__ = ["env_file", "postgres_server", "redis_server", "secret_key", "shop"]


def run(shop: Path, env_file: Path, extra: str, module: str = "production") -> Facts:
    with env_file.open("a") as handle:
        handle.write(extra)
    return run_project(
        shop, settings_module=f"config.settings.{module}", python=PYTHON, env_file=env_file
    ).facts


def test_redis_info_memory_is_read_from_the_redis_the_settings_use(
    shop: Path, env_file: Path, redis_server: Server
) -> None:
    facts = run(shop, env_file, f"REDIS_URL=redis://127.0.0.1:{redis_server.port}/0\n")
    assert facts.services is not None
    (redis,) = facts.services.redis
    assert redis.status == "ok", redis.reason
    assert redis.roles == ("cache:default", "celery-broker")
    assert (redis.host, redis.port) == ("127.0.0.1", redis_server.port)
    assert redis.maxmemory == 10 * 1024 * 1024
    assert redis.maxmemory_policy == "volatile-lru"
    assert redis.maxclients is not None and redis.maxclients > 0
    assert redis.version


def test_postgres_settings_are_read_against_their_defaults(
    shop: Path, env_file: Path, postgres_server: Server
) -> None:
    facts = run(
        shop,
        env_file,
        f"REPORTS_DB_PORT={postgres_server.port}\nREPORTS_DB_PASSWORD=reports-password\n",
    )
    assert facts.services is not None
    (postgres,) = facts.services.postgres
    assert postgres.status == "ok", postgres.reason
    assert postgres.server_version
    settings = {s.name: s for s in postgres.settings}
    assert settings["work_mem"].setting == "8192" and settings["work_mem"].boot_val == "4096"
    assert settings["shared_buffers"].setting == settings["shared_buffers"].boot_val
    assert postgres.max_connections is not None and postgres.max_connections > 0
    # The password travelled only inside the runner: it is redacted from nothing because it
    # never appears in the facts at all (only its digest, in secrets.sensitive).
    assert "reports-password" not in facts_to_json(facts)
    assert facts.secrets is not None
    assert any(s.name == "DATABASES.reports.PASSWORD" for s in facts.secrets.sensitive)


def test_services_that_are_not_listening_are_errors_not_passes(shop: Path, env_file: Path) -> None:
    facts = run(shop, env_file, "")
    assert facts.services is not None
    (redis,) = facts.services.redis
    (postgres,) = facts.services.postgres
    assert redis.status == "error" and "127.0.0.1" in redis.reason
    assert postgres.status == "error" and postgres.reason
    assert redis.maxmemory_policy is None and postgres.settings == ()


def test_without_client_libraries_the_services_are_skipped_cleanly(
    shop: Path, env_file: Path
) -> None:
    facts = run(shop, env_file, "", module="nolibs")
    assert facts.ok and facts.services is not None
    (redis,) = facts.services.redis
    (postgres,) = facts.services.postgres
    assert redis.status == "skipped" and "no Redis client library" in redis.reason
    assert postgres.status == "skipped" and "psycopg" in postgres.reason
