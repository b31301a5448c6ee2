"""Per-path ignores and severity overrides from the configuration file, applied to findings.

``per-path-ignores`` drops the findings of matching rules in matching files (like ``--ignore``,
but per path); ``severity-overrides`` changes a rule's severity everywhere: in its findings
(so ``--fail-on`` and every report see the new severity) and in its metadata (so SARIF's rule
level and ``security-severity`` follow).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from scanner.findings import Finding, RuleMeta


@dataclass(frozen=True)
class PathIgnore:
    """Rules matching ``patterns`` (IDs, aliases or fnmatch globs, any case) are not reported in
    files matching ``glob`` (a gitignore-style pattern relative to the scan root, as ``--exclude``)."""

    glob: str
    patterns: tuple[str, ...]
    _spec: Any = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        import pathspec

        object.__setattr__(self, "_spec", pathspec.GitIgnoreSpec.from_lines([self.glob]))

    def matches_path(self, path: str) -> bool:
        """Whether ``path`` (relative to the scan root, forward slashes) matches the glob."""
        return bool(self._spec.match_file(path))


def apply_path_ignores(findings: Iterable[Finding], ignores: Sequence[PathIgnore], aliases: Mapping[str, Sequence[str]]) -> list[Finding]:
    """The findings that no per-path ignore covers; ``aliases`` maps a rule ID to its aliases."""
    from scanner.scan import is_selected

    kept = []
    for finding in findings:
        names = aliases.get(finding.rule_id, ())
        if any(entry.matches_path(finding.path) and not is_selected(finding.rule_id, names, (), entry.patterns) for entry in ignores):
            continue
        kept.append(finding)
    return kept


def override_for(rule_id: str, aliases: Sequence[str], overrides: Sequence[tuple[str, str]]) -> str | None:
    """The severity ``overrides`` give a rule: a key equal to its ID wins over one equal to an
    alias (both compared without regard to case); None when no key names it."""
    by_key = {key.casefold(): severity for key, severity in overrides}
    if rule_id.casefold() in by_key:
        return by_key[rule_id.casefold()]
    for alias in aliases:
        if alias.casefold() in by_key:
            return by_key[alias.casefold()]
    return None


def apply_severity_overrides(
    findings: Iterable[Finding], rules: Mapping[str, RuleMeta], overrides: Sequence[tuple[str, str]]
) -> tuple[list[Finding], dict[str, RuleMeta]]:
    """Findings and rule metadata with the overridden severities; order is kept."""
    findings = list(findings)
    if not overrides:
        return findings, dict(rules)
    new_rules: dict[str, RuleMeta] = {}
    severity_of: dict[str, str] = {}
    for rule_id, meta in rules.items():
        severity = override_for(rule_id, meta.aliases, overrides)
        if severity is not None:
            severity_of[rule_id] = severity
            meta = replace(meta, severity=severity)
        new_rules[rule_id] = meta
    changed = []
    for finding in findings:
        severity = severity_of.get(finding.rule_id)
        if severity is None and finding.rule_id not in rules:
            severity = override_for(finding.rule_id, (), overrides)
        changed.append(replace(finding, severity=severity) if severity and severity != finding.severity else finding)
    return changed, new_rules
