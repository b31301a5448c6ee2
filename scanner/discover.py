"""Find the files of a scan: walk the paths, honour ignores, guard symlinks and sizes, pick formats.

Every file met during the walk is accounted for in the returned :class:`Discovery`: it becomes a
:class:`~scanner.model.SourceFile` for a parser, a skip with a reason, or an
:class:`~scanner.model.InputError`. Nothing is silently dropped; what is ignored on purpose
(``.git``, ``.gitignore`` matches, ``--exclude`` globs) is counted under a skip reason too.

Formats are chosen by name only (cheap); content decides later for YAML and JSON.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scanner.model import InputError, SourceFile

#: Directories never entered: VCS data, Terraform's downloaded providers and modules, JS packages.
ALWAYS_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".terraform", "node_modules"})

DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024

SKIP_NOT_IAC = "not an infrastructure file"
SKIP_GITIGNORE = "ignored by .gitignore"
SKIP_EXCLUDE = "excluded by --exclude"
SKIP_SYMLINK_OUTSIDE = "symlink to a path outside the scanned root"
SKIP_SYMLINK_DUPLICATE = "symlink to a directory scanned elsewhere"
SKIP_SPECIAL = "not a regular file"

_TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
_STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")


def format_hint(name: str) -> str | None:
    """The parser family for a file name: "terraform", "dockerfile", "structured" or None.

    Terraform: ``*.tf``, ``*.tf.json``, ``*.tfvars``, ``*.tfvars.json``, ``.terraform.lock.hcl``.
    Dockerfile: ``Dockerfile``, ``Dockerfile.*``, ``*.Dockerfile``, ``*.dockerfile``, ``Containerfile``,
    ``Containerfile.*`` (case-insensitive). Structured: ``*.yaml``, ``*.yml``, ``*.json`` (content decides
    between Kubernetes, a Terraform plan, or a skip).
    """
    lower = name.lower()
    if lower.endswith(_TERRAFORM_SUFFIXES) or lower == ".terraform.lock.hcl":
        return "terraform"
    if (
        lower in ("dockerfile", "containerfile")
        or lower.startswith(("dockerfile.", "containerfile."))
        or lower.endswith(".dockerfile")
    ):
        return "dockerfile"
    if lower.endswith(_STRUCTURED_SUFFIXES):
        return "structured"
    return None


@dataclass
class Discovery:
    """What the walk found: files to parse, errors, and skip counts by reason."""

    files: list[SourceFile] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, count: int = 1) -> None:
        """Count ``count`` files as skipped for ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + count


class _IgnoreRules:
    """The ``.gitignore`` files met on the way down plus the ``--exclude`` globs."""

    def __init__(self, excludes: Iterable[str]) -> None:
        import pathspec

        self._pathspec = pathspec
        patterns = list(excludes)
        self.exclude = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
        self.gitignores: list[tuple[str, object]] = []  # (dir prefix relative to root, spec)

    def load_gitignore(self, rel_dir: str, abs_dir: str) -> None:
        """Read ``abs_dir/.gitignore`` when present; its patterns apply below ``rel_dir``."""
        path = os.path.join(abs_dir, ".gitignore")
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            return
        spec = self._pathspec.GitIgnoreSpec.from_lines(lines)
        self.gitignores.append((rel_dir, spec))

    def forget_below(self, rel_dir: str) -> None:
        """Drop the ``.gitignore`` rules of directories that are not ancestors of ``rel_dir``."""
        self.gitignores = [
            (prefix, spec)
            for prefix, spec in self.gitignores
            if prefix == "" or rel_dir == prefix or rel_dir.startswith(prefix + "/")
        ]

    def reason(self, rel_path: str, is_dir: bool) -> str | None:
        """Why ``rel_path`` is ignored, or None when it is not."""
        candidate = rel_path + "/" if is_dir else rel_path
        if self.exclude is not None and self.exclude.match_file(candidate):
            return SKIP_EXCLUDE
        for prefix, spec in self.gitignores:
            if prefix and not candidate.startswith(prefix + "/"):
                continue
            local = candidate[len(prefix) + 1 :] if prefix else candidate
            if spec.match_file(local):  # type: ignore[attr-defined]
                return SKIP_GITIGNORE
        return None


def discover(
    root: str | Path,
    paths: Iterable[str | Path],
    excludes: Iterable[str] = (),
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> Discovery:
    """Walk ``paths`` (files or directories inside ``root``) and classify every file met.

    ``root`` bounds the scan: symlinks resolving outside it are not followed (counted as skipped),
    a symlink loop is one error and is not followed, a broken symlink is an error. A file with a known
    format over ``max_file_size`` bytes is an error and is never read. Results are sorted by path.
    """
    root_abs = os.path.realpath(os.fspath(root))
    result = Discovery()
    ignores = _IgnoreRules(excludes)
    visited_dirs: set[str] = set()
    seen_files: set[str] = set()

    def rel(abs_path: str) -> str:
        relative = os.path.relpath(abs_path, root_abs)
        return "." if relative == "." else relative.replace(os.sep, "/")

    def inside_root(real: str) -> bool:
        return real == root_abs or real.startswith(root_abs + os.sep)

    def add_file(abs_path: str, rel_path: str, size: int) -> None:
        if rel_path in seen_files:
            return
        seen_files.add(rel_path)
        hint = format_hint(os.path.basename(rel_path))
        if hint is None:
            result.skip(SKIP_NOT_IAC)
            return
        if size > max_file_size:
            result.errors.append(
                InputError(
                    rel_path,
                    None,
                    hint if hint != "structured" else "yaml",
                    f"file is {size:,} bytes, over the {max_file_size:,}-byte limit (--max-file-size); not read",
                )
            )
            return
        result.files.append(SourceFile(rel_path, abs_path, hint, size))

    def walk_dir(abs_dir: str, rel_dir: str, real_dir: str, ancestors: frozenset[str]) -> None:
        visited_dirs.add(real_dir)
        ignores.forget_below(rel_dir if rel_dir != "." else "")
        ignores.load_gitignore("" if rel_dir == "." else rel_dir, abs_dir)
        try:
            entries = sorted(os.scandir(abs_dir), key=lambda entry: entry.name)
        except OSError as exc:
            result.errors.append(InputError(rel_dir, None, "discovery", f"cannot list directory: {exc.strerror}"))
            return
        for entry in entries:
            child_rel = entry.name if rel_dir == "." else f"{rel_dir}/{entry.name}"
            visit(entry.path, child_rel, entry, ancestors | {real_dir})

    def visit(abs_path: str, rel_path: str, entry: os.DirEntry[str] | None, ancestors: frozenset[str]) -> None:
        try:
            is_link = entry.is_symlink() if entry is not None else os.path.islink(abs_path)
            is_dir = entry.is_dir(follow_symlinks=True) if entry is not None else os.path.isdir(abs_path)
        except OSError:
            is_link, is_dir = True, False
        name = os.path.basename(abs_path)
        if is_dir and name in ALWAYS_SKIPPED_DIRS:
            result.skip(f"inside {name}/")
            return
        reason = ignores.reason(rel_path, is_dir)
        if reason is not None:
            result.skip(reason)
            return
        real = os.path.realpath(abs_path)
        if is_link:
            if not os.path.exists(abs_path):
                if os.path.islink(abs_path) and _is_loop(abs_path):
                    result.errors.append(InputError(rel_path, None, "discovery", "symlink loop; not followed"))
                else:
                    result.errors.append(InputError(rel_path, None, "discovery", "broken symlink; not followed"))
                return
            if not inside_root(real):
                result.skip(SKIP_SYMLINK_OUTSIDE)
                return
            if is_dir and (real in ancestors or real == root_abs):
                result.errors.append(InputError(rel_path, None, "discovery", "symlink loop; not followed"))
                return
            if is_dir and real in visited_dirs:
                result.skip(SKIP_SYMLINK_DUPLICATE)
                return
        if is_dir:
            walk_dir(abs_path, rel_path, real, ancestors)
            return
        try:
            info = os.stat(abs_path)
        except OSError as exc:
            result.errors.append(InputError(rel_path, None, "discovery", f"cannot read file: {exc.strerror}"))
            return
        if not stat.S_ISREG(info.st_mode):
            result.skip(SKIP_SPECIAL)
            return
        add_file(abs_path, rel_path, info.st_size)

    for given in paths:
        abs_given = os.path.abspath(os.fspath(given))
        real_given = os.path.realpath(abs_given)
        if not inside_root(real_given):
            result.errors.append(
                InputError(os.fspath(given), None, "discovery", "path is outside the scanned root; not scanned")
            )
            continue
        rel_given = rel(abs_given)
        _load_ancestor_gitignores(ignores, root_abs, rel_given)
        if os.path.isdir(abs_given):
            if real_given in visited_dirs:
                continue
            walk_dir(abs_given, rel_given, real_given, frozenset())
        elif os.path.lexists(abs_given):
            visit(abs_given, rel_given, None, frozenset())
        else:
            result.errors.append(InputError(rel_given, None, "discovery", "no such file or directory"))

    result.files.sort(key=lambda source: source.path)
    result.errors.sort(key=InputError.sort_key)
    return result


def _load_ancestor_gitignores(ignores: _IgnoreRules, root_abs: str, rel_given: str) -> None:
    """Load the ``.gitignore`` files of the root and every directory between it and ``rel_given``."""
    ignores.gitignores = []
    if rel_given == ".":
        return
    parts = rel_given.split("/")[:-1]
    ignores.load_gitignore("", root_abs)
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        ignores.load_gitignore(prefix, os.path.join(root_abs, *parts[:depth]))


def _is_loop(path: str) -> bool:
    """True when resolving the symlink ``path`` never ends (ELOOP)."""
    try:
        os.stat(path)
    except OSError as exc:
        import errno

        return exc.errno == errno.ELOOP
    return False
