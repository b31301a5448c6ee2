"""Which declarations an expression refers to, as addresses of a module instance (for edges).

Expressions report their traversals (``("aws_s3_bucket", "logs", "arn")``, ``("var", "env")``,
``("module", "web", 0, "url")``), inside strings, function arguments and for-expressions too.
:class:`ReferenceResolver` maps each one to the addresses of the nodes it names in one module
instance: a variable, a local, every instance of a resource, data source or module call, or
only the instance whose key the traversal names (``aws_instance.web[0]``).
"""

from __future__ import annotations

from typing import Any

from scanner.parsers.terraform.module_eval import ModuleCall, ModuleInstance
from scanner.parsers.terraform.resource_eval import BlockGroup
from scanner.parsers.terraform.syntax import Body, Expr

Reference = tuple[Any, ...]


def expression_references(expr: Expr) -> list[Reference]:
    """The traversals ``expr`` reads."""
    return list(expr.references())


def body_references(body: Body, exclude: frozenset[str] = frozenset()) -> list[Reference]:
    """The traversals read anywhere in ``body`` (nested and dynamic blocks included), except in
    its top-level attributes named in ``exclude``."""
    found: list[Reference] = []
    pending: list[tuple[Body, bool]] = [(body, True)]
    while pending:
        current, top = pending.pop()
        for name, attribute in current.attributes.items():
            if not (top and name in exclude):
                found.extend(attribute.expr.references())
        pending.extend((block.body, False) for block in current.blocks)
    return found


class ReferenceResolver:
    """Resolves traversals to node addresses within one module instance."""

    def __init__(self, instance: ModuleInstance) -> None:
        self.instance = instance

    def resolve(self, reference: Reference) -> list[str]:
        """The addresses ``reference`` names (empty for ``count``, ``each``, ``path``, iterators...)."""
        if not reference or not isinstance(reference[0], str):
            return []
        root, rest = reference[0], reference[1:]
        prefix = self.instance.prefix
        name = rest[0] if rest and isinstance(rest[0], str) else None
        if root == "var":
            return [f"{prefix}var.{name}"] if name in self.instance.mdir.variables else []
        if root == "local":
            return [f"{prefix}local.{name}"] if name in self.instance.mdir.locals else []
        if root == "module":
            call = self.instance.calls.get(name) if name else None
            return _call_addresses(call, rest[1:]) if call else []
        if root == "data":
            if len(rest) < 2 or not all(isinstance(part, str) for part in rest[:2]):
                return []
            group = self.instance.data.get((rest[0], rest[1]))
            return _group_addresses(group, rest[2:]) if group else []
        if name is None:
            return []
        group = self.instance.resources.get((root, name))
        return _group_addresses(group, rest[1:]) if group else []


def _selected_key(rest: tuple[Any, ...]) -> Any:
    """The instance key a traversal names right after the block (``[0]``, ``["a"]``, ``.a``)."""
    return rest[0] if rest and isinstance(rest[0], (int, str)) and not isinstance(rest[0], bool) else None


def _group_addresses(group: BlockGroup, rest: tuple[Any, ...]) -> list[str]:
    """The instances of ``group`` a traversal reaches."""
    instances = group.instances()
    key = _selected_key(rest)
    if key is not None and group.expansion().mode != "single":
        chosen = [item.address for item in instances if item.instance.key == key]
        if chosen:
            return chosen
    return [item.address for item in instances]


def _call_addresses(call: ModuleCall, rest: tuple[Any, ...]) -> list[str]:
    """The instances of a module call a traversal reaches."""
    suffixes = [instance.suffix for instance, _ in call.children()]
    keys = [instance.key for instance, _ in call.children()]
    key = _selected_key(rest)
    if key is not None and call.expansion().mode != "single" and key in keys:
        return [call.address + suffixes[keys.index(key)]]
    return [call.address + suffix for suffix in suffixes]
