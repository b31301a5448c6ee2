"""The promise of issue 4: no secret value is printed in any output, whatever prints it.

One repository holds a secret of every kind in Terraform, Kubernetes and a Dockerfile. It is
scanned in every report format, with the built-in rules, a native policy and a conftest policy
that both print their whole input, and graphed in both formats; no secret value (nor its base64
form) may appear in stdout or stderr.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from secret_fakes import (
    ALL,
    AWS_KEY_ID,
    AWS_SECRET,
    GITHUB_PAT,
    GITHUB_TOKEN,
    GITLAB_TOKEN,
    GOOGLE_KEY,
    PASSWORD,
    PRIVATE_KEY,
    SLACK_TOKEN,
    SLACK_WEBHOOK,
    STRIPE_KEY,
    URL_PASSWORD,
)

from scanner.cli import main

USER_DATA = f"#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY={AWS_SECRET}\n"
SECRET_DATA = base64.b64encode(PASSWORD.encode()).decode()
ENCODED = (base64.b64encode(USER_DATA.encode()).decode(), SECRET_DATA)

TERRAFORM = f'''provider "aws" {{
  region     = "eu-west-1"
  access_key = "{AWS_KEY_ID}"
}}

variable "stripe_key" {{
  default = "{STRIPE_KEY}"
}}

resource "aws_instance" "web" {{
  ami              = "ami-0c55b159cbfafe1f0"
  instance_type    = "t3.micro"
  user_data_base64 = "{ENCODED[0]}"
  user_data_replace_on_change = true
}}

resource "aws_lambda_function" "notify" {{
  function_name = "notify"
  environment {{
    variables = {{
      SLACK_TOKEN   = "{SLACK_TOKEN}"
      SLACK_WEBHOOK = "{SLACK_WEBHOOK}"
      STRIPE_KEY    = var.stripe_key
    }}
  }}
}}

resource "aws_db_instance" "orders" {{
  password = "{PASSWORD}"
  tags = {{
    maps_key = "{GOOGLE_KEY}"
  }}
}}

module "bastion" {{
  source          = "git::https://example.com/bastion.git"
  ssh_private_key = <<-EOT
{PRIVATE_KEY}
  EOT
  repo_url        = "https://ci:{URL_PASSWORD}@git.example.com/acme/infra.git"
}}
'''

KUBERNETES = f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    ci.example.com/token: {GITHUB_PAT}
spec:
  template:
    spec:
      containers:
        - name: api
          image: nginx:1.27
          env:
            - name: GITLAB_TOKEN
              value: {GITLAB_TOKEN}
---
apiVersion: v1
kind: Secret
metadata:
  name: db
data:
  password: {SECRET_DATA}
"""

DOCKERFILE = f"""FROM alpine:3.20
ARG DB_PASSWORD={PASSWORD}
ENV AWS_ACCESS_KEY_ID={AWS_KEY_ID}
RUN curl -H "Authorization: token {GITHUB_TOKEN}" https://api.github.com/user
"""

NATIVE_DUMP = """package bastion.user.dump

import rego.v1

deny contains finding if {
\tsome node in input.nodes
\tfinding := {"resource": node.id, "msg": json.marshal(node.attrs)}
}
"""

CONFTEST_DUMP = """package main

import rego.v1

deny contains msg if {
\tmsg := json.marshal(input)
}
"""


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaky")
    (root / "main.tf").write_text(TERRAFORM, encoding="utf-8")
    (root / "k8s.yaml").write_text(KUBERNETES, encoding="utf-8")
    (root / "Dockerfile").write_text(DOCKERFILE, encoding="utf-8")
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"BASTION_CACHE_DIR": "off"}, catch_exceptions=False)


def assert_no_secret(result: Result) -> None:
    for text in (result.stdout, result.stderr):
        for secret in (*ALL, *ENCODED):
            assert secret not in text


@pytest.mark.parametrize("report", ["text", "json", "sarif"])
def test_scan_reports_print_no_secret(repository: Path, report: str) -> None:
    result = run("scan", str(repository), "--format", report, "--debug")
    assert result.exit_code == 1, result.stderr
    assert "TF300" in result.stdout and "K8S100" in result.stdout and "DKR091" in result.stdout
    if report == "text":
        assert '  access_key = "<redacted:aws-access-key-id>"' in result.stdout  # the source snippet
    assert_no_secret(result)


def test_every_secret_kind_is_reported_on_its_line(repository: Path) -> None:
    result = run("scan", str(repository), "--format", "json", "--select", "TF30*", "--select", "K8S10*", "--select", "DKR09*")
    findings = [(item["path"], item["rule_id"], item["start_line"]) for item in json.loads(result.stdout)["findings"]]
    assert findings == [
        ("Dockerfile", "DKR090", 2),  # ARG DB_PASSWORD (generic)
        ("Dockerfile", "DKR090", 3),  # ENV AWS_ACCESS_KEY_ID
        ("Dockerfile", "DKR091", 4),  # RUN curl -H "Authorization: token ghp_..."
        ("k8s.yaml", "K8S103", 6),  # annotation with a fine-grained GitHub token
        ("k8s.yaml", "K8S100", 15),  # env GITLAB_TOKEN
        ("k8s.yaml", "K8S102", 22),  # Secret data
        ("main.tf", "TF300", 3),  # provider access key
        ("main.tf", "TF303", 7),  # Stripe key in a variable default (used by the Lambda)
        ("main.tf", "TF301", 13),  # AWS secret key in base64 user data
        ("main.tf", "TF302", 21),  # Slack token
        ("main.tf", "TF302", 22),  # Slack webhook
        ("main.tf", "TF303", 29),  # database password
        ("main.tf", "TF303", 31),  # Google API key in a tag
        ("main.tf", "TF303", 37),  # private key passed to a module
        ("main.tf", "TF303", 43),  # credentials in a URL
    ]
    assert_no_secret(result)


@pytest.mark.parametrize("report", ["text", "json"])
def test_policies_printing_their_whole_input_print_no_secret(repository: Path, tmp_path: Path, report: str) -> None:
    (tmp_path / "dump.rego").write_text(NATIVE_DUMP, encoding="utf-8")
    (tmp_path / "conftest_dump.rego").write_text(CONFTEST_DUMP, encoding="utf-8")
    result = run("scan", str(repository), "--format", report, "--no-builtin", "--policy", str(tmp_path))
    assert result.exit_code == 1, result.stderr
    assert "redacted:github-token" in result.stdout  # the dumps ran and show the markers
    assert_no_secret(result)


@pytest.mark.parametrize("report", ["text", "json"])
def test_graph_prints_no_secret(repository: Path, report: str) -> None:
    result = run("graph", str(repository), "--format", report)
    assert result.exit_code == 0, result.stderr
    assert_no_secret(result)
