"""Policy discovery: which files load, and how unreadable ones are reported."""

from __future__ import annotations

import os

from scanner.engine.loader import builtin_sources, load_modules, policy_sources
from scanner.findings import RuleError

POLICY = "package main\nimport rego.v1\ndeny contains \"x\" if false\n"


def test_rego_files_are_found_recursively_and_tests_skipped(policy_dir):
    root = policy_dir({"a.rego": POLICY, "nested/b.rego": POLICY, "a_test.rego": POLICY, "notes.md": "# not rego"})
    sources, errors = policy_sources([str(root)])
    assert errors == []
    assert [s.path for s in sources] == [f"{root}/a.rego", f"{root}/nested/b.rego"]
    with_tests, _ = policy_sources([str(root)], include_tests=True)
    assert [s.path.rsplit("/", 1)[-1] for s in with_tests] == ["a.rego", "a_test.rego", "b.rego"]


def test_paths_are_shown_as_given_and_loaded_once(policy_dir, monkeypatch):
    root = policy_dir({"deny.rego": POLICY})
    monkeypatch.chdir(root.parent)
    sources, errors = policy_sources([root.name, f"{root.name}/", f"{root.name}/deny.rego"])
    assert errors == []
    assert [s.path for s in sources] == [f"{root.name}/deny.rego"]


def test_missing_path_and_non_utf8_file_are_errors(policy_dir):
    root = policy_dir({"good.rego": POLICY, "latin1.rego": b"package main\n# caf\xe9\n"})
    sources, errors = policy_sources([str(root), str(root / "missing")])
    assert [s.path.rsplit("/", 1)[-1] for s in sources] == ["good.rego"]
    assert errors == [
        RuleError(None, f"{root}/latin1.rego", 2, "policy file is not valid UTF-8"),
        RuleError(None, f"{root}/missing", None, "policy path does not exist"),
    ]


def test_symlinked_directories_are_not_followed(policy_dir, tmp_path):
    outside = policy_dir({"outside.rego": POLICY})
    root = policy_dir({"inside.rego": POLICY})
    os.symlink(outside, root / "link")
    sources, _ = policy_sources([str(root)])
    assert [s.path.rsplit("/", 1)[-1] for s in sources] == ["inside.rego"]


def test_unparsable_module_is_an_error_and_the_rest_load(policy_dir):
    root = policy_dir({"good.rego": POLICY, "bad.rego": "package main\n\ndeny[msg {\n"})
    sources, _ = policy_sources([str(root)])
    modules, errors = load_modules(sources)
    assert [m.source.path.rsplit("/", 1)[-1] for m in modules] == ["good.rego"]
    [error] = errors
    assert (error.rule_id, error.path, error.line) == (None, f"{root}/bad.rego", 3)


def test_builtin_sources_hold_the_library_and_every_rule_but_no_tests():
    paths = [source.path for source in builtin_sources()]
    assert "<builtin>/lib/bastion.rego" in paths
    assert "<builtin>/dockerfile/DKR001_unpinned_base_image/policy.rego" in paths
    assert not any(path.endswith("_test.rego") or "/fixtures/" in path for path in paths)
    library = [s.path for s in builtin_sources(library_only=True)]
    assert "<builtin>/lib/bastion.rego" in library
    assert all(path.startswith("<builtin>/lib/") and not path.endswith("_test.rego") for path in library)
