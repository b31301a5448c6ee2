"""``bastion scan --show-unknown`` end to end: what the built-in rules could not decide, in text and JSON.

Each fixture under ``tests/fixtures/show_unknown/`` is a small repository named after its intent.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from scanner.cli import main
from scanner.engine.undecided import Undecided, UndecidedOutcome
from scanner.findings import EvaluationResult, RuleError, RuleMeta
from scanner.graph.build import GraphOptions
from scanner.scan import ScanOptions, ScanResult, scan

FIXTURES = Path(__file__).parent / "fixtures" / "show_unknown"


def run_scan(case: str, *options: str) -> Result:
    """``bastion scan <fixture> ...`` through click, output captured."""
    return CliRunner().invoke(main, ["scan", str(FIXTURES / case), *options], catch_exceptions=False)


def json_report(case: str, *options: str) -> dict:
    result = run_scan(case, "--format", "json", *options)
    return json.loads(result.output)


def test_acl_from_variable_without_default_is_no_finding_but_one_undecided_entry() -> None:
    report = json_report("acl_from_variable", "--select", "TF001", "--show-unknown")

    assert report["findings"] == []
    assert report["undecided"] == [
        {
            "rule_id": "TF001",
            "resource": "tf:aws_s3_bucket.logs",
            "path": "main.tf",
            "line": 7,
            "attribute": "acl",
            "reason": "variable 'acl' has no value",
        }
    ]
    assert report["stats"]["undecided"] == 1


def test_text_report_lists_the_case_in_its_own_section_after_the_findings() -> None:
    result = run_scan("acl_from_variable", "--select", "TF001", "--show-unknown")

    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        "Could not be decided (1)",
        "  TF001 main.tf:7 tf:aws_s3_bucket.logs: acl is unknown (variable 'acl' has no value)",
        "",
    ]
    assert "No findings." in result.output


def test_off_by_default_nothing_is_listed_and_the_json_has_no_undecided_key() -> None:
    text = run_scan("acl_from_variable", "--select", "TF001")
    report = json_report("acl_from_variable", "--select", "TF001")

    assert "Could not be decided" not in text.output
    assert "undecided" not in report
    assert "undecided" not in report["stats"]


def test_unknown_attribute_the_rule_does_not_read_gives_no_entry() -> None:
    report = json_report("unrelated_attribute_unknown", "--select", "TF001", "--show-unknown")

    assert report["findings"] == []
    assert report["undecided"] == []
    assert report["stats"]["undecided"] == 0


def test_unknown_count_is_undecided_for_a_rule_reading_the_kind() -> None:
    report = json_report("count_unknown", "--select", "TF001", "--show-unknown")

    assert report["undecided"] == [
        {
            "rule_id": "TF001",
            "resource": "tf:aws_s3_bucket.replica",
            "path": "main.tf",
            "line": 6,
            "attribute": "count",
            "reason": "count is unknown: variable 'replicas' has no value",
        }
    ]


def test_reference_to_a_provider_computed_id_is_decided() -> None:
    report = json_report("versioning_names_bucket_by_computed_id", "--select", "TF006", "--show-unknown")

    assert report["findings"] == []
    assert report["undecided"] == []


def test_undecided_entries_never_change_the_exit_code() -> None:
    without = run_scan("count_unknown", "--select", "TF001")
    with_flag = run_scan("count_unknown", "--select", "TF001", "--show-unknown", "--fail-on", "info")

    assert without.exit_code == 0
    assert with_flag.exit_code == 0


def test_ignored_rule_has_no_undecided_entries() -> None:
    report = json_report("acl_from_variable", "--select", "TF00*", "--ignore", "TF001", "--show-unknown")

    assert all(entry["rule_id"] != "TF001" for entry in report["undecided"])


def test_environment_variable_turns_it_on() -> None:
    result = CliRunner(env={"BASTION_SHOW_UNKNOWN": "1"}).invoke(
        main, ["scan", str(FIXTURES / "acl_from_variable"), "--select", "TF001", "--format", "json"], catch_exceptions=False
    )

    assert [entry["attribute"] for entry in json.loads(result.output)["undecided"]] == ["acl"]


def test_sarif_report_leaves_undecided_cases_out() -> None:
    result = run_scan("acl_from_variable", "--select", "TF001", "--show-unknown", "--format", "sarif")
    log = json.loads(result.output)

    assert [run["results"] for run in log["runs"]] == [[] for _ in log["runs"]]
    assert "could not be decided" not in result.output.lower()


# --- the scan orchestrator's hook, with engines made for the purpose ----------------------------


class EngineWithoutUndecided:
    """An engine that evaluates nothing and cannot tell what it left undecided."""

    def evaluate(self, graph, root=None, select=None) -> EvaluationResult:
        return EvaluationResult(rules={"ACME001": RuleMeta("ACME001", "A check", "HIGH")})

    def close(self) -> None:
        pass


class EngineWithSecretReason(EngineWithoutUndecided):
    """An engine whose undecided reason quotes an access key (a marker made from a literal)."""

    def undecided(self, graph, evaluation) -> UndecidedOutcome:
        reason = "function lookup('AKIAZ7Q4N3XK5JH2LR6P') is not supported"
        entry = Undecided("ACME001", "tf:a.b", "main.tf", 1, "key", reason, f"key is unknown ({reason})")
        ignored = Undecided("ACME999", "tf:a.b", "main.tf", 1, "key", "r", "m")
        return UndecidedOutcome(entries=[entry, ignored], errors=[RuleError("ACME001", "p.rego", 3, "undecided failed")])


def scan_with(engine, tmp_path: Path, show_unknown: bool) -> ScanResult:
    (tmp_path / "main.tf").write_text('resource "a" "b" {}\n', encoding="utf-8")
    return scan([str(tmp_path)], GraphOptions(root=str(tmp_path)), ScanOptions(show_unknown=show_unknown), load_engine=lambda _options: engine)


def test_an_engine_that_cannot_tell_gives_an_empty_list_and_none_without_the_flag(tmp_path: Path) -> None:
    assert scan_with(EngineWithoutUndecided(), tmp_path, show_unknown=True).undecided == []
    assert scan_with(EngineWithoutUndecided(), tmp_path, show_unknown=False).undecided is None


def test_reasons_are_redacted_only_evaluated_rules_kept_and_errors_reported(tmp_path: Path) -> None:
    result = scan_with(EngineWithSecretReason(), tmp_path, show_unknown=True)

    assert [(entry.rule_id, entry.reason) for entry in result.undecided] == [
        ("ACME001", "function lookup('<redacted:aws-access-key-id>') is not supported")
    ]
    assert "AKIA" not in result.undecided[0].message
    assert RuleError("ACME001", "p.rego", 3, "undecided failed") in result.rule_errors
