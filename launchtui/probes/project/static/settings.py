"""Read a Django settings module chain as Python syntax, without running any of it.

Follows ``from .base import *`` (and named imports) inside the project, ``+=``, ``.append``/
``.insert``/``.extend``, item assignment on dicts, and ``if``/``try`` branches (which make a value
:attr:`~Kind.CONDITIONAL`). Environment reads — ``os.environ[...]``, ``os.environ.get``,
``os.getenv``, django-environ's ``env(...)``/``env.bool(...)``/``env.db(...)``, python-decouple's
``config(...)`` and dj-database-url — become :attr:`~Kind.ENV` values with their fallback.
``exec``, ``globals().update`` and django-split-settings' ``include()`` make the chain opaque:
a setting it does not assign is then unknown rather than Django's default.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from launchtui.probes.project.static.values import Call, Kind, SettingsChain, Value

_MAX_CHAIN = 20  # settings modules followed through star imports
_MAX_LITERAL = 100_000  # characters/elements a computed literal may reach
_ENVIRON_METHODS = {
    "str",
    "bool",
    "int",
    "float",
    "list",
    "tuple",
    "dict",
    "json",
    "url",
    "db",
    "db_url",
    "cache",
    "cache_url",
    "email",
    "email_url",
    "search_url",
    "path",
    "parse_value",
}
_OPAQUE_CALLS = {"exec", "include", "optional", "eval"}
_MISSING = object()


def module_file(root: Path, module: str) -> Path | None:
    """The file of a dotted module inside the project (``root`` or ``root/src``), if there."""
    parts = module.split(".")
    if not all(p.isidentifier() for p in parts):
        return None
    for base in (root, root / "src"):
        candidate = base.joinpath(*parts)
        if candidate.with_suffix(".py").is_file():
            return candidate.with_suffix(".py")
        if (candidate / "__init__.py").is_file():
            return candidate / "__init__.py"
    return None


def read_settings(root: Path, module: str) -> SettingsChain:
    """Read ``module`` and the settings modules it star-imports, as the settings chain."""
    chain = SettingsChain(module=module)
    reader = _Reader(root, chain)
    reader.read_module(module, stack=())
    chain.values = dict(reader.names_assigned())
    chain.items = reader.items
    return chain


class _Reader:
    def __init__(self, root: Path, chain: SettingsChain) -> None:
        self.root = root
        self.chain = chain
        self.ns: dict[str, Value] = {}
        # Names bound to things that read the environment: "os", "environ" (os.environ),
        # "getenv", "env" (an environ.Env), "config" (decouple), "dj_database_url", ...
        self.aliases: dict[str, str] = {}
        self.module = ""
        self.package = ""
        self.conditional_depth = 0
        self.items: dict[tuple[Any, ...], Value] = {}
        self._stack: tuple[str, ...] = ()

    def names_assigned(self) -> Iterable[tuple[str, Value]]:
        for name, value in self.ns.items():
            if name.isupper() or (name[:1].isupper() and "_" in name):
                yield name, value

    # -- modules -------------------------------------------------------------------------------

    def read_module(self, module: str, stack: tuple[str, ...]) -> bool:
        path = module_file(self.root, module)
        if path is None:
            return False
        if module in stack or len(stack) >= _MAX_CHAIN:
            return True
        try:
            source = path.read_text(encoding="utf-8", errors="replace")
            tree = ast.parse(source, filename=str(path))
        except (OSError, SyntaxError, ValueError) as exc:
            self.chain.errors.append(f"{self._rel(path)}: cannot be read ({exc})")
            return True
        self.chain.files.append(self._rel(path))
        saved = (self.module, self.package, self.aliases)
        self.module = self._rel(path)
        self.package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        self.aliases = dict(self.aliases)
        self._stack = (*stack, module)
        self.block(tree.body)
        exported = {k: v for k, v in self.aliases.items() if not k.startswith("_")}
        self.module, self.package, self.aliases = saved
        # ``from .base import *`` (and ``from .base import env``) bring base's names along,
        # ``env = environ.Env()`` included.
        self.aliases.update(exported)
        return True

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    # -- statements ----------------------------------------------------------------------------

    def block(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                self.aliases[name] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            self.import_from(node)
        elif isinstance(node, ast.Assign):
            value = self.expr(node.value)
            for target in node.targets:
                self.assign(target, value, node)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.assign(node.target, self.expr(node.value), node)
        elif isinstance(node, ast.AugAssign):
            self.aug_assign(node)
        elif isinstance(node, ast.Expr):
            self.expression_statement(node.value)
        elif isinstance(node, ast.If):
            self.branches([node.body, node.orelse], node)
        elif isinstance(node, ast.Try | ast.TryStar):
            bodies = [node.body + node.orelse, *[h.body for h in node.handlers]]
            self.branches(bodies, node)
            self.block(node.finalbody)
        elif isinstance(node, ast.With):
            self.block(node.body)
        elif isinstance(node, ast.For | ast.While | ast.AsyncFor):
            for name in _assigned_names(node):
                self.ns[name] = self._located(Value(Kind.UNKNOWN, expr="set in a loop"), node)
            # ``for db in DATABASES.values(): db["X"] = ...`` changes what the loop walks over.
            walked = node.test if isinstance(node, ast.While) else node.iter
            for name in {n.id for n in ast.walk(walked) if isinstance(n, ast.Name)}:
                if name in self.ns and name.isupper():
                    self.ns[name] = self._located(
                        Value(Kind.UNKNOWN, expr=f"{name} is changed in a loop"), node
                    )
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self.ns[node.name] = self._located(Value(Kind.UNKNOWN, expr=node.name), node)

    def import_from(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level:
            base = self.package.split(".") if self.package else []
            if node.level > 1:
                base = base[: len(base) - (node.level - 1)]
            module = ".".join([*base, module] if module else base)
        top = module.split(".")[0]
        star = any(alias.name == "*" for alias in node.names)
        if star:
            if not self.read_module(module, self._stack):
                self.chain.opaque.append(f"it star-imports {module}, which is not in the project")
            return
        if module in ("os", "os.path") or top in ("environ", "decouple", "dj_database_url"):
            for alias in node.names:
                self.aliases[alias.asname or alias.name] = f"{module}.{alias.name}"
            return
        local = module_file(self.root, module)
        if local is None:
            for alias in node.names:
                name = alias.asname or alias.name
                self.ns[name] = self._located(Value(Kind.UNKNOWN, expr=f"{module}.{name}"), node)
            return
        # A named import from a project settings module: read it aside and take those names.
        aside = _Reader(self.root, SettingsChain(module=module))
        aside.read_module(module, self._stack)
        for alias in node.names:
            name = alias.asname or alias.name
            if alias.name in aside.ns:
                self.ns[name] = aside.ns[alias.name]
            if alias.name in aside.aliases:
                self.aliases[name] = aside.aliases[alias.name]

    def assign(self, target: ast.expr, value: Value, node: ast.stmt) -> None:
        value = self._located(value, node)
        if isinstance(target, ast.Name):
            if self.conditional_depth == 0:
                self._note_alias(target.id, node)
            self.ns[target.id] = value
            for path in [p for p in self.items if p[0] == target.id]:
                del self.items[path]
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self.assign(element, Value(Kind.UNKNOWN, expr="unpacked"), node)
        elif isinstance(target, ast.Subscript):
            self.set_item(target, value, node)

    def _note_alias(self, name: str, node: ast.stmt) -> None:
        # ``env = environ.Env()`` / ``env = Env(...)`` make ``env(...)`` an environment read.
        value = getattr(node, "value", None)
        if isinstance(value, ast.Call) and self.callee(value.func) in (
            "environ.Env",
            "environ.environ.Env",
        ):
            self.aliases[name] = "environ.Env()"
        elif isinstance(value, ast.Attribute | ast.Name) and self.callee(value) in (
            "os.environ",
            "os.getenv",
            "decouple.config",
        ):
            self.aliases[name] = self.callee(value)
        else:
            self.aliases.pop(name, None)

    def set_item(self, target: ast.Subscript, value: Value, node: ast.stmt) -> None:
        # LOGGING["loggers"]["x"] = {...}: update the literal dict when every key is literal.
        keys: list[Any] = []
        current: ast.expr = target
        while isinstance(current, ast.Subscript):
            key = self.expr(current.slice)
            if key.kind is not Kind.LITERAL:
                return self._spoil(current, node)
            keys.insert(0, key.value)
            current = current.value
        if not isinstance(current, ast.Name) or current.id not in self.ns:
            return None
        path = (current.id, *keys)
        if self.conditional_depth:
            before = self.items.get(path, Value(Kind.UNSET))
            value = self._located(
                Value(Kind.CONDITIONAL, options=(value, before), expr="set in an if/try"), node
            )
        self.items[path] = value
        root_value = self.ns[current.id]
        if root_value.kind is not Kind.LITERAL or not isinstance(root_value.value, dict):
            return None
        if value.kind is not Kind.LITERAL:
            return self._spoil(current, node, partial=(keys, value))
        updated = _deep_copy(root_value.value)
        cursor = updated
        for key in keys[:-1]:
            cursor = cursor.get(key) if isinstance(cursor, dict) else None
            if not isinstance(cursor, dict):
                return None
        cursor[keys[-1]] = value.value
        self.ns[current.id] = replace(root_value, value=updated)
        return None

    def _spoil(
        self, target: ast.expr, node: ast.stmt, partial: tuple[list[Any], Value] | None = None
    ) -> None:
        while isinstance(target, ast.Subscript):
            target = target.value
        if isinstance(target, ast.Name) and target.id in self.ns:
            old = self.ns[target.id]
            detail = "an item is set from the environment" if partial else "an item is computed"
            options = (old, partial[1]) if partial else (old,)
            kind = Kind.CONDITIONAL if partial and partial[1].from_env else Kind.UNKNOWN
            self.ns[target.id] = self._located(
                Value(kind, expr=detail, options=options, value=old.value), node
            )

    def aug_assign(self, node: ast.AugAssign) -> None:
        if not isinstance(node.target, ast.Name):
            return
        name = node.target.id
        old = self.ns.get(name, Value(Kind.UNKNOWN, expr=f"{name} from elsewhere"))
        right = self.expr(node.value)
        self.ns[name] = self._located(self.binop(node.op, old, right, f"{name} +="), node)

    def expression_statement(self, call: ast.expr) -> None:
        if not isinstance(call, ast.Call):
            return
        name = self.callee(call.func)
        if name in _OPAQUE_CALLS or name.endswith(".include") or name == "globals.update":
            self.chain.opaque.append(f"it calls {name}() at {self.module}:{call.lineno}")
            self.forget_settings(f"{name}() at {self.module}:{call.lineno} may change it", call)
            return
        if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
            owner = call.func.value.id
            method = call.func.attr
            if owner in self.ns and method in ("append", "insert", "extend", "remove"):
                self.mutate_list(owner, method, call)
                return
            if name.endswith("globals().update") or (method == "update" and owner == "globals"):
                self.chain.opaque.append(f"it updates globals() at {self.module}:{call.lineno}")
                self.forget_settings(f"globals() is updated at {self.module}:{call.lineno}", call)
                return
        # ``DATABASES["default"].update(...)`` and the like change a setting in place.
        if isinstance(call.func, ast.Attribute) and call.func.attr in _MUTATORS:
            root: ast.expr = call.func.value
            while isinstance(root, ast.Subscript | ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in self.ns and root.id.isupper():
                self.ns[root.id] = self._located(
                    Value(Kind.UNKNOWN, expr=f"{root.id} is changed by .{call.func.attr}()"), call
                )
                return
        keywords = {k.arg: self.expr(k.value) for k in call.keywords if k.arg}
        args = tuple(self.expr(a) for a in call.args)
        self.chain.calls.append(Call(name, keywords, args, self.module, call.lineno))

    def forget_settings(self, why: str, call: ast.Call) -> None:
        """Settings assigned so far are unknown after ``exec``/``globals().update``: they may
        have been overwritten by code the reader cannot see."""
        for name in [n for n in self.ns if n.isupper()]:
            self.ns[name] = self._located(Value(Kind.UNKNOWN, expr=why), call)

    def mutate_list(self, owner: str, method: str, call: ast.Call) -> None:
        old = self.ns[owner]
        args = [self.expr(a) for a in call.args]
        if (
            old.kind is Kind.LITERAL
            and isinstance(old.value, list | tuple)
            and all(a.kind is Kind.LITERAL for a in args)
        ):
            items = list(old.value)
            try:
                if method == "append" and len(args) == 1:
                    items.append(args[0].value)
                elif method == "insert" and len(args) == 2:
                    items.insert(int(args[0].value), args[1].value)
                elif method == "extend" and len(args) == 1:
                    items.extend(args[0].value)
                elif method == "remove" and len(args) == 1:
                    items.remove(args[0].value)
                else:
                    raise ValueError(method)
            except (ValueError, TypeError):
                pass
            else:
                self.ns[owner] = replace(old, value=items, line=call.lineno, module=self.module)
                return
        self.ns[owner] = self._located(
            Value(Kind.CONDITIONAL, expr=f"{owner}.{method}()", options=(old, *args)), call
        )

    def branches(self, bodies: list[list[ast.stmt]], node: ast.stmt) -> None:
        before = dict(self.ns)
        outcomes: list[dict[str, Value]] = []
        self.conditional_depth += 1
        for body in bodies:
            self.ns = dict(before)
            self.block(body)
            outcomes.append(self.ns)
        self.conditional_depth -= 1
        if isinstance(node, ast.If) and not node.orelse:
            outcomes.append(before)
        merged = dict(before)
        for name in {n for outcome in outcomes for n in outcome}:
            seen = [o.get(name) for o in outcomes]
            values = [v for v in seen if v is not None]
            distinct: list[Value] = []
            for v in values:
                if not any(_same(v, d) for d in distinct):
                    distinct.append(v)
            if len(distinct) == 1 and len(values) == len(seen):
                merged[name] = distinct[0]
            else:
                if len(values) < len(seen):
                    distinct.append(Value(Kind.UNSET))
                merged[name] = self._located(
                    Value(Kind.CONDITIONAL, options=tuple(distinct), expr="if/try branches"), node
                )
        self.ns = merged

    # -- expressions ---------------------------------------------------------------------------

    def callee(self, func: ast.expr) -> str:
        """A callee's dotted name, aliases resolved (``env.bool`` → ``environ.Env().bool``)."""
        parts: list[str] = []
        current = func
        while isinstance(current, ast.Attribute):
            parts.insert(0, current.attr)
            current = current.value
        if isinstance(current, ast.Call):
            parts.insert(0, self.callee(current.func) + "()")
            return ".".join(parts)
        if not isinstance(current, ast.Name):
            return ""
        head = self.aliases.get(current.id, current.id)
        return ".".join([head, *parts])

    def expr(self, node: ast.expr) -> Value:
        try:
            return self._expr(node)
        except RecursionError:
            return Value(Kind.UNKNOWN, expr="too deeply nested")

    def _expr(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Constant):
            return Value(Kind.LITERAL, value=node.value)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [self._expr(e) for e in node.elts if not isinstance(e, ast.Starred)]
            if len(items) == len(node.elts) and all(i.kind is Kind.LITERAL for i in items):
                values = [i.value for i in items]
                return Value(
                    Kind.LITERAL, value=tuple(values) if isinstance(node, ast.Tuple) else values
                )
            return _mixed(items, _source(node))
        if isinstance(node, ast.Dict):
            keys = [self._expr(k) if k is not None else None for k in node.keys]
            vals = [self._expr(v) for v in node.values]
            if all(k is not None and k.kind is Kind.LITERAL for k in keys) and all(
                v.kind is Kind.LITERAL for v in vals
            ):
                try:
                    return Value(
                        Kind.LITERAL,
                        value={k.value: v.value for k, v in zip(keys, vals, strict=True) if k},
                    )
                except TypeError:
                    pass
            return _mixed([v for v in vals], _source(node), dict_keys=keys, dict_values=vals)
        if isinstance(node, ast.Name):
            if node.id in self.ns:
                return self.ns[node.id]
            return Value(Kind.UNKNOWN, expr=node.id)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node.op, self._expr(node.left), self._expr(node.right), _source(node))
        if isinstance(node, ast.UnaryOp):
            operand = self._expr(node.operand)
            if operand.kind is Kind.LITERAL:
                try:
                    if isinstance(node.op, ast.Not):
                        return Value(Kind.LITERAL, value=not operand.value)
                    if isinstance(node.op, ast.USub):
                        return Value(Kind.LITERAL, value=-operand.value)
                except TypeError:
                    pass
            return _derived([operand], _source(node))
        if isinstance(node, ast.JoinedStr):
            parts = [
                self._expr(v.value) if isinstance(v, ast.FormattedValue) else self._expr(v)
                for v in node.values
            ]
            if all(p.kind is Kind.LITERAL for p in parts):
                return Value(Kind.LITERAL, value="".join(str(p.value) for p in parts))
            return _derived(parts, _source(node))
        if isinstance(node, ast.IfExp):
            test = self._expr(node.test)
            body, orelse = self._expr(node.body), self._expr(node.orelse)
            if test.kind is Kind.LITERAL:
                return body if test.value else orelse
            if test.from_env:
                return Value(Kind.CONDITIONAL, options=(body, orelse, test), expr=_source(node))
            return Value(Kind.CONDITIONAL, options=(body, orelse), expr=_source(node))
        if isinstance(node, ast.Compare | ast.BoolOp):
            operands = (
                [node.left, *node.comparators] if isinstance(node, ast.Compare) else node.values
            )
            values = [self._expr(o) for o in operands]
            return _derived(values, _source(node))
        if isinstance(node, ast.Attribute):
            name = self.callee(node)
            return Value(Kind.UNKNOWN, expr=name or _source(node))
        return Value(Kind.UNKNOWN, expr=_source(node))

    def subscript(self, node: ast.Subscript) -> Value:
        owner = self.callee(node.value) if isinstance(node.value, ast.Attribute | ast.Name) else ""
        key = self._expr(node.slice)
        if owner == "os.environ" and key.kind is Kind.LITERAL:
            return Value(Kind.ENV, env_name=str(key.value), expr=_source(node))
        base = self._expr(node.value)
        if base.kind is Kind.LITERAL and key.kind is Kind.LITERAL:
            try:
                return Value(Kind.LITERAL, value=base.value[key.value])
            except (KeyError, IndexError, TypeError):
                return Value(Kind.UNKNOWN, expr=_source(node))
        return _derived([base, key], _source(node))

    def call(self, node: ast.Call) -> Value:
        name = self.callee(node.func)
        args = node.args
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        default_node = keywords.get("default")
        env_name = ""
        if name in ("os.environ.get", "os.getenv", "os.environ.setdefault") or (
            name.startswith("environ.Env()") or name.startswith("decouple.config")
        ):
            method = name.rsplit(".", 1)[-1]
            if name.startswith("environ.Env()") and method not in (*_ENVIRON_METHODS, "Env()"):
                return Value(Kind.UNKNOWN, expr=_source(node))
            if args:
                first = self._expr(args[0])
                env_name = str(first.value) if first.kind is Kind.LITERAL else "?"
            elif "var" in keywords:
                first = self._expr(keywords["var"])
                env_name = str(first.value) if first.kind is Kind.LITERAL else "?"
            if default_node is None and len(args) > 1 and name.startswith("os."):
                default_node = args[1]
            default = self._expr(default_node) if default_node is not None else None
            return Value(Kind.ENV, env_name=env_name, default=default, expr=_source(node))
        if name.startswith("dj_database_url.") and name.endswith((".config", ".parse")):
            env = "DATABASE_URL"
            if name.endswith(".parse") and args:
                inner = self._expr(args[0])
                if inner.kind is Kind.LITERAL:
                    return Value(Kind.LITERAL, value={"URL": inner.value}, expr=_source(node))
                return replace(inner, expr=_source(node)) if inner.from_env else inner
            if "env" in keywords:
                e = self._expr(keywords["env"])
                env = str(e.value) if e.kind is Kind.LITERAL else "?"
            default = self._expr(default_node) if default_node is not None else None
            return Value(Kind.ENV, env_name=env, default=default, expr=_source(node))
        values = [self._expr(a) for a in args] + [self._expr(v) for v in keywords.values()]
        if name in ("bool", "int", "str", "float", "list", "tuple") and len(values) == 1:
            only = values[0]
            if only.kind is Kind.LITERAL:
                try:
                    converted = {
                        "bool": bool,
                        "int": int,
                        "str": str,
                        "float": float,
                        "list": list,
                        "tuple": tuple,
                    }[name](only.value)
                    return Value(Kind.LITERAL, value=converted)
                except (TypeError, ValueError):
                    return Value(Kind.UNKNOWN, expr=_source(node))
            return only
        if isinstance(node.func, ast.Attribute) and node.func.attr in (
            "lower",
            "upper",
            "strip",
            "split",
            "startswith",
            "endswith",
            "format",
            "replace",
        ):
            owner = self._expr(node.func.value)
            if owner.kind is Kind.LITERAL:
                try:
                    result = getattr(owner.value, node.func.attr)(
                        *[v.value for v in values if v.kind is Kind.LITERAL]
                    )
                    return Value(Kind.LITERAL, value=result)
                except (TypeError, ValueError, AttributeError):
                    return Value(Kind.UNKNOWN, expr=_source(node))
            return _derived([owner, *values], _source(node))
        return _derived(values, _source(node), unknown=True)

    def binop(self, op: ast.operator, left: Value, right: Value, expr: str) -> Value:
        if left.kind is Kind.LITERAL and right.kind is Kind.LITERAL:
            try:
                result = _apply(op, left.value, right.value)
            except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                return Value(Kind.UNKNOWN, expr=expr)
            if result is not _MISSING:
                return Value(Kind.LITERAL, value=result)
        if isinstance(op, ast.Add) and _is_list(left) and _is_list(right):
            return Value(Kind.CONDITIONAL, options=(left, right), expr=expr)
        return _derived([left, right], expr)

    def _located(self, value: Value, node: ast.AST) -> Value:
        return replace(value, module=self.module, line=getattr(node, "lineno", 0))


_MUTATORS = frozenset({"update", "setdefault", "pop", "popitem", "clear", "add", "discard"})


def _is_list(value: Value) -> bool:
    return isinstance(value.value, list | tuple) or value.kind is not Kind.LITERAL


def _apply(op: ast.operator, left: Any, right: Any) -> Any:
    if isinstance(left, bool) or isinstance(right, bool):
        return _MISSING
    if isinstance(op, ast.Add):
        if isinstance(left, list) and isinstance(right, tuple):
            right = list(right)
        if isinstance(left, tuple) and isinstance(right, list):
            left = list(left)
        result = left + right
    elif (
        isinstance(op, ast.Mult)
        and isinstance(left, int | float)
        and isinstance(right, int | float)
    ):
        result = left * right
    elif isinstance(op, ast.Sub | ast.FloorDiv | ast.Div | ast.Pow) and all(
        isinstance(v, int | float) for v in (left, right)
    ):
        if isinstance(op, ast.Pow) and abs(right) > 64:
            return _MISSING
        if isinstance(op, ast.Sub):
            result = left - right
        elif isinstance(op, ast.FloorDiv):
            result = left // right
        elif isinstance(op, ast.Div):
            result = left / right
        else:
            result = left**right
    elif isinstance(op, ast.Mod) and isinstance(left, str):
        result = left % right
    else:
        return _MISSING
    if isinstance(result, str | list | tuple) and len(result) > _MAX_LITERAL:
        return _MISSING
    return result


def _derived(values: list[Value], expr: str, *, unknown: bool = False) -> Value:
    """A value computed from others: it follows the environment if any part does."""
    env = [v for v in values if v.from_env]
    if env:
        first = (
            next(v for v in env if v.kind is Kind.ENV)
            if any(v.kind is Kind.ENV for v in env)
            else env[0]
        )
        if first.kind is Kind.ENV:
            return Value(Kind.ENV, env_name=first.env_name, default=None, expr=expr)
        return Value(Kind.CONDITIONAL, options=tuple(env), expr=expr)
    return Value(Kind.UNKNOWN, expr=expr)


def _mixed(
    items: list[Value],
    expr: str,
    dict_keys: list[Value | None] | None = None,
    dict_values: list[Value] | None = None,
) -> Value:
    """A container with some non-literal parts: keep the literal parts for judges to read.

    ``value`` holds the container with each non-literal element replaced by the element's
    :class:`Value`, so a judge can still see ``{"default": {"BACKEND": "…redis…", "LOCATION":
    Value(ENV)}}``; ``options`` holds the non-literal parts, so the environment is still seen.
    """
    partial: Any
    if dict_keys is not None and dict_values is not None:
        partial = {}
        for key, val in zip(dict_keys, dict_values, strict=True):
            if key is None or key.kind is not Kind.LITERAL:
                continue
            try:
                partial[key.value] = val.value if val.kind is Kind.LITERAL else val
            except TypeError:
                continue
    else:
        partial = [i.value if i.kind is Kind.LITERAL else i for i in items]
    loose = tuple(i for i in items if i.kind is not Kind.LITERAL)
    kind = Kind.CONDITIONAL if any(i.from_env for i in loose) else Kind.UNKNOWN
    return Value(kind, value=partial, options=loose, expr=expr)


def _same(a: Value, b: Value) -> bool:
    return (a.kind, a.env_name, a.expr) == (b.kind, b.env_name, b.expr) and _eq(a.value, b.value)


def _eq(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def _source(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:200]
    except Exception:
        return type(node).__name__


def _assigned_names(node: ast.AST) -> set[str]:
    return {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
