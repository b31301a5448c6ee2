"""Split POSIX shell text (a RUN instruction, a heredoc script) into commands and argv lists.

This is a static reading, never an execution: words are split and unquoted as ``sh`` would
(single and double quotes, backslash escapes and line continuations), and commands are
separated at ``&&``, ``||``, ``;``, ``|``, ``&``, parentheses and unquoted newlines. Command and
arithmetic substitutions (``$(...)``, backticks) and parameter expansions stay literal inside
their word, so ``$VERSION`` is kept as written. Redirections (``> file``, ``2>&1``) are removed
from argv, and the bodies of heredocs inside the script are skipped. Leading variable
assignments (``DEBIAN_FRONTEND=noninteractive apt-get ...``) move from argv into ``env``.

Compound commands are flattened: reserved words such as ``if``, ``then``, ``do``, ``{`` are
dropped from the front of a command, ``for``/``select``/``case`` headers and case patterns are
dropped, and the commands inside are kept in order. A command that runs a shell with ``-c``
(``sh -c "a && b"``) is followed by the commands of its script.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Shells whose ``-c`` script is split as well.
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})
_OPERATORS = tuple(
    sorted(
        ("&&", "||", ";;", ";&", "|&", ";", "|", "&", "(", ")", "&>>", "<<<", "<<-", "&>", ">>", ">&", ">|", "<&",
         "<>", "<<", ">", "<"),
        key=len,
        reverse=True,
    )
)
_HEREDOC_OPERATORS = frozenset({"<<", "<<-"})
_REDIRECTIONS = frozenset({"&>>", "<<<", "&>", ">>", ">&", ">|", "<&", "<>", ">", "<"})
_OPERATOR_CHARS = frozenset("&|;()<>")
_BLANKS = frozenset(" \t\r")
_LEADING_RESERVED = frozenset(
    {"!", "{", "}", "if", "then", "else", "elif", "do", "while", "until", "time", "fi", "done", "esac"}
)
_HEADERS = frozenset({"for", "select", "function"})
_ASSIGNMENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_MAX_NESTING = 3


@dataclass
class ShellCommand:
    """One simple command: its argv, the variable assignments before it, its line, and the
    separator that follows it (``&&``, ``||``, ``;``, ``|``, ``&``, ``\\n``...; None at the end)."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    line: int = 1
    operator: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``command_details[]`` entry of a RUN instruction."""
        return {"argv": self.argv, "env": self.env, "line": self.line, "operator": self.operator}


def split_commands(
    script: str, line_at: Callable[[int], int] | None = None, posix: bool = True, _depth: int = 0
) -> list[ShellCommand]:
    """Split ``script`` into simple commands in order; never raises.

    ``line_at`` maps a character offset of ``script`` to a 1-based line of the Dockerfile (by default
    every command is on line 1). With ``posix`` False (a Windows ``cmd``/PowerShell script) a
    backslash is an ordinary character, as in ``C:\\tools``.
    """
    locate = line_at or (lambda _offset: 1)
    tokens = _Tokenizer(script.rstrip(), posix).run()
    commands: list[ShellCommand] = []
    for words, operator in _segments(tokens):
        argv_words, env = _strip_assignments(words)
        if not argv_words:
            continue
        command = ShellCommand(
            argv=[word for word, _ in argv_words], env=env, line=locate(argv_words[0][1]), operator=operator
        )
        commands.append(command)
        inner = shell_script_argument(command.argv)
        if inner is not None and _depth < _MAX_NESTING:
            line = command.line
            commands.extend(split_commands(inner, lambda _offset: line, True, _depth + 1))
    return commands


def is_shell(program: str) -> bool:
    """True when ``program`` (a name or a path) is a POSIX shell."""
    return program.rsplit("/", 1)[-1] in SHELLS


def shell_script_argument(argv: list[str]) -> str | None:
    """The script of ``sh -c SCRIPT`` style argv (options such as ``-e``, ``-o pipefail`` allowed)."""
    if not argv or not is_shell(argv[0]):
        return None
    has_c = False
    index = 1
    while index < len(argv):
        arg = argv[index]
        if arg in ("-o", "+o"):
            index += 2
            continue
        if len(arg) > 1 and arg[0] in "-+" and not arg.startswith("--"):
            has_c = has_c or (arg[0] == "-" and "c" in arg[1:])
            index += 1
            continue
        if arg == "--":
            index += 1
        break
    if has_c and index < len(argv):
        return argv[index]
    return None


def _strip_assignments(words: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], dict[str, str]]:
    env: dict[str, str] = {}
    index = 0
    while index < len(words) and _ASSIGNMENT_RE.match(words[index][0]):
        name, _, value = words[index][0].partition("=")
        env[name] = value
        index += 1
    return words[index:], env


def _segments(tokens: list[tuple[str, str, int]]):
    """Group tokens into (words, following operator) pairs, dropping shell syntax words."""
    case_depth = 0
    words: list[tuple[str, int]] = []
    for kind, value, offset in [*tokens, ("end", "", -1)]:
        if kind == "word":
            words.append((value, offset))
            continue
        operator = None if kind == "end" else value
        kept, case_depth = _drop_syntax(words, operator, case_depth)
        if kept:
            yield kept, operator
        words = []


def _drop_syntax(words: list[tuple[str, int]], operator: str | None, case_depth: int):
    if not words:
        return [], case_depth
    if words[0][0] == "case":
        return [], case_depth + 1
    if case_depth and operator == ")":
        return [], case_depth  # a case pattern such as "a|b)"
    start = 0
    while start < len(words) and words[start][0] in _LEADING_RESERVED:
        if words[start][0] == "esac":
            case_depth = max(case_depth - 1, 0)
        start += 1
    kept = words[start:]
    if kept and (kept[0][0] in _HEADERS or operator == "("):
        return [], case_depth  # a loop header or a function name "f()"
    return kept, case_depth


class _Tokenizer:
    """Turns shell text into ("word" | "op" | "newline", text, offset) tokens."""

    def __init__(self, text: str, posix: bool = True):
        self.text = text
        self.posix = posix
        self.pos = 0
        self.tokens: list[tuple[str, str, int]] = []
        self.pending_heredocs: list[tuple[str, bool]] = []

    def run(self) -> list[tuple[str, str, int]]:
        """Tokenize the whole text once, left to right."""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in _BLANKS:
                self.pos += 1
            elif ch == "\\" and self.posix and text.startswith("\n", self.pos + 1):
                self.pos += 2
            elif ch == "\n":
                self.tokens.append(("newline", "\n", self.pos))
                self.pos += 1
                self._skip_heredoc_bodies()
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif ch in _OPERATOR_CHARS:
                self._operator()
            else:
                start = self.pos
                word = self._read_word()
                if self.pos < len(text) and text[self.pos] in "<>" and text[start : self.pos].isdigit():
                    continue  # a file descriptor number such as the 2 of "2>&1"
                self.tokens.append(("word", word, start))
        return self.tokens

    def _operator(self) -> None:
        start = self.pos
        operator = next(op for op in _OPERATORS if self.text.startswith(op, self.pos))
        self.pos += len(operator)
        if operator in _HEREDOC_OPERATORS or operator in _REDIRECTIONS:
            while self.pos < len(self.text) and self.text[self.pos] in _BLANKS:
                self.pos += 1
            if self.pos < len(self.text) and self.text[self.pos] not in _OPERATOR_CHARS | {"\n"}:
                target = self._read_word()
                if operator in _HEREDOC_OPERATORS:
                    self.pending_heredocs.append((target, operator == "<<-"))
            return
        self.tokens.append(("op", operator, start))

    def _skip_heredoc_bodies(self) -> None:
        text = self.text
        for delimiter, strip_tabs in self.pending_heredocs:
            while self.pos < len(text):
                end = text.find("\n", self.pos)
                end = len(text) if end < 0 else end
                line = text[self.pos : end].rstrip("\r")
                self.pos = end + 1
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break
        self.pending_heredocs = []

    def _read_word(self) -> str:
        text = self.text
        out: list[str] = []
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in _BLANKS or ch == "\n" or ch in _OPERATOR_CHARS:
                break
            if ch == "\\" and self.posix:
                if self.pos + 1 < len(text) and text[self.pos + 1] != "\n":
                    out.append(text[self.pos + 1])
                self.pos += 2
            elif ch == "'":
                end = text.find("'", self.pos + 1)
                end = len(text) if end < 0 else end
                out.append(text[self.pos + 1 : end])
                self.pos = end + 1
            elif ch == '"':
                out.append(self._double_quoted())
            elif ch == "$" and text.startswith(("$(", "${"), self.pos):
                out.append(self._substitution())
            elif ch == "`":
                out.append(self._backticks())
            else:
                out.append(ch)
                self.pos += 1
        return "".join(out)

    def _double_quoted(self) -> str:
        text = self.text
        out: list[str] = []
        self.pos += 1
        while self.pos < len(text) and text[self.pos] != '"':
            ch = text[self.pos]
            if ch == "\\" and self.posix and self.pos + 1 < len(text) and text[self.pos + 1] in '$`"\\\n':
                if text[self.pos + 1] != "\n":
                    out.append(text[self.pos + 1])
                self.pos += 2
            elif ch == "$" and text.startswith(("$(", "${"), self.pos):
                out.append(self._substitution())
            elif ch == "`":
                out.append(self._backticks())
            else:
                out.append(ch)
                self.pos += 1
        self.pos += 1
        return "".join(out)

    def _substitution(self) -> str:
        """Copy ``$(...)`` or ``${...}`` verbatim, nesting and quotes included."""
        text = self.text
        start = self.pos
        opening = text[self.pos + 1]
        closing = ")" if opening == "(" else "}"
        depth = 0
        self.pos += 1
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch in "'\"" and opening == "(":
                end = text.find(ch, self.pos + 1)
                self.pos = len(text) if end < 0 else end + 1
                continue
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    break
            self.pos += 1
        return text[start : self.pos]

    def _backticks(self) -> str:
        text = self.text
        start = self.pos
        self.pos += 1
        while self.pos < len(text) and text[self.pos] != "`":
            self.pos += 2 if text[self.pos] == "\\" else 1
        self.pos += 1
        return text[start : min(self.pos, len(text))]
