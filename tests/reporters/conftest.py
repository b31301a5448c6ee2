"""Shared reporter fixtures: one hand-built ScanResult with every case a report must show, and
golden-file comparison (regenerate with ``BASTION_UPDATE_GOLDEN=1``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.findings import Finding, RuleError, RuleMeta, fingerprint
from scanner.model import InputError, Stats
from scanner.scan import ScanResult, ScanStats

GOLDEN_DIR = Path(__file__).parent / "golden"


def make_finding(rule_id: str, severity: str, title: str, message: str, path: str, line: int, resource: str | None, attribute: str | None, end_line: int | None = None) -> Finding:
    """A finding with a real fingerprint, as the engine would make it."""
    return Finding(
        rule_id=rule_id,
        severity=severity,
        title=title,
        message=message,
        path=path,
        start_line=line,
        end_line=end_line or line,
        resource=resource,
        attribute=attribute,
        fingerprint=fingerprint(rule_id, resource, attribute, path if resource is None else "", message if resource is None else ""),
    )


def build_sample_result() -> ScanResult:
    """Findings of every severity across three files (one without a readable snippet), one
    suppressed finding, one input error and one rule error."""
    findings = [
        make_finding("DKR001", "MEDIUM", "Base image is not pinned", "base image 'node' is not pinned to a version tag or digest", "services/api/Dockerfile", 1, "docker:services/api/Dockerfile#stage0", "image"),
        make_finding("K8S002", "LOW", "Workload without a NetworkPolicy", "no NetworkPolicy selects the pods of Deployment 'web'", "k8s/web.yaml", 5, "k8s:apps/Deployment/shop/web", None, end_line=24),
        make_finding("K8S001", "HIGH", "Privileged container", "container 'app' runs privileged", "k8s/web.yaml", 20, "k8s:apps/Deployment/shop/web", "spec.template.spec.containers[0].securityContext.privileged"),
        make_finding("main.warn_owner", "INFO", "main.warn_owner", "chart values should name an owner", "charts/shop/values.yaml", 3, None, None),
        make_finding("TF001", "CRITICAL", "S3 bucket ACL allows public access", "bucket 'logs' has ACL 'public-read'", "terraform/main.tf", 12, "tf:aws_s3_bucket.logs", "acl"),
    ]
    findings.sort(key=Finding.sort_key)
    suppressed = [
        make_finding("DKR002", "HIGH", "Image runs as root", "the final stage runs as root: no USER instruction", "services/api/Dockerfile", 1, "docker:services/api/Dockerfile#stage0", "user"),
    ]
    rules = {
        meta.id: meta
        for meta in (
            RuleMeta("DKR001", "Base image is not pinned", "MEDIUM", aliases=("CKV_DOCKER_7", "DL3006"), source="builtin"),
            RuleMeta("DKR002", "Image runs as root", "HIGH", source="builtin"),
            RuleMeta("K8S001", "Privileged container", "HIGH", source="builtin"),
            RuleMeta("K8S002", "Workload without a NetworkPolicy", "LOW", source="builtin"),
            RuleMeta("TF001", "S3 bucket ACL allows public access", "CRITICAL", source="builtin"),
            RuleMeta("main.warn_owner", "main.warn_owner", "INFO", mode="conftest"),
        )
    }
    return ScanResult(
        findings=findings,
        suppressed=suppressed,
        input_errors=[InputError("k8s/broken.yaml", 14, "kubernetes", "expected a mapping, found a list")],
        rule_errors=[RuleError("main.deny_public", "policies/public.rego", 7, "while evaluating k8s/web.yaml: undefined function net.cidr_merge")],
        rules=rules,
        stats=ScanStats(
            files=Stats(parsed=4, skipped={"not infrastructure as code": 2}, errored=1, by_format={"dockerfile": 1, "kubernetes": 2, "terraform": 1}),
            nodes=9,
            edges=4,
            rules_evaluated=6,
            engine={"rules": 6},
            durations={"policies": 0.25, "graph": 1.5, "evaluation": 0.75},
        ),
        snippets={
            "services/api/Dockerfile": {1: "FROM node", 2: "RUN npm ci"},
            "k8s/web.yaml": {4: "metadata:", 5: "  name: web", 6: "  namespace: shop", 19: "          securityContext:", 20: "            privileged: true", 21: "      volumes:"},
            "terraform/main.tf": {11: 'resource "aws_s3_bucket" "logs" {', 12: '  acl    = "public-read"', 13: '  bucket = "shop-logs"'},
        },
    )


@pytest.fixture
def sample_result() -> ScanResult:
    """A fresh copy of the shared hand-built ScanResult."""
    return build_sample_result()


@pytest.fixture(name="make_finding")
def make_finding_fixture() -> Callable[..., Finding]:
    """The finding factory, for tests that need a result of their own."""
    return make_finding


@pytest.fixture
def assert_golden() -> Callable[[str, str], None]:
    """Compare text with ``golden/<name>``; with ``BASTION_UPDATE_GOLDEN=1`` rewrite the file instead."""

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if os.environ.get("BASTION_UPDATE_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"missing golden file {path}; run with BASTION_UPDATE_GOLDEN=1 to create it"
        assert text == path.read_text(encoding="utf-8")

    return check
