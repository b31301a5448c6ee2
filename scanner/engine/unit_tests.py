"""``bastion test``: run Rego unit tests the way ``opa test`` does.

Every ``.rego`` file under the given paths is loaded, ``_test.rego`` files included, together
with the built-in helper library (``data.bastion.lib``) unless the paths define it themselves.
Each rule named ``test_*`` is a test: it passes when it evaluates to ``true`` (``with input as``
and ``with data.x as`` work), fails when it is false or undefined, and is an error when
evaluation fails. Rules named ``todo_test_*`` are reported as skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from scanner.engine.assembly import Probe, assemble
from scanner.engine.backend import InputCase, PolicyBackend
from scanner.engine.loader import LoadedModule, builtin_sources, load_modules, policy_sources
from scanner.engine.rego_parse import data_path
from scanner.engine.regorus_backend import silenced_stderr
from scanner.findings import RuleError

PASS, FAIL, ERROR, SKIP = "pass", "fail", "error", "skip"


@dataclass(frozen=True)
class RegoTestResult:
    """The outcome of one test rule: ``status`` is pass, fail, error or skip.

    ``package_parts`` is the test's package path; ``path``/``line`` locate the test's first
    definition; ``message`` explains a failure or an error (empty for a pass).
    """

    package_parts: tuple[str, ...]
    name: str
    path: str
    line: int
    status: str
    message: str = ""

    @property
    def package(self) -> str:
        """The test's package, e.g. ``main_test``."""
        return ".".join(self.package_parts)

    @property
    def rule_path(self) -> str:
        """The test's data path, e.g. ``data.main_test.test_denies_latest``."""
        return data_path(self.package_parts, self.name)


@dataclass
class RegoTestReport:
    """Every test result (sorted by path, line) and the policy files that failed to load."""

    results: list[RegoTestResult] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """Number of passing tests."""
        return sum(result.status == PASS for result in self.results)

    @property
    def failed(self) -> int:
        """Number of failing tests, errors included."""
        return sum(result.status in (FAIL, ERROR) for result in self.results)

    @property
    def skipped(self) -> int:
        """Number of ``todo_test_*`` rules."""
        return sum(result.status == SKIP for result in self.results)

    def summary(self) -> str:
        """``N passed, N failed`` (plus ``, N skipped`` when some were)."""
        text = f"{self.passed} passed, {self.failed} failed"
        return f"{text}, {self.skipped} skipped" if self.skipped else text


def run_unit_tests(paths: Sequence[str], backend_factory: Callable[[], PolicyBackend] | None = None) -> RegoTestReport:
    """Load every policy and test file under ``paths`` and run each ``test_*`` rule once.

    A file whose compile error would fail every test is reported and left out (see
    :mod:`scanner.engine.assembly`); the tests of the other files still run.
    """
    sources, errors = policy_sources(paths, include_tests=True)
    modules, parse_errors = load_modules(sources)
    errors += parse_errors
    defined = {module.parsed.package_parts for module in modules}
    library, library_errors = load_modules(builtin_sources(library_only=True))
    errors += library_errors
    modules += [module for module in library if module.parsed.package_parts not in defined]
    if backend_factory is None:
        from scanner.engine.regorus_backend import RegorusBackend

        backend_factory = RegorusBackend

    def probes(added: list[LoadedModule]) -> list[Probe]:
        return [(data_path(result.package_parts, result.name), result.path) for result in _tests(added) if result.status != SKIP]

    assembly = assemble(modules, backend_factory, probes, errors)
    try:
        results = _run(assembly.backend, _tests(assembly.modules))
    finally:
        assembly.backend.close()
    return RegoTestReport(
        results=sorted(results, key=lambda r: (r.path, r.line, r.name)),
        errors=sorted(set(errors), key=RuleError.sort_key),
    )


def _tests(modules: list[LoadedModule]) -> list[RegoTestResult]:
    """One pending result per distinct test rule of the user's modules (skips already decided)."""
    tests: dict[tuple[tuple[str, ...], str], RegoTestResult] = {}
    for module in modules:
        if module.source.origin != "policy":
            continue
        for head in module.parsed.rules:
            if not (head.name.startswith("test_") or head.name.startswith("todo_test_")) or head.kind == "function":
                continue
            key = (module.parsed.package_parts, head.name)
            if key not in tests:
                status = SKIP if head.name.startswith("todo_") else PASS
                tests[key] = RegoTestResult(module.parsed.package_parts, head.name, module.source.path, head.line, status)
    return list(tests.values())


def _run(backend: PolicyBackend, tests: list[RegoTestResult]) -> list[RegoTestResult]:
    """Evaluate the runnable tests with ``input`` undefined and record each outcome."""
    runnable = [test for test in tests if test.status != SKIP]
    if not runnable:
        return tests
    with silenced_stderr():
        outcomes = next(iter(backend.evaluate([data_path(t.package_parts, t.name) for t in runnable], [InputCase(None)])))
    done = {id(test): test for test in tests}
    for test, outcome in zip(runnable, outcomes):
        if outcome.error is not None:
            done[id(test)] = replace(test, status=ERROR, message=outcome.error.message)
        elif outcome.value is not True:
            done[id(test)] = replace(test, status=FAIL, message=_failure(outcome.value))
    return list(done.values())


def _failure(value: object) -> str:
    """Why a test that evaluated without error did not pass."""
    if value is None:
        return "was undefined"
    if value is False:
        return "evaluated to false"
    return "did not evaluate to true"
