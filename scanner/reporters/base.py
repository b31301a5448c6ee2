"""The reporter interface: turn a :class:`~scanner.scan.ScanResult` into text for people or programs.

A reporter is a class with a ``name`` (the value of ``--format``), a file ``extension`` (used for
golden files and suggested output names), and ``render(result, out)``. Reporters are pure: they
never re-run rules or read files (source lines come from ``ScanResult.snippets``), and their
output depends only on the result and the options, so the same scan renders identically every
time. Every reporter shows findings, suppressed findings where the format can carry them, and
every input and rule error.

Adding a format (SARIF next): write ``scanner/reporters/<name>.py`` with a class implementing
:class:`Reporter`, add it to ``REPORTERS`` in ``scanner/reporters/__init__.py`` and add a golden
file under ``tests/reporters/golden/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Protocol, TextIO

if TYPE_CHECKING:
    from scanner.findings import RuleError
    from scanner.model import InputError
    from scanner.scan import ScanResult


@dataclass(frozen=True)
class ReportOptions:
    """How to render: ``color`` only when writing to a terminal; ``show_unknown`` is a hook for
    listing unresolved values (accepted now, used by a later issue)."""

    color: bool = False
    show_unknown: bool = False


class Reporter(Protocol):
    """One output format of ``bastion scan``."""

    #: The value of ``--format`` that selects this reporter.
    name: ClassVar[str]
    #: File extension of its output, without the dot ("txt", "json", "sarif").
    extension: ClassVar[str]

    def __init__(self, options: ReportOptions = ReportOptions()) -> None:
        """Keep the options; no output happens here."""

    def render(self, result: ScanResult, out: TextIO) -> None:
        """Write the whole report for ``result`` to ``out``, ending with a newline."""


def sorted_errors(result: ScanResult) -> list[InputError | RuleError]:
    """Input and rule errors together in report order: by path, line, then kind and message.

    Shared by the reporters so that every format lists errors in the same order.
    """
    from scanner.model import InputError

    def key(error: InputError | RuleError) -> tuple[str, int, str, str, str]:
        if isinstance(error, InputError):
            return (error.path, error.line or 0, error.format, "", error.message)
        return (error.path, error.line or 0, "policy", error.rule_id or "", error.message)

    return sorted([*result.input_errors, *result.rule_errors], key=key)
