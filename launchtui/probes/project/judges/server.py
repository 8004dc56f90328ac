"""Judges of the Server and Security sections."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from launchtui.probes.project import eol
from launchtui.probes.project.judges.base import (
    RUN_IT,
    Context,
    Judgement,
    as_list,
    failed,
    judge,
    not_known,
    passed,
    unknown,
    warned,
)
from launchtui.probes.project.static.values import Kind, Value, unwrap

_LOCAL_CACHES = ("locmem", "dummy", "filebased")
_LOOPBACK = {"localhost", "127.0.0.1", "::1", ""}


def _python_cycle(text: str) -> tuple[str, str] | None:
    """``python-3.12.4`` / ``3.12`` / ``python:3.12-slim`` → (``3.12``, ``3.12.4`` or ``""``)."""
    match = re.search(r"(?<![\d.])(\d)\.(\d{1,2})(?:\.(\d{1,3}))?", text)
    if match is None:
        return None
    cycle = f"{match.group(1)}.{match.group(2)}"
    patch = f"{cycle}.{match.group(3)}" if match.group(3) else ""
    return cycle, patch


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


@judge(
    "server-python-version",
    "The production Python (runner via > .python-version > runtime.txt > Dockerfile FROM "
    "python:X.Y > requires-python) against bundled endoflife.date data: end of life fails; "
    "security-only, or behind the latest patch, warns; in bugfix support on the latest patch "
    "passes. Data older than 6 months never passes.",
    settings=False,
)
def judge_python_version(ctx: Context) -> Judgement:
    """server-python-version."""
    data = eol.load()
    sources: list[tuple[str, str]] = []
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.host is not None and runtime.source == "via":
        sources.append(("the interpreter via --via", runtime.host.python_version))
    deploy = ctx.static.deploy
    for rel, version in sorted(
        deploy.python_version_files, key=lambda f: ".python-version" not in f[0]
    ):
        sources.append((rel, version))
    for stage in deploy.docker_final:
        if stage.image.lower().startswith(
            ("python:", "docker.io/library/python:", "library/python:")
        ):
            sources.append((f"{stage.path}:{stage.line} FROM", stage.image.split(":", 1)[1]))
    if (
        runtime is not None
        and runtime.ok
        and runtime.host is not None
        and runtime.source == "runner"
    ):
        sources.append(("the local project interpreter", runtime.host.python_version))
    if deploy.requires_python:
        sources.append(("requires-python", deploy.requires_python))
    for where, text in sources:
        parsed = _python_cycle(text)
        if parsed is None:
            continue
        cycle, patch = parsed
        row = data.python.get(cycle)
        shown = patch or cycle
        stamp = f"endoflife data of {data.snapshot}"
        if row is None:
            if _version_tuple(cycle) < _version_tuple(min(data.python, key=_version_tuple)):
                return failed(f"Python {shown} ({where}) is long past its end of life")
            return unknown(f"Python {shown} ({where}) is newer than the bundled {stamp}")
        if ctx.today >= row.eol:
            return failed(f"Python {shown} ({where}) reached end of life on {row.eol}")
        local = where in ("the local project interpreter", "requires-python")
        if ctx.today >= row.bugfix_until:
            return warned(
                f"Python {shown} ({where}) gets security fixes only since "
                f"{row.bugfix_until} (end of life {row.eol})"
            )
        if patch and _version_tuple(patch) < _version_tuple(row.latest):
            return warned(f"Python {shown} ({where}) is behind {row.latest} ({stamp})")
        if data.stale(ctx.today):
            return warned(
                f"Python {shown} ({where}) was in bugfix support per the {stamp}, "
                "which is over 6 months old: update launchtui to pass"
            )
        if local:
            return warned(f"Python {shown} from {where}: production's version is not pinned")
        if not patch:
            return warned(f"Python {cycle} ({where}) is supported; the patch release is not pinned")
        return passed(f"Python {shown} ({where}) is in bugfix support until {row.bugfix_until}")
    return unknown(
        "no Python version in .python-version, runtime.txt, a Dockerfile FROM or requires-python"
    )


@judge(
    "server-heroku-stack",
    "The Heroku stack (runner via: os-release on the dyno; app.json 'stack') against bundled "
    "dates: end of life fails; an older stack than the newest warns; the newest passes (never "
    "with data older than 6 months). No Heroku files: unknown.",
    settings=False,
)
def judge_heroku_stack(ctx: Context) -> Judgement:
    """server-heroku-stack."""
    data = eol.load()
    deploy = ctx.static.deploy
    stack: str | None = None
    where = ""
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.host is not None and runtime.source == "via":
        host = runtime.host
        if "DYNO" in host.env_present and host.os_id == "ubuntu" and host.os_version_id:
            major = host.os_version_id.split(".")[0]
            stack, where = (
                f"heroku-{major}",
                f"the dyno's /etc/os-release (Ubuntu {host.os_version_id})",
            )
    if stack is None and deploy.app_json is not None:
        value = deploy.app_json.get("stack")
        if isinstance(value, str):
            stack, where = value, str(deploy.app_json_path)
    if stack is None:
        if deploy.procfile_path or deploy.app_json is not None:
            return unknown(
                "a Heroku app, but its stack is set on the app, not in the repository: "
                "use --via 'heroku run …' or `heroku stack`"
            )
        return unknown("no Heroku files (Procfile, app.json): not a Heroku app, or not judged")
    if stack == "container":
        image = judge_os_version(ctx)
        return Judgement(image.verdict, f"stack 'container' ({where}): {image.evidence}")
    row = data.heroku.get(stack)
    if row is None:
        return unknown(f"stack {stack!r} ({where}) is not in the bundled data of {data.snapshot}")
    if ctx.today >= row[1]:
        return failed(f"{stack} ({where}) reached end of life on {row[1]}")
    newest = data.newest_heroku()
    if stack != newest:
        return warned(f"{stack} ({where}) is supported until {row[1]}, but {newest} is newer")
    if data.stale(ctx.today):
        return warned(
            f"{stack} ({where}) was the newest stack per data of {data.snapshot}, over 6 months old"
        )
    return passed(f"{stack} ({where}) is the newest stack")


_DEBIAN_CODENAMES = {
    "trixie": "13",
    "bookworm": "12",
    "bullseye": "11",
    "buster": "10",
    "stretch": "9",
}


@judge(
    "server-os-version",
    "The OS of the final Dockerfile stage (FROM debian/ubuntu/python:…-<codename>) or the "
    "runner's /etc/os-release in production against bundled end-of-support dates: ended fails, "
    "an older release than the newest warns. A moving tag (python:3.12-slim) is unknown. The live "
    "site's Server header is judged from outside.",
    settings=False,
)
def judge_os_version(ctx: Context) -> Judgement:
    """server-os-version."""
    data = eol.load()
    runtime = ctx.runtime
    candidates: list[tuple[str, str, str]] = []  # (distro, version, where)
    if runtime is not None and runtime.ok and runtime.host is not None and runtime.source == "via":
        host = runtime.host
        if host.os_id and host.os_version_id:
            candidates.append((host.os_id, host.os_version_id, "production's /etc/os-release"))
    for stage in ctx.static.deploy.docker_final:
        image = stage.image.lower()
        where = f"{stage.path}:{stage.line} FROM {stage.image}"
        name, _, tag = image.rpartition("/")[2].partition(":")
        if name == "ubuntu" and re.fullmatch(r"\d\d\.\d\d", tag):
            candidates.append(("ubuntu", tag, where))
        elif name == "debian" and tag.split("-")[0] in _DEBIAN_CODENAMES:
            candidates.append(("debian", _DEBIAN_CODENAMES[tag.split("-")[0]], where))
        elif name == "debian" and tag.split(".")[0].isdigit():
            candidates.append(("debian", tag.split(".")[0], where))
        else:
            codename = next((c for c in _DEBIAN_CODENAMES if c in tag), None)
            if codename:
                candidates.append(("debian", _DEBIAN_CODENAMES[codename], where))
            elif name in ("python", "debian", "ubuntu"):
                return unknown(f"{where}: a moving tag; the OS is whatever it points at when built")
    for distro, version, where in candidates:
        table = data.debian if distro == "debian" else data.ubuntu if distro == "ubuntu" else None
        if table is None:
            return unknown(f"{distro} {version} ({where}): not in the bundled data")
        key = version if distro == "ubuntu" else version.split(".")[0]
        row = table.get(key)
        if row is None:
            return unknown(f"{distro} {version} ({where}) is not in the data of {data.snapshot}")
        if ctx.today >= row[1]:
            return failed(f"{distro} {version} ({row[0]}, {where}) lost support on {row[1]}")
        newest = max(table, key=lambda v: float(v))
        if key != newest:
            return warned(
                f"{distro} {version} ({where}) is supported until {row[1]}; {newest} is newer"
            )
        if data.stale(ctx.today):
            return warned(
                f"{distro} {version} ({where}) was the newest per data of "
                f"{data.snapshot}, over 6 months old"
            )
        return passed(f"{distro} {version} ({where}) is the newest release")
    return unknown("no Dockerfile base image with a pinned OS release")


@judge(
    "server-no-sudo",
    "Fail on a final Dockerfile stage with no USER (or USER root/0), C_FORCE_ROOT anywhere "
    "(Dockerfile, compose, app.json, Procfile, the runtime environment), sudo in a process "
    "command, compose 'user: root', supervisor user=root or a systemd unit without User=, or "
    "euid 0 via --via. Pass on a non-root USER, Heroku dynos (not root), or euid ≠ 0 via --via.",
    settings=False,
)
def judge_no_sudo(ctx: Context) -> Judgement:
    """server-no-sudo."""
    deploy = ctx.static.deploy
    runtime = ctx.runtime
    host = runtime.host if runtime is not None and runtime.ok else None
    if deploy.c_force_root:
        hit = deploy.c_force_root[0]
        return failed(f"C_FORCE_ROOT at {hit.where()}: Celery is told to run as root")
    if host is not None and "C_FORCE_ROOT" in host.env_present:
        return failed("C_FORCE_ROOT is set in the runner's environment", runtime=True)
    if deploy.sudo:
        return failed(f"sudo in a process command at {deploy.sudo[0].where()}")
    if deploy.root_users:
        hit = deploy.root_users[0]
        return failed(f"{hit.label} at {hit.where()}")
    for stage in deploy.docker_final:
        if stage.user is None:
            return failed(
                f"{stage.path}: the final stage (FROM {stage.image}) has no USER, so "
                "everything runs as root"
            )
        if stage.user in ("root", "0"):
            return failed(f"{stage.path}: USER {stage.user} in the final stage")
    if (
        host is not None
        and runtime is not None
        and runtime.source == "via"
        and host.euid is not None
    ):
        if host.euid == 0:
            return failed("the process ran as root (euid 0) via --via", runtime=True)
        return passed(f"euid {host.euid} in production (via --via)", runtime=True)
    for stage in deploy.docker_final:
        # ``USER $APP_USER`` is set by a build argument or ENV that may well be root.
        if stage.user is not None and "$" in stage.user:
            return unknown(
                f"{stage.path}: USER {stage.user} in the final stage is set at build time "
                "(ARG/ENV), so it may be root: run with --via in production to see the euid"
            )
    if deploy.docker_final:
        users = ", ".join(f"{s.path}: USER {s.user}" for s in deploy.docker_final)
        return passed(f"non-root: {users}")
    if deploy.procfile_path:
        return passed("Heroku dynos run as a non-root user (Procfile, no Dockerfile)")
    return unknown("no Dockerfile, Procfile, compose or service unit says how processes run")


def _cache_backends(ctx: Context) -> dict[str, str] | None:
    if ctx.rt is not None:
        return {c.alias: c.backend for c in ctx.rt.caches}
    caches = unwrap(ctx.setting("CACHES"))
    if not isinstance(caches, dict):
        return None
    backends: dict[str, str] = {}
    for alias, spec in caches.items():
        if isinstance(spec, dict) and isinstance(spec.get("BACKEND"), str):
            backends[str(alias)] = spec["BACKEND"]
        elif isinstance(spec, Value) and spec.from_env:
            return None
        else:
            return None
    return backends


@judge(
    "server-throttling",
    "Pass when DRF's DEFAULT_THROTTLE_CLASSES and DEFAULT_THROTTLE_RATES are set, or "
    "django-ratelimit/django-axes is used, and the cache they count in is shared (not LocMem, "
    "Dummy or file-based). Fail when DRF has no throttles, when the cache is local, when "
    "django_ratelimit.E003 is silenced, or when nothing throttles at all.",
)
def judge_throttling(ctx: Context) -> Judgement:
    """server-throttling."""
    methods: list[str] = []
    drf = ctx.app_installed("rest_framework")
    if ctx.rt is not None:
        throttling = ctx.rt.throttling
        drf = throttling.drf_installed
        if throttling.throttle_classes and throttling.throttle_rates:
            methods.append(
                "DRF throttles "
                + ", ".join(c.rsplit(".", 1)[-1] for c in throttling.throttle_classes)
            )
        if throttling.ratelimit_installed:
            methods.append("django-ratelimit")
        if throttling.axes_installed:
            methods.append("django-axes")
    else:
        rest = unwrap(ctx.setting("REST_FRAMEWORK"))
        if isinstance(rest, dict):
            classes, rates = (
                rest.get("DEFAULT_THROTTLE_CLASSES"),
                rest.get("DEFAULT_THROTTLE_RATES"),
            )
            if classes and rates and not isinstance(classes, Value):
                methods.append(
                    f"DRF throttles {', '.join(str(c).rsplit('.', 1)[-1] for c in classes)}"
                )
            elif isinstance(classes, Value) or isinstance(rates, Value):
                return not_known(ctx.setting("REST_FRAMEWORK"), "REST_FRAMEWORK")
        elif ctx.setting("REST_FRAMEWORK").kind not in (Kind.UNSET,):
            return not_known(ctx.setting("REST_FRAMEWORK"), "REST_FRAMEWORK")
        if ctx.static.code.ratelimit_uses or ctx.app_installed("django_ratelimit"):
            methods.append("django-ratelimit")
        if ctx.app_installed("axes"):
            methods.append("django-axes")
    silenced = ctx.setting("SILENCED_SYSTEM_CHECKS")
    if silenced.is_literal and any(
        str(s).startswith("django_ratelimit.") for s in silenced.value or []
    ):
        return failed("SILENCED_SYSTEM_CHECKS silences django_ratelimit's cache check (E003)")
    nginx_limits = [
        f for f in ctx.static.deploy.nginx_files if "limit_req" in ctx.static.files.text(f)
    ]
    if not methods:
        if nginx_limits:
            return passed(f"nginx limit_req in {nginx_limits[0]}")
        if drf:
            return failed(
                "Django REST framework is installed with no DEFAULT_THROTTLE_CLASSES/RATES"
            )
        return failed(
            "nothing throttles requests (no DRF throttles, django-ratelimit, django-axes "
            "or nginx limit_req)"
        )
    backends = _cache_backends(ctx)
    if backends is None:
        return unknown(f"{methods[0]}, on a cache that is computed: {RUN_IT}")
    # DRF throttles count in the default cache; django-ratelimit in RATELIMIT_USE_CACHE's.
    aliases = {"default"} if any(m.startswith("DRF") for m in methods) else set()
    if "django-ratelimit" in methods:
        aliases.add(_ratelimit_alias(ctx))
    if "django-axes" in methods and len(methods) == 1:
        aliases.add("default")
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    used = {alias: backends.get(alias, locmem if alias == "default" else "") for alias in aliases}
    for alias, backend in sorted(used.items()):
        if not backend:
            return failed(f"RATELIMIT_USE_CACHE names {alias!r}, which CACHES does not define")
        if any(local in backend.lower() for local in _LOCAL_CACHES):
            return failed(
                f"{methods[0]} counts in the {backend.rsplit('.', 1)[-1]} cache ({alias}): each "
                "process keeps its own count, so the limit never bites"
            )
    shown = ", ".join(sorted({b.rsplit(".", 1)[-1] for b in used.values()}))
    return passed(f"{', '.join(methods)} on {shown or 'a shared cache'}")


def _ratelimit_alias(ctx: Context) -> str:
    if ctx.rt is not None and ctx.rt.throttling.ratelimit_cache:
        return ctx.rt.throttling.ratelimit_cache
    value = ctx.setting("RATELIMIT_USE_CACHE")
    return str(value.value) if value.is_literal and value.value else "default"


@judge(
    "server-upload-size-limit",
    "DATA_UPLOAD_MAX_MEMORY_SIZE = None fails (no limit on request bodies). Pass on an nginx "
    "client_max_body_size in the repository, or file fields whose validators check the size. "
    "Otherwise warn: Django limits non-file data only, FILE_UPLOAD_MAX_MEMORY_SIZE is a "
    "memory/disk threshold, not a limit.",
)
def judge_upload_size(ctx: Context) -> Judgement:
    """server-upload-size-limit."""
    value = ctx.setting("DATA_UPLOAD_MAX_MEMORY_SIZE")
    if value.is_literal and value.value is None:
        return failed("DATA_UPLOAD_MAX_MEMORY_SIZE = None: request bodies have no size limit")
    deploy = ctx.static.deploy
    if deploy.nginx_body_limits:
        hit = deploy.nginx_body_limits[0]
        if hit.label in ("0",):
            return failed(f"client_max_body_size 0 at {hit.where()}: no limit at the proxy")
        return passed(f"client_max_body_size {hit.label} at {hit.where()}")
    sized = [f for f in ctx.static.code.file_fields if f.size_validated]
    if sized and len(sized) == len(ctx.static.code.file_fields):
        return passed(f"all {len(sized)} file field(s) validate the size")
    if not value.is_literal:
        return not_known(value, "DATA_UPLOAD_MAX_MEMORY_SIZE")
    return warned(
        "no proxy body limit in the repository and no size validator: Django's "
        "DATA_UPLOAD_MAX_MEMORY_SIZE leaves file uploads unlimited"
    )


@judge(
    "server-upload-media-types",
    "Every project FileField has FileExtensionValidator or another validator, or is an "
    "ImageField (Pillow checks the file): pass; a bare FileField warns; none is not applicable.",
    settings=False,
)
def judge_media_types(ctx: Context) -> Judgement:
    """server-upload-media-types."""
    if ctx.runtime is not None and ctx.runtime.ok and ctx.runtime.file_fields is not None:
        fields = [f for f in ctx.runtime.file_fields.fields if f.in_project]
        bare = [f"{f.model}.{f.field}" for f in fields if not f.is_image and not f.validators]
        if bare:
            return warned(f"FileField(s) accept any type: {', '.join(bare[:4])}", runtime=True)
        if not fields:
            return passed("not applicable: no file fields in project apps", runtime=True)
        return passed(f"all {len(fields)} file field(s) validate the type", runtime=True)
    fields_static = ctx.static.code.file_fields
    bare_static = [f for f in fields_static if f.kind == "FileField" and not f.validators]
    if bare_static:
        where = ", ".join(f"{f.path}:{f.line} {f.name}" for f in bare_static[:3])
        return warned(f"{len(bare_static)} FileField(s) accept any file type: {where}")
    if not fields_static:
        return passed("not applicable: no FileField or ImageField in project models")
    return passed(f"all {len(fields_static)} file field(s) are ImageFields or carry validators")


def _redis_urls(ctx: Context) -> list[tuple[str, Value]]:
    names = ["CELERY_BROKER_URL", "BROKER_URL", "CELERY_RESULT_BACKEND", "REDIS_URL"]
    return [(n, ctx.setting(n)) for n in names]


@judge(
    "server-redis-maxmemory",
    "Redis INFO memory (runner, read-only) judged by its role: unbounded maxmemory warns; a "
    "broker/result backend with allkeys-* fails (evicts tasks); a cache with noeviction warns; a "
    "shared Redis passes on volatile-*. Without the runner's service facts, unknown.",
    settings=False,
)
def judge_redis(ctx: Context) -> Judgement:
    """server-redis-maxmemory."""
    runtime = ctx.runtime
    if runtime is None or not runtime.ok or runtime.services is None:
        return unknown(f"Redis is judged from INFO memory: {RUN_IT} (services are read-only)")
    servers = runtime.services.redis
    if not servers:
        return unknown("the settings point at no Redis", runtime=True)
    verdicts: list[Judgement] = []
    for server in servers:
        name = f"{server.host}:{server.port or 6379}"
        if server.status != "ok":
            verdicts.append(
                unknown(f"Redis {name}: {server.status} ({server.reason})", runtime=True)
            )
            continue
        policy = server.maxmemory_policy or "?"
        broker = any(r.startswith("celery") for r in server.roles)
        cache = any(r.startswith("cache") for r in server.roles)
        if not server.maxmemory:
            verdicts.append(
                warned(f"Redis {name}: maxmemory 0 (unbounded), policy {policy}", runtime=True)
            )
        elif broker and not cache and policy.startswith("allkeys"):
            verdicts.append(
                failed(
                    f"Redis {name} is a Celery broker with {policy}: tasks get evicted",
                    runtime=True,
                )
            )
        elif cache and not broker and policy == "noeviction":
            verdicts.append(
                warned(
                    f"Redis {name} is a cache with noeviction: writes fail when full", runtime=True
                )
            )
        elif broker and cache and not policy.startswith("volatile"):
            verdicts.append(
                warned(
                    f"Redis {name} is shared by cache and broker with {policy}; "
                    "use volatile-ttl/lru",
                    runtime=True,
                )
            )
        else:
            verdicts.append(
                passed(
                    f"Redis {name} ({', '.join(server.roles)}): maxmemory "
                    f"{server.maxmemory}, {policy}",
                    runtime=True,
                )
            )
    return max(verdicts, key=lambda j: j.verdict.rank)


@judge(
    "server-postgres-tuning",
    "pg_settings (runner, read-only): shared_buffers and effective_cache_size changed from their "
    "defaults passes, with the values shown; all defaults warns (untuned). The size is not judged "
    "(the RAM is not known). Without the runner's service facts, unknown.",
    settings=False,
)
def judge_postgres(ctx: Context) -> Judgement:
    """server-postgres-tuning."""
    runtime = ctx.runtime
    if runtime is None or not runtime.ok or runtime.services is None:
        return unknown(f"PostgreSQL is judged from pg_settings: {RUN_IT}")
    databases = runtime.services.postgres
    if not databases:
        return unknown("the settings point at no PostgreSQL", runtime=True)
    db = databases[0]
    if db.status != "ok":
        return unknown(f"PostgreSQL {db.host}: {db.status} ({db.reason})", runtime=True)
    changed = {s.name: s for s in db.settings if s.boot_val is not None and s.setting != s.boot_val}
    key = [n for n in ("shared_buffers", "effective_cache_size") if n in changed]
    shown = ", ".join(f"{s.name}={s.setting}{s.unit or ''}" for s in db.settings)[:200]
    if len(key) == 2:
        return passed(f"PostgreSQL {db.host} is tuned: {shown}", runtime=True)
    if not changed:
        return warned(
            f"PostgreSQL {db.host} runs every setting at its default: {shown}", runtime=True
        )
    return warned(
        f"PostgreSQL {db.host}: {', '.join(changed)} tuned, but not shared_buffers and "
        f"effective_cache_size",
        runtime=True,
    )


@judge(
    "server-rabbitmq",
    "A RabbitMQ broker URL with the guest user, or amqp:// (no TLS) to a host other than "
    "loopback, fails. The broker's own limits need its management API: otherwise unknown.",
)
def judge_rabbitmq(ctx: Context) -> Judgement:
    """server-rabbitmq."""
    for name in ("CELERY_BROKER_URL", "BROKER_URL"):
        value = ctx.setting(name)
        for url in value.literal_values():
            if not isinstance(url, str) or not url.startswith(("amqp://", "amqps://", "pyamqp://")):
                continue
            parts = urlsplit(url)
            if parts.username == "guest":
                return failed(f"{name} logs in as guest ({value.where()})")
            if parts.scheme != "amqps" and (parts.hostname or "") not in _LOOPBACK:
                return failed(f"{name} is plain amqp:// to {parts.hostname} ({value.where()})")
    return unknown("RabbitMQ's limits (disk, memory, file descriptors) need its management API")


@judge(
    "server-ssl-everything",
    "Settings side: a plain redis:// or amqp:// URL, or a database without sslmode=require, to a "
    "host other than loopback fails; SMTP without EMAIL_USE_TLS/SSL to a remote host fails. "
    "Never a pass from settings: the TLS probes judge the site.",
)
def judge_ssl_everything(ctx: Context) -> Judgement:
    """server-ssl-everything."""
    if ctx.rt is not None:
        endpoints = [*ctx.rt.endpoints]
        for db in ctx.rt.databases:
            if db.endpoint is not None:
                endpoints.append(db.endpoint)
        for cache in ctx.rt.caches:
            endpoints += cache.endpoints
        plain = [
            e
            for e in endpoints
            if not e.tls and e.host not in _LOOPBACK and e.scheme not in ("sqlite", "file", "unix")
        ]
        if plain:
            e = plain[0]
            return failed(f"{e.role} talks {e.scheme} to {e.host} without TLS", runtime=True)
        email = ctx.rt.email
        if (
            email.backend.endswith("smtp.EmailBackend")
            and email.host not in _LOOPBACK
            and not (email.use_tls or email.use_ssl)
        ):
            return failed(f"SMTP to {email.host} without EMAIL_USE_TLS/SSL", runtime=True)
        return unknown(
            "no service is reached over the network without TLS; the site is judged from outside",
            runtime=True,
        )
    for name, value in _redis_urls(ctx):
        for url in value.literal_values():
            if isinstance(url, str) and url.startswith(("redis://", "amqp://")):
                host = urlsplit(url).hostname or ""
                if host not in _LOOPBACK:
                    return failed(f"{name} is {url.split('://')[0]}:// to {host}: no TLS")
    backend = ctx.setting("EMAIL_BACKEND")
    email_host = ctx.setting("EMAIL_HOST")
    tls = [ctx.setting("EMAIL_USE_TLS"), ctx.setting("EMAIL_USE_SSL")]
    if (
        backend.is_literal
        and str(backend.value).endswith("smtp.EmailBackend")
        and email_host.is_literal
        and str(email_host.value) not in _LOOPBACK
        and all(t.is_literal and not t.value for t in tls)
    ):
        return failed(f"SMTP to {email_host.value} without EMAIL_USE_TLS or EMAIL_USE_SSL")
    return unknown("no plain-text service URL in the settings; the site is judged from outside")


@judge(
    "server-heroku-database",
    "The Heroku Postgres plan: app.json's add-on plan is only a hint (review apps): "
    "essential/mini/basic/hobby warns; a standard or higher plan, or none, is unknown (the "
    "production app's plan needs the Heroku API).",
    settings=False,
)
def judge_heroku_database(ctx: Context) -> Judgement:
    """server-heroku-database."""
    app = ctx.static.deploy.app_json or {}
    addons = as_list(app.get("addons"))
    for addon in addons:
        plan = addon.get("plan", "") if isinstance(addon, dict) else str(addon)
        if str(plan).startswith("heroku-postgresql"):
            tier = str(plan).partition(":")[2] or "essential-0 (the default)"
            if re.match(r"(essential|mini|basic|hobby)", tier):
                return warned(f"app.json asks for heroku-postgresql:{tier}, below Standard")
            return unknown(
                f"app.json asks for heroku-postgresql:{tier}; production's plan needs "
                "the Heroku API"
            )
    return unknown("no heroku-postgresql add-on in app.json")


@judge(
    "security-private-buckets",
    "A media storage with default_acl/AWS_DEFAULT_ACL 'public-read' fails; AWS_QUERYSTRING_AUTH "
    "False on private media warns. Whether the bucket itself is public needs S3 (unknown).",
)
def judge_private_buckets(ctx: Context) -> Judgement:
    """security-private-buckets."""
    if ctx.rt is not None:
        for storage in ctx.rt.storages:
            if storage.alias != "staticfiles" and (storage.default_acl or "").startswith("public"):
                return failed(
                    f"storage {storage.alias} ({storage.bucket_name}) writes "
                    f"{storage.default_acl} objects",
                    runtime=True,
                )
        return unknown("no public ACL in the storages; the bucket policy needs S3", runtime=True)
    acl = ctx.setting("AWS_DEFAULT_ACL")
    storages = unwrap(ctx.setting("STORAGES"))
    if isinstance(storages, dict):
        default = storages.get("default")
        options = default.get("OPTIONS") if isinstance(default, dict) else None
        if isinstance(options, dict) and str(options.get("default_acl", "")).startswith("public"):
            return failed(f"STORAGES['default'] writes {options['default_acl']} objects")
    if acl.is_literal and str(acl.value or "").startswith("public"):
        return failed(f"AWS_DEFAULT_ACL = {acl.value!r} at {acl.where()}: uploads are public")
    if not ctx.depends_on("django-storages", "boto3"):
        return unknown("no S3 storage (django-storages/boto3) in the dependencies")
    return unknown("no public ACL in the settings; the bucket's policy needs S3 to judge")


@judge(
    "security-readonly-shell",
    "django-read-only must be installed: missing fails. Pass when the runner, started through "
    "--via (a production shell), reports read_only=True; otherwise warn (installed, but "
    "DJANGO_READ_ONLY was not seen set in a shell).",
)
def judge_readonly_shell(ctx: Context) -> Judgement:
    """security-readonly-shell."""
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.read_only is not None:
        facts = runtime.read_only
        if not facts.installed:
            return failed("django-read-only is not installed", runtime=True)
        if facts.read_only and runtime.source == "via":
            return passed(
                "a production shell is read-only (django_read_only.read_only)", runtime=True
            )
        return warned(
            "django-read-only is installed, but a shell here is not read-only", runtime=True
        )
    installed = ctx.app_installed("django_read_only")
    if installed is None:
        return not_known(ctx.setting("INSTALLED_APPS"), "INSTALLED_APPS")
    if not installed:
        return failed("django_read_only is not in INSTALLED_APPS: production shells can write")
    return warned(
        "django_read_only is installed; whether shells start read-only needs "
        "--via in a production shell"
    )


def _any(values: list[Any]) -> bool:
    return any(values)
