"""Regenerate the README screenshots in ``screenshots/`` by driving the app headlessly.

Run from anywhere: ``python scripts/export_screenshots.py``. Each shot starts the app on the
sample state the snapshot tests use (every marker, a note, a disagreement, hostile evidence, at
fixed times, with the clock frozen), so the pictures change only when the UI does.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402

from launchtui.tui import LaunchApp, create_app  # noqa: E402
from tests.tui.sample import fixed_clock, write_sample_state  # noqa: E402

OUT = ROOT / "screenshots"
Steps = Callable[[Pilot], Awaitable[None]]


def on_item(item_id: str) -> Steps:
    """Put the cursor on one item."""

    async def steps(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, LaunchApp)
        app.checklist.select_item(item_id)

    return steps


def press(*keys: str) -> Steps:
    """Press keys."""

    async def steps(pilot: Pilot) -> None:
        await pilot.press(*keys)

    return steps


SHOTS: list[tuple[str, tuple[int, int], Steps | None]] = [
    ("main.svg", (100, 32), None),
    ("probe-evidence.svg", (100, 32), on_item("settings-debug")),
    ("help.svg", (100, 32), press("f1")),
    ("narrow-80x24.svg", (80, 24), on_item("content-links")),
]
"""(file name, terminal size, what to do before the shot)."""


async def shoot(name: str, size: tuple[int, int], steps: Steps | None, folder: Path) -> Path:
    """Start the app on a fresh sample state, run the steps and save one SVG."""
    (folder / name).mkdir()  # an explicit state path needs an existing folder
    state = write_sample_state(folder / name / "state.toml")
    app = create_app(state, config_path=folder / name / "config.toml", clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if steps is not None:
            await steps(pilot)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        path = Path(app.save_screenshot(filename=name, path=str(OUT)))
    return path


async def main() -> None:
    """Write every screenshot and list the files."""
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="launchtui-shots-") as folder:
        for name, size, steps in SHOTS:
            path = await shoot(name, size, steps, Path(folder))
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    asyncio.run(main())
