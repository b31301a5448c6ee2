"""`bastion scan --opa-url`: the same scan gives identical findings embedded and on an OPA server."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

from click.testing import CliRunner
from opa_stub import OpaStub

from scanner.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "example"

CONFTEST_POLICY = """package main

deny[msg] {
  input.kind == "Deployment"
  msg := sprintf("Deployment %s needs a review", [input.metadata.name])
}

warn_cronjob[msg] {
  input.kind == "CronJob"
  msg := sprintf("CronJob %s runs on a schedule", [input.metadata.name])
}
"""


def scan(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_remote_scan_equals_embedded_scan(tmp_path: Path) -> None:
    (tmp_path / "policy.rego").write_text(CONFTEST_POLICY)
    embedded_code, embedded = scan("--policy", str(tmp_path))
    with OpaStub(v0_compatible=True) as stub:
        remote_code, remote = scan("--policy", str(tmp_path), "--opa-url", stub.url)
    assert remote["errors"] == embedded["errors"]
    assert (remote_code, embedded_code) == (1, 1), (remote["stats"], embedded["stats"])
    assert remote["findings"] == embedded["findings"]
    assert remote["errors"] == embedded["errors"]
    conftest = [(f["rule_id"], f["path"], f["start_line"], f["message"]) for f in remote["findings"] if f["rule_id"].startswith("main.")]
    assert conftest == [
        ("main.deny", "k8s/api.yaml", 2, "Deployment api needs a review"),
        ("main.warn_cronjob", "k8s/report-cronjob.yaml", 1, "CronJob nightly-report runs on a schedule"),
    ]


def test_unreachable_server_is_a_clear_error_with_exit_3_and_no_hang() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    code, report = scan("--opa-url", f"http://127.0.0.1:{port}", "--opa-timeout", "2")
    assert time.monotonic() - started < 10
    assert code == 3
    assert report["findings"] == []
    assert [error["message"] for error in report["errors"]] == [
        f"cannot reach the OPA server at http://127.0.0.1:{port}: connection refused"
    ]
