"""Put loaded modules into a backend so that one broken policy cannot silence the others.

Some compile problems (an unsafe variable in regorus, for instance) only show when a rule is
first evaluated, and some of them fail *every* rule of the engine, not only the broken one.
So after adding the modules, every rule of interest is probed once with an undefined
``input``. When a rule fails because of an error located in another file, that file is the
culprit: it is reported, left out, and the backend is rebuilt without it, until no error
leaks across files. The remaining per-rule failures are returned for the caller to report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scanner.engine.backend import InputCase, PolicyBackend, PolicyCompileError, PolicyEvaluationError
from scanner.engine.loader import LoadedModule
from scanner.engine.regorus_backend import silenced_stderr
from scanner.findings import RuleError

#: (data path of a rule to probe, path of the policy file that defines it)
Probe = tuple[str, str]


@dataclass
class Assembly:
    """A backend holding every module that could stay, and the rules that still fail.

    ``failures`` maps the data path of each probed rule that failed to its error.
    """

    backend: PolicyBackend
    modules: list[LoadedModule]
    failures: dict[str, PolicyEvaluationError]


def assemble(
    modules: Sequence[LoadedModule],
    make_backend: Callable[[], PolicyBackend],
    probes_for: Callable[[list[LoadedModule]], list[Probe]],
    errors: list[RuleError],
    rebuild: bool = True,
) -> Assembly:
    """Add ``modules`` to a fresh backend, probe ``probes_for(added)``, drop culprit files.

    Problems are appended to ``errors``. With ``rebuild`` false (a backend that cannot be
    created twice), culprits are reported but the first backend is kept.
    """
    excluded: set[str] = set()
    while True:
        backend = make_backend()
        added = _add_modules(backend, [m for m in modules if m.source.path not in excluded], errors)
        probes = probes_for(added)
        failures = _probe(backend, [path for path, _ in probes])
        loaded_paths = {module.source.path for module in added}
        culprits: dict[str, PolicyEvaluationError] = {}
        for path, owner in probes:
            error = failures.get(path)
            if error is not None and error.path in loaded_paths and error.path != owner:
                culprits.setdefault(error.path, error)
        if not culprits or not rebuild:
            return Assembly(backend, added, failures)
        for path, error in sorted(culprits.items()):
            errors.append(RuleError(None, path, error.line, f"{error.message} (this file is left out: the error stops other policies from evaluating)"))
            excluded.add(path)
        backend.close()


def _add_modules(backend: PolicyBackend, modules: list[LoadedModule], errors: list[RuleError]) -> list[LoadedModule]:
    """Add each module; a module the backend rejects is an error and left out."""
    added = []
    with silenced_stderr():
        for module in modules:
            try:
                backend.add_module(module.source.path, module.source.text, module.parsed.version)
            except PolicyCompileError as exc:
                errors.append(RuleError(None, module.source.path, exc.line, exc.message))
                continue
            added.append(module)
    return added


def _probe(backend: PolicyBackend, paths: list[str]) -> dict[str, PolicyEvaluationError]:
    """Evaluate each rule once with ``input`` undefined; return the failures by data path."""
    if not paths:
        return {}
    with silenced_stderr():
        outcomes = next(iter(backend.evaluate(paths, [InputCase(None)])))
    return {path: outcome.error for path, outcome in zip(paths, outcomes) if outcome.error is not None}
