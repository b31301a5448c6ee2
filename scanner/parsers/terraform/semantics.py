"""Terraform value semantics shared by the expression evaluator and the functions.

Values are plain Python data: ``None``, ``bool``, ``int``, ``float``, ``str``, ``list`` and
``dict`` (sets are sorted, de-duplicated lists), possibly holding :class:`Unknown`. This module
holds the rules Terraform applies to them: the automatic conversions (``"5"`` is a number where
a number is needed, ``5`` is a string where a string is needed), type-aware equality (``1`` is
not ``true``), number normalisation (integral results stay ``int``) and how Unknown spreads.

:class:`EvalError` is the Unknown that stands for an evaluation error (a type mismatch, a
missing key of a fully known object, a failing function). Callers that only care whether a
value is known treat it like any Unknown; ``try`` and ``can`` tell the two apart, because
Terraform falls back on errors but must not guess unknown values.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scanner.parsers.terraform.syntax import Unknown


@dataclass(frozen=True)
class EvalError(Unknown):
    """An Unknown caused by an evaluation error; ``reason`` is one sentence naming the problem."""


class ConversionError(Exception):
    """Raised inside conversions and functions; the caller turns it into an :class:`EvalError`."""


class OpenObject(dict):  # type: ignore[type-arg]
    """An object whose missing keys are unknown rather than errors.

    The module evaluator wraps resource, data source and module values in it, because their
    provider-computed attributes (``arn``, ``id``) are absent from the configuration: reading
    such an attribute gives ``Unknown`` naming the traversal, while a missing key of a plain
    ``dict`` (a variable or local value known in full) is an :class:`EvalError`.
    """


_NUMBER_TEXT = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def is_number(value: Any) -> bool:
    """True for ``int`` and ``float`` values, never for ``bool`` (a subclass of ``int``)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def normalize_number(value: int | float) -> int | float:
    """Return ``value`` as an ``int`` when it is integral, so ``10 / 2`` is ``5`` like Terraform."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def type_name(value: Any) -> str:
    """The Terraform type name of a value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def find_unknown(value: Any) -> Unknown | None:
    """Return the first Unknown inside ``value`` (depth first), or None when wholly known."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, list):
        for item in value:
            found = find_unknown(item)
            if found is not None:
                return found
    elif isinstance(value, dict):
        for item in value.values():
            found = find_unknown(item)
            if found is not None:
                return found
    return None


def find_error(value: Any) -> EvalError | None:
    """Return the first :class:`EvalError` inside ``value``, or None."""
    if isinstance(value, EvalError):
        return value
    if isinstance(value, list):
        for item in value:
            found = find_error(item)
            if found is not None:
                return found
    elif isinstance(value, dict):
        for item in value.values():
            found = find_error(item)
            if found is not None:
                return found
    return None


def format_number(value: int | float) -> str:
    """Render a number the way Terraform does: no exponent, no trailing ``.0``."""
    value = normalize_number(value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ConversionError("cannot convert an infinite number to a string")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def parse_number(text: str) -> int | float:
    """Parse a Terraform number literal from a string; raise ConversionError when it is not one."""
    if not _NUMBER_TEXT.fullmatch(text):
        raise ConversionError(f"cannot convert {quote(text)} to a number")
    if text.lstrip("-").isdigit():
        return int(text)
    return normalize_number(float(text))


def to_number(value: Any) -> int | float:
    """Convert to a number (numbers and numeric strings); raise ConversionError otherwise."""
    if is_number(value):
        return value
    if isinstance(value, str):
        return parse_number(value)
    raise ConversionError(f"a number is required, got {type_name(value)}")


def to_string(value: Any) -> str:
    """Convert a primitive to a string (numbers and bools too); raise ConversionError otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return format_number(value)
    raise ConversionError(f"a string is required, got {type_name(value)}")


def to_bool(value: Any) -> bool:
    """Convert to a bool (bools and the strings "true"/"false"); raise ConversionError otherwise."""
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    if isinstance(value, str):
        raise ConversionError(f"cannot convert {quote(value)} to a bool")
    raise ConversionError(f"a bool is required, got {type_name(value)}")


def to_list(value: Any) -> list[Any]:
    """Return a list or tuple value as a list; raise ConversionError for anything else."""
    if isinstance(value, list):
        return value
    raise ConversionError(f"a list is required, got {type_name(value)}")


def to_map(value: Any) -> dict[str, Any]:
    """Return a map or object value; raise ConversionError for anything else."""
    if isinstance(value, dict):
        return value
    raise ConversionError(f"a map is required, got {type_name(value)}")


def values_equal(left: Any, right: Any) -> bool:
    """Terraform's ``==`` on known values: equal types and equal contents (``1 != true``)."""
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) or is_number(right):
        return is_number(left) and is_number(right) and left == right
    if isinstance(left, str) or isinstance(right, str):
        return isinstance(left, str) and isinstance(right, str) and left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(values_equal(a, b) for a, b in zip(left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(values_equal(v, right[k]) for k, v in left.items())
    return False


def sort_key(value: Any) -> tuple[int, Any]:
    """A total order for set elements: numbers, then strings, then bools, then the rest as JSON."""
    if is_number(value):
        return (0, value)
    if isinstance(value, str):
        return (1, value)
    if isinstance(value, bool):
        return (2, value)
    return (3, json.dumps(value, sort_keys=True, default=str))


def make_set(items: list[Any]) -> list[Any]:
    """A Terraform set as a value: unique elements (by ``==`` semantics) in a stable sorted order."""
    unique: list[Any] = []
    for item in items:
        if not any(values_equal(item, seen) for seen in unique):
            unique.append(item)
    return sorted(unique, key=sort_key)


def quote(text: str) -> str:
    """Quote a string for a message, shortened so a message stays one readable sentence."""
    if len(text) > 60:
        text = text[:57] + "..."
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
