"""The probe run's widget: its worker, progress bar and counts."""

from launchtui.tui.widgets.probes.run import ProbeRun

__all__ = ["ProbeRun"]
