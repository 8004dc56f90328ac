"""What the project runner reports: typed, derived facts, and a parser that trusts none of it.

The runner (:mod:`launchtui.probes.project.runner_script`) runs inside the project's own
interpreter, locally or in production through ``--via``, and writes one JSON document. That
document is hostile input: a settings module, a shell banner or a compromised host can put
anything in it. :func:`parse_facts` therefore checks every value against the dataclasses below
(types, sizes, nesting), ignores keys it does not know (a newer runner may add some) and raises
:class:`FactsError` with the path of the first bad value otherwise. Strings lose their control
characters and are cut to a bounded length; Rich markup is escaped later, when text is shown.

Facts are derived, never secret: SECRET_KEY and the other sensitive settings appear only as a
length, a count of distinct characters and a keyed digest (HMAC-SHA256 with a salt chosen by
launchtui for one run), so launchtui can tell whether the value sits in a tracked file without
ever holding the value.

Every section carries ``source``: ``"static"`` (read from files, no project code ran),
``"runner"`` (the project's interpreter on this machine) or ``"via"`` (a command the user gave,
usually production). Judges use it for the caps: only ``via`` sees production's environment.
A section that is ``None`` was not collected (the runner stopped before it, or failed there and
said so in :attr:`Facts.section_errors`); judges must read that as unknown, never as a pass.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeVar

from launchtui.text_safety import plain_text

FactSource = Literal["static", "runner", "via"]
"""Where a fact came from: files only, the project's interpreter here, or the ``--via`` command."""

FACTS_FORMAT: Final = 1
"""The document's format number; the runner writes it as ``"format"`` and the parser checks it."""

MAX_DOCUMENT_CHARS: Final = 4 * 1024 * 1024
MAX_DEPTH: Final = 12
MAX_LIST_ITEMS: Final = 5000
MAX_MAPPING_KEYS: Final = 2000
MAX_STRING_CHARS: Final = 4000
_INT_BOUND: Final = 2**63

# A bare JSON scalar or a list of strings: the shape of the plain settings copied into
# ``SettingsFacts.values`` (SECURE_HSTS_SECONDS, X_FRAME_OPTIONS, CORS_ALLOWED_ORIGINS …).
PlainValue = str | int | float | bool | None | tuple[str, ...]


class FactsError(ValueError):
    """The runner's output is not a facts document we can trust; the message says why and where."""


# --------------------------------------------------------------------------------------------
# checks


@dataclass(frozen=True, slots=True)
class CheckMessage:
    """One message of ``run_checks(include_deployment_checks=True)``.

    ``level`` is Django's number (10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL).
    ``silenced`` is Django's own ``is_silenced()``: the id is in SILENCED_SYSTEM_CHECKS. A silenced
    message is still a finding, and never a pass.
    """

    id: str
    level: int
    msg: str
    hint: str | None
    obj: str
    silenced: bool

    @property
    def level_name(self) -> str:
        """``WARNING``, ``ERROR`` …, as ``manage.py check`` names them."""
        for bound, name in ((50, "CRITICAL"), (40, "ERROR"), (30, "WARNING"), (20, "INFO")):
            if self.level >= bound:
                return name
        return "DEBUG"


@dataclass(frozen=True, slots=True)
class ChecksFacts:
    """The system checks as Django ran them, deployment checks included."""

    source: FactSource
    messages: tuple[CheckMessage, ...]
    silenced_ids: tuple[str, ...]
    """SILENCED_SYSTEM_CHECKS as configured, whether or not a message matched them."""
    error: str | None = None
    """``run_checks`` itself raised (a broken check, a model that does not load): checks unknown."""


# --------------------------------------------------------------------------------------------
# settings


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a service is, never who logs in: scheme, host and port of a configured URL.

    ``role`` names the setting: ``database:default``, ``cache:default``, ``celery-broker``,
    ``celery-result-backend``, ``redis-url``. ``tls`` is True for rediss://, amqps://,
    sslmode=require (or stricter) and the like.
    """

    role: str
    scheme: str
    host: str
    port: int | None
    tls: bool


@dataclass(frozen=True, slots=True)
class DatabaseFacts:
    """One entry of DATABASES."""

    alias: str
    engine: str
    atomic_requests: bool
    conn_max_age: int | None
    """Seconds; ``None`` means persistent connections (Django's ``CONN_MAX_AGE = None``)."""
    endpoint: Endpoint | None
    sslmode: str | None


@dataclass(frozen=True, slots=True)
class CacheFacts:
    """One entry of CACHES: the backend class path and the servers it talks to."""

    alias: str
    backend: str
    endpoints: tuple[Endpoint, ...]


@dataclass(frozen=True, slots=True)
class StorageFacts:
    """One entry of STORAGES (or the legacy DEFAULT_FILE_STORAGE / STATICFILES_STORAGE)."""

    alias: str
    backend: str
    bucket_name: str | None
    default_acl: str | None
    querystring_auth: bool | None


EmailClass = Literal["ok", "empty", "invalid", "localhost", "example"]
"""``localhost``: any ``@localhost`` address; ``example``: example.com/.org/.net (RFC 2606)."""


@dataclass(frozen=True, slots=True)
class EmailAddressFacts:
    """An address setting classified, not copied: its domain and whether it has a display name."""

    classification: EmailClass
    domain: str
    display_name: bool
    is_django_default: bool
    """Still Django's default (``webmaster@localhost`` / ``root@localhost``)."""


@dataclass(frozen=True, slots=True)
class EmailFacts:
    """How mail leaves: the backend, Anymail, TLS, and the sender addresses."""

    backend: str
    anymail_installed: bool
    anymail_esp: str | None
    """The ESP of an Anymail backend path (``sendgrid`` for anymail.backends.sendgrid…)."""
    send_defaults_bcc: bool
    """ANYMAIL SEND_DEFAULTS / <ESP>_SEND_DEFAULTS, or esp_extra, carry a default bcc."""
    use_tls: bool
    use_ssl: bool
    host: str
    default_from: EmailAddressFacts
    server_email: EmailAddressFacts


@dataclass(frozen=True, slots=True)
class ThrottlingFacts:
    """Rate limiting as configured: DRF throttles, django-ratelimit, django-axes."""

    drf_installed: bool
    throttle_classes: tuple[str, ...]
    throttle_rates: Mapping[str, str | None]
    ratelimit_installed: bool
    ratelimit_cache: str | None
    """RATELIMIT_USE_CACHE (the cache alias django-ratelimit counts in); ``None`` when unset."""
    axes_installed: bool


@dataclass(frozen=True, slots=True)
class SettingsFacts:
    """The effective settings Django loaded, reduced to what the checklist needs."""

    source: FactSource
    settings_module: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    middleware: tuple[str, ...]
    installed_apps: tuple[str, ...]
    silenced_system_checks: tuple[str, ...]
    admins_count: int
    managers_count: int
    broken_link_emails_middleware: bool
    session_cookie_domain: str | None
    csrf_cookie_domain: str | None
    data_upload_max_memory_size: int | None
    """``None`` is the setting's value (no limit at all), not "unknown"."""
    file_upload_max_memory_size: int | None
    databases: tuple[DatabaseFacts, ...]
    caches: tuple[CacheFacts, ...]
    storages: tuple[StorageFacts, ...]
    email: EmailFacts
    throttling: ThrottlingFacts
    endpoints: tuple[Endpoint, ...]
    """Celery broker / result backend and REDIS_URL-like settings (databases and caches above)."""
    values: Mapping[str, PlainValue]
    """Plain settings copied as they are (a fixed list of non-secret names: SECURE_*, *_COOKIE_*,
    X_FRAME_OPTIONS, CORS_*, PREPEND_WWW, APPEND_SLASH, …). A name absent here was not set and
    has no Django default."""


# --------------------------------------------------------------------------------------------
# secrets


@dataclass(frozen=True, slots=True)
class SecretFacts:
    """A sensitive setting's shape and keyed digest; never its value.

    ``digest`` is HMAC-SHA256(run salt, value) in hex, ``None`` when the value is not a string.
    ``found_in`` is filled by launchtui (never by the runner): tracked files holding the value.
    """

    name: str
    length: int
    unique_chars: int
    digest: str | None
    insecure_prefix: bool = False
    """Starts with ``django-insecure-`` (startproject's throwaway key)."""
    found_in: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SecretsFacts:
    """SECRET_KEY, SECRET_KEY_FALLBACKS and every other setting that looks like a credential."""

    source: FactSource
    secret_key: SecretFacts | None
    """``None``: SECRET_KEY is empty or not a string."""
    fallbacks: tuple[SecretFacts, ...]
    sensitive: tuple[SecretFacts, ...]
    """Settings named *PASSWORD*, *SECRET*, *TOKEN*, *_KEY, *_DSN, and database passwords."""
    tracked_files_checked: int | None = None
    """Filled by launchtui: how many tracked files were compared with the digests. ``None``: no
    comparison was made (not a git checkout, git missing), so "found in no file" is not known."""


# --------------------------------------------------------------------------------------------
# logging


@dataclass(frozen=True, slots=True)
class HandlerFacts:
    """A logging handler as configured at runtime."""

    name: str
    class_path: str
    level: int
    format: str | None
    """The formatter's format string (``None``: no formatter, so the message alone)."""
    syslog_host: str | None
    """SysLogHandler's address host only (papertrail and friends)."""


@dataclass(frozen=True, slots=True)
class LoggerFacts:
    """A logger and the handler classes a record reaches through propagation."""

    name: str
    level: int
    """The effective level."""
    handlers: tuple[str, ...]
    """Handler names (see :attr:`LoggingFacts.handlers`) reached, in order, through propagation."""
    reaches_admin_email: bool


@dataclass(frozen=True, slots=True)
class LoggingFacts:
    """Logging after Django configured it: who gets what, formatted how."""

    source: FactSource
    loggers: tuple[LoggerFacts, ...]
    """Always ``""`` (root), django, django.request, django.db.backends, celery, then the loggers
    LOGGING names."""
    handlers: tuple[HandlerFacts, ...]


# --------------------------------------------------------------------------------------------
# models


@dataclass(frozen=True, slots=True)
class FileFieldFacts:
    """A FileField or ImageField (or a subclass) of an installed model."""

    model: str
    """``app_label.ModelName``."""
    field: str
    field_class: str
    is_image: bool
    upload_to: str
    """``""`` when unset; a callable shows as ``callable:module.qualname``."""
    validators: tuple[str, ...]
    in_project: bool
    """The model's app lives under the project root (not a third-party package)."""


@dataclass(frozen=True, slots=True)
class FileFieldsFacts:
    """Every file field of every installed model."""

    source: FactSource
    fields: tuple[FileFieldFacts, ...]


# --------------------------------------------------------------------------------------------
# integrations


@dataclass(frozen=True, slots=True)
class SentryFacts:
    """sentry-sdk's live client after settings ran ``sentry_sdk.init``."""

    source: FactSource
    sdk_installed: bool
    sdk_version: str | None
    client_active: bool
    dsn_set: bool
    dsn_host: str | None
    integrations: tuple[str, ...]
    send_default_pii: bool | None
    environment: str | None


@dataclass(frozen=True, slots=True)
class AnymailFacts:
    """Receivers connected to Anymail's signals (after ROOT_URLCONF was imported)."""

    source: FactSource
    installed: bool
    post_send_receivers: tuple[str, ...]
    tracking_receivers: tuple[str, ...]
    """``module.qualname`` of each receiver."""


@dataclass(frozen=True, slots=True)
class ReadOnlyFacts:
    """django-read-only: installed, and whether it blocks writes in this process."""

    source: FactSource
    installed: bool
    read_only: bool | None


@dataclass(frozen=True, slots=True)
class UrlsFacts:
    """The URLconf as Django resolves it."""

    source: FactSource
    root_urlconf: str
    admin_url: str | None
    """``reverse("admin:index")``; ``None`` when the admin is not routed."""
    handler404: str | None
    handler500: str | None
    """Custom error handlers named in the root URLconf (``None``: Django's defaults)."""
    error: str | None = None


@dataclass(frozen=True, slots=True)
class HostFacts:
    """The machine and interpreter the runner found itself in."""

    source: FactSource
    python_version: str
    """``3.12.4``."""
    python_implementation: str
    django_version: str
    os_id: str | None
    os_version_id: str | None
    """From /etc/os-release (``ubuntu`` / ``24.04``); ``None`` when there is none."""
    euid: int | None
    env_present: tuple[str, ...]
    """Which of C_FORCE_ROOT, DJANGO_READ_ONLY, DYNO, STACK, NEW_RELIC_LICENSE_KEY,
    NEW_RELIC_CONFIG_FILE, SENTRY_DSN … are set (names only)."""
    packages: Mapping[str, str]
    """Versions of the distributions the checklist cares about (celery, sentry-sdk, newrelic …)."""


@dataclass(frozen=True, slots=True)
class EnvironmentFacts:
    """Which environment variables the settings read while loading, by name only.

    ``missing`` were read but not set: the settings fell back to a default (or failed). A local
    run with missing variables is not production's configuration, so judges cap it at warn.
    """

    source: FactSource
    read: tuple[str, ...]
    missing: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# services

ServiceStatus = Literal["ok", "skipped", "error"]
"""``skipped``: no client library, or services not asked for; ``error``: it did not answer."""


@dataclass(frozen=True, slots=True)
class RedisFacts:
    """``INFO memory`` (and CONFIG GET maxclients when allowed) of one Redis the settings use."""

    roles: tuple[str, ...]
    """The endpoint roles pointing at this server (``cache:default``, ``celery-broker`` …)."""
    host: str
    port: int | None
    status: ServiceStatus
    reason: str
    maxmemory: int | None
    maxmemory_policy: str | None
    maxclients: int | None
    version: str | None


@dataclass(frozen=True, slots=True)
class PgSetting:
    """One row of ``pg_settings``: the running value against the compiled-in default."""

    name: str
    setting: str
    unit: str | None
    boot_val: str | None


@dataclass(frozen=True, slots=True)
class PostgresFacts:
    """One PostgreSQL database alias, read in a read-only transaction."""

    alias: str
    host: str
    port: int | None
    status: ServiceStatus
    reason: str
    server_version: str | None
    max_connections: int | None
    settings: tuple[PgSetting, ...]


@dataclass(frozen=True, slots=True)
class ServicesFacts:
    """Services queried from inside the runner (read-only, 5 s each)."""

    source: FactSource
    redis: tuple[RedisFacts, ...]
    postgres: tuple[PostgresFacts, ...]


# --------------------------------------------------------------------------------------------
# the document

RunnerErrorKind = Literal[
    "improperly-configured",  # settings raised ImproperlyConfigured
    "missing-variable",  # an environment variable the settings need is not set
    "import-error",  # the settings module (or an app) does not import
    "exception",  # anything else raised during setup
    "timeout",  # the runner hit its time limit
    "no-interpreter",  # launchtui found no Python to run the project with
    "no-output",  # the runner wrote nothing we could read
    "bad-output",  # what it wrote is not a facts document
    "exit",  # the interpreter exited with an error before writing facts
]


@dataclass(frozen=True, slots=True)
class RunnerError:
    """Why the runner could not judge: the whole run, so every runner item is unknown."""

    kind: RunnerErrorKind
    message: str
    variable: str | None = None
    """The environment variable or setting the error names, when it names one."""


@dataclass(frozen=True, slots=True)
class SectionError:
    """One section failed (the others stand): its name and the first line of the error."""

    section: str
    message: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything one run learnt about the project. ``None`` sections were not collected."""

    source: FactSource
    settings_module: str | None
    error: RunnerError | None = None
    checks: ChecksFacts | None = None
    settings: SettingsFacts | None = None
    secrets: SecretsFacts | None = None
    logging: LoggingFacts | None = None
    file_fields: FileFieldsFacts | None = None
    sentry: SentryFacts | None = None
    anymail: AnymailFacts | None = None
    read_only: ReadOnlyFacts | None = None
    urls: UrlsFacts | None = None
    host: HostFacts | None = None
    environment: EnvironmentFacts | None = None
    services: ServicesFacts | None = None
    section_errors: tuple[SectionError, ...] = ()
    printed_chars: int = 0
    """How much the project printed while it loaded (counted, never stored)."""

    @property
    def ok(self) -> bool:
        """Django set up. False: every runner item is unknown (see :attr:`error`)."""
        return self.error is None

    def section_error(self, section: str) -> str | None:
        """The error that stopped ``section`` (``"checks"``, ``"logging"`` …), if one did."""
        for error in self.section_errors:
            if error.section == section:
                return error.message
        return None


def failed_run(
    source: FactSource, kind: RunnerErrorKind, message: str, *, settings_module: str | None = None
) -> Facts:
    """Facts for a run that produced nothing usable: the error, and no sections."""
    return Facts(
        source=source,
        settings_module=settings_module,
        error=RunnerError(kind=kind, message=_clean(message)),
    )


# --------------------------------------------------------------------------------------------
# parsing


def parse_facts(json_text: str, *, source: FactSource = "runner") -> Facts:
    """Validate the runner's JSON and build :class:`Facts`, stamping every section with ``source``.

    The document's own idea of its source is ignored: only the caller knows whether it ran the
    runner here or through ``--via``. Raises :class:`FactsError` naming the first bad value.
    """
    if len(json_text) > MAX_DOCUMENT_CHARS:
        raise FactsError(
            f"facts document is {len(json_text)} characters (limit {MAX_DOCUMENT_CHARS})"
        )
    try:
        data = json.loads(json_text, parse_constant=_reject_constant)
    except RecursionError:
        raise FactsError("facts document is nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, and int strings beyond Python's digit limit
        raise FactsError(f"facts document is not JSON: {_clean(str(error))}") from None
    if not isinstance(data, dict):
        raise FactsError("facts document is not a JSON object")
    if data.get("format") != FACTS_FORMAT:
        raise FactsError(
            f"facts document format is {_clean(repr(data.get('format')))[:40]}, "
            f"expected {FACTS_FORMAT}"
        )
    _check_depth(data, 0)
    fields_data = {key: value for key, value in data.items() if key != "source"}
    fields_data["source"] = source
    return _convert(Facts, fields_data, "$", source)


def facts_to_json(facts: Facts) -> str:
    """The document :func:`parse_facts` reads back (for tests, and for ``--print-facts`` users)."""
    payload = dataclasses.asdict(facts)
    payload["format"] = FACTS_FORMAT
    return json.dumps(payload, sort_keys=True)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _check_depth(value: object, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FactsError(f"facts document is nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        if len(value) > MAX_MAPPING_KEYS:
            raise FactsError(f"an object has {len(value)} keys (limit {MAX_MAPPING_KEYS})")
        for item in value.values():
            _check_depth(item, depth + 1)
    elif isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise FactsError(f"a list has {len(value)} items (limit {MAX_LIST_ITEMS})")
        for item in value:
            _check_depth(item, depth + 1)


def _clean(text: str) -> str:
    cleaned = plain_text(text)
    if len(cleaned) > MAX_STRING_CHARS:
        cleaned = cleaned[: MAX_STRING_CHARS - 1] + "…"
    return cleaned


T = TypeVar("T")

_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls)
        _HINTS[cls] = hints
    return hints


def _convert(cls: type[T], data: object, path: str, source: FactSource) -> T:
    """Build dataclass ``cls`` from a JSON object, field by field, against its type hints."""
    if not isinstance(data, dict):
        raise FactsError(f"{path}: expected an object, got {_json_type(data)}")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = spec.name
        if name == "source" and hints[name] == FactSource:
            values[name] = source
            continue
        if name not in data:
            if (
                spec.default is not dataclasses.MISSING
                or spec.default_factory is not dataclasses.MISSING
            ):
                continue
            raise FactsError(f"{path}.{name}: missing")
        values[name] = _value(hints[name], data[name], f"{path}.{name}", source)
    return cls(**values)


def _value(hint: Any, raw: object, path: str, source: FactSource) -> Any:
    """One JSON value checked against one type hint."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if raw is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _value(option, raw, path, source)
            except FactsError as error:
                errors.append(str(error))
        raise FactsError(errors[0] if len(errors) == 1 else f"{path}: unexpected {_json_type(raw)}")
    if origin is Literal:
        allowed = typing.get_args(hint)
        if raw not in allowed or isinstance(raw, bool):
            raise FactsError(
                f"{path}: {_clean(repr(raw))[:60]} is not one of {', '.join(map(str, allowed))}"
            )
        return raw
    if origin is tuple:
        if not isinstance(raw, list):
            raise FactsError(f"{path}: expected a list, got {_json_type(raw)}")
        (item_hint, _ellipsis) = typing.get_args(hint)
        return tuple(
            _value(item_hint, item, f"{path}[{index}]", source) for index, item in enumerate(raw)
        )
    if origin is Mapping:
        if not isinstance(raw, dict):
            raise FactsError(f"{path}: expected an object, got {_json_type(raw)}")
        (_key_hint, item_hint) = typing.get_args(hint)
        return {
            _clean(key): _value(item_hint, item, f"{path}.{_clean(key)[:40]}", source)
            for key, item in raw.items()
        }
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _convert(hint, raw, path, source)
    if hint is bool:
        if not isinstance(raw, bool):
            raise FactsError(f"{path}: expected true/false, got {_json_type(raw)}")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise FactsError(f"{path}: expected an integer, got {_json_type(raw)}")
        if abs(raw) >= _INT_BOUND:
            raise FactsError(f"{path}: integer out of range")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise FactsError(f"{path}: expected a number, got {_json_type(raw)}")
        if isinstance(raw, int) and abs(raw) >= _INT_BOUND:
            raise FactsError(f"{path}: number out of range")
        if isinstance(raw, float) and not math.isfinite(raw):
            raise FactsError(f"{path}: number out of range")
        return raw
    if hint is str:
        if not isinstance(raw, str):
            raise FactsError(f"{path}: expected a string, got {_json_type(raw)}")
        return _clean(raw)
    if hint is type(None):
        if raw is not None:
            raise FactsError(f"{path}: expected null, got {_json_type(raw)}")
        return None
    raise FactsError(f"{path}: no rule for {hint!r}")  # a contract bug, caught by the tests


def _json_type(raw: object) -> str:
    if raw is None:
        return "null"
    if isinstance(raw, bool):
        return "true/false"
    if isinstance(raw, (int, float)):
        return "a number"
    if isinstance(raw, str):
        return "a string"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "an object"
    return type(raw).__name__


__all__ = [
    "FACTS_FORMAT",
    "AnymailFacts",
    "CacheFacts",
    "CheckMessage",
    "ChecksFacts",
    "DatabaseFacts",
    "EmailAddressFacts",
    "EmailClass",
    "EmailFacts",
    "Endpoint",
    "EnvironmentFacts",
    "FactSource",
    "Facts",
    "FactsError",
    "FileFieldFacts",
    "FileFieldsFacts",
    "HandlerFacts",
    "HostFacts",
    "LoggerFacts",
    "LoggingFacts",
    "PgSetting",
    "PlainValue",
    "PostgresFacts",
    "ReadOnlyFacts",
    "RedisFacts",
    "RunnerError",
    "RunnerErrorKind",
    "SecretFacts",
    "SecretsFacts",
    "SectionError",
    "SentryFacts",
    "ServiceStatus",
    "ServicesFacts",
    "SettingsFacts",
    "StorageFacts",
    "ThrottlingFacts",
    "UrlsFacts",
    "facts_to_json",
    "failed_run",
    "parse_facts",
]
