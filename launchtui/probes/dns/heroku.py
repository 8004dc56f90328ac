"""Judge "[Heroku] Add a custom domain" from the site's CNAMEs.

Heroku asks for a CNAME (or, at a zone apex, an ALIAS/ANAME) to the DNS target that
``heroku domains:add`` prints, ``<random>.herokudns.com``. A CNAME straight to
``<app>.herokuapp.com`` is the legacy set-up. A site with neither is reported as not applicable:
an ``unknown`` verdict whose evidence starts with :data:`NOT_APPLICABLE`.
"""

from __future__ import annotations

from launchtui.probes.dns.client import DnsAnswer, Outcome
from launchtui.probes.dns.snapshot import DnsSnapshot
from launchtui.probes.model import Finding, Verdict

PROBE = "dns"
NOT_APPLICABLE = "not applicable: "
HEROKU_DNS = "herokudns.com"
HEROKU_APP = "herokuapp.com"


def _within(name: str, domain: str) -> bool:
    return name == domain or name.endswith("." + domain)


def judge_heroku(snapshot: DnsSnapshot) -> Finding:
    """A CNAME to herokudns.com passes; herokuapp.com warns; neither is not applicable."""
    chains: dict[str, tuple[str, ...]] = {}
    failures = []
    for host in snapshot.site_hosts:
        answers = [snapshot.get(host, t) for t in ("CNAME", "A", "AAAA")]
        chain = tuple(dict.fromkeys(c for a in answers for c in (*a.cnames, *_cname_records(a))))
        if chain:
            chains[host] = chain
        elif errors := [a for a in answers if a.outcome is Outcome.ERROR]:
            failures.append(f"{host}: {errors[0].reason}")
    detail = "\n".join(f"{host} → {' → '.join(chain)}" for host, chain in chains.items())
    on_dns = [h for h, chain in chains.items() if any(_within(c, HEROKU_DNS) for c in chain)]
    on_app = [h for h, chain in chains.items() if any(_within(c, HEROKU_APP) for c in chain)]
    # A CNAME to Heroku whose name has no address is dangling (removed app, typo): not a set-up,
    # and anyone who claims that Heroku name could serve the site's host.
    dangling = [
        h
        for h in on_dns + on_app
        if all(snapshot.get(h, t).outcome is Outcome.NXDOMAIN for t in ("A", "AAAA"))
    ]
    if dangling:
        return Finding(
            "dns-heroku-custom-domain",
            Verdict.FAIL,
            f"{', '.join(dangling)} point at a Heroku name that does not exist (NXDOMAIN): a "
            "dangling CNAME (app or domain removed?) — fix or delete it before someone else "
            "claims the name",
            PROBE,
            detail,
        )
    unresolved = [h for h in on_dns if snapshot.host_exists(h) is None]
    on_dns = [h for h in on_dns if h not in unresolved]
    if unresolved and not on_dns:
        return Finding(
            "dns-heroku-custom-domain",
            Verdict.UNKNOWN,
            f"{', '.join(unresolved)} point at {HEROKU_DNS}, but their address lookups failed",
            PROBE,
            detail,
        )
    if on_dns:
        return Finding(
            "dns-heroku-custom-domain",
            Verdict.PASS,
            f"{', '.join(on_dns)} point at Heroku's DNS target ({HEROKU_DNS})",
            PROBE,
            detail,
        )
    if on_app:
        return Finding(
            "dns-heroku-custom-domain",
            Verdict.WARN,
            f"{', '.join(on_app)} point straight at {HEROKU_APP}: add the domain with "
            f"`heroku domains:add` and point it at the {HEROKU_DNS} target it prints",
            PROBE,
            detail,
        )
    if failures:
        return Finding(
            "dns-heroku-custom-domain",
            Verdict.UNKNOWN,
            "lookups failed: " + "; ".join(failures),
            PROBE,
            detail,
        )
    return Finding(
        "dns-heroku-custom-domain",
        Verdict.UNKNOWN,
        NOT_APPLICABLE + f"no CNAME of {', '.join(snapshot.site_hosts)} leads to Heroku",
        PROBE,
        (detail + "\n" if detail else "")
        + "An apex on Heroku through ALIAS/ANAME, or a site behind a proxying CDN, shows only "
        "addresses, so it cannot be told apart from a site hosted elsewhere.",
    )


def _cname_records(answer: DnsAnswer) -> tuple[str, ...]:
    return answer.records if answer.rdtype == "CNAME" and answer.found else ()
