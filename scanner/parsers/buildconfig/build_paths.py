"""Resolve the build context and Dockerfile a manifest names into paths relative to the scan root.

docker-compose and skaffold both resolve a build ``context`` against the directory of the manifest
and the ``dockerfile`` against the context (default ``Dockerfile``). The result is a normalized
POSIX path relative to the scan root (``services/api/Dockerfile``), so it can be compared with the
``path`` of a Dockerfile node. What cannot be mapped into the scanned repository is an unknown
marker, never a guess: a remote context (a Git or HTTP URL), an absolute path, a path that leaves
the scanned root, or (docker-compose) a path holding an environment variable.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from scanner.model import unknown_value

DEFAULT_DOCKERFILE = "Dockerfile"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_WINDOWS_ABSOLUTE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass
class BuildPaths:
    """The resolved ``context`` and ``dockerfile`` (each a path or an unknown marker) and which of
    the two are unknown (``unknown`` holds "context" and/or "dockerfile")."""

    context: Any
    dockerfile: Any
    unknown: list[str] = field(default_factory=list)


def is_remote_context(context: str) -> bool:
    """True for a build context that is a URL or a Git remote (``https://...``, ``git@host:repo``)."""
    return bool(_URL.match(context)) or context.startswith("git@")


def resolve_build_paths(
    manifest_path: str, context: str | None, dockerfile: str | None, interpolated: bool
) -> BuildPaths:
    """Resolve ``context`` (default ``.``) and ``dockerfile`` (default ``Dockerfile``) as written in
    the manifest at ``manifest_path`` (relative to the scan root).

    ``interpolated`` is True for docker-compose, where ``$`` starts an environment variable
    (``$$`` is a literal ``$``). ``dockerfile`` None with a known context gives the default.
    """
    context = "." if context is None else context
    context_problem = _problem(context, interpolated, "build context")
    if context_problem is not None:
        marker = unknown_value(context_problem)
        return BuildPaths(marker, unknown_value(f"the Dockerfile's location is unknown because {context_problem}"), ["context", "dockerfile"])
    context = _literal(context, interpolated)
    resolved_context = posixpath.normpath(posixpath.join(posixpath.dirname(manifest_path), context))
    if _leaves_root(resolved_context):
        problem = f"the build context '{context}' is outside the scanned root"
        return BuildPaths(unknown_value(problem), unknown_value(f"the Dockerfile's location is unknown because {problem}"), ["context", "dockerfile"])
    dockerfile = DEFAULT_DOCKERFILE if dockerfile is None else dockerfile
    dockerfile_problem = _problem(dockerfile, interpolated, "Dockerfile path")
    if dockerfile_problem is not None:
        return BuildPaths(resolved_context, unknown_value(dockerfile_problem), ["dockerfile"])
    dockerfile = _literal(dockerfile, interpolated)
    resolved_dockerfile = posixpath.normpath(posixpath.join(resolved_context, dockerfile))
    if _leaves_root(resolved_dockerfile):
        problem = f"the Dockerfile '{dockerfile}' is outside the scanned root"
        return BuildPaths(resolved_context, unknown_value(problem), ["dockerfile"])
    return BuildPaths(resolved_context, resolved_dockerfile)


def _problem(value: str, interpolated: bool, what: str) -> str | None:
    """Why a written path cannot be mapped into the repository, or None when it can."""
    if interpolated and "$" in value.replace("$$", ""):
        return f"the {what} '{value}' depends on an environment variable"
    if is_remote_context(value):
        return f"the {what} '{value}' is a remote URL"
    if value.startswith(("/", "\\")) or _WINDOWS_ABSOLUTE.match(value):
        return f"the {what} '{value}' is an absolute path outside the scanned repository"
    return None


def _literal(value: str, interpolated: bool) -> str:
    """The path as the tool reads it: ``$$`` is a literal ``$`` in docker-compose."""
    return value.replace("$$", "$") if interpolated else value


def _leaves_root(normalized: str) -> bool:
    """True when a normalized relative path climbs above the scan root."""
    return normalized == ".." or normalized.startswith("../")
