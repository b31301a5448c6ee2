"""String templates: ``"app-${var.env}"``, heredocs and ``%{ if }``/``%{ for }`` directives.

The readers produce a flat sequence of template parts (literal text, :class:`Interpolation`,
:class:`Directive`); :func:`assemble` applies the ``~`` strip markers, nests the directives and
returns a :class:`Template` expression, or a :class:`Literal` when nothing is dynamic.
:func:`flush_heredoc` applies the ``<<-`` indentation rule. Evaluation follows Terraform: an
unknown part makes the whole string unknown, a null part is an error, and a template that is a
single interpolation (``"${var.list}"``) yields the value itself, unconverted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Union

from scanner.parsers.terraform.expression_base import ChildScope, Literal, Node, Reference, escape_string
from scanner.parsers.terraform.hcl_errors import HclSyntaxError
from scanner.parsers.terraform.semantics import ConversionError, EvalError, to_bool, to_string, type_name
from scanner.parsers.terraform.syntax import Expr, Scope, Unknown


@dataclass
class Interpolation:
    """A flat ``${ expr }`` part, with its ``~`` strip markers."""

    expr: Expr
    strip_left: bool = False
    strip_right: bool = False


@dataclass
class Directive:
    """A flat ``%{ ... }`` part: kind is if, else, endif, for or endfor."""

    kind: str
    line: int
    expr: Expr | None = None
    key_var: str | None = None
    value_var: str | None = None
    strip_left: bool = False
    strip_right: bool = False


FlatPart = Union[str, Interpolation, Directive]


class Template(Node):
    """A string built from literal text and expressions (``parts``: ``str`` or expression nodes)."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Any, ...], line: int, end_line: int) -> None:
        super().__init__(line, end_line)
        self.parts = parts

    def _eval(self, scope: Scope) -> Any:
        parts = self.parts
        if len(parts) == 1 and not isinstance(parts[0], (str, TemplateIf, TemplateFor)):
            return parts[0]._eval(scope)
        return render_parts(parts, scope)

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        for part in self.parts:
            if not isinstance(part, str):
                part._refs(out, bound)

    def _src(self) -> str:
        return '"' + _render_source(self.parts) + '"'

    def template_text(self) -> str:
        """The template as Terraform's JSON form writes it: literal text with ``${...}`` kept."""
        return _render_text(self.parts)


def render_parts(parts: tuple[Any, ...], scope: Scope) -> Any:
    """Concatenate evaluated template parts; Unknown or EvalError when a part is not a string."""
    pieces: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        value = part._eval(scope)
        if isinstance(value, Unknown):
            return value
        if value is None:
            return EvalError(f"the template part ${{{part.source()}}} is null")
        try:
            pieces.append(to_string(value))
        except ConversionError:
            return EvalError(f"cannot insert a {type_name(value)} into a string: ${{{part.source()}}}")
    return "".join(pieces)


class TemplateIf(Node):
    """``%{ if cond }...%{ else }...%{ endif }`` inside a template."""

    __slots__ = ("condition", "then_parts", "else_parts")

    def __init__(self, condition: Expr, then_parts: tuple[Any, ...], else_parts: tuple[Any, ...], line: int) -> None:
        super().__init__(line, line)
        self.condition = condition
        self.then_parts = then_parts
        self.else_parts = else_parts

    def _eval(self, scope: Scope) -> Any:
        condition = self.condition._eval(scope)  # type: ignore[attr-defined]
        if isinstance(condition, Unknown):
            return condition
        try:
            if condition is None:
                raise ConversionError("it is null")
            chosen = to_bool(condition)
        except ConversionError as error:
            return EvalError(f"the template condition {self.condition.source()} is not a bool: {error}")
        return render_parts(self.then_parts if chosen else self.else_parts, scope)

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.condition._refs(out, bound)  # type: ignore[attr-defined]
        for part in self.then_parts + self.else_parts:
            if not isinstance(part, str):
                part._refs(out, bound)

    def _src(self) -> str:
        text = "%{ if " + self.condition.source() + " }" + _render_source(self.then_parts)
        if self.else_parts:
            text += "%{ else }" + _render_source(self.else_parts)
        return text + "%{ endif }"


class TemplateFor(Node):
    """``%{ for k, v in coll }...%{ endfor }`` inside a template."""

    __slots__ = ("key_var", "value_var", "collection", "parts")

    def __init__(
        self, key_var: str | None, value_var: str, collection: Expr, parts: tuple[Any, ...], line: int
    ) -> None:
        super().__init__(line, line)
        self.key_var = key_var
        self.value_var = value_var
        self.collection = collection
        self.parts = parts

    def _eval(self, scope: Scope) -> Any:
        collection = self.collection._eval(scope)  # type: ignore[attr-defined]
        if isinstance(collection, Unknown):
            return collection
        if isinstance(collection, list):
            pairs: list[tuple[Any, Any]] = list(enumerate(collection))
        elif isinstance(collection, Mapping):
            pairs = [(key, collection[key]) for key in sorted(collection)]
        else:
            return EvalError(f"the template for-loop cannot iterate over a {type_name(collection)}")
        pieces: list[str] = []
        for key, value in pairs:
            names = {self.value_var: value}
            if self.key_var is not None:
                names[self.key_var] = key
            rendered = render_parts(self.parts, ChildScope(scope, names))
            if isinstance(rendered, Unknown):
                return rendered
            pieces.append(rendered)
        return "".join(pieces)

    def _refs(self, out: list[Reference], bound: frozenset[str]) -> None:
        self.collection._refs(out, bound)  # type: ignore[attr-defined]
        inner = bound | {self.value_var} | ({self.key_var} if self.key_var else set())
        for part in self.parts:
            if not isinstance(part, str):
                part._refs(out, inner)

    def _src(self) -> str:
        names = f"{self.key_var}, {self.value_var}" if self.key_var else self.value_var
        head = "%{ for " + names + " in " + self.collection.source() + " }"
        return head + _render_source(self.parts) + "%{ endfor }"


def _render_source(parts: tuple[Any, ...]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape_string(part))
        elif isinstance(part, (TemplateIf, TemplateFor)):
            out.append(part.source())
        else:
            out.append("${" + part.source() + "}")
    return "".join(out)


def _render_text(parts: tuple[Any, ...]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part.replace("${", "$${").replace("%{", "%%{"))
        elif isinstance(part, (TemplateIf, TemplateFor)):
            out.append(part.source())
        else:
            out.append("${" + part.source() + "}")
    return "".join(out)


def flush_heredoc(parts: list[FlatPart]) -> list[FlatPart]:
    """Apply ``<<-``: remove the smallest leading whitespace of the non-blank lines from every line.

    Only literal text at the start of a line counts and is trimmed, so an interpolated value with
    leading spaces never changes the indentation removed (Terraform's rule).
    """
    lines: list[FlatPart] = []
    for part in parts:
        if isinstance(part, str):
            lines.extend(piece for piece in part.splitlines(keepends=True))
        else:
            lines.append(part)
    smallest: int | None = None
    at_line_start = True
    leading: list[int] = []
    for index, part in enumerate(lines):
        if at_line_start:
            if isinstance(part, str):
                stripped = part.lstrip()
                blank = not stripped and part.endswith("\n")
                if not blank:
                    width = len(part) - len(stripped)
                    smallest = width if smallest is None else min(smallest, width)
                    leading.append(index)
            else:
                smallest = 0
        at_line_start = isinstance(part, str) and part.endswith("\n")
    if smallest:
        for index in leading:
            lines[index] = lines[index][smallest:]  # type: ignore[index]
    return lines


def assemble(parts: list[FlatPart], line: int, end_line: int) -> Expr:
    """Build the template expression from flat parts; raise HclSyntaxError for unbalanced directives."""
    parts = _apply_strip_markers(parts)
    nested, position, stop = _nest(parts, 0, ())
    if stop is not None:
        raise HclSyntaxError(f"unexpected template directive '{stop.kind}'", stop.line)
    merged = _merge_literals(nested)
    if not merged:
        return Literal("", line, end_line)
    if len(merged) == 1 and isinstance(merged[0], str):
        return Literal(merged[0], line, end_line)
    return Template(tuple(merged), line, end_line)


def _apply_strip_markers(parts: list[FlatPart]) -> list[FlatPart]:
    result = list(parts)
    for index, part in enumerate(result):
        if isinstance(part, str):
            continue
        if part.strip_left and index > 0 and isinstance(result[index - 1], str):
            result[index - 1] = result[index - 1].rstrip()  # type: ignore[union-attr]
        if part.strip_right and index + 1 < len(result) and isinstance(result[index + 1], str):
            result[index + 1] = result[index + 1].lstrip()  # type: ignore[union-attr]
    return result


def _nest(parts: list[FlatPart], position: int, stops: tuple[str, ...]) -> tuple[list[Any], int, Directive | None]:
    """Collect parts from ``position`` until a directive whose kind is in ``stops``."""
    out: list[Any] = []
    while position < len(parts):
        part = parts[position]
        position += 1
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Interpolation):
            out.append(part.expr)
        elif part.kind in stops:
            return out, position, part
        elif part.kind == "if":
            out.append(_nest_if(part, parts, position))
            position = out[-1][1]
            out[-1] = out[-1][0]
        elif part.kind == "for":
            body, position, stop = _nest(parts, position, ("endfor",))
            _expect_stop(stop, ("endfor",), part)
            assert part.value_var is not None and part.expr is not None
            out.append(TemplateFor(part.key_var, part.value_var, part.expr, tuple(_merge_literals(body)), part.line))
        else:
            return out, position, part
    return out, position, None


def _nest_if(part: Directive, parts: list[FlatPart], position: int) -> tuple[TemplateIf, int]:
    then_parts, position, stop = _nest(parts, position, ("else", "endif"))
    else_parts: list[Any] = []
    if stop is not None and stop.kind == "else":
        else_parts, position, stop = _nest(parts, position, ("endif",))
    _expect_stop(stop, ("endif",), part)
    assert part.expr is not None
    node = TemplateIf(part.expr, tuple(_merge_literals(then_parts)), tuple(_merge_literals(else_parts)), part.line)
    return node, position


def _expect_stop(stop: Directive | None, kinds: tuple[str, ...], opener: Directive) -> None:
    if stop is None:
        raise HclSyntaxError(f"the template '{opener.kind}' directive has no matching '{kinds[0]}'", opener.line)
    if stop.kind not in kinds:
        raise HclSyntaxError(f"unexpected template directive '{stop.kind}'", stop.line)


def _merge_literals(parts: list[Any]) -> list[Any]:
    merged: list[Any] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += part
                continue
        merged.append(part)
    return merged
