"""apply_suppressions on hand-made findings and nodes: matching rules, safety, robustness."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from suppression_helpers import TODAY

from scanner.findings import Finding, RuleMeta, fingerprint
from scanner.model import Node
from scanner.suppressions import (
    SuppressionOptions,
    SuppressionProblem,
    apply_suppressions,
)

RULES = {
    "TF001": RuleMeta("TF001", "S3 bucket ACL allows public access", "HIGH", aliases=("CKV_AWS_20", "AVD-AWS-0092")),
    "K8S001": RuleMeta("K8S001", "Privileged container", "HIGH", aliases=("privileged-container",)),
}
OPTIONS = SuppressionOptions(today=TODAY)


def finding(rule_id: str, path: str, line: int, resource: str | None = None) -> Finding:
    return Finding(rule_id, "HIGH", rule_id, f"message of {rule_id}", path, line, line, resource, None, fingerprint(rule_id, resource, None))


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def test_ids_match_aliases_without_regard_to_case_and_globs_are_allowed(tmp_path: Path) -> None:
    write(tmp_path, "main.tf", 'resource "a" "b" {\n  acl = "public-read" # bastion:ignore=ckv_aws_20 reason="alias, lower case"\n}\n')
    write(tmp_path, "pod.yaml", '# bastion:ignore=K8S0* reason="sandbox namespace"\napiVersion: v1\nkind: Pod\n')
    findings = [finding("TF001", "main.tf", 2), finding("K8S001", "pod.yaml", 2)]
    outcome = apply_suppressions(findings, [], RULES, str(tmp_path), OPTIONS)
    assert outcome.kept == []
    assert [(f.rule_id, f.metadata["suppression"]["id"]) for f in outcome.suppressed] == [("TF001", "ckv_aws_20"), ("K8S001", "K8S0*")]


def test_bastion_directive_is_preferred_and_every_matching_directive_counts_as_used(tmp_path: Path) -> None:
    write(tmp_path, "main.tf", '# tfsec:ignore:AVD-AWS-0092\n# bastion:ignore=TF001 reason="reviewed"\nresource "a" "b" {\n  acl = "public-read"\n}\n')
    options = SuppressionOptions(today=TODAY, report_unused_suppressions=True)
    outcome = apply_suppressions([finding("TF001", "main.tf", 4)], [], RULES, str(tmp_path), options)
    assert [f.metadata["suppression"]["source"] for f in outcome.suppressed] == ["bastion"]
    assert outcome.suppressed[0].metadata["suppression_justification"] == "reviewed"
    assert outcome.suppressed[0].metadata["suppression_kind"] == "inSource"
    assert outcome.unused == []


def test_a_finding_without_a_resource_is_matched_by_its_line(tmp_path: Path) -> None:
    write(tmp_path, "Dockerfile", 'FROM node\n# bastion:ignore=main.deny reason="conftest rule"\nRUN npm ci\n')
    outcome = apply_suppressions([finding("main.deny", "Dockerfile", 3), finding("main.deny", "Dockerfile", 1)], [], {}, str(tmp_path), OPTIONS)
    assert [(f.rule_id, f.start_line) for f in outcome.suppressed] == [("main.deny", 3)]
    assert [(f.rule_id, f.start_line) for f in outcome.kept] == [("main.deny", 1)]


def test_files_outside_the_root_are_never_read(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    write(tmp_path, "outside.tf", '# bastion:ignore=TF001 reason="outside the root"\nresource "a" "b" {\n  acl = "x"\n}\n')
    os.symlink(tmp_path / "outside.tf", root / "link.tf")
    findings = [finding("TF001", "../outside.tf", 3), finding("TF001", "link.tf", 3), finding("TF001", str(tmp_path / "outside.tf"), 3)]
    outcome = apply_suppressions(findings, [], RULES, str(root), OPTIONS)
    assert outcome.suppressed == []
    assert len(outcome.kept) == 3


def test_only_files_with_findings_are_read_unless_unused_are_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scanner.suppressions.apply as apply_module

    write(tmp_path, "a.tf", '# bastion:ignore=TF001 reason="x"\nresource "a" "b" {\n}\n')
    write(tmp_path, "b.tf", 'resource "a" "c" {\n  acl = "x"\n}\n')
    read: list[str] = []
    original = apply_module.read_source

    def spy(real_root: str, path: str) -> str | None:
        read.append(path)
        return original(real_root, path)

    monkeypatch.setattr(apply_module, "read_source", spy)
    nodes = [Node("tf:a.b", "terraform", "a", "a.b", "a.tf", 2, 3), Node("tf:a.c", "terraform", "a", "a.c", "b.tf", 1, 3)]
    apply_suppressions([finding("TF001", "b.tf", 2)], nodes, RULES, str(tmp_path), OPTIONS)
    assert read == ["b.tf"]
    read.clear()
    outcome = apply_suppressions([finding("TF001", "b.tf", 2)], nodes, RULES, str(tmp_path), SuppressionOptions(today=TODAY, report_unused_suppressions=True))
    assert read == ["a.tf", "b.tf"]
    assert [(u.path, u.line, u.pattern) for u in outcome.unused or ()] == [("a.tf", 1, "TF001")]


def test_annotation_that_is_not_a_string_is_a_problem(tmp_path: Path) -> None:
    node = Node(
        "k8s:core/Pod/default/web", "kubernetes", "Pod", "web", "pod.yaml", 1, 9,
        attrs={"metadata": {"name": "web", "annotations": {"bastion.io/ignore": ["K8S001"]}}},
        attr_lines={'metadata.annotations["bastion.io/ignore"]': 5},
    )
    outcome = apply_suppressions([finding("K8S001", "pod.yaml", 8, node.id)], [node], RULES, str(tmp_path), OPTIONS)
    assert outcome.suppressed == []
    assert outcome.problems == [
        SuppressionProblem("pod.yaml", 5, "bastion", 'bastion.io/ignore must be a string like "TF001 reason=\\"...\\"", so it does not suppress'),
    ]


def test_an_unexpected_error_in_one_file_is_a_problem_and_other_files_still_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scanner.suppressions.apply as apply_module

    write(tmp_path, "a.tf", '# bastion:ignore=TF001 reason="x"\nresource "a" "b" {\n  acl = "x"\n}\n')
    write(tmp_path, "b.tf", '# bastion:ignore=TF001 reason="x"\nresource "a" "c" {\n  acl = "x"\n}\n')
    original = apply_module.layout_for

    def broken(path: str, file_format: str | None, text: str):  # type: ignore[no-untyped-def]
        if path == "a.tf":
            raise RuntimeError("boom")
        return original(path, file_format, text)

    monkeypatch.setattr(apply_module, "layout_for", broken)
    outcome = apply_suppressions([finding("TF001", "a.tf", 3), finding("TF001", "b.tf", 3)], [], RULES, str(tmp_path), OPTIONS)
    assert [f.path for f in outcome.suppressed] == ["b.tf"]
    assert [f.path for f in outcome.kept] == ["a.tf"]
    assert outcome.problems == [SuppressionProblem("a.tf", 1, "bastion", "internal error while reading suppressions: RuntimeError: boom")]


def test_audit_mode_returns_the_findings_untouched(tmp_path: Path) -> None:
    write(tmp_path, "main.tf", 'resource "a" "b" {\n  acl = "x" # bastion:ignore=TF001 reason="x"\n}\n')
    findings = [finding("TF001", "main.tf", 2)]
    outcome = apply_suppressions(findings, [], RULES, str(tmp_path), SuppressionOptions(inline_suppressions=False, report_unused_suppressions=True))
    assert outcome == (findings, [], [], None)
