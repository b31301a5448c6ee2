"""Collect policy files (built-in pack, ``--policy`` paths) and read their structure and metadata.

Every problem becomes a :class:`~scanner.findings.RuleError` naming the file and line; the
other policies still load. Files are read as UTF-8, in sorted order, without following
symlinked directories; a path given twice (or reached twice) is loaded once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scanner.engine import pack
from scanner.engine.backend import PolicyCompileError
from scanner.engine.metadata import Annotation, read_annotations
from scanner.engine.rego_parse import ParsedModule
from scanner.engine.structure_cache import parse_module_cached
from scanner.findings import RuleError

#: Policy files larger than this are reported, not read (a policy is source code, not data).
MAX_POLICY_FILE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class PolicySource:
    """The text of one policy file.

    ``path`` is how messages name it: ``<builtin>/<pack path>`` for the pack, the path as given
    on the command line (joined with the file's relative path) for user policies. ``origin``
    is "builtin" or "policy".
    """

    path: str
    text: str
    origin: str


@dataclass(frozen=True)
class LoadedModule:
    """A policy file with its parsed structure and its METADATA annotations."""

    source: PolicySource
    parsed: ParsedModule
    annotations: tuple[Annotation, ...]


def builtin_sources(include_tests: bool = False, library_only: bool = False) -> list[PolicySource]:
    """The pack's policy files (``_test.rego`` only when asked; only ``lib/`` when asked)."""
    root = pack.pack_root()
    sources = []
    for relative, entry in pack.walk(root):
        if not pack.is_policy_file(relative, include_tests):
            continue
        if library_only and not relative.startswith("lib/"):
            continue
        sources.append(PolicySource(f"{pack.BUILTIN_PREFIX}/{relative}", entry.read_text(encoding="utf-8"), "builtin"))
    return sources


def policy_sources(paths: Sequence[str], include_tests: bool = False) -> tuple[list[PolicySource], list[RuleError]]:
    """The ``.rego`` files under each of ``paths`` (a directory, searched recursively, or a file).

    ``_test.rego`` files are skipped unless ``include_tests``. A missing path, an unreadable or
    non-UTF-8 file, or one over the size limit is an error.
    """
    sources: list[PolicySource] = []
    errors: list[RuleError] = []
    seen: set[str] = set()
    for given in paths:
        for display, absolute in _policy_files(given, include_tests, errors):
            real = os.path.realpath(absolute)
            if real in seen:
                continue
            seen.add(real)
            text = _read_policy(display, absolute, errors)
            if text is not None:
                sources.append(PolicySource(display, text, "policy"))
    return sources, errors


def _policy_files(given: str, include_tests: bool, errors: list[RuleError]) -> list[tuple[str, str]]:
    """(display path, absolute path) of the policy files under one ``--policy`` argument."""
    display_root = given.replace(os.sep, "/").rstrip("/") or "."
    if os.path.isfile(given):
        return [(display_root, os.path.abspath(given))]
    if not os.path.isdir(given):
        errors.append(RuleError(None, display_root, None, "policy path does not exist"))
        return []
    found = []
    for directory, subdirectories, files in os.walk(given):
        subdirectories.sort()
        for name in sorted(files):
            relative = os.path.relpath(os.path.join(directory, name), given).replace(os.sep, "/")
            if name.endswith(".rego") and (include_tests or not name.endswith("_test.rego")):
                found.append((f"{display_root}/{relative}", os.path.abspath(os.path.join(directory, name))))
    return found


def _read_policy(display: str, absolute: str, errors: list[RuleError]) -> str | None:
    """Read one policy file as UTF-8, reporting what goes wrong."""
    try:
        if os.path.getsize(absolute) > MAX_POLICY_FILE_BYTES:
            errors.append(RuleError(None, display, None, f"policy file is larger than {MAX_POLICY_FILE_BYTES} bytes"))
            return None
        with open(absolute, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        errors.append(RuleError(None, display, None, f"cannot read policy file: {exc.strerror or exc}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.append(RuleError(None, display, line, "policy file is not valid UTF-8"))
        return None


def load_modules(sources: Iterable[PolicySource]) -> tuple[list[LoadedModule], list[RuleError]]:
    """Parse every source and read its annotations; a source that does not parse is an error."""
    modules: list[LoadedModule] = []
    errors: list[RuleError] = []
    for source in sources:
        try:
            parsed = parse_module_cached(source.path, source.text)
        except PolicyCompileError as exc:
            errors.append(RuleError(None, source.path, exc.line, exc.message))
            continue
        annotations, problems = read_annotations(source.text, parsed)
        errors.extend(RuleError(None, source.path, problem.line, problem.message) for problem in problems)
        modules.append(LoadedModule(source, parsed, tuple(annotations)))
    return modules, errors
