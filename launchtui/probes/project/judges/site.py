"""Judges of items also probed from outside the site: the project's side of them.

A settings-only pass here says "configured"; the live site decides (the item's shown verdict is
the worst of the site's and the project's, and a project pass alone shows as a warning).
"""

from __future__ import annotations

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
from launchtui.probes.project.judges.settings import COMMON_MW, middleware_state


@judge(
    "content-error-views",
    "A 404.html and a 500.html template, or handler404/handler500 in the root URLconf: pass; "
    "neither fails (Django's bare default pages). The live 404 decides.",
    settings=False,
)
def judge_error_views(ctx: Context) -> Judgement:
    """content-error-views."""
    templates = ctx.static.deploy.error_templates
    handlers = ctx.static.code.handlers
    urls = ctx.runtime.urls if ctx.runtime is not None and ctx.runtime.ok else None
    has404 = "404.html" in templates or "handler404" in handlers or bool(urls and urls.handler404)
    has500 = "500.html" in templates or "handler500" in handlers or bool(urls and urls.handler500)
    if has404 and has500:
        where = templates.get("404.html") or handlers["handler404"].where()
        return passed(f"custom 404 ({where}) and 500 pages")
    missing = [n for n, ok in (("404", has404), ("500", has500)) if not ok]
    return failed(f"no {' or '.join(missing)}.html template and no handler: Django's bare page")


@judge(
    "seo-sitemap",
    "django.contrib.sitemaps in INSTALLED_APPS with a sitemap route in a URLconf, or a "
    "static sitemap.xml: pass; sitemaps installed without a route fails; neither warns. The "
    "live /sitemap.xml decides.",
)
def judge_sitemap(ctx: Context) -> Judgement:
    """seo-sitemap."""
    routes = ctx.static.code.sitemap_routes
    static_files = [p for p in ctx.static.files.paths if p.rsplit("/", 1)[-1] == "sitemap.xml"]
    installed = ctx.app_installed("django.contrib.sitemaps")
    if routes:
        if installed is False:
            return failed(
                f"a sitemap route at {routes[0].where()} but django.contrib.sitemaps "
                "is not installed"
            )
        return passed(f"sitemap route {routes[0].label!r} at {routes[0].where()}")
    if static_files:
        return passed(f"a static {static_files[0]}")
    if installed:
        return failed("django.contrib.sitemaps is installed but no URLconf routes a sitemap")
    return warned("no sitemap: no django.contrib.sitemaps route and no sitemap.xml file")


@judge(
    "settings-anonymize-admin",
    "The admin's URL must not be the default 'admin/': that route in a URLconf fails; another "
    "literal route passes; no admin route passes (nothing to find). The live site decides.",
    settings=False,
)
def judge_anonymize_admin(ctx: Context) -> Judgement:
    """settings-anonymize-admin."""
    runtime = ctx.runtime
    if (
        runtime is not None
        and runtime.ok
        and runtime.urls is not None
        and runtime.urls.error is None
    ):
        url = runtime.urls.admin_url
        if url is None:
            return passed("the admin is not routed", runtime=True)
        if url.strip("/").lower() in ("admin", "django-admin"):
            return failed(f"the admin is at {url}, the first place anyone looks", runtime=True)
        return passed(f"the admin is at a non-default URL ({len(url)} characters)", runtime=True)
    routes = ctx.static.code.admin_routes
    if not routes and ctx.static.code.admin_mentions:
        return unknown("admin.site.urls is used, but not in a route this reader understands")
    if not routes:
        return passed("no admin.site.urls anywhere in the project's code: the admin is not routed")
    for route in routes:
        label = route.label.strip("^$/").lower()
        if not route.label.startswith("{") and label in ("admin", "django-admin"):
            return failed(f"admin.site.urls at {route.label!r} ({route.where()})")
    literal = all(not any(c in r.label for c in "({") for r in routes)
    if not literal:
        return unknown(
            f"the admin route is computed ({routes[0].label}, {routes[0].where()}): "
            "the live site decides"
        )
    return passed(f"admin.site.urls at a non-default route ({routes[0].where()})")


@judge(
    "dns-www",
    "PREPEND_WWW True enforces www (needs CommonMiddleware: without it, it fails); False leaves "
    "the choice to the proxy or DNS, judged from outside (unknown here).",
)
def judge_prepend_www(ctx: Context) -> Judgement:
    """dns-www."""
    value = ctx.setting("PREPEND_WWW")
    if not value.is_literal:
        return not_known(value, "PREPEND_WWW")
    if value.value is True:
        if middleware_state(ctx, COMMON_MW) is False:
            return failed("PREPEND_WWW = True without CommonMiddleware does nothing")
        return passed(f"PREPEND_WWW = True ({value.where()})")
    return unknown("PREPEND_WWW is off: the www redirect, if any, is the proxy's (judged outside)")


@judge(
    "monitoring-sentry-frontend",
    "A Sentry browser SDK (loader script, @sentry/browser, Sentry.init) in templates or "
    "frontend sources: pass; none warns (the frontend may live elsewhere). The live pages "
    "decide.",
    settings=False,
)
def judge_sentry_frontend(ctx: Context) -> Judgement:
    """monitoring-sentry-frontend."""
    hits = ctx.static.deploy.sentry_browser
    if hits:
        return passed(f"Sentry browser SDK at {hits[0].where()} ({hits[0].label})")
    return warned(
        f"no Sentry browser SDK in {len(ctx.static.deploy.templates)} template(s) or "
        "the JavaScript sources"
    )
