"""What an install command asks for: package specs, skipped words, and the option walker they share.

``sbom.os_packages`` (apt, apk, dnf/yum/microdnf) and ``sbom.language_packages`` (pip, npm,
yarn, pnpm) turn one command's argv into an :class:`InstallRequest`; ``sbom.packages`` picks the
parser for a command.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

#: A word holding a shell variable or command substitution, whose value is not known statically.
_VARIABLE = re.compile(r"\$[{(A-Za-z_0-9@*#?!-]|`")
#: A word that is a glob pattern rather than a name.
_PATTERN = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class PackageSpec:
    """One package an install command names.

    ``ecosystem`` is the purl type (``deb``, ``apk``, ``rpm``, ``pypi``, ``npm``), ``manager`` the
    command that installs it (``apt-get``), ``version`` the exact version when pinned, else
    ``constraint`` what was written instead (``>=2``, ``~8.5``, ``^1.2``, ``latest``); ``scope`` the
    npm scope without ``@``; ``arch`` an architecture written with the name (``libc6:i386``);
    ``details`` extra (property name, value) pairs (pip extras, apt target release...).
    """

    ecosystem: str
    manager: str
    name: str
    version: str | None = None
    constraint: str | None = None
    scope: str | None = None
    arch: str | None = None
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SkippedWord:
    """A word of an install command that names no package bastion can list, and why (one clause:
    "depends on a variable", "a requirements file, which is not read")."""

    word: str
    reason: str


@dataclass
class InstallRequest:
    """What one command installs: the packages and the words that were skipped."""

    packages: list[PackageSpec] = field(default_factory=list)
    skipped: list[SkippedWord] = field(default_factory=list)


def positional_words(
    words: Sequence[str], takes_value: Collection[str], on_option: dict[str, list[str]] | None = None
) -> list[str]:
    """The words of ``words`` that are not options or option values.

    ``takes_value`` names the options followed by a value (``-o``, ``--virtual``); ``--opt=value``
    and ``-oValue`` carry theirs inline. After ``--`` every word is positional. When
    ``on_option`` is given, the values of the options it names are appended to its lists (an
    option written ``--virtual=x`` or ``--virtual x`` records ``x``).
    """
    positional: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word == "--":
            positional.extend(words[index:])
            break
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        name, has_inline, inline = word.partition("=")
        if word.startswith("--"):
            if has_inline:
                _record(on_option, name, inline)
            elif name in takes_value and index < len(words):
                _record(on_option, name, words[index])
                index += 1
            continue
        short = word[:2]
        if short in takes_value:
            if len(word) > 2:
                _record(on_option, short, word[2:])
            elif index < len(words):
                _record(on_option, short, words[index])
                index += 1
    return positional


def _record(on_option: dict[str, list[str]] | None, name: str, value: str) -> None:
    """Append ``value`` to ``on_option[name]`` when that option is being collected."""
    if on_option is not None and name in on_option:
        on_option[name].append(value)


def unknowable_reason(word: str, patterns: bool = True) -> str | None:
    """Why ``word`` cannot be read as a package name (a variable; with ``patterns``, a glob such as
    ``libpq*``), else None."""
    if _VARIABLE.search(word):
        return "depends on a variable"
    if patterns and _PATTERN.search(word):
        return "a pattern, not a package name"
    return None


def is_path_or_url(word: str) -> bool:
    """True for a local path or a URL (``./x.deb``, ``/wheels/*``, ``https://...``, ``git+ssh://...``)."""
    return word.startswith((".", "/", "~")) or "://" in word
