"""What search engines read: robots.txt, sitemap.xml, titles, meta descriptions, Tag Manager."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field

from launchtui.probes.http.client import RESTRICTED, Fetch
from launchtui.probes.http.judging import answer_or_unknown
from launchtui.probes.http.page import PageSummary
from launchtui.probes.model import Finding, Verdict

GTM_CONTAINER = re.compile(r"\bGTM-[A-Z0-9]{4,10}\b")
GTM_LOADER = re.compile(r"googletagmanager\.com/(?:gtm\.js|ns\.html)", re.IGNORECASE)
GTAG_LOADER = re.compile(r"googletagmanager\.com/gtag/js", re.IGNORECASE)
# A sitemap with a DTD could define entities (the "billion laughs"); real sitemaps have none.
XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
HTML_DOCUMENT = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


# The crawlers a production robots.txt must let in, by the product token each one obeys.
MAJOR_CRAWLERS = ("Googlebot", "Bingbot", "DuckDuckBot", "Applebot", "YandexBot", "Baiduspider")
ANY_CRAWLER = "launchtui-any-crawler"  # a token no group names: what the '*' group says


@dataclass
class Robots:
    """What a robots.txt says that matters here: who may not crawl the home page, and the
    ``Sitemap:`` lines."""

    shut_out: list[str] = field(default_factory=list)  # "*" and/or major crawler tokens
    sitemaps: list[str] = field(default_factory=list)

    @property
    def blocks_everything(self) -> bool:
        """Whether every crawler without a group of its own (``User-agent: *``) is shut out."""
        return "*" in self.shut_out


def parse_robots(text: str, home: str = "/") -> Robots:
    """Judge ``text`` as crawlers do, with an RFC 9309 parser (protego): groups, the most
    specific matching group per crawler, longest-match Allow/Disallow, ``*`` and ``$``.

    ``home`` is the home page's path: a crawler that may fetch neither it nor ``/`` is shut out.
    """
    from protego import Protego

    text = text.removeprefix("\ufeff")  # crawlers skip a byte-order mark
    rules = Protego.parse(text)
    robots = Robots(sitemaps=list(rules.sitemaps))
    for name, token in (("*", ANY_CRAWLER), *((c, c) for c in MAJOR_CRAWLERS)):
        paths = dict.fromkeys(("/", home or "/"))
        if not any(rules.can_fetch("https://robots.invalid" + path, token) for path in paths):
            robots.shut_out.append(name)
    return robots


def probe_robots(fetch: Fetch, home_path: str = "/") -> Finding:
    """seo-robots-txt: 200 text/plain, lets ``*`` and every major crawler fetch the home page
    (``home_path``), names a Sitemap."""
    item, probe = "seo-robots-txt", "http.robots"
    if isinstance(page := answer_or_unknown(item, probe, fetch, what=fetch.url), Finding):
        return page
    if page.status >= 500:
        return Finding(
            item,
            Verdict.FAIL,
            f"{page.url} → {page.status}: crawlers treat a failing robots.txt as 'stay out'",
            probe,
        )
    if page.status != 200:
        return Finding(item, Verdict.FAIL, f"{page.url} → {page.status}: no robots.txt", probe)
    if page.is_html:
        return Finding(
            item,
            Verdict.FAIL,
            f"{page.url} answers an HTML page, not a robots.txt (a catch-all route?)",
            probe,
        )
    robots = parse_robots(page.text, home_path)
    if robots.shut_out:
        who = ", ".join("User-agent: *" if n == "*" else n for n in robots.shut_out)
        return Finding(
            item,
            Verdict.FAIL,
            f"{page.url} forbids the home page to {who} — the site stays out of that search",
            probe,
            detail=(
                "Judged as crawlers read it (RFC 9309: the most specific group per crawler, the "
                "longest matching rule). Often copied from staging; serve a production "
                "robots.txt from a view.\n\n" + page.text[:2000]
            ),
        )
    kind = page.content_type or "no content type"
    if kind != "text/plain":
        return Finding(
            item,
            Verdict.WARN,
            f"{page.url} is served as {kind}, not text/plain",
            probe,
            detail="Serve it with content_type='text/plain'.",
        )
    if not robots.sitemaps:
        return Finding(
            item,
            Verdict.WARN,
            f"{page.url} names no Sitemap",
            probe,
            detail="Add 'Sitemap: https://…/sitemap.xml' so crawlers find the sitemap.",
        )
    return Finding(item, Verdict.PASS, f"200 text/plain, Sitemap: {robots.sitemaps[0]}", probe)


class SitemapError(ValueError):
    """A sitemap that cannot be read; the message is one line."""


@dataclass
class Sitemap:
    """A parsed sitemap: a ``urlset`` of pages or a ``sitemapindex`` of sitemaps."""

    kind: str
    locs: list[str]


def parse_sitemap(body: bytes) -> Sitemap:
    """Parse sitemap XML, refusing DTDs and entity declarations (entity-expansion bombs)."""
    if HTML_DOCUMENT.match(body):
        raise SitemapError("it is an HTML page, not a sitemap (a catch-all route or a login wall?)")
    if XML_DECLARATIONS.search(body):
        raise SitemapError("it declares a DOCTYPE or ENTITY, refused (entity-expansion risk)")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise SitemapError(f"not well-formed XML ({exc})") from None
    kind = root.tag.rsplit("}", 1)[-1]
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"root element is <{kind}>, not <urlset> or <sitemapindex>")
    locs = [
        (el.text or "").strip()
        for el in root.iter()
        if el.tag.rsplit("}", 1)[-1] == "loc" and (el.text or "").strip()
    ]
    return Sitemap(kind, locs)


@dataclass
class SitemapSurvey:
    """Everything fetched for the sitemap item: the document(s), its URLs and a sample."""

    fetch: Fetch | None = None
    source: str = ""  # where its URL came from ("robots.txt" or "default location")
    sitemap: Sitemap | None = None
    error: str | None = None
    child: Fetch | None = None  # the one sitemap followed from an index
    urls: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    insecure: list[str] = field(default_factory=list)
    sample: list[Fetch] = field(default_factory=list)


def probe_sitemap(survey: SitemapSurvey) -> Finding:
    """seo-sitemap: parses, lists same-site URLs, and a sample of them answers 200."""
    item, probe = "seo-sitemap", "http.sitemap"
    fetch = survey.fetch
    if fetch is None or fetch.page is None:
        reason = fetch.reason if fetch is not None else "no sitemap URL"
        return Finding(item, Verdict.UNKNOWN, f"sitemap not fetched: {reason}", probe)
    page = fetch.page
    where = f"{page.url} ({survey.source})"
    if page.status != 200:
        return Finding(item, Verdict.FAIL, f"{where} → {page.status}", probe)
    if survey.error is not None:
        return Finding(item, Verdict.FAIL, f"{where}: {survey.error}", probe)
    child = survey.child
    if child is not None and child.page is None:
        # A timeout or the request budget says nothing about the sitemap itself.
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"{where} is a sitemap index; its first sitemap was not fetched: {child.reason}",
            probe,
        )
    if child is not None and child.page is not None and child.page.status != 200:
        return Finding(
            item,
            Verdict.FAIL,
            f"{where} is a sitemap index whose first sitemap {child.page.url} → "
            f"{child.page.status}",
            probe,
        )
    if not survey.urls:
        return Finding(item, Verdict.FAIL, f"{where} lists no page URLs", probe)
    lines = [f"{where}: {survey.sitemap.kind if survey.sitemap else '?'}, {len(survey.urls)} URLs"]
    # A sample that could not be fetched (timeout, budget) or is restricted (401/403/429) says
    # nothing about the sitemap; only answers count.
    answered = [
        f
        for f in survey.sample
        if f.final is not None
        and f.final.status not in RESTRICTED
        and (not f.error or f.error.startswith("redirect loop"))
    ]
    broken = [
        f"{f.url} → {f.error or (f.final.status if f.final else '')}"
        for f in answered
        if f.error or (f.final is not None and f.final.status >= 400)
    ]
    moved = [f.url for f in answered if len(f.hops) > 1 or f.left_site]
    lines += [
        f"sampled: {f.url} → {f.error or (f.final.status if f.final else f.reason)}"
        for f in survey.sample
    ]
    detail = "\n".join(lines)
    if broken:
        return Finding(
            item,
            Verdict.FAIL,
            f"{len(broken)} of {len(answered)} sampled sitemap URLs fail: {broken[0]}",
            probe,
            detail,
        )
    if survey.foreign:
        return Finding(
            item,
            Verdict.WARN,
            f"lists URLs on other hosts or ports ({survey.foreign[0]}); search engines ignore them",
            probe,
            detail,
        )
    if moved:
        return Finding(
            item,
            Verdict.WARN,
            f"sampled sitemap URLs redirect ({moved[0]}); list final URLs",
            probe,
            detail,
        )
    if survey.insecure:
        return Finding(
            item,
            Verdict.WARN,
            f"lists http:// URLs ({survey.insecure[0]}) for an HTTPS site",
            probe,
            detail,
        )
    if not answered:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"{where} parses, but no listed URL could be sampled",
            probe,
            detail,
        )
    return Finding(
        item,
        Verdict.PASS,
        f"{len(survey.urls)} URLs, {len(answered)} sampled, all 200",
        probe,
        detail,
    )


def _per_page(
    item: str, probe: str, pages: list[PageSummary], what: str, value_of: dict[str, str | None]
) -> Finding:
    missing = [p.url for p in pages if not (value_of[p.url] or "").strip()]
    by_value: dict[str, list[str]] = defaultdict(list)
    for p in pages:
        if value := (value_of[p.url] or "").strip():
            by_value[value].append(p.url)
    dupes = {v: urls for v, urls in by_value.items() if len(urls) > 1}
    detail = "\n".join(f'{p.url}: "{value_of[p.url] or ""}"' for p in pages)
    if not pages:
        return Finding(item, Verdict.UNKNOWN, "no HTML page could be sampled", probe)
    if missing:
        return Finding(
            item,
            Verdict.FAIL,
            f"{len(missing)} of {len(pages)} pages have no {what}: {missing[0]}",
            probe,
            detail,
        )
    if dupes:
        value, urls = next(iter(dupes.items()))
        return Finding(
            item,
            Verdict.FAIL,
            f'{what} "{value}" is shared by {len(urls)} pages ({", ".join(urls[:3])})',
            probe,
            detail,
        )
    if len(pages) < 2:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f'only one page could be sampled ({pages[0].url}: "{value_of[pages[0].url]}"); '
            "uniqueness not checked",
            probe,
            detail="Pages are sampled from the sitemap; add one to check more pages.",
        )
    return Finding(
        item, Verdict.PASS, f"{len(pages)} pages, {len(pages)} distinct {what}s", probe, detail
    )


def probe_titles(pages: list[PageSummary]) -> Finding:
    """seo-titles: every sampled page has a non-empty ``<title>``, all different."""
    return _per_page("seo-titles", "http.titles", pages, "title", {p.url: p.title for p in pages})


def probe_meta_descriptions(pages: list[PageSummary]) -> Finding:
    """seo-meta-descriptions: every sampled page has a meta description, all different."""
    values = {p.url: p.meta.get("description") for p in pages}
    return _per_page(
        "seo-meta-descriptions", "http.meta-descriptions", pages, "description", values
    )


def probe_tag_manager(home: Fetch) -> Finding:
    """seo-tag-manager: the home page loads a Google Tag Manager container."""
    item, probe = "seo-tag-manager", "http.tag-manager"
    if isinstance(page := answer_or_unknown(item, probe, home, want="html"), Finding):
        return page
    text = page.text
    container = GTM_CONTAINER.search(text)
    if container and GTM_LOADER.search(text):
        return Finding(item, Verdict.PASS, f"GTM container {container.group(0)}", probe)
    if GTAG_LOADER.search(text):
        return Finding(
            item,
            Verdict.WARN,
            "gtag.js (Google Analytics) without a Tag Manager container",
            probe,
            detail="gtag.js works, but Tag Manager lets marketing change tags without deploys.",
        )
    # Tag Manager is an optional third-party service: its absence is advice, never a failure.
    return Finding(
        item,
        Verdict.WARN,
        "no Google Tag Manager snippet in the home page HTML",
        probe,
        detail=(
            "If marketing needs tags, add the GTM snippet to <head> (a script bundle that injects "
            "it is not seen here); a site without Tag Manager can launch as it is."
        ),
    )
