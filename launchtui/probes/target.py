"""What to probe: the site's URL and how to reach it (host pins, name server, extra CA, limits)."""

from __future__ import annotations

import functools
import ipaddress
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


class TargetError(ValueError):
    """A target URL or option that cannot be used; the message is one line for the user."""


def trust_context(ca_bundle: Path | None) -> ssl.SSLContext:
    """A verifying client context, as a browser would verify: the system trust store, plus the
    ``--ca-bundle`` CA certificates when given."""
    context = ssl.create_default_context()
    if ca_bundle is not None:
        context.load_verify_locations(cafile=str(ca_bundle))
    return context


def check_ca_bundle_path(bundle: Path) -> None:
    """Refuse a ``--ca-bundle`` that is a folder or missing, naming which (``TargetError``)."""
    if bundle.is_dir():
        raise TargetError(
            f"--ca-bundle {bundle}: is a folder; give the PEM file of the CA certificates"
        )
    if not bundle.is_file():
        raise TargetError(f"--ca-bundle {bundle}: no such file")


@functools.cache
def _public_suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList  # bundles the list; never downloads

    return PublicSuffixList(only_icann=False)


@functools.cache
def registrable_domain(host: str) -> str | None:
    """The registrable domain of ``host`` by the Public Suffix List (``shop.example.co.uk`` →
    ``example.co.uk``), None when ``host`` is a public suffix itself or a single label. Names of
    two labels are their own registrable domain without loading the list (``good.test``)."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) < 2:
        return None
    if len(labels) == 2 and labels[0] != "www":
        return host.lower()
    suffix: str | None = _public_suffixes().privatesuffix(host.lower())
    return suffix


def url_host(url: str) -> str:
    """The host of ``url``, lower case, without port (``""`` when it has none)."""
    return (urlsplit(url).hostname or "").lower()


# A scheme followed by something that is not a port number ("host:8443" has no scheme).
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(?!\d*(?:[/?#]|$))")


def normalize_url(text: str) -> str:
    """Validate a site URL and return it in canonical form (``https://host[:port]/path``).

    A bare host name gets ``https://``. Raises :class:`TargetError` with a one-line reason.
    """
    text = text.strip()
    if not text:
        raise TargetError("the URL is empty")
    if any(c.isspace() for c in text):
        raise TargetError("the URL contains a space or a line break (write a space as %20)")
    if not text.isprintable():
        raise TargetError("the URL contains a control or invisible character")
    scheme = _SCHEME.match(text)
    if scheme is not None and "://" not in text:
        # "javascript:alert(1)", "mailto:x": a scheme without "//", not a host and a port.
        raise TargetError(
            f"the URL must start with https:// or http://, not {scheme.group(1).lower()}:"
        )
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise TargetError(f"not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise TargetError(f"the URL must start with https:// or http://, not {parts.scheme}://")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise TargetError("the URL has no host name")
    if not host.isascii():
        # An IDN host becomes its A-label (xn--…), the form httpx, DNS, certificates and
        # redirects use, so the target's own hosts match what the site sends back.
        import idna  # a dependency of httpx, which encodes hosts the same way

        try:
            host = idna.encode(host).decode("ascii")
        except idna.IDNAError as exc:
            raise TargetError(f"{host!r} is not a valid host name ({exc})") from exc
    if not all(label and len(label) < 64 for label in host.split(".")):
        raise TargetError(f"{host!r} is not a valid host name")
    if parts.username or parts.password:
        raise TargetError("the URL must not carry a user name or password")
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


MAX_REDIRECT_LINES = 20


def parse_redirects(text: str, where: str) -> tuple[tuple[str, str], ...]:
    """The ``OLD_URL NEW_URL`` lines of a ``--redirects`` file (blank lines and ``#`` comments
    skipped), each URL http(s); :class:`TargetError` naming ``where`` and the line if not."""
    pairs: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise TargetError(f"{where}:{number}: want 'OLD_URL NEW_URL', got {line[:80]!r}")
        try:
            old, new = (normalize_url(part) for part in parts)
        except TargetError as exc:
            raise TargetError(f"{where}:{number}: {exc}") from None
        if "://" not in parts[0] or "://" not in parts[1]:
            raise TargetError(f"{where}:{number}: both URLs must start with http:// or https://")
        pairs.append((old, new))
    if len(pairs) > MAX_REDIRECT_LINES:
        raise TargetError(
            f"{where}: {len(pairs)} redirects, at most {MAX_REDIRECT_LINES} are checked in a run"
        )
    return tuple(pairs)


def parse_resolve(spec: str) -> tuple[str, str]:
    """``HOST:ADDR`` (curl's ``--resolve`` without the port) → (host, address)."""
    host, sep, addr = spec.rpartition(":") if spec.count(":") == 1 else spec.partition(":")
    addr = addr.strip("[]")
    if not sep or not host or not addr:
        raise TargetError(f"--resolve wants HOST:ADDR, got {spec!r}")
    try:
        ipaddress.ip_address(addr)
    except ValueError as exc:
        raise TargetError(f"--resolve {spec!r}: {addr!r} is not an IP address") from exc
    return host.lower().rstrip("."), addr


def parse_nameserver(spec: str) -> tuple[str, int]:
    """``ADDR`` or ``ADDR:PORT`` (IPv6 as ``[ADDR]:PORT``) → (address, port)."""
    addr, port = spec, 53
    if spec.startswith("["):
        addr, _, rest = spec[1:].partition("]")
        if rest:
            port = _port(rest.removeprefix(":"), spec)
    elif spec.count(":") == 1:
        addr, port_text = spec.split(":")
        port = _port(port_text, spec)
    try:
        ipaddress.ip_address(addr)
    except ValueError as exc:
        raise TargetError(f"--nameserver {spec!r}: {addr!r} is not an IP address") from exc
    return addr, port


def _port(text: str, spec: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise TargetError(f"{spec!r}: {text!r} is not a port number")
    return int(text)


@dataclass(frozen=True)
class Target:
    """A site to probe and the rules for reaching it."""

    url: str
    resolve: Mapping[str, str] = field(default_factory=dict)
    nameserver: tuple[str, int] | None = None
    ca_bundle: Path | None = None
    http_url: str | None = None
    timeout: float = 10.0
    deadline: float = 120.0
    max_requests: int = 60
    max_body: int = 2_000_000
    max_redirects: int = 10
    # (old URL, new URL) pairs of --redirects: the one place probes leave the target's hosts,
    # one request to each old URL, never followed.
    redirects: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", normalize_url(self.url))
        if self.http_url is not None:
            object.__setattr__(self, "http_url", normalize_url(self.http_url))
        pins = {host.lower().rstrip("."): addr for host, addr in self.resolve.items()}
        object.__setattr__(self, "resolve", pins)
        if self.http_url is not None:
            # Probes never leave the site's own hosts; a typo here must not send them elsewhere.
            http_host = url_host(self.http_url)
            if http_host not in self.own_hosts:
                raise TargetError(
                    f"--http-url {self.http_url}: {http_host} is not one of the target's own "
                    f"hosts ({', '.join(sorted(self.own_hosts))})"
                )
        if self.ca_bundle is not None:
            check_ca_bundle_path(Path(self.ca_bundle))
            try:
                ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(self.ca_bundle)
            except (ssl.SSLError, OSError, ValueError):
                raise TargetError(
                    f"--ca-bundle {self.ca_bundle}: no PEM CA certificate could be read from it"
                ) from None

    @property
    def host(self) -> str:
        """The target's host name, lower case, without port."""
        return url_host(self.url)

    @property
    def port(self) -> int:
        """The HTTPS (or HTTP, for an http:// target) port."""
        parts = urlsplit(self.url)
        return parts.port or (443 if parts.scheme == "https" else 80)

    @property
    def apex(self) -> str:
        """The bare name of the site's www/apex pair: the host without a leading ``www.``, unless
        what is left is a public suffix (``www.co.uk`` stays itself)."""
        rest = self.host.removeprefix("www.")
        domain = registrable_domain(self.host) if rest != self.host else None
        if domain is not None and (rest == domain or rest.endswith("." + domain)):
            return rest
        return self.host

    @property
    def www_host(self) -> str:
        """The ``www.`` twin of the apex."""
        return "www." + self.apex

    @property
    def has_twin(self) -> bool:
        """Whether the site has a www/apex twin: the host is a registrable domain (by the Public
        Suffix List: ``example.co.uk``) or its ``www.`` name. A deeper subdomain such as
        ``shop.example.co.uk`` has none; ``www.shop.example.co.uk`` and ``shop.…`` are twins."""
        if self.is_ip:
            return False
        return self.host != self.apex or registrable_domain(self.host) == self.host

    @property
    def api_host(self) -> str:
        """The ``api.`` subdomain of the apex."""
        return "api." + self.apex

    @property
    def is_ip(self) -> bool:
        """Whether the target is an IP address rather than a name (no DNS to check)."""
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return False
        return True

    @property
    def own_hosts(self) -> frozenset[str]:
        """The only hosts a probe may contact: the host, its www/apex twin and its api subdomain."""
        if self.is_ip:
            return frozenset({self.host})
        if not self.has_twin:
            return frozenset({self.host, self.api_host})
        return frozenset({self.host, self.apex, self.www_host, self.api_host})

    @property
    def plain_http_url(self) -> str:
        """Where plain HTTP is expected: ``--http-url``, an http:// target, or ``http://host/``."""
        if self.http_url:
            return self.http_url
        if urlsplit(self.url).scheme == "http":
            return self.url  # the site already answers plain HTTP here, on its own port
        netloc = self.host if ":" not in self.host else f"[{self.host}]"
        return f"http://{netloc}/"
