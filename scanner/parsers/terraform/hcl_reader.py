"""Read HCL (``.tf``, ``.tfvars``) text into the Terraform syntax tree of ``syntax.py``.

Parsing uses python-hcl2 8.x's grammar and its prebuilt LALR tables (``hcl2/.lark_cache.bin``,
so no grammar analysis at start-up), with :class:`~.hcl_builder.SyntaxBuilder` as Lark's inline
transformer: the tree is built while parsing, in a single pass. A malformed file raises
:class:`HclSyntaxError` with a one-sentence message and the 1-based line; Lark's own
exceptions never escape.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from typing import Any

from scanner.parsers.terraform.expressions import Parenthesized
from scanner.parsers.terraform.hcl_errors import HclSyntaxError
from scanner.parsers.terraform.syntax import Body, Expr, HclFile

__all__ = ["HclSyntaxError", "parse_expression", "read_hcl"]

MAX_NESTING = 200
"""Brackets nested deeper than this are rejected, so hostile input cannot exhaust the stack."""

_OPENERS = frozenset({"LPAR", "LSQB", "LBRACE", "INTERP_START", "DIRECTIVE_START"})
_CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE"})
_HEREDOC_START = re.compile(r"<<-?[A-Za-z]")
_EXPRESSION_NAME = "__bastion_expression__"


class _LineOffset(threading.local):
    """The line offset the post-lexer applies to tokens of the parse being started.

    A heredoc's interpolations are parsed while the file's own parse is suspended, so the value
    is saved and restored around each parse; it is per thread.
    """

    value = 0


_LINE_OFFSET = _LineOffset()


def _make_postlexer() -> Any:
    from hcl2.postlexer import PostLexer

    class DepthLimitingPostLexer(PostLexer):  # type: ignore[misc]
        """python-hcl2's post-lexer plus a nesting limit and a line offset for embedded parses."""

        def process(self, stream: Iterator[Any]) -> Iterator[Any]:
            """Pass tokens through, shifting their lines and enforcing the nesting limit."""
            offset = _LINE_OFFSET.value
            depth = 0
            for token in super().process(stream):
                kind = token.type
                if offset:
                    token.line += offset
                    token.end_line += offset
                if kind in _OPENERS:
                    depth += 1
                    if depth > MAX_NESTING:
                        raise HclSyntaxError(f"brackets are nested more than {MAX_NESTING} levels deep", token.line)
                elif kind in _CLOSERS:
                    depth -= 1
                yield token

    return DepthLimitingPostLexer()


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    """The Lark LALR parser, loaded once per process from python-hcl2's cached tables."""
    import hcl2
    from hcl2.parser import PARSER_FILE
    from lark import Lark

    from scanner.parsers.terraform.hcl_builder import SyntaxBuilder

    return Lark.open(
        "hcl2.lark",
        parser="lalr",
        cache=str(PARSER_FILE),
        rel_to=hcl2.__file__,
        propagate_positions=True,  # part of the cache key; a no-op with an inline transformer
        postlex=_make_postlexer(),
        transformer=SyntaxBuilder(parse_expression),
    )


def read_hcl(text: str, path: str) -> HclFile:
    """Parse HCL ``text`` (the file at ``path``) into an :class:`HclFile`.

    Raises :class:`HclSyntaxError` for malformed input (message and 1-based line).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    return HclFile(path, _parse_body(text, 0))


def parse_expression(text: str, line: int) -> Expr:
    """Parse one expression (e.g. from a heredoc interpolation or a JSON string) starting on ``line``."""
    last_line = line + text.count("\n")
    try:
        body = _parse_body(f"{_EXPRESSION_NAME} = (\n{text}\n)", line - 2)
    except HclSyntaxError as error:
        if error.line > last_line:  # the error is at the parenthesis closing the wrapper
            raise HclSyntaxError(f"incomplete expression {_shorten(text.strip())!r}", last_line) from None
        raise
    attribute = body.attributes.get(_EXPRESSION_NAME)
    if attribute is None or len(body.attributes) != 1 or body.blocks or not isinstance(attribute.expr, Parenthesized):
        raise HclSyntaxError(f"invalid expression {_shorten(text.strip())!r}", line)
    return attribute.expr.inner


def _parse_body(text: str, line_offset: int) -> Body:
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    previous = _LINE_OFFSET.value
    _LINE_OFFSET.value = line_offset
    try:
        return _parser().parse(text + "\n")  # type: ignore[no-any-return]
    except HclSyntaxError:
        raise
    except UnexpectedCharacters as error:
        raise _unexpected_characters(error, text, line_offset) from None
    except UnexpectedToken as error:
        raise _unexpected_token(error, text, line_offset) from None
    except UnexpectedEOF:
        raise HclSyntaxError("unexpected end of file", _last_line(text) + line_offset) from None
    except RecursionError:
        raise HclSyntaxError("the file is nested too deeply to parse", 1 + line_offset) from None
    except LarkError as error:
        line = getattr(error, "line", None)
        raise HclSyntaxError("invalid syntax", line if isinstance(line, int) and line > 0 else 1) from None
    finally:
        _LINE_OFFSET.value = previous


def _last_line(text: str) -> int:
    """The number of the last line that holds text (a final newline does not start a line)."""
    return text.count("\n") + (0 if text.endswith("\n") else 1) or 1


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _unexpected_characters(error: Any, text: str, line_offset: int) -> HclSyntaxError:
    position = error.pos_in_stream
    line = error.line + line_offset
    if _HEREDOC_START.match(text, position):
        return HclSyntaxError("unterminated heredoc", line)
    char = text[position] if position < len(text) else ""
    if char == "\\":
        return HclSyntaxError("unexpected backslash outside a string", line)
    if char.isprintable() and char.strip():
        return HclSyntaxError(f"unexpected character '{char}'", line)
    return HclSyntaxError(f"unexpected character {char!r}", line)


def _value_stack(error: Any) -> list[Any]:
    state = getattr(error, "state", None)
    stack = getattr(state, "value_stack", None)
    if stack is None:
        parser = getattr(error, "interactive_parser", None)
        stack = getattr(getattr(parser, "parser_state", None), "value_stack", None)
    return list(stack or [])


def _unexpected_token(error: Any, text: str, line_offset: int) -> HclSyntaxError:
    from lark import Token

    token = error.token
    # The contextual lexer raises UnexpectedToken itself (with a token history) when a token is
    # valid somewhere in the grammar but not here; such a token never went through the
    # post-lexer, so its line lacks the offset of an embedded parse.
    lexer_raised = error.token_history is not None
    line = token.line if isinstance(token.line, int) and token.line > 0 else _last_line(text)
    if lexer_raised:
        line += line_offset
    if token.type == "$END":
        line = min(line, _last_line(text) + line_offset)
    for item in reversed(_value_stack(error)):
        if not isinstance(item, Token):
            continue
        if item.type == "DBLQUOTE":
            return HclSyntaxError("unterminated string", item.line)
        if item.type in ("INTERP_START", "DIRECTIVE_START") and token.type != "$END":
            break
    if token.type == "$END":
        stack = _value_stack(error)
        opener = next((i for i in reversed(stack) if isinstance(i, Token) and i.type in _OPENERS), None)
        if opener is not None:
            return HclSyntaxError(f"unexpected end of file; the '{opener}' on line {opener.line} is not closed", line)
        return HclSyntaxError("unexpected end of file", line)
    value = str(token)
    if _HEREDOC_START.match(value):
        return HclSyntaxError("unterminated heredoc", line)
    words = value.split()
    if value.lstrip(" \t")[:1] in ("\n", "\r"):
        return HclSyntaxError("unexpected newline", line)
    if token.type == "NL_OR_COMMENT" or not words:
        return HclSyntaxError("unexpected newline" if not words else "unexpected comment", line)
    shown = words[0] if lexer_raised or token.type == "STRING_CHARS" else words[-1]
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return HclSyntaxError(f"unexpected token '{shown}'", line)
