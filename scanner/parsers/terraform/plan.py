"""Terraform plan JSON (``terraform show -json``) -> one node per planned resource instance.

:func:`read_plan` runs in the worker: it walks ``planned_values`` (the root module and its child
modules, recursively), takes the values Terraform will apply, and marks as unknown what
``resource_changes[].change.after_unknown`` says is known only after apply. The plan's
``configuration`` gives the configuration address of every resource; :func:`plan_nodes` uses
it to point each node at the ``.tf`` block it comes from when that file is part of the scan.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scanner.model import InputError, Node, unknown_value
from scanner.parsers.terraform.values import decode_json_strings, set_path, unknown_paths

if TYPE_CHECKING:
    from scanner.parsers.terraform.module_loader import Declared, ModuleDir

FORMAT = "terraform"
_MAX_MODULE_NESTING = 100


@dataclass(frozen=True)
class PlanResource:
    """One resource instance of ``planned_values``.

    ``unknown`` holds the attribute paths (tuples of keys and indexes) known only after apply.
    """

    address: str
    module_address: str
    mode: str
    type: str
    name: str
    index: int | str | None
    values: dict[str, Any]
    unknown: tuple[tuple[str | int, ...], ...]
    provider_name: str | None


@dataclass(frozen=True)
class PlanPayload:
    """A parsed plan: its resources, and the configuration addresses (``module.web.aws_instance.x``,
    no instance keys) when the plan carries its ``configuration``."""

    path: str
    resources: tuple[PlanResource, ...]
    config_addresses: frozenset[str] | None


@dataclass(frozen=True)
class BlockLocation:
    """Where a configuration block is written: file, line span and attribute lines."""

    path: str
    line: int
    end_line: int
    attr_lines: dict[str, int]


def read_plan(path: str, text: str) -> tuple[PlanPayload | None, list[InputError]]:
    """Parse the text of a plan JSON file; malformed content becomes errors, never an exception."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [InputError(path, exc.lineno, FORMAT, f"invalid JSON in the plan: {exc.msg}")]
    except RecursionError:
        return None, [InputError(path, None, FORMAT, "the plan JSON is nested too deeply to read")]
    if not isinstance(document, dict) or not isinstance(document.get("planned_values"), dict):
        return None, [InputError(path, 1, FORMAT, "the plan has no planned_values object")]
    errors: list[InputError] = []
    after_unknown = _after_unknown_by_address(document.get("resource_changes"))
    resources: list[PlanResource] = []
    root = document["planned_values"].get("root_module")
    pending: list[tuple[Any, int]] = [(root, 0)] if root is not None else []
    while pending:
        module, depth = pending.pop(0)
        if not isinstance(module, dict):
            errors.append(InputError(path, 1, FORMAT, "a module of planned_values is not an object"))
            continue
        for entry in module.get("resources") or []:
            resource = _read_resource(entry, after_unknown)
            if resource is None:
                errors.append(InputError(path, 1, FORMAT, "a planned resource lacks its address, mode, type or name"))
            else:
                resources.append(resource)
        children = module.get("child_modules") or []
        if children and depth >= _MAX_MODULE_NESTING:
            errors.append(InputError(path, 1, FORMAT, f"child modules are nested more than {_MAX_MODULE_NESTING} deep"))
            continue
        pending.extend((child, depth + 1) for child in children if isinstance(children, list))
    configuration = document.get("configuration")
    config_addresses = _config_addresses(configuration) if isinstance(configuration, dict) else None
    resources.sort(key=lambda item: item.address)
    return PlanPayload(path, tuple(resources), config_addresses), errors


def _read_resource(entry: Any, after_unknown: dict[str, Any]) -> PlanResource | None:
    """A :class:`PlanResource` from one ``resources[]`` entry, or None when it is malformed."""
    if not isinstance(entry, dict):
        return None
    address, mode, type_, name = (entry.get(key) for key in ("address", "mode", "type", "name"))
    if not all(isinstance(item, str) and item for item in (address, mode, type_, name)):
        return None
    values = entry.get("values")
    values = dict(values) if isinstance(values, dict) else {}
    index = entry.get("index")
    if not isinstance(index, (int, str)) or isinstance(index, bool):
        index = None
    module_address = module_address_of(address)
    unknown = tuple(sorted(_true_paths(after_unknown.get(address), ()), key=lambda path: [str(part) for part in path]))
    provider = entry.get("provider_name")
    return PlanResource(address, module_address, mode, type_, name, index, values, unknown, provider if isinstance(provider, str) else None)


def _after_unknown_by_address(changes: Any) -> dict[str, Any]:
    """``resource_changes[].change.after_unknown`` by resource address."""
    found: dict[str, Any] = {}
    if not isinstance(changes, list):
        return found
    for change in changes:
        if isinstance(change, dict) and isinstance(change.get("address"), str) and isinstance(change.get("change"), dict):
            found[change["address"]] = change["change"].get("after_unknown")
    return found


def _true_paths(tree: Any, prefix: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    """Every path at which an ``after_unknown`` tree holds ``true`` (iteratively bounded by data)."""
    if tree is True:
        return [prefix] if prefix else []
    paths: list[tuple[str | int, ...]] = []
    if isinstance(tree, dict):
        for key, value in tree.items():
            paths.extend(_true_paths(value, (*prefix, str(key))))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            paths.extend(_true_paths(value, (*prefix, index)))
    return paths


def _config_addresses(configuration: dict[str, Any]) -> frozenset[str]:
    """Every resource and data source address of the plan's configuration, module-qualified."""
    addresses: set[str] = set()
    pending: list[tuple[Any, str, int]] = [(configuration.get("root_module"), "", 0)]
    while pending:
        module, prefix, depth = pending.pop()
        if not isinstance(module, dict) or depth > _MAX_MODULE_NESTING:
            continue
        for entry in module.get("resources") or []:
            if isinstance(entry, dict) and isinstance(entry.get("address"), str):
                address = entry["address"]
                addresses.add(address if address.startswith("module.") else prefix + address)
        calls = module.get("module_calls")
        if isinstance(calls, dict):
            for call_name, call in calls.items():
                if isinstance(call, dict):
                    pending.append((call.get("module"), f"{prefix}module.{call_name}.", depth + 1))
    return frozenset(addresses)


def split_address(address: str) -> list[str]:
    """Split a resource address on the dots outside brackets and quotes:
    ``module.a["x.y"].t.n[0]`` -> ``['module', 'a["x.y"]', 't', 'n[0]']``."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    escaped = False
    for char in address:
        if quoted:
            current.append(char)
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            continue
        if char == '"':
            quoted = True
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "." and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def config_address(address: str) -> str:
    """An instance address without instance keys: ``module.a[0].t.n["k"]`` -> ``module.a.t.n``."""
    return ".".join(part.split("[", 1)[0] for part in split_address(address))


def module_address_of(address: str) -> str:
    """The module part of a resource address (``module.a[0].module.b``), "" at the root."""
    parts = split_address(address)
    kept: list[str] = []
    index = 0
    while index + 1 < len(parts) and parts[index] == "module":
        kept.extend(parts[index : index + 2])
        index += 2
    return ".".join(kept)


def config_index(dirs: dict[str, ModuleDir], root: str, max_depth: int, limit: int = 100_000) -> dict[str, BlockLocation]:
    """Configuration address (``module.web.aws_instance.this``) -> where the block is written, for
    the root module ``root`` and the local modules it calls (read statically, nothing evaluated)."""
    from scanner.parsers.terraform.body_eval import static_lines
    from scanner.parsers.terraform.module_loader import ModuleSource, module_source

    def location(declared: Declared) -> BlockLocation:
        block = declared.block
        return BlockLocation(declared.path, block.line, block.end_line, static_lines(block.body))

    index: dict[str, BlockLocation] = {}
    pending: list[tuple[str, str, int, tuple[str, ...]]] = [(root, "", 0, (root,))]
    while pending and len(index) < limit:
        directory, prefix, depth, stack = pending.pop()
        module = dirs[directory]
        for (type_name, name), declared in module.resources.items():
            index[f"{prefix}{type_name}.{name}"] = location(declared)
        for (type_name, name), declared in module.data.items():
            index[f"{prefix}data.{type_name}.{name}"] = location(declared)
        if depth >= max_depth:
            continue
        for call_name, declared in module.modules.items():
            source = module_source(directory, declared.block)
            if isinstance(source, ModuleSource) and source.dir in dirs and source.dir not in stack:
                pending.append((source.dir, f"{prefix}module.{call_name}.", depth + 1, (*stack, source.dir)))
    return index


def choose_root(payload: PlanPayload, indexes: dict[str, dict[str, BlockLocation]]) -> str | None:
    """The scanned root module directory the plan was made from, or None when none matches.

    The root whose configuration holds most of the plan's configuration addresses wins; ties go to
    the plan's own directory, then to the nearest ancestor, then to the first in path order.
    """
    if not payload.config_addresses:
        return None
    plan_dir = posixpath.dirname(payload.path) or "."
    best: tuple[int, int, str] | None = None
    chosen = None
    for root, index in sorted(indexes.items()):
        matches = len(payload.config_addresses & index.keys())
        if matches == 0:
            continue
        closeness = 2 if root == plan_dir else 1 if root == "." or plan_dir.startswith(root + "/") else 0
        key = (matches, closeness, root)
        if best is None or key[:2] > best[:2]:
            best, chosen = key, root
    return chosen


def plan_nodes(payload: PlanPayload, index: dict[str, BlockLocation] | None) -> list[Node]:
    """One node per planned resource; mapped to its ``.tf`` block when ``index`` has its address.

    Id ``tfplan:<plan path>:<address>``, kind the resource type (``data.<type>`` for data sources).
    Unmapped nodes point at the plan file, line 1.
    """
    nodes = []
    for resource in payload.resources:
        attrs: dict[str, Any] = decode_json_strings(resource.values)
        for path in resource.unknown:
            set_path(attrs, path, unknown_value(f"{resource.address} value known only after apply"))
        unknown = unknown_paths(attrs)
        attrs.update(
            {
                "__address": resource.address,
                "__module": resource.module_address,
                "__mode": resource.mode,
                "__provider_name": resource.provider_name,
                "__plan": payload.path,
            }
        )
        if resource.index is not None:
            attrs["__count_index" if isinstance(resource.index, int) else "__each_key"] = resource.index
        location = index.get(config_address(resource.address)) if index else None
        kind = resource.type if resource.mode != "data" else f"data.{resource.type}"
        if location is None:
            path, line, end_line, attr_lines = payload.path, 1, 1, {}
        else:
            path, line, end_line = location.path, location.line, location.end_line
            attr_lines = {key: value for key, value in location.attr_lines.items() if _top(key) in attrs}
        nodes.append(
            Node(
                id=f"tfplan:{payload.path}:{resource.address}",
                format=FORMAT,
                kind=kind,
                name=resource.address,
                path=path,
                start_line=line,
                end_line=end_line,
                attrs=attrs,
                attr_lines=attr_lines,
                unknown=unknown,
            )
        )
    return nodes


def _top(path: str) -> str:
    """The top-level attribute name of a dotted attribute path."""
    for index, char in enumerate(path):
        if char in ".[":
            return path[:index]
    return path
