"""The rule engine: load policies once, then evaluate graphs into findings and rule errors.

:func:`load_engine` reads the built-in pack and the user's ``--policy`` paths, adds every module
to one backend, and probes each result rule once with an undefined ``input``
(:mod:`scanner.engine.assembly`): a rule that fails then (a compile error found lazily, such as
an unsafe variable) is reported at load time and left out, so it is not reported again for
every document. :meth:`Engine.evaluate` runs the native rules once over the whole graph and the
conftest-style rules once per document (:mod:`scanner.engine.conftest_mode`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scanner.engine.assembly import Probe, assemble
from scanner.engine.backend import InputCase, PolicyBackend, PolicyEvaluationError
from scanner.engine.catalog import Catalog, ResultRule, build_catalog
from scanner.engine.conftest_mode import evaluate_documents
from scanner.engine.graph_input import graph_input_json
from scanner.engine.loader import LoadedModule, PolicySource, builtin_sources, load_modules, policy_sources
from scanner.engine.results import ResultProblem, native_finding, result_items
from scanner.findings import EvaluationResult, Finding, RuleError, RuleMeta, finalize_findings
from scanner.model import Graph

if TYPE_CHECKING:
    from scanner.engine.undecided import UndecidedFinder, UndecidedOutcome

RuleFilter = Callable[[RuleMeta], bool]


@dataclass
class Engine:
    """Loaded policies bound to a backend; evaluate as many graphs as needed.

    ``rules`` maps every rule ID that will be evaluated to its metadata (the conftest ones only
    for the selected namespaces); ``load_errors`` lists the policy problems found while
    loading, repeated in every :class:`EvaluationResult`. ``needs_file_info`` is false when no
    user policy mentions ``conftest``: ``data.conftest.file`` is then not set per document,
    which keeps the backend from re-preparing its rules for every file. ``modules`` are the
    loaded policy files (their source feeds :meth:`undecided`).
    """

    backend: PolicyBackend
    catalog: Catalog
    namespaces: tuple[str, ...]
    load_errors: list[RuleError] = field(default_factory=list)
    module_count: int = 0
    needs_file_info: bool = True
    modules: tuple[LoadedModule, ...] = ()
    _undecided_finder: UndecidedFinder | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def rules(self) -> dict[str, RuleMeta]:
        """Rule ID -> metadata of every rule :meth:`evaluate` runs (before any filter)."""
        return {rule.meta.id: rule.meta for rule in self._native_rules() + self._conftest_rules()}

    @property
    def needs_documents(self) -> bool:
        """True when a conftest-style rule is loaded: only those read ``graph.documents``."""
        return bool(self._conftest_rules())

    def evaluate(self, graph: Graph, root: str | None = None, select: RuleFilter | None = None) -> EvaluationResult:
        """Evaluate the graph; never raises for a policy's mistake (those become RuleErrors).

        ``root`` is the absolute scan root, used for ``data.conftest.file.dir`` (when None the
        directory stays relative to the root). ``select`` keeps only the rules it accepts, so
        ignored rules are not even evaluated. Findings are sorted, deduplicated and carry unique
        fingerprints.
        """
        started = time.perf_counter()
        native = [rule for rule in self._native_rules() if select is None or select(rule.meta)]
        conftest = [rule for rule in self._conftest_rules() if select is None or select(rule.meta)]
        findings: list[Finding] = []
        errors: set[RuleError] = set(self.load_errors)
        timings: dict[str, float] = {}
        if native:
            findings += self._evaluate_native(graph, native, errors, timings)
        documents = sorted(graph.documents, key=lambda d: (d.path, d.line)) if conftest else []
        exceptions = 0
        if conftest and documents:
            conftest_started = time.perf_counter()
            outcome = evaluate_documents(self.backend, conftest, self.catalog.exceptions, documents, root, self.needs_file_info)
            findings += outcome.findings
            errors.update(outcome.errors)
            exceptions = outcome.exceptions
            timings["conftest"] = time.perf_counter() - conftest_started
        final = finalize_findings(findings)
        timings["total"] = time.perf_counter() - started
        return EvaluationResult(
            findings=final,
            errors=sorted(errors, key=RuleError.sort_key),
            rules={rule.meta.id: rule.meta for rule in native + conftest},
            stats={
                "policies": self.module_count,
                "rules": len({rule.meta.id for rule in native + conftest}),
                "native_rules": len(native),
                "conftest_rules": len(conftest),
                "documents": len(documents),
                "exceptions": exceptions,
                "findings": len(final),
            },
            timings=timings,
        )

    def undecided(self, graph: Graph, evaluation: EvaluationResult) -> UndecidedOutcome:
        """What the native rules of ``evaluation`` could not decide over ``graph`` (``--show-unknown``).

        Call it after :meth:`evaluate` and before :meth:`close`: rules that declare an
        ``undecided`` set are evaluated once more on the backend. What each rule reads is derived
        from its source on the first call only. See :mod:`scanner.engine.undecided`.
        """
        from scanner.engine.undecided import UndecidedFinder

        if self._undecided_finder is None:
            self._undecided_finder = UndecidedFinder(self.modules, self._native_rules())
        return self._undecided_finder.find(graph, evaluation.findings, evaluation.rules, self.backend)

    def close(self) -> None:
        """Release the backend."""
        self.backend.close()

    def _native_rules(self) -> list[ResultRule]:
        return [rule for rule in self.catalog.rules if rule.mode == "native"]

    def _conftest_rules(self) -> list[ResultRule]:
        return [rule for rule in self.catalog.rules if rule.mode == "conftest" and rule.package in self.namespaces]

    def _evaluate_native(self, graph: Graph, rules: list[ResultRule], errors: set[RuleError], timings: dict[str, float]) -> list[Finding]:
        """Run every native rule once over the whole graph."""
        started = time.perf_counter()
        case = InputCase(graph_input_json(graph))
        timings["native_input"] = time.perf_counter() - started
        nodes = graph.node_by_id()
        findings: list[Finding] = []
        outcomes = next(iter(self.backend.evaluate([rule.data_path for rule in rules], [case])))
        for rule, outcome in zip(rules, outcomes):
            if outcome.error is not None:
                errors.add(_rule_error(rule, outcome.error))
                continue
            for item in result_items(outcome.value, rule.set_like):
                try:
                    findings.append(native_finding(rule, item, nodes))
                except ResultProblem as problem:
                    errors.add(RuleError(rule.meta.id, rule.path, rule.line, str(problem)))
        timings["native"] = time.perf_counter() - started
        return findings


def load_engine(
    policy_dirs: Sequence[str] = (),
    namespaces: Sequence[str] = ("main",),
    all_namespaces: bool = False,
    include_builtin: bool = True,
    backend: PolicyBackend | None = None,
    backend_factory: Callable[[], PolicyBackend] | None = None,
    extra_sources: Sequence[PolicySource] = (),
) -> Engine:
    """Load the built-in pack (unless ``include_builtin`` is false) and the ``--policy`` paths.

    Conftest-style packages are evaluated when listed in ``namespaces`` (default ``main``), or
    all of them with ``all_namespaces``. The backend is ``backend`` when given, else one made by
    ``backend_factory`` (which may be called again to rebuild without a culprit file, see
    :mod:`scanner.engine.assembly`), else the embedded regorus backend. ``extra_sources`` are
    user policies obtained another way (e.g. fetched from an OPA server), treated exactly like
    the files of ``policy_dirs``. Never raises for a policy's mistake: problems are in
    ``Engine.load_errors``.
    """
    sources = builtin_sources() if include_builtin else []
    user_sources, errors = policy_sources(policy_dirs)
    modules, parse_errors = load_modules(sources + user_sources + list(extra_sources))
    errors += parse_errors
    if backend is not None:
        make_backend: Callable[[], PolicyBackend] = lambda: backend  # noqa: E731
    elif backend_factory is not None:
        make_backend = backend_factory
    else:
        from scanner.engine.regorus_backend import RegorusBackend

        make_backend = RegorusBackend

    def probes(added: list[LoadedModule]) -> list[Probe]:
        catalog = build_catalog(added)
        return [(rule.data_path, rule.path) for rule in catalog.rules] + [(e.data_path, e.path) for e in catalog.exceptions.values()]

    assembly = assemble(modules, make_backend, probes, errors, rebuild=backend is None)
    catalog = build_catalog(assembly.modules)
    errors += catalog.errors
    catalog.rules = _drop_failed(catalog.rules, assembly.failures, errors)
    for package, exception in list(catalog.exceptions.items()):
        failure = assembly.failures.get(exception.data_path)
        if failure is not None:
            errors.append(RuleError(f"{package}.exception", failure.path or exception.path, failure.line or exception.line, failure.message))
            del catalog.exceptions[package]
    chosen = tuple(catalog.conftest_namespaces()) if all_namespaces else tuple(namespaces)
    return Engine(
        backend=assembly.backend,
        catalog=catalog,
        namespaces=chosen,
        load_errors=sorted(set(errors), key=RuleError.sort_key),
        module_count=len(assembly.modules),
        needs_file_info=any("conftest" in module.source.text for module in assembly.modules if module.source.origin in ("policy", "opa")),
        modules=tuple(assembly.modules),
    )


def _drop_failed(rules: list[ResultRule], failures: dict[str, PolicyEvaluationError], errors: list[RuleError]) -> list[ResultRule]:
    """Leave out the rules that failed their probe, reporting each distinct problem once.

    A compile problem in one rule can fail every rule of its module; the same problem is then
    reported once, naming the rules it affects.
    """
    kept = []
    grouped: dict[tuple[str, int | None, str], list[ResultRule]] = {}
    for rule in rules:
        failure = failures.get(rule.data_path)
        if failure is None:
            kept.append(rule)
            continue
        error = _rule_error(rule, failure)
        grouped.setdefault((error.path, error.line, error.message), []).append(rule)
    for (path, line, message), failed in grouped.items():
        if len(failed) == 1:
            errors.append(RuleError(failed[0].meta.id, path, line, message))
        else:
            names = ", ".join(rule.meta.id for rule in failed)
            errors.append(RuleError(None, path, line, f"{message} (rules {names} are not evaluated)"))
    return kept


def _rule_error(rule: ResultRule, error: PolicyEvaluationError) -> RuleError:
    """A RuleError for ``rule``, located where the engine says (else at the rule's head)."""
    if error.path:
        return RuleError(rule.meta.id, error.path, error.line, error.message)
    return RuleError(rule.meta.id, rule.path, rule.line, error.message)
