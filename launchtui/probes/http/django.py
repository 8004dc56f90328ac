"""What a Django site gives away from outside: DEBUG, Host checks, admin, error views, slashes.

The tell-tale pages are Django's own (checked against Django 5.2): the technical 404/500 pages
say "because you have <code>DEBUG = True</code>", the stock 404 is titled "Not Found", a refused
Host gets 400, and the admin login has ``id="login-form"``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit, urlunsplit

from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.http.judging import answer_or_unknown
from launchtui.probes.http.page import parse_page
from launchtui.probes.model import Finding, Verdict

BOGUS_HOST = "launchtui-host-check.invalid"
FORWARDED_HOST = "launchtui-forwarded-check.invalid"

# The sentence of Django's technical 404 and 500 pages (its apostrophe varies between versions).
DEBUG_PAGE = re.compile(r"because you have\s*<code>\s*DEBUG\s*=\s*True\s*</code>", re.IGNORECASE)
DEBUG_TOOLBAR = re.compile(r'id="djDebug"')
DISALLOWED_HOST_DEBUG = re.compile(r"<title>\s*DisallowedHost at", re.IGNORECASE)
STOCK_404 = "The requested resource was not found on this server."
ADMIN_MARKERS = re.compile(
    r"Django site admin|Django administration|id=\"login-form\"|class=\"[^\"]*\bapp-admin\b",
    re.IGNORECASE,
)
FLOWER_MARKERS = re.compile(r"<title>[^<]*Flower|celery flower", re.IGNORECASE)
# Default error pages of common front servers and non-Django frameworks: the request never
# reached a custom view (nor Django). Apache without ServerSignature drops its <address> line.
FRONT_SERVER_404 = (
    (re.compile(r"<center>\s*nginx", re.IGNORECASE), "nginx's default error page"),
    (re.compile(r"<address>\s*Apache", re.IGNORECASE), "Apache's default error page"),
    (
        re.compile(r"The requested URL was not found on this server\.", re.IGNORECASE),
        "Apache's default error page",
    ),
    (re.compile(r"Server Error in '/' Application", re.IGNORECASE), "IIS's default error page"),
    (
        re.compile(r"If you entered the URL manually please check your spelling", re.IGNORECASE),
        "Werkzeug's (Flask's) default error page",
    ),
    (
        re.compile(r"<title>Error response</title>.*Error code: 404", re.IGNORECASE | re.DOTALL),
        "Python http.server's default error page",
    ),
    (
        re.compile(
            r"<title>404 Not Found</title>\s*</head>\s*<body>\s*<h1>404 Not Found</h1>\s*</body>",
            re.IGNORECASE,
        ),
        "lighttpd's default error page",
    ),
)


def front_server_404(text: str) -> str | None:
    """The name of the stock, non-Django error page ``text`` is, if it is one."""
    for pattern, name in FRONT_SERVER_404:
        if pattern.search(text):
            return name
    return None


def random_missing_path() -> str:
    """A long random path no site has (with a slash, so APPEND_SLASH cannot redirect it)."""
    return f"/launchtui-{secrets.token_hex(12)}/"


def unreadable(page: Response) -> str:
    """Why a page's content cannot be judged: a body in an encoding this client cannot read."""
    encoding = page.headers.get("content-encoding", "")
    return (
        f"{page.url} → {page.status} with an unreadable body (Content-Encoding: {encoding}), "
        "so its content could not be inspected"
    )


def debug_evidence(responses: Iterable[Response]) -> Response | None:
    """The first own-host HTML answer that shows Django's DEBUG machinery, if any."""
    for response in responses:
        if not response.is_html or not response.body:
            continue
        text = response.text
        if (
            DEBUG_PAGE.search(text)
            or DISALLOWED_HOST_DEBUG.search(text)
            or (DEBUG_TOOLBAR.search(text))
        ):
            return response
    return None


def probe_debug(missing: Fetch, seen: Iterable[Response]) -> Finding:
    """settings-debug: a random 404 and every page seen show no sign of ``DEBUG = True``."""
    item, probe = "settings-debug", "http.debug"
    advice = "Set DEBUG = False in production (read it from the environment, default False)."
    # The random 404 is the canonical place to look, so it comes first in the evidence.
    shown = debug_evidence([*missing.hops[-1:], *seen])
    if shown is not None:
        return Finding(
            item,
            Verdict.FAIL,
            f"{shown.method} {shown.url} ({shown.status}) shows Django's DEBUG page",
            probe,
            detail="Anyone can read settings, paths and code from it. " + advice,
        )
    page = missing.page
    if page is None:
        return Finding(
            item, Verdict.UNKNOWN, f"random 404 path not fetched: {missing.reason}", probe
        )
    if page.undecodable:
        return Finding(item, Verdict.UNKNOWN, unreadable(page), probe)
    if page.status == 404:
        if "DEBUG = True" in page.text:
            return Finding(item, Verdict.FAIL, f"{page.url} mentions DEBUG = True", probe, advice)
        if (stock := front_server_404(page.text)) is not None:
            return Finding(
                item,
                Verdict.UNKNOWN,
                f"{page.url} → 404 from {stock}: Django did not answer, so its DEBUG page "
                "could not show",
                probe,
                detail="Only an error Django itself handles would reveal DEBUG = True.",
            )
        return Finding(
            item,
            Verdict.PASS,
            f"{page.url} → 404 without Django's debug page",
            probe,
            detail=(
                "With DEBUG = True Django answers every unknown URL with its technical 404 page; "
                "none was shown."
            ),
        )
    return Finding(
        item,
        Verdict.UNKNOWN,
        f"random path {missing.url} answered {page.status}, not 404 — no error page to inspect",
        probe,
        detail="A catch-all route or a firewall answers instead of Django's 404 handling.",
    )


def forwarded_reflection(forwarded: Iterable[Fetch]) -> str | None:
    """Where an answer to a request carrying ``X-Forwarded-Host: FORWARDED_HOST`` used that
    name (a header or the body), as ``"<url> → <status>, in <where>"``; None if nowhere."""
    needle = FORWARDED_HOST.encode()
    for fetch in forwarded:
        answer = fetch.final
        if answer is None:
            continue
        where = [name for name, value in answer.headers.items() if FORWARDED_HOST in value.lower()]
        if needle in answer.body.lower():
            where.append("the body" + (" (a sitemap)" if b"<urlset" in answer.body else ""))
        if where:
            return f"{answer.method} {answer.url} → {answer.status}, in {', '.join(where)}"
    return None


def probe_allowed_hosts(bogus: Fetch, forwarded: Iterable[Fetch] = ()) -> Finding:
    """settings-allowed-hosts: a request with a made-up ``Host`` header must get 400, and a
    made-up ``X-Forwarded-Host`` must not be used in what the site answers (``forwarded``: the
    answers to requests carrying it)."""
    item, probe = "settings-allowed-hosts", "http.allowed-hosts"
    advice = (
        "List your exact domains in ALLOWED_HOSTS (never '*'): Django then answers 400 to "
        "requests for other hosts, which stops Host-header poisoning of links and caches."
    )
    reflected = forwarded_reflection(forwarded)
    if reflected is not None:
        # A front proxy refusing bogus Host headers hides ALLOWED_HOSTS = ['*'] from the usual
        # check, but not from this one: the app builds URLs from a header anyone can send.
        return Finding(
            item,
            Verdict.FAIL,
            f"X-Forwarded-Host: {FORWARDED_HOST} is used by the site: {reflected}",
            probe,
            detail=(
                "The app trusts X-Forwarded-Host (USE_X_FORWARDED_HOST) and accepts any host, "
                "so links, redirects and sitemaps can be poisoned. Make the proxy set or strip "
                "X-Forwarded-Host, and list exact domains in ALLOWED_HOSTS."
            ),
        )
    first = bogus.hops[0] if bogus.hops else None
    if first is None:
        return Finding(
            item, Verdict.UNKNOWN, f"request with a bogus Host failed: {bogus.reason}", probe
        )
    asked = f"Host: {BOGUS_HOST} to {bogus.url}"
    if first.status == 400:
        return Finding(item, Verdict.PASS, f"{asked} → 400", probe)
    if 200 <= first.status < 300:
        return Finding(
            item, Verdict.FAIL, f"{asked} → {first.status}: any Host is accepted", probe, advice
        )
    if first.is_redirect:
        location = first.headers.get("location", "")
        if BOGUS_HOST in location:
            return Finding(
                item,
                Verdict.FAIL,
                f"{asked} → {first.status} to {location}: the bogus host is echoed back",
                probe,
                advice,
            )
    return Finding(
        item,
        Verdict.UNKNOWN,
        f"{asked} → {first.status}: something in front of Django answered, so Django's own "
        "check was not reached",
        probe,
        detail=(
            "A proxy or CDN that refuses unknown hosts protects you too, but cannot prove "
            "ALLOWED_HOSTS is set; check the setting in code."
        ),
    )


def _admin_shown(page: Response | None) -> bool:
    if page is None or not page.is_html:
        return False
    text = page.text
    if ADMIN_MARKERS.search(text):
        return True
    # A login form under the default path is the point of the item, whatever its styling.
    return "/admin" in urlsplit(page.url).path and parse_page(page.url, text).has_password_field


def _catch_all(fetch: Fetch, missing: Fetch | None) -> bool:
    """Whether ``fetch`` got the site's catch-all page: a random path answers 200 as well."""
    final, other = fetch.final, missing.final if missing is not None else None
    return (
        final is not None
        and other is not None
        and 200 <= final.status < 300
        and 200 <= other.status < 300
    )


def _answer_note(fetch: Fetch, missing: Fetch | None) -> str:
    final = fetch.final
    assert final is not None
    if _catch_all(fetch, missing):
        return f"{fetch.url} → {final.status}, the site's catch-all page (any path answers 200)"
    return f"{fetch.url} → {final.status}"


def probe_admin_url(admin: Fetch, flower: Fetch, missing: Fetch | None = None) -> Finding:
    """settings-anonymize-admin: no Django admin at ``/admin/`` and no Flower at ``/flower/``.

    ``missing`` is the random-path fetch: when it answers 200 too, the site has a catch-all
    route, and the evidence says the page seen is that, not something living at the path.
    """
    item, probe = "settings-anonymize-admin", "http.admin-url"
    advice = (
        "Mount admin.site.urls (and Flower) at an unguessable path, or restrict them by IP or VPN."
    )
    admin_page = admin.page or admin.final
    if _admin_shown(admin_page):
        assert admin_page is not None
        return Finding(
            item,
            Verdict.FAIL,
            f"{admin.chain()} shows the Django admin login",
            probe,
            advice,
        )
    flower_page = flower.page
    if (
        flower_page is not None
        and flower_page.status == 200
        and flower_page.is_html
        and (FLOWER_MARKERS.search(flower_page.text))
    ):
        return Finding(
            item, Verdict.FAIL, f"{flower.url} serves Celery Flower to anyone", probe, advice
        )
    first = admin.hops[0] if admin.hops else None
    if first is None:
        return Finding(item, Verdict.UNKNOWN, f"{admin.url} not fetched: {admin.reason}", probe)
    flower_note = ""
    if flower.final is not None:
        flower_note = "; " + _answer_note(flower, missing)
    if first.is_redirect and "next=/admin" in unquote(first.location or ""):
        return Finding(
            item,
            Verdict.WARN,
            f"{admin.url} redirects to a login ({first.location}): something lives at /admin/",
            probe,
            advice,
        )
    final = admin.final
    assert final is not None
    if final.undecodable:
        return Finding(item, Verdict.UNKNOWN, unreadable(final), probe)
    if final.status in (404, 410) or (200 <= final.status < 300 and final.is_html):
        return Finding(
            item,
            Verdict.PASS,
            f"{_answer_note(admin, missing)}, without Django admin markers{flower_note}",
            probe,
        )
    return Finding(
        item,
        Verdict.UNKNOWN,
        f"{admin.url} → {final.status}: cannot tell what is there{flower_note}",
        probe,
        detail="A 401/403 or server error hides whether the admin lives at the default path.",
    )


def probe_error_views(missing: Fetch, bogus: Fetch) -> Finding:
    """content-error-views: the 404 page is not Django's stock (or debug) page."""
    item, probe = "content-error-views", "http.error-views"
    advice = (
        "Add templates/404.html and 500.html (and 400/403), or set handler404/handler500. The "
        "500 page cannot be provoked from outside: check it with a test that raises."
    )
    if isinstance(page := answer_or_unknown(item, probe, missing, what="404 page"), Finding):
        return page
    if page.status != 404:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"random path answered {page.status}, not 404 — no error page to inspect",
            probe,
        )
    if page.undecodable:
        return Finding(item, Verdict.UNKNOWN, unreadable(page), probe)
    text = page.text
    if DEBUG_PAGE.search(text) or "DEBUG = True" in text:
        return Finding(item, Verdict.FAIL, "the 404 is Django's DEBUG page", probe, advice)
    if STOCK_404 in text:
        return Finding(
            item, Verdict.FAIL, "the 404 is Django's stock 'Not Found' page", probe, advice
        )
    if (stock := front_server_404(text)) is not None:
        return Finding(item, Verdict.FAIL, f"the 404 is {stock}", probe, advice)
    if not page.is_html or not text.strip():
        kind = page.content_type or "no content type"
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"the 404 answer is not an HTML page ({kind}, {len(page.body)} bytes)",
            probe,
            detail="An API may answer JSON errors on purpose; people never see a page here.",
        )
    title = parse_page(page.url, text).title or "no title"
    notes = [advice.split(". ")[-1]]
    bogus_page = bogus.final
    if (
        bogus_page is not None
        and bogus_page.status == 400
        and "Bad Request (400)" in bogus_page.text
    ):
        notes.append("The 400 page (seen for a bogus Host) is Django's stock one.")
    return Finding(
        item,
        Verdict.PASS,
        f"custom 404 page (title: {title})",
        probe,
        detail=" ".join(notes),
    )


def slash_candidate(urls: Iterable[str], is_own: Callable[[str], bool]) -> str | None:
    """A same-site page URL ending in ``/`` (not the root, no query) to test APPEND_SLASH with."""
    for url in urls:
        parts = urlsplit(url)
        if is_own(url) and parts.path.endswith("/") and parts.path.strip("/") and not parts.query:
            return url
    return None


def without_slash(url: str) -> str:
    """The URL with its trailing slash removed."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def probe_append_slash(
    page_url: str | None, slashless: Fetch | None, unconfirmed: str | None = None
) -> Finding:
    """settings-append-slash: a known ``/page/`` asked as ``/page`` redirects to ``/page/``.

    ``unconfirmed`` is why ``page_url`` itself did not answer 200 (then nothing was tested).
    """
    item, probe = "settings-append-slash", "http.append-slash"
    if page_url is not None and unconfirmed is not None:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"the slashed page to test with does not answer 200 ({unconfirmed})",
            probe,
        )
    if page_url is None or slashless is None:
        return Finding(
            item,
            Verdict.UNKNOWN,
            "no same-site page with a trailing slash found on the home page or sitemap",
            probe,
        )
    first = slashless.hops[0] if slashless.hops else None
    if first is None:
        return Finding(
            item, Verdict.UNKNOWN, f"{slashless.url} not fetched: {slashless.reason}", probe
        )
    asked = f"{slashless.url} → {first.status}"
    if first.is_redirect:
        target = first.location or ""
        if urlsplit(target).path == urlsplit(page_url).path:
            return Finding(item, Verdict.PASS, f"{asked} {target}", probe)
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"{asked} {target}, not to the slashed page {page_url}",
            probe,
        )
    if first.status == 404:
        return Finding(
            item,
            Verdict.FAIL,
            f"{asked} while {page_url} exists",
            probe,
            detail="Keep APPEND_SLASH = True (the default) with CommonMiddleware enabled.",
        )
    if 200 <= first.status < 300:
        return Finding(
            item,
            Verdict.WARN,
            f"{asked}: the page answers with and without the slash (duplicate URLs)",
            probe,
            detail="APPEND_SLASH redirects only when the slashless URL does not match a route.",
        )
    return Finding(item, Verdict.UNKNOWN, asked, probe)
