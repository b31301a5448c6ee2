"""The base of every Terraform expression node, scopes, and the literal constant.

:class:`Node` implements the :class:`~scanner.parsers.terraform.syntax.Expr` contract on top of
three methods each node class provides (``_eval``, ``_refs``, ``_src``), and makes nodes
compact (``__slots__``), comparable and picklable. :class:`ChildScope` adds the names bound
by for-expressions; :class:`MappingScope` is a scope over a plain mapping.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scanner.parsers.terraform.semantics import ConversionError, EvalError, format_number, is_number
from scanner.parsers.terraform.syntax import Expr, Scope

Reference = tuple[Any, ...]
_NESTED_TOO_DEEPLY = "the expression is nested too deeply to evaluate"


class Node(Expr):
    """Base of every expression class here: ``line``/``end_line`` are its first and last line.

    Subclasses implement ``_eval``, ``_refs`` and ``_src``; the public methods wrap them so that
    even absurdly deep nesting gives an ``EvalError`` instead of a ``RecursionError``.
    """

    __slots__ = ("line", "end_line")

    def __init__(self, line: int, end_line: int) -> None:
        self.line = line
        self.end_line = end_line

    def evaluate(self, scope: Scope) -> Any:
        """The value of the expression in ``scope`` (never raises for user input)."""
        try:
            return self._eval(scope)
        except RecursionError:
            return EvalError(_NESTED_TOO_DEEPLY)

    def references(self) -> list[Reference]:
        """Traversals read, as ``(root, step, ...)`` tuples in source order (see ``Expr``)."""
        out: list[Reference] = []
        try:
            self._refs(out, frozenset())
        except RecursionError:
            pass
        return out

    def source(self) -> str:
        """The expression rendered as HCL source."""
        try:
            return self._src()
        except RecursionError:
            return "..."

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.source()!r}, line={self.line})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.line))

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _all_slots(type(self)))

    def __getstate__(self) -> tuple[Any, ...]:
        return self._key()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_all_slots(type(self)), state):
            object.__setattr__(self, name, value)

    def _eval(self, scope: Scope) -> Any:
        raise NotImplementedError

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        """Append the references of this expression, ignoring names in ``bound``."""

    def _src(self) -> str:
        raise NotImplementedError


_SLOTS_CACHE: dict[type, tuple[str, ...]] = {}


def _all_slots(cls: type) -> tuple[str, ...]:
    slots = _SLOTS_CACHE.get(cls)
    if slots is None:
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            names.extend(getattr(klass, "__slots__", ()))
        slots = _SLOTS_CACHE[cls] = tuple(names)
    return slots


class ChildScope(Scope):
    """A scope that adds names (for-expression and template-for iterators) over a parent scope."""

    __slots__ = ("parent", "names")

    def __init__(self, parent: Mapping[str, Any], names: dict[str, Any]) -> None:
        self.parent = parent
        self.names = names

    def __getitem__(self, key: str) -> Any:
        if key in self.names:
            return self.names[key]
        return self.parent[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.names
        yield from (name for name in self.parent if name not in self.names)

    def __len__(self) -> int:
        return len(set(self.names) | set(self.parent))


class MappingScope(Scope):
    """A scope over a plain mapping of root names (for tfvars, tests and simple callers)."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self.values = dict(values or {})

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


class Literal(Node):
    """A constant: a number, a bool, null or a string without interpolation."""

    __slots__ = ("value",)

    def __init__(self, value: Any, line: int, end_line: int | None = None) -> None:
        super().__init__(line, line if end_line is None else end_line)
        self.value = value

    def _eval(self, scope: Scope) -> Any:
        return self.value

    def _src(self) -> str:
        return render_value(self.value)


def render_value(value: Any) -> str:
    """Render a constant value as HCL source (strings quoted and escaped)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        try:
            return format_number(value)
        except ConversionError:
            return repr(value)
    if isinstance(value, str):
        return '"' + escape_string(value) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(render_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render_value(k)} = {render_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def escape_string(text: str) -> str:
    """Escape literal text for a quoted HCL string (quotes, backslashes, newlines, ``${``/``%{``)."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("${", "$${")
        .replace("%{", "%%{")
    )


