"""METADATA blocks: where they attach, how they merge, what becomes of bad ones."""

from __future__ import annotations

from scanner.engine.metadata import (
    Annotation,
    MetadataProblem,
    RuleDefaults,
    build_rule_meta,
    builtin_problems,
    merged_metadata,
    read_annotations,
)
from scanner.engine.rego_parse import parse_module

PACKAGE_AND_RULE = """# METADATA
# title: Team checks
# custom:
#   severity: LOW
#   aliases: [ORG-1]
package team.checks

import rego.v1

# METADATA
# title: No public buckets
# custom:
#   id: ORG-100
#   severity: critical
deny_public contains "x" if false

warn_tags contains "y" if false
"""

DEFAULTS = RuleDefaults("team.checks.deny_public", "MEDIUM", "team.checks", ("deny_public",), "policy", "native", "p.rego", 15)


def _annotations(source: str) -> tuple[list[Annotation], list[MetadataProblem]]:
    return read_annotations(source, parse_module("p.rego", source))


def test_blocks_attach_to_package_and_rule():
    annotations, problems = _annotations(PACKAGE_AND_RULE)
    assert problems == []
    assert [(a.line, a.scope, a.rule) for a in annotations] == [(1, "package", None), (10, "rule", "deny_public")]
    assert annotations[0].data == {"title": "Team checks", "custom": {"severity": "LOW", "aliases": ["ORG-1"]}}


def test_rule_metadata_overlays_package_metadata_key_by_key():
    annotations, _ = _annotations(PACKAGE_AND_RULE)
    assert merged_metadata(annotations, "deny_public") == {
        "title": "No public buckets",
        "custom": {"severity": "critical", "aliases": ["ORG-1"], "id": "ORG-100"},
    }
    assert merged_metadata(annotations, "warn_tags") == {"title": "Team checks", "custom": {"severity": "LOW", "aliases": ["ORG-1"]}}


def test_build_rule_meta_normalises_severity_and_keeps_location():
    annotations, _ = _annotations(PACKAGE_AND_RULE)
    meta, problems = build_rule_meta(merged_metadata(annotations, "deny_public"), DEFAULTS)
    assert problems == []
    assert (meta.id, meta.title, meta.severity, meta.aliases, meta.path, meta.line) == (
        "ORG-100",
        "No public buckets",
        "CRITICAL",
        ("ORG-1",),
        "p.rego",
        15,
    )


def test_missing_metadata_gives_the_defaults():
    meta, problems = build_rule_meta({}, DEFAULTS)
    assert problems == []
    assert (meta.id, meta.title, meta.severity, meta.description) == ("team.checks.deny_public", "team.checks.deny_public", "MEDIUM", "")


def test_bad_fields_are_reported_and_replaced_by_defaults():
    data = {"title": ["not", "text"], "related_resources": "https://x", "custom": {"severity": "urgent", "aliases": [{"a": 1}]}}
    meta, problems = build_rule_meta(data, DEFAULTS)
    assert problems == [
        "METADATA severity 'URGENT' is not one of CRITICAL, HIGH, MEDIUM, LOW, INFO",
        "METADATA 'title' must be a string",
        "METADATA 'related_resources' must be a list",
        "METADATA 'aliases' must be a list of strings",
    ]
    assert (meta.severity, meta.title, meta.aliases) == ("MEDIUM", "team.checks.deny_public", ())


def test_related_resources_accept_ref_objects_and_frameworks_map_controls():
    data = {
        "related_resources": ["https://a.example", {"ref": "https://b.example", "description": "B"}],
        "custom": {"frameworks": {"cis-docker-1.6": ["4.1", 4.2]}},
    }
    meta, problems = build_rule_meta(data, DEFAULTS)
    assert problems == []
    assert meta.related_resources == ("https://a.example", "https://b.example")
    assert meta.frameworks == {"cis-docker-1.6": ("4.1", "4.2")}


def test_invalid_yaml_is_a_problem_on_its_line():
    source = "# METADATA\n# title: ok\n# custom: [unclosed\npackage p\n"
    annotations, problems = _annotations(source)
    assert annotations == []
    assert problems == [MetadataProblem(3, "METADATA block is not valid YAML: expected ',' or ']', but got '<stream end>'")]


def test_block_that_is_not_a_mapping_is_a_problem():
    annotations, problems = _annotations("# METADATA\n# - a list\npackage p\n")
    assert (annotations, problems) == ([], [MetadataProblem(1, "METADATA block must be a YAML mapping")])


def test_block_after_the_last_statement_is_a_problem():
    source = 'package p\nimport rego.v1\nx := 1\n# METADATA\n# title: dangling\n'
    _, problems = _annotations(source)
    assert problems == [MetadataProblem(4, "METADATA block is not followed by a package or rule")]


def test_rule_scope_before_package_is_a_problem():
    _, problems = _annotations("# METADATA\n# scope: rule\n# title: t\npackage p\n")
    assert problems == [MetadataProblem(1, "METADATA block with scope 'rule' must precede a rule")]


def test_document_scope_applies_to_every_definition_of_the_rule():
    source = 'package p\nimport rego.v1\n\n# METADATA\n# scope: document\n# title: Deny things\ndeny contains "a" if true\n\ndeny contains "b" if true\n'
    annotations, problems = _annotations(source)
    assert problems == []
    assert merged_metadata(annotations, "deny") == {"scope": "document", "title": "Deny things"}


def test_builtin_problems_list_every_missing_field():
    meta, _ = build_rule_meta({"custom": {"id": "X1", "name": "Not Kebab", "targets": ["helm"]}}, DEFAULTS)
    assert builtin_problems(meta, {"custom": {"id": "X1", "name": "Not Kebab", "targets": ["helm"]}}) == [
        "built-in rule metadata needs 'title'",
        "built-in rule metadata needs 'description'",
        "built-in rule metadata needs 'custom.severity'",
        "built-in rule metadata needs 'custom.remediation'",
        "built-in rule metadata needs 'custom.aliases' (an empty list when there are none)",
        "built-in rule metadata needs at least one 'related_resources' entry",
        "built-in rule ID 'X1' does not match DKR/K8S/TF followed by three digits",
        "built-in rule name 'Not Kebab' is not kebab-case",
        "unknown targets: helm",
    ]


def test_builtin_id_must_match_its_target():
    data = {
        "title": "t",
        "description": "d",
        "related_resources": ["https://x"],
        "custom": {"id": "TF009", "name": "n", "severity": "LOW", "remediation": "r", "aliases": ["bad alias"], "targets": ["dockerfile"]},
    }
    meta, _ = build_rule_meta(data, DEFAULTS)
    assert builtin_problems(meta, data) == [
        "built-in rule ID 'TF009' does not match its targets (dockerfile)",
        "alias 'bad alias' is not a plain identifier",
    ]
