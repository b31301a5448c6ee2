"""Lark rule callbacks that build expression nodes (operators, collections, calls, traversals, for).

:class:`ExpressionRules` is the expression half of the inline transformer; ``hcl_builder``
adds the structural and string rules. Each method is named after a rule (or alias) of
python-hcl2's grammar and receives that rule's reduced children in order.
"""

from __future__ import annotations

import sys
from typing import Any

from lark import Token

from scanner.parsers.terraform.expressions import (
    AttrStep,
    BinaryOp,
    Conditional,
    ForExpr,
    FunctionCall,
    IndexStep,
    Literal,
    Node,
    ObjectCons,
    Parenthesized,
    SplatStep,
    Step,
    Traversal,
    TupleCons,
    UnaryOp,
    add_steps,
)
from scanner.parsers.terraform.semantics import is_number, normalize_number
from scanner.parsers.terraform.syntax import Expr

NEWLINE = object()
"""Marker returned for ``new_line_or_comment`` runs, which carry no meaning here."""

_OPERATORS = {
    "DOUBLE_EQ": "==",
    "NEQ": "!=",
    "LT": "<",
    "GT": ">",
    "LEQ": "<=",
    "GEQ": ">=",
    "MINUS": "-",
    "ASTERISK": "*",
    "SLASH": "/",
    "PERCENT": "%",
    "DOUBLE_AMP": "&&",
    "DOUBLE_PIPE": "||",
    "PLUS": "+",
    "NOT": "!",
}
_KEYWORD_VALUES = {"TRUE": True, "FALSE": False, "NULL": None}
class _Arguments:
    """Reduced ``arguments`` rule: the argument expressions and whether ``...`` follows the last."""

    __slots__ = ("exprs", "expand_last")

    def __init__(self, exprs: tuple[Expr, ...], expand_last: bool) -> None:
        self.exprs = exprs
        self.expand_last = expand_last


class _ForIntro:
    __slots__ = ("names", "collection")

    def __init__(self, names: list[str], collection: Expr) -> None:
        self.names = names
        self.collection = collection


class _ForCond:
    __slots__ = ("expr",)

    def __init__(self, expr: Expr) -> None:
        self.expr = expr


_ATTR_STEPS: dict[str, AttrStep] = {}


def _attr_step(name: str) -> AttrStep:
    """A shared, immutable ``.name`` step (the same few names recur in every file)."""
    step = _ATTR_STEPS.get(name)
    if step is None:
        if len(_ATTR_STEPS) > 10_000:
            _ATTR_STEPS.clear()
        step = _ATTR_STEPS[name] = AttrStep(sys.intern(name))
    return step


def expression_nodes(children: list[Any]) -> list[Any]:
    """The expression nodes among reduced children (tokens and markers left out)."""
    return [child for child in children if isinstance(child, Node)]


class ExpressionRules:
    """Rule callbacks for expressions (see the module docstring)."""

    def expr_term(self, children: list[Any]) -> Expr:
        """An operand: a name becomes a traversal, ``true``/``false``/``null`` literals, ``( )`` kept."""
        if len(children) == 1:
            child = children[0]
            if isinstance(child, Token):
                if child.type == "NAME":
                    return Traversal(sys.intern(str(child)), (), child.line, child.end_line)
                return Literal(_KEYWORD_VALUES[child.type], child.line)
            return child  # type: ignore[no-any-return]
        return Parenthesized(expression_nodes(children)[0], children[0].line, children[-1].end_line)

    def conditional(self, children: list[Any]) -> Conditional:
        """``cond ? a : b``."""
        condition, if_true, if_false = expression_nodes(children)
        return Conditional(condition, if_true, if_false, condition.line, if_false.end_line)

    def binary_op(self, children: list[Any]) -> BinaryOp:
        """``left op right`` (the operator and right operand come from ``binary_term``)."""
        left, (op, right) = children[0], children[1]
        return BinaryOp(op, left, right, left.line, right.end_line)

    def binary_term(self, children: list[Any]) -> tuple[str, Expr]:
        """The operator and right operand of a binary operation."""
        return children[0], children[-1]

    def binary_operator(self, children: list[Any]) -> str:
        """The operator's text, from its token type (the token may carry a merged newline)."""
        return _OPERATORS[children[0].type]

    def unary_op(self, children: list[Any]) -> Expr:
        """``!x`` or ``-x``; a negated number literal becomes a negative literal."""
        token, operand = children
        op = _OPERATORS[token.type]
        if op == "-" and isinstance(operand, Literal) and is_number(operand.value):
            return Literal(normalize_number(-operand.value), token.line, operand.end_line)
        return UnaryOp(op, operand, token.line, operand.end_line)

    def tuple(self, children: list[Any]) -> TupleCons:
        """``[a, b]``."""
        return TupleCons(tuple(expression_nodes(children)), children[0].line, children[-1].end_line)

    def object(self, children: list[Any]) -> ObjectCons:
        """``{ k = v, ... }``."""
        items = tuple(child for child in children if type(child) is tuple)
        return ObjectCons(items, children[0].line, children[-1].end_line)

    def object_elem(self, children: list[Any]) -> tuple[Expr, Expr]:
        """One ``key = value`` pair."""
        return children[0], children[2]

    def object_elem_key(self, children: list[Any]) -> Expr:
        """An object key: bare names and keywords are strings, other keys are expressions."""
        key = children[0]
        if isinstance(key, Token):
            return Literal(str(key), key.line)
        if isinstance(key, Traversal) and not key.steps:
            return Literal(key.root, key.line, key.end_line)
        if isinstance(key, Literal) and (key.value is None or isinstance(key.value, bool)):
            return Literal(key.source(), key.line, key.end_line)
        return key  # type: ignore[no-any-return]

    def function_call(self, children: list[Any]) -> FunctionCall:
        """``name(args)`` or ``provider::ns::name(args)``."""
        names: list[str] = []
        arguments = _Arguments((), False)
        for child in children:
            if isinstance(child, Token):
                if child.type == "NAME":
                    names.append(str(child))
            elif isinstance(child, _Arguments):
                arguments = child
        return FunctionCall(
            "::".join(names), arguments.exprs, arguments.expand_last, children[0].line, children[-1].end_line
        )

    def arguments(self, children: list[Any]) -> _Arguments:
        """The argument list of a call, noting a final ``...``."""
        expand = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in children)
        return _Arguments(tuple(expression_nodes(children)), expand)

    # -- traversals --------------------------------------------------------------------------

    def _extend(self, children: list[Any]) -> Expr:
        """A traversal step applied to an operand."""
        base, (steps, end_line) = children
        return add_steps(base, steps, end_line)

    index_expr_term = _extend
    get_attr_expr_term = _extend
    attr_splat_expr_term = _extend
    full_splat_expr_term = _extend

    def braces_index(self, children: list[Any]) -> tuple[tuple[Step, ...], int]:
        """``[expr]``."""
        return (IndexStep(expression_nodes(children)[0]),), children[-1].end_line

    def short_index(self, children: list[Any]) -> tuple[tuple[Step, ...], int]:
        """The legacy ``.0`` index."""
        token = children[1]
        return (IndexStep(Literal(int(token), token.line)),), token.end_line

    def get_attr(self, children: list[Any]) -> tuple[tuple[Step, ...], int]:
        """``.name``."""
        token = children[1]
        return (_attr_step(str(token)),), token.end_line

    def attr_splat(self, children: list[Any]) -> tuple[tuple[Step, ...], int]:
        """``.*`` followed by attribute steps (later index steps apply to the result)."""
        steps = [step for steps, _ in children[1:] for step in steps]
        end_line = children[-1][1] if len(children) > 1 else children[0].end_line
        count = 0
        while count < len(steps) and isinstance(steps[count], AttrStep):
            count += 1
        return (SplatStep(tuple(steps[:count]), True), *steps[count:]), end_line

    def full_splat(self, children: list[Any]) -> tuple[tuple[Step, ...], int]:
        """``[*]`` followed by the steps applied to each element."""
        steps = tuple(step for steps, _ in children[1:] for step in steps)
        end_line = children[-1][1] if len(children) > 1 else children[0].end_line
        return (SplatStep(steps, False),), end_line

    # -- for expressions ---------------------------------------------------------------------

    def for_intro(self, children: list[Any]) -> _ForIntro:
        """``for k, v in collection :``."""
        names = [str(c) for c in children if isinstance(c, Token) and c.type == "NAME"]
        return _ForIntro(names, expression_nodes(children)[0])

    def for_cond(self, children: list[Any]) -> _ForCond:
        """The ``if cond`` of a for-expression."""
        return _ForCond(expression_nodes(children)[0])

    def _for(self, children: list[Any], is_object: bool) -> ForExpr:
        intro = next(c for c in children if isinstance(c, _ForIntro))
        cond = next((c.expr for c in children if isinstance(c, _ForCond)), None)
        nodes = expression_nodes(children)
        key_expr, value_expr = (nodes[0], nodes[1]) if is_object else (None, nodes[0])
        grouping = is_object and any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in children)
        key_var, value_var = (intro.names[0], intro.names[1]) if len(intro.names) == 2 else (None, intro.names[0])
        return ForExpr(
            key_var,
            value_var,
            intro.collection,
            key_expr,
            value_expr,
            cond,
            grouping,
            children[0].line,
            children[-1].end_line,
        )

    def for_tuple_expr(self, children: list[Any]) -> ForExpr:
        """``[for ... : value if cond]``."""
        return self._for(children, is_object=False)

    def for_object_expr(self, children: list[Any]) -> ForExpr:
        """``{for ... : key => value... if cond}``."""
        return self._for(children, is_object=True)

