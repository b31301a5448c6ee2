"""``bastion scan`` with a configuration file: every key takes effect, the command line wins,
and a bad file is a usage error (exit 2) that names the key and the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scanner.cli import main

LATEST_TAG = """# METADATA
# title: Base image uses the latest tag
# custom:
#   id: ACME001
#   severity: HIGH
#   aliases: [CKV_DOCKER_7]
package bastion.acme.latest

import rego.v1

deny contains finding if {
\tsome stage in input.by_kind["dockerfile.stage"]
\tstage.attrs.image.tag == "latest"
\tfinding := {"resource": stage.id, "attribute": "image", "msg": sprintf("stage %s uses %s", [stage.name, stage.attrs.image.raw])}
}
"""

ROOT_USER = """# METADATA
# title: Final stage runs as root
# custom:
#   id: ACME002
#   severity: MEDIUM
package bastion.acme.user

import rego.v1

deny contains finding if {
\tsome stage in input.by_kind["dockerfile.stage"]
\tstage.attrs.is_final
\tstage.attrs.user == null
\tfinding := {"resource": stage.id, "msg": "the final stage runs as root"}
}
"""

LATEST_AS_ROOT = "FROM node:latest\nRUN npm ci\n"


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two Dockerfiles (one under legacy/) and its policies in ci/policies/."""
    root = tmp_path / "repo"
    (root / "legacy").mkdir(parents=True)
    (root / "Dockerfile").write_text(LATEST_AS_ROOT)
    (root / "legacy" / "Dockerfile").write_text(LATEST_AS_ROOT)
    policies = root / "ci" / "policies"
    policies.mkdir(parents=True)
    (policies / "latest.rego").write_text(LATEST_TAG)
    (policies / "user.rego").write_text(ROOT_USER)
    monkeypatch.chdir(root)
    return root


def scan(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["scan", ".", "--no-builtin", "--jobs", "1", "--format", "json", *args], env=env, catch_exceptions=False)


def reported(result: Result) -> list[tuple[str, str, str]]:
    return [(f["rule_id"], f["severity"], f["path"]) for f in json.loads(result.stdout)["findings"]]


def write_config(root: Path, text: str) -> None:
    (root / ".bastion.toml").write_text('policy = ["ci/policies"]\n' + text)


def test_policy_directory_from_the_configuration_file(repo: Path) -> None:
    write_config(repo, "")
    result = scan()
    assert reported(result) == [
        ("ACME001", "HIGH", "Dockerfile"),
        ("ACME002", "MEDIUM", "Dockerfile"),
        ("ACME001", "HIGH", "legacy/Dockerfile"),
        ("ACME002", "MEDIUM", "legacy/Dockerfile"),
    ]
    assert result.exit_code == 1


def test_policy_paths_are_relative_to_the_configuration_file_not_the_current_directory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "ci" / "bastion.toml").write_text('policy = ["policies"]\nselect = ["ACME002"]\n')
    monkeypatch.chdir(repo / "legacy")
    result = CliRunner().invoke(main, ["scan", str(repo), "--no-builtin", "--format", "json", "--config", str(repo / "ci" / "bastion.toml")])
    assert [(rule, path) for rule, _, path in reported(result)] == [("ACME002", "Dockerfile"), ("ACME002", "legacy/Dockerfile")]


def test_select_and_ignore_from_the_file(repo: Path) -> None:
    write_config(repo, 'select = ["ACME*"]\nignore = ["CKV_DOCKER_7"]\n')
    assert reported(scan()) == [("ACME002", "MEDIUM", "Dockerfile"), ("ACME002", "MEDIUM", "legacy/Dockerfile")]


def test_command_line_list_replaces_the_file_list(repo: Path) -> None:
    write_config(repo, 'select = ["ACME002"]\n')
    assert reported(scan("--select", "ACME001")) == [("ACME001", "HIGH", "Dockerfile"), ("ACME001", "HIGH", "legacy/Dockerfile")]


def test_fail_on_from_the_file_and_the_command_line_wins(repo: Path) -> None:
    write_config(repo, 'fail-on = "critical"\n')
    assert scan().exit_code == 0
    assert scan("--fail-on", "high").exit_code == 1


def test_environment_variable_wins_over_the_file(repo: Path) -> None:
    write_config(repo, 'fail-on = "critical"\n')
    assert scan(env={"BASTION_FAIL_ON": "medium"}).exit_code == 1


def test_severity_override_changes_findings_fail_on_and_sarif_rules(repo: Path) -> None:
    write_config(repo, 'fail-on = "critical"\n[severity-overrides]\nCKV_DOCKER_7 = "critical"\nACME002 = "info"\n')
    result = scan()
    assert reported(result) == [
        ("ACME001", "CRITICAL", "Dockerfile"),
        ("ACME002", "INFO", "Dockerfile"),
        ("ACME001", "CRITICAL", "legacy/Dockerfile"),
        ("ACME002", "INFO", "legacy/Dockerfile"),
    ]
    assert result.exit_code == 1
    sarif = json.loads(scan("--format", "sarif").stdout)
    rules = {rule["id"]: rule for run in sarif["runs"] for rule in run["tool"]["driver"]["rules"]}
    assert rules["ACME001"]["properties"]["security-severity"] == "9.5"
    assert rules["ACME002"]["properties"]["security-severity"] == "1.0"
    levels = sorted({(r["ruleId"], r["level"]) for run in sarif["runs"] for r in run["results"]})
    assert levels == [("ACME001", "error"), ("ACME002", "note")]


def test_per_path_ignores(repo: Path) -> None:
    write_config(repo, '[per-path-ignores]\n"legacy/**" = ["ACME001"]\n"Dockerfile" = ["CKV_DOCKER_*"]\n')
    assert reported(scan()) == [("ACME002", "MEDIUM", "Dockerfile"), ("ACME002", "MEDIUM", "legacy/Dockerfile")]


def test_per_path_ignores_only_in_the_matching_directory(repo: Path) -> None:
    write_config(repo, '[per-path-ignores]\n"legacy/" = ["*"]\n')
    assert reported(scan()) == [("ACME001", "HIGH", "Dockerfile"), ("ACME002", "MEDIUM", "Dockerfile")]


def test_exclude_from_the_file(repo: Path) -> None:
    write_config(repo, 'exclude = ["legacy/"]\n')
    assert reported(scan()) == [("ACME001", "HIGH", "Dockerfile"), ("ACME002", "MEDIUM", "Dockerfile")]


def test_max_file_size_from_the_file(repo: Path) -> None:
    write_config(repo, "max-file-size = 5\n")
    result = scan()
    assert reported(result) == []
    assert json.loads(result.stdout)["errors"][0]["path"] == "Dockerfile"
    assert result.exit_code == 3


def test_inline_suppressions_switched_off_in_the_file(repo: Path) -> None:
    (repo / "Dockerfile").write_text('# bastion:ignore=ACME001 reason="pinned by renovate"\n' + LATEST_AS_ROOT)
    write_config(repo, 'select = ["ACME001"]\nexclude = ["legacy/"]\n')
    assert reported(scan()) == []
    write_config(repo, 'select = ["ACME001"]\nexclude = ["legacy/"]\ninline-suppressions = false\n')
    assert reported(scan()) == [("ACME001", "HIGH", "Dockerfile")]


def test_pyproject_table(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "demo"\n\n[tool.bastion]\npolicy = ["ci/policies"]\nselect = ["ACME002"]\n')
    assert reported(scan()) == [("ACME002", "MEDIUM", "Dockerfile"), ("ACME002", "MEDIUM", "legacy/Dockerfile")]


def test_both_files_present_uses_bastion_toml_and_notes_it(repo: Path) -> None:
    write_config(repo, 'select = ["ACME001"]\n')
    (repo / "pyproject.toml").write_text('[tool.bastion]\nselect = ["ACME002"]\n')
    result = scan()
    assert {rule for rule, _, _ in reported(result)} == {"ACME001"}
    assert result.stderr == "note: pyproject.toml [tool.bastion] is ignored because .bastion.toml exists\n"


def test_explicit_config_file(repo: Path) -> None:
    write_config(repo, 'select = ["ACME001"]\n')
    (repo / "ci" / "strict.toml").write_text('policy = ["policies"]\nselect = ["ACME002"]\n')
    assert {rule for rule, _, _ in reported(scan("--config", "ci/strict.toml"))} == {"ACME002"}


def test_unknown_key_is_a_usage_error(repo: Path) -> None:
    write_config(repo, 'fail_on = "high"\n')
    result = scan()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == "Error: unknown key 'fail_on' in .bastion.toml; did you mean 'fail-on'?"


def test_wrong_type_is_a_usage_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.bastion]\nmax-file-size = "1MB"\n')
    result = scan()
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: 'max-file-size' in pyproject.toml [tool.bastion] must be a positive integer (bytes), not a string"


def test_missing_explicit_config_is_a_usage_error(repo: Path) -> None:
    result = scan("--config", "nope.toml")
    assert result.exit_code == 2
    assert "'nope.toml' does not exist" in result.stderr
