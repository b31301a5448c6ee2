"""Schema validation messages and the inventory -> Bom step (serial numbers, spec differences)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cyclonedx.schema import OutputFormat, SchemaVersion

from sbom.build import serial_number
from sbom.inventory import REPOSITORY_REF, Inventory, Item, Occurrence
from sbom.serialize import SbomOptions, render_inventory, sbom_timestamp
from sbom.validate import SbomError, validation_errors

WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def small_inventory(order: list[str]) -> Inventory:
    """Two items added in ``order``, the repository depending on both."""
    inventory = Inventory("demo")
    items = {
        "a": Item(ref="pkg:pypi/a@1.0", type="library", name="a", version="1.0", purl="pkg:pypi/a@1.0",
                  occurrences={Occurrence("Dockerfile", 4, "pip in stage stage0"), Occurrence("Dockerfile", 2, "pip in stage stage0")}),
        "b": Item(ref="pkg:npm/b", type="library", name="b", purl="pkg:npm/b", properties={("bastion:pinned", "false")}),
    }
    for key in order:
        inventory.add(items[key])
        inventory.depend(REPOSITORY_REF, items[key].ref)
    return inventory


def test_validation_errors_are_one_line_messages_with_their_path() -> None:
    document = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "box", "name": "x"}]}
    errors = validation_errors(json.dumps(document), OutputFormat.JSON, SchemaVersion.V1_6)
    assert len(errors) == 1
    assert errors[0].startswith("'box' is not one of ['application', 'framework', 'library',")
    assert errors[0].endswith(" at $.components[0].type")


def test_valid_document_has_no_errors() -> None:
    text = render_inventory(small_inventory(["a", "b"]), SbomOptions("demo", WHEN))
    assert validation_errors(text, OutputFormat.JSON, SchemaVersion.V1_6) == []


def test_missing_validator_dependency_is_an_sbom_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyclonedx.exception import MissingOptionalDependencyException
    from cyclonedx.validation import xml as xml_validation

    def missing(*args: object, **kwargs: object) -> None:
        raise MissingOptionalDependencyException("This functionality requires optional dependencies.")

    monkeypatch.setattr(xml_validation._BaseXmlValidator, "validate_str", missing)
    with pytest.raises(SbomError, match=r"^the XML SBOM cannot be validated: This functionality requires optional dependencies\.$"):
        validation_errors("<bom/>", OutputFormat.XML, SchemaVersion.V1_6)


def test_serial_number_ignores_insertion_order_and_follows_content() -> None:
    assert serial_number(small_inventory(["a", "b"])) == serial_number(small_inventory(["b", "a"]))
    assert serial_number(small_inventory(["a"])) != serial_number(small_inventory(["a", "b"]))


def test_render_is_sorted_whatever_the_insertion_order() -> None:
    first = render_inventory(small_inventory(["a", "b"]), SbomOptions("demo", WHEN))
    second = render_inventory(small_inventory(["b", "a"]), SbomOptions("demo", WHEN))
    assert first == second
    document = json.loads(first)
    assert document["metadata"]["timestamp"] == "2024-01-02T03:04:05+00:00"
    assert [o["line"] for o in document["components"][0]["evidence"]["occurrences"]] == [2, 4]


@pytest.mark.parametrize(("value", "expected"), [("0", "1970-01-01T00:00:00+00:00"), (" 1700000000 ", "2023-11-14T22:13:20+00:00")])
def test_source_date_epoch(value: str, expected: str) -> None:
    assert sbom_timestamp({"SOURCE_DATE_EPOCH": value}).isoformat() == expected


@pytest.mark.parametrize("value", ["1.5", "yesterday", "99999999999999999999"])
def test_bad_source_date_epoch(value: str) -> None:
    with pytest.raises(ValueError, match=rf"^SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not '{value}'$"):
        sbom_timestamp({"SOURCE_DATE_EPOCH": value})


def test_large_documents_are_validated_in_slices_with_whole_document_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    import sbom.validate as validate_module

    monkeypatch.setattr(validate_module, "SLICE", 2)
    components = [{"type": "library", "name": f"c{index}", "bom-ref": f"c{index}"} for index in range(5)]
    components[3]["type"] = "box"
    components.append(dict(components[1]))
    document = {
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components,
        "dependencies": [{"ref": f"c{index}"} for index in range(5)],
    }
    errors = validation_errors(json.dumps(document), OutputFormat.JSON, SchemaVersion.V1_6)
    assert len(errors) == 2
    assert errors[0].startswith("'box' is not one of [") and errors[0].endswith(" at $.components[3].type")
    assert errors[1] == "components has non-unique elements at $.components[5]"
    monkeypatch.setattr(validate_module, "SLICE", 100)
    whole = validation_errors(json.dumps(document), OutputFormat.JSON, SchemaVersion.V1_6)
    assert whole[0] == errors[0]
    assert len(whole) == 2 and "has non-unique elements" in whole[1]
