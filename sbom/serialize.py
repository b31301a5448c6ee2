"""Inventory or graph -> the SBOM text: build the ``Bom``, render it, validate it, return it.

Nothing is returned (and so nothing is written) unless the document validates against the schema
of the chosen spec version (``sbom.validate``). JSON keys are ordered header first (``$schema``,
``bomFormat``, ``specVersion``, ``serialNumber``, ``version``, ``metadata``, ``components``,
``dependencies``), indented by two spaces.

The timestamp comes from ``SOURCE_DATE_EPOCH`` when it is set (reproducible builds' convention),
else it is the current time in UTC to the second; with it set, two runs on the same tree give
identical bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sbom.inventory import Inventory
from scanner.model import Graph

SPEC_VERSIONS = ("1.5", "1.6", "1.7")
OUTPUT_FORMATS = ("json", "xml")
DEFAULT_SPEC_VERSION = "1.6"
_JSON_KEY_ORDER = ("$schema", "bomFormat", "specVersion", "serialNumber", "version", "metadata", "components", "dependencies")


@dataclass(frozen=True)
class SbomOptions:
    """How to write the SBOM: ``output_format`` ``json`` or ``xml``, ``spec_version`` one of
    :data:`SPEC_VERSIONS`, the repository's name and the document's timestamp (UTC)."""

    repository_name: str
    timestamp: datetime
    output_format: str = "json"
    spec_version: str = DEFAULT_SPEC_VERSION


def sbom_timestamp(environ: Mapping[str, str] | None = None) -> datetime:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970) as a UTC datetime when set, else now (UTC, whole
    seconds). Raise ValueError with a one-sentence message when the variable is not a whole number."""
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return datetime.now(UTC).replace(microsecond=0)
    try:
        seconds = int(value.strip())
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '{value}'") from None


def render_sbom(graph: Graph, options: SbomOptions) -> str:
    """The validated SBOM text of ``graph``; raise ``sbom.validate.InvalidSbom`` when the document
    does not validate, ``sbom.validate.SbomError`` when the library cannot write it."""
    from sbom.collect import collect_inventory

    return render_inventory(collect_inventory(graph, options.repository_name), options)


def render_inventory(inventory: Inventory, options: SbomOptions) -> str:
    """The validated SBOM text of ``inventory`` (see :func:`render_sbom`)."""
    from cyclonedx.exception import CycloneDxException
    from cyclonedx.output import make_outputter
    from cyclonedx.schema import OutputFormat, SchemaVersion

    from sbom.build import build_bom
    from sbom.validate import SbomError, check_valid

    if options.spec_version not in SPEC_VERSIONS or options.output_format not in OUTPUT_FORMATS:
        raise ValueError(f"unsupported SBOM output {options.output_format} {options.spec_version}")
    spec_version = SchemaVersion.from_version(options.spec_version)
    output_format = OutputFormat.JSON if options.output_format == "json" else OutputFormat.XML
    try:
        bom = build_bom(inventory, spec_version, options.timestamp)
        text = make_outputter(bom, output_format, spec_version).output_as_string(indent=2)
    except CycloneDxException as exc:
        raise SbomError(f"cyclonedx-python-lib could not write the SBOM: {exc}") from exc
    if output_format is OutputFormat.JSON:
        text = _ordered_json(text)
    check_valid(text, output_format, spec_version)
    return text if text.endswith("\n") else text + "\n"


def _ordered_json(text: str) -> str:
    """The JSON document with its top-level keys in header-first order."""
    document = json.loads(text)
    ordered = {key: document[key] for key in _JSON_KEY_ORDER if key in document}
    ordered.update((key, value) for key, value in document.items() if key not in ordered)
    return json.dumps(ordered, indent=2, ensure_ascii=False)
