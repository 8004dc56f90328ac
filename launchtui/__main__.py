"""Allow ``python -m launchtui``."""

from launchtui.interrupt import entry

entry()
