"""Dockerfile parser: one graph node per build stage (see ``parser.py`` and docs/graph/dockerfile.md).

The package is itself a parser module (``FORMAT``, ``parse_file``, ``assemble``); BuildKit's Go
parser is only loaded when the first Dockerfile is parsed.
"""

from __future__ import annotations

from scanner.parsers.dockerfile.parser import (
    FORMAT,
    NAME_PATTERNS,
    DockerfilePayload,
    assemble,
    is_dockerfile_name,
    parse_file,
)

__all__ = ["FORMAT", "NAME_PATTERNS", "DockerfilePayload", "assemble", "is_dockerfile_name", "parse_file"]
