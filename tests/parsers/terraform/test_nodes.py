"""Nodes and edges of evaluated modules: attrs, attribute lines, unknowns, count/for_each,
dynamic blocks, decoded policies, providers and references."""

from __future__ import annotations

from typing import Any

from tf_repo_scan import scan

from scanner.model import Node, unknown_value


def plain(node: Node) -> dict[str, Any]:
    """A node's attrs without the ``__`` meta attributes."""
    return {key: value for key, value in node.attrs.items() if not key.startswith("__")}


def test_resource_node_has_evaluated_attrs_lines_and_unknowns() -> None:
    node = scan("cross_file").nodes["tf:aws_s3_bucket.logs"]
    assert node.to_json() == {
        "id": "tf:aws_s3_bucket.logs",
        "format": "terraform",
        "kind": "aws_s3_bucket",
        "name": "aws_s3_bucket.logs",
        "path": "main.tf",
        "start_line": 1,
        "end_line": 9,
        "attrs": {
            "bucket": "staging-from-b-auto-logs",
            "acl": "private",
            "tags": {
                "Env": "staging",
                "Team": "from-b-auto",
                "Region": {"__unknown__": "variable 'region' has no value"},
            },
            "__provider": "aws",
            "__address": "aws_s3_bucket.logs",
            "__module": "",
            "__module_dir": ".",
        },
        "attr_lines": {"acl": 3, "bucket": 2, "tags": 4, "tags.Env": 5, "tags.Region": 7, "tags.Team": 6},
        "unknown": ["tags.Region"],
    }


def test_variable_local_and_output_nodes() -> None:
    result = scan("cross_file")
    env = result.nodes["tf:var.env"]
    assert (env.kind, env.path, env.start_line, env.end_line) == ("terraform.variable", "variables.tf", 1, 4)
    assert plain(env) == {"default": "dev", "type": "string", "value": "staging"}
    assert env.attr_lines == {"default": 3, "type": 2}
    prefix = result.nodes["tf:local.prefix"]
    assert (prefix.kind, prefix.path, prefix.start_line, prefix.end_line) == ("terraform.local", "locals.tf", 2, 2)
    output = scan("local_module").nodes["tf:output.bucket_name"]
    assert (output.kind, output.start_line, output.end_line, output.attr_lines) == ("terraform.output", 16, 18, {"value": 17})


def test_data_source_values_are_unknown_never_guessed() -> None:
    result = scan("data_source")
    bucket = result.nodes["tf:aws_s3_bucket.logs"]
    reason = "data.aws_caller_identity.me is read by the provider at plan time"
    assert plain(bucket) == {
        "bucket": unknown_value(reason),
        "tags": {"Owner": unknown_value(reason), "Team": "platform"},
    }
    assert bucket.unknown == ["bucket", "tags.Owner"]
    assert bucket.attr_lines == {"bucket": 10, "tags": 11, "tags.Owner": 12, "tags.Team": 13}
    document = result.nodes["tf:data.aws_iam_policy_document.read"]
    assert document.kind == "data.aws_iam_policy_document"
    assert plain(document) == {"statement": [{"actions": ["s3:GetObject"]}]}
    assert result.nodes["tf:aws_iam_policy.read"].attrs["policy"] == unknown_value(
        "data.aws_iam_policy_document.read is read by the provider at plan time"
    )


def test_count_expands_to_indexed_instances() -> None:
    result = scan("expansion", max_instances=3)
    first, second = result.nodes["tf:aws_instance.web[0]"], result.nodes["tf:aws_instance.web[1]"]
    assert plain(first) == {"ami": "ami-0", "instance_type": "t3.micro"}
    assert plain(second) == {"ami": "ami-1", "instance_type": "t3.micro"}
    assert (first.attrs["__count_index"], second.attrs["__count_index"]) == (0, 1)
    assert first.name == "aws_instance.web[0]"
    assert (first.start_line, first.attr_lines) == (11, {"ami": 13, "instance_type": 14})
    assert "tf:aws_instance.web" not in result.nodes


def test_for_each_expands_maps_and_sets_by_key() -> None:
    result = scan("expansion", max_instances=3)
    assert plain(result.nodes['tf:aws_s3_bucket.by_map["logs"]']) == {"bucket": "logs", "acl": "private"}
    assert plain(result.nodes['tf:aws_s3_bucket.by_map["site"]']) == {"bucket": "site", "acl": "public-read"}
    users = sorted(node_id for node_id in result.nodes if node_id.startswith("tf:aws_iam_user."))
    assert users == ['tf:aws_iam_user.users["a"]', 'tf:aws_iam_user.users["b"]']
    assert plain(result.nodes['tf:aws_iam_user.users["a"]']) == {"name": "a", "path": "/a/"}
    assert result.nodes['tf:aws_iam_user.users["a"]'].attrs["__each_key"] == "a"


def test_count_zero_gives_no_node() -> None:
    result = scan("expansion", max_instances=3)
    assert not [node_id for node_id in result.nodes if "aws_eip" in node_id]


def test_unknown_count_gives_one_node_marked_expansion_unknown() -> None:
    node = scan("expansion", max_instances=3).nodes["tf:aws_subnet.per_az"]
    data_reason = "data.aws_availability_zones.all is read by the provider at plan time"
    assert plain(node) == {
        "availability_zone": unknown_value(data_reason),
        "cidr_block": unknown_value(f"count.index is unknown because count is unknown ({data_reason})"),
        "vpc_id": "vpc-1",
        "count": unknown_value(f"count is unknown: {data_reason}"),
    }
    assert node.unknown == ["availability_zone", "cidr_block", "count"]
    assert node.attr_lines["count"] == 34
    assert "__count_index" not in node.attrs


def test_expansion_is_bounded_with_an_error() -> None:
    result = scan("expansion", max_instances=3)
    many = sorted(node_id for node_id in result.nodes if node_id.startswith("tf:aws_instance.many"))
    assert many == ["tf:aws_instance.many[0]", "tf:aws_instance.many[1]", "tf:aws_instance.many[2]"]
    assert result.messages() == [
        ("main.tf", 41, "aws_instance.many expands to 5 instances, more than the limit of 3; only the first 3 are kept")
    ]


def test_module_for_each_instances_and_their_outputs() -> None:
    result = scan("expansion", max_instances=3)
    assert result.nodes['tf:module.svc["ui"].aws_lb_listener.this'].attrs["port"] == 3000
    assert result.nodes['tf:module.svc["api"].aws_lb_listener.this'].attrs["__module"] == 'module.svc["api"]'
    assert result.nodes["tf:output.api_port"].attrs["value"] == 8080
    assert result.edge_set("contains") >= {
        ('tf:module.svc["api"]', 'tf:module.svc["api"].aws_lb_listener.this'),
        ('tf:module.svc["api"]', 'tf:module.svc["api"].var.port'),
        ('tf:module.svc["api"]', 'tf:module.svc["api"].output.port'),
    }


def test_references_to_one_instance_or_to_all_of_them() -> None:
    result = scan("expansion", max_instances=3)
    record = result.nodes["tf:aws_route53_record.first_web"]
    assert plain(record) == {"name": "ami-0", "records": ["t3.micro", "t3.micro"]}
    edges = {target for source, target in result.edge_set("references") if source == "tf:aws_route53_record.first_web"}
    assert edges == {"tf:aws_instance.web[0]", "tf:aws_instance.web[1]"}  # [0] and the [*] splat
    output_edges = {target for source, target in result.edge_set("references") if source == "tf:output.api_port"}
    assert output_edges == {'tf:module.svc["api"]'}


def test_dynamic_blocks_expand_with_their_iterator() -> None:
    node = scan("dynamic_blocks").nodes["tf:aws_security_group.web"]
    assert plain(node) == {
        "name": "web",
        "ingress": [
            {"from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8"]},
            {"from_port": 80, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]},
            {"from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
        ],
        "egress": [{"from_port": 0, "to_port": 0}],
    }
    assert node.attr_lines["ingress[0].cidr_blocks"] == 11
    assert node.attr_lines["ingress[1]"] == 14
    assert node.attr_lines["ingress[2].cidr_blocks"] == 20
    assert node.attr_lines["egress[0].to_port"] == 26
    assert node.unknown == []


def test_dynamic_block_with_unknown_for_each_is_an_unknown_element() -> None:
    node = scan("dynamic_blocks").nodes["tf:aws_security_group.from_data"]
    assert node.attrs["ingress"] == [
        unknown_value(
            "dynamic block 'ingress' has an unknown for_each "
            "(data.aws_ip_ranges.cloudfront is read by the provider at plan time)"
        )
    ]
    assert node.unknown == ["ingress[0]"]
    assert node.attr_lines == {"name": 33, "ingress[0]": 35}


def test_jsonencode_policy_is_decoded_with_lines() -> None:
    node = scan("iam_policies").nodes["tf:aws_iam_policy.admin"]
    assert node.attrs["policy"] == {
        "Statement": [{"Action": "*", "Effect": "Allow", "Resource": "*"}],
        "Version": "2012-10-17",
    }
    assert node.attr_lines["policy"] == 3
    assert node.attr_lines["policy.Statement[0].Action"] == 8
    assert node.attr_lines["policy.Version"] == 4


def test_heredoc_json_policy_is_decoded() -> None:
    node = scan("iam_policies").nodes["tf:aws_iam_role.ci"]
    assert node.attrs["assume_role_policy"] == {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    assert node.attr_lines["assume_role_policy"] == 17


def test_jsonencode_with_an_unknown_part_keeps_the_known_parts() -> None:
    node = scan("iam_policies").nodes["tf:aws_s3_bucket_policy.logs"]
    assert node.attrs["bucket"] == "company-logs"  # configured attribute of another resource
    assert node.attrs["policy"] == {
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": unknown_value("aws_s3_bucket.logs.arn is computed by the provider"),
            }
        ]
    }
    assert node.unknown == ["policy.Statement[0].Resource"]


def test_container_definitions_are_decoded() -> None:
    node = scan("iam_policies").nodes["tf:aws_ecs_task_definition.app"]
    assert node.attrs["container_definitions"] == [{"image": "nginx:1.25", "name": "app", "privileged": True}]


def test_references_become_edges_across_files() -> None:
    result = scan("cross_file")
    assert result.edge_set("references") == {
        ("tf:aws_s3_bucket.logs", "tf:local.prefix"),
        ("tf:aws_s3_bucket.logs", "tf:var.acl"),
        ("tf:aws_s3_bucket.logs", "tf:var.env"),
        ("tf:aws_s3_bucket.logs", "tf:var.team"),
        ("tf:aws_s3_bucket.logs", "tf:var.region"),
        ("tf:local.prefix", "tf:var.env"),
        ("tf:local.prefix", "tf:var.team"),
    }


def test_module_call_contains_its_nodes_and_references_its_inputs() -> None:
    result = scan("local_module")
    assert {target for source, target in result.edge_set("contains") if source == "tf:module.bucket"} == {
        "tf:module.bucket.aws_s3_bucket.this",
        "tf:module.bucket.output.arn",
        "tf:module.bucket.output.name",
        "tf:module.bucket.var.name",
        "tf:module.bucket.var.tags",
    }
    assert ("tf:module.bucket", "tf:var.env") in result.edge_set("references")
    assert ("tf:aws_s3_bucket_policy.audit", "tf:module.bucket") in result.edge_set("references")
    assert ("tf:module.bucket.aws_s3_bucket.this", "tf:module.bucket.var.name") in result.edge_set("references")


def test_provider_configurations_and_uses_provider_edges() -> None:
    result = scan("providers")
    assert plain(result.nodes["tf:provider.aws.us"]) == {"alias": "us", "region": "us-east-1"}
    assert result.nodes["tf:provider.aws.us"].kind == "terraform.provider"
    assert result.nodes["tf:aws_s3_bucket.us"].attrs["__provider"] == "aws.us"
    assert result.edge_set("uses_provider") == {
        ("tf:aws_s3_bucket.eu", "tf:provider.aws"),
        ("tf:aws_s3_bucket.us", "tf:provider.aws.us"),
        ("tf:module.regional.aws_sqs_queue.q", "tf:provider.aws.us"),
        ("tf:module.inherits.aws_sqs_queue.q", "tf:provider.aws"),
    }
    assert result.nodes["tf:module.regional"].attrs["providers"] == {"aws": "aws.us"}


def test_required_providers_become_nodes() -> None:
    result = scan("providers")
    aws = result.nodes["tf:required_provider.aws"]
    assert (aws.kind, aws.start_line, aws.end_line) == ("terraform.required_provider", 3, 6)
    assert plain(aws) == {"source": "hashicorp/aws", "version": "~> 5.0"}
    assert aws.attr_lines == {"source": 4, "version": 5}
    assert plain(result.nodes["tf:required_provider.random"]) == {"version": "~> 3.1"}


def test_invalid_count_and_for_each_are_errors() -> None:
    result = scan("bad_expansion")
    assert result.messages() == [
        ("main.tf", 2, 'count of aws_instance.text must be a whole number of at least 0, not "many"'),
        ("main.tf", 6, "for_each of aws_instance.numbers must be a map or a set of strings, not number"),
    ]
    assert result.nodes["tf:aws_instance.text"].unknown == ["count"]
    assert result.nodes["tf:aws_instance.numbers"].unknown == ["for_each"]


def test_module_with_unknown_count_is_loaded_once_without_instance_key() -> None:
    result = scan("module_expansion")
    reason = "data.aws_regions.all is read by the provider at plan time"
    call = result.nodes["tf:module.per_region"]
    assert call.attrs["count"] == unknown_value(f"count is unknown: {reason}")
    assert call.unknown == ["count", "index"]
    bucket = result.nodes["tf:module.per_region.aws_s3_bucket.b"]
    assert bucket.attrs["bucket"] == unknown_value(f"count.index is unknown because count is unknown ({reason})")
    assert result.nodes["tf:module.per_region.output.name"].attrs["value"] == "fixed"
    assert result.nodes["tf:output.first"].attrs["value"] == unknown_value(
        f"module.per_region has an unknown count ({reason})"
    )


def test_module_with_count_zero_has_no_nodes_and_an_empty_value() -> None:
    result = scan("module_expansion")
    assert not [node_id for node_id in result.nodes if node_id.startswith("tf:module.none")]
    assert result.nodes["tf:output.none"].attrs["value"] == 0


def test_instances_of_one_root_evaluation_are_bounded_overall(monkeypatch) -> None:
    from scanner.parsers.terraform import module_eval

    monkeypatch.setattr(module_eval, "MAX_BLOCK_INSTANCES", 4)
    result = scan("instance_budget")
    assert sorted(result.nodes) == [
        "tf:aws_instance.first[0]",
        "tf:aws_instance.first[1]",
        "tf:aws_instance.first[2]",
        "tf:aws_instance.second[0]",
    ]
    assert result.messages() == [
        (
            "main.tf",
            5,
            "the configuration expands to more than 4 resource and block instances; "
            "aws_instance.second and any later ones are cut short",
        )
    ]
