"""Fixtures for the full-screen app: a state file in a temporary folder and an app factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from launchtui.tui import LaunchApp, create_app
from tests.tui.sample import fixed_clock, write_sample_state

AppFactory = Callable[..., LaunchApp]


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    """Where the app under test keeps its state (its folder exists, the file not yet)."""
    folder = tmp_path / "state"
    folder.mkdir()
    return folder / "state.toml"


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    """Where the app under test keeps its preferences (not created yet)."""
    return tmp_path / "config" / "config.toml"


@pytest.fixture
def make_app(state_path: Path, config_path: Path) -> AppFactory:
    """Build an app on the test's state and config, its clock frozen at ``sample.NOW``."""

    def make(**kwargs: object) -> LaunchApp:
        kwargs.setdefault("config_path", config_path)
        kwargs.setdefault("clock", fixed_clock)
        return create_app(state_path, **kwargs)  # type: ignore[arg-type]

    return make


@pytest.fixture
def sample_state(state_path: Path) -> Path:
    """The state file of ``sample.write_sample_state``: every marker, at fixed times."""
    return write_sample_state(state_path)
