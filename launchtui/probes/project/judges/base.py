"""How a project judge works: the facts it reads, the verdict it returns, and the caps.

A judge is one function per checklist item, registered with :func:`judge` and its rule (shown
in the item's detail). It reads :class:`Context` — the static facts, and the runner's facts when
``--allow-project-code``/``--via`` produced them (runtime values win over static ones) — and
returns a :class:`Judgement`. :func:`judge_all` applies the rules every judge shares:

- a settings judge with no readable settings module is ``unknown``, naming the module;
- a pass becomes a warning when the settings module may not be production's, or when a value it
  used comes from an environment variable and was read on this machine, not in production;
- a runner that could not load the settings makes runtime judges ``unknown`` (a static fail stands).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from launchtui.probes.model import Finding, Verdict
from launchtui.probes.project.discover import Project, SettingsChoice
from launchtui.probes.project.facts import Facts, SettingsFacts
from launchtui.probes.project.static import StaticFacts
from launchtui.probes.project.static.values import Kind, SettingsChain, Value

PROBE = "project"

# SettingsFacts fields that hold a setting of the same name (the rest come from ``values``).
_RUNTIME_FIELDS = {
    "DEBUG": "debug",
    "ALLOWED_HOSTS": "allowed_hosts",
    "MIDDLEWARE": "middleware",
    "INSTALLED_APPS": "installed_apps",
    "SILENCED_SYSTEM_CHECKS": "silenced_system_checks",
    "SESSION_COOKIE_DOMAIN": "session_cookie_domain",
    "CSRF_COOKIE_DOMAIN": "csrf_cookie_domain",
    "DATA_UPLOAD_MAX_MEMORY_SIZE": "data_upload_max_memory_size",
    "FILE_UPLOAD_MAX_MEMORY_SIZE": "file_upload_max_memory_size",
}


@dataclass(frozen=True, slots=True)
class Judgement:
    """A judge's verdict and its one-line evidence (plus notes for the detail pane)."""

    verdict: Verdict
    evidence: str
    notes: tuple[str, ...] = ()
    runtime: bool = False


def passed(evidence: str, *notes: str, runtime: bool = False) -> Judgement:
    """A pass with its evidence."""
    return Judgement(Verdict.PASS, evidence, notes, runtime)


def failed(evidence: str, *notes: str, runtime: bool = False) -> Judgement:
    """A failure with its evidence."""
    return Judgement(Verdict.FAIL, evidence, notes, runtime)


def warned(evidence: str, *notes: str, runtime: bool = False) -> Judgement:
    """A warning with its evidence."""
    return Judgement(Verdict.WARN, evidence, notes, runtime)


def unknown(evidence: str, *notes: str, runtime: bool = False) -> Judgement:
    """Not judged, with the reason."""
    return Judgement(Verdict.UNKNOWN, evidence, notes, runtime)


RUN_IT = "run with --allow-project-code, or --via in production, to see it"


@dataclass
class Context:
    """What the judges read. ``runtime`` is the runner's facts (None: static tier only)."""

    project: Project
    choice: SettingsChoice
    static: StaticFacts
    runtime: Facts | None = None
    today: dt.date = field(default_factory=dt.date.today)
    site_host: str | None = None
    used: list[Value] = field(default_factory=list)

    @property
    def chain(self) -> SettingsChain | None:
        """The static settings chain (None when no module could be read)."""
        return self.static.settings

    @property
    def rt(self) -> SettingsFacts | None:
        """The runtime settings, when the runner loaded them."""
        if self.runtime is None or not self.runtime.ok:
            return None
        return self.runtime.settings

    @property
    def runtime_source(self) -> str | None:
        """``runner`` or ``via`` when runtime facts are here."""
        return self.runtime.source if self.runtime is not None and self.runtime.ok else None

    def setting(self, name: str) -> Value:
        """A setting's value: the runtime one when the runner read it, else the static one.

        A runtime value keeps the environment variable the static reading found, so the caps
        know a value read on this machine came from this machine's environment.
        """
        static = self.chain.get(name) if self.chain is not None else Value(Kind.UNKNOWN)
        runtime = self._runtime_value(name)
        if runtime is not _ABSENT:
            names = static.env_names()
            value = Value(
                Kind.LITERAL,
                value=runtime,
                env_name=names[0] if names else "",
                module=static.module,
                line=static.line,
                source=self.runtime_source or "runner",
            )
        else:
            value = static
        self.used.append(value)
        return value

    def note_local_environment(self) -> None:
        """A runtime verdict read with this machine's environment: cap it like a setting that
        came from there (only ``--via`` sees production's environment)."""
        if self.runtime_source != "runner" or self.chain is None:
            return
        names = [n for v in self.chain.values.values() for n in v.env_names()]
        if names:
            self.used.append(Value(Kind.LITERAL, env_name=names[0], source="runner"))

    def _runtime_value(self, name: str) -> Any:
        rt = self.rt
        if rt is None:
            return _ABSENT
        if name in _RUNTIME_FIELDS:
            raw = getattr(rt, _RUNTIME_FIELDS[name])
            return list(raw) if isinstance(raw, tuple) else raw
        if name in rt.values:
            raw = rt.values[name]
            return list(raw) if isinstance(raw, tuple) else raw
        return _ABSENT

    def names_in(self, name: str) -> list[str] | None:
        """A list setting (MIDDLEWARE, INSTALLED_APPS) as strings; None when not known.

        A partly known static list (some entries computed) gives its known entries only when
        asked through :meth:`contains`.
        """
        value = self.setting(name)
        if value.is_literal and isinstance(value.value, list | tuple):
            return [str(v) for v in value.value]
        return None

    def contains(self, name: str, entry: str) -> bool | None:
        """Whether list setting ``name`` holds ``entry``: True, False, or None (not known)."""
        value = self.setting(name)
        if value.is_literal and isinstance(value.value, list | tuple):
            return entry in value.value
        known = _known_entries(value)
        if entry in known:
            return True
        return None

    def app_installed(self, app: str) -> bool | None:
        """Whether ``app`` (or its AppConfig path) is in INSTALLED_APPS."""
        apps = self.names_in("INSTALLED_APPS")
        if apps is None:
            known = _known_entries(self.setting("INSTALLED_APPS"))
            return True if any(_same_app(a, app) for a in known) else None
        return any(_same_app(a, app) for a in apps)

    def depends_on(self, *names: str) -> str | None:
        """The file that lists any of the distributions ``names``, or None."""
        deps = self.static.deploy.dependencies
        for name in names:
            if name in deps:
                return deps[name]
        if self.runtime is not None and self.runtime.host is not None:
            for name in names:
                if name in self.runtime.host.packages:
                    return "installed in the project's interpreter"
        return None


_ABSENT = object()


def as_dict(value: Any) -> dict[Any, Any]:
    """``value`` if it is a dict, else an empty one (for config read from hostile sources)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` as a list if it is a list or tuple, else an empty one."""
    return list(value) if isinstance(value, list | tuple) else []


def _same_app(entry: str, app: str) -> bool:
    return entry == app or (entry.startswith(app + ".") and "apps." in entry[len(app) :])


def _known_entries(value: Value) -> list[str]:
    out: list[str] = []
    if isinstance(value.value, list | tuple):
        out += [v for v in value.value if isinstance(v, str)]
    for option in value.options:
        out += _known_entries(option)
    return out


@dataclass(frozen=True, slots=True)
class JudgeSpec:
    """A registered judge: the item, its rule, and whether it reads the settings module."""

    item_id: str
    rule: str
    settings: bool
    function: Callable[[Context], Judgement]


JUDGES: dict[str, JudgeSpec] = {}


def judge(
    item_id: str, rule: str, *, settings: bool = True
) -> Callable[[Callable[[Context], Judgement]], Callable[[Context], Judgement]]:
    """Register the judge of ``item_id``; ``rule`` is shown in the item's detail."""

    def register(function: Callable[[Context], Judgement]) -> Callable[[Context], Judgement]:
        if item_id in JUDGES:
            raise ValueError(f"two judges for {item_id}")
        JUDGES[item_id] = JudgeSpec(item_id, rule, settings, function)
        return function

    return register


def judge_all(ctx: Context) -> Iterator[Finding]:
    """Run every judge and yield one finding per item, the shared rules applied."""
    from launchtui.probes.project import judges as _registered  # noqa: F401  (registers them)

    for spec in JUDGES.values():
        yield _judge_one(spec, ctx)


def _judge_one(spec: JudgeSpec, ctx: Context) -> Finding:
    ctx.used = []
    module_note = f"settings: {ctx.choice.label()}"
    if spec.settings and (ctx.chain is None or ctx.choice.missing):
        reason = ctx.choice.missing or "no settings module"
        return Finding(
            spec.item_id, Verdict.UNKNOWN, f"settings not readable: {reason}", PROBE, _detail(spec)
        )
    try:
        result = spec.function(ctx)
    except Exception as exc:  # a judge bug must cost one item, never the run
        result = unknown(f"the judge stopped: {type(exc).__name__}: {exc}")
    verdict, evidence, notes = result.verdict, result.evidence, list(result.notes)
    runtime = ctx.runtime
    asks_runner = verdict is Verdict.UNKNOWN and RUN_IT in evidence
    if (
        runtime is not None
        and not runtime.ok
        and (spec.settings or asks_runner)
        and verdict is not Verdict.FAIL
    ):
        error = runtime.error
        assert error is not None
        named = f" ({error.variable})" if error.variable else ""
        notes.append(f"static reading: {verdict.value} — {evidence}")
        verdict = Verdict.UNKNOWN
        evidence = f"{ctx.choice.module} did not load: {error.kind}{named}: {error.message}"
    if verdict is Verdict.PASS:
        caps = list(ctx.choice.caps) if spec.settings else []
        for value in ctx.used:
            if value.source == "runner" and value.env_name:
                caps.append(
                    f"{value.env_name} was read from this machine's environment, not production's"
                    " (use --via)"
                )
        if caps:
            verdict = Verdict.WARN
            evidence = f"{evidence}; capped at warn: {caps[0]}"
            notes += [f"cap: {c}" for c in caps[1:]]
    if spec.settings:
        evidence = f"{evidence} [{ctx.choice.module}]"
        notes.insert(0, module_note)
    return Finding(spec.item_id, verdict, evidence, PROBE, _detail(spec, notes))


def _detail(spec: JudgeSpec, notes: list[str] | None = None) -> str:
    lines = [f"Rule: {spec.rule}", *(notes or [])]
    return "\n".join(lines)


def from_env(value: Value, what: str, *, unsafe: Callable[[Any], bool] | None = None) -> Judgement:
    """The judgement for a value production reads from its environment: never a pass.

    A fallback (or a branch) the code gives that is unsafe makes it a warning.
    """
    names = ", ".join(value.env_names()) or "an environment variable"
    if unsafe is not None:
        bad = [v for v in value.literal_values() if _safely(unsafe, v)]
        if bad:
            return warned(
                f"{what} comes from {names}, and its fallback {bad[0]!r} is unsafe "
                f"({value.where()})"
            )
    return unknown(f"{what} comes from {names} ({value.where()}): {RUN_IT}")


def _safely(predicate: Callable[[Any], bool], value: Any) -> bool:
    try:
        return bool(predicate(value))
    except Exception:
        return False


def not_known(value: Value, what: str) -> Judgement:
    """The judgement for a value static reading cannot know (computed, or conditional)."""
    if value.from_env:
        return from_env(value, what)
    return unknown(f"{what} is {value.describe()} ({value.where()}): {RUN_IT}")
