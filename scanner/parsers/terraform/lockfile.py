"""``.terraform.lock.hcl``: the provider versions and hashes Terraform selected, as graph nodes.

The lock file is HCL: one ``provider "<source address>"`` block per provider with ``version``,
``constraints`` and ``hashes``. :func:`read_lock_file` runs in the worker and keeps plain data;
:func:`lock_nodes` turns it into ``terraform.locked_provider`` nodes in the assemble step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scanner.model import InputError, Node
from scanner.parsers.terraform.scope import StaticScope
from scanner.parsers.terraform.syntax import HclFile, Unknown

FORMAT = "terraform"
LOCK_FILE_NAME = ".terraform.lock.hcl"


@dataclass(frozen=True)
class LockedProvider:
    """One ``provider`` block of a lock file, with the line of each attribute written."""

    source: str
    version: str | None
    constraints: str | None
    hashes: tuple[str, ...]
    line: int
    end_line: int
    attr_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LockFilePayload:
    """The providers of one lock file, in file order."""

    path: str
    providers: tuple[LockedProvider, ...]


def is_lock_file(path: str) -> bool:
    """True for a ``.terraform.lock.hcl`` path."""
    return path.rsplit("/", 1)[-1] == LOCK_FILE_NAME


def read_lock_file(hcl: HclFile) -> tuple[LockFilePayload, list[InputError]]:
    """Extract the providers of a parsed lock file; malformed entries become errors."""
    providers: list[LockedProvider] = []
    errors: list[InputError] = []
    scope = StaticScope("the lock file holds literal values only")
    for block in hcl.body.blocks:
        if block.type != "provider":
            continue
        if len(block.labels) != 1:
            errors.append(InputError(hcl.path, block.line, FORMAT, "a provider block of the lock file needs exactly one label"))
            continue
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for name in ("version", "constraints", "hashes"):
            attribute = block.body.attributes.get(name)
            if attribute is None:
                continue
            values[name] = attribute.expr.evaluate(scope)
            lines[name] = attribute.line
        version, constraints = values.get("version"), values.get("constraints")
        hashes = values.get("hashes", [])
        problem = _problem(version, constraints, hashes)
        if problem:
            errors.append(InputError(hcl.path, block.line, FORMAT, f"provider '{block.labels[0]}' in the lock file {problem}"))
            continue
        providers.append(
            LockedProvider(block.labels[0], version, constraints, tuple(hashes), block.line, block.end_line, lines)
        )
    return LockFilePayload(hcl.path, tuple(providers)), errors


def _problem(version: Any, constraints: Any, hashes: Any) -> str | None:
    """Why a lock entry's values are malformed, or None when they are well-formed."""
    if version is not None and not isinstance(version, str):
        return "has a version that is not a string"
    if constraints is not None and not isinstance(constraints, str):
        return "has constraints that are not a string"
    if not isinstance(hashes, list) or not all(isinstance(item, str) for item in hashes):
        return "has hashes that are not a list of strings"
    if any(isinstance(value, Unknown) for value in (version, constraints)):
        return "has a value that is not a literal"
    return None


def lock_nodes(payload: LockFilePayload) -> list[Node]:
    """One ``terraform.locked_provider`` node per provider of the lock file.

    The id is ``tf:lock.<source>`` for a lock file at the scan root, else ``tf:<dir>:lock.<source>``.
    """
    directory = payload.path.rsplit("/", 1)[0] if "/" in payload.path else ""
    prefix = f"tf:{directory}:" if directory else "tf:"
    nodes = []
    for provider in payload.providers:
        name = f"lock.{provider.source}"
        attrs = {
            "source": provider.source,
            "version": provider.version,
            "constraints": provider.constraints,
            "hashes": list(provider.hashes),
            "__address": name,
            "__module_dir": directory or ".",
        }
        nodes.append(
            Node(
                id=prefix + name,
                format=FORMAT,
                kind="terraform.locked_provider",
                name=name,
                path=payload.path,
                start_line=provider.line,
                end_line=provider.end_line,
                attrs=attrs,
                attr_lines=dict(provider.attr_lines),
                unknown=[],
            )
        )
    return nodes
