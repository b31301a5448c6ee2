"""Baselines: record today's findings by fingerprint, then report only findings not recorded.

A baseline file is JSON (docs/gating.md)::

    {"version": 1,
     "generated_by": "bastion 0.1.0",
     "findings": [{"rule_id", "fingerprint", "path", "resource", "message"}]}

Only ``fingerprint`` is used for matching; the other keys are there for the people who review
the file. Fingerprints do not depend on line numbers (see ``scanner.findings.fingerprint``), so a
baseline survives lines moving. Entries are sorted and the file holds no timestamp, so the same
findings always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from scanner.findings import Finding

#: Version of the baseline file's shape.
BASELINE_VERSION = 1
#: A baseline larger than this is refused (a million findings fit in far less).
MAX_BASELINE_BYTES = 256 * 1024 * 1024


class BaselineError(Exception):
    """A baseline file that cannot be used; one sentence naming the file (a usage error)."""


@dataclass(frozen=True)
class Baseline:
    """The fingerprints recorded in one baseline file (``source`` as the user named it)."""

    source: str
    fingerprints: frozenset[str]

    def __contains__(self, finding: object) -> bool:
        """Whether ``finding`` (a :class:`Finding`) was recorded."""
        return isinstance(finding, Finding) and finding.fingerprint in self.fingerprints


def baseline_json(findings: Iterable[Finding]) -> dict[str, Any]:
    """The baseline document recording ``findings``, entries sorted by (path, rule ID, resource,
    fingerprint) and each fingerprint recorded once."""
    from scanner import __version__

    entries = {
        finding.fingerprint: {
            "rule_id": finding.rule_id,
            "fingerprint": finding.fingerprint,
            "path": finding.path,
            "resource": finding.resource,
            "message": finding.message,
        }
        for finding in findings
    }
    ordered = sorted(entries.values(), key=lambda e: (e["path"], e["rule_id"], e["resource"] or "", e["fingerprint"]))
    return {"version": BASELINE_VERSION, "generated_by": f"bastion {__version__}", "findings": ordered}


def render_baseline(findings: Iterable[Finding]) -> str:
    """The baseline file's text: :func:`baseline_json` with two-space indentation and a newline."""
    return json.dumps(baseline_json(findings), indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: str) -> Baseline:
    """Read and check the baseline file ``path`` (named in messages as given).

    Raises :class:`BaselineError` when the file cannot be read, is not UTF-8 JSON, has another
    ``version``, has no ``findings`` list, or holds an entry without a ``fingerprint`` string.
    """
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BASELINE_BYTES + 1)
    except OSError as exc:
        raise BaselineError(f"cannot read baseline '{path}': {exc.strerror or exc}") from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise BaselineError(f"baseline '{path}' is larger than {MAX_BASELINE_BYTES} bytes")
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"baseline '{path}' is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"baseline '{path}' is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise BaselineError(f"baseline '{path}' is nested too deeply to be a baseline") from None
    if not isinstance(document, dict):
        raise BaselineError(f"baseline '{path}' must hold a JSON object with 'version' and 'findings'")
    version = document.get("version")
    if version != BASELINE_VERSION:
        raise BaselineError(f"baseline '{path}' has version {json.dumps(version)}; this bastion reads version {BASELINE_VERSION}")
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"baseline '{path}' has no 'findings' list")
    fingerprints = set()
    for index, entry in enumerate(entries, start=1):
        value = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(value, str) or not value:
            raise BaselineError(f"baseline '{path}': finding {index} has no 'fingerprint' string")
        fingerprints.add(value)
    return Baseline(path, frozenset(fingerprints))
