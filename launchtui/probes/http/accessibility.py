"""What a phone, a screen reader and a high-density screen get from the sampled pages.

* ``a11y-wave``: the errors an automated checker (WAVE) reports from markup alone — no ``lang``
  on ``<html>``, images without ``alt``, form fields without a label, links and buttons with no
  text — fail; skipped heading levels warn. Nothing found is still a warning: contrast and
  keyboard use need a person (or a browser) and are not judged here.
* ``content-mobile-friendly``: the viewport lets the page fit and zoom on a phone.
* ``content-retina``: same-site images are SVG, carry ``srcset``, or are at least twice their
  displayed width (the ``width`` attribute against the image's own size, read from its header).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

from launchtui.probes.http.client import Fetch
from launchtui.probes.http.page import Image, PageSummary
from launchtui.probes.model import Finding, Verdict

SAMPLE_IMAGES = 3  # raster images fetched to read their own width
NOT_JUDGED = "contrast and keyboard use not judged"


def probe_accessibility(pages: list[PageSummary]) -> Finding:
    """a11y-wave: WAVE-style errors across the sampled pages fail; none found warns."""
    item, probe = "a11y-wave", "http.accessibility"
    if not pages:
        return Finding(item, Verdict.UNKNOWN, "no HTML page could be sampled", probe)
    errors: list[str] = []
    alerts: list[str] = []
    for page in pages:
        acc, where = page.a11y, page.url
        if acc.html_lang is None:
            errors.append(f"{where}: <html> has no lang")
        errors += [
            f"{where}: image without alt ({img.src or 'no src'})"
            for img in acc.images
            if img.alt is None
        ]
        errors += [f"{where}: form field without a label {f}" for f in acc.unlabelled_fields]
        errors += [f"{where}: empty link ({href or 'no href'})" for href in acc.empty_links]
        if acc.empty_buttons:
            errors.append(f"{where}: {acc.empty_buttons} empty button(s)")
        previous = 0
        for level in acc.headings:
            if previous and level > previous + 1:
                alerts.append(f"{where}: heading level skipped (h{previous} → h{level})")
                break
            previous = level
    detail = "\n".join([*errors[:30], *alerts[:10], f"{len(pages)} page(s) checked; {NOT_JUDGED}."])
    if errors:
        return Finding(
            item,
            Verdict.FAIL,
            f"{len(errors)} accessibility error(s) on {len(pages)} page(s): {errors[0]}",
            probe,
            detail,
        )
    if alerts:
        return Finding(item, Verdict.WARN, f"{alerts[0]}; {NOT_JUDGED}", probe, detail)
    return Finding(
        item,
        Verdict.WARN,
        f"no accessibility errors in the markup of {len(pages)} page(s); {NOT_JUDGED}",
        probe,
        detail + "\nRun WAVE or axe in a browser and try the pages with the keyboard only.",
    )


def viewport_settings(content: str) -> dict[str, str]:
    """``width=device-width, initial-scale=1`` → ``{"width": "device-width", …}``."""
    settings = {}
    for part in re.split(r"[,;]", content):
        key, _, value = part.partition("=")
        if key.strip():
            settings[key.strip().lower()] = value.strip().lower()
    return settings


def probe_mobile(home: Fetch, summary: PageSummary | None) -> Finding:
    """content-mobile-friendly: a device-width viewport that lets people zoom."""
    item, probe = "content-mobile-friendly", "http.mobile"
    if summary is None:
        return Finding(item, Verdict.UNKNOWN, f"no home page HTML: {home.no_html_reason}", probe)
    content = summary.meta.get("viewport")
    if content is None:
        return Finding(
            item, Verdict.FAIL, "no <meta name=viewport>: phones show a zoomed-out desktop", probe
        )
    settings = viewport_settings(content)
    shown = f'viewport "{content}"'
    if settings.get("width") != "device-width":
        return Finding(item, Verdict.FAIL, f"{shown}: a fixed-width layout", probe)
    if settings.get("user-scalable") in ("no", "0"):
        return Finding(item, Verdict.FAIL, f"{shown}: user-scalable=no blocks zooming", probe)
    try:
        maximum = float(settings.get("maximum-scale", "10"))
    except ValueError:
        maximum = 10.0
    if maximum < 2:
        return Finding(
            item, Verdict.FAIL, f"{shown}: maximum-scale={maximum:g} blocks zooming", probe
        )
    return Finding(
        item,
        Verdict.PASS,
        f"{shown}: fits the device width and allows zooming",
        probe,
        detail="Layout, tap targets and font sizes need a browser: check them with Lighthouse.",
    )


def image_width(body: bytes) -> int | None:
    """The pixel width from a PNG, GIF, JPEG or WebP header; None when it cannot be read."""
    if body.startswith(b"\x89PNG\r\n\x1a\n") and len(body) >= 24:
        return int(struct.unpack(">I", body[16:20])[0])
    if body[:6] in (b"GIF87a", b"GIF89a") and len(body) >= 10:
        return int(struct.unpack("<H", body[6:8])[0])
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP" and len(body) >= 30:
        chunk = body[12:16]
        if chunk == b"VP8X":
            return 1 + int.from_bytes(body[24:27], "little")
        if chunk == b"VP8L":
            return 1 + (int.from_bytes(body[21:23], "little") & 0x3FFF)
        if chunk == b"VP8 ":
            return int.from_bytes(body[26:28], "little") & 0x3FFF
        return None
    if body[:2] == b"\xff\xd8":
        at = 2
        while at + 9 < len(body):
            if body[at] != 0xFF:
                return None
            marker = body[at + 1]
            length = int.from_bytes(body[at + 2 : at + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(body[at + 7 : at + 9], "big")
            at += 2 + length
    return None


def is_vector(image: Image) -> bool:
    """An SVG image: sharp at any density."""
    src = (image.src or "").lower()
    return src.startswith("data:image/svg") or urlsplit(src).path.endswith(".svg")


@dataclass
class RetinaSurvey:
    """The same-site images of the sampled pages, and the raster ones fetched."""

    images: list[Image]
    fetched: dict[str, Fetch]


def probe_retina(survey: RetinaSurvey) -> Finding:
    """content-retina: every same-site image is SVG, has srcset, or is at least 2x wide."""
    item, probe = "content-retina", "http.retina"
    if not survey.images:
        return Finding(item, Verdict.UNKNOWN, "no same-site images on the sampled pages", probe)
    sharp, blurry, unknown = [], [], []
    for image in survey.images:
        src = image.src or ""
        if is_vector(image):
            sharp.append(f"{src}: SVG")
        elif image.srcset.strip():
            sharp.append(f"{src}: srcset")
        elif image.width is None:
            unknown.append(f"{src}: no width attribute, displayed size unknown")
        elif (fetch := survey.fetched.get(src)) is None or fetch.page is None:
            unknown.append(f"{src}: not fetched ({fetch.reason if fetch else 'over the sample'})")
        elif (own := image_width(fetch.page.body)) is None:
            unknown.append(f"{src}: size not readable from the file")
        elif own >= 2 * image.width:
            sharp.append(f"{src}: {own} px for {image.width} px shown")
        else:
            blurry.append(f"{src}: {own} px for {image.width} px shown, under 2x")
    detail = "\n".join([*blurry, *unknown, *sharp][:30])
    if blurry:
        return Finding(
            item,
            Verdict.WARN,
            f"{len(blurry)} image(s) blurry on high-density screens: {blurry[0]}",
            probe,
            detail + "\nUse SVG, or srcset with a 2x variant.",
        )
    if unknown:
        return Finding(
            item, Verdict.UNKNOWN, f"not every image could be judged: {unknown[0]}", probe, detail
        )
    return Finding(
        item, Verdict.PASS, f"{len(sharp)} same-site image(s), all SVG, srcset or 2x", probe, detail
    )
