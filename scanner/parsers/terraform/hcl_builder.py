"""Build the Terraform syntax tree while python-hcl2's LALR parser runs.

:class:`SyntaxBuilder` is passed to Lark as an inline transformer: each grammar rule of
python-hcl2 8.x (``hcl2/hcl2.lark``) is reduced straight into the objects of ``syntax.py`` and
``expressions.py``, so no intermediate parse tree is built and the file is converted in one pass.
Lines come from the tokens (``.line``/``.end_line``, 1-based). Rule methods receive the
reduced children in grammar order; newline/comment runs arrive as the :data:`NEWLINE` marker.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from lark import Token

from scanner.parsers.terraform.expressions import Literal
from scanner.parsers.terraform.hcl_errors import HclSyntaxError
from scanner.parsers.terraform.hcl_expression_rules import NEWLINE, ExpressionRules, expression_nodes
from scanner.parsers.terraform.semantics import normalize_number
from scanner.parsers.terraform.syntax import Attribute, Block, Body, Expr
from scanner.parsers.terraform.template_scanner import has_template_sequences, scan_template
from scanner.parsers.terraform.templates import Directive, FlatPart, Interpolation, assemble, flush_heredoc

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_HEREDOC_HEAD = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)\r?\n")


def unescape(text: str, line: int) -> str:
    """Resolve the escape sequences of a quoted HCL string; raise HclSyntaxError on a bad one."""
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        """Decode one escape sequence."""
        code = match.group(1) or match.group(2)
        if code is not None:
            try:
                return chr(int(code, 16))
            except (ValueError, OverflowError):
                raise HclSyntaxError(f"invalid unicode escape '\\U{code}'", line) from None
        char = match.group(3)
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        raise HclSyntaxError(f"invalid escape sequence '\\{char}' in a string", line)

    return _ESCAPE.sub(replace, text)


class SyntaxBuilder(ExpressionRules):
    """Lark inline transformer: one method per rule of python-hcl2's grammar (see module doc).

    ``parse_expression(text, line)`` parses one expression; it is used for the interpolations
    found inside heredoc bodies, which the grammar returns as a single token.
    """

    def __init__(self, parse_expression: Callable[[str, int], Expr]) -> None:
        self._parse_expression = parse_expression

    # -- structure ---------------------------------------------------------------------------

    def start(self, children: list[Any]) -> Body:
        """The file: its body."""
        return children[0]  # type: ignore[no-any-return]

    def body(self, children: list[Any]) -> Body:
        """Attributes by name (a repeated name is an error) and blocks in order."""
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        for child in children:
            if type(child) is Attribute:
                previous = attributes.get(child.name)
                if previous is not None:
                    raise HclSyntaxError(
                        f"the argument '{child.name}' is already set on line {previous.line}", child.line
                    )
                attributes[child.name] = child
            elif type(child) is Block:
                blocks.append(child)
        return Body(attributes, tuple(blocks))

    def new_line_or_comment(self, children: list[Any]) -> object:
        """Newlines and comments carry no meaning here."""
        return NEWLINE

    def attribute(self, children: list[Any]) -> Attribute:
        """``name = expr``, spanning from the name to the end of the expression."""
        name, expr = children[0], children[2]
        return Attribute(sys.intern(str(name)), expr, name.line, expr.end_line)

    def block(self, children: list[Any]) -> Block:
        """``type label... { body }``; quoted labels must be plain strings."""
        names: list[str] = []
        for child in children:
            if child is NEWLINE:
                continue
            if isinstance(child, Token):
                if child.type == "LBRACE":
                    break
                names.append(sys.intern(str(child)))
            elif isinstance(child, Literal) and isinstance(child.value, str):
                names.append(child.value)
            else:
                raise HclSyntaxError("a block label must be a plain quoted string", child.line)
        return Block(names[0], tuple(names[1:]), children[-2], children[0].line, children[-1].line)

    def identifier(self, children: list[Any]) -> Token:
        """A name token (identifiers, keywords and ``true``/``false``/``null`` used as names)."""
        return children[0]  # type: ignore[no-any-return]

    keyword = identifier
    literal_value = identifier

    # -- literals and strings ----------------------------------------------------------------

    def int_lit(self, children: list[Any]) -> Literal:
        """An integer literal."""
        token = children[0]
        return Literal(int(token), token.line)

    def float_lit(self, children: list[Any]) -> Literal:
        """A number literal with a fraction or exponent (integral values become ``int``)."""
        token = children[0]
        return Literal(normalize_number(float(token)), token.line)

    def string(self, children: list[Any]) -> Expr:
        """A quoted string: a literal when it has no interpolation, else a template."""
        opening, closing = children[0], children[-1]
        flat: list[FlatPart] = []
        for part in children[1:-1]:
            if isinstance(part, Token):
                if part.type == "STRING_CHARS":
                    if "\n" in part:
                        raise HclSyntaxError("unterminated string", opening.line)
                    flat.append(unescape(str(part), part.line))
                else:  # ESCAPED_INTERPOLATION / ESCAPED_DIRECTIVE: "$${" stands for "${"
                    flat.append(str(part)[1:])
            elif isinstance(part, Directive):
                flat.append(part)
            else:
                flat.append(Interpolation(part))
        if all(isinstance(part, str) for part in flat):
            return Literal("".join(flat), opening.line, closing.end_line)  # type: ignore[arg-type]
        return assemble(flat, opening.line, closing.end_line)

    def string_part(self, children: list[Any]) -> Any:
        """One part of a quoted string, passed through."""
        return children[0]

    def interpolation(self, children: list[Any]) -> Expr:
        """``${ expr }`` inside a quoted string."""
        return children[1]  # type: ignore[no-any-return]

    def template_string(self, children: list[Any]) -> Literal:
        """An escaped-quote string inside a template directive."""
        token = children[0]
        return Literal(unescape(str(token)[2:-2], token.line), token.line, token.end_line)

    def _directive(self, kind: str, children: list[Any]) -> Directive:
        tokens = [child for child in children if isinstance(child, Token)]
        strip_left = len(tokens) > 1 and tokens[1].type == "STRIP_MARKER"
        strip_right = len(tokens) > 1 and tokens[-2].type == "STRIP_MARKER"
        nodes = expression_nodes(children)
        expr = nodes[0] if nodes else None
        names = [str(t) for t in tokens if t.type == "NAME"]
        directive = Directive(kind, children[0].line, expr=expr, strip_left=strip_left, strip_right=strip_right)
        if kind == "for":
            directive.key_var, directive.value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return directive

    def template_if_start(self, children: list[Any]) -> Directive:
        """``%{ if cond }``."""
        return self._directive("if", children)

    def template_else(self, children: list[Any]) -> Directive:
        """``%{ else }``."""
        return self._directive("else", children)

    def template_endif(self, children: list[Any]) -> Directive:
        """``%{ endif }``."""
        return self._directive("endif", children)

    def template_for_start(self, children: list[Any]) -> Directive:
        """``%{ for k, v in coll }``."""
        return self._directive("for", children)

    def template_endfor(self, children: list[Any]) -> Directive:
        """``%{ endfor }``."""
        return self._directive("endfor", children)

    def heredoc_template(self, children: list[Any]) -> Expr:
        """``<<EOT`` heredoc."""
        return self._heredoc(children[0], trim=False)

    def heredoc_template_trim(self, children: list[Any]) -> Expr:
        """``<<-EOT`` heredoc, dedented."""
        return self._heredoc(children[0], trim=True)

    def _heredoc(self, token: Token, trim: bool) -> Expr:
        text = str(token).replace("\r\n", "\n")
        head = _HEREDOC_HEAD.match(text)
        assert head is not None
        rest = text[head.end() : -1]  # drop the newline after the closing marker
        last_newline = rest.rfind("\n")
        content = rest[: last_newline + 1]
        end_line = token.line + text.count("\n") - 1
        if has_template_sequences(content):
            flat = scan_template(content, token.line + 1, self._parse_expression)
        else:
            flat = [content]
        if trim:
            flat = flush_heredoc(flat)
        return assemble(flat, token.line, end_line)
