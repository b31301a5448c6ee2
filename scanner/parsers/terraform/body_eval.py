"""Evaluate a block body into values and attribute lines: attributes, nested and dynamic blocks.

A body's top-level names become :class:`Member` values: an attribute is its evaluated
expression; a nested block type is a LIST of objects (even when written once, like hcl2json),
``dynamic`` blocks included, expanded with their iterator when ``for_each`` is known and an
Unknown entry otherwise. Each member carries the lines of what it is made of: ``bucket``,
``tags.Env`` (keys written literally), ``versioning[0]``, ``ingress[1].cidr_blocks``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanner.model import InputError
from scanner.parsers.terraform.expansion import Budget
from scanner.parsers.terraform.expressions import FunctionCall, Literal, ObjectCons, Parenthesized, Traversal, TupleCons
from scanner.parsers.terraform.scope import ModuleScope
from scanner.parsers.terraform.syntax import Attribute, Block, Body, Expr, Unknown
from scanner.parsers.terraform.values import join_path

FORMAT = "terraform"
_LIFECYCLE_TRAVERSAL_LISTS = frozenset({"ignore_changes", "replace_triggered_by"})
_UNSET: Any = object()
#: Expressions that can hold literally written keys or elements (others have no inner lines).
_STRUCTURED = (ObjectCons, TupleCons, FunctionCall, Parenthesized)


@dataclass
class Member:
    """One top-level name of a body: its value, what ``attrs`` shows (differs only for a
    ``jsonencode`` whose result is partly unknown: the object, not an Unknown), and its lines."""

    value: Any
    lines: dict[str, int] = field(default_factory=dict)
    shown: Any = None
    has_shown: bool = False

    def attr_value(self) -> Any:
        """The value to put in ``attrs``."""
        return self.shown if self.has_shown else self.value


class BodyEvaluator:
    """Evaluates bodies of one file; problems (too many dynamic instances) go to ``errors``, and
    dynamic blocks draw on the evaluation's instance ``budget`` when one is given."""

    def __init__(self, path: str, max_instances: int, errors: list[InputError], budget: Budget | None = None) -> None:
        self.path = path
        self.max_instances = max_instances
        self.errors = errors
        self.budget = budget

    def members(self, body: Body, scope: ModuleScope, skip: frozenset[str] = frozenset()) -> dict[str, Member]:
        """Every attribute and nested block type of ``body`` not in ``skip``, in source order."""
        result: dict[str, Member] = {}
        for name, attribute in body.attributes.items():
            if name not in skip:
                result[name] = self.attribute(attribute, scope, name)
        for block_type, blocks in _blocks_by_type(body).items():
            if block_type in skip:
                continue
            if block_type == "lifecycle":
                result[block_type] = self.lifecycle(blocks, scope)
            else:
                result[block_type] = self.blocks(block_type, blocks, scope, block_type)
        return result

    def attribute(self, attribute: Attribute, scope: ModuleScope, path: str, value: Any = _UNSET) -> Member:
        """Evaluate one attribute written at attribute path ``path`` (``value``: already evaluated)."""
        if value is _UNSET:
            value = attribute.expr.evaluate(scope)
        lines = {path: attribute.line}
        literal_lines(attribute.expr, path, lines)
        member = Member(value, lines)
        if isinstance(value, Unknown):
            argument = jsonencode_argument(attribute.expr)
            if argument is not None:
                member.shown, member.has_shown = argument.evaluate(scope), True
        return member

    def blocks(self, block_type: str, blocks: list[Block], scope: ModuleScope, path: str) -> Member:
        """The list of objects made by the static and dynamic blocks of one type, in source order."""
        objects: list[Any] = []
        lines: dict[str, int] = {}
        for block in blocks:
            if block.type == "dynamic":
                self._dynamic(block, scope, path, objects, lines)
                continue
            item_path = join_path(path, len(objects))
            lines[item_path] = block.line
            objects.append(self.block_object(block.body, scope, item_path, lines))
        return Member(objects, lines)

    def block_object(self, body: Body, scope: ModuleScope, path: str, lines: dict[str, int]) -> dict[str, Any]:
        """One nested block as an object; its lines are added to ``lines`` under ``path``."""
        obj: dict[str, Any] = {}
        for name, member in self.members(body, scope).items():
            obj[name] = member.value
            for key, line in member.lines.items():
                lines[f"{path}.{key}"] = line
        return obj

    def _dynamic(self, block: Block, scope: ModuleScope, path: str, objects: list[Any], lines: dict[str, int]) -> None:
        """Expand one ``dynamic`` block into ``objects``."""
        name = block.labels[0] if block.labels else "dynamic"
        iterator = _iterator_name(block) or name
        content = next((nested for nested in block.body.blocks if nested.type == "content"), None)
        each_attr = block.body.attributes.get("for_each")
        collection = each_attr.expr.evaluate(scope) if each_attr is not None else Unknown("for_each is missing")
        pairs = _dynamic_pairs(collection)
        if isinstance(pairs, Unknown):
            lines[join_path(path, len(objects))] = block.line
            objects.append(Unknown(f"dynamic block '{name}' has an unknown for_each ({pairs.reason})"))
            return
        if len(pairs) > self.max_instances:
            message = (
                f"dynamic block '{name}' expands to {len(pairs)} blocks, more than the limit of "
                f"{self.max_instances}; only the first {self.max_instances} are kept"
            )
            self.errors.append(InputError(self.path, each_attr.line if each_attr else block.line, FORMAT, message))
            pairs = pairs[: self.max_instances]
        if self.budget is not None:
            line = each_attr.line if each_attr else block.line
            pairs = pairs[: self.budget.grant(len(pairs), self.path, line, f"dynamic block '{name}'", self.errors)]
        for key, value in pairs:
            item_path = join_path(path, len(objects))
            lines[item_path] = block.line
            if content is None:
                objects.append({})
                continue
            inner = scope.with_bindings({iterator: {"key": key, "value": value}})
            objects.append(self.block_object(content.body, inner, item_path, lines))

    def lifecycle(self, blocks: list[Block], scope: ModuleScope) -> Member:
        """``lifecycle`` blocks; ``ignore_changes``/``replace_triggered_by`` keep their traversals as text."""
        objects: list[Any] = []
        lines: dict[str, int] = {}
        for block in blocks:
            item_path = join_path("lifecycle", len(objects))
            lines[item_path] = block.line
            obj: dict[str, Any] = {}
            for name, attribute in block.body.attributes.items():
                attr_path = f"{item_path}.{name}"
                lines[attr_path] = attribute.line
                if name in _LIFECYCLE_TRAVERSAL_LISTS:
                    obj[name] = traversal_texts(attribute.expr)
                else:
                    obj[name] = attribute.expr.evaluate(scope)
            for block_type, nested in _blocks_by_type(block.body).items():
                member = self.blocks(block_type, nested, scope, f"{item_path}.{block_type}")
                obj[block_type] = member.value
                lines.update(member.lines)
            objects.append(obj)
        return Member(objects, lines)


def _blocks_by_type(body: Body) -> dict[str, list[Block]]:
    """Nested blocks grouped by the type they produce (a dynamic block produces its label)."""
    grouped: dict[str, list[Block]] = {}
    for block in body.blocks:
        if block.type == "dynamic":
            produced = block.labels[0] if block.labels else "dynamic"
        else:
            produced = block.type
        grouped.setdefault(produced, []).append(block)
    return grouped


def _iterator_name(block: Block) -> str | None:
    """The ``iterator = name`` of a dynamic block, when written."""
    attribute = block.body.attributes.get("iterator")
    if attribute is None:
        return None
    expr = attribute.expr
    if isinstance(expr, Traversal) and not expr.steps:
        return expr.root
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return None


def _dynamic_pairs(collection: Any) -> list[tuple[Any, Any]] | Unknown:
    """The (key, value) pairs a dynamic block iterates: list indexes, or map keys in order."""
    if isinstance(collection, Unknown):
        return collection
    if isinstance(collection, (list, tuple)):
        return list(enumerate(collection))
    if isinstance(collection, Mapping):
        return [(key, collection[key]) for key in sorted(collection, key=str)]
    if collection is None:
        return Unknown("for_each is null")
    return Unknown(f"for_each is not a collection but a {type(collection).__name__}")


def literal_lines(expr: Expr, path: str, lines: dict[str, int]) -> None:
    """Add the lines of keys and elements written literally in ``expr`` (objects, tuples, and the
    argument of ``jsonencode``) under attribute path ``path``."""
    if not isinstance(expr, _STRUCTURED):
        return
    pending: list[tuple[Expr, str]] = [(expr, path)]
    while pending:
        current, current_path = pending.pop()
        current = _unwrap(current)
        if isinstance(current, ObjectCons):
            for key_expr, value_expr in current.items:
                key = _literal_key(key_expr)
                if key is None:
                    continue
                item_path = join_path(current_path, key)
                lines[item_path] = key_expr.line
                pending.append((value_expr, item_path))
        elif isinstance(current, TupleCons):
            for index, item in enumerate(current.items):
                item_path = join_path(current_path, index)
                lines[item_path] = item.line
                pending.append((item, item_path))
        else:
            argument = jsonencode_argument(current)
            if argument is not None:
                pending.append((argument, current_path))


def _unwrap(expr: Expr) -> Expr:
    """The expression inside any parentheses."""
    while isinstance(expr, Parenthesized):
        expr = expr.inner
    return expr


def _literal_key(key_expr: Expr) -> str | None:
    """An object key written literally (identifier or quoted string), else None."""
    if isinstance(key_expr, Literal) and isinstance(key_expr.value, str):
        return key_expr.value
    return None


def jsonencode_argument(expr: Expr) -> Expr | None:
    """The argument of ``jsonencode(x)`` when ``expr`` is such a call, else None."""
    expr = _unwrap(expr)
    if isinstance(expr, FunctionCall) and expr.name == "jsonencode" and len(expr.args) == 1 and not expr.expand_last:
        return expr.args[0]
    return None


def traversal_texts(expr: Expr) -> Any:
    """A list of traversals as written (``[tags, ami]`` -> ``["tags", "ami"]``), or its text."""
    expr = _unwrap(expr)
    if isinstance(expr, TupleCons):
        return [_traversal_text(item) for item in expr.items]
    return _traversal_text(expr)


def _traversal_text(expr: Expr) -> Any:
    """A literal's value, or any other expression's source text."""
    expr = _unwrap(expr)
    return expr.value if isinstance(expr, Literal) else expr.source()


def static_lines(body: Body) -> dict[str, int]:
    """Attribute lines of ``body`` read from its structure alone, without evaluating anything
    (a dynamic block counts as one element at its own line)."""
    lines: dict[str, int] = {}
    for name, attribute in body.attributes.items():
        lines[name] = attribute.line
        literal_lines(attribute.expr, name, lines)
    for block_type, blocks in _blocks_by_type(body).items():
        for index, block in enumerate(blocks):
            item_path = join_path(block_type, index)
            lines[item_path] = block.line
            if block.type != "dynamic":
                for key, line in static_lines(block.body).items():
                    lines[f"{item_path}.{key}"] = line
    return lines
