"""Terraform's collection functions: lists, maps and sets.

Sets are represented as sorted lists of unique values (see ``semantics.make_set``). Functions
that only move elements around accept lists holding unknown elements (their results keep
them); functions that compare elements need them known.
"""

from __future__ import annotations

import itertools
from typing import Any

from scanner.parsers.terraform.function_spec import FunctionTable
from scanner.parsers.terraform.operators import as_integer
from scanner.parsers.terraform.semantics import (
    ConversionError,
    find_unknown,
    make_set,
    normalize_number,
    to_bool,
    to_list,
    to_map,
    to_number,
    to_string,
    type_name,
    values_equal,
)
from scanner.parsers.terraform.syntax import Unknown

FUNCTIONS = FunctionTable()
MAX_RANGE_LENGTH = 1024


def _index(value: Any, what: str = "index") -> int:
    if value is None:
        raise ConversionError(f"the {what} is null")
    return as_integer(value)


@FUNCTIONS.define("length", 1, unknowns="shallow")
def length(value: Any) -> int:
    """``length(list|map|string)``: the number of elements, keys or characters."""
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise ConversionError(f"length needs a collection or string, got {type_name(value)}")


@FUNCTIONS.define("concat", 0, None, unknowns="shallow")
def concat(*lists: Any) -> list[Any]:
    """``concat(list...)``: the lists joined end to end."""
    return [item for value in lists for item in to_list(value)]


@FUNCTIONS.define("merge", 0, None, unknowns="shallow")
def merge(*maps: Any) -> dict[str, Any]:
    """``merge(map...)``: the maps combined; later keys win, null arguments are skipped."""
    result: dict[str, Any] = {}
    for value in maps:
        if value is not None:
            result.update(to_map(value))
    return result


@FUNCTIONS.define("lookup", 2, 3, unknowns="shallow")
def lookup(mapping: Any, key: Any, *default: Any) -> Any:
    """``lookup(map, key, default)``: the value at ``key``, else ``default`` (an error without one)."""
    values, name = to_map(mapping), to_string(key)
    if name in values:
        return values[name]
    if default:
        return default[0]
    raise ConversionError(f"the map has no key {name!r} and no default was given")


@FUNCTIONS.define("element", 2, unknowns="shallow")
def element(items: Any, index: Any) -> Any:
    """``element(list, index)``: the element at ``index``, wrapping around the end of the list."""
    values, position = to_list(items), _index(index)
    if not values:
        raise ConversionError("cannot use element on an empty list")
    if position < 0:
        raise ConversionError("element needs a non-negative index")
    return values[position % len(values)]


@FUNCTIONS.define("contains", 2)
def contains(items: Any, value: Any) -> bool:
    """``contains(list, value)``: whether an element equals ``value``."""
    return any(values_equal(item, value) for item in to_list(items))


@FUNCTIONS.define("index", 2)
def index(items: Any, value: Any) -> int:
    """``index(list, value)``: the position of the first element equal to ``value``."""
    for position, item in enumerate(to_list(items)):
        if values_equal(item, value):
            return position
    raise ConversionError("the value is not in the list")


@FUNCTIONS.define("keys", 1, unknowns="shallow")
def keys(mapping: Any) -> list[str]:
    """``keys(map)``: the keys in lexical order."""
    return sorted(to_map(mapping))


@FUNCTIONS.define("values", 1, unknowns="shallow")
def values(mapping: Any) -> list[Any]:
    """``values(map)``: the values in the lexical order of their keys."""
    items = to_map(mapping)
    return [items[key] for key in sorted(items)]


@FUNCTIONS.define("coalesce", 1, None, unknowns="none")
def coalesce(*args: Any) -> Any:
    """``coalesce(values...)``: the first argument that is neither null nor an empty string."""
    for value in args:
        if isinstance(value, Unknown):
            return value
        if value is not None and value != "":
            return value
    raise ConversionError("no non-null, non-empty argument")


@FUNCTIONS.define("coalescelist", 1, None, unknowns="none")
def coalescelist(*args: Any) -> Any:
    """``coalescelist(lists...)``: the first non-empty list."""
    for value in args:
        if isinstance(value, Unknown):
            return value
        if to_list(value):
            return value
    raise ConversionError("no non-empty list argument")


@FUNCTIONS.define("compact", 1)
def compact(items: Any) -> list[str]:
    """``compact(list)``: the list without null and empty-string elements."""
    return [to_string(item) for item in to_list(items) if item is not None and item != ""]


@FUNCTIONS.define("distinct", 1)
def distinct(items: Any) -> list[Any]:
    """``distinct(list)``: duplicates removed, first occurrences kept in order."""
    result: list[Any] = []
    for item in to_list(items):
        if not any(values_equal(item, seen) for seen in result):
            result.append(item)
    return result


@FUNCTIONS.define("flatten", 1, unknowns="shallow")
def flatten(items: Any) -> Any:
    """``flatten(list)``: nested lists replaced by their elements, recursively."""
    result: list[Any] = []
    stack = [iter(to_list(items))]
    while stack:
        for item in stack[-1]:
            if isinstance(item, Unknown):
                return item
            if isinstance(item, list):
                stack.append(iter(item))
                break
            result.append(item)
        else:
            stack.pop()
    return result


@FUNCTIONS.define("slice", 3, unknowns="shallow")
def slice_(items: Any, start: Any, end: Any) -> list[Any]:
    """``slice(list, start, end)``: elements from ``start`` up to, not including, ``end``."""
    values, first, last = to_list(items), _index(start, "start index"), _index(end, "end index")
    if not 0 <= first <= last <= len(values):
        raise ConversionError(f"slice bounds {first}..{last} are invalid for {len(values)} elements")
    return values[first:last]


@FUNCTIONS.define("sort", 1)
def sort(items: Any) -> list[str]:
    """``sort(list)``: the elements as strings in lexical order."""
    return sorted(to_string(item) for item in to_list(items) if item is not None)


@FUNCTIONS.define("reverse", 1, unknowns="shallow")
def reverse(items: Any) -> list[Any]:
    """``reverse(list)``."""
    return list(reversed(to_list(items)))


@FUNCTIONS.define("range", 1, 3)
def range_(*args: Any) -> list[int | float]:
    """``range(limit)``, ``range(start, limit)``, ``range(start, limit, step)`` (at most 1024 values)."""
    numbers = [to_number(arg) if arg is not None else _null_argument() for arg in args]
    start, limit = (0, numbers[0]) if len(numbers) == 1 else (numbers[0], numbers[1])
    step = numbers[2] if len(numbers) == 3 else (1 if limit >= start else -1)
    if step == 0:
        raise ConversionError("the step of range cannot be zero")
    result: list[int | float] = []
    current = start
    while (step > 0 and current < limit) or (step < 0 and current > limit):
        if len(result) == MAX_RANGE_LENGTH:
            raise ConversionError(f"range would produce more than {MAX_RANGE_LENGTH} values")
        result.append(normalize_number(current))
        current += step
    return result


def _null_argument() -> Any:
    raise ConversionError("an argument is null")


@FUNCTIONS.define("zipmap", 2, unknowns="shallow")
def zipmap(key_list: Any, value_list: Any) -> Any:
    """``zipmap(keys, values)``: a map from each key to the value at the same position."""
    names, items = to_list(key_list), to_list(value_list)
    unknown = find_unknown(names)
    if unknown is not None:
        return unknown
    if len(names) != len(items):
        raise ConversionError(f"zipmap needs lists of equal length, got {len(names)} and {len(items)}")
    return {to_string(name): item for name, item in zip(names, items)}


@FUNCTIONS.define("one", 1, unknowns="shallow")
def one(items: Any) -> Any:
    """``one(list)``: null for an empty list, the element of a one-element list, else an error."""
    values = to_list(items)
    if len(values) > 1:
        raise ConversionError(f"one needs at most one element, got {len(values)}")
    return values[0] if values else None


@FUNCTIONS.define("chunklist", 2, unknowns="shallow")
def chunklist(items: Any, size: Any) -> list[list[Any]]:
    """``chunklist(list, size)``: the list cut into chunks of ``size`` (0 = one chunk)."""
    values, width = to_list(items), _index(size, "chunk size")
    if width < 0:
        raise ConversionError("the chunk size cannot be negative")
    if width == 0:
        return [values]
    return [values[i : i + width] for i in range(0, len(values), width)]


@FUNCTIONS.define("transpose", 1)
def transpose(mapping: Any) -> dict[str, list[str]]:
    """``transpose(map of lists)``: swap keys and values."""
    result: dict[str, list[str]] = {}
    source = to_map(mapping)
    for key in sorted(source):
        for item in to_list(source[key]):
            result.setdefault(to_string(item), []).append(key)
    return {key: sorted(value) for key, value in sorted(result.items())}


@FUNCTIONS.define("setunion", 1, None)
def setunion(*sets: Any) -> list[Any]:
    """``setunion(sets...)``: every element of any set."""
    return make_set([item for value in sets for item in to_list(value)])


@FUNCTIONS.define("setintersection", 1, None)
def setintersection(first: Any, *others: Any) -> list[Any]:
    """``setintersection(sets...)``: the elements present in every set."""
    rest = [to_list(value) for value in others]
    return make_set([i for i in to_list(first) if all(any(values_equal(i, o) for o in other) for other in rest)])


@FUNCTIONS.define("setsubtract", 2)
def setsubtract(first: Any, second: Any) -> list[Any]:
    """``setsubtract(a, b)``: the elements of ``a`` not in ``b``."""
    removed = to_list(second)
    return make_set([i for i in to_list(first) if not any(values_equal(i, r) for r in removed)])


@FUNCTIONS.define("setproduct", 1, None)
def setproduct(*sets: Any) -> list[list[Any]]:
    """``setproduct(sets...)``: every combination taking one element of each set."""
    return [list(combination) for combination in itertools.product(*(to_list(value) for value in sets))]


@FUNCTIONS.define("matchkeys", 3)
def matchkeys(items: Any, key_list: Any, searchset: Any) -> list[Any]:
    """``matchkeys(values, keys, searchset)``: the values whose key (same position) is in searchset."""
    values_, names, wanted = to_list(items), to_list(key_list), to_list(searchset)
    if len(values_) != len(names):
        raise ConversionError("matchkeys needs values and keys of equal length")
    return [v for v, k in zip(values_, names) if any(values_equal(k, w) for w in wanted)]


def _bools(items: Any) -> list[Any]:
    result = []
    for item in to_list(items):
        if isinstance(item, Unknown):
            result.append(item)
        elif item is None:
            raise ConversionError("the list holds null")
        else:
            result.append(to_bool(item))
    return result


@FUNCTIONS.define("alltrue", 1, unknowns="shallow")
def alltrue(items: Any) -> Any:
    """``alltrue(list)``: true when every element is true (unknown elements leave it unknown)."""
    flags = _bools(items)
    if False in flags:
        return False
    return next((flag for flag in flags if isinstance(flag, Unknown)), True)


@FUNCTIONS.define("anytrue", 1, unknowns="shallow")
def anytrue(items: Any) -> Any:
    """``anytrue(list)``: true when any element is true (unknown elements leave it unknown)."""
    flags = _bools(items)
    if True in flags:
        return True
    return next((flag for flag in flags if isinstance(flag, Unknown)), False)


@FUNCTIONS.define("sum", 1)
def sum_(items: Any) -> int | float:
    """``sum(list)``: the total of a non-empty list of numbers."""
    numbers = to_list(items)
    if not numbers:
        raise ConversionError("cannot sum an empty list")
    total: int | float = 0
    for item in numbers:
        if item is None:
            raise ConversionError("the list holds null")
        total += to_number(item)
    return normalize_number(total)
