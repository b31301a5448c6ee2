"""Turn a directive found in a comment into the lines it covers (a :class:`Suppression`).

Placements (see :mod:`scanner.suppressions.directives`):

- ``anchored`` (bastion, tfsec, trivy, KICS ``ignore-block``): at the end of a code line it covers
  findings that start on that line; on a comment line of the comment block directly above a
  construct it covers that construct (resource, block, document, instruction; a Dockerfile
  ``FROM`` covers its whole stage). A blank line between the comments and the construct detaches
  them, which is reported.
- ``instruction`` (hadolint): like ``anchored``, but a ``FROM`` covers only itself.
- ``next-line`` (KICS ``ignore-line``): the one line below the comment block.
- ``enclosing`` (Checkov): the Terraform top-level block, YAML document or whole Dockerfile that
  holds the comment.
- ``file`` and ``file-top`` (hadolint ``global``, KICS ``disable=``/``ignore``): the whole file;
  ``file-top`` only from the comments at the top of the file.
"""

from __future__ import annotations

from scanner.suppressions.comments import Comment, FileLayout
from scanner.suppressions.directives import (
    ANCHORED,
    ENCLOSING,
    FILE,
    FILE_TOP,
    INSTRUCTION,
    NEXT_LINE,
    Directive,
)
from scanner.suppressions.model import WHOLE_FILE_END, Suppression, SuppressionProblem


def resolve(directive: Directive, comment: Comment, layout: FileLayout, path: str) -> Suppression | SuppressionProblem:
    """The :class:`Suppression` that ``directive`` (written in ``comment`` of ``path``) makes, or
    the :class:`SuppressionProblem` that says why it suppresses nothing. Expiry is not judged here."""
    if directive.problem is not None:
        return SuppressionProblem(path, comment.line, directive.source, directive.problem)
    span = _span(directive.placement, comment, layout)
    if span is None:
        return SuppressionProblem(path, comment.line, directive.source, _detached_message(directive))
    return Suppression(
        path=path,
        line=comment.line,
        source=directive.source,
        patterns=directive.patterns,
        start_line=span[0],
        end_line=span[1],
        reason=directive.reason,
        expires=directive.expires,
        label=directive.label,
    )


def _span(placement: str, comment: Comment, layout: FileLayout) -> tuple[int, int] | None:
    """The lines ``placement`` covers from ``comment``, or None when it covers nothing."""
    if placement in (FILE, FILE_TOP):
        if placement == FILE_TOP and not layout.is_leading_comment(comment.line):
            return None
        return (0, WHOLE_FILE_END)  # line 0: findings about the file as a whole
    if placement == ENCLOSING:
        return layout.enclosing_span(comment.line)
    if comment.trailing:
        return (comment.line, comment.line)
    target = layout.attached_line(comment.line)
    if target is None:
        return None
    if placement == ANCHORED:
        return layout.construct_span(target)
    if placement == INSTRUCTION:
        return layout.instruction_span(target)
    if placement == NEXT_LINE:
        return (target, target)
    raise ValueError(f"unknown placement {placement!r}")


def _detached_message(directive: Directive) -> str:
    """Why a valid directive covers no line, by placement."""
    if directive.placement == FILE_TOP:
        return f"{directive.label} only applies in the comments at the top of a file, so it suppresses nothing"
    if directive.placement == ENCLOSING:
        return f"{directive.label} is not inside a resource, so it suppresses nothing"
    if directive.placement == INSTRUCTION:
        return f"{directive.label} is not directly above an instruction, so it suppresses nothing"
    return f"{directive.label} is not directly above a resource, block, document or instruction, so it suppresses nothing"
