"""Count the checklist items launchtui judges, and by which family.

An item counts as judged by the site probes when the catalog lists an outside family for it
(http, tls, dns: each such item always gets a verdict with evidence from those families). An
item counts as judged by the project family when ``launchtui project``'s static tier gives it a
verdict other than unknown on at least one of the test projects in tests/projects/data (a
launch-ready, a sloppy and a looks-right-but-does-nothing project), so the count is what the
judges actually say, not what they could say.

Run: ``python scripts/count_judged.py`` (``--json`` for a machine-readable answer).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from launchtui.catalog import load_catalog
from launchtui.probes.model import Verdict
from launchtui.probes.project.check import check_project

DATA = Path(__file__).resolve().parent.parent / "tests" / "projects" / "data"
OUTSIDE = {"http", "tls", "dns"}


def count() -> dict[str, object]:
    """Which family judges which item, over the bundled checklist and the test projects."""
    catalog = load_catalog(None)
    items = list(catalog.items())
    outside = {item.id for item in items if OUTSIDE & set(item.probes)}
    project: dict[str, set[str]] = {}
    for folder in sorted(p for p in DATA.iterdir() if (p / "manage.py").is_file()):
        for finding in check_project(folder).findings:
            if finding.verdict is not Verdict.UNKNOWN and finding.item_id in catalog:
                project.setdefault(finding.item_id, set()).add(finding.verdict.value)
    judged = outside | set(project)
    rows = [
        {
            "id": item.id,
            "outside": item.id in outside,
            "project": sorted(project.get(item.id, ())),
        }
        for item in items
    ]
    return {
        "items": len(items),
        "outside": len(outside),
        "project": len(project),
        "project_only": len(set(project) - outside),
        "project_can_pass": len([i for i, v in project.items() if "pass" in v]),
        "judged": len(judged),
        "rows": rows,
    }


def main() -> int:
    """Print the table and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    result = count()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for row in result["rows"]:  # type: ignore[attr-defined]
        families = (["site"] if row["outside"] else []) + (
            [f"project ({'/'.join(row['project'])})"] if row["project"] else []
        )
        print(f"{row['id']:36} {', '.join(families) or '-'}")
    print(
        f"\n{result['judged']} of {result['items']} items judged: {result['outside']} by the site "
        f"probes, {result['project']} by the project checks ({result['project_only']} only by "
        f"them; {result['project_can_pass']} of the {result['project']} can pass)",
        file=sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
