"""How the site moves visitors between HTTP, HTTPS and its twin hosts.

* ``settings-ssl-redirect``: the first hop from ``http://host/`` should go to ``https://`` on the
  same host (only then can HSTS be set for it) and the chain should end on HTTPS.
* ``settings-secure-proxy-ssl-header``: behind a TLS-terminating proxy without the header, Django
  believes every request is plain HTTP. From outside that shows as HTTPS pages redirecting to
  themselves (a loop, with SECURE_SSL_REDIRECT) or bouncing through ``http://`` (absolute URLs
  built from ``request.scheme``, e.g. PREPEND_WWW), or as ``http://`` URLs in a sitemap served
  over HTTPS (django.contrib.sitemaps uses the request's scheme).
"""

from __future__ import annotations

from launchtui.probes.facts.http import SslRedirect, TwinAnswer
from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.model import Finding, Verdict
from launchtui.probes.target import Target, url_host

_SSL_ADVICE = (
    "Set SECURE_SSL_REDIRECT = True (or redirect at the proxy/CDN): http://host/ should answer "
    "301 to https://host/ on the same host, so HSTS can then be set for that host."
)


def plain_answers(plain_paths: list[Fetch]) -> list[Response]:
    """The same-site paths that answered a page over plain HTTP instead of redirecting."""
    return [
        f.final
        for f in plain_paths
        if f.final is not None and not f.final.is_https and 200 <= f.final.status < 300
    ]


def probe_ssl_redirect(
    plain: Fetch, target: Target, plain_paths: tuple[Fetch, ...] | list[Fetch] = ()
) -> Finding:
    """settings-ssl-redirect: judge the chain that starts at the target's plain-HTTP URL, and
    ``plain_paths``, a sample of other same-site paths asked over plain HTTP: each must
    redirect too (a site that redirects ``/`` but serves ``/api/`` over HTTP fails)."""
    item, probe = "settings-ssl-redirect", "http.ssl-redirect"
    served = plain_answers(list(plain_paths))
    if served:
        first_path = served[0]
        return Finding(
            item,
            Verdict.FAIL,
            f"{first_path.url} answered {first_path.status} over plain HTTP instead of "
            "redirecting to HTTPS",
            probe,
            detail="\n".join(
                f.final.describe() if f.final is not None else f"{f.url}: {f.reason}"
                for f in plain_paths
            )
            + "\n"
            + _SSL_ADVICE,
        )
    start = plain.url
    if not plain.hops:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"nothing answered plain HTTP at {start}: {plain.reason}",
            probe,
            detail=(
                "With no plain-HTTP listener there is nothing to redirect, but visitors typing "
                "the bare name in an older browser get an error. If HTTP lives elsewhere, pass "
                "--http-url."
            ),
        )
    first = plain.hops[0]
    chain = plain.chain()
    if not first.is_redirect:
        return Finding(
            item,
            Verdict.FAIL,
            f"{start} answered {first.status} instead of redirecting to HTTPS",
            probe,
            detail=_SSL_ADVICE,
        )
    assert first.location is not None
    if (plain.error or "").startswith("redirect loop"):
        return Finding(item, Verdict.FAIL, plain.error or "", probe, detail=_SSL_ADVICE)
    last = plain.left_site or (plain.final.location or plain.final.url if plain.final else "")
    ends_https = last.startswith("https://")
    if plain.error:
        return Finding(
            item,
            Verdict.WARN,
            f"{chain} — the chain did not finish: {plain.error}",
            probe,
            detail=_SSL_ADVICE,
        )
    if not first.location.startswith("https://"):
        verdict = Verdict.WARN if ends_https else Verdict.FAIL
        why = (
            "the first redirect stays on plain HTTP (ends on HTTPS later)"
            if ends_https
            else "the chain never reaches HTTPS"
        )
        return Finding(item, verdict, f"{chain} — {why}", probe, detail=_SSL_ADVICE)
    if url_host(first.location) != url_host(start):
        return Finding(
            item,
            Verdict.WARN,
            f"{chain} — the first hop changes host, so HSTS cannot be set for {url_host(start)}",
            probe,
            detail=_SSL_ADVICE,
        )
    if not ends_https:
        return Finding(item, Verdict.FAIL, f"{chain} — ends on plain HTTP", probe, _SSL_ADVICE)
    others = [f for f in plain_paths if f.final is not None]
    also = f"; {len(others)} other path(s) redirect too" if others else ""
    detail = "\n".join(f.final.describe() for f in others if f.final is not None)
    return Finding(item, Verdict.PASS, f"{chain} ({first.status}){also}", probe, detail)


def ssl_redirect_fact(plain: Fetch, finding: Finding) -> SslRedirect:
    """The ``HttpFacts.ssl_redirect`` fact: does plain HTTP end on HTTPS (pass/fail/unknown)?

    A warning of :func:`probe_ssl_redirect` is a pass here when the chain finished on HTTPS of
    the site (a clumsy first hop still gets visitors to HTTPS), a warning when it left for
    another site, unknown when it did not finish.
    """
    if finding.verdict is Verdict.FAIL:
        verdict = Verdict.FAIL
    elif finding.verdict is Verdict.UNKNOWN or plain.error:
        verdict = Verdict.UNKNOWN
    elif finding.verdict is Verdict.WARN and plain.left_site:
        verdict = Verdict.WARN  # it ends on another site's HTTPS, which was not followed or checked
    else:
        verdict = Verdict.PASS
    return SslRedirect(verdict, finding.evidence)


def probe_proxy_ssl_header(
    home: Fetch,
    seen: list[Response],
    sitemap_http_urls: list[str],
    own_hosts: frozenset[str],
    plain: Fetch | None = None,
) -> Finding:
    """settings-secure-proxy-ssl-header: no HTTPS answer bounces through HTTP or to itself.

    A pass also needs ``plain`` (the plain-HTTP chain) to redirect to HTTPS pages that answer.
    """
    item, probe = "settings-secure-proxy-ssl-header", "http.proxy-ssl-header"
    advice = (
        "Behind a proxy or load balancer that terminates TLS, set SECURE_PROXY_SSL_HEADER = "
        "('HTTP_X_FORWARDED_PROTO', 'https') and make the proxy set that header (and strip it "
        "from clients); otherwise request.is_secure() is False and Django builds http:// URLs."
    )
    downgrades = [
        r
        for r in seen
        if r.is_https
        and r.location
        and r.location.startswith("http://")
        and url_host(r.location) in own_hosts
    ]
    if downgrades:
        first = downgrades[0]
        return Finding(
            item,
            Verdict.FAIL,
            f"HTTPS answer redirects to plain HTTP: {first.url} → {first.status} {first.location}",
            probe,
            detail="\n".join(r.describe() for r in downgrades[:5]) + "\n" + advice,
        )
    # https://host/ → https://host/: SECURE_SSL_REDIRECT when Django never sees HTTPS.
    self_redirects = [r for r in seen if r.is_https and r.location == r.url]
    if self_redirects:
        first = self_redirects[0]
        return Finding(
            item,
            Verdict.FAIL,
            f"{first.url} redirects to itself ({first.status}) — Django thinks HTTPS requests "
            "are plain HTTP",
            probe,
            detail=advice,
        )
    if sitemap_http_urls:
        return Finding(
            item,
            Verdict.WARN,
            f"the sitemap served over HTTPS lists http:// URLs ({sitemap_http_urls[0]})",
            probe,
            detail=(
                "django.contrib.sitemaps uses the request's scheme unless Sitemap.protocol is "
                "set, so http:// here suggests Django does not see HTTPS. " + advice
            ),
        )
    page = home.page
    if page is None or not page.is_https:
        reason = home.reason if page is None else f"the home page ended on {page.url}"
        return Finding(item, Verdict.UNKNOWN, f"no HTTPS page to judge: {reason}", probe)
    if not 200 <= page.status < 300:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"the HTTPS home page {page.url} answered {page.status}: a firewall, maintenance "
            "or error answer, not the site, so how it sees HTTPS cannot be judged",
            probe,
        )
    # Without a working HTTP → HTTPS redirect, Django's SSL redirect never runs, so a missing
    # header has no symptom to show: "nothing loops" proves nothing there.
    plain_first = plain.hops[0] if plain is not None and plain.hops else None
    landed = plain.page if plain is not None else None
    if (
        plain is None
        or plain_first is None
        or not plain_first.is_redirect
        or not (plain_first.location or "").startswith("https://")
        or landed is None
        or not landed.is_https
        or not 200 <= landed.status < 300
    ):
        why = (
            f"{plain.url} answered {plain_first.status} without redirecting"
            if plain is not None and plain_first is not None and not plain_first.is_redirect
            else f"{plain.url}: {plain.reason if landed is None else plain.chain()}"
            if plain is not None
            else "plain HTTP not checked"
        )
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"no working HTTP → HTTPS redirect to judge it by ({why})",
            probe,
            detail="With a redirect, a missing header shows as HTTPS pages that loop. " + advice,
        )
    https_answers = sum(1 for r in seen if r.is_https)
    return Finding(
        item,
        Verdict.PASS,
        f"{plain.chain()} works; {https_answers} HTTPS answers, none redirecting to HTTP or "
        "looping",
        probe,
        detail=(
            "An outside probe sees the symptoms only (loops, http:// redirects or URLs); a "
            "proxy setup that never builds absolute URLs on the pages probed can still hide a "
            "missing header, e.g. CSRF failures on POST."
        ),
    )


def twin_url(target: Target, host: str) -> str:
    """``https://<host>[:port]/`` with the target's port when it is not the default."""
    port = "" if target.port == 443 or target.url.startswith("http://") else f":{target.port}"
    return f"https://{host}{port}/"


def twin_fact(fetch: Fetch) -> TwinAnswer:
    """One entry of the ``HttpFacts.twins`` fact: status and Location, or the error."""
    first = fetch.hops[0] if fetch.hops else None
    if first is None:
        return TwinAnswer(error=fetch.reason)
    return TwinAnswer(status=first.status, location=first.location)


def probe_redirections(pairs: tuple[tuple[str, str], ...], answers: list[Fetch]) -> Finding:
    """settings-redirections: each old URL of ``--redirects`` answers 301/308 to its new URL
    (``answers`` holds one unfollowed request per old URL, in the file's order)."""
    from urllib.parse import urljoin

    from launchtui.probes.target import TargetError, normalize_url

    item, probe = "settings-redirections", "http.redirections"
    if not pairs:
        return Finding(
            item,
            Verdict.UNKNOWN,
            "no old URLs to check: pass --redirects FILE (lines 'OLD_URL NEW_URL')",
            probe,
        )
    wrong, temporary, unanswered, right = [], [], [], []
    for (old, new), fetch in zip(pairs, answers, strict=True):
        first = fetch.hops[0] if fetch.hops else None
        if first is None:
            unanswered.append(f"{old}: {fetch.reason}")
            continue
        try:
            went = normalize_url(urljoin(old, first.location)) if first.location else None
        except (TargetError, ValueError):
            went = first.location
        if went != new:
            where = f"→ {first.status} {first.location}" if first.location else f"→ {first.status}"
            wrong.append(f"{old} {where}, not to {new}")
        elif first.status in (301, 308):
            right.append(f"{old} → {first.status} {new}")
        else:
            temporary.append(f"{old} → {first.status} {new} (temporary)")
    detail = "\n".join([*wrong, *temporary, *unanswered, *right])
    if wrong:
        return Finding(
            item, Verdict.FAIL, f"{len(wrong)} of {len(pairs)} old URLs: {wrong[0]}", probe, detail
        )
    if temporary:
        return Finding(
            item,
            Verdict.WARN,
            f"{temporary[0]}: search engines keep the old URL; answer 301 or 308",
            probe,
            detail,
        )
    if unanswered:
        return Finding(
            item, Verdict.UNKNOWN, f"not every old URL answered: {unanswered[0]}", probe, detail
        )
    return Finding(
        item,
        Verdict.PASS,
        f"all {len(pairs)} old URLs answer 301/308 to their new ones",
        probe,
        detail,
    )
