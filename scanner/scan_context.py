"""Scan a few changed files in the context they need, and report only on those files.

A pre-commit hook passes the files a commit touches. Scanned alone, a Terraform file loses the
variables, locals and module calls declared in its neighbours (``variables.tf``,
``terraform.tfvars``, ``./modules/web``), and a Kubernetes manifest the Service or NetworkPolicy
next to it. ``bastion scan --context MODE PATH...`` therefore separates *what is parsed* from
*what is reported*:

- ``paths`` (the default): parse and report exactly PATH..., as always.
- ``directory``: parse, for every given file, the other files of its directory (not below it) and,
  recursively, the local Terraform modules those directories call (``source = "./..."``); a given
  directory is parsed whole. Report only findings and input errors in the given files (or below a
  given directory). Fast: a commit touching one file parses one directory.
- ``root``: parse the whole scan root, report only on the given paths. Exact for every relation
  (a NetworkPolicy in another directory, a caller's module inputs), at the cost of a full parse
  (unchanged files come from the parse cache).

:func:`plan_scope` turns the options into a :class:`ScanScope`; :func:`restrict_to_paths` is applied
by :func:`scanner.scan.scan` after evaluation (``ScanOptions.report_paths``). Nothing here reads
outside the scan root: module sources that leave it are ignored.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.scan import ScanResult

#: The values of ``--context``.
CONTEXT_MODES: tuple[str, ...] = ("paths", "directory", "root")

#: Local module calls followed from a changed file's directory (Terraform's own limit is the
#: parser's ``max_module_depth``; a chain deeper than this is parsed only this far).
MAX_MODULE_HOPS = 10

#: ``source = "./x"`` in HCL and ``"source": "../x"`` in Terraform JSON: a local module source.
#: Other blocks' ``source`` attributes (a file provisioner's) may match too; they only add context.
_LOCAL_SOURCE = re.compile(r'(?:\bsource|"source")\s*[=:]\s*"(\.\.?(?:/[^"\\]*)?)"')
_TERRAFORM_CONFIG_SUFFIXES = (".tf", ".tf.json")


@dataclass(frozen=True)
class ScanScope:
    """What one scan parses and what it reports.

    ``graph_paths`` are the paths to discover and parse (absolute, not resolved, sorted). ``report_paths`` are
    root-relative POSIX paths of the files and directories to report on (``.`` for the whole
    root), or None to report on everything parsed.
    """

    graph_paths: tuple[str, ...]
    report_paths: tuple[str, ...] | None


def plan_scope(paths: Sequence[str], root: str, mode: str) -> ScanScope:
    """The scope of ``bastion scan --context mode paths`` under the scan ``root`` (see module docs).

    ``paths`` must already be checked to lie inside ``root`` (the CLI's ``resolve_root`` does).
    Raises ValueError for a mode not in :data:`CONTEXT_MODES`.
    """
    if mode not in CONTEXT_MODES:
        raise ValueError(f"unknown context mode '{mode}'; expected one of {', '.join(CONTEXT_MODES)}")
    real_root = os.path.realpath(root)
    if mode == "paths":
        return ScanScope(tuple(paths), None)
    report = tuple(sorted({_relative(real_root, path) for path in paths}))
    if mode == "root" or "." in report:
        return ScanScope((real_root,), report)
    parse = {os.path.abspath(path) for path in paths}
    directories = [os.path.dirname(path) for path in parse if not os.path.isdir(path)]
    for directory in _with_called_modules(real_root, directories):
        parse.update(_iac_files_in(directory))
    return ScanScope(_drop_covered(parse), report)


def is_reported(path: str, report_paths: Iterable[str]) -> bool:
    """Whether the root-relative ``path`` is one of ``report_paths`` or lies below one of them."""
    return any(scope == "." or path == scope or path.startswith(scope + "/") for scope in report_paths)


def restrict_to_paths(result: ScanResult, report_paths: Sequence[str]) -> None:
    """Keep in ``result`` only what concerns ``report_paths``: findings, suppressed findings, input
    errors, suppression problems and unused suppressions elsewhere are dropped.

    Policy errors are kept (a broken policy concerns every file), and so are input errors without
    a file (path ``.``, an internal error of a parser). Stats still count every parsed file.
    """
    result.findings = [finding for finding in result.findings if is_reported(finding.path, report_paths)]
    result.suppressed = [finding for finding in result.suppressed if is_reported(finding.path, report_paths)]
    result.input_errors = [error for error in result.input_errors if error.path == "." or is_reported(error.path, report_paths)]
    result.suppression_problems = [problem for problem in result.suppression_problems if is_reported(problem.path, report_paths)]
    if result.unused_suppressions is not None:
        result.unused_suppressions = [unused for unused in result.unused_suppressions if is_reported(unused.path, report_paths)]


def _with_called_modules(real_root: str, directories: Iterable[str]) -> list[str]:
    """``directories`` plus every directory inside ``real_root`` they call as a local Terraform
    module, followed for up to :data:`MAX_MODULE_HOPS` calls; sorted, each once."""
    seen: set[str] = set()
    frontier = sorted(set(directories))
    for _hop in range(MAX_MODULE_HOPS + 1):
        frontier = [directory for directory in frontier if directory not in seen and _inside(real_root, os.path.realpath(directory))]
        if not frontier:
            break
        seen.update(frontier)
        called: set[str] = set()
        for directory in frontier:
            called.update(_local_module_dirs(directory))
        frontier = sorted(called)
    return sorted(seen)


def _local_module_dirs(directory: str) -> set[str]:
    """The directories the Terraform files of ``directory`` name as local sources and that hold
    Terraform configuration (absolute paths; they may lie outside the root, the caller checks)."""
    found: set[str] = set()
    for path in _iac_files_in(directory):
        if not path.lower().endswith(_TERRAFORM_CONFIG_SUFFIXES):
            continue
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue  # the scan itself reports an unreadable file
        for source in _LOCAL_SOURCE.findall(text):
            target = os.path.normpath(os.path.join(directory, posixpath.normpath(source)))
            if target != directory and os.path.isdir(target) and _holds_terraform(target):
                found.add(target)
    return found


def _iac_files_in(directory: str) -> list[str]:
    """The files directly in ``directory`` that some parser may claim (by name), sorted."""
    from scanner.discover import ALWAYS_SKIPPED_DIRS, format_hint

    if os.path.basename(directory) in ALWAYS_SKIPPED_DIRS:
        return []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    files = []
    for entry in entries:
        try:
            if entry.is_file() and format_hint(entry.name) is not None:
                files.append(entry.path)
        except OSError:
            continue
    return sorted(files)


def _holds_terraform(directory: str) -> bool:
    """Whether ``directory`` directly holds a ``.tf`` or ``.tf.json`` file."""
    try:
        return any(name.lower().endswith(_TERRAFORM_CONFIG_SUFFIXES) for name in os.listdir(directory))
    except OSError:
        return False


def _drop_covered(paths: set[str]) -> tuple[str, ...]:
    """``paths`` without those inside a given directory (it is walked whole anyway), sorted."""
    directories = sorted(path for path in paths if os.path.isdir(path))
    kept = [path for path in paths if not any(path != directory and path.startswith(directory + os.sep) for directory in directories)]
    return tuple(sorted(kept))


def _inside(real_root: str, path: str) -> bool:
    """Whether the real ``path`` is ``real_root`` or below it."""
    return path == real_root or path.startswith(real_root + os.sep)


def _relative(real_root: str, path: str) -> str:
    """``path`` relative to ``real_root`` with forward slashes (``.`` for the root itself), computed
    as discovery computes the paths it reports, so the two always compare equal."""
    relative = os.path.relpath(os.path.abspath(path), real_root)
    return "." if relative == "." else relative.replace(os.sep, "/")
