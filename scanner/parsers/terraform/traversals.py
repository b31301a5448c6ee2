"""Traversals: ``var.env``, ``aws_s3_bucket.logs[0].id``, ``var.list[*].name``, ``f(x).key``.

A traversal is a root name (or, for :class:`RelativeTraversal`, any expression) followed by
steps: ``.name`` (:class:`AttrStep`), ``[key]`` (:class:`IndexStep`) and splats
(:class:`SplatStep`). A missing root or a missing key of an :class:`OpenObject` is an Unknown
naming the traversal (``Unknown("data.aws_caller_identity.current.account_id")``); a missing key
of a fully known object, or a step that does not fit the value, is an ``EvalError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.parsers.terraform import operators
from scanner.parsers.terraform.expression_base import Literal, Node, Reference, _all_slots
from scanner.parsers.terraform.semantics import ConversionError, EvalError, OpenObject, to_string, type_name
from scanner.parsers.terraform.syntax import Expr, Scope, Unknown

class Step:
    """One step of a traversal: ``.name``, ``[key]`` or a splat."""

    __slots__ = ()

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        """Append references made by dynamic parts of the step."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, n) == getattr(other, n) for n in _all_slots(type(self))
        )

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in _all_slots(type(self)))

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_all_slots(type(self)), state):
            object.__setattr__(self, name, value)


class AttrStep(Step):
    """``.name``: an attribute of an object or a key of a map."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def source(self) -> str:
        """The step as written."""
        return "." + self.name


class IndexStep(Step):
    """``[key]``: a list index or a map key, where ``key`` is any expression."""

    __slots__ = ("key",)

    def __init__(self, key: Expr) -> None:
        self.key = key

    def static_key(self) -> str | int | None:
        """The key when it is a constant string or integer, else None."""
        key = self.key
        if isinstance(key, Literal):
            value = key.value
            if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
                return value
        return None

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.key._refs(out, bound)  # type: ignore[attr-defined]

    def source(self) -> str:
        """The step as written."""
        return "[" + self.key.source() + "]"


class SplatStep(Step):
    """``[*]`` (or the legacy ``.*`` when ``attr_only``) followed by the per-element steps."""

    __slots__ = ("steps", "attr_only")

    def __init__(self, steps: tuple[Step, ...], attr_only: bool) -> None:
        self.steps = steps
        self.attr_only = attr_only

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        for step in self.steps:
            step._refs(out, bound)

    def source(self) -> str:
        """The step as written."""
        return (".*" if self.attr_only else "[*]") + "".join(s.source() for s in self.steps)  # type: ignore[attr-defined]


def materialize(value: Any) -> Any:
    """Turn lazy mappings (a scope's locals, module outputs) into dicts, recursively."""
    if isinstance(value, Mapping) and not isinstance(value, dict):
        return {key: materialize(value[key]) for key in value}
    return value


def apply_steps(value: Any, steps: tuple[Step, ...], scope: Scope, describe: Expr) -> Any:
    """Follow ``steps`` from ``value``; a missing key or bad step gives Unknown or EvalError."""
    for position, step in enumerate(steps):
        if isinstance(value, Unknown):
            return value
        if isinstance(step, AttrStep):
            value = _get_key(value, step.name, describe, is_attr=True)
        elif isinstance(step, IndexStep):
            key = step.key._eval(scope)  # type: ignore[attr-defined]
            if isinstance(key, Unknown):
                return key
            value = _get_index(value, key, describe)
        else:
            assert isinstance(step, SplatStep)
            value = materialize(value)
            if value is None:
                items: list[Any] = []
            elif isinstance(value, list):
                items = value
            else:
                items = [value]
            value = [apply_steps(item, step.steps, scope, describe) for item in items]
            rest = steps[position + 1 :]
            return apply_steps(value, rest, scope, describe) if rest else value
    return materialize(value)


def _get_key(value: Any, key: str, describe: Expr, is_attr: bool) -> Any:
    if isinstance(value, Mapping):
        try:
            return value[key]
        except KeyError:
            if isinstance(value, OpenObject):
                return Unknown(describe.source())
            return EvalError(f"{describe.source()} does not exist")
    if value is None:
        return EvalError(f"{describe.source()}: cannot read {key!r} from a null value")
    if is_attr:
        return EvalError(f"{describe.source()}: cannot read attribute {key!r} of a {type_name(value)}")
    return EvalError(f"{describe.source()}: cannot index a {type_name(value)} with a string key")


def _get_index(value: Any, key: Any, describe: Expr) -> Any:
    if isinstance(value, list):
        try:
            index = operators.as_integer(key)
        except ConversionError as error:
            return EvalError(f"{describe.source()}: {error}")
        if 0 <= index < len(value):
            return value[index]
        return EvalError(f"{describe.source()}: index {index} is out of range for {len(value)} elements")
    if isinstance(value, Mapping):
        try:
            return _get_key(value, to_string(key), describe, is_attr=False)
        except ConversionError as error:
            return EvalError(f"{describe.source()}: {error}")
    if value is None:
        return EvalError(f"{describe.source()}: cannot index a null value")
    return EvalError(f"{describe.source()}: cannot index a {type_name(value)}")


def _static_path(steps: tuple[Step, ...]) -> list[Any]:
    path: list[Any] = []
    for step in steps:
        if isinstance(step, AttrStep):
            path.append(step.name)
        elif isinstance(step, IndexStep):
            key = step.static_key()
            if key is None:
                break
            path.append(key)
        else:
            break
    return path


class Traversal(Node):
    """A reference such as ``var.env``, ``aws_s3_bucket.logs[0].id`` or ``each.value``."""

    __slots__ = ("root", "steps")

    def __init__(self, root: str, steps: tuple[Step, ...], line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.root = root
        self.steps = steps

    def _eval(self, scope: Scope) -> Any:
        try:
            value = scope[self.root]
        except KeyError:
            return Unknown(self.source())
        return apply_steps(value, self.steps, scope, self)

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        if self.root not in bound:
            out.append((self.root, *_static_path(self.steps)))
        for step in self.steps:
            step._refs(out, bound)

    def _src(self) -> str:
        return self.root + "".join(step.source() for step in self.steps)  # type: ignore[attr-defined]


class RelativeTraversal(Node):
    """Steps applied to another expression's value: ``f(x).name``, ``[a, b][0]``, ``(x)[*].id``."""

    __slots__ = ("base", "steps")

    def __init__(self, base: Expr, steps: tuple[Step, ...], line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.base = base
        self.steps = steps

    def _eval(self, scope: Scope) -> Any:
        value = self.base._eval(scope)  # type: ignore[attr-defined]
        return apply_steps(value, self.steps, scope, self)

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.base._refs(out, bound)  # type: ignore[attr-defined]
        for step in self.steps:
            step._refs(out, bound)

    def _src(self) -> str:
        return self.base.source() + "".join(step.source() for step in self.steps)  # type: ignore[attr-defined]


def add_steps(base: Expr, steps: tuple[Step, ...], end_line: int) -> Expr:
    """Extend a traversal with ``steps`` (or wrap another expression in a relative traversal)."""
    if isinstance(base, Traversal):
        return Traversal(base.root, base.steps + steps, base.line, end_line)
    if isinstance(base, RelativeTraversal):
        return RelativeTraversal(base.base, base.steps + steps, base.line, end_line)
    return RelativeTraversal(base, steps, base.line, end_line)


