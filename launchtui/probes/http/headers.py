"""Security headers of the home page: HSTS, frame protection, nosniff, the obsolete XSS filter.

Each ``probe_*`` takes the home page's :class:`Fetch` and returns one finding. A header missing
from an error answer (a 403 from a firewall, a 503 from a CDN) is not the site's fault for sure,
so it gives ``unknown`` there instead of ``fail``.
"""

from __future__ import annotations

from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.http.judging import answer_or_unknown
from launchtui.probes.http.page import parse_page
from launchtui.probes.model import Finding, Verdict

HSTS_MIN_AGE = 15_552_000  # 180 days: Django's and hstspreload.org's long-lived threshold
# Sources that let any site in (frame-ancestors, script-src…).
BROAD_SOURCES = frozenset({"*", "http:", "https:", "http://*", "https://*", "ftp:"})


def parse_csp(values: list[str]) -> dict[str, list[str]]:
    """Directive → sources of the Content-Security-Policy header(s); the first occurrence wins.

    Several headers (or comma-joined policies) are all enforced by browsers; merging them by
    first occurrence is a simplification that is enough to tell which directives exist.
    """
    policy: dict[str, list[str]] = {}
    for value in values:
        for single in value.split(","):
            for directive in single.split(";"):
                parts = directive.split()
                if parts:
                    policy.setdefault(parts[0].lower(), [p.lower() for p in parts[1:]])
    return policy


def csp_of(response: Response) -> dict[str, list[str]]:
    """The enforced CSP of a response (report-only policies do not protect, so are ignored)."""
    return parse_csp(response.headers.get_list("content-security-policy"))


def _absent(item: str, probe: str, page: Response, what: str, advice: str) -> Finding:
    if page.status >= 400:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"{what} absent, but the home page answered {page.status} — a firewall or CDN "
            "page may not carry the site's headers",
            probe,
            detail=advice,
        )
    return Finding(item, Verdict.FAIL, f"{what} absent on {page.url}", probe, detail=advice)


def _passed(item: str, probe: str, page: Response, evidence: str, detail: str = "") -> Finding:
    """A pass, but only from a 2xx page: an error or redirect answer may come from a firewall
    or CDN in front, and its headers say nothing about the site's own pages."""
    if not 200 <= page.status < 300:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"{evidence}, but only seen on a {page.status} answer from {page.url} — a firewall "
            "or CDN page, not necessarily the site's own pages",
            probe,
            detail,
        )
    return Finding(item, Verdict.PASS, evidence, probe, detail)


def restricts_scripts(sources: list[str]) -> bool:
    """Whether CSP script sources stop injected scripts: no broad source or ``data:``, and no
    ``'unsafe-inline'`` unless a nonce or hash makes browsers ignore it (with
    ``'strict-dynamic'`` a nonce or hash also makes them ignore host sources)."""
    nonce_or_hash = any(
        s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in sources
    )
    if nonce_or_hash and "'strict-dynamic'" in sources:
        return True
    if any(s in BROAD_SOURCES or s == "data:" for s in sources):
        return False
    return nonce_or_hash or "'unsafe-inline'" not in sources


def parse_hsts(value: str) -> tuple[int | None, bool, bool]:
    """(max-age or None if missing/invalid, includeSubDomains, preload) of one HSTS header.

    Browsers ignore a header whose max-age is not plain ASCII digits or whose directives repeat
    (RFC 6797 6.1), so both give ``None``, as does a comma (two headers folded into one).
    """
    max_age: int | None = None
    subdomains = preload = False
    seen: set[str] = set()
    for part in value.split(";"):
        name, _, arg = part.strip().partition("=")
        name = name.strip().lower()
        if name in seen or "," in part:
            return None, subdomains, preload
        if name:
            seen.add(name)
        if name == "max-age":
            arg = arg.strip().strip('"')
            max_age = int(arg) if arg.isascii() and arg.isdigit() else None
        elif name == "includesubdomains":
            subdomains = True
        elif name == "preload":
            preload = True
    return max_age, subdomains, preload


def hsts_value(response: Response) -> str | None:
    """The one Strict-Transport-Security value a browser reads, or None when absent.

    Several headers reach Chromium joined by commas, a value it rejects as a whole; they are
    returned joined here too, so :func:`parse_hsts` finds no valid max-age in them.
    """
    values = response.headers.get_list("strict-transport-security")
    return ", ".join(v.strip() for v in values) if values else None


def probe_hsts(home: Fetch) -> Finding:
    """settings-hsts: ``Strict-Transport-Security`` with max-age ≥ 180 days on the HTTPS home."""
    item, probe = "settings-hsts", "http.hsts"
    advice = (
        "Set SECURE_HSTS_SECONDS (start small, then at least 15552000 = 180 days), "
        "SECURE_HSTS_INCLUDE_SUBDOMAINS and, once sure, SECURE_HSTS_PRELOAD."
    )
    # Browsers take HSTS from any HTTPS answer, redirects included (RFC 6797 §8.1): a home page
    # whose chain never ends (a loop) still answered, and what it sent is judged.
    https_hops = [hop for hop in home.hops if hop.is_https]
    page = home.page
    if page is None and https_hops and home.error:
        with_hsts = [hop for hop in https_hops if hsts_value(hop) is not None]
        if not with_hsts:
            return Finding(
                item,
                Verdict.FAIL,
                f"Strict-Transport-Security absent on all {len(https_hops)} HTTPS answers of the "
                f"home page's chain ({home.error})",
                probe,
                detail="\n".join(hop.describe() for hop in https_hops[:10]) + "\n" + advice,
            )
        page = with_hsts[0]
    if page is None:
        answer = answer_or_unknown(item, probe, home)
        assert isinstance(answer, Finding)  # no page: the unknown that says why
        return answer
    if not page.is_https:
        return Finding(
            item, Verdict.FAIL, f"home page served over plain HTTP ({page.url})", probe, advice
        )
    value = hsts_value(page)
    if value is None:
        earlier = [hop for hop in https_hops if hsts_value(hop) is not None]
        if not earlier:
            return _absent(item, probe, page, "Strict-Transport-Security", advice)
        page, value = earlier[0], hsts_value(earlier[0])
        assert value is not None
    max_age, subdomains, preload = parse_hsts(value)
    flags = ", ".join(
        f for f, on in (("includeSubDomains", subdomains), ("preload", preload)) if on
    )
    shown = f"Strict-Transport-Security: {value}"
    extras = f" ({flags})" if flags else " (no includeSubDomains, no preload)"
    if max_age is None:
        return Finding(
            item,
            Verdict.FAIL,
            f"{shown} — no valid max-age (browsers ignore the header; sent twice, or a "
            "directive repeated?)",
            probe,
            advice,
        )
    if max_age == 0:
        return Finding(item, Verdict.FAIL, f"{shown} — max-age=0 turns HSTS off", probe, advice)
    if max_age < HSTS_MIN_AGE:
        days = max_age // 86400
        return Finding(
            item,
            Verdict.WARN,
            f"{shown} — max-age is {days} days, under the 180 days (15552000 s) to aim for",
            probe,
            advice,
        )
    return Finding(item, Verdict.PASS, f"max-age={max_age}{extras}", probe, detail=shown)


def _meta_frame_ancestors(home: Fetch) -> bool:
    """Whether the home page's HTML sets frame-ancestors in a ``<meta http-equiv>`` CSP."""
    html = home.html_page
    if html is None:
        return False
    policy = parse_page(html.url, html.text).http_equiv.get("content-security-policy", "")
    return "frame-ancestors" in policy.lower()


def probe_frame_options(home: Fetch) -> Finding:
    """settings-xframe-options: X-Frame-Options DENY/SAMEORIGIN or CSP ``frame-ancestors``."""
    item, probe = "settings-xframe-options", "http.frame-options"
    if isinstance(page := answer_or_unknown(item, probe, home), Finding):
        return page
    advice = (
        "Keep django.middleware.clickjacking.XFrameOptionsMiddleware (X_FRAME_OPTIONS = 'DENY'), "
        "or send a CSP with frame-ancestors 'self' / 'none'."
    )
    ancestors = csp_of(page).get("frame-ancestors")
    if ancestors is not None:
        # Browsers that know frame-ancestors ignore X-Frame-Options, so it decides alone.
        shown = "CSP frame-ancestors " + (" ".join(ancestors) or "(empty)")
        if not ancestors or any(src in BROAD_SOURCES for src in ancestors):
            return Finding(item, Verdict.FAIL, f"{shown} lets any site frame the page", probe)
        return _passed(item, probe, page, shown)
    # Two headers (app and proxy) may arrive as one "DENY, DENY" line: browsers split on commas.
    values = [v.strip() for v in page.headers.get_list("x-frame-options", True) if v.strip()]
    if not values:
        if _meta_frame_ancestors(home):
            # CSP 3: frame-ancestors is ignored in a <meta> policy; it protects nothing there.
            advice = "frame-ancestors only works in the HTTP header, never in <meta>. " + advice
            what = "X-Frame-Options (and CSP frame-ancestors, which is only in a <meta> tag)"
            return _absent(item, probe, page, what, advice)
        return _absent(item, probe, page, "X-Frame-Options (and CSP frame-ancestors)", advice)
    distinct = {v.upper() for v in values}
    if len(distinct) > 1 and distinct & {"DENY", "SAMEORIGIN", "ALLOWALL"}:
        # The HTML standard: conflicting values refuse every frame, even same-origin ones.
        shown = ", ".join(values)
        return _passed(
            item,
            probe,
            page,
            f"X-Frame-Options: {shown} — conflicting values, so browsers refuse all framing",
            detail="Send one value: the app and the proxy both set the header.",
        )
    value = values[0]
    upper = value.upper()
    if upper in ("DENY", "SAMEORIGIN"):
        return _passed(item, probe, page, f"X-Frame-Options: {value}")
    if upper.startswith("ALLOW-FROM"):
        # Browsers that ignore ALLOW-FROM frame the page freely: as good as no header.
        return Finding(
            item,
            Verdict.FAIL,
            f"X-Frame-Options: {value} — ALLOW-FROM is ignored by current browsers",
            probe,
            detail="Use CSP frame-ancestors to allow specific sites. " + advice,
        )
    return Finding(
        item, Verdict.FAIL, f"X-Frame-Options: {value} — not a valid value", probe, advice
    )


def probe_nosniff(home: Fetch) -> Finding:
    """settings-content-type-nosniff: ``X-Content-Type-Options: nosniff``."""
    item, probe = "settings-content-type-nosniff", "http.nosniff"
    if isinstance(page := answer_or_unknown(item, probe, home), Finding):
        return page
    advice = "SECURE_CONTENT_TYPE_NOSNIFF = True (the default) with SecurityMiddleware enabled."
    # Browsers read the first comma-separated value: "nosniff, nosniff" (app and proxy) counts.
    values = [v for v in page.headers.get_list("x-content-type-options", True) if v.strip()]
    if not values:
        return _absent(item, probe, page, "X-Content-Type-Options", advice)
    if values[0].strip().lower() == "nosniff":
        return _passed(item, probe, page, "X-Content-Type-Options: nosniff")
    return Finding(
        item,
        Verdict.FAIL,
        f"X-Content-Type-Options: {values[0].strip()} — only 'nosniff' is valid",
        probe,
        advice,
    )


_XSS_HISTORY = (
    "X-XSS-Protection is obsolete: browsers removed their XSS auditors (it could even be "
    "abused to leak data), Django dropped the check in 3.0 and SECURE_BROWSER_XSS_FILTER in "
    "4.0. What protects against XSS in the browser today is a Content-Security-Policy that "
    "restricts scripts (script-src or default-src)."
)


def probe_xss_filter(home: Fetch) -> Finding:
    """settings-xss-filter: judged for what it protects today (a script-restricting CSP)."""
    item, probe = "settings-xss-filter", "http.xss-filter"
    if isinstance(page := answer_or_unknown(item, probe, home), Finding):
        return page
    csp = csp_of(page)
    directive = "script-src" if "script-src" in csp else "default-src"
    scripts = csp.get(directive)
    header = page.headers.get("x-xss-protection")
    shown = f"X-XSS-Protection: {header.strip()}" if header is not None else "no X-XSS-Protection"
    if scripts is not None and restricts_scripts(scripts):
        return _passed(
            item,
            probe,
            page,
            f"CSP restricts scripts ({directive}); {shown} — the header is obsolete",
            _XSS_HISTORY,
        )
    if scripts is not None:
        return Finding(
            item,
            Verdict.WARN,
            f"CSP {directive} {' '.join(scripts)} still lets injected scripts run "
            "('unsafe-inline', data: or any host); X-XSS-Protection itself is obsolete",
            probe,
            detail=_XSS_HISTORY + " Drop 'unsafe-inline' (use nonces or hashes) and list hosts.",
        )
    if header is not None and header.strip().startswith("0"):
        return _passed(
            item,
            probe,
            page,
            "X-XSS-Protection: 0 — the obsolete filter is explicitly off, as now recommended",
            _XSS_HISTORY + " Adding a CSP would give real protection.",
        )
    if header is not None:
        return Finding(
            item,
            Verdict.WARN,
            f"{shown} without a script-restricting CSP — browsers ignore this header today",
            probe,
            detail=_XSS_HISTORY,
        )
    if page.status >= 400:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"no CSP on a {page.status} answer — a firewall page may not carry the site's headers",
            probe,
            detail=_XSS_HISTORY,
        )
    return Finding(
        item,
        Verdict.WARN,
        "no Content-Security-Policy restricting scripts; X-XSS-Protection itself is obsolete",
        probe,
        detail=_XSS_HISTORY + " Do not add the old header; add a CSP (e.g. django-csp).",
    )
