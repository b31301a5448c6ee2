"""The pre-commit hook: its definition, its file filter, and a real ``pre-commit try-repo`` run.

The real run builds a throwaway hook repository from this working tree (so uncommitted changes
are what is tested), lets pre-commit install bastion from that local path into its own
environment (dependencies come from the configured package index), and commits to a throwaway
repository made from tests/fixtures/precommit_repo. It is skipped only when pre-commit cannot
create its environment for lack of network.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scanner.discover import format_hint

REPO = Path(__file__).resolve().parents[1]
HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"
FIXTURE = Path(__file__).parent / "fixtures" / "precommit_repo"
#: What the hook repository needs to be pip-installable, copied from the working tree.
PACKAGE_PARTS = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "scanner", "sbom", "rules")
#: Signs in pre-commit's output or log that pip could not reach the package index.
NETWORK_FAILURES = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "No matching distribution found",
    "Could not find a version that satisfies the requirement",
    "ProxyError",
    "ConnectTimeoutError",
    "ReadTimeoutError",
)


def load_hooks() -> dict[str, dict]:
    hooks = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return {hook["id"]: hook for hook in hooks}


def test_the_bastion_hook_is_defined_as_documented() -> None:
    hook = load_hooks()["bastion"]
    assert hook["entry"] == "bastion scan --context directory"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True
    assert {"id", "name", "description", "entry", "language", "files"} <= set(hook)


SUPPORTED = [
    "main.tf", "infra/prod/network.TF", "stack/main.tf.json", "terraform.tfvars", "prod.auto.tfvars",
    "vars.tfvars.json", "stack/.terraform.lock.hcl", "Dockerfile", "svc/Dockerfile.prod", "svc/api.Dockerfile",
    "svc/api.dockerfile", "Containerfile", "build/containerfile.ci", "k8s/deploy.yaml", "k8s/deploy.YML",
    "charts/app/Chart.yaml", "docker-compose.yml", "skaffold.yaml", "plan/tfplan.json",
]
NOT_SUPPORTED = [
    "README.md", "main.py", "Makefile", "scripts/build.sh", "terraform.tfstate", "main.tf.bak",
    "docs/Dockerfile_notes.txt", "dockerfiles/readme.txt", ".terraform.lock.hcl.orig", "tf/x.hcl",
]


@pytest.mark.parametrize("path", SUPPORTED + NOT_SUPPORTED)
def test_the_file_filter_matches_exactly_what_bastion_parses(path: str) -> None:
    pattern = load_hooks()["bastion"]["files"]
    claimed = format_hint(path.rsplit("/", 1)[-1]) is not None
    assert bool(re.search(pattern, path)) is claimed
    assert claimed is (path in SUPPORTED)


def git(cwd: Path, *args: str, env: dict[str, str]) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def precommit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment with its own pre-commit home, git identity and no bastion parse cache."""
    base = tmp_path_factory.mktemp("pre-commit")
    gitconfig = base / "gitconfig"
    gitconfig.write_text("[user]\n\tname = bastion tests\n\temail = tests@example.invalid\n[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    return {**os.environ, "PRE_COMMIT_HOME": str(base / "home"), "GIT_CONFIG_GLOBAL": str(gitconfig),
            "GIT_CONFIG_NOSYSTEM": "1", "BASTION_CACHE_DIR": "off", "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, precommit_env: dict[str, str]) -> Path:
    """A git repository holding this working tree's package and hook definition, committed."""
    root = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".lark_cache*")
    for part in PACKAGE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=ignore)
        else:
            shutil.copy2(source, root / part)
    git(root, "init", "-q", env=precommit_env)
    git(root, "add", "-A", env=precommit_env)
    git(root, "commit", "-q", "-m", "hooks", env=precommit_env)
    return root


@pytest.fixture
def project(tmp_path: Path, precommit_env: dict[str, str]) -> Path:
    """A throwaway project repository made from the fixture, everything committed."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", env=precommit_env)
    git(root, "add", "-A", env=precommit_env)
    git(root, "commit", "-q", "-m", "initial", env=precommit_env)
    return root


def try_repo(hook_repo: Path, project: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo HOOK_REPO bastion --files FILES...`` in ``project``; skips the test
    when pre-commit could not install the hook's environment for lack of network."""
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "bastion", "--files", *files]
    completed = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=1800, check=False)
    if "An unexpected error has occurred" in completed.stdout + completed.stderr:
        log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        text = completed.stdout + completed.stderr + (log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
        sign = next((sign for sign in NETWORK_FAILURES if sign in text), None)
        if sign is not None:
            pytest.skip(f"pre-commit could not create the hook's environment: pip cannot reach the package index ({sign})")
        pytest.fail(f"pre-commit failed unexpectedly:\n{text[-4000:]}")
    return completed


def test_precommit_reports_a_changed_file_in_the_context_of_its_directory(hook_repo: Path, project: Path, precommit_env: dict[str, str]) -> None:
    (project / "terraform" / "public_assets_bucket.tf").write_text(
        'resource "aws_s3_bucket" "public_assets" {\n  bucket = "acme-public-assets-v2"\n  acl    = var.assets_acl\n}\n', encoding="utf-8"
    )
    completed = try_repo(hook_repo, project, precommit_env, "terraform/public_assets_bucket.tf")
    output = completed.stdout
    assert completed.returncode == 1, output + completed.stderr
    assert re.search(r"^bastion \(IaC policy scan\)\.+Failed$", output, re.MULTILINE), output
    assert "at terraform/public_assets_bucket.tf:3 (tf:terraform:aws_s3_bucket.public_assets, attribute acl)" in output
    assert "1 finding: 1 high" in output
    assert "unchanged_public_bucket.tf" not in output


def test_precommit_passes_when_the_changed_files_are_clean(hook_repo: Path, project: Path, precommit_env: dict[str, str]) -> None:
    completed = try_repo(hook_repo, project, precommit_env, "k8s/api_deployment.yaml", "terraform/logs_module_call.tf", "README.md")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert re.search(r"^bastion \(IaC policy scan\)\.+Passed$", completed.stdout, re.MULTILINE), completed.stdout


def test_precommit_skips_when_no_file_is_infrastructure(hook_repo: Path, project: Path, precommit_env: dict[str, str]) -> None:
    completed = try_repo(hook_repo, project, precommit_env, "README.md")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert re.search(r"^bastion \(IaC policy scan\)\.+\(no files to check\)Skipped$", completed.stdout, re.MULTILINE), completed.stdout
