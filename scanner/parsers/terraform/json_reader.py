"""Read Terraform JSON (``.tf.json``, ``.tfvars.json``) into the syntax tree of ``syntax.py``.

Follows Terraform's JSON configuration syntax: top-level keys are block types; each label is
one more object level (``resource`` and ``data`` have two, ``variable``, ``output``,
``module``, ``provider`` and ``check`` one, ``locals`` and ``terraform`` none); an array of
objects at any level stands for repeated blocks; ``"//"`` keys are comments. Strings are
templates (``"${var.env}-logs"``), parsed with the HCL expression parser. In ``.tfvars.json``
every top-level key is a variable value, taken literally.

JSON cannot tell a nested block from an object-valued argument without the provider's schema.
Inside ``resource``, ``data`` and ``provider`` bodies an object (or array of objects) becomes a
nested block, as security-relevant settings such as ``versioning`` or
``server_side_encryption_configuration`` are blocks, except for the meta-arguments and the
map arguments listed in :data:`MAP_ARGUMENTS` (``tags``, ``labels``, ...). Elsewhere (locals,
module inputs, variable defaults) objects are values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.parsers.terraform.expressions import Literal, ObjectCons, TupleCons
from scanner.parsers.terraform.hcl_errors import HclSyntaxError
from scanner.parsers.terraform.hcl_reader import parse_expression
from scanner.parsers.terraform.json_tree import JsonValue, parse_json
from scanner.parsers.terraform.syntax import Attribute, Block, Body, Expr, HclFile
from scanner.parsers.terraform.template_scanner import has_template_sequences, scan_template
from scanner.parsers.terraform.templates import assemble

COMMENT_KEY = "//"
MAP_ARGUMENTS = frozenset(
    {"tags", "tags_all", "labels", "annotations", "variables", "triggers", "parameters"}
)
META_ARGUMENTS = frozenset({"count", "for_each", "depends_on", "provider", "providers", "source", "version"})


@dataclass(frozen=True)
class _Schema:
    """Which keys of a body are nested blocks (type -> label count and schema)."""

    blocks: dict[str, tuple[int, _Schema]] = field(default_factory=dict)
    guess_blocks: bool = False


_ATTRIBUTES = _Schema()
_CONDITIONS = {"precondition": (0, _ATTRIBUTES), "postcondition": (0, _ATTRIBUTES)}
_LIFECYCLE = _Schema({**_CONDITIONS})
_GUESSED = _Schema(guess_blocks=True)
_RESOURCE_BLOCKS: dict[str, tuple[int, _Schema]] = {
    "lifecycle": (0, _LIFECYCLE),
    "connection": (0, _ATTRIBUTES),
    "provisioner": (1, _Schema({"connection": (0, _ATTRIBUTES)}, guess_blocks=True)),
    "dynamic": (1, _Schema({"content": (0, _GUESSED)})),
}
_RESOURCE = _Schema(_RESOURCE_BLOCKS, guess_blocks=True)
_GUESSED.blocks.update(_RESOURCE_BLOCKS)

TOP_LEVEL: dict[str, tuple[int, _Schema]] = {
    "resource": (2, _RESOURCE),
    "data": (2, _RESOURCE),
    "ephemeral": (2, _RESOURCE),
    "provider": (1, _Schema(guess_blocks=True)),
    "module": (1, _ATTRIBUTES),
    "variable": (1, _Schema({"validation": (0, _ATTRIBUTES)})),
    "output": (1, _Schema({**_CONDITIONS})),
    "locals": (0, _ATTRIBUTES),
    "terraform": (
        0,
        _Schema(
            {
                "required_providers": (0, _ATTRIBUTES),
                "backend": (1, _ATTRIBUTES),
                "cloud": (0, _Schema({"workspaces": (0, _ATTRIBUTES)})),
                "provider_meta": (1, _ATTRIBUTES),
            }
        ),
    ),
    "check": (1, _Schema({"data": (2, _RESOURCE), "assert": (0, _ATTRIBUTES)})),
    "moved": (0, _ATTRIBUTES),
    "import": (0, _ATTRIBUTES),
    "removed": (0, _Schema({"lifecycle": (0, _LIFECYCLE), "provisioner": _RESOURCE_BLOCKS["provisioner"]})),
}


def read_hcl_json(text: str, path: str) -> HclFile:
    """Parse Terraform JSON ``text`` (the file at ``path``) into an :class:`HclFile`.

    ``.tfvars.json`` files give top-level attributes with literal values; other files give
    blocks. Raises :class:`HclSyntaxError` for invalid JSON or a structure Terraform rejects.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    root = parse_json(text)
    if root.kind != "object":
        raise HclSyntaxError("a Terraform JSON file must hold a JSON object", root.line)
    if path.endswith(".tfvars.json"):
        return HclFile(path, _variable_values(root))
    blocks: list[Block] = []
    for member in root.value:
        if member.key == COMMENT_KEY:
            continue
        labels, schema = TOP_LEVEL.get(member.key, (0, _ATTRIBUTES))
        blocks.extend(_blocks(member.key, member.value, labels, schema, (), member.line))
    return HclFile(path, Body({}, tuple(blocks)))


def _variable_values(root: JsonValue) -> Body:
    attributes: dict[str, Attribute] = {}
    for member in root.value:
        value = member.value
        expr = Literal(value.plain(), value.line, value.end_line)
        attributes[member.key] = Attribute(member.key, expr, member.line, value.end_line)
    return Body(attributes, ())


def _blocks(
    block_type: str, node: JsonValue, labels_left: int, schema: _Schema, labels: tuple[str, ...], line: int
) -> list[Block]:
    """The blocks of ``block_type`` that ``node`` describes (label levels and arrays unfolded)."""
    if node.kind == "array":
        return [b for item in node.value for b in _blocks(block_type, item, labels_left, schema, labels, item.line)]
    if node.kind != "object":
        raise HclSyntaxError(f"the '{block_type}' block must be written as a JSON object", node.line)
    if labels_left == 0:
        return [Block(block_type, labels, _body(node, schema), line, node.end_line)]
    result: list[Block] = []
    for member in node.value:
        if member.key != COMMENT_KEY:
            result.extend(_blocks(block_type, member.value, labels_left - 1, schema, (*labels, member.key), member.line))
    return result


def _looks_like_block(node: JsonValue) -> bool:
    if node.kind == "object":
        return True
    return node.kind == "array" and bool(node.value) and all(item.kind == "object" for item in node.value)


def _body(node: JsonValue, schema: _Schema) -> Body:
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for member in node.value:
        key, value = member.key, member.value
        if key == COMMENT_KEY:
            continue
        nested = schema.blocks.get(key)
        if nested is None and schema.guess_blocks and key not in META_ARGUMENTS and key not in MAP_ARGUMENTS:
            if _looks_like_block(value):
                nested = (0, _GUESSED)
        if nested is not None:
            blocks.extend(_blocks(key, value, nested[0], nested[1], (), member.line))
            continue
        previous = attributes.get(key)
        if previous is not None:
            raise HclSyntaxError(f"the argument '{key}' is already set on line {previous.line}", member.line)
        attributes[key] = Attribute(key, expression(value), member.line, value.end_line)
    return Body(attributes, tuple(blocks))


def expression(node: JsonValue) -> Expr:
    """The expression a JSON value stands for: strings are templates, containers recurse."""
    if node.kind == "string":
        return _template(node.value, node.line)
    if node.kind == "array":
        return TupleCons(tuple(expression(item) for item in node.value), node.line, node.end_line)
    if node.kind == "object":
        items = tuple((_template(m.key, m.line), expression(m.value)) for m in node.value)
        return ObjectCons(items, node.line, node.end_line)
    return Literal(node.value, node.line, node.end_line)


def _template(text: str, line: int) -> Expr:
    if not has_template_sequences(text):
        return Literal(text, line)
    return assemble(scan_template(text, line, parse_expression, count_lines=False), line, line)
