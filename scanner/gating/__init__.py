"""Gating: decide which findings a scan reports, beyond ``--select``/``--ignore``.

Two steps, both run by :func:`scanner.scan.scan` when ``ScanOptions.gate`` is set:

1. :func:`adjust_findings` applies the configuration file's ``per-path-ignores`` and
   ``severity-overrides`` (:mod:`scanner.gating.overrides`), right after rule selection.
2. :func:`screen_findings` drops the findings recorded in a baseline
   (:mod:`scanner.gating.baseline`) and, in diff mode, those outside the changes since a git
   revision (:mod:`scanner.gating.diff_mode`, :mod:`scanner.gating.diff_scope`); it counts what it
   dropped, so reports can say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scanner.findings import Finding, RuleMeta
from scanner.gating.baseline import (
    Baseline,
    BaselineError,
    read_baseline,
    render_baseline,
)
from scanner.gating.diff_mode import ChangeSet, DiffError, collect_changes
from scanner.gating.overrides import (
    PathIgnore,
    apply_path_ignores,
    apply_severity_overrides,
)
from scanner.model import Graph

__all__ = [
    "Baseline",
    "BaselineError",
    "ChangeSet",
    "DiffError",
    "GateOptions",
    "GateOutcome",
    "PathIgnore",
    "adjust_findings",
    "collect_changes",
    "read_baseline",
    "render_baseline",
    "screen_findings",
]


@dataclass(frozen=True)
class GateOptions:
    """Everything that narrows or re-rates findings after rule selection.

    ``per_path_ignores`` and ``severity_overrides`` (rule ID or alias -> SEVERITY) come from the
    configuration file; ``baseline`` from ``--baseline``; ``changes`` from ``--diff-base``.
    The defaults change nothing.
    """

    per_path_ignores: tuple[PathIgnore, ...] = ()
    severity_overrides: tuple[tuple[str, str], ...] = ()
    baseline: Baseline | None = None
    changes: ChangeSet | None = field(default=None, hash=False)


@dataclass
class GateOutcome:
    """What :func:`screen_findings` kept, and how many it left out and why (None: step not run)."""

    findings: list[Finding]
    baselined: int | None = None
    outside_diff: int | None = None


def adjust_findings(findings: Iterable[Finding], rules: Mapping[str, RuleMeta], gate: GateOptions) -> tuple[list[Finding], dict[str, RuleMeta]]:
    """Apply per-path ignores, then severity overrides, to ``findings`` and the rules' metadata.

    Order is kept; the returned rules are ``rules`` with overridden severities.
    """
    aliases = {rule_id: meta.aliases for rule_id, meta in rules.items()}
    kept = apply_path_ignores(findings, gate.per_path_ignores, aliases) if gate.per_path_ignores else list(findings)
    return apply_severity_overrides(kept, rules, gate.severity_overrides)


def screen_findings(findings: Iterable[Finding], graph: Graph, gate: GateOptions) -> GateOutcome:
    """Drop baselined findings, then (diff mode) findings outside the changes; order is kept.

    ``graph`` supplies the resources' spans and edges for diff mode.
    """
    outcome = GateOutcome(list(findings))
    if gate.baseline is not None:
        new = [finding for finding in outcome.findings if finding not in gate.baseline]
        outcome.baselined = len(outcome.findings) - len(new)
        outcome.findings = new
    if gate.changes is not None:
        from scanner.gating.diff_scope import split_by_changes

        inside, outside = split_by_changes(outcome.findings, graph, gate.changes)
        outcome.findings, outcome.outside_diff = inside, len(outside)
    return outcome
