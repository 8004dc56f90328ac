"""How to reach a target, apart from its URL: the options ``probe`` and the TUI share.

Kept free of heavy imports (no asyncio, httpx or sslyze): the main parser adds these options for
the TUI, and ``launchtui --help`` must stay fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchtui.catalog import PROBE_FAMILIES
from launchtui.probes.target import (
    Target,
    TargetError,
    check_ca_bundle_path,
    parse_nameserver,
    parse_redirects,
    parse_resolve,
)

SITE_FAMILIES = PROBE_FAMILIES
"""The families that probe the live site (``launchtui probe``, and ``p`` with a target)."""
PROJECT_FAMILY = "project"
"""The checks made from inside the Django project (``launchtui project``, and ``p`` with one)."""
FAMILIES = (*SITE_FAMILIES, PROJECT_FAMILY)


def parse_families(text: str) -> tuple[str, ...]:
    """``"http,tls"`` → ``("http", "tls")``; ``ValueError`` naming an unknown family."""
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in FAMILIES]
    if unknown or not names:
        wanted = ", ".join(unknown) or repr(text)
        raise ValueError(f"unknown probe family {wanted} (use {','.join(FAMILIES)})")
    return names


@dataclass(frozen=True)
class ProbeOptions:
    """Host pins, name server, extra CA, plain-HTTP location, timeout and families of a run."""

    resolve: Mapping[str, str] = field(default_factory=dict)
    nameserver: tuple[str, int] | None = None
    ca_bundle: Path | None = None
    http_url: str | None = None
    timeout: float = 10.0
    families: tuple[str, ...] = FAMILIES
    redirects: tuple[tuple[str, str], ...] = ()

    @property
    def site_families(self) -> tuple[str, ...]:
        """The chosen families that probe the site (all but the project's)."""
        return tuple(f for f in self.families if f in SITE_FAMILIES)

    def target(self, url: str) -> Target:
        """The :class:`Target` for ``url`` under these options (``TargetError`` if unusable)."""
        return Target(
            url,
            resolve=self.resolve,
            nameserver=self.nameserver,
            ca_bundle=self.ca_bundle,
            http_url=self.http_url,
            timeout=self.timeout,
            redirects=self.redirects,
        )


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 300 seconds")
    return value


def add_target_arguments(parser: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """Add the options that say how to reach a target (``--only``, ``--resolve``, …).

    With ``suppress``, an option left out does not override the same option of a parent parser:
    ``launchtui --resolve H:A probe URL`` and ``launchtui probe URL --resolve H:A`` agree.
    """

    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--only",
        default=default(",".join(FAMILIES)),
        metavar="FAMILIES",
        help=f"comma-separated probe families to run (default: {','.join(FAMILIES)})",
    )
    parser.add_argument(
        "--resolve",
        action="append",
        default=default([]),
        metavar="HOST:ADDR",
        help="connect to ADDR for HOST, never asking DNS (repeatable)",
    )
    parser.add_argument(
        "--nameserver",
        default=default(None),
        metavar="ADDR[:PORT]",
        help="DNS server for every lookup of a probe run",
    )
    parser.add_argument(
        "--ca-bundle",
        type=Path,
        default=default(None),
        metavar="PEM",
        help="also trust the CA certificates in PEM",
    )
    parser.add_argument(
        "--http-url",
        default=default(None),
        metavar="URL",
        help="where plain HTTP lives if not http://host/",
    )
    parser.add_argument(
        "--redirects",
        type=Path,
        default=default(None),
        metavar="FILE",
        help="lines 'OLD_URL NEW_URL': each old URL must answer 301/308 to its new one",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=default(10.0),
        metavar="S",
        help="per-request timeout in seconds (default 10)",
    )


def options_from_args(args: argparse.Namespace) -> ProbeOptions:
    """The :class:`ProbeOptions` parsed arguments describe (``TargetError``, one line, if bad)."""
    try:
        families = parse_families(args.only)
    except ValueError as exc:
        raise TargetError(f"--only: {exc}") from None
    ca_bundle = args.ca_bundle
    if ca_bundle is not None:
        check_ca_bundle_path(Path(ca_bundle))
    redirects: tuple[tuple[str, str], ...] = ()
    if (path := getattr(args, "redirects", None)) is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8"
            raise TargetError(f"--redirects {path}: {reason}") from None
        redirects = parse_redirects(text, f"--redirects {path}")
    return ProbeOptions(
        redirects=redirects,
        resolve=dict(parse_resolve(spec) for spec in args.resolve),
        nameserver=parse_nameserver(args.nameserver) if args.nameserver else None,
        ca_bundle=ca_bundle,
        http_url=args.http_url,
        timeout=args.timeout,
        families=families,
    )
