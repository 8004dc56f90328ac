"""Checks a machine can make of a live site. Imports nothing heavy: families load on demand."""

from launchtui.probes.model import Finding, Verdict, worst
from launchtui.probes.target import Target, TargetError

__all__ = ["Finding", "Target", "TargetError", "Verdict", "worst"]
