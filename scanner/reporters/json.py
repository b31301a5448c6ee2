"""The JSON report (``--format json``): a stable, sorted document for programs (docs/output.md).

Shape::

    {"version": 1,
     "findings":   [{"rule_id", "severity", "title", "message", "path", "start_line", "end_line",
                     "resource", "attribute", "fingerprint"}],
     "suppressed": [same keys as findings, plus "suppression": {"kind", "source", "id",
                    "reason", "expires", "path", "line"} when an inline directive silenced it],
     "errors":     [{"path", "line", "format", "message"}                 # input errors
                    {"path", "line", "format": "policy", "rule_id", "message"}],  # rule errors
     "stats":      {"files", "parsed", "skipped", "errored", "skipped_by_reason", "parsed_by_format",
                    "nodes", "edges", "rules_evaluated", "findings", "findings_by_severity",
                    "suppressed", "errors"},
     "suppression_problems": [{"path", "line", "source", "message"}],     # only when there are any
     "unused_suppressions":  [{"path", "line", "source", "id", "message"}],  # only when asked for
     "undecided": [{"rule_id", "resource", "path", "line", "attribute", "reason"}]}  # --show-unknown

With ``--show-unknown``, ``stats`` also has ``undecided`` (the number of entries).

Wall-clock durations are left out so that the same scan always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from scanner.reporters.base import ReportOptions, sorted_errors

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.scan import ScanResult

#: Version of the JSON report's shape; bumped only for incompatible changes.
REPORT_VERSION = 1


def finding_json(finding: Finding) -> dict[str, Any]:
    """One ``findings[]``/``suppressed[]`` entry: exactly the ten documented keys."""
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "title": finding.title,
        "message": finding.message,
        "path": finding.path,
        "start_line": finding.start_line,
        "end_line": finding.end_line,
        "resource": finding.resource,
        "attribute": finding.attribute,
        "fingerprint": finding.fingerprint,
    }


def report_json(result: ScanResult) -> dict[str, Any]:
    """The whole JSON report for ``result`` as plain data, sorted and deterministic."""
    errors = sorted_errors(result)
    stats = {
        **result.stats.to_json(),
        "findings": len(result.findings),
        "findings_by_severity": result.severity_counts(),
        "suppressed": len(result.suppressed),
        "errors": len(errors),
    }
    report: dict[str, Any] = {
        "version": REPORT_VERSION,
        "findings": [finding_json(finding) for finding in result.findings],
        "suppressed": [suppressed_json(finding) for finding in sorted(result.suppressed, key=lambda f: f.sort_key())],
        "errors": [error.to_json() for error in errors],
        "stats": stats,
    }
    if result.suppression_problems:
        report["suppression_problems"] = [problem.to_json() for problem in result.suppression_problems]
    if result.unused_suppressions is not None:
        report["unused_suppressions"] = [unused.to_json() for unused in result.unused_suppressions]
    if result.undecided is not None:
        stats["undecided"] = len(result.undecided)
        report["undecided"] = [entry.to_json() for entry in result.undecided]
    return report


def suppressed_json(finding: Finding) -> dict[str, Any]:
    """One ``suppressed[]`` entry: the ten finding keys plus ``suppression`` when it is known."""
    entry = finding_json(finding)
    suppression = finding.metadata.get("suppression")
    if suppression is not None:
        entry["suppression"] = suppression
    return entry


class JsonReporter:
    """Renders :func:`report_json` with two-space indentation and a final newline."""

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = "json"

    def __init__(self, options: ReportOptions = ReportOptions()) -> None:
        """Keep the options (JSON ignores colour)."""
        self.options = options

    def render(self, result: ScanResult, out: TextIO) -> None:
        """Write the JSON report of ``result`` to ``out``."""
        out.write(json.dumps(report_json(result), indent=2, ensure_ascii=False))
        out.write("\n")
