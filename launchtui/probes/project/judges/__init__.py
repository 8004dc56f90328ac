"""One judge per checklist item the project can speak to; importing this registers them all."""

from launchtui.probes.project.judges import email, monitoring, server, settings, site
from launchtui.probes.project.judges.base import JUDGES, Context, judge_all

__all__ = ["JUDGES", "Context", "email", "judge_all", "monitoring", "server", "settings", "site"]
