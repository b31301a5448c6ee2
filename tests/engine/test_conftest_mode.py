"""Conftest-style policies run unchanged: namespaces, v0 and v1, warn, exceptions, results, locations."""

from __future__ import annotations

from scanner.findings import RuleError, fingerprint
from scanner.model import Document

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "web"},
    "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:latest"}]}}},
}
SERVICE = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}
TERRAFORM = {"resource": {"aws_s3_bucket": {"logs": [{"bucket": "logs", "acl": "public-read"}]}}}
DOCKERFILE = [
    {"Cmd": "comment", "SubCmd": "", "JSON": False, "Flags": [], "Value": ["build stage"], "Stage": 0},
    {"Cmd": "from", "SubCmd": "", "JSON": False, "Flags": [], "Value": ["openjdk:8-jdk-alpine"], "Stage": 0, "StartLine": 2, "EndLine": 2},
    {"Cmd": "run", "SubCmd": "", "JSON": False, "Flags": [], "Value": ["apk add --no-cache curl"], "Stage": 0, "StartLine": 3, "EndLine": 4},
    {"Cmd": "user", "SubCmd": "", "JSON": False, "Flags": [], "Value": ["root"], "Stage": 0, "StartLine": 5, "EndLine": 5},
]

DOCUMENTS = [
    Document("k8s/app.yaml", 1, "kubernetes", DEPLOYMENT),
    Document("k8s/app.yaml", 14, "kubernetes", SERVICE),
    Document("infra/main.tf", 1, "terraform", TERRAFORM),
    Document("Dockerfile", 1, "dockerfile", DOCKERFILE),
]

V0_POLICY = """
package main

deny[msg] {
  input.kind == "Deployment"
  container := input.spec.template.spec.containers[_]
  endswith(container.image, ":latest")
  msg := sprintf("container %s uses the latest tag", [container.name])
}

warn_service[msg] {
  input.kind == "Service"
  msg := "services should have an owner label"
}
"""

V1_POLICY = """
package main

import rego.v1

deny_public_bucket contains msg if {
  some name, bodies in input.resource.aws_s3_bucket
  some body in bodies
  body.acl == "public-read"
  msg := sprintf("bucket %s is public in %s", [name, data.conftest.file.name])
}
"""


def _summary(result):
    return [(f.rule_id, f.severity, f.level, f.path, f.start_line, f.end_line, f.message) for f in result.findings]


def test_v0_and_v1_policies_of_namespace_main_run_per_document(user_engine, make_graph):
    engine = user_engine({"k8s.rego": V0_POLICY, "terraform.rego": V1_POLICY})
    result = engine.evaluate(make_graph(documents=DOCUMENTS))
    assert result.errors == []
    assert _summary(result) == [
        ("main.deny_public_bucket", "HIGH", "deny", "infra/main.tf", 1, 1, "bucket logs is public in main.tf"),
        ("main.deny", "HIGH", "deny", "k8s/app.yaml", 1, 1, "container web uses the latest tag"),
        ("main.warn_service", "LOW", "warn", "k8s/app.yaml", 14, 14, "services should have an owner label"),
    ]
    assert result.findings[0].resource is None and result.findings[0].attribute is None
    assert result.findings[0].fingerprint == fingerprint("main.deny_public_bucket", None, None, "infra/main.tf", "bucket logs is public in main.tf")
    assert result.findings[0].source == "policy"
    assert (result.stats["conftest_rules"], result.stats["documents"]) == (3, 4)


def test_other_namespaces_run_only_when_asked(user_engine, make_graph):
    files = {"main.rego": V0_POLICY, "other.rego": V0_POLICY.replace("package main", "package team.k8s")}
    graph = make_graph(documents=DOCUMENTS)
    default = user_engine(files).evaluate(graph)
    chosen = user_engine(files, namespaces=["team.k8s"]).evaluate(graph)
    everything = user_engine(files, all_namespaces=True).evaluate(graph)
    assert {f.rule_id for f in default.findings} == {"main.deny", "main.warn_service"}
    assert {f.rule_id for f in chosen.findings} == {"team.k8s.deny", "team.k8s.warn_service"}
    assert {f.rule_id for f in everything.findings} == {"main.deny", "main.warn_service", "team.k8s.deny", "team.k8s.warn_service"}


def test_exceptions_suppress_the_named_rules_and_are_counted(user_engine, make_graph):
    policy = V0_POLICY + """
exception[rules] {
  input.metadata.name == "web"
  rules := ["service", ""]
}
"""
    result = user_engine({"main.rego": policy}).evaluate(make_graph(documents=DOCUMENTS))
    assert result.findings == []
    assert result.stats["exceptions"] == 4


def test_exception_for_one_rule_keeps_the_other(user_engine, make_graph):
    policy = V0_POLICY + '\nexception[rules] {\n  input.kind == "Service"\n  rules := ["service"]\n}\n'
    result = user_engine({"main.rego": policy}).evaluate(make_graph(documents=DOCUMENTS))
    assert [f.rule_id for f in result.findings] == ["main.deny"]
    assert result.stats["exceptions"] == 1


def test_object_results_keep_metadata_and_loc_line(user_engine, make_graph):
    policy = """
    package main
    import rego.v1
    violation_image contains {"msg": "latest tag", "severity_hint": "high", "_loc": {"file": "k8s/app.yaml", "line": 9}} if {
        input.kind == "Deployment"
    }
    """
    [finding] = user_engine({"v.rego": policy}).evaluate(make_graph(documents=DOCUMENTS)).findings
    assert (finding.rule_id, finding.level, finding.path, finding.start_line, finding.metadata) == (
        "main.violation_image",
        "deny",
        "k8s/app.yaml",
        9,
        {"severity_hint": "high"},
    )


def test_object_without_msg_is_an_error_of_the_rule(user_engine, make_graph):
    policy = 'package main\nimport rego.v1\n\ndeny contains {"message": "wrong key"} if input.kind == "Service"\n'
    engine = user_engine({"bad.rego": policy})
    result = engine.evaluate(make_graph(documents=DOCUMENTS))
    assert result.findings == []
    assert result.errors == [RuleError("main.deny", engine.catalog.rules[0].path, 4, "deny produced an object without a string 'msg'")]


def test_non_set_values_are_ignored_like_conftest(user_engine, make_graph):
    policy = "package main\nimport rego.v1\n\ndeny := true\nwarn_count := 3\n"
    result = user_engine({"odd.rego": policy}).evaluate(make_graph(documents=DOCUMENTS))
    assert (result.findings, result.errors) == ([], [])


def test_bracket_if_rule_is_read_as_a_set(user_engine, make_graph):
    policy = 'package main\nimport rego.v1\n\ndeny[msg] if {\n  input.kind == "Service"\n  msg := "no services"\n}\n\nwarn[{"msg": "object key"}] if input.kind == "Service"\n'
    result = user_engine({"set_like.rego": policy}).evaluate(make_graph(documents=DOCUMENTS))
    assert [(f.rule_id, f.message) for f in result.findings] == [("main.deny", "no services"), ("main.warn", "object key")]


def test_dockerfile_result_points_at_the_instruction_it_quotes(user_engine, make_graph):
    policy = """
    package main

    deny[msg] {
      input[i].Cmd == "from"
      val := input[i].Value
      contains(val[_], "openjdk")
      msg := sprintf("unallowed image found %s", [val])
    }

    deny[msg] {
      input[i].Cmd == "run"
      contains(input[i].Value[_], "apk")
      msg := sprintf("unallowed commands found %s", [input[i].Value])
    }

    warn[msg] {
      not any_healthcheck
      msg := "no HEALTHCHECK"
    }

    any_healthcheck {
      input[_].Cmd == "healthcheck"
    }

    violation[{"msg": "running as root", "instruction": input[i]}] {
      input[i].Cmd == "user"
      input[i].Value[0] == "root"
    }
    """
    result = user_engine({"docker.rego": policy}).evaluate(make_graph(documents=[DOCUMENTS[3]]))
    assert [(f.start_line, f.end_line, f.message) for f in result.findings] == [
        (1, 1, "no HEALTHCHECK"),
        (2, 2, 'unallowed image found ["openjdk:8-jdk-alpine"]'),
        (3, 4, 'unallowed commands found ["apk add --no-cache curl"]'),
        (5, 5, "running as root"),
    ]


def test_metadata_gives_conftest_rules_an_id_and_severity(user_engine, make_graph):
    policy = """
    # METADATA
    # title: No latest tags
    # custom:
    #   id: ORG-K8S-1
    #   severity: CRITICAL
    package main

    deny[msg] {
      input.kind == "Deployment"
      msg := "latest"
    }
    """
    [finding] = user_engine({"meta.rego": policy}).evaluate(make_graph(documents=DOCUMENTS)).findings
    assert (finding.rule_id, finding.title, finding.severity) == ("ORG-K8S-1", "No latest tags", "CRITICAL")


def test_runtime_error_on_one_document_is_reported_with_that_document(user_engine, make_graph):
    policy = 'package main\nimport rego.v1\n\ndeny contains msg if {\n  input.kind == "Service"\n  msg := sprintf("%d", to_number(input.kind))\n}\n'
    engine = user_engine({"err.rego": policy})
    result = engine.evaluate(make_graph(documents=DOCUMENTS))
    assert engine.load_errors == []
    assert [(e.rule_id, e.line, e.message) for e in result.errors] == [
        ("main.deny", 6, "while evaluating k8s/app.yaml: could not parse string as number")
    ]


def test_file_information_is_available_to_policies(user_engine, make_graph):
    policy = 'package main\nimport rego.v1\n\nwarn contains sprintf("%s in %s", [data.conftest.file.name, data.conftest.file.dir]) if input.resource\n'
    engine = user_engine({"file.rego": policy})
    relative = engine.evaluate(make_graph(documents=DOCUMENTS)).findings
    absolute = engine.evaluate(make_graph(documents=DOCUMENTS), root="/srv/repo").findings
    assert [f.message for f in relative] == ["main.tf in infra"]
    assert [f.message for f in absolute] == ["main.tf in /srv/repo/infra"]


def test_native_packages_never_see_documents(user_engine, make_graph):
    policy = 'package bastion.custom.x\nimport rego.v1\n\ndeny contains {"resource": "r", "msg": "m"} if input.kind == "Service"\n'
    result = user_engine({"native.rego": policy}).evaluate(make_graph(documents=DOCUMENTS))
    assert (result.findings, result.errors, result.stats["documents"]) == ([], [], 0)


def test_the_same_error_on_many_files_is_reported_once(user_engine, make_graph):
    policy = 'package main\nimport rego.v1\n\ndeny contains msg if {\n  msg := sprintf("%d", to_number(input.kind))\n}\n'
    documents = [Document(f"k8s/{name}.yaml", 1, "kubernetes", {"kind": "Service"}) for name in ("a", "b", "c")]
    result = user_engine({"err.rego": policy}).evaluate(make_graph(documents=documents))
    assert [(e.rule_id, e.line, e.message) for e in result.errors] == [
        ("main.deny", 5, "while evaluating k8s/a.yaml and 2 other files: could not parse string as number")
    ]


def test_broken_exception_rule_is_a_load_error_and_rules_still_run(user_engine, make_graph):
    policy = V0_POLICY + '\nexception[rules] {\n  rules := [x]\n}\n'
    engine = user_engine({"main.rego": policy})
    assert [(e.rule_id, e.line, e.message) for e in engine.load_errors] == [
        ("main.exception", 16, 'var x is unsafe (path ["main", "x"], scopes [{}])')
    ]
    result = engine.evaluate(make_graph(documents=DOCUMENTS))
    assert [f.rule_id for f in result.findings] == ["main.deny", "main.warn_service"]
