"""The GitHub annotations report: one workflow command per finding, GitHub's escaping, errors,
suppression notes and the summary line (the shared sample is checked by the golden test)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.findings import Finding, RuleError, RuleMeta
from scanner.model import InputError
from scanner.reporters import render_report
from scanner.reporters.github import (
    escape_data,
    escape_property,
    finding_command,
    workflow_command,
)
from scanner.scan import ScanResult
from scanner.suppressions.model import SuppressionProblem, UnusedSuppression


def lines_of(result: ScanResult) -> list[str]:
    return render_report("github", result).splitlines()


@pytest.mark.parametrize(
    ("severity", "command"),
    [("CRITICAL", "error"), ("HIGH", "error"), ("MEDIUM", "warning"), ("LOW", "notice"), ("INFO", "notice"), ("UNHEARD_OF", "warning")],
)
def test_severity_picks_the_command(severity: str, command: str, make_finding: Callable[..., Finding]) -> None:
    finding = make_finding("TF001", severity, "Public bucket", "bucket is public", "main.tf", 3, "tf:aws_s3_bucket.b", None)
    assert finding_command(finding, None).startswith(f"::{command} file=main.tf,line=3,endLine=3,title=TF001 Public bucket::")


def test_finding_command_has_every_part(make_finding: Callable[..., Finding]) -> None:
    finding = make_finding("TF001", "CRITICAL", "S3 bucket ACL allows public access", "bucket 'logs' has ACL 'public-read'", "terraform/main.tf", 12, "tf:aws_s3_bucket.logs", "acl", end_line=14)
    rule = RuleMeta("TF001", "S3 bucket ACL allows public access", "CRITICAL", remediation="Use the private ACL.\n")
    assert finding_command(finding, rule) == (
        "::error file=terraform/main.tf,line=12,endLine=14,title=TF001 S3 bucket ACL allows public access::"
        "bucket 'logs' has ACL 'public-read'%0ASeverity CRITICAL; resource tf:aws_s3_bucket.logs; attribute acl.%0A"
        "Remediation: Use the private ACL."
    )


def test_message_escaping_follows_the_toolkit() -> None:
    assert escape_data("50% off\r\nnext: a,b") == "50%25 off%0D%0Anext: a,b"
    assert escape_property("50% off\r\nnext: a,b") == "50%25 off%0D%0Anext%3A a%2Cb"


def test_every_command_stays_on_one_line_whatever_the_finding_says(make_finding: Callable[..., Finding]) -> None:
    finding = make_finding("main.deny", "HIGH", "main.deny", "line one\nline two\r\n::error::forged", "dir,with:odd/main.tf", 2, None, None)
    command = finding_command(finding, None)
    assert "\n" not in command and "\r" not in command
    assert command == "::error file=dir%2Cwith%3Aodd/main.tf,line=2,endLine=2,title=main.deny::line one%0Aline two%0D%0A::error::forged%0ASeverity HIGH."


def test_a_finding_without_a_line_points_at_line_one(make_finding: Callable[..., Finding]) -> None:
    finding = make_finding("main.deny", "LOW", "main.deny", "document is wrong", "k8s/a.yaml", 0, None, None)
    assert finding_command(finding, None).startswith("::notice file=k8s/a.yaml,line=1,endLine=1,title=main.deny::")


def test_workflow_command_leaves_out_missing_properties() -> None:
    assert workflow_command("error", "boom", {"file": None, "line": None, "title": None}) == "::error::boom"
    assert workflow_command("notice", "hi", {"title": "T", "file": "a.tf"}) == "::notice file=a.tf,title=T::hi"


def test_errors_become_error_commands_with_file_and_line_when_known() -> None:
    result = ScanResult(
        input_errors=[InputError("k8s/broken.yaml", 14, "kubernetes", "expected a mapping, found a list"), InputError(".", None, "terraform", "internal error in the terraform parser: KeyError: 'x'")],
        rule_errors=[RuleError(None, "<builtin>/terraform/TF001/policy.rego", 3, "rego parse error: unexpected token"), RuleError("main.deny", "policy/main.rego", None, "undefined function foo")],
    )
    assert lines_of(result) == [
        "::error title=Input error (terraform)::internal error in the terraform parser: KeyError: 'x'",
        "::error title=Policy error::rego parse error: unexpected token",
        "::error file=k8s/broken.yaml,line=14,title=Input error (kubernetes)::expected a mapping, found a list",
        "::error file=policy/main.rego,title=Policy error (main.deny)::undefined function foo",
        "bastion: No findings; 4 errors.",
    ]


def test_suppression_problems_are_warnings_and_unused_ones_notices() -> None:
    result = ScanResult(
        suppression_problems=[SuppressionProblem("main.tf", 7, "bastion", 'bastion:ignore without a reason does not suppress; add reason="..."')],
        unused_suppressions=[UnusedSuppression("main.tf", 1, "checkov", "CKV_AWS_20")],
    )
    assert lines_of(result) == [
        '::warning file=main.tf,line=7,title=Suppression problem (bastion)::bastion:ignore without a reason does not suppress; add reason="..."',
        "::notice file=main.tf,line=1,title=Unused suppression (checkov)::checkov suppression of CKV_AWS_20 matched no finding",
        "bastion: No findings.",
    ]


def test_suppressed_findings_are_counted_not_annotated(sample_result: ScanResult) -> None:
    text = render_report("github", sample_result)
    assert "DKR002" not in text
    assert text.splitlines()[-1] == "bastion: 5 findings: 1 critical, 1 high, 1 medium, 1 low, 1 info (1 suppressed); 2 errors."


def test_findings_come_sorted_by_path_line_and_rule(sample_result: ScanResult) -> None:
    sample_result.findings.reverse()
    files = [line.split("file=")[1].split(",")[0] + ":" + line.split("line=")[1].split(",")[0] for line in lines_of(sample_result)[:5]]
    assert files == ["charts/shop/values.yaml:3", "k8s/web.yaml:5", "k8s/web.yaml:20", "services/api/Dockerfile:1", "terraform/main.tf:12"]


def test_cli_prints_annotations_for_a_real_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Dockerfile").write_text("FROM node:latest\nUSER node\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(main, ["scan", "--format", "github", "--select", "DKR001", "--no-cache", "."])
    assert outcome.exit_code == 1, outcome.output
    lines = outcome.output.splitlines()
    assert lines[0].startswith("::warning file=Dockerfile,line=1,endLine=1,title=DKR001 ")
    assert lines[-1] == "bastion: 1 finding: 1 medium."
