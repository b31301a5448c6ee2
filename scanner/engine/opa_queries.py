"""Build the ad-hoc Rego queries the OPA backend sends, and read their answers back.

Every rule is read through a collecting comprehension, ``[v | v := data.p.deny]``: the result is
``[]`` when the rule is undefined and ``[value]`` otherwise, so one undefined rule never makes
the whole query undefined, and one query can carry many rules. Per-case ``data`` (conftest's
``data.conftest.file``) is applied with ``with data.<path> as <value>`` modifiers, one per leaf,
which merges it for that evaluation only, as the embedded engine does.

Two query shapes (``POST /v1/query``):

* one case: ``r0 = [v | v := <rule 0> <with...>]; r1 = ...`` with the case's input sent as the
  request's ``input`` (OPA decodes it as JSON; best for one big graph);
* a batch: ``c0 = [[<collector per rule, with input as d>] | d := <input JSON>]; c1 = ...``,
  several small documents per request, the input given once per case as a literal (JSON text is
  valid Rego) and bound in a comprehension so it is not echoed back in the answer.

Only rule paths of the shape the engine builds (``data.a.b``, ``data.a["b-c"]``) are accepted,
so nothing but data references and JSON values ever enters a query.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RULE_PATH = re.compile(r'^data(?:\.[A-Za-z_][A-Za-z0-9_]*|\["(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"\])+$')
_RESERVED = frozenset(
    {"as", "default", "else", "false", "import", "not", "null", "package", "some", "true", "with", "if", "contains", "in", "every"}
)


class QueryShapeError(Exception):
    """The answer to a query does not have the shape the query asked for."""


@dataclass(frozen=True)
class PreparedCase:
    """One evaluation case ready for a query.

    ``input_value`` is the decoded input and ``input_json`` its JSON text (both None when the case
    has no input). ``modifiers`` is the ``with data...`` text for the case's own data ("" if none).
    """

    input_value: Any
    input_json: str | None
    modifiers: str

    @property
    def has_input(self) -> bool:
        """True when the case defines ``input``."""
        return self.input_json is not None

    @property
    def size(self) -> int:
        """Approximate number of bytes the case adds to a batch query."""
        return len(self.input_json or "") + len(self.modifiers)


def check_rule_path(path: str) -> str:
    """Return ``path`` when it is a plain data reference (``data.a.b``, ``data.a["b-c"]``); else ValueError."""
    if not _RULE_PATH.match(path):
        raise ValueError(f"not a plain data reference: {path!r}")
    return path


def data_reference(segments: Sequence[str]) -> str:
    """``data`` followed by each segment, dotted when it is an identifier, quoted otherwise."""
    text = "data"
    for segment in segments:
        text += f".{segment}" if _IDENTIFIER.match(segment) and segment not in _RESERVED else f"[{json.dumps(segment)}]"
    return text


def data_modifiers(data: Mapping[str, Any] | None) -> str:
    """``with data.<path> as <value>`` for every leaf of ``data`` (sorted; "" when there is no data).

    A leaf is any value that is not a non-empty object, so nested objects merge key by key with
    what the server already has, instead of replacing whole documents.
    """
    if not data:
        return ""
    leaves: list[tuple[list[str], Any]] = []
    _collect_leaves([], data, leaves)
    parts = [f"with {data_reference(path)} as {json.dumps(value, separators=(',', ':'), ensure_ascii=False)}" for path, value in leaves]
    return " ".join(sorted(parts))


def prepare_case(input_json: str | None, data: Mapping[str, Any] | None, base_modifiers: str = "") -> PreparedCase:
    """Decode and check a case's input; raise ValueError when it is not strict JSON (NaN included).

    The text is kept as given: strict JSON is also a valid Rego term, so batches embed it as is.
    """
    value = None if input_json is None else json.loads(input_json, parse_constant=_reject_constant)
    modifiers = " ".join(part for part in (base_modifiers, data_modifiers(data)) if part)
    return PreparedCase(value, None if input_json is None else input_json.strip(), modifiers)


def needs_literal_input(case: PreparedCase) -> bool:
    """True when the input cannot travel in the request body: the client drops falsy inputs."""
    return case.has_input and not case.input_value


def case_query(rule_paths: Sequence[str], case: PreparedCase, literal_input: bool) -> str:
    """The single-case query: ``r<j> = [v | v := <rule j> ...]`` for every rule."""
    modifiers = case.modifiers
    if literal_input and case.has_input:
        modifiers = f"with input as {case.input_json} {modifiers}".strip()
    return "; ".join(f"r{index} = {_collector(path, modifiers)}" for index, path in enumerate(rule_paths))


def batch_query(rule_paths: Sequence[str], cases: Sequence[PreparedCase]) -> str:
    """The batch query: ``c<k> = [[collector per rule] | d := <input k>]`` for every case."""
    statements = []
    for index, case in enumerate(cases):
        if case.has_input:
            modifiers = f"with input as d {case.modifiers}".strip()
            collectors = ", ".join(_collector(path, modifiers) for path in rule_paths)
            statements.append(f"c{index} = [[{collectors}] | d := {case.input_json}]")
        else:
            collectors = ", ".join(_collector(path, case.modifiers) for path in rule_paths)
            statements.append(f"c{index} = [[{collectors}]]")
    return "; ".join(statements)


def decode_case_answer(answer: Any, rule_count: int) -> list[tuple[bool, Any]]:
    """(defined, value) per rule from the answer to :func:`case_query`."""
    bindings = _only_row(answer)
    return [_collected(bindings.get(f"r{index}")) for index in range(rule_count)]


def decode_batch_answer(answer: Any, rule_count: int, case_count: int) -> list[list[tuple[bool, Any]]]:
    """(defined, value) per rule, per case, from the answer to :func:`batch_query`."""
    bindings = _only_row(answer)
    decoded = []
    for index in range(case_count):
        wrapped = bindings.get(f"c{index}")
        if not (isinstance(wrapped, list) and len(wrapped) == 1 and isinstance(wrapped[0], list) and len(wrapped[0]) == rule_count):
            raise QueryShapeError(f"binding c{index} is missing or malformed")
        decoded.append([_collected(item) for item in wrapped[0]])
    return decoded


def _reject_constant(name: str) -> Any:
    """Refuse NaN and Infinity, which neither JSON nor Rego can carry."""
    raise ValueError(f"the input holds {name}, which is not a JSON value")


def _collector(rule_path: str, modifiers: str) -> str:
    """``[v | v := <rule> <modifiers>]``."""
    suffix = f" {modifiers}" if modifiers else ""
    return f"[v | v := {rule_path}{suffix}]"


def _collected(item: Any) -> tuple[bool, Any]:
    """Read one collector's value: ``[]`` is undefined, ``[x]`` is x."""
    if not isinstance(item, list) or len(item) > 1:
        raise QueryShapeError("a rule result is missing or malformed")
    return (True, item[0]) if item else (False, None)


def _only_row(answer: Any) -> Mapping[str, Any]:
    """The single row of bindings an ad-hoc query of assignments returns."""
    rows = answer.get("result") if isinstance(answer, Mapping) else None
    if not isinstance(rows, list) or len(rows) != 1 or not isinstance(rows[0], Mapping):
        raise QueryShapeError("expected exactly one row of bindings")
    return rows[0]


def _collect_leaves(path: list[str], value: Any, leaves: list[tuple[list[str], Any]]) -> None:
    """Depth-first leaves of a JSON object (non-empty objects are descended into)."""
    if isinstance(value, Mapping) and value:
        for key, item in value.items():
            _collect_leaves(path + [str(key)], item, leaves)
    else:
        leaves.append((path, value))
