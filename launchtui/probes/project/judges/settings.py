"""Judges of the Django Settings section (and the settings side of its outside items)."""

from __future__ import annotations

import re
from typing import Any

from launchtui.probes.project.judges.base import (
    RUN_IT,
    Context,
    Judgement,
    as_dict,
    failed,
    from_env,
    judge,
    not_known,
    passed,
    unknown,
    warned,
)
from launchtui.probes.project.static.values import Kind, Value, unwrap

SECURITY_MW = "django.middleware.security.SecurityMiddleware"
COMMON_MW = "django.middleware.common.CommonMiddleware"
SESSION_MW = "django.contrib.sessions.middleware.SessionMiddleware"
XFRAME_MW = "django.middleware.clickjacking.XFrameOptionsMiddleware"
CSRF_MW = "django.middleware.csrf.CsrfViewMiddleware"
BROKEN_LINK_MW = "django.middleware.common.BrokenLinkEmailsMiddleware"
_SENSITIVE = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY$|^KEY$|_DSN$|API_KEY|PRIVATE", re.IGNORECASE)
_NOT_SECRET = re.compile(
    r"KEY_PREFIX|KEY_FUNCTION|_KEY_FIELD|PASSWORD_HASHERS|PASSWORD_VALIDATORS|PASSWORD_RESET|"
    r"TOKEN_MODEL|SECRET_KEY_FALLBACKS|CACHE_KEY|_TIMEOUT|_LENGTH|_AGE|_HEADER|_URL_?NAME",
    re.IGNORECASE,
)
_CREDENTIAL_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.IGNORECASE)


def middleware_state(ctx: Context, path: str) -> bool | None:
    """Whether MIDDLEWARE holds ``path`` (None: not known statically)."""
    return ctx.contains("MIDDLEWARE", path)


def bool_setting(
    ctx: Context,
    name: str,
    *,
    want: bool = True,
    middleware: str | None = None,
    advice: str = "",
) -> Judgement:
    """A boolean security setting that must be ``want``, and is inert without ``middleware``."""
    value = ctx.setting(name)
    runtime = value.source != "static"
    if not value.is_literal:
        return from_env(value, name, unsafe=lambda v: bool(v) != want)
    if bool(value.value) != want:
        return failed(f"{name} is {value.describe()} at {value.where()}{advice}", runtime=runtime)
    if middleware is not None:
        present = middleware_state(ctx, middleware)
        if present is False:
            return failed(
                f"{name} is {value.value!r} but {middleware.rsplit('.', 1)[-1]} is not in "
                "MIDDLEWARE, so it does nothing",
                runtime=runtime,
            )
        if present is None:
            return unknown(f"{name} is {value.value!r}; MIDDLEWARE is not known: {RUN_IT}")
    return passed(f"{name} = {value.value!r} ({value.where()})", runtime=runtime)


@judge(
    "settings-check-deploy",
    "check --deploy: fail on any unsilenced security.* warning or error from "
    "run_checks(include_deployment_checks=True); warn when security.* ids are silenced; pass "
    "only with neither, from the production module and environment. Statically, the literal "
    "settings behind W001–W021 can fail; a pass needs the runner.",
)
def judge_check_deploy(ctx: Context) -> Judgement:
    """settings-check-deploy."""
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.checks is not None:
        checks = runtime.checks
        if checks.error:
            return unknown(f"run_checks raised: {checks.error}", runtime=True)
        loud = [m for m in checks.messages if m.level >= 30 and not m.silenced]
        security = [m for m in loud if m.id.startswith("security.")]
        silenced = [m.id for m in checks.messages if m.silenced]
        silenced_security = sorted(
            {i for i in (*silenced, *checks.silenced_ids) if i.startswith("security.")}
        )
        notes = tuple(f"{m.id} ({m.level_name}): {m.msg}" for m in loud[:30])
        if security:
            ids = ", ".join(m.id for m in security[:6])
            return failed(
                f"check --deploy: {len(security)} security issue(s): {ids}", *notes, runtime=True
            )
        if silenced_security:
            return warned(
                "check --deploy is clean only because SILENCED_SYSTEM_CHECKS silences "
                + ", ".join(silenced_security),
                *notes,
                runtime=True,
            )
        if loud:
            ids = ", ".join(m.id for m in loud[:6])
            return warned(
                f"no security issue, but {len(loud)} other warning(s): {ids}", *notes, runtime=True
            )
        ctx.note_local_environment()
        return passed(
            f"check --deploy: no warnings or errors ({len(checks.messages)} messages in all)",
            runtime=True,
        )
    problems = static_deploy_problems(ctx)
    silenced_value = ctx.setting("SILENCED_SYSTEM_CHECKS")
    silenced = (
        [s for s in silenced_value.value if isinstance(s, str) and s.startswith("security.")]
        if silenced_value.is_literal and isinstance(silenced_value.value, list | tuple)
        else []
    )
    if problems:
        also = f"; and it silences {', '.join(silenced)}" if silenced else ""
        return failed(f"statically, check --deploy would report {'; '.join(problems[:4])}{also}")
    if silenced:
        return warned("SILENCED_SYSTEM_CHECKS silences " + ", ".join(silenced))
    return unknown(f"no literal setting check --deploy would flag; the checks themselves: {RUN_IT}")


def static_deploy_problems(ctx: Context) -> list[str]:
    """The deploy check ids that literal settings in the chain trigger."""
    problems: list[str] = []

    def literal(name: str) -> Value | None:
        value = ctx.setting(name)
        return value if value.is_literal else None

    security_mw = middleware_state(ctx, SECURITY_MW)
    if security_mw is False:
        problems.append("security.W001 (no SecurityMiddleware)")
    if middleware_state(ctx, XFRAME_MW) is False:
        problems.append("security.W002 (no XFrameOptionsMiddleware)")
    if middleware_state(ctx, CSRF_MW) is False:
        problems.append("security.W003 (no CsrfViewMiddleware)")
    if security_mw and (v := literal("SECURE_HSTS_SECONDS")) and not v.value:
        problems.append("security.W004 (SECURE_HSTS_SECONDS unset)")
    if security_mw and (v := literal("SECURE_SSL_REDIRECT")) and v.value is not True:
        problems.append("security.W008 (SECURE_SSL_REDIRECT is not True)")
    if (v := literal("SECRET_KEY")) is not None and isinstance(v.value, str) and weak_key(v.value):
        problems.append("security.W009 (a weak SECRET_KEY)")
    if (v := literal("SESSION_COOKIE_SECURE")) and v.value is not True:
        problems.append("security.W012 (SESSION_COOKIE_SECURE is not True)")
    if (v := literal("CSRF_COOKIE_SECURE")) and v.value is not True:
        use_sessions = literal("CSRF_USE_SESSIONS")
        if not (use_sessions and use_sessions.value):
            problems.append("security.W016 (CSRF_COOKIE_SECURE is not True)")
    if (v := literal("DEBUG")) and v.value is True:
        problems.append("security.W018 (DEBUG = True)")
    if (v := literal("ALLOWED_HOSTS")) and not v.value:
        problems.append("security.W020 (ALLOWED_HOSTS is empty)")
    return problems


def weak_key(key: str) -> bool:
    """Django's W009 test: under 50 characters, under 5 distinct ones, or django-insecure-."""
    return len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")


@judge(
    "settings-secret-key",
    "SECRET_KEY: fail on W009/W025, the django-insecure- prefix, a key found in a tracked "
    "file, a literal key in the production settings chain, or a literal fallback "
    "(os.environ.get('X', '…')). Pass only when read from the environment, strong (runner), "
    "and in no tracked file.",
)
def judge_secret_key(ctx: Context) -> Judgement:
    """settings-secret-key."""
    static = ctx.chain.get("SECRET_KEY") if ctx.chain is not None else None
    if static is not None:
        if static.kind is Kind.LITERAL and isinstance(static.value, str) and static.value:
            return failed(
                f"SECRET_KEY is a literal string of {len(static.value)} characters at "
                f"{static.where()}: it is in the repository"
            )
        fallbacks = [v for v in static.literal_values() if isinstance(v, str) and v]
        if static.kind is not Kind.LITERAL and fallbacks:
            return failed(
                f"SECRET_KEY falls back to a literal of {len(fallbacks[0])} characters at "
                f"{static.where()} when {', '.join(static.env_names()) or 'its variable'} is unset"
            )
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.secrets is not None:
        secrets = runtime.secrets
        key = secrets.secret_key
        if key is None:
            return failed("SECRET_KEY is empty at runtime", runtime=True)
        if key.found_in:
            return failed(
                f"the runtime SECRET_KEY is in tracked file {key.found_in[0]}", runtime=True
            )
        if key.insecure_prefix or key.length < 50 or key.unique_chars < 5:
            return failed(
                f"security.W009: SECRET_KEY has {key.length} characters, {key.unique_chars} "
                "distinct" + (", django-insecure- prefix" if key.insecure_prefix else ""),
                runtime=True,
            )
        for fallback in secrets.fallbacks:
            if fallback.length < 50 or fallback.unique_chars < 5 or fallback.found_in:
                return failed(f"security.W025: weak or tracked {fallback.name}", runtime=True)
        if secrets.tracked_files_checked is None:  # no git checkout: "in no file" is not known
            return warned(
                f"SECRET_KEY: {key.length} characters, {key.unique_chars} distinct; not compared "
                "with the tracked files (not a git checkout, or git is missing)",
                runtime=True,
            )
        names = static.env_names() if static is not None else []
        if names:  # a key read from this machine's environment is not production's
            ctx.used.append(Value(Kind.LITERAL, env_name=names[0], source=runtime.source))
        return passed(
            f"SECRET_KEY: {key.length} characters, {key.unique_chars} distinct, in no tracked file",
            runtime=True,
        )
    assert static is not None
    if static.kind is Kind.UNSET:
        return failed("SECRET_KEY is not set in the settings chain")
    return not_known(static, "SECRET_KEY")


@judge(
    "settings-debug",
    "DEBUG: a literal True in the production settings chain fails; False (or unset) passes; "
    "from the environment it is not known (a True fallback warns). The live site decides.",
)
def judge_debug(ctx: Context) -> Judgement:
    """settings-debug."""
    return bool_setting(ctx, "DEBUG", want=False)


@judge(
    "settings-allowed-hosts",
    "ALLOWED_HOSTS: empty (W020) or '*' fails; a literal list of host names passes; from the "
    "environment it is not known. The live site decides.",
)
def judge_allowed_hosts(ctx: Context) -> Judgement:
    """settings-allowed-hosts."""
    value = ctx.setting("ALLOWED_HOSTS")
    if not value.is_literal:
        return from_env(value, "ALLOWED_HOSTS", unsafe=lambda v: "*" in v or not v)
    hosts = [str(h) for h in value.value or []]
    if not hosts:
        return failed(f"ALLOWED_HOSTS is empty ({value.where()}): security.W020")
    if "*" in hosts:
        return failed(f"ALLOWED_HOSTS accepts any host ('*') at {value.where()}")
    return passed(f"ALLOWED_HOSTS = {hosts[:4]} ({value.where()})")


@judge(
    "settings-append-slash",
    "APPEND_SLASH True (the default) with CommonMiddleware passes; False, or no "
    "CommonMiddleware, fails. The live site decides.",
)
def judge_append_slash(ctx: Context) -> Judgement:
    """settings-append-slash."""
    return bool_setting(ctx, "APPEND_SLASH", middleware=COMMON_MW)


@judge(
    "settings-csrf-cookie-secure",
    "CSRF_COOKIE_SECURE must be True (W016; not needed with CSRF_USE_SESSIONS and a secure "
    "session cookie). The live site decides.",
)
def judge_csrf_cookie_secure(ctx: Context) -> Judgement:
    """settings-csrf-cookie-secure."""
    use_sessions = ctx.setting("CSRF_USE_SESSIONS")
    if use_sessions.is_literal and use_sessions.value is True:
        inner = bool_setting(ctx, "SESSION_COOKIE_SECURE", middleware=SESSION_MW)
        return Judgement(
            inner.verdict, f"CSRF_USE_SESSIONS: the token rides the session; {inner.evidence}"
        )
    return bool_setting(ctx, "CSRF_COOKIE_SECURE", middleware=CSRF_MW)


@judge(
    "settings-session-cookie-secure",
    "SESSION_COOKIE_SECURE must be True, with SessionMiddleware (W010–W012). The live site "
    "decides.",
)
def judge_session_cookie_secure(ctx: Context) -> Judgement:
    """settings-session-cookie-secure."""
    return bool_setting(ctx, "SESSION_COOKIE_SECURE", middleware=SESSION_MW)


@judge(
    "settings-ssl-redirect",
    "SECURE_SSL_REDIRECT must be True (W008), with SecurityMiddleware (W001). The live site "
    "decides.",
)
def judge_ssl_redirect(ctx: Context) -> Judgement:
    """settings-ssl-redirect."""
    return bool_setting(ctx, "SECURE_SSL_REDIRECT", middleware=SECURITY_MW)


@judge(
    "settings-content-type-nosniff",
    "SECURE_CONTENT_TYPE_NOSNIFF must be True (the default; W006), with SecurityMiddleware. The "
    "live site decides.",
)
def judge_nosniff(ctx: Context) -> Judgement:
    """settings-content-type-nosniff."""
    return bool_setting(ctx, "SECURE_CONTENT_TYPE_NOSNIFF", middleware=SECURITY_MW)


@judge(
    "settings-hsts",
    "SECURE_HSTS_SECONDS > 0 (W004) with SecurityMiddleware; under 180 days warns. "
    "INCLUDE_SUBDOMAINS/PRELOAD are noted (W005/W021). The live site decides.",
)
def judge_hsts(ctx: Context) -> Judgement:
    """settings-hsts."""
    value = ctx.setting("SECURE_HSTS_SECONDS")
    if not value.is_literal:
        return from_env(value, "SECURE_HSTS_SECONDS", unsafe=lambda v: not v)
    seconds = value.value if isinstance(value.value, int | float) else 0
    if not seconds:
        return failed(f"SECURE_HSTS_SECONDS is {value.describe()} ({value.where()}): security.W004")
    present = middleware_state(ctx, SECURITY_MW)
    if present is False:
        return failed(
            f"SECURE_HSTS_SECONDS = {seconds} but SecurityMiddleware is not in MIDDLEWARE, so no "
            "Strict-Transport-Security header is sent"
        )
    if present is None:
        return unknown(f"SECURE_HSTS_SECONDS = {seconds}; MIDDLEWARE is not known: {RUN_IT}")
    extras = []
    for name in ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"):
        extra = ctx.setting(name)
        extras.append(
            f"{name.removeprefix('SECURE_HSTS_')}={extra.value if extra.is_literal else '?'}"
        )
    text = f"SECURE_HSTS_SECONDS = {seconds} ({', '.join(extras)})"
    if seconds < 180 * 86400:
        return warned(f"{text}: under 180 days, browsers forget it soon")
    return passed(f"{text}")


@judge(
    "settings-xframe-options",
    "XFrameOptionsMiddleware in MIDDLEWARE (W002) and X_FRAME_OPTIONS DENY or SAMEORIGIN. The "
    "live site decides.",
)
def judge_xframe(ctx: Context) -> Judgement:
    """settings-xframe-options."""
    present = middleware_state(ctx, XFRAME_MW)
    if present is False:
        return failed("XFrameOptionsMiddleware is not in MIDDLEWARE: security.W002")
    if present is None:
        return not_known(ctx.setting("MIDDLEWARE"), "MIDDLEWARE")
    value = ctx.setting("X_FRAME_OPTIONS")
    if not value.is_literal:
        return from_env(value, "X_FRAME_OPTIONS")
    if str(value.value).upper() not in ("DENY", "SAMEORIGIN"):
        return failed(f"X_FRAME_OPTIONS is {value.value!r}: browsers ignore it")
    return passed(f"XFrameOptionsMiddleware with X_FRAME_OPTIONS = {value.value!r}")


@judge(
    "settings-xss-filter",
    "SECURE_BROWSER_XSS_FILTER does nothing since Django 4.0 (browsers dropped the filter); "
    "what protects today is a Content-Security-Policy: django-csp's CSPMiddleware or Django 6's "
    "ContentSecurityPolicyMiddleware with a policy passes, none warns.",
)
def judge_xss_filter(ctx: Context) -> Judgement:
    """settings-xss-filter."""
    csp_mw = [
        m
        for m in (
            "csp.middleware.CSPMiddleware",
            "django.middleware.csp.ContentSecurityPolicyMiddleware",
        )
        if middleware_state(ctx, m)
    ]
    if not csp_mw:
        mw = ctx.setting("MIDDLEWARE")
        if not mw.is_literal:
            return not_known(mw, "MIDDLEWARE")
        return warned(
            "no Content-Security-Policy middleware (django-csp or Django 6's); "
            "SECURE_BROWSER_XSS_FILTER no longer does anything"
        )
    policies = [
        ctx.setting(n)
        for n in ("CONTENT_SECURITY_POLICY", "SECURE_CSP", "CSP_DEFAULT_SRC", "CSP_SCRIPT_SRC")
    ]
    known = [p for p in policies if p.kind is not Kind.UNSET]
    if not known:
        return warned(f"{csp_mw[0]} is in MIDDLEWARE but no policy is set")
    text = repr(unwrap(known[0]))
    if "unsafe-inline" in text and "nonce" not in text:
        return warned("the Content-Security-Policy allows 'unsafe-inline' scripts")
    return passed(f"{csp_mw[0].rsplit('.', 1)[-1]} with a policy")


@judge(
    "settings-secure-proxy-ssl-header",
    "SECURE_PROXY_SSL_HEADER must be a (header, value) pair like ('HTTP_X_FORWARDED_PROTO', "
    "'https') when a proxy terminates TLS (Heroku, nginx in the repo); unset there fails, since "
    "request.is_secure() is then always False. Without a proxy in the repo, unset is unknown.",
)
def judge_proxy_header(ctx: Context) -> Judgement:
    """settings-secure-proxy-ssl-header."""
    value = ctx.setting("SECURE_PROXY_SSL_HEADER")
    deploy = ctx.static.deploy
    proxy = (
        "Heroku's router (Procfile)"
        if deploy.procfile_path
        else (f"nginx ({deploy.nginx_files[0]})" if deploy.nginx_files else None)
    )
    if not value.is_literal:
        return not_known(value, "SECURE_PROXY_SSL_HEADER")
    header = value.value
    if header is None:
        if proxy:
            return failed(f"SECURE_PROXY_SSL_HEADER is not set, yet {proxy} terminates TLS")
        return unknown("SECURE_PROXY_SSL_HEADER is not set; no proxy config in the repository")
    if not (isinstance(header, list | tuple) and len(header) == 2):
        return failed(f"SECURE_PROXY_SSL_HEADER is {header!r}: not a (header, value) pair")
    name, expected = (str(h) for h in header)
    if not name.startswith("HTTP_"):
        return failed(f"SECURE_PROXY_SSL_HEADER names {name!r}: request.META keys start HTTP_")
    return passed(f"SECURE_PROXY_SSL_HEADER = ({name!r}, {expected!r})")


def _registrable(host: str) -> str:
    parts = host.lstrip(".").split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


@judge(
    "settings-session-cookie-domain",
    "With two or more subdomains of one parent in ALLOWED_HOSTS (api. and app.), "
    "SESSION_COOKIE_DOMAIN should be the parent ('.example.org'), CSRF_COOKIE_DOMAIN "
    "consistent; one host, or an apex and its www, needs neither (pass, not applicable).",
)
def judge_cookie_domain(ctx: Context) -> Judgement:
    """settings-session-cookie-domain."""
    hosts_value = ctx.setting("ALLOWED_HOSTS")
    if not hosts_value.is_literal:
        return not_known(hosts_value, "ALLOWED_HOSTS")
    raw_hosts = [str(h).lower() for h in hosts_value.value or []]
    if "*" in raw_hosts:
        return unknown("ALLOWED_HOSTS is '*': which subdomains are served is not known")
    wildcards = [h.lstrip(".") for h in raw_hosts if h.startswith(".")]
    hosts = [h.lstrip(".") for h in raw_hosts]
    hosts += [f"{sub}.{w}" for w in wildcards for sub in ("*a", "*b")]  # '.x' serves many
    hosts = [h for h in hosts if h not in ("localhost", "127.0.0.1", "[::1]")]
    by_parent: dict[str, set[str]] = {}
    for host in hosts:
        by_parent.setdefault(_registrable(host), set()).add(host)
    shared = {
        p: names
        for p, names in by_parent.items()
        if len({n for n in names if n not in (p, f"www.{p}")}) >= 2
        or (len(names - {p, f"www.{p}"}) >= 1 and p in names and len(names) > 2)
    }
    domain = ctx.setting("SESSION_COOKIE_DOMAIN")
    if not shared:
        return passed(f"not applicable: ALLOWED_HOSTS has no sibling subdomains ({hosts[:4]})")
    parent = next(iter(shared))
    if not domain.is_literal:
        return not_known(domain, "SESSION_COOKIE_DOMAIN")
    if domain.value is None:
        return warned(
            f"ALLOWED_HOSTS has {sorted(shared[parent])[:3]} but SESSION_COOKIE_DOMAIN is None: "
            "each subdomain gets its own session"
        )
    if str(domain.value).lstrip(".").lower() != parent:
        return warned(f"SESSION_COOKIE_DOMAIN is {domain.value!r}, not the parent .{parent}")
    csrf = ctx.setting("CSRF_COOKIE_DOMAIN")
    if csrf.is_literal and csrf.value is not None and str(csrf.value).lstrip(".") != parent:
        return warned(f"CSRF_COOKIE_DOMAIN {csrf.value!r} differs from SESSION_COOKIE_DOMAIN")
    return passed(f"SESSION_COOKIE_DOMAIN = {domain.value!r} covers {sorted(shared[parent])[:3]}")


def logging_reaches_admins(ctx: Context) -> tuple[bool | None, str]:
    """Whether an AdminEmailHandler is reachable from django.request, and why (static)."""
    if ctx.runtime is not None and ctx.runtime.ok and ctx.runtime.logging is not None:
        for logger in ctx.runtime.logging.loggers:
            if logger.name == "django.request":
                return logger.reaches_admin_email, "django.request as configured at runtime"
    config_value = ctx.setting("LOGGING_CONFIG")
    if config_value.is_literal and config_value.value is None and config_value.kind is Kind.LITERAL:
        return False, "LOGGING_CONFIG = None: Django configures no logging"
    value = ctx.setting("LOGGING")
    if value.kind is Kind.UNSET:
        return True, "Django's default logging mails ADMINS from the django logger"
    config = unwrap(value)
    if not isinstance(config, dict):
        return None, "LOGGING is computed"
    handlers = as_dict(config.get("handlers"))
    mail = {
        name
        for name, spec in handlers.items()
        if isinstance(spec, dict) and "AdminEmailHandler" in str(spec.get("class", ""))
    }
    loggers = as_dict(config.get("loggers"))
    chain = ["django.request", "django", ""]
    for name in chain:
        spec = loggers.get(name) if name else (config.get("root") or loggers.get(""))
        if not isinstance(spec, dict):
            continue
        used = spec.get("handlers") or []
        if isinstance(used, list | tuple) and mail & {str(h) for h in used}:
            return True, f"the {name or 'root'} logger has {sorted(mail & set(map(str, used)))[0]}"
        if spec.get("propagate") is False:
            return False, f"the {name} logger does not propagate and has no AdminEmailHandler"
    if not any(n in loggers for n in ("django", "django.request")):
        if config.get("disable_existing_loggers", True) is not False:
            return False, (
                "LOGGING leaves out the django loggers with disable_existing_loggers on, which "
                "disables Django's default mail_admins"
            )
        return True, "Django's default django logger (mail_admins) is kept"
    return False, "no AdminEmailHandler on django.request, django or the root logger"


_DEV_BACKENDS = ("console", "locmem", "dummy", "filebased")


def email_backend(ctx: Context) -> Value:
    """EMAIL_BACKEND (runtime when known)."""
    if ctx.runtime is not None and ctx.runtime.ok and ctx.rt is not None:
        return Value(Kind.LITERAL, value=ctx.rt.email.backend, source=ctx.runtime.source)
    return ctx.setting("EMAIL_BACKEND")


@judge(
    "settings-admins",
    "ADMINS: fail when empty, when no AdminEmailHandler is reachable from django.request (a "
    "LOGGING that drops Django's default mail_admins), or when EMAIL_BACKEND is console/locmem/"
    "dummy/filebased; SERVER_EMAIL root@localhost warns. A pass means configured: no test mail "
    "was sent.",
)
def judge_admins(ctx: Context) -> Judgement:
    """settings-admins."""
    if ctx.rt is not None:
        count = ctx.rt.admins_count
        admins_text = f"{count} admin(s)"
    else:
        admins = ctx.setting("ADMINS")
        if not admins.is_literal:
            return not_known(admins, "ADMINS")
        count = len(admins.value or [])
        admins_text = f"{count} admin(s) ({admins.where()})"
    if count == 0:
        return failed("ADMINS is empty: nobody gets the 500 error mails")
    reaches, why = logging_reaches_admins(ctx)
    if reaches is False:
        return failed(f"ADMINS has {admins_text} but no mail reaches them: {why}")
    backend = email_backend(ctx)
    if backend.is_literal and any(b in str(backend.value).lower() for b in _DEV_BACKENDS):
        return failed(f"EMAIL_BACKEND is {backend.value}: the error mails never leave the server")
    if reaches is None:
        return unknown(f"{admins_text}; {why}: {RUN_IT}")
    if not backend.is_literal:
        return not_known(backend, "EMAIL_BACKEND")
    server = ctx.setting("SERVER_EMAIL")
    if server.is_literal and str(server.value).endswith("@localhost"):
        return warned(f"{admins_text}, {why}; but SERVER_EMAIL is {server.value!r}, often refused")
    return passed(f"{admins_text}, {why}; no test mail sent")


@judge(
    "settings-managers",
    "MANAGERS only matter with BrokenLinkEmailsMiddleware: pass needs both; one without the "
    "other fails; neither warns.",
)
def judge_managers(ctx: Context) -> Judgement:
    """settings-managers."""
    if ctx.rt is not None:
        count, middleware = ctx.rt.managers_count, ctx.rt.broken_link_emails_middleware
    else:
        managers = ctx.setting("MANAGERS")
        if not managers.is_literal:
            return not_known(managers, "MANAGERS")
        count = len(managers.value or [])
        state = middleware_state(ctx, BROKEN_LINK_MW)
        if state is None:
            return not_known(ctx.setting("MIDDLEWARE"), "MIDDLEWARE")
        middleware = state
    if count and middleware:
        return passed(f"{count} manager(s) and BrokenLinkEmailsMiddleware: 404 mails go out")
    if count:
        return failed(
            f"MANAGERS has {count} entr{'y' if count == 1 else 'ies'} but "
            "BrokenLinkEmailsMiddleware is not in MIDDLEWARE: no 404 mail is ever sent"
        )
    if middleware:
        return failed("BrokenLinkEmailsMiddleware is on but MANAGERS is empty")
    return warned("neither MANAGERS nor BrokenLinkEmailsMiddleware: nobody hears of broken links")


@judge(
    "settings-cors",
    "django-cors-headers: CORS_ALLOW_ALL_ORIGINS (or CORS_ORIGIN_ALLOW_ALL) with "
    "CORS_ALLOW_CREDENTIALS fails; allow-all alone warns; an explicit origin list with "
    "CorsMiddleware passes; without django-cors-headers no CORS header is sent (pass, browsers "
    "keep cross-origin reads out). The live site decides.",
)
def judge_cors(ctx: Context) -> Judgement:
    """settings-cors."""
    installed = ctx.app_installed("corsheaders")
    if installed is None:
        return not_known(ctx.setting("INSTALLED_APPS"), "INSTALLED_APPS")
    if not installed:
        return passed("django-cors-headers is not installed: no CORS headers, same-origin only")
    allow_all = [ctx.setting(n) for n in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL")]
    credentials = ctx.setting("CORS_ALLOW_CREDENTIALS")
    if any(v.is_literal and v.value is True for v in allow_all):
        if credentials.is_literal and credentials.value is True:
            return failed(
                "CORS_ALLOW_ALL_ORIGINS with CORS_ALLOW_CREDENTIALS: any site can read "
                "logged-in responses"
            )
        return warned("CORS_ALLOW_ALL_ORIGINS = True: any site can read responses")
    for v in allow_all:
        if not v.is_literal:
            return from_env(v, "CORS_ALLOW_ALL_ORIGINS", unsafe=bool)
    if middleware_state(ctx, "corsheaders.middleware.CorsMiddleware") is False:
        return warned("corsheaders is installed but CorsMiddleware is not in MIDDLEWARE")
    origins = [
        ctx.setting(n)
        for n in ("CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST", "CORS_ALLOWED_ORIGIN_REGEXES")
    ]
    listed = [o for o in origins if o.kind is not Kind.UNSET]
    if not listed:
        return passed("django-cors-headers with no allowed origins: nothing is shared")
    if not all(o.is_literal for o in listed):
        return not_known(next(o for o in listed if not o.is_literal), "CORS_ALLOWED_ORIGINS")
    return passed(f"CORS limited to {unwrap(listed[0])!r:.80}")


@judge(
    "settings-atomic-requests",
    "ATOMIC_REQUESTS True on every database passes; otherwise warn (the item says 'consider').",
)
def judge_atomic(ctx: Context) -> Judgement:
    """settings-atomic-requests."""
    if ctx.rt is not None:
        dbs = ctx.rt.databases
        if not dbs:
            return unknown("no DATABASES", runtime=True)
        off = [d.alias for d in dbs if not d.atomic_requests]
        if off:
            return warned(f"ATOMIC_REQUESTS is off for {', '.join(off)}", runtime=True)
        return passed(f"ATOMIC_REQUESTS on every database ({len(dbs)})", runtime=True)
    databases = ctx.setting("DATABASES")
    structure = unwrap(databases)
    if not isinstance(structure, dict) or not structure:
        return not_known(databases, "DATABASES")
    chain = ctx.chain
    assert chain is not None
    not_atomic: list[str] = []
    unclear: list[str] = []
    for alias in structure:
        value = chain.item("DATABASES", alias, "ATOMIC_REQUESTS")
        if value is None:
            inner = structure[alias]
            if isinstance(inner, Value) and inner.from_env:
                # env.db() / dj_database_url give a dict without ATOMIC_REQUESTS
                not_atomic.append(alias)
            elif isinstance(inner, dict):
                not_atomic.append(alias)
            else:
                unclear.append(alias)
        elif not value.is_literal:
            unclear.append(alias)
        elif value.value is not True:
            not_atomic.append(alias)
    if not_atomic:
        return warned(
            f"ATOMIC_REQUESTS is not True for {', '.join(map(str, not_atomic))}: consider it"
        )
    if unclear:
        return unknown(f"ATOMIC_REQUESTS for {', '.join(map(str, unclear))} is computed: {RUN_IT}")
    return passed(f"ATOMIC_REQUESTS = True on {', '.join(map(str, structure))}")


@judge(
    "settings-upload-to",
    "Every project FileField/ImageField sets upload_to (an empty or missing upload_to puts "
    "every file in MEDIA_ROOT's top folder); none at all is not applicable (pass).",
    settings=False,
)
def judge_upload_to(ctx: Context) -> Judgement:
    """settings-upload-to."""
    if ctx.runtime is not None and ctx.runtime.ok and ctx.runtime.file_fields is not None:
        fields = [f for f in ctx.runtime.file_fields.fields if f.in_project]
        missing = [f"{f.model}.{f.field}" for f in fields if not f.upload_to]
        if missing:
            return failed(f"no upload_to on {', '.join(missing[:4])}", runtime=True)
        if not fields:
            return passed(
                "not applicable: no FileField or ImageField in project apps", runtime=True
            )
        return passed(f"upload_to set on all {len(fields)} file field(s)", runtime=True)
    static_fields = ctx.static.code.file_fields
    missing_static = [f for f in static_fields if not f.upload_to]
    if missing_static:
        where = ", ".join(f"{f.path}:{f.line} {f.name}" for f in missing_static[:3])
        return failed(f"{len(missing_static)} file field(s) without upload_to: {where}")
    if not static_fields:
        return passed(
            f"not applicable: no FileField or ImageField in {ctx.static.code.python_files} "
            "project source files"
        )
    return passed(f"upload_to set on all {len(static_fields)} FileField/ImageField(s)")


def sensitive_name(name: str) -> bool:
    """A setting name that holds a credential (SECRET_KEY, *PASSWORD*, *_KEY, *TOKEN* …)."""
    return bool(_SENSITIVE.search(name)) and not _NOT_SECRET.search(name)


def literal_secrets(ctx: Context) -> list[str]:
    """``NAME at file:line`` for each non-empty literal string in a sensitive setting (nested
    dict keys too, e.g. DATABASES' PASSWORD), and credentialled URLs."""
    chain = ctx.chain
    assert chain is not None
    found: list[str] = []

    def visit(name: str, obj: Any, where: str, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(obj, str):
            if obj and sensitive_name(name):
                found.append(f"{name} at {where}")
            elif _CREDENTIAL_URL.search(obj):
                found.append(f"a URL with a password in {name} at {where}")
        elif isinstance(obj, dict):
            for key, item in obj.items():
                visit(str(key) if isinstance(key, str) else name, item, where, depth + 1)
        elif isinstance(obj, list | tuple):
            for item in obj:
                visit(name, item, where, depth + 1)
        elif isinstance(obj, Value):
            for literal in obj.literal_values():
                visit(name, literal, where, depth + 1)

    for name, value in chain.values.items():
        if value.kind is Kind.LITERAL:
            visit(name, value.value, value.where())
        elif value.kind is Kind.ENV and value.default is not None and sensitive_name(name):
            for literal in value.default.literal_values():
                if isinstance(literal, str) and literal:
                    found.append(f"{name} falls back to a literal at {value.where()}")
        else:
            visit(name, unwrap(value), value.where())
    for path, value in chain.items.items():
        if value.kind is Kind.LITERAL:
            visit(str(path[-1]), value.value, value.where())
    return found


@judge(
    "settings-env-vars",
    "No literal secret in the production settings chain (SECRET_KEY, *PASSWORD*, *_KEY, "
    "*TOKEN*, *SECRET*, *_DSN, or a URL with user:password@), no runtime secret in a tracked "
    "file, and no .env file tracked by git. Pass when every sensitive setting comes from the "
    "environment and nothing is tracked.",
)
def judge_env_vars(ctx: Context) -> Judgement:
    """settings-env-vars."""
    files = ctx.static.files
    env_files = [
        p
        for p in ctx.static.deploy.env_files
        if not p.endswith((".example", ".sample", ".template", ".dist"))
    ]
    tracked_env = [p for p in env_files if files.is_tracked(p)]
    if tracked_env:
        return failed(f"{tracked_env[0]} is tracked by git: its secrets are in the history")
    literals = literal_secrets(ctx)
    if literals:
        return failed(f"literal secret(s) in the settings: {'; '.join(literals[:3])}")
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.secrets is not None:
        leaked = [s for s in runtime.secrets.sensitive if s.found_in]
        if leaked:
            return failed(
                f"the runtime {leaked[0].name} is in tracked file {leaked[0].found_in[0]}",
                runtime=True,
            )
    if files.tracked is None and env_files:
        return warned(
            f"not a git work tree: cannot tell whether {env_files[0]} is committed; no literal "
            "secret in the settings"
        )
    chain = ctx.chain
    assert chain is not None
    from_env_names = [n for n, v in chain.values.items() if sensitive_name(n) and v.from_env]
    return passed(
        f"no literal secret in {len(chain.files)} settings file(s); "
        f"{len(from_env_names)} sensitive setting(s) from the environment; no tracked .env"
    )
