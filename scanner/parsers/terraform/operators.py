"""Terraform's operators on evaluated values: arithmetic, comparison, equality, logic.

``binary`` and ``unary`` take already evaluated operands and return the result, an
``Unknown`` when an operand is unknown, or an ``EvalError`` naming the problem ("'+' needs
numbers, got string"). Numbers follow Terraform: strings holding numbers convert
automatically, integral results stay ``int``, ``%`` truncates towards zero like Go.
"""

from __future__ import annotations

import math
from typing import Any

from scanner.parsers.terraform.semantics import (
    ConversionError,
    EvalError,
    find_unknown,
    is_number,
    normalize_number,
    to_bool,
    to_number,
    type_name,
    values_equal,
)
from scanner.parsers.terraform.syntax import Expr, Unknown

ARITHMETIC = frozenset({"+", "-", "*", "/", "%"})
COMPARISON = frozenset({"<", ">", "<=", ">="})
EQUALITY = frozenset({"==", "!="})
LOGICAL = frozenset({"&&", "||"})


def as_integer(value: Any) -> int:
    """Convert a list index to an ``int``; raise ConversionError for fractions and non-numbers."""
    if value is None:
        raise ConversionError("the index is null")
    number = to_number(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise ConversionError(f"the index {number} is not a whole number")
        number = int(number)
    return number


def binary(op: str, left: Any, right: Any, node: Expr) -> Any:
    """Apply the binary operator ``op`` to two evaluated operands (see the module docstring)."""
    for operand in (left, right):
        if isinstance(operand, EvalError):
            return operand
    if op in LOGICAL:
        return _logical(op, left, right, node)
    if op in EQUALITY:
        unknown = find_unknown(left) or find_unknown(right)
        if unknown is not None:
            return unknown
        equal = values_equal(left, right)
        return equal if op == "==" else not equal
    if isinstance(left, Unknown):
        return left
    if isinstance(right, Unknown):
        return right
    try:
        a = _number_operand(op, left)
        b = _number_operand(op, right)
    except ConversionError as error:
        return EvalError(f"{node.source()}: {error}")
    if op in COMPARISON:
        return _compare(op, a, b)
    return _arithmetic(op, a, b, node)


def _number_operand(op: str, value: Any) -> int | float:
    if value is None:
        raise ConversionError(f"'{op}' needs numbers, got null")
    if not is_number(value) and not isinstance(value, str):
        raise ConversionError(f"'{op}' needs numbers, got {type_name(value)}")
    try:
        return to_number(value)
    except ConversionError:
        raise ConversionError(f"'{op}' needs numbers, got the string {value!r}") from None


def _compare(op: str, a: int | float, b: int | float) -> bool:
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    return a >= b


def _arithmetic(op: str, a: int | float, b: int | float, node: Expr) -> Any:
    try:
        if op == "+":
            result = a + b
        elif op == "-":
            result = a - b
        elif op == "*":
            result = a * b
        elif op == "/":
            if b == 0:
                return EvalError(f"{node.source()}: division by zero")
            if isinstance(a, int) and isinstance(b, int) and a % b == 0:
                return a // b
            result = a / b
        else:
            if b == 0:
                return EvalError(f"{node.source()}: modulo by zero")
            result = _truncated_modulo(a, b)
    except OverflowError:
        return EvalError(f"{node.source()}: the result is too large")
    if isinstance(result, float) and not math.isfinite(result):
        return EvalError(f"{node.source()}: the result is too large")
    return normalize_number(result)


def _truncated_modulo(a: int | float, b: int | float) -> int | float:
    if isinstance(a, int) and isinstance(b, int):
        remainder = abs(a) % abs(b)
        return -remainder if a < 0 else remainder
    return math.fmod(a, b)


def _as_bool(value: Any) -> bool:
    """Convert an operand to a bool; the ConversionError says what was found instead."""
    if value is None:
        raise ConversionError("got null")
    try:
        return to_bool(value)
    except ConversionError:
        found = f"the string {value!r}" if isinstance(value, str) else type_name(value)
        raise ConversionError(f"got {found}") from None


def _logical(op: str, left: Any, right: Any, node: Expr) -> Any:
    values: list[Any] = []
    for operand in (left, right):
        if isinstance(operand, Unknown):
            values.append(operand)
            continue
        try:
            values.append(_as_bool(operand))
        except ConversionError as error:
            return EvalError(f"{node.source()}: '{op}' needs bools, {error}")
    decisive = op == "||"
    if decisive in values:
        return decisive
    for value in values:
        if isinstance(value, Unknown):
            return value
    return not decisive


def unary(op: str, operand: Any, node: Expr) -> Any:
    """Apply ``!`` or ``-`` to an evaluated operand."""
    if isinstance(operand, Unknown):
        return operand
    try:
        if op == "!":
            return not _as_bool(operand)
        return normalize_number(-_number_operand(op, operand))
    except ConversionError as error:
        if op == "!":
            return EvalError(f"{node.source()}: '!' needs a bool, {error}")
        return EvalError(f"{node.source()}: {error}")
