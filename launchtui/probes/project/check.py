"""Check a Django project: find it, read it, optionally run the runner, judge every item.

The one entry point the command layer and the TUI call. Imports neither the TUI nor the state
store nor another probe family; the caller records the findings and joins them with the site's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from launchtui.probes.model import Finding, Verdict
from launchtui.probes.project.discover import (
    Project,
    ProjectNotFound,
    SettingsChoice,
    choose_settings,
    find_project,
)
from launchtui.probes.project.facts import Facts
from launchtui.probes.project.judges import JUDGES, Context, judge_all
from launchtui.probes.project.options import ProjectOptions
from launchtui.probes.project.static import StaticFacts
from launchtui.probes.project.static.code import read_code
from launchtui.probes.project.static.deploy import read_deploy
from launchtui.probes.project.static.files import list_files
from launchtui.probes.project.static.settings import read_settings

__all__ = [
    "ProjectCheck",
    "ProjectNotFound",
    "RunnerInputError",
    "check_project",
    "check_with_options",
    "judged_items",
    "shown_verdict",
]

RuntimeFacts = Callable[[Project, SettingsChoice], Facts]
"""Runs the runner (locally or via a command) for the chosen module and returns its facts."""


class RunnerInputError(ValueError):
    """Options the runner cannot use (a bad ``--python``, ``--env-file`` or ``--via``)."""


@dataclass
class ProjectCheck:
    """One check of a project: where, which settings, what was read, and the findings."""

    project: Project
    choice: SettingsChoice
    static: StaticFacts
    runtime: Facts | None
    findings: list[Finding]

    @property
    def readable(self) -> bool:
        """Something could be read: a settings module, or at least deployment files."""
        return self.static.settings is not None and not self.choice.missing


def check_project(
    path: Path,
    *,
    settings: str | None = None,
    runtime: RuntimeFacts | None = None,
    today: dt.date | None = None,
    site_host: str | None = None,
) -> ProjectCheck:
    """Judge the project at ``path`` (``ProjectNotFound`` when there is no manage.py)."""
    project = find_project(path)
    files = list_files(project.root)
    deploy = read_deploy(files)
    choice = choose_settings(project, files, deploy, settings)
    chain = None
    if choice.module and not choice.missing:
        chain = read_settings(project.module_root, choice.module)
    static = StaticFacts(files=files, settings=chain, code=read_code(files), deploy=deploy)
    facts = runtime(project, choice) if runtime is not None else None
    ctx = Context(
        project=project,
        choice=choice,
        static=static,
        runtime=facts,
        today=today or dt.date.today(),
        site_host=site_host,
    )
    findings = list(judge_all(ctx))
    return ProjectCheck(project, choice, static, facts, findings)


def runner_for(options: ProjectOptions) -> RuntimeFacts | None:
    """The runner callback ``options`` ask for, or None for the static tier only.

    :class:`RunnerInputError` for options that cannot work (one line for the user).
    """
    problem = options.check()
    if problem is not None:
        raise RunnerInputError(problem)
    if not options.runs_project_code:
        return None
    from launchtui.probes.project import execute

    def run(project: Project, choice: SettingsChoice) -> Facts:
        try:
            outcome = execute.run_project(
                project.module_root,
                settings_module=choice.module,
                settings_explicit=options.settings is not None,
                python=options.python,
                env_file=options.env_file,
                via=options.via,
            )
        except execute.RunnerInputError as exc:
            raise RunnerInputError(str(exc)) from None
        return outcome.facts

    return run


def check_with_options(
    options: ProjectOptions, *, site_host: str | None = None, today: dt.date | None = None
) -> ProjectCheck:
    """:func:`check_project` as ``options`` say (``ProjectNotFound``, ``RunnerInputError``)."""
    return check_project(
        options.path,
        settings=options.settings,
        runtime=runner_for(options),
        site_host=site_host,
        today=today,
    )


def judged_items() -> list[str]:
    """The ids of the items the project family has a judge for."""
    from launchtui.probes.project import judges as _registered  # noqa: F401

    return list(JUDGES)


def shown_verdict(
    site: Verdict | None, project: Verdict | None, *, outside_item: bool
) -> Verdict | None:
    """An item's verdict from the site's and the project's: the worse of the two.

    A project pass alone on an item the site probes judge is a warning ("configured, not
    observed"): settings can be right while the proxy strips the header.
    """
    if site is None and project is None:
        return None
    if site is None:
        assert project is not None
        if project is Verdict.PASS and outside_item:
            return Verdict.WARN
        return project
    if project is None:
        return site
    return max(site, project, key=lambda v: v.rank)
