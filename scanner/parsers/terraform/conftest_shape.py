"""HCL files -> the document conftest gives a policy as ``input`` (hcl2json's shape).

conftest converts each HCL file on its own with hcl2json: a block type, then one map level per
label, then a LIST of bodies; nested blocks are lists of objects; plain literals are JSON
values; a template keeps its source text (``"logs-${var.env}"``); every other expression is its
source wrapped in ``"${...}"``. Nothing is evaluated or merged across files.
"""

from __future__ import annotations

from typing import Any

from scanner.parsers.terraform.expressions import Literal, ObjectCons, TupleCons
from scanner.parsers.terraform.syntax import Body, Expr, HclFile
from scanner.parsers.terraform.templates import Template


def conftest_document(hcl: HclFile) -> dict[str, Any]:
    """The hcl2json-shaped document of one parsed HCL file."""
    return body_document(hcl.body)


def body_document(body: Body) -> dict[str, Any]:
    """A body as hcl2json renders it: attributes, then blocks nested by type and labels."""
    document: dict[str, Any] = {name: expression_value(attribute.expr) for name, attribute in body.attributes.items()}
    for block in body.blocks:
        content = body_document(block.body)
        if not block.labels:
            target = document.setdefault(block.type, [])
            if isinstance(target, list):
                target.append(content)
            continue
        level = document.setdefault(block.type, {})
        if not isinstance(level, dict):
            continue
        for label in block.labels[:-1]:
            next_level = level.setdefault(label, {})
            if not isinstance(next_level, dict):
                break
            level = next_level
        else:
            bodies = level.setdefault(block.labels[-1], [])
            if isinstance(bodies, list):
                bodies.append(content)
    return document


def expression_value(expr: Expr) -> Any:
    """One expression as hcl2json renders it (see the module docstring)."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Template):
        return expr.template_text()
    if isinstance(expr, TupleCons):
        return [expression_value(item) for item in expr.items]
    if isinstance(expr, ObjectCons):
        result: dict[str, Any] = {}
        for key_expr, value_expr in expr.items:
            result[_key_text(key_expr)] = expression_value(value_expr)
        return result
    return "${" + expr.source() + "}"


def _key_text(key_expr: Expr) -> str:
    """An object key as hcl2json writes it: the literal text, else the wrapped expression."""
    if isinstance(key_expr, Literal) and isinstance(key_expr.value, str):
        return key_expr.value
    if isinstance(key_expr, Template):
        return key_expr.template_text()
    return "${" + key_expr.source() + "}"
