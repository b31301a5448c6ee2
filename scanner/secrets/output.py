"""The last guards at the scan's edge: source snippets and findings without secrets.

The graph is already redacted when rules run, so a rule cannot see a secret; these functions
cover what the scan adds afterwards: the source lines the text report shows around a finding
(read from the files, so they hold the raw values) and finding messages, in case a user's
policy builds a secret out of pieces or reads it from somewhere bastion did not redact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from scanner.findings import Finding
from scanner.secrets.redact import Ledger, redact_in_place, scrub_text


def redact_snippets(snippets: dict[str, dict[int, str]], ledger: Ledger | None, cut_at: int | None = None) -> dict[str, dict[int, str]]:
    """``snippets`` (path -> {line: text}) with every secret replaced by its marker.

    Uses the scan's ledger (values scoped to a Kubernetes object only on that object's lines) and
    the shape detectors. A line exactly ``cut_at`` characters long was cut short, so a secret may
    be cut in the middle: its start at the end of the line is redacted too.
    """
    cleaned: dict[str, dict[int, str]] = {}
    for path, lines in snippets.items():
        cleaned[path] = {}
        for number, text in lines.items():
            safe = scrub_text(text, ledger, path, number)
            if ledger and cut_at is not None and len(text) >= cut_at:
                safe = ledger.redact_cut_tail(safe)
            cleaned[path][number] = safe
    return cleaned


def scrub_findings(findings: Iterable[Finding], ledger: Ledger | None) -> list[Finding]:
    """``findings`` (order kept) with secrets taken out of each message and conftest metadata.

    Only secrets redacted everywhere and the shape detectors apply here: a scoped value (a short
    word of a Kubernetes Secret) could also be part of a resource name the message must show,
    and rules never see it anyway (the graph holds its marker).
    """
    cleaned: list[Finding] = []
    for finding in findings:
        message = scrub_text(finding.message, ledger)
        metadata: Any = finding.metadata
        if metadata:
            metadata = redact_in_place(_copy(metadata), lambda text: scrub_text(text, ledger))
        if message != finding.message or metadata is not finding.metadata:
            finding = replace(finding, message=message, metadata=metadata)
        cleaned.append(finding)
    return cleaned


def _copy(value: Any) -> Any:
    """A deep copy of JSON-like data (findings are frozen; their metadata must not be mutated)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
