"""``bastion test``: Rego unit tests run like ``opa test``."""

from __future__ import annotations

from scanner.engine.unit_tests import run_unit_tests

POLICY = """
package main

import rego.v1

deny contains msg if {
	input.kind == "Pod"
	msg := "pods are not allowed"
}
"""

TESTS = """
package main_test

import data.main
import rego.v1

test_denies_pods if {
	main.deny["pods are not allowed"] with input as {"kind": "Pod"}
}

test_allows_deployments if {
	count(main.deny) == 0 with input as {"kind": "Deployment"}
}

test_wrong_expectation if {
	count(main.deny) == 0 with input as {"kind": "Pod"}
}

test_runtime_error if {
	to_number("not a number") == 1
}

todo_test_later if false
"""


def test_results_per_test_with_status_and_message(policy_dir):
    root = policy_dir({"policy.rego": POLICY, "policy_test.rego": TESTS})
    report = run_unit_tests([str(root)])
    assert report.errors == []
    assert [(r.rule_path, r.line, r.status, r.message) for r in report.results] == [
        ("data.main_test.test_denies_pods", 6, "pass", ""),
        ("data.main_test.test_allows_deployments", 10, "pass", ""),
        ("data.main_test.test_wrong_expectation", 14, "fail", "was undefined"),
        ("data.main_test.test_runtime_error", 18, "error", "could not parse string as number"),
        ("data.main_test.todo_test_later", 22, "skip", ""),
    ]
    assert (report.passed, report.failed, report.skipped) == (2, 2, 1)
    assert report.summary() == "2 passed, 2 failed, 1 skipped"


def test_v0_tests_and_the_builtin_library_are_available(policy_dir):
    tests = """
    package lib_use_test

    import data.bastion.lib

    test_unknown_marker {
      lib.is_unknown({"__unknown__": "computed"})
    }
    """
    report = run_unit_tests([str(policy_dir({"lib_use_test.rego": tests}))])
    assert (report.summary(), report.errors) == ("1 passed, 0 failed", [])


def test_a_broken_file_is_reported_and_other_tests_still_run(policy_dir):
    root = policy_dir(
        {
            "policy.rego": POLICY,
            "ok_test.rego": "package ok_test\nimport rego.v1\ntest_ok if true\n",
            "broken_test.rego": "package broken_test\nimport rego.v1\ntest_broken if { x == undefined_thing }\n",
        }
    )
    report = run_unit_tests([str(root)])
    assert [(e.path.rsplit("/", 1)[-1], e.line) for e in report.errors] == [("broken_test.rego", 3)]
    assert report.summary() == "1 passed, 0 failed"


def test_the_packs_own_tests_pass():
    from scanner.engine.pack import pack_root

    report = run_unit_tests([str(pack_root())])
    assert report.errors == []
    assert report.failed == 0 and report.passed >= 10
