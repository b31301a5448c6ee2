"""Module structure: package, Rego version detection, rule heads, and which error is reported."""

from __future__ import annotations

import pytest

from scanner.engine.backend import PolicyCompileError, RegoVersion
from scanner.engine.rego_parse import RuleHead, data_path, parse_module

V0_CONFTEST = """package main

deny[msg] {
  input.kind == "Pod"
  msg := "pods are not allowed"
}
"""

V1_WITHOUT_IMPORT = """package main

deny contains msg if {
  input.kind == "Pod"
  msg := "pods are not allowed"
}
"""


def test_v0_module_is_detected_as_v0():
    module = parse_module("v0.rego", V0_CONFTEST)
    assert (module.package, module.version, module.rules) == ("main", RegoVersion.V0, (RuleHead("deny", 3, "set"),))


def test_v1_module_without_import_is_detected_as_v1():
    module = parse_module("v1.rego", V1_WITHOUT_IMPORT)
    assert (module.version, module.rules) == (RegoVersion.V1, (RuleHead("deny", 3, "set"),))


def test_future_keywords_import_means_v0_and_bracket_if_is_set_like():
    source = 'package main\nimport future.keywords.if\n\ndeny[msg] if {\n  msg := "x"\n}\n'
    module = parse_module("fk.rego", source)
    assert (module.version, module.rules) == (RegoVersion.V0, (RuleHead("deny", 4, "set_like_object"),))


def test_rule_head_kinds():
    source = """package kinds
import rego.v1
deny contains msg if msg := "a"
warn_x[key] := 1 if key := "k"
default allow := false
helper(x) := x
nested.path.value := 1
violation[msg] if msg := "b"
complete := [1]
"""
    module = parse_module("kinds.rego", source)
    assert module.rules == (
        RuleHead("deny", 3, "set"),
        RuleHead("warn_x", 4, "object"),
        RuleHead("allow", 5, "default"),
        RuleHead("helper", 6, "function"),
        RuleHead("nested", 7, "object"),
        RuleHead("violation", 8, "set_like_object"),
        RuleHead("complete", 9, "complete"),
    )
    assert module.rule_names() == ["allow", "complete", "deny", "helper", "nested", "violation", "warn_x"]


def test_quoted_package_segments_give_quoted_data_paths():
    module = parse_module("q.rego", 'package org["team-a"].checks\nimport rego.v1\ndeny contains "x" if true\n')
    assert module.package_parts == ("org", "team-a", "checks")
    assert data_path(module.package_parts, "deny") == 'data.org["team-a"].checks.deny'


def test_v0_module_with_a_real_mistake_reports_the_v0_error():
    source = 'package main\n\ndeny[msg] {\n  input.kind == "Pod"\n  msg := sprintf("%s", [input.kind]\n}\n'
    with pytest.raises(PolicyCompileError) as caught:
        parse_module("broken_v0.rego", source)
    assert caught.value.line == 6
    assert "keyword is required" not in caught.value.message


def test_v1_module_with_a_mistake_reports_the_v1_error():
    source = 'package main\nimport rego.v1\n\ndeny contains msg if {\n  msg := \n}\n'
    with pytest.raises(PolicyCompileError) as caught:
        parse_module("broken_v1.rego", source)
    assert (caught.value.path, caught.value.line, caught.value.message) == ("broken_v1.rego", 5, "expecting `}` while parsing set")


def test_parser_warnings_do_not_reach_stderr(capfd):
    parse_module("v1.rego", V1_WITHOUT_IMPORT.replace("package main", "package main\nimport future.keywords.in"))
    assert capfd.readouterr().err == ""
