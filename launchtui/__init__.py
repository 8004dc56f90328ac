"""launchtui: the Django production launch checklist in your terminal."""

__version__ = "0.1.0"
