"""Suppressions as users see them: the JSON, SARIF and text reports, the CLI flags and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner, Result
from suppression_helpers import FIXTURES, ScanFixture

from scanner.cli import main
from scanner.reporters import ReportOptions, render_report

SARIF_SCHEMA = Path(__file__).parents[1] / "schemas" / "sarif-2.1.0.json"


def repo(tmp_path: Path, *names: str) -> Path:
    for name in names:
        shutil.copy(FIXTURES / name, tmp_path / Path(name).name)
    return tmp_path


def bastion(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["scan", str(root), *args], env=env, catch_exceptions=False)


def json_report(result: Result) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(result.output)
    return report


def test_json_shows_suppressed_findings_with_their_suppression_problems_and_unused(tmp_path: Path) -> None:
    root = repo(tmp_path, "terraform/above_resource_and_end_of_line.tf", "terraform/missing_reason.tf", "terraform/clean_with_directive.tf")
    result = bastion(root, "--select", "TF001,TF003", "--format", "json", "--report-unused-suppressions")
    report = json_report(result)
    suppressed = report["suppressed"]
    assert [(s["path"], s["rule_id"], s["start_line"]) for s in suppressed] == [
        ("above_resource_and_end_of_line.tf", "TF003", 3),
        ("above_resource_and_end_of_line.tf", "TF001", 5),
    ]
    assert suppressed[0]["resource"] == "tf:aws_s3_bucket.website"
    assert suppressed[0]["suppression"] == {
        "kind": "inSource",
        "source": "bastion",
        "id": "TF003",
        "reason": "website bucket, public by design",
        "expires": None,
        "path": "above_resource_and_end_of_line.tf",
        "line": 2,
    }
    assert report["suppression_problems"] == [
        {"path": "missing_reason.tf", "line": 1, "source": "bastion", "message": 'bastion:ignore without a reason does not suppress; add reason="..."'},
    ]
    assert report["unused_suppressions"] == [
        {"path": "clean_with_directive.tf", "line": 1, "source": "bastion", "id": "TF001", "message": "bastion suppression of TF001 matched no finding"},
    ]
    assert report["stats"]["suppressed"] == 2
    assert ("missing_reason.tf", "TF001", 4) in [(f["path"], f["rule_id"], f["start_line"]) for f in report["findings"]]
    assert result.exit_code == 1


def test_json_leaves_out_the_unused_list_unless_asked(tmp_path: Path) -> None:
    report = json_report(bastion(repo(tmp_path, "terraform/clean_with_directive.tf"), "--select", "TF001", "--format", "json"))
    assert "unused_suppressions" not in report
    assert "suppression_problems" not in report


def test_sarif_results_carry_in_source_suppressions(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/above_resource_and_end_of_line.tf", "terraform/foreign_comments.tf", select=("TF001", "TF003"))
    log = json.loads(render_report("sarif", result, ReportOptions()))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log)) == []
    results = [r for run in log["runs"] for r in run["results"]]
    by_place = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r for r in results}
    assert by_place[("above_resource_and_end_of_line.tf", "TF003", 3)]["suppressions"] == [{"kind": "inSource", "justification": "website bucket, public by design"}]
    assert by_place[("foreign_comments.tf", "TF001", 4)]["suppressions"] == [{"kind": "inSource", "justification": "public website"}]
    assert by_place[("foreign_comments.tf", "TF003", 8)]["suppressions"] == [{"kind": "inSource", "justification": "suppressed by a tfsec comment"}]
    assert "suppressions" not in by_place[("above_resource_and_end_of_line.tf", "TF001", 10)]
    assert sum(1 for r in results if "suppressions" in r) == len(result.suppressed) == 8


def test_text_lists_problems_and_unused_suppressions(tmp_path: Path) -> None:
    root = repo(tmp_path, "terraform/missing_reason.tf", "terraform/clean_with_directive.tf", "terraform/unused.tf")
    result = bastion(root, "--select", "TF001", "--report-unused-suppressions")
    lines = result.output.splitlines()
    assert 'warning: missing_reason.tf:1: bastion:ignore without a reason does not suppress; add reason="..."' in lines
    assert "unused suppression: clean_with_directive.tf:1: bastion suppression of TF001 matched no finding" in lines
    assert "unused suppression: unused.tf:1: bastion suppression of TF999 matched no finding" in lines
    assert any(line.startswith("1 finding: ") and line.endswith(" (1 suppressed)") for line in lines)


def test_suppressed_findings_do_not_fail_the_scan_but_audit_mode_does(tmp_path: Path) -> None:
    root = repo(tmp_path, "terraform/unused.tf")
    assert bastion(root, "--select", "TF001").exit_code == 0
    audit = bastion(root, "--select", "TF001", "--no-inline-suppressions", "--format", "json")
    assert audit.exit_code == 1
    assert [(f["rule_id"], f["start_line"]) for f in json_report(audit)["findings"]] == [("TF001", 4)]
    assert json_report(audit)["suppressed"] == []


def test_no_foreign_suppressions_flag_and_environment_variables(tmp_path: Path) -> None:
    root = repo(tmp_path, "terraform/foreign_comments.tf")
    honoured = json_report(bastion(root, "--select", "TF001", "--format", "json"))
    assert len(honoured["suppressed"]) == 4
    refused = json_report(bastion(root, "--select", "TF001", "--format", "json", "--no-foreign-suppressions"))
    assert refused["suppressed"] == []
    assert len(refused["findings"]) == 4
    from_env = json_report(bastion(root, "--select", "TF001", "--format", "json", env={"BASTION_NO_FOREIGN_SUPPRESSIONS": "1"}))
    assert from_env["suppressed"] == []
