"""The OPA server backend: the same scan gives the same findings embedded and on an OPA server.

Most tests run against ``opa_stub.OpaStub`` (OPA's REST API on 127.0.0.1, evaluating with
regorus); the last one runs against a real ``opa run --server`` when an ``opa`` binary is on PATH.
Fixture files are in ``opa_fixtures/`` (see its README).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from opa_stub import OpaStub

from scanner.engine import load_engine
from scanner.engine.backend import InputCase, RegoVersion
from scanner.engine.opa_backend import (
    OpaServerBackend,
    normalize_url,
    server_policy_sources,
)
from scanner.engine.opa_errors import OpaServerError
from scanner.engine.opa_queries import (
    QueryShapeError,
    batch_query,
    check_rule_path,
    data_modifiers,
    decode_batch_answer,
    prepare_case,
)
from scanner.engine.regorus_backend import RegorusBackend
from scanner.findings import RuleError
from scanner.graph.build import GraphOptions, build_graph
from scanner.model import Document, Graph

FIXTURES = Path(__file__).parent / "opa_fixtures"
REPO = FIXTURES / "repo"
CONFTEST = str(FIXTURES / "conftest_policies")
NATIVE = str(FIXTURES / "native_policies")


@pytest.fixture(scope="module")
def repo_graph() -> Graph:
    return build_graph([str(REPO)], GraphOptions(root=str(REPO), jobs=1))


def _run(graph: Graph, dirs: list[str], namespaces=("main",), backend=None, include_builtin=True):
    """(load errors, evaluation result) of one scan; the engine is closed afterwards."""
    engine = load_engine(dirs, list(namespaces), include_builtin=include_builtin, backend=backend)
    try:
        return engine.load_errors, engine.evaluate(graph, root="/scan")
    finally:
        engine.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("batch_size", "conftest_requests"), [(64, 1), (2, 3), (1, 5)])
def test_same_findings_embedded_and_remote(repo_graph, batch_size, conftest_requests):
    embedded_errors, embedded = _run(repo_graph, [CONFTEST, NATIVE], ("main", "docker"))
    with OpaStub(v0_compatible=True) as stub:
        backend = OpaServerBackend(stub.url, batch_size=batch_size)
        remote_errors, remote = _run(repo_graph, [CONFTEST, NATIVE], ("main", "docker"), backend)
        queries = stub.count("POST", "/v1/query")
        left_on_server = dict(stub.policies)
    assert remote.findings == embedded.findings
    assert (remote_errors, remote.errors, remote.stats) == (embedded_errors, embedded.errors, embedded.stats)
    assert [error for error in remote_errors + remote.errors if "opa_fixtures" in error.path] == []
    # One probe, one native request over the whole graph, then the 5 documents in batches.
    assert queries == 2 + conftest_requests
    assert left_on_server == {}
    found = {(f.rule_id, f.path, f.start_line, f.level) for f in remote.findings}
    assert {
        ("main.deny", "k8s/deploy.yaml", 1, "deny"),  # Rego v0 rule
        ("main.deny_run_as_root", "k8s/deploy.yaml", 1, "deny"),  # api, not the excepted legacy-api
        ("main.warn", "k8s/deploy.yaml", 43, "warn"),
        ("main.violation_public_bucket", "terraform/main.tf", 3, "deny"),  # _loc, helper of a later file
        ("docker.deny", "docker/Dockerfile", 1, "deny"),  # second namespace
        ("ACME001", "terraform/main.tf", 2, "deny"),  # native user policy
    } <= found
    assert ("main.deny_run_as_root", "k8s/deploy.yaml", 23, "deny") not in found
    assert "Dockerfile: base image python:latest uses the latest tag" in {f.message for f in remote.findings}  # data.conftest.file
    assert remote.stats["exceptions"] == 1 and len([f for f in remote.findings if f.source != "builtin"]) == 13


def test_runtime_error_in_one_rule_is_that_rule_error_and_the_others_still_run():
    documents = [
        Document("a.yaml", 1, "kubernetes", {"name": "a", "public": True}),
        Document("b.yaml", 1, "kubernetes", {"name": "b", "public": True, "private": True}),
        Document("c.yaml", 1, "kubernetes", {"name": "c"}),
    ]
    graph = Graph(documents=documents)
    dirs = [str(FIXTURES / "conflicting_rule")]
    _, embedded = _run(graph, dirs, include_builtin=False)
    with OpaStub() as stub:
        _, remote = _run(graph, dirs, backend=OpaServerBackend(stub.url), include_builtin=False)
    assert remote.findings == embedded.findings
    assert [(f.rule_id, f.path, f.message) for f in remote.findings] == [
        ("main.deny", "a.yaml", "a is public"),
        ("main.warn", "a.yaml", "a was checked"),
        ("main.warn", "b.yaml", "b was checked"),
        ("main.warn", "c.yaml", "c was checked"),
    ]
    assert remote.errors == embedded.errors
    assert [(e.rule_id, e.path, e.line) for e in remote.errors] == [("main.deny", f"{dirs[0]}/complete_rule_conflict.rego", 9)]
    assert remote.errors[0].message.startswith("while evaluating b.yaml: ")


def test_backend_outcomes_match_regorus_for_every_kind_of_input():
    module = 'package t\nimport rego.v1\nr := {"input": input, "file": object.get(data, ["conftest", "file"], null), "limit": data.limit}\nu if input.never\n'
    cases = [InputCase(text) for text in ("{}", "[]", "0", "false", '""', "null", '{"a":[1,2.5,"é"]}')]
    cases += [InputCase(None), InputCase('{"x":1}', {"conftest": {"file": {"name": "a.tf", "dir": "/s"}}})]
    embedded = RegorusBackend()
    embedded.add_module("t.rego", module, RegoVersion.V1)
    embedded.add_data({"limit": 3})
    with OpaStub() as stub:
        remote = OpaServerBackend(stub.url, batch_size=4)
        remote.add_module("t.rego", module, RegoVersion.V1)
        remote.add_data({"limit": 3})
        got = list(remote.evaluate(["data.t.r", "data.t.u"], cases))
        remote.close()
    assert got == list(embedded.evaluate(["data.t.r", "data.t.u"], cases))
    assert got[0][0].value == {"input": {}, "file": None, "limit": 3} and got[0][1].value is None
    assert got[8][0].value["file"] == {"name": "a.tf", "dir": "/s"}


def test_data_is_written_under_its_key_and_removed_on_close():
    with OpaStub() as stub:
        backend = OpaServerBackend(stub.url)
        backend.add_data({"settings": {"max": 3}})
        written = dict(stub.data)
        backend.close()
        backend.close()
        assert (written, stub.data, stub.count("DELETE", "/v1/data/settings")) == ({"settings": {"max": 3}}, {}, 1)


def test_v0_policy_on_a_rego_v1_server_is_a_compile_error_with_the_fix(repo_graph):
    with OpaStub() as stub:
        errors, _ = _run(repo_graph, [str(FIXTURES / "v0_policy")], backend=OpaServerBackend(stub.url), include_builtin=False)
    assert errors == [
        RuleError(
            None,
            f"{FIXTURES}/v0_policy/deny_latest.rego",
            3,
            "`if` keyword is required before rule body; this policy is written in Rego v0, which an OPA 1.x "
            "server accepts only when started with --v0-compatible (or convert the policy with `opa fmt --v0-v1`)",
        )
    ]


def test_v1_policy_without_import_on_a_v0_compatible_server_needs_the_import(repo_graph):
    with OpaStub(v0_compatible=True) as stub:
        errors, _ = _run(
            repo_graph, [str(FIXTURES / "v1_policy_without_import")], backend=OpaServerBackend(stub.url), include_builtin=False
        )
    assert [(e.path, e.line) for e in errors] == [(f"{FIXTURES}/v1_policy_without_import/deny_latest.rego", 3)]
    assert errors[0].message.endswith(
        "; an OPA server running with --v0-compatible (or older than 1.0) needs `import rego.v1` in a Rego v1 policy"
    )


def test_compile_error_returned_by_the_server_names_file_and_line(repo_graph):
    with OpaStub() as stub:
        errors, _ = _run(repo_graph, [str(FIXTURES / "broken_policies")], backend=OpaServerBackend(stub.url), include_builtin=False)
        assert stub.answers[1][1:] == (
            400,
            {
                "code": "invalid_parameter",
                "message": "error(s) occurred while compiling module(s)",
                "errors": [
                    {
                        "code": "rego_unsafe_var_error",
                        "message": "use of undefined variable `undefined_name` is unsafe",
                        "location": {
                            "file": "bastion/" + str(FIXTURES / "broken_policies/unsafe_variable.rego").lstrip("/"),
                            "row": 6,
                            "col": 1,
                        },
                    }
                ],
            },
        )
    assert errors == [
        RuleError(None, f"{FIXTURES}/broken_policies/unsafe_variable.rego", 6, "use of undefined variable `undefined_name` is unsafe")
    ]


def test_undefined_function_fails_the_rules_of_its_module(repo_graph):
    with OpaStub() as stub:
        errors, result = _run(repo_graph, [str(FIXTURES / "undefined_function")], backend=OpaServerBackend(stub.url), include_builtin=False)
    assert errors == [
        RuleError(
            None,
            f"{FIXTURES}/undefined_function/calls_missing_helper.rego",
            6,
            "undefined function data.lib.missing.describe (rules main.deny, main.warn are not evaluated)",
        )
    ]
    assert result.findings == []


def test_package_held_by_a_policy_bastion_did_not_push_is_refused(repo_graph):
    with OpaStub() as stub:
        _put(stub.url, "/v1/policies/team/main.rego", b'package main\n\ndeny contains "foreign" if true\n')
        errors, result = _run(
            repo_graph, [str(FIXTURES / "v1_policy_without_import")], backend=OpaServerBackend(stub.url), include_builtin=False
        )
        remaining = sorted(stub.policies)
    assert errors == [
        RuleError(
            None,
            f"{FIXTURES}/v1_policy_without_import/deny_latest.rego",
            1,
            "package main is already defined on the OPA server by policy 'team/main.rego', which bastion did not push, and its rules would mix into the results",
        )
    ]
    assert result.findings == [] and remaining == ["team/main.rego"]


def test_server_policies_mode_queries_deployed_policies_and_pushes_nothing(repo_graph, tmp_path):
    deployed = {
        name: (FIXTURES / "conftest_policies" / name).read_text()
        for name in ("utility_functions.rego", "docker_v1.rego", "terraform_v1.rego")
    }
    with OpaStub() as stub:
        for name, text in deployed.items():  # the helper first: OPA compiles each module with the others
            _put(stub.url, f"/v1/policies/team/{name}", text.encode())
        _put(stub.url, "/v1/policies/other/unrelated.rego", b"package unrelated\n\nx := 1\n")
        backend = OpaServerBackend(stub.url, server_policies="/team/")
        sources = server_policy_sources(backend)
        copies = tmp_path / "copies"
        copies.mkdir()
        for source in sources:
            (copies / source.path.split("/")[-1]).write_text(source.text)
        writes_before = stub.count("PUT", "/")
        errors, remote = _run(repo_graph, [str(copies), str(FIXTURES / "v0_policy")], ("main", "docker"), backend, include_builtin=False)
        writes_after = stub.count("PUT", "/")
        still_deployed = sorted(stub.policies)
    _, embedded = _run(repo_graph, [str(copies)], ("main", "docker"), include_builtin=False)
    assert [(s.path, s.origin) for s in sources] == [(f"team/{name}", "opa") for name in sorted(deployed)]
    assert [s.text for s in sources] == [deployed[name] for name in sorted(deployed)]
    assert remote.findings == embedded.findings and len(remote.findings) == 8
    assert errors == [
        RuleError(
            None,
            f"{FIXTURES}/v0_policy/deny_latest.rego",
            None,
            "this policy is not deployed on the OPA server under 'team', and nothing is pushed with --opa-server-policies",
        )
    ]
    assert writes_after == writes_before
    assert still_deployed == ["other/unrelated.rego", *(f"team/{n}" for n in sorted(deployed))]


def test_token_is_sent_as_a_bearer_token_and_a_wrong_one_is_a_clear_error():
    with OpaStub(token="s3cret") as stub:
        backend = OpaServerBackend(stub.url, token="s3cret")
        backend.add_module("p.rego", "package p\nimport rego.v1\nallow := true\n", RegoVersion.V1)
        assert next(iter(backend.evaluate(["data.p.allow"], [InputCase("{}")])))[0].value is True
        backend.close()
        assert {request.authorization for request in stub.requests} == {"Bearer s3cret"}
        with pytest.raises(OpaServerError) as refused:
            OpaServerBackend(stub.url, token="wrong")
    assert refused.value.message == (
        f"the OPA server at {stub.url} refused the request (unauthorized: request rejected by administrative policy); check --opa-token"
    )


def test_connection_refused_is_a_clear_error_at_once():
    url = f"http://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    with pytest.raises(OpaServerError) as failure:
        OpaServerBackend(url, timeout=5)
    assert failure.value.message == f"cannot reach the OPA server at {url}: connection refused"
    assert time.monotonic() - started < 5


def test_a_slow_server_is_a_clear_error_within_the_configured_timeout():
    with OpaStub() as stub:
        backend = OpaServerBackend(stub.url, timeout=0.3)
        backend.add_module("p.rego", "package p\nimport rego.v1\nallow := true\n", RegoVersion.V1)
        stub.delay = 30
        started = time.monotonic()
        with pytest.raises(OpaServerError) as failure:
            list(backend.evaluate(["data.p.allow"], [InputCase("{}")]))
        elapsed = time.monotonic() - started
        backend.close()
    assert failure.value.message == f"the OPA server at {stub.url} did not answer within 0.3 s"
    assert elapsed < 5
    assert backend.cleanup_problems == [f"the OPA server at {stub.url} did not answer within 0.3 s"]


def test_a_server_that_is_not_opa_or_too_slow_to_connect_is_a_clear_error():
    with OpaStub(not_opa=True) as stub, pytest.raises(OpaServerError) as not_opa:
        OpaServerBackend(stub.url)
    assert not_opa.value.message == f"the OPA server at {stub.url} answered with something that is not OPA's JSON"
    with OpaStub(delay=30) as stub, pytest.raises(OpaServerError) as slow:
        OpaServerBackend(stub.url, timeout=0.2)
    assert slow.value.message == f"the OPA server at {stub.url} did not answer within 0.2 s"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://opa:8181/", "http://opa:8181"),
        ("https://opa.example.com", "https://opa.example.com:443"),
        ("http://[::1]:8181", "http://[::1]:8181"),
    ],
)
def test_urls_are_normalized(given, expected):
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("opa:8181", "the OPA URL must look like http://host:8181, not 'opa:8181'"),
        ("http://opa:8181/v1", "the OPA URL must not have a path or query: 'http://opa:8181/v1'"),
        ("http://user:pw@opa:8181", "the OPA URL must not contain credentials; use --opa-token"),
    ],
)
def test_unusable_urls_are_refused(given, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        normalize_url(given)


def test_queries_accept_only_plain_data_references_and_merge_data_leaf_by_leaf():
    assert check_rule_path('data.main["deny-x"].deny') == 'data.main["deny-x"].deny'
    for unsafe in ("data.main.deny; true", "input.x", 'data["a" ]', "data.main.deny with input as 1"):
        with pytest.raises(ValueError):
            check_rule_path(unsafe)
    assert data_modifiers({"conftest": {"file": {"name": "a.tf", "dir": "/s"}}, "in": {}}) == (
        'with data.conftest.file.dir as "/s" with data.conftest.file.name as "a.tf" with data["in"] as {}'
    )
    cases = [prepare_case(' {"k": 1}\n', None), prepare_case(None, None)]
    assert batch_query(["data.p.r"], cases) == 'c0 = [[[v | v := data.p.r with input as d]] | d := {"k": 1}]; c1 = [[[v | v := data.p.r]]]'
    assert decode_batch_answer({"result": [{"c0": [[[5]]], "c1": [[[]]]}]}, 1, 2) == [[(True, 5)], [(False, None)]]
    with pytest.raises(QueryShapeError):
        decode_batch_answer({"result": [{"c0": [[[5, 6]]]}]}, 1, 1)


def _put(url: str, path: str, body: bytes) -> None:
    request = urllib.request.Request(url + path, data=body, method="PUT", headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200


@pytest.fixture(scope="module")
def real_opa() -> Iterator[str]:
    """A real ``opa run --server`` on a free port (v0-compatible on OPA 1.x), stopped afterwards."""
    binary = shutil.which("opa")
    if binary is None:
        pytest.skip("no opa binary on PATH")
    version = subprocess.run([binary, "version"], check=False, capture_output=True, text=True, timeout=60).stdout
    flags = ["--v0-compatible"] if re.search(r"^Version:\s*v?1\.", version, re.MULTILINE) else []
    url = f"http://127.0.0.1:{_free_port()}"
    process = subprocess.Popen(
        [binary, "run", "--server", "--addr", url[len("http://") :], *flags], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url + "/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_same_findings_embedded_and_on_a_real_opa_server(real_opa, repo_graph):
    embedded_errors, embedded = _run(repo_graph, [CONFTEST, NATIVE], ("main", "docker"))
    remote_errors, remote = _run(repo_graph, [CONFTEST, NATIVE], ("main", "docker"), OpaServerBackend(real_opa))
    assert remote.findings == embedded.findings and len([f for f in remote.findings if f.source != "builtin"]) == 13
    assert (remote_errors, remote.errors) == (embedded_errors, embedded.errors)
