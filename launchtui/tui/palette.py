"""Command palette (ctrl+p): every key of the checklist as a ``category: Action`` command."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.types import IgnoreReturnCallbackType

from launchtui.text_safety import escape_markup
from launchtui.tui.keys import APP_KEYS, CHECKLIST_KEYS, PALETTE_ONLY, shown
from launchtui.tui.screens.checklist import ChecklistScreen


class ChecklistCommands(Provider):
    """The checklist's actions, found by name in the command palette."""

    def commands(self) -> Iterator[tuple[str, IgnoreReturnCallbackType, str]]:
        """(title, callback, help) for every command; those of the checklist only over it."""
        app = self.screen.app
        if not isinstance(self.screen, ChecklistScreen):
            # Over a dialog: nothing that would act, unseen, on the checklist behind it.
            yield ("theme: Change theme", app.action_change_theme, "Pick one of Textual's themes")
            yield ("app: Quit", partial(app.run_action, "quit"), "Save and quit")
            return
        # The app is LaunchApp, which this module must not import back (a cycle): read its keymap
        # by name, none when it has none.
        keymap: dict[str, str] = getattr(app, "user_keymap", {})
        for key in APP_KEYS:
            keys = escape_markup(shown(key, keymap))  # the palette reads help as markup
            yield (key.title, partial(app.run_action, key.action), f"{key.help} ({keys})")
        for key in CHECKLIST_KEYS:
            action = f"checklist_action('{key.action}')"
            keys = escape_markup(shown(key, keymap))
            yield (key.title, partial(app.run_action, action), f"{key.help} ({keys})")
        for title, action, help_text in PALETTE_ONLY:
            yield (title, partial(app.run_action, action), help_text)

    async def discover(self) -> Hits:
        """Every command, listed when the palette opens."""
        for title, callback, help_text in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands whose title matches what was typed."""
        matcher = self.matcher(query)
        for title, callback, help_text in self.commands():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
