"""A small, correct DNS server on loopback for the DNS probe tests.

dnslib's stock ``ZoneResolver`` answers NXDOMAIN where a name exists without the asked type, leaves
the SOA out of negative answers and does not follow CNAMEs, so a probe tested against it could be
right for the wrong reasons. :class:`ZoneResolver` here answers like a real server:

- NOERROR with the records, following CNAMEs inside its data (the chain comes first);
- NOERROR/NODATA with the zone's SOA for a name that exists (or is an empty non-terminal) without
  the asked type;
- NXDOMAIN with the zone's SOA for a missing name inside a zone it serves, REFUSED outside them;
- wildcards (``*.parent``) answering for missing names one label below their parent;
- TTLs exactly as configured, and TXT values split into 255-byte strings.

Names can also be made to fail: SERVFAIL for some, no answer at all (a timeout) for others.
``authoritative=False`` clears the AA flag and lowers TTLs, like a caching resolver would.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from dnslib import AAAA, CAA, CNAME, MX, NS, QTYPE, RCODE, RR, SOA, TXT, A, DNSError, DNSLabel
from dnslib.server import DNSLogger, DNSServer


def _key(name: str | DNSLabel) -> str:
    return str(name).lower().rstrip(".")


@dataclass(frozen=True)
class Record:
    """One resource record: ``name``, ``rtype`` (``"A"``, ``"TXT"``…), presentation ``value``."""

    name: str
    rtype: str
    value: str
    ttl: int = 300


def _rdata(rtype: str, value: str) -> object:
    if rtype == "A":
        return A(value)
    if rtype == "AAAA":
        return AAAA(value)
    if rtype == "CNAME":
        return CNAME(value)
    if rtype == "NS":
        return NS(value)
    if rtype == "MX":
        preference, exchange = value.split()
        return MX(exchange, int(preference))
    if rtype == "TXT":
        raw = value.encode()
        # One TXT string holds at most 255 bytes; longer values travel as several strings.
        return TXT([raw[i : i + 255] for i in range(0, len(raw), 255)] or [b""])
    if rtype == "CAA":
        flags, tag, text = value.split(maxsplit=2)
        return CAA(int(flags), tag, text.strip('"'))
    raise ValueError(f"unsupported record type {rtype}")


@dataclass
class Zone:
    """A zone: its origin, its SOA and its records (names relative to nothing: write them whole)."""

    origin: str
    records: list[Record] = field(default_factory=list)
    soa_minimum: int = 60

    def add(self, name: str, rtype: str, value: str, ttl: int = 300) -> Zone:
        """Add a record and return the zone (for chaining)."""
        self.records.append(Record(_key(name), rtype, value, ttl))
        return self


class ZoneResolver:
    """Answers queries from a set of zones the way an authoritative server (or a cache) would."""

    def __init__(
        self,
        zones: Iterable[Zone],
        *,
        servfail: Iterable[str] = (),
        silent: Iterable[str] = (),
        authoritative: bool = True,
        cache_ttl_cap: int = 120,
    ) -> None:
        self.zones = {_key(z.origin): z for z in zones}
        self.servfail = {_key(n) for n in servfail}
        self.silent = {_key(n) for n in silent}
        self.authoritative = authoritative
        self.cache_ttl_cap = cache_ttl_cap
        self.queries: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def _zone_of(self, name: str) -> Zone | None:
        labels = name.split(".")
        for i in range(len(labels)):
            zone = self.zones.get(".".join(labels[i:]))
            if zone is not None:
                return zone
        return None

    def _records(self, name: str) -> list[Record]:
        zone = self._zone_of(name)
        if zone is None:
            return []
        exact = [r for r in zone.records if r.name == name]
        if exact or self._exists_exactly(zone, name):
            return exact
        return self._wildcard(zone, name)

    @staticmethod
    def _wildcard(zone: Zone, name: str) -> list[Record]:
        # RFC 4592, simplified: "*.parent" answers for a missing name one label below parent.
        parent = name.split(".", 1)[1] if "." in name else ""
        return [
            Record(name, r.rtype, r.value, r.ttl) for r in zone.records if r.name == f"*.{parent}"
        ]

    @staticmethod
    def _exists_exactly(zone: Zone, name: str) -> bool:
        if name == _key(zone.origin):
            return True
        return any(r.name == name or r.name.endswith("." + name) for r in zone.records)

    def _exists(self, name: str) -> bool:
        zone = self._zone_of(name)
        if zone is None:
            return False
        return self._exists_exactly(zone, name) or bool(self._wildcard(zone, name))

    def _ttl(self, ttl: int) -> int:
        # A cache reports the time left, which is lower than what the zone says.
        return ttl if self.authoritative else min(ttl, self.cache_ttl_cap)

    def _rr(self, record: Record) -> RR:
        return RR(
            record.name,
            getattr(QTYPE, record.rtype),
            rdata=_rdata(record.rtype, record.value),
            ttl=self._ttl(record.ttl),
        )

    def _soa(self, zone: Zone) -> RR:
        origin = _key(zone.origin)
        soa = SOA(f"ns1.{origin}", f"hostmaster.{origin}", (1, 3600, 600, 86400, zone.soa_minimum))
        return RR(origin, QTYPE.SOA, rdata=soa, ttl=self._ttl(zone.soa_minimum))

    def resolve(self, request, handler):  # type: ignore[no-untyped-def]
        """dnslib's resolver hook: build the reply to ``request``."""
        qname = _key(request.q.qname)
        qtype = QTYPE[request.q.qtype]
        with self._lock:
            self.queries.append((qname, qtype))
        reply = request.reply()
        reply.header.aa = 1 if self.authoritative else 0
        if any(qname == n or qname.endswith("." + n) for n in self.silent):
            raise DNSError("dropped on purpose: the client sees a timeout")
        if any(qname == n or qname.endswith("." + n) for n in self.servfail):
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        name = qname
        for _hop in range(8):
            zone = self._zone_of(name)
            if zone is None:
                if name == qname:
                    reply.header.rcode = RCODE.REFUSED
                # A CNAME pointing outside our data: return the chain, as an authority would.
                return reply
            if qtype == "SOA" and name == _key(zone.origin):
                reply.add_answer(self._soa(zone))
                return reply
            records = self._records(name)
            matching = [r for r in records if r.rtype == qtype]
            if matching:
                for record in matching:
                    reply.add_answer(self._rr(record))
                return reply
            cnames = [r for r in records if r.rtype == "CNAME"]
            if cnames and qtype != "CNAME":
                reply.add_answer(self._rr(cnames[0]))
                name = _key(cnames[0].value)
                continue
            if not self._exists(name):
                reply.header.rcode = RCODE.NXDOMAIN
            reply.add_auth(self._soa(zone))
            return reply
        reply.header.rcode = RCODE.SERVFAIL
        return reply


class _QuietLogger(DNSLogger):
    def __init__(self) -> None:
        super().__init__(log="-recv,-send,-request,-reply,-truncated,-error,-data")


@contextmanager
def serve_dns(resolver: ZoneResolver, address: str = "127.0.0.1", port: int = 0) -> Iterator[int]:
    """Serve ``resolver`` over UDP on ``address`` (a free port unless given); yield the port."""
    server = DNSServer(resolver, address=address, port=port, logger=_QuietLogger())
    server.start_thread()
    try:
        yield server.server.server_address[1]
    finally:
        server.stop()
        server.server.server_close()


@contextmanager
def silent_udp_port(address: str = "127.0.0.1") -> Iterator[int]:
    """A UDP port that receives queries and never answers (every lookup times out)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()
