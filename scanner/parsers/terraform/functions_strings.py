"""Terraform's string functions: format, formatlist, join, split, case, trimming, replace,
substr, regex and regexall.

Regular expressions use the ``regex`` package (a python-hcl2 dependency): its syntax is close to
RE2's (``\\p{L}``, ``(?<name>...)``), and a time limit keeps a hostile pattern from hanging the
scan; a pattern that runs too long is an evaluation error, like any other bad input.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from scanner.parsers.terraform.function_spec import FunctionTable
from scanner.parsers.terraform.semantics import (
    ConversionError,
    format_number,
    to_list,
    to_number,
    to_string,
    type_name,
)

FUNCTIONS = FunctionTable()
REGEX_TIMEOUT_SECONDS = 1.0

_VERB = re.compile(r"%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])?")


def _str(value: Any, what: str = "argument") -> str:
    if value is None:
        raise ConversionError(f"the {what} is null")
    return to_string(value)


@FUNCTIONS.define("format", 1, None)
def format_(spec: Any, *args: Any) -> str:
    """``format(spec, args...)``: Go-style verbs (%s %d %f %q %v %t %x %b %o %e %g, width, precision)."""
    return _format(_str(spec, "format string"), list(args))


def _format(spec: str, args: list[Any]) -> str:
    out: list[str] = []
    position = 0
    next_arg = 0
    for match in _VERB.finditer(spec):
        out.append(spec[position : match.start()])
        position = match.end()
        explicit, flags, width, precision, verb = match.groups()
        if verb is None:
            raise ConversionError("the format string ends in an incomplete verb")
        if verb == "%":
            out.append("%")
            continue
        if explicit is not None:
            next_arg = int(explicit) - 1
        if not 0 <= next_arg < len(args):
            raise ConversionError(f"not enough arguments for the format string (verb %{verb})")
        out.append(_format_verb(verb, flags, width, precision, args[next_arg]))
        next_arg += 1
    out.append(spec[position:])
    if next_arg < len(args) and not any(m.group(1) for m in _VERB.finditer(spec)):
        raise ConversionError(f"too many arguments for the format string ({len(args)} given)")
    return "".join(out)


def _format_verb(verb: str, flags: str, width: str | None, precision: str | None, value: Any) -> str:
    align = "<" if "-" in flags else ("=" if "0" in flags and verb not in "sqvt" else "")
    fill = "0" if align == "=" else ""
    sign = "+" if "+" in flags else (" " if " " in flags else "")
    alternate = "#" if "#" in flags and verb in "boxX" else ""
    size = width or ""
    if verb in "vsqt":
        text = _format_text(verb, flags, value)
        if precision is not None:
            text = text[: int(precision)]
        return format(text, f"{'<' if '-' in flags else '>'}{size}")
    if value is None:
        raise ConversionError(f"cannot format null with %{verb}")
    number = to_number(value)
    if verb in "dboxX":
        if isinstance(number, float):
            raise ConversionError(f"%{verb} needs a whole number, got {format_number(number)}")
        return format(number, f"{fill}{align}{sign}{alternate}{size}{verb if verb != 'd' else 'd'}")
    if verb in "eEfFgG":
        digits = f".{precision}" if precision is not None else ""
        if verb in "gG" and precision is None:
            return format(format_number(number), f"{'<' if '-' in flags else '>'}{size}")
        return format(float(number), f"{fill}{align}{sign}{size}{digits}{verb}")
    raise ConversionError(f"unsupported format verb %{verb}")


def _format_text(verb: str, flags: str, value: Any) -> str:
    if verb == "t":
        if not isinstance(value, bool):
            raise ConversionError(f"%t needs a bool, got {type_name(value)}")
        return "true" if value else "false"
    if verb == "q":
        return json.dumps(_str(value), ensure_ascii=False)
    if verb == "v":
        if value is None:
            return "null"
        if isinstance(value, (list, dict)) or "#" in flags:
            return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        return to_string(value)
    if value is None:
        raise ConversionError("cannot format null with %s")
    return to_string(value)


@FUNCTIONS.define("formatlist", 1, None)
def formatlist(spec: Any, *args: Any) -> list[str]:
    """``formatlist(spec, args...)``: ``format`` per element; list arguments must share a length."""
    lengths = {len(arg) for arg in args if isinstance(arg, list)}
    if len(lengths) > 1:
        raise ConversionError("all list arguments must have the same length")
    count = lengths.pop() if lengths else 1
    text = _str(spec, "format string")
    return [_format(text, [arg[i] if isinstance(arg, list) else arg for arg in args]) for i in range(count)]


@FUNCTIONS.define("join", 2, None)
def join(separator: Any, *lists: Any) -> str:
    """``join(sep, list...)``: the elements of the lists as strings, separated by ``sep``."""
    items = [item for value in lists for item in to_list(value)]
    return _str(separator, "separator").join(_str(item, "list element") for item in items)


@FUNCTIONS.define("split", 2)
def split(separator: Any, text: Any) -> list[str]:
    """``split(sep, text)``: the pieces of ``text`` between occurrences of ``sep``."""
    sep, value = _str(separator, "separator"), _str(text)
    if sep == "":
        return list(value)
    return value.split(sep)


@FUNCTIONS.define("lower", 1)
def lower(text: Any) -> str:
    """``lower(text)``."""
    return _str(text).lower()


@FUNCTIONS.define("upper", 1)
def upper(text: Any) -> str:
    """``upper(text)``."""
    return _str(text).upper()


@FUNCTIONS.define("title", 1)
def title(text: Any) -> str:
    """``title(text)``: the first letter of each word upper-cased, the rest unchanged (Go's rule)."""
    out: list[str] = []
    after_separator = True
    for char in _str(text):
        out.append(char.upper() if after_separator else char)
        after_separator = not (char.isalnum() or char == "_")
    return "".join(out)


@FUNCTIONS.define("trimspace", 1)
def trimspace(text: Any) -> str:
    """``trimspace(text)``: leading and trailing whitespace removed."""
    return _str(text).strip()


@FUNCTIONS.define("trim", 2)
def trim(text: Any, characters: Any) -> str:
    """``trim(text, chars)``: any of ``chars`` removed from both ends."""
    return _str(text).strip(_str(characters))


@FUNCTIONS.define("trimprefix", 2)
def trimprefix(text: Any, prefix: Any) -> str:
    """``trimprefix(text, prefix)``."""
    return _str(text).removeprefix(_str(prefix))


@FUNCTIONS.define("trimsuffix", 2)
def trimsuffix(text: Any, suffix: Any) -> str:
    """``trimsuffix(text, suffix)``."""
    return _str(text).removesuffix(_str(suffix))


@FUNCTIONS.define("chomp", 1)
def chomp(text: Any) -> str:
    """``chomp(text)``: trailing newlines removed."""
    return _str(text).rstrip("\r\n")


@FUNCTIONS.define("strrev", 1)
def strrev(text: Any) -> str:
    """``strrev(text)``: the characters in reverse order."""
    return _str(text)[::-1]


@FUNCTIONS.define("indent", 2)
def indent(spaces: Any, text: Any) -> str:
    """``indent(n, text)``: every line but the first prefixed with ``n`` spaces."""
    prefix = " " * int(to_number(spaces))
    return _str(text).replace("\n", "\n" + prefix)


@FUNCTIONS.define("startswith", 2)
def startswith(text: Any, prefix: Any) -> bool:
    """``startswith(text, prefix)``."""
    return _str(text).startswith(_str(prefix))


@FUNCTIONS.define("endswith", 2)
def endswith(text: Any, suffix: Any) -> bool:
    """``endswith(text, suffix)``."""
    return _str(text).endswith(_str(suffix))


@FUNCTIONS.define("strcontains", 2)
def strcontains(text: Any, part: Any) -> bool:
    """``strcontains(text, substring)``."""
    return _str(part) in _str(text)


@FUNCTIONS.define("substr", 3)
def substr(text: Any, offset: Any, length: Any) -> str:
    """``substr(text, offset, length)``: negative offset counts from the end, length -1 = the rest."""
    value = _str(text)
    start, count = int(to_number(offset)), int(to_number(length))
    if start < 0:
        start = max(len(value) + start, 0)
    if start > len(value):
        raise ConversionError(f"offset {start} is beyond the end of the string")
    return value[start:] if count < 0 else value[start : start + count]


@FUNCTIONS.define("replace", 3)
def replace(text: Any, search: Any, replacement: Any) -> str:
    """``replace(text, search, repl)``: ``/regex/`` searches use Go's ``$1``/``${name}`` replacements."""
    value, pattern, new = _str(text), _str(search), _str(replacement)
    if len(pattern) >= 2 and pattern.startswith("/") and pattern.endswith("/"):
        compiled = _compile(pattern[1:-1])
        return _run(lambda: compiled.sub(lambda m: _expand(new, m), value, timeout=REGEX_TIMEOUT_SECONDS))  # type: ignore[no-any-return]
    return value.replace(pattern, new)


_TEMPLATE_REFERENCE = re.compile(r"\$(?:\$|\{(\w+)\}|(\w+))")


def _expand(template: str, match: Any) -> str:
    def group(ref: re.Match[str]) -> str:
        """The text a ``$1``/``${name}``/``$$`` reference stands for."""
        if ref.group() == "$$":
            return "$"
        name = ref.group(1) or ref.group(2)
        try:
            found = match.group(int(name) if name.isdigit() else name)
        except (IndexError, KeyError, ValueError):
            return ""
        return found or ""

    return _TEMPLATE_REFERENCE.sub(group, template)


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> Any:
    import regex

    translated = re.sub(r"(?<!\\)((?:\\\\)*)\\z", r"\1\\Z", pattern)
    try:
        return regex.compile(translated)
    except regex.error as error:
        raise ConversionError(f"invalid regular expression {pattern!r}: {error}") from None


def _run(action: Any) -> Any:
    try:
        return action()
    except TimeoutError:
        raise ConversionError("the regular expression took too long to evaluate") from None


def _match_value(compiled: Any, match: Any) -> Any:
    if compiled.groups == 0:
        return match.group(0)
    names = compiled.groupindex
    if names:
        if len(names) != compiled.groups:
            raise ConversionError("a pattern cannot mix named and unnamed capture groups")
        return {name: match.group(name) for name in sorted(names)}
    return list(match.groups())


@FUNCTIONS.define("regex", 2)
def regex_(pattern: Any, text: Any) -> Any:
    """``regex(pattern, text)``: the first match (string, list of groups or map of named groups)."""
    compiled = _compile(_str(pattern, "pattern"))
    match = _run(lambda: compiled.search(_str(text), timeout=REGEX_TIMEOUT_SECONDS))
    if match is None:
        raise ConversionError(f"the pattern {pattern!r} does not match")
    return _match_value(compiled, match)


@FUNCTIONS.define("regexall", 2)
def regexall(pattern: Any, text: Any) -> list[Any]:
    """``regexall(pattern, text)``: every match, each shaped like ``regex``'s result."""
    compiled = _compile(_str(pattern, "pattern"))
    matches = _run(lambda: list(compiled.finditer(_str(text), timeout=REGEX_TIMEOUT_SECONDS)))
    return [_match_value(compiled, match) for match in matches]

