"""The GitHub annotations report (``--format github``): one workflow command per finding.

GitHub Actions turns lines such as ``::error file=main.tf,line=12,endLine=12,title=TF001 ...::msg``
printed by a step into annotations on the pull request's diff and the run's summary. Each finding
becomes one command; its severity picks the command (CRITICAL and HIGH -> ``error``, MEDIUM ->
``warning``, LOW and INFO -> ``notice``), its title is ``<rule ID> <rule title>`` and its message
is the finding's message, then a line with the severity, resource and attribute, then the rule's
remediation when known. After the findings come every input and policy error (``error``), every
inline suppression that does not suppress (``warning``) and, when asked for, every unused one
(``notice``); the last line is a plain summary (``bastion: 3 findings: ...``).

Values are escaped as GitHub's toolkit does: in a message ``%``, CR and LF become ``%25``, ``%0D``
and ``%0A``; in a property (file, title) ``:`` and ``,`` also become ``%3A`` and ``%2C``. So every
command is exactly one line whatever the finding says. Paths are the report's paths (relative to
the scan root): run the scan with the repository's top directory as root so they match the
checkout. Suppressed findings are not annotated (the JSON and SARIF reports list them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TextIO

from scanner.reporters.base import ReportOptions, sorted_errors

if TYPE_CHECKING:
    from scanner.findings import Finding, RuleError, RuleMeta
    from scanner.model import InputError
    from scanner.scan import ScanResult

#: The workflow command each severity becomes (an unknown severity is treated as MEDIUM).
SEVERITY_COMMANDS: dict[str, str] = {
    "CRITICAL": "error",
    "HIGH": "error",
    "MEDIUM": "warning",
    "LOW": "notice",
    "INFO": "notice",
}

#: Order of the properties in a command, as GitHub's toolkit writes them.
PROPERTY_ORDER: tuple[str, ...] = ("file", "line", "endLine", "title")


def escape_data(value: str) -> str:
    """Escape a command's message: ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: as :func:`escape_data`, plus ``:`` -> ``%3A`` and ``,`` -> ``%2C``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, properties: dict[str, str | int | None]) -> str:
    """One workflow command line, ``::<command> k=v,k=v::<message>``, without a line break.

    Properties whose value is None are left out, the others are written in
    :data:`PROPERTY_ORDER` and escaped; with no property at all the line is ``::<command>::<message>``.
    """
    given = [(key, properties[key]) for key in PROPERTY_ORDER if properties.get(key) is not None]
    rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in given)
    return f"::{command}{' ' + rendered if rendered else ''}::{escape_data(message)}"


def finding_command(finding: Finding, rule: RuleMeta | None) -> str:
    """The annotation of one finding (see the module docstring for its parts).

    A finding without a line points at line 1, as in the SARIF report.
    """
    line = max(1, finding.start_line)
    where = [f"Severity {finding.severity}"]
    if finding.resource:
        where.append(f"resource {finding.resource}")
    if finding.attribute:
        where.append(f"attribute {finding.attribute}")
    lines = [finding.message, "; ".join(where) + "."]
    if rule is not None and rule.remediation:
        lines.append(f"Remediation: {rule.remediation.strip()}")
    title = finding.rule_id if finding.title in ("", finding.rule_id) else f"{finding.rule_id} {finding.title}"
    properties: dict[str, str | int | None] = {
        "file": finding.path,
        "line": line,
        "endLine": max(line, finding.end_line),
        "title": title,
    }
    return workflow_command(SEVERITY_COMMANDS.get(finding.severity, "warning"), "\n".join(lines), properties)


def error_command(error: InputError | RuleError) -> str:
    """The ``error`` annotation of an input error (titled ``Input error (<format>)``) or a policy
    error (``Policy error (<rule ID>)``, or ``Policy error`` when no rule is known).

    The file property is left out for paths that are not in the repository (``.`` for the whole
    scan, ``<builtin>/...`` for the built-in pack); the line when it is unknown.
    """
    from scanner.model import InputError

    if isinstance(error, InputError):
        title = f"Input error ({error.format})"
    else:
        title = f"Policy error ({error.rule_id})" if error.rule_id else "Policy error"
    properties: dict[str, str | int | None] = {
        "file": error.path if _is_repository_path(error.path) else None,
        "line": error.line if _is_repository_path(error.path) else None,
        "title": title,
    }
    return workflow_command("error", error.message, properties)


def summary_text(result: ScanResult, error_count: int) -> str:
    """The closing plain line, ``bastion: 2 findings: 1 high, 1 low; 1 error.`` (errors only when
    there are any; ``bastion: No findings.`` for a clean scan)."""
    from scanner.reporters.text import summary_line

    text = f"bastion: {summary_line(result).rstrip('.')}"
    if error_count:
        text += f"; {error_count} error{'' if error_count == 1 else 's'}"
    return text + "."


class GithubReporter:
    """Renders a scan result as GitHub workflow commands, one line each, then a summary line."""

    name: ClassVar[str] = "github"
    extension: ClassVar[str] = "github"

    def __init__(self, options: ReportOptions = ReportOptions()) -> None:
        """Keep the options (annotations have no colour)."""
        self.options = options

    def render(self, result: ScanResult, out: TextIO) -> None:
        """Write one command per finding, error and suppression note, then the summary line."""
        from scanner.findings import Finding

        errors = sorted_errors(result)
        lines = [finding_command(finding, result.rules.get(finding.rule_id)) for finding in sorted(result.findings, key=Finding.sort_key)]
        lines += [error_command(error) for error in errors]
        for problem in sorted(result.suppression_problems, key=lambda item: item.sort_key()):
            properties: dict[str, str | int | None] = {"file": problem.path, "line": problem.line, "title": f"Suppression problem ({problem.source})"}
            lines.append(workflow_command("warning", problem.message, properties))
        for unused in sorted(result.unused_suppressions or (), key=lambda item: item.sort_key()):
            properties = {"file": unused.path, "line": unused.line, "title": f"Unused suppression ({unused.source})"}
            lines.append(workflow_command("notice", unused.message, properties))
        lines.append(summary_text(result, len(errors)))
        out.write("\n".join(lines) + "\n")


def _is_repository_path(path: str) -> bool:
    """Whether ``path`` names a file of the scanned repository (not ``.``, empty or ``<builtin>/...``)."""
    return bool(path) and path != "." and not path.startswith("<")
