"""Graph -> inventory on whole repositories: tests/sbom/repos/full (every kind of component) and
fixtures/example. Exact refs, purls, versions, occurrences and dependency edges."""

from __future__ import annotations

from pathlib import Path

from sbom_helpers import inventory_of

from sbom.inventory import REPOSITORY_REF, Inventory, Occurrence

ALPINE_DIGEST = "sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b"
POSTGRES_DIGEST = "sha256:4aea012537edfad80f98d870a36e6b90b4c09b27be7f4b4759d72db863baeebb"


def places(inventory: Inventory, ref: str) -> list[tuple[str, int | None]]:
    """The (path, line) occurrences of an item, sorted."""
    return sorted((o.path, o.line) for o in inventory.items[ref].occurrences)


def props(inventory: Inventory, ref: str, name: str) -> list[str]:
    """The values of one property of an item, sorted."""
    return sorted(value for key, value in inventory.items[ref].properties if key == name)


def test_repository_depends_on_images_stages_modules_providers_and_charts(full_inventory: Inventory) -> None:
    assert sorted(full_inventory.dependencies[REPOSITORY_REF]) == [
        "dockerfile:Dockerfile#export",
        "dockerfile:rpm/Containerfile#stage0",
        "dockerfile:tools/Dockerfile#stage0",
        "helm-chart:charts/common/Chart.yaml",
        "helm-chart:charts/web/Chart.yaml",
        "image:docker.io/library/busybox:1.36",
        f"image:docker.io/library/postgres:16.2@{POSTGRES_DIGEST}",
        "image:ghcr.io/acme/full-api:2.0",
        "terraform-module:git::https://github.com/acme/tf-net.git//modules/vpc@v1.4.0",
        "terraform-module:git::ssh://git@gitlab.example.com/infra/dns.git@3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
        "terraform-module:registry.terraform.io/terraform-aws-modules/eks/aws",
        "terraform-module:registry.terraform.io/terraform-aws-modules/vpc/aws@5.1.0",
        "terraform-provider:registry.terraform.io/hashicorp/aws@5.46.0",
        "terraform-provider:registry.terraform.io/hashicorp/google",
        "terraform-provider:registry.terraform.io/hashicorp/random",
    ]
    assert full_inventory.reachable_from(REPOSITORY_REF) == {REPOSITORY_REF, *full_inventory.items}


def test_multi_stage_image_depends_on_what_earlier_stages_built(full_inventory: Inventory) -> None:
    deps = full_inventory.dependencies
    assert deps["dockerfile:Dockerfile#export"] == {"dockerfile:Dockerfile#runtime"}
    assert deps["dockerfile:Dockerfile#runtime"] == {
        "dockerfile:Dockerfile#build",
        f"image:docker.io/library/alpine:3.19@{ALPINE_DIGEST}",
        "image:docker.io/library/busybox:1.36",
        "pkg:apk/alpine/ca-certificates?distro=alpine-3.19",
        "pkg:apk/alpine/curl@8.5.0-r0?distro=alpine-3.19",
    }
    assert deps["dockerfile:Dockerfile#build"] == {
        "image:docker.io/library/golang:1.22-alpine3.19",
        "pkg:apk/alpine/gcc?distro=alpine-3.19",
        "pkg:apk/alpine/musl-dev@1.2.4-r2?distro=alpine-3.19",
    }


def test_stage_items(full_inventory: Inventory) -> None:
    export = full_inventory.items["dockerfile:Dockerfile#export"]
    assert (export.type, export.name, export.version, export.purl) == ("container", "Dockerfile", None, None)
    assert export.properties == {
        ("bastion:dockerfile", "Dockerfile"), ("bastion:stage", "export"), ("bastion:final-stage", "true"),
        ("bastion:built-image", "ghcr.io/acme/full-api:2.0"),
    }
    build = full_inventory.items["dockerfile:Dockerfile#build"]
    assert build.name == "Dockerfile#build"
    assert build.properties == {("bastion:dockerfile", "Dockerfile"), ("bastion:stage", "build"), ("bastion:distro", "alpine-3.19")}
    assert places(full_inventory, "dockerfile:Dockerfile#build") == [("Dockerfile", 3)]


def test_stage_aliases_and_scratch_are_not_images(full_inventory: Inventory) -> None:
    images = sorted(ref for ref in full_inventory.items if ref.startswith("image:"))
    assert images == [
        f"image:docker.io/library/alpine:3.19@{ALPINE_DIGEST}",
        "image:docker.io/library/busybox:1.36",
        "image:docker.io/library/golang:1.22-alpine3.19",
        f"image:docker.io/library/postgres:16.2@{POSTGRES_DIGEST}",
        "image:ghcr.io/acme/full-api:2.0",
        "image:registry.access.redhat.com/ubi9/ubi-minimal:9.3",
    ]


def test_one_component_per_image_with_every_occurrence(full_inventory: Inventory) -> None:
    assert places(full_inventory, "image:docker.io/library/busybox:1.36") == [("Dockerfile", 10), ("k8s/deploy.yaml", 17), ("k8s/deploy.yaml", 38)]
    contexts = sorted(o.context for o in full_inventory.items["image:docker.io/library/busybox:1.36"].occurrences)
    assert contexts == ["containers 'report' of CronJob full/report", "files copied into stage runtime", "initContainers 'wait' of Deployment full/api"]
    api = full_inventory.items["image:ghcr.io/acme/full-api:2.0"]
    assert places(full_inventory, api.ref) == [("docker-compose.yaml", 4), ("k8s/deploy.yaml", 20)]
    assert (api.purl, api.version) == ("pkg:docker/acme/full-api@2.0?repository_url=ghcr.io", "2.0")
    assert full_inventory.dependencies[api.ref] == {"dockerfile:Dockerfile#export"}


def test_digest_pinned_images_use_oci_purls(full_inventory: Inventory) -> None:
    alpine = full_inventory.items[f"image:docker.io/library/alpine:3.19@{ALPINE_DIGEST}"]
    assert alpine.purl == f"pkg:oci/alpine@{ALPINE_DIGEST}?repository_url=docker.io/library/alpine&tag=3.19"
    assert ("bastion:pinned", "true") in alpine.properties
    postgres = full_inventory.items[f"image:docker.io/library/postgres:16.2@{POSTGRES_DIGEST}"]
    assert postgres.purl == f"pkg:oci/postgres@{POSTGRES_DIGEST}?repository_url=docker.io/library/postgres&tag=16.2"
    assert places(full_inventory, postgres.ref) == [("docker-compose.yaml", 6)]


def test_unresolved_references_are_properties_not_components(full_inventory: Inventory) -> None:
    assert sorted(full_inventory.repository_properties) == [
        ("bastion:unresolved-image", "nginx@sha256:not-a-digest at k8s/deploy.yaml:22"),
        ("bastion:unresolved-image", "redis:${REDIS_TAG:-7} at docker-compose.yaml:8"),
    ]
    assert props(full_inventory, "dockerfile:tools/Dockerfile#stage0", "bastion:unresolved-image") == ["${REGISTRY}/base:1.0 at tools/Dockerfile:2"]
    assert not any("redis" in ref or "nginx" in ref or "base" in ref for ref in full_inventory.items if ref.startswith("image:"))


def test_packages_on_an_unknown_distribution_have_no_purl(full_inventory: Inventory) -> None:
    jq = full_inventory.items["package:deb/jq@1.6-2.1"]
    assert (jq.name, jq.version, jq.purl) == ("jq", "1.6-2.1", None)
    assert jq.properties == {("bastion:package-type", "deb"), ("bastion:package-manager", "apt-get"), ("bastion:pinned", "true")}
    assert props(full_inventory, "dockerfile:tools/Dockerfile#stage0", "bastion:skipped-install") == [
        "$EXTRA_PACKAGES at tools/Dockerfile:3: depends on a variable",
        "-r requirements.txt at tools/Dockerfile:4: a requirements file, which is not read",
    ]


def test_language_packages(full_inventory: Inventory) -> None:
    assert sorted(full_inventory.dependencies["dockerfile:tools/Dockerfile#stage0"]) == [
        "package:deb/jq@1.6-2.1", "pkg:npm/%40angular/cli@17.3.0", "pkg:npm/typescript", "pkg:pypi/flask", "pkg:pypi/requests@2.31.0",
    ]
    requests = full_inventory.items["pkg:pypi/requests@2.31.0"]
    assert requests.properties == {("bastion:package-manager", "pip"), ("bastion:pinned", "true"), ("bastion:pip:extras", "socks")}
    flask = full_inventory.items["pkg:pypi/flask"]
    assert (flask.version, props(full_inventory, flask.ref, "bastion:pinned"), props(full_inventory, flask.ref, "bastion:version-constraint")) == (None, ["false"], [">=2"])
    cli = full_inventory.items["pkg:npm/%40angular/cli@17.3.0"]
    assert (cli.group, cli.name, cli.version) == ("@angular", "cli", "17.3.0")
    assert places(full_inventory, cli.ref) == [("tools/Dockerfile", 5)]


def test_heredoc_installs_on_ubi(full_inventory: Inventory) -> None:
    assert sorted(full_inventory.dependencies["dockerfile:rpm/Containerfile#stage0"]) == [
        "image:registry.access.redhat.com/ubi9/ubi-minimal:9.3",
        "pkg:pypi/boto3@1.34.0",
        "pkg:rpm/redhat/shadow-utils@4.9-8.el9?distro=rhel-9",
        "pkg:rpm/redhat/tar?distro=rhel-9",
    ]
    assert places(full_inventory, "pkg:rpm/redhat/shadow-utils@4.9-8.el9?distro=rhel-9") == [("rpm/Containerfile", 3)]
    assert places(full_inventory, "pkg:pypi/boto3@1.34.0") == [("rpm/Containerfile", 5)]


def test_terraform_providers_merge_required_providers_and_lock(full_inventory: Inventory) -> None:
    aws = full_inventory.items["terraform-provider:registry.terraform.io/hashicorp/aws@5.46.0"]
    assert (aws.group, aws.name, aws.version, aws.purl) == ("registry.terraform.io/hashicorp", "aws", "5.46.0", None)
    assert props(full_inventory, aws.ref, "bastion:terraform:constraint") == ["~> 5.0"]
    assert props(full_inventory, aws.ref, "bastion:terraform:hash") == [
        "h1:d0Mf33mbbQujZ/JaYkqmH5gZGvP+iEIWf9yBSiOwimE=",
        "zh:05ae6180a7f23071435f6e5e59c19af0b6c5da42ee600c6c1568c8660214d548",
    ]
    assert places(full_inventory, aws.ref) == [("terraform/.terraform.lock.hcl", 4), ("terraform/main.tf", 3)]
    google = full_inventory.items["terraform-provider:registry.terraform.io/hashicorp/google"]
    assert (google.version, props(full_inventory, google.ref, "bastion:pinned")) == (None, ["false"])
    assert places(full_inventory, "terraform-provider:registry.terraform.io/hashicorp/random") == [("terraform/modules/local/main.tf", 3)]


def test_terraform_modules_remote_only(full_inventory: Inventory) -> None:
    modules = sorted(ref for ref in full_inventory.items if ref.startswith("terraform-module:"))
    assert len(modules) == 4 and not any("local" in ref for ref in modules)
    assert places(full_inventory, "terraform-module:registry.terraform.io/terraform-aws-modules/vpc/aws@5.1.0") == [("terraform/main.tf", 14)]


def test_helm_chart_dependencies(full_inventory: Inventory) -> None:
    assert full_inventory.dependencies["helm-chart:charts/web/Chart.yaml"] == {
        "helm-chart:charts/common/Chart.yaml",
        "helm-chart:https://charts.bitnami.com/bitnami/postgresql@12.1.2",
        "helm-chart:oci://registry-1.docker.io/bitnamicharts/redis@~18.0",
    }
    postgresql = full_inventory.items["helm-chart:https://charts.bitnami.com/bitnami/postgresql@12.1.2"]
    assert (postgresql.name, postgresql.version, postgresql.purl) == ("postgresql", "12.1.2", None)
    assert places(full_inventory, postgresql.ref) == [("charts/web/Chart.yaml", 6)]
    redis = full_inventory.items["helm-chart:oci://registry-1.docker.io/bitnamicharts/redis@~18.0"]
    assert redis.version is None
    assert redis.properties == {
        ("bastion:helm:repository", "oci://registry-1.docker.io/bitnamicharts"), ("bastion:pinned", "false"),
        ("bastion:version-constraint", "~18.0"), ("bastion:helm:alias", "cache"),
    }
    assert full_inventory.items["helm-chart:charts/common/Chart.yaml"].type == "library"
    assert full_inventory.items["helm-chart:charts/web/Chart.yaml"].type == "application"


def test_example_repository(example_inventory: Inventory) -> None:
    python = "image:docker.io/library/python:3.12-slim-bookworm"
    assert places(example_inventory, python) == [("services/api/Dockerfile", 5), ("services/api/Dockerfile", 14)]
    assert example_inventory.dependencies["dockerfile:services/api/Dockerfile#runtime"] == {
        "dockerfile:services/api/Dockerfile#build", python,
        "pkg:deb/debian/curl?distro=debian-12", "pkg:deb/debian/libpq5?distro=debian-12",
    }
    assert places(example_inventory, "pkg:deb/debian/libpq5?distro=debian-12") == [("services/api/Dockerfile", 22)]
    assert example_inventory.dependencies["dockerfile:services/worker/Dockerfile#stage0"] == {
        "image:docker.io/library/python:latest", "pkg:deb/debian/curl", "pkg:deb/debian/ghostscript", "pkg:deb/debian/imagemagick",
    }
    assert example_inventory.dependencies["image:ghcr.io/acme/shop-api:1.8.2"] == {"dockerfile:services/api/Dockerfile#runtime"}
    assert example_inventory.dependencies["image:ghcr.io/acme/shop-worker:latest"] == {"dockerfile:services/worker/Dockerfile#stage0"}
    assert props(example_inventory, "dockerfile:services/api/Dockerfile#runtime", "bastion:built-image") == ["ghcr.io/acme/shop-api"]


def test_stage_built_from_an_earlier_stage_inherits_its_distribution(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM debian:bookworm-slim AS base\nFROM base AS app\nRUN apt-get install -y curl=7.88.1-10+deb12u5\n"
    )
    inventory = inventory_of(tmp_path)
    assert inventory.dependencies["dockerfile:Dockerfile#app"] == {
        "dockerfile:Dockerfile#base", "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?distro=debian-12",
    }
    assert inventory.dependencies[REPOSITORY_REF] == {"dockerfile:Dockerfile#app"}
    assert inventory.items["pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?distro=debian-12"].occurrences == {
        Occurrence("Dockerfile", 3, "apt-get in stage app")
    }


def test_unused_stage_is_another_build_target(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20 AS test\nRUN apk add bats\nFROM alpine:3.20 AS app\n")
    inventory = inventory_of(tmp_path)
    assert inventory.dependencies[REPOSITORY_REF] == {"dockerfile:Dockerfile#app", "dockerfile:Dockerfile#test"}
    assert "pkg:apk/alpine/bats?distro=alpine-3.20" in inventory.dependencies["dockerfile:Dockerfile#test"]


def test_providers_merge_per_root_module_and_locked_version(tmp_path: Path) -> None:
    lock = '''provider "registry.terraform.io/hashicorp/aws" {{
  version     = "{version}"
  constraints = "~> 5.0"
  hashes      = ["h1:abc="]
}}
'''
    for root, version in (("prod", "5.46.0"), ("staging", "5.46.0"), ("dev", "5.50.0")):
        (tmp_path / root).mkdir()
        (tmp_path / root / "versions.tf").write_text('terraform {\n  required_providers {\n    aws = "~> 5.0"\n  }\n}\n')
        (tmp_path / root / ".terraform.lock.hcl").write_text(lock.format(version=version))
    inventory = inventory_of(tmp_path)
    providers = sorted(ref for ref in inventory.items if ref.startswith("terraform-provider:"))
    assert providers == [
        "terraform-provider:registry.terraform.io/hashicorp/aws@5.46.0",
        "terraform-provider:registry.terraform.io/hashicorp/aws@5.50.0",
    ]
    assert places(inventory, providers[0]) == [
        ("prod/.terraform.lock.hcl", 1), ("prod/versions.tf", 3), ("staging/.terraform.lock.hcl", 1), ("staging/versions.tf", 3),
    ]
    assert places(inventory, providers[1]) == [("dev/.terraform.lock.hcl", 1), ("dev/versions.tf", 3)]
