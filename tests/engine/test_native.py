"""Native policies: the graph as input, results mapped to nodes and attribute lines, rule errors."""

from __future__ import annotations

from scanner.findings import Finding, RuleError, fingerprint
from scanner.model import Edge

BUCKET_POLICY = """
# METADATA
# title: Buckets must not be public
# custom:
#   id: ORG001
#   severity: high
package bastion.custom.buckets

import rego.v1

deny contains finding if {
	some bucket in input.by_kind.aws_s3_bucket
	bucket.attrs.acl == "public-read"
	finding := {"resource": bucket.id, "attribute": "acl", "msg": sprintf("bucket %s is public", [bucket.name])}
}
"""


def _bucket(make_node, name, acl, **extra):
    return make_node(
        f"tf:aws_s3_bucket.{name}",
        "aws_s3_bucket",
        name=f"aws_s3_bucket.{name}",
        start_line=10,
        end_line=14,
        attrs={"acl": acl, "tags": {"Team": "data"}},
        attr_lines={"acl": 12, "tags": 13, "tags.Team": 13},
        **extra,
    )


def test_native_result_points_at_the_attribute_line(user_engine, make_node, make_graph):
    engine = user_engine({"buckets.rego": BUCKET_POLICY})
    graph = make_graph([_bucket(make_node, "logs", "public-read"), _bucket(make_node, "private", "private")])
    result = engine.evaluate(graph)
    assert result.errors == []
    assert result.findings == [
        Finding(
            rule_id="ORG001",
            severity="HIGH",
            title="Buckets must not be public",
            message="bucket aws_s3_bucket.logs is public",
            path="main.tf",
            start_line=12,
            end_line=12,
            resource="tf:aws_s3_bucket.logs",
            attribute="acl",
            fingerprint=fingerprint("ORG001", "tf:aws_s3_bucket.logs", "acl"),
            level="deny",
            source="policy",
        )
    ]
    assert result.stats == {
        "policies": 1,
        "rules": 1,
        "native_rules": 1,
        "conftest_rules": 0,
        "documents": 0,
        "exceptions": 0,
        "findings": 1,
    }


def test_unknown_value_never_matches(user_engine, make_node, make_graph):
    engine = user_engine({"buckets.rego": BUCKET_POLICY})
    unknown_acl = _bucket(make_node, "computed", {"__unknown__": "data.aws_ssm_parameter.acl.value"}, unknown=["acl"])
    assert engine.evaluate(make_graph([unknown_acl])).findings == []


def test_attribute_walks_up_to_the_nearest_recorded_ancestor(user_engine, make_node, make_graph):
    policy = """
    package bastion.custom.tags
    import rego.v1
    warn contains {"resource": n.id, "attribute": "tags.Team.extra[0]", "msg": "nested"} if some n in input.nodes
    warn contains {"resource": n.id, "attribute": ["tags", "Owner"], "msg": "list path"} if some n in input.nodes
    warn contains {"resource": n.id, "attribute": "nothing.here", "msg": "no line"} if some n in input.nodes
    """
    engine = user_engine({"tags.rego": policy})
    result = engine.evaluate(make_graph([_bucket(make_node, "logs", "private")]))
    assert [(f.message, f.attribute, f.start_line, f.end_line, f.level, f.severity) for f in result.findings] == [
        ("no line", "nothing.here", 10, 14, "warn", "LOW"),
        ("list path", "tags.Owner", 13, 13, "warn", "LOW"),
        ("nested", "tags.Team.extra[0]", 13, 13, "warn", "LOW"),
    ]


def test_user_native_policy_without_metadata_gets_package_rule_id_and_medium(user_engine, make_node, make_graph):
    policy = """
    package bastion.custom.anything
    import rego.v1
    deny contains {"resource": n.id, "msg": "found"} if some n in input.by_format.terraform
    """
    engine = user_engine({"any.rego": policy})
    [finding] = engine.evaluate(make_graph([_bucket(make_node, "logs", "private")])).findings
    assert (finding.rule_id, finding.title, finding.severity, finding.start_line, finding.end_line) == (
        "bastion.custom.anything.deny",
        "bastion.custom.anything.deny",
        "MEDIUM",
        10,
        14,
    )


def test_metadata_input_graph_makes_any_package_native(user_engine, make_node, make_graph):
    policy = """
    # METADATA
    # custom:
    #   input: graph
    package org.graph_checks
    import rego.v1
    deny contains {"resource": n.id, "msg": "seen"} if some n in input.nodes
    """
    engine = user_engine({"graph.rego": policy})
    assert engine.rules["org.graph_checks.deny"].mode == "native"
    assert [f.message for f in engine.evaluate(make_graph([_bucket(make_node, "a", "private")])).findings] == ["seen"]


def test_edges_and_by_id_indexes_are_available(user_engine, make_node, make_graph):
    policy = """
    package bastion.custom.edges
    import rego.v1
    deny contains {"resource": id, "msg": sprintf("referenced by %s", [edge.source])} if {
        some id, edges in input.edges_to
        some edge in edges
        input.by_id[edge.source].kind == "aws_s3_bucket_policy"
    }
    """
    engine = user_engine({"edges.rego": policy})
    bucket = _bucket(make_node, "logs", "private")
    bucket_policy = make_node("tf:aws_s3_bucket_policy.logs", "aws_s3_bucket_policy", start_line=20)
    graph = make_graph([bucket, bucket_policy], [Edge(bucket_policy.id, bucket.id, "references")])
    assert [(f.resource, f.message) for f in engine.evaluate(graph).findings] == [
        ("tf:aws_s3_bucket.logs", "referenced by tf:aws_s3_bucket_policy.logs")
    ]


def test_malformed_results_are_errors_of_that_rule(user_engine, make_node, make_graph):
    policy = """
    package bastion.custom.bad
    import rego.v1
    deny contains "just a string" if true
    warn contains {"resource": "tf:missing.node", "msg": "gone"} if true
    """
    engine = user_engine({"bad.rego": policy})
    result = engine.evaluate(make_graph([_bucket(make_node, "logs", "private")]))
    assert result.findings == []
    path = engine.catalog.rules[0].path
    assert result.errors == [
        RuleError("bastion.custom.bad.deny", path, 3, "deny produced a string; native results must be objects with 'resource' and 'msg'"),
        RuleError("bastion.custom.bad.warn", path, 4, "warn names resource 'tf:missing.node', which is not in the graph"),
    ]


def test_runtime_error_in_one_rule_leaves_the_others_running(user_engine, make_node, make_graph):
    policy = """
    package bastion.custom.runtime
    import rego.v1
    deny_conversion contains {"resource": n.id, "msg": "x"} if {
        some n in input.nodes
        to_number(n.attrs.acl) > 1
    }
    deny_fine contains {"resource": n.id, "msg": "fine"} if some n in input.nodes
    """
    engine = user_engine({"runtime.rego": policy})
    result = engine.evaluate(make_graph([_bucket(make_node, "logs", "private")]))
    assert engine.load_errors == []
    assert [f.message for f in result.findings] == ["fine"]
    assert [(e.rule_id, e.line, e.message) for e in result.errors] == [
        ("bastion.custom.runtime.deny_conversion", 5, "could not parse string as number")
    ]


def test_compile_error_that_breaks_every_rule_leaves_its_file_out(user_engine, make_node, make_graph, capfd):
    unsafe = """
    package bastion.custom.unsafe
    import rego.v1
    deny contains {"resource": "x", "msg": "m"} if input.nodes[_].kind == unbound_variable
    """
    fine = """
    package bastion.custom.fine
    import rego.v1
    warn contains {"resource": n.id, "msg": "still here"} if some n in input.nodes
    """
    engine = user_engine({"unsafe.rego": unsafe, "fine.rego": fine})
    assert [(e.rule_id, e.path.rsplit("/", 1)[-1], e.line, e.message) for e in engine.load_errors] == [
        (
            None,
            "unsafe.rego",
            3,
            "use of undefined variable `unbound_variable` is unsafe"
            " (this file is left out: the error stops other policies from evaluating)",
        )
    ]
    assert list(engine.rules) == ["bastion.custom.fine.warn"]
    result = engine.evaluate(make_graph([_bucket(make_node, "logs", "private")]))
    assert [f.message for f in result.findings] == ["still here"]
    assert result.errors == engine.load_errors
    assert capfd.readouterr().err == ""


def test_rule_local_compile_error_is_reported_once_with_its_rule(user_engine, make_node, make_graph):
    policy = """
    package bastion.custom.local
    import rego.v1
    deny contains {"resource": "x", "msg": msg} if msg := unbound
    warn contains {"resource": n.id, "msg": "same file"} if some n in input.nodes
    """
    engine = user_engine({"local.rego": policy})
    assert [(e.rule_id, e.line, e.message) for e in engine.load_errors] == [
        ("bastion.custom.local.deny", 3, 'var unbound is unsafe (path ["bastion", "custom", "local", "unbound"], scopes [{}])')
    ]
    result = engine.evaluate(make_graph([_bucket(make_node, "logs", "private")]))
    assert [f.message for f in result.findings] == ["same file"]
    assert result.errors == engine.load_errors


def test_policy_that_does_not_parse_is_an_error_and_the_others_load(user_engine, make_node, make_graph):
    engine = user_engine({"broken.rego": "package bastion.custom.broken\nimport rego.v1\ndeny contains x if {\n", "buckets.rego": BUCKET_POLICY})
    [error] = engine.load_errors
    assert (error.rule_id, error.path.endswith("/broken.rego"), error.line, error.message) == (None, True, 4, "expecting expression")
    assert list(engine.rules) == ["ORG001"]


def test_select_skips_rules_before_evaluation(user_engine, make_node, make_graph):
    engine = user_engine({"buckets.rego": BUCKET_POLICY})
    result = engine.evaluate(make_graph([_bucket(make_node, "logs", "public-read")]), select=lambda meta: meta.id != "ORG001")
    assert (result.findings, result.rules, result.stats["native_rules"]) == ([], {}, 0)


def test_duplicate_rule_id_in_another_package_is_an_error(user_engine):
    other = BUCKET_POLICY.replace("package bastion.custom.buckets", "package bastion.custom.copy")
    engine = user_engine({"a.rego": BUCKET_POLICY, "b.rego": other})
    [error] = engine.load_errors
    assert error.rule_id == "ORG001" and error.path.endswith("/b.rego") and error.line == 10
    assert error.message.startswith("rule ID 'ORG001' is already used by ") and error.message.endswith("/a.rego:10")
    assert [rule.package for rule in engine.catalog.rules] == ["bastion.custom.buckets"]


def test_deny_and_warn_of_one_package_share_its_id(user_engine):
    policy = BUCKET_POLICY + '\nwarn contains {"resource": "x", "msg": "w"} if false\n'
    engine = user_engine({"a.rego": policy})
    assert engine.load_errors == []
    assert engine.rules["ORG001"].rules == ("deny", "warn")


def test_extra_sources_and_a_given_backend_are_used(make_node, make_graph):
    from scanner.engine import load_engine
    from scanner.engine.loader import PolicySource
    from scanner.engine.regorus_backend import RegorusBackend

    backend = RegorusBackend()
    source = PolicySource("server:bastion/buckets.rego", BUCKET_POLICY.lstrip("\n"), "policy")
    engine = load_engine(include_builtin=False, backend=backend, extra_sources=[source])
    assert engine.backend is backend
    assert (engine.load_errors, list(engine.rules), engine.rules["ORG001"].path) == ([], ["ORG001"], "server:bastion/buckets.rego")
    assert [f.rule_id for f in engine.evaluate(make_graph([_bucket(make_node, "logs", "public-read")])).findings] == ["ORG001"]


def test_a_user_policy_cannot_take_a_builtin_rule_id(policy_dir):
    from scanner.engine import load_engine

    policy = BUCKET_POLICY.replace("ORG001", "DKR001").replace("package bastion.custom.buckets", "package bastion.aaa")
    engine = load_engine([str(policy_dir({"steal.rego": policy}))])
    [error] = engine.load_errors
    assert (error.rule_id, error.path.endswith("/steal.rego")) == ("DKR001", True)
    assert error.message == "rule ID 'DKR001' is already used by <builtin>/dockerfile/DKR001_unpinned_base_image/policy.rego:33"
    assert engine.rules["DKR001"].source == "builtin"
