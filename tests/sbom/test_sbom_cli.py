"""``bastion sbom`` end to end: golden files, strict schema validation for every spec version and
XML, byte-identical runs, content-derived serial numbers, timestamps, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest
from cyclonedx.schema import OutputFormat, SchemaVersion
from cyclonedx.validation import make_schemabased_validator
from cyclonedx.validation.json import JsonStrictValidator
from sbom_helpers import EXAMPLE, FIXED_EPOCH, REPOS, assert_golden, run_sbom

from scanner import __version__

FULL = REPOS / "full"


def versionless(text: str) -> str:
    """The SBOM text with bastion's own version replaced, so a release does not churn the goldens."""
    tool = '"name": "bastion",\n          "type": "application",\n          "version": "{}"'
    assert text.count(tool.format(__version__)) == 1
    return text.replace(tool.format(__version__), tool.format("<bastion version>"))


def test_golden_example() -> None:
    code, out, err = run_sbom(str(EXAMPLE))
    assert (code, err) == (0, "")
    assert_golden("example.cdx.json", versionless(out))


def test_golden_full_repository() -> None:
    code, out, err = run_sbom(str(FULL))
    assert (code, err) == (0, "")
    assert_golden("full.cdx.json", versionless(out))


@pytest.mark.parametrize("spec_version", ["1.5", "1.6", "1.7"])
def test_json_validates_strictly(spec_version: str) -> None:
    code, out, _ = run_sbom(str(FULL), "--spec-version", spec_version)
    assert code == 0
    schema_version = SchemaVersion.from_version(spec_version)
    assert JsonStrictValidator(schema_version).validate_str(out) is None
    document = json.loads(out)
    assert (document["bomFormat"], document["specVersion"]) == ("CycloneDX", spec_version)
    assert len(document["components"]) == 34


@pytest.mark.parametrize("spec_version", ["1.5", "1.6", "1.7"])
def test_xml_validates(spec_version: str) -> None:
    code, out, _ = run_sbom(str(FULL), "--format", "xml", "--spec-version", spec_version)
    assert code == 0
    assert out.startswith("<?xml")
    assert f'xmlns="http://cyclonedx.org/schema/bom/{spec_version}"' in out
    validator = make_schemabased_validator(OutputFormat.XML, SchemaVersion.from_version(spec_version))
    assert validator.validate_str(out) is None


def component(document: dict, ref: str) -> dict:
    """The component of ``document`` with bom-ref ``ref``."""
    return next(c for c in document["components"] if c["bom-ref"] == ref)


def test_occurrences_carry_lines_from_1_6() -> None:
    document = json.loads(run_sbom(str(FULL))[1])
    busybox = component(document, "image:docker.io/library/busybox:1.36")
    assert busybox["evidence"]["occurrences"] == [
        {"additionalContext": "files copied into stage runtime", "line": 10, "location": "Dockerfile"},
        {"additionalContext": "initContainers 'wait' of Deployment full/api", "line": 17, "location": "k8s/deploy.yaml"},
        {"additionalContext": "containers 'report' of CronJob full/report", "line": 38, "location": "k8s/deploy.yaml"},
    ]
    assert not any(p["name"] == "bastion:occurrence" for p in busybox["properties"])


def test_occurrence_lines_survive_as_properties_under_1_5() -> None:
    document = json.loads(run_sbom(str(FULL), "--spec-version", "1.5")[1])
    busybox = component(document, "image:docker.io/library/busybox:1.36")
    assert busybox["evidence"]["occurrences"] == [{"location": "Dockerfile"}, {"location": "k8s/deploy.yaml"}]
    assert sorted(p["value"] for p in busybox["properties"] if p["name"] == "bastion:occurrence") == [
        "Dockerfile:10", "k8s/deploy.yaml:17", "k8s/deploy.yaml:38",
    ]


def test_dependencies_and_metadata() -> None:
    document = json.loads(run_sbom(str(FULL), "--name", "shop")[1])
    assert document["metadata"]["component"]["name"] == "shop"
    assert document["metadata"]["timestamp"] == "2023-11-14T22:13:20+00:00"
    assert document["metadata"]["tools"]["components"] == [
        {"bom-ref": "tool:bastion", "name": "bastion", "type": "application", "version": __version__}
    ]
    dependencies = {d["ref"]: d.get("dependsOn", []) for d in document["dependencies"]}
    assert dependencies["dockerfile:Dockerfile#export"] == ["dockerfile:Dockerfile#runtime"]
    assert set(dependencies) == {"repository"} | {c["bom-ref"] for c in document["components"]}
    assert [d["ref"] for d in document["dependencies"]] == sorted(dependencies)


def test_default_name_is_the_scan_root_directory() -> None:
    document = json.loads(run_sbom(str(FULL))[1])
    assert document["metadata"]["component"] == {
        "bom-ref": "repository",
        "name": "full",
        "properties": [
            {"name": "bastion:unresolved-image", "value": "nginx@sha256:not-a-digest at k8s/deploy.yaml:22"},
            {"name": "bastion:unresolved-image", "value": "redis:${REDIS_TAG:-7} at docker-compose.yaml:8"},
        ],
        "type": "application",
    }


def test_two_runs_give_identical_bytes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"sbom-{seed}.json"
        env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "PYTHONHASHSEED": seed}
        completed = subprocess.run(
            [sys.executable, "-m", "scanner", "sbom", str(FULL), "--output", str(target)], check=False, env=env, capture_output=True, text=True
        )
        assert completed.returncode == 0, completed.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_serial_number_derives_from_the_content() -> None:
    json_early = json.loads(run_sbom(str(FULL), epoch="1000")[1])
    json_late = json.loads(run_sbom(str(FULL), epoch="2000000000")[1])
    assert json_early["metadata"]["timestamp"] == "1970-01-01T00:16:40+00:00"
    assert json_early["serialNumber"] == json_late["serialNumber"]
    assert json_early["serialNumber"].startswith("urn:uuid:")
    xml = run_sbom(str(FULL), "--format", "xml")[1]
    assert f'serialNumber="{json_early["serialNumber"]}"' in xml
    other = json.loads(run_sbom(str(EXAMPLE))[1])
    assert other["serialNumber"] != json_early["serialNumber"]


def test_without_source_date_epoch_the_timestamp_is_now() -> None:
    from datetime import datetime

    before = datetime.now(UTC).replace(microsecond=0)
    document = json.loads(run_sbom(str(FULL), epoch=None)[1])
    after = datetime.now(UTC)
    assert before <= datetime.fromisoformat(document["metadata"]["timestamp"]) <= after


def test_invalid_source_date_epoch_is_a_usage_error() -> None:
    code, out, err = run_sbom(str(FULL), epoch="yesterday")
    assert (code, out) == (2, "")
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not 'yesterday'" in err


def test_invalid_document_is_refused_and_nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cyclonedx.model import component as component_module

    helper = component_module._ComponentTypeSerializationHelper
    monkeypatch.setattr(helper, "json_normalize", classmethod(lambda cls, o, **kwargs: "not-a-type"))
    target = tmp_path / "sbom.json"
    code, out, err = run_sbom(str(FULL), "--output", str(target))
    assert (code, out) == (3, "")
    assert err.startswith("error: the generated SBOM is not valid CycloneDX 1.6 JSON: 'not-a-type' is not one of ")
    assert err.rstrip().endswith("; nothing was written")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_invalid_xml_document_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyclonedx.model import component as component_module

    helper = component_module._ComponentTypeSerializationHelper
    monkeypatch.setattr(helper, "xml_normalize", classmethod(lambda cls, o, **kwargs: "not-a-type"))
    code, out, err = run_sbom(str(FULL), "--format", "xml")
    assert (code, out) == (3, "")
    assert err.startswith("error: the generated SBOM is not valid CycloneDX 1.6 XML: ")
    assert "'not-a-type'" in err


def test_input_errors_exit_3_and_the_sbom_is_still_written(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "Dockerfile").write_text("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n")
    (repo / "broken.tf").write_text('resource "aws_s3_bucket" "x" {\n  bucket = "unterminated\n}\n')
    target = tmp_path / "sbom.json"
    code, out, err = run_sbom(str(repo), "--output", str(target))
    assert (code, out) == (3, "")
    assert err.startswith("error: broken.tf:")
    assert len(err.strip().splitlines()) == 1
    document = json.loads(target.read_text())
    assert sorted(c["bom-ref"] for c in document["components"]) == [
        "dockerfile:Dockerfile#stage0",
        "image:docker.io/library/alpine:3.20",
        "pkg:apk/alpine/curl@8.9.1-r0?distro=alpine-3.20",
    ]


def test_empty_repository_gives_a_valid_sbom(tmp_path: Path) -> None:
    code, out, err = run_sbom(str(tmp_path))
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document.get("components", []) == []
    assert document["dependencies"] == [{"ref": "repository"}]


def test_output_in_a_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run_sbom(str(FULL), "--output", str(tmp_path / "missing" / "sbom.json"))
    assert code == 2
    assert "does not exist" in err
