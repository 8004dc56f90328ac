"""The static tier: what the project's files say, with no project code run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from launchtui.probes.project.static.code import CodeFacts, read_code
from launchtui.probes.project.static.deploy import DeployFacts, read_deploy
from launchtui.probes.project.static.files import ProjectFiles, list_files
from launchtui.probes.project.static.settings import read_settings
from launchtui.probes.project.static.values import SettingsChain


@dataclass
class StaticFacts:
    """Everything the static tier read: files, the settings chain, code and deployment facts."""

    files: ProjectFiles
    settings: SettingsChain | None
    code: CodeFacts
    deploy: DeployFacts


def read_static(root: Path, module_root: Path, settings_module: str | None) -> StaticFacts:
    """Read the project under ``root`` (``module_root`` holds manage.py and the packages)."""
    files = list_files(root)
    chain = read_settings(module_root, settings_module) if settings_module else None
    return StaticFacts(
        files=files, settings=chain, code=read_code(files), deploy=read_deploy(files)
    )
