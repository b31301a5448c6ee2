"""Expression evaluation: operators, traversals, templates, for-expressions, unknowns, references."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from scanner.parsers.terraform.expressions import BinaryOp, Literal, MappingScope
from scanner.parsers.terraform.hcl_reader import parse_expression
from scanner.parsers.terraform.semantics import EvalError, OpenObject
from scanner.parsers.terraform.syntax import Unknown


class CountingLocals(Mapping[str, Any]):
    """A lazy mapping like the module evaluator's locals: values computed on first read."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.reads: list[str] = []

    def __getitem__(self, key: str) -> Any:
        self.reads.append(key)
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


SCOPE = MappingScope(
    {
        "var": {
            "env": "prod",
            "count": "3",
            "ports": [22, 443],
            "tags": {"team": "core", "app": "web"},
            "nothing": None,
            "servers": [{"name": "a", "ip": "10.0.0.1"}, {"name": "b", "ip": "10.0.0.2"}],
            "pending": Unknown("variable without a value"),
        },
        "aws_s3_bucket": {"logs": OpenObject({"bucket": "logs-bucket"})},
        "count": {"index": 1},
    }
)


def evaluate(source: str, scope: Any = SCOPE) -> Any:
    return parse_expression(source, 1).evaluate(scope)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 / 4", 2.5),
        ("10 / 2", 5),
        ("1.5 * 2", 3),
        ("7 % 3", 1),
        ("-7 % 3", -1),
        ("7.5 % 2", 1.5),
        ('var.count + 1', 4),
        ("-var.ports[0]", -22),
        ("2 > 1", True),
        ("2 <= 1", False),
        ('"10" >= 9', True),
        ('1 == "1"', False),
        ("true == 1", False),
        ("null == null", True),
        ("var.nothing == null", True),
        ('var.tags == {team = "core", app = "web"}', True),
        ("[1, 2] != [1, 2]", False),
        ("true && !false", True),
        ('"true" || false', True),
        ("1e3", 1000),
        ("0.5", 0.5),
    ],
)
def test_operators_follow_terraform_semantics(source: str, expected: Any) -> None:
    result = evaluate(source)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ('"x" + 1', "\"x\" + 1: '+' needs numbers, got the string 'x'"),
        ("true + 1", "true + 1: '+' needs numbers, got bool"),
        ("var.nothing * 2", "var.nothing * 2: '*' needs numbers, got null"),
        ("1 / 0", "1 / 0: division by zero"),
        ("!5", "!5: '!' needs a bool, got number"),
        ('!"yes"', "!\"yes\": '!' needs a bool, got the string 'yes'"),
        ("1 && true", "1 && true: '&&' needs bools, got number"),
        ('-"a"', "-\"a\": '-' needs numbers, got the string 'a'"),
        ("var.ports ? 1 : 2", "the condition var.ports is not a bool: a bool is required, got list"),
    ],
)
def test_type_errors_give_an_eval_error_with_a_reason(source: str, reason: str) -> None:
    assert evaluate(source) == EvalError(reason)


def test_unknown_operands_propagate_with_their_reason() -> None:
    assert evaluate("var.pending + 1") == Unknown("variable without a value")
    assert evaluate('var.pending == "x"') == Unknown("variable without a value")
    assert evaluate("[var.pending] == [1]") == Unknown("variable without a value")


def test_logical_operators_ignore_an_unknown_operand_that_cannot_change_the_result() -> None:
    assert evaluate("false && var.pending") is False
    assert evaluate("var.pending || true") is True
    assert evaluate("true && var.pending") == Unknown("variable without a value")


def test_a_known_condition_picks_its_branch_even_if_the_other_is_unknown() -> None:
    assert evaluate('var.env == "prod" ? "big" : data.aws_ami.x.id') == "big"
    assert evaluate('var.env != "prod" ? "big" : data.aws_ami.x.id') == Unknown("data.aws_ami.x.id")
    assert evaluate("var.pending ? 1 : 2") == Unknown("variable without a value")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("var.env", "prod"),
        ('var.tags["team"]', "core"),
        ("var.ports[1]", 443),
        ('var.ports["1"]', 443),
        ("var.ports.0", 22),
        ("var.ports[count.index]", 443),
        ("var.servers[*].name", ["a", "b"]),
        ("var.servers.*.ip", ["10.0.0.1", "10.0.0.2"]),
        ("var.nothing[*]", []),
        ("var.env[*]", ["prod"]),
        ("[for s in var.servers : s.name][1]", "b"),
        ("aws_s3_bucket.logs.bucket", "logs-bucket"),
    ],
)
def test_traversals(source: str, expected: Any) -> None:
    assert evaluate(source) == expected


@pytest.mark.parametrize(
    ("source", "result"),
    [
        ("data.aws_caller_identity.current.account_id", Unknown("data.aws_caller_identity.current.account_id")),
        ("aws_s3_bucket.logs.arn", Unknown("aws_s3_bucket.logs.arn")),
        ("var.missing", EvalError("var.missing does not exist")),
        ("var.tags.owner", EvalError("var.tags.owner does not exist")),
        ("var.ports[5]", EvalError("var.ports[5]: index 5 is out of range for 2 elements")),
        ("var.ports[0.5]", EvalError("var.ports[0.5]: the index 0.5 is not a whole number")),
        ("var.env.x", EvalError("var.env.x: cannot read attribute 'x' of a string")),
        ("var.nothing.x", EvalError("var.nothing.x: cannot read 'x' from a null value")),
        ("var.pending.x", Unknown("variable without a value")),
    ],
)
def test_missing_or_invalid_traversals_are_unknown_or_errors(source: str, result: Unknown) -> None:
    assert evaluate(source) == result


def test_lazy_mappings_are_read_only_where_needed() -> None:
    local = CountingLocals({"a": 1, "b": {"c": 2}})
    scope = MappingScope({"local": local})
    assert evaluate("local.b.c", scope) == 2
    assert local.reads == ["b"]
    assert evaluate("local", scope) == {"a": 1, "b": {"c": 2}}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('"${var.env}-logs"', "prod-logs"),
        ('"port ${var.ports[0]} ok=${true}"', "port 22 ok=true"),
        ('"${var.ports}"', [22, 443]),
        ('"${var.nothing}"', None),
        ('"%{ for k, v in var.tags }${k}=${v} %{ endfor }"', "app=web team=core "),
    ],
)
def test_templates(source: str, expected: Any) -> None:
    assert evaluate(source) == expected


def test_template_with_unknown_or_null_part() -> None:
    assert evaluate('"a-${data.x.y}-${var.env}"') == Unknown("data.x.y")
    assert evaluate('"a-${var.nothing}"') == EvalError("the template part ${var.nothing} is null")
    assert evaluate('"a-${var.ports}"') == EvalError("cannot insert a list into a string: ${var.ports}")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("[for p in var.ports : p + 1]", [23, 444]),
        ("[for i, p in var.ports : i]", [0, 1]),
        ("[for k, v in var.tags : k]", ["app", "team"]),
        ("[for v in var.tags : v]", ["web", "core"]),
        ('[for p in var.ports : p if p > 100]', [443]),
        ("{for s in var.servers : s.name => s.ip}", {"a": "10.0.0.1", "b": "10.0.0.2"}),
        ('{for s in var.servers : "all" => s.name...}', {"all": ["a", "b"]}),
        ("{for k, v in var.tags : v => k}", {"web": "app", "core": "team"}),
        ("[for p in [] : p]", []),
    ],
)
def test_for_expressions(source: str, expected: Any) -> None:
    assert evaluate(source) == expected


def test_for_expression_errors_and_unknowns() -> None:
    assert evaluate('{for s in var.servers : "k" => s}') == EvalError(
        "the for-expression produced the key 'k' twice; use '...' to group"
    )
    assert evaluate("[for p in var.nothing : p]") == EvalError("cannot iterate over var.nothing: it is null")
    assert evaluate("[for p in var.pending : p]") == Unknown("variable without a value")
    assert evaluate("[for p in var.ports : p if var.pending]") == Unknown("variable without a value")


def test_object_constructor_keys() -> None:
    assert evaluate('{(var.env) = 1, env = 2, "quoted" = 3, 4 = 5}') == {"prod": 1, "env": 2, "quoted": 3, "4": 5}
    assert evaluate("{(data.x.y) = 1}") == Unknown("data.x.y")
    assert evaluate("{(var.nothing) = 1}") == EvalError("object key (var.nothing) is null")


def test_collections_keep_unknown_elements_individually() -> None:
    assert evaluate("[1, data.x.y]") == [1, Unknown("data.x.y")]
    assert evaluate("{a = data.x.y, b = 2}") == {"a": Unknown("data.x.y"), "b": 2}


@pytest.mark.parametrize(
    ("source", "references"),
    [
        ("var.env", [("var", "env")]),
        ("aws_instance.web[0].id", [("aws_instance", "web", 0, "id")]),
        ('var.tags["team"]', [("var", "tags", "team")]),
        ("aws_instance.web[count.index].id", [("aws_instance", "web"), ("count", "index")]),
        ("aws_instance.web[*].id", [("aws_instance", "web")]),
        ('"${module.net.vpc_id}-${local.x}"', [("module", "net", "vpc_id"), ("local", "x")]),
        ("[for s in var.list : s.name if s.on]", [("var", "list")]),
        ("{for k, v in var.m : k => v.x + local.y}", [("var", "m"), ("local", "y")]),
        ("merge(local.a, {b = data.x.y.z})", [("local", "a"), ("data", "x", "y", "z")]),
        ("each.value ? path.module : self.id", [("each", "value"), ("path", "module"), ("self", "id")]),
        ("{tags = 1}", []),
        ("lookup(var.m, var.k)[0]", [("var", "m"), ("var", "k")]),
    ],
)
def test_references(source: str, references: list[tuple[Any, ...]]) -> None:
    assert parse_expression(source, 1).references() == references


@pytest.mark.parametrize(
    "source",
    [
        'var.a == "x" ? [1, 2] : {k = "v"}',
        "[for i, v in var.l : upper(v) if i > 0]",
        "{for k, v in var.m : k => v...}",
        "aws_instance.web[*].private_ip",
        "module.net.ids[count.index]",
        '"prefix-${var.x}-%{ if var.y }y%{ endif }"',
        "!(var.a && var.b)",
        "concat(var.l, [null, true, 1.5])",
    ],
)
def test_source_renders_the_expression_back(source: str) -> None:
    assert parse_expression(source, 1).source() == source


def test_absurdly_deep_expressions_evaluate_to_an_error_not_a_crash() -> None:
    expr: Any = Literal(1, 1)
    for _ in range(5000):
        expr = BinaryOp("+", expr, Literal(1, 1), 1, 1)
    assert expr.evaluate(SCOPE) == EvalError("the expression is nested too deeply to evaluate")
    assert expr.references() == []
