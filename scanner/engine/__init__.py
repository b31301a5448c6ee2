"""The rule engine: Rego policies (built-in pack and the user's own) evaluated over the graph.

Public entry points for the CLI and the scan orchestrator:

``load_engine(policy_dirs=(), namespaces=("main",), all_namespaces=False, include_builtin=True,
backend=None) -> Engine``
    Load policies once per run. Never raises for a policy's mistake; problems are in
    ``Engine.load_errors`` (and repeated in every evaluation result).

``Engine.evaluate(graph, root=None, select=None) -> EvaluationResult``
    Native rules see the whole graph (``docs/policies.md``), conftest-style rules see each
    document of ``graph.documents``. Returns sorted findings, rule errors, the metadata of every
    evaluated rule, and counts.

``Engine.rules``
    Rule ID -> :class:`~scanner.findings.RuleMeta` of every rule the engine will evaluate.

Heavy modules (regorus) are imported when an engine is built, not when this package is.
"""

from __future__ import annotations

from scanner.engine.engine import Engine, load_engine

__all__ = ["Engine", "load_engine"]
