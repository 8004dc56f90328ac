"""The full-screen checklist (imports Textual: the CLI imports this package only when needed)."""

from launchtui.tui.app import LaunchApp, create_app

__all__ = ["LaunchApp", "create_app"]
