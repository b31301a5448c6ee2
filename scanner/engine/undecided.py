"""What the native rules could not decide because a value they read is unknown (``--show-unknown``).

Unknown is not a failure: a rule whose decision depends on a value the graph marks unknown
reports nothing. This module lists those cases separately, as :class:`Undecided` entries, in two
ways (docs/policies.md, "Could not be decided"):

1. **Derived** (every native rule, no change to the rule): :mod:`scanner.engine.rule_reads`
   tells which kinds and top-level attributes a rule reads. For each node of such a kind that
   the rule did not report, each path of ``node.unknown`` whose first segment the rule reads
   gives one entry (``versioning[0].enabled`` counts for a rule reading ``versioning``); an
   unknown ``count`` or ``for_each`` (expansion unknown) counts for every rule reading the kind.
   The reason is the text of the ``{"__unknown__": "<reason>"}`` marker found at that path.
   A reference to an attribute the provider computes (``aws_s3_bucket.logs.id``, an ARN) is
   not counted: it names that resource, which rules resolve through the graph.
2. **Declared** by the rule: a native package may define ``undecided contains {"resource",
   "msg", "attribute"?, "rule_id"?}``. Its entries replace the derived ones for the rules of that
   package.

Entries about a resource the same rule reported are dropped (the rule decided). The result is
sorted and deduplicated. Nothing here runs unless ``--show-unknown`` is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanner.engine.backend import InputCase, PolicyBackend
from scanner.engine.catalog import ResultRule
from scanner.engine.graph_input import graph_input_json
from scanner.engine.loader import LoadedModule
from scanner.engine.locations import attribute_line, attribute_text
from scanner.engine.rego_parse import data_path
from scanner.engine.results import result_items
from scanner.engine.rule_reads import ReadsAnalyzer, RuleReads
from scanner.findings import Finding, RuleError
from scanner.model import UNKNOWN_KEY, Graph, Node, is_unknown_value

#: Unknown paths that mean the node's instances could not be expanded.
EXPANSION_PATHS: frozenset[str] = frozenset({"count", "for_each"})
#: The rule a native package defines to declare its own undecided cases.
UNDECIDED_RULE = "undecided"
#: Reason used when no marker can be found at an unknown path.
DEFAULT_REASON = "its value is not known statically"

#: The marker of a reference to a provider-computed attribute (docs/graph/terraform.md).
PROVIDER_COMPUTED = re.compile(r"^\S+\.[A-Za-z0-9_-]+ is computed by the provider$")

_SEGMENT = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


class UndecidedProblem(ValueError):
    """A declared ``undecided`` entry bastion cannot use; the message is one sentence."""


@dataclass(frozen=True)
class Undecided:
    """One case a rule could not decide: about which resource, where, and why.

    ``path``/``line`` locate the unknown attribute (its own line, its nearest recorded ancestor's,
    else the node's first line); ``attribute`` is the unknown path (None when a rule's own entry
    names none); ``reason`` is the unknown marker's text, or the rule's ``msg``; ``message`` is
    the sentence reports show after the rule ID and resource.
    """

    rule_id: str
    resource: str
    path: str
    line: int
    attribute: str | None
    reason: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        """Report order: path, line, rule ID, resource, attribute, reason."""
        return (self.path, self.line, self.rule_id, self.resource, self.attribute or "", self.reason)

    def to_json(self) -> dict[str, Any]:
        """The ``undecided[]`` entry of the JSON report."""
        return {
            "rule_id": self.rule_id,
            "resource": self.resource,
            "path": self.path,
            "line": self.line,
            "attribute": self.attribute,
            "reason": self.reason,
        }

    def describe(self) -> str:
        """``could not be decided: TF001 on tf:aws_s3_bucket.logs: acl is unknown (...)``."""
        return f"could not be decided: {self.rule_id} on {self.resource}: {self.message}"


@dataclass
class UndecidedOutcome:
    """The entries found, and the errors of rules whose ``undecided`` set could not be used."""

    entries: list[Undecided] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)


class UndecidedFinder:
    """Built once per engine from its modules and catalog; :meth:`find` runs per evaluated graph."""

    def __init__(self, modules: Sequence[LoadedModule], rules: Sequence[ResultRule]) -> None:
        """Derive what each native rule reads and which packages declare ``undecided``."""
        native = [rule for rule in rules if rule.mode == "native"]
        self._analyzer = ReadsAnalyzer(modules)
        self._declaring = {
            module.parsed.package_parts
            for module in modules
            if any(head.name == UNDECIDED_RULE and head.kind in ("set", "set_like_object") for head in module.parsed.rules)
        }
        self._rules_by_id: dict[str, list[ResultRule]] = {}
        for rule in native:
            self._rules_by_id.setdefault(rule.meta.id, []).append(rule)
        self._reads: dict[str, RuleReads] = {}

    def reads(self, rule_id: str) -> RuleReads | None:
        """What the native rule ``rule_id`` reads (computed on first use); None for other IDs."""
        rules = self._rules_by_id.get(rule_id)
        if not rules:
            return None
        if rule_id not in self._reads:
            names = sorted({name for rule in rules for name in rule.meta.rules})
            self._reads[rule_id] = self._analyzer.reads(rules[0].package_parts, names)
        return self._reads[rule_id]

    def find(self, graph: Graph, findings: Iterable[Finding], rule_ids: Iterable[str], backend: PolicyBackend | None) -> UndecidedOutcome:
        """The undecided cases of the native rules among ``rule_ids`` over ``graph``.

        ``findings`` are the rules' findings for this graph (a reported resource is decided);
        ``backend`` evaluates the declared ``undecided`` sets (None skips them).
        """
        reported = {(finding.rule_id, finding.resource) for finding in findings if finding.resource}
        selected = sorted(rule_id for rule_id in set(rule_ids) if rule_id in self._rules_by_id)
        declared = [rule_id for rule_id in selected if self._rules_by_id[rule_id][0].package_parts in self._declaring]
        outcome = UndecidedOutcome()
        entries: set[Undecided] = set()
        derived = [rule_id for rule_id in selected if rule_id not in declared]
        if derived:
            entries |= self._derived(graph, derived, reported)
        if declared and backend is not None:
            entries |= self._declared(graph, declared, reported, backend, outcome.errors)
        outcome.entries = sorted(entries, key=Undecided.sort_key)
        outcome.errors = sorted(set(outcome.errors), key=RuleError.sort_key)
        return outcome

    def _derived(self, graph: Graph, rule_ids: list[str], reported: set[tuple[str, str | None]]) -> set[Undecided]:
        """Entries from node.unknown for the rules whose reads were derived from their source."""
        entries: set[Undecided] = set()
        reads = {rule_id: self.reads(rule_id) for rule_id in rule_ids}
        for node in graph.nodes:
            if not node.unknown:
                continue
            for rule_id, rule_reads in reads.items():
                if rule_reads is None or (rule_id, node.id) in reported or not rule_reads.covers_kind(node.kind, node.format):
                    continue
                for path in node.unknown:
                    if path in EXPANSION_PATHS or first_segment(path) in rule_reads.attributes:
                        entry = _derived_entry(rule_id, node, path)
                        if path in EXPANSION_PATHS or not PROVIDER_COMPUTED.match(entry.reason):
                            entries.add(entry)
        return entries

    def _declared(
        self, graph: Graph, rule_ids: list[str], reported: set[tuple[str, str | None]], backend: PolicyBackend, errors: list[RuleError]
    ) -> set[Undecided]:
        """Entries from the ``undecided`` sets the rules' packages define."""
        packages: dict[tuple[str, ...], list[ResultRule]] = {}
        for rule_id in rule_ids:
            rule = self._rules_by_id[rule_id][0]
            packages.setdefault(rule.package_parts, []).append(rule)
        order = sorted(packages)
        paths = [data_path(parts, UNDECIDED_RULE) for parts in order]
        outcomes = next(iter(backend.evaluate(paths, [InputCase(graph_input_json(graph))])))
        nodes = graph.node_by_id()
        entries: set[Undecided] = set()
        for parts, outcome in zip(order, outcomes):
            rules = packages[parts]
            if outcome.error is not None:
                error = outcome.error
                errors.append(RuleError(rules[0].meta.id, error.path or rules[0].path, error.line, error.message))
                continue
            package_ids = sorted({rule.meta.id for rule in self._package_rules(parts)})
            selected_ids = {rule.meta.id for rule in rules}
            for item in _items(outcome.value):
                try:
                    entries |= {entry for entry in _declared_entries(package_ids, item, nodes) if entry.rule_id in selected_ids}
                except UndecidedProblem as problem:
                    errors.append(RuleError(rules[0].meta.id, rules[0].path, None, str(problem)))
        return {entry for entry in entries if (entry.rule_id, entry.resource) not in reported}

    def _package_rules(self, parts: tuple[str, ...]) -> list[ResultRule]:
        """Every native result rule of a package, selected or not."""
        return [rule for rules in self._rules_by_id.values() for rule in rules if rule.package_parts == parts]


def first_segment(path: str) -> str:
    """The top-level attribute of a path: ``versioning`` for ``versioning[0].enabled``,
    ``odd.key`` for ``["odd.key"].x``."""
    match = _SEGMENT.match(path)
    if match is None:
        return path
    if match.group(3) is not None:
        return json.loads(match.group(3))
    return match.group(1) or path


def marker_reason(attrs: Mapping[str, Any], path: str) -> str:
    """The reason text of the unknown marker at ``path`` in ``attrs``: the marker on the way there
    (an unknown ancestor), at the path itself, or the first one inside the value found there."""
    value: Any = attrs
    position = 0
    while position < len(path):
        if is_unknown_value(value):
            return str(value[UNKNOWN_KEY])
        match = _SEGMENT.match(path, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        key: Any
        if match.group(1) is not None:
            key = match.group(1)
        elif match.group(2) is not None:
            key = int(match.group(2))
        else:
            key = json.loads(match.group(3))
        in_list = isinstance(key, int) and isinstance(value, list) and key < len(value)
        if not (in_list or (isinstance(key, str) and isinstance(value, dict) and key in value)):
            return DEFAULT_REASON
        value = value[key]
    found = _first_marker(value)
    return found if found is not None else DEFAULT_REASON


def _first_marker(value: Any) -> str | None:
    """The reason of the first marker inside ``value`` (keys in sorted order), if any."""
    if is_unknown_value(value):
        return str(value[UNKNOWN_KEY])
    children: Iterable[Any] = ()
    if isinstance(value, dict):
        children = (value[key] for key in sorted(value))
    elif isinstance(value, list):
        children = value
    for child in children:
        found = _first_marker(child)
        if found is not None:
            return found
    return None


def _derived_entry(rule_id: str, node: Node, path: str) -> Undecided:
    """The entry for one unknown path of a node."""
    reason = marker_reason(node.attrs, path)
    if path in EXPANSION_PATHS:
        message = f"its instances could not be expanded ({reason})"
    else:
        message = f"{path} is unknown ({reason})"
    line = attribute_line(node, path) or node.start_line
    return Undecided(rule_id, node.id, node.path, line, path, reason, message)


def _items(value: Any) -> list[Any]:
    """The entries of an ``undecided`` value: a set (list) or a v1 ``undecided[x] if`` object."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return result_items(value, True)
    return []


def _declared_entries(rule_ids: list[str], item: Any, nodes: Mapping[str, Node]) -> set[Undecided]:
    """The entries one declared ``undecided`` item stands for, one per rule ID of its package
    (or the one its ``rule_id`` names); UndecidedProblem when it is malformed."""
    if not isinstance(item, dict) or not isinstance(item.get("resource"), str) or not isinstance(item.get("msg"), str):
        raise UndecidedProblem("undecided produced an entry without a string 'resource' and 'msg'")
    node = nodes.get(item["resource"])
    if node is None:
        raise UndecidedProblem(f"undecided names resource '{item['resource']}', which is not in the graph")
    attribute = attribute_text(item.get("attribute"))
    wanted = item.get("rule_id")
    if wanted is not None:
        if wanted not in rule_ids:
            raise UndecidedProblem(f"undecided names rule '{wanted}', which its package does not define")
        rule_ids = [wanted]
    line = (attribute_line(node, attribute) if attribute else None) or node.start_line
    message = item["msg"]
    return {Undecided(rule_id, node.id, node.path, line, attribute, message, message) for rule_id in rule_ids}
