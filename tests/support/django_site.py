"""A whole Django site in one module, served by hypercorn for the HTTP probe tests.

Three configurations, chosen by ``LAUNCHTUI_SITE_MODE``:

* ``good``: what the checklist asks for — DEBUG off, exact ALLOWED_HOSTS, SSL redirect to the
  same host, HSTS, CSP, secure cookies, custom 404, admin at a secret path, robots.txt and a
  django.contrib.sitemaps sitemap, unique titles and descriptions, GTM, Sentry, minified assets,
  Brotli (the job a CDN does), www redirected to the apex.
* ``bad``: the usual mistakes — DEBUG on, ``ALLOWED_HOSTS = ['*']``, no SSL redirect, no HSTS, no
  frame protection, insecure cookies, admin at /admin/, robots.txt blocking everything, broken
  sitemap entries, duplicate titles, unminified assets, gzip only, a version-leaking Server
  header, CORS reflecting any origin with credentials, and Django behind a "TLS proxy" without
  SECURE_PROXY_SSL_HEADER (every request looks like plain HTTP to it).

* ``traps``: the good configuration served for every host in :data:`TRAP_HOSTS`, each with one
  mistake real launches make that an outside probe could wrongly pass (see :data:`TRAP_HOSTS`);
  a front proxy (:class:`FrontProxy`) answers 400 to any other ``Host``.

``LAUNCHTUI_SITE_HOST`` is the canonical host and ``LAUNCHTUI_SITE_HTTPS_PORT`` the TLS port.
Run: ``hypercorn -w 0 --certfile … --keyfile … --bind 127.0.0.1:PORT --insecure-bind
127.0.0.1:PORT2 tests.support.django_site:application``.
"""

from __future__ import annotations

import os

import brotli

from tests.support.trap_hosts import TRAP_HOSTS

MODE = os.environ.get("LAUNCHTUI_SITE_MODE", "good")
TRAPS = MODE == "traps"
GOOD = MODE in ("good", "traps")
HOST = os.environ.get("LAUNCHTUI_SITE_HOST", "good.test" if GOOD else "www.bad.test")
HTTPS_PORT = int(os.environ.get("LAUNCHTUI_SITE_HTTPS_PORT", "8443"))
APEX = HOST.removeprefix("www.")
# Extra markup of the traps' pages, by host.
TRAP_BODIES = {
    "a11y.test": (
        '<img src="/static/photo100.png"><form><input name="q"></form>'
        '<a href="/about/"></a><button></button><h1>Title</h1><h3>Skipped a level</h3>'
    ),
    "retina.test": (
        '<img src="/static/logo.svg" alt="logo">'
        '<img src="/static/photo200.png" srcset="/static/photo200.png 2x" width="100" alt="a">'
        '<img src="/static/photo100.png" width="100" alt="blurry">'
    ),
    "retina2x.test": (
        '<img src="/static/logo.svg" alt="logo">'
        '<img src="/static/photo200.png" width="100" alt="b">'
    ),
}

# -- settings ----------------------------------------------------------------------------------

SECRET_KEY = "launchtui-tests-only-" + "x" * 40
DEBUG = not GOOD
ALLOWED_HOSTS = [APEX, "www." + APEX] if GOOD and not TRAPS else ["*"]
# Behind the traps' front proxy, which checks Host but passes X-Forwarded-Host on.
USE_X_FORWARDED_HOST = TRAPS
ROOT_URLCONF = __name__
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"  # no database needed
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
_MIDDLEWARE_GOOD = [
    f"{__name__}.WwwToApexMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    f"{__name__}.GoodHeadersMiddleware",
]
_MIDDLEWARE_BAD = [
    f"{__name__}.BadHeadersMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
_MIDDLEWARE_TRAPS = [
    f"{__name__}.TrapMiddleware",
    *[m for m in _MIDDLEWARE_GOOD if not m.endswith("WwwToApexMiddleware")],
]
MIDDLEWARE = _MIDDLEWARE_TRAPS if TRAPS else _MIDDLEWARE_GOOD if GOOD else _MIDDLEWARE_BAD

if GOOD:
    SECURE_SSL_REDIRECT = not TRAPS  # the traps redirect in TrapMiddleware, per host
    SECURE_SSL_HOST = f"{APEX}:{HTTPS_PORT}"  # non-standard port: Django needs it spelled out
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    X_FRAME_OPTIONS = "DENY"
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_SECURE = True
else:
    SECURE_CONTENT_TYPE_NOSNIFF = False
    SECURE_REFERRER_POLICY = "unsafe-url"
    SESSION_COOKIE_HTTPONLY = False
    APPEND_SLASH = False
    PREPEND_WWW = True

# -- middleware --------------------------------------------------------------------------------

CSP = (
    "default-src 'self'; script-src 'self' 'nonce-n0nce'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class WwwToApexMiddleware:
    """The good site's canonical host is the apex: www answers 301 to it."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        from django.http import HttpResponsePermanentRedirect

        # The raw header, not get_host(): a bogus Host must still reach Django's own check.
        host = request.META.get("HTTP_HOST", "").split(":")[0]
        if host == "www." + APEX:
            return HttpResponsePermanentRedirect(f"https://{SECURE_SSL_HOST}{request.path}")
        return self.get_response(request)


def _host(request) -> str:  # type: ignore[no-untyped-def]
    return request.META.get("HTTP_HOST", "").split(":")[0]


class TrapMiddleware:
    """The traps: the good site's configuration, with the mistake of each host in TRAP_HOSTS."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

        host, path = _host(request), request.path
        if host.startswith("www."):
            return HttpResponsePermanentRedirect(f"https://{host[4:]}:{HTTPS_PORT}{path}")
        if host == "oldsite.test":
            new = f"https://shop.example.co.uk:{HTTPS_PORT}"
            if path == "/products/1":
                return HttpResponsePermanentRedirect(new + "/pricing/")
            if path == "/blog/old":
                return HttpResponseRedirect(new + "/blog/")
            return self.get_response(request)
        plain_ok = host == "noredirect.test" or (host == "plainapi.test" and path == "/api/")
        if not request.is_secure() and not plain_ok:
            return HttpResponsePermanentRedirect(f"https://{host}:{HTTPS_PORT}{path}")
        if host == "loophome.test" and path in ("/", "/home/"):
            response = HttpResponseRedirect("/home/" if path == "/" else "/")
        else:
            response = self.get_response(request)
        if host == "catchall.test" and response.status_code == 404:
            response = _page(request, "home")
        if host == "loophome.test":
            del response["Strict-Transport-Security"]
        if host == "allowfrom.test":
            response["X-Frame-Options"] = "ALLOW-FROM https://partner.example"
        if host in ("allowfrom.test", "metacsp.test"):
            response["Content-Security-Policy"] = CSP.replace("; frame-ancestors 'none'", "")
        if host == "metacsp.test":
            del response["X-Frame-Options"]
        if (
            host == "nullorigin.test"
            and path == "/api/"
            and request.META.get("HTTP_ORIGIN") == "null"
        ):
            response["Access-Control-Allow-Origin"] = "null"
            response["Access-Control-Allow-Credentials"] = "true"
        return response


class FrontProxy:
    """The traps' reverse proxy: 400 for a Host it does not serve, as nginx's default server
    does; it passes X-Forwarded-Host on for forwarded.test and drops it for the others."""

    def __init__(self, app):  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        host = headers.get(b"host", b"").decode(errors="replace").split(":")[0]
        if host.removeprefix("www.") not in TRAP_HOSTS:
            await send({"type": "http.response.start", "status": 400, "headers": []})
            await send({"type": "http.response.body", "body": b"unknown host"})
            return None
        if host != "forwarded.test":
            kept = [(k, v) for k, v in scope["headers"] if k != b"x-forwarded-host"]
            scope = {**scope, "headers": kept}
        return await self.app(scope, receive, send)


class GoodHeadersMiddleware:
    """A CSP and CORP, as django-csp or a CDN would add them."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        response["Content-Security-Policy"] = CSP
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response


class BadHeadersMiddleware:
    """A leaky Server header, the obsolete XSS header, and CORS that trusts everyone."""

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        response = self.get_response(request)
        response["Server"] = "nginx/1.18.0 (Ubuntu)"
        response["X-XSS-Protection"] = "1; mode=block"
        origin = request.META.get("HTTP_ORIGIN")
        if origin:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Credentials"] = "true"
        return response


# -- views -------------------------------------------------------------------------------------

FILLER = " ".join(
    f"<p>Paragraph {n}: launch checklists keep teams honest about production.</p>"
    for n in range(30)
)
GOOD_PAGES = {
    "home": ("/", "Good Site — Home", "Good Site helps Django teams launch."),
    "about": ("/about/", "About us — Good Site", "Who builds Good Site and why."),
    "pricing": ("/pricing/", "Pricing — Good Site", "Plans for teams of every size."),
    "blog": ("/blog/", "Blog — Good Site", "Notes on shipping Django to production."),
    "contact": ("/contact/", "Contact — Good Site", "Write to the Good Site team."),
}
GTM_SNIPPET = (
    "<script nonce=\"n0nce\">(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':"
    "new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],"
    "j=d.createElement(s);j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i;"
    "f.parentNode.insertBefore(j,f);})(window,document,'script','dataLayer','GTM-ABC1234');"
    "</script>"
)
VIEWPORT = "width=device-width, initial-scale=1, shrink-to-fit=no"
TRAP_ICONS = {
    "icon-data.test": "data:,",
    "icon-js.test": "javascript:void(0)",
    "icon-ftp.test": "ftp://icon-ftp.test/favicon.png",
    "icon-offsite.test": "https://cdn.elsewhere.example/favicon.png",
}


def _png(width: int) -> bytes:
    """The start of a PNG ``width`` pixels wide: what the favicon and retina checks read."""
    import struct

    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", width, width) + b"\0" * 40


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
# A PNG header is all a favicon check reads.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MINIFIED_CSS = ("body{margin:0;font-family:system-ui,sans-serif;color:#222}" * 20).encode()
MINIFIED_JS = (
    'Sentry.init({dsn:"https://k@o1.ingest.sentry.io/1",tracesSampleRate:.1});'
    + "function a(b){return b.map(function(c){return c*2}).filter(Boolean)}" * 20
).encode()
PLAIN_CSS = (
    "\n".join(
        f".block-{n} {{\n    margin: 0 auto;\n    padding: {n}px;\n    color: #333;\n}}\n"
        for n in range(30)
    )
).encode()
PLAIN_JS = (
    "\n".join(
        f"function handler{n}(event) {{\n    console.log('clicked', event);\n    return {n};\n}}\n"
        for n in range(30)
    )
).encode()


def _page(request, name: str, status: int = 200):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    if GOOD:
        _, title, description = GOOD_PAGES[name]
        token = get_token(request)  # sets csrftoken, as a page with a form does
        links = " ".join(f'<a href="{p}">{t}</a>' for p, t, _ in GOOD_PAGES.values())
        host = _host(request) if TRAPS else ""
        icon = TRAP_ICONS.get(host, "/static/favicon.png")
        viewport = {
            "fixedwidth.test": "width=1024",
            "noscale.test": "width=device-width, initial-scale=1, maximum-scale=1, "
            "user-scalable=no",
        }.get(host, VIEWPORT)
        head = (
            '<meta charset="utf-8">'
            f'<meta name="viewport" content="{viewport}">'
            f"<title>{title}</title>"
            f'<meta name="description" content="{description}">'
            '<meta name="google-site-verification" content="launchtui-test">'
            f'<link rel="icon" href="{icon}" type="image/png">'
            '<link rel="stylesheet" href="/static/site.min.css">'
            f'{GTM_SNIPPET}<script src="/static/app.min.js" defer></script>'
        )
        if TRAPS:
            # The canonical link is built from the request, as most sites build it.
            head += f'<link rel="canonical" href="{request.build_absolute_uri()}">'
            links += ' <a href="/api/">API</a>'
        if host == "metacsp.test":
            head += '<meta http-equiv="Content-Security-Policy" content="frame-ancestors \'none\'">'
        links += TRAP_BODIES.get(host, "")
        if host == "staging.traps.test":
            links += f' <a href="https://{host}:{HTTPS_PORT}/about/">About (absolute)</a>'
            links += ' <a href="https://backstaging.example/">Our stage school</a>'
        body = (
            f"<nav>{links}</nav><form method=post action=/contact/>"
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>{FILLER}'
        )
    else:
        get_token(request)
        head = (
            "<title>Bad Site</title>"
            '<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js"></script>'
        )
        body = (
            '<a href="/about/">About</a> <a href="/pricing/">Pricing</a> '
            '<a href="/missing-page/">Old page</a> '
            '<a href="http://localhost:8000/admin/">Admin (dev)</a>' + FILLER
        )
    request.session["visited"] = True  # sets sessionid
    lang = "" if TRAPS and _host(request) == "a11y.test" else ' lang="en"'
    html = f"<!doctype html><html{lang}><head>{head}</head><body>{body}</body></html>"
    return HttpResponse(html, status=status)


def home(request):  # type: ignore[no-untyped-def]
    return _page(request, "home")


def about(request):  # type: ignore[no-untyped-def]
    return _page(request, "about")


def pricing(request):  # type: ignore[no-untyped-def]
    return _page(request, "pricing")


def blog(request):  # type: ignore[no-untyped-def]
    return _page(request, "blog")


def contact(request):  # type: ignore[no-untyped-def]
    return _page(request, "contact")


def robots_txt(request):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse

    if TRAPS:
        host = _host(request)
        text = ("User-agent: Googlebot\nDisallow: /\n\n" if host == "googlebot.test" else "") + (
            "User-agent: *\nDisallow: /control-panel-x7/\n\n"
            f"Sitemap: https://{host}:{HTTPS_PORT}/sitemap.xml\n"
        )
    elif GOOD:
        text = (
            "User-agent: *\nDisallow: /control-panel-x7/\n\n"
            f"Sitemap: https://{APEX}:{HTTPS_PORT}/sitemap.xml\n"
        )
    else:
        text = "User-agent: *\nDisallow: /\n"  # copied from staging
    return HttpResponse(text, content_type="text/plain")


def api(request):  # type: ignore[no-untyped-def]
    from django.http import JsonResponse

    return JsonResponse({"ok": True})


def static_file(request, name: str):  # type: ignore[no-untyped-def]
    from django.http import Http404, HttpResponse

    files = {
        "favicon.png": (PNG, "image/png"),
        "photo100.png": (_png(100), "image/png"),
        "photo200.png": (_png(200), "image/png"),
        "logo.svg": (SVG, "image/svg+xml"),
        "site.min.css": (MINIFIED_CSS, "text/css"),
        "app.min.js": (MINIFIED_JS, "text/javascript"),
        "site.css": (PLAIN_CSS, "text/css"),
        "app.js": (PLAIN_JS, "text/javascript"),
    }
    if name not in files:
        raise Http404(name)
    body, content_type = files[name]
    return HttpResponse(body, content_type=content_type)


def not_found(request, exception):  # type: ignore[no-untyped-def]
    from django.http import HttpResponseNotFound

    return HttpResponseNotFound(
        "<!doctype html><html><head><title>Page not found — Good Site</title></head>"
        "<body><h1>We could not find that page.</h1><a href='/'>Home</a></body></html>"
    )


def _sitemap_class():  # type: ignore[no-untyped-def]
    from django.contrib.sitemaps import Sitemap

    class PageSitemap(Sitemap):
        # The bad site lists a page that is gone; both name https explicitly (see the module doc).
        protocol = "https"

        def items(self):  # type: ignore[no-untyped-def]
            return (
                ["/", "/about/", "/pricing/", "/blog/"]
                if GOOD
                else ["/", "/about/", "/pricing/", "/gone/"]
            )

        def location(self, item):  # type: ignore[no-untyped-def]
            return item

    return PageSitemap


# -- URLs and the application ------------------------------------------------------------------

import django  # noqa: E402
from django.conf import settings  # noqa: E402

if not settings.configured:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.sitemaps.views import sitemap  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.urls import path  # noqa: E402

handler404 = f"{__name__}.not_found" if GOOD else "django.views.defaults.page_not_found"
urlpatterns = [
    path("", home),
    path("about/", about),
    path("pricing/", pricing),
    path("robots.txt", robots_txt),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": _sitemap_class()}}),
    path("static/<str:name>", static_file),
    path("control-panel-x7/" if GOOD else "admin/", admin.site.urls),
]
if GOOD:
    urlpatterns += [path("blog/", blog), path("contact/", contact)]
if TRAPS:
    urlpatterns += [path("api/", api)]


class BrotliMiddleware:
    """ASGI wrapper compressing text answers with Brotli, as a CDN in front would."""

    def __init__(self, app):  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        accepts = dict(scope.get("headers", [])).get(b"accept-encoding", b"")
        if b"br" not in accepts:
            return await self.app(scope, receive, send)
        start: dict = {}
        chunks: list[bytes] = []

        async def buffered(message):  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            # Django sends header names as written ("Content-Type"): compare lower case.
            headers = [
                (k.lower(), v)
                for k, v in start.get("headers", [])
                if k.lower() != b"content-length"
            ]
            kind = dict(headers).get(b"content-type", b"")
            if kind.startswith((b"text/", b"application/xml")) and len(body) > 200:
                body = brotli.compress(body)
                headers += [(b"content-encoding", b"br"), (b"vary", b"Accept-Encoding")]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        return await self.app(scope, receive, buffered)


class SchemeAsHttp:
    """ASGI wrapper hiding TLS from Django, like a TLS-terminating proxy without the header."""

    def __init__(self, app):  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            scope = {**scope, "scheme": "http"}
        return await self.app(scope, receive, send)


_django = get_asgi_application()
if TRAPS:
    application = FrontProxy(BrotliMiddleware(_django))
elif GOOD:
    application = BrotliMiddleware(_django)
else:
    application = SchemeAsHttp(_django)
