"""Read the structure of one Rego module: its package, its Rego version and its rule heads.

The loader needs to know, before evaluating anything, which package a module declares, which
rules it defines (``deny``, ``warn_x``, ``exception``, ``test_y``) and on which line, and whether
it is written in Rego v0 or v1. This module answers from regorus' own parser (its AST), so the
answer matches what the engine will evaluate, whatever backend evaluates it later.

Version detection, per module: a module importing ``rego.v1`` is v1; one importing
``future.keywords`` is tried as v0 first (that import is the mark of v0-era policies), then v1;
any other module is tried as v1 first, then v0. When both fail, the v1 error is reported unless
it only complains about v1 keywords (a v0 module with a real mistake elsewhere), in which case
the v0 error is the one about the real mistake.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from scanner.engine.backend import PolicyCompileError, RegoVersion
from scanner.engine.regorus_backend import (
    MAX_POLICY_BYTES,
    MAX_POLICY_COLUMNS,
    MAX_POLICY_LINES,
    import_regorus,
    parse_engine_message,
    silenced_stderr,
)

_IMPORT_V1 = re.compile(r"^\s*import\s+rego\.v1\b", re.MULTILINE)
_IMPORT_FUTURE = re.compile(r"^\s*import\s+future\.keywords\b", re.MULTILINE)


@dataclass(frozen=True)
class RuleHead:
    """One rule definition of a module.

    ``name`` is the first segment of the rule's reference (``deny`` for ``deny contains msg``,
    ``a`` for ``a.b.c := 1``). ``kind`` is one of "set" (``deny contains x``, v0 ``deny[x] {``),
    "set_like_object" (v1 ``deny[x] if``: an object whose values are all true, read as a set),
    "object" (``p[k] := v``), "complete" (``p := v``, ``p if``), "function" or "default".
    """

    name: str
    line: int
    kind: str


@dataclass(frozen=True)
class ParsedModule:
    """The structure of a module: package path segments (without ``data``), version, rule heads."""

    package_parts: tuple[str, ...]
    package_line: int
    version: RegoVersion
    rules: tuple[RuleHead, ...]

    @property
    def package(self) -> str:
        """The package as written after ``package``, e.g. ``bastion.rules.dkr001``."""
        return ".".join(self.package_parts)

    def rule_names(self) -> list[str]:
        """The distinct rule names of the module, sorted."""
        return sorted({head.name for head in self.rules})


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def data_path(package_parts: tuple[str, ...], rule: str | None = None) -> str:
    """The ``data`` reference of a package or of one of its rules, quoting odd segments.

    ``("a", "b-c"), "deny"`` gives ``data.a["b-c"].deny``.
    """
    text = "data"
    for part in (*package_parts, *([rule] if rule else [])):
        text += f".{part}" if _IDENTIFIER.match(part) else f"[{json.dumps(part)}]"
    return text


def parse_module(filename: str, source: str) -> ParsedModule:
    """Parse ``source`` and return its structure; raise PolicyCompileError when it is not valid Rego."""
    if _IMPORT_V1.search(source):
        order = (RegoVersion.V1,)
    elif _IMPORT_FUTURE.search(source):
        order = (RegoVersion.V0, RegoVersion.V1)
    else:
        order = (RegoVersion.V1, RegoVersion.V0)
    failures: dict[RegoVersion, PolicyCompileError] = {}
    for version in order:
        try:
            ast = _parse_ast(filename, source, version)
        except PolicyCompileError as exc:
            failures[version] = exc.with_traceback(None)  # a kept traceback would pin regorus engines
            continue
        return _structure(ast, version)
    v1_failure = failures[RegoVersion.V1]
    if RegoVersion.V0 in failures and "keyword is required" in v1_failure.message:
        raise failures[RegoVersion.V0]
    raise v1_failure


def _parse_ast(filename: str, source: str, version: RegoVersion) -> dict[str, Any]:
    """Parse with a scratch regorus engine and return the module's AST as JSON data."""
    regorus = import_regorus()
    engine = regorus.Engine()
    engine.set_policy_length_config(max_col=MAX_POLICY_COLUMNS, max_file_bytes=MAX_POLICY_BYTES, max_lines=MAX_POLICY_LINES)
    engine.set_rego_v0(version is RegoVersion.V0)
    try:
        with silenced_stderr():
            engine.add_policy(filename, source)
    except (RuntimeError, ValueError) as exc:
        _, line, message = parse_engine_message(str(exc))
        raise PolicyCompileError(filename, line, message) from None
    return json.loads(engine.get_ast_as_json())[0]["ast"]


def _structure(ast: dict[str, Any], version: RegoVersion) -> ParsedModule:
    """Extract package and rule heads from a regorus module AST."""
    package_ref = ast["package"]["refr"]
    heads: list[RuleHead] = []
    for rule in ast.get("rules", []):
        (rule_type, body), = rule.items()
        if rule_type == "Default":
            heads.append(RuleHead(_root_name(body["refr"]), body["span"]["line"], "default"))
            continue
        (head_type, head), = body["head"].items()
        name = _root_name(head["refr"])
        line = head["span"]["line"]
        if head_type == "Set":
            kind = "set"
        elif head_type == "Func":
            kind = "function"
        else:
            kind = _comprehension_kind(head)
        heads.append(RuleHead(name, line, kind))
    return ParsedModule(
        package_parts=tuple(_ref_parts(package_ref)),
        package_line=ast["package"]["span"]["line"],
        version=version,
        rules=tuple(heads),
    )


def _comprehension_kind(head: dict[str, Any]) -> str:
    """Classify a ``Compr`` head: complete value, partial object, or v1 ``p[x] if`` set-like object."""
    ref = head["refr"]
    if "Var" in ref:
        return "complete"
    if "RefBrack" in ref and "Var" in ref["RefBrack"]["refr"]:
        return "object" if head.get("assign") else "set_like_object"
    return "object"


def _root_name(ref: dict[str, Any]) -> str:
    """The first variable of a rule reference (``deny`` in ``deny[x]``, ``a`` in ``a.b``)."""
    return _ref_parts(ref)[0]


def _ref_parts(ref: dict[str, Any]) -> list[str]:
    """The segments of a dotted or bracketed reference; non-string brackets stay as ``[...]``."""
    (ref_type, node), = ref.items()
    if ref_type == "Var":
        return [node["value"]]
    if ref_type == "RefDot":
        return _ref_parts(node["refr"]) + [node["field"][1]]
    if ref_type == "RefBrack":
        index = node.get("index", {})
        if "String" in index:
            return _ref_parts(node["refr"]) + [index["String"]["value"]]
        return _ref_parts(node["refr"]) + ["[...]"]
    return ["?"]
