"""Read the SARIF log ``bastion scan --format sarif`` wrote and render the Action's job summary.

The summary is GitHub-flavoured Markdown for ``$GITHUB_STEP_SUMMARY``: the number of findings by
severity, the most severe findings as a table (at most :data:`TOP_FINDINGS`, linked to the lines
of the scanned commit), what diff mode and the baseline left out, the input and policy errors, a
link to the code-scanning alerts, and the outcome. Everything taken from the scanned repository
(messages, paths, titles) is escaped, so it renders as text and never as markup.

Standard library only: the Action runs this with the runner's Python, whatever bastion's
dependencies are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

#: bastion's severities, most severe first.
SEVERITIES: tuple[str, ...] = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO")
#: A result's severity when its ``properties.severity`` is missing (another tool's SARIF).
LEVEL_SEVERITY: dict[str, str] = {"error": "HIGH", "warning": "MEDIUM", "note": "LOW", "none": "INFO"}
#: Rows of the findings table.
TOP_FINDINGS = 10
_MARKDOWN_SPECIAL = "\\`*_[]<>|#!~"


class SarifReadError(Exception):
    """The SARIF file is missing or is not a SARIF log; the message is one sentence."""


@dataclass(frozen=True)
class SarifFinding:
    """One reported (not suppressed) result: its rule, severity, message and first location."""

    rule_id: str
    title: str
    severity: str
    message: str
    path: str
    line: int


@dataclass
class SarifSummary:
    """What the log holds: reported findings, the suppressed count and the error messages."""

    findings: list[SarifFinding] = field(default_factory=list)
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Reported findings per severity, every severity present, most severe first."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts


@dataclass(frozen=True)
class SummaryContext:
    """Where the scan ran and how: used for links and for the explanatory lines.

    ``server_url``, ``repository`` and ``sha`` come from ``GITHUB_SERVER_URL``,
    ``GITHUB_REPOSITORY`` and ``GITHUB_SHA``; ``ref`` from ``GITHUB_REF``. Links are left out when
    they are unknown.
    """

    fail_on: str = "low"
    exit_code: int = 0
    server_url: str = ""
    repository: str = ""
    sha: str = ""
    ref: str = ""
    diff_base: str = ""
    baseline: str = ""
    uploaded: bool = False


def read_sarif(path: str | Path) -> SarifSummary:
    """Parse the SARIF log at ``path``; raise :class:`SarifReadError` when it cannot be used.

    Results with ``suppressions`` are counted, not listed. Errors are the ``error``-level tool
    execution notifications, once each (bastion repeats them in every run).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SarifReadError(f"cannot read the SARIF file '{path}': {exc.strerror or exc}") from None
    except ValueError as exc:
        raise SarifReadError(f"the SARIF file '{path}' is not valid JSON: {exc}") from None
    runs = data.get("runs") if isinstance(data, dict) else None
    if not isinstance(runs, list):
        raise SarifReadError(f"the SARIF file '{path}' has no 'runs' list")
    summary = SarifSummary()
    for run in runs:
        if isinstance(run, dict):
            _read_run(run, summary)
    summary.findings.sort(key=lambda item: (SEVERITIES.index(item.severity) if item.severity in SEVERITIES else len(SEVERITIES), item.path, item.line, item.rule_id))
    return summary


def _read_run(run: Mapping, summary: SarifSummary) -> None:
    """Add one run's results and error notifications to ``summary``."""
    rules = run.get("tool", {}).get("driver", {}).get("rules", []) or []
    for result in run.get("results", []) or []:
        if result.get("suppressions"):
            summary.suppressed += 1
            continue
        summary.findings.append(_finding(result, rules))
    for invocation in run.get("invocations", []) or []:
        for notification in invocation.get("toolExecutionNotifications", []) or []:
            text = str(notification.get("message", {}).get("text", ""))
            if notification.get("level") == "error" and text and text not in summary.errors:
                summary.errors.append(text)


def _finding(result: Mapping, rules: list) -> SarifFinding:
    """One result as a :class:`SarifFinding` (path decoded from its URI, line 1 when unknown)."""
    rule_id = str(result.get("ruleId", ""))
    index = result.get("ruleIndex")
    rule = rules[index] if isinstance(index, int) and 0 <= index < len(rules) else {}
    title = str(rule.get("shortDescription", {}).get("text", "")) or rule_id
    severity = str(result.get("properties", {}).get("severity", "")).upper()
    if severity not in SEVERITIES:
        severity = LEVEL_SEVERITY.get(str(result.get("level", "warning")), "MEDIUM")
    physical = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    path = unquote(str(physical.get("artifactLocation", {}).get("uri", "")))
    line = physical.get("region", {}).get("startLine", 1)
    return SarifFinding(rule_id, title, severity, str(result.get("message", {}).get("text", "")), path, line if isinstance(line, int) else 1)


def markdown_text(text: str) -> str:
    """``text`` for a Markdown table cell: one line, every Markdown and HTML special escaped."""
    flat = " ".join(text.split())
    flat = flat.replace("&", "&amp;")
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in flat)


def code_scanning_url(context: SummaryContext) -> str | None:
    """The code-scanning alerts of this tool for the pull request (``pr:N``) or branch scanned."""
    if not (context.server_url and context.repository):
        return None
    query = "is:open tool:bastion"
    if context.ref.startswith("refs/pull/"):
        query += f" pr:{context.ref.split('/')[2]}"
    elif context.ref.startswith("refs/heads/"):
        query += f" branch:{context.ref[len('refs/heads/'):]}"
    return f"{context.server_url}/{context.repository}/security/code-scanning?{urlencode({'query': query})}"


def line_url(context: SummaryContext, path: str, line: int) -> str | None:
    """A link to ``path`` at ``line`` in the scanned commit, or None when the commit is unknown."""
    if not (context.server_url and context.repository and context.sha and path):
        return None
    return f"{context.server_url}/{context.repository}/blob/{context.sha}/{quote(path)}#L{line}"


def outcome_text(exit_code: int, fail_on: str) -> str:
    """One sentence for bastion's exit code (0 passed, 1 findings at or above ``fail_on``, 3 errors)."""
    if exit_code == 0:
        return f"**Passed**: no finding at or above `{markdown_text(fail_on)}`." if fail_on.lower() != "none" else "**Passed** (`fail-on: none`)."
    if exit_code == 1:
        return f"**Failed**: findings at or above `{markdown_text(fail_on)}` (exit code 1)."
    if exit_code == 3:
        return "**Failed**: some files could not be read or parsed, or a policy failed (exit code 3); see the errors above and the log."
    return f"**Failed**: bastion exited with code {exit_code}; see the log."


def render_summary(summary: SarifSummary, context: SummaryContext, limit: int = TOP_FINDINGS) -> str:
    """The job summary as Markdown, ending with a newline (see the module docstring)."""
    total = len(summary.findings)
    lines = [f"## bastion: {total} finding{'' if total == 1 else 's'}", ""]
    counts = summary.counts()
    lines += ["| " + " | ".join(severity.capitalize() for severity in SEVERITIES) + " |",
              "| " + " | ".join("---:" for _ in SEVERITIES) + " |",
              "| " + " | ".join(str(counts[severity]) for severity in SEVERITIES) + " |", ""]
    notes = []
    if summary.suppressed:
        notes.append(f"{summary.suppressed} suppressed finding{'' if summary.suppressed == 1 else 's'} not counted.")
    if context.diff_base:
        notes.append(f"Diff mode: only findings on what changed since `{markdown_text(context.diff_base)}` are reported.")
    if context.baseline:
        notes.append(f"Findings recorded in the baseline `{markdown_text(context.baseline)}` are not reported.")
    if notes:
        lines += [" ".join(notes), ""]
    if summary.findings:
        shown = summary.findings[:limit]
        lines += [f"### Top {len(shown)} finding{'' if len(shown) == 1 else 's'}" if total > len(shown) else "### Findings", "",
                  "| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"]
        for finding in shown:
            where = markdown_text(f"{finding.path}:{finding.line}")
            url = line_url(context, finding.path, finding.line)
            location = f"[{where}]({url})" if url else where
            rule = f"{markdown_text(finding.rule_id)} {markdown_text(finding.title)}" if finding.title != finding.rule_id else markdown_text(finding.rule_id)
            lines.append(f"| {finding.severity} | {rule} | {location} | {markdown_text(finding.message)} |")
        lines.append("")
        if total > len(shown):
            lines += [f"{total - len(shown)} more in the SARIF file and the code-scanning alerts.", ""]
    if summary.errors:
        lines += [f"### {len(summary.errors)} error{'' if len(summary.errors) == 1 else 's'}", ""]
        lines += [f"- {markdown_text(error)}" for error in summary.errors[:limit]]
        if len(summary.errors) > limit:
            lines.append(f"- and {len(summary.errors) - limit} more (see the log)")
        lines.append("")
    url = code_scanning_url(context)
    if context.uploaded and url:
        lines += [f"[Open bastion alerts in code scanning]({url})", ""]
    lines.append(outcome_text(context.exit_code, context.fail_on))
    return "\n".join(lines) + "\n"
