"""The data of inline suppressions: what a directive says, where it applies, what went wrong.

A :class:`Suppression` is one valid directive, from a comment (``bastion:ignore=...``,
``checkov:skip=...``...) or a Kubernetes annotation, already resolved to the lines it covers.
A :class:`SuppressionProblem` is a directive that does not suppress (no reason, expired,
malformed) and says why, in one sentence. An :class:`UnusedSuppression` is one rule pattern of
a valid directive that matched no finding (``--report-unused-suppressions``). Everything is
frozen, plain data; paths are relative to the scan root with forward slashes, lines 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from scanner.findings import Finding

#: ``Suppression.kind`` for every inline form: SARIF's ``suppressions[].kind`` ("the
#: suppression is written in the source").
IN_SOURCE = "inSource"
#: The pattern that stands for every rule (``trivy:ignore:*``, ``kics-scan ignore-line``...).
EVERY_RULE = "*"
#: ``end_line`` of a scope that covers the whole file.
WHOLE_FILE_END = 1 << 31


@dataclass(frozen=True)
class Suppression:
    """One directive that suppresses the rules matching ``patterns`` on lines ``start_line`` to
    ``end_line`` of ``path`` (and, for an annotation, every finding of ``resource``).

    ``source`` names the tool whose syntax it uses ("bastion", "checkov", "tfsec", "trivy",
    "kics", "hadolint", "kube-linter", "kube-score", "polaris"); ``medium`` is "comment" or
    "annotation"; ``line`` is where the directive is written. ``patterns`` are rule IDs, aliases
    or fnmatch globs, matched without regard to case; ``reason`` and ``expires`` are None when
    not given (foreign forms need no reason). ``label`` is how messages name the directive
    (``bastion:ignore=TF001``, ``trivy:ignore:AVD-AWS-0086``).
    """

    path: str
    line: int
    source: str
    patterns: tuple[str, ...]
    start_line: int
    end_line: int
    reason: str | None = None
    expires: date | None = None
    resource: str | None = None
    medium: str = "comment"
    label: str = ""

    def covers(self, finding: Finding) -> bool:
        """Whether ``finding`` lies in this directive's scope (same file, start line in the span,
        or, for an annotation, the annotated resource)."""
        if finding.path != self.path:
            return False
        if self.resource is not None and finding.resource == self.resource:
            return True
        return self.start_line <= finding.start_line <= self.end_line

    def matching_patterns(self, names: tuple[str, ...]) -> list[str]:
        """The patterns that match one of ``names`` (a rule ID and its aliases), in written order."""
        folded = [name.casefold() for name in names]
        return [pattern for pattern in self.patterns if any(fnmatchcase(name, pattern.casefold()) for name in folded)]

    @property
    def description(self) -> str:
        """``suppressed by a checkov comment``, ``suppressed by a kube-linter annotation``."""
        return f"suppressed by a {self.source} {self.medium}"

    def to_json(self, pattern: str | None = None) -> dict[str, Any]:
        """The ``suppression`` object of a suppressed finding in the JSON report."""
        return {
            "kind": IN_SOURCE,
            "source": self.source,
            "id": pattern,
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "path": self.path,
            "line": self.line,
        }


@dataclass(frozen=True)
class SuppressionProblem:
    """A directive that does not suppress, or is out of place, with a one-sentence ``message``
    (e.g. ``bastion:ignore without a reason does not suppress; add reason="..."``)."""

    path: str
    line: int
    source: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """Problems are reported by path, line, source and message."""
        return (self.path, self.line, self.source, self.message)

    def to_json(self) -> dict[str, Any]:
        """The ``suppression_problems[]`` entry of the JSON report."""
        return {"path": self.path, "line": self.line, "source": self.source, "message": self.message}


@dataclass(frozen=True)
class UnusedSuppression:
    """One rule ``pattern`` of a valid directive at ``path``:``line`` that matched no finding."""

    path: str
    line: int
    source: str
    pattern: str

    @property
    def message(self) -> str:
        """``bastion suppression of TF999 matched no finding`` (``every rule`` for ``*``)."""
        what = "every rule" if self.pattern == EVERY_RULE else self.pattern
        return f"{self.source} suppression of {what} matched no finding"

    def sort_key(self) -> tuple[str, int, str, str]:
        """Unused suppressions are reported by path, line, source and pattern."""
        return (self.path, self.line, self.source, self.pattern)

    def to_json(self) -> dict[str, Any]:
        """The ``unused_suppressions[]`` entry of the JSON report."""
        return {"path": self.path, "line": self.line, "source": self.source, "id": self.pattern, "message": self.message}


class SuppressionSettings(Protocol):
    """What :func:`scanner.suppressions.apply_suppressions` reads from the scan's options
    (:class:`scanner.scan.ScanOptions` fits, and so does :class:`SuppressionOptions`)."""

    @property
    def inline_suppressions(self) -> bool:
        """False for ``--no-inline-suppressions`` (audit mode: nothing is suppressed)."""

    @property
    def foreign_suppressions(self) -> bool:
        """False for ``--no-foreign-suppressions`` (only bastion's own forms count)."""

    @property
    def report_unused_suppressions(self) -> bool:
        """True for ``--report-unused-suppressions``."""

    @property
    def today(self) -> date | None:
        """The date expiry is judged against; None means the system's current date."""


@dataclass(frozen=True)
class SuppressionOptions:
    """A stand-alone :class:`SuppressionSettings` (the defaults are the CLI's defaults)."""

    inline_suppressions: bool = True
    foreign_suppressions: bool = True
    report_unused_suppressions: bool = False
    today: date | None = None


class SuppressionOutcome(NamedTuple):
    """What applying suppressions to a scan's findings gives.

    ``kept`` are the findings still reported and ``suppressed`` the silenced ones (each with
    ``metadata["suppression"]``, ``["suppression_kind"]`` and ``["suppression_justification"]``),
    both in the order given; ``problems`` and ``unused`` are sorted. ``unused`` is None when
    unused suppressions were not asked for (or nothing was read, in audit mode).
    """

    kept: list[Finding]
    suppressed: list[Finding]
    problems: list[SuppressionProblem]
    unused: list[UnusedSuppression] | None
