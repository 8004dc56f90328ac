"""CORS as a foreign site's browser sees it: send an ``Origin`` from elsewhere, read the grant.

The dangerous setups are the ones that let any site read *authenticated* responses: the origin
reflected back with ``Access-Control-Allow-Credentials: true`` (django-cors-headers with
CORS_ALLOW_ALL_ORIGINS and CORS_ALLOW_CREDENTIALS), or ``*``/``null`` with credentials.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from launchtui.probes.http.client import Fetch
from launchtui.probes.model import Finding, Verdict

FOREIGN_ORIGIN = "https://launchtui-cors-check.example"
# What sandboxed iframes, data: and file: documents send: any site can make a request carry it.
NULL_ORIGIN = "null"


class CorsGrant(Enum):
    """What one answer granted the foreign origin."""

    NONE = "none"
    PUBLIC = "public"  # "*" without credentials: fine for public data
    REFLECTED = "reflected"  # our origin echoed, no credentials
    CREDENTIALED = "credentialed"  # any origin may read authenticated responses


@dataclass(frozen=True, slots=True)
class CorsAnswer:
    """The CORS headers of one probe request."""

    label: str
    status: int
    allow_origin: str | None
    allow_credentials: bool

    @property
    def grant(self) -> CorsGrant:
        """Classify the grant, worst reading first."""
        origin = (self.allow_origin or "").strip()
        if not origin:
            return CorsGrant.NONE
        if self.allow_credentials and origin in (FOREIGN_ORIGIN, "*", NULL_ORIGIN):
            return CorsGrant.CREDENTIALED
        if origin in (FOREIGN_ORIGIN, NULL_ORIGIN):
            return CorsGrant.REFLECTED
        if origin == "*":
            return CorsGrant.PUBLIC
        return CorsGrant.NONE  # restricted to specific other origins

    def describe(self) -> str:
        """``GET / → 200, Access-Control-Allow-Origin: …`` for evidence."""
        shown = (
            f"Access-Control-Allow-Origin: {self.allow_origin}"
            if self.allow_origin
            else ("no Access-Control-Allow-Origin")
        )
        if self.allow_credentials:
            shown += ", Access-Control-Allow-Credentials: true"
        return f"{self.label} → {self.status}, {shown}"


def cors_answers(fetches: list[tuple[str, Fetch]]) -> list[CorsAnswer]:
    """The CORS headers of each labelled probe request that got an answer."""
    answers = []
    for label, fetch in fetches:
        final = fetch.final
        if final is None:
            continue
        answers.append(
            CorsAnswer(
                label=label,
                status=final.status,
                allow_origin=final.headers.get("access-control-allow-origin"),
                allow_credentials=final.headers.get("access-control-allow-credentials", "")
                .strip()
                .lower()
                == "true",
            )
        )
    return answers


def probe_cors(fetches: list[tuple[str, Fetch]]) -> Finding:
    """settings-cors: a foreign origin is never granted credentialed access."""
    item, probe = "settings-cors", "http.cors"
    answers = cors_answers(fetches)
    if not answers:
        reasons = "; ".join(f"{label}: {fetch.reason}" for label, fetch in fetches)
        return Finding(item, Verdict.UNKNOWN, f"no CORS probe answered ({reasons})", probe)
    detail = "\n".join(a.describe() for a in answers) + (
        f"\nEach request carried Origin: {FOREIGN_ORIGIN}, or Origin: null where it says so "
        "(sent by sandboxed iframes and local files, so any site can use it)."
    )
    advice = (
        "With django-cors-headers list exact origins in CORS_ALLOWED_ORIGINS; never combine "
        "CORS_ALLOW_ALL_ORIGINS (or a reflected origin) with CORS_ALLOW_CREDENTIALS."
    )
    worst = max(answers, key=lambda a: list(CorsGrant).index(a.grant))
    if worst.grant is CorsGrant.CREDENTIALED:
        return Finding(
            item,
            Verdict.FAIL,
            f"{worst.describe()}: any site can read authenticated responses",
            probe,
            detail=detail + "\n" + advice,
        )
    if worst.grant is CorsGrant.REFLECTED:
        return Finding(
            item,
            Verdict.WARN,
            f"{worst.describe()}: every origin is echoed back (no credentials)",
            probe,
            detail=detail + "\n" + advice,
        )
    if not any(200 <= a.status < 300 for a in answers):
        return Finding(
            item,
            Verdict.UNKNOWN,
            "no CORS probe reached a page: "
            + ", ".join(f"{a.label} → {a.status}" for a in answers),
            probe,
            detail=detail + "\nA redirect, firewall or error answer says nothing about the "
            "CORS rules of the site behind it.",
        )
    if worst.grant is CorsGrant.PUBLIC:
        return Finding(
            item, Verdict.PASS, f"{worst.describe()}: public, without credentials", probe, detail
        )
    return Finding(
        item,
        Verdict.PASS,
        f"neither a foreign Origin nor Origin: null got a CORS grant ({len(answers)} answers, "
        f"{len({a.label.removesuffix(' (Origin: null)') for a in answers})} URLs)",
        probe,
        detail=detail + "\nOther API paths may have their own CORS rules; these were probed.",
    )
