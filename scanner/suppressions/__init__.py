"""Inline suppressions: ``bastion:ignore`` comments and annotations, and other tools' skip comments.

``apply_suppressions(findings, nodes, rules, root, settings)`` is the one entry point (the scan
orchestrator calls it after selecting findings). Modules: ``model`` (the data), ``comments`` and
the per-syntax ``hcl_layout``/``yaml_layout``/``dockerfile_layout`` (where comments are and what
a line's construct spans), ``directives`` (parsing the directive text), ``scope`` (the lines a
directive covers), ``annotations`` (Kubernetes annotations) and ``apply`` (reading, judging,
matching). User documentation: docs/suppressions.md.
"""

from __future__ import annotations

from scanner.suppressions.apply import apply_suppressions
from scanner.suppressions.model import (
    Suppression,
    SuppressionOptions,
    SuppressionOutcome,
    SuppressionProblem,
    SuppressionSettings,
    UnusedSuppression,
)

__all__ = [
    "Suppression",
    "SuppressionOptions",
    "SuppressionOutcome",
    "SuppressionProblem",
    "SuppressionSettings",
    "UnusedSuppression",
    "apply_suppressions",
]
