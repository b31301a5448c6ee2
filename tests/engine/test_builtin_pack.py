"""Every built-in rule has complete metadata, a well-formed folder, and loads without error."""

from __future__ import annotations

import pytest

from scanner.engine.pack import fixture_case, rule_folders
from scanner.engine.regorus_backend import import_regorus

FOLDERS = rule_folders()


def test_the_pack_loads_without_any_error(builtin_engine):
    assert builtin_engine.load_errors == []
    assert sorted(builtin_engine.rules) == sorted(folder.rule_id for folder in FOLDERS)


def test_rule_ids_are_unique():
    ids = [folder.rule_id for folder in FOLDERS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.rule_id)
def test_rule_folder_matches_its_metadata(folder, builtin_engine):
    meta = builtin_engine.rules[folder.rule_id]
    assert meta.source == "builtin" and meta.mode == "native"
    assert meta.package == f"bastion.rules.{folder.rule_id.lower()}"
    assert folder.target in meta.targets
    assert folder.folder == f"{meta.id}_{meta.name.replace('-', '_')}"
    assert meta.path == f"<builtin>/{folder.relative}/policy.rego"
    assert all(
        [meta.title, meta.description, meta.remediation, meta.related_resources, meta.severity, meta.name]
    ), "every metadata field of docs/policies.md is required for built-in rules"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.rule_id)
def test_rule_folder_has_pass_and_fail_fixtures_with_expected_lines(folder):
    assert folder.pass_fixtures, "at least one fixtures/pass file"
    assert folder.fail_fixtures, "at least one fixtures/fail file"
    assert folder.expected is not None, "fixtures/expected.yaml must map each fail fixture to a list of lines"
    assert set(folder.expected) <= set(folder.fail_fixtures), "expected.yaml names only fail fixture files"
    assert {fixture_case(name) for name in folder.expected} == {fixture_case(name) for name in folder.fail_fixtures}, (
        "every fail fixture (a file, or a directory of files) has expected lines"
    )
    assert all(folder.expected.values()), "a fail fixture must fail on at least one line"


def test_builtins_used_by_the_pack_exist_in_regorus():
    engine = import_regorus().Engine()
    engine.add_policy(
        "probe.rego",
        """package probe
import rego.v1
calls := [
  [value | walk({"a": 1}, [_, value])],
  object.keys({"a": 1}),
  object.get({}, "a", 0),
  object.union({}, {}),
  regex.match("^a$", "a"),
  sprintf("%s %d", ["a", 1]),
  concat(",", ["a"]),
  split("a:b", ":"),
  startswith("ab", "a"),
  contains("ab", "b"),
  lower("A"),
  to_number("1"),
  sort(["b", "a"]),
  count([1]),
  is_object({}), is_array([]), is_string(""), is_number(1),
]
""",
    )
    assert len(engine.eval_rule("data.probe.calls")) == 18
