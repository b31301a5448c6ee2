"""Apply inline suppressions to a scan's findings: read the directives, judge them, match them.

Only files that have findings are read (plus, with ``--report-unused-suppressions``, every file
that has graph nodes, since an unused directive can sit in a clean file), each once, never
outside the scan root and never beyond :data:`MAX_SOURCE_BYTES`. Kubernetes annotations come from
the graph nodes and need no reading. A directive suppresses a finding when the finding lies in its
scope and one of its patterns matches the finding's rule ID or one of the rule's aliases
(case-insensitive, fnmatch globs allowed). bastion's own directives are preferred when several
match; every matching directive counts as used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from scanner.suppressions.annotations import annotation_suppressions
from scanner.suppressions.comments import layout_for
from scanner.suppressions.directives import parse_comment
from scanner.suppressions.model import (
    IN_SOURCE,
    Suppression,
    SuppressionOutcome,
    SuppressionProblem,
    SuppressionSettings,
    UnusedSuppression,
)
from scanner.suppressions.scope import resolve

if TYPE_CHECKING:
    from scanner.findings import Finding, RuleMeta
    from scanner.model import Node

#: Files larger than this are not read for comment directives (the parsers' default limit is 5 MiB).
MAX_SOURCE_BYTES = 16 * 1024 * 1024


def apply_suppressions(
    findings: Sequence[Finding],
    nodes: Sequence[Node],
    rules: Mapping[str, RuleMeta],
    root: str,
    settings: SuppressionSettings,
) -> SuppressionOutcome:
    """Split ``findings`` into kept and suppressed according to the inline directives.

    ``nodes`` are the graph's nodes (for file formats and Kubernetes annotations), ``rules`` maps
    rule IDs to their metadata (for aliases), ``root`` is the scan root the paths are relative
    to. ``settings`` turns everything off (audit mode), turns other tools' forms off, sets the
    date expiry is judged against, and asks for unused suppressions. Never raises for a user's
    mistake: bad directives become problems; an unexpected error while reading one file becomes a
    problem for that file and the others are still read.
    """
    findings = list(findings)
    if not settings.inline_suppressions:
        return SuppressionOutcome(findings, [], [], None)
    today = settings.today or date.today()
    paths = {finding.path for finding in findings}
    if settings.report_unused_suppressions:
        paths.update(node.path for node in nodes)
    formats: dict[str, str] = {}
    for node in nodes:
        formats.setdefault(node.path, node.format)
    found: list[Suppression | SuppressionProblem] = []
    real_root = os.path.realpath(root)
    for path in sorted(paths):
        found.extend(_guarded_comment_suppressions(real_root, path, formats.get(path), settings.foreign_suppressions))
    for node in nodes:
        if node.format == "kubernetes" and node.path in paths:
            found.extend(annotation_suppressions(node, settings.foreign_suppressions))
    active, problems = _judge(found, today)
    kept, suppressed, used = _match(findings, active, rules)
    unused = _unused(active, used) if settings.report_unused_suppressions else None
    return SuppressionOutcome(kept, suppressed, sorted(set(problems), key=SuppressionProblem.sort_key), unused)


def comment_suppressions(real_root: str, path: str, file_format: str | None, foreign: bool = True) -> list[Suppression | SuppressionProblem]:
    """The suppressions and problems of the comment directives in ``path`` (relative to
    ``real_root``), in line order; empty when the file cannot be read safely or has no comments."""
    text = read_source(real_root, path)
    if text is None:
        return []
    layout = layout_for(path, file_format, text)
    if layout is None:
        return []
    found: list[Suppression | SuppressionProblem] = []
    for comment in layout.comments:
        for directive in parse_comment(comment.text, foreign):
            found.append(resolve(directive, comment, layout, path))
    return found


def read_source(real_root: str, path: str) -> str | None:
    """The text of the regular file ``real_root/path`` (UTF-8, undecodable bytes replaced), or
    None when the path leaves the root, is no regular file, is too large or cannot be read."""
    if not path or os.path.isabs(path) or path.startswith("<"):
        return None
    absolute = os.path.realpath(os.path.join(real_root, path))
    if not absolute.startswith(real_root + os.sep) or not os.path.isfile(absolute):
        return None
    try:
        if os.path.getsize(absolute) > MAX_SOURCE_BYTES:
            return None
        with open(absolute, "rb") as handle:
            return handle.read(MAX_SOURCE_BYTES + 1).decode("utf-8", errors="replace")
    except OSError:
        return None


def _guarded_comment_suppressions(real_root: str, path: str, file_format: str | None, foreign: bool) -> list[Suppression | SuppressionProblem]:
    """:func:`comment_suppressions`, with an unexpected error turned into one problem for the file."""
    try:
        return comment_suppressions(real_root, path, file_format, foreign)
    except Exception as exc:  # noqa: BLE001 - a bug must not stop the scan; this file's directives are skipped
        message = f"internal error while reading suppressions: {type(exc).__name__}: {exc}"
        return [SuppressionProblem(path, 1, "bastion", message)]


def _judge(found: Iterable[Suppression | SuppressionProblem], today: date) -> tuple[list[Suppression], list[SuppressionProblem]]:
    """Active suppressions and problems: an expired suppression (``expires`` before ``today``) is a problem."""
    active: list[Suppression] = []
    problems: list[SuppressionProblem] = []
    for item in found:
        if isinstance(item, SuppressionProblem):
            problems.append(item)
        elif item.expires is not None and item.expires < today:
            message = f"{item.label} expired on {item.expires.isoformat()} and no longer suppresses"
            problems.append(SuppressionProblem(item.path, item.line, item.source, message))
        else:
            active.append(item)
    return active, problems


def _match(findings: list[Finding], active: list[Suppression], rules: Mapping[str, RuleMeta]) -> tuple[list[Finding], list[Finding], set[tuple[int, str]]]:
    """Kept findings, suppressed findings (with their suppression in ``metadata``) and the
    (suppression index, pattern) pairs that matched something."""
    by_path: dict[str, list[tuple[int, Suppression]]] = {}
    for index, suppression in enumerate(active):
        by_path.setdefault(suppression.path, []).append((index, suppression))
    for candidates in by_path.values():
        candidates.sort(key=lambda pair: (pair[1].source != "bastion", pair[1].line, pair[0]))
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[tuple[int, str]] = set()
    for finding in findings:
        meta = rules.get(finding.rule_id)
        names = (finding.rule_id, *(meta.aliases if meta is not None else ()))
        chosen: tuple[Suppression, str] | None = None
        for index, suppression in by_path.get(finding.path, []):
            if not suppression.covers(finding):
                continue
            patterns = suppression.matching_patterns(names)
            used.update((index, pattern) for pattern in patterns)
            if patterns and chosen is None:
                chosen = (suppression, patterns[0])
        if chosen is None:
            kept.append(finding)
        else:
            suppressed.append(_mark_suppressed(finding, *chosen))
    return kept, suppressed, used


def _mark_suppressed(finding: Finding, suppression: Suppression, pattern: str) -> Finding:
    """``finding`` with its suppression recorded in ``metadata`` for the reporters."""
    metadata = {
        **finding.metadata,
        "suppression": suppression.to_json(pattern),
        "suppression_kind": IN_SOURCE,
        "suppression_justification": suppression.reason or suppression.description,
    }
    return replace(finding, metadata=metadata)


def _unused(active: list[Suppression], used: set[tuple[int, str]]) -> list[UnusedSuppression]:
    """Every pattern of an active suppression that matched no finding, sorted."""
    unused = {
        UnusedSuppression(suppression.path, suppression.line, suppression.source, pattern)
        for index, suppression in enumerate(active)
        for pattern in suppression.patterns
        if (index, pattern) not in used
    }
    return sorted(unused, key=UnusedSuppression.sort_key)
