"""Terraform JSON reader: block structure per label count, key lines, templates, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.parsers.terraform.expressions import MappingScope
from scanner.parsers.terraform.hcl_errors import HclSyntaxError
from scanner.parsers.terraform.json_reader import read_hcl_json
from scanner.parsers.terraform.syntax import Body, HclFile

DATA = Path(__file__).parent / "data"


def read_fixture(name: str) -> HclFile:
    return read_hcl_json((DATA / name).read_text(encoding="utf-8"), name)


def outline(body: Body, depth: int = 0) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for attribute in body.attributes.values():
        rows.append((depth, "attr", attribute.name, attribute.line, attribute.end_line))
    for block in body.blocks:
        rows.append((depth, "block", block.type, block.labels, block.line, block.end_line))
        rows.extend(outline(block.body, depth + 1))
    return rows


def test_blocks_labels_and_key_lines() -> None:
    assert outline(read_fixture("main.tf.json").body) == [
        (0, "block", "variable", ("env",), 4, 7),
        (1, "attr", "type", 5, 5),
        (1, "attr", "default", 6, 6),
        (0, "block", "locals", (), 9, 12),
        (1, "attr", "name", 10, 10),
        (1, "attr", "settings", 11, 11),
        (0, "block", "resource", ("aws_s3_bucket", "logs"), 15, 21),
        (1, "attr", "bucket", 16, 16),
        (1, "attr", "count", 17, 17),
        (1, "attr", "tags", 18, 18),
        (1, "block", "versioning", (), 19, 19),
        (2, "attr", "enabled", 19, 19),
        (1, "block", "lifecycle", (), 20, 20),
        (2, "attr", "prevent_destroy", 20, 20),
        (0, "block", "resource", ("aws_security_group", "web"), 24, 35),
        (1, "block", "ingress", (), 26, 26),
        (2, "attr", "from_port", 26, 26),
        (2, "attr", "cidr_blocks", 26, 26),
        (1, "block", "ingress", (), 27, 27),
        (2, "attr", "from_port", 27, 27),
        (2, "attr", "cidr_blocks", 27, 27),
        (1, "block", "dynamic", ("egress",), 30, 33),
        (2, "attr", "for_each", 31, 31),
        (2, "block", "content", (), 32, 32),
        (3, "attr", "from_port", 32, 32),
        (0, "block", "provider", ("aws",), 40, 40),
        (1, "attr", "region", 40, 40),
        (0, "block", "provider", ("aws",), 41, 41),
        (1, "attr", "alias", 41, 41),
        (1, "attr", "region", 41, 41),
        (0, "block", "module", ("net",), 45, 45),
        (1, "attr", "source", 45, 45),
        (1, "attr", "cidrs", 45, 45),
        (0, "block", "output", ("bucket",), 48, 48),
        (1, "attr", "value", 48, 48),
    ]


def test_strings_are_templates_and_objects_are_values() -> None:
    blocks = read_fixture("main.tf.json").body.blocks
    scope = MappingScope({"var": {"env": "prod"}, "local": {"name": "app-prod"}})
    locals_body, bucket = blocks[1].body, blocks[2].body
    assert locals_body.attributes["name"].expr.evaluate(scope) == "app-prod"
    assert locals_body.attributes["settings"].expr.evaluate(scope) == {"retention": 30, "regions": ["eu-west-1"]}
    assert bucket.attributes["bucket"].expr.evaluate(scope) == "app-prod-logs"
    assert bucket.attributes["count"].expr.evaluate(scope) == 1
    assert bucket.attributes["count"].expr.source() == '"${var.env == "prod" ? 1 : 0}"'
    assert bucket.attributes["tags"].expr.evaluate(scope) == {"Name": "logs", "Env": "prod"}
    assert bucket.attributes["bucket"].expr.references() == [("local", "name")]


def test_tfvars_json_values_are_literal() -> None:
    values = read_fixture("values.tfvars.json").body
    assert values.blocks == ()
    scope = MappingScope()
    assert {name: a.expr.evaluate(scope) for name, a in values.attributes.items()} == {
        "env": "prod",
        "literal": "${not.a.reference}",
        "ports": [22, 443],
        "tags": {"team": "core"},
    }
    assert [(a.name, a.line, a.end_line) for a in values.attributes.values()] == [
        ("env", 2, 2),
        ("literal", 3, 3),
        ("ports", 4, 4),
        ("tags", 5, 7),
    ]


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("trailing_comma.tf.json", 4, "invalid JSON: expecting property name enclosed in double quotes"),
        ("top_level_array.tf.json", 1, "a Terraform JSON file must hold a JSON object"),
        ("unterminated_interpolation.tf.json", 3, "unterminated interpolation"),
        ("resource_not_object.tf.json", 3, "the 'resource' block must be written as a JSON object"),
    ],
)
def test_malformed_json_raises_one_clear_error(fixture: str, line: int, message: str) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        read_fixture(f"malformed/{fixture}")
    assert (caught.value.line, caught.value.message) == (line, message)


def test_deeply_nested_json_is_rejected_cleanly() -> None:
    text = '{"locals": {"a": ' + "[" * 300 + "]" * 300 + "}}"
    with pytest.raises(HclSyntaxError) as caught:
        read_hcl_json(text, "deep.tf.json")
    assert caught.value.message == "the JSON document is nested more than 200 levels deep"


def test_duplicate_arguments_in_a_body_are_an_error() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        read_hcl_json('{"locals": {\n"a": 1,\n"a": 2\n}}', "dup.tf.json")
    assert (caught.value.line, caught.value.message) == (3, "the argument 'a' is already set on line 2")


def test_every_truncation_or_deletion_parses_or_raises_a_syntax_error() -> None:
    text = (DATA / "main.tf.json").read_text(encoding="utf-8")
    rejected = 0
    for cut in range(0, len(text), 5):
        for variant in (text[:cut], text[:cut] + text[cut + 1 :]):
            try:
                read_hcl_json(variant, "t.tf.json")
            except HclSyntaxError as error:
                assert error.line >= 1 and error.message and "\n" not in error.message
                rejected += 1
    assert rejected > 0
