"""What the team decided and what the probes found, kept in a diffable TOML file.

The file holds a schema version, the checklist's name and version, the target URL and one table
per item that has anything to say. Each item has four parts, each with its own time — the decision
(status, who set it, when), the note, the site's probe record and the project checks' record — and
a save merges them one by one with what another writer put on disk: the newer part wins, and a
probe never overrides a decision made by hand. Writes are atomic and keep the file's identity
(symlink, mode, group); a file that cannot be parsed or validated is never written over. Keys and
items this version does not know are kept.

- :mod:`~launchtui.state.model`: the parts of an item (:class:`ItemState`, :class:`ProbeRecord`).
- :mod:`~launchtui.state.schema`: parsing, migrations from older schemas, rendering.
- :mod:`~launchtui.state.merge`: the merge rule of a save.
- :mod:`~launchtui.state.lock`: the lock a save holds.
- :mod:`~launchtui.state.store`: :class:`StateStore`, what the front ends use.
"""

from launchtui.state.model import ItemState, ItemStatus, Part, ProbeRecord, SetBy, now
from launchtui.state.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StateFileError,
    parse_state_text,
    render_state,
)
from launchtui.state.store import (
    StateStore,
    default_state_path,
    read_state_file,
    read_state_text,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ItemState",
    "ItemStatus",
    "Part",
    "ProbeRecord",
    "SetBy",
    "StateFileError",
    "StateStore",
    "default_state_path",
    "now",
    "parse_state_text",
    "read_state_file",
    "read_state_text",
    "render_state",
]
