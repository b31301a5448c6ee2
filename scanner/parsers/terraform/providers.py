"""Provider references: which provider configuration a resource or module call uses.

Terraform reads these as references, not values: ``provider = aws.west`` on a resource, and
``providers = { aws = aws.west }`` on a module call. A resource without ``provider`` uses the
default configuration of the provider named by its type's prefix (``aws_s3_bucket`` -> ``aws``).
"""

from __future__ import annotations

from scanner.parsers.terraform.expressions import Literal, ObjectCons, Parenthesized, Traversal
from scanner.parsers.terraform.syntax import Block, Expr


def reference_text(expr: Expr) -> str | None:
    """``aws`` or ``aws.west`` for a provider reference expression (or a string naming one)."""
    while isinstance(expr, Parenthesized):
        expr = expr.inner
    if isinstance(expr, Traversal):
        return expr.source()
    if isinstance(expr, Literal) and isinstance(expr.value, str) and expr.value:
        return expr.value
    return None


def resource_provider(block: Block) -> str:
    """The provider reference a resource or data block uses (``aws.west``, or ``aws`` by default)."""
    attribute = block.body.attributes.get("provider")
    if attribute is not None:
        text = reference_text(attribute.expr)
        if text:
            return text
    type_name = block.labels[0] if block.labels else ""
    return type_name.split("_", 1)[0]


def providers_argument(block: Block) -> list[tuple[str, str]]:
    """The ``(child reference, parent reference)`` pairs of a module call's ``providers`` map."""
    attribute = block.body.attributes.get("providers")
    if attribute is None:
        return []
    expr = attribute.expr
    while isinstance(expr, Parenthesized):
        expr = expr.inner
    if not isinstance(expr, ObjectCons):
        return []
    pairs = []
    for key_expr, value_expr in expr.items:
        child, parent = reference_text(key_expr), reference_text(value_expr)
        if child and parent:
            pairs.append((child, parent))
    return pairs
