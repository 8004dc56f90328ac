"""The count of judged items (scripts/count_judged.py), run as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "count_judged.py"


def test_at_least_60_of_the_checklist_items_are_judged() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--json"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    rows = {row["id"]: row for row in result["rows"]}
    assert result["items"] == len(rows)
    assert result["outside"] == sum(row["outside"] for row in rows.values())
    assert result["project"] == sum(bool(row["project"]) for row in rows.values())
    judged = [i for i, row in rows.items() if row["outside"] or row["project"]]
    assert result["judged"] == len(judged) >= 60
    # Items only a machine inside the project can judge are among them.
    for item in ("settings-managers", "settings-upload-to", "server-throttling", "email-metadata"):
        assert rows[item]["project"], item
    # Manual items stay manual.
    assert not rows["security-password-manager"]["project"]
