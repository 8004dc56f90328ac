"""The project's files: which exist, which git tracks, and their text (bounded).

A project folder can be huge (node_modules, a virtualenv, media uploads) or hostile (symlink
loops, a 2 GB "settings" file), so the walk skips the usual non-source folders, never follows
symlinked folders, stops at :data:`MAX_FILES`, and reads at most :data:`MAX_BYTES` of a file.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILES = 20_000
MAX_BYTES = 1_000_000
_SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    "env",
    ".env",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
    "dist",
    "build",
    "media",
    "staticfiles",
    ".idea",
    ".vscode",
    "htmlcov",
    "bower_components",
}


@dataclass
class ProjectFiles:
    """The files under ``root`` (relative POSIX paths) and, in a git work tree, the tracked ones."""

    root: Path
    paths: list[str] = field(default_factory=list)
    tracked: set[str] | None = None
    truncated: bool = False

    def text(self, rel: str) -> str:
        """The file's text (undecodable bytes replaced), at most :data:`MAX_BYTES`; ``""`` if
        it cannot be read."""
        try:
            with (self.root / rel).open("rb") as handle:
                data = handle.read(MAX_BYTES)
        except OSError:
            return ""
        return data.decode("utf-8", errors="replace")

    def named(self, *names: str) -> list[str]:
        """Paths whose file name is one of ``names`` (case-insensitive), shortest path first."""
        wanted = {n.lower() for n in names}
        return sorted((p for p in self.paths if p.rsplit("/", 1)[-1].lower() in wanted), key=len)

    def matching(self, predicate: object) -> list[str]:
        """Paths for which ``predicate(path)`` is true."""
        assert callable(predicate)
        return [p for p in self.paths if predicate(p)]

    def is_tracked(self, rel: str) -> bool | None:
        """Whether git tracks ``rel``; None when the project is not a git work tree."""
        return None if self.tracked is None else rel in self.tracked


def list_files(root: Path) -> ProjectFiles:
    """Walk ``root`` (no virtualenvs, node_modules, VCS folders …); ask git what it tracks."""
    files = ProjectFiles(root=root)
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIP_DIRS
            and not d.endswith(".egg-info")
            and not (Path(folder) / d).is_symlink()
        )
        base = Path(folder).relative_to(root).as_posix()
        for name in sorted(names):
            files.paths.append(name if base == "." else f"{base}/{name}")
            if len(files.paths) >= MAX_FILES:
                files.truncated = True
                files.tracked = _git_tracked(root)
                return files
    files.tracked = _git_tracked(root)
    if files.tracked:
        # A tracked file inside a skipped folder (a committed .env/ or env/ file) still counts.
        present = set(files.paths)
        files.paths += sorted(
            p for p in files.tracked if p not in present and (root / p).is_file() and _secretish(p)
        )
    return files


def _secretish(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return name.startswith(".env") or name.endswith(".env")


def _git_tracked(root: Path) -> set[str] | None:
    """``git ls-files`` relative to ``root``, or None when git or a work tree is not there."""
    if not (root / ".git").exists() and not _inside_work_tree(root):
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--full-name", "."],
            capture_output=True,
            timeout=10,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    prefix = _git_prefix(root)
    tracked = set()
    for entry in done.stdout.decode("utf-8", errors="replace").split("\0"):
        if entry and entry.startswith(prefix):
            tracked.add(entry[len(prefix) :])
    return tracked


def _inside_work_tree(root: Path) -> bool:
    return any((parent / ".git").exists() for parent in root.parents)


def _git_prefix(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-prefix"],
            capture_output=True,
            timeout=10,
            check=False,
            text=True,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""
