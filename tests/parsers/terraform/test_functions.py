"""Built-in functions: one or more exact cases per function, errors, unknowns, try and can."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.parsers.terraform.expressions import MappingScope
from scanner.parsers.terraform.functions import REGISTRY, decode_json_document, is_known_function
from scanner.parsers.terraform.hcl_reader import parse_expression
from scanner.parsers.terraform.semantics import EvalError
from scanner.parsers.terraform.syntax import Unknown

SCOPE = MappingScope(
    {
        "var": {
            "m": {"a": 1, "b": 2},
            "l": ["x", "y", "z"],
            "nothing": None,
            "pending": Unknown("variable without a value"),
            "config": {"name": "web"},
        }
    }
)


def call(source: str) -> Any:
    return parse_expression(source, 1).evaluate(SCOPE)


CASES: list[tuple[str, Any]] = [
    # strings
    ('format("%s-%03d", "web", 7)', "web-007"),
    ('format("%.2f|%5s|%-5s|%q|%t|%x|%%", 3.14159, "ab", "cd", "q", true, 255)', '3.14|   ab|cd   |"q"|true|ff|%'),
    ('format("%v %v %v", "s", 1.5, [1, "a"])', 's 1.5 [1,"a"]'),
    ('format("%[2]s %[1]s", "a", "b")', "b a"),
    ('formatlist("%s=%s", ["a", "b"], "v")', ["a=v", "b=v"]),
    ('formatlist("%s-%s", ["a", "b"], ["1", "2"])', ["a-1", "b-2"]),
    ('join(", ", ["a", "b"], ["c"])', "a, b, c"),
    ('split(",", "a,b,,c")', ["a", "b", "", "c"]),
    ('split(",", "")', [""]),
    ('lower("AbC")', "abc"),
    ('upper("AbC")', "ABC"),
    ('title("hello wORLD-foo bar_baz")', "Hello WORLD-Foo Bar_baz"),
    ('trimspace("  a b \\n")', "a b"),
    ('trim("?!hello?!", "!?")', "hello"),
    ('trimprefix("helloworld", "hello")', "world"),
    ('trimsuffix("helloworld", "world")', "hello"),
    ('chomp("hello\\n\\n")', "hello"),
    ('strrev("abc")', "cba"),
    ('indent(2, "a\\nb")', "a\n  b"),
    ('replace("1 + 2 + 3", "+", "-")', "1 - 2 - 3"),
    ('replace("hello world", "/w(or)ld/", "$1 W$${1}")', "hello or Wor"),
    ('replace("a.b.c", "/\\\\./", "$$")', "a$b$c"),
    ('substr("hello world", 1, 4)', "ello"),
    ('substr("hello world", -5, -1)', "world"),
    ('regex("[a-z]+", "53454 abc 123")', "abc"),
    ('regex("(\\\\d\\\\d\\\\d\\\\d)-(\\\\d\\\\d)", "2019-02-01")', ["2019", "02"]),
    ('regex("(?P<y>\\\\d+)-(?P<m>\\\\d+)", "2019-02")', {"m": "02", "y": "2019"}),
    ('regexall("[a-z]+", "1234abcd5678efgh9")', ["abcd", "efgh"]),
    ('regexall("x", "abc")', []),
    ('startswith("hello", "he")', True),
    ('endswith("hello", "lo")', True),
    ('strcontains("hello", "ell")', True),
    # collections
    ('length([1, 2, data.x.y])', 3),
    ('length({a = 1})', 1),
    ('length("héllo")', 5),
    ("concat([1], [2, 3], [])", [1, 2, 3]),
    ('merge({a = 1, b = 2}, null, {b = 3})', {"a": 1, "b": 3}),
    ('lookup(var.m, "a", 0)', 1),
    ('lookup(var.m, "z", 0)', 0),
    ("element(var.l, 4)", "y"),
    ('contains(var.l, "y")', True),
    ("contains([1, 2], \"1\")", False),
    ('index(var.l, "z")', 2),
    ("keys({b = 1, a = 2})", ["a", "b"]),
    ("values({b = 1, a = 2})", [2, 1]),
    ('coalesce(null, "", "b", "c")', "b"),
    ("coalesce(null, 2)", 2),
    ("coalescelist([], [1], [2])", [1]),
    ('compact(["a", "", null, "b"])', ["a", "b"]),
    ("distinct([1, 2, 1, 3, 2])", [1, 2, 3]),
    ("flatten([[1, [2, [3]]], [], 4])", [1, 2, 3, 4]),
    ("slice(var.l, 1, 3)", ["y", "z"]),
    ('sort(["b", "a", "c"])', ["a", "b", "c"]),
    ("sort([10, 9])", ["10", "9"]),
    ("reverse([1, 2, 3])", [3, 2, 1]),
    ("range(3)", [0, 1, 2]),
    ("range(1, 4)", [1, 2, 3]),
    ("range(4, 1)", [4, 3, 2]),
    ("range(0, 1, 0.25)", [0, 0.25, 0.5, 0.75]),
    ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    ("one([])", None),
    ('one(["x"])', "x"),
    ('setunion(["b", "a"], ["c", "a"])', ["a", "b", "c"]),
    ('setintersection(["a", "b", "c"], ["b", "c", "d"], ["c", "b"])', ["b", "c"]),
    ('setsubtract(["a", "b", "c"], ["b"])', ["a", "c"]),
    ('setproduct(["a", "b"], [1, 2])', [["a", 1], ["a", 2], ["b", 1], ["b", 2]]),
    ("chunklist([1, 2, 3, 4, 5], 2)", [[1, 2], [3, 4], [5]]),
    ('transpose({a = ["1", "2"], b = ["2", "3"]})', {"1": ["a"], "2": ["a", "b"], "3": ["b"]}),
    ('matchkeys(["i-1", "i-2"], ["a", "b"], ["b"])', ["i-2"]),
    ('alltrue([true, "true"])', True),
    ("alltrue([])", True),
    ("anytrue([false, true])", True),
    ("anytrue([])", False),
    ("sum([1, 2.5, \"3\"])", 6.5),
    # conversions
    ("tostring(1.5)", "1.5"),
    ("tostring(true)", "true"),
    ("tostring(null)", None),
    ('tonumber("42")', 42),
    ('tonumber("1e2")', 100),
    ('tobool("false")', False),
    ('tolist(["a", 1])', ["a", "1"]),
    ('toset(["b", "a", "b"])', ["a", "b"]),
    ('toset([2, 10, 1])', [1, 2, 10]),
    ('tomap({a = "x", b = true})', {"a": "x", "b": "true"}),
    ('sensitive("s")', "s"),
    ('nonsensitive("s")', "s"),
    # encoding
    ('jsonencode({b = [1, true, null], a = "<&>", c = 1.5})', '{"a":"\\u003c\\u0026\\u003e","b":[1,true,null],"c":1.5}'),
    ('jsondecode("{\\"a\\": [1, 2.0, \\"x\\"]}")', {"a": [1, 2, "x"]}),
    ('yamlencode({b = ["x"], a = 1})', '"a": 1\n"b":\n- "x"\n'),
    ('yamldecode("a: 1\\nb: [x, 2021-01-01]\\n")', {"a": 1, "b": ["x", "2021-01-01"]}),
    ('base64encode("hello")', "aGVsbG8="),
    ('base64decode("aGVsbG8=")', "hello"),
    ('urlencode("a b&c=d/é")', "a+b%26c%3Dd%2F%C3%A9"),
    ('md5("hello")', "5d41402abc4b2a76b9719d911017c592"),
    ('sha1("hello")', "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
    ('sha256("hello")', "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
    ('base64sha256("hello")', "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="),
    ('sha512("a")', "1f40fc92da241694750979ee6cf582f2d5d7d28e18335de05abc54d0560e0f5302860c652bf08d560252aa5e74210546f369fbbbce8c12cfc7957b2652fe9a75"),
    ('base64sha512("a")', "H0D8ktokFpR1CXnubPWC8tXX0o4YM13gWrxU0FYOD1MChgxlK/CNVgJSql50IQVG82n7u86MEs/HlXsmUv6adQ=="),
    ('uuidv5("dns", "example.com")', "cfbff0d1-9375-5685-968c-48ce8b15ae17"),
    # numbers
    ("min(3, 1.5, \"2\")", 1.5),
    ("max(3, 10)", 10),
    ("abs(-2.5)", 2.5),
    ("ceil(1.2)", 2),
    ("floor(-1.2)", -2),
    ("signum(-7)", -1),
    ('parseint("FF", 16)', 255),
    ('parseint("-101", 2)', -5),
    ("log(8, 2)", 3),
    ("pow(2, 10)", 1024),
    # networks
    ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    ('cidrsubnet("10.1.2.3/16", 4, 15)', "10.1.240.0/20"),
    ('cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)', "fd00:fd12:3456:7800:a200::/72"),
    ('cidrhost("10.12.112.0/20", 16)', "10.12.112.16"),
    ('cidrhost("10.12.112.0/20", -2)', "10.12.127.254"),
    ('cidrnetmask("172.16.0.0/12")', "255.240.0.0"),
    ('cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)', ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]),
    # expansion of the last argument
    ('join("-", var.l...)', EvalError("join(): a list is required, got string")),
    ("min([3, 1, 2]...)", 1),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_function_results(source: str, expected: Any) -> None:
    result = call(source)
    assert result == expected
    if not isinstance(expected, (list, dict)):
        assert type(result) is type(expected)


REQUIRED = """format formatlist join split lower upper title trimspace trim trimprefix trimsuffix replace substr
regex regexall concat merge lookup element contains keys values length coalesce coalescelist compact distinct
flatten slice sort reverse range zipmap index one try can tostring tonumber tobool tolist toset tomap jsonencode
jsondecode yamlencode yamldecode base64encode base64decode min max abs ceil floor signum parseint startswith
endswith strcontains cidrsubnet cidrhost cidrnetmask cidrsubnets setunion setintersection setsubtract chunklist
transpose alltrue anytrue sum md5 sha1 sha256""".split()


def test_every_required_function_is_implemented_and_tested() -> None:
    missing = [name for name in REQUIRED if not is_known_function(name)]
    assert missing == []
    tested = {source.split("(", 1)[0] for source, _ in CASES} | {"try", "can"}
    assert sorted(set(REGISTRY) - tested) == []


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ('lookup(var.m, "z")', "lookup(): the map has no key 'z' and no default was given"),
        ("element([], 0)", "element(): cannot use element on an empty list"),
        ("one([1, 2])", "one(): one needs at most one element, got 2"),
        ('regex("x", "abc")', "regex(): the pattern 'x' does not match"),
        ('regex("(", "abc")', "regex(): invalid regular expression '(': missing ) at position 1"),
        ('tonumber("ten")', 'tonumber(): cannot convert "ten" to a number'),
        ('tobool("yes")', 'tobool(): cannot convert "yes" to a bool'),
        ("tostring([1])", "tostring(): a string is required, got list"),
        ('jsondecode("{")', "jsondecode(): invalid JSON: Expecting property name enclosed in double quotes"),
        ('yamldecode("a: 1\\n---\\nb: 2\\n")', "yamldecode(): yamldecode needs a single YAML document"),
        ('base64decode("!!")', "base64decode(): the argument is not valid Base64 of UTF-8 text"),
        ('cidrsubnet("10.0.0.0/16", 20, 0)', "cidrsubnet(): cannot extend the /16 prefix by 20 bits (at most /32)"),
        ('cidrsubnet("10.0.0.0/16", 2, 4)', "cidrsubnet(): the network number 4 does not fit in 2 bits"),
        ('cidrhost("10.0.0.0/30", 4)', "cidrhost(): host number 4 is outside the 4 addresses of 10.0.0.0/30"),
        ('cidrnetmask("not-a-cidr")', "cidrnetmask(): 'not-a-cidr' is not a CIDR prefix (address/length)"),
        ('cidrsubnets("10.0.0.0/30", 1, 1, 1)', "cidrsubnets(): not enough address space in 10.0.0.0/30 for all the requested subnets"),
        ("range(2000)", "range(): range would produce more than 1024 values"),
        ('zipmap(["a"], [1, 2])', "zipmap(): zipmap needs lists of equal length, got 1 and 2"),
        ('format("%d", 1.5)', "format(): %d needs a whole number, got 1.5"),
        ('format("%s %s", "a")', "format(): not enough arguments for the format string (verb %s)"),
        ("upper()", "upper() takes 1 argument, got 0"),
        ('substr("a", 1)', "substr() takes 3 arguments, got 2"),
        ("lookup({})", "lookup() takes 2 to 3 arguments, got 1"),
        ("coalesce(null, \"\")", "coalesce(): no non-null, non-empty argument"),
        ('parseint("0x1F", 16)', "parseint(): cannot parse '0x1F' as a base 16 integer"),
        ("sum([])", "sum(): cannot sum an empty list"),
        ("upper(var.nothing)", "upper(): the argument is null"),
        ("toset([[1], \"a\"])", "toset(): the elements have inconsistent types (list, string)"),
        ('jsondecode("' + "[" * 150 + "]" * 150 + '")', "jsondecode(): the JSON document is nested more than 100 levels deep"),
    ],
)
def test_function_errors_are_eval_errors_with_a_reason(source: str, reason: str) -> None:
    assert call(source) == EvalError(reason)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ('file("policy.json")', "function 'file' reads files"),
        ('templatefile("t.tpl", {})', "function 'templatefile' reads files"),
        ("uuid()", "function 'uuid' is not deterministic"),
        ("timestamp()", "function 'timestamp' is not deterministic"),
        ('bcrypt("pw")', "function 'bcrypt' is not deterministic"),
        ('provider::aws::arn_parse("arn")', "provider function 'provider::aws::arn_parse' is not evaluated"),
        ('formatdate("YYYY", "2020-01-01T00:00:00Z")', "function 'formatdate' is not supported"),
    ],
)
def test_functions_whose_result_cannot_be_known(source: str, reason: str) -> None:
    assert call(source) == Unknown(reason)


def test_unknown_arguments_make_the_result_unknown_unless_the_function_only_moves_them() -> None:
    pending = Unknown("variable without a value")
    assert call("upper(var.pending)") == pending
    assert call('join(",", ["a", var.pending])') == pending
    assert call('jsonencode({a = var.pending})') == pending
    assert call("length([var.pending, 1])") == 2
    assert call("concat([var.pending], [1])") == [pending, 1]
    assert call("merge({a = var.pending}, {b = 1})") == {"a": pending, "b": 1}
    assert call("keys({a = var.pending})") == ["a"]
    assert call("alltrue([false, var.pending])") is False
    assert call("alltrue([true, var.pending])") == pending
    assert call('coalesce(var.pending, "x")') == pending
    assert call('coalesce("x", var.pending)') == "x"


def test_try_returns_the_first_argument_without_an_error() -> None:
    assert call('try(var.config.port, var.config.name, "default")') == "web"
    assert call('try(var.missing, "default")') == "default"
    assert call('try(tonumber("x"), 5)') == 5
    assert call("try(var.config.port)") == EvalError("try(): no argument could be evaluated without an error")


def test_try_never_falls_back_past_an_unknown_value() -> None:
    assert call('try(data.aws_ami.x.id, "ami-default")') == Unknown("data.aws_ami.x.id")
    assert call('try(var.pending, "default")') == Unknown("variable without a value")
    assert call('try({a = var.pending}, {})') == Unknown("variable without a value")


def test_can_reports_whether_an_expression_evaluates() -> None:
    assert call('can(regex("^ami-", "ami-123"))') is True
    assert call('can(regex("^ami-", "nope"))') is False
    assert call("can(var.missing)") is False
    assert call("can(data.x.y)") == Unknown("data.x.y")
    assert call("can(1, 2)") == EvalError("can() takes 1 argument, got 2")


def test_jsonencode_output_decodes_to_the_same_document() -> None:
    policy = call(
        'jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["s3:GetObject"], Resource = "*"}]})'
    )
    assert policy == (
        '{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}'
    )
    assert decode_json_document(policy) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}],
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (' {"a": 1}\n', {"a": 1}),
        ("[1, 2]", [1, 2]),
        ('"just a string"', '"just a string"'),
        ("{not json", "{not json"),
        ("42", "42"),
        ({"already": "decoded"}, {"already": "decoded"}),
        (Unknown("x"), Unknown("x")),
    ],
)
def test_decode_json_document(value: Any, expected: Any) -> None:
    assert decode_json_document(value) == expected


def test_yamldecode_rejects_alias_bombs() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    scope = MappingScope({"local": {"doc": bomb}})
    result = parse_expression("yamldecode(local.doc)", 1).evaluate(scope)
    assert result == EvalError("yamldecode(): the YAML document expands to more than 100000 values")
