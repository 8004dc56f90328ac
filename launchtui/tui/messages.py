"""Messages the checklist's widgets send up to the app. Only message handlers touch widgets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from launchtui.probes.model import Finding


@dataclass
class ItemActivated(Message):
    """An item was clicked, or enter was pressed on it: it is ticked or unticked."""

    item_id: str


@dataclass
class ProbeFindingArrived(Message):
    """A probe run produced a verdict on an item; the app records it and redraws the item."""

    finding: Finding
    run_started: dt.datetime


@dataclass
class ProbeRunEnded(Message):
    """A probe run finished, was cancelled or failed; ``summary`` is one line for the user."""

    summary: str
    severity: SeverityLevel = "information"
