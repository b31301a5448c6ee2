"""Terraform's numeric functions: min, max, abs, ceil, floor, signum, parseint, log, pow.

Arguments may be numbers or numeric strings (Terraform converts them); results that are whole
numbers are ``int``.
"""

from __future__ import annotations

import math
import string
from typing import Any

from scanner.parsers.terraform.function_spec import FunctionTable
from scanner.parsers.terraform.semantics import ConversionError, normalize_number, to_number, to_string

FUNCTIONS = FunctionTable()
_DIGITS = string.digits + string.ascii_lowercase + string.ascii_uppercase


def _number(value: Any) -> int | float:
    if value is None:
        raise ConversionError("an argument is null")
    if isinstance(value, bool):
        raise ConversionError("a number is required, got bool")
    return to_number(value)


@FUNCTIONS.define("min", 1, None)
def min_(*numbers: Any) -> int | float:
    """``min(numbers...)``: the smallest argument."""
    return min(_number(n) for n in numbers)


@FUNCTIONS.define("max", 1, None)
def max_(*numbers: Any) -> int | float:
    """``max(numbers...)``: the largest argument."""
    return max(_number(n) for n in numbers)


@FUNCTIONS.define("abs", 1)
def abs_(number: Any) -> int | float:
    """``abs(number)``."""
    return abs(_number(number))


@FUNCTIONS.define("ceil", 1)
def ceil(number: Any) -> int:
    """``ceil(number)``: the closest whole number not smaller than the argument."""
    value = _number(number)
    return value if isinstance(value, int) else math.ceil(value)


@FUNCTIONS.define("floor", 1)
def floor(number: Any) -> int:
    """``floor(number)``: the closest whole number not larger than the argument."""
    value = _number(number)
    return value if isinstance(value, int) else math.floor(value)


@FUNCTIONS.define("signum", 1)
def signum(number: Any) -> int:
    """``signum(number)``: -1, 0 or 1."""
    value = _number(number)
    return (value > 0) - (value < 0)


@FUNCTIONS.define("log", 2)
def log(number: Any, base: Any) -> int | float:
    """``log(number, base)``: the logarithm of ``number`` in ``base``."""
    value, radix = _number(number), _number(base)
    if value <= 0 or radix <= 0 or radix == 1:
        raise ConversionError("log needs a positive number and a positive base other than 1")
    return normalize_number(math.log(value, radix))


@FUNCTIONS.define("pow", 2)
def pow_(number: Any, power: Any) -> int | float:
    """``pow(number, power)``."""
    value, exponent = _number(number), _number(power)
    try:
        if isinstance(value, int) and isinstance(exponent, int) and 0 <= exponent <= 1024:
            return value**exponent
        return normalize_number(float(value) ** float(exponent))
    except (OverflowError, ZeroDivisionError):
        raise ConversionError("the result of pow is out of range") from None


@FUNCTIONS.define("parseint", 2)
def parseint(text: Any, base: Any) -> int:
    """``parseint(string, base)``: the integer written in ``base`` (2 to 62), without prefixes."""
    if text is None:
        raise ConversionError("the string is null")
    value, radix = to_string(text), _number(base)
    if not isinstance(radix, int) or not 2 <= radix <= 62:
        raise ConversionError("the base must be a whole number from 2 to 62")
    digits = value[1:] if value[:1] in "+-" else value
    alphabet = _DIGITS[:radix] if radix > 36 else (_DIGITS[:radix] + _DIGITS[36 : 26 + radix])
    if not digits or any(char not in alphabet for char in digits):
        raise ConversionError(f"cannot parse {value!r} as a base {radix} integer")
    result = 0
    for char in digits:
        position = _DIGITS.index(char)
        result = result * radix + (position if radix > 36 or position < 36 else position - 26)
    return -result if value.startswith("-") else result
