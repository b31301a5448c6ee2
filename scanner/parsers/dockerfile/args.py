"""ARG/ENV substitution in Dockerfile words, the way BuildKit's word lexer does it.

Docker substitutes variables in FROM, ENV, ARG, LABEL, USER, EXPOSE, COPY --from and a few
more before it runs anything. This module does the same statically: quotes are removed, the
Dockerfile's escape character escapes the next character, and ``$V``, ``${V}``, ``${V:-word}``,
``${V-word}``, ``${V:+word}``, ``${V+word}``, ``${V:?msg}``, ``${V#pat}``, ``${V%pat}`` (and the
doubled forms) and ``${V/pat/repl}`` are expanded.

A variable is in one of three states (see :class:`Scope`): set to a known value, unset (an ARG
declared without a default), or unknown (it may come from the base image or from the builder).
A plain reference to an unset or unknown variable cannot be resolved without guessing: it is
left in the text exactly as written and its name is reported in ``Expanded.unresolved``. The
``:-``/``:+`` forms of an unset variable resolve with the default, as a build without
``--build-arg`` would.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass

#: Lookup result for a variable declared without a value (``ARG NAME``).
UNSET = object()
#: Lookup result for a variable whose value cannot be known statically.
UNKNOWN = object()

#: Build arguments BuildKit fills in by itself; their value depends on the build machine.
AUTOMATIC_ARGS = frozenset(
    {
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "TARGETSTAGE",
    }
)

#: Longest value the glob operators (``#``, ``%``, ``/``) are applied to; longer ones stay unresolved,
#: so a hostile file cannot make the quadratic matching run for long.
_MAX_PATTERN_SUBJECT = 4096
#: Deepest ``${...}`` nesting expanded; anything deeper stays unresolved (and recursion bounded).
_MAX_NESTING = 16
_NAME_START = re.compile(r"[A-Za-z_]")
_NAME_CHARS = re.compile(r"[A-Za-z0-9_]*")

Lookup = Callable[[str], object]


@dataclass(frozen=True)
class Expanded:
    """The result of expanding one word.

    ``text`` has quotes removed and every resolvable variable substituted; a reference that could
    not be resolved stays as written. ``unresolved`` names those variables, in order of appearance
    (empty when the word is fully known).
    """

    text: str
    unresolved: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """True when no unresolved reference remains."""
        return not self.unresolved


class Scope:
    """Variables visible at one point of a Dockerfile, with a fallback for names it does not hold.

    ``values`` maps a name to a string, :data:`UNSET` or :data:`UNKNOWN`. ``fallback`` decides for
    names not in ``values`` (the parent stage's environment, the base image: :data:`UNKNOWN`, or
    nothing at all: :data:`UNSET`).
    """

    def __init__(self, values: dict[str, object] | None = None, fallback: Lookup | None = None):
        self.values: dict[str, object] = dict(values or {})
        self.fallback = fallback

    def lookup(self, name: str) -> object:
        """The value, :data:`UNSET` or :data:`UNKNOWN` for ``name``."""
        if name in self.values:
            return self.values[name]
        if self.fallback is not None:
            return self.fallback(name)
        return UNSET


def expand_word(word: str, lookup: Lookup, escape: str = "\\") -> Expanded:
    """Expand ``word`` like BuildKit expands an instruction argument; never raises.

    ``lookup`` returns a string, :data:`UNSET` or :data:`UNKNOWN` for a variable name; ``escape`` is
    the Dockerfile's escape character (``\\`` or a backtick).
    """
    expander = _Expander(word, lookup, escape)
    text = expander.run()
    return Expanded(text, tuple(expander.unresolved))


class _Expander:
    """A single pass over one word; collects unresolved names as it goes."""

    def __init__(self, word: str, lookup: Lookup, escape: str):
        self.word = word
        self.lookup = lookup
        self.escape = escape
        self.pos = 0
        self.unresolved: list[str] = []
        self.depth = 0

    def run(self, stop: str | None = None) -> str:
        """Consume characters until the end (or an unquoted ``stop`` character) and return the text."""
        out: list[str] = []
        word = self.word
        while self.pos < len(word):
            ch = word[self.pos]
            if stop is not None and ch == stop:
                break
            if ch == self.escape:
                self.pos += 1
                if self.pos < len(word):
                    out.append(word[self.pos])
                    self.pos += 1
            elif ch == "'":
                out.append(self._single_quoted())
            elif ch == '"':
                out.append(self._double_quoted())
            elif ch == "$":
                out.append(self._dollar())
            else:
                out.append(ch)
                self.pos += 1
        return "".join(out)

    def _single_quoted(self) -> str:
        end = self.word.find("'", self.pos + 1)
        if end < 0:
            end = len(self.word)
        text = self.word[self.pos + 1 : end]
        self.pos = end + 1
        return text

    def _double_quoted(self) -> str:
        out: list[str] = []
        word = self.word
        self.pos += 1
        while self.pos < len(word) and word[self.pos] != '"':
            ch = word[self.pos]
            if ch == self.escape and self.pos + 1 < len(word) and word[self.pos + 1] in ('"', "$", self.escape):
                out.append(word[self.pos + 1])
                self.pos += 2
            elif ch == "$":
                out.append(self._dollar())
            else:
                out.append(ch)
                self.pos += 1
        self.pos += 1
        return "".join(out)

    def _dollar(self) -> str:
        word = self.word
        start = self.pos
        self.pos += 1
        if self.pos < len(word) and word[self.pos] == "{":
            return self._braced(start)
        match = _NAME_CHARS.match(word, self.pos)
        name = match.group(0) if match else ""
        if not name:
            return "$"
        self.pos += len(name)
        value = self.lookup(name)
        if isinstance(value, str):
            return value
        self.unresolved.append(name)
        return word[start : self.pos]

    def _braced(self, start: int) -> str:
        word = self.word
        if self.depth >= _MAX_NESTING:
            self.pos = _matching_brace(word, self.pos)
            raw = word[start : self.pos]
            self.unresolved.append(raw)
            return raw
        self.depth += 1
        try:
            return self._braced_expression(start)
        finally:
            self.depth -= 1

    def _braced_expression(self, start: int) -> str:
        word = self.word
        self.pos += 1  # past "{"
        match = _NAME_CHARS.match(word, self.pos)
        name = match.group(0) if match else ""
        self.pos += len(name)
        operator = ""
        for candidate in (":-", ":+", ":?", "##", "%%", "//", "-", "+", "?", "#", "%", "/"):
            if word.startswith(candidate, self.pos):
                operator = candidate
                self.pos += len(candidate)
                break
        argument_start = len(self.unresolved)
        well_formed = bool(operator) or word.startswith("}", self.pos)
        argument = self.run(stop="}")
        if self.pos < len(word) and word[self.pos] == "}":
            self.pos += 1
        else:
            well_formed = False
        raw = word[start : self.pos]
        valid_name = bool(name) and (_NAME_START.match(name[0]) is not None or name.isdigit())
        if not (well_formed and valid_name):
            del self.unresolved[argument_start:]
            self.unresolved.append(name or raw)
            return raw
        value = self.lookup(name)
        result = _apply(operator, value, argument)
        argument_used = _argument_used(operator, value)
        argument_known = len(self.unresolved) == argument_start
        if result is None or (argument_used and not argument_known and operator not in (":-", "-", ":+", "+")):
            del self.unresolved[argument_start:]
            self.unresolved.append(name)
            return raw
        if not argument_used:
            del self.unresolved[argument_start:]
        return result


def _matching_brace(word: str, brace: int) -> int:
    """The position just past the ``}`` that closes the ``{`` at ``brace`` (or the end of ``word``)."""
    depth = 0
    for position in range(brace, len(word)):
        if word[position] == "{":
            depth += 1
        elif word[position] == "}":
            depth -= 1
            if depth == 0:
                return position + 1
    return len(word)


def _argument_used(operator: str, value: object) -> bool:
    """Whether the operator's argument ends up in the result (so its unresolved names count)."""
    if operator in (":-", "-"):
        return not (isinstance(value, str) and (value or operator == "-"))
    if operator in (":+", "+"):
        return isinstance(value, str) and bool(value or operator == "+")
    return operator in ("#", "##", "%", "%%", "/", "//")


def _apply(operator: str, value: object, argument: str) -> str | None:
    """Apply one ``${...}`` operator; None when the outcome cannot be known."""
    if value is UNKNOWN:
        return None
    is_set = isinstance(value, str)
    text = value if isinstance(value, str) else ""
    if operator == "":
        return text if is_set else None
    if operator == ":-":
        return text if text else argument
    if operator == "-":
        return text if is_set else argument
    if operator == ":+":
        return argument if text else ""
    if operator == "+":
        return argument if is_set else ""
    if operator in (":?", "?"):
        ok = bool(text) if operator == ":?" else is_set
        return text if ok else None
    if not is_set or len(text) > _MAX_PATTERN_SUBJECT:
        return None
    if operator in ("#", "##"):
        return _remove_prefix(text, argument, longest=operator == "##")
    if operator in ("%", "%%"):
        return _remove_suffix(text, argument, longest=operator == "%%")
    pattern, _, replacement = argument.partition("/")
    return _replace(text, pattern, replacement, every=operator == "//")


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern), re.DOTALL)


def _remove_prefix(text: str, pattern: str, longest: bool) -> str:
    regex = _glob(pattern)
    cuts = range(len(text), -1, -1) if longest else range(len(text) + 1)
    for cut in cuts:
        if regex.match(text[:cut]):
            return text[cut:]
    return text


def _remove_suffix(text: str, pattern: str, longest: bool) -> str:
    regex = _glob(pattern)
    cuts = range(len(text) + 1) if longest else range(len(text), -1, -1)
    for cut in cuts:
        if regex.match(text[cut:]):
            return text[:cut]
    return text


def _replace(text: str, pattern: str, replacement: str, every: bool) -> str:
    if not pattern:
        return text
    regex = _glob(pattern)
    out: list[str] = []
    pos = 0
    replaced = False
    while pos < len(text):
        match_end = None
        if every or not replaced:
            for end in range(len(text), pos, -1):
                if regex.match(text[pos:end]):
                    match_end = end
                    break
        if match_end is None:
            out.append(text[pos])
            pos += 1
        else:
            out.append(replacement)
            pos = match_end
            replaced = True
    return "".join(out)
