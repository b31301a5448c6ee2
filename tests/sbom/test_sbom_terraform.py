"""Terraform module sources and provider addresses -> items."""

from __future__ import annotations

import pytest

from sbom.inventory import Occurrence
from sbom.terraform import git_source, module_item, provider_source, root_of
from scanner.model import Node

HERE = Occurrence("main.tf", 3, "module.x")
SHA = "3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"


@pytest.mark.parametrize(
    ("source", "full"),
    [("aws", "registry.terraform.io/hashicorp/aws"), ("hashicorp/aws", "registry.terraform.io/hashicorp/aws"),
     ("Integrations/GitHub", "registry.terraform.io/integrations/github"), ("app.terraform.io/acme/internal", "app.terraform.io/acme/internal")],
)
def test_provider_source_addresses(source: str, full: str) -> None:
    assert provider_source(source) == full


@pytest.mark.parametrize(
    ("node_id", "name", "root"),
    [("tf:required_provider.aws", "required_provider.aws", "."),
     ("tf:envs/prod:module.web.required_provider.aws", "module.web.required_provider.aws", "envs/prod"),
     ("tf:lock.registry.terraform.io/hashicorp/aws", "lock.registry.terraform.io/hashicorp/aws", "."),
     ("tf:terraform:lock.registry.terraform.io/hashicorp/aws", "lock.registry.terraform.io/hashicorp/aws", "terraform")],
)
def test_root_module_of_a_node(node_id: str, name: str, root: str) -> None:
    assert root_of(Node(id=node_id, format="terraform", kind="x", name=name, path="x.tf", start_line=1, end_line=1)) == root


@pytest.mark.parametrize(
    ("source", "version", "ref", "name", "group", "item_version", "purl", "pinned"),
    [
        ("terraform-aws-modules/vpc/aws", "5.1.0", "terraform-module:registry.terraform.io/terraform-aws-modules/vpc/aws@5.1.0",
         "terraform-aws-modules/vpc/aws", "registry.terraform.io", "5.1.0", None, "true"),
        ("terraform-aws-modules/vpc/aws", "= 5.1.0", "terraform-module:registry.terraform.io/terraform-aws-modules/vpc/aws@5.1.0",
         "terraform-aws-modules/vpc/aws", "registry.terraform.io", "5.1.0", None, "true"),
        ("terraform-aws-modules/eks/aws", "~> 20.0", "terraform-module:registry.terraform.io/terraform-aws-modules/eks/aws",
         "terraform-aws-modules/eks/aws", "registry.terraform.io", None, None, "false"),
        ("terraform-aws-modules/eks/aws", None, "terraform-module:registry.terraform.io/terraform-aws-modules/eks/aws",
         "terraform-aws-modules/eks/aws", "registry.terraform.io", None, None, "false"),
        ("app.terraform.io/acme/vpc/aws//modules/x", "1.0.0", "terraform-module:app.terraform.io/acme/vpc/aws//modules/x@1.0.0",
         "acme/vpc/aws", "app.terraform.io", "1.0.0", None, "true"),
        ("git::https://github.com/acme/tf-net.git//modules/vpc?ref=v1.4.0", None,
         "terraform-module:git::https://github.com/acme/tf-net.git//modules/vpc@v1.4.0",
         "tf-net", "github.com/acme", "v1.4.0", "pkg:github/acme/tf-net@v1.4.0#modules/vpc", "false"),
        (f"github.com/acme/net?ref={SHA}", None, f"terraform-module:git::https://github.com/acme/net@{SHA}",
         "net", "github.com/acme", SHA, f"pkg:github/acme/net@{SHA}", "true"),
        ("git@github.com:acme/net.git?ref=v2", None, "terraform-module:git::ssh://git@github.com/acme/net.git@v2",
         "net", "github.com/acme", "v2", "pkg:github/acme/net@v2", "false"),
        ("git::https://git.example.com/infra/dns.git?ref=v2&depth=1", None, "terraform-module:git::https://git.example.com/infra/dns.git@v2",
         "dns", "git.example.com/infra", "v2", "pkg:generic/dns@v2?vcs_url=git%2Bhttps://git.example.com/infra/dns.git%40v2", "false"),
        ("git::https://git.example.com/infra/dns.git", None, "terraform-module:git::https://git.example.com/infra/dns.git",
         "dns", "git.example.com/infra", None, "pkg:generic/dns?vcs_url=git%2Bhttps://git.example.com/infra/dns.git", "false"),
        ("https://example.com/modules/vpc.zip?archive=zip", None, "terraform-module:https://example.com/modules/vpc.zip",
         "https://example.com/modules/vpc.zip", None, None, None, "false"),
        ("s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip", None, "terraform-module:s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip",
         "s3::https://s3-eu-west-1.amazonaws.com/bucket/vpc.zip", None, None, None, "false"),
    ],
)
def test_module_sources(source: str, version: str | None, ref: str, name: str, group: str | None, item_version: str | None,
                        purl: str | None, pinned: str) -> None:
    item = module_item(source, version, HERE)
    assert item is not None
    assert (item.ref, item.name, item.group, item.version, item.purl) == (ref, name, group, item_version, purl)
    assert ("bastion:pinned", pinned) in item.properties
    assert ("bastion:terraform:source", source) in item.properties
    assert item.occurrences == {HERE}


def test_module_version_constraint_is_a_property() -> None:
    item = module_item("terraform-aws-modules/eks/aws", "~> 20.0", HERE)
    assert item is not None and ("bastion:terraform:constraint", "~> 20.0") in item.properties


@pytest.mark.parametrize("source", ["./modules/web", "../shared", "/abs/module"])
def test_local_module_paths_are_not_items(source: str) -> None:
    assert module_item(source, None, HERE) is None


def test_git_source_parts() -> None:
    parsed = git_source("git::ssh://git@gitlab.com/grp/sub/repo.git//x/y?ref=main&depth=1")
    assert parsed is not None
    assert (parsed.url, parsed.host, parsed.path, parsed.ref, parsed.subdir) == ("ssh://git@gitlab.com/grp/sub/repo.git", "gitlab.com", "grp/sub/repo", "main", "x/y")
    assert git_source("terraform-aws-modules/vpc/aws") is None
