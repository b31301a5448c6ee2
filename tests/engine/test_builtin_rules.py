"""Built-in rules over hand-built graph nodes: exact findings, and silence on unknown values.

The fixture-driven pack test (test_rule_pack.py) runs the same rules through the real parsers;
these tests pin the node shapes the rules rely on, independently of the parsers.
"""

from __future__ import annotations

from scanner.model import Edge

UNKNOWN = {"__unknown__": "data.aws_ssm_parameter.x.value"}


def _findings(engine, graph, rule_id):
    result = engine.evaluate(graph, select=lambda meta: meta.id == rule_id)
    assert result.errors == []
    return [(f.resource, f.attribute, f.start_line, f.message) for f in result.findings]


def _tf(make_node, kind, name, attrs, attr_lines, unknown=()):
    return make_node(f"tf:{kind}.{name}", kind, name=f"{kind}.{name}", attrs=attrs, attr_lines=attr_lines, start_line=1, end_line=20, unknown=unknown)


def test_tf001_public_canned_acls_and_grants(builtin_engine, make_node, make_graph):
    nodes = [
        _tf(make_node, "aws_s3_bucket", "www", {"acl": "public-read"}, {"acl": 3}),
        _tf(make_node, "aws_s3_bucket", "private", {"acl": "private"}, {"acl": 3}),
        _tf(make_node, "aws_s3_bucket", "computed", {"acl": UNKNOWN}, {"acl": 3}, unknown=["acl"]),
        _tf(
            make_node,
            "aws_s3_bucket_acl",
            "grants",
            {
                "access_control_policy": [
                    {
                        "grant": [
                            {"grantee": [{"type": "CanonicalUser", "id": "abc"}], "permission": "FULL_CONTROL"},
                            {"grantee": [{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}], "permission": "READ"},
                        ]
                    }
                ]
            },
            {"access_control_policy[0].grant[1].grantee[0].uri": 14, "access_control_policy[0].grant[1]": 12},
        ),
    ]
    assert _findings(builtin_engine, make_graph(nodes), "TF001") == [
        ("tf:aws_s3_bucket.www", "acl", 3, "aws_s3_bucket 'aws_s3_bucket.www' uses the public canned ACL 'public-read'"),
        (
            "tf:aws_s3_bucket_acl.grants",
            "access_control_policy[0].grant[1].grantee[0].uri",
            14,
            "aws_s3_bucket_acl 'aws_s3_bucket_acl.grants' grants READ to http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
        ),
    ]


def test_tf002_admin_ports_from_anywhere(builtin_engine, make_node, make_graph):
    group = _tf(
        make_node,
        "aws_security_group",
        "web",
        {
            "ingress": [
                {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
                {"from_port": 0, "to_port": 65535, "protocol": "TCP", "cidr_blocks": ["10.0.0.0/8"], "ipv6_cidr_blocks": ["::/0"]},
            ]
        },
        {"ingress[1].ipv6_cidr_blocks": 9},
    )
    rule = _tf(
        make_node,
        "aws_security_group_rule",
        "all",
        {"type": "ingress", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]},
        {"cidr_blocks": 17},
    )
    egress = _tf(
        make_node,
        "aws_security_group_rule",
        "egress",
        {"type": "egress", "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]},
        {"cidr_blocks": 4},
    )
    vpc_rule = _tf(
        make_node,
        "aws_vpc_security_group_ingress_rule",
        "rdp",
        {"cidr_ipv4": "0.0.0.0/0", "ip_protocol": "6", "from_port": "3389", "to_port": "3389"},
        {"cidr_ipv4": 5},
    )
    assert _findings(builtin_engine, make_graph([group, rule, egress, vpc_rule]), "TF002") == [
        ("tf:aws_vpc_security_group_ingress_rule.rdp", "cidr_ipv4", 5, "aws_vpc_security_group_ingress_rule 'aws_vpc_security_group_ingress_rule.rdp' allows RDP (3389) from 0.0.0.0/0"),
        ("tf:aws_security_group.web", "ingress[1].ipv6_cidr_blocks", 9, "aws_security_group 'aws_security_group.web' allows SSH (22), RDP (3389) from ::/0"),
        ("tf:aws_security_group_rule.all", "cidr_blocks", 17, "aws_security_group_rule 'aws_security_group_rule.all' allows SSH (22), RDP (3389) from 0.0.0.0/0"),
    ]


def test_tf002_is_silent_on_unknown_ports_protocols_and_blocks(builtin_engine, make_node, make_graph):
    nodes = [
        _tf(make_node, "aws_security_group_rule", "port", {"type": "ingress", "from_port": UNKNOWN, "to_port": UNKNOWN, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}, {}),
        _tf(make_node, "aws_security_group_rule", "proto", {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": UNKNOWN, "cidr_blocks": ["0.0.0.0/0"]}, {}),
        _tf(make_node, "aws_security_group_rule", "cidr", {"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": UNKNOWN}, {}),
        _tf(make_node, "aws_security_group", "dynamic", {"ingress": UNKNOWN}, {}),
    ]
    assert _findings(builtin_engine, make_graph(nodes), "TF002") == []


def _stage(make_node, name, *, image, user=None, is_final=True, attr_lines=None):
    defaults = {"registry": "docker.io", "repository": f"library/{image.get('name')}", "tag": None, "digest": None, "is_stage_alias": False, "is_scratch": False, "unresolved": False}
    return make_node(
        f"docker:Dockerfile#{name}",
        "dockerfile.stage",
        format="dockerfile",
        path="Dockerfile",
        name=name,
        start_line=1,
        end_line=4,
        attrs={"image": {**defaults, **image}, "user": user, "is_final": is_final},
        attr_lines=attr_lines or {"image": 1},
    )


def test_dkr001_and_dkr002_on_stage_nodes(builtin_engine, make_node, make_graph):
    latest = _stage(make_node, "stage0", image={"raw": "node:latest", "name": "node", "tag": "latest"}, user="root", attr_lines={"image": 1, "user": 3})
    pinned = _stage(make_node, "stage1", image={"raw": "node:22", "name": "node", "tag": "22"}, user="10001", is_final=False)
    unresolved = _stage(make_node, "stage2", image={"raw": "${BASE}", "name": None, "registry": None, "unresolved": True}, is_final=False)
    graph = make_graph([latest, pinned, unresolved])
    assert _findings(builtin_engine, graph, "DKR001") == [("docker:Dockerfile#stage0", "image", 1, "base image 'node:latest' is not pinned to a version tag or digest")]
    assert _findings(builtin_engine, graph, "DKR002") == [("docker:Dockerfile#stage0", "user", 3, "the final stage 'stage0' runs as root (USER root)")]


def _workload(make_node, kind, name, containers, labels=None, namespace="shop"):
    pod_spec = {
        "__path": "spec.template.spec",
        "__pod_labels": labels or {},
        "__containers": [{**container, "__source": "containers", "__path": f"spec.template.spec.containers[{i}]"} for i, container in enumerate(containers)],
    }
    return make_node(
        f"k8s:apps/{kind}/{namespace}/{name}",
        kind,
        format="kubernetes",
        path="k8s.yaml",
        name=name,
        start_line=1,
        end_line=30,
        attrs={"kind": kind, "__namespace": namespace, "__pod_spec": pod_spec},
        attr_lines={"spec.template.spec.containers[1]": 22, "spec.template.spec.containers[1].securityContext.privileged": 25},
    )


def test_k8s001_and_k8s002_on_workload_nodes(builtin_engine, make_node, make_graph):
    web = _workload(make_node, "Deployment", "web", [{"name": "app"}, {"name": "sidecar", "securityContext": {"privileged": True}}])
    api = _workload(make_node, "Deployment", "api", [{"name": "api", "securityContext": {"privileged": False}}])
    policy = make_node("k8s:networking.k8s.io/NetworkPolicy/shop/api", "NetworkPolicy", format="kubernetes", path="np.yaml")
    graph = make_graph([web, api, policy], [Edge(policy.id, api.id, "selects")])
    assert _findings(builtin_engine, graph, "K8S001") == [
        ("k8s:apps/Deployment/shop/web", "spec.template.spec.containers[1].securityContext.privileged", 25, "container 'sidecar' of Deployment 'web' runs privileged")
    ]
    assert _findings(builtin_engine, graph, "K8S002") == [
        ("k8s:apps/Deployment/shop/web", None, 1, "Deployment 'web' in namespace 'shop' is not selected by any NetworkPolicy, so its pods accept all traffic")
    ]
