"""The project family is a probe family: it imports neither the TUI, nor the state store, nor
another family (the command layer joins them)."""

from __future__ import annotations

import json
import subprocess
import sys

CODE = """
import json, pkgutil, importlib, sys
import launchtui.probes.project as package
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    if module.name.endswith("runner_script"):
        continue  # runs inside the project's interpreter, not launchtui's
    importlib.import_module(module.name)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_project_package_imports_no_tui_state_or_other_family() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(json.loads(done.stdout))
    assert "launchtui.probes.project.judges.settings" in loaded
    forbidden = [
        name
        for name in loaded
        if name.split(".")[0] in ("textual", "httpx", "sslyze", "dns")
        or name.startswith(("launchtui.tui", "launchtui.state", "launchtui.commands"))
        or name.startswith(
            ("launchtui.probes.http", "launchtui.probes.tls", "launchtui.probes.dns")
        )
    ]
    assert forbidden == []
