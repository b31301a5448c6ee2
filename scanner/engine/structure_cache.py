"""Remember the structure of Rego modules across runs, so the rule pack loads fast in a pre-commit hook.

Reading a module's packages and rule heads means compiling it and decoding its AST (about a
millisecond a module, most of the engine's start-up for the ~150 modules of the pack). The result,
a :class:`~scanner.engine.rego_parse.ParsedModule`, depends only on the file name, the text and
bastion's own code, so it is kept in the parse cache directory (``scanner.graph.parse_cache``)
under a digest of those. Only successful parses are kept; a module that does not compile is
parsed (and reported) every time. A missing, corrupt or unwritable cache only costs speed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from scanner import __version__
from scanner.engine.rego_parse import ParsedModule, parse_module
from scanner.graph.parse_cache import cache_directory, read_entry, write_entry


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of the parsing code: a change to it invalidates every entry."""
    return hashlib.sha256(f"{__version__}:".encode() + Path(parse_module.__code__.co_filename).read_bytes()).hexdigest()[:16]


def parse_module_cached(filename: str, source: str) -> ParsedModule:
    """``parse_module(filename, source)``, served from the cache when this exact text was parsed before."""
    directory = cache_directory()
    if directory is None:
        return parse_module(filename, source)
    key = hashlib.sha256(f"{filename}\0{source}".encode("utf-8", "surrogatepass")).hexdigest()
    target = directory / f"rego-{_code_fingerprint()}" / f"{key}.pickle"
    cached = read_entry(target, ParsedModule)
    if cached is not None:
        return cached
    parsed = parse_module(filename, source)
    write_entry(target, parsed)
    return parsed
