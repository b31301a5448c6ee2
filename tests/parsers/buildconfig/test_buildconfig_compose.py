"""docker-compose services become compose.service nodes with normalized attributes and exact lines."""

from __future__ import annotations

from scanner.model import Document, FileStatus, InputError

UNKNOWN_TAG = {"__unknown__": "depends on $TAG, which docker compose takes from the environment"}


def node_by_id(result) -> dict:
    """The nodes of a FileResult's payload, by id."""
    return {node.id: node for node in result.payload}


def test_service_with_build_image_and_every_normalized_key(parse):
    result = parse("deploy/compose.yaml")
    assert (result.status, result.errors) == (FileStatus.PARSED, [])
    api = node_by_id(result)["compose:deploy/compose.yaml#api"]
    assert (api.format, api.kind, api.name, api.path, api.start_line, api.end_line) == (
        "buildconfig", "compose.service", "api", "deploy/compose.yaml", 3, 21,
    )
    assert api.attrs == {
        "image": "ghcr.io/acme/api:${TAG:-dev}",
        "image_ref": {
            "raw": "ghcr.io/acme/api:${TAG:-dev}", "registry": "ghcr.io", "repository": "acme/api",
            "name": "api", "tag": UNKNOWN_TAG, "digest": None, "unresolved": True,
        },
        "build": {
            "context": "services/api",
            "dockerfile": "services/api/Dockerfile.prod",
            "target": "runtime",
            "args": {"PYTHON_VERSION": "3.12", "PIP_INDEX": None},
        },
        "user": "10001:10001",
        "privileged": False,
        "environment": {"LOG_LEVEL": "info", "API_TOKEN": None},
        "ports": ["8080:8080"],
        "volumes": ["./config:/etc/api:ro"],
        "depends_on": ["db"],
    }
    assert api.unknown == ["image_ref.tag"]
    assert api.attr_lines == {
        "image": 4, "build": 5, "build.context": 6, "build.dockerfile": 7, "build.target": 8,
        "build.args": 9, "build.args[0]": 10, "build.args[1]": 11,
        "build.args.PYTHON_VERSION": 10, "build.args.PIP_INDEX": 11,
        "user": 12, "privileged": 13, "environment": 14, "environment[0]": 15, "environment[1]": 16,
        "environment.LOG_LEVEL": 15, "environment.API_TOKEN": 16,
        "ports": 17, "ports[0]": 18, "volumes": 19, "volumes[0]": 20, "depends_on": 21, "depends_on[0]": 21,
    }


def test_service_without_build_and_service_with_build_string(parse):
    nodes = node_by_id(parse("deploy/compose.yaml"))
    assert sorted(nodes) == [
        "compose:deploy/compose.yaml#api", "compose:deploy/compose.yaml#db", "compose:deploy/compose.yaml#worker",
    ]
    db = nodes["compose:deploy/compose.yaml#db"]
    assert (db.start_line, db.end_line, db.attrs["build"], db.attrs["user"], db.attrs["ports"]) == (22, 27, None, None, [])
    assert db.attrs["image_ref"] == {
        "raw": "postgres:16.3", "registry": "docker.io", "repository": "library/postgres", "name": "postgres",
        "tag": "16.3", "digest": None, "unresolved": False,
    }
    assert db.attrs["environment"] == {"POSTGRES_DB": "shop"}
    assert db.attr_lines["environment.POSTGRES_DB"] == 25
    worker = nodes["compose:deploy/compose.yaml#worker"]
    assert (worker.attrs["image"], worker.attrs["image_ref"]) == (None, None)
    assert worker.attrs["build"] == {
        "context": "services/worker", "dockerfile": "services/worker/Dockerfile", "args": {}, "target": None,
    }
    assert (worker.attr_lines, worker.unknown) == ({"build": 29, "build.context": 29}, [])


def test_conftest_document_is_the_whole_yaml_document(parse):
    result = parse("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")
    assert result.documents == [Document("compose.yaml", 1, "buildconfig", {"services": {"web": {"image": "nginx:1.27"}}})]


def test_remote_context_leaves_context_and_dockerfile_unknown(parse):
    text = "services:\n  app:\n    build:\n      context: https://github.com/acme/app.git#main\n"
    app = parse("compose.yaml", text).payload[0]
    assert app.attrs["build"]["context"] == {
        "__unknown__": "the build context 'https://github.com/acme/app.git#main' is a remote URL"
    }
    assert app.attrs["build"]["dockerfile"] == {
        "__unknown__": "the Dockerfile's location is unknown because the build context "
        "'https://github.com/acme/app.git#main' is a remote URL"
    }
    assert app.unknown == ["build.context", "build.dockerfile"]


def test_context_outside_the_scan_root_is_unknown_never_followed(parse):
    app = parse("compose.yaml", "services:\n  app:\n    build: ../elsewhere\n").payload[0]
    assert app.attrs["build"]["context"] == {"__unknown__": "the build context '../elsewhere' is outside the scanned root"}
    assert app.unknown == ["build.context", "build.dockerfile"]


def test_interpolated_dockerfile_is_unknown_and_inline_dockerfile_is_null(parse):
    text = (
        "services:\n  a:\n    build:\n      context: .\n      dockerfile: ${DOCKERFILE:-Dockerfile}\n"
        "  b:\n    build:\n      context: b\n      dockerfile_inline: |\n        FROM alpine\n"
    )
    nodes = node_by_id(parse("compose.yaml", text))
    a = nodes["compose:compose.yaml#a"]
    assert a.attrs["build"]["context"] == "."
    assert a.attrs["build"]["dockerfile"] == {
        "__unknown__": "the Dockerfile path '${DOCKERFILE:-Dockerfile}' depends on an environment variable"
    }
    assert a.unknown == ["build.dockerfile"]
    b = nodes["compose:compose.yaml#b"]
    assert (b.attrs["build"]["context"], b.attrs["build"]["dockerfile"], b.unknown) == ("b", None, [])
    assert b.attrs["build"]["dockerfile_inline"] == "FROM alpine\n"


def test_override_file_names_and_keys_that_need_quoting(parse):
    result = parse("ops/docker-compose.override.yml", 'services:\n  "web.v2":\n    image: ghcr.io/acme/web@sha256:' + "a" * 64 + "\n")
    node = result.payload[0]
    assert node.id == "compose:ops/docker-compose.override.yml#web.v2"
    assert node.attrs["image_ref"]["digest"] == "sha256:" + "a" * 64
    assert (node.start_line, node.attr_lines) == (2, {"image": 3})


def test_include_only_file_and_empty_services_give_no_node_and_no_error(parse):
    for text in ("include:\n  - ../common/compose.yaml\n", "services:\n"):
        result = parse("compose.yaml", text)
        assert (result.status, result.payload, result.errors) == (FileStatus.PARSED, [], [])


def test_invalid_image_keeps_the_service_with_an_error(parse):
    result = parse("compose.yaml", "services:\n  web:\n    image: Web:1\n    privileged: true\n")
    assert result.status is FileStatus.ERRORED
    assert result.errors == [
        InputError("compose.yaml", 3, "buildconfig", "invalid image reference 'Web:1': the repository name must be lowercase")
    ]
    web = result.payload[0]
    assert (web.attrs["privileged"], web.attrs["image_ref"]["repository"]) == (True, None)


def test_extension_fields_merged_with_anchors_keep_the_anchor_lines(parse):
    text = (
        "x-common: &common\n"
        "  restart: always\n"
        "  environment:\n"
        "    LOG: info\n"
        "services:\n"
        "  web:\n"
        "    <<: *common\n"
        "    image: nginx:1.27\n"
    )
    result = parse("compose.yaml", text)
    assert result.errors == []
    [web] = result.payload
    assert (web.attrs["restart"], web.attrs["environment"], web.start_line, web.end_line) == (
        "always", {"LOG": "info"}, 6, 8,
    )
    assert web.attr_lines == {"restart": 2, "environment": 3, "environment.LOG": 4, "image": 8}
