"""protect_graph through the real parsers: where each secret is reported, and that no copy survives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from secret_fakes import AWS_KEY_ID, AWS_SECRET, GITHUB_TOKEN, PASSWORD

from scanner.graph.build import GraphOptions, build_graph
from scanner.model import Graph, InputError, Node
from scanner.secrets import protect_graph


def graph_of(tmp_path: Path, files: dict[str, str]) -> Graph:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    graph = build_graph([str(tmp_path)], GraphOptions(root=str(tmp_path), jobs=1, cache=False))
    assert graph.errors == []
    return graph


def secrets_of(graph: Graph) -> dict[str, list[tuple[str, str]]]:
    return {
        node.id: [(entry["attribute"], entry["type"]) for entry in node.attrs["__secrets"]]
        for node in graph.nodes
        if "__secrets" in node.attrs
    }


def everything(graph: Graph) -> str:
    """Every text of the graph a report or a policy could see."""
    documents = [document.content for document in graph.documents]
    return json.dumps([graph.to_json(), documents, [error.message for error in graph.errors], graph.debug_traces])


TERRAFORM = f'''
variable "aws_secret" {{
  default = "{AWS_SECRET}"
}}

variable "db_password" {{
  type      = string
  sensitive = true
}}

locals {{
  signing = "{PASSWORD}"
}}

provider "aws" {{
  region     = "eu-west-1"
  access_key = "{AWS_KEY_ID}"
  secret_key = var.aws_secret
}}

resource "aws_secretsmanager_secret_version" "signing" {{
  secret_id     = "app/signing"
  secret_string = local.signing
}}

resource "aws_db_instance" "orders" {{
  password = var.db_password
}}

module "tools" {{
  source = "./tools"
  token  = "{GITHUB_TOKEN}"
}}
'''

MODULE = '''
variable "token" {}

resource "aws_ssm_parameter" "token" {
  name  = "/tools/token"
  type  = "SecureString"
  value = var.token
}
'''


@pytest.fixture
def terraform_graph(tmp_path: Path) -> Graph:
    return graph_of(tmp_path, {"main.tf": TERRAFORM, "tools/main.tf": MODULE})


def test_terraform_secrets_are_reported_where_they_are_written(terraform_graph: Graph) -> None:
    assert secrets_of(terraform_graph) == {
        "tf:local.signing": [("value", "generic-secret")],
        "tf:module.tools": [("token", "github-token")],
        "tf:provider.aws": [("access_key", "aws-access-key-id")],
        "tf:var.aws_secret": [("default", "aws-secret-access-key")],
    }


def test_terraform_copies_are_redacted_everywhere(terraform_graph: Graph) -> None:
    nodes = terraform_graph.node_by_id()
    assert nodes["tf:provider.aws"].attrs["secret_key"] == "<redacted:aws-secret-access-key>"
    assert nodes["tf:aws_secretsmanager_secret_version.signing"].attrs["secret_string"] == "<redacted:generic-secret>"
    assert nodes["tf:module.tools.aws_ssm_parameter.token"].attrs["value"] == "<redacted:github-token>"
    assert nodes["tf:module.tools.var.token"].attrs["value"] == "<redacted:github-token>"
    text = everything(terraform_graph)
    for secret in (AWS_KEY_ID, AWS_SECRET, GITHUB_TOKEN, PASSWORD):
        assert secret not in text


def test_unknown_values_are_never_secrets(terraform_graph: Graph) -> None:
    orders = terraform_graph.node_by_id()["tf:aws_db_instance.orders"]
    assert orders.attrs["password"] == {"__unknown__": "variable 'db_password' has no value"}
    assert "__secrets" not in orders.attrs


def test_a_redacted_graph_keeps_its_lines(terraform_graph: Graph) -> None:
    provider = terraform_graph.node_by_id()["tf:provider.aws"]
    assert provider.attr_lines["access_key"] == 17


DOCKERFILE = f"""ARG GH_TOKEN={GITHUB_TOKEN}
FROM alpine:3.20 AS build
ARG GH_TOKEN
ENV TOKEN=$GH_TOKEN \\
    DB_PASSWORD="{PASSWORD}"
RUN curl -H "Authorization: token $GH_TOKEN" https://api.github.com/user && \\
    export AWS_ACCESS_KEY_ID={AWS_KEY_ID}
"""


def test_dockerfile_values_through_variables_are_reported_once(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, {"Dockerfile": DOCKERFILE})
    assert secrets_of(graph) == {
        "docker:Dockerfile#build": [
            ("args.GH_TOKEN", "github-token"),
            ("env.DB_PASSWORD", "generic-secret"),
            ("instructions[3].commands[1]", "aws-access-key-id"),
        ]
    }
    stage = graph.nodes[0]
    assert stage.attrs["env"] == {"TOKEN": "<redacted:github-token>", "DB_PASSWORD": "<redacted:generic-secret>"}
    assert stage.attrs["instructions"][2]["original"] == 'ENV TOKEN=$GH_TOKEN     DB_PASSWORD="<redacted:generic-secret>"'
    text = everything(graph)
    for secret in (GITHUB_TOKEN, PASSWORD, AWS_KEY_ID):
        assert secret not in text


SECRET_MANIFEST = f"""apiVersion: v1
kind: Secret
metadata:
  name: billing-db
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{{"stringData":{{"token":"{GITHUB_TOKEN}","user":"billing"}}}}'
stringData:
  user: billing
  token: {GITHUB_TOKEN}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: billing-settings
data:
  team: billing
"""


def test_kubernetes_secret_values_and_their_scope(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, {"secret.yaml": SECRET_MANIFEST})
    assert secrets_of(graph) == {
        "k8s:core/Secret/default/billing-db": [
            ("stringData.token", "github-token"),
            ("stringData.user", "kubernetes-secret-value"),
        ]
    }
    nodes = graph.node_by_id()
    secret = nodes["k8s:core/Secret/default/billing-db"]
    assert secret.attrs["stringData"] == {"user": "<redacted:kubernetes-secret-value>", "token": "<redacted:github-token>"}
    assert secret.attrs["metadata"]["name"] == "billing-db"  # a short plain value is only redacted whole
    assert nodes["k8s:core/ConfigMap/default/billing-settings"].attrs["data"] == {"team": "billing"}
    assert GITHUB_TOKEN not in everything(graph)
    documents = {document.line: document.content for document in graph.documents}
    assert documents[1]["stringData"] == {"user": "<redacted:kubernetes-secret-value>", "token": "<redacted:github-token>"}
    assert documents[11]["data"] == {"team": "billing"}


def test_container_env_is_reported_on_the_object_path_not_the_pod_spec_copy(tmp_path: Path) -> None:
    manifest = f"""apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: nginx:1.27
      env:
        - name: DB_PASSWORD
          value: "{PASSWORD}"
"""
    graph = graph_of(tmp_path, {"pod.yaml": manifest})
    assert secrets_of(graph) == {"k8s:core/Pod/default/api": [("spec.containers[0].env[0].value", "generic-secret")]}
    pod = graph.nodes[0]
    assert pod.attrs["__pod_spec"]["__containers"][0]["env"][0]["value"] == "<redacted:generic-secret>"


def node(node_id: str, attrs: dict) -> Node:
    return Node(node_id, "terraform", "aws_instance", node_id[3:], "main.tf", 1, 5, attrs, {}, [])


def test_error_messages_and_traces_are_scrubbed() -> None:
    graph = Graph(nodes=[node("tf:aws_instance.a", {"user_data": f"export AWS_ACCESS_KEY_ID={AWS_KEY_ID}"})])
    graph.errors = [InputError("main.tf", 3, "terraform", f"cannot use '{AWS_KEY_ID}' here")]
    graph.debug_traces = [f"Traceback: value {AWS_KEY_ID}"]
    protect_graph(graph)
    assert graph.errors == [InputError("main.tf", 3, "terraform", "cannot use '<redacted:aws-access-key-id>' here")]
    assert graph.debug_traces == ["Traceback: value <redacted:aws-access-key-id>"]
    assert graph.redaction.values() == [AWS_KEY_ID]


def test_an_internal_failure_is_an_input_error_without_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_node: Node) -> list:
        raise RuntimeError(f"cannot read {GITHUB_TOKEN}")

    monkeypatch.setattr("scanner.secrets.annotate.node_spots", broken)
    graph = Graph(nodes=[node("tf:aws_instance.a", {})])
    protect_graph(graph)
    assert graph.errors == [
        InputError(".", None, "secrets", "internal error in secret detection: RuntimeError: cannot read <redacted:github-token>")
    ]
    assert GITHUB_TOKEN not in "".join(graph.debug_traces)


def test_a_graph_without_secrets_is_left_alone(tmp_path: Path) -> None:
    graph = graph_of(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n'})
    assert secrets_of(graph) == {}
    assert not graph.redaction
    assert graph.nodes[0].attrs["bucket"] == "logs"


def test_secrets_only_in_conftest_documents_are_redacted_too(tmp_path: Path) -> None:
    graph = graph_of(
        tmp_path,
        {
            "main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
            "terraform.tfvars": f'undeclared_token = "{GITHUB_TOKEN}"\ndb_password = "{PASSWORD}"\n',
        },
    )
    assert secrets_of(graph) == {}  # no node holds them: nothing to report
    tfvars = next(document for document in graph.documents if document.path == "terraform.tfvars")
    assert tfvars.content == {"undeclared_token": "<redacted:github-token>", "db_password": "<redacted:generic-secret>"}


def test_a_literal_in_a_module_called_twice_is_reported_once(tmp_path: Path) -> None:
    graph = graph_of(
        tmp_path,
        {
            "main.tf": 'module "a" {\n  source = "./db"\n}\n\nmodule "b" {\n  source = "./db"\n}\n',
            "db/main.tf": f'resource "aws_db_instance" "this" {{\n  password = "{PASSWORD}"\n}}\n',
        },
    )
    assert secrets_of(graph) == {"tf:module.a.aws_db_instance.this": [("password", "generic-secret")]}
    assert graph.node_by_id()["tf:module.b.aws_db_instance.this"].attrs["password"] == "<redacted:generic-secret>"
