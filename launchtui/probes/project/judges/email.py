"""Judges of the Transactional Emails section."""

from __future__ import annotations

import re
from email.utils import parseaddr

from launchtui.probes.project.judges.base import (
    Context,
    Judgement,
    failed,
    judge,
    not_known,
    passed,
    unknown,
    warned,
)
from launchtui.probes.project.judges.settings import email_backend
from launchtui.probes.project.static.values import Kind, unwrap

_EXAMPLE = re.compile(r"(^|\.)example\.(com|org|net)$")
_BAD_LINK = re.compile(
    r"""href\s*=\s*["'](/[^"'{]*|https?://(localhost|127\.0\.0\.1|[^"'/]*example\.(com|org|net))[^"']*)""",
    re.IGNORECASE,
)


def anymail_used(ctx: Context) -> bool:
    """Anymail is installed or is the mail backend."""
    if ctx.rt is not None:
        return ctx.rt.email.anymail_installed or ctx.rt.email.backend.startswith("anymail.")
    backend = email_backend(ctx)
    return bool(
        ctx.app_installed("anymail")
        or (backend.is_literal and str(backend.value).startswith("anymail."))
        or ctx.depends_on("django-anymail")
    )


@judge(
    "email-default-from",
    "DEFAULT_FROM_EMAIL: webmaster@localhost (the default), any @localhost, or example.com/"
    "org/net fail; no display name, or a domain other than the site's, warns; 'Name "
    "<addr@site-domain>' passes.",
)
def judge_default_from(ctx: Context) -> Judgement:
    """email-default-from."""
    if ctx.rt is not None:
        facts = ctx.rt.email.default_from
        if facts.classification != "ok":
            return failed(
                f"DEFAULT_FROM_EMAIL is {facts.classification} ({facts.domain})", runtime=True
            )
        if not facts.display_name:
            return warned(f"DEFAULT_FROM_EMAIL has no display name (@{facts.domain})", runtime=True)
        return _against_site(ctx, facts.domain, f"DEFAULT_FROM_EMAIL has a name, @{facts.domain}")
    value = ctx.setting("DEFAULT_FROM_EMAIL")
    if not value.is_literal:
        return not_known(value, "DEFAULT_FROM_EMAIL")
    name, address = parseaddr(str(value.value))
    domain = address.rpartition("@")[2].lower()
    if not address or "@" not in address:
        return failed(f"DEFAULT_FROM_EMAIL {value.value!r} is not an address")
    if domain == "localhost" or domain.endswith(".localhost"):
        return failed(f"DEFAULT_FROM_EMAIL is {value.describe()}: mail from it is refused as spam")
    if _EXAMPLE.search(domain):
        return failed(f"DEFAULT_FROM_EMAIL uses {domain}, a reserved example domain")
    if not name:
        return warned(f"DEFAULT_FROM_EMAIL {address!r} has no display name ('Team <{address}>')")
    return _against_site(ctx, domain, f"DEFAULT_FROM_EMAIL = {value.value!r}")


def _against_site(ctx: Context, domain: str, text: str) -> Judgement:
    if ctx.site_host:
        site = ".".join(ctx.site_host.lower().split(".")[-2:])
        if not (domain == site or domain.endswith("." + site)):
            return warned(f"{text}, but the site is {ctx.site_host}")
    return passed(text)


@judge(
    "email-service",
    "EMAIL_BACKEND: console/locmem/dummy/filebased fail (no mail leaves); SMTP to localhost "
    "warns; an Anymail backend or SMTP to a provider's host passes. The domain's SPF/DKIM/"
    "DMARC are judged from DNS.",
)
def judge_email_service(ctx: Context) -> Judgement:
    """email-service."""
    backend = email_backend(ctx)
    if not backend.is_literal:
        return not_known(backend, "EMAIL_BACKEND")
    path = str(backend.value)
    if any(b in path.lower() for b in ("console", "locmem", "dummy", "filebased")):
        return failed(f"EMAIL_BACKEND is {path}: no mail leaves the server")
    if path.startswith("anymail."):
        return passed(f"EMAIL_BACKEND is {path} (Anymail)")
    if path.endswith("smtp.EmailBackend"):
        host = ctx.rt.email.host if ctx.rt is not None else None
        if host is None:
            host_value = ctx.setting("EMAIL_HOST")
            if not host_value.is_literal:
                return not_known(host_value, "EMAIL_HOST")
            host = str(host_value.value)
        if host in ("localhost", "127.0.0.1", ""):
            return warned("SMTP to localhost: fine only with a local relay on every server")
        return passed(f"SMTP via {host}")
    return passed(f"EMAIL_BACKEND is {path}")


@judge(
    "email-templates",
    'Email templates (paths with email/mail) must not link relatively (href="/…") or to '
    "localhost/127.0.0.1/example.com: fail. Otherwise unknown, as the content needs a human.",
    settings=False,
)
def judge_email_templates(ctx: Context) -> Judgement:
    """email-templates."""
    templates = ctx.static.deploy.email_templates
    if not templates:
        return unknown("no email templates found (paths with email/mail under templates/)")
    for rel in templates:
        text = ctx.static.files.text(rel)
        found = _BAD_LINK.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            return failed(f"{rel}:{line} links to {found.group(1)[:60]!r}: broken in a mail client")
    return unknown(f"{len(templates)} email template(s) have absolute links; content needs a human")


@judge(
    "email-sendgrid-bcc",
    "A default BCC in ANYMAIL SEND_DEFAULTS (or <ESP>_SEND_DEFAULTS, esp_extra) passes. "
    "Otherwise unknown: SendGrid retired its account-level BCC setting on 2020-08-13; Anymail's "
    "signals (email-metadata) are the modern way to keep a copy.",
)
def judge_sendgrid_bcc(ctx: Context) -> Judgement:
    """email-sendgrid-bcc."""
    if ctx.rt is not None:
        if ctx.rt.email.send_defaults_bcc:
            return passed("Anymail sends every message with a default BCC", runtime=True)
        return unknown(
            "no default BCC; SendGrid retired its account BCC setting on 2020-08-13 (see Anymail "
            "signals)",
            runtime=True,
        )
    anymail = unwrap(ctx.setting("ANYMAIL"))
    if isinstance(anymail, dict):
        for key, value in anymail.items():
            if str(key).endswith("SEND_DEFAULTS") and isinstance(value, dict) and value.get("bcc"):
                return passed(f"ANYMAIL {key} has a bcc")
            if str(key).endswith("SEND_DEFAULTS") and "bcc" in repr(value):
                return passed(f"ANYMAIL {key} sets a bcc")
    return unknown(
        "no default BCC in ANYMAIL; SendGrid retired its account BCC setting on 2020-08-13, so "
        "keep copies with Anymail's signals instead"
    )


@judge(
    "email-metadata",
    "With Anymail, a project receiver on anymail.signals.post_send or tracking passes; none "
    "fails. Without Anymail, unknown.",
)
def judge_metadata(ctx: Context) -> Judgement:
    """email-metadata."""
    runtime = ctx.runtime
    if runtime is not None and runtime.ok and runtime.anymail is not None:
        facts = runtime.anymail
        receivers = [*facts.post_send_receivers, *facts.tracking_receivers]
        if not facts.installed:
            return unknown("Anymail is not installed: nothing to record sends with", runtime=True)
        if receivers:
            return passed(f"Anymail receivers: {', '.join(receivers[:3])}", runtime=True)
        return failed("Anymail is installed but nothing receives post_send/tracking", runtime=True)
    if not anymail_used(ctx):
        return unknown("Anymail is not used: no signals to record sent mail")
    hits = ctx.static.code.anymail_receivers
    if hits:
        return passed(f"Anymail receiver at {hits[0].where()}")
    return failed("Anymail is installed but no code receives post_send or tracking")


_ = Kind  # re-exported for judges that test kinds
