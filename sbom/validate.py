"""Schema validation of a rendered SBOM with cyclonedx-python-lib's bundled schemas (offline).

JSON is checked with the library's JSON validator (Draft 7 with format checks); XML with its XSD
validator, which needs lxml (the ``xml-validation`` extra of cyclonedx-python-lib).

jsonschema checks ``uniqueItems`` on an array of objects by comparing every pair, which takes
minutes for the components of a large repository. A JSON document whose ``components`` or
``dependencies`` hold more than :data:`SLICE` items is therefore validated in slices: every slice
is a complete document (same header and metadata) holding the next :data:`SLICE` components and
dependencies, validated by the library; uniqueness across the whole arrays, the only constraint
that spans slices, is checked here by hashing each item's canonical JSON. Error paths are given
for the whole document (``$.components[1234].type``).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from cyclonedx.schema import OutputFormat, SchemaVersion

#: Largest number of components (and dependencies) validated in one document.
SLICE = 100
_SLICED_ARRAYS = ("components", "dependencies")
_ARRAY_PATH = re.compile(r"\$\.(components|dependencies)\[(\d+)\]")


class SbomError(Exception):
    """The SBOM could not be produced; the message is one sentence for the user."""


class InvalidSbom(SbomError):
    """The rendered document does not validate; ``errors`` are the validator's messages."""

    def __init__(self, spec_version: SchemaVersion, output_format: OutputFormat, errors: list[str]) -> None:
        self.errors = errors
        first = errors[0] if errors else "unknown error"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(
            f"the generated SBOM is not valid CycloneDX {spec_version.to_version()} {output_format.name}: {first}{more}"
        )


def validation_errors(text: str, output_format: OutputFormat, spec_version: SchemaVersion) -> list[str]:
    """Every schema violation of ``text`` as one-line messages; ``[]`` when it is valid. Raise
    :class:`SbomError` when the validator's optional dependency (jsonschema, lxml) is missing."""
    from cyclonedx.exception import MissingOptionalDependencyException
    from cyclonedx.validation import make_schemabased_validator

    validator = make_schemabased_validator(output_format, spec_version)
    try:
        if output_format is OutputFormat.JSON:
            return _json_errors(validator, text)
        return _errors_of(validator, text)
    except MissingOptionalDependencyException as exc:
        raise SbomError(f"the {output_format.name} SBOM cannot be validated: {exc}") from exc


def _errors_of(validator: Any, text: str) -> list[str]:
    """The library validator's errors for ``text``, one line each, sorted."""
    found = validator.validate_str(text, all_errors=True)
    return [] if found is None else sorted(_one_line(error) for error in found)


def _json_errors(validator: Any, text: str) -> list[str]:
    """Errors of a JSON document, validated whole or in slices (see the module doc)."""
    try:
        document = json.loads(text)
    except ValueError:
        return _errors_of(validator, text)
    arrays = {key: document[key] for key in _SLICED_ARRAYS if isinstance(document, dict) and isinstance(document.get(key), list)}
    if all(len(items) <= SLICE for items in arrays.values()):
        return _errors_of(validator, text)
    errors: set[str] = set()
    for key, items in arrays.items():
        errors.update(_duplicates(key, items))
    slices = max(-(-len(items) // SLICE) for items in arrays.values())
    for index in range(slices):
        start = index * SLICE
        part = dict(document)
        part.update((key, items[start : start + SLICE]) for key, items in arrays.items())
        errors.update(_shift_paths(error, start) for error in _errors_of(validator, json.dumps(part)))
    return sorted(errors)


def _duplicates(key: str, items: list[Any]) -> list[str]:
    """A ``uniqueItems`` error for each item of ``items`` equal to an earlier one."""
    seen: Counter[str] = Counter()
    errors = []
    for index, item in enumerate(items):
        canonical = json.dumps(item, sort_keys=True)
        if seen[canonical]:
            errors.append(f"{key} has non-unique elements at $.{key}[{index}]")
        seen[canonical] += 1
    return errors


def _shift_paths(error: str, offset: int) -> str:
    """``error`` with the indexes of sliced arrays moved by ``offset`` (slice -> whole document)."""
    return _ARRAY_PATH.sub(lambda match: f"$.{match.group(1)}[{int(match.group(2)) + offset}]", error)


def check_valid(text: str, output_format: OutputFormat, spec_version: SchemaVersion) -> None:
    """Raise :class:`InvalidSbom` unless ``text`` validates against the spec version's schema."""
    errors = validation_errors(text, output_format, spec_version)
    if errors:
        raise InvalidSbom(spec_version, output_format, errors)


def _one_line(error: object) -> str:
    """A validator error as one line: the jsonschema message with its JSON path, or lxml's
    message with its line."""
    data = getattr(error, "data", None)
    message = getattr(data, "message", None) or str(data if data is not None else error)
    json_path = getattr(data, "json_path", None)
    line = getattr(data, "line", None)
    if isinstance(json_path, str) and json_path != "$":
        message = f"{message} at {json_path}"
    elif isinstance(line, int) and line > 0:
        message = f"{message} at line {line}"
    return " ".join(str(message).split())
