"""What static reading knows about one setting: a literal, an environment read, or nothing sure.

A settings module is read as Python syntax, never run, so a value is one of:

- ``LITERAL``: written in the file (``DEBUG = False``); ``value`` holds it.
- ``ENV``: read from the environment (``os.environ``, ``os.getenv``, django-environ, decouple);
  ``env_name`` names the variable, ``default`` is the fallback the code gives, if any. The value
  production sees is not known here, so such a value never passes.
- ``CONDITIONAL``: assigned differently in branches of an ``if``/``try``; ``options`` holds them.
- ``UNKNOWN``: anything else (a function call, a path computation); ``expr`` says what.
- ``UNSET``: never assigned in the chain, so Django's default applies (see :data:`DJANGO_DEFAULTS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """How a setting's value is known without running the project."""

    LITERAL = "literal"
    ENV = "env"
    CONDITIONAL = "conditional"
    UNKNOWN = "unknown"
    UNSET = "unset"


@dataclass(frozen=True, slots=True)
class Value:
    """One setting as read from the source: its kind, and where it was assigned."""

    kind: Kind
    value: Any = None
    env_name: str = ""
    default: Value | None = None
    options: tuple[Value, ...] = ()
    expr: str = ""
    module: str = ""
    line: int = 0
    source: str = "static"

    @property
    def is_literal(self) -> bool:
        """The value is written in the file (or is Django's default): it is known."""
        return self.kind in (Kind.LITERAL, Kind.UNSET)

    @property
    def from_env(self) -> bool:
        """Production's value depends on an environment variable."""
        if self.kind is Kind.ENV:
            return True
        return any(option.from_env for option in self.options)

    def env_names(self) -> list[str]:
        """The environment variables this value reads (for evidence)."""
        if self.kind is Kind.ENV:
            return [self.env_name] if self.env_name else []
        names: list[str] = []
        for option in self.options:
            names += [n for n in option.env_names() if n not in names]
        return names

    def literal_values(self) -> list[Any]:
        """Every literal this value may take: itself, an env default, or a branch's literal."""
        if self.is_literal:
            return [self.value]
        if self.kind is Kind.ENV and self.default is not None:
            return self.default.literal_values()
        out: list[Any] = []
        for option in self.options:
            out += option.literal_values()
        return out

    def where(self) -> str:
        """``config/settings/base.py:12``-style location, or ``Django's default``."""
        if self.kind is Kind.UNSET:
            return "Django's default"
        return f"{self.module}:{self.line}" if self.module else "settings"

    def describe(self, *, secret: bool = False) -> str:
        """Short text for evidence; a ``secret`` never shows its literal, only its shape."""
        if self.kind is Kind.UNSET:
            return f"not set ({_short(self.value, secret)} by default)"
        if self.kind is Kind.LITERAL:
            return _short(self.value, secret)
        if self.kind is Kind.ENV:
            fallback = ""
            if self.default is not None:
                fallback = f", default {self.default.describe(secret=secret)}"
            return f"from the environment ({self.env_name or '?'}{fallback})"
        if self.kind is Kind.CONDITIONAL:
            return "depends on a condition: " + " or ".join(
                o.describe(secret=secret) for o in self.options[:3]
            )
        return f"computed ({self.expr[:60]})" if self.expr else "not known without running it"


def _short(value: Any, secret: bool) -> str:
    if secret and isinstance(value, str):
        return f"a literal string of {len(value)} characters" if value else "an empty string"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


@dataclass
class SettingsChain:
    """The settings modules read, in order, and what they assign."""

    module: str
    files: list[str] = field(default_factory=list)
    values: dict[str, Value] = field(default_factory=dict)
    opaque: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    items: dict[tuple[Any, ...], Value] = field(default_factory=dict)
    """Item assignments (``DATABASES["default"]["ATOMIC_REQUESTS"] = True``) by key path."""

    def item(self, name: str, *keys: Any) -> Value | None:
        """The value at ``name[keys[0]][keys[1]]…``: its own assignment, else from the dict."""
        assigned = self.items.get((name, *keys))
        if assigned is not None:
            return assigned
        cursor: Any = unwrap(self.get(name))
        for key in keys:
            if not isinstance(cursor, dict) or key not in cursor:
                return None
            cursor = cursor[key]
        if isinstance(cursor, Value):
            return cursor
        return Value(Kind.LITERAL, value=cursor, module=self.get(name).module)

    def get(self, name: str) -> Value:
        """The value of ``name``: as assigned, or Django's default (``UNKNOWN`` if the chain is
        opaque, e.g. it runs ``exec`` or imports settings from outside the project)."""
        if name in self.values:
            return self.values[name]
        if self.opaque:
            return Value(Kind.UNKNOWN, expr=f"not assigned, but {self.opaque[0]}")
        return Value(Kind.UNSET, value=DJANGO_DEFAULTS.get(name))


@dataclass(frozen=True, slots=True)
class Call:
    """A module-level call in the settings chain (``sentry_sdk.init(...)``) and its keywords."""

    name: str
    keywords: dict[str, Value]
    args: tuple[Value, ...]
    module: str
    line: int


#: Django's defaults (django/conf/global_settings.py, 5.2) for the settings the judges read.
DJANGO_DEFAULTS: dict[str, Any] = {
    "DEBUG": False,
    "ALLOWED_HOSTS": [],
    "SECRET_KEY": "",
    "SECRET_KEY_FALLBACKS": [],
    "ADMINS": [],
    "MANAGERS": [],
    "MIDDLEWARE": [],
    "INSTALLED_APPS": [],
    "DEFAULT_FROM_EMAIL": "webmaster@localhost",
    "SERVER_EMAIL": "root@localhost",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "localhost",
    "EMAIL_USE_TLS": False,
    "EMAIL_USE_SSL": False,
    "DATA_UPLOAD_MAX_MEMORY_SIZE": 2621440,
    "FILE_UPLOAD_MAX_MEMORY_SIZE": 2621440,
    "SESSION_COOKIE_DOMAIN": None,
    "CSRF_COOKIE_DOMAIN": None,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "CSRF_USE_SESSIONS": False,
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    "SECURE_HSTS_PRELOAD": False,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_PROXY_SSL_HEADER": None,
    "SECURE_REFERRER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
    "APPEND_SLASH": True,
    "PREPEND_WWW": False,
    "SILENCED_SYSTEM_CHECKS": [],
    "DATABASES": {},
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "LOGGING": {},
    "ROOT_URLCONF": None,
    "TEMPLATES": [],
    "STORAGES": {},
}


def unwrap(obj: Any) -> Any:
    """The literal structure of a value, with its unknown parts left as :class:`Value` objects.

    ``CACHES = {"default": {"BACKEND": "…RedisCache", "LOCATION": env("REDIS_URL")}}`` unwraps
    to a dict whose BACKEND is a string and whose LOCATION is an ENV :class:`Value`.
    """
    if isinstance(obj, Value):
        if obj.kind in (Kind.LITERAL, Kind.UNSET) or isinstance(obj.value, dict | list | tuple):
            return unwrap(obj.value)
        return obj
    if isinstance(obj, dict):
        return {k: unwrap(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [unwrap(v) for v in obj]
    return obj
