"""Terraform's type conversion functions: tostring, tonumber, tobool, tolist, toset, tomap,
plus sensitive/nonsensitive (which only mark values in Terraform, so they pass values through).

Mixed primitive elements of a list, set or map are unified to strings, as Terraform does
(``toset(["a", 1])`` is ``["1", "a"]``).
"""

from __future__ import annotations

from typing import Any

from scanner.parsers.terraform.function_spec import FunctionTable
from scanner.parsers.terraform.semantics import (
    ConversionError,
    is_number,
    make_set,
    to_bool,
    to_number,
    to_string,
    type_name,
)
from scanner.parsers.terraform.syntax import Unknown

FUNCTIONS = FunctionTable()


@FUNCTIONS.define("tostring", 1)
def tostring(value: Any) -> str | None:
    """``tostring(value)``: a string, number or bool as a string; null stays null."""
    return None if value is None else to_string(value)


@FUNCTIONS.define("tonumber", 1)
def tonumber(value: Any) -> int | float | None:
    """``tonumber(value)``: a number or numeric string as a number; null stays null."""
    if value is None:
        return None
    if isinstance(value, bool) or not (is_number(value) or isinstance(value, str)):
        raise ConversionError(f"cannot convert a {type_name(value)} to a number")
    return to_number(value)


@FUNCTIONS.define("tobool", 1)
def tobool(value: Any) -> bool | None:
    """``tobool(value)``: a bool or "true"/"false" as a bool; null stays null."""
    return None if value is None else to_bool(value)


def unify(items: list[Any]) -> list[Any]:
    """Give collection elements one type: mixed primitives become strings, else an error."""
    kinds = {type_name(item) for item in items if item is not None and not isinstance(item, Unknown)}
    if len(kinds) <= 1:
        return items
    if kinds <= {"string", "number", "bool"}:
        return [item if item is None or isinstance(item, Unknown) else to_string(item) for item in items]
    raise ConversionError(f"the elements have inconsistent types ({', '.join(sorted(kinds))})")


@FUNCTIONS.define("tolist", 1, unknowns="shallow")
def tolist(value: Any) -> list[Any] | None:
    """``tolist(list|set|tuple)``: the elements as a list."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise ConversionError(f"cannot convert a {type_name(value)} to a list")
    return unify(value)


@FUNCTIONS.define("toset", 1)
def toset(value: Any) -> list[Any] | None:
    """``toset(list)``: the unique elements, in a stable sorted order."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise ConversionError(f"cannot convert a {type_name(value)} to a set")
    return make_set(unify(value))


@FUNCTIONS.define("tomap", 1, unknowns="shallow")
def tomap(value: Any) -> dict[str, Any] | None:
    """``tomap(object)``: the object as a map whose values share one type."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ConversionError(f"cannot convert a {type_name(value)} to a map")
    return dict(zip(value.keys(), unify(list(value.values()))))


@FUNCTIONS.define("sensitive", 1, unknowns="none")
def sensitive(value: Any) -> Any:
    """``sensitive(value)``: the value itself (sensitivity only affects Terraform's display)."""
    return value


@FUNCTIONS.define("nonsensitive", 1, unknowns="none")
def nonsensitive(value: Any) -> Any:
    """``nonsensitive(value)``: the value itself."""
    return value
