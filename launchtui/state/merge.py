"""The merge rule of a save: per item and per part, the newer part wins.

A save re-reads the file under the lock and, for every item this process changed, compares three
states: ``base`` (the item as this process last read it), ``mine`` (as it is in memory) and
``disk`` (as it is on disk now). A part this process did not change is taken from disk; a part it
changed is taken from memory when nobody else changed it on disk meanwhile, or else when it is
newer than the disk's — so a save never writes an older part over a newer one another writer
left. A probe's decision never replaces a decision made by hand, whatever their times.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from launchtui.state.model import ItemState, Part, SetBy

_OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def _rank(state: ItemState, part: Part) -> tuple[bool, dt.datetime]:
    """How a part is ordered: by hand before by probe (decisions only), then by time."""
    by_hand = part is Part.DECISION and state.set_by is SetBy.USER
    return by_hand, state.part_time(part) or _OLDEST


def merge_item(base: ItemState | None, mine: ItemState, disk: ItemState | None) -> ItemState:
    """The item as the save writes it (a new object; none of the three is changed)."""
    base = base or ItemState()
    merged = copy.deepcopy(disk) if disk is not None else ItemState()
    theirs = disk or ItemState()
    ours = copy.deepcopy(mine)
    for part in Part:
        if ours.part(part) == base.part(part):
            continue  # not changed here: disk's stays
        if theirs.part(part) == base.part(part) or _rank(ours, part) > _rank(theirs, part):
            merged.take_part(part, ours)
    for key, value in mine.extra.items():
        merged.extra.setdefault(key, copy.deepcopy(value))
    return merged


def rebase_item(old: ItemState, mine: ItemState, new: ItemState | None) -> ItemState:
    """A change not saved yet, moved on top of a newer copy of the item.

    ``mine`` is ``old`` plus changes made here; the result is ``new`` with the parts this
    process changed since ``old`` taken from ``mine``. The next save then merges exactly
    those parts, by the rule above.
    """
    rebased = copy.deepcopy(new) if new is not None else ItemState()
    ours = copy.deepcopy(mine)
    for part in Part:
        if ours.part(part) != old.part(part):
            rebased.take_part(part, ours)
    for key, value in ours.extra.items():
        rebased.extra.setdefault(key, value)
    return rebased


def merge_states(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    """Three-way merge of whole state files' data (parsed and migrated), as git's merge driver.

    Every item is merged part by part with :func:`merge_item` (``ours`` as the changes, ``theirs``
    as what the other branch left): the newer part wins and a decision made by hand beats a
    probe's. Any other key (the target, the project settings, keys a newer version wrote) is taken
    from the side that changed it; when both changed it differently, ours is kept. Items are read
    without a catalog, so a custom checklist's file merges the same way. Raises
    :class:`StateFileError` for an item table that does not validate.
    """
    merged: dict[str, Any] = {}
    for key in ours.keys() | theirs.keys():
        if key == "items":
            continue
        changed_here = ours.get(key) != base.get(key)
        source = ours if changed_here or key not in theirs else theirs
        if key in source:
            merged[key] = copy.deepcopy(source[key])
    items: dict[str, Any] = {}
    base_items, our_items = base.get("items", {}), ours.get("items", {})
    their_items = theirs.get("items", {})
    for item_id in sorted(our_items.keys() | their_items.keys()):
        where = f"items.{item_id}"
        base_state, our_state, their_state = (
            None if item_id not in tables else ItemState.from_table(tables[item_id], where)
            for tables in (base_items, our_items, their_items)
        )
        state = merge_item(base_state, our_state or ItemState(), their_state)
        if not state.is_empty:
            items[item_id] = state.to_table()
    merged["items"] = items
    return merged
