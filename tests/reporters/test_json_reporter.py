"""The JSON report: exact shape, exact entries, sorted errors, no timings."""

from __future__ import annotations

import json
from dataclasses import replace

from scanner.findings import RuleError
from scanner.model import InputError
from scanner.reporters import render_report
from scanner.scan import ScanResult

FINDING_KEYS = ["rule_id", "severity", "title", "message", "path", "start_line", "end_line", "resource", "attribute", "fingerprint"]


def load(result: ScanResult) -> dict:
    return json.loads(render_report("json", result))


def test_top_level_keys_in_order(sample_result: ScanResult) -> None:
    assert list(load(sample_result)) == ["version", "findings", "suppressed", "errors", "stats"]
    assert load(sample_result)["version"] == 1


def test_finding_has_exactly_the_documented_keys(sample_result: ScanResult) -> None:
    report = load(sample_result)
    for entry in report["findings"] + report["suppressed"]:
        assert list(entry) == FINDING_KEYS


def test_critical_finding_entry(sample_result: ScanResult) -> None:
    critical = [entry for entry in load(sample_result)["findings"] if entry["severity"] == "CRITICAL"]
    assert critical == [
        {
            "rule_id": "TF001",
            "severity": "CRITICAL",
            "title": "S3 bucket ACL allows public access",
            "message": "bucket 'logs' has ACL 'public-read'",
            "path": "terraform/main.tf",
            "start_line": 12,
            "end_line": 12,
            "resource": "tf:aws_s3_bucket.logs",
            "attribute": "acl",
            "fingerprint": sample_result.findings[-1].fingerprint,
        }
    ]


def test_findings_keep_report_order(sample_result: ScanResult) -> None:
    order = [(entry["path"], entry["start_line"], entry["rule_id"]) for entry in load(sample_result)["findings"]]
    assert order == [
        ("charts/shop/values.yaml", 3, "main.warn_owner"),
        ("k8s/web.yaml", 5, "K8S002"),
        ("k8s/web.yaml", 20, "K8S001"),
        ("services/api/Dockerfile", 1, "DKR001"),
        ("terraform/main.tf", 12, "TF001"),
    ]


def test_suppressed_findings_are_listed_apart(sample_result: ScanResult) -> None:
    report = load(sample_result)
    assert [entry["rule_id"] for entry in report["suppressed"]] == ["DKR002"]
    assert "DKR002" not in {entry["rule_id"] for entry in report["findings"]}


def test_errors_merge_input_and_rule_errors_sorted_by_path(sample_result: ScanResult) -> None:
    sample_result.input_errors.append(InputError("a.tf", None, "terraform", "file is not valid UTF-8"))
    sample_result.rule_errors.insert(0, RuleError(None, "policies/broken.rego", 3, "unexpected token"))
    assert load(sample_result)["errors"] == [
        {"path": "a.tf", "line": None, "format": "terraform", "message": "file is not valid UTF-8"},
        {"path": "k8s/broken.yaml", "line": 14, "format": "kubernetes", "message": "expected a mapping, found a list"},
        {"path": "policies/broken.rego", "line": 3, "format": "policy", "rule_id": None, "message": "unexpected token"},
        {
            "path": "policies/public.rego",
            "line": 7,
            "format": "policy",
            "rule_id": "main.deny_public",
            "message": "while evaluating k8s/web.yaml: undefined function net.cidr_merge",
        },
    ]


def test_stats_count_files_findings_and_errors_without_durations(sample_result: ScanResult) -> None:
    assert load(sample_result)["stats"] == {
        "files": 7,
        "parsed": 4,
        "skipped": 2,
        "errored": 1,
        "skipped_by_reason": {"not infrastructure as code": 2},
        "parsed_by_format": {"dockerfile": 1, "kubernetes": 2, "terraform": 1},
        "nodes": 9,
        "edges": 4,
        "rules_evaluated": 6,
        "findings": 5,
        "findings_by_severity": {"CRITICAL": 1, "HIGH": 1, "MEDIUM": 1, "LOW": 1, "INFO": 1},
        "suppressed": 1,
        "errors": 2,
    }


def test_non_ascii_text_is_kept_verbatim(sample_result: ScanResult) -> None:
    sample_result.findings[0] = replace(sample_result.findings[0], message="values for café are missing")
    text = render_report("json", sample_result)
    assert "values for café are missing" in text
    assert text.endswith("}\n")


def test_empty_result_is_a_valid_report() -> None:
    report = load(ScanResult())
    assert report["findings"] == [] and report["suppressed"] == [] and report["errors"] == []
    assert report["stats"]["findings"] == 0
