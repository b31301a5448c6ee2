"""HCL reader: structure, exact lines, strings and heredocs, syntax errors with message and line."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from scanner.parsers.terraform.expressions import MappingScope
from scanner.parsers.terraform.functions import decode_json_document
from scanner.parsers.terraform.hcl_reader import HclSyntaxError, parse_expression, read_hcl
from scanner.parsers.terraform.syntax import Body, HclFile

DATA = Path(__file__).parent / "data"


def read_fixture(name: str) -> HclFile:
    return read_hcl((DATA / name).read_text(encoding="utf-8"), name)


def outline(body: Body, depth: int = 0) -> list[tuple[object, ...]]:
    """Every block and attribute of a body, depth first, with their lines."""
    rows: list[tuple[object, ...]] = []
    for attribute in body.attributes.values():
        rows.append((depth, "attr", attribute.name, attribute.line, attribute.end_line))
    for block in body.blocks:
        rows.append((depth, "block", block.type, block.labels, block.line, block.end_line))
        rows.extend(outline(block.body, depth + 1))
    return rows


def test_every_block_and_attribute_of_a_multi_block_file_has_its_lines() -> None:
    parsed = read_fixture("multi_block.tf")
    assert parsed.path == "multi_block.tf"
    assert outline(parsed.body) == [
        (0, "block", "terraform", (), 1, 9),
        (1, "attr", "required_version", 2, 2),
        (1, "block", "required_providers", (), 3, 8),
        (2, "attr", "aws", 4, 7),
        (0, "block", "variable", ("env",), 11, 14),
        (1, "attr", "type", 12, 12),
        (1, "attr", "default", 13, 13),
        (0, "block", "locals", (), 16, 22),
        (1, "attr", "name", 17, 17),
        (1, "attr", "ports", 18, 21),
        (0, "block", "resource", ("aws_s3_bucket", "logs"), 24, 31),
        (1, "attr", "bucket", 25, 25),
        (1, "attr", "acl", 26, 26),
        (1, "block", "versioning", (), 28, 30),
        (2, "attr", "enabled", 29, 29),
        (0, "block", "resource", ("aws_security_group", "web"), 33, 43),
        (1, "attr", "name", 34, 34),
        (1, "block", "dynamic", ("ingress",), 36, 42),
        (2, "attr", "for_each", 37, 37),
        (2, "block", "content", (), 38, 41),
        (3, "attr", "from_port", 39, 39),
        (3, "attr", "to_port", 40, 40),
        (0, "block", "output", ("bucket_arn",), 45, 47),
        (1, "attr", "value", 46, 46),
    ]


def test_expressions_know_their_start_line_and_read_back_as_source() -> None:
    body = read_fixture("multi_block.tf").body
    ports = body.blocks[2].body.attributes["ports"].expr
    assert (ports.line, ports.source()) == (18, "[22, 443]")
    assert [item.line for item in ports.items] == [19, 20]  # type: ignore[attr-defined]
    aws = body.blocks[0].body.blocks[0].body.attributes["aws"].expr
    assert aws.line == 4
    assert aws.source() == '{source = "hashicorp/aws", version = "~> 5.0"}'
    assert body.blocks[5].body.attributes["value"].expr.references() == [("aws_s3_bucket", "logs", "arn")]


def test_a_template_with_a_variable_evaluates_against_the_scope() -> None:
    name = read_fixture("multi_block.tf").body.blocks[2].body.attributes["name"].expr
    assert name.evaluate(MappingScope({"var": {"env": "prod"}})) == "app-prod"
    assert name.references() == [("var", "env")]


def heredoc_values() -> dict[str, object]:
    body = read_fixture("heredocs.tf").body.blocks[0].body
    scope = MappingScope({"var": {"name": "logs"}})
    return {name: attribute.expr.evaluate(scope) for name, attribute in body.attributes.items()}


def test_plain_heredoc_keeps_indentation_and_interpolates() -> None:
    assert heredoc_values()["plain"] == "hello logs\n  indented line\n"


def test_indented_heredoc_is_dedented_by_the_smallest_indentation() -> None:
    trimmed = heredoc_values()["trimmed"]
    assert trimmed == '{\n  "Version": "2012-10-17",\n  "Resource": "arn:aws:s3:::logs/*"\n}\n'
    assert decode_json_document(trimmed) == {"Version": "2012-10-17", "Resource": "arn:aws:s3:::logs/*"}


def test_heredoc_edge_cases() -> None:
    values = heredoc_values()
    assert values["empty"] == ""
    assert values["escaped"] == "literal ${not_interpolated} and %{ not_a_directive }\n"
    assert values["blank_lines"] == "first\n\n  second\n"


def test_heredoc_lines_span_the_marker_lines() -> None:
    body = read_fixture("heredocs.tf").body.blocks[0].body
    spans = {name: (a.line, a.end_line, a.expr.line) for name, a in body.attributes.items()}
    assert spans == {
        "plain": (2, 5, 2),
        "trimmed": (6, 11, 6),
        "empty": (12, 13, 12),
        "escaped": (14, 16, 14),
        "blank_lines": (17, 21, 17),
    }


def test_heredoc_with_crlf_line_endings() -> None:
    parsed = read_hcl('a = <<-EOT\r\n    one\r\n      two\r\n    EOT\r\nb = 2\r\n', "crlf.tf")
    assert parsed.body.attributes["a"].expr.evaluate(MappingScope()) == "one\n  two\n"
    assert parsed.body.attributes["b"].line == 5


def test_indented_heredoc_ignores_indentation_of_interpolated_values() -> None:
    parsed = read_hcl('a = <<-EOT\n    ${var.x}\n      y\n    EOT\n', "t.tf")
    assert parsed.body.attributes["a"].expr.evaluate(MappingScope({"var": {"x": "  x"}})) == "  x\n  y\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r'"tab\tquote\"slash\\"', 'tab\tquote"slash\\'),
        (r'"\u00e9\U0001F600"', "\u00e9\U0001f600"),
        ('"cost: $${price} 100%%{x}"', "cost: ${price} 100%{x}"),
        ('"a %{ if true }yes%{ else }no%{ endif } b"', "a yes b"),
        ('"%{ for i, v in ["x", "y"] }${i}=${v};%{ endfor }"', "0=x;1=y;"),
        ('"A %{~ if true ~} B %{~ endif ~} C"', "ABC"),
    ],
)
def test_quoted_strings(source: str, expected: str) -> None:
    assert read_hcl(f"v = {source}\n", "t.tf").body.attributes["v"].expr.evaluate(MappingScope()) == expected


def test_keywords_and_unquoted_labels_are_names() -> None:
    parsed = read_hcl('in = 1\nresource aws_s3_bucket logs {\n  for = 2\n}\nx = { in = 1, for = 2 }\n', "t.tf")
    assert sorted(parsed.body.attributes) == ["in", "x"]
    block = parsed.body.blocks[0]
    assert (block.type, block.labels) == ("resource", ("aws_s3_bucket", "logs"))
    assert list(block.body.attributes) == ["for"]
    assert parsed.body.attributes["x"].expr.evaluate(MappingScope()) == {"in": 1, "for": 2}


def test_provider_function_calls_parse() -> None:
    expr = read_hcl('a = provider::aws::arn_parse("arn:aws:s3:::b").service\n', "t.tf").body.attributes["a"].expr
    assert expr.source() == 'provider::aws::arn_parse("arn:aws:s3:::b").service'


def test_byte_order_mark_and_missing_final_newline() -> None:
    parsed = read_hcl('\ufeffa = 1\nb = "x"', "t.tf")
    assert [(a.name, a.line) for a in parsed.body.attributes.values()] == [("a", 1), ("b", 2)]


def test_parse_expression_reports_its_own_lines() -> None:
    expr = parse_expression("var.a +\n  var.b", 7)
    assert (expr.line, expr.end_line, expr.source()) == (7, 8, "var.a + var.b")  # type: ignore[attr-defined]


def test_parsed_files_survive_pickling_unchanged() -> None:
    parsed = read_fixture("multi_block.tf")
    assert pickle.loads(pickle.dumps(parsed)) == parsed


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("stray_brace.tf", 4, "unexpected token '}'"),
        ("unterminated_heredoc.tf", 2, "unterminated heredoc"),
        ("unterminated_string.tf", 2, "unterminated string"),
        ("unclosed_block.tf", 2, "unexpected end of file; the '{' on line 1 is not closed"),
        ("missing_value.tf", 3, "unexpected newline"),
        ("duplicate_argument.tf", 3, "the argument 'a' is already set on line 2"),
        ("bad_character.tf", 2, "unexpected token '@'"),
        ("bad_escape.tf", 2, "invalid escape sequence '\\q' in a string"),
        ("heredoc_unterminated_interpolation.tf", 4, "unterminated interpolation"),
        ("template_if_without_endif.tf", 2, "the template 'if' directive has no matching 'endif'"),
    ],
)
def test_malformed_files_raise_one_clear_error(fixture: str, line: int, message: str) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        read_fixture(f"malformed/{fixture}")
    assert (caught.value.line, caught.value.message) == (line, message)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('a = "${foo(}"\n', 1, "unexpected token '}'"),
        ("a = <<EOT\nx ${1 +}\nEOT\n", 2, "incomplete expression '1 +'"),
        ('resource "a${x}" "b" {}\n', 1, "a block label must be a plain quoted string"),
        ("a = (1 + 2\nb = 3\n", 2, "unexpected token 'b'"),
        ("a = [1, 2\n", 1, "unexpected end of file; the '[' on line 1 is not closed"),
        ("a = " + "[" * 250 + "]" * 250 + "\n", 1, "brackets are nested more than 200 levels deep"),
        ('a = "%{ endif }"\n', 1, "unexpected template directive 'endif'"),
        ("a = <<EOT\n%{ frobnicate }\nEOT\n", 2, "'frobnicate' is not a template directive (expected if, else, endif, for or endfor)"),
    ],
)
def test_syntax_errors_in_expressions(text: str, line: int, message: str) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        read_hcl(text, "t.tf")
    assert (caught.value.line, caught.value.message) == (line, message)


@pytest.mark.parametrize(
    "text",
    ["}", "{", "a", "a =", "= 1", "a = {", 'a = "', "a = ${x}", "a = 1 +", "<<EOT", "a = [for]", "\x00", "a = 1\n\\"],
)
def test_no_lark_exception_escapes(text: str) -> None:
    with pytest.raises(HclSyntaxError) as caught:
        read_hcl(text, "t.tf")
    assert caught.value.line >= 1
    assert caught.value.message and "\n" not in caught.value.message


def test_the_parser_is_loaded_from_python_hcl2_cached_tables(caplog: pytest.LogCaptureFixture) -> None:
    from hcl2.parser import PARSER_FILE

    from scanner.parsers.terraform import hcl_reader

    hcl_reader._parser.cache_clear()
    lark_logger = logging.getLogger("lark")
    previous = lark_logger.level
    lark_logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger="lark"):
            hcl_reader._parser()
    finally:
        lark_logger.setLevel(previous)
    assert f"Loading grammar from cache: {PARSER_FILE}" in caplog.text
    assert "Saving grammar to cache" not in caplog.text


def test_every_truncation_or_deletion_of_a_valid_file_parses_or_raises_a_syntax_error() -> None:
    text = (DATA / "heredocs.tf").read_text(encoding="utf-8")
    outcomes = {"parsed": 0, "rejected": 0}
    for cut in range(len(text)):
        for variant in (text[:cut], text[:cut] + text[cut + 1 :]):
            try:
                read_hcl(variant, "t.tf")
                outcomes["parsed"] += 1
            except HclSyntaxError as error:
                assert error.line >= 1 and error.message and "\n" not in error.message
                outcomes["rejected"] += 1
    assert outcomes["rejected"] > 0 and outcomes["parsed"] > 0
