"""The SARIF 2.1.0 report (``--format sarif``), built for GitHub code scanning (docs/output.md).

The log is built with sarif-om's object model and serialized by :mod:`scanner.reporters.sarif_json`;
it validates against the official schema with format checking. What it holds:

- one run per category (:mod:`scanner.reporters.sarif_categories`), ``automationDetails.id``
  ``bastion/<category>/``, never more than 20 runs, and at least one run even for a clean scan;
- ``tool.driver``: name, version, semanticVersion, informationUri and every rule that fired in
  the run (:mod:`scanner.reporters.sarif_rules`), sorted by ID; ``ruleIndex`` points into it;
- per finding: ruleId, ruleIndex, level, message, a ``%SRCROOT%``-relative percent-encoded
  ``artifactLocation.uri``, a region with ``startLine >= 1`` and ``endLine`` (no columns: bastion
  does not know them), the resource as a logical location, and ``partialFingerprints`` with
  ``primaryLocationLineHash`` (codeql-action's value, from ``ScanResult.line_hashes``; left out
  when the scan did not compute it) and ``bastion/v1`` (the line-independent finding fingerprint);
- suppressed findings as results with ``suppressions`` (kind and justification from the finding's
  ``metadata["suppression_kind"]``, default ``inSource``, and ``metadata["suppression_justification"]``);
- every input and policy error as a ``toolExecutionNotifications`` entry of each run's invocation
  (the scan is one execution; each run repeats it), ``executionSuccessful`` false when any exists;
- over 25,000 results in a run, the most severe 25,000 are kept (ties in report order) and a
  warning notification says how many were left out.

``originalUriBaseIds["%SRCROOT%"]`` is ``file://<ScanResult.root>/``; without a root (a hand-built
result) it only carries a description. Output is deterministic: sorted keys, sorted results.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from scanner import __version__
from scanner.findings import SEVERITY_RANK
from scanner.reporters.base import ReportOptions, sorted_errors
from scanner.reporters.sarif_categories import (
    EMPTY_SCAN_AUTOMATION_ID,
    MAX_RUNS,
    assign_runs,
    automation_id,
    finding_category,
    rule_categories,
    run_order,
)
from scanner.reporters.sarif_json import sarif_to_data
from scanner.reporters.sarif_rules import (
    fallback_meta,
    reporting_descriptor,
    sarif_level,
)

if TYPE_CHECKING:
    from sarif_om import Location, Notification, Result, Run, SarifLog

    from scanner.findings import Finding, RuleError, RuleMeta
    from scanner.model import InputError
    from scanner.scan import ScanResult

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
TOOL_NAME = "bastion"
#: Where users learn about the tool (``tool.driver.informationUri``).
INFORMATION_URI = "https://github.com/bastion-scanner/bastion"
SRCROOT = "%SRCROOT%"
#: GitHub rejects a run with more results than this.
MAX_RESULTS_PER_RUN = 25_000
LINE_HASH_KEY = "primaryLocationLineHash"
BASTION_FINGERPRINT_KEY = "bastion/v1"
SUPPRESSION_KINDS: tuple[str, ...] = ("inSource", "external")


class SarifReporter:
    """Renders :func:`report_sarif` as indented JSON with sorted keys and a final newline."""

    name: ClassVar[str] = "sarif"
    extension: ClassVar[str] = "sarif"

    def __init__(self, options: ReportOptions = ReportOptions()) -> None:
        """Keep the options (SARIF ignores colour)."""
        self.options = options

    def render(self, result: ScanResult, out: TextIO) -> None:
        """Write the SARIF log of ``result`` to ``out``."""
        out.write(json.dumps(report_sarif(result), indent=2, sort_keys=True, ensure_ascii=False))
        out.write("\n")


def report_sarif(result: ScanResult, max_results_per_run: int = MAX_RESULTS_PER_RUN, max_runs: int = MAX_RUNS) -> dict[str, Any]:
    """The whole SARIF log for ``result`` as JSON-ready data (see :func:`build_sarif_log`)."""
    data: dict[str, Any] = sarif_to_data(build_sarif_log(result, max_results_per_run, max_runs))
    return data


def build_sarif_log(result: ScanResult, max_results_per_run: int = MAX_RESULTS_PER_RUN, max_runs: int = MAX_RUNS) -> SarifLog:
    """The sarif-om log for ``result``: one run per category, at most ``max_runs`` runs, each with
    at most ``max_results_per_run`` results (the limits are parameters so tests can use small ones)."""
    from sarif_om import SarifLog

    entries = [(finding, False) for finding in result.findings] + [(finding, True) for finding in result.suppressed]
    entries.sort(key=lambda entry: (entry[0].sort_key(), entry[1]))
    categories = [finding_category(finding, result.rules.get(finding.rule_id)) for finding, _ in entries]
    checked = {category for meta in result.rules.values() for category in rule_categories(meta)}
    run_of = assign_runs([*categories, *checked], max_runs)
    grouped: dict[str, list[tuple[Finding, bool]]] = {run_category: [] for run_category in run_of.values()}
    for entry, category in zip(entries, categories):
        grouped[run_of[category]].append(entry)
    runs = [_build_run(result, automation_id(category), category, grouped[category], max_results_per_run) for category in sorted(grouped, key=run_order)]
    if not runs:
        runs = [_build_run(result, EMPTY_SCAN_AUTOMATION_ID, "", [], max_results_per_run)]
    return SarifLog(runs=runs, version=SARIF_VERSION, schema_uri=SARIF_SCHEMA_URI)


def most_severe(entries: Sequence[tuple[Finding, bool]], limit: int) -> list[tuple[Finding, bool]]:
    """At most ``limit`` of ``entries``: the most severe first, reported findings before suppressed
    ones, ties in report order; returned in report order."""
    if len(entries) <= limit:
        return list(entries)
    ranked = sorted(range(len(entries)), key=lambda index: (-SEVERITY_RANK.get(entries[index][0].severity, SEVERITY_RANK["MEDIUM"]), entries[index][1], index))
    return [entries[index] for index in sorted(ranked[:limit])]


def _build_run(result: ScanResult, automation: str, category: str, entries: list[tuple[Finding, bool]], max_results: int) -> Run:
    """One run: its driver with the rules that fired, its results, its invocation."""
    from sarif_om import Run, RunAutomationDetails, Tool, ToolComponent

    kept = most_severe(entries, max_results)
    metas = {finding.rule_id: result.rules.get(finding.rule_id) or fallback_meta(finding) for finding, _ in kept}
    rule_ids = sorted(metas)
    index_of = {rule_id: index for index, rule_id in enumerate(rule_ids)}
    rules = [reporting_descriptor(metas[rule_id], _tag_category(metas[rule_id], category)) for rule_id in rule_ids]
    driver = ToolComponent(
        name=TOOL_NAME,
        version=__version__,
        semantic_version=__version__,
        information_uri=INFORMATION_URI,
        rules=rules,
    )
    notifications = [_error_notification(error) for error in sorted_errors(result)]
    if len(kept) < len(entries):
        notifications.append(_cut_notification(len(entries), len(kept)))
    return Run(
        tool=Tool(driver=driver),
        automation_details=RunAutomationDetails(id=automation),
        original_uri_base_ids={SRCROOT: _source_root(result.root)},
        invocations=[_invocation(not result.has_errors, notifications)],
        results=[_result(finding, suppressed, index_of[finding.rule_id], result.line_hashes) for finding, suppressed in kept],
    )


def _tag_category(meta: RuleMeta, run_category: str) -> str:
    """The category named in a rule's tags: its own when known, else the run's."""
    own = sorted(rule_categories(meta))
    return own[0] if own else run_category or "other"


def _result(finding: Finding, suppressed: bool, rule_index: int, line_hashes: dict[str, dict[int, str]]) -> Result:
    """One SARIF result for ``finding`` (with ``suppressions`` when it was suppressed)."""
    from sarif_om import Message, Result, Suppression

    start_line = max(1, finding.start_line)
    fingerprints = {BASTION_FINGERPRINT_KEY: finding.fingerprint}
    line_hash = line_hashes.get(finding.path, {}).get(start_line)
    if line_hash:
        fingerprints[LINE_HASH_KEY] = line_hash
    properties: dict[str, Any] = {"severity": finding.severity}
    if finding.attribute:
        properties["attribute"] = finding.attribute
    suppressions = None
    if suppressed:
        kind = finding.metadata.get("suppression_kind")
        justification = finding.metadata.get("suppression_justification")
        suppressions = [
            Suppression(
                kind=kind if kind in SUPPRESSION_KINDS else "inSource",
                justification=str(justification) if justification else None,
            )
        ]
    return Result(
        message=Message(text=finding.message or finding.title or finding.rule_id),
        rule_id=finding.rule_id,
        rule_index=rule_index,
        level=sarif_level(finding.severity),
        locations=[_finding_location(finding, start_line)],
        partial_fingerprints=fingerprints,
        suppressions=suppressions,
        properties=properties,
    )


def _finding_location(finding: Finding, start_line: int) -> Location:
    """The physical location (repo-relative URI, lines) and, when known, the resource."""
    from sarif_om import (
        ArtifactLocation,
        Location,
        LogicalLocation,
        PhysicalLocation,
        Region,
    )

    physical = PhysicalLocation(
        artifact_location=ArtifactLocation(uri=path_uri(finding.path), uri_base_id=SRCROOT),
        region=Region(start_line=start_line, end_line=max(start_line, finding.end_line)),
    )
    logical = [LogicalLocation(fully_qualified_name=finding.resource, kind="resource")] if finding.resource else None
    return Location(physical_location=physical, logical_locations=logical)


def path_uri(path: str) -> str:
    """A repo-relative path as a relative URI reference: forward slashes, every character but
    letters, digits, ``-._~`` and ``/`` percent-encoded (so spaces, ``#``, ``%`` and a ``:`` in the
    first segment are all safe)."""
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/")


def file_uri(absolute_path: str) -> str:
    """``file://`` URI of an absolute POSIX path, percent-encoded."""
    from urllib.parse import quote

    return "file://" + quote(absolute_path.replace("\\", "/"), safe="/")


def _source_root(root: str) -> Any:
    """``%SRCROOT%``: the scan root as a ``file://`` URI ending in ``/``, when the result knows it."""
    from sarif_om import ArtifactLocation, Message

    description = Message(text="The root of the scanned repository; result URIs are relative to it.")
    if not root:
        return ArtifactLocation(description=description)
    return ArtifactLocation(uri=file_uri(root.rstrip("/") + "/"), description=description)


def _invocation(successful: bool, notifications: list[Notification]) -> Any:
    """The run's invocation: success flag and notifications (left out when there are none)."""
    from sarif_om import Invocation

    return Invocation(execution_successful=successful, tool_execution_notifications=notifications or None)


def error_text(error: InputError | RuleError) -> str:
    """``path:line: [format] message`` (rule errors: ``[policy] RULE: message``), as the text report."""
    from scanner.model import InputError

    where = f"{error.path}:{error.line}" if error.line else error.path
    if isinstance(error, InputError):
        return f"{where}: [{error.format}] {error.message}"
    rule = f"{error.rule_id}: " if error.rule_id else ""
    return f"{where}: [policy] {rule}{error.message}"


def _error_notification(error: InputError | RuleError) -> Notification:
    """An error-level notification for an input or policy error, located when its path is a file."""
    from sarif_om import (
        ArtifactLocation,
        Location,
        Message,
        Notification,
        PhysicalLocation,
        Region,
        ReportingDescriptorReference,
    )

    from scanner.model import InputError

    locations = None
    path = error.path
    if path and path != "." and not path.startswith("<"):
        if path.startswith("/"):
            artifact = ArtifactLocation(uri=file_uri(path))
        elif isinstance(error, InputError):
            artifact = ArtifactLocation(uri=path_uri(path), uri_base_id=SRCROOT)
        else:  # a --policy path, relative to the directory bastion ran in rather than to the scan root
            artifact = ArtifactLocation(uri=path_uri(path))
        region = Region(start_line=error.line) if error.line and error.line >= 1 else None
        locations = [Location(physical_location=PhysicalLocation(artifact_location=artifact, region=region))]
    rule_id = None if isinstance(error, InputError) else error.rule_id
    return Notification(
        message=Message(text=error_text(error)),
        level="error",
        locations=locations,
        associated_rule=ReportingDescriptorReference(id=rule_id) if rule_id else None,
    )


def _cut_notification(total: int, kept: int) -> Notification:
    """The warning that a run was cut to GitHub's result limit."""
    from sarif_om import Message, Notification

    text = (
        f"{total - kept} of {total} results were left out of this run: GitHub code scanning accepts at most "
        f"{kept} results per run, so only the most severe were kept."
    )
    return Notification(message=Message(text=text), level="warning")
