"""The SARIF reporter: schema-valid with format checks, and everything GitHub code scanning needs."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.findings import Finding, RuleError, RuleMeta
from scanner.model import InputError
from scanner.reporters import REPORTERS, render_report
from scanner.reporters.fingerprints import line_hashes
from scanner.reporters.sarif import (
    MAX_RESULTS_PER_RUN,
    SarifReporter,
    path_uri,
    report_sarif,
)
from scanner.reporters.sarif_categories import MAX_RUNS
from scanner.reporters.sarif_rules import MAX_DESCRIPTION_CHARS
from scanner.scan import ScanResult

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO_ROOT / "tests" / "schemas" / "sarif-2.1.0.json"
GOLDEN_DIR = Path(__file__).parent / "golden"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@cache
def validator() -> jsonschema.Draft4Validator:
    """The official SARIF 2.1.0 schema with every known format checked (uri, uri-reference...)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(document: Any) -> list[str]:
    return sorted(f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator().iter_errors(document))


def walk(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def runs_by_id(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {run["automationDetails"]["id"]: run for run in log["runs"]}


def bare_result(**changes: Any) -> ScanResult:
    """An empty ScanResult with the given fields set."""
    return replace(ScanResult(), **changes)


def meta(rule_id: str, severity: str, **changes: Any) -> RuleMeta:
    return RuleMeta(rule_id, f"title of {rule_id}", severity, **{"source": "builtin", **changes})


# --- the schema and the golden file -------------------------------------------------------------


def test_schema_copy_is_byte_exact() -> None:
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_golden_report_is_valid_sarif() -> None:
    assert schema_errors(json.loads((GOLDEN_DIR / "report.sarif").read_text(encoding="utf-8"))) == []


def test_format_checking_is_really_on() -> None:
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "Dockerfile (nginx:1.23 lines:1-1)"}}}]}]}]}
    assert schema_errors(bad) == ["runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: 'Dockerfile (nginx:1.23 lines:1-1)' is not a 'uri-reference'"]


def test_reporter_is_registered() -> None:
    assert REPORTERS["sarif"] is SarifReporter
    assert SarifReporter.extension == "sarif"


# --- runs and the driver ------------------------------------------------------------------------


def test_one_run_per_category_with_distinct_automation_ids(sample_result: ScanResult) -> None:
    log = report_sarif(sample_result)
    assert [run["automationDetails"]["id"] for run in log["runs"]] == ["bastion/dockerfile/", "bastion/kubernetes/", "bastion/policy/", "bastion/terraform/"]
    assert {run["automationDetails"]["id"]: [result["ruleId"] for result in run["results"]] for run in log["runs"]} == {
        "bastion/dockerfile/": ["DKR001", "DKR002"],
        "bastion/kubernetes/": ["K8S002", "K8S001"],
        "bastion/policy/": ["main.warn_owner"],
        "bastion/terraform/": ["TF001"],
    }


def test_driver_names_the_tool_and_lists_exactly_the_rules_that_fired(sample_result: ScanResult) -> None:
    from scanner import __version__

    log = report_sarif(sample_result)
    kubernetes = runs_by_id(log)["bastion/kubernetes/"]
    driver = kubernetes["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("bastion", __version__, __version__)
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == ["K8S001", "K8S002"]
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        assert all(rules[result["ruleIndex"]]["id"] == result["ruleId"] for result in run["results"])


@pytest.mark.parametrize(
    ("severity", "level", "score"),
    [("CRITICAL", "error", "9.5"), ("HIGH", "error", "8.0"), ("MEDIUM", "warning", "5.5"), ("LOW", "note", "3.0"), ("INFO", "note", "1.0")],
)
def test_severity_maps_to_level_and_security_severity(severity: str, level: str, score: str, make_finding: Callable[..., Finding]) -> None:
    finding = make_finding("TF009", severity, "t", "m", "main.tf", 3, "tf:aws_s3_bucket.a", None)
    log = report_sarif(bare_result(findings=[finding], rules={"TF009": meta("TF009", severity, targets=("terraform",))}))
    (run,) = log["runs"]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["defaultConfiguration"] == {"level": level}
    assert rule["properties"]["security-severity"] == score
    assert rule["properties"]["tags"] == ["security", "terraform", severity.lower()]
    assert run["results"][0]["level"] == level


def test_rule_descriptor_carries_descriptions_help_and_tags(make_finding: Callable[..., Finding]) -> None:
    long_description = "Why it matters. " * 100
    rule = meta(
        "K8S009",
        "HIGH",
        name="host-network",
        description=long_description,
        remediation="Set `hostNetwork: false` and use a <Service> instead.",
        related_resources=("https://kubernetes.io/docs/concepts/security/pod-security-standards/",),
        aliases=("CKV_K8S_19",),
        frameworks={"pod-security-standards": ("baseline",), **{f"fw{index:02}": ("1",) for index in range(12)}},
        targets=("kubernetes",),
    )
    finding = make_finding("K8S009", "HIGH", "t", "pod uses the host network", "k8s/pod.yaml", 7, "k8s:core/Pod/default/p", "spec.hostNetwork")
    (run,) = report_sarif(bare_result(findings=[finding], rules={"K8S009": rule}))["runs"]
    (descriptor,) = run["tool"]["driver"]["rules"]
    assert descriptor["name"] == "host-network"
    assert descriptor["shortDescription"] == {"text": "title of K8S009"}
    full = descriptor["fullDescription"]["text"]
    assert len(full) == MAX_DESCRIPTION_CHARS
    assert full == long_description[: MAX_DESCRIPTION_CHARS - 3] + "..."
    assert descriptor["help"]["text"].endswith(
        "Remediation: Set `hostNetwork: false` and use a <Service> instead.\n\n"
        "References:\n- https://kubernetes.io/docs/concepts/security/pod-security-standards/\n\n"
        "Frameworks: fw00 1; fw01 1; fw02 1; fw03 1; fw04 1; fw05 1; fw06 1; fw07 1; fw08 1; fw09 1; fw10 1; fw11 1; pod-security-standards baseline\n\n"
        "Also known as: CKV_K8S_19"
    )
    markdown = descriptor["help"]["markdown"]
    assert markdown.startswith("**title of K8S009** (`K8S009`, severity HIGH)\n\n")
    assert "## Remediation\n\nSet `hostNetwork: false` and use a &lt;Service> instead." in markdown
    assert "## References\n\n- <https://kubernetes.io/docs/concepts/security/pod-security-standards/>" in markdown
    assert descriptor["properties"] == {
        "tags": ["security", "kubernetes", "high", "fw00", "fw01", "fw02", "fw03", "fw04", "fw05", "fw06"],
        "precision": "high",
        "security-severity": "8.0",
        "aliases": ["CKV_K8S_19"],
    }


def test_user_policy_rules_are_tagged_and_medium_precision(make_finding: Callable[..., Finding]) -> None:
    finding = make_finding("main.deny", "HIGH", "main.deny", "port 22 is exposed", "Dockerfile", 3, None, None)
    rule = RuleMeta("main.deny", "main.deny", "HIGH", mode="conftest", source="policy")
    (run,) = report_sarif(bare_result(findings=[finding], rules={"main.deny": rule}))["runs"]
    assert run["automationDetails"]["id"] == "bastion/policy/"
    properties = run["tool"]["driver"]["rules"][0]["properties"]
    assert properties["tags"] == ["security", "policy", "high", "conftest", "custom-policy"]
    assert properties["precision"] == "medium"


def test_clean_scan_still_uploads_an_empty_run_per_checked_category() -> None:
    rules = {
        "DKR001": meta("DKR001", "MEDIUM", targets=("dockerfile",)),
        "TF001": meta("TF001", "HIGH", targets=("terraform",)),
        "acme.x": RuleMeta("acme.x", "x", "LOW", source="policy"),
    }
    log = report_sarif(bare_result(rules=rules))
    assert schema_errors(log) == []
    assert [(run["automationDetails"]["id"], run["results"], run["tool"]["driver"]["rules"]) for run in log["runs"]] == [
        ("bastion/dockerfile/", [], []),
        ("bastion/policy/", [], []),
        ("bastion/terraform/", [], []),
    ]
    assert all(run["invocations"] == [{"executionSuccessful": True}] for run in log["runs"])


def test_scan_that_evaluated_nothing_has_one_run() -> None:
    log = report_sarif(ScanResult())
    assert schema_errors(log) == []
    (run,) = log["runs"]
    assert run["automationDetails"] == {"id": "bastion/"}
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


def test_twenty_one_categories_become_twenty_runs(make_finding: Callable[..., Finding]) -> None:
    findings = [make_finding(f"R{index:02}", "LOW", "t", "m", f"f{index:02}.x", 1, f"kind{index:02}:thing", None) for index in range(21)]
    findings.append(make_finding("TF001", "HIGH", "t", "m", "main.tf", 1, "tf:aws_s3_bucket.a", None))
    log = report_sarif(bare_result(findings=sorted(findings, key=Finding.sort_key)))
    ids = [run["automationDetails"]["id"] for run in log["runs"]]
    assert len(ids) == MAX_RUNS == 20
    assert len(set(ids)) == 20
    assert ids[0] == "bastion/kind00/" and ids[-1] == "bastion/other/" and "bastion/terraform/" in ids
    assert runs_by_id(log)["bastion/other/"]["results"][0]["ruleId"] == "R18"
    assert sorted(result["ruleId"] for run in log["runs"] for result in run["results"]) == sorted(f.rule_id for f in findings)
    assert schema_errors(log) == []


# --- results ------------------------------------------------------------------------------------


def test_result_location_fingerprints_and_root(sample_result: ScanResult) -> None:
    sample = sample_result
    sample.root = "/srv/ci/shop repo"
    sample.line_hashes = {"terraform/main.tf": {12: "8ca92ca6c09c5995:1"}}
    log = report_sarif(sample)
    terraform = runs_by_id(log)["bastion/terraform/"]
    assert terraform["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///srv/ci/shop%20repo/"
    (result,) = terraform["results"]
    assert result == {
        "ruleId": "TF001",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": "bucket 'logs' has ACL 'public-read'"},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": "terraform/main.tf", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 12, "endLine": 12}},
                "logicalLocations": [{"fullyQualifiedName": "tf:aws_s3_bucket.logs", "kind": "resource"}],
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": "8ca92ca6c09c5995:1", "bastion/v1": sample.findings[-1].fingerprint},
        "properties": {"severity": "CRITICAL", "attribute": "acl"},
    }
    assert schema_errors(log) == []


def test_suppressed_findings_carry_suppressions(sample_result: ScanResult, make_finding: Callable[..., Finding]) -> None:
    sample = sample_result
    justified = replace(sample.suppressed[0], metadata={"suppression_justification": "base image is patched by the platform team"})
    sample.suppressed = [justified, make_finding("TF002", "LOW", "t", "m", "main.tf", 2, "tf:aws_security_group.a", None)]
    sample.suppressed[1] = replace(sample.suppressed[1], metadata={"suppression_kind": "external"})
    runs = runs_by_id(report_sarif(sample))
    dockerfile = {result["ruleId"]: result for result in runs["bastion/dockerfile/"]["results"]}
    assert "suppressions" not in dockerfile["DKR001"]
    assert dockerfile["DKR002"]["suppressions"] == [{"kind": "inSource", "justification": "base image is patched by the platform team"}]
    terraform = {result["ruleId"]: result for result in runs["bastion/terraform/"]["results"]}
    assert terraform["TF002"]["suppressions"] == [{"kind": "external"}]


def test_uris_with_special_characters_are_encoded_and_valid(make_finding: Callable[..., Finding]) -> None:
    paths = ["infra dir/main.tf", "k8s/#1.yaml", "odd%name/Dockerfile", "c:colon/x.tf", "é/ü.yaml"]
    findings = [make_finding("TF001", "HIGH", "t", "m", path, 1, "tf:a.b", None) for path in paths]
    log = report_sarif(bare_result(findings=sorted(findings, key=Finding.sort_key), root="/tmp/my repo#1"))
    uris = sorted(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in log["runs"][0]["results"])
    assert uris == ["%C3%A9/%C3%BC.yaml", "c%3Acolon/x.tf", "infra%20dir/main.tf", "k8s/%231.yaml", "odd%25name/Dockerfile"]
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///tmp/my%20repo%231/"
    assert schema_errors(log) == []
    assert path_uri("a b/c") == "a%20b/c"


def test_start_line_is_never_below_one(make_finding: Callable[..., Finding]) -> None:
    finding = make_finding("TF001", "HIGH", "t", "m", "main.tf", 0, "tf:a.b", None, end_line=0)
    error = InputError("broken.tf", 0, "terraform", "file is empty")
    log = report_sarif(bare_result(findings=[finding], input_errors=[error], line_hashes={"main.tf": {1: "c129715d7a2bc9a3:1"}}))
    assert schema_errors(log) == []
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "endLine": 1}
    assert log["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"] == "c129715d7a2bc9a3:1"
    assert all(value >= 1 for key, value in walk(log) if key in ("startLine", "endLine"))


def test_result_cap_keeps_the_most_severe_in_report_order(make_finding: Callable[..., Finding]) -> None:
    severities = ["LOW", "CRITICAL", "INFO", "HIGH", "HIGH", "MEDIUM"]
    findings = [make_finding(f"TF00{index}", severity, "t", f"m{index}", "main.tf", index + 1, f"tf:a.r{index}", None) for index, severity in enumerate(severities)]
    log = report_sarif(bare_result(findings=findings), max_results_per_run=3)
    (run,) = log["runs"]
    assert [result["ruleId"] for result in run["results"]] == ["TF001", "TF003", "TF004"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["TF001", "TF003", "TF004"]
    assert run["invocations"] == [
        {
            "executionSuccessful": True,
            "toolExecutionNotifications": [
                {
                    "level": "warning",
                    "message": {"text": "3 of 6 results were left out of this run: GitHub code scanning accepts at most 3 results per run, so only the most severe were kept."},
                }
            ],
        }
    ]


def test_result_cap_is_githubs_limit() -> None:
    assert MAX_RESULTS_PER_RUN == 25_000


# --- errors -------------------------------------------------------------------------------------


def test_errors_become_notifications_and_mark_the_run_unsuccessful(sample_result: ScanResult) -> None:
    sample = sample_result
    sample.rule_errors.append(RuleError(None, "<builtin>/lib/bastion.rego", None, "policy file does not parse"))
    log = report_sarif(sample)
    expected = [
        {
            "level": "error",
            "message": {"text": "<builtin>/lib/bastion.rego: [policy] policy file does not parse"},
        },
        {
            "level": "error",
            "message": {"text": "k8s/broken.yaml:14: [kubernetes] expected a mapping, found a list"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "k8s/broken.yaml", "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 14}}}],
        },
        {
            "level": "error",
            "message": {"text": "policies/public.rego:7: [policy] main.deny_public: while evaluating k8s/web.yaml: undefined function net.cidr_merge"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "policies/public.rego"}, "region": {"startLine": 7}}}],
            "associatedRule": {"id": "main.deny_public"},
        },
    ]
    for run in log["runs"]:
        assert run["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": expected}]
    assert schema_errors(log) == []


# --- real scans ---------------------------------------------------------------------------------


def scan_sarif(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    output = tmp_path / "report.sarif"
    result = CliRunner().invoke(main, ["scan", *args, "--format", "sarif", "--output", str(output)], catch_exceptions=False)
    return result.exit_code, json.loads(output.read_text(encoding="utf-8"))


def assert_github_ready(log: dict[str, Any], root: Path) -> None:
    """Valid with format checks, within GitHub's limits, and codeql-identical line hashes."""
    assert schema_errors(log) == []
    ids = [run["automationDetails"]["id"] for run in log["runs"]]
    assert 1 <= len(ids) <= 20 and len(set(ids)) == len(ids)
    for run in log["runs"]:
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.resolve().as_uri() + "/"
        assert len(run["results"]) <= 25_000
        for rule in run["tool"]["driver"]["rules"]:
            assert "security" in rule["properties"]["tags"] and len(rule["properties"]["tags"]) <= 10
            assert isinstance(rule["properties"]["security-severity"], str)
        for result in run["results"]:
            location = result["locations"][0]["physicalLocation"]
            path = location["artifactLocation"]["uri"]
            line = location["region"]["startLine"]
            text = (root / path).read_bytes().decode("utf-8", errors="replace")
            assert result["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(text, [line])[line]


def test_example_repository_gives_github_ready_sarif(tmp_path: Path) -> None:
    root = REPO_ROOT / "fixtures" / "example"
    _, log = scan_sarif(tmp_path, str(root))
    assert_github_ready(log, root)
    assert [run["automationDetails"]["id"] for run in log["runs"]] == ["bastion/dockerfile/", "bastion/kubernetes/", "bastion/terraform/"]
    assert all(run["results"] for run in log["runs"])


def test_malformed_files_become_notifications(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "fixtures" / "malformed", repo, ignore=shutil.ignore_patterns("*.py"))
    code, log = scan_sarif(tmp_path, str(repo))
    assert code == 3
    assert_github_ready(log, repo)
    for run in log["runs"]:
        (invocation,) = run["invocations"]
        assert invocation["executionSuccessful"] is False
        notes = invocation["toolExecutionNotifications"]
        uris = {note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for note in notes if "locations" in note}
        assert {"broken.tf", "broken.yaml", "invalid-utf8.tf"} <= uris


def test_fingerprints_survive_lines_inserted_above(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    dockerfile = repo / "Dockerfile"
    dockerfile.write_text("FROM node:latest\nRUN npm ci\n", encoding="utf-8")
    _, before = scan_sarif(tmp_path, str(repo), "--select", "DKR001")
    dockerfile.write_text("# syntax notes\n\n# build stage\nFROM node:latest\nRUN npm ci\n", encoding="utf-8")
    _, after = scan_sarif(tmp_path, str(repo), "--select", "DKR001")
    (first,) = runs_by_id(before)["bastion/dockerfile/"]["results"]
    (second,) = runs_by_id(after)["bastion/dockerfile/"]["results"]
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert second["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert second["partialFingerprints"] == first["partialFingerprints"]
    assert set(first["partialFingerprints"]) == {"bastion/v1", "primaryLocationLineHash"}


def test_line_hashes_can_be_turned_off(tmp_path: Path) -> None:
    from scanner.graph.build import GraphOptions
    from scanner.scan import ScanOptions, scan

    (tmp_path / "Dockerfile").write_text("FROM node:latest\n", encoding="utf-8")
    result = scan([str(tmp_path)], GraphOptions(root=str(tmp_path)), ScanOptions(select=("DKR001",), line_hashes=False))
    assert result.line_hashes == {}
    assert result.findings
    text = render_report("sarif", result)
    assert "primaryLocationLineHash" not in text and "bastion/v1" in text
