"""The project runner: loads a Django project in its own interpreter and reports derived facts.

This file is not imported by launchtui. :mod:`launchtui.probes.project.execute` reads its text,
sets ``LAUNCHTUI_CONFIG`` below to this run's configuration, and runs it with the project's Python
(``python runner.py``), or pipes it into a ``--via`` command's standard input (``python -``).
So it must stay standard-library only and valid on Python 3.10, and it must never crash: every
failure becomes a fact naming it.

What it does, in order: start a time limit; count (never keep) what the project prints; record
which environment variables the settings read and which of them were missing; ``django.setup()``;
``run_checks(include_deployment_checks=True)``; then one section at a time (a section that raises
is reported, the others stand); then the services (Redis ``INFO memory``, PostgreSQL
``pg_settings``), read-only, 5 s each, when their client libraries are importable. It reports only
derived facts: no secret leaves as a value (lengths, distinct characters and an HMAC keyed with
this run's salt), and every string of the document is scrubbed of the secrets it saw.

The document goes to the file the configuration names (settings modules print to stdout), or,
under ``--via``, to stdout between two marker lines carrying this run's nonce.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import importlib
import importlib.util
import io
import json
import os
import platform
import re
import signal
import socket
import sys
import threading
import time
import traceback
import types
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any

# Replaced by execute.py with this run's configuration (a JSON object literal).
LAUNCHTUI_CONFIG: dict[str, Any] | None = None

FORMAT = 1
SERVICE_TIMEOUT = 5.0
MAX_TEXT = 2000
REDACTED = "<redacted>"
PG_SETTINGS = (
    "shared_buffers",
    "effective_cache_size",
    "work_mem",
    "maintenance_work_mem",
    "random_page_cost",
    "checkpoint_completion_target",
    "effective_io_concurrency",
    "wal_buffers",
    "default_statistics_target",
    "max_connections",
)
ENV_NAMES = (
    "C_FORCE_ROOT",
    "DJANGO_READ_ONLY",
    "DYNO",
    "STACK",
    "NEW_RELIC_LICENSE_KEY",
    "NEW_RELIC_CONFIG_FILE",
    "NEW_RELIC_APP_NAME",
    "SENTRY_DSN",
    "WEB_CONCURRENCY",
    "KUBERNETES_SERVICE_HOST",
    "FLY_APP_NAME",
    "RENDER",
)
PACKAGES = (
    "django",
    "celery",
    "sentry-sdk",
    "newrelic",
    "ddtrace",
    "scout-apm",
    "djangorestframework",
    "django-ratelimit",
    "django-axes",
    "django-anymail",
    "django-read-only",
    "django-storages",
    "django-cors-headers",
    "django-dbbackup",
    "django-environ",
    "python-decouple",
    "whitenoise",
    "gunicorn",
    "uvicorn",
    "redis",
    "django-redis",
    "psycopg",
    "psycopg2",
    "psycopg2-binary",
    "boto3",
)
# Plain settings copied as they are: the settings counterparts of items probed from outside.
PLAIN_SETTINGS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_SSL_HOST",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_BROWSER_XSS_FILTER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_AGE",
    "SESSION_COOKIE_NAME",
    "SESSION_ENGINE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_USE_SESSIONS",
    "CSRF_TRUSTED_ORIGINS",
    "CSRF_FAILURE_VIEW",
    "X_FRAME_OPTIONS",
    "PREPEND_WWW",
    "APPEND_SLASH",
    "USE_X_FORWARDED_HOST",
    "USE_X_FORWARDED_PORT",
    "CORS_ALLOW_ALL_ORIGINS",
    "CORS_ORIGIN_ALLOW_ALL",
    "CORS_ALLOW_CREDENTIALS",
    "CORS_ALLOWED_ORIGINS",
    "CORS_ORIGIN_WHITELIST",
    "CORS_ALLOWED_ORIGIN_REGEXES",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_PORT",
    "STATIC_URL",
    "MEDIA_URL",
    "WSGI_APPLICATION",
    "ASGI_APPLICATION",
    "FILE_UPLOAD_PERMISSIONS",
    "DATA_UPLOAD_MAX_NUMBER_FIELDS",
    "DATA_UPLOAD_MAX_NUMBER_FILES",
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_ACCEPT_CONTENT",
    "CELERY_TASK_SERIALIZER",
    "CELERY_RESULT_SERIALIZER",
    "DJANGO_READ_ONLY",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "USE_TZ",
)
SENSITIVE_NAME = re.compile(
    r"PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE|_DSN$|^DSN$|(^|_)KEY$"
)
NOT_SENSITIVE = re.compile(
    r"^(SECRET_KEY|SECRET_KEY_FALLBACKS|PASSWORD_HASHERS|PASSWORD_RESET_TIMEOUT|"
    r"AUTH_PASSWORD_VALIDATORS|CSRF_HEADER_NAME)$|_PREFIX$|_FUNCTION$|_TIMEOUT$|_VALIDATORS$"
)
URL_SETTINGS = {
    "CELERY_BROKER_URL": "celery-broker",
    "BROKER_URL": "celery-broker",
    "CELERY_RESULT_BACKEND": "celery-result-backend",
    "REDIS_URL": "redis-url",
}
SERVICE_SCHEMES = (
    "redis",
    "rediss",
    "amqp",
    "amqps",
    "memcache",
    "memcached",
    "postgres",
    "postgresql",
    "mysql",
    "sqs",
    "valkey",
    "valkeys",
)


class RunnerTimeout(BaseException):
    """The time limit: a BaseException, so the project's ``except Exception`` cannot swallow it."""


class CountingSink(io.TextIOBase):
    """Stands in for stdout/stderr: counts what the project prints and keeps none of it."""

    def __init__(self) -> None:
        self.count = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.count += len(text)
        return len(text)

    def fileno(self) -> int:
        # Code that asks for a real descriptor (faulthandler, subprocess) must fail cleanly.
        raise io.UnsupportedOperation("launchtui's runner keeps no output")

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def isatty(self) -> bool:
        return False


class Runner:
    """One run: configuration, collected facts, and the secrets to scrub from them."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.source = str(config.get("source") or "runner")
        self.salt = str(config.get("salt") or "").encode()
        self.doc: dict[str, Any] = {
            "format": FORMAT,
            "source": self.source,
            "settings_module": None,
            "section_errors": [],
        }
        self.secrets: set[str] = set()
        self.sink = CountingSink()
        self.env_read: list[str] = []
        self.env_missing: list[str] = []
        self.finished = threading.Event()
        self.write_lock = threading.Lock()
        self.written = False
        self.root = os.path.realpath(os.getcwd())
        self.real_stdout = sys.stdout
        self.real_stderr = sys.stderr

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> None:
        """Everything, in order; whatever happens, the document is written once."""
        limit = float(self.config.get("time_limit") or 60)
        self.deadline = time.monotonic() + limit
        self._collect_env_secrets()
        self._start_time_limit(limit)
        sys.stdout = self.sink
        sys.stderr = self.sink
        try:
            self._run_inside()
        except RunnerTimeout:
            self.doc["error"] = {
                "kind": "timeout",
                "message": f"the project did not finish loading and checking within {limit:g} s",
                "variable": None,
            }
        except BaseException as error:
            self.doc["error"] = self._describe_setup_error(error)
        finally:
            self._cancel_time_limit()
            self.write()

    def _run_inside(self) -> None:
        self.section("host", self.host_facts)
        root = self.config.get("project_root") or os.getcwd()
        root = os.path.realpath(root)
        self.root = root
        if root not in sys.path:
            sys.path.insert(0, root)
        os.chdir(root)
        module = self.config.get("settings_module")
        if module and (
            self.config.get("settings_explicit") or not os.environ.get("DJANGO_SETTINGS_MODULE")
        ):
            os.environ["DJANGO_SETTINGS_MODULE"] = str(module)
        self.doc["settings_module"] = os.environ.get("DJANGO_SETTINGS_MODULE")
        if not self.doc["settings_module"]:
            self.doc["error"] = {
                "kind": "improperly-configured",
                "message": "no settings module: DJANGO_SETTINGS_MODULE is not set, none given",
                "variable": "DJANGO_SETTINGS_MODULE",
            }
            return
        try:
            django = importlib.import_module("django")
        except ImportError as error:
            self.doc["error"] = {
                "kind": "import-error",
                "message": f"Django does not import in {sys.executable}: {error}",
                "variable": None,
            }
            return
        with self.recording_environment():
            django.setup()
            settings = importlib.import_module("django.conf").settings
            settings.INSTALLED_APPS  # noqa: B018 -- force the settings to load inside the recorder
        self._collect_setting_secrets(settings)
        self.doc["environment"] = {
            "source": self.source,
            "read": sorted(set(self.env_read))[:500],
            "missing": sorted(set(self.env_missing))[:500],
        }
        # Sentry first: its facts are read, then its transport is dropped, so nothing this run
        # does (a check, a refused service) can become an event in the project's Sentry.
        self.section("sentry", self.sentry_facts)
        # The settings are read before anything else runs; then mail goes nowhere, so an error
        # logged while checking cannot reach AdminEmailHandler's real backend.
        self.section("settings", self.settings_facts)
        self.section("mail", self.silence_mail)
        self.section("checks", self.checks_facts)
        self.section("urls", self.urls_facts)  # before anymail: URLconfs connect receivers
        self.section("secrets", self.secrets_facts)
        self.section("logging", self.logging_facts)
        self.section("file_fields", self.file_fields_facts)
        self.section("anymail", self.anymail_facts)
        self.section("read_only", self.read_only_facts)
        if self.config.get("services", True):
            self.section("services", self.services_facts)

    def section(self, name: str, collect: Callable[[], dict[str, Any]]) -> None:
        """Collect one section; an exception is reported for that section only."""
        try:
            facts = collect()
        except RunnerTimeout:
            raise
        except BaseException as error:
            self.doc["section_errors"].append({"section": name, "message": _error_line(error)})
            return
        if facts:
            facts["source"] = self.source
            self.doc[name] = facts

    # -- time limit ----------------------------------------------------------------------------

    def _start_time_limit(self, limit: float) -> None:
        # SIGALRM interrupts Python code in the main thread; a backstop thread covers code stuck
        # in C (a blocking call that never returns to the interpreter).
        if hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, limit)
        backstop = threading.Thread(target=self._backstop, args=(limit + 3.0,), daemon=True)
        backstop.start()

    def _cancel_time_limit(self) -> None:
        if hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread():
            signal.setitimer(signal.ITIMER_REAL, 0)
        self.finished.set()

    def _backstop(self, limit: float) -> None:
        if self.finished.wait(limit):
            return
        try:
            self.doc["error"] = {
                "kind": "timeout",
                "message": f"the project was stuck for more than {limit:g} s and was stopped",
                "variable": None,
            }
            self.write()
        finally:
            os._exit(3)

    # -- environment ---------------------------------------------------------------------------

    def recording_environment(self) -> _RecordingEnvironment:
        """Record the names the settings read from os.environ (and which were missing)."""
        return _RecordingEnvironment(self)

    def read_by_project(self, name: object) -> bool:
        """An environment read made from the project's own code (settings, or a library they
        call such as django-environ), not by Python or Django for themselves."""
        if not isinstance(name, str) or name.startswith(("PYTHON", "_PYTHON")):
            return False
        frame: types.FrameType | None = sys._getframe(2)
        for _ in range(40):
            if frame is None:
                return False
            if _in_project(frame.f_code.co_filename, self.root):
                return True
            frame = frame.f_back
        return False

    def _collect_env_secrets(self) -> None:
        for name, value in os.environ.items():
            if SENSITIVE_NAME.search(name.upper()) and len(value) >= 6:
                self.secrets.add(value)

    def _collect_setting_secrets(self, settings: Any) -> None:
        """Every secret the settings hold, to scrub from the document (SECRET_KEY first)."""
        candidates = [value for _name, value in self._sensitive_values(settings)]
        with contextlib.suppress(Exception):  # empty: Django raises ImproperlyConfigured
            candidates.append(settings.SECRET_KEY)
        candidates += list(getattr(settings, "SECRET_KEY_FALLBACKS", None) or [])
        for value in candidates:
            if isinstance(value, str) and len(value) >= 4:
                self.secrets.add(value)

    # -- output --------------------------------------------------------------------------------

    def write(self) -> None:
        """Write the document once: to the configured file, or between markers on stdout."""
        with self.write_lock:
            if self.written:
                return
            self.written = True
            self.doc["printed_chars"] = self.sink.count
            text = json.dumps(self._scrub(self.doc), ensure_ascii=True, separators=(",", ":"))
            output = self.config.get("output")
            if output:
                partial = f"{output}.partial"
                with open(partial, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(partial, output)
            else:
                nonce = str(self.config.get("nonce") or "")
                stream = sys.__stdout__ or self.real_stdout
                stream.write(f"\n==== launchtui facts {nonce} begin ====\n")
                stream.write(text)
                stream.write(f"\n==== launchtui facts {nonce} end ====\n")
                stream.flush()

    def _scrub(self, value: Any) -> Any:
        if isinstance(value, str):
            for secret in sorted(self.secrets, key=len, reverse=True):
                if secret in value:
                    value = value.replace(secret, REDACTED)
            return value
        if isinstance(value, dict):
            return {self._scrub(str(key)): self._scrub(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._scrub(item) for item in value]
        return value

    # -- setup errors ----------------------------------------------------------------------------

    def _describe_setup_error(self, error: BaseException) -> dict[str, Any]:
        name = type(error).__name__
        message = _error_line(error)
        if isinstance(error, SystemExit):
            return {
                "kind": "exception",
                "message": f"the project called sys.exit({error.code!r})",
                "variable": None,
            }
        if name == "ImproperlyConfigured":
            match = re.search(r"Set the (\w+) environment variable", str(error))
            if match:
                return {"kind": "missing-variable", "message": message, "variable": match.group(1)}
            match = re.search(r"The (\w+) setting must not be empty", str(error))
            return {
                "kind": "improperly-configured",
                "message": message,
                "variable": match.group(1) if match else None,
            }
        if name == "UndefinedValueError":  # python-decouple
            match = re.match(r"(\w+) not found", str(error))
            return {
                "kind": "missing-variable",
                "message": message,
                "variable": match.group(1) if match else None,
            }
        if isinstance(error, KeyError) and (
            _raised_by_environ(error) or (error.args and str(error.args[0]) in self.env_missing)
        ):
            variable = str(error.args[0]) if error.args else None
            return {
                "kind": "missing-variable",
                "message": f"the settings read os.environ[{variable!r}], which is not set",
                "variable": variable,
            }
        if isinstance(error, ImportError):
            return {"kind": "import-error", "message": message, "variable": error.name}
        return {"kind": "exception", "message": message, "variable": None}

    # -- sections --------------------------------------------------------------------------------

    def host_facts(self) -> dict[str, Any]:
        os_release = _os_release()
        packages = _installed_versions(PACKAGES)
        django_version = packages.get("django", "")
        geteuid = getattr(os, "geteuid", None)
        return {
            "python_version": platform.python_version(),
            "python_implementation": platform.python_implementation(),
            "django_version": django_version,
            "os_id": os_release.get("ID"),
            "os_version_id": os_release.get("VERSION_ID"),
            "euid": geteuid() if geteuid else None,
            "env_present": [name for name in ENV_NAMES if name in os.environ],
            "packages": packages,
        }

    def checks_facts(self) -> dict[str, Any]:
        checks = importlib.import_module("django.core.checks")
        settings = importlib.import_module("django.conf").settings
        silenced = [str(item) for item in getattr(settings, "SILENCED_SYSTEM_CHECKS", [])]
        messages = []
        error = None
        try:
            found = checks.run_checks(include_deployment_checks=True)
        except RunnerTimeout:
            raise
        except Exception as failure:
            found = []
            error = _error_line(failure)
        for message in found[:2000]:
            obj = getattr(message, "obj", None)
            messages.append(
                {
                    "id": str(message.id or ""),
                    "level": int(message.level),
                    "msg": _text(message.msg),
                    "hint": _text(message.hint) if message.hint else None,
                    "obj": _text(obj) if obj is not None else "?",
                    "silenced": bool(message.is_silenced()),
                }
            )
        return {"messages": messages, "silenced_ids": silenced, "error": error}

    def settings_facts(self) -> dict[str, Any]:
        settings = importlib.import_module("django.conf").settings
        apps = importlib.import_module("django.apps").apps
        middleware = [str(item) for item in (getattr(settings, "MIDDLEWARE", None) or [])]
        installed = [config.name for config in apps.get_app_configs()]
        return {
            "settings_module": str(settings.SETTINGS_MODULE or ""),
            "debug": bool(settings.DEBUG),
            "allowed_hosts": [str(host) for host in settings.ALLOWED_HOSTS],
            "middleware": middleware,
            "installed_apps": installed,
            "silenced_system_checks": [str(i) for i in settings.SILENCED_SYSTEM_CHECKS],
            "admins_count": len(settings.ADMINS or ()),
            "managers_count": len(settings.MANAGERS or ()),
            "broken_link_emails_middleware": (
                "django.middleware.common.BrokenLinkEmailsMiddleware" in middleware
            ),
            "session_cookie_domain": _str_or_none(settings.SESSION_COOKIE_DOMAIN),
            "csrf_cookie_domain": _str_or_none(settings.CSRF_COOKIE_DOMAIN),
            "data_upload_max_memory_size": _int_or_none(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "file_upload_max_memory_size": _int_or_none(settings.FILE_UPLOAD_MAX_MEMORY_SIZE),
            "databases": [_database(alias, conf) for alias, conf in settings.DATABASES.items()],
            "caches": [_cache(alias, conf) for alias, conf in settings.CACHES.items()],
            "storages": _storages(settings),
            "email": _email(settings, installed),
            "throttling": _throttling(settings, installed),
            "endpoints": _url_endpoints(settings),
            "values": _plain_values(settings),
        }

    def silence_mail(self) -> dict[str, Any]:
        """Point EMAIL_BACKEND at Django's dummy backend for the rest of the run (not a fact)."""
        settings = importlib.import_module("django.conf").settings
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        return {}

    def secrets_facts(self) -> dict[str, Any]:
        settings = importlib.import_module("django.conf").settings
        try:
            key = settings.SECRET_KEY
        except Exception:
            key = ""
        fallbacks = getattr(settings, "SECRET_KEY_FALLBACKS", None) or []
        return {
            "secret_key": self._secret("SECRET_KEY", key) if isinstance(key, str) and key else None,
            "fallbacks": [
                self._secret(f"SECRET_KEY_FALLBACKS[{index}]", value)
                for index, value in enumerate(fallbacks)
                if isinstance(value, str) and value
            ],
            "sensitive": [
                self._secret(name, value) for name, value in self._sensitive_values(settings)
            ],
        }

    def _secret(self, name: str, value: str) -> dict[str, Any]:
        digest = hmac.new(self.salt, value.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return {
            "name": name,
            "length": len(value),
            "unique_chars": len(set(value)),
            "digest": digest.hexdigest(),
            "insecure_prefix": value.startswith("django-insecure-"),
        }

    def _sensitive_values(self, settings: Any) -> Iterator[tuple[str, str]]:
        seen: set[str] = set()
        for name in dir(settings):
            if not name.isupper() or NOT_SENSITIVE.search(name):
                continue
            try:
                value = getattr(settings, name)
            except Exception:
                continue
            for label, text in _sensitive_in(name, value, depth=0):
                if label not in seen:
                    seen.add(label)
                    yield label, text

    def logging_facts(self) -> dict[str, Any]:
        import logging

        settings = importlib.import_module("django.conf").settings
        names = [
            "",
            "django",
            "django.request",
            "django.server",
            "django.security",
            "django.db.backends",
            "celery",
        ]
        configured = getattr(settings, "LOGGING", None) or {}
        if isinstance(configured, dict):
            names += [str(n) for n in (configured.get("loggers") or {}) if str(n) not in names]
        handlers: dict[int, dict[str, Any]] = {}
        loggers = []
        for name in names[:200]:
            logger = logging.getLogger(name) if name else logging.getLogger()
            reached: list[str] = []
            admin = False
            current: Any = logger
            while current is not None:
                for handler in current.handlers:
                    described = handlers.get(id(handler))
                    if described is None:
                        described = _handler(handler, len(handlers))
                        taken = {entry["name"] for entry in handlers.values()}
                        if described["name"] in taken:  # Django's defaults reuse the names
                            described["name"] += f"#{len(handlers) + 1}"
                        handlers[id(handler)] = described
                    if described["name"] not in reached:
                        reached.append(described["name"])
                    admin = admin or _is_admin_email_handler(handler)
                if not current.propagate:
                    break
                current = current.parent
            loggers.append(
                {
                    "name": name,
                    "level": int(logger.getEffectiveLevel()),
                    "handlers": reached,
                    "reaches_admin_email": admin,
                }
            )
        return {"loggers": loggers, "handlers": list(handlers.values())}

    def file_fields_facts(self) -> dict[str, Any]:
        apps = importlib.import_module("django.apps").apps
        models = importlib.import_module("django.db.models")
        fields = []
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy:
                continue
            in_project = _in_project(meta.app_config.path, self.root)
            for field in meta.local_fields:
                if not isinstance(field, models.FileField):
                    continue
                upload_to = field.upload_to
                fields.append(
                    {
                        "model": f"{meta.app_label}.{meta.object_name}",
                        "field": field.name,
                        "field_class": _path_of(type(field)),
                        "is_image": isinstance(field, models.ImageField),
                        "upload_to": f"callable:{_path_of(upload_to)}"
                        if callable(upload_to)
                        else str(upload_to or ""),
                        "validators": [
                            _path_of(v) if isinstance(v, types.FunctionType) else _path_of(type(v))
                            for v in field.validators
                        ],
                        "in_project": in_project,
                    }
                )
        return {"fields": fields[:2000]}

    def sentry_facts(self) -> dict[str, Any]:
        installed = importlib.util.find_spec("sentry_sdk") is not None
        facts: dict[str, Any] = {
            "sdk_installed": installed,
            "sdk_version": None,
            "client_active": False,
            "dsn_set": False,
            "dsn_host": None,
            "integrations": [],
            "send_default_pii": None,
            "environment": None,
        }
        sdk = sys.modules.get("sentry_sdk")
        if sdk is None:
            return facts  # the settings never imported it, so no client was initialised
        facts["sdk_version"] = str(getattr(sdk, "VERSION", "") or "") or None
        # sentry-sdk 2.x has get_client(); 1.x keeps the client on the current hub.
        client = sdk.get_client() if hasattr(sdk, "get_client") else sdk.Hub.current.client
        if client is None:
            return facts
        active = client.is_active() if hasattr(client, "is_active") else True
        options = getattr(client, "options", None) or {}
        dsn = options.get("dsn") or getattr(client, "dsn", None) or ""
        facts["client_active"] = bool(active)
        facts["dsn_set"] = bool(dsn)
        if dsn:
            facts["dsn_host"] = urllib.parse.urlsplit(str(dsn)).hostname
        facts["integrations"] = sorted(
            str(name) for name in (getattr(client, "integrations", None) or {})
        )
        pii = options.get("send_default_pii")
        facts["send_default_pii"] = bool(pii) if pii is not None else None
        environment = options.get("environment")
        facts["environment"] = str(environment) if environment else None
        if getattr(client, "transport", None) is not None:
            client.transport = None  # no event leaves this process from here on
        return facts

    def anymail_facts(self) -> dict[str, Any]:
        installed = importlib.util.find_spec("anymail") is not None
        facts: dict[str, Any] = {
            "installed": installed,
            "post_send_receivers": [],
            "tracking_receivers": [],
        }
        if not installed:
            return facts
        signals = importlib.import_module("anymail.signals")
        for key, signal_name in (
            ("post_send_receivers", "post_send"),
            ("tracking_receivers", "tracking"),
        ):
            signal_object = getattr(signals, signal_name, None)
            for entry in list(getattr(signal_object, "receivers", None) or []):
                receiver = entry[1]
                if isinstance(receiver, __import__("weakref").ReferenceType):
                    receiver = receiver()
                if receiver is not None:
                    facts[key].append(_path_of(receiver))
        return facts

    def read_only_facts(self) -> dict[str, Any]:
        apps = importlib.import_module("django.apps").apps
        installed = apps.is_installed("django_read_only")
        read_only = None
        if installed:
            value = getattr(importlib.import_module("django_read_only"), "read_only", None)
            read_only = value if isinstance(value, bool) else None
        return {"installed": installed, "read_only": read_only}

    def urls_facts(self) -> dict[str, Any]:
        settings = importlib.import_module("django.conf").settings
        urls = importlib.import_module("django.urls")
        root = str(getattr(settings, "ROOT_URLCONF", "") or "")
        facts: dict[str, Any] = {
            "root_urlconf": root,
            "admin_url": None,
            "handler404": None,
            "handler500": None,
            "error": None,
        }
        try:
            module = importlib.import_module(root)
            resolver = urls.get_resolver()
            resolver.url_patterns  # noqa: B018 -- imports every included URLconf
        except RunnerTimeout:
            raise
        except Exception as error:
            facts["error"] = _error_line(error)
            return facts
        try:
            facts["admin_url"] = str(urls.reverse("admin:index"))
        except Exception:
            facts["admin_url"] = None
        for name in ("handler404", "handler500"):
            handler = getattr(module, name, None)
            if handler is not None:
                facts[name] = handler if isinstance(handler, str) else _path_of(handler)
        return facts

    def services_facts(self) -> dict[str, Any]:
        settings = importlib.import_module("django.conf").settings
        return {
            "redis": _redis_services(settings, self.deadline),
            "postgres": _postgres_services(settings, self.deadline),
        }


class _RecordingEnvironment:
    """Swap os.environ's class for one that notes every name read, for the duration of setup."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.original: type | None = None

    def __enter__(self) -> None:
        runner = self.runner
        base = type(os.environ)

        class Recording(base):  # type: ignore[valid-type,misc]
            def __getitem__(self, key: str) -> str:
                try:
                    value: str = super().__getitem__(key)
                except KeyError:
                    if runner.read_by_project(key):
                        runner.env_read.append(str(key))
                        runner.env_missing.append(str(key))
                    raise
                if runner.read_by_project(key):
                    runner.env_read.append(str(key))
                return value

        self.original = base
        try:
            os.environ.__class__ = Recording
        except TypeError:
            self.original = None

    def __exit__(self, *exc: object) -> None:
        if self.original is not None:
            os.environ.__class__ = self.original


# -- helpers ---------------------------------------------------------------------------------------


def _raise_timeout(signum: int, frame: object) -> None:
    raise RunnerTimeout


def _raised_by_environ(error: KeyError) -> bool:
    tb = error.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    filename = last.tb_frame.f_code.co_filename
    return os.path.basename(filename) == "os.py" or filename == "<frozen os>"


def _error_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    first = text[0] if text else ""
    name = type(error).__name__
    where = ""
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        frame = frames[-1]
        where = f" ({os.path.basename(frame.filename)}:{frame.lineno})"
    return _text(f"{name}: {first}{where}" if first else f"{name}{where}")


def _text(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _str_or_none(value: object) -> str | None:
    return None if value is None else _text(value)


def _int_or_none(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number: int = int(value)  # type: ignore[call-overload]
        return number
    except (TypeError, ValueError):
        return None


def _path_of(obj: object) -> str:
    module = getattr(obj, "__module__", None) or ""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if name is None:
        name = type(obj).__qualname__
    return f"{module}.{name}" if module else str(name)


def _in_project(path: str | None, root: str) -> bool:
    if not path or path.startswith("<"):
        return False
    real = os.path.realpath(path)
    parts = real.split(os.sep)
    if "site-packages" in parts or "dist-packages" in parts:
        return False
    return real == root or real.startswith(os.path.realpath(root) + os.sep)


_DIST_INFO = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+?)\.(?:dist-info|egg-info)$")


def _installed_versions(wanted: tuple[str, ...]) -> dict[str, str]:
    """Versions of the wanted distributions, from the ``NAME-VERSION.dist-info`` folders on
    sys.path: one directory listing each, where importlib.metadata would cost a tenth of a
    second to import and a scan of every distribution per name."""
    normal = {re.sub(r"[-_.]+", "-", name).lower(): name for name in wanted}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            match = _DIST_INFO.match(folder)
            if match is None:
                continue
            name = normal.get(re.sub(r"[-_.]+", "-", match.group("name")).lower())
            if name is not None and name not in found:
                found[name] = match.group("version")[:40]
    return {name: found[name] for name in wanted if name in found}


def _os_release() -> dict[str, str]:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read(65536).splitlines()
        except OSError:
            continue
        values = {}
        for line in lines:
            key, sep, value = line.partition("=")
            if sep and key.strip() in ("ID", "VERSION_ID"):
                values[key.strip()] = value.strip().strip("\"'")[:100]
        return values
    return {}


def _endpoint(role: str, url: str) -> dict[str, Any] | None:
    if "://" not in url:
        return None
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    query = urllib.parse.parse_qs(parts.query)
    scheme = parts.scheme.lower()
    tls = scheme in ("rediss", "amqps", "https", "valkeys") or any(
        query.get(k, [""])[0].lower() in ("require", "verify-ca", "verify-full", "true", "required")
        for k in ("sslmode", "ssl", "ssl_cert_reqs")
    )
    return {
        "role": role,
        "scheme": scheme,
        "host": (parts.hostname or "")[:255],
        "port": port,
        "tls": bool(tls),
    }


def _database(alias: str, conf: dict[str, Any]) -> dict[str, Any]:
    engine = str(conf.get("ENGINE") or "")
    options = conf.get("OPTIONS") or {}
    sslmode = options.get("sslmode") if isinstance(options, dict) else None
    endpoint = None
    if "sqlite" not in engine:
        port = _int_or_none(conf.get("PORT") or None)
        endpoint = {
            "role": f"database:{alias}",
            "scheme": engine.rsplit(".", 1)[-1],
            "host": str(conf.get("HOST") or "")[:255],
            "port": port,
            "tls": str(sslmode or "") in ("require", "verify-ca", "verify-full")
            or bool(isinstance(options, dict) and options.get("ssl")),
        }
    max_age = conf.get("CONN_MAX_AGE", 0)
    return {
        "alias": str(alias),
        "engine": engine,
        "atomic_requests": bool(conf.get("ATOMIC_REQUESTS", False)),
        "conn_max_age": None if max_age is None else _int_or_none(max_age),
        "endpoint": endpoint,
        "sslmode": str(sslmode) if sslmode else None,
    }


def _locations(conf: dict[str, Any]) -> list[str]:
    location = conf.get("LOCATION") or ""
    if isinstance(location, (list, tuple)):
        return [str(item) for item in location]
    text = str(location)
    return [part for part in re.split(r"[;,]", text) if part] if text else []


def _cache(alias: str, conf: dict[str, Any]) -> dict[str, Any]:
    backend = str(conf.get("BACKEND") or "")
    endpoints = []
    lowered = backend.lower()
    if any(word in lowered for word in ("redis", "memcache", "pymemcache", "valkey")):
        for location in _locations(conf):
            endpoint = _endpoint(f"cache:{alias}", location)
            if endpoint is None and ":" in location and not location.startswith("unix:"):
                host, _, port = location.rpartition(":")
                endpoint = {
                    "role": f"cache:{alias}",
                    "scheme": "memcached",
                    "host": host[:255],
                    "port": _int_or_none(port),
                    "tls": False,
                }
            if endpoint is not None:
                endpoints.append(endpoint)
    return {"alias": str(alias), "backend": backend, "endpoints": endpoints}


def _storages(settings: Any) -> list[dict[str, Any]]:
    storages = getattr(settings, "STORAGES", None) or {}
    if not storages:
        storages = {
            "default": {"BACKEND": getattr(settings, "DEFAULT_FILE_STORAGE", "")},
            "staticfiles": {"BACKEND": getattr(settings, "STATICFILES_STORAGE", "")},
        }
    out = []
    for alias, conf in storages.items():
        backend = str((conf or {}).get("BACKEND") or "")
        options = (conf or {}).get("OPTIONS") or {}
        cloud = backend.startswith("storages.")
        bucket = options.get("bucket_name")
        acl = options.get("default_acl")
        auth = options.get("querystring_auth")
        if cloud:
            bucket = (
                bucket
                or getattr(settings, "AWS_STORAGE_BUCKET_NAME", None)
                or getattr(settings, "GS_BUCKET_NAME", None)
                or getattr(settings, "AZURE_CONTAINER", None)
            )
            acl = acl if "default_acl" in options else getattr(settings, "AWS_DEFAULT_ACL", None)
            if auth is None:
                auth = getattr(settings, "AWS_QUERYSTRING_AUTH", None)
        out.append(
            {
                "alias": str(alias),
                "backend": backend,
                "bucket_name": str(bucket) if bucket else None,
                "default_acl": str(acl) if acl else None,
                "querystring_auth": bool(auth) if auth is not None else None,
            }
        )
    return out


def _address(value: object, django_default: str) -> dict[str, Any]:
    from email.utils import parseaddr

    text = str(value or "").strip()
    display, address = parseaddr(text)
    domain = address.rpartition("@")[2].lower().rstrip(".") if "@" in address else ""
    if not text:
        classification = "empty"
    elif not domain:
        classification = "invalid"
    elif (
        domain == "localhost" or domain.endswith(".localhost") or domain == "localhost.localdomain"
    ):
        classification = "localhost"
    elif re.search(r"(^|\.)example\.(com|org|net)$|(^|\.)example$", domain):
        classification = "example"
    else:
        classification = "ok"
    return {
        "classification": classification,
        "domain": domain[:255],
        "display_name": bool(display.strip()),
        "is_django_default": text == django_default,
    }


def _has_bcc(defaults: object) -> bool:
    if not isinstance(defaults, dict):
        return False
    if defaults.get("bcc"):
        return True
    extra = defaults.get("esp_extra")
    if isinstance(extra, dict):
        mail_settings = extra.get("mail_settings")
        if isinstance(mail_settings, dict) and mail_settings.get("bcc"):
            return True
    return False


def _email(settings: Any, installed: list[str]) -> dict[str, Any]:
    backend = str(getattr(settings, "EMAIL_BACKEND", "") or "")
    match = re.match(r"anymail\.backends\.(\w+)", backend)
    esp = match.group(1) if match else None
    anymail = getattr(settings, "ANYMAIL", None) or {}
    bcc = _has_bcc(getattr(settings, "ANYMAIL_SEND_DEFAULTS", None))
    if isinstance(anymail, dict):
        bcc = bcc or _has_bcc(anymail.get("SEND_DEFAULTS"))
        if esp:
            bcc = bcc or _has_bcc(anymail.get(f"{esp.upper()}_SEND_DEFAULTS"))
    return {
        "backend": backend,
        "anymail_installed": "anymail" in installed,
        "anymail_esp": esp,
        "send_defaults_bcc": bcc,
        "use_tls": bool(getattr(settings, "EMAIL_USE_TLS", False)),
        "use_ssl": bool(getattr(settings, "EMAIL_USE_SSL", False)),
        "host": str(getattr(settings, "EMAIL_HOST", "") or "")[:255],
        "default_from": _address(settings.DEFAULT_FROM_EMAIL, "webmaster@localhost"),
        "server_email": _address(settings.SERVER_EMAIL, "root@localhost"),
    }


def _throttling(settings: Any, installed: list[str]) -> dict[str, Any]:
    rest = getattr(settings, "REST_FRAMEWORK", None) or {}
    classes = rest.get("DEFAULT_THROTTLE_CLASSES") or [] if isinstance(rest, dict) else []
    rates = rest.get("DEFAULT_THROTTLE_RATES") or {} if isinstance(rest, dict) else {}
    ratelimit = "django_ratelimit" in installed or "ratelimit" in installed
    cache = getattr(settings, "RATELIMIT_USE_CACHE", None)
    if ratelimit and cache is None:
        cache = "default"  # django-ratelimit's own default
    return {
        "drf_installed": "rest_framework" in installed,
        "throttle_classes": [
            str(item) if isinstance(item, str) else _path_of(item) for item in classes
        ],
        "throttle_rates": {str(k): (None if v is None else str(v)) for k, v in dict(rates).items()},
        "ratelimit_installed": ratelimit,
        "ratelimit_cache": str(cache) if cache else None,
        "axes_installed": "axes" in installed,
    }


def _url_endpoints(settings: Any) -> list[dict[str, Any]]:
    endpoints = []
    for name in dir(settings):
        if not name.isupper():
            continue
        role = URL_SETTINGS.get(name)
        if role is None and not re.search(r"_(URL|URI|LOCATION)$", name):
            continue
        try:
            value = getattr(settings, name)
        except Exception:
            continue
        if not isinstance(value, str) or "://" not in value:
            continue
        scheme = value.split("://", 1)[0].lower()
        if role is None and scheme not in SERVICE_SCHEMES:
            continue
        endpoint = _endpoint(role or f"setting:{name}", value)
        if endpoint is not None:
            endpoints.append(endpoint)
    return endpoints


def _plain(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        if all(isinstance(item, str) for item in items):
            return [_text(item) for item in items[:500]]
    return _SKIP


_SKIP = object()


def _plain_values(settings: Any) -> dict[str, Any]:
    values = {}
    for name in PLAIN_SETTINGS:
        if not hasattr(settings, name):
            continue
        plain = _plain(getattr(settings, name))
        if plain is not _SKIP:
            values[name] = plain
    return values


def _sensitive_in(name: str, value: object, depth: int) -> Iterator[tuple[str, str]]:
    """(label, value) for every string under a sensitive name, in settings and nested dicts."""
    if depth > 4:
        return
    sensitive = bool(SENSITIVE_NAME.search(name.upper())) and not NOT_SENSITIVE.search(name.upper())
    if isinstance(value, str):
        if sensitive and value:
            yield name, value
        elif "://" in value:
            password = urllib.parse.urlsplit(value).password
            if password:
                yield f"{name}:password", urllib.parse.unquote(password)
        return
    if isinstance(value, dict):
        for key, item in list(value.items())[:200]:
            yield from _sensitive_in(f"{name}.{key}", item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(list(value)[:200]):
            yield from _sensitive_in(f"{name}[{index}]", item, depth + 1)


def _handler(handler: Any, index: int) -> dict[str, Any]:
    import logging.handlers

    formatter = getattr(handler, "formatter", None)
    fmt = None
    if formatter is not None:
        fmt = getattr(formatter, "_fmt", None) or f"class:{_path_of(type(formatter))}"
    syslog_host = None
    if isinstance(handler, logging.handlers.SysLogHandler):
        address = getattr(handler, "address", None)
        if isinstance(address, tuple) and address:
            syslog_host = str(address[0])[:255]
    return {
        "name": str(getattr(handler, "name", None) or f"#{index}"),
        "class_path": _path_of(type(handler)),
        "level": int(getattr(handler, "level", 0) or 0),
        "format": _text(fmt) if fmt else None,
        "syslog_host": syslog_host,
    }


def _is_admin_email_handler(handler: Any) -> bool:
    return any(
        _path_of(cls) == "django.utils.log.AdminEmailHandler" for cls in type(handler).__mro__
    )


# -- services --------------------------------------------------------------------------------------


def _redis_urls(settings: Any) -> dict[tuple[str, int | None], dict[str, Any]]:
    """Every Redis the settings name, by (host, port): its roles and one full URL to reach it."""
    servers: dict[tuple[str, int | None], dict[str, Any]] = {}

    def add(role: str, url: str) -> None:
        if not url.lower().startswith(("redis://", "rediss://", "unix://")):
            return
        parts = urllib.parse.urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            port = None
        key = (parts.hostname or parts.path, port or (6379 if parts.hostname else None))
        entry = servers.setdefault(key, {"roles": [], "url": url})
        if role not in entry["roles"]:
            entry["roles"].append(role)

    for alias, conf in (getattr(settings, "CACHES", None) or {}).items():
        for location in _locations(conf or {}):
            add(f"cache:{alias}", location)
    for name, role in URL_SETTINGS.items():
        value = getattr(settings, name, None)
        if isinstance(value, str):
            add(role, value)
    return servers


def _importable(name: str) -> bool:
    """The module can be found (without importing it: a client library costs a few tenths)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _not_listening(host: str, port: int) -> str | None:
    """Why nothing answers a TCP connection on host:port within 5 s, or None if something does.

    Tried before the client library is imported, so a service that is not there costs a
    refused connection, not the library's import."""
    try:
        with socket.create_connection((host, port), timeout=SERVICE_TIMEOUT):
            return None
    except OSError as error:
        return f"nothing answers on {host}:{port} ({error.strerror or type(error).__name__})"


def _out_of_time(deadline: float) -> bool:
    """Too little of the time limit is left for one more service (5 s) and the write."""
    return time.monotonic() + SERVICE_TIMEOUT + 1.0 > deadline


TIME_LIMIT_REASON = "not queried: the runner's time limit would not allow 5 s more"


def _redis_services(settings: Any, deadline: float) -> list[dict[str, Any]]:
    servers = _redis_urls(settings)
    if not servers:
        return []
    available = _importable("redis")
    redis: Any = None
    out = []
    for (host, port), entry in list(servers.items())[:10]:
        facts: dict[str, Any] = {
            "roles": entry["roles"],
            "host": str(host)[:255],
            "port": port,
            "status": "skipped",
            "reason": "",
            "maxmemory": None,
            "maxmemory_policy": None,
            "maxclients": None,
            "version": None,
        }
        if not available:
            facts["reason"] = "no Redis client library (redis-py) in the project's interpreter"
            out.append(facts)
            continue
        if _out_of_time(deadline):
            facts["reason"] = TIME_LIMIT_REASON
            out.append(facts)
            continue
        silent = _not_listening(str(host), port) if port is not None else None
        if silent is not None:
            facts["status"] = "error"
            facts["reason"] = silent
            out.append(facts)
            continue
        try:
            if redis is None:
                redis = importlib.import_module("redis")
            client = redis.Redis.from_url(
                entry["url"], socket_timeout=SERVICE_TIMEOUT, socket_connect_timeout=SERVICE_TIMEOUT
            )
            try:
                memory = client.info("memory")
                server = client.info("server")
                facts["maxmemory"] = _int_or_none(memory.get("maxmemory"))
                facts["maxmemory_policy"] = _str_or_none(memory.get("maxmemory_policy"))
                facts["version"] = _str_or_none(server.get("redis_version"))
                try:
                    facts["maxclients"] = _int_or_none(
                        client.config_get("maxclients").get("maxclients")
                    )
                except Exception:
                    facts["maxclients"] = None
                facts["status"] = "ok"
            finally:
                client.close()
        except RunnerTimeout:
            raise
        except Exception as error:
            facts["status"] = "error"
            facts["reason"] = _error_line(error)
        out.append(facts)
    return out


def _postgres_services(settings: Any, deadline: float) -> list[dict[str, Any]]:
    databases = [
        (alias, conf)
        for alias, conf in (getattr(settings, "DATABASES", None) or {}).items()
        if "postgres" in str((conf or {}).get("ENGINE") or "")
        or "postgis" in str((conf or {}).get("ENGINE") or "")
    ]
    if not databases:
        return []
    driver_name = next((name for name in ("psycopg", "psycopg2") if _importable(name)), None)
    driver: Any = None
    out = []
    for alias, conf in databases[:10]:
        facts: dict[str, Any] = {
            "alias": str(alias),
            "host": str(conf.get("HOST") or "")[:255],
            "port": _int_or_none(conf.get("PORT") or None),
            "status": "skipped",
            "reason": "",
            "server_version": None,
            "max_connections": None,
            "settings": [],
        }
        if driver_name is None:
            facts["reason"] = (
                "no PostgreSQL client library (psycopg or psycopg2) in the project's interpreter"
            )
            out.append(facts)
            continue
        if _out_of_time(deadline):
            facts["reason"] = TIME_LIMIT_REASON
            out.append(facts)
            continue
        host = str(conf.get("HOST") or "")
        if host and not host.startswith("/"):
            silent = _not_listening(host, _int_or_none(conf.get("PORT") or None) or 5432)
            if silent is not None:
                facts["status"] = "error"
                facts["reason"] = silent
                out.append(facts)
                continue
        try:
            if driver is None:
                driver = importlib.import_module(driver_name)
            _read_pg_settings(driver, conf, facts)
            facts["status"] = "ok"
        except RunnerTimeout:
            raise
        except Exception as error:
            facts["status"] = "error"
            facts["reason"] = _error_line(error)
        out.append(facts)
    return out


def _read_pg_settings(driver: Any, conf: dict[str, Any], facts: dict[str, Any]) -> None:
    options = dict(conf.get("OPTIONS") or {})
    params: dict[str, Any] = {
        "dbname": conf.get("NAME") or "postgres",
        "connect_timeout": int(SERVICE_TIMEOUT),
        # Read-only for the whole session, and no statement may run long.
        "options": "-c default_transaction_read_only=on"
        f" -c statement_timeout={int(SERVICE_TIMEOUT * 1000)}",
    }
    for key, name in (
        ("USER", "user"),
        ("PASSWORD", "password"),
        ("HOST", "host"),
        ("PORT", "port"),
    ):
        if conf.get(key):
            params[name] = str(conf[key])
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "service", "passfile"):
        if options.get(key):
            params[key] = options[key]
    connection = driver.connect(**params)
    try:
        cursor = connection.cursor()
        cursor.execute("SET TRANSACTION READ ONLY")
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
        facts["server_version"] = str(row[0])[:100] if row else None
        cursor.execute(
            "SELECT name, setting, unit, boot_val FROM pg_settings"
            " WHERE name = ANY(%s) ORDER BY name",
            (list(PG_SETTINGS),),
        )
        for name, setting, unit, boot_val in cursor.fetchall():
            facts["settings"].append(
                {
                    "name": str(name),
                    "setting": str(setting),
                    "unit": None if unit is None else str(unit),
                    "boot_val": None if boot_val is None else str(boot_val),
                }
            )
            if name == "max_connections":
                facts["max_connections"] = _int_or_none(setting)
        connection.rollback()
    finally:
        connection.close()


def main() -> None:
    """Run with the embedded configuration (execute.py fills it in)."""
    config = LAUNCHTUI_CONFIG
    if not isinstance(config, dict):
        sys.stderr.write("launchtui runner: no configuration; run it through launchtui\n")
        raise SystemExit(2)
    Runner(config).run()


if __name__ == "__main__":
    main()
