"""Conftest compatibility: evaluate conftest-style rules once per document, as conftest does.

Every document of the graph (one Terraform file in hcl2json shape, one YAML document, one
Dockerfile's instruction list) is one ``input``; ``data.conftest.file`` describes its file.
Exceptions follow conftest: when ``data.<namespace>.exception`` holds a rule's name without its
``deny_``/``violation_``/``warn_`` prefix (the empty string for a bare ``deny``/``violation``/
``warn``), that rule's results for the document are not findings, and one exception is counted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from scanner.engine.backend import InputCase, PolicyBackend, PolicyEvaluationError, RuleOutcome
from scanner.engine.catalog import ExceptionRule, ResultRule
from scanner.engine.results import ResultProblem, conftest_finding, result_items
from scanner.findings import Finding, RuleError
from scanner.model import Document


@dataclass
class ConftestOutcome:
    """Findings, rule errors and the number of exceptions of one conftest-mode evaluation."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    exceptions: int = 0


def evaluate_documents(
    backend: PolicyBackend,
    rules: Sequence[ResultRule],
    exception_rules: dict[str, ExceptionRule],
    documents: Sequence[Document],
    root: str | None,
    file_info: bool,
) -> ConftestOutcome:
    """Evaluate ``rules`` (and their packages' exception rules) for every document.

    ``root`` makes ``data.conftest.file.dir`` absolute; with ``file_info`` false (no policy
    mentions ``conftest``) the file data is not set at all, which is much faster.
    """
    exceptions = [exception_rules[package] for package in sorted({rule.package for rule in rules} & set(exception_rules))]
    paths = [rule.data_path for rule in rules] + [exception.data_path for exception in exceptions]
    known_paths = {document.path for document in documents}
    outcome = ConftestOutcome()
    failures = _Failures()
    for document, outcomes in zip(documents, backend.evaluate(paths, _cases(documents, root, file_info))):
        excepted = _excepted(exceptions, outcomes[len(rules) :], document, failures)
        for rule, rule_outcome in zip(rules, outcomes[: len(rules)]):
            if rule_outcome.error is not None:
                failures.add(rule.meta.id, rule.path, rule.line, rule_outcome.error, document)
                continue
            if exception_name(rule.rule) in excepted.get(rule.package, ()):
                outcome.exceptions += 1
                continue
            for item in result_items(rule_outcome.value, rule.set_like):
                try:
                    finding = conftest_finding(rule, item, document, known_paths)
                except ResultProblem as problem:
                    outcome.errors.append(RuleError(rule.meta.id, rule.path, rule.line, str(problem)))
                    continue
                if finding is not None:
                    outcome.findings.append(finding)
    outcome.errors += failures.errors()
    return outcome


def exception_name(rule: str) -> str:
    """The name conftest matches against ``exception``: the rule without its level prefix."""
    if rule in ("deny", "violation", "warn"):
        return ""
    for prefix in ("violation_", "deny_", "warn_"):
        if rule.startswith(prefix):
            return rule[len(prefix) :]
    return rule


def file_info(path: str, root: str | None) -> dict[str, str]:
    """``data.conftest.file`` for a document: its base name and (absolute when possible) directory."""
    directory = os.path.dirname(path) or "."
    if root is not None:
        directory = os.path.normpath(os.path.join(root, directory))
    return {"name": os.path.basename(path), "dir": directory}


def _cases(documents: Sequence[Document], root: str | None, with_file_info: bool) -> Iterator[InputCase]:
    """One input case per document, built lazily."""
    for document in documents:
        data = {"conftest": {"file": file_info(document.path, root)}} if with_file_info else None
        yield InputCase(json.dumps(document.content, separators=(",", ":"), ensure_ascii=False), data)


def _excepted(exceptions: list[ExceptionRule], outcomes: list[RuleOutcome], document: Document, failures: _Failures) -> dict[str, set[str]]:
    """Package -> the rule names its ``exception`` rule lists for this document."""
    excepted: dict[str, set[str]] = {}
    for exception, outcome in zip(exceptions, outcomes):
        if outcome.error is not None:
            failures.add(f"{exception.package}.exception", exception.path, exception.line, outcome.error, document)
            continue
        names: set[str] = set()
        for entry in outcome.value if isinstance(outcome.value, list) else []:
            if isinstance(entry, list):
                names.update(name for name in entry if isinstance(name, str))
        excepted[exception.package] = names
    return excepted


class _Failures:
    """Rule errors seen while evaluating documents, one per distinct problem.

    The same error on many documents is reported once, naming the first document and how many
    others failed the same way.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, int | None, str], list[str]] = {}

    def add(self, rule_id: str, rule_path: str, rule_line: int, error: PolicyEvaluationError, document: Document) -> None:
        """Record that ``rule_id`` failed with ``error`` on ``document``."""
        path, line = (error.path, error.line) if error.path else (rule_path, rule_line)
        documents = self._seen.setdefault((rule_id, path, line, error.message), [])
        if not documents or documents[-1] != document.path:
            documents.append(document.path)

    def errors(self) -> list[RuleError]:
        """One RuleError per distinct (rule, location, message)."""
        result = []
        for (rule_id, path, line, message), documents in self._seen.items():
            others = len(set(documents)) - 1
            where = documents[0] if not others else f"{documents[0]} and {others} other file{'s' if others > 1 else ''}"
            result.append(RuleError(rule_id, path, line, f"while evaluating {where}: {message}"))
        return result
