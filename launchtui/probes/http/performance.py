"""How fast the site can be delivered: HTTP/2, Brotli, minified CSS and JS."""

from __future__ import annotations

from dataclasses import dataclass

from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.http.judging import answer_or_unknown
from launchtui.probes.model import Finding, Verdict

# Below this size servers and CDNs often skip compression on purpose.
COMPRESSIBLE_SIZE = 1024
MINIFY_MIN_SIZE = 512
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg")


def probe_http2(home: Fetch) -> Finding:
    """server-http2: the home page came over HTTP/2 (this client offers h2 through ALPN)."""
    item, probe = "server-http2", "http.http2"
    if isinstance(page := answer_or_unknown(item, probe, home, want="final"), Finding):
        return page
    if not page.is_https:
        return Finding(
            item,
            Verdict.FAIL,
            f"{page.url} came over plain HTTP ({page.http_version}); browsers use HTTP/2 only "
            "over TLS",
            probe,
        )
    if page.http_version == "HTTP/2":
        alt = page.headers.get("alt-svc")
        return Finding(
            item,
            Verdict.PASS,
            f"{page.url} negotiated HTTP/2",
            probe,
            detail=f"Alt-Svc: {alt} (HTTP/3 offered)" if alt and "h3" in alt else "",
        )
    return Finding(
        item,
        Verdict.FAIL,
        f"{page.url} answered over {page.http_version} although the client offered h2",
        probe,
        detail="Enable HTTP/2 where TLS terminates (nginx 'http2 on;', a CDN or load balancer).",
    )


def _encoding(response: Response) -> str:
    value: str = response.headers.get("content-encoding", "")
    return value.strip().lower()


def probe_brotli(home: Fetch, assets: list[Fetch]) -> Finding:
    """server-cloudflare-brotli: text answers come ``Content-Encoding: br`` when br is offered."""
    item, probe = "server-cloudflare-brotli", "http.brotli"
    if isinstance(page := answer_or_unknown(item, probe, home), Finding):
        return page
    answers = [
        r
        for r in (page, *(a.page for a in assets))
        if r is not None and r.status == 200 and r.content_type.startswith(TEXT_TYPES)
    ]
    lines = [f"{r.url}: {_encoding(r) or 'not compressed'} ({len(r.body)} bytes)" for r in answers]
    detail = "Requests offered Accept-Encoding: br, gzip, deflate.\n" + "\n".join(lines)
    brotli = [r for r in answers if _encoding(r) == "br"]
    if brotli:
        return Finding(
            item, Verdict.PASS, f"Content-Encoding: br on {brotli[0].url}", probe, detail
        )
    other = [r for r in answers if _encoding(r) not in ("", "identity")]
    if other:
        return Finding(
            item,
            Verdict.FAIL,
            f"Content-Encoding: {_encoding(other[0])} on {other[0].url}, never br",
            probe,
            detail,
        )
    big = [r for r in answers if len(r.body) >= COMPRESSIBLE_SIZE]
    if big:
        return Finding(
            item,
            Verdict.FAIL,
            f"{big[0].url} ({len(big[0].body)} bytes) came uncompressed although br was offered",
            probe,
            detail,
        )
    return Finding(
        item,
        Verdict.UNKNOWN,
        "no text answer large enough to be compressed",
        probe,
        detail,
    )


@dataclass(frozen=True, slots=True)
class MinifyStats:
    """The heuristic's measures for one file."""

    url: str
    size: int
    average_line: float
    whitespace: float

    @property
    def minified(self) -> bool:
        """Long lines and little whitespace, or almost no whitespace at all."""
        return (self.average_line >= 120 and self.whitespace < 0.15) or self.whitespace < 0.08

    def describe(self) -> str:
        """One line of figures for the detail."""
        state = "minified" if self.minified else "NOT minified"
        return (
            f"{self.url}: {self.size} bytes, average line {self.average_line:.0f} chars, "
            f"whitespace {self.whitespace:.0%} → {state}"
        )


def measure(response: Response) -> MinifyStats:
    """Average line length and whitespace ratio of a text body."""
    text = response.text
    lines = text.splitlines() or [""]
    whitespace = sum(1 for ch in text if ch.isspace())
    return MinifyStats(
        url=response.url,
        size=len(response.body),
        average_line=len(text) / len(lines),
        whitespace=whitespace / max(len(text), 1),
    )


MINIFY_RULE = (
    "Heuristic: a file counts as minified when its average line is at least 120 characters with "
    "under 15% whitespace, or when under 8% of it is whitespace. Files under 512 bytes are not "
    "judged."
)


def probe_minified(assets: list[Fetch], not_fetched: list[str]) -> Finding:
    """perf-minified: the same-site CSS and JS the home page links to look minified."""
    item, probe = "perf-minified", "http.minified"
    stats, notes = [], []
    for fetch in assets:
        page = fetch.page
        if page is None or page.status != 200:
            notes.append(f"{fetch.url}: {fetch.reason if page is None else page.status}")
        elif page.undecodable:
            encoding = page.headers.get("content-encoding", "")
            notes.append(f"{fetch.url}: unreadable body (Content-Encoding: {encoding})")
        elif page.is_html:
            notes.append(f"{fetch.url}: answered an HTML page, not CSS or JavaScript")
        elif len(page.body) < MINIFY_MIN_SIZE:
            notes.append(f"{fetch.url}: {len(page.body)} bytes, too small to judge")
        else:
            stats.append(measure(page))
    detail = "\n".join([MINIFY_RULE, *(s.describe() for s in stats), *notes])
    if not_fetched:
        detail += "\nNot fetched (other hosts or over the sample): " + ", ".join(not_fetched[:8])
    plain = [s for s in stats if not s.minified]
    if plain:
        return Finding(
            item,
            Verdict.FAIL,
            f"{len(plain)} of {len(stats)} CSS/JS files look unminified: {plain[0].url} "
            f"(average line {plain[0].average_line:.0f}, whitespace {plain[0].whitespace:.0%})",
            probe,
            detail,
        )
    if not stats:
        return Finding(
            item,
            Verdict.UNKNOWN,
            "no same-site CSS or JS file of judgeable size linked from the home page",
            probe,
            detail,
        )
    return Finding(
        item,
        Verdict.PASS,
        f"{len(stats)} CSS/JS files look minified",
        probe,
        detail,
    )
