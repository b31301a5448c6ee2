"""The worker: safe reading and decoding, routing by content, containment of parser failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.graph import worker
from scanner.model import FileStatus, InputError, SourceFile
from scanner.parsers import route
from scanner.parsers.interface import ParseOptions


def source_for(path: Path, root: Path, hint: str) -> SourceFile:
    return SourceFile(path.relative_to(root).as_posix(), str(path), hint, path.stat().st_size)


def test_binary_file_is_one_error_with_the_line_of_the_nul(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\nabc\n\x00\x01")

    result = worker.parse_source(source_for(path, tmp_path, "structured"), ParseOptions(root=str(tmp_path)), 1000)

    assert result.status is FileStatus.ERRORED
    assert result.errors == [InputError("binary.yaml", 4, "yaml", "file is binary (it contains NUL bytes); not parsed")]


def test_invalid_utf8_names_byte_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_bytes(b'resource "a" "b" {\n  name = "caf\xe9"\n}\n')

    result = worker.parse_source(source_for(path, tmp_path, "terraform"), ParseOptions(root=str(tmp_path)), 1000)

    assert result.errors == [
        InputError("main.tf", 2, "terraform", "file is not valid UTF-8: byte 0xe9 at line 2, column 14")
    ]


def test_file_that_grew_past_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM alpine:3.19\n" * 10)

    result = worker.parse_source(source_for(path, tmp_path, "dockerfile"), ParseOptions(root=str(tmp_path)), 20)

    assert result.errors == [
        InputError(
            "Dockerfile", None, "dockerfile", "file grew over the 20-byte limit (--max-file-size) while scanning; not read"
        )
    ]


def test_parser_exception_becomes_an_internal_error_for_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM alpine:3.19\n")

    class Exploding:
        @staticmethod
        def parse_file(source, text, options):
            raise KeyError("boom")

    monkeypatch.setattr(worker, "parser_for", lambda name: Exploding)
    result = worker.parse_source(source_for(path, tmp_path, "dockerfile"), ParseOptions(root=str(tmp_path)), 1000)

    assert result.status is FileStatus.ERRORED
    assert result.errors == [
        InputError("Dockerfile", None, "dockerfile", "internal error in the dockerfile parser: KeyError: 'boom'")
    ]
    assert result.debug_trace is not None and "KeyError" in result.debug_trace


@pytest.mark.parametrize(
    ("path", "text", "expected_format", "expected_hint"),
    [
        ("plan.json", '{"format_version": "1.2", "planned_values": {}}', "terraform", "terraform-plan"),
        ("plan.json", '{"format_version": "1.2"}', "kubernetes", "structured"),
        ("deploy.json", '{"apiVersion": "v1", "kind": "Pod"}', "kubernetes", "structured"),
        ("plan.yaml", "format_version: 1\nplanned_values: {}\n", "kubernetes", "structured"),
        ("main.tf", "", "terraform", "terraform"),
        ("Dockerfile", "", "dockerfile", "dockerfile"),
        ("docker-compose.yml", "services: {}\n", "buildconfig", "structured"),
        ("ops/docker-compose.prod.yaml", "services: {}\n", "buildconfig", "structured"),
        ("compose.yaml", "services: {}\n", "buildconfig", "structured"),
        ("compose.override.yml", "services: {}\n", "buildconfig", "structured"),
        ("skaffold.yaml", "apiVersion: skaffold/v4beta11\nkind: Config\n", "buildconfig", "structured"),
        ("deploy/skaffold.yml", "apiVersion: skaffold/v4beta11\nkind: Config\n", "buildconfig", "structured"),
        ("charts/app/Chart.yaml", "apiVersion: v2\nname: app\n", "buildconfig", "structured"),
        ("charts/app/values.yaml", "replicas: 1\n", "kubernetes", "structured"),
        ("chart.yaml", "apiVersion: v1\nkind: Pod\n", "kubernetes", "structured"),
        ("my-compose.yaml", "services: {}\n", "kubernetes", "structured"),
    ],
)
def test_route_by_name_and_content(path: str, text: str, expected_format: str, expected_hint: str) -> None:
    hint = "terraform" if path.endswith(".tf") else "dockerfile" if path == "Dockerfile" else "structured"
    format_name, routed = route(SourceFile(path, path, hint, len(text)), text)
    assert (format_name, routed.hint) == (expected_format, expected_hint)


def test_documents_are_dropped_in_the_worker_when_not_wanted(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM alpine:3.19\n")
    source = source_for(path, tmp_path, "dockerfile")
    options = ParseOptions(root=str(tmp_path))

    kept = worker.parse_batch([source], options, 1000, documents=True)
    dropped = worker.parse_batch([source], options, 1000, documents=False)

    assert [d.path for d in kept[0].documents] == ["Dockerfile"]
    assert dropped[0].documents == []
    assert [node.id for node in dropped[0].payload.nodes] == ["docker:Dockerfile#stage0"]
