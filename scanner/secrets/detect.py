"""Detect secrets in the three shapes values take: a named value, free text, a command line.

- :func:`detect_value` — ``name = value`` (an attribute, an env var, a ConfigMap key): the shape
  detectors of ``patterns.py`` on the value, then, when the name is secret-looking, an AWS secret
  access key by shape or the generic high-entropy check. A value holding whitespace is also read
  as free text.
- :func:`detect_text` — a script or a config file (user data, a heredoc, ``app.properties``): the
  shape detectors plus every ``NAME=value`` / ``NAME: value`` / ``"NAME": "value"`` assignment in it.
- :func:`detect_argv` — one command as an argv list (a RUN command, container ``args``): each
  word as text, ``--password VALUE`` flag pairs, and ``curl -u user:password``.

All return sorted :class:`~scanner.secrets.patterns.Detection` lists without duplicates; none
ever raises on odd input (non-strings give nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from scanner.secrets.names import is_aws_secret_name, is_secret_name
from scanner.secrets.patterns import TRIGGER as _SHAPE_HINT
from scanner.secrets.patterns import Detection, find_patterns, is_aws_secret_shape
from scanner.secrets.values import is_generic_secret_value, is_placeholder, is_reference

GENERIC_TYPE = "generic-secret"
AWS_SECRET_TYPE = "aws-secret-access-key"
BASIC_AUTH_TYPE = "basic-auth-credentials"

_ASSIGNMENT = re.compile(
    r"""(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)["']?[ \t]*(?::=|=>|=|:)[ \t]*"""
    r"""(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'`,;&|)]+))"""
)
_FLAG_ASSIGNMENT = re.compile(r"^-{1,2}(?P<name>[A-Za-z][A-Za-z0-9_.\-]*)=(?P<value>.+)$", re.DOTALL)
_BASIC_AUTH_FLAGS = frozenset({"-u", "--user"})
#: Texts longer than this are only searched for shapes, not assignments (bounded work).
MAX_TEXT_FOR_ASSIGNMENTS = 1_000_000
#: No detector reports a value shorter than this.
MIN_LENGTH = 8
_WHITESPACE = re.compile(r"\s")
#: A text without any of these cannot contain a secret-looking name (a cheap pre-filter).
_BASIC_AUTH_HINT = re.compile(r"(?:^|\s)(?:-u|--user)(?:\s|$)")
_SECRET_WORD_HINT = re.compile(r"(?i)pass|pw|secret|token|key|cred|sas|connection")


def worth_scanning(value: str) -> bool:
    """Cheap test of a string with no secret-looking name: could a shape detector or an
    assignment in it find anything? (False lets the graph walk skip most strings.)"""
    return bool(_SHAPE_HINT.search(value) or _SECRET_WORD_HINT.search(value))


def command_worth_scanning(command: str) -> bool:
    """Like :func:`worth_scanning`, for a command line, where ``curl -u user:password`` needs no
    secret-looking word."""
    return worth_scanning(command) or _BASIC_AUTH_HINT.search(command) is not None


def detect_value(name: str | None, value: object) -> list[Detection]:
    """Secrets in ``value``, a literal assigned to ``name`` (None when the value has no name)."""
    if not isinstance(value, str) or len(value) < MIN_LENGTH:
        return []
    found = set(find_patterns(value))
    token = value.strip()
    spaced = _WHITESPACE.search(token) is not None
    if name and token and not spaced and (is_secret_name(name) or is_aws_secret_name(name)):
        named = _named_secret(name, token)
        if named is not None and not _covered(named.secret, found):
            found.add(named)
    if spaced:
        found.update(detect_text(value))
    return sorted(found)


def detect_text(text: object) -> list[Detection]:
    """Secrets in free text: shape detectors plus secret-looking assignments (see module doc)."""
    if not isinstance(text, str) or len(text) < MIN_LENGTH:
        return []
    found = set(find_patterns(text))
    if len(text) <= MAX_TEXT_FOR_ASSIGNMENTS and _SECRET_WORD_HINT.search(text):
        for match in _ASSIGNMENT.finditer(text):
            value = next(group for group in (match.group("dq"), match.group("sq"), match.group("bare")) if group is not None)
            named = _named_secret(match.group("name"), value) if value else None
            if named is not None and not _covered(named.secret, found):
                found.add(named)
    return sorted(found)


def detect_argv(argv: Sequence[object]) -> list[Detection]:
    """Secrets in one command line given as an argv list (non-string items are ignored)."""
    words = [word for word in argv if isinstance(word, str)]
    if not command_worth_scanning(" ".join(words)):
        return []
    found: set[Detection] = set()
    for index, word in enumerate(words):
        found.update(detect_text(word))
        flag = _FLAG_ASSIGNMENT.match(word)
        if flag:
            named = _named_secret(flag.group("name"), flag.group("value"))
            if named is not None and not _covered(named.secret, found):
                found.add(named)
            continue
        following = words[index + 1] if index + 1 < len(words) else None
        if following is None or not word.startswith("-") or following.startswith("-"):
            continue
        if word in _BASIC_AUTH_FLAGS and "curl" in words[:index]:
            basic = _basic_auth(following)
            if basic is not None:
                found.add(basic)
        elif len(word) > 2 or word.startswith("--"):
            named = _named_secret(word.lstrip("-"), following)
            if named is not None and not _covered(named.secret, found):
                found.add(named)
    return sorted(found)


def _named_secret(name: str, value: str) -> Detection | None:
    """The secret a secret-looking ``name`` gives its single-token ``value``, if any."""
    if not is_secret_name(name) and not is_aws_secret_name(name):
        return None
    token = value.strip()
    if is_aws_secret_name(name) and is_aws_secret_shape(token):
        return Detection(AWS_SECRET_TYPE, "AWS secret access key", token)
    if is_secret_name(name) and is_generic_secret_value(token):
        return Detection(GENERIC_TYPE, f"secret-looking value of '{_short(name)}'", token)
    return None


def _basic_auth(value: str) -> Detection | None:
    """``user:password`` given to ``curl -u``, when the password is a literal."""
    user, colon, password = value.partition(":")
    if not colon or not user or not password:
        return None
    if password.startswith("$") or is_placeholder(password) or is_reference(password):
        return None
    return Detection(BASIC_AUTH_TYPE, "user:password for HTTP basic authentication", value)


def _covered(secret: str, found: Iterable[Detection]) -> bool:
    """True when a shape detector already reported ``secret`` or a string holding it."""
    return any(secret in item.secret or item.secret in secret for item in found)


def _short(name: str) -> str:
    """A name cut to 80 characters for descriptions."""
    return name if len(name) <= 80 else name[:77] + "..."
