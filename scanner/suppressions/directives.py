"""Parse suppression directives out of comment text: bastion's own form and other tools' forms.

bastion's form is ``bastion:ignore=ID[,ID...] reason="..." [expires=YYYY-MM-DD]``; the part after
``bastion:ignore=`` is also the value of the Kubernetes annotation ``bastion.io/ignore``
(:func:`parse_bastion_arguments`). A directive that cannot suppress (no reason, a malformed date,
an unknown option) is still returned, with ``problem`` saying why in one sentence.

Other tools' forms, honoured through rule aliases: ``checkov:skip=ID[,ID]:reason`` (also
``bridgecrew:skip=``), ``tfsec:ignore:ID`` and ``trivy:ignore:ID`` (with ``:exp:YYYY-MM-DD``;
``*`` for every rule), ``kics-scan ignore-line|ignore-block|ignore|disable=UUID[,UUID]``, and
``hadolint [global] ignore=DL...``. Each directive says where it applies (its ``placement``);
:mod:`scanner.suppressions.scope` turns that into lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from scanner.suppressions.model import EVERY_RULE

#: Placements: directly above a construct or at the end of the offending line (``ANCHORED``);
#: above an instruction only (``INSTRUCTION``, hadolint); the line below only (``NEXT_LINE``,
#: KICS); anywhere inside the enclosing resource (``ENCLOSING``, Checkov); the whole file
#: (``FILE``), or the whole file but only from the comments at its top (``FILE_TOP``, KICS).
ANCHORED, INSTRUCTION, NEXT_LINE, ENCLOSING, FILE, FILE_TOP = "anchored", "instruction", "next-line", "enclosing", "file", "file-top"

_BASTION = re.compile(r"(?<![\w.-])bastion:ignore(?![\w-])", re.IGNORECASE)
_CHECKOV = re.compile(r"(?<![\w-])(?:checkov|bridgecrew):skip=\s*([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)(?::([^\n]*))?")
_TRIVY = re.compile(r"(?<![\w-])(tfsec|trivy):ignore:([^\s:\[\]]+)((?::[A-Za-z]+:[^\s:\[\]]*)*)(\[[^\]]*\])?")
_KICS = re.compile(r"(?<![\w-])kics-scan\s+(ignore-line|ignore-block|ignore|disable|enable)(?![\w-])(?:\s*=\s*([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*))?")
_HADOLINT = re.compile(r"(?<![\w-])hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)")
_IDS = re.compile(r"([^\s,=\"']+(?:\s*,\s*[^\s,=\"']+)*)")
_OPTION = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)=")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OPTIONS_HINT = 'only reason="..." and expires=YYYY-MM-DD are allowed'


@dataclass(frozen=True)
class Directive:
    """One directive found in a comment (or annotation).

    ``label`` is how messages name it (``bastion:ignore=TF001``, ``trivy:ignore:AVD-AWS-0086``);
    ``problem`` is None for a directive that suppresses, else the one-sentence reason it does not.
    """

    source: str
    label: str
    patterns: tuple[str, ...]
    placement: str
    reason: str | None = None
    expires: date | None = None
    problem: str | None = None


def parse_comment(text: str, foreign: bool = True) -> list[Directive]:
    """Every directive in one comment's text, bastion's first; other tools' only when ``foreign``."""
    directives = _bastion_directives(text)
    if foreign:
        directives += _checkov_directives(text) + _trivy_directives(text) + _kics_directives(text) + _hadolint_directives(text)
    return directives


def parse_bastion_arguments(arguments: str, label: str) -> tuple[tuple[str, ...], str | None, date | None, str | None]:
    """Parse ``ID[,ID...] reason="..." [expires=YYYY-MM-DD]`` into (patterns, reason, expires,
    problem). ``label`` names the directive in messages (``bastion:ignore``, ``bastion.io/ignore``).
    ``problem`` is None when the directive suppresses; a missing reason, an empty ID list, a
    malformed date, an unknown option or stray text each make it a problem."""
    match = _IDS.match(arguments)
    if match is None:
        return ((), None, None, f'{label} names no rule ID; write {label}=ID[,ID...] reason="..."')
    patterns = tuple(part.strip() for part in match.group(1).split(","))
    options, problem = _parse_options(arguments[match.end():], label)
    if problem is not None:
        return (patterns, None, None, problem)
    reason = (options.get("reason") or "").strip() or None
    expires: date | None = None
    if "expires" in options:
        expires = _parse_date(options["expires"])
        if expires is None:
            return (patterns, reason, None, f"expires={options['expires']} is not a date in YYYY-MM-DD form, so the {label} does not suppress")
    if reason is None:
        return (patterns, None, expires, f'{label} without a reason does not suppress; add reason="..."')
    return (patterns, reason, expires, None)


def _bastion_directives(text: str) -> list[Directive]:
    """``bastion:ignore=...`` directives; several on one comment are split at each occurrence."""
    starts = [match for match in _BASTION.finditer(text)]
    directives = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        rest = text[match.end():end].rstrip()
        if not rest.startswith("="):
            problem = 'bastion:ignore must be followed by "=" and rule IDs, e.g. bastion:ignore=TF001 reason="..."'
            directives.append(Directive("bastion", "bastion:ignore", (), ANCHORED, problem=problem))
            continue
        patterns, reason, expires, problem = parse_bastion_arguments(rest[1:], "bastion:ignore")
        label = f"bastion:ignore={','.join(patterns)}"
        directives.append(Directive("bastion", label, patterns, ANCHORED, reason, expires, problem))
    return directives


def _parse_options(text: str, label: str) -> tuple[dict[str, str], str | None]:
    """``reason="..."`` and ``expires=...`` options; returns them, or a problem message."""
    options: dict[str, str] = {}
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return (options, None)
        match = _OPTION.match(text, position)
        if match is None:
            word = text[position:].split()[0]
            return (options, f"{label} has unexpected text '{word}'; {_OPTIONS_HINT}, so it does not suppress")
        key = match.group(1).lower()
        if key not in ("reason", "expires"):
            return (options, f"{label} has an unknown option '{match.group(1)}'; {_OPTIONS_HINT}, so it does not suppress")
        if key in options:
            return (options, f"{label} gives {key} twice, so it does not suppress")
        value, position = _read_value(text, match.end())
        if value is None:
            return (options, f"{label} has a {key} whose quote is never closed, so it does not suppress")
        options[key] = value


def _read_value(text: str, position: int) -> tuple[str | None, int]:
    """A quoted (``"..."`` with ``\\"`` escapes, or ``'...'``) or bare value at ``position``; the
    value is None when a quote is never closed. Returns the value and the position after it."""
    if position < len(text) and text[position] in "\"'":
        quote = text[position]
        chars: list[str] = []
        index = position + 1
        while index < len(text):
            char = text[index]
            if char == "\\" and quote == '"' and index + 1 < len(text) and text[index + 1] in '"\\':
                chars.append(text[index + 1])
                index += 2
                continue
            if char == quote:
                return ("".join(chars), index + 1)
            chars.append(char)
            index += 1
        return (None, index)
    end = position
    while end < len(text) and not text[end].isspace():
        end += 1
    return (text[position:end], end)


def _parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` as a date, or None when it is not a real date in that form."""
    if not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _checkov_directives(text: str) -> list[Directive]:
    """``checkov:skip=ID[,ID]:reason``: anywhere inside the resource it applies to."""
    directives = []
    for match in _CHECKOV.finditer(text):
        patterns = tuple(part.strip() for part in match.group(1).split(","))
        reason = (match.group(2) or "").strip() or None
        directives.append(Directive("checkov", f"checkov:skip={','.join(patterns)}", patterns, ENCLOSING, reason))
    return directives


def _trivy_directives(text: str) -> list[Directive]:
    """``tfsec:ignore:ID`` / ``trivy:ignore:ID`` with optional ``:exp:YYYY-MM-DD`` and ``:ws:NAME``."""
    directives = []
    for match in _TRIVY.finditer(text):
        source, rule = match.group(1), match.group(2)
        label = f"{source}:ignore:{rule}"
        parameters = dict(re.findall(r":([A-Za-z]+):([^\s:\[\]]*)", match.group(3) or ""))
        expires: date | None = None
        problem: str | None = None
        if "exp" in parameters:
            expires = _parse_date(parameters["exp"])
            if expires is None:
                problem = f"{label}:exp:{parameters['exp']} is not a date in YYYY-MM-DD form, so it does not suppress"
        workspace = parameters.get("ws")
        if problem is None and workspace not in (None, "", "default", "*"):
            problem = f"{label}:ws:{workspace} applies only in Terraform workspace '{workspace}', and bastion scans the default workspace, so it does not suppress"
        if problem is None and match.group(4):
            problem = f"{label}{match.group(4)} depends on attribute values that bastion does not check, so it does not suppress"
        directives.append(Directive(source, label, (rule,), ANCHORED, None, expires, problem))
    return directives


def _kics_directives(text: str) -> list[Directive]:
    """``kics-scan ignore-line`` (the next line), ``ignore-block`` (the next block), ``ignore``
    (the file) and ``disable=UUID[,UUID]`` (those queries in the file; both from the top only)."""
    directives = []
    for match in _KICS.finditer(text):
        command, values = match.group(1), match.group(2)
        label = f"kics-scan {command}"
        if command == "ignore-line":
            directives.append(Directive("kics", label, (EVERY_RULE,), NEXT_LINE))
        elif command == "ignore-block":
            directives.append(Directive("kics", label, (EVERY_RULE,), ANCHORED))
        elif command == "ignore":
            directives.append(Directive("kics", label, (EVERY_RULE,), FILE_TOP))
        elif command == "disable" and values:
            patterns = tuple(part.strip() for part in values.split(","))
            directives.append(Directive("kics", f"kics-scan disable={','.join(patterns)}", patterns, FILE_TOP))
        elif command == "disable":
            directives.append(Directive("kics", label, (), FILE_TOP, problem="kics-scan disable= names no query ID, so it suppresses nothing"))
        else:
            problem = "kics-scan enable= is not supported by bastion (use --select to choose rules), so it has no effect"
            directives.append(Directive("kics", label, (), FILE_TOP, problem=problem))
    return directives


def _hadolint_directives(text: str) -> list[Directive]:
    """``hadolint ignore=DL...`` (the next instruction) and ``hadolint global ignore=DL...`` (the file)."""
    directives = []
    for match in _HADOLINT.finditer(text):
        patterns = tuple(part.strip() for part in match.group(2).split(","))
        is_global = bool(match.group(1))
        label = f"hadolint {'global ' if is_global else ''}ignore={','.join(patterns)}"
        directives.append(Directive("hadolint", label, patterns, FILE if is_global else INSTRUCTION))
    return directives
