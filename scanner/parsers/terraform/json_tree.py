"""A JSON parser that keeps the line of every value and object key.

Terraform JSON files (``.tf.json``, ``.tfvars.json``) need the line where each key is written,
which :mod:`json` does not report. The text is first validated with :func:`json.loads` (fast,
with a precise error line), then walked here; strings are decoded with the standard library's
own scanner, so escapes are handled exactly as :mod:`json` does.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from scanner.parsers.terraform.hcl_errors import HclSyntaxError
from scanner.parsers.terraform.semantics import normalize_number

MAX_NESTING = 200
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CONSTANTS = {"true": True, "false": False, "null": None}


@dataclass
class JsonValue:
    """A JSON value with its first and last line.

    ``kind`` is "object" (``value`` is a list of :class:`JsonMember`), "array" (a list of
    JsonValue), "string" or "scalar" (number, bool, null: the Python value).
    """

    kind: str
    value: Any
    line: int
    end_line: int

    def plain(self) -> Any:
        """The value as ordinary Python data (duplicate keys: the last one wins)."""
        if self.kind == "object":
            return {member.key: member.value.plain() for member in self.value}
        if self.kind == "array":
            return [item.plain() for item in self.value]
        return self.value


@dataclass
class JsonMember:
    """One ``"key": value`` pair of an object, with the key's line."""

    key: str
    line: int
    value: JsonValue


def parse_json(text: str) -> JsonValue:
    """Parse JSON ``text`` into a :class:`JsonValue` tree; raise HclSyntaxError when invalid."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise HclSyntaxError(f"invalid JSON: {error.msg[:1].lower()}{error.msg[1:]}", error.lineno) from None
    except RecursionError:
        raise HclSyntaxError("the JSON document is nested too deeply", 1) from None
    walker = _Walker(text)
    value, _ = walker.value(walker.skip(0), 0)
    return value


class _Walker:
    """Recursive descent over text already known to be valid JSON."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [match.start() for match in re.finditer("\n", text)]

    def line(self, position: int) -> int:
        """The 1-based line of a text position."""
        return bisect.bisect_left(self.newlines, position) + 1

    def skip(self, position: int) -> int:
        """The position after any whitespace at ``position``."""
        return _WHITESPACE.match(self.text, position).end()  # type: ignore[union-attr]

    def value(self, position: int, depth: int) -> tuple[JsonValue, int]:
        """Read the value starting at ``position``; return it and the position after it."""
        if depth > MAX_NESTING:
            raise HclSyntaxError(f"the JSON document is nested more than {MAX_NESTING} levels deep", self.line(position))
        char = self.text[position]
        line = self.line(position)
        if char == "{":
            return self.object(position, depth, line)
        if char == "[":
            return self.array(position, depth, line)
        if char == '"':
            string, end = scanstring(self.text, position + 1)
            return JsonValue("string", string, line, line), end
        for word, constant in _CONSTANTS.items():
            if self.text.startswith(word, position):
                return JsonValue("scalar", constant, line, line), position + len(word)
        match = _NUMBER.match(self.text, position)
        if match is None:
            raise HclSyntaxError("invalid JSON value", line)
        number_text = match.group()
        number: Any = int(number_text) if number_text.lstrip("-").isdigit() else normalize_number(float(number_text))
        return JsonValue("scalar", number, line, line), match.end()

    def object(self, position: int, depth: int, line: int) -> tuple[JsonValue, int]:
        """Read an object whose ``{`` is at ``position``."""
        members: list[JsonMember] = []
        position = self.skip(position + 1)
        while self.text[position] != "}":
            key_line = self.line(position)
            key, position = scanstring(self.text, position + 1)
            position = self.skip(self.skip(position) + 1)  # the colon
            item, position = self.value(position, depth + 1)
            members.append(JsonMember(key, key_line, item))
            position = self.skip(position)
            if self.text[position] == ",":
                position = self.skip(position + 1)
        return JsonValue("object", members, line, self.line(position)), position + 1

    def array(self, position: int, depth: int, line: int) -> tuple[JsonValue, int]:
        """Read an array whose ``[`` is at ``position``."""
        items: list[JsonValue] = []
        position = self.skip(position + 1)
        while self.text[position] != "]":
            item, position = self.value(position, depth + 1)
            items.append(item)
            position = self.skip(position)
            if self.text[position] == ",":
                position = self.skip(position + 1)
        return JsonValue("array", items, line, self.line(position)), position + 1
