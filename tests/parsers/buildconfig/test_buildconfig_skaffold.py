"""skaffold build artifacts (base and profiles) become skaffold.artifact nodes."""

from __future__ import annotations

from scanner.model import FileStatus, InputError


def node_by_id(result) -> dict:
    """The nodes of a FileResult's payload, by id."""
    return {node.id: node for node in result.payload}


def test_docker_artifact_with_dockerfile_target_and_build_args(parse):
    result = parse("skaffold.yaml")
    assert (result.status, result.errors) == (FileStatus.PARSED, [])
    api = node_by_id(result)["skaffold:skaffold.yaml#ghcr.io/acme/api"]
    assert (api.format, api.kind, api.name, api.path, api.start_line, api.end_line) == (
        "buildconfig", "skaffold.artifact", "ghcr.io/acme/api", "skaffold.yaml", 7, 13,
    )
    assert api.attrs == {
        "image": "ghcr.io/acme/api",
        "image_ref": {
            "raw": "ghcr.io/acme/api", "registry": "ghcr.io", "repository": "acme/api", "name": "api",
            "tag": None, "digest": None, "unresolved": False,
        },
        "context": "services/api",
        "dockerfile": "services/api/Dockerfile.prod",
        "target": "runtime",
        "args": {"PYTHON_VERSION": "3.12"},
        "builder": "docker",
        "profile": None,
        "config": "shop",
        "docker": {"dockerfile": "Dockerfile.prod", "target": "runtime", "buildArgs": {"PYTHON_VERSION": "3.12"}},
    }
    assert api.attr_lines == {
        "image": 7, "context": 8, "docker": 9, "docker.dockerfile": 10, "docker.target": 11,
        "docker.buildArgs": 12, "docker.buildArgs.PYTHON_VERSION": 13,
        "dockerfile": 10, "target": 11, "args": 12, "args.PYTHON_VERSION": 13,
    }
    assert api.unknown == []


def test_default_dockerfile_other_builders_and_profiles(parse):
    nodes = node_by_id(parse("skaffold.yaml"))
    assert sorted(nodes) == [
        "skaffold:skaffold.yaml#ghcr.io/acme/api",
        "skaffold:skaffold.yaml#ghcr.io/acme/api[profile=ci]",
        "skaffold:skaffold.yaml#ghcr.io/acme/jobs",
        "skaffold:skaffold.yaml#ghcr.io/acme/worker",
    ]
    worker = nodes["skaffold:skaffold.yaml#ghcr.io/acme/worker"]
    assert (worker.attrs["dockerfile"], worker.attrs["builder"], worker.start_line, worker.end_line) == (
        "services/worker/Dockerfile", "docker", 14, 15,
    )
    jobs = nodes["skaffold:skaffold.yaml#ghcr.io/acme/jobs"]
    assert (jobs.attrs["builder"], jobs.attrs["dockerfile"], jobs.attrs["context"], jobs.attrs["target"]) == (
        "jib", None, ".", None,
    )
    ci = nodes["skaffold:skaffold.yaml#ghcr.io/acme/api[profile=ci]"]
    assert (ci.attrs["profile"], ci.attrs["builder"], ci.attrs["dockerfile"]) == ("ci", "kaniko", "services/api/Dockerfile.ci")
    assert (ci.start_line, ci.end_line, ci.attr_lines["dockerfile"]) == (23, 26, 26)


def test_skaffold_in_a_subdirectory_resolves_against_its_directory(parse):
    text = "apiVersion: skaffold/v2beta29\nkind: Config\nbuild:\n  artifacts:\n    - image: app\n      context: ../app\n"
    node = parse("deploy/skaffold.yml", text).payload[0]
    assert node.id == "skaffold:deploy/skaffold.yml#app"
    assert (node.attrs["context"], node.attrs["dockerfile"]) == ("app", "app/Dockerfile")
    assert node.attrs["image_ref"]["repository"] == "library/app"


def test_every_config_of_a_multi_config_file_counts_and_duplicates_are_suffixed(scan):
    text = (
        "apiVersion: skaffold/v4beta11\nkind: Config\nmetadata: {name: one}\n"
        "build:\n  artifacts:\n    - image: app\n"
        "---\n"
        "apiVersion: skaffold/v4beta11\nkind: Config\nmetadata: {name: two}\n"
        "build:\n  artifacts:\n    - image: app\n      context: two\n"
    )
    outcome = scan({"skaffold.yaml": text})
    assert [(node.id, node.attrs["config"], node.attrs["dockerfile"]) for node in outcome.nodes] == [
        ("skaffold:skaffold.yaml#app", "one", "Dockerfile"),
        ("skaffold:skaffold.yaml#app@skaffold.yaml:13", "two", "two/Dockerfile"),
    ]


def test_config_without_build_has_no_artifact(parse):
    result = parse("skaffold.yaml", "apiVersion: skaffold/v4beta11\nkind: Config\ndeploy:\n  kubectl: {}\n")
    assert (result.status, result.payload, result.errors) == (FileStatus.PARSED, [], [])


def test_malformed_artifacts_are_errors_and_the_others_stay(parse):
    text = (
        "apiVersion: skaffold/v4beta11\n"    # 1
        "build:\n"
        "  artifacts:\n"
        "    - context: api\n"                # 4: no image
        "    - image: ok\n"                   # 5
        "    - 3\n"                           # 6
        "    - image: Bad\n"                  # 7
        "profiles:\n"
        "  - build: {}\n"                     # 9: no name
        "  - name: x\n"
        "    build:\n"
        "      artifacts: {}\n"               # 12
    )
    result = parse("skaffold.yaml", text)
    assert result.status is FileStatus.ERRORED
    assert [(error.line, error.message) for error in result.errors] == [
        (4, "build.artifacts[0] has no 'image'"),
        (6, "build.artifacts[2] must be a mapping, found an integer"),
        (7, "invalid image reference 'Bad': the repository name must be lowercase"),
        (9, "profiles[0] has no 'name'"),
        (12, "profiles[1].build.artifacts must be a list, found a mapping"),
    ]
    assert sorted(node_by_id(result)) == ["skaffold:skaffold.yaml#Bad", "skaffold:skaffold.yaml#ok"]


def test_file_that_is_not_a_skaffold_config_is_an_error(parse):
    result = parse("skaffold.yaml", "apiVersion: v1\nkind: ConfigMap\n")
    assert result.errors == [
        InputError(
            "skaffold.yaml", 1, "buildconfig",
            "skaffold file has no 'apiVersion: skaffold/<version>', so it is not a skaffold Config",
        )
    ]
    assert result.payload == []
