"""The Terraform syntax tree that the HCL reader produces and the module evaluator consumes.

python-hcl2's parse tree is converted once, per file, into these small picklable objects (so
parse results can leave worker processes and be cached), keeping the line of every block and
attribute. Expressions are :class:`Expr` objects evaluated later against a :class:`Scope`,
because their values depend on variables, locals and modules spread across files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unknown:
    """A value that cannot be known statically; ``reason`` says why ("data source value", ...).

    Every operation on an Unknown yields an Unknown (with the first reason), except the few
    that do not depend on it: ``try``/``can`` fall back, ``length`` of a list holding unknowns
    is known, a conditional whose condition is known picks a branch.
    """

    reason: str


class Expr:
    """A Terraform expression. Subclasses live in ``expressions.py``.

    ``line`` is the 1-based line where the expression starts.
    """

    __slots__ = ()  # subclasses declare their own; no per-instance dict for thousands of nodes

    line: int

    def evaluate(self, scope: "Scope") -> Any:
        """Return the value: JSON-compatible Python data, possibly holding :class:`Unknown`."""
        raise NotImplementedError

    def references(self) -> list[tuple[str, ...]]:
        """Every traversal the expression reads, e.g. ``("var", "env")``,
        ``("aws_s3_bucket", "logs", "id")``, ``("module", "web", "arn")``, in source order;
        traversals inside templates, function arguments and for-expressions included; names
        bound by a for-expression are excluded."""
        raise NotImplementedError

    def source(self) -> str:
        """The expression as written (for unknown reasons and conftest documents)."""
        raise NotImplementedError


class Scope(Mapping[str, Any]):
    """What an expression can see, by root name: ``var``, ``local``, ``module``, ``data``,
    resource types, ``count``, ``each``, ``path``, ``self``, ``terraform``.

    Values may be lazy mappings (locals are evaluated on first use). A missing root name or key
    evaluates to ``Unknown``; it is never an exception for the caller of ``Expr.evaluate``.
    """


@dataclass(frozen=True, slots=True)
class Attribute:
    """``name = expr`` inside a body, with its first and last line."""

    name: str
    expr: Expr
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class Block:
    """A block (``resource "t" "n" { ... }``) with its labels, body and line span."""

    type: str
    labels: tuple[str, ...]
    body: "Body"
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class Body:
    """A block body: attributes by name (in source order) and nested blocks in source order."""

    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class HclFile:
    """One parsed ``.tf``, ``.tf.json``, ``.tfvars`` or ``.tfvars.json`` file."""

    path: str
    body: Body
