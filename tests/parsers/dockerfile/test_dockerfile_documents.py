"""The conftest-shaped Document, file-name detection, and the assemble step."""

from __future__ import annotations

import pickle

import pytest

from scanner.model import Document, FileStatus
from scanner.parsers.dockerfile import assemble, is_dockerfile_name
from scanner.parsers.interface import ParseOptions


def test_conftest_document_shape(parse):
    result = parse("conftest_shape.Dockerfile")
    assert result.documents == [
        Document(
            path="conftest_shape.Dockerfile",
            line=1,
            format="dockerfile",
            content=[
                {
                    "Cmd": "comment",
                    "SubCmd": "",
                    "JSON": False,
                    "Flags": [],
                    "Value": ["syntax=docker/dockerfile:1"],
                    "Stage": 0,
                    "Original": "# syntax=docker/dockerfile:1",
                    "StartLine": 1,
                    "EndLine": 1,
                },
                {
                    "Cmd": "from",
                    "SubCmd": "",
                    "JSON": False,
                    "Flags": [],
                    "Value": ["golang:1.22", "AS", "build"],
                    "Stage": 0,
                    "Original": "FROM golang:1.22 AS build",
                    "StartLine": 2,
                    "EndLine": 2,
                },
                {
                    "Cmd": "comment",
                    "SubCmd": "",
                    "JSON": False,
                    "Flags": [],
                    "Value": ["build the binary"],
                    "Stage": 0,
                    "Original": "# build the binary",
                    "StartLine": 3,
                    "EndLine": 3,
                },
                {
                    "Cmd": "run",
                    "SubCmd": "",
                    "JSON": False,
                    "Flags": [],
                    "Value": ["go build -o /app"],
                    "Stage": 0,
                    "Original": "RUN go build -o /app",
                    "StartLine": 4,
                    "EndLine": 4,
                },
                {
                    "Cmd": "from",
                    "SubCmd": "",
                    "JSON": False,
                    "Flags": [],
                    "Value": ["gcr.io/distroless/static"],
                    "Stage": 1,
                    "Original": "FROM gcr.io/distroless/static",
                    "StartLine": 5,
                    "EndLine": 5,
                },
                {
                    "Cmd": "copy",
                    "SubCmd": "",
                    "JSON": False,
                    "Flags": ["--from=build"],
                    "Value": ["/app", "/app"],
                    "Stage": 1,
                    "Original": "COPY --from=build /app /app",
                    "StartLine": 6,
                    "EndLine": 6,
                },
                {
                    "Cmd": "onbuild",
                    "SubCmd": "run",
                    "JSON": False,
                    "Flags": [],
                    "Value": ["echo hi"],
                    "Stage": 1,
                    "Original": "ONBUILD RUN echo hi",
                    "StartLine": 7,
                    "EndLine": 7,
                },
                {
                    "Cmd": "entrypoint",
                    "SubCmd": "",
                    "JSON": True,
                    "Flags": [],
                    "Value": ["/app"],
                    "Stage": 1,
                    "Original": 'ENTRYPOINT ["/app"]',
                    "StartLine": 8,
                    "EndLine": 8,
                },
            ],
        )
    ]


def test_document_skips_comments_inside_instructions_and_counts_args_as_stage_zero(parse):
    text = "ARG V=1\n# before from\nFROM alpine\nRUN a \\\n# inside\n  b\n# trailing comment\n"
    content = parse("Dockerfile", text).documents[0].content
    assert [(entry["Cmd"], entry["Value"], entry["Stage"], entry["StartLine"]) for entry in content] == [
        ("arg", ["V=1"], 0, 1),
        ("comment", ["before from"], 0, 2),
        ("from", ["alpine"], 0, 3),
        ("run", ["a   b"], 0, 4),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dockerfile", True),
        ("Dockerfile.prod", True),
        ("api.Dockerfile", True),
        ("api.dockerfile", True),
        ("Containerfile", True),
        ("Containerfile.dev", True),
        ("Dockerfile.dockerignore", False),
        ("dockerfile", True),
        ("DOCKERFILE.prod", True),
        ("Dockerfiles", False),
        ("docker-compose.yml", False),
    ],
)
def test_is_dockerfile_name(name, expected):
    assert is_dockerfile_name(name) is expected


def test_assemble_concatenates_in_path_order(parse):
    results = [parse("multi_stage.Dockerfile"), parse("broken/Dockerfile", ""), parse("single_stage.Dockerfile")]
    outcome = assemble(results, ParseOptions(root="/"))
    assert [node.id for node in outcome.nodes] == [
        "docker:multi_stage.Dockerfile#build",
        "docker:multi_stage.Dockerfile#test",
        "docker:multi_stage.Dockerfile#stage2",
        "docker:single_stage.Dockerfile#stage0",
    ]
    assert len(outcome.edges) == 3
    assert outcome.errors == []


def test_file_result_survives_pickling(parse):
    result = parse("multi_stage.Dockerfile")
    assert result.status is FileStatus.PARSED
    copy = pickle.loads(pickle.dumps(result))
    assert [node.to_json() for node in copy.payload.nodes] == [node.to_json() for node in result.payload.nodes]
    assert copy.payload.edges == result.payload.edges


def test_per_dockerfile_ignore_file_is_skipped(parse):
    result = parse("services/Dockerfile.dockerignore", "node_modules\n*.log\n")
    assert (result.status, result.skip_reason, result.errors) == (
        FileStatus.SKIPPED,
        "Docker ignore file, not a Dockerfile",
        [],
    )
    assert result.payload.nodes == []
