"""Sharing the state: export to Markdown, JSON or TOML, and import any of them back."""

from launchtui.exchange.export import FORMATS, export_state
from launchtui.exchange.imports import ImportFileError, ImportReport, import_file

__all__ = ["FORMATS", "ImportFileError", "ImportReport", "export_state", "import_file"]
