"""Undo (ctrl+z) for what a person did in this session: decisions, N/A marks and notes.

Each change is remembered as the item's state before and after it. Undoing puts back only the
parts that change touched (status and who/when, or the note), onto the item as it is *now*, so a
probe verdict that arrived since, or a teammate's change to another part that was merged in,
stays. The restored item is saved like any change, through the store's merge.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

from launchtui.state import ItemState, StateStore

UNDO_DEPTH = 200
"""How many changes are remembered; older ones are forgotten first."""

_NOT_UNDONE = frozenset({"probe"})  # what the machine found is not a person's decision


@dataclass(frozen=True)
class Change:
    """One change a person made to an item, and a few words saying what it was."""

    item_id: str
    before: ItemState
    after: ItemState
    what: str


class UndoStack:
    """The changes of this session, newest last."""

    def __init__(self) -> None:
        self._changes: list[Change] = []

    def __len__(self) -> int:
        return len(self._changes)

    def record(self, item_id: str, before: ItemState, after: ItemState, what: str) -> None:
        """Remember a change (``before`` and ``after`` are copied; no-op if nothing changed)."""
        if _parts_changed(before, after):
            self._changes.append(Change(item_id, copy.deepcopy(before), copy.deepcopy(after), what))
            del self._changes[:-UNDO_DEPTH]

    def undo(self, store: StateStore) -> Change | None:
        """Put back the parts the newest change touched; ``None`` if there is nothing to undo."""
        if not self._changes:
            return None
        change = self._changes.pop()
        current = store.item(change.item_id)
        restored = dataclasses.replace(
            current,
            **{
                name: copy.deepcopy(getattr(change.before, name))
                for name in _parts_changed(change.before, change.after)
            },
        )
        store.replace_item(change.item_id, restored)
        return change


def snapshot(state: ItemState) -> ItemState:
    """A copy of an item's state to pass as ``before`` (the store changes states in place)."""
    return copy.deepcopy(state)


def _parts_changed(before: ItemState, after: ItemState) -> list[str]:
    return [
        part.name
        for part in dataclasses.fields(ItemState)
        if part.name not in _NOT_UNDONE and getattr(before, part.name) != getattr(after, part.name)
    ]
