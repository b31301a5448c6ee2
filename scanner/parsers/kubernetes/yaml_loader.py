"""Safe YAML composition with line numbers and alias-bomb protection.

The text is *composed* (``yaml.compose_all`` with libyaml's ``CSafeLoader`` when present, else the
pure-Python ``SafeLoader``) into a node tree that keeps the position of every key and value; no
Python object is ever constructed by yaml itself, so no tag can run code. ``plain_values.py``
turns the nodes into plain values afterwards.

Composition is bounded by the text: an alias is the *same* node object as its anchor, so a
"billion laughs" file composes to a few dozen nodes. Expanding it is what would explode, so
:func:`check_aliases` measures the expanded size of every document (memoized per node, linear in
the composed tree) before anything is expanded, and rejects recursive structures.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from scanner.parsers.kubernetes.problems import ManifestProblem

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - libyaml is present in our environments
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX, _PLAIN_VALUE_MAX = 65_536, 64


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a faster tag resolver.

    Resolution is the same as the SafeLoader's (YAML 1.1 implicit types; path resolvers are not
    used), but the tag of short plain scalars (keys, enum-like values) is memoized, which saves
    about a quarter of the time spent composing large manifests such as CRDs.
    """

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of a node without an explicit one, as the SafeLoader's resolver gives it."""
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR_TAG
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _PLAIN_VALUE_MAX and len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _SEQ_TAG if kind is SequenceNode else _MAP_TAG


#: Nodes that aliases may add to one file once expanded, beyond the nodes written in it.
MAX_ALIAS_NODES = 100_000
#: Deepest nesting of mappings and sequences accepted (libyaml itself stops at 1,000).
MAX_DEPTH = 256

NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"
_WHITESPACE = " \t\r\n"


def first_line(node: YamlNode) -> int:
    """The 1-based line where ``node`` starts."""
    return node.start_mark.line + 1


class LineIndex:
    """Maps character offsets of one text to 1-based lines, and finds where nodes end."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_starts: list[int] | None = None

    def line_of(self, offset: int) -> int:
        """The 1-based line holding the character at ``offset``."""
        if self._line_starts is None:
            starts = [0]
            find = self._text.find
            position = find("\n")
            while position != -1:
                starts.append(position + 1)
                position = find("\n", position + 1)
            self._line_starts = starts
        return bisect_right(self._line_starts, offset)

    def last_line(self, node: YamlNode) -> int:
        """The 1-based line of the last character that belongs to ``node``.

        Block collections end where the next token starts (possibly after blank lines and
        comments), so their last line is their last child's; scalars and flow collections end at
        their end mark, less trailing whitespace (block scalars include trailing blank lines).
        """
        while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(node, MappingNode) else last
        offset = min(node.end_mark.index, len(self._text)) - 1
        start = node.start_mark.index
        while offset > start and self._text[offset] in _WHITESPACE:
            offset -= 1
        return self.line_of(max(offset, start))


def compose_documents(text: str) -> tuple[list[YamlNode], ManifestProblem | None]:
    """Compose every non-empty document of ``text``.

    Returns the document root nodes in order and, when the text is not valid YAML, the problem
    (line and "could not parse YAML: <yaml's problem>"); the documents before the broken one are
    still returned. A document that is empty or only ``null`` is left out.
    """
    roots: list[YamlNode] = []
    try:
        for root in yaml.compose_all(text, Loader=_Loader):
            if root is None or (isinstance(root, ScalarNode) and root.tag == NULL_TAG):
                continue
            roots.append(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        return roots, ManifestProblem(f"could not parse YAML: {problem}", line=line)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        return roots, ManifestProblem(f"could not parse YAML: {error.reason}", line=line)
    except yaml.YAMLError as error:
        return roots, ManifestProblem(f"could not parse YAML: {_first_line_of(str(error))}")
    except RecursionError:
        return roots, ManifestProblem(f"YAML nesting is deeper than {MAX_DEPTH} levels")
    return roots, None


def check_aliases(roots: Iterable[YamlNode], limit: int = MAX_ALIAS_NODES) -> None:
    """Raise :class:`ManifestProblem` when aliases would expand the documents too far.

    Counts, over all documents, the nodes that expanding aliases adds to the nodes written in the
    text; more than ``limit`` is a possible alias bomb. Also rejects an alias inside its own
    anchor (a recursive structure) and nesting deeper than :data:`MAX_DEPTH` once expanded.
    Runs in time linear in the composed tree, never expanding anything.
    """
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()
    added = 0

    def measure(node: YamlNode, depth: int) -> int:
        """The expanded size of ``node`` at ``depth``; raises on the limits above."""
        nonlocal added
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            added += known
            if added > limit:
                raise ManifestProblem(
                    f"YAML aliases expand to more than {limit} nodes (possible alias bomb)",
                    line=first_line(node),
                )
            if depth + heights[key] > MAX_DEPTH:
                raise ManifestProblem(f"YAML nesting is deeper than {MAX_DEPTH} levels", line=first_line(node))
            return known
        if key in open_nodes:
            raise ManifestProblem("YAML alias refers to a node that contains it", line=first_line(node))
        if depth > MAX_DEPTH:
            raise ManifestProblem(f"YAML nesting is deeper than {MAX_DEPTH} levels", line=first_line(node))
        if isinstance(node, ScalarNode):
            sizes[key], heights[key] = 1, 0
            return 1
        open_nodes.add(key)
        size, height = 1, 0
        children = (
            [part for pair in node.value for part in pair] if isinstance(node, MappingNode) else node.value
        )
        for child in children:
            size += measure(child, depth + 1)
            height = max(height, heights[id(child)] + 1)
        open_nodes.discard(key)
        sizes[key], heights[key] = size, height
        return size

    for root in roots:
        measure(root, 0)


def mapping_child(node: YamlNode, key: str) -> YamlNode | None:
    """The value node of the plain string ``key`` in a mapping node, else None (last one wins)."""
    found = None
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found = value_node
    return found


def looks_like_kubernetes(node: YamlNode) -> bool:
    """True when a document node may be a Kubernetes object, cheaply, before construction: a
    mapping that writes ``apiVersion`` and ``kind`` keys, or uses a merge key (``<<``) that might
    bring them. The caller confirms on the constructed value."""
    if not isinstance(node, MappingNode):
        return False
    keys = {key_node.value for key_node, _ in node.value if isinstance(key_node, ScalarNode)}
    if "apiVersion" in keys and "kind" in keys:
        return True
    return any(key_node.tag == MERGE_TAG for key_node, _ in node.value)


def written_api_version(node: YamlNode) -> str | None:
    """The ``apiVersion`` a document mapping writes as a plain scalar next to a ``kind`` key, else
    None (used when the document could not be constructed)."""
    if mapping_child(node, "kind") is None:
        return None
    value = mapping_child(node, "apiVersion")
    return value.value if isinstance(value, ScalarNode) else None


def _first_line_of(message: str) -> str:
    """The first line of a multi-line library message, without a trailing period."""
    return message.strip().splitlines()[0].rstrip(".") if message.strip() else "invalid YAML"
