"""Suppressions written as Kubernetes annotations on the object they apply to.

bastion's own: ``bastion.io/ignore: "ID[,ID...] reason=\\"...\\" [expires=YYYY-MM-DD]"`` (a reason is
required, as for the comment form). Other tools' (honoured through rule aliases, no reason
required): kube-linter ``ignore-check.kube-linter.io/<check>: "<reason>"`` and
``kube-linter.io/ignore-all``; kube-score ``kube-score/ignore: <check>[,<check>]``; Polaris
``polaris.fairwinds.com/<check>-exempt: "true"`` and ``polaris.fairwinds.com/exempt: "true"``;
Checkov ``checkov.io/skip<N>: <ID>=<reason>``. Each covers every finding of the annotated object
(its resource ID, or a line of its document).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from scanner.suppressions.directives import parse_bastion_arguments
from scanner.suppressions.model import EVERY_RULE, Suppression, SuppressionProblem

if TYPE_CHECKING:
    from scanner.model import Node

BASTION_ANNOTATION = "bastion.io/ignore"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_KUBE_LINTER = "ignore-check.kube-linter.io/"
_POLARIS = re.compile(r"polaris\.fairwinds\.com/(?:(.+)-)?exempt")
_CHECKOV = re.compile(r"checkov\.io/skip\d*")


def annotation_suppressions(node: Node, foreign: bool = True) -> list[Suppression | SuppressionProblem]:
    """The suppressions (and problems) that the annotations of Kubernetes ``node`` make, sorted by
    annotation key; other tools' annotations only when ``foreign``."""
    metadata = node.attrs.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    if not isinstance(annotations, dict):
        return []
    found: list[Suppression | SuppressionProblem] = []
    for key in sorted(annotations, key=str):
        value = annotations[key]
        line = node.attr_lines.get(f"metadata.annotations{_key_path(str(key))}", node.start_line)
        if key == BASTION_ANNOTATION:
            found.append(_bastion(node, line, value))
            continue
        if not foreign:
            continue
        parsed = _foreign(str(key), value)
        if parsed is not None:
            source, patterns, reason = parsed
            found.append(_suppression(node, line, source, patterns, reason, label=f"{key}: {value}"))
    return found


def _bastion(node: Node, line: int, value: Any) -> Suppression | SuppressionProblem:
    """The ``bastion.io/ignore`` annotation: the comment form's arguments as a string."""
    if not isinstance(value, str):
        message = f'{BASTION_ANNOTATION} must be a string like "TF001 reason=\\"...\\"", so it does not suppress'
        return SuppressionProblem(node.path, line, "bastion", message)
    patterns, reason, expires, problem = parse_bastion_arguments(value.strip(), BASTION_ANNOTATION)
    if problem is not None:
        return SuppressionProblem(node.path, line, "bastion", problem)
    return _suppression(node, line, "bastion", patterns, reason, expires, f"{BASTION_ANNOTATION}={','.join(patterns)}")


def _foreign(key: str, value: Any) -> tuple[str, tuple[str, ...], str | None] | None:
    """(source, patterns, reason) for another tool's ignore annotation, or None for any other key."""
    text = value.strip() if isinstance(value, str) else None
    if key.startswith(_KUBE_LINTER) and len(key) > len(_KUBE_LINTER):
        return ("kube-linter", (key[len(_KUBE_LINTER):],), text or None)
    if key == "kube-linter.io/ignore-all":
        return ("kube-linter", (EVERY_RULE,), text or None)
    if key == "kube-score/ignore" and text:
        patterns = tuple(part.strip() for part in text.split(",") if part.strip())
        return ("kube-score", patterns, None) if patterns else None
    polaris = _POLARIS.fullmatch(key)
    if polaris is not None and (value is True or (text or "").lower() == "true"):
        return ("polaris", (polaris.group(1) or EVERY_RULE,), None)
    if _CHECKOV.fullmatch(key) and text:
        rule, _, reason = text.partition("=")
        return ("checkov", (rule.strip(),), reason.strip() or None) if rule.strip() else None
    return None


def _suppression(node: Node, line: int, source: str, patterns: tuple[str, ...], reason: str | None, expires: Any = None, label: str = "") -> Suppression:
    """A suppression covering ``node`` (its resource ID and its lines)."""
    return Suppression(
        path=node.path,
        line=line,
        source=source,
        patterns=patterns,
        start_line=node.start_line,
        end_line=node.end_line,
        reason=reason,
        expires=expires,
        resource=node.id,
        medium="annotation",
        label=label,
    )


def _key_path(key: str) -> str:
    """How an annotation key appears in an attribute path: ``.name`` or ``["a.b/c"]``."""
    return f".{key}" if _IDENTIFIER.fullmatch(key) else f"[{json.dumps(key)}]"
