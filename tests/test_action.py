"""The GitHub Action: action.yml's structure, the install script, and the scan step run in a
simulated Actions environment (``GITHUB_*`` variables, temporary step-summary and output files,
a throwaway git repository with findings made from tests/fixtures/precommit_repo).

The fixture's ``.bastion.toml`` selects TF001 and K8S026; scanned whole, the repository has two
TF001 findings (HIGH): ``terraform/public_assets_bucket.tf:3`` and
``terraform/unchanged_public_bucket.tf:3``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
SCRIPTS = REPO / "scripts" / "action"
FIXTURE = Path(__file__).parent / "fixtures" / "precommit_repo"
BASTION = Path(sys.executable).with_name("bastion")

sys.path.insert(0, str(SCRIPTS))

import install  # noqa: E402
import sarif_summary  # noqa: E402


def load_action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return load_action()["runs"]["steps"]


def step(step_id: str) -> dict:
    return next(item for item in steps() if item.get("id") == step_id)


# --- action.yml -----------------------------------------------------------------------------------

def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    assert action["name"] and action["description"]
    inputs = action["inputs"]
    assert set(inputs) == {"paths", "fail-on", "policy", "baseline", "diff-base", "sarif-file", "upload-sarif",
                           "category", "config", "args", "version", "python-version"}
    assert all(spec.get("description") and spec.get("required") is False and "default" in spec for spec in inputs.values())
    assert inputs["diff-base"]["default"] == "${{ github.event.pull_request.base.sha }}"
    assert (inputs["paths"]["default"], inputs["fail-on"]["default"], inputs["sarif-file"]["default"]) == (".", "low", "bastion.sarif")
    assert (inputs["upload-sarif"]["default"], inputs["version"]["default"]) == ("true", "local")


def test_outputs_come_from_the_scan_step() -> None:
    outputs = load_action()["outputs"]
    assert {"findings", "sarif-file"} <= set(outputs)
    assert all(spec["value"] == f"${{{{ steps.scan.outputs.{name} }}}}" and spec["description"] for name, spec in outputs.items())


def test_every_run_step_has_a_shell_and_no_expression_inside_its_script() -> None:
    for item in steps():
        assert ("run" in item) != ("uses" in item), item
        if "run" in item:
            assert item["shell"] == "bash", item
            assert "${{" not in item["run"], f"inputs must reach scripts through env, not the script: {item['run']}"
            for script in re.findall(r'\$GITHUB_ACTION_PATH/([\w/.-]+\.py)', item["run"]):
                assert (REPO / script).is_file(), script


def test_steps_install_scan_upload_then_gate() -> None:
    names = [item.get("id") or item.get("uses", "").split("@")[0] or item["name"] for item in steps()]
    assert names == ["actions/setup-python", "install", "scan", "github/codeql-action/upload-sarif", "Fail per fail-on"]
    upload = steps()[3]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["with"]["sarif_file"] == "${{ steps.scan.outputs.sarif-file }}"
    assert "inputs.upload-sarif == 'true'" in upload["if"] and "!cancelled()" in upload["if"]
    gate = steps()[4]
    assert gate["run"].endswith('run.py" --exit "$EXIT_CODE"')
    assert gate["env"]["EXIT_CODE"] == "${{ steps.scan.outputs.exit-code }}"
    assert "steps.scan.outputs.exit-code != '0'" in gate["if"]


def test_the_scan_step_passes_every_input_through_the_environment() -> None:
    env = step("scan")["env"]
    assert env.pop("BASTION_EXECUTABLE") == "${{ steps.install.outputs.executable }}"
    expected = {name: f"INPUT_{name.upper().replace('-', '_')}" for name in
                ("paths", "fail-on", "policy", "baseline", "diff-base", "sarif-file", "config", "args", "upload-sarif")}
    assert env == {variable: f"${{{{ inputs.{name} }}}}" for name, variable in expected.items()}
    assert step("scan")["run"].endswith("run.py\" --defer-exit")
    assert step("install")["env"] == {"BASTION_VERSION": "${{ inputs.version }}"}


# --- install.py -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("version", "requirement"),
    [("latest", "bastion"), ("", "bastion"), ("0.1.0", "bastion==0.1.0"), ("1.2.3rc1", "bastion==1.2.3rc1"),
     (">=0.1,<1", "bastion>=0.1,<1"), ("~= 0.2", "bastion~=0.2")],
)
def test_pip_requirement_for_each_kind_of_version(version: str, requirement: str) -> None:
    assert install.pip_requirement(version, "/action") == requirement


def test_local_version_installs_the_actions_own_checkout(tmp_path: Path) -> None:
    assert install.pip_requirement("local", str(tmp_path)) == str(tmp_path.resolve())
    with pytest.raises(ValueError, match="version 'local' needs GITHUB_ACTION_PATH"):
        install.pip_requirement("local", "")


@pytest.mark.parametrize("version", ["--index-url=https://evil.example", "https://evil.example/bastion.whl", "1.0; echo", "../other"])
def test_anything_else_is_refused_before_pip_sees_it(version: str) -> None:
    with pytest.raises(ValueError, match="is not 'local', 'latest', a version or a version specifier"):
        install.pip_requirement(version, "/action")


class RecordingRunner:
    """Stands in for subprocess.run: records commands, returns the given exit codes in turn."""

    def __init__(self, *codes: int) -> None:
        self.codes = list(codes)
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str], **_kwargs: object) -> subprocess.CompletedProcess:
        self.commands.append(command)
        return subprocess.CompletedProcess(command, self.codes.pop(0) if self.codes else 0)


def test_install_creates_a_venv_installs_and_sets_the_executable_output(tmp_path: Path) -> None:
    output = tmp_path / "output"
    runner = RecordingRunner()
    env = {"BASTION_VERSION": "0.1.0", "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output)}
    assert install.install(env, runner) == 0
    venv = tmp_path / "bastion-venv"
    assert runner.commands == [
        [sys.executable, "-m", "venv", str(venv)],
        [str(install.venv_executable(venv, "python")), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "bastion==0.1.0"],
        [str(install.venv_executable(venv, "bastion")), "--version"],
    ]
    assert output.read_text(encoding="utf-8") == f"executable={install.venv_executable(venv, 'bastion')}\n"


def test_install_reports_a_pip_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"BASTION_VERSION": "latest", "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(tmp_path / "output")}
    assert install.install(env, RecordingRunner(0, 1)) == 1
    assert "::error title=bastion::pip could not install bastion (exit code 1)" in capsys.readouterr().out
    assert not (tmp_path / "output").exists()


# --- run.py in a simulated Actions environment ----------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A git repository made from the fixture, committed once."""
    root = tmp_path / "workspace"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root


@pytest.fixture
def actions_env(tmp_path: Path, workspace: Path) -> dict[str, str]:
    """The variables a runner sets for the scan step, with empty summary and output files."""
    (tmp_path / "summary.md").write_text("", encoding="utf-8")
    (tmp_path / "output.txt").write_text("", encoding="utf-8")
    return {
        **os.environ,
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "acme/infra",
        "GITHUB_SHA": "0123abc",
        "GITHUB_REF": "refs/pull/7/merge",
        "RUNNER_TEMP": str(tmp_path),
        "BASTION_EXECUTABLE": str(BASTION),
        "BASTION_CACHE_DIR": "off",
        "INPUT_FAIL_ON": "high",
        "INPUT_SARIF_FILE": "reports/bastion.sarif",
        "INPUT_UPLOAD_SARIF": "true",
    }


def run_step(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPTS / "run.py"), *args], cwd=env["GITHUB_WORKSPACE"], env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def outputs(env: dict[str, str]) -> dict[str, str]:
    lines = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def summary(env: dict[str, str]) -> str:
    return Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")


EXPECTED_SUMMARY = """## bastion: 2 findings

| Critical | High | Medium | Low | Info |
| ---: | ---: | ---: | ---: | ---: |
| 0 | 2 | 0 | 0 | 0 |

### Findings

| Severity | Rule | Location | Message |
| --- | --- | --- | --- |
| HIGH | TF001 S3 bucket ACL grants public access | [terraform/public\\_assets\\_bucket.tf:3](https://github.com/acme/infra/blob/0123abc/terraform/public_assets_bucket.tf#L3) | aws\\_s3\\_bucket 'aws\\_s3\\_bucket.public\\_assets' uses the public canned ACL 'public-read' |
| HIGH | TF001 S3 bucket ACL grants public access | [terraform/unchanged\\_public\\_bucket.tf:3](https://github.com/acme/infra/blob/0123abc/terraform/unchanged_public_bucket.tf#L3) | aws\\_s3\\_bucket 'aws\\_s3\\_bucket.legacy\\_downloads' uses the public canned ACL 'public-read' |

[Open bastion alerts in code scanning](https://github.com/acme/infra/security/code-scanning?query=is%3Aopen+tool%3Abastion+pr%3A7)

**Failed**: findings at or above `high` (exit code 1).
"""


def test_scan_step_writes_sarif_summary_and_outputs_then_defers_the_failure(actions_env: dict[str, str], workspace: Path) -> None:
    completed = run_step(actions_env, "--defer-exit")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.splitlines() == [
        f"Running: {BASTION} scan . --root {workspace} --format sarif --output reports/bastion.sarif --fail-on high",
        "bastion: 2 findings, 0 errors, exit code 1; SARIF in reports/bastion.sarif",
    ]
    assert outputs(actions_env) == {"findings": "2", "errors": "0", "sarif-file": "reports/bastion.sarif", "exit-code": "1"}
    assert summary(actions_env) == EXPECTED_SUMMARY
    assert uploaded_paths(workspace) == ["terraform/public_assets_bucket.tf", "terraform/unchanged_public_bucket.tf"]


def test_gate_step_fails_with_bastions_code_and_says_why(actions_env: dict[str, str]) -> None:
    completed = run_step(actions_env, "--exit", "1")
    assert (completed.returncode, completed.stdout) == (1, "::error title=bastion::findings at or above 'high'; see the job summary and the code-scanning alerts\n")
    completed = run_step(actions_env, "--exit", "3")
    assert completed.returncode == 3 and "could not be read or parsed, or a policy failed" in completed.stdout
    assert (run_step(actions_env, "--exit", "0").returncode, run_step(actions_env, "--exit", "0").stdout) == (0, "")


def test_without_defer_exit_the_step_exits_with_bastions_code(actions_env: dict[str, str]) -> None:
    assert run_step(actions_env).returncode == 1


def test_fail_on_none_passes(actions_env: dict[str, str]) -> None:
    actions_env["INPUT_FAIL_ON"] = "none"
    assert run_step(actions_env, "--defer-exit").returncode == 0
    assert outputs(actions_env)["exit-code"] == "0"
    assert summary(actions_env).endswith("**Passed** (`fail-on: none`).\n")


def test_input_errors_are_listed_and_exit_three_is_deferred(actions_env: dict[str, str], workspace: Path) -> None:
    (workspace / "terraform" / "broken.tf").write_text('resource "aws_s3_bucket" "x" {\n  acl =\n', encoding="utf-8")
    assert run_step(actions_env, "--defer-exit").returncode == 0
    assert outputs(actions_env)["exit-code"] == "3"
    assert outputs(actions_env)["errors"] == "1"
    text = summary(actions_env)
    assert "### 1 error\n\n- terraform/broken.tf:" in text
    assert text.endswith("**Failed**: some files could not be read or parsed, or a policy failed (exit code 3); see the errors above and the log.\n")


def add_public_bucket_commit(workspace: Path) -> str:
    """Commit a new public bucket on top of the fixture; return the fixture commit (the base)."""
    base = git(workspace, "rev-parse", "HEAD")
    (workspace / "terraform" / "new_public_bucket.tf").write_text(
        'resource "aws_s3_bucket" "new_downloads" {\n  bucket = "acme-new-downloads"\n  acl    = "public-read"\n}\n', encoding="utf-8")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "add a public bucket")
    return base


def uploaded_paths(workspace: Path) -> list[str]:
    log = json.loads((workspace / "reports" / "bastion.sarif").read_text(encoding="utf-8"))
    return sorted(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for run in log["runs"] for result in run["results"])


def test_diff_base_gates_on_the_changes_but_uploads_every_alert(actions_env: dict[str, str], workspace: Path, tmp_path: Path) -> None:
    base = add_public_bucket_commit(workspace)
    actions_env["INPUT_DIFF_BASE"] = base
    completed = run_step(actions_env, "--defer-exit")
    assert completed.returncode == 0
    assert [line for line in completed.stdout.splitlines() if line.startswith("Running: ")] == [
        f"Running: {BASTION} scan . --root {workspace} --format sarif --output reports/bastion.sarif --fail-on none",
        f"Running: {BASTION} scan . --root {workspace} --format sarif --output {tmp_path / 'bastion-diff.sarif'} --fail-on high --diff-base {base}",
    ]
    assert uploaded_paths(workspace) == ["terraform/new_public_bucket.tf", "terraform/public_assets_bucket.tf", "terraform/unchanged_public_bucket.tf"]
    assert outputs(actions_env) == {"findings": "1", "errors": "0", "sarif-file": "reports/bastion.sarif", "exit-code": "1"}
    text = summary(actions_env)
    assert f"Diff mode: only findings on what changed since `{base}` are reported." in text
    assert "terraform/new\\_public\\_bucket.tf:3" in text and "unchanged\\_public\\_bucket" not in text


def test_diff_base_without_upload_scans_once(actions_env: dict[str, str], workspace: Path) -> None:
    actions_env.update(INPUT_DIFF_BASE=add_public_bucket_commit(workspace), INPUT_UPLOAD_SARIF="false")
    completed = run_step(actions_env, "--defer-exit")
    assert len([line for line in completed.stdout.splitlines() if line.startswith("Running: ")]) == 1
    assert uploaded_paths(workspace) == ["terraform/new_public_bucket.tf"]
    assert outputs(actions_env)["findings"] == "1"
    assert "code-scanning?" not in summary(actions_env)


def test_diff_base_missing_from_a_shallow_checkout_is_fetched_from_origin(actions_env: dict[str, str], workspace: Path, tmp_path: Path) -> None:
    base = add_public_bucket_commit(workspace)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{workspace}", str(shallow))
    with pytest.raises(subprocess.CalledProcessError):
        git(shallow, "cat-file", "-e", f"{base}^{{commit}}")
    actions_env.update(GITHUB_WORKSPACE=str(shallow), INPUT_DIFF_BASE=base)
    completed = run_step(actions_env, "--defer-exit")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.splitlines()[0] == f"::notice title=bastion::fetching the diff base {base} from origin (depth 1)"
    assert outputs(actions_env)["findings"] == "1"


def test_a_diff_base_that_cannot_be_found_stops_the_step(actions_env: dict[str, str]) -> None:
    actions_env["INPUT_DIFF_BASE"] = "0" * 40
    completed = run_step(actions_env, "--defer-exit")
    assert completed.returncode == 2
    assert re.search(r"^::error title=bastion::the diff base '0{40}' is not in the checkout and could not be fetched from origin .*; "
                     r"check it out with actions/checkout and fetch-depth: 0$", completed.stdout, re.MULTILINE), completed.stdout
    assert outputs(actions_env) == {} and summary(actions_env) == ""


def test_a_usage_error_stops_the_step_without_outputs(actions_env: dict[str, str]) -> None:
    actions_env["INPUT_POLICY"] = "policies/does-not-exist"
    completed = run_step(actions_env, "--defer-exit")
    assert completed.returncode == 2
    assert completed.stdout.splitlines()[-1] == "::error title=bastion::bastion scan exited with code 2 before scanning; see its message above"
    assert "Invalid value for '--policy'" in completed.stderr
    assert outputs(actions_env) == {}


def test_lists_are_split_like_a_command_line(actions_env: dict[str, str], workspace: Path) -> None:
    actions_env.update(INPUT_PATHS="terraform/unchanged_public_bucket.tf\n 'k8s'", INPUT_ARGS="--select TF001")
    completed = run_step(actions_env, "--defer-exit")
    assert completed.stdout.splitlines()[0] == (f"Running: {BASTION} scan terraform/unchanged_public_bucket.tf k8s --root {workspace} "
                                                "--format sarif --output reports/bastion.sarif --fail-on high --select TF001")
    assert outputs(actions_env)["findings"] == "1"


@pytest.mark.parametrize(
    ("change", "message"),
    [({"INPUT_PATHS": "'unterminated"}, "input paths cannot be split into words: No closing quotation"),
     ({"BASTION_EXECUTABLE": "", "PATH": os.defpath}, "bastion is not installed (no BASTION_EXECUTABLE and no bastion on PATH)")],
)
def test_problems_before_the_scan_are_workflow_errors(actions_env: dict[str, str], change: dict[str, str], message: str) -> None:
    actions_env.update(change)
    completed = run_step(actions_env, "--defer-exit")
    assert (completed.returncode, completed.stdout) == (2, f"::error title=bastion::{message}\n")


def test_unknown_arguments_are_refused(actions_env: dict[str, str]) -> None:
    completed = run_step(actions_env, "--fail")
    assert (completed.returncode, completed.stdout) == (2, "::error title=bastion::unknown arguments --fail; use --defer-exit or --exit CODE\n")


# --- sarif_summary.py -----------------------------------------------------------------------------

def sarif_log(tmp_path: Path, runs: list[dict]) -> Path:
    path = tmp_path / "log.sarif"
    path.write_text(json.dumps({"version": "2.1.0", "runs": runs}), encoding="utf-8")
    return path


def result(rule: str, uri: str, line: int, **extra: object) -> dict:
    return {"ruleId": rule, "ruleIndex": 0, "message": {"text": f"{rule} message"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}], **extra}


def test_read_sarif_counts_suppressed_decodes_paths_and_dedupes_errors(tmp_path: Path) -> None:
    notification = {"level": "error", "message": {"text": "k8s/x.yaml:1: [kubernetes] bad"}}
    run = {"tool": {"driver": {"name": "bastion", "rules": [{"id": "R1", "shortDescription": {"text": "Rule one"}}]}},
           "results": [result("R1", "infra%20dir/%231.tf", 4, properties={"severity": "CRITICAL"}),
                       result("R1", "b.tf", 2, level="note"),
                       result("R1", "c.tf", 1, suppressions=[{"kind": "inSource"}])],
           "invocations": [{"toolExecutionNotifications": [notification, {"level": "warning", "message": {"text": "capped"}}]}]}
    parsed = sarif_summary.read_sarif(sarif_log(tmp_path, [run, {**run, "results": []}]))
    assert parsed.findings == [sarif_summary.SarifFinding("R1", "Rule one", "CRITICAL", "R1 message", "infra dir/#1.tf", 4),
                               sarif_summary.SarifFinding("R1", "Rule one", "LOW", "R1 message", "b.tf", 2)]
    assert (parsed.suppressed, parsed.errors) == (1, ["k8s/x.yaml:1: [kubernetes] bad"])


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read the SARIF file"), ("{not json", "is not valid JSON"), ('{"runs": {}}', "has no 'runs' list")],
)
def test_read_sarif_refuses_what_is_not_a_sarif_log(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "log.sarif"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(sarif_summary.SarifReadError, match=re.escape(message)):
        sarif_summary.read_sarif(path)


def test_markdown_text_renders_repository_text_as_text() -> None:
    assert sarif_summary.markdown_text("a|b <img src=x> *bold* [l](u) & `c`\nnext") == (
        "a\\|b \\<img src=x\\> \\*bold\\* \\[l\\](u) &amp; \\`c\\` next")


@pytest.mark.parametrize(
    ("ref", "query"),
    [("refs/pull/12/merge", "is%3Aopen+tool%3Abastion+pr%3A12"), ("refs/heads/release/1.x", "is%3Aopen+tool%3Abastion+branch%3Arelease%2F1.x"),
     ("refs/tags/v1", "is%3Aopen+tool%3Abastion")],
)
def test_code_scanning_link_narrows_to_the_pull_request_or_branch(ref: str, query: str) -> None:
    context = sarif_summary.SummaryContext(server_url="https://ghe.example", repository="acme/infra", ref=ref)
    assert sarif_summary.code_scanning_url(context) == f"https://ghe.example/acme/infra/security/code-scanning?query={query}"
    assert sarif_summary.code_scanning_url(sarif_summary.SummaryContext(ref=ref)) is None


def test_the_table_shows_the_ten_most_severe_findings() -> None:
    findings = [sarif_summary.SarifFinding(f"R{index:02}", "Rule", "LOW", "m", "a.tf", index) for index in range(11)]
    findings.insert(5, sarif_summary.SarifFinding("R99", "Rule", "CRITICAL", "worst", "z.tf", 1))
    parsed = sarif_summary.SarifSummary(findings=sorted(findings, key=lambda item: (sarif_summary.SEVERITIES.index(item.severity), item.path, item.line)))
    text = sarif_summary.render_summary(parsed, sarif_summary.SummaryContext(exit_code=1, uploaded=False))
    rows = [line for line in text.splitlines() if line.startswith(("| CRITICAL", "| LOW"))]
    assert len(rows) == 10 and rows[0].startswith("| CRITICAL | R99 Rule | z.tf:1 | worst |")
    assert "### Top 10 findings" in text and "2 more in the SARIF file and the code-scanning alerts." in text
    assert "code-scanning?" not in text  # no link without an upload
