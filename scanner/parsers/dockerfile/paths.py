"""Attribute paths of a stage node's ``attr_lines`` and ``unknown`` entries.

A key that looks like an identifier joins with a dot (``env.PATH``); any other key, such as a
label named ``org.opencontainers.image.source``, is written as a JSON string in brackets
(``labels["org.opencontainers.image.source"]``), so the path stays unambiguous.
"""

from __future__ import annotations

import json
import re

_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def key_path(prefix: str, key: str) -> str:
    """The path of mapping entry ``key`` inside the attribute ``prefix``."""
    if _SIMPLE_KEY.fullmatch(key):
        return f"{prefix}.{key}"
    return f"{prefix}[{json.dumps(key, ensure_ascii=False)}]"
