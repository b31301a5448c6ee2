"""Cross-format edges: Kubernetes containers and compose services linked to the Dockerfile that
builds their image, through skaffold artifacts, compose builds and OCI labels."""

from __future__ import annotations

import textwrap
from pathlib import Path

from scanner.graph.build import GraphOptions, build_graph
from scanner.model import Graph

CROSS_FORMAT = {"builds", "built_from", "uses_image"}

TWO_STAGE_DOCKERFILE = """\
    FROM golang:1.22 AS build
    RUN go build -o /app .

    FROM gcr.io/distroless/base-debian12 AS runtime
    COPY --from=build /app /app
    """

DEPLOYMENT = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - name: api
              image: {image}
            - name: proxy
              image: nginx:1.27
    """


def graph_of(root: Path, files: dict[str, str]) -> Graph:
    """The graph of a repository made of ``files`` (relative path -> text, dedented)."""
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    graph = build_graph([str(root)], GraphOptions(root=str(root), jobs=1))
    assert graph.errors == []
    return graph


def cross_edges(graph: Graph) -> list[tuple[str, str, str]]:
    return [(edge.source, edge.target, edge.relation) for edge in graph.edges if edge.relation in CROSS_FORMAT]


def containers(graph: Graph, node_id: str) -> list[dict]:
    return graph.node_by_id()[node_id].attrs["__pod_spec"]["__containers"]


SKAFFOLD = """\
    apiVersion: skaffold/v4beta11
    kind: Config
    build:
      artifacts:
        - image: ghcr.io/acme/api
          context: api
    """


def test_skaffold_artifact_links_the_container_to_the_final_stage(tmp_path):
    graph = graph_of(tmp_path, {
        "skaffold.yaml": SKAFFOLD,
        "api/Dockerfile": TWO_STAGE_DOCKERFILE,
        "k8s/deploy.yaml": DEPLOYMENT.format(image="ghcr.io/acme/api:1.2.0"),
    })
    assert cross_edges(graph) == [
        ("k8s:apps/Deployment/default/api", "docker:api/Dockerfile#runtime", "built_from"),
        ("skaffold:skaffold.yaml#ghcr.io/acme/api", "docker:api/Dockerfile#runtime", "builds"),
    ]
    api, proxy = containers(graph, "k8s:apps/Deployment/default/api")
    assert api["__built_from"] == [
        {"stage": "docker:api/Dockerfile#runtime", "via": "skaffold:skaffold.yaml#ghcr.io/acme/api"}
    ]
    assert "__built_from" not in proxy


def test_compose_build_with_image_links_services_and_containers(tmp_path):
    digest = "sha256:" + "b" * 64
    graph = graph_of(tmp_path, {
        "compose.yaml": """\
            services:
              api:
                build: ./api
                image: ghcr.io/acme/api:${TAG:-dev}
              client:
                image: ghcr.io/acme/api:latest
              db:
                image: postgres:16
            """,
        "api/Dockerfile": "FROM alpine:3.20\nCMD [\"/api\"]\n",
        "k8s/cron.yaml": f"""\
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: sync
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      initContainers:
                        - name: init
                          image: ghcr.io/acme/api@{digest}
                      containers:
                        - name: run
                          image: busybox:1.36
            """,
    })
    assert cross_edges(graph) == [
        ("compose:compose.yaml#api", "docker:api/Dockerfile#stage0", "builds"),
        ("compose:compose.yaml#api", "docker:api/Dockerfile#stage0", "uses_image"),
        ("compose:compose.yaml#client", "docker:api/Dockerfile#stage0", "uses_image"),
        ("k8s:batch/CronJob/default/sync", "docker:api/Dockerfile#stage0", "built_from"),
    ]
    run, init = containers(graph, "k8s:batch/CronJob/default/sync")
    assert init["__built_from"] == [{"stage": "docker:api/Dockerfile#stage0", "via": "compose:compose.yaml#api"}]
    assert "__built_from" not in run


def test_compose_build_without_image_builds_but_names_no_image(tmp_path):
    graph = graph_of(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: ./api\n",
        "api/Dockerfile": "FROM alpine:3.20\n",
        "k8s/deploy.yaml": DEPLOYMENT.format(image="api:1.0"),
    })
    assert cross_edges(graph) == [
        ("compose:compose.yaml#api", "docker:api/Dockerfile#stage0", "builds"),
        ("compose:compose.yaml#api", "docker:api/Dockerfile#stage0", "uses_image"),
    ]


def test_oci_source_label_inherited_from_an_earlier_stage(tmp_path):
    graph = graph_of(tmp_path, {
        "tools/migrate/Dockerfile": """\
            FROM alpine:3.20 AS base
            LABEL org.opencontainers.image.source="https://github.com/acme/migrate.git"

            FROM base
            COPY migrate /usr/local/bin/migrate
            """,
        "k8s/deploy.yaml": DEPLOYMENT.format(image="quay.io/acme/migrate:7"),
    })
    assert cross_edges(graph) == [
        ("k8s:apps/Deployment/default/api", "docker:tools/migrate/Dockerfile#stage1", "built_from"),
    ]
    assert containers(graph, "k8s:apps/Deployment/default/api")[0]["__built_from"] == [
        {"stage": "docker:tools/migrate/Dockerfile#stage1", "via": "label"}
    ]


def test_oci_title_label_matches_the_last_path_segment(tmp_path):
    graph = graph_of(tmp_path, {
        "Dockerfile": 'FROM python:3.12-slim\nLABEL org.opencontainers.image.title="Reports"\n',
        "compose.yaml": "services:\n  reports:\n    image: registry.example.com/team/reports:2\n",
        "k8s/deploy.yaml": DEPLOYMENT.format(image="registry.example.com/team/reports:2"),
    })
    assert cross_edges(graph) == [
        ("compose:compose.yaml#reports", "docker:Dockerfile#stage0", "uses_image"),
        ("k8s:apps/Deployment/default/api", "docker:Dockerfile#stage0", "built_from"),
    ]


def test_no_edge_when_the_images_differ(tmp_path):
    graph = graph_of(tmp_path, {
        "skaffold.yaml": SKAFFOLD,
        "api/Dockerfile": 'FROM alpine:3.20\nLABEL org.opencontainers.image.title="api"\n',
        "k8s/a.yaml": DEPLOYMENT.format(image="ghcr.io/acme/api-v2:1.0").replace("name: api\n", "name: a\n", 1),
        "k8s/b.yaml": DEPLOYMENT.format(image="docker.io/acme/api:1.0").replace("name: api\n", "name: b\n", 1),
        "k8s/c.yaml": DEPLOYMENT.format(image="ghcr.io/other/apis:1.0").replace("name: api\n", "name: c\n", 1),
        "k8s/d.yaml": DEPLOYMENT.format(image="'${IMAGE}'").replace("name: api\n", "name: d\n", 1),
    })
    assert cross_edges(graph) == [("skaffold:skaffold.yaml#ghcr.io/acme/api", "docker:api/Dockerfile#stage0", "builds")]
    for name in "abcd":
        assert all("__built_from" not in c for c in containers(graph, f"k8s:apps/Deployment/default/{name}"))


def test_explicit_build_wins_over_labels(tmp_path):
    graph = graph_of(tmp_path, {
        "skaffold.yaml": SKAFFOLD,
        "api/Dockerfile": "FROM alpine:3.20\n",
        "legacy/Dockerfile": 'FROM alpine:3.19\nLABEL org.opencontainers.image.source="https://github.com/acme/api"\n',
        "k8s/deploy.yaml": DEPLOYMENT.format(image="ghcr.io/acme/api:2"),
    })
    assert ("k8s:apps/Deployment/default/api", "docker:api/Dockerfile#stage0", "built_from") in cross_edges(graph)
    assert not [edge for edge in cross_edges(graph) if edge[1].startswith("docker:legacy/")]


def test_dockerfile_missing_from_the_scan_links_nothing(tmp_path):
    graph = graph_of(tmp_path, {
        "skaffold.yaml": SKAFFOLD,
        "other/Dockerfile": "FROM alpine:3.20\n",
        "k8s/deploy.yaml": DEPLOYMENT.format(image="ghcr.io/acme/api:1"),
    })
    assert cross_edges(graph) == []
    assert "__built_from" not in containers(graph, "k8s:apps/Deployment/default/api")[0]


def test_two_manifests_naming_two_dockerfiles_give_both_links_in_order(tmp_path):
    graph = graph_of(tmp_path, {
        "skaffold.yaml": SKAFFOLD,
        "api/Dockerfile": "FROM alpine:3.20\n",
        "compose.yaml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile.dev\n    image: ghcr.io/acme/api\n",
        "api/Dockerfile.dev": "FROM alpine:3.20\n",
        "k8s/deploy.yaml": DEPLOYMENT.format(image="ghcr.io/acme/api:3"),
    })
    assert containers(graph, "k8s:apps/Deployment/default/api")[0]["__built_from"] == [
        {"stage": "docker:api/Dockerfile#stage0", "via": "skaffold:skaffold.yaml#ghcr.io/acme/api"},
        {"stage": "docker:api/Dockerfile.dev#stage0", "via": "compose:compose.yaml#api"},
    ]
    assert [edge for edge in cross_edges(graph) if edge[2] == "built_from"] == [
        ("k8s:apps/Deployment/default/api", "docker:api/Dockerfile#stage0", "built_from"),
        ("k8s:apps/Deployment/default/api", "docker:api/Dockerfile.dev#stage0", "built_from"),
    ]


def test_links_are_the_same_with_a_process_pool(tmp_path):
    files = {
        "skaffold.yaml": SKAFFOLD,
        "api/Dockerfile": TWO_STAGE_DOCKERFILE,
        **{f"k8s/d{index}.yaml": DEPLOYMENT.format(image="ghcr.io/acme/api:1").replace("name: api\n", f"name: d{index}\n", 1) for index in range(60)},
    }
    serial = graph_of(tmp_path, files)
    pooled = build_graph([str(tmp_path)], GraphOptions(root=str(tmp_path), jobs=2))
    assert pooled.to_json() == serial.to_json()
    assert len([edge for edge in pooled.edges if edge.relation == "built_from"]) == 60


def test_bundled_example_links_both_skaffold_images():
    example = Path(__file__).resolve().parents[2] / "fixtures" / "example"
    graph = build_graph([str(example)], GraphOptions(root=str(example), jobs=1))
    assert cross_edges(graph) == [
        ("k8s:apps/Deployment/shop/api", "docker:services/api/Dockerfile#runtime", "built_from"),
        ("k8s:batch/CronJob/shop/nightly-report", "docker:services/worker/Dockerfile#stage0", "built_from"),
        ("skaffold:skaffold.yaml#ghcr.io/acme/shop-api", "docker:services/api/Dockerfile#runtime", "builds"),
        ("skaffold:skaffold.yaml#ghcr.io/acme/shop-worker", "docker:services/worker/Dockerfile#stage0", "builds"),
    ]
