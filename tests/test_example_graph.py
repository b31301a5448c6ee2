"""The bundled example repository, end to end: the graph is right where issue 2 says it must be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example"


@pytest.fixture(scope="module")
def graph() -> dict:
    result = CliRunner().invoke(main, ["graph", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def nodes(graph: dict) -> dict[str, dict]:
    return {node["id"]: node for node in graph["nodes"]}


def test_every_file_is_accounted_for_without_errors(graph: dict) -> None:
    assert graph["errors"] == []
    assert graph["stats"]["parsed_by_format"] == {"buildconfig": 2, "dockerfile": 2, "kubernetes": 7, "terraform": 13}
    assert graph["stats"]["skipped_by_reason"]["Helm template, not rendered"] == 1
    assert graph["stats"]["files"] == graph["stats"]["parsed"] + graph["stats"]["skipped"]


def test_tfvars_overrides_a_default_declared_in_another_file(nodes: dict) -> None:
    bucket = nodes["tf:terraform:aws_s3_bucket.public_assets"]
    assert (bucket["path"], bucket["start_line"]) == ("terraform/storage.tf", 6)
    assert bucket["attrs"]["acl"] == "public-read"
    assert bucket["attr_lines"]["acl"] == 8


def test_provider_computed_value_is_unknown_not_guessed(nodes: dict) -> None:
    bucket = nodes["tf:terraform:aws_s3_bucket.public_assets"]
    assert bucket["attrs"]["bucket"] == {"__unknown__": "random_id.bucket_suffix.hex is computed by the provider"}
    assert bucket["unknown"] == ["bucket"]


def test_variable_from_another_file_resolves(nodes: dict) -> None:
    vpc = nodes["tf:terraform:aws_vpc.main"]
    assert vpc["attrs"]["cidr_block"] == "10.20.0.0/16"
    assert vpc["attr_lines"]["cidr_block"] == 2


def test_local_module_resources_carry_the_values_passed_in(nodes: dict) -> None:
    instance = nodes["tf:terraform:module.web.aws_instance.this[0]"]
    assert instance["path"] == "terraform/modules/web/main.tf"
    assert instance["attrs"]["instance_type"] == "t3.medium"
    assert instance["attrs"]["tags"]["Name"] == "shop-prod-web-01"
    assert instance["attr_lines"]["instance_type"] == 5
    assert "tf:terraform:module.web.aws_instance.this[1]" in nodes


def test_data_source_value_is_unknown(nodes: dict) -> None:
    instance = nodes["tf:terraform:module.web.aws_instance.this[0]"]
    assert instance["attrs"]["ami"] == {"__unknown__": "data.aws_ami.ubuntu is read by the provider at plan time"}
    assert "ami" in instance["unknown"]


def test_cronjob_and_list_item_pod_specs(nodes: dict) -> None:
    cronjob = nodes["k8s:batch/CronJob/shop/nightly-report"]
    pod_spec = cronjob["attrs"]["__pod_spec"]
    assert pod_spec["__path"] == "spec.jobTemplate.spec.template.spec"
    assert [(c["__source"], c["__path"]) for c in pod_spec["__containers"]] == [
        ("containers", "spec.jobTemplate.spec.template.spec.containers[0]")
    ]
    daemonset = nodes["k8s:apps/DaemonSet/kube-system/log-shipper"]
    assert (daemonset["path"], daemonset["start_line"]) == ("k8s/node-agents-list.yaml", 5)
    assert daemonset["attrs"]["__pod_spec"]["__containers"]


def test_custom_resource_is_a_node(nodes: dict) -> None:
    certificate = nodes["k8s:cert-manager.io/Certificate/shop/storefront"]
    assert (certificate["kind"], certificate["path"], certificate["start_line"]) == ("Certificate", "k8s/ingress.yaml", 26)


def test_from_with_global_args_resolves_and_heredoc_run_is_split(nodes: dict) -> None:
    build = nodes["docker:services/api/Dockerfile#build"]
    assert build["start_line"] == 5
    assert build["attrs"]["image"]["resolved"] == "python:3.12-slim-bookworm"
    assert build["attrs"]["image"]["tag"] == "3.12-slim-bookworm"
    runtime = nodes["docker:services/api/Dockerfile#runtime"]
    heredoc_run = next(i for i in runtime["attrs"]["instructions"] if i["cmd"] == "run")
    assert (heredoc_run["line"], heredoc_run["end_line"]) == (17, 24)
    assert heredoc_run["commands"][3:5] == [
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "libpq5", "curl"],
    ]
    assert runtime["attrs"]["user"] == "shop"


def test_edges_cross_files_and_formats_of_relations(graph: dict) -> None:
    edges = {(e["source"], e["target"], e["relation"]) for e in graph["edges"]}
    assert ("docker:services/api/Dockerfile#runtime", "docker:services/api/Dockerfile#build", "copies_from") in edges
    assert ("k8s:core/Service/shop/api", "k8s:apps/Deployment/shop/api", "selects") in edges
    assert ("k8s:networking.k8s.io/NetworkPolicy/shop/api-ingress", "k8s:apps/Deployment/shop/api", "selects") in edges
    assert (
        "k8s:rbac.authorization.k8s.io/RoleBinding/shop/reporter-admin",
        "k8s:core/ServiceAccount/shop/reporter",
        "binds_subject",
    ) in edges
    assert ("tf:terraform:aws_s3_bucket.public_assets", "tf:terraform:var.assets_acl", "references") in edges


def test_parallel_parsing_gives_the_same_graph_as_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.graph import build
    from scanner.graph.render import render_json

    options = build.GraphOptions(root=str(EXAMPLE), jobs=1)
    serial = "".join(render_json(build.build_graph([str(EXAMPLE)], options)))
    monkeypatch.setattr(build, "PARALLEL_THRESHOLD", 1)
    parallel = "".join(render_json(build.build_graph([str(EXAMPLE)], build.GraphOptions(root=str(EXAMPLE), jobs=2))))
    assert parallel == serial
