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


@dataclass(frozen=True, slots=True)
class Image:
    """An ``<img>``: its absolute ``src``, ``alt`` (None when the attribute is missing), the
    ``width`` attribute in CSS pixels (None when absent or not a number) and ``srcset``."""

    src: str | None
    alt: str | None
    width: int | None
    srcset: str


@dataclass
class Accessibility:
    """What an automated accessibility check (as WAVE's errors) can read from the markup."""

    html_lang: str | None = None
    images: list[Image] = field(default_factory=list)
    unlabelled_fields: list[str] = field(default_factory=list)  # described as "<input name=…>"
    empty_links: list[str] = field(default_factory=list)  # their href
    empty_buttons: int = 0
    headings: list[int] = field(default_factory=list)  # levels, in document order


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
    a11y: Accessibility = field(default_factory=Accessibility)


class _Collector(HTMLParser):
    def __init__(self, summary: PageSummary) -> None:
        super().__init__(convert_charrefs=True)
        self.summary = summary
        self.base = summary.url
        self._in_title = False
        self._title_parts: list[str] = []
        self._svg_depth = 0
        self._labels_for: set[str] = set()
        self._label_depth = 0
        self._fields: list[tuple[str | None, str, bool]] = []  # (id, description, labelled)
        # Open <a> or <button>: [kind, href, has accessible text]
        self._open: list[list[object]] = []

    def _abs(self, href: str | None) -> str | None:
        if not href or not href.strip():
            return None
        try:
            return urljoin(self.base, href.strip())
        except ValueError:  # "http://[oops/": skip the link, keep reading the page
            return None

    def _named(self, a: dict[str, str]) -> bool:
        return bool(
            a.get("aria-label", "").strip()
            or a.get("aria-labelledby", "").strip()
            or a.get("title", "").strip()
        )

    def _accessibility_tag(self, tag: str, a: dict[str, str]) -> None:
        acc = self.summary.a11y
        if tag == "html" and acc.html_lang is None:
            acc.html_lang = a.get("lang", "").strip() or None
        elif tag == "img":
            width = a.get("width", "").strip().removesuffix("px")
            acc.images.append(
                Image(
                    self._abs(a.get("src")),
                    a.get("alt"),
                    int(width) if width.isdigit() else None,
                    a.get("srcset", ""),
                )
            )
            if self._open and "alt" in a and a["alt"].strip():
                self._open[-1][2] = True
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self._labels_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            kind = a.get("type", "text").lower() if tag == "input" else tag
            if kind in ("hidden", "submit", "button", "reset", "image"):
                # submit and reset have a default label; a plain button has none.
                if kind == "button" and not (a.get("value", "").strip() or self._named(a)):
                    acc.empty_buttons += 1
                return
            described = f"<{tag} name={a.get('name', '')!r}>" if a.get("name") else f"<{tag}>"
            labelled = self._label_depth > 0 or self._named(a)
            self._fields.append((a.get("id") or None, described, labelled))
        elif tag in ("a", "button") and (tag == "button" or "href" in a):
            self._open.append([tag, a.get("href", ""), self._named(a)])
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            acc.headings.append(int(tag[1]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        s = self.summary
        self._accessibility_tag(tag, a)
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

    def finish(self) -> None:
        """Judge the form fields once every ``<label for>`` has been read."""
        acc = self.summary.a11y
        acc.unlabelled_fields = [
            described
            for field_id, described, labelled in self._fields
            if not labelled and (field_id is None or field_id not in self._labels_for)
        ]

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1
        if tag in ("a", "button") and self._open and self._open[-1][0] == tag:
            kind, href, named = self._open.pop()
            if not named:
                if kind == "a":
                    self.summary.a11y.empty_links.append(str(href))
                else:
                    self.summary.a11y.empty_buttons += 1
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        elif tag == "title" and self._in_title:
            self._in_title = False
            self.summary.title = " ".join("".join(self._title_parts).split())

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        if self._open and data.strip():
            self._open[-1][2] = True


def parse_page(url: str, text: str) -> PageSummary:
    """Summarise the HTML ``text`` served at ``url`` (never raises on bad markup)."""
    summary = PageSummary(url)
    collector = _Collector(summary)
    try:
        collector.feed(text)
        collector.close()
    except (AssertionError, ValueError):  # HTMLParser's rare hard failures on broken markup
        pass
    collector.finish()
    if collector._in_title:  # an unclosed <title>: keep what was read
        summary.title = " ".join("".join(collector._title_parts).split())
    return summary
