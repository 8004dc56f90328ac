"""An MDN HTTP Observatory-style score from what this run already received.

Scoring follows MDN's published methodology (:data:`RULES`, named in every detail): start at
100, apply the penalties of each test, add the bonuses only if the score is still 90 or more,
floor at 0; the grade goes in steps of 5 from F (under 25) to A+ (100 and over). Each test
contributes one modifier, the most severe outcome found. Headers sent more than once are read
as the Observatory reads them: the first one counts (Cross-Origin-Opener-Policy sent twice is
invalid). Known differences from the real service: the HSTS preload list is not consulted (no
+5 for preloading) and crossdomain.xml files are not read.

Verdict: grades A+ to B- pass, C+ to D- warn, F fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.http.cookies import SetCookie
from launchtui.probes.http.cors import CorsAnswer, CorsGrant
from launchtui.probes.http.headers import (
    BROAD_SOURCES,
    csp_of,
    hsts_value,
    parse_csp,
    parse_hsts,
)
from launchtui.probes.http.judging import answer_or_unknown
from launchtui.probes.http.page import PageSummary
from launchtui.probes.model import Finding, Verdict

RULES = (
    "MDN HTTP Observatory scoring as of mdn-http-observatory 1.5.0 (2025-10-23: X-Frame-Options "
    "un-deprecated and re-scored; Cross-Origin-Opener-Policy tested)"
)
HSTS_SIX_MONTHS = 15_768_000  # the Observatory's threshold (Django's checklist uses 180 days)
BONUS_THRESHOLD = 90
GRADES = (
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"),
    (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
)  # fmt: skip
PRIVATE_REFERRERS = frozenset(
    {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
)
UNSAFE_REFERRERS = frozenset(
    {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
)
KNOWN_REFERRERS = PRIVATE_REFERRERS | UNSAFE_REFERRERS


@dataclass(frozen=True, slots=True)
class Modifier:
    """The outcome of one Observatory test and its score modifier."""

    test: str
    outcome: str
    modifier: int

    def describe(self) -> str:
        """``Cookies: … (-20)``."""
        return f"{self.test}: {self.outcome} ({self.modifier:+d})"


def grade(score: int) -> str:
    """The letter grade of a score."""
    return next(letter for floor, letter in GRADES if score >= floor)


def score_results(results: list[Modifier]) -> int:
    """Penalties first; bonuses only if the score is still 90 or more; never below 0."""
    score = 100 + sum(r.modifier for r in results if r.modifier < 0)
    if score >= BONUS_THRESHOLD:
        score += sum(r.modifier for r in results if r.modifier > 0)
    return max(score, 0)


def rate_csp(page: Response, summary: PageSummary | None) -> Modifier:
    """Content Security Policy, from the header and any ``<meta http-equiv>``."""
    name = "Content Security Policy"
    csp = csp_of(page)
    if summary is not None and "content-security-policy" in summary.http_equiv:
        for key, value in parse_csp([summary.http_equiv["content-security-policy"]]).items():
            csp.setdefault(key, value)
    if not csp:
        return Modifier(name, "not implemented", -25)
    default = csp.get("default-src")
    script = list(csp.get("script-src", default if default is not None else ["*"]))
    style = list(csp.get("style-src", default if default is not None else ["*"]))
    objects = csp.get("object-src", default if default is not None else ["*"])
    nonce_or_hash = any(
        s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in script
    )
    if nonce_or_hash:
        script = [s for s in script if s != "'unsafe-inline'"]
        if "'strict-dynamic'" in script:
            script = [s for s in script if s not in BROAD_SOURCES and s != "'self'"]
    unsafe_inline = {"'unsafe-inline'", "data:"}
    if any(s in BROAD_SOURCES | unsafe_inline for s in script) or any(
        s in BROAD_SOURCES for s in objects
    ):
        return Modifier(name, "unsafe-inline, data: or broad sources for scripts/objects", -20)
    passive = {"img-src", "media-src"}
    active = [s for d, v in csp.items() if d not in passive for s in v] + script
    if any(s.startswith(("http:", "ftp:")) for s in active):
        return Modifier(name, "allows active content over plain HTTP", -20)
    if "'unsafe-eval'" in script + style:
        return Modifier(name, "allows 'unsafe-eval'", -10)
    passive_sources = [s for d in passive for s in csp.get(d, default or [])]
    if any(s.startswith(("http:", "ftp:")) for s in passive_sources):
        return Modifier(name, "allows images/media over plain HTTP", -10)
    if any(s in BROAD_SOURCES | unsafe_inline for s in style):
        return Modifier(name, "unsafe sources in style-src only", 0)
    if default == ["'none'"]:
        return Modifier(name, "default-src 'none', no unsafe sources", 10)
    return Modifier(name, "implemented without unsafe sources", 5)


def rate_cookies(cookies: list[SetCookie], hsts_ok: bool) -> Modifier:
    """Cookies: Secure everywhere, HttpOnly sessions, SameSite (the most severe problem counts)."""
    name = "Cookies"
    live = [c for c in cookies if not c.is_deletion]
    if not live:
        return Modifier(name, "no cookies seen", 0)
    problems: list[tuple[int, str]] = []
    for c in live:
        lowered = c.name.lower()
        session = "sess" in lowered or "login" in lowered
        same_site = (c.same_site or "").lower()
        if same_site and same_site not in ("lax", "strict", "none"):
            problems.append((-20, f"{c.name} has an invalid SameSite"))
        if same_site == "none" and not c.secure:
            problems.append((-20, f"{c.name} is SameSite=None without Secure"))
        if session and not c.secure:
            problems.append(
                (-10, f"session cookie {c.name} lacks Secure (HSTS mitigates)")
                if hsts_ok
                else (-40, f"session cookie {c.name} lacks Secure")
            )
        elif not c.secure:
            problems.append(
                (-5, f"{c.name} lacks Secure (HSTS mitigates)")
                if hsts_ok
                else (-20, f"{c.name} lacks Secure")
            )
        if session and not c.http_only:
            problems.append((-30, f"session cookie {c.name} lacks HttpOnly"))
        if "csrf" in lowered and not c.same_site:
            problems.append((-20, f"anti-CSRF cookie {c.name} lacks SameSite"))
    if problems:
        modifier, outcome = min(problems)
        return Modifier(name, outcome, modifier)
    if all(c.same_site for c in live):
        return Modifier(name, "all Secure, sessions HttpOnly, SameSite set", 5)
    return Modifier(name, "all Secure, sessions HttpOnly (SameSite missing on some)", 0)


NOT_CHECKED = "not checked"


def rate_cors(answer: CorsAnswer | None) -> Modifier:
    """CORS: a foreign origin must not get credentialed access."""
    name = "CORS"
    if answer is None:
        # The request with a foreign Origin got no answer: a -50 may be hiding here.
        return Modifier(name, f"{NOT_CHECKED}: the request with a foreign Origin failed", 0)
    if answer.grant is CorsGrant.CREDENTIALED:
        return Modifier(name, "any origin may read with credentials", -50)
    if answer.grant is CorsGrant.PUBLIC:
        return Modifier(name, "public access (*), no credentials", 0)
    return Modifier(name, "no cross-origin access granted", 0)


def rate_redirection(plain: Fetch) -> Modifier:
    """Redirection from plain HTTP: first hop to HTTPS on the same host, ends on HTTPS."""
    name = "Redirection"
    if not plain.hops:
        return Modifier(name, "no plain HTTP answer, no redirection needed", 0)
    first = plain.hops[0]
    if not first.is_redirect or first.location is None:
        return Modifier(name, "plain HTTP does not redirect to HTTPS", -20)
    last = plain.left_site or (plain.final.location or plain.final.url if plain.final else "")
    if not last.startswith("https://") or (plain.error or "").startswith("redirect loop"):
        return Modifier(name, "redirects, but does not end on HTTPS", -20)
    if not first.location.startswith("https://"):
        return Modifier(name, "first redirect stays on plain HTTP", -10)
    if urlsplit(first.location).hostname != urlsplit(plain.url).hostname:
        return Modifier(name, "first redirect goes to HTTPS on another host", -5)
    return Modifier(name, "first redirect to HTTPS on the same host", 0)


def rate_referrer_policy(page: Response, summary: PageSummary | None) -> Modifier:
    """Referrer-Policy header (or meta tag): the last recognised token applies."""
    name = "Referrer-Policy"
    values = page.headers.get_list("referrer-policy")
    if summary is not None and "referrer" in summary.meta:
        values.append(summary.meta["referrer"])
    if not values:
        return Modifier(name, "not set", 0)
    tokens = [t.strip().lower() for v in values for t in v.split(",") if t.strip()]
    known = [t for t in tokens if t in KNOWN_REFERRERS]
    if not known:
        return Modifier(name, f"not recognised ({', '.join(tokens)})", -5)
    policy = known[-1]
    if policy in PRIVATE_REFERRERS:
        return Modifier(name, policy, 5)
    return Modifier(name, f"{policy} leaks URLs to other sites", -5)


def rate_hsts(page: Response) -> tuple[Modifier, bool]:
    """HSTS of at least six months; returns the result and whether it counts as implemented."""
    name = "Strict-Transport-Security"
    if not page.is_https:
        return Modifier(name, "not available over HTTPS", -20), False
    value = hsts_value(page)
    if value is None:
        return Modifier(name, "not implemented", -20), False
    max_age, _, _ = parse_hsts(value)
    if max_age is None:
        return Modifier(name, "header not recognised", -20), False
    if max_age < HSTS_SIX_MONTHS:
        return Modifier(name, f"max-age {max_age} under six months", -10), False
    return Modifier(name, f"max-age {max_age} (preload list not checked)", 0), True


def rate_sri(
    page: Response, summary: PageSummary | None, is_own: Callable[[str], bool]
) -> Modifier:
    """Subresource Integrity on scripts from other origins."""
    name = "Subresource Integrity"
    if summary is None:
        return Modifier(name, "not an HTML page", 0)
    scripts = [s for s in summary.scripts if s.src]
    if not scripts:
        return Modifier(name, "no external scripts loaded", 0)
    foreign = [s for s in scripts if not is_own(s.src or "")]
    all_sri = all(s.integrity for s in scripts)
    if not foreign:
        if all_sri:
            return Modifier(name, "all scripts same-site, with SRI", 5)
        return Modifier(name, "all scripts same-site, no SRI needed", 0)
    insecure = [s for s in foreign if not (s.src or "").startswith("https://")]
    foreign_sri = all(s.integrity for s in foreign)
    if insecure:
        return (
            Modifier(name, "scripts from other sites over HTTP, with SRI", -20)
            if foreign_sri
            else Modifier(name, "scripts from other sites over HTTP, without SRI", -50)
        )
    if foreign_sri:
        return Modifier(name, "scripts from other sites carry SRI", 5)
    return Modifier(name, "scripts from other sites without SRI (over HTTPS)", -5)


def first_header(page: Response, name: str) -> str | None:
    """The first ``name`` header of the answer, as the Observatory reads repeated headers."""
    values = page.headers.get_list(name)
    return values[0] if values else None


def rate_nosniff(page: Response) -> Modifier:
    """X-Content-Type-Options: nosniff (the first header counts)."""
    name = "X-Content-Type-Options"
    value = first_header(page, "x-content-type-options")
    if value is None:
        return Modifier(name, "not implemented", -5)
    if value.strip().lower() != "nosniff":
        return Modifier(name, f'invalid value "{value.strip()}"', -5)
    return Modifier(name, "nosniff", 0)


def rate_frame_options(page: Response) -> Modifier:
    """X-Frame-Options (the first header counts) or CSP frame-ancestors."""
    name = "X-Frame-Options"
    ancestors = csp_of(page).get("frame-ancestors")
    if ancestors and not any(s in BROAD_SOURCES for s in ancestors):
        return Modifier(name, "via CSP frame-ancestors", 5)
    value = first_header(page, "x-frame-options")
    if value is None:
        return Modifier(name, "not implemented", -20)
    upper = value.strip().upper()
    if upper in ("DENY", "SAMEORIGIN"):
        return Modifier(name, upper, 5)
    if upper.startswith("ALLOW-FROM"):
        return Modifier(name, "ALLOW-FROM (ignored by browsers)", 0)
    return Modifier(name, f'invalid value "{value.strip()}"', -20)


def rate_corp(page: Response) -> Modifier:
    """Cross-Origin-Resource-Policy (the first header counts)."""
    name = "Cross-Origin-Resource-Policy"
    value = first_header(page, "cross-origin-resource-policy")
    if value is None:
        return Modifier(name, "not implemented (defaults to cross-origin)", 0)
    policy = value.strip().lower()
    if policy in ("same-origin", "same-site"):
        return Modifier(name, policy, 10)
    if policy == "cross-origin":
        return Modifier(name, policy, 0)
    return Modifier(name, f'invalid value "{value.strip()}"', -5)


COOP_POLICIES = ("same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none")


def rate_coop(page: Response) -> Modifier:
    """Cross-Origin-Opener-Policy: one header whose value is a known token (case matters, as in
    a structured field; parameters such as report-to may follow)."""
    name = "Cross-Origin-Opener-Policy"
    values = page.headers.get_list("cross-origin-opener-policy")
    if not values:
        return Modifier(name, "not implemented", 0)
    if len(values) > 1:
        return Modifier(name, f"sent {len(values)} times: invalid", -5)
    token = values[0].strip().split(";", 1)[0].strip()
    if token not in COOP_POLICIES:
        return Modifier(name, f'invalid value "{values[0].strip()}"', -5)
    return Modifier(name, token, 0)


@dataclass(frozen=True)
class ObservatoryInputs:
    """What the score is computed from (all already fetched by the run)."""

    home: Fetch
    summary: PageSummary | None
    plain: Fetch
    cookies: list[SetCookie]
    cors: CorsAnswer | None
    is_own: Callable[[str], bool]


def probe_observatory(inputs: ObservatoryInputs) -> Finding:
    """security-observatory: the score, grade and every modifier in the detail."""
    item, probe = "security-observatory", "http.observatory"
    if isinstance(page := answer_or_unknown(item, probe, inputs.home), Finding):
        return page
    hsts, hsts_ok = rate_hsts(page)
    results = [
        rate_csp(page, inputs.summary),
        rate_cookies(inputs.cookies, hsts_ok),
        rate_cors(inputs.cors),
        rate_redirection(inputs.plain),
        rate_referrer_policy(page, inputs.summary),
        hsts,
        rate_sri(page, inputs.summary, inputs.is_own),
        rate_nosniff(page),
        rate_frame_options(page),
        rate_corp(page),
        rate_coop(page),
    ]
    score = score_results(results)
    letter = grade(score)
    detail = "\n".join(
        [
            f"Score {score}/100, grade {letter} (base 100)",
            *(r.describe() for r in results),
            "Bonuses count only when penalties leave 90 or more. A+ to B- pass, C+ to D- warn, "
            "F fails. Scored locally from this run's answers, after " + RULES + "; run the real "
            "Observatory (developer.mozilla.org/observatory) to confirm.",
        ]
    )
    evidence = f"Observatory-style score {score}, grade {letter}"
    if page.status >= 400:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"{evidence}, but the home page answered {page.status} — a firewall page may not "
            "carry the site's headers",
            probe,
            detail,
        )
    worst_penalties = sorted((r for r in results if r.modifier < 0), key=lambda r: r.modifier)
    if worst_penalties:
        evidence += f" (worst: {worst_penalties[0].test} {worst_penalties[0].modifier:+d})"
    unchecked = [r.test for r in results if r.outcome.startswith(NOT_CHECKED)]
    if score >= 65 and unchecked:
        # A test that could not run would have counted at its best: no pass on that.
        verdict = Verdict.UNKNOWN
        evidence += f"; not a pass: {', '.join(unchecked)} could not be checked"
    elif score >= 65:
        verdict = Verdict.PASS
    elif score >= 25:
        verdict = Verdict.WARN
    else:
        verdict = Verdict.FAIL
    return Finding(item, verdict, evidence, probe, detail)
