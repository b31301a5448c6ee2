"""``bastion scan`` end to end: exit codes, --fail-on, --select/--ignore, formats, --output, env vars."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scanner.cli import main

NATIVE_LATEST = """# METADATA
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

NATIVE_ROOT_USER = """# METADATA
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

CONFTEST_PORTS = """package ports

deny[msg] {
  input[i].Cmd == "expose"
  input[i].Value[_] == "22"
  msg := "port 22 is exposed"
}
"""

BROKEN_POLICY = """package bastion.acme.broken

import rego.v1

deny contains finding if {
\tfinding := {"msg": 
}
"""

UNPINNED = "FROM node:latest\nRUN npm ci\nEXPOSE 22\n"
PINNED = "FROM node:22.4-alpine\nRUN npm ci\nUSER node\n"


def make_repo(tmp_path: Path, dockerfile: str = UNPINNED, extra: dict[str, str] | None = None) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "Dockerfile").write_text(dockerfile)
    for name, text in (extra or {}).items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return repo


def make_policies(tmp_path: Path, **files: str) -> Path:
    policies = tmp_path / "policies"
    policies.mkdir()
    chosen = files or {"latest.rego": NATIVE_LATEST, "user.rego": NATIVE_ROOT_USER, "ports.rego": CONFTEST_PORTS}
    for name, text in chosen.items():
        (policies / name).write_text(text)
    return policies


def bastion(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["scan", *args], env=env, catch_exceptions=False)


def user_scan(tmp_path: Path, *args: str, dockerfile: str = UNPINNED, env: dict[str, str] | None = None) -> Result:
    repo = make_repo(tmp_path, dockerfile)
    return bastion(str(repo), "--no-builtin", "--policy", str(make_policies(tmp_path)), *args, env=env)


def findings(result: Result) -> list[tuple[str, str, int]]:
    report = json.loads(result.stdout)
    return [(entry["rule_id"], entry["severity"], entry["start_line"]) for entry in report["findings"]]


# --- exit codes -------------------------------------------------------------------------------


def test_clean_repository_exits_0(tmp_path: Path) -> None:
    result = user_scan(tmp_path, dockerfile=PINNED)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "No findings."


def test_findings_at_default_fail_on_exit_1(tmp_path: Path) -> None:
    result = user_scan(tmp_path)
    assert result.exit_code == 1
    assert "2 findings: 1 high, 1 medium" in result.stdout.splitlines()


def test_fail_on_none_never_fails(tmp_path: Path) -> None:
    result = user_scan(tmp_path, "--fail-on", "none")
    assert result.exit_code == 0
    assert "ACME001" in result.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("critical", 0), ("high", 1), ("HIGH", 1), ("info", 1)])
def test_fail_on_threshold_with_a_high_finding(tmp_path: Path, fail_on: str, code: int) -> None:
    assert user_scan(tmp_path, "--fail-on", fail_on, "--select", "ACME001").exit_code == code


def test_fail_on_high_with_only_medium_findings_exits_0(tmp_path: Path) -> None:
    result = user_scan(tmp_path, "--fail-on", "high", "--select", "ACME002", "--format", "json")
    assert findings(result) == [("ACME002", "MEDIUM", 1)]
    assert result.exit_code == 0


def test_input_error_exits_3_and_names_the_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, PINNED, {"k8s/broken.yaml": "apiVersion: v1\nkind: Pod\nmetadata: [\n"})
    result = bastion(str(repo), "--no-builtin", "--policy", str(make_policies(tmp_path)))
    assert result.exit_code == 3
    assert [line for line in result.stdout.splitlines() if line.startswith("error: ")][0].startswith("error: k8s/broken.yaml:")
    assert "Traceback" not in result.output


def test_broken_policy_exits_3_with_file_and_line(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, PINNED)
    policies = make_policies(tmp_path, **{"broken.rego": BROKEN_POLICY})
    result = bastion(str(repo), "--no-builtin", "--policy", str(policies), "--format", "json")
    assert result.exit_code == 3
    errors = json.loads(result.stdout)["errors"]
    assert [(error["path"], error["format"]) for error in errors] == [(f"{policies}/broken.rego", "policy")]
    assert isinstance(errors[0]["line"], int) and errors[0]["message"]


def test_malformed_corpus_names_every_broken_file_and_still_scans_the_valid_one(tmp_path: Path) -> None:
    corpus = tmp_path / "malformed"
    shutil.copytree(Path(__file__).parents[1] / "fixtures" / "malformed", corpus)
    result = bastion(str(corpus), "--format", "json", "--select", "K8S*")
    report = json.loads(result.stdout)
    assert result.exit_code == 3
    assert sorted({error["path"] for error in report["errors"]}) == [
        "alias-bomb.yaml",
        "binary.yaml",
        "broken.tf",
        "broken.yaml",
        "invalid-utf8.tf",
        "unterminated-heredoc.Dockerfile",
        "unterminated-heredoc.tf",
    ]
    assert {entry["path"] for entry in report["findings"]} == {"valid-deployment.yaml"}
    assert "Traceback" not in result.output


def test_errors_beat_findings_3_over_1(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, UNPINNED, {"k8s/broken.yaml": "kind: Pod\nmetadata: [\n"})
    result = bastion(str(repo), "--no-builtin", "--policy", str(make_policies(tmp_path)), "--format", "json")
    assert result.exit_code == 3
    assert findings(result) == [("ACME001", "HIGH", 1), ("ACME002", "MEDIUM", 1)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--policy", "does-not-exist"], "does not exist"),
        (["--format", "xml"], "'xml' is not one of"),
        (["--fail-on", "severe"], "'severe' is not one of"),
        (["--opa-token", "t0k3n"], "--opa-token and --opa-server-policies need --opa-url"),
        (["--no-builtin"], "--no-builtin leaves no rules to evaluate; add --policy DIR"),
        (["--output", "missing-dir/report.json"], "directory 'missing-dir' does not exist"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    repo = make_repo(tmp_path)
    result = bastion(str(repo), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_setup_error_from_the_engine_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import scanner.scan

    def refuse(_options: object) -> None:
        raise scanner.scan.ScanSetupError("--opa-url is not supported yet: this build has only the embedded engine")

    monkeypatch.setattr(scanner.scan, "load_policy_engine", refuse)
    result = bastion(str(make_repo(tmp_path)), "--opa-url", "http://127.0.0.1:1")
    assert result.exit_code == 2
    assert "--opa-url is not supported yet" in result.stderr


@pytest.mark.parametrize("debug", [False, True])
def test_engine_crash_is_one_error_line_and_a_traceback_only_with_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug: bool) -> None:
    import scanner.scan

    def crash(_options: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(scanner.scan, "load_policy_engine", crash)
    result = bastion(str(make_repo(tmp_path)), *(["--debug"] if debug else []))
    assert result.exit_code == 3
    assert "error: .: [policy] internal error in the rule engine: ZeroDivisionError: division by zero" in result.stdout.splitlines()
    assert ("Traceback (most recent call last)" in result.stderr) is debug


# --- selection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], [("ACME001", "HIGH", 1), ("ACME002", "MEDIUM", 1)]),
        (["--select", "ACME*"], [("ACME001", "HIGH", 1), ("ACME002", "MEDIUM", 1)]),
        (["--select", "CKV_DOCKER_*"], [("ACME001", "HIGH", 1)]),
        (["--select", "acme002"], [("ACME002", "MEDIUM", 1)]),
        (["--ignore", "CKV_DOCKER_7"], [("ACME002", "MEDIUM", 1)]),
        (["--select", "ACME001,ACME002", "--ignore", "ACME00?"], []),
        (["--select", "ACME001", "--ignore", "ACME001"], []),
        (["--select", "NOPE123"], []),
    ],
)
def test_select_and_ignore(tmp_path: Path, args: list[str], expected: list[tuple[str, str, int]]) -> None:
    result = user_scan(tmp_path, "--format", "json", *args)
    assert findings(result) == expected
    assert result.exit_code == (1 if expected else 0)


def test_ignored_rules_are_not_evaluated(tmp_path: Path) -> None:
    result = user_scan(tmp_path, "--format", "json", "--ignore", "ACME002")
    assert json.loads(result.stdout)["stats"]["rules_evaluated"] == 1


# --- conftest namespaces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], []),
        # A conftest string result carries the line of its document: a Dockerfile is one document.
        (["--namespace", "ports"], [("ports.deny", "HIGH", 1)]),
        (["--all-namespaces"], [("ports.deny", "HIGH", 1)]),
    ],
)
def test_conftest_namespaces(tmp_path: Path, args: list[str], expected: list[tuple[str, str, int]]) -> None:
    result = user_scan(tmp_path, "--format", "json", "--select", "ports.*", *args)
    assert findings(result) == expected


# --- output ----------------------------------------------------------------------------------------


def test_json_has_the_exact_finding_on_the_exact_line(tmp_path: Path) -> None:
    result = user_scan(tmp_path, "--format", "json", "--select", "ACME001")
    entry = json.loads(result.stdout)["findings"][0]
    fingerprint = entry.pop("fingerprint")
    assert entry == {
        "rule_id": "ACME001",
        "severity": "HIGH",
        "title": "Base image uses the latest tag",
        "message": "stage stage0 uses node:latest",
        "path": "Dockerfile",
        "start_line": 1,
        "end_line": 1,
        "resource": "docker:Dockerfile#stage0",
        "attribute": "image",
    }
    assert len(fingerprint) == 16


def test_text_shows_the_offending_line_with_context(tmp_path: Path) -> None:
    result = user_scan(tmp_path, "--select", "ACME001")
    assert result.stdout.splitlines()[:7] == [
        "Dockerfile",
        "  HIGH     ACME001 Base image uses the latest tag",
        "    stage stage0 uses node:latest",
        "    at Dockerfile:1 (docker:Dockerfile#stage0, attribute image)",
        "    > 1 | FROM node:latest",
        "      2 | RUN npm ci",
        "",
    ]
    assert "\x1b" not in result.stdout


def test_output_writes_the_file_and_nothing_to_stdout(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = user_scan(tmp_path, "--format", "json", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert [entry["rule_id"] for entry in json.loads(target.read_text())["findings"]] == ["ACME001", "ACME002"]
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".bastion-")] == []


def test_the_same_scan_gives_the_same_bytes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    policies = make_policies(tmp_path)
    runs = [bastion(str(repo), "--no-builtin", "--policy", str(policies), "--format", "json").stdout for _ in range(2)]
    assert runs[0] == runs[1]


def test_environment_variables_mirror_flags(tmp_path: Path) -> None:
    result = user_scan(tmp_path, env={"BASTION_FORMAT": "json", "BASTION_FAIL_ON": "none", "BASTION_SELECT": "ACME002"})
    assert findings(result) == [("ACME002", "MEDIUM", 1)]
    assert result.exit_code == 0


def test_flag_beats_environment_variable(tmp_path: Path) -> None:
    result = user_scan(tmp_path, "--fail-on", "low", env={"BASTION_FAIL_ON": "none"})
    assert result.exit_code == 1


def test_debug_prints_phase_timings_to_stderr(tmp_path: Path) -> None:
    result = user_scan(tmp_path, "--debug", "--format", "json")
    timing_lines = [line for line in result.stderr.splitlines() if line.startswith("timings: ")]
    assert len(timing_lines) == 1 and "policies" in timing_lines[0] and "evaluation" in timing_lines[0]
    json.loads(result.stdout)


def test_show_unknown_is_accepted(tmp_path: Path) -> None:
    assert user_scan(tmp_path, "--show-unknown", "--fail-on", "none").exit_code == 0


# --- the built-in pack ------------------------------------------------------------------------------


def test_builtin_dkr001_reports_unpinned_from_on_line_1(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "FROM node\nUSER node\n")
    result = bastion(str(repo), "--format", "json", "--select", "DKR001")
    assert findings(result) == [("DKR001", "MEDIUM", 1)]
    assert result.exit_code == 1


def test_builtin_rule_selected_by_its_alias(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "FROM node\nUSER node\n")
    result = bastion(str(repo), "--format", "json", "--select", "DL3006")
    assert findings(result) == [("DKR001", "MEDIUM", 1)]
