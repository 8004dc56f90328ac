"""Full screens of the app (dialogs live in ``launchtui.tui.components``)."""
