"""Terraform expressions: the :class:`~scanner.parsers.terraform.syntax.Expr` subclasses the HCL
and JSON readers build, and their evaluation.

Every expression evaluates against a :class:`Scope` to plain Python data (see ``semantics``).
Evaluation never raises for a user's mistake: a value that cannot be known is an ``Unknown``
and an evaluation error (a type mismatch, a missing key of a known object) an ``EvalError``,
both carrying a one-sentence reason. ``references()`` lists the traversals an expression reads
and ``source()`` renders it back as HCL. Templates live in ``templates.py``, operators in
``operators.py``, the functions in ``functions.py``; the node base and
literals are in ``expression_base.py`` and traversals in ``traversals.py`` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.parsers.terraform import operators
from scanner.parsers.terraform.expression_base import (
    ChildScope,
    Literal,
    MappingScope,
    Node,
    Reference,
    escape_string,
    render_value,
)
from scanner.parsers.terraform.semantics import ConversionError, EvalError, find_error, to_bool, to_string, type_name
from scanner.parsers.terraform.syntax import Expr, Scope, Unknown
from scanner.parsers.terraform.traversals import (
    AttrStep,
    IndexStep,
    RelativeTraversal,
    SplatStep,
    Step,
    Traversal,
    add_steps,
    apply_steps,
    materialize,
)

__all__ = [
    "AttrStep",
    "BinaryOp",
    "ChildScope",
    "Conditional",
    "ForExpr",
    "FunctionCall",
    "IndexStep",
    "Literal",
    "MappingScope",
    "Node",
    "ObjectCons",
    "Parenthesized",
    "Reference",
    "RelativeTraversal",
    "SplatStep",
    "Step",
    "Traversal",
    "TupleCons",
    "UnaryOp",
    "add_steps",
    "apply_steps",
    "escape_string",
    "has_error",
    "materialize",
    "render_value",
]

class Parenthesized(Node):
    """``(expr)``: the same value; kept for faithful source and object-key rules."""

    __slots__ = ("inner",)

    def __init__(self, inner: Expr, line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.inner = inner

    def _eval(self, scope: Scope) -> Any:
        return self.inner._eval(scope)  # type: ignore[attr-defined]

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.inner._refs(out, bound)  # type: ignore[attr-defined]

    def _src(self) -> str:
        return "(" + self.inner.source() + ")"


class TupleCons(Node):
    """``[a, b, c]``: a list whose unknown elements stay unknown individually."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[Expr, ...], line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.items = items

    def _eval(self, scope: Scope) -> Any:
        return [item._eval(scope) for item in self.items]  # type: ignore[attr-defined]

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        for item in self.items:
            item._refs(out, bound)  # type: ignore[attr-defined]

    def _src(self) -> str:
        return "[" + ", ".join(item.source() for item in self.items) + "]"


class ObjectCons(Node):
    """``{ key = value, ... }``; a bare identifier key is a string, other keys are evaluated."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[tuple[Expr, Expr], ...], line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.items = items

    def _eval(self, scope: Scope) -> Any:
        result: dict[str, Any] = {}
        for key_expr, value_expr in self.items:
            key = key_expr._eval(scope)  # type: ignore[attr-defined]
            if isinstance(key, Unknown):
                return key
            if key is None:
                return EvalError(f"object key {key_expr.source()} is null")
            try:
                key = to_string(key)
            except ConversionError:
                return EvalError(f"object key {key_expr.source()} must be a string, got {type_name(key)}")
            result[key] = value_expr._eval(scope)  # type: ignore[attr-defined]
        return result

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        for key_expr, value_expr in self.items:
            key_expr._refs(out, bound)  # type: ignore[attr-defined]
            value_expr._refs(out, bound)  # type: ignore[attr-defined]

    def _src(self) -> str:
        parts = [f"{_key_source(k)} = {v.source()}" for k, v in self.items]
        return "{" + ", ".join(parts) + "}"


def _key_source(key: Expr) -> str:
    if isinstance(key, Literal) and isinstance(key.value, str) and key.value.isidentifier():
        return key.value
    return key.source()


class FunctionCall(Node):
    """``name(args...)``; with ``expand_last`` the final argument is a list spread as arguments."""

    __slots__ = ("name", "args", "expand_last")

    def __init__(self, name: str, args: tuple[Expr, ...], expand_last: bool, line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.name = name
        self.args = args
        self.expand_last = expand_last

    def _eval(self, scope: Scope) -> Any:
        from scanner.parsers.terraform.functions import call_function

        return call_function(self, scope)

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        for arg in self.args:
            arg._refs(out, bound)  # type: ignore[attr-defined]

    def _src(self) -> str:
        args = ", ".join(arg.source() for arg in self.args)
        return f"{self.name}({args}{'...' if self.expand_last else ''})"


class Conditional(Node):
    """``cond ? a : b``: a known condition picks its branch even when the other is unknown."""

    __slots__ = ("condition", "if_true", "if_false")

    def __init__(self, condition: Expr, if_true: Expr, if_false: Expr, line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.condition = condition
        self.if_true = if_true
        self.if_false = if_false

    def _eval(self, scope: Scope) -> Any:
        condition = self.condition._eval(scope)  # type: ignore[attr-defined]
        if isinstance(condition, Unknown):
            return condition
        try:
            chosen = to_bool(condition) if condition is not None else None
        except ConversionError as error:
            return EvalError(f"the condition {self.condition.source()} is not a bool: {error}")
        if chosen is None:
            return EvalError(f"the condition {self.condition.source()} is null")
        branch = self.if_true if chosen else self.if_false
        return branch._eval(scope)  # type: ignore[attr-defined]

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        for part in (self.condition, self.if_true, self.if_false):
            part._refs(out, bound)  # type: ignore[attr-defined]

    def _src(self) -> str:
        return f"{self.condition.source()} ? {self.if_true.source()} : {self.if_false.source()}"


class BinaryOp(Node):
    """``a op b`` for arithmetic, comparison, equality and logical operators."""

    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Expr, right: Expr, line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.op = op
        self.left = left
        self.right = right

    def _eval(self, scope: Scope) -> Any:
        left = self.left._eval(scope)  # type: ignore[attr-defined]
        right = self.right._eval(scope)  # type: ignore[attr-defined]
        return operators.binary(self.op, left, right, self)

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.left._refs(out, bound)  # type: ignore[attr-defined]
        self.right._refs(out, bound)  # type: ignore[attr-defined]

    def _src(self) -> str:
        return f"{self.left.source()} {self.op} {self.right.source()}"


class UnaryOp(Node):
    """``!a`` or ``-a``."""

    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Expr, line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.op = op
        self.operand = operand

    def _eval(self, scope: Scope) -> Any:
        return operators.unary(self.op, self.operand._eval(scope), self)  # type: ignore[attr-defined]

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.operand._refs(out, bound)  # type: ignore[attr-defined]

    def _src(self) -> str:
        return self.op + self.operand.source()


class ForExpr(Node):
    """``[for k, v in coll : value if cond]`` or ``{for k, v in coll : key => value... if cond}``.

    Lists iterate by index, maps and objects by key in lexical order (as Terraform does).
    ``key_expr`` is None for the tuple form; ``grouping`` is the ``...`` of the object form.
    """

    __slots__ = ("key_var", "value_var", "collection", "key_expr", "value_expr", "condition", "grouping")

    def __init__(
        self,
        key_var: str | None,
        value_var: str,
        collection: Expr,
        key_expr: Expr | None,
        value_expr: Expr,
        condition: Expr | None,
        grouping: bool,
        line: int,
        end_line: int,
    ) -> None:
        super().__init__(line, end_line)
        self.key_var = key_var
        self.value_var = value_var
        self.collection = collection
        self.key_expr = key_expr
        self.value_expr = value_expr
        self.condition = condition
        self.grouping = grouping

    def _pairs(self, collection: Any) -> list[tuple[Any, Any]] | EvalError:
        if isinstance(collection, list):
            return list(enumerate(collection))
        if isinstance(collection, Mapping):
            return [(key, collection[key]) for key in sorted(collection)]
        if collection is None:
            return EvalError(f"cannot iterate over {self.collection.source()}: it is null")
        return EvalError(f"cannot iterate over {self.collection.source()}: it is a {type_name(collection)}")

    def _eval(self, scope: Scope) -> Any:
        collection = self.collection._eval(scope)  # type: ignore[attr-defined]
        if isinstance(collection, Unknown):
            return collection
        pairs = self._pairs(collection)
        if isinstance(pairs, EvalError):
            return pairs
        items: list[Any] = []
        mapping: dict[str, Any] = {}
        for key, value in pairs:
            names = {self.value_var: value}
            if self.key_var is not None:
                names[self.key_var] = key
            inner = ChildScope(scope, names)
            if self.condition is not None:
                keep = self.condition._eval(inner)  # type: ignore[attr-defined]
                if isinstance(keep, Unknown):
                    return keep
                try:
                    if keep is None or not to_bool(keep):
                        if keep is None:
                            return EvalError(f"the for-expression condition {self.condition.source()} is null")
                        continue
                except ConversionError as error:
                    return EvalError(f"the for-expression condition is not a bool: {error}")
            if self.key_expr is None:
                items.append(self.value_expr._eval(inner))  # type: ignore[attr-defined]
                continue
            result = self._add_entry(mapping, inner)
            if result is not None:
                return result
        return items if self.key_expr is None else mapping

    def _add_entry(self, mapping: dict[str, Any], inner: Scope) -> Unknown | None:
        assert self.key_expr is not None
        key = self.key_expr._eval(inner)  # type: ignore[attr-defined]
        if isinstance(key, Unknown):
            return key
        try:
            if key is None:
                raise ConversionError("it is null")
            key = to_string(key)
        except ConversionError as error:
            return EvalError(f"the for-expression key {self.key_expr.source()} is not a string: {error}")
        value = self.value_expr._eval(inner)  # type: ignore[attr-defined]
        if self.grouping:
            mapping.setdefault(key, []).append(value)
        elif key in mapping:
            return EvalError(f"the for-expression produced the key {key!r} twice; use '...' to group")
        else:
            mapping[key] = value
        return None

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.collection._refs(out, bound)  # type: ignore[attr-defined]
        inner = bound | {self.value_var} | ({self.key_var} if self.key_var else set())
        for part in (self.key_expr, self.value_expr, self.condition):
            if part is not None:
                part._refs(out, inner)  # type: ignore[attr-defined]

    def _src(self) -> str:
        names = f"{self.key_var}, {self.value_var}" if self.key_var else self.value_var
        intro = f"for {names} in {self.collection.source()} : "
        cond = f" if {self.condition.source()}" if self.condition is not None else ""
        if self.key_expr is None:
            return f"[{intro}{self.value_expr.source()}{cond}]"
        group = "..." if self.grouping else ""
        return f"{{{intro}{self.key_expr.source()} => {self.value_expr.source()}{group}{cond}}}"



def has_error(value: Any) -> bool:
    """True when ``value`` is or holds an :class:`EvalError`."""
    return find_error(value) is not None
