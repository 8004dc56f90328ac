"""Messages the checklist's widgets send up to the app. Only message handlers touch widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class ItemActivated(Message):
    """An item was clicked, or enter was pressed on it: it is ticked or unticked."""

    item_id: str
