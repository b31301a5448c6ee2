"""Attribute paths in the syntax of ``attr_lines`` (docs/graph.md), and base64 text decoding.

``spec.containers[0].env[1].value``; a key that is not a plain identifier
(``[A-Za-z_][A-Za-z0-9_-]*``) is a JSON string in brackets: ``data["app.properties"]``. All three
parsers write paths this way, so a finding's ``attribute`` lands on the exact line.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
#: Larger encoded values are not decoded (bounded work on hostile input).
MAX_DECODED_SIZE = 1_000_000


def join_key(path: str, key: str) -> str:
    """The path of mapping entry ``key`` under ``path`` (``""`` is the top level)."""
    if _SIMPLE_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def join_index(path: str, index: int) -> str:
    """The path of list item ``index`` under ``path``."""
    return f"{path}[{index}]"


def decode_base64_text(value: object) -> str | None:
    """The UTF-8 text ``value`` encodes in standard base64, or None when it is not such a value.

    Whitespace (line-wrapped base64) is ignored; padding must be right; binary content (not
    UTF-8, or with NUL bytes) gives None, as do values over :data:`MAX_DECODED_SIZE`.
    """
    if not isinstance(value, str):
        return None
    compact = "".join(value.split())
    if len(compact) < 8 or len(compact) % 4 or len(compact) > MAX_DECODED_SIZE or not _BASE64.fullmatch(compact):
        return None
    try:
        decoded = base64.b64decode(compact, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return None if "\x00" in decoded else decoded
