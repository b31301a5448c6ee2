"""Replace secret values by ``<redacted:TYPE>`` markers, wherever they could be printed.

A :class:`Ledger` holds every secret string found in a scan (with variants: JSON-escaped,
YAML-quoted, and each line of a multi-line secret such as a PEM body). A long secret (8
characters or more) is replaced wherever it occurs, also inside longer strings (keeping the text
around it: ``https://<redacted:url-credentials>@db.internal``). A short or low-entropy value of a
committed Kubernetes Secret (``billing``) is *scoped*: replaced only where it is a whole string
of its own object or conftest document, and inside the source lines of its own attribute, so
that the word is not erased from every name that contains it.

:func:`scrub_text` adds the shape detectors on top of the ledger, for text bastion did not
parse itself (source lines, messages written by a user's policy, error messages).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from scanner.secrets.patterns import find_patterns

#: A value at least this long is redacted everywhere; shorter ones only in their own object.
GLOBAL_MIN_LENGTH = 8
#: A scoped value at least this long is replaced inside longer strings too, else only whole.
SUBSTRING_MIN_LENGTH = 4
#: Lines of a multi-line secret at least this long are redacted on their own (source snippets).
FRAGMENT_MIN_LENGTH = 16


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode


def marker(secret_type: str) -> str:
    """The text that stands in for a secret of ``secret_type``: ``<redacted:github-token>``."""
    return f"<redacted:{secret_type}>"


@dataclass(frozen=True)
class Redaction:
    """One secret string and its marker. ``node_id`` is None for a secret redacted everywhere;
    otherwise it is scoped: replaced where it is a whole string of that node (or of the conftest
    document holding it), and inside the source lines ``path``:``start_line``-``end_line``."""

    value: str
    marker: str
    node_id: str | None = None
    path: str | None = None
    start_line: int = 0
    end_line: int = 0


def variants(value: str) -> list[str]:
    """The forms a secret takes in source text and data: as is, JSON/HCL-escaped, YAML
    single-quoted, and each long line of a multi-line value."""
    forms = [value]
    escaped = json.dumps(value, ensure_ascii=False)[1:-1]
    if escaped != value:
        forms.append(escaped)
    if "'" in value:
        forms.append(value.replace("'", "''"))
    if "\n" in value:
        for line in value.splitlines():
            line = line.strip()
            if len(line) >= FRAGMENT_MIN_LENGTH and not line.startswith("-----"):
                forms.append(line)
    return forms


class Ledger:
    """The secrets of one scan and how to take them out of any string.

    When one value was found by several detectors, the first redaction given for it names its
    marker (the annotator gives the most specific first).
    """

    def __init__(self, redactions: Iterable[Redaction] = ()) -> None:
        unique = list(dict.fromkeys(redactions))
        # Stable sort: among redactions of one value, the first given (the most specific) names it.
        self.redactions = sorted(unique, key=lambda item: (-len(item.value), item.value))
        everywhere: dict[str, str] = {}
        self._scoped: dict[str, list[tuple[str, str]]] = {}
        self._by_path: dict[str, list[Redaction]] = {}
        for item in self.redactions:
            if item.node_id is None:
                for form in variants(item.value):
                    everywhere.setdefault(form, item.marker)
            else:
                self._scoped.setdefault(item.node_id, []).extend((form, item.marker) for form in variants(item.value))
                if item.path is not None:
                    self._by_path.setdefault(item.path, []).append(item)
        self._everywhere = everywhere
        ordered = sorted(everywhere, key=lambda form: (-len(form), form))
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __bool__(self) -> bool:
        return bool(self.redactions)

    def may_occur_in(self, data: Any, node_id: str | None = None) -> bool:
        """Cheap test before a walk: can ``data`` (JSON-like) hold a secret of this ledger? True
        when ``node_id`` has scoped values, or a global value occurs in its JSON text. Encoding
        and substring search run in C, so most nodes of a large graph are never walked."""
        if node_id is not None and node_id in self._scoped:
            return True
        if not self._everywhere:
            return False
        text = _ENCODE(data)
        return any(form in text for form in self._everywhere)

    def values(self) -> list[str]:
        """Every secret string of the scan, longest first (for tests and the final guard)."""
        return [item.value for item in self.redactions]

    def redact(self, text: str, node_id: str | None = None, path: str | None = None, line: int | None = None) -> str:
        """``text`` with every secret replaced: the global ones anywhere in it; a value scoped to
        ``node_id`` when it is the whole text; a value scoped to the source line ``path``:``line``
        anywhere in it."""
        if not isinstance(text, str) or not text:
            return text
        if self._pattern is not None and self._pattern.search(text):
            text = self._pattern.sub(lambda match: self._everywhere[match.group(0)], text)
        for form, replacement in self._scoped.get(node_id, ()) if node_id is not None else ():
            if text == form:
                return replacement
        if path is not None and line is not None:
            scoped = [
                (form, item.marker)
                for item in self._by_path.get(path, ())
                if item.start_line <= line <= item.end_line
                for form in variants(item.value)
            ]
            for form, replacement in sorted(scoped, key=lambda pair: -len(pair[0])):
                if len(form) >= SUBSTRING_MIN_LENGTH and form in text:
                    text = text.replace(form, replacement)
        return text

    def redact_cut_tail(self, text: str) -> str:
        """Redact the start of a secret at the end of a line cut short (a snippet limited in
        length may end in the middle of a secret)."""
        for value in self.values():
            for length in range(min(len(value) - 1, len(text)), SUBSTRING_MIN_LENGTH - 1, -1):
                if text.endswith(value[:length]):
                    return text[: len(text) - length] + marker_of(self, value)
        return text


def marker_of(ledger: Ledger, value: str) -> str:
    """The marker the ledger uses for ``value``."""
    return next(item.marker for item in ledger.redactions if item.value == value)


def scrub_text(text: str, ledger: Ledger | None, path: str | None = None, line: int | None = None) -> str:
    """``text`` without any secret: the ledger's values (global, and scoped to ``path``/``line``)
    and anything the shape detectors recognise."""
    if not isinstance(text, str) or not text:
        return text
    if ledger:
        text = ledger.redact(text, path=path, line=line)
    for detection in find_patterns(text):
        text = text.replace(detection.secret, marker(detection.type))
    return text


def redact_in_place(value: Any, replace: Callable[[str], str], depth: int = 0) -> Any:
    """Apply ``replace`` to every string of a JSON-like tree (keys included), mutating dicts
    and lists in place; returns the (possibly new) root."""
    if isinstance(value, str):
        return replace(value)
    if depth > 256:
        return value
    if isinstance(value, dict):
        for key in list(value):
            item = value[key]
            new_item = redact_in_place(item, replace, depth + 1)
            new_key = replace(key) if isinstance(key, str) else key
            if new_key != key:
                del value[key]
                value[new_key] = new_item
            elif new_item is not item:
                value[key] = new_item
    elif isinstance(value, list):
        for index, item in enumerate(value):
            new_item = redact_in_place(item, replace, depth + 1)
            if new_item is not item:
                value[index] = new_item
    return value
