"""Cookie flags from raw ``Set-Cookie`` headers, and the verdicts on Django's two cookies.

``http.cookies.SimpleCookie`` silently drops whole cookies it finds odd (Partitioned, spaces,
JSON values), so a small tolerant parser reads the raw header lines instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from launchtui.probes.http.client import Response
from launchtui.probes.model import Finding, Verdict


@dataclass(frozen=True, slots=True)
class SetCookie:
    """One ``Set-Cookie`` header line: the cookie, its attributes, and where it came from."""

    name: str
    value: str
    secure: bool
    http_only: bool
    same_site: str | None  # as sent, e.g. "Lax"; None when absent
    max_age: str | None
    expires: str | None
    source_url: str

    @property
    def is_deletion(self) -> bool:
        """Whether this line removes the cookie (Max-Age ≤ 0 or an expiry in the past).

        Django deletes a cookie without the Secure flag even when SESSION_COOKIE_SECURE is set,
        so deletions say nothing about the setting and are not judged.
        """
        if self.max_age is not None:
            try:
                return int(self.max_age) <= 0
            except ValueError:
                return False
        if self.expires:
            try:
                when = parsedate_to_datetime(self.expires)
            except (TypeError, ValueError, IndexError):
                return False
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            return when < dt.datetime.now(dt.UTC)
        return False

    @property
    def flags(self) -> str:
        """``Secure; HttpOnly; SameSite=Lax`` as seen, for evidence."""
        parts = ["Secure" if self.secure else "no Secure"]
        parts.append("HttpOnly" if self.http_only else "no HttpOnly")
        parts.append(f"SameSite={self.same_site}" if self.same_site else "no SameSite")
        return ", ".join(parts)


def parse_set_cookie(line: str, source_url: str = "") -> SetCookie | None:
    """Parse one raw ``Set-Cookie`` value; None when it has no cookie name."""
    first, *attributes = line.split(";")
    name, sep, value = first.partition("=")
    name = name.strip()
    if not sep or not name:
        return None
    attrs: dict[str, str] = {}
    for attribute in attributes:
        key, _, arg = attribute.partition("=")
        attrs.setdefault(key.strip().lower(), arg.strip())
    return SetCookie(
        name=name,
        value=value.strip(),
        secure="secure" in attrs,
        http_only="httponly" in attrs,
        same_site=attrs.get("samesite") or None,
        max_age=attrs.get("max-age"),
        expires=attrs.get("expires"),
        source_url=source_url,
    )


def cookies_from(responses: Iterable[Response]) -> list[SetCookie]:
    """Every cookie set by ``responses`` (deletions included; see :attr:`SetCookie.is_deletion`)."""
    found = []
    for response in responses:
        for line in response.headers.get_list("set-cookie"):
            cookie = parse_set_cookie(line, response.url)
            if cookie is not None:
                found.append(cookie)
    return found


def _worst(
    cookies: list[SetCookie], name: str, *, judge_http_only: bool = True
) -> tuple[SetCookie | None, int]:
    """The least protected live cookie named ``name``, and how many deletions were skipped.

    Several pages may set the cookie; one without Secure is enough to expose it. Only the flags
    the item judges rank the cookies (HttpOnly is not judged on csrftoken), so a flag that does
    not count cannot hide one that does.
    """
    named = [c for c in cookies if c.name == name]
    live = [c for c in named if not c.is_deletion]
    live.sort(
        key=lambda c: (c.secure, c.http_only or not judge_http_only, _same_site_problem(c) is None)
    )
    return (live[0] if live else None), len(named) - len(live)


def _not_seen(
    item: str, probe: str, name: str, pages: int, deletions: int, setting: str
) -> Finding:
    why = f"no {name} cookie set on the {pages} responses probed"
    if deletions:
        why += f" (only {deletions} deletion(s), which never carry the flags)"
    return Finding(
        item,
        Verdict.UNKNOWN,
        why,
        probe,
        detail=(
            f"Without the cookie there is no evidence about {setting}. Django sets {name} only "
            "on some pages (forms, logins) or under another name (see the *_COOKIE_NAME "
            "settings); check the setting in code or log in with a browser and inspect it."
        ),
    )


def _same_site_problem(cookie: SetCookie) -> str | None:
    if cookie.same_site is None:
        return "no SameSite attribute"
    if cookie.same_site.lower() not in ("lax", "strict"):
        return f"SameSite={cookie.same_site} lets other sites send it"
    return None


def probe_csrf_cookie(cookies: list[SetCookie], pages: int) -> Finding:
    """settings-csrf-cookie-secure: ``csrftoken`` carries Secure (and SameSite)."""
    item, probe = "settings-csrf-cookie-secure", "http.cookies"
    cookie, deletions = _worst(cookies, "csrftoken", judge_http_only=False)
    if cookie is None:
        return _not_seen(item, probe, "csrftoken", pages, deletions, "CSRF_COOKIE_SECURE")
    where = f"csrftoken from {cookie.source_url}: {cookie.flags}"
    detail = "HttpOnly is not needed on csrftoken (Django's JavaScript recipe reads it)."
    if not cookie.secure:
        return Finding(
            item,
            Verdict.FAIL,
            f"{where} — would travel over plain HTTP",
            probe,
            detail="Set CSRF_COOKIE_SECURE = True. " + detail,
        )
    if (problem := _same_site_problem(cookie)) is not None:
        return Finding(
            item,
            Verdict.WARN,
            f"{where} — {problem}",
            probe,
            detail="Keep CSRF_COOKIE_SAMESITE = 'Lax' (the default). " + detail,
        )
    return Finding(item, Verdict.PASS, where, probe, detail=detail)


def probe_session_cookie(cookies: list[SetCookie], pages: int) -> Finding:
    """settings-session-cookie-secure: ``sessionid`` carries Secure, HttpOnly and SameSite."""
    item, probe = "settings-session-cookie-secure", "http.cookies"
    cookie, deletions = _worst(cookies, "sessionid")
    if cookie is None:
        return _not_seen(item, probe, "sessionid", pages, deletions, "SESSION_COOKIE_SECURE")
    where = f"sessionid from {cookie.source_url}: {cookie.flags}"
    if not cookie.secure:
        return Finding(
            item,
            Verdict.FAIL,
            f"{where} — would travel over plain HTTP",
            probe,
            detail="Set SESSION_COOKIE_SECURE = True.",
        )
    if not cookie.http_only:
        return Finding(
            item,
            Verdict.FAIL,
            f"{where} — readable by JavaScript",
            probe,
            detail="Keep SESSION_COOKIE_HTTPONLY = True (the default).",
        )
    if (problem := _same_site_problem(cookie)) is not None:
        return Finding(
            item,
            Verdict.WARN,
            f"{where} — {problem}",
            probe,
            detail="Keep SESSION_COOKIE_SAMESITE = 'Lax' (the default).",
        )
    return Finding(item, Verdict.PASS, where, probe)
