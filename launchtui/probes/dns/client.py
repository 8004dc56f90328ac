"""Ask DNS questions with bounded waits and get plain answers back (no exceptions to catch).

The resolver is the one the user names with ``--nameserver``, else the system's configured one —
real users have no ``--nameserver`` — set up by :func:`launchtui.probes.resolve.dns_resolver`, the
same one the other families' address lookups use. dnspython's asyncio resolver is used, so dozens
of lookups run concurrently without taking threads from the TLS scan.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from launchtui.probes.resolve import dns_resolver

if TYPE_CHECKING:
    from launchtui.probes.target import Target


class Outcome(StrEnum):
    """What a lookup came back with."""

    ANSWER = "answer"
    NODATA = "no data"  # the name exists, without records of this type
    NXDOMAIN = "NXDOMAIN"  # the name does not exist
    ERROR = "error"  # timeout, SERVFAIL, refused…: nothing is known


@dataclass(frozen=True)
class DnsAnswer:
    """One lookup's result: the records (as text), their TTL and the CNAME chain followed."""

    name: str
    rdtype: str
    outcome: Outcome
    records: tuple[str, ...] = ()
    ttl: int | None = None  # the longest TTL on the way: how long a change can take to be seen
    cnames: tuple[str, ...] = ()  # every CNAME target on the way, in order
    authoritative: bool = False  # the AA flag: the TTL is the zone's, not a cache's countdown
    reason: str = ""

    @property
    def exists(self) -> bool | None:
        """Whether the name exists (``None`` when the lookup failed)."""
        if self.outcome is Outcome.ERROR:
            return None
        return self.outcome is not Outcome.NXDOMAIN

    @property
    def found(self) -> bool:
        """Whether records of the asked type came back."""
        return self.outcome is Outcome.ANSWER

    def describe(self) -> str:
        """One line for a finding's detail: ``www.example.org A → 192.0.2.1 (TTL 300 s)``."""
        head = f"{self.name} {self.rdtype}"
        chain = "".join(f" → CNAME {c}" for c in self.cnames)
        if self.outcome is Outcome.ANSWER:
            ttl = f" (TTL {self.ttl} s)" if self.ttl is not None else ""
            return f"{head}{chain} → {', '.join(self.records)}{ttl}"
        if self.outcome is Outcome.ERROR:
            return f"{head}{chain}: lookup failed ({self.reason})"
        return f"{head}{chain}: {self.outcome.value}"


def _text(rdata: object) -> str:
    strings = getattr(rdata, "strings", None)
    if strings is not None:
        # A TXT value longer than 255 bytes arrives as several strings: they form one value.
        return b"".join(strings).decode("utf-8", errors="replace")
    # Names lose their final dot; a null MX ("0 .") becomes just "0".
    return str(rdata).rstrip(".").strip()


def resolver_description(target: Target) -> str:
    """Which resolver answers, for evidence: ``127.0.0.1:5353`` or ``the system resolver``."""
    if target.nameserver is None:
        return "the system resolver"
    addr, port = target.nameserver
    shown = f"[{addr}]" if ":" in addr else addr
    return f"{shown}:{port}" if port != 53 else shown


class DnsClient:
    """Runs lookups for one probe run, each bounded by the target's timeout and the deadline."""

    def __init__(self, target: Target, time_left: Callable[[], float]) -> None:
        """Raises ``dns.resolver.NoResolverConfiguration`` (see :func:`dns_resolver`)."""
        self.target = target
        self._time_left = time_left
        self.resolver = dns_resolver(target)

    def lifetime(self) -> float:
        """How long the next lookup may take: the target's timeout, within the run's deadline."""
        return max(min(self.target.timeout, self._time_left() - 0.5), 0.05)

    async def lookup(self, name: str, rdtype: str) -> DnsAnswer:
        """Ask for ``rdtype`` records of ``name``; never raises for DNS or network trouble."""
        import dns.exception
        import dns.flags
        import dns.rdatatype
        import dns.resolver

        name = name.rstrip(".").lower()
        lifetime = self.lifetime()
        try:
            answer = await self.resolver.resolve(
                name, rdtype, search=False, raise_on_no_answer=False, lifetime=lifetime
            )
        except dns.resolver.NXDOMAIN as exc:
            chain = _chain_of_nxdomain(exc, name)
            return DnsAnswer(name, rdtype, Outcome.NXDOMAIN, cnames=chain)
        except dns.resolver.LifetimeTimeout:
            reason = f"timed out after {lifetime:.1f} s"
            return DnsAnswer(name, rdtype, Outcome.ERROR, reason=reason)
        except dns.resolver.NoNameservers as exc:
            return DnsAnswer(name, rdtype, Outcome.ERROR, reason=_servfail_reason(exc))
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            return DnsAnswer(name, rdtype, Outcome.ERROR, reason=f"{type(exc).__name__}: {exc}")
        response = answer.response
        chain = tuple(
            _text(rdata)
            for rrset in response.answer
            if rrset.rdtype == dns.rdatatype.CNAME and rdtype != "CNAME"
            for rdata in rrset
        )
        authoritative = bool(response.flags & dns.flags.AA)
        if answer.rrset is None:
            return DnsAnswer(
                name, rdtype, Outcome.NODATA, cnames=chain, authoritative=authoritative
            )
        records = tuple(sorted(_text(rdata) for rdata in answer.rrset))
        return DnsAnswer(
            name,
            rdtype,
            Outcome.ANSWER,
            records=records,
            ttl=max(rrset.ttl for rrset in response.answer),
            cnames=chain,
            authoritative=authoritative,
        )

    async def zone_of(self, name: str) -> tuple[str | None, str]:
        """The DNS zone that holds ``name`` (found by SOA), or ``None`` with the reason."""
        import dns.asyncresolver
        import dns.exception

        lifetime = self.lifetime()
        try:
            zone = await dns.asyncresolver.zone_for_name(
                name, resolver=self.resolver, lifetime=lifetime
            )
        except dns.exception.Timeout:
            return None, f"timed out after {lifetime:.1f} s"
        except dns.resolver.NoNameservers as exc:
            return None, _servfail_reason(exc)
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            return None, f"{type(exc).__name__}: {exc}"
        return zone.to_text().rstrip(".").lower(), ""

    async def ask_server(self, server: str, name: str, rdtype: str) -> DnsAnswer:
        """Ask one server directly, without recursion (used to read a zone's real TTLs).

        The port is 53, or ``--nameserver``'s port when one is given: a lab setup that serves its
        resolver on a custom port serves its authoritative servers there too.
        """
        import dns.asyncquery
        import dns.exception
        import dns.flags
        import dns.message
        import dns.rcode

        port = self.target.nameserver[1] if self.target.nameserver else 53
        query = dns.message.make_query(name, rdtype)
        query.flags &= ~dns.flags.RD
        timeout = max(min(self.resolver.timeout, self._time_left() - 0.5), 0.05)
        try:
            response = await dns.asyncquery.udp(query, server, timeout=timeout, port=port)
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            reason = "timed out" if isinstance(exc, dns.exception.Timeout) else str(exc)
            return DnsAnswer(name, rdtype, Outcome.ERROR, reason=f"{server}: {reason}")
        if response.rcode() != dns.rcode.NOERROR or not response.flags & dns.flags.AA:
            return DnsAnswer(
                name,
                rdtype,
                Outcome.ERROR,
                reason=f"{server} answered {dns.rcode.to_text(response.rcode())}"
                + ("" if response.flags & dns.flags.AA else " without authority"),
            )
        wanted = dns.rdatatype.from_text(rdtype)
        for rrset in response.answer:
            if rrset.rdtype in (wanted, dns.rdatatype.CNAME):
                records = tuple(sorted(_text(r) for r in rrset))
                return DnsAnswer(
                    name, rdtype, Outcome.ANSWER, records, rrset.ttl, authoritative=True
                )
        return DnsAnswer(name, rdtype, Outcome.NODATA, authoritative=True)


def _chain_of_nxdomain(exc: Exception, name: str) -> tuple[str, ...]:
    try:
        canonical = exc.canonical_name.to_text().rstrip(".").lower()  # type: ignore[attr-defined]
    except Exception:  # dnspython raises when it has no answer to take the name from
        return ()
    return () if canonical == name else (canonical,)


def _servfail_reason(exc: Exception) -> str:
    errors = getattr(exc, "kwargs", {}).get("errors") or []
    answers = {str(error[3]) for error in errors if len(error) > 3 and error[3]}
    if answers:
        return "the name server answered " + ", ".join(sorted(answers))
    return "no name server could answer"


async def gather_lookups(
    client: DnsClient, questions: list[tuple[str, str]]
) -> dict[tuple[str, str], DnsAnswer]:
    """Run ``(name, type)`` lookups concurrently; the result is keyed by the question."""
    unique = list(dict.fromkeys((n.rstrip(".").lower(), t) for n, t in questions))
    answers = await asyncio.gather(*(client.lookup(n, t) for n, t in unique))
    return dict(zip(unique, answers, strict=True))
