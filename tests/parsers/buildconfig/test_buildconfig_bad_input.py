"""Malformed build manifests: one InputError per problem, with its line; never an exception."""

from __future__ import annotations

import tracemalloc

from scanner.model import FileStatus, InputError


def _errors(result):
    return [(error.line, error.message) for error in result.errors]


def test_yaml_syntax_error_keeps_nothing_of_the_broken_document(parse):
    result = parse("compose.yaml", "services:\n  web: {image: nginx\n")
    assert result.status is FileStatus.ERRORED
    assert result.errors == [
        InputError("compose.yaml", 3, "buildconfig", "could not parse YAML: did not find expected ',' or '}'")
    ]
    assert (result.payload, result.documents) == ([], [])


def test_compose_file_without_services_says_so(parse):
    result = parse("compose.yaml", 'version: "3.9"\nnetworks: {}\n')
    assert _errors(result) == [(1, "docker-compose file has no 'services' mapping")]
    assert _errors(parse("docker-compose.yml", "")) == [(None, "docker-compose file has no 'services' mapping")]
    assert _errors(parse("compose.yaml", "- web\n")) == [(1, "docker-compose file must be a mapping, found a list")]


def test_malformed_service_beside_valid_ones(parse):
    text = (
        "services:\n"
        "  web: [nginx]\n"                    # 2
        "  api:\n"
        "    image: ghcr.io/acme/api\n"
        "    ports: {http: 80}\n"             # 5
        "  job:\n"
        "    image: busybox\n"
        "    environment: [1]\n"              # 8
        "  worker:\n"
        "    build: 3\n"                      # 10
        "  ok:\n"
        "    image: nginx:1.27\n"
        "    build:\n"
        "      args: 5\n"                     # 14
        "  fine:\n"
        "    image: nginx:1.27\n"
    )
    result = parse("compose.yaml", text)
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [
        (2, "services.web must be a mapping, found a list"),
        (5, "services.api.ports must be a list, found a mapping"),
        (8, "services.job.environment[0] must be a 'KEY=VALUE' string, found an integer"),
        (10, "services.worker.build must be a string or a mapping, found an integer"),
        (14, "services.ok.build.args must be a mapping or a list, found an integer"),
    ]
    assert [node.id for node in result.payload] == ["compose:compose.yaml#fine"]
    assert len(result.documents) == 1  # conftest still sees the document


def test_services_must_be_a_mapping(parse):
    assert _errors(parse("compose.prod.yaml", "services:\n  - web\n")) == [
        (1, "services must be a mapping, found a list")
    ]


def test_duplicate_key_is_reported_and_the_last_value_used(parse):
    result = parse("compose.yaml", "services:\n  web:\n    image: a\n    image: nginx\n")
    assert _errors(result) == [(4, "duplicate key 'image' in a mapping, the last value is used")]
    assert result.payload[0].attrs["image"] == "nginx"


def test_alias_bomb_is_one_error_with_bounded_memory(parse):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
    lines.append("services: {web: {image: nginx, x: *i}}")
    tracemalloc.start()
    try:
        result = parse("compose.yaml", "\n".join(lines) + "\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _errors(result) == [(4, "YAML aliases expand to more than 100000 nodes (possible alias bomb)")]
    assert result.payload == []
    assert peak < 50 * 1024 * 1024


def test_recursive_alias_is_an_error(parse):
    assert _errors(parse("skaffold.yaml", "a: &a [*a]\n")) == [(1, "YAML alias refers to a node that contains it")]


def test_unsafe_tags_are_never_instantiated(parse):
    text = "services:\n  web:\n    image: !!python/object/apply:os.system ['echo pwned']\n"
    result = parse("compose.yaml", text)
    assert result.errors == [
        InputError("compose.yaml", 3, "buildconfig", "services.web.image must be a string, found a list")
    ]
