"""Judges of the Monitoring section."""

from __future__ import annotations

import re
from typing import Any

from launchtui.probes.project.judges.base import (
    RUN_IT,
    Context,
    Judgement,
    as_dict,
    as_list,
    failed,
    judge,
    passed,
    unknown,
    warned,
)
from launchtui.probes.project.static.values import Call, Kind, Value, unwrap

_PREFIX_FIELDS = re.compile(r"%\((name|module|funcName|pathname)\)s|\{(name|module|funcName)[}:!]")
_VENDOR_HANDLERS = (
    "logtail",
    "watchtower",
    "google.cloud.logging",
    "datadog",
    "loggly",
    "logdna",
    "sumologic",
    "papertrail",
    "graypy",
    "logstash",
    "betterstack",
    "axiom",
    "newrelic",
)
_LOG_ADDONS = ("papertrail", "logdna", "coralogix", "sumologic", "logentries", "solarwinds")


def _logging_config(ctx: Context) -> dict[str, Any] | None:
    value = ctx.setting("LOGGING")
    config = unwrap(value)
    return config if isinstance(config, dict) else None


def _sentry_calls(ctx: Context) -> list[Call]:
    chain = ctx.chain
    calls = [c for c in (chain.calls if chain else []) if c.name == "sentry_sdk.init"]
    return calls


@judge(
    "monitoring-no-sensitive-logs",
    "Never a pass: fail on sentry send_default_pii=True or the django.db.backends logger at "
    "DEBUG (SQL with parameters); warn on logger/print calls naming password, token, secret, "
    "card or request.POST/body/headers; otherwise unknown (what is logged needs a review).",
)
def judge_no_sensitive_logs(ctx: Context) -> Judgement:
    """monitoring-no-sensitive-logs."""
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.sentry and runtime.sentry.send_default_pii:
        return failed(
            "sentry_sdk runs with send_default_pii=True: user data goes to Sentry", runtime=True
        )
    for call in _sentry_calls(ctx):
        pii = call.keywords.get("send_default_pii")
        if pii is not None and pii.is_literal and pii.value is True:
            return failed(f"sentry_sdk.init(send_default_pii=True) at {call.module}:{call.line}")
    if runtime is not None and runtime.ok and runtime.logging is not None:
        for logger in runtime.logging.loggers:
            if logger.name == "django.db.backends" and logger.level <= 10 and logger.handlers:
                return failed("django.db.backends logs SQL at DEBUG", runtime=True)
    config = _logging_config(ctx)
    if config is not None:
        db = as_dict(config.get("loggers")).get("django.db.backends")
        if isinstance(db, dict) and str(db.get("level", "")).upper() == "DEBUG":
            return failed("LOGGING sets django.db.backends to DEBUG: every SQL query is logged")
    hits = ctx.static.code.sensitive_logging
    if hits:
        return warned(
            f"{len(hits)} log/print call(s) name sensitive data: {hits[0].where()} {hits[0].label}"
        )
    return unknown(
        "no send_default_pii, no SQL at DEBUG, no log call naming secrets; what else "
        "is logged needs a review"
    )


@judge(
    "monitoring-log-prefixes",
    "The formatters of the handlers in use include the logger or module (%(name)s, {name}, "
    "%(module)s, %(funcName)s) and at least 80% of getLogger() calls use __name__: pass; "
    "formatters with neither field fail (Django's default console output has none).",
)
def judge_log_prefixes(ctx: Context) -> Judgement:
    """monitoring-log-prefixes."""
    code = ctx.static.code
    total = code.getlogger_name + len(code.getlogger_other)
    share = code.getlogger_name / total if total else 1.0
    formats: list[str] = []
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.logging is not None:
        formats = [h.format or "" for h in runtime.logging.handlers]
        source = "the runtime handlers"
    else:
        config = _logging_config(ctx)
        if config is None:
            value = ctx.setting("LOGGING")
            if value.kind is Kind.UNSET:
                return failed(
                    "LOGGING is not set: Django's default console output has no logger name"
                )
            return unknown(f"LOGGING is computed: {RUN_IT}")
        formatters = as_dict(config.get("formatters"))
        handlers = as_dict(config.get("handlers"))
        for spec in handlers.values():
            if not isinstance(spec, dict):
                continue
            formatter = formatters.get(spec.get("formatter")) if spec.get("formatter") else None
            fmt = formatter.get("format", "") if isinstance(formatter, dict) else ""
            if isinstance(formatter, dict) and "()" in formatter:
                fmt = fmt or f"({formatter['()']})"
            formats.append(str(fmt) if not isinstance(fmt, Value) else "")
        source = "LOGGING's handlers"
    with_prefix = [f for f in formats if _PREFIX_FIELDS.search(f) or "json" in f.lower()]
    if not formats or not with_prefix:
        return failed(f"no formatter of {source} shows the logger or module name")
    if share < 0.8:
        first = code.getlogger_other[0]
        return warned(
            f"only {code.getlogger_name}/{total} getLogger() calls use __name__ "
            f"(e.g. {first.where()} {first.label})"
        )
    return passed(
        f"{len(with_prefix)}/{len(formats)} handler format(s) name the logger; "
        f"{code.getlogger_name}/{total} getLogger(__name__)"
    )


@judge(
    "monitoring-logging-service",
    "Pass on a SysLogHandler to *.papertrailapp.com, a vendor handler (logtail, watchtower, "
    "google.cloud.logging, datadog, loggly, logdna, sumologic …) or a logging add-on in "
    "app.json; otherwise warn: logs go to stdout only (a platform log drain may still ship them).",
)
def judge_logging_service(ctx: Context) -> Judgement:
    """monitoring-logging-service."""
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.logging is not None:
        for handler in runtime.logging.handlers:
            if handler.syslog_host and handler.syslog_host.endswith("papertrailapp.com"):
                return passed(f"SysLogHandler to {handler.syslog_host}", runtime=True)
            if any(v in handler.class_path.lower() for v in _VENDOR_HANDLERS):
                return passed(f"log handler {handler.class_path}", runtime=True)
    config = _logging_config(ctx)
    if config is not None and isinstance(config.get("handlers"), dict):
        for spec in config["handlers"].values():
            if not isinstance(spec, dict):
                continue
            cls = str(spec.get("class", "")).lower()
            address = repr(spec.get("address", ""))
            if "sysloghandler" in cls and "papertrailapp.com" in address:
                return passed("SysLogHandler to papertrailapp.com in LOGGING")
            if any(v in cls for v in _VENDOR_HANDLERS):
                return passed(f"log handler {spec.get('class')} in LOGGING")
    app = ctx.static.deploy.app_json or {}
    addons = as_list(app.get("addons"))
    for addon in addons:
        plan = addon.get("plan", "") if isinstance(addon, dict) else str(addon)
        if any(a in str(plan).lower() for a in _LOG_ADDONS):
            return passed(f"app.json add-on {plan}")
    return warned(
        "no logging service handler or add-on found: logs go to stdout only "
        "(a platform log drain is not visible here)"
    )


def _sentry_integrations(ctx: Context, call: Call) -> tuple[bool, str]:
    integrations = call.keywords.get("integrations")
    text = integrations.expr if integrations is not None else ""
    if integrations is not None and integrations.is_literal:
        text = repr(integrations.value)
    auto = call.keywords.get("auto_enabling_integrations")
    defaults = call.keywords.get("default_integrations")
    auto_off = any(v is not None and v.is_literal and v.value is False for v in (auto, defaults))
    celery = ctx.depends_on("celery") is not None
    missing = []
    if auto_off and "DjangoIntegration" not in text:
        missing.append("DjangoIntegration")
    if auto_off and celery and "CeleryIntegration" not in text:
        missing.append("CeleryIntegration")
    if missing:
        return False, f"auto-enabling is off and {', '.join(missing)} is not listed"
    return True, "django" + (" and celery" if celery else "") + (
        " (listed)" if not auto_off and "Integration" in text else " (auto-enabled by sentry-sdk 2)"
    )


@judge(
    "monitoring-sentry-backend",
    "A live Sentry client with a DSN, the django integration, and celery's when Celery is "
    'used: pass. No sentry_sdk.init, or dsn="", fails. A DSN from the environment is not '
    "known statically (sentry-sdk also reads SENTRY_DSN).",
)
def judge_sentry_backend(ctx: Context) -> Judgement:
    """monitoring-sentry-backend."""
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.sentry is not None:
        sentry = runtime.sentry
        if not sentry.sdk_installed:
            return failed("sentry-sdk is not installed in the project's interpreter", runtime=True)
        if not sentry.client_active or not sentry.dsn_set:
            return failed(
                "sentry_sdk has no active client with a DSN: errors go nowhere", runtime=True
            )
        names = {i.lower() for i in sentry.integrations}
        missing = [n for n in ("django",) if n not in names]
        if ctx.depends_on("celery") and "celery" not in names:
            missing.append("celery")
        if missing:
            return failed(
                f"Sentry is live but without the {', '.join(missing)} integration", runtime=True
            )
        ctx.used.append(Value(Kind.LITERAL, env_name="SENTRY_DSN", source=runtime.source))
        return passed(
            f"Sentry client live ({sentry.dsn_host}), integrations: "
            f"{', '.join(sorted(names))[:80]}",
            runtime=True,
        )
    calls = _sentry_calls(ctx)
    other = ctx.static.code.sentry_inits
    if not calls and not other:
        if ctx.depends_on("sentry-sdk", "raven"):
            return failed("sentry-sdk is a dependency but nothing calls sentry_sdk.init")
        return failed("no Sentry: sentry-sdk is not a dependency and nothing calls sentry_sdk.init")
    if not calls:
        hit = other[0]
        return unknown(
            f"sentry_sdk.init is called at {hit.where()}, outside the settings: {RUN_IT}"
        )
    call = calls[-1]
    dsn = call.keywords.get("dsn") or (call.args[0] if call.args else None)
    where = f"{call.module}:{call.line}"
    if dsn is not None and dsn.is_literal and not dsn.value:
        return failed(f"sentry_sdk.init(dsn={dsn.value!r}) at {where}: the client sends nothing")
    ok, integrations = _sentry_integrations(ctx, call)
    if not ok:
        return failed(f"sentry_sdk.init at {where}: {integrations}")
    if dsn is None:
        return unknown(f"sentry_sdk.init at {where} takes its DSN from SENTRY_DSN: {RUN_IT}")
    if not dsn.is_literal:
        sources = ", ".join(dsn.env_names()) or "a computed value"
        if any(v == "" for v in dsn.literal_values()):
            return warned(f"the Sentry DSN comes from {sources} and falls back to '' at {where}")
        return unknown(
            f"the Sentry DSN comes from {sources} ({where}); integrations: {integrations}: {RUN_IT}"
        )
    return passed(f"sentry_sdk.init with a literal DSN at {where}; integrations: {integrations}")


@judge(
    "monitoring-new-relic",
    "Pass needs the newrelic dependency, its configuration (newrelic.ini or NEW_RELIC_*), and a "
    "process wrapped in newrelic-admin run-program (or newrelic.agent.initialize). The "
    "dependency without the wrapping fails; no newrelic at all is unknown.",
    settings=False,
)
def judge_new_relic(ctx: Context) -> Judgement:
    """monitoring-new-relic."""
    deploy = ctx.static.deploy
    dep = ctx.depends_on("newrelic")
    if dep is None:
        others = [
            n
            for n in ("ddtrace", "scout-apm", "elastic-apm", "opentelemetry-sdk")
            if ctx.depends_on(n)
        ]
        extra = f" (another APM is used: {others[0]})" if others else ""
        return unknown(f"newrelic is not a dependency{extra}")
    wrapped = deploy.newrelic_wrapped + ctx.static.code.newrelic_initialize
    configured = bool(deploy.newrelic_ini) or _mentions_new_relic_env(ctx)
    if not wrapped:
        return failed(f"newrelic is in {dep} but no process runs under newrelic-admin run-program")
    if not configured:
        return warned(
            f"{wrapped[0].where()} wraps the app, but no newrelic.ini or NEW_RELIC_* "
            "configuration is in the repository"
        )
    runtime = ctx.runtime
    host = runtime.host if runtime is not None and runtime.ok else None
    missing_key = host is not None and "NEW_RELIC_LICENSE_KEY" not in host.env_present
    if missing_key and not deploy.newrelic_ini:
        return warned("NEW_RELIC_LICENSE_KEY is not set where the runner ran", runtime=True)
    return passed(f"newrelic ({dep}) wraps {wrapped[0].where()}")


def _mentions_new_relic_env(ctx: Context) -> bool:
    app = ctx.static.deploy.app_json or {}
    env = as_dict(app.get("env"))
    if any(str(k).startswith("NEW_RELIC_") for k in env):
        return True
    for stage in ctx.static.deploy.docker_images:
        if any(k.startswith("NEW_RELIC_") for k in stage.env):
            return True
    return False
