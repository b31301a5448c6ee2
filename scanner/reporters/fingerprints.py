"""GitHub's ``primaryLocationLineHash``: the per-line hash github/codeql-action gives SARIF results.

When a SARIF file is uploaded through ``github/codeql-action/upload-sarif``, the action fills in
``partialFingerprints.primaryLocationLineHash`` for results that lack it; the REST API does not,
and without the value code scanning cannot match alerts across uploads. Bastion therefore computes
it itself, with exactly the action's algorithm (its ``src/fingerprints.ts``), re-derived here:

1. The file is decoded as UTF-8 and seen as UTF-16 code units (what JavaScript's ``charCodeAt``
   returns, so a character outside the BMP counts as two units). ``\\r\\n`` and a lone ``\\r``
   both become ``\\n``. Spaces and tabs are dropped everywhere.
2. The remaining units are followed by one end-of-file marker (65535) and then zeros.
3. Line *k* starts at the first unit after the (k-1)-th ``\\n``; so a file has one line more than
   it has line breaks, and the line after a final line break is a line of its own.
4. A line's hash is the polynomial ``sum(unit[start + j] * 37 ** (99 - j) for j in 0..99)``
   modulo 2**64: the 100 units that start the line, whatever lines they spill into. It is written
   as lower-case hex without leading zeros.
5. The value is ``<hex>:<n>``, where ``n`` is 1 for the first line (in file order) with that hash,
   2 for the second, and so on.

The action computes step 4 with a rolling hash over a ring buffer; the direct sum gives the same
numbers and is easier to check against the definition.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from operator import mul

#: Units that make up one line's hash.
BLOCK_SIZE = 100
#: The multiplier of the polynomial hash.
BASE = 37
#: Arithmetic is on unsigned 64-bit integers (the action's signed Long, printed unsigned).
MASK = (1 << 64) - 1
#: The unit fed after the last character of the file.
END_OF_FILE = 0xFFFF

_LINE_FEED = 0x0A
#: Weight of each unit of a block, most significant first, already reduced modulo 2**64.
_WEIGHTS: tuple[int, ...] = tuple(pow(BASE, BLOCK_SIZE - 1 - offset, 1 << 64) for offset in range(BLOCK_SIZE))
_DROPPED = str.maketrans("", "", " \t")


def hash_units(text: str) -> list[int]:
    """The sequence the hash runs over: ``text`` with line breaks normalised to ``\\n``, spaces and
    tabs removed, as UTF-16 code units, then the end-of-file marker and ``BLOCK_SIZE - 1`` zeros.

    A ``\\n`` right after a ``\\r`` merges with it only when nothing, not even a space, lies between
    them, as in the action (``"\\r \\n"`` is two line breaks).
    """
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROPPED)
    if normalized.isascii():
        units = list(normalized.encode("ascii"))
    else:
        code_units = array("H", normalized.encode("utf-16-le", "surrogatepass"))
        if sys.byteorder == "big":
            code_units.byteswap()
        units = code_units.tolist()
    units.append(END_OF_FILE)
    units.extend([0] * (BLOCK_SIZE - 1))
    return units


def line_starts(units: list[int]) -> list[int]:
    """Index in ``units`` of the first unit of each line (line 1 first), as the action counts lines."""
    last = len(units) - BLOCK_SIZE  # the end-of-file marker
    return [0] + [index + 1 for index in range(last) if units[index] == _LINE_FEED]


def block_hash(units: list[int], start: int) -> int:
    """The unsigned 64-bit polynomial hash of the ``BLOCK_SIZE`` units from ``start``."""
    return sum(map(mul, units[start : start + BLOCK_SIZE], _WEIGHTS)) & MASK


def iter_line_hashes(text: str, last_line: int | None = None) -> Iterable[tuple[int, str]]:
    """``(line, "<hex>:<n>")`` for every line of ``text`` in order, as codeql-action computes them.

    ``last_line`` stops after that line (the values of earlier lines never depend on later ones'
    counts, so stopping early gives the same values for the lines produced).
    """
    units = hash_units(text)
    seen: dict[int, int] = {}
    for line, start in enumerate(line_starts(units), start=1):
        if last_line is not None and line > last_line:
            return
        value = block_hash(units, start)
        seen[value] = seen.get(value, 0) + 1
        yield line, f"{value:x}:{seen[value]}"


def line_hashes(text: str, lines: Iterable[int]) -> dict[int, str]:
    """The ``primaryLocationLineHash`` of each requested 1-based line of ``text`` that exists.

    Lines below 1 or past the end of the file are left out of the result.
    """
    wanted = {line for line in lines if line >= 1}
    if not wanted:
        return {}
    return {line: value for line, value in iter_line_hashes(text, max(wanted)) if line in wanted}
