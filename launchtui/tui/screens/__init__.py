"""The app's screens: the checklist, and the modal ones over it (help, note editor, URL dialog)."""
