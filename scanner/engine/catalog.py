"""Decide what to evaluate: which packages are native or conftest-style, which rules produce results.

A package is **native** (its ``input`` is the whole graph) when it comes from the built-in pack,
when its path starts with ``bastion.`` or when one of its METADATA blocks says
``custom.input: graph``. Every other package is **conftest-style** (its ``input`` is one
document at a time). In both, result rules are named like conftest's: ``deny``/``violation``
(level deny) and ``warn`` (level warn), each optionally followed by ``_suffix`` parts.

Each result rule gets a :class:`~scanner.findings.RuleMeta`: from its METADATA (package block
overlaid with the rule's own), else the defaults of docs/policies.md: ID ``<package>.<rule>``;
severity MEDIUM for native deny rules, HIGH for conftest deny/violation rules, LOW for warn
rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from scanner.engine.loader import LoadedModule
from scanner.engine.metadata import RuleDefaults, build_rule_meta, builtin_problems, merged_metadata
from scanner.engine.rego_parse import data_path
from scanner.findings import RuleError, RuleMeta

FAILURE_RULE = re.compile(r"^(deny|violation)(_[a-zA-Z0-9]+)*$")
WARNING_RULE = re.compile(r"^warn(_[a-zA-Z0-9]+)*$")

#: Head kinds whose value can hold results (functions and bare defaults cannot).
_RESULT_KINDS = {"set", "set_like_object", "object", "complete"}


@dataclass(frozen=True)
class ResultRule:
    """One result rule to evaluate: its metadata, where it lives, and how to read its value.

    ``set_like`` is true when every definition is a v1 ``name[x] if`` head, whose value is an
    object of ``x: true`` that is read as the set of ``x``.
    """

    meta: RuleMeta
    package: str
    package_parts: tuple[str, ...]
    rule: str
    data_path: str
    level: str
    mode: str
    set_like: bool
    line: int
    path: str


@dataclass(frozen=True)
class ExceptionRule:
    """The ``exception`` rule of a conftest package: its data path and where it is defined."""

    package: str
    data_path: str
    path: str
    line: int


@dataclass
class Catalog:
    """Every result rule of the loaded policies, with exception rules of conftest packages.

    ``exceptions`` maps a conftest package to its ``exception`` rule. ``errors`` lists metadata
    problems and duplicate IDs found while building it.
    """

    rules: list[ResultRule]
    exceptions: dict[str, ExceptionRule]
    errors: list[RuleError]

    def metas(self) -> dict[str, RuleMeta]:
        """Rule ID -> metadata, for every rule of the catalog."""
        return {rule.meta.id: rule.meta for rule in self.rules}

    def conftest_namespaces(self) -> list[str]:
        """Every conftest-style package (namespace) that defines at least one result rule, sorted."""
        return sorted({rule.package for rule in self.rules if rule.mode == "conftest"})


def build_catalog(modules: Iterable[LoadedModule]) -> Catalog:
    """Group modules by package, classify packages, and list their result rules with metadata.

    Built-in packages come first, so a user policy can never take over a built-in rule ID.
    """
    packages: dict[tuple[str, ...], list[LoadedModule]] = {}
    for module in modules:
        packages.setdefault(module.parsed.package_parts, []).append(module)
    rules: list[ResultRule] = []
    exceptions: dict[str, ExceptionRule] = {}
    errors: list[RuleError] = []
    builtin_first = sorted(packages, key=lambda parts: (not any(m.source.origin == "builtin" for m in packages[parts]), parts))
    for parts in builtin_first:
        members = packages[parts]
        mode = "native" if _is_native(parts, members) else "conftest"
        package = ".".join(parts)
        heads = [(head, module) for module in members for head in module.parsed.rules]
        exception_heads = [(module.source.path, head.line) for head, module in heads if head.name == "exception"]
        if mode == "conftest" and exception_heads:
            path, line = min(exception_heads)
            exceptions[package] = ExceptionRule(package, data_path(parts, "exception"), path, line)
        annotations = [annotation for module in members for annotation in module.annotations]
        for name in sorted({head.name for head, _ in heads}):
            level = "deny" if FAILURE_RULE.match(name) else "warn" if WARNING_RULE.match(name) else None
            own = [(head, module) for head, module in heads if head.name == name and head.kind in _RESULT_KINDS]
            if level is None or not own:
                continue
            first_head, first_module = min(own, key=lambda item: (item[1].source.path, item[0].line))
            origin = first_module.source.origin
            defaults = RuleDefaults(
                rule_id=f"{package}.{name}",
                severity=_default_severity(mode, level),
                package=package,
                rules=(name,),
                source=origin,
                mode=mode,
                path=first_module.source.path,
                line=first_head.line,
            )
            data = merged_metadata(annotations, name)
            meta, problems = build_rule_meta(data, defaults)
            if origin == "builtin":
                problems += builtin_problems(meta, data)
            errors.extend(RuleError(meta.id, defaults.path, defaults.line, problem) for problem in problems)
            rule = ResultRule(
                meta=meta,
                package=package,
                package_parts=parts,
                rule=name,
                data_path=data_path(parts, name),
                level=level,
                mode=mode,
                set_like=all(head.kind == "set_like_object" for head, _ in own),
                line=first_head.line,
                path=defaults.path,
            )
            rules.append(rule)
    return Catalog(_unique_ids(rules, errors), exceptions, errors)


def _unique_ids(rules: list[ResultRule], errors: list[RuleError]) -> list[ResultRule]:
    """Keep each rule ID to one package; rules of that package sharing it list every rule name.

    Rules of one package may share an ID (``deny`` and ``warn`` of one check). A second
    package using an ID already taken is an error, and its rule is not evaluated.
    """
    owner: dict[str, ResultRule] = {}
    kept: list[ResultRule] = []
    for rule in rules:
        first = owner.setdefault(rule.meta.id, rule)
        if first.package != rule.package:
            errors.append(
                RuleError(rule.meta.id, rule.path, rule.line, f"rule ID '{rule.meta.id}' is already used by {first.path}:{first.line}")
            )
            continue
        kept.append(rule)
    names: dict[str, set[str]] = {}
    for rule in kept:
        names.setdefault(rule.meta.id, set()).add(rule.rule)
    return [replace(rule, meta=replace(rule.meta, rules=tuple(sorted(names[rule.meta.id])))) for rule in kept]


def _is_native(parts: tuple[str, ...], members: list[LoadedModule]) -> bool:
    """Built-in, ``bastion.*`` packages and packages whose metadata says ``custom.input: graph``."""
    if parts[0] == "bastion" or any(module.source.origin == "builtin" for module in members):
        return True
    for module in members:
        for annotation in module.annotations:
            custom = annotation.data.get("custom")
            if isinstance(custom, dict) and custom.get("input") == "graph":
                return True
    return False


def _default_severity(mode: str, level: str) -> str:
    """Severity of a rule whose metadata gives none (documented in docs/policies.md)."""
    if level == "warn":
        return "LOW"
    return "MEDIUM" if mode == "native" else "HIGH"
