"""``bastion scan --context``: what is parsed around the given files and what is reported.

The fixture repository (tests/fixtures/precommit_repo, see its README) has files whose findings
depend on their neighbours.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.findings import Finding, RuleError
from scanner.model import InputError
from scanner.scan import ScanResult
from scanner.scan_context import ScanScope, is_reported, plan_scope, restrict_to_paths
from scanner.suppressions.model import SuppressionProblem, UnusedSuppression

FIXTURE = Path(__file__).parent / "fixtures" / "precommit_repo"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the fixture repository, as the current directory, with the parse cache off."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("BASTION_CACHE_DIR", "off")
    yield root


def relative(scope: ScanScope, root: Path) -> list[str]:
    return [os.path.relpath(path, root).replace(os.sep, "/") for path in scope.graph_paths]


def test_paths_mode_changes_nothing(repo: Path) -> None:
    scope = plan_scope(["terraform/public_assets_bucket.tf"], str(repo), "paths")
    assert scope == ScanScope(("terraform/public_assets_bucket.tf",), None)


def test_directory_mode_parses_the_neighbours_and_the_called_modules(repo: Path) -> None:
    scope = plan_scope(["terraform/logs_module_call.tf"], str(repo), "directory")
    assert relative(scope, repo) == [
        "terraform/logs_module_call.tf",
        "terraform/modules/private_bucket/main.tf",
        "terraform/public_assets_bucket.tf",
        "terraform/unchanged_public_bucket.tf",
        "terraform/variables.tf",
    ]
    assert scope.report_paths == ("terraform/logs_module_call.tf",)


def test_directory_mode_leaves_out_sibling_directories_and_non_iac_files(repo: Path) -> None:
    scope = plan_scope(["k8s/api_deployment.yaml"], str(repo), "directory")
    assert relative(scope, repo) == ["k8s/api_deployment.yaml", "k8s/api_service_account.yaml"]
    scope = plan_scope(["README.md"], str(repo), "directory")
    assert relative(scope, repo) == ["README.md"]  # the root directory holds no other IaC file


def test_module_calls_are_followed_through_modules(repo: Path) -> None:
    nested = repo / "terraform" / "modules" / "private_bucket" / "encryption"
    nested.mkdir()
    (nested / "main.tf").write_text('variable "key" {}\n', encoding="utf-8")
    with (repo / "terraform" / "modules" / "private_bucket" / "main.tf").open("a", encoding="utf-8") as handle:
        handle.write('\nmodule "encryption" {\n  source = "./encryption"\n}\n')
    scope = plan_scope(["terraform/variables.tf"], str(repo), "directory")
    assert "terraform/modules/private_bucket/encryption/main.tf" in relative(scope, repo)


def test_module_sources_outside_the_root_are_never_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "stack").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "main.tf").write_text('variable "x" {}\n', encoding="utf-8")
    (root / "stack" / "main.tf").write_text('module "far" {\n  source = "../../outside"\n}\n', encoding="utf-8")
    scope = plan_scope([str(root / "stack" / "main.tf")], str(root), "directory")
    assert scope.graph_paths == (str(root / "stack" / "main.tf"),)


def test_a_given_directory_is_parsed_whole(repo: Path) -> None:
    scope = plan_scope(["terraform/modules", "k8s/api_deployment.yaml"], str(repo), "directory")
    assert relative(scope, repo) == ["k8s/api_deployment.yaml", "k8s/api_service_account.yaml", "terraform/modules"]
    assert scope.report_paths == ("k8s/api_deployment.yaml", "terraform/modules")


def test_root_mode_parses_the_whole_root(repo: Path) -> None:
    scope = plan_scope(["k8s/api_deployment.yaml"], str(repo), "root")
    assert scope == ScanScope((os.path.realpath(repo),), ("k8s/api_deployment.yaml",))
    assert plan_scope(["."], str(repo), "directory") == ScanScope((os.path.realpath(repo),), (".",))


def test_an_unknown_mode_is_a_value_error(repo: Path) -> None:
    with pytest.raises(ValueError, match="unknown context mode 'module'; expected one of paths, directory, root"):
        plan_scope(["k8s"], str(repo), "module")


@pytest.mark.parametrize(
    ("path", "expected"),
    [("k8s/a.yaml", True), ("k8s/a.yaml.bak", False), ("terraform/modules/x/main.tf", True), ("terraform/modules2/main.tf", False), ("README.md", False)],
)
def test_is_reported_matches_files_and_directories(path: str, expected: bool) -> None:
    assert is_reported(path, ("k8s/a.yaml", "terraform/modules")) is expected
    assert is_reported(path, (".",)) is True


def finding_at(rule_id: str, path: str) -> Finding:
    return Finding(rule_id=rule_id, severity="HIGH", title=rule_id, message="m", path=path, start_line=1, end_line=1, resource=None, attribute=None, fingerprint=f"{rule_id}:{path}")


def test_restrict_to_paths_keeps_only_the_given_files_and_every_policy_error() -> None:
    kept = finding_at("TF001", "a.tf")
    result = ScanResult(
        findings=[kept, finding_at("TF001", "b.tf")],
        suppressed=[finding_at("TF003", "a.tf"), finding_at("TF003", "b.tf")],
        input_errors=[InputError(".", None, "terraform", "internal error"), InputError("a.tf", 2, "terraform", "bad"), InputError("b.tf", 1, "terraform", "bad")],
        rule_errors=[RuleError("main.deny", "policy/main.rego", 3, "boom")],
        suppression_problems=[SuppressionProblem("a.tf", 1, "bastion", "no reason"), SuppressionProblem("b.tf", 1, "bastion", "no reason")],
        unused_suppressions=[UnusedSuppression("b.tf", 1, "bastion", "TF999")],
    )
    restrict_to_paths(result, ("a.tf",))
    assert result.findings == [kept]
    assert [finding.path for finding in result.suppressed] == ["a.tf"]
    assert [error.path for error in result.input_errors] == [".", "a.tf"]
    assert len(result.rule_errors) == 1
    assert [problem.path for problem in result.suppression_problems] == ["a.tf"]
    assert result.unused_suppressions == []


def scan_lines(*args: str) -> tuple[int, list[str]]:
    outcome = CliRunner().invoke(main, ["scan", "--format", "github", *args])
    return outcome.exit_code, outcome.output.splitlines()


def test_directory_context_resolves_a_variable_declared_in_a_neighbour(repo: Path) -> None:
    code, lines = scan_lines("--context", "directory", "terraform/public_assets_bucket.tf")
    assert code == 1
    assert [line.split("::")[1] for line in lines[:-1]] == ["error file=terraform/public_assets_bucket.tf,line=3,endLine=3,title=TF001 S3 bucket ACL grants public access"]
    assert lines[-1] == "bastion: 1 finding: 1 high."


def test_scanned_alone_the_same_file_cannot_know_the_acl(repo: Path) -> None:
    assert scan_lines("terraform/public_assets_bucket.tf") == (0, ["bastion: No findings."])


def test_findings_and_errors_of_unchanged_files_are_not_reported(repo: Path) -> None:
    (repo / "terraform" / "unchanged_broken.tf").write_text('resource "aws_s3_bucket" "x" {\n  acl = \n', encoding="utf-8")
    code, lines = scan_lines("--context", "directory", "terraform/logs_module_call.tf")
    assert (code, lines) == (0, ["bastion: No findings."])


def test_paths_mode_misses_the_called_module(repo: Path) -> None:
    code, lines = scan_lines("terraform/logs_module_call.tf")
    assert code == 3
    assert lines[0] == "::error file=terraform/logs_module_call.tf,line=2,title=Input error (terraform)::module 'logs' source './modules/private_bucket' has no Terraform files in the scan"


def test_a_relation_across_files_of_the_directory_is_seen(repo: Path) -> None:
    alone = scan_lines("k8s/api_deployment.yaml")
    assert alone[0] == 1 and "title=K8S026 " in alone[1][0]
    assert scan_lines("--context", "directory", "k8s/api_deployment.yaml") == (0, ["bastion: No findings."])


def test_root_context_reports_only_the_given_files(repo: Path) -> None:
    code, lines = scan_lines("--context", "root", "terraform/unchanged_public_bucket.tf", "k8s/api_deployment.yaml")
    assert code == 1
    assert [line.split(",title=")[0] for line in lines[:-1]] == ["::error file=terraform/unchanged_public_bucket.tf,line=3,endLine=3"]


def test_context_comes_from_the_environment_too(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASTION_CONTEXT", "directory")
    assert scan_lines("k8s/api_deployment.yaml") == (0, ["bastion: No findings."])


def test_an_unknown_context_is_a_usage_error(repo: Path) -> None:
    outcome = CliRunner().invoke(main, ["scan", "--context", "module", "k8s"])
    assert outcome.exit_code == 2
    assert "Invalid value for '--context': 'module' is not one of 'paths', 'directory', 'root'." in outcome.output
