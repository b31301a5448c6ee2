"""The policy-author commands: bastion test, bastion rules list, bastion rules show."""

from __future__ import annotations

import json

from click.testing import CliRunner

from scanner.commands.policy import rules_group
from scanner.commands.policy import test_command as bastion_test

PASSING = "package p_test\nimport rego.v1\ntest_one if true\ntest_two if 1 + 1 == 2\n"
FAILING = "package q_test\nimport rego.v1\ntest_false if false\n"


def _run(command, args):
    return CliRunner().invoke(command, args)


def test_test_command_passes_with_exit_0(policy_dir):
    result = _run(bastion_test, [str(policy_dir({"p_test.rego": PASSING}))])
    assert (result.exit_code, result.stdout) == (0, "2 passed, 0 failed\n")


def test_test_command_lists_failures_and_exits_1(policy_dir):
    root = policy_dir({"p_test.rego": PASSING, "q_test.rego": FAILING})
    result = _run(bastion_test, [str(root)])
    assert result.exit_code == 1
    assert result.stdout == f"FAIL data.q_test.test_false ({root}/q_test.rego:3): was undefined\n2 passed, 1 failed\n"


def test_test_command_verbose_lists_passes(policy_dir):
    root = policy_dir({"p_test.rego": PASSING})
    result = _run(bastion_test, ["--verbose", str(root)])
    assert result.stdout.splitlines() == [
        f"PASS data.p_test.test_one ({root}/p_test.rego:3)",
        f"PASS data.p_test.test_two ({root}/p_test.rego:4)",
        "2 passed, 0 failed",
    ]


def test_test_command_exits_3_when_a_policy_does_not_load(policy_dir):
    root = policy_dir({"p_test.rego": PASSING, "broken.rego": "package broken\n\ndeny[x {\n"})
    result = _run(bastion_test, [str(root)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {root}/broken.rego:3: ")
    assert result.stdout == "2 passed, 0 failed\n"


def test_rules_list_text_has_a_row_per_builtin_rule():
    result = _run(rules_group, ["list"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert lines[0].split() == ["ID", "SEVERITY", "TARGETS", "TITLE"]
    assert lines[1].startswith("DKR001  MEDIUM    dockerfile    Base image is not pinned  [CKV_DOCKER_7, ")
    from scanner.engine.pack import rule_folders

    assert [line.split()[0] for line in lines[1:]] == sorted(folder.rule_id for folder in rule_folders())


def test_rules_list_json_includes_user_policies(policy_dir):
    root = policy_dir({"main.rego": "package main\nimport rego.v1\nwarn_x contains \"w\" if false\n"})
    result = _run(rules_group, ["list", "--format", "json", "--no-builtin", "--policy", str(root)])
    assert json.loads(result.stdout) == [
        {"id": "main.warn_x", "title": "main.warn_x", "severity": "LOW", "targets": [], "aliases": [], "source": "policy", "mode": "conftest"}
    ]


def test_rules_show_prints_metadata_and_examples():
    result = _run(rules_group, ["show", "dkr001"])
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("# DKR001: Base image is not pinned\n\n- **Name:** unpinned-base-image\n- **Severity:** MEDIUM\n")
    assert "## Remediation\n\nPin a version tag" in text
    assert "`latest.Dockerfile` (reported on line 2):\n\n```\n# The tag moves with every upstream release.\nFROM python:latest\n" in text
    assert "## Compliant examples" in text


def test_rules_show_json_has_fixtures_with_lines():
    data = json.loads(_run(rules_group, ["show", "K8S001", "--format", "json"]).stdout)
    assert (data["id"], data["severity"], data["frameworks"]) == ("K8S001", "CRITICAL", {"pod-security-standards": ["baseline"]})
    assert [(e["file"], e["lines"]) for e in data["examples"]["fail"]] == [("privileged_init_container_and_pod.yaml", [17, 31])]


def test_rules_show_unknown_id_is_a_usage_error():
    result = _run(rules_group, ["show", "NOPE999"])
    assert result.exit_code == 2
    assert "unknown rule ID 'NOPE999'" in result.stderr
