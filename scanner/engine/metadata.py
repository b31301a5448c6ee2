"""OPA ``# METADATA`` annotations: find them in a module, attach them, turn them into RuleMeta.

regorus has no ``rego.metadata.*``, so bastion reads the blocks itself. A block is a comment
line ``# METADATA`` followed by comment lines holding YAML (each line loses its ``#`` and one
space). It annotates the first package or rule statement after it. ``scope`` follows OPA:
``package``/``subpackages`` blocks describe the whole package (the default before ``package``),
``rule``/``document`` blocks one rule name (the default before a rule). A rule's metadata is its
package's metadata overlaid with its own (``custom`` merged key by key).

Fields read (see docs/policies.md): title, description, related_resources, and under
``custom``: id, name, severity, remediation, aliases, frameworks, targets, deprecated, input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from scanner.engine.rego_parse import ParsedModule
from scanner.findings import SEVERITIES, RuleMeta

PACKAGE_SCOPES = ("package", "subpackages")
RULE_SCOPES = ("rule", "document")

#: The targets a built-in rule may declare, with the ID prefix that goes with each.
TARGET_ID_PREFIXES: dict[str, str] = {"dockerfile": "DKR", "kubernetes": "K8S", "terraform": "TF"}

_BUILTIN_ID = re.compile(r"^(DKR|K8S|TF)[0-9]{3}$")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ALIAS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")


@dataclass(frozen=True)
class Annotation:
    """One parsed METADATA block: where it is, what it annotates, and its YAML content.

    ``scope`` is one of package, subpackages, rule, document; ``rule`` names the annotated rule
    for rule and document scopes (None otherwise).
    """

    line: int
    scope: str
    rule: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class MetadataProblem:
    """A METADATA block that cannot be used as written: its line and one sentence."""

    line: int
    message: str


def read_annotations(source: str, module: ParsedModule) -> tuple[list[Annotation], list[MetadataProblem]]:
    """Find every METADATA block of ``source`` and attach it to its package or rule."""
    statements = sorted([(module.package_line, None)] + [(head.line, head.name) for head in module.rules])
    lines = source.splitlines()
    annotations: list[Annotation] = []
    problems: list[MetadataProblem] = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != "# METADATA":
            index += 1
            continue
        start = index + 1
        body: list[str] = []
        index += 1
        while index < len(lines) and lines[index].lstrip().startswith("#"):
            text = lines[index].lstrip()[1:]
            body.append(text[1:] if text.startswith(" ") else text)
            index += 1
        annotation, problem = _annotation(start, index, body, statements)
        if annotation:
            annotations.append(annotation)
        if problem:
            problems.append(problem)
    return annotations, problems


def _load_yaml(text: str) -> Any:
    """Load a METADATA body with libyaml's safe loader when present (the pack's blocks load several
    times faster); a broken body is loaded again with the pure-Python loader, whose error names the
    problem and its line more precisely."""
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return yaml.safe_load(text)


def _annotation(
    start: int, end: int, body: list[str], statements: list[tuple[int, str | None]]
) -> tuple[Annotation | None, MetadataProblem | None]:
    """Parse one block (``start`` is the 1-based line of ``# METADATA``, ``end`` of its last line)."""
    try:
        data = _load_yaml("\n".join(body)) if body else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = start + 1 + mark.line if mark is not None else start
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, MetadataProblem(line, f"METADATA block is not valid YAML: {problem}")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, MetadataProblem(start, "METADATA block must be a YAML mapping")
    following = [statement for statement in statements if statement[0] > end]
    if not following:
        return None, MetadataProblem(start, "METADATA block is not followed by a package or rule")
    _, target_rule = following[0]
    scope = data.get("scope", "package" if target_rule is None else "rule")
    if scope not in PACKAGE_SCOPES + RULE_SCOPES:
        return None, MetadataProblem(start, f"METADATA scope '{scope}' is not one of package, subpackages, rule, document")
    if scope in RULE_SCOPES and target_rule is None:
        return None, MetadataProblem(start, f"METADATA block with scope '{scope}' must precede a rule")
    rule = target_rule if scope in RULE_SCOPES else None
    return Annotation(start, scope, rule, data), None


def merged_metadata(annotations: Iterable[Annotation], rule: str | None) -> dict[str, Any]:
    """Package-level metadata overlaid with ``rule``'s own (``custom`` merged key by key)."""
    merged: dict[str, Any] = {}
    ordered = sorted(annotations, key=lambda a: (a.scope in RULE_SCOPES, a.line))
    for annotation in ordered:
        if annotation.scope in RULE_SCOPES and annotation.rule != rule:
            continue
        for key, value in annotation.data.items():
            if key == "custom" and isinstance(value, Mapping) and isinstance(merged.get("custom"), Mapping):
                merged["custom"] = {**merged["custom"], **value}
            else:
                merged[key] = value
    return merged


@dataclass(frozen=True)
class RuleDefaults:
    """What a rule gets where its metadata says nothing, and where it lives."""

    rule_id: str
    severity: str
    package: str
    rules: tuple[str, ...]
    source: str
    mode: str
    path: str
    line: int


def build_rule_meta(data: Mapping[str, Any], defaults: RuleDefaults) -> tuple[RuleMeta, list[str]]:
    """Make a RuleMeta from merged metadata; return it with the problems found in the fields.

    A field with the wrong type or an unknown severity is reported and replaced by its default,
    so a user policy with imperfect metadata still runs.
    """
    problems: list[str] = []
    custom = data.get("custom") or {}
    if not isinstance(custom, Mapping):
        problems.append("METADATA 'custom' must be a mapping")
        custom = {}
    rule_id = _text(custom, "id", problems) or defaults.rule_id
    severity = (_text(custom, "severity", problems) or defaults.severity).upper()
    if severity not in SEVERITIES:
        problems.append(f"METADATA severity '{severity}' is not one of {', '.join(SEVERITIES)}")
        severity = defaults.severity
    meta = RuleMeta(
        id=rule_id,
        title=_text(data, "title", problems) or rule_id,
        severity=severity,
        description=_text(data, "description", problems),
        name=_text(custom, "name", problems),
        remediation=_text(custom, "remediation", problems),
        related_resources=_resources(data.get("related_resources"), problems),
        aliases=_strings(custom, "aliases", problems),
        frameworks=_frameworks(custom.get("frameworks"), problems),
        targets=_strings(custom, "targets", problems),
        package=defaults.package,
        rules=defaults.rules,
        source=defaults.source,
        mode=defaults.mode,
        path=defaults.path,
        line=defaults.line,
        deprecated=bool(custom.get("deprecated", False)),
    )
    return meta, problems


def builtin_problems(meta: RuleMeta, data: Mapping[str, Any]) -> list[str]:
    """What a built-in rule's metadata lacks: every field of docs/policies.md is required."""
    custom = data.get("custom") if isinstance(data.get("custom"), Mapping) else {}
    problems = []
    for key in ("title", "description"):
        if not str(data.get(key) or "").strip():
            problems.append(f"built-in rule metadata needs '{key}'")
    for key in ("id", "name", "severity", "remediation", "targets"):
        if not custom.get(key):
            problems.append(f"built-in rule metadata needs 'custom.{key}'")
    if "aliases" not in custom:
        problems.append("built-in rule metadata needs 'custom.aliases' (an empty list when there are none)")
    if not meta.related_resources:
        problems.append("built-in rule metadata needs at least one 'related_resources' entry")
    if custom.get("id") and not _BUILTIN_ID.match(meta.id):
        problems.append(f"built-in rule ID '{meta.id}' does not match DKR/K8S/TF followed by three digits")
    if custom.get("name") and not _KEBAB.match(meta.name):
        problems.append(f"built-in rule name '{meta.name}' is not kebab-case")
    unknown_targets = sorted(set(meta.targets) - set(TARGET_ID_PREFIXES))
    if unknown_targets:
        problems.append(f"unknown targets: {', '.join(unknown_targets)}")
    prefixes = {TARGET_ID_PREFIXES[target] for target in meta.targets if target in TARGET_ID_PREFIXES}
    if prefixes and _BUILTIN_ID.match(meta.id) and not any(meta.id.startswith(prefix) for prefix in prefixes):
        problems.append(f"built-in rule ID '{meta.id}' does not match its targets ({', '.join(meta.targets)})")
    for alias in meta.aliases:
        if not _ALIAS.match(alias):
            problems.append(f"alias '{alias}' is not a plain identifier")
    return problems


def _text(mapping: Mapping[str, Any], key: str, problems: list[str]) -> str:
    """A string field ('' when absent); numbers are accepted as text, other types reported."""
    value = mapping.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.append(f"METADATA '{key}' must be a string")
        return ""
    return str(value).strip()


def _strings(mapping: Mapping[str, Any], key: str, problems: list[str]) -> tuple[str, ...]:
    """A list-of-strings field (a single string is accepted as a one-item list)."""
    value = mapping.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, (str, int)) for item in value):
        problems.append(f"METADATA '{key}' must be a list of strings")
        return ()
    return tuple(str(item) for item in value)


def _resources(value: Any, problems: list[str]) -> tuple[str, ...]:
    """``related_resources``: URLs, written as strings or as ``{ref: url, description: ...}``."""
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append("METADATA 'related_resources' must be a list")
        return ()
    refs = []
    for item in value:
        if isinstance(item, str):
            refs.append(item)
        elif isinstance(item, Mapping) and isinstance(item.get("ref"), str):
            refs.append(item["ref"])
        else:
            problems.append("METADATA 'related_resources' entries must be URLs or {ref: URL}")
    return tuple(refs)


def _frameworks(value: Any, problems: list[str]) -> dict[str, tuple[str, ...]]:
    """``frameworks``: a mapping of framework name to control IDs (or a list of framework names)."""
    if value is None:
        return {}
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return {item: () for item in value}
    if isinstance(value, Mapping):
        result: dict[str, tuple[str, ...]] = {}
        for name, controls in value.items():
            if controls is None:
                controls = []
            if not isinstance(controls, list):
                controls = [controls]
            if not all(isinstance(control, (str, int, float)) for control in controls):
                problems.append(f"METADATA framework '{name}' must list control IDs")
                continue
            result[str(name)] = tuple(str(control) for control in controls)
        return result
    problems.append("METADATA 'frameworks' must map framework names to control IDs")
    return {}
