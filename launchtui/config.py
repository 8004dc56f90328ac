"""The user's preferences for the full-screen app (for now: the theme), kept in a small TOML file.

The file lives in the user config directory (``config.toml``); tests pass their own path. It is
written atomically and only the keys we know are changed, so a hand-edited file keeps its other
settings. A file that cannot be parsed is reported and never written over.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from launchtui.atomic import atomic_write


class ConfigError(Exception):
    """A config file that cannot be read or written; ``str()`` is one line naming the file."""


def default_config_path() -> Path:
    """Where the preferences live unless a test says otherwise: ``user_config_dir/config.toml``."""
    import platformdirs  # imported here: only the TUI needs it, `launchtui --version` must not

    return Path(platformdirs.user_config_dir("launchtui", appauthor=False)) / "config.toml"


@dataclass
class Config:
    """The preferences: the chosen theme and any keys a newer launchtui wrote."""

    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    """``[keymap]``: binding id → keys (Textual key names, comma separated), e.g.
    ``toggle-done = "x"``; the app checks the ids and keys when it applies them."""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        """The TOML tables of this config."""
        data = dict(self.extra)
        if self.theme:
            data["theme"] = self.theme
        else:
            data.pop("theme", None)
        if self.keymap:
            data["keymap"] = dict(self.keymap)
        return data


def load_config(path: Path) -> Config:
    """Read the preferences at ``path``; a missing file is the default config.

    Raises :class:`ConfigError` for a file that cannot be read or parsed.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    theme = data.pop("theme", None)
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f"{path}: 'theme' must be a string")
    keymap = data.pop("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f"{path}: [keymap] must map binding ids to key names (strings)")
    return Config(theme=theme or None, keymap=keymap, extra=data)


def save_config(path: Path, config: Config) -> None:
    """Write the preferences atomically; raises :class:`ConfigError` if that fails."""
    text = "# launchtui preferences\n" + tomli_w.dumps(config.to_data())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the user config folder, on first use
        atomic_write(path, text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write ({exc.strerror or exc})") from None
