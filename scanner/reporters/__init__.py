"""Output formats of ``bastion scan``: ``REPORTERS`` maps each ``--format`` value to its reporter.

Importing this package is cheap (rich is imported only when the text report renders), so the
CLI can list the choices at start-up.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from scanner.reporters.base import Reporter, ReportOptions
from scanner.reporters.github import GithubReporter
from scanner.reporters.json import JsonReporter
from scanner.reporters.sarif import SarifReporter
from scanner.reporters.text import TextReporter

if TYPE_CHECKING:
    from scanner.scan import ScanResult

__all__ = ["REPORTERS", "ReportOptions", "Reporter", "render_report"]

#: Every output format by name; the order of the tuple does not matter, the CLI sorts the names.
REPORTERS: dict[str, type[Reporter]] = {reporter.name: reporter for reporter in (TextReporter, JsonReporter, SarifReporter, GithubReporter)}


def render_report(format_name: str, result: ScanResult, options: ReportOptions = ReportOptions()) -> str:
    """Render ``result`` with the reporter named ``format_name`` and return the text.

    Raises KeyError for an unknown name (the CLI only passes names from ``REPORTERS``).
    """
    buffer = io.StringIO()
    REPORTERS[format_name](options).render(result, buffer)
    return buffer.getvalue()
