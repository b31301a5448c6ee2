"""The scan orchestrator: engine wiring, --select/--ignore, snippets, and errors at the boundary."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scanner.findings import EvaluationResult, Finding, RuleError, RuleMeta, fingerprint
from scanner.graph.build import GraphOptions
from scanner.model import Graph
from scanner.scan import (
    ScanOptions,
    ScanResult,
    ScanSetupError,
    is_selected,
    load_policy_engine,
    read_snippets,
    scan,
)

DOCKERFILE = "FROM node\nRUN npm ci\nUSER node\nCMD [\"node\", \"app.js\"]\n"


def finding(rule_id: str, severity: str, path: str, line: int, resource: str = "docker:Dockerfile#stage0") -> Finding:
    return Finding(rule_id, severity, f"title of {rule_id}", f"message of {rule_id}", path, line, line, resource, None, fingerprint(rule_id, resource, None))


RULES = {
    "DKR001": RuleMeta("DKR001", "Base image is not pinned", "MEDIUM", aliases=("CKV_DOCKER_7", "DL3006")),
    "DKR002": RuleMeta("DKR002", "Image runs as root", "HIGH", aliases=("CKV_DOCKER_3",)),
    "K8S001": RuleMeta("K8S001", "Privileged container", "CRITICAL"),
}


@dataclass
class FakeEngine:
    """Records what the scan asked and returns canned findings for the rules it selects."""

    findings: list[Finding]
    errors: list[RuleError] = field(default_factory=list)
    fail_with: Exception | None = None
    seen_nodes: list[str] = field(default_factory=list)
    seen_root: str | None = None
    closed: bool = False

    def evaluate(self, graph: Graph, root: str | None = None, select: Callable[[RuleMeta], bool] | None = None) -> EvaluationResult:
        self.seen_nodes = [node.id for node in graph.nodes]
        self.seen_root = root
        if self.fail_with is not None:
            raise self.fail_with
        rules = {rule_id: meta for rule_id, meta in RULES.items() if select is None or select(meta)}
        return EvaluationResult(
            findings=[f for f in self.findings if f.rule_id in rules],
            errors=list(self.errors),
            rules=rules,
            stats={"rules": len(rules)},
        )

    def close(self) -> None:
        self.closed = True


def repo(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "broken.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: [\n")
    return tmp_path


def run(tmp_path: Path, engine: FakeEngine, **options: object) -> ScanResult:
    graph_options = GraphOptions(root=str(tmp_path), jobs=1)
    return scan([str(tmp_path)], graph_options, ScanOptions(**options), load_engine=lambda _options: engine)  # type: ignore[arg-type]


def test_scan_evaluates_the_graph_and_sorts_findings(tmp_path: Path) -> None:
    engine = FakeEngine([finding("DKR002", "HIGH", "Dockerfile", 3), finding("DKR001", "MEDIUM", "Dockerfile", 1)])
    result = run(repo(tmp_path), engine)
    assert engine.seen_nodes == ["docker:Dockerfile#stage0"]
    assert engine.seen_root == str(tmp_path)
    assert engine.closed
    assert [(f.rule_id, f.start_line) for f in result.findings] == [("DKR001", 1), ("DKR002", 3)]
    assert sorted(result.rules) == ["DKR001", "DKR002", "K8S001"]


def test_scan_keeps_graph_errors_and_counts(tmp_path: Path) -> None:
    result = run(repo(tmp_path), FakeEngine([]))
    assert [(e.path, e.format) for e in result.input_errors] == [("k8s/broken.yaml", "kubernetes")]
    assert (result.stats.files.parsed, result.stats.files.errored) == (1, 1)
    assert (result.stats.nodes, result.stats.rules_evaluated) == (1, 3)
    assert set(result.stats.durations) == {"policies", "graph", "evaluation"}
    assert result.has_errors


def test_scan_reads_snippets_around_each_finding(tmp_path: Path) -> None:
    result = run(repo(tmp_path), FakeEngine([finding("DKR001", "MEDIUM", "Dockerfile", 1), finding("DKR002", "HIGH", "Dockerfile", 4)]))
    assert result.snippets == {"Dockerfile": {1: "FROM node", 2: "RUN npm ci", 3: "USER node", 4: 'CMD ["node", "app.js"]'}}


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ((), (), ["DKR001", "DKR002"]),
        (("DKR001",), (), ["DKR001"]),
        (("dkr*",), (), ["DKR001", "DKR002"]),
        (("CKV_DOCKER_7",), (), ["DKR001"]),
        (("CKV_DOCKER_?",), (), ["DKR001", "DKR002"]),
        ((), ("DL3006",), ["DKR002"]),
        (("DKR*",), ("DKR002",), ["DKR001"]),
        (("DKR001",), ("DKR*",), []),
        (("NOPE999",), (), []),
    ],
)
def test_select_and_ignore_match_ids_aliases_and_globs(tmp_path: Path, select: tuple[str, ...], ignore: tuple[str, ...], expected: list[str]) -> None:
    engine = FakeEngine([finding("DKR001", "MEDIUM", "Dockerfile", 1), finding("DKR002", "HIGH", "Dockerfile", 3)])
    result = run(repo(tmp_path), engine, select=select, ignore=ignore)
    assert [f.rule_id for f in result.findings] == expected
    assert [rule for rule in result.rules if rule.startswith("DKR")] == expected


def test_findings_of_unselected_rules_are_dropped_even_if_the_engine_returns_them(tmp_path: Path) -> None:
    class Careless(FakeEngine):
        def evaluate(self, graph: Graph, root: str | None = None, select: Callable[[RuleMeta], bool] | None = None) -> EvaluationResult:
            return EvaluationResult(findings=list(self.findings), rules=dict(RULES))

    result = run(repo(tmp_path), Careless([finding("DKR001", "MEDIUM", "Dockerfile", 1), finding("DKR002", "HIGH", "Dockerfile", 3)]), ignore=("CKV_DOCKER_3",))
    assert [f.rule_id for f in result.findings] == ["DKR001"]


def test_rule_errors_are_kept_whatever_the_selection(tmp_path: Path) -> None:
    error = RuleError("DKR002", "policies/x.rego", 4, "undefined function foo")
    result = run(repo(tmp_path), FakeEngine([], errors=[error]), select=("DKR001",))
    assert result.rule_errors == [error]


def test_engine_crash_becomes_one_rule_error_with_a_debug_trace(tmp_path: Path) -> None:
    result = run(repo(tmp_path), FakeEngine([], fail_with=ValueError("bad state")))
    assert result.rule_errors == [RuleError(None, ".", None, "internal error in the rule engine: ValueError: bad state")]
    assert any("ValueError: bad state" in trace for trace in result.debug_traces)
    assert result.findings == [] and len(result.input_errors) == 1


def test_engine_that_fails_to_load_still_reports_input_errors(tmp_path: Path) -> None:
    def broken_loader(_options: ScanOptions) -> FakeEngine:
        raise RuntimeError("no backend")

    result = scan([str(repo(tmp_path))], GraphOptions(root=str(tmp_path), jobs=1), ScanOptions(), load_engine=broken_loader)
    assert [e.message for e in result.rule_errors] == ["internal error in the rule engine: RuntimeError: no backend"]
    assert [e.path for e in result.input_errors] == ["k8s/broken.yaml"]


def test_setup_error_is_raised_for_the_cli(tmp_path: Path) -> None:
    def refusing_loader(_options: ScanOptions) -> FakeEngine:
        raise ScanSetupError("--opa-url is not supported yet")

    with pytest.raises(ScanSetupError, match="--opa-url is not supported yet"):
        scan([str(tmp_path)], GraphOptions(root=str(tmp_path), jobs=1), ScanOptions(), load_engine=refusing_loader)


@pytest.mark.parametrize(
    ("rule_id", "aliases", "select", "ignore", "selected"),
    [
        ("K8S001", (), (), (), True),
        ("K8S001", (), ("K8S*",), (), True),
        ("K8S001", (), ("k8s001",), (), True),
        ("K8S001", (), ("TF*",), (), False),
        ("K8S001", ("CKV_K8S_16",), ("CKV_K8S_*",), (), True),
        ("K8S001", ("CKV_K8S_16",), (), ("CKV_K8S_16",), False),
        ("K8S001", (), ("K8S*",), ("K8S001",), False),
        ("main.deny", (), ("main.*",), (), True),
        ("main.deny", (), ("main*deny_*",), (), False),
    ],
)
def test_is_selected(rule_id: str, aliases: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], selected: bool) -> None:
    assert is_selected(rule_id, aliases, select, ignore) is selected


def test_findings_at_or_above_and_severity_counts() -> None:
    result = ScanResult(findings=[finding("A", "LOW", "a", 1), finding("B", "HIGH", "a", 2), finding("C", "MEDIUM", "a", 3)])
    assert [f.rule_id for f in result.findings_at_or_above("medium")] == ["B", "C"]
    assert result.findings_at_or_above("critical") == []
    assert len(result.findings_at_or_above("info")) == 3
    assert result.severity_counts() == {"CRITICAL": 0, "HIGH": 1, "MEDIUM": 1, "LOW": 1, "INFO": 0}


def test_read_snippets_handles_crlf_invalid_utf8_and_long_lines(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_bytes(b"a = 1\r\nb = \xff\r\nc = " + b"x" * 500 + b"\r\nd = 4\r\n")
    snippets = read_snippets(str(tmp_path), [finding("A", "LOW", "main.tf", 2)])
    assert snippets["main.tf"][1] == "a = 1"
    assert snippets["main.tf"][2] == "b = \ufffd"
    assert snippets["main.tf"][3] == "c = " + "x" * 236
    assert set(snippets["main.tf"]) == {1, 2, 3}


def test_read_snippets_never_leaves_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("password = hunter2\n")
    os.symlink(tmp_path / "secret.txt", root / "link.tf")
    findings = [finding("A", "LOW", "../secret.txt", 1), finding("A", "LOW", "link.tf", 1), finding("A", "LOW", str(tmp_path / "secret.txt"), 1)]
    assert read_snippets(str(root), findings) == {}


def test_read_snippets_skips_missing_files_and_builtin_paths(tmp_path: Path) -> None:
    findings = [finding("A", "LOW", "gone.tf", 1), finding("A", "LOW", "<builtin>/lib/x.rego", 1)]
    assert read_snippets(str(tmp_path), findings) == {}


def test_default_namespace_is_main(tmp_path: Path) -> None:
    (tmp_path / "policy.rego").write_text("package main\n\ndeny[msg] {\n  input.x\n  msg := \"x\"\n}\n")
    engine = load_policy_engine(ScanOptions(policy_paths=(str(tmp_path),), include_builtin=False))
    assert engine.namespaces == ("main",)
    assert sorted(engine.rules) == ["main.deny"]
