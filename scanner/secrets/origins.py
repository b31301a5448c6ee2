"""Report a secret where it is written, not everywhere its value flows.

Terraform evaluates references, so ``password = var.db_password`` holds the variable's default
in the resource's attrs. :func:`terraform_origin` follows the value back to the node that writes
it: a ``references`` edge to a variable, local, resource or module call holding the same text; a
child module's variable to the module call that passes it; a provider block (which has no
reference edges) to a variable or local of its module. The secret is then reported once, at the
origin's attribute (``default`` of ``var.db_password``), and only redacted everywhere else.

A Dockerfile stage's ``env``/``args`` hold values after ``$VAR`` substitution; a value is
literal only where its instruction's text holds it (:func:`dockerfile_literal`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scanner.model import Graph, Node, is_unknown_value
from scanner.secrets.paths import join_index, join_key

_HOLDER_KINDS = frozenset({"terraform.variable", "terraform.local"})
_MAX_CHAIN = 32


class TerraformIndex:
    """The lookups origin tracing needs: nodes by id, reference targets, module calls, and the
    variables and locals of each module instance (for provider blocks)."""

    def __init__(self, graph: Graph) -> None:
        self.by_id = {node.id: node for node in graph.nodes if node.format == "terraform"}
        self.references: dict[str, list[str]] = {}
        for edge in graph.edges:
            if edge.relation == "references" and edge.source in self.by_id and edge.target in self.by_id:
                self.references.setdefault(edge.source, []).append(edge.target)
        self.module_holders: dict[tuple[str, str], list[Node]] = {}
        for node in self.by_id.values():
            if node.kind in _HOLDER_KINDS:
                self.module_holders.setdefault((_root_prefix(node), _module_of(node)), []).append(node)

    def sources(self, node: Node) -> list[Node]:
        """The nodes ``node``'s values may come from, sorted by id."""
        found = [self.by_id[target] for target in self.references.get(node.id, [])]
        module = _module_of(node)
        if node.kind == "terraform.variable" and module:
            call = self.by_id.get(_root_prefix(node) + module)
            if call is not None:
                found.append(call)
        if node.kind == "terraform.provider":
            found.extend(self.module_holders.get((_root_prefix(node), module), []))
        return sorted({item.id: item for item in found}.values(), key=lambda item: item.id)


def terraform_origin(index: TerraformIndex, node: Node, secret: str) -> tuple[Node, str] | None:
    """Where ``secret``, found in ``node``, is written: (origin node, attribute path), or None
    when no node ``node`` takes values from holds it (it is literal in ``node``)."""
    current, attribute, seen = node, None, {node.id}
    for _ in range(_MAX_CHAIN):
        step = _next_holder(index, current, secret, seen)
        if step is None:
            break
        current, attribute = step
        seen.add(current.id)
    return None if attribute is None else (current, attribute)


def _next_holder(index: TerraformIndex, node: Node, secret: str, seen: set[str]) -> tuple[Node, str] | None:
    """The first source of ``node`` not yet visited that holds ``secret``, with the path."""
    for source in index.sources(node):
        if source.id not in seen:
            path = holder_path(source, secret)
            if path:
                return source, path
    return None


def holder_path(node: Node, secret: str) -> str | None:
    """The first attribute path of ``node`` (``default`` first for variables) whose string holds
    ``secret``; None when none does."""
    attrs = node.attrs
    if node.kind == "terraform.variable" and isinstance(attrs.get("default"), str) and secret in attrs["default"]:
        return "default"
    return next((path for path, text in string_leaves(attrs) if secret in text), None)


def string_leaves(value: Any, path: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """Every (path, string) of an attrs tree, skipping ``__`` keys and unknown markers."""
    if depth > 64:
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict) and not is_unknown_value(value):
        for key, item in value.items():
            if isinstance(key, str) and not key.startswith("__"):
                yield from string_leaves(item, join_key(path, key), depth + 1)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from string_leaves(item, join_index(path, position), depth + 1)


def dockerfile_literal(node: Node, attribute: str, secret: str) -> bool:
    """True when the instruction that sets ``attribute`` (``env.X``, ``args.X``, ``labels.X``)
    writes ``secret`` itself rather than a ``$VAR`` that expands to it."""
    line = node.attr_lines.get(attribute)
    escaped = json.dumps(secret, ensure_ascii=False)[1:-1]
    for instruction in node.attrs.get("instructions") or []:
        if isinstance(instruction, dict) and instruction.get("line") == line:
            original = instruction.get("original")
            if isinstance(original, str) and (secret in original or escaped in original):
                return True
    return False


def _module_of(node: Node) -> str:
    """The module instance address of a Terraform node (``""`` in a root module)."""
    module = node.attrs.get("__module")
    return module if isinstance(module, str) else ""


def _root_prefix(node: Node) -> str:
    """``tf:`` or ``tf:<root dir>:``: the part of the id before the node's address."""
    return node.id[: len(node.id) - len(node.name)] if node.id.endswith(node.name) else "tf:"
