"""What rule evaluation produces: findings, rule metadata, rule errors, and their container.

The engine (``scanner.engine``) creates these; the scan orchestrator filters them and the
reporters render them. Everything here is plain, frozen data. Paths are relative to the scanned
root with forward slashes (policy paths as given by the user); lines are 1-based.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

#: Severities from most to least severe; ``SEVERITY_RANK[s]`` orders them (higher is worse).
SEVERITIES: tuple[str, ...] = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO")
SEVERITY_RANK: dict[str, int] = {name: len(SEVERITIES) - index for index, name in enumerate(SEVERITIES)}

#: Finding levels: ``deny`` comes from deny/violation rules, ``warn`` from warn rules.
LEVELS: tuple[str, ...] = ("deny", "warn")


@dataclass(frozen=True)
class RuleMeta:
    """The metadata of one rule, read from its ``# METADATA`` block (see docs/policies.md).

    ``id`` is the stable rule ID (``DKR001``, or ``<package>.<rule>`` for a user policy without
    one); ``source`` is "builtin" or "policy"; ``mode`` is "native" (input: the graph) or
    "conftest" (input: one document at a time); ``package`` is the Rego package without
    ``data.``; ``rules`` the result rule names it covers (``deny``, ``warn_x``); ``path`` and
    ``line`` locate the policy file and its package or rule head. ``frameworks`` maps a
    framework name to its control IDs.
    """

    id: str
    title: str
    severity: str
    description: str = ""
    name: str = ""
    remediation: str = ""
    related_resources: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    frameworks: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    targets: tuple[str, ...] = ()
    package: str = ""
    rules: tuple[str, ...] = ()
    source: str = "policy"
    mode: str = "native"
    path: str = ""
    line: int = 1
    deprecated: bool = False

    def to_json(self) -> dict[str, Any]:
        """The rule as shown by ``bastion rules list --format json`` and in reports."""
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "severity": self.severity,
            "description": self.description,
            "remediation": self.remediation,
            "related_resources": list(self.related_resources),
            "aliases": list(self.aliases),
            "frameworks": {key: list(value) for key, value in sorted(self.frameworks.items())},
            "targets": list(self.targets),
            "package": self.package,
            "rules": list(self.rules),
            "source": self.source,
            "mode": self.mode,
            "path": self.path,
            "line": self.line,
            "deprecated": self.deprecated,
        }


@dataclass(frozen=True)
class Finding:
    """One result of one rule: what is wrong, where, and how to recognise it across runs.

    ``resource`` is the graph node ID (None for conftest-style findings, which concern a
    document); ``attribute`` the attribute path the rule pointed at, if any. ``level`` is
    "deny" or "warn"; ``source`` "builtin" or "policy". ``metadata`` keeps the extra keys of a
    conftest result object (everything but ``msg`` and ``_loc``). ``fingerprint`` is stable when
    lines move (see :func:`fingerprint`).
    """

    rule_id: str
    severity: str
    title: str
    message: str
    path: str
    start_line: int
    end_line: int
    resource: str | None
    attribute: str | None
    fingerprint: str
    level: str = "deny"
    source: str = "builtin"
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """Findings are reported in (path, start line, rule ID, resource, message) order."""
        return (self.path, self.start_line, self.rule_id, self.resource or "", self.message)

    def to_json(self) -> dict[str, Any]:
        """The ``findings[]`` entry of the JSON output."""
        result: dict[str, Any] = {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "resource": self.resource,
            "attribute": self.attribute,
            "fingerprint": self.fingerprint,
            "level": self.level,
            "source": self.source,
        }
        if self.metadata:
            result["metadata"] = self.metadata
        return result


@dataclass(frozen=True)
class RuleError:
    """A policy that could not be loaded or a rule that failed while evaluating.

    ``rule_id`` names the rule when known (None for a file that did not load); ``path`` and
    ``line`` locate the problem in the policy file (line None when unknown); ``message`` is one
    sentence without a backtrace.
    """

    rule_id: str | None
    path: str
    line: int | None
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """Errors are reported in (path, line, rule ID, message) order."""
        return (self.path, self.line or 0, self.rule_id or "", self.message)

    def to_json(self) -> dict[str, Any]:
        """The ``errors[]`` entry of the JSON outputs (same keys as an InputError, plus rule_id)."""
        return {"path": self.path, "line": self.line, "format": "policy", "rule_id": self.rule_id, "message": self.message}


@dataclass
class EvaluationResult:
    """Everything one evaluation of a graph produced.

    ``findings`` and ``errors`` are sorted; ``rules`` maps every evaluated rule ID to its
    metadata; ``stats`` holds deterministic counts (rules, documents, conftest exceptions...);
    ``timings`` holds wall-clock seconds per phase (not deterministic; keep it out of reports).
    """

    findings: list[Finding] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    rules: dict[str, RuleMeta] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def fingerprint(rule_id: str, resource: str | None, attribute: str | None, path: str = "", message: str = "") -> str:
    """A 16-hex-digit identity of a finding that does not depend on line numbers.

    Native findings hash (rule ID, resource, attribute); conftest findings, which have no
    resource, also pass the path and the message.
    """
    parts = (rule_id, resource or "", attribute or "", path, message)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def finalize_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Drop exact duplicates, make fingerprints unique, and sort.

    Two different findings with the same (rule, resource, attribute) would share a
    fingerprint; each of those gets its path and message mixed into the hash instead, and
    if that still collides (the same message twice in one file), its rank among the
    colliding findings in report order. So every fingerprint of a run names one finding.
    """
    unique = {(f.rule_id, f.path, f.start_line, f.end_line, f.resource, f.attribute, f.message, f.level): f for f in findings}
    ordered = sorted(unique.values(), key=Finding.sort_key)
    groups: dict[str, list[int]] = {}
    for index, finding in enumerate(ordered):
        groups.setdefault(finding.fingerprint, []).append(index)
    for indexes in groups.values():
        if len(indexes) == 1:
            continue
        mixed: dict[str, list[int]] = {}
        for index in indexes:
            f = ordered[index]
            mixed.setdefault(fingerprint(f.rule_id, f.resource, f.attribute, f.path, f.message), []).append(index)
        for value, members in mixed.items():
            for rank, index in enumerate(members):
                f = ordered[index]
                unique_print = value if len(members) == 1 else fingerprint(f.rule_id, f.resource, f.attribute, f.path, f"{f.message}\x1f{rank}")
                ordered[index] = replace(f, fingerprint=unique_print)
    return ordered
