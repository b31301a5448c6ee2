"""Parsed Terraform files -> module directories: declarations indexed, overrides merged, sources resolved.

A module directory is the ``.tf``/``.tf.json`` files of one folder. :func:`load_module_dirs`
indexes every declaration of each directory once (resources, data sources, module calls,
variables, locals, outputs, providers, required providers), reporting duplicates, and collects
the ``.tfvars`` files Terraform loads automatically. :func:`find_roots` tells which directories
are true roots: those no other scanned directory calls as a local module.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace

from scanner.model import InputError
from scanner.parsers.terraform.scope import StaticScope
from scanner.parsers.terraform.syntax import Attribute, Block, Body, HclFile, Unknown

FORMAT = "terraform"


@dataclass(frozen=True)
class Declared:
    """A block and the file it is written in; ``overridden`` names the attributes and nested block
    types that an override file replaced (their lines are in that other file)."""

    path: str
    block: Block
    overridden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DeclaredAttribute:
    """A local or a required provider: one attribute and the file it is written in."""

    path: str
    attribute: Attribute


@dataclass
class ModuleDir:
    """Every declaration of one module directory, indexed by name; ``dir`` is "." for the scan root."""

    dir: str
    files: list[str] = field(default_factory=list)
    resources: dict[tuple[str, str], Declared] = field(default_factory=dict)
    data: dict[tuple[str, str], Declared] = field(default_factory=dict)
    modules: dict[str, Declared] = field(default_factory=dict)
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, DeclaredAttribute] = field(default_factory=dict)
    outputs: dict[str, Declared] = field(default_factory=dict)
    providers: dict[tuple[str, str | None], Declared] = field(default_factory=dict)
    required_providers: dict[str, DeclaredAttribute] = field(default_factory=dict)
    tfvars: list[HclFile] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def directory_of(path: str) -> str:
    """The module directory of a scan-relative file path ("." for the root)."""
    return posixpath.dirname(path) or "."


def is_override_file(path: str) -> bool:
    """True for ``override.tf(.json)`` and ``*_override.tf(.json)``, which Terraform merges last."""
    name = posixpath.basename(path)
    stem = name[: -len(".tf.json")] if name.endswith(".tf.json") else name[: -len(".tf")]
    return stem == "override" or stem.endswith("_override")


def auto_tfvars_order(path: str) -> tuple[int, str] | None:
    """Sort key of a tfvars file Terraform loads on its own, or None for one it does not."""
    name = posixpath.basename(path)
    if name == "terraform.tfvars":
        return (0, name)
    if name == "terraform.tfvars.json":
        return (1, name)
    if name.endswith((".auto.tfvars", ".auto.tfvars.json")):
        return (2, name)
    return None


def load_module_dirs(configs: list[HclFile], tfvars: list[HclFile]) -> dict[str, ModuleDir]:
    """Index the parsed configuration files by directory, applying override files.

    ``configs`` are ``.tf``/``.tf.json`` files, ``tfvars`` every parsed ``.tfvars(.json)``; only
    the automatically loaded ones are kept, in Terraform's order. Duplicate declarations become
    errors on the second block's line; the first one wins.
    """
    by_dir: dict[str, list[HclFile]] = {}
    for hcl in sorted(configs, key=lambda item: item.path):
        by_dir.setdefault(directory_of(hcl.path), []).append(hcl)
    dirs: dict[str, ModuleDir] = {}
    for dir_path, files in sorted(by_dir.items()):
        module = ModuleDir(dir=dir_path, files=[hcl.path for hcl in files])
        primary = [hcl for hcl in files if not is_override_file(hcl.path)]
        overrides = [hcl for hcl in files if is_override_file(hcl.path)]
        for hcl in primary:
            for block in hcl.body.blocks:
                _index_block(module, hcl.path, block)
        for hcl in overrides:
            for block in hcl.body.blocks:
                _apply_override(module, hcl.path, block)
        dirs[dir_path] = module
    for hcl in sorted(tfvars, key=lambda item: (auto_tfvars_order(item.path) or (9, ""), item.path)):
        module = dirs.get(directory_of(hcl.path))
        if module is not None and auto_tfvars_order(hcl.path) is not None:
            module.tfvars.append(hcl)
    return dirs


#: How many labels each labelled top-level block type takes.
LABEL_COUNTS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1}


def _index_block(module: ModuleDir, path: str, block: Block) -> None:
    """Record one top-level block of a primary file in ``module``."""
    declared = Declared(path, block)
    labels = block.labels
    wanted = LABEL_COUNTS.get(block.type)
    if wanted is not None and len(labels) != wanted:
        names = "a type and a name" if wanted == 2 else "a name"
        message = f"a {block.type} block needs {wanted} label{'s' if wanted > 1 else ''} ({names}), found {len(labels)}"
        module.errors.append(InputError(path, block.line, FORMAT, message))
        return
    if block.type == "resource" and len(labels) == 2:
        _add(module, module.resources, (labels[0], labels[1]), declared, f"resource '{labels[0]}.{labels[1]}'")
    elif block.type == "data" and len(labels) == 2:
        _add(module, module.data, (labels[0], labels[1]), declared, f"data source 'data.{labels[0]}.{labels[1]}'")
    elif block.type == "module" and len(labels) == 1:
        _add(module, module.modules, labels[0], declared, f"module call 'module.{labels[0]}'")
    elif block.type == "variable" and len(labels) == 1:
        _add(module, module.variables, labels[0], declared, f"variable '{labels[0]}'")
    elif block.type == "output" and len(labels) == 1:
        _add(module, module.outputs, labels[0], declared, f"output '{labels[0]}'")
    elif block.type == "provider" and len(labels) == 1:
        alias = provider_alias(block)
        name = labels[0] if alias is None else f"{labels[0]}.{alias}"
        _add(module, module.providers, (labels[0], alias), declared, f"provider configuration '{name}'")
    elif block.type == "locals":
        for attribute in block.body.attributes.values():
            _add(module, module.locals, attribute.name, DeclaredAttribute(path, attribute), f"local '{attribute.name}'")
    elif block.type == "terraform":
        for nested in block.body.blocks:
            if nested.type == "required_providers":
                for attribute in nested.body.attributes.values():
                    what = f"required provider '{attribute.name}'"
                    _add(module, module.required_providers, attribute.name, DeclaredAttribute(path, attribute), what)


def _add(module: ModuleDir, index: dict, key: object, declared: Declared | DeclaredAttribute, what: str) -> None:
    """Add ``declared`` under ``key`` unless it is already there (then report the duplicate)."""
    first = index.get(key)
    if first is None:
        index[key] = declared
        return
    line = declared.block.line if isinstance(declared, Declared) else declared.attribute.line
    first_line = first.block.line if isinstance(first, Declared) else first.attribute.line
    module.errors.append(
        InputError(declared.path, line, FORMAT, f"duplicate {what} (first defined at {first.path}:{first_line})")
    )


def provider_alias(block: Block) -> str | None:
    """The literal ``alias`` of a provider block, or None for its default configuration."""
    attribute = block.body.attributes.get("alias")
    if attribute is None:
        return None
    value = attribute.expr.evaluate(StaticScope())
    return value if isinstance(value, str) and value else None


def _apply_override(module: ModuleDir, path: str, block: Block) -> None:
    """Merge one block of an override file into the declaration it overrides (Terraform's rules:
    attributes replace attributes, nested blocks replace all nested blocks of that type)."""
    labels = block.labels
    index: dict | None = None
    key: object = None
    if block.type == "resource" and len(labels) == 2:
        index, key = module.resources, (labels[0], labels[1])
    elif block.type == "data" and len(labels) == 2:
        index, key = module.data, (labels[0], labels[1])
    elif block.type in ("module", "variable", "output") and len(labels) == 1:
        index = {"module": module.modules, "variable": module.variables, "output": module.outputs}[block.type]
        key = labels[0]
    elif block.type == "provider" and len(labels) == 1:
        index, key = module.providers, (labels[0], provider_alias(block))
    elif block.type == "locals":
        for attribute in block.body.attributes.values():
            module.locals[attribute.name] = DeclaredAttribute(path, attribute)
        return
    if index is None:
        return
    base = index.get(key)
    if base is None:
        shown = " ".join([block.type, *(f'"{label}"' for label in labels)])
        module.errors.append(InputError(path, block.line, FORMAT, f"override block {shown} has no matching block to override"))
        return
    replaced = frozenset(block.body.attributes) | frozenset(nested.type for nested in block.body.blocks)
    merged = replace(base.block, body=merge_bodies(base.block.body, block.body))
    index[key] = Declared(base.path, merged, base.overridden | replaced)


def merge_bodies(base: Body, override: Body) -> Body:
    """``base`` with the attributes of ``override`` replacing its own, and each nested block type
    that ``override`` has replacing all of ``base``'s blocks of that type."""
    attributes = dict(base.attributes)
    attributes.update(override.attributes)
    replaced = {nested.type for nested in override.blocks}
    blocks = tuple(nested for nested in base.blocks if nested.type not in replaced) + override.blocks
    return Body(attributes=attributes, blocks=blocks)


@dataclass(frozen=True)
class ModuleSource:
    """Where a module call's code comes from: a local directory of the scan, or a remote address."""

    text: str
    is_local: bool
    dir: str | None = None
    escapes_root: bool = False


def module_source(caller_dir: str, block: Block) -> ModuleSource | Unknown | None:
    """Read a module call's ``source``: None when absent, Unknown when not a literal string.

    Local sources (``./x``, ``../x``) resolve against ``caller_dir``; one that leaves the scan
    root is marked ``escapes_root`` (it must not be loaded).
    """
    attribute = block.body.attributes.get("source")
    if attribute is None:
        return None
    value = attribute.expr.evaluate(StaticScope("a module source must be a literal string"))
    if not isinstance(value, str):
        return value if isinstance(value, Unknown) else Unknown("a module source must be a literal string")
    if not (value.startswith(("./", "../")) or value in (".", "..")):
        return ModuleSource(value, is_local=False)
    base = "" if caller_dir == "." else caller_dir
    joined = posixpath.normpath(posixpath.join(base, value))
    if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
        return ModuleSource(value, is_local=True, escapes_root=True)
    return ModuleSource(value, is_local=True, dir=joined)


def local_calls(module: ModuleDir) -> list[str]:
    """The scanned directories this module calls as local modules (sorted, without itself)."""
    targets = set()
    for declared in module.modules.values():
        source = module_source(module.dir, declared.block)
        if isinstance(source, ModuleSource) and source.dir is not None and source.dir != module.dir:
            targets.add(source.dir)
    return sorted(targets)


def find_roots(dirs: dict[str, ModuleDir]) -> list[str]:
    """The directories to evaluate as root modules, sorted.

    A directory that another scanned directory calls as a local module is not a root. Directories
    reachable only through a cycle of calls would otherwise vanish, so the first of each such group
    (in path order) is taken as a root too.
    """
    calls = {name: [target for target in local_calls(module) if target in dirs] for name, module in dirs.items()}
    called = {target for targets in calls.values() for target in targets}
    roots = [name for name in sorted(dirs) if name not in called]
    reached: set[str] = set()

    def reach(start: str) -> None:
        pending = [start]
        while pending:
            current = pending.pop()
            if current in reached:
                continue
            reached.add(current)
            pending.extend(calls.get(current, []))

    for root in roots:
        reach(root)
    for name in sorted(dirs):
        if name not in reached:
            roots.append(name)
            reach(name)
    return sorted(roots)
