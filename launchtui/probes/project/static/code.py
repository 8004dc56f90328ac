"""What the project's own Python code says: file fields, URLconfs, loggers, signal receivers.

One pass over the project's ``.py`` files (migrations, tests and virtualenvs left out), each
parsed as syntax only. A file that does not parse is noted and skipped.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from launchtui.probes.project.static.files import ProjectFiles

_SENSITIVE_ARG = re.compile(
    r"password|passwd|secret|token|card_number|credit_card|cvv|request\.(POST|body|headers|META)",
    re.IGNORECASE,
)
_LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
_FIELD_CALLS = ("FileField", "ImageField")


@dataclass(frozen=True, slots=True)
class FileFieldFact:
    """A model FileField/ImageField: where, its ``upload_to`` and its validators."""

    path: str
    line: int
    name: str
    kind: str
    upload_to: str | None  # None: no upload_to argument; "" an empty one; else its source text
    validators: tuple[str, ...]
    size_validated: bool


@dataclass(frozen=True, slots=True)
class SourceHit:
    """Something found at a place in the source (``path:line``), with a short label."""

    path: str
    line: int
    label: str

    def where(self) -> str:
        """``path:line``."""
        return f"{self.path}:{self.line}"


@dataclass
class CodeFacts:
    """The facts of one pass over the project's Python files."""

    python_files: int = 0
    file_fields: list[FileFieldFact] = field(default_factory=list)
    admin_routes: list[SourceHit] = field(default_factory=list)
    admin_mentions: int = 0
    sitemap_routes: list[SourceHit] = field(default_factory=list)
    handlers: dict[str, SourceHit] = field(default_factory=dict)
    getlogger_name: int = 0
    getlogger_other: list[SourceHit] = field(default_factory=list)
    sensitive_logging: list[SourceHit] = field(default_factory=list)
    anymail_receivers: list[SourceHit] = field(default_factory=list)
    ratelimit_uses: list[SourceHit] = field(default_factory=list)
    sentry_inits: list[SourceHit] = field(default_factory=list)
    sentry_init_keywords: list[dict[str, str]] = field(default_factory=list)
    newrelic_initialize: list[SourceHit] = field(default_factory=list)
    sensitive_post_parameters: int = 0
    unparsable: list[str] = field(default_factory=list)


def is_project_source(rel: str) -> bool:
    """A ``.py`` file of the project itself (not a migration or a test)."""
    if not rel.endswith(".py"):
        return False
    parts = rel.split("/")
    if "migrations" in parts[:-1] or "tests" in parts[:-1] or parts[0] in ("docs", "scripts"):
        return False
    name = parts[-1]
    return not (name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py")


def read_code(files: ProjectFiles) -> CodeFacts:
    """Scan every project ``.py`` file once."""
    facts = CodeFacts()
    for rel in files.paths:
        if not is_project_source(rel):
            continue
        text = files.text(rel)
        facts.python_files += 1
        if not _interesting(text):
            continue
        try:
            tree = ast.parse(text, filename=rel)
        except (SyntaxError, ValueError):
            facts.unparsable.append(rel)
            continue
        facts.admin_mentions += text.count("admin.site.urls")
        # URLconfs are not always called urls.py (config/urls/base.py, routes.py …).
        is_urls = rel.rsplit("/", 1)[-1] == "urls.py" or "urlpatterns" in text
        _Visitor(rel, facts, is_urls=is_urls).visit(tree)
    return facts


_MARKERS = (
    "Field",
    "urls",
    "admin",
    "sitemap",
    "handler",
    "getLogger",
    "logger",
    "logging",
    "print(",
    "anymail",
    "ratelimit",
    "sentry_sdk",
    "newrelic",
    "sensitive_post_parameters",
)


def _interesting(text: str) -> bool:
    return any(marker in text for marker in _MARKERS)


def _dotted(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.insert(0, node.id)
    elif isinstance(node, ast.Call):
        parts.insert(0, _dotted(node.func) + "()")
    return ".".join(parts)


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str, facts: CodeFacts, *, is_urls: bool) -> None:
        self.path = path
        self.facts = facts
        self.is_urls = is_urls
        self.target_name = ""

    def hit(self, node: ast.AST, label: str) -> SourceHit:
        return SourceHit(self.path, getattr(node, "lineno", 0), label)

    def visit_Assign(self, node: ast.Assign) -> None:
        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        for name in names:
            if name in ("handler400", "handler403", "handler404", "handler500"):
                self.facts.handlers[name] = self.hit(node, ast.unparse(node.value)[:80])
        self.target_name = names[0] if names else ""
        self.generic_visit(node)
        self.target_name = ""

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            call = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = _dotted(call)
            if name.endswith("ratelimit"):
                self.facts.ratelimit_uses.append(self.hit(decorator, name))
            if name.endswith("sensitive_post_parameters"):
                self.facts.sensitive_post_parameters += 1
            if name.endswith("receiver") and isinstance(decorator, ast.Call):
                signals = " ".join(_dotted(a) for a in decorator.args)
                if re.search(r"\b(post_send|tracking)\b", signals):
                    self.facts.anymail_receivers.append(self.hit(node, f"{self.path}:{node.name}"))
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func)
        last = name.rsplit(".", 1)[-1]
        if last in _FIELD_CALLS:
            self.file_field(node, last)
        elif last in ("path", "re_path", "url") and self.is_urls and len(node.args) >= 2:
            self.route(node)
        elif last == "getLogger" and ("logging" in name or name == "getLogger"):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Name) and arg.id == "__name__":
                self.facts.getlogger_name += 1
            else:
                label = ast.unparse(arg)[:60] if arg is not None else "the root logger"
                self.facts.getlogger_other.append(self.hit(node, label))
        elif (last in _LOG_METHODS and ("log" in name.lower())) or name == "print":
            text = " ".join(ast.unparse(a) for a in [*node.args, *node.keywords])
            found = _SENSITIVE_ARG.search(text)
            if found:
                self.facts.sensitive_logging.append(self.hit(node, f"{name}(… {found.group(0)} …)"))
        elif name.endswith(("post_send.connect", "tracking.connect")):
            self.facts.anymail_receivers.append(self.hit(node, name))
        elif name == "sentry_sdk.init":
            self.facts.sentry_inits.append(self.hit(node, name))
            self.facts.sentry_init_keywords.append(
                {k.arg: ast.unparse(k.value)[:200] for k in node.keywords if k.arg}
            )
        elif name.endswith("newrelic.agent.initialize") or name == "agent.initialize":
            self.facts.newrelic_initialize.append(self.hit(node, name))
        elif last == "ratelimit" or name.endswith("RateLimitMixin"):
            self.facts.ratelimit_uses.append(self.hit(node, name))
        self.generic_visit(node)

    def file_field(self, node: ast.Call, kind: str) -> None:
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        upload_to: str | None = None
        if "upload_to" in keywords:
            value = keywords["upload_to"]
            upload_to = (
                value.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str)
                else ast.unparse(value)[:80]
            )
        elif len(node.args) >= 3:  # FileField(verbose_name, name, upload_to, ...)
            upload_to = ast.unparse(node.args[2])[:80]
        validators: tuple[str, ...] = ()
        size = False
        if "validators" in keywords:
            source = ast.unparse(keywords["validators"])
            validators = tuple(re.findall(r"[A-Za-z_][\w.]*(?=\s*\(|\s*[,\]\)])", source))
            size = bool(re.search(r"size", source, re.IGNORECASE))
        self.facts.file_fields.append(
            FileFieldFact(
                self.path, node.lineno, self.target_name or "?", kind, upload_to, validators, size
            )
        )

    def route(self, node: ast.Call) -> None:
        view = ast.unparse(node.args[1])
        route = node.args[0]
        # A computed route (settings.ADMIN_URL) is shown in braces: its value is not known.
        label = (
            route.value
            if isinstance(route, ast.Constant) and isinstance(route.value, str)
            else "{" + ast.unparse(route)[:80] + "}"
        )
        if "admin.site.urls" in view or view.endswith("site.urls"):
            self.facts.admin_routes.append(self.hit(node, label))
        if "sitemap" in view.lower() or "sitemap" in label.lower():
            self.facts.sitemap_routes.append(self.hit(node, label))
