"""What a visitor's browser gets: favicon, viewport, working links, frontend error reporting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchtui.probes.http.client import RESTRICTED, Fetch, Response
from launchtui.probes.http.judging import answer_or_unknown
from launchtui.probes.http.page import PageSummary
from launchtui.probes.model import Finding, Verdict

SENTRY_MARKERS = re.compile(
    r"(?:js|browser)\.sentry-cdn\.com|@sentry/|Sentry\.init|sentry\.javascript\.|"
    r"ingest\.(?:[a-z]+\.)?sentry\.io|__SENTRY__",
)
# Leftovers from development that should never be linked from production pages.
DEV_HOSTS = re.compile(r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\])$|\.local$|staging")
IMAGE_MAGIC = (
    b"\x00\x00\x01\x00",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"RIFF",
    b"<svg",
    b"<?xml",
)


def _is_image(response: Response) -> bool:
    if response.content_type.startswith("image/"):
        return True
    head = response.body[:64].lstrip()
    return response.content_type in ("", "application/octet-stream") and head.startswith(
        IMAGE_MAGIC
    )


def probe_favicon(declared: str | None, icon: Fetch | None) -> Finding:
    """content-favicon: the declared ``<link rel=icon>`` (or ``/favicon.ico``) is an image.

    ``declared`` is the icon URL from the home page (None: none declared, ``icon`` is then the
    ``/favicon.ico`` fetch); ``icon`` is None when the declared icon lives on another host.
    """
    item, probe = "content-favicon", "http.favicon"
    if declared is not None and declared.startswith("data:"):
        return Finding(item, Verdict.PASS, "icon declared inline (data: URL)", probe)
    if declared is not None and icon is None:
        return Finding(
            item,
            Verdict.PASS,
            f"icon declared at {declared} (another host, not fetched)",
            probe,
            detail="The icon is declared; it was not fetched because probes stay on the site.",
        )
    assert icon is not None
    what = f"declared icon {declared}" if declared else f"{icon.url} (no <link rel=icon>)"
    page = icon.page
    if page is None:
        return Finding(item, Verdict.UNKNOWN, f"{what} not fetched: {icon.reason}", probe)
    if page.status == 200 and _is_image(page) and page.body:
        return Finding(item, Verdict.PASS, f"{what} → 200 {page.content_type or 'image'}", probe)
    if page.status == 200:
        kind = page.content_type or "no content type"
        return Finding(
            item,
            Verdict.FAIL,
            f"{what} → 200 {kind}, " + ("empty" if not page.body else "not an image"),
            probe,
        )
    if page.status in (404, 410):
        return Finding(item, Verdict.FAIL, f"{what} → {page.status}", probe)
    return Finding(item, Verdict.UNKNOWN, f"{what} → {page.status}", probe)


def probe_viewport(home: Fetch, summary: PageSummary | None) -> Finding:
    """perf-viewport: ``<meta name=viewport content="width=device-width, initial-scale=1">``."""
    item, probe = "perf-viewport", "http.viewport"
    if summary is None:
        return Finding(item, Verdict.UNKNOWN, f"no home page HTML: {home.no_html_reason}", probe)
    content = summary.meta.get("viewport")
    if content is None:
        return Finding(item, Verdict.FAIL, "no <meta name=viewport> on the home page", probe)
    settings = {}
    for part in re.split(r"[,;]", content):
        key, _, value = part.partition("=")
        settings[key.strip().lower()] = value.strip().lower()
    device_width = settings.get("width") == "device-width"
    try:
        scale_one = float(settings.get("initial-scale", "")) == 1.0
    except ValueError:
        scale_one = False
    shown = f'viewport "{content}"'
    if device_width and scale_one:
        return Finding(item, Verdict.PASS, shown, probe)
    missing = [
        name
        for name, ok in (("width=device-width", device_width), ("initial-scale=1", scale_one))
        if not ok
    ]
    return Finding(item, Verdict.WARN, f"{shown} lacks {' and '.join(missing)}", probe)


@dataclass
class ScriptScan:
    """Where the frontend code was looked at for Sentry."""

    scanned: list[Response]
    not_scanned: list[str]


def probe_sentry_frontend(home: Fetch, scan: ScriptScan) -> Finding:
    """monitoring-sentry-frontend: the Sentry browser SDK in the HTML or its scripts.

    Absence is never a fail: the SDK may be bundled in code this run could not read.
    """
    item, probe = "monitoring-sentry-frontend", "http.sentry"
    if isinstance(page := answer_or_unknown(item, probe, home, want="html"), Finding):
        return page
    for response in (page, *scan.scanned):
        match = SENTRY_MARKERS.search(response.text)
        if match:
            return Finding(
                item,
                Verdict.PASS,
                f"Sentry browser SDK: '{match.group(0)}' in {response.url}",
                probe,
            )
    looked = f"the home page and {len(scan.scanned)} of its scripts"
    if page.truncated:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"no Sentry marker in the first {len(page.body)} bytes of the home page (cut there)",
            probe,
        )
    if scan.not_scanned:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"no Sentry marker in {looked}; {len(scan.not_scanned)} script(s) not read",
            probe,
            detail="Scripts not read (other hosts or over the sample limit):\n"
            + "\n".join(scan.not_scanned[:10]),
        )
    return Finding(
        item,
        Verdict.WARN,
        f"no Sentry browser SDK in {looked}",
        probe,
        detail=(
            "Every script the home page loads was read. Another error tracker, or Sentry "
            "loaded only on other pages, would explain it; otherwise add the SDK or loader."
        ),
    )


def dev_links(summary: PageSummary) -> list[str]:
    """Links on the page that point at localhost, .local or staging hosts."""
    found = []
    for url in summary.anchors:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and DEV_HOSTS.search(parts.hostname or ""):
            found.append(url)
    return found


def probe_links(summary: PageSummary | None, checked: list[Fetch], total: int) -> Finding:
    """content-links: sampled same-site links answer, none points at a development host."""
    item, probe = "content-links", "http.links"
    if summary is None:
        return Finding(item, Verdict.UNKNOWN, "no home page HTML to take links from", probe)
    leftovers = dev_links(summary)
    lines, broken, restricted, failed = [], [], [], []
    for fetch in checked:
        final = fetch.final
        if fetch.error and fetch.error.startswith("redirect loop"):
            broken.append(f"{fetch.url}: {fetch.error}")
            lines.append(f"{fetch.url}: {fetch.error}")
            continue
        if final is None or fetch.error:
            failed.append(f"{fetch.url}: {fetch.reason}")
            lines.append(f"{fetch.url}: {fetch.reason}")
            continue
        lines.append(f"{fetch.method} {fetch.url} → {final.status}")
        if final.status in RESTRICTED:
            restricted.append(fetch.url)
        elif final.status >= 400:
            broken.append(f"{fetch.url} → {final.status}")
    detail = "\n".join(lines)
    if leftovers:
        detail = "Development links:\n" + "\n".join(leftovers) + "\n" + detail
    if broken or leftovers:
        first = broken[0] if broken else f"{leftovers[0]} points at a development host"
        count = len(broken) + len(leftovers)
        return Finding(item, Verdict.FAIL, f"{count} bad link(s): {first}", probe, detail)
    judged = len(checked) - len(restricted) - len(failed)
    if judged <= 0:
        reason = "no same-site links on the home page" if not total else "no sampled link answered"
        return Finding(item, Verdict.UNKNOWN, reason, probe, detail)
    return Finding(
        item,
        Verdict.PASS,
        f"{judged} of {total} same-site links sampled, none broken",
        probe,
        detail,
    )
