"""``count`` and ``for_each``: which instances a resource, data source or module call expands to.

A block without either is one instance. A known ``count`` gives ``[0]``..``[n-1]`` with
``count.index`` bound; a known ``for_each`` (a map, or a set of strings) gives one instance per
key, in Terraform's key order, with ``each.key`` and ``each.value`` bound. The number of instances
is bounded. An unknown value gives ONE instance whose ``count.index`` / ``each`` are Unknown and
whose expansion is marked unknown, so the block still becomes a node.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanner.model import InputError
from scanner.parsers.terraform.semantics import type_name
from scanner.parsers.terraform.syntax import Block, Scope, Unknown

FORMAT = "terraform"


@dataclass(frozen=True)
class Instance:
    """One instance of a block: its key (None, an index or a for_each key), the names bound while
    evaluating it, and the address suffix (``""``, ``[0]``, ``["a"]``)."""

    key: int | str | None
    bindings: dict[str, Any]
    suffix: str


@dataclass
class Expansion:
    """What a block expands to. ``mode`` is "single", "count" or "for_each"; ``unknown`` holds the
    reason when the count or for_each value could not be known (then there is exactly one
    instance, with suffix ""); ``errors`` are problems with the count/for_each value."""

    mode: str
    instances: list[Instance]
    unknown: Unknown | None = None
    errors: list[InputError] = field(default_factory=list)


@dataclass
class Budget:
    """How many block instances (resources, data sources, dynamic blocks) one root module
    evaluation may still create, so a small hostile configuration cannot multiply into millions."""

    total: int
    used: int = 0
    reported: bool = False

    def grant(self, wanted: int, path: str, line: int, what: str, errors: list[InputError]) -> int:
        """Grant up to ``wanted`` instances for ``what``; the first refusal is reported in ``errors``."""
        granted = max(0, min(wanted, self.total - self.used))
        self.used += granted
        if granted < wanted and not self.reported:
            self.reported = True
            message = (
                f"the configuration expands to more than {self.total:,} resource and block instances; "
                f"{what} and any later ones are cut short"
            )
            errors.append(InputError(path, line, FORMAT, message))
        return granted


def instance_suffix(key: int | str | None) -> str:
    """Terraform's address suffix for an instance key: ``[0]``, ``["a"]`` or ``""``."""
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(key, ensure_ascii=False)}]"


def expand(block: Block, scope: Scope, path: str, address: str, max_instances: int) -> Expansion:
    """Expand ``block`` (written in ``path``, Terraform address ``address``) in ``scope``."""
    count_attr = block.body.attributes.get("count")
    each_attr = block.body.attributes.get("for_each")
    if count_attr is not None:
        value = count_attr.expr.evaluate(scope)
        return _expand_count(value, path, count_attr.line, address, max_instances)
    if each_attr is not None:
        value = each_attr.expr.evaluate(scope)
        return _expand_for_each(value, path, each_attr.line, address, max_instances)
    return Expansion("single", [Instance(None, {}, "")])


def _unknown_count(reason: Unknown, errors: list[InputError] | None = None) -> Expansion:
    """One instance whose ``count.index`` is Unknown."""
    index = Unknown(f"count.index is unknown because count is unknown ({reason.reason})")
    return Expansion("count", [Instance(None, {"count": {"index": index}}, "")], reason, errors or [])


def _unknown_for_each(reason: Unknown, errors: list[InputError] | None = None) -> Expansion:
    """One instance whose ``each.key`` and ``each.value`` are Unknown."""
    each = Unknown(f"each is unknown because for_each is unknown ({reason.reason})")
    bindings = {"each": {"key": each, "value": each}}
    return Expansion("for_each", [Instance(None, bindings, "")], reason, errors or [])


def _expand_count(value: Any, path: str, line: int, address: str, limit: int) -> Expansion:
    """Instances for a ``count`` value."""
    if isinstance(value, Unknown):
        return _unknown_count(value)
    number = _as_whole_number(value)
    if number is None or number < 0:
        shown = _show(value)
        error = InputError(path, line, FORMAT, f"count of {address} must be a whole number of at least 0, not {shown}")
        return _unknown_count(Unknown("count is invalid"), [error])
    errors = []
    if number > limit:
        errors.append(_limit_error(path, line, address, number, limit))
        number = limit
    instances = [Instance(index, {"count": {"index": index}}, instance_suffix(index)) for index in range(number)]
    return Expansion("count", instances, None, errors)


def _expand_for_each(value: Any, path: str, line: int, address: str, limit: int) -> Expansion:
    """Instances for a ``for_each`` value: a map, or a set (list) of strings."""
    if isinstance(value, Unknown):
        return _unknown_for_each(value)
    pairs: list[tuple[str, Any]]
    if isinstance(value, Mapping):
        pairs = sorted(((str(key), value[key]) for key in value), key=lambda pair: pair[0])
    elif isinstance(value, (list, tuple)):
        unknown = next((item for item in value if isinstance(item, Unknown)), None)
        if unknown is not None:
            return _unknown_for_each(unknown)
        if not all(isinstance(item, str) for item in value):
            message = f"for_each of {address} must be a map or a set of strings, not a list holding other values"
            return _unknown_for_each(Unknown("for_each is invalid"), [InputError(path, line, FORMAT, message)])
        pairs = [(item, item) for item in sorted(set(value))]
    else:
        message = f"for_each of {address} must be a map or a set of strings, not {type_name(value)}"
        return _unknown_for_each(Unknown("for_each is invalid"), [InputError(path, line, FORMAT, message)])
    errors = []
    if len(pairs) > limit:
        errors.append(_limit_error(path, line, address, len(pairs), limit))
        pairs = pairs[:limit]
    instances = [Instance(key, {"each": {"key": key, "value": item}}, instance_suffix(key)) for key, item in pairs]
    return Expansion("for_each", instances, None, errors)


def _limit_error(path: str, line: int, address: str, wanted: int, limit: int) -> InputError:
    """The error for a block expanding to more instances than allowed."""
    return InputError(
        path, line, FORMAT, f"{address} expands to {wanted} instances, more than the limit of {limit}; only the first {limit} are kept"
    )


def _as_whole_number(value: Any) -> int | None:
    """``value`` as a non-bool integer (Terraform converts "3" and 3.0 too), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    return None


def _show(value: Any) -> str:
    """A short JSON rendering of ``value`` for a message."""
    text = json.dumps(value, default=lambda _: "(unknown)", ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."
