"""What a fetched HTML page says about itself: title, meta tags, links, scripts, stylesheets.

Parsed once with the standard library's tolerant HTMLParser; every probe reads the summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass(frozen=True, slots=True)
class Script:
    """A ``<script>`` element: its absolute ``src`` (None when inline) and SRI attribute."""

    src: str | None
    integrity: str | None


@dataclass
class PageSummary:
    """The parts of an HTML page the probes judge. URLs are absolute."""

    url: str
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    http_equiv: dict[str, str] = field(default_factory=dict)
    icons: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    has_password_field: bool = False


class _Collector(HTMLParser):
    def __init__(self, summary: PageSummary) -> None:
        super().__init__(convert_charrefs=True)
        self.summary = summary
        self.base = summary.url
        self._in_title = False
        self._title_parts: list[str] = []
        self._svg_depth = 0

    def _abs(self, href: str | None) -> str | None:
        if not href or not href.strip():
            return None
        try:
            return urljoin(self.base, href.strip())
        except ValueError:  # "http://[oops/": skip the link, keep reading the page
            return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        s = self.summary
        if tag == "svg":
            self._svg_depth += 1
        elif tag == "base" and a.get("href"):
            self.base = self._abs(a["href"]) or self.base
        elif tag == "title" and self._svg_depth == 0 and s.title is None:
            self._in_title = True
        elif tag == "meta":
            content = a.get("content", "")
            if a.get("name"):
                s.meta.setdefault(a["name"].strip().lower(), content)
            if a.get("property"):
                s.meta.setdefault(a["property"].strip().lower(), content)
            if a.get("http-equiv"):
                s.http_equiv.setdefault(a["http-equiv"].strip().lower(), content)
        elif tag == "link":
            rels = a.get("rel", "").lower().split()
            href = self._abs(a.get("href"))
            if href and "icon" in rels:
                s.icons.append(href)
            if href and "stylesheet" in rels:
                s.stylesheets.append(href)
        elif tag == "script":
            s.scripts.append(Script(self._abs(a.get("src")), a.get("integrity") or None))
        elif tag == "a":
            href = self._abs(a.get("href"))
            if href:
                s.anchors.append(href)
        elif tag == "input" and a.get("type", "").lower() == "password":
            s.has_password_field = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        elif tag == "title" and self._in_title:
            self._in_title = False
            self.summary.title = " ".join("".join(self._title_parts).split())

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)


def parse_page(url: str, text: str) -> PageSummary:
    """Summarise the HTML ``text`` served at ``url`` (never raises on bad markup)."""
    summary = PageSummary(url)
    collector = _Collector(summary)
    try:
        collector.feed(text)
        collector.close()
    except (AssertionError, ValueError):  # HTMLParser's rare hard failures on broken markup
        pass
    if collector._in_title:  # an unclosed <title>: keep what was read
        summary.title = " ".join("".join(collector._title_parts).split())
    return summary
