"""Items judged from the facts of several families (filled in by the TLS/DNS work)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from launchtui.probes.model import Finding

if TYPE_CHECKING:
    from launchtui.probes.runner import ProbeContext


def judge(ctx: ProbeContext) -> Iterator[Finding]:
    """Findings for items whose evidence comes from more than one family."""
    return iter(())
