"""Every key of the checklist screen, in one table: bindings, help and palette are made from it.

One table keeps the three from drifting apart: a key cannot exist without a description, a help
line and a command-palette entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding

from launchtui.text_safety import one_line


@dataclass(frozen=True, slots=True)
class Key:
    """One action and the keys that run it."""

    id: str
    keys: str  # Textual key names, comma separated
    shown: str  # how the help screen writes the keys
    action: str  # the action on the app (for the checklist's own keys: on the tree)
    label: str  # short, for the footer
    title: str  # "category: Action", for the command palette
    help: str  # one line for the help screen and the palette
    footer: bool = False  # whether the footer shows it (the few a newcomer needs)
    narrow_footer: bool = True  # whether it stays in the footer below 80 columns
    priority: bool = False  # handled as the app reads the key, before it goes to a widget
    key_display: str | None = None  # how the footer writes the key, if not Textual's way

    def binding(self, namespace: str = "") -> Binding:
        """The Textual binding for this key; ``namespace`` (e.g. ``"app."``) prefixes the action."""
        return Binding(
            self.keys,
            namespace + self.action,
            self.label,
            show=self.footer,
            id=self.id,
            tooltip=self.help,
            key_display=self.key_display,
            priority=self.priority,
        )


CHECKLIST_KEYS: tuple[Key, ...] = (
    Key("cursor-up", "up,k", "↑ k", "cursor_up", "Previous", "cursor: Previous line",
        "Move to the previous item or section"),
    Key("cursor-down", "down,j", "↓ j", "cursor_down", "Next", "cursor: Next line",
        "Move to the next item or section"),
    Key("fold", "left", "←", "fold", "Fold", "section: Fold",
        "Fold the section (on an item: go to its section)"),
    Key("unfold", "right", "→", "unfold", "Unfold", "section: Unfold",
        "Unfold the section (when unfolded: step into it)"),
    Key("select", "enter", "enter", "select_cursor", "Fold / tick", "section: Fold or unfold",
        "Fold or unfold a section; on an item, tick it (as a click does)"),
    Key("cursor-first", "home", "home", "scroll_home", "First", "cursor: First line",
        "Move to the top of the checklist"),
    Key("cursor-last", "end", "end", "scroll_end", "Last", "cursor: Last line",
        "Move to the bottom of the checklist"),
    Key("page-up", "pageup", "pgup", "page_up", "Page up", "cursor: Page up",
        "Move up a page"),
    Key("page-down", "pagedown", "pgdn", "page_down", "Page down", "cursor: Page down",
        "Move down a page"),
)  # fmt: skip
"""Keys of the checklist widget itself (they act on the tree, so they live on it)."""

APP_KEYS: tuple[Key, ...] = (
    Key("toggle-done", "space", "space", "toggle_done", "Done", "item: Toggle done",
        "Tick the item as done, or untick it (on a section: fold it)", footer=True),
    Key("toggle-not-applicable", "n", "n", "toggle_not_applicable", "N/A",
        "item: Toggle not applicable", "Mark the item not applicable to this project, or undo it",
        footer=True, narrow_footer=False),
    Key("edit-note", "e", "e", "edit_note", "Note", "item: Edit note",
        "Write or change the item's note", footer=True),
    Key("undo", "ctrl+z", "ctrl+z", "undo", "Undo", "item: Undo",
        "Undo the last decision, N/A mark or note of this session"),
    Key("open-link", "o", "o", "open_link", "Link", "item: Open link",
        "Open the item's link in the browser"),
    Key("filter-text", "slash", "/", "filter_text", "Find", "filter: By text",
        "Show items whose title, guidance, id or note has these words",
        footer=True, priority=True),
    Key("clear-filter", "escape", "esc", "clear_filter", "Clear", "filter: Clear",
        "Clear the text filter (the view chosen with f stays)"),
    Key("cycle-view", "f", "f", "cycle_view", "Show", "filter: Cycle view",
        "Show all, open, failing or done items in turn", footer=True, narrow_footer=False),
    Key("set-target", "u", "u", "set_target", "URL", "target: Set URL",
        "Set the site the probes check", footer=True),
    Key("set-project", "P", "P", "set_project", "Project", "project: Set folder",
        "Set the Django project the project checks read"),
    Key("run-probes", "p", "p", "run_probes", "Probe", "probes: Run",
        "Run the probes against the target, and the project checks", footer=True),
    Key("cancel-probes", "c", "c", "cancel_probes", "Stop", "probes: Cancel",
        "Stop the probe run (the verdicts so far are kept)", footer=True, narrow_footer=False),
    Key("toggle-detail", "d", "d", "toggle_detail", "Pane", "view: Toggle details",
        "Show or hide the detail pane", footer=True, narrow_footer=False),
    Key("help", "f1,question_mark", "F1 ?", "help", "Help", "help: Show keys",
        "Show every key and what the markers mean", footer=True, key_display="?"),
    Key("quit", "q", "q", "quit", "Quit", "app: Quit",
        "Save and quit", footer=True),
)  # fmt: skip
"""Keys of the checklist screen (bound on the screen, so dialogs do not inherit them)."""

PALETTE_ONLY: tuple[tuple[str, str, str], ...] = (
    ("filter: Show all", "show_view('all')", "Show every item"),
    ("filter: Show open", "show_view('open')", "Show the items still to do"),
    ("filter: Show failing", "show_view('failing')", "Show the items whose probe fails"),
    ("filter: Show done", "show_view('done')", "Show the items done or not applicable"),
    ("section: Fold all", "fold_all(True)", "Fold every section"),
    ("section: Unfold all", "fold_all(False)", "Unfold every section"),
    ("probes: Run HTTP only", "run_family('http')", "Run only the HTTP probes (pages, headers)"),
    ("probes: Run TLS only", "run_family('tls')", "Run only the TLS probes (certificate, SSL)"),
    ("probes: Run DNS only", "run_family('dns')", "Run only the DNS probes (records, mail)"),
    ("probes: Re-run this item", "rerun_item", "Run again the probes that judge this item"),
    ("theme: Change theme", "change_theme", "Pick one of Textual's themes (remembered)"),
    ("state: Show file location", "show_state_path", "Where the state file is kept"),
)
"""Palette commands without a key of their own: (title, app action, help)."""

OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+p", "Command palette: every action by name, and the theme"),
    ("tab", "Move between the checklist and the detail pane"),
    ("click", "Tick an item; fold a section"),
    ("ctrl+q", "Quit"),
)
"""Keys handled by Textual itself, listed on the help screen."""

DIALOG_KEY_IDS = ("note-save", "note-cancel", "url-cancel", "help-close")
"""Binding ids of the dialogs' own keys, which ``[keymap]`` may rebind too."""

KEY_IDS = frozenset(key.id for key in (*CHECKLIST_KEYS, *APP_KEYS)) | frozenset(DIALOG_KEY_IDS)
"""Every binding id a ``[keymap]`` entry may name."""

_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "escape": "esc",
    "pageup": "pgup",
    "pagedown": "pgdn",
}


def key_names(keys: str) -> str:
    """How the help and the palette write Textual key names: ``"slash,f3"`` → ``"/ f3"``."""
    return " ".join(_KEY_NAMES.get(name.strip(), name.strip()) for name in keys.split(","))


def shown(key: Key, keymap: Mapping[str, str]) -> str:
    """The keys that run ``key`` as written for people, after the user's ``[keymap]``."""
    keys = keymap.get(key.id)
    return key.shown if keys is None else key_names(keys)


def checked_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The ``[keymap]`` entries that name a known binding with some keys, and one warning for
    each entry left out."""
    usable: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, keys in keymap.items():
        names = [name.strip() for name in keys.split(",") if name.strip()]
        if binding_id not in KEY_IDS:
            binding_id = one_line(binding_id)
            warnings.append(f"[keymap] {binding_id!r} is not a key of launchtui (see the help)")
        elif not names:
            warnings.append(f"[keymap] {binding_id!r} names no key")
        elif not all(name.isprintable() and not any(c.isspace() for c in name) for name in names):
            warnings.append(f"[keymap] {binding_id!r}: {one_line(keys)!r} is not a key name")
        else:
            usable[binding_id] = ",".join(names)
    return usable, warnings
