"""Split raw template text (a heredoc body, a Terraform JSON string) into flat template parts.

python-hcl2 returns a heredoc as one opaque token, and Terraform JSON strings are templates
too, so their ``${ expr }`` interpolations and ``%{ ... }`` directives are found here and each
expression is handed to a parser callback with its line. ``$${`` and ``%%{`` are escapes for
literal ``${`` and ``%{``. Backslashes are literal in these templates (only quoted HCL strings
have escape sequences).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.parsers.terraform.hcl_errors import HclSyntaxError
from scanner.parsers.terraform.syntax import Expr
from scanner.parsers.terraform.templates import Directive, FlatPart, Interpolation

ParseExpression = Callable[[str, int], Expr]

_SEQUENCE_START = re.compile(r"[$%]{1,2}\{")
_FOR_HEAD = re.compile(r"for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?\bin\b(.*)", re.S)


def has_template_sequences(text: str) -> bool:
    """True when ``text`` holds ``${``, ``%{`` (or their escapes), i.e. is not plain literal text."""
    return "${" in text or "%{" in text


def scan_template(text: str, line: int, parse_expression: ParseExpression, count_lines: bool = True) -> list[FlatPart]:
    """Split ``text`` (starting on ``line``) into literal strings, interpolations and directives.

    ``count_lines`` is False for text whose newlines are not source lines (a decoded JSON
    string): every part then gets ``line``.
    """
    parts: list[FlatPart] = []
    literal: list[str] = []
    position = 0
    while True:
        match = _SEQUENCE_START.search(text, position)
        if match is None:
            literal.append(text[position:])
            break
        literal.append(text[position : match.start()])
        marker = match.group()
        if len(marker) == 3:
            if marker[0] == marker[1]:
                literal.append(marker[1:])
                position = match.end()
                continue
            literal.append(marker[0])
            position = match.start() + 1
            continue
        start_line = line + text.count("\n", 0, match.start()) if count_lines else line
        close = find_closing_brace(text, match.end())
        if close < 0:
            kind = "interpolation" if marker[0] == "$" else "template directive"
            raise HclSyntaxError(f"unterminated {kind}", start_line)
        if literal:
            parts.append("".join(literal))
            literal = []
        inner = text[match.end() : close]
        inner_line = start_line
        if marker[0] == "$":
            parts.append(_interpolation(inner, inner_line, parse_expression))
        else:
            parts.append(_directive(inner, inner_line, parse_expression))
        position = close + 1
    joined = "".join(literal)
    if joined:
        parts.append(joined)
    return parts


def _strip_markers(inner: str) -> tuple[str, bool, bool]:
    strip_left = inner.startswith("~")
    if strip_left:
        inner = inner[1:]
    strip_right = inner.endswith("~")
    if strip_right:
        inner = inner[:-1]
    return inner, strip_left, strip_right


def _interpolation(inner: str, line: int, parse_expression: ParseExpression) -> Interpolation:
    body, strip_left, strip_right = _strip_markers(inner)
    if not body.strip():
        raise HclSyntaxError("empty interpolation '${}'", line)
    return Interpolation(parse_expression(body, line), strip_left, strip_right)


def _directive(inner: str, line: int, parse_expression: ParseExpression) -> Directive:
    body, strip_left, strip_right = _strip_markers(inner)
    leading = body[: len(body) - len(body.lstrip())]
    body_line = line + leading.count("\n")
    text = body.strip()
    keyword = text.split(None, 1)[0] if text else ""
    if keyword in ("else", "endif", "endfor") and text == keyword:
        return Directive(keyword, line, strip_left=strip_left, strip_right=strip_right)
    if keyword == "if":
        condition = text[2:]
        if not condition.strip():
            raise HclSyntaxError("the template 'if' directive needs a condition", line)
        expr = parse_expression(condition, body_line)
        return Directive("if", line, expr=expr, strip_left=strip_left, strip_right=strip_right)
    if keyword == "for":
        match = _FOR_HEAD.fullmatch(text)
        if match is None or not match.group(3).strip():
            raise HclSyntaxError("the template 'for' directive must read 'for NAME in EXPRESSION'", line)
        first, second, collection = match.groups()
        offset = text.count("\n", 0, match.start(3))
        expr = parse_expression(collection, body_line + offset)
        key_var, value_var = (first, second) if second else (None, first)
        return Directive(
            "for", line, expr=expr, key_var=key_var, value_var=value_var, strip_left=strip_left, strip_right=strip_right
        )
    shown = keyword or text
    raise HclSyntaxError(f"'{shown}' is not a template directive (expected if, else, endif, for or endfor)", line)


def find_closing_brace(text: str, position: int) -> int:
    """Index of the ``}`` closing a sequence opened just before ``position``, or -1.

    Nested braces and quoted strings (whose own ``${...}`` may hold braces) are skipped.
    """
    depth = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char == '"':
            position = _skip_string(text, position + 1)
            if position < 0:
                return -1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return position
            depth -= 1
        position += 1
    return -1


def _skip_string(text: str, position: int) -> int:
    """Index just after the quote closing a string whose body starts at ``position``, or -1."""
    length = len(text)
    while position < length:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == '"':
            return position + 1
        if char == "\n":
            return -1
        if text.startswith("${", position) or text.startswith("%{", position):
            close = find_closing_brace(text, position + 2)
            if close < 0:
                return -1
            position = close + 1
            continue
        position += 1
    return -1
