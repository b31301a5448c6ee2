"""Diff mode: ask plain ``git`` what changed under the scan root since a base revision.

``collect_changes(root, ref)`` compares the working tree (staged and unstaged edits included)
with the merge base of ``ref`` and ``HEAD`` (``ref`` itself when they share no history, e.g. a
shallow clone), and adds untracked files that are not ignored as wholly changed. Git is the
only program run; nothing is fetched (a ref that exists only on a remote must be fetched by the
caller). External diff drivers, textconv filters and the fsmonitor hook are turned off, so
nothing configured in the scanned repository runs. Every failure is a :class:`DiffError` whose
message is one sentence for the user (shown as a usage error).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from scanner.gating.diff_hunks import ChangedLines, parse_unified_diff

#: Git settings forced on every call: raw UTF-8 paths and no hook or helper program.
_GIT_SETTINGS = ("-c", "core.quotePath=false", "-c", "core.fsmonitor=false")
#: Environment variables git resolves against the current directory; made absolute before ``-C``.
_PATH_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


class DiffError(Exception):
    """Diff mode cannot run: not a git repository, an unknown revision, no git. One sentence."""


@dataclass(frozen=True)
class ChangeSet:
    """What changed under the scan root: ``files`` maps a path (relative to the scan root, forward
    slashes) to its :class:`ChangedLines`. ``base`` is the revision the user named and
    ``commit`` the commit the working tree was compared with."""

    base: str
    commit: str
    files: Mapping[str, ChangedLines] = field(default_factory=dict, hash=False)

    def lines_of(self, path: str) -> ChangedLines | None:
        """The changes of ``path``, None when it did not change."""
        return self.files.get(path)


def collect_changes(root: str, ref: str) -> ChangeSet:
    """The changes under ``root`` since ``ref`` (see the module docstring). Raises :class:`DiffError`."""
    if not ref or ref.startswith("-"):
        raise DiffError(f"'{ref}' is not a git revision")
    _git_or_fail(root, ["rev-parse", "--show-toplevel"], lambda message: f"'{root}' is not in a git repository (git: {message})")
    commit = _base_commit(root, ref)
    diff_args = [
        "diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "--relative",
        "--src-prefix=a/", "--dst-prefix=b/", commit, "--",
    ]
    files = dict(_stream_diff(root, diff_args))
    untracked = _git_or_fail(root, ["ls-files", "--others", "--exclude-standard", "-z"], lambda message: f"git cannot list untracked files (git: {message})")
    for raw in untracked.split(b"\0"):
        if raw:
            files[os.fsdecode(raw)] = ChangedLines(whole_file=True)
    return ChangeSet(ref, commit, dict(sorted(files.items())))


def _base_commit(root: str, ref: str) -> str:
    """The merge base of ``ref`` and HEAD, or ``ref``'s commit when they share no history."""
    completed = _run_git(root, ["merge-base", ref, "HEAD"])
    if completed.returncode == 0 and completed.stdout.strip():
        return completed.stdout.decode("utf-8", "replace").split()[0]
    message = _message(completed.stderr)
    if message:
        raise DiffError(f"git does not know the revision '{ref}' (git: {message})")
    out = _git_or_fail(root, ["rev-parse", "--verify", f"{ref}^{{commit}}"], lambda msg: f"git does not know the revision '{ref}' (git: {msg})")
    return out.decode("utf-8", "replace").strip()


def _git_environment() -> dict[str, str]:
    """The environment of a git call: no prompts, no optional locks, repository variables absolute."""
    env = dict(os.environ)
    for name in _PATH_VARIABLES:
        if env.get(name):
            env[name] = os.path.abspath(env[name])
    env.pop("GIT_EXTERNAL_DIFF", None)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"})
    return env


def _command(root: str, args: list[str]) -> list[str]:
    return ["git", "-C", root, *_GIT_SETTINGS, *args]


def _run_git(root: str, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run one git command under ``root``, capturing bytes; a missing git is a DiffError."""
    try:
        return subprocess.run(_command(root, args), capture_output=True, stdin=subprocess.DEVNULL, env=_git_environment(), check=False)
    except FileNotFoundError:
        raise DiffError("the git program is not installed or not on PATH") from None
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc.strerror or exc}") from None


def _git_or_fail(root: str, args: list[str], explain: Callable[[str], str]) -> bytes:
    """The standard output of a git command that must succeed; else a DiffError built by ``explain``."""
    completed = _run_git(root, args)
    if completed.returncode != 0:
        raise DiffError(explain(_message(completed.stderr) or f"git exited with code {completed.returncode}"))
    return completed.stdout


def _stream_diff(root: str, args: list[str]) -> dict[str, ChangedLines]:
    """Run ``git diff`` and parse its output as it arrives (a large diff is never held whole)."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(_command(root, args), stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL, env=_git_environment())
        except FileNotFoundError:
            raise DiffError("the git program is not installed or not on PATH") from None
        assert process.stdout is not None
        with process:
            lines = (raw.decode("utf-8", "surrogateescape") for raw in process.stdout)
            changes = parse_unified_diff(lines)
        if process.returncode != 0:
            errors.seek(0)
            message = _message(errors.read()) or f"git exited with code {process.returncode}"
            raise DiffError(f"git diff failed (git: {message})")
    return changes


def _message(stderr: bytes) -> str:
    """Git's first ``fatal:``/``error:`` line without that prefix, else its last non-empty line."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    for line in lines:
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return line[len(prefix) :]
    return lines[-1] if lines else ""
