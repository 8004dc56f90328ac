"""Sharing the state: export to Markdown, JSON or TOML, and import any of them back."""

from launchtui.exchange.export import FORMATS, export_state
from launchtui.exchange.imports import ImportError_, ImportReport, import_file

__all__ = ["FORMATS", "ImportError_", "ImportReport", "export_state", "import_file"]
