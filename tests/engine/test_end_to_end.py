"""Real parsers, real engine: conftest policies and built-in rules over one small repository."""

from __future__ import annotations

import textwrap
from pathlib import Path

from scanner.engine import load_engine
from scanner.graph.build import GraphOptions, build_graph

REPOSITORY = {
    "Dockerfile": """\
        FROM node:latest
        RUN apk add --no-cache curl
        USER root
        """,
    "k8s/app.yaml": """\
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:latest
              securityContext:
                privileged: true
        """,
    "infra/main.tf": """\
        resource "aws_s3_bucket" "logs" {
          bucket = "acme-logs"
          acl    = "public-read"
        }
        """,
}

CONFTEST_POLICIES = {
    "docker.rego": """\
        package main

        deny[msg] {
          input[i].Cmd == "from"
          val := input[i].Value
          contains(val[_], "latest")
          msg := sprintf("latest tag in %s", [val])
        }
        """,
    "k8s.rego": """\
        package main

        import rego.v1

        warn_latest contains msg if {
          input.kind == "Pod"
          some container in input.spec.containers
          endswith(container.image, ":latest")
          msg := sprintf("container %s uses a latest tag", [container.name])
        }
        """,
    "terraform.rego": """\
        package main

        import rego.v1

        deny_public_bucket contains msg if {
          some name, bodies in input.resource.aws_s3_bucket
          some body in bodies
          body.acl == "public-read"
          msg := sprintf("bucket %s is public", [name])
        }
        """,
}


def _write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_conftest_policies_and_builtin_rules_on_every_format(tmp_path):
    repo = _write(tmp_path / "repo", REPOSITORY)
    policies = _write(tmp_path / "policy", CONFTEST_POLICIES)
    graph = build_graph([str(repo)], GraphOptions(root=str(repo), jobs=1))
    assert graph.errors == []
    engine = load_engine([str(policies)])
    assert engine.load_errors == []
    pinned = {"DKR001", "DKR002", "TF001", "K8S001", "K8S002"}  # the pack grows; these rules are pinned here
    result = engine.evaluate(graph, root=str(repo), select=lambda meta: meta.source != "builtin" or meta.id in pinned)
    assert result.errors == []
    assert [(f.path, f.start_line, f.rule_id, f.level) for f in result.findings] == [
        ("Dockerfile", 1, "DKR001", "deny"),
        ("Dockerfile", 1, "main.deny", "deny"),
        ("Dockerfile", 3, "DKR002", "deny"),
        ("infra/main.tf", 1, "main.deny_public_bucket", "deny"),
        ("infra/main.tf", 3, "TF001", "deny"),
        ("k8s/app.yaml", 6, "K8S002", "deny"),
        ("k8s/app.yaml", 6, "main.warn_latest", "warn"),
        ("k8s/app.yaml", 15, "K8S001", "deny"),
    ]
    messages = {f.rule_id: f.message for f in result.findings}
    assert messages["main.deny"] == 'latest tag in ["node:latest"]'
    assert messages["main.deny_public_bucket"] == "bucket logs is public"
    assert messages["main.warn_latest"] == "container web uses a latest tag"
