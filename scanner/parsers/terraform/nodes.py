"""Evaluated module instances -> graph nodes (and, through ``references``, edges).

One node per resource and data source instance, module call instance, variable, local, output,
provider configuration and required provider of every module instance, recursively through
loaded local modules. Ids are ``tf:<address>`` for a root module at the scan root, else
``tf:<root dir>:<address>``; ``attrs`` hold the evaluated body with Unknown markers, decoded
JSON documents and ``__`` meta attributes; ``attr_lines`` point into the file of the block
(the module's own file for module resources). Contract: docs/graph/terraform.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.model import Edge, Node, unknown_value
from scanner.parsers.terraform.body_eval import Member, traversal_texts
from scanner.parsers.terraform.expansion import Expansion, Instance
from scanner.parsers.terraform.expressions import ObjectCons, Parenthesized
from scanner.parsers.terraform.module_eval import MODULE_META, ModuleCall, ModuleInstance
from scanner.parsers.terraform.module_loader import ModuleSource
from scanner.parsers.terraform.providers import providers_argument, resource_provider
from scanner.parsers.terraform.references import ReferenceResolver, body_references, expression_references
from scanner.parsers.terraform.resource_eval import BlockGroup
from scanner.parsers.terraform.scope import StaticScope
from scanner.parsers.terraform.syntax import Block
from scanner.parsers.terraform.values import to_attr_value, unknown_paths

FORMAT = "terraform"


@dataclass
class NodeCollector:
    """Accumulates the nodes and edges of one root module evaluation."""

    root_dir: str
    nodes: list[Node] = field(default_factory=list)
    edges: set[Edge] = field(default_factory=set)

    def node_id(self, address: str) -> str:
        """``tf:<address>``, or ``tf:<root dir>:<address>`` for a root below the scan root."""
        return f"tf:{address}" if self.root_dir == "." else f"tf:{self.root_dir}:{address}"

    def add(self, kind: str, address: str, path: str, start: int, end: int, attrs: dict[str, Any], lines: dict[str, int]) -> str:
        """Add one node and return its id; ``unknown`` is derived from the markers in ``attrs``."""
        node_id = self.node_id(address)
        self.nodes.append(
            Node(node_id, FORMAT, kind, address, path, start, end, attrs, lines, unknown_paths(attrs))
        )
        return node_id

    def edge(self, source: str, target: str, relation: str) -> None:
        """Add an edge between two node ids (dangling ones are dropped by the graph builder)."""
        if source != target:
            self.edges.add(Edge(source, target, relation))


def collect_module(instance: ModuleInstance, collector: NodeCollector) -> list[str]:
    """Add the nodes and edges of ``instance`` and its loaded children; return every node id added."""
    builder = _ModuleNodes(instance, collector)
    return builder.build()


class _ModuleNodes:
    """Builds the nodes of one module instance."""

    def __init__(self, instance: ModuleInstance, collector: NodeCollector) -> None:
        self.instance = instance
        self.collector = collector
        self.resolver = ReferenceResolver(instance)
        self.ids: list[str] = []

    def _meta(self, address: str) -> dict[str, Any]:
        """The meta attributes every node of this module instance carries."""
        return {"__address": address, "__module": self.instance.module_address, "__module_dir": self.instance.mdir.dir}

    def _add(self, kind: str, address: str, path: str, start: int, end: int, attrs: dict[str, Any], lines: dict[str, int]) -> str:
        """Add a node of this instance (meta attributes included) and remember its id."""
        attrs.update(self._meta(address))
        node_id = self.collector.add(kind, address, path, start, end, attrs, lines)
        self.ids.append(node_id)
        return node_id

    def _references(self, node_id: str, references: list[tuple[Any, ...]]) -> None:
        """Add a ``references`` edge from ``node_id`` to every node the traversals name."""
        for reference in references:
            for address in self.resolver.resolve(reference):
                self.collector.edge(node_id, self.collector.node_id(address), "references")

    def build(self) -> list[str]:
        """Every node of the instance, children included."""
        self._variables()
        self._locals()
        self._outputs()
        self._providers()
        for group in [*self.instance.resources.values(), *self.instance.data.values()]:
            self._block_group(group)
        for call in self.instance.calls.values():
            self._module_call(call)
        return self.ids

    def _variables(self) -> None:
        """One ``terraform.variable`` node per declared variable, with the value used."""
        prefix = self.instance.prefix
        for name, declared in self.instance.mdir.variables.items():
            block = declared.block
            members = self.instance.evaluator(declared.path).members(block.body, self.instance.scope, frozenset({"type"}))
            attrs, lines = _from_members(members)
            _relocate_overridden(lines, declared.overridden, block.line)
            type_attr = block.body.attributes.get("type")
            if type_attr is not None:
                attrs["type"] = type_attr.expr.source()
                lines["type"] = type_attr.line
            attrs["value"] = to_attr_value(self.instance.variables[name].get())
            self._add("terraform.variable", f"{prefix}var.{name}", declared.path, block.line, block.end_line, attrs, lines)

    def _locals(self) -> None:
        """One ``terraform.local`` node per local value."""
        for name, declared in self.instance.mdir.locals.items():
            attribute = declared.attribute
            value = self.instance.locals[name].get()
            member = self.instance.evaluator(declared.path).attribute(attribute, self.instance.scope, "value", value)
            attrs, lines = _from_members({"value": member})
            address = f"{self.instance.prefix}local.{name}"
            node_id = self._add("terraform.local", address, declared.path, attribute.line, attribute.end_line, attrs, lines)
            self._references(node_id, expression_references(attribute.expr))

    def _outputs(self) -> None:
        """One ``terraform.output`` node per output."""
        for name, declared in self.instance.mdir.outputs.items():
            block = declared.block
            members = self.instance.evaluator(declared.path).members(block.body, self.instance.scope, frozenset({"depends_on"}))
            attrs, lines = _from_members(members)
            _relocate_overridden(lines, declared.overridden, block.line)
            address = f"{self.instance.prefix}output.{name}"
            node_id = self._add("terraform.output", address, declared.path, block.line, block.end_line, attrs, lines)
            self._references(node_id, body_references(block.body))

    def _providers(self) -> None:
        """Provider configuration and required provider nodes."""
        for (name, alias), declared in self.instance.mdir.providers.items():
            block = declared.block
            members = self.instance.evaluator(declared.path).members(block.body, self.instance.scope)
            attrs, lines = _from_members(members)
            _relocate_overridden(lines, declared.overridden, block.line)
            reference = name if alias is None else f"{name}.{alias}"
            address = f"{self.instance.prefix}provider.{reference}"
            self._add("terraform.provider", address, declared.path, block.line, block.end_line, attrs, lines)
        for name, declared in self.instance.mdir.required_providers.items():
            attribute = declared.attribute
            attrs, lines = _required_provider(attribute.expr, attribute.line)
            address = f"{self.instance.prefix}required_provider.{name}"
            self._add("terraform.required_provider", address, declared.path, attribute.line, attribute.end_line, attrs, lines)

    def _block_group(self, group: BlockGroup) -> None:
        """One node per instance of a resource or data block, with its edges."""
        block, path = group.declared.block, group.declared.path
        kind = block.labels[0] if group.mode == "managed" else f"data.{block.labels[0]}"
        expansion = group.expansion()
        provider_ref = resource_provider(block)
        provider_address = self.instance.providers.get(provider_ref)
        references = body_references(block.body, exclude=frozenset({"provider"}))
        for item in group.instances():
            attrs, lines = _from_members(item.members())
            _relocate_overridden(lines, group.declared.overridden, block.line)
            _expansion_attrs(expansion, item.instance, block, attrs, lines)
            attrs["__provider"] = provider_ref
            node_id = self._add(kind, item.address, path, block.line, block.end_line, attrs, lines)
            self._references(node_id, references)
            if provider_address is not None:
                self.collector.edge(node_id, self.collector.node_id(provider_address), "uses_provider")

    def _module_call(self, call: ModuleCall) -> None:
        """One node per instance of a module call, then the nodes of each loaded child."""
        block, path = call.declared.block, call.declared.path
        expansion = call.expansion()
        references = body_references(block.body)
        for instance, child in call.children():
            scope = self.instance.scope.with_bindings(instance.bindings)
            members = self.instance.evaluator(path).members(block.body, scope, MODULE_META)
            attrs, lines = _from_members(members)
            _module_source_attrs(call, block, attrs, lines)
            _relocate_overridden(lines, call.declared.overridden, block.line)
            _expansion_attrs(expansion, instance, block, attrs, lines)
            address = call.address + instance.suffix
            node_id = self._add("terraform.module", address, path, block.line, block.end_line, attrs, lines)
            self._references(node_id, references)
            if child is not None:
                for inner_id in collect_module(child, self.collector):
                    self.collector.edge(node_id, inner_id, "contains")
                    self.ids.append(inner_id)


def _from_members(members: dict[str, Member]) -> tuple[dict[str, Any], dict[str, int]]:
    """``attrs`` and ``attr_lines`` from evaluated members."""
    attrs: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for name, member in members.items():
        attrs[name] = to_attr_value(member.attr_value())
        lines.update(member.lines)
    return attrs, lines


def _relocate_overridden(lines: dict[str, int], overridden: frozenset[str], line: int) -> None:
    """Point the attributes an override file replaced at the block's first line: their own lines
    are in the override file, not in the node's file."""
    if not overridden:
        return
    for path in lines:
        if _top_name(path) in overridden:
            lines[path] = line


def _top_name(path: str) -> str:
    """The top-level member of an attribute path (``tags`` for ``tags.Env``, ``ingress[0]``)."""
    for index, char in enumerate(path):
        if char in ".[":
            return path[:index]
    return path


def _expansion_attrs(expansion: Expansion, instance: Instance, block: Block, attrs: dict[str, Any], lines: dict[str, int]) -> None:
    """Meta attributes of an expanded instance, or the unknown count/for_each of one that is not."""
    if expansion.unknown is not None:
        attrs[expansion.mode] = unknown_value(f"{expansion.mode} is unknown: {expansion.unknown.reason}")
        attribute = block.body.attributes.get(expansion.mode)
        if attribute is not None:
            lines[expansion.mode] = attribute.line
    elif expansion.mode == "count":
        attrs["__count_index"] = instance.key
    elif expansion.mode == "for_each":
        attrs["__each_key"] = instance.key


def _module_source_attrs(call: ModuleCall, block: Block, attrs: dict[str, Any], lines: dict[str, int]) -> None:
    """``source``, ``version`` and ``providers`` of a module call, plus where its code comes from."""
    static = StaticScope("module sources and versions must be literal values")
    for name in ("source", "version"):
        attribute = block.body.attributes.get(name)
        if attribute is not None:
            attrs[name] = to_attr_value(attribute.expr.evaluate(static))
            lines[name] = attribute.line
    providers = block.body.attributes.get("providers")
    if providers is not None:
        attrs["providers"] = dict(providers_argument(block))
        lines["providers"] = providers.line
    attrs["__source_kind"] = call.status
    if isinstance(call.source, ModuleSource) and call.status == "local":
        attrs["__source_dir"] = call.source.dir


def _required_provider(expr: Any, line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """A ``required_providers`` entry: ``{source, version, configuration_aliases}`` (legacy: a
    version string)."""
    static = StaticScope("required_providers holds literal values")
    while isinstance(expr, Parenthesized):
        expr = expr.inner
    lines = {}
    if not isinstance(expr, ObjectCons):
        value = expr.evaluate(static)
        return {"version": to_attr_value(value)}, {"version": line}
    attrs: dict[str, Any] = {}
    for key_expr, value_expr in expr.items:
        key = key_expr.evaluate(static)
        if not isinstance(key, str):
            continue
        if key == "configuration_aliases":
            attrs[key] = traversal_texts(value_expr)
        else:
            attrs[key] = to_attr_value(value_expr.evaluate(static))
        lines[key] = key_expr.line
    return attrs, lines
