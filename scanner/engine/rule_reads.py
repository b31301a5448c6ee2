"""What a native rule reads from the graph, derived statically from its Rego source.

``bastion scan --show-unknown`` needs to know, for each native rule, which node kinds it looks
at and which top-level attributes of them it reads, without running it. :func:`rule_reads`
answers from the source text, once per engine:

- The rule's own definitions (``deny``, ``warn_x``...) are the starting point; every rule they
  reference (same package by name, another package through an ``import`` alias or a
  ``data.`` path, e.g. ``aws.buckets`` of ``data.bastion.lib.aws``) is followed, transitively.
- **Kinds**: ``input.by_kind.K``, ``input.by_kind["K"]``, ``object.get(input.by_kind, "K", ...)``;
  ``input.by_format.F`` (every kind of format F); ``input.nodes`` (every node). A kind or format
  chosen by an expression (``object.get(input.by_kind, kind, [])``) may be any string literal of
  the rules followed (``some kind in ["aws_s3_bucket", ...]``, ``config_kind := "..."``).
- **Attributes** (top-level names): ``x.attrs.name``, ``x.attrs["name"]``,
  ``object.get(x.attrs, "name", ...)``, ``object.get(x.attrs, ["name", ...], ...)`` and the
  first segment of the path given to ``attribute_unknown(node, "a.b[0]")``. An attribute named
  by an expression (``x.attrs[setting]``, ``object.get(x.attrs, key, ...)``, ``x.attrs`` passed
  whole) may be any identifier-like string literal of the rules followed.
  ``object.keys(x.attrs)`` reads names only, not values, and counts for nothing.

This is a deliberate over-approximation on literals and an under-approximation on values
reached through edges (``input.by_id``); rules that need precision emit their own
``undecided`` set (docs/policies.md).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from scanner.engine.loader import LoadedModule

_TOKEN = re.compile(
    r"""(?:\s|\#[^\n]*)+|"(?:[^"\\\n]|\\.)*"|`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9.eE+-]*|:=|==|!=|<=|>=|.""",
    re.DOTALL,
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_OPEN = "([{"
_CLOSE = ")]}"


class Token(NamedTuple):
    """One lexical token of a Rego module: ``kind`` is ident, string, number or punct."""

    kind: str
    text: str
    line: int


@dataclass
class RuleReads:
    """What one rule reads: kinds, formats, top-level attribute names.

    ``all_nodes`` is true when the rule iterates ``input.nodes``. ``dynamic_kinds``,
    ``dynamic_formats`` and ``dynamic_attributes`` say that a lookup was made by expression;
    the string literals of the rules followed are then already folded into ``kinds``,
    ``formats`` or ``attributes``.
    """

    kinds: set[str] = field(default_factory=set)
    formats: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    all_nodes: bool = False
    dynamic_kinds: bool = False
    dynamic_formats: bool = False
    dynamic_attributes: bool = False

    def covers_kind(self, kind: str, format_name: str) -> bool:
        """True when the rule may read nodes of this kind (and format)."""
        return self.all_nodes or kind in self.kinds or format_name in self.formats


def tokenize(text: str) -> list[Token]:
    """The tokens of Rego source, without spaces and comments; string tokens hold their value."""
    tokens: list[Token] = []
    line = 1
    for match in _TOKEN.finditer(text):
        value = match.group()
        first = value[0]
        if first.isspace() or first == "#":
            line += value.count("\n")
        elif first == '"':
            tokens.append(Token("string", _unquote(value[1:-1]), line))
        elif first == "`":
            tokens.append(Token("string", value[1:-1], line))
            line += value.count("\n")
        elif first.isalpha() or first == "_":
            tokens.append(Token("ident", value, line))
        elif first.isdigit():
            tokens.append(Token("number", value, line))
        else:
            tokens.append(Token("punct", value, line))
    return tokens


def _unquote(body: str) -> str:
    """The value of a double-quoted Rego string body (Rego strings escape like JSON ones)."""
    if "\\" not in body:
        return body
    try:
        return str(json.loads(f'"{body}"'))
    except ValueError:
        return body


@dataclass
class _Chunk:
    """The tokens of one rule definition, the import aliases of its module, and, once scanned,
    what it reads, its string literals and the (package, rule) pairs it references."""

    package: tuple[str, ...]
    tokens: list[Token]
    aliases: dict[str, tuple[str, ...]]
    reads: RuleReads | None = None
    literals: set[str] = field(default_factory=set)
    references: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


class ReadsAnalyzer:
    """Indexes the loaded modules once; :meth:`reads` then answers per (package, rule names).

    Each rule definition is scanned at most once, however many rules reach it.
    """

    def __init__(self, modules: Iterable[LoadedModule]) -> None:
        """Tokenize every module and split it into rule chunks keyed by (package, rule name)."""
        self._chunks: dict[tuple[tuple[str, ...], str], list[_Chunk]] = {}
        self._rules: dict[tuple[str, ...], set[str]] = {}
        for module in modules:
            self._index(module)
        self._packages = set(self._rules)

    def reads(self, package: tuple[str, ...], rule_names: Sequence[str]) -> RuleReads:
        """What the rules ``rule_names`` of ``package`` read, following every rule they reference."""
        reads = RuleReads()
        literals: set[str] = set()
        for chunk in self._closure(package, rule_names):
            part = self._scanned(chunk)
            reads.kinds |= part.kinds
            reads.formats |= part.formats
            reads.attributes |= part.attributes
            reads.all_nodes |= part.all_nodes
            reads.dynamic_kinds |= part.dynamic_kinds
            reads.dynamic_formats |= part.dynamic_formats
            reads.dynamic_attributes |= part.dynamic_attributes
            literals |= chunk.literals
        if reads.dynamic_kinds:
            reads.kinds |= literals
        if reads.dynamic_formats:
            reads.formats |= literals
        if reads.dynamic_attributes:
            reads.attributes |= {literal for literal in literals if _IDENTIFIER.match(literal)}
        return reads

    def _index(self, module: LoadedModule) -> None:
        """Split the module's tokens at its rule heads (a definition runs to the next head)."""
        package = module.parsed.package_parts
        tokens = tokenize(module.source.text)
        aliases = _imports(tokens)
        names = self._rules.setdefault(package, set())
        heads = sorted({(head.line, head.name) for head in module.parsed.rules})
        lines = sorted({line for line, _ in heads})
        spans: dict[int, list[Token]] = {line: [] for line in lines}
        for token in tokens:
            position = bisect_right(lines, token.line) - 1
            if position >= 0:
                spans[lines[position]].append(token)
        for line, name in heads:
            names.add(name)
            self._chunks.setdefault((package, name), []).append(_Chunk(package, spans[line], aliases))

    def _closure(self, package: tuple[str, ...], rule_names: Sequence[str]) -> list[_Chunk]:
        """The chunks of the given rules and of every rule they reference, transitively."""
        pending = [(package, name) for name in rule_names]
        seen: set[tuple[tuple[str, ...], str]] = set()
        chunks: list[_Chunk] = []
        while pending:
            key = pending.pop()
            if key in seen or key not in self._chunks:
                continue
            seen.add(key)
            for chunk in self._chunks[key]:
                self._scanned(chunk)
                chunks.append(chunk)
                pending.extend(chunk.references)
        return chunks

    def _scanned(self, chunk: _Chunk) -> RuleReads:
        """Scan a chunk once: what it reads, its literals, what it references."""
        if chunk.reads is None:
            chunk.reads = RuleReads()
            _scan_chunk(chunk.tokens, chunk.reads, chunk.literals)
            chunk.references = self._references(chunk)
        return chunk.reads

    def _references(self, chunk: _Chunk) -> list[tuple[tuple[str, ...], str]]:
        """(package, rule) pairs a chunk refers to: local rule names, import aliases, ``data.`` paths."""
        found = []
        tokens = chunk.tokens
        local = self._rules.get(chunk.package, set())
        for index, token in enumerate(tokens):
            if token.kind != "ident" or (index > 0 and _punct(tokens[index - 1], ".")):
                continue
            if token.text in chunk.aliases or token.text == "data":
                base = chunk.aliases.get(token.text, ())
                target = self._resolve(base, _dotted(tokens, index + 1)[0])
                if target is not None:
                    found.append(target)
            elif token.text in local:
                found.append((chunk.package, token.text))
        return found

    def _resolve(self, base: tuple[str, ...], segments: list[str]) -> tuple[tuple[str, ...], str] | None:
        """The (package, rule) named by ``base`` followed by ``segments``: the longest package prefix wins."""
        path = (*base, *segments)
        for cut in range(len(path) - 1, 0, -1):
            if path[:cut] in self._packages:
                return path[:cut], path[cut]
        return None


def _imports(tokens: list[Token]) -> dict[str, tuple[str, ...]]:
    """Alias -> package path (without ``data``) of every ``import data....`` of a module."""
    aliases: dict[str, tuple[str, ...]] = {}
    for index, token in enumerate(tokens):
        if token.kind != "ident" or token.text != "import" or index + 1 >= len(tokens):
            continue
        if not _ident(tokens[index + 1], "data"):
            continue
        segments, after = _dotted(tokens, index + 2)
        if not segments:
            continue
        if after + 1 < len(tokens) and _ident(tokens[after], "as") and tokens[after + 1].kind == "ident":
            aliases[tokens[after + 1].text] = tuple(segments)
        else:
            aliases[segments[-1]] = tuple(segments)
    return aliases


def _dotted(tokens: list[Token], start: int) -> tuple[list[str], int]:
    """The ``.name`` / ``["name"]`` segments from position ``start``, and the position after them."""
    segments: list[str] = []
    index = start
    while index + 1 < len(tokens):
        if _punct(tokens[index], ".") and tokens[index + 1].kind == "ident":
            segments.append(tokens[index + 1].text)
            index += 2
        elif _punct(tokens[index], "[") and tokens[index + 1].kind == "string" and index + 2 < len(tokens) and _punct(tokens[index + 2], "]"):
            segments.append(tokens[index + 1].text)
            index += 3
        else:
            break
    return segments, index


def _arguments(tokens: list[Token], open_index: int) -> list[list[Token]]:
    """The comma-separated arguments of the call whose ``(`` is at ``open_index``."""
    arguments: list[list[Token]] = [[]]
    depth = 0
    for token in tokens[open_index + 1 :]:
        if token.kind == "punct" and token.text in _OPEN:
            depth += 1
        elif token.kind == "punct" and token.text in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif _punct(token, ",") and depth == 0:
            arguments.append([])
            continue
        arguments[-1].append(token)
    return arguments


def _texts(tokens: list[Token]) -> list[str]:
    """Token texts for comparing with code shapes; strings keep their quotes, so none matches code."""
    return [token.text if token.kind != "string" else f'"{token.text}"' for token in tokens]


def _first_segment(path: str) -> str:
    """``versioning`` for ``versioning[0].enabled``; the whole text when it has no separator."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _scan_chunk(chunk: list[Token], reads: RuleReads, literals: set[str]) -> None:
    """Add what one rule chunk reads to ``reads``, and its string literals to ``literals``."""
    consumed: set[int] = set()  # positions of `attrs` tokens already accounted for
    for index, token in enumerate(chunk):
        if token.kind == "string":
            literals.add(token.text)
            continue
        if token.kind != "ident":
            continue
        follows_dot = index > 0 and _punct(chunk[index - 1], ".")
        if token.text == "input" and not follows_dot:
            _input_reference(chunk, index, reads)
        elif token.text == "get" and follows_dot and index >= 2 and _ident(chunk[index - 2], "object") and _is_call(chunk, index):
            _object_get(chunk, index + 1, reads, consumed)
        elif token.text == "keys" and follows_dot and index >= 2 and _ident(chunk[index - 2], "object") and _is_call(chunk, index):
            consumed.update(_attrs_positions(chunk, index + 1))
        elif token.text == "attribute_unknown" and index > 0 and _is_call(chunk, index):
            # (index 0 is the helper's own definition, which reads node.unknown, not attrs)
            arguments = _arguments(chunk, index + 1)
            if len(arguments) == 2 and len(arguments[1]) == 1 and arguments[1][0].kind == "string":
                reads.attributes.add(_first_segment(arguments[1][0].text))
            else:
                reads.dynamic_attributes = True
        elif token.text == "attrs" and follows_dot and index not in consumed:
            _attrs_access(chunk, index, reads)


def _punct(token: Token, text: str) -> bool:
    """True for the punctuation ``text`` (never a string literal that happens to hold it)."""
    return token.kind == "punct" and token.text == text


def _ident(token: Token, text: str) -> bool:
    """True for the identifier ``text``."""
    return token.kind == "ident" and token.text == text


def _is_call(chunk: list[Token], index: int) -> bool:
    """True when the token at ``index`` is followed by ``(``."""
    return index + 1 < len(chunk) and _punct(chunk[index + 1], "(")


def _input_reference(chunk: list[Token], index: int, reads: RuleReads) -> None:
    """``input.by_kind...``, ``input.by_format...`` or ``input.nodes`` (not inside object.get)."""
    segments = _dotted(chunk, index + 1)[0]
    if not segments:
        return
    head = segments[0]
    if head == "nodes":
        reads.all_nodes = True
        return
    if head not in ("by_kind", "by_format"):
        return
    if len(segments) > 1:
        (reads.kinds if head == "by_kind" else reads.formats).add(segments[1])
        return
    inside_get = index >= 4 and _texts(chunk[index - 4 : index]) == ["object", ".", "get", "("]
    if not inside_get:
        _mark_dynamic(reads, head)


def _object_get(chunk: list[Token], open_index: int, reads: RuleReads, consumed: set[int]) -> None:
    """``object.get(input.by_kind, K, d)``, ``object.get(input.by_format, F, d)``, ``object.get(x.attrs, A, d)``."""
    arguments = _arguments(chunk, open_index)
    if len(arguments) < 2:
        return
    first, key = _texts(arguments[0]), arguments[1]
    literal = key[0].text if len(key) == 1 and key[0].kind == "string" else None
    if first in (["input", ".", "by_kind"], ["input", ".", "by_format"]):
        if literal is None:
            _mark_dynamic(reads, first[-1])
        else:
            (reads.kinds if first[-1] == "by_kind" else reads.formats).add(literal)
        return
    if first[-2:] != [".", "attrs"]:
        return
    consumed.update(_attrs_positions(chunk, open_index, limit=1))
    if literal is not None:
        reads.attributes.add(literal)
    elif len(key) >= 2 and _punct(key[0], "[") and key[1].kind == "string":
        reads.attributes.add(key[1].text)
    else:
        reads.dynamic_attributes = True


def _mark_dynamic(reads: RuleReads, index_name: str) -> None:
    """Record that the rule picks ``by_kind``/``by_format`` entries by an expression."""
    if index_name == "by_kind":
        reads.dynamic_kinds = True
    else:
        reads.dynamic_formats = True


def _attrs_positions(chunk: list[Token], open_index: int, limit: int | None = None) -> set[int]:
    """Positions of ``.attrs`` tokens that end one of the first ``limit`` arguments of a call."""
    positions: set[int] = set()
    depth = 0
    argument = 0
    for position in range(open_index + 1, len(chunk)):
        token = chunk[position]
        text = token.text if token.kind == "punct" else None
        if text is not None and text in _OPEN:
            depth += 1
        elif text is not None and text in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif text == "," and depth == 0:
            argument += 1
            if limit is not None and argument >= limit:
                break
        elif _ident(token, "attrs") and _punct(chunk[position - 1], "."):
            following = chunk[position + 1] if position + 1 < len(chunk) else None
            if following is not None and (_punct(following, ",") or _punct(following, ")")):
                positions.add(position)
    return positions


def _attrs_access(chunk: list[Token], index: int, reads: RuleReads) -> None:
    """``x.attrs.name``, ``x.attrs["name"]``; anything else reads attributes by expression."""
    segments = _dotted(chunk, index + 1)[0]
    if segments:
        reads.attributes.add(segments[0])
    else:
        reads.dynamic_attributes = True
