"""What the answers reveal about the machines behind the site: server software, Cloudflare."""

from __future__ import annotations

import re
from collections.abc import Iterable

from launchtui.probes.http.client import Response
from launchtui.probes.model import Finding, Verdict

VERSION = re.compile(r"\d+\.\d+")
OPERATING_SYSTEM = re.compile(
    r"\b(ubuntu|debian|centos|red ?hat|rhel|fedora|alpine|amazon ?linux|win32|win64|freebsd)\b",
    re.IGNORECASE,
)
REVEALING_HEADERS = ("server", "x-powered-by", "x-aspnet-version", "x-generator")


def software_headers(seen: Iterable[Response]) -> dict[str, str]:
    """Distinct ``Header: value`` strings naming server software, in the order first seen."""
    found: dict[str, str] = {}
    for response in seen:
        for name in REVEALING_HEADERS:
            for value in response.headers.get_list(name):
                found.setdefault(f"{name}: {value.strip()}", response.url)
    return found


def probe_server_version(seen: list[Response]) -> Finding:
    """server-os-version: a header that names versions or the OS is a lead, not a verdict.

    No outside probe can tell whether the OS is current. A version in a header is worth a
    warning (it advertises what to attack, and often shows an old distribution package); no
    version at all is unknown, never a pass.
    """
    item, probe = "server-os-version", "http.server-header"
    if not seen:
        return Finding(item, Verdict.UNKNOWN, "no answer from the site", probe)
    headers = software_headers(seen)
    leaks = [h for h in headers if VERSION.search(h) or OPERATING_SYSTEM.search(h)]
    detail = "\n".join(f"{h} (from {url})" for h, url in headers.items())
    if leaks:
        return Finding(
            item,
            Verdict.WARN,
            f"{leaks[0]} reveals versions; check they are current",
            probe,
            detail=(
                detail + "\nHide versions (nginx: server_tokens off) and confirm the OS "
                "release with cat /etc/os-release or the Docker base image tag."
            ),
        )
    shown = ", ".join(headers) or "no Server header"
    return Finding(
        item,
        Verdict.UNKNOWN,
        f"{shown} — no version shown, so the OS age cannot be judged from outside",
        probe,
        detail=(detail + "\n" if detail else "")
        + "Hiding versions is good practice; check the OS release on the server itself.",
    )


def cloudflare_seen(seen: Iterable[Response]) -> bool:
    """Whether any answer came through Cloudflare (``cf-ray`` or ``server: cloudflare``)."""
    return any(
        "cf-ray" in r.headers or r.headers.get("server", "").strip().lower() == "cloudflare"
        for r in seen
    )
