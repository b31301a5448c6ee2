"""The text report (``--format text``, the default): findings grouped by file, for people.

Per file, each finding shows its severity (coloured on a terminal), rule ID, title, message,
``path:line``, the resource and attribute, and the offending line with one line of context
before and after (from ``ScanResult.snippets``). With ``--show-unknown``, a section ``Could not
be decided (N)`` lists what rules could not decide (``  TF001 main.tf:11 tf:aws_s3_bucket.logs:
acl is unknown (variable 'acl' has no value)``). Then every error, one line each
(``error: k8s/web.yaml:14: [kubernetes] expected a mapping, found a list``), then every inline
suppression that does not suppress (``warning: main.tf:3: bastion:ignore without a reason ...``)
and, when asked for, every unused one (``unused suppression: main.tf:7: ...``), then a summary by
severity and the file counts. Without colour the output is plain, unwrapped and deterministic.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, ClassVar, TextIO

from scanner.findings import SEVERITIES
from scanner.reporters.base import ReportOptions, sorted_errors

if TYPE_CHECKING:
    from rich.console import Console

    from scanner.findings import Finding, RuleError
    from scanner.model import InputError
    from scanner.scan import ScanResult

#: Rich style of each severity label.
SEVERITY_STYLES: dict[str, str] = {
    "CRITICAL": "bold red",
    "HIGH": "red",
    "MEDIUM": "yellow",
    "LOW": "blue",
    "INFO": "dim",
}

_LABEL_WIDTH = max(len(severity) for severity in SEVERITIES)


class TextReporter:
    """Renders a scan result as readable text, coloured only when ``options.color`` is set."""

    name: ClassVar[str] = "text"
    extension: ClassVar[str] = "txt"

    def __init__(self, options: ReportOptions = ReportOptions()) -> None:
        """Keep the options; colour is decided by the caller (a terminal or not)."""
        self.options = options

    def render(self, result: ScanResult, out: TextIO) -> None:
        """Write the text report of ``result`` to ``out``."""
        from rich.console import Console

        color = self.options.color
        console = Console(
            file=_Discard(),
            record=True,
            force_terminal=color,
            no_color=not color,
            color_system="standard" if color else None,
            soft_wrap=True,
            width=200,
            highlight=False,
            emoji=False,
            markup=False,
        )
        for path, findings in groupby(result.findings, key=lambda finding: finding.path):
            console.print(path, style="bold")
            for finding in findings:
                _print_finding(console, finding, result.snippets.get(path, {}))
            console.print()
        if _print_undecided(console, result):
            console.print()
        errors = sorted_errors(result)
        for error in errors:
            _print_error(console, error)
        if errors:
            console.print()
        if _print_suppression_notes(console, result):
            console.print()
        console.print(summary_line(result))
        console.print(files_line(result, len(errors)))
        out.write(console.export_text(styles=color))


def _print_finding(console: Console, finding: Finding, snippet: dict[int, str]) -> None:
    """One finding: label line, message, location, then the source lines around it."""
    from rich.text import Text

    label = Text("  ")
    label.append(finding.severity.ljust(_LABEL_WIDTH), style=SEVERITY_STYLES.get(finding.severity, ""))
    label.append(" ")
    label.append(finding.rule_id, style="bold")
    label.append(f" {finding.title}")
    console.print(label)
    console.print(f"    {finding.message}")
    where = f"    at {finding.path}:{finding.start_line}"
    details = [part for part in (finding.resource, finding.attribute and f"attribute {finding.attribute}") if part]
    if details:
        where += f" ({', '.join(details)})"
    console.print(where, style="dim")
    shown = [line for line in range(finding.start_line - 1, finding.start_line + 2) if line in snippet]
    if finding.start_line not in shown:
        return
    width = len(str(shown[-1]))
    for line in shown:
        marker = ">" if line == finding.start_line else " "
        row = Text()
        row.append(f"    {marker} {str(line).rjust(width)} | ", style="dim")
        row.append(snippet[line], style="bold" if line == finding.start_line else "")
        console.print(row)


def _print_undecided(console: Console, result: ScanResult) -> bool:
    """``--show-unknown``: ``Could not be decided (N)``, then ``  RULE path:line resource: why``
    per entry; True when anything was printed (nothing when there are no entries)."""
    from rich.text import Text

    if not result.undecided:
        return False
    console.print(f"Could not be decided ({len(result.undecided)})", style="bold")
    for entry in result.undecided:
        row = Text("  ")
        row.append(entry.rule_id, style="bold")
        row.append(f" {entry.path}:{entry.line} {entry.resource}: {entry.message}")
        console.print(row)
    return True


def _print_error(console: Console, error: InputError | RuleError) -> None:
    """``error: path:line: [format] message``; rule errors name the rule when known."""
    from rich.text import Text

    from scanner.model import InputError

    where = f"{error.path}:{error.line}" if error.line else error.path
    if isinstance(error, InputError):
        detail = f"[{error.format}] {error.message}"
    else:
        detail = f"[policy] {error.rule_id}: {error.message}" if error.rule_id else f"[policy] {error.message}"
    line = Text("error", style="bold red")
    line.append(f": {where}: {detail}")
    console.print(line)


def _print_suppression_notes(console: Console, result: ScanResult) -> bool:
    """``warning: path:line: message`` per suppression problem, then ``unused suppression:
    path:line: message`` per unused one; True when anything was printed."""
    from rich.text import Text

    notes = [("warning", "yellow", problem.path, problem.line, problem.message) for problem in result.suppression_problems]
    notes += [("unused suppression", "dim", unused.path, unused.line, unused.message) for unused in result.unused_suppressions or ()]
    for label, style, path, line, message in notes:
        row = Text(label, style=style)
        row.append(f": {path}:{line}: {message}")
        console.print(row)
    return bool(notes)


def summary_line(result: ScanResult) -> str:
    """``3 findings: 1 critical, 2 high`` or ``No findings.``, plus the suppressed count if any."""
    count = len(result.findings)
    suppressed = f" ({len(result.suppressed)} suppressed)" if result.suppressed else ""
    if count == 0:
        return f"No findings{suppressed}."
    parts = [f"{number} {severity.lower()}" for severity, number in result.severity_counts().items() if number]
    noun = "finding" if count == 1 else "findings"
    return f"{count} {noun}: {', '.join(parts)}{suppressed}"


def files_line(result: ScanResult, error_count: int) -> str:
    """File counts, graph size, rules evaluated and errors, in one line."""
    stats = result.stats.to_json()
    text = (
        f"Files: {stats['files']} ({stats['parsed']} parsed, {stats['skipped']} skipped, {stats['errored']} errored); "
        f"{_plural(stats['nodes'], 'node')}; {_plural(stats['rules_evaluated'], 'rule')} evaluated"
    )
    if error_count:
        text += f"; {_plural(error_count, 'error')}"
    return text + "."


def _plural(number: int, noun: str) -> str:
    """``1 rule``, ``2 rules``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class _Discard:
    """A sink for the console: it records what it prints and ``export_text`` returns it."""

    def write(self, text: str) -> int:
        """Drop ``text``."""
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""
