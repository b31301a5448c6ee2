"""Parse one discovered file: read it safely, decode it, hand it to its parser, contain failures.

This is the function worker processes run. It never raises: unreadable, binary or undecodable
files and unexpected parser exceptions all come back as an ERRORED :class:`FileResult`.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from scanner.graph import parse_cache
from scanner.model import FileResult, FileStatus, InputError, SourceFile
from scanner.parsers import parser_for, route
from scanner.parsers.interface import ParseOptions


def error_format(source: SourceFile) -> str:
    """The format named in errors about ``source`` before its content was understood."""
    if source.hint == "structured":
        return "json" if source.path.lower().endswith(".json") else "yaml"
    return source.hint


def read_text(source: SourceFile, limit: int) -> tuple[str | None, InputError | None]:
    """Read and decode ``source`` (UTF-8, optional BOM), at most ``limit`` bytes.

    Returns the text, or an error naming the reason (unreadable, over the limit, binary, not UTF-8)
    with the line of the offending byte where there is one.
    """
    fmt = error_format(source)
    try:
        with open(source.abs_path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return None, InputError(source.path, None, fmt, f"cannot read file: {exc.strerror}")
    if len(data) > limit:
        return None, InputError(
            source.path, None, fmt, f"file grew over the {limit:,}-byte limit (--max-file-size) while scanning; not read"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return None, InputError(source.path, line, fmt, "file is binary (it contains NUL bytes); not parsed")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        return None, InputError(
            source.path, line, fmt, f"file is not valid UTF-8: byte 0x{byte:02x} at line {line}, column {column}"
        )


def parse_source(source: SourceFile, options: ParseOptions, limit: int, cache_dir: Path | None = None) -> FileResult:
    """Read, route and parse one file; every failure becomes an error in the result.

    With ``cache_dir`` a result parsed earlier from the same text is reused (``parse_cache``).
    """
    text, error = read_text(source, limit)
    if error is not None:
        return FileResult(source.path, None, FileStatus.ERRORED, errors=[error])
    assert text is not None
    cached = parse_cache.load(cache_dir, source, text)
    if cached is not None:
        return cached
    format_name = error_format(source)
    try:
        format_name, routed = route(source, text)
        result = parser_for(format_name).parse_file(routed, text, options)
        parse_cache.store(cache_dir, source, text, result)
        return result
    except Exception as exc:  # a parser bug must not stop the scan: it is reported for this file
        message = f"internal error in the {format_name} parser: {type(exc).__name__}: {exc}"
        return FileResult(
            source.path,
            None,
            FileStatus.ERRORED,
            errors=[InputError(source.path, None, format_name, message.splitlines()[0])],
            debug_trace=f"{source.path}:\n{traceback.format_exc()}",
        )


def parse_batch(
    batch: list[SourceFile], options: ParseOptions, limit: int, documents: bool = True, cache_dir: Path | None = None
) -> list[FileResult]:
    """Parse several files in order (one task per batch keeps inter-process traffic low).

    With ``documents`` False the conftest-shaped documents are dropped here, in the worker, so
    they cost neither inter-process traffic nor memory when no conftest policy will read them.
    """
    results = [parse_source(source, options, limit, cache_dir) for source in batch]
    if not documents:
        for result in results:
            result.documents = []
    return results
