"""A content-addressed cache of parse results, so repeated scans skip unchanged Terraform files.

Parsing HCL is the costly step of a scan (python-hcl2's LALR parser, several milliseconds a
file); a pre-commit hook or a local re-run mostly sees files it has parsed before. A result is
stored under a key made of the file's path, its format hint, the SHA-256 of its text and a
fingerprint of the parser's own source code, so an edit to the file or to bastion misses the
cache and is parsed afresh. Only Terraform results are cached: they depend on nothing but the
path and the text (the Kubernetes parser also looks at neighbouring files).

Location: ``$BASTION_CACHE_DIR``, else ``$XDG_CACHE_HOME/bastion``, else ``~/.cache/bastion``;
``BASTION_CACHE_DIR=off`` (or ``--no-cache``) disables it. Entries are written atomically, so
concurrent scans and worker processes never see a half-written entry; a corrupt or unreadable
entry is ignored and rewritten. Deleting the directory is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from scanner import __version__
from scanner.model import FileResult, FileStatus, SourceFile

#: Bump when the layout of cached entries changes.
CACHE_FORMAT = 1

CACHED_HINTS = frozenset({"terraform"})

T = TypeVar("T")


def cache_directory() -> Path | None:
    """The cache directory from the environment, or None when caching is off."""
    configured = os.environ.get("BASTION_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "false", "no") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bastion"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of the Terraform parser's source files: any code change invalidates the cache."""
    digest = hashlib.sha256(f"{__version__}:{CACHE_FORMAT}".encode())
    package = Path(__file__).resolve().parent.parent / "parsers" / "terraform"
    for source in sorted(package.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def entry_path(directory: Path, source: SourceFile, text: str) -> Path:
    """Where the result of parsing ``text`` as ``source`` is stored."""
    digest = hashlib.sha256()
    for part in (source.path, source.hint, text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    key = digest.hexdigest()
    return directory / f"parse-{_code_fingerprint()}" / key[:2] / f"{key[2:]}.pickle"


def load(directory: Path | None, source: SourceFile, text: str) -> FileResult | None:
    """The cached result for this exact file text, or None (not cached, off, or unreadable)."""
    if directory is None or source.hint not in CACHED_HINTS:
        return None
    result = read_entry(entry_path(directory, source, text), FileResult)
    return result if result is not None and result.path == source.path else None


def store(directory: Path | None, source: SourceFile, text: str, result: FileResult) -> None:
    """Keep ``result`` for later scans; results of internal errors are never cached."""
    if directory is None or source.hint not in CACHED_HINTS or result.debug_trace is not None:
        return
    if result.status is FileStatus.ERRORED and not result.errors:
        return
    write_entry(entry_path(directory, source, text), result)


def read_entry(path: Path, expected: type[T]) -> T | None:
    """The object pickled at ``path`` when it is an ``expected``; None when missing or unreadable."""
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return None
    return value if isinstance(value, expected) else None


def write_entry(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically (temp file + rename); a read-only or full disk only
    costs speed, so write errors are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_path = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp_path, path)
    except OSError:
        return
