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
# Leftovers from development that should never be linked from production pages: loopback and
# unroutable addresses, mDNS names, and hosts with a whole label saying staging or development.
DEV_ADDRESSES = re.compile(r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|::1)$")
DEV_LABELS = frozenset({"localhost", "staging", "stage", "dev", "development"})


def is_dev_host(host: str) -> bool:
    """Whether ``host`` names a development or staging machine. Only whole labels count
    (``backstaging.example`` is not one), and never the last label (``web.dev`` is a site)."""
    host = host.lower().strip("[]").rstrip(".")
    if DEV_ADDRESSES.match(host):
        return True
    labels = host.split(".")
    return labels[-1] in ("local", "localhost") or any(label in DEV_LABELS for label in labels[:-1])


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


def inline_icon(url: str) -> bytes | None:
    """The image bytes of a ``data:image/…`` URL; None when it carries no image."""
    import base64
    from urllib.parse import unquote_to_bytes

    head, sep, payload = url.partition(",")
    kind = head.removeprefix("data:").lower()
    if not sep or not kind.startswith("image/"):
        return None
    try:
        data = base64.b64decode(payload, validate=False) if kind.endswith(";base64") else None
        data = data if data is not None else unquote_to_bytes(payload)
    except ValueError:
        return None
    if kind.startswith("image/svg"):
        return data if b"<svg" in data[:2000].lower() else None
    return data if data.lstrip()[:8].startswith(IMAGE_MAGIC) else None


def probe_favicon(declared: str | None, icon: Fetch | None) -> Finding:
    """content-favicon: the declared ``<link rel=icon>`` (or ``/favicon.ico``) is an image.

    ``declared`` is the icon URL from the home page (None: none declared, ``icon`` is then the
    ``/favicon.ico`` fetch); ``icon`` is None when the declared icon was not fetched (another
    host, or not an http(s) URL). Only an icon seen as an image passes: ``data:,`` is the usual
    way to declare *no* icon, and an icon on another host is not fetched by the probes.
    """
    item, probe = "content-favicon", "http.favicon"
    if declared is not None:
        scheme = declared.partition(":")[0].lower()
        if scheme == "data":
            if inline_icon(declared):
                return Finding(item, Verdict.PASS, "icon declared inline (a data: image)", probe)
            return Finding(
                item,
                Verdict.FAIL,
                f"the icon link is {declared[:60]}: no image (the usual way to declare no icon)",
                probe,
            )
        if scheme not in ("http", "https"):
            return Finding(
                item,
                Verdict.FAIL,
                f"the icon link is {declared[:80]}: browsers load no icon from a {scheme}: URL",
                probe,
            )
    if declared is not None and icon is None:
        return Finding(
            item,
            Verdict.UNKNOWN,
            f"icon declared at {declared} (another host, not fetched)",
            probe,
            detail="Probes stay on the site, so the icon was not seen; open it in a browser.",
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
    if not device_width:
        # A fixed or missing width renders a desktop page zoomed out, as with no viewport at all.
        return Finding(
            item,
            Verdict.FAIL,
            f"{shown}: a fixed-width layout, not width=device-width",
            probe,
            detail='Use <meta name="viewport" content="width=device-width, initial-scale=1">.',
        )
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


def dev_links(summary: PageSummary, own_hosts: frozenset[str] = frozenset()) -> list[str]:
    """Links on the page that point at localhost, .local or staging hosts, other than the
    target's own hosts (probing ``staging.example.com`` is probing a staging site on purpose)."""
    found = []
    for url in summary.anchors:
        parts = urlsplit(url)
        try:
            host = (parts.hostname or "").lower()
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and host not in own_hosts and is_dev_host(host):
            found.append(url)
    return found


def probe_links(
    summary: PageSummary | None,
    checked: list[Fetch],
    total: int,
    own_hosts: frozenset[str] = frozenset(),
) -> Finding:
    """content-links: sampled same-site links answer, none points at a development host."""
    item, probe = "content-links", "http.links"
    if summary is None:
        return Finding(item, Verdict.UNKNOWN, "no home page HTML to take links from", probe)
    leftovers = dev_links(summary, own_hosts)
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
