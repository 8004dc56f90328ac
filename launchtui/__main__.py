"""Allow ``python -m launchtui``."""

from launchtui.cli import main

raise SystemExit(main())
