"""The embedded backend: errors without backtraces, JSON-shaped values, isolation of rules and cases."""

from __future__ import annotations

import json

import pytest

from scanner.engine.backend import InputCase, PolicyCompileError, RegoVersion
from scanner.engine.regorus_backend import RegorusBackend, parse_engine_message

RUST_ERROR_WITH_BACKTRACE = """
--> bad.rego:5:1
  |
5 | }
  | ^
error: expecting expression

Stack backtrace:
   0: <unknown>
   1: method_vectorcall_FASTCALL_KEYWORDS
             at ./Objects/descrobject.c:426:24
"""


def test_parse_engine_message_keeps_location_and_sentence_only():
    assert parse_engine_message(RUST_ERROR_WITH_BACKTRACE) == ("bad.rego", 5, "expecting expression")


def test_parse_engine_message_keeps_the_cause():
    text = "--> p.rego:8:38\n  |\n8 | x := json.unmarshal(\"{\")\n  |  ^\nerror: could not deserialize json.\n\nCaused by:\n    EOF while parsing an object at line 1 column 1\n"
    assert parse_engine_message(text) == ("p.rego", 8, "could not deserialize json.; EOF while parsing an object at line 1 column 1")


def test_parse_engine_message_of_another_shape_is_its_first_line():
    assert parse_engine_message("not a valid rule path\nmore") == (None, None, "not a valid rule path")


def test_parse_engine_message_drops_a_huge_excerpt():
    text = f"--> l.rego:2:7\n  |\n2 | x := \"{'a' * 5000}\"\n  |       ^\nerror: something odd"
    path, line, message = parse_engine_message(text)
    assert (path, line, message) == ("l.rego", 2, "something odd")


def test_add_module_syntax_error_names_file_and_line_without_backtrace(monkeypatch):
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    backend = RegorusBackend()
    with pytest.raises(PolicyCompileError) as caught:
        backend.add_module("policy/bad.rego", "package x\n\ndeny contains msg if {\n  input.a == \n}\n", RegoVersion.V1)
    assert (caught.value.path, caught.value.line, caught.value.message) == ("policy/bad.rego", 5, "expecting expression")
    assert "backtrace" not in str(caught.value).lower()


def test_long_policy_lines_are_accepted():
    backend = RegorusBackend()
    backend.add_module("long.rego", f'package long\nimport rego.v1\nx := "{"a" * 5000}"\n', RegoVersion.V1)
    [[outcome]] = list(backend.evaluate(["data.long.x"], [InputCase(None)]))
    assert len(outcome.value) == 5000


def test_v0_and_v1_modules_share_one_backend():
    backend = RegorusBackend()
    backend.add_module("v0.rego", 'package old\ndeny[msg] {\n  input.a == 1\n  msg := "old"\n}\n', RegoVersion.V0)
    backend.add_module("v1.rego", 'package new\nimport rego.v1\ndeny contains "new" if input.a == 1\n', RegoVersion.V1)
    [outcomes] = list(backend.evaluate(["data.old.deny", "data.new.deny"], [InputCase('{"a": 1}')]))
    assert [outcome.value for outcome in outcomes] == [["old"], ["new"]]


def test_values_are_json_shaped_and_undefined_is_none():
    backend = RegorusBackend()
    backend.add_module(
        "p.rego",
        'package p\nimport rego.v1\nobjects contains {"msg": "m", "n": 1} if true\nmaybe := 1 if input.flag\nodd := "<undefined>"\n',
        RegoVersion.V1,
    )
    [outcomes] = list(backend.evaluate(["data.p.objects", "data.p.maybe", "data.p.odd"], [InputCase("{}")]))
    assert [outcome.value for outcome in outcomes] == [[{"msg": "m", "n": 1}], None, "<undefined>"]


def test_a_failing_rule_does_not_stop_the_others():
    backend = RegorusBackend()
    backend.add_module("p.rego", "package p\nimport rego.v1\nbroken := 1 / 0\nfine := 2\n", RegoVersion.V1)
    [[broken, fine]] = list(backend.evaluate(["data.p.broken", "data.p.fine"], [InputCase(None)]))
    assert (broken.error.path, broken.error.line, broken.error.message) == ("p.rego", 3, "divide by zero")
    assert (fine.value, fine.error) == (2, None)


def test_cases_do_not_leak_input_or_data_into_each_other():
    backend = RegorusBackend()
    backend.add_module(
        "p.rego", "package p\nimport rego.v1\nname := data.conftest.file.name\nflag := input.flag\n", RegoVersion.V1
    )
    cases = [
        InputCase(json.dumps({"flag": True}), {"conftest": {"file": {"name": "a.tf"}}}),
        InputCase(None, {"conftest": {"file": {"name": "b.tf"}}}),
    ]
    results = [[outcome.value for outcome in outcomes] for outcomes in backend.evaluate(["data.p.name", "data.p.flag"], cases)]
    assert results == [["a.tf", True], ["b.tf", None]]


def test_base_data_is_visible_in_every_case():
    backend = RegorusBackend()
    backend.add_module("p.rego", "package p\nimport rego.v1\nlimit := data.settings.limit\n", RegoVersion.V1)
    backend.add_data({"settings": {"limit": 3}})
    results = [outcomes[0].value for outcomes in backend.evaluate(["data.p.limit"], [InputCase("1"), InputCase("2")])]
    assert results == [3, 3]


def test_policy_print_output_does_not_reach_stderr(capfd):
    backend = RegorusBackend()
    backend.add_module("p.rego", 'package p\nimport rego.v1\nx := 1 if print("hello from the policy")\n', RegoVersion.V1)
    [[outcome]] = list(backend.evaluate(["data.p.x"], [InputCase(None)]))
    assert outcome.value == 1
    assert "hello" not in capfd.readouterr().err


def test_case_data_never_reaches_later_calls():
    backend = RegorusBackend()
    backend.add_module("p.rego", "package p\nimport rego.v1\nname := data.conftest.file.name\n", RegoVersion.V1)
    backend.add_data({"settings": {"limit": 3}})
    first = [o[0].value for o in backend.evaluate(["data.p.name"], [InputCase("1", {"conftest": {"file": {"name": "a"}}}), InputCase("2")])]
    second = [o[0].value for o in backend.evaluate(["data.p.name"], [InputCase("3")])]
    assert (first, second) == (["a", None], [None])
