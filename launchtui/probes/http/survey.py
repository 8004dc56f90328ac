"""Everything the HTTP probes fetch, gathered once per run in three rounds.

1. the home page (and, alongside, the plain-HTTP chain);
2. the fixed paths, relative to where the home page landed: a random 404, a bogus Host, /admin/,
   /flower/, robots.txt, CORS requests, the www/apex twin;
3. what the pages point to: the sitemap, the favicon, CSS/JS, a sample of pages, a sample of links
   and the APPEND_SLASH check.

The judges in the other modules only read this survey; nothing is fetched twice.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from launchtui.probes.http.accessibility import SAMPLE_IMAGES, RetinaSurvey, is_vector
from launchtui.probes.http.client import Fetch, SiteClient
from launchtui.probes.http.content import ScriptScan
from launchtui.probes.http.cookies import cookies_from
from launchtui.probes.http.cors import FOREIGN_ORIGIN, NULL_ORIGIN
from launchtui.probes.http.django import (
    BOGUS_HOST,
    FORWARDED_HOST,
    random_missing_path,
    slash_candidate,
    without_slash,
)
from launchtui.probes.http.page import Image, PageSummary, parse_page
from launchtui.probes.http.redirects import twin_url
from launchtui.probes.http.seo import (
    Sitemap,
    SitemapError,
    SitemapSurvey,
    parse_robots,
    parse_sitemap,
)
from launchtui.probes.target import Target

SAMPLE_PAGES = 9  # plus the home page: at most 10 pages for titles and descriptions
SAMPLE_LINKS = 8
SAMPLE_PLAIN_PATHS = 3  # same-site paths also asked over plain HTTP, besides the home page
SAMPLE_API_URLS = 2  # API URLs the home page links to, probed for CORS
SAMPLE_CSS = 2
SAMPLE_JS = 3
SITEMAP_URLS_KEPT = 500
SMALL_BODY = 64_000  # enough to see a status and a content type
# Never follow links that could change something even on GET, or that are not pages.
UNSAFE_LINK = re.compile(r"log-?out|sign-?out|delete|remove|unsubscribe", re.IGNORECASE)
NOT_A_PAGE = re.compile(r"\.(?:pdf|zip|gz|jpe?g|png|gif|webp|svg|mp4|mp3|docx?|xlsx?)$", re.I)
FORM_PAGE = re.compile(r"log-?in|sign-?in|sign-?up|register|contact|account", re.IGNORECASE)


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def strip_fragment(url: str) -> str:
    """The URL without its ``#fragment``."""
    return url.split("#", 1)[0]


@dataclass
class SiteSurvey:
    """The answers gathered for one run, and the requests still to make."""

    client: SiteClient
    target: Target
    home: Fetch = field(init=False)
    plain: Fetch = field(init=False)
    summary: PageSummary | None = None
    site: str = ""  # scheme://host[:port] where the home page landed
    missing: Fetch = field(init=False)
    bogus: Fetch = field(init=False)
    admin: Fetch = field(init=False)
    flower: Fetch = field(init=False)
    robots: Fetch = field(init=False)
    cors: list[tuple[str, Fetch]] = field(default_factory=list)
    forwarded: list[Fetch] = field(default_factory=list)  # X-Forwarded-Host: FORWARDED_HOST
    plain_paths: list[Fetch] = field(default_factory=list)  # same-site paths over plain HTTP
    retina: RetinaSurvey = field(default_factory=lambda: RetinaSurvey([], {}))
    old_urls: list[Fetch] = field(default_factory=list)  # --redirects, one request each
    twins: dict[str, Fetch] = field(default_factory=dict)
    sitemap: SitemapSurvey = field(default_factory=SitemapSurvey)
    icon_declared: str | None = None
    icon: Fetch | None = None
    css: list[Fetch] = field(default_factory=list)
    scripts: list[Fetch] = field(default_factory=list)
    assets_not_fetched: list[str] = field(default_factory=list)
    scripts_not_fetched: list[str] = field(default_factory=list)
    samples: list[Fetch] = field(default_factory=list)
    links_checked: list[Fetch] = field(default_factory=list)
    links_total: int = 0
    slash_page: str | None = None
    slashless: Fetch | None = None
    slash_unconfirmed: str | None = None  # why the slashed page chosen is not known to exist
    home_links: list[str] | None = None  # the home page's same-site page links, found once

    # -- round 1 ------------------------------------------------------------------------------

    async def look_at_home(self) -> None:
        """Fetch the home page and the plain-HTTP chain."""
        self.home, self.plain = await asyncio.gather(
            self.client.page(self.target.url), self.client.page(self.target.plain_http_url)
        )
        page = self.home.page
        self.site = origin_of(page.url if page is not None else self.target.url)
        if (html := self.home.html_page) is not None:
            # Off the event loop: a 2 MB page takes a second or more to parse, and in the TUI
            # the loop is the one that handles keys.
            self.summary = await asyncio.to_thread(parse_page, html.url, html.text)

    @property
    def home_path(self) -> str:
        """The path of the URL where the home page landed (or was asked for)."""
        page = self.home.page
        return urlsplit(page.url if page is not None else self.target.url).path or "/"

    @property
    def reachable(self) -> bool:
        """Whether anything at all answered (home page or plain HTTP)."""
        return bool(self.home.hops or self.plain.hops)

    @property
    def unreachable_reason(self) -> str:
        """Why nothing answered."""
        return f"{self.target.url}: {self.home.reason}"

    # -- round 2 ------------------------------------------------------------------------------

    async def look_at_fixed_paths(self) -> None:
        """The requests that do not depend on page content."""
        client, site = self.client, self.site
        origin_header = {"Origin": FOREIGN_ORIGIN}
        preflight = {
            "Origin": FOREIGN_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        }
        home_url = self.home.page.url if self.home.page is not None else self.target.url
        forwarded = {"X-Forwarded-Host": FORWARDED_HOST}
        jobs = {
            # A proxy that checks Host but passes X-Forwarded-Host on, to an app that trusts it
            # (USE_X_FORWARDED_HOST), builds links from the attacker's name: look where Django
            # writes absolute URLs (the sitemap, the SSL redirect) and at the home page.
            "forwarded-home": client.fetch(home_url, headers=forwarded, follow=False),
            "forwarded-sitemap": client.fetch(
                site + "/sitemap.xml", headers=forwarded, follow=False
            ),
            "forwarded-plain": client.fetch(
                self.target.plain_http_url, headers=forwarded, follow=False
            ),
            "missing": client.fetch(site + random_missing_path()),
            "bogus": client.fetch(site + "/", headers={"Host": BOGUS_HOST}, follow=False),
            "admin": client.page(site + "/admin/"),
            "flower": client.page(site + "/flower/"),
            "robots": client.page(site + "/robots.txt"),
            "cors-get": client.fetch(home_url, headers=origin_header, follow=False),
            "cors-options": client.fetch(
                home_url, method="OPTIONS", headers=preflight, follow=False
            ),
            "cors-api": client.fetch(site + "/api/", headers=origin_header, follow=False),
        }
        # Origin: null (sent by sandboxed iframes and file: pages on any site) next to the
        # foreign origin, on the home page and every API URL: the site's linked API paths and
        # its api. subdomain.
        cors_urls = {"GET " + home_url: home_url, "GET " + site + "/api/": site + "/api/"}
        for url in self._api_urls():
            cors_urls.setdefault("GET " + url, url)
        cors_jobs: dict[str, tuple[str, str]] = {}
        for label, url in cors_urls.items():
            if label not in ("GET " + home_url, "GET " + site + "/api/"):
                cors_jobs[label] = (url, FOREIGN_ORIGIN)
            cors_jobs[f"{label} (Origin: null)"] = (url, NULL_ORIGIN)
        for label, (url, origin) in cors_jobs.items():
            jobs["cors " + label] = client.fetch(url, headers={"Origin": origin}, follow=False)
        twin_jobs = {}
        if self.target.has_twin:
            for host in (self.target.apex, self.target.www_host):
                if host == self.target.host and urlsplit(self.target.url).path == "/":
                    # The home page's first answer is the twin's answer: no second request.
                    first = self.home.hops[:1]
                    self.twins[host] = Fetch(self.home.url, "GET", first, self.home.error)
                else:
                    twin_jobs[host] = client.fetch(twin_url(self.target, host), follow=False)
        for number, (old, _) in enumerate(self.target.redirects):
            jobs[f"old-url {number}"] = client.fetch(old, follow=False, body_limit=SMALL_BODY)
        results = await asyncio.gather(*jobs.values(), *twin_jobs.values())
        done = dict(zip([*jobs, *twin_jobs], results, strict=True))
        self.old_urls = [done[f"old-url {n}"] for n in range(len(self.target.redirects))]
        self.missing, self.bogus = done["missing"], done["bogus"]
        self.admin, self.flower, self.robots = done["admin"], done["flower"], done["robots"]
        self.cors = [
            ("GET " + home_url, done["cors-get"]),
            ("OPTIONS " + home_url, done["cors-options"]),
            ("GET " + site + "/api/", done["cors-api"]),
            *((label, done["cors " + label]) for label in cors_jobs),
        ]
        self.forwarded = [done["forwarded-home"], done["forwarded-sitemap"]]
        self.forwarded.append(done["forwarded-plain"])
        for host in twin_jobs:
            self.twins[host] = done[host]

    def _api_urls(self) -> list[str]:
        """API URLs worth a CORS probe: linked same-site API paths, and the api. subdomain."""
        linked: list[str] = []
        if self.summary is not None:
            for url in self._own(self.summary.anchors):
                parts = urlsplit(url)
                host = parts.hostname or ""
                if parts.path.startswith("/api") or host.startswith("api."):
                    linked.append(url)
        urls = linked[:SAMPLE_API_URLS]
        if not self.target.is_ip and self.target.api_host != self.target.host:
            urls.append(f"https://{self.target.api_host}/")
        return urls

    # -- round 3 ------------------------------------------------------------------------------

    async def look_at_what_pages_point_to(self) -> None:
        """Sitemap, favicon and assets; then sample pages; then links and the slash check."""
        # A heavy page has thousands of links, each split and checked: in a thread, once.
        self.home_links = await asyncio.to_thread(self._find_home_links)
        await asyncio.gather(self._read_sitemap(), self._fetch_icon(), self._fetch_assets())
        await self._sample_pages()
        await asyncio.gather(
            self._check_links(),
            self._check_append_slash(),
            self._check_plain_paths(),
            self._fetch_images(),
        )

    async def _fetch_images(self) -> None:
        """The sampled pages' same-site images, and a few raster ones with a width attribute
        fetched to read their own size (only their first bytes: the header has it)."""
        images: dict[str, Image] = {}
        for page in self.sampled_pages():
            for image in page.a11y.images:
                if image.src and self._same_site(image.src):
                    images.setdefault(image.src, image)
        wanted = [
            src
            for src, image in images.items()
            if not is_vector(image) and not image.srcset.strip() and image.width is not None
        ][:SAMPLE_IMAGES]
        fetched = await asyncio.gather(
            *(self.client.fetch(src, body_limit=SMALL_BODY) for src in wanted)
        )
        self.retina = RetinaSurvey(list(images.values()), dict(zip(wanted, fetched, strict=True)))

    async def _check_plain_paths(self) -> None:
        """Ask a sample of same-site paths over plain HTTP, API paths first: a redirect of
        ``http://host/`` alone does not show the rest of the site redirects too."""
        plain = urlsplit(self.target.plain_http_url)
        paths: list[str] = []
        for url in [*self._api_urls(), *self._home_links()]:
            parts = urlsplit(url)
            if parts.hostname != self.target.host or parts.path in ("", "/"):
                continue  # the plain-HTTP listener is known for the target's host only
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path not in paths:
                paths.append(path)
        chosen = paths[:SAMPLE_PLAIN_PATHS]
        self.plain_paths = list(
            await asyncio.gather(
                *(
                    self.client.fetch(
                        urlunsplit(("http", plain.netloc, path, "", "")),
                        follow=False,
                        body_limit=SMALL_BODY,
                    )
                    for path in chosen
                )
            )
        )

    def _own(self, urls: list[str]) -> list[str]:
        return [u for u in dict.fromkeys(strip_fragment(u) for u in urls) if self._same_site(u)]

    def _same_site(self, url: str) -> bool:
        """An own host and, over HTTPS, the site's own port: another port is another server."""
        if not self.client.is_own(url):
            return False
        parts, site = urlsplit(url), urlsplit(self.site)
        if parts.scheme != "https" or site.scheme != "https":
            return True
        try:
            return (parts.port or 443) == (site.port or 443)
        except ValueError:
            return False

    async def _read_sitemap(self) -> None:
        survey = self.sitemap
        robots_page = self.robots.page
        declared: list[str] = []
        if robots_page is not None and robots_page.status == 200 and not robots_page.is_html:
            declared = parse_robots(robots_page.text).sitemaps
        own_declared = self._own(declared)
        if own_declared:
            url, survey.source = own_declared[0], "named in robots.txt"
        else:
            url, survey.source = self.site + "/sitemap.xml", "default location"
        survey.fetch = await self.client.page(url)
        document = self._parse(survey.fetch)
        if document is not None and document.kind == "sitemapindex":
            children = self._own(document.locs)
            if not children:
                survey.error = "a sitemap index without same-site sitemaps"
                return
            survey.child = await self.client.page(children[0])
            document = self._parse(survey.child)
        if document is None:
            return
        urls = document.locs[:SITEMAP_URLS_KEPT]
        survey.urls = urls
        survey.foreign = [u for u in urls if not self._same_site(u)]
        served_https = (survey.child or survey.fetch).url.startswith("https://")
        survey.insecure = [
            u for u in urls if served_https and u.startswith("http://") and self.client.is_own(u)
        ]

    def _parse(self, fetch: Fetch) -> Sitemap | None:
        page = fetch.page
        if page is None or page.status != 200:
            return None
        if page.truncated:
            self.sitemap.error = f"larger than {self.target.max_body} bytes, not read to the end"
            return None
        try:
            return parse_sitemap(page.body)
        except SitemapError as exc:
            self.sitemap.error = str(exc)
            return None

    async def _fetch_icon(self) -> None:
        declared = self.summary.icons[0] if self.summary and self.summary.icons else None
        self.icon_declared = declared
        if declared is None:
            self.icon = await self.client.fetch(self.site + "/favicon.ico", body_limit=SMALL_BODY)
        elif urlsplit(declared).scheme in ("http", "https") and self.client.is_own(declared):
            self.icon = await self.client.fetch(declared, body_limit=SMALL_BODY)

    async def _fetch_assets(self) -> None:
        if self.summary is None:
            return
        css = self._own(self.summary.stylesheets)
        js = self._own([s.src for s in self.summary.scripts if s.src])
        foreign_js = [
            s.src for s in self.summary.scripts if s.src and not self.client.is_own(s.src)
        ]
        foreign_css = [u for u in self.summary.stylesheets if not self.client.is_own(u)]
        self.assets_not_fetched = css[SAMPLE_CSS:] + js[SAMPLE_JS:] + foreign_css + foreign_js
        self.scripts_not_fetched = js[SAMPLE_JS:] + foreign_js
        fetched = await asyncio.gather(
            *(self.client.page(u) for u in css[:SAMPLE_CSS] + js[:SAMPLE_JS])
        )
        self.css = list(fetched[: len(css[:SAMPLE_CSS])])
        self.scripts = list(fetched[len(css[:SAMPLE_CSS]) :])

    def _home_links(self) -> list[str]:
        if self.home_links is None:
            self.home_links = self._find_home_links()
        return self.home_links

    def _find_home_links(self) -> list[str]:
        if self.summary is None:
            return []
        home = strip_fragment(self.home.page.url) if self.home.page else ""
        return [
            u
            for u in self._own(self.summary.anchors)
            if u != home and not UNSAFE_LINK.search(u) and not NOT_A_PAGE.search(urlsplit(u).path)
        ]

    async def _sample_pages(self) -> None:
        home = strip_fragment(self.home.page.url) if self.home.page else ""
        candidates = [
            u
            for u in self._own(self.sitemap.urls)
            if u != home and not NOT_A_PAGE.search(urlsplit(u).path)
        ]
        if not candidates:  # no sitemap: fall back on the home page's links
            candidates = self._home_links()
        chosen = candidates[:SAMPLE_PAGES]
        if not any(c.name == "csrftoken" for c in cookies_from(self.client.seen)):
            # A form page is where Django sets csrftoken; look at one if the sample has none.
            forms = [u for u in self._home_links() if FORM_PAGE.search(u) and u not in chosen]
            chosen += forms[:1]
        self.samples = list(await asyncio.gather(*(self.client.page(u) for u in chosen)))
        in_sitemap = set(self.sitemap.urls)
        self.sitemap.sample = [f for f in self.samples if f.url in in_sitemap]

    async def _check_link(self, url: str) -> Fetch:
        cached = self.client.cached(url)
        if cached is not None:
            return cached
        head = await self.client.fetch(url, method="HEAD")
        final = head.final
        if final is not None and final.status < 400 and not head.error:
            return head
        if final is None and head.error and "budget" in head.error:
            return head
        # Some servers mishandle HEAD (405, 404…): confirm with a GET before calling it broken.
        return await self.client.fetch(url, body_limit=SMALL_BODY)

    async def _check_links(self) -> None:
        links = self._home_links()
        self.links_total = len(links)
        self.links_checked = list(
            await asyncio.gather(*(self._check_link(u) for u in links[:SAMPLE_LINKS]))
        )

    async def _check_append_slash(self) -> None:
        candidates = self._home_links() + self._own(self.sitemap.urls)
        answered = [
            u
            for u in candidates
            if (f := self.client.cached(u)) is not None
            and (f.page is not None and f.page.status == 200 and len(f.hops) == 1)
        ]
        url = slash_candidate(answered, self.client.is_own)
        if url is None and (url := slash_candidate(candidates, self.client.is_own)) is not None:
            # Not seen answering yet: the slashed page must exist for a 404 without it to count.
            fetch = await self.client.page(url)
            if fetch.page is None or fetch.page.status != 200 or len(fetch.hops) != 1:
                final = fetch.final
                self.slash_unconfirmed = (
                    f"{fetch.chain()} → {final.status}" if final is not None else fetch.reason
                )
        self.slash_page = url
        if url is not None and self.slash_unconfirmed is None:
            self.slashless = await self.client.fetch(without_slash(url), follow=False)

    # -- views for the judges -----------------------------------------------------------------

    def sampled_pages(self) -> list[PageSummary]:
        """The home page and the sampled pages that answered 200 HTML, one per final URL."""
        pages: dict[str, PageSummary] = {}
        home = self.home.html_page
        if self.summary is not None and home is not None:
            pages[home.url] = self.summary
        for fetch in self.samples:
            page = fetch.html_page
            if page is not None and page.url not in pages:
                pages[page.url] = parse_page(page.url, page.text)
        return list(pages.values())

    def script_scan(self) -> ScriptScan:
        """The scripts read for the Sentry check, and those not read."""
        scanned = [f.page for f in self.scripts if f.page is not None and f.page.status == 200]
        not_read = self.scripts_not_fetched + [
            f.url for f in self.scripts if f.page is None or f.page.status != 200
        ]
        return ScriptScan(scanned, not_read)
