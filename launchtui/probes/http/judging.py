"""What every HTTP probe function starts with: the answer it judges, or ``unknown`` without one."""

from __future__ import annotations

from typing import Literal

from launchtui.probes.http.client import Fetch, Response
from launchtui.probes.model import Finding, Verdict

Wanted = Literal["page", "final", "html"]


def answer_or_unknown(
    item: str, probe: str, fetch: Fetch, *, want: Wanted = "page", what: str = "home page"
) -> Response | Finding:
    """The answer of ``fetch`` a probe judges, or the ``unknown`` finding saying why there is none.

    ``want`` picks :attr:`Fetch.page` (the chain ended on the site), :attr:`Fetch.final` (the last
    answer, even a redirect) or :attr:`Fetch.html_page` (a 2xx HTML page); ``what`` names the
    answer in the unknown's evidence.
    """
    if want == "html":
        page = fetch.html_page
        if page is None:
            return Finding(item, Verdict.UNKNOWN, f"no {what} HTML: {fetch.no_html_reason}", probe)
        return page
    page = fetch.final if want == "final" else fetch.page
    if page is None:
        return Finding(item, Verdict.UNKNOWN, f"{what} not fetched: {fetch.reason}", probe)
    return page
