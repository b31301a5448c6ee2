package bastion.lib.aws_test

import data.bastion.lib.aws
import rego.v1

_bucket(id, address, name) := {"id": id, "kind": "aws_s3_bucket", "attrs": {"__address": address, "bucket": name}}

_versioning(id, address, bucket) := {"id": id, "kind": "aws_s3_bucket_versioning", "attrs": {"__address": address, "bucket": bucket}}

_computed(address) := {"__unknown__": sprintf("%s.id is computed by the provider", [address])}

_graph(nodes, edges) := {
	"by_id": {node.id: node | some node in nodes},
	"by_kind": {kind: [node | some node in nodes; node.kind == kind] | some n in nodes; kind := n.kind},
	"edges_from": {source: [edge | some edge in edges; edge.source == source] | some e in edges; source := e.source},
}

test_root_prefix_of_root_module if aws.root_prefix({"id": "tf:aws_s3_bucket.logs", "attrs": {"__address": "aws_s3_bucket.logs"}}) == "tf:"

test_root_prefix_of_nested_root if {
	node := {"id": "tf:envs/prod:module.web.aws_vpc.this", "attrs": {"__address": "module.web.aws_vpc.this"}}
	aws.root_prefix(node) == "tf:envs/prod:"
}

test_root_prefix_undefined_for_deduplicated_id if {
	not aws.root_prefix({"id": "tf:aws_vpc.a@b.tf:3", "attrs": {"__address": "aws_vpc.a"}})
}

test_computed_reference_splits_address_and_attribute if {
	aws.computed_reference(_computed(`aws_s3_bucket.logs["a.b"]`)) == [`aws_s3_bucket.logs["a.b"]`, "id"]
}

test_computed_reference_ignores_other_reasons if {
	not aws.computed_reference({"__unknown__": "variable 'name' has no value"})
}

test_data_reference_of_policy_document if {
	marker := {"__unknown__": "module.iam.data.aws_iam_policy_document.admin[0] is read by the provider at plan time"}
	aws.data_reference(marker) == "module.iam.data.aws_iam_policy_document.admin[0]"
}

test_bucket_resolved_through_reference_in_same_root if {
	logs := _bucket("tf:envs/a:aws_s3_bucket.logs", "aws_s3_bucket.logs", "a-logs")
	other_root := _bucket("tf:envs/b:aws_s3_bucket.logs", "aws_s3_bucket.logs", "b-logs")
	versioning := _versioning("tf:envs/a:aws_s3_bucket_versioning.logs", "aws_s3_bucket_versioning.logs", _computed("aws_s3_bucket.logs"))
	aws.bucket_ids(versioning) == {"tf:envs/a:aws_s3_bucket.logs"} with input as _graph([logs, other_root, versioning], [])
}

test_bucket_resolved_through_literal_name if {
	logs := _bucket("tf:aws_s3_bucket.logs", "aws_s3_bucket.logs", "acme-logs")
	versioning := _versioning("tf:aws_s3_bucket_versioning.logs", "aws_s3_bucket_versioning.logs", "acme-logs")
	aws.bucket_ids(versioning) == {"tf:aws_s3_bucket.logs"} with input as _graph([logs, versioning], [])
}

test_edge_from_another_attribute_does_not_resolve if {
	logs := _bucket("tf:aws_s3_bucket.logs", "aws_s3_bucket.logs", "acme-logs")
	versioning := _versioning("tf:aws_s3_bucket_versioning.logs", "aws_s3_bucket_versioning.logs", {"__unknown__": "variable 'name' has no value"})
	edge := {"source": versioning.id, "target": logs.id, "relation": "references"}
	count(aws.bucket_ids(versioning)) == 0 with input as _graph([logs, versioning], [edge])
}

test_unresolved_unknown_bucket_leaves_every_bucket_of_the_root_undecided if {
	logs := _bucket("tf:aws_s3_bucket.logs", "aws_s3_bucket.logs", "acme-logs")
	versioning := _versioning("tf:aws_s3_bucket_versioning.x", "aws_s3_bucket_versioning.x", {"__unknown__": "variable 'name' has no value"})
	aws.bucket_config_undecided(logs, "aws_s3_bucket_versioning") with input as _graph([logs, versioning], [])
}

test_literal_name_of_another_bucket_decides if {
	logs := _bucket("tf:aws_s3_bucket.logs", "aws_s3_bucket.logs", "acme-logs")
	versioning := _versioning("tf:aws_s3_bucket_versioning.x", "aws_s3_bucket_versioning.x", "external-bucket")
	not aws.bucket_config_undecided(logs, "aws_s3_bucket_versioning") with input as _graph([logs, versioning], [])
}

test_literal_name_with_unknown_bucket_name_is_undecided if {
	logs := _bucket("tf:aws_s3_bucket.logs", "aws_s3_bucket.logs", {"__unknown__": "variable 'name' has no value"})
	versioning := _versioning("tf:aws_s3_bucket_versioning.x", "aws_s3_bucket_versioning.x", "external-bucket")
	aws.bucket_config_undecided(logs, "aws_s3_bucket_versioning") with input as _graph([logs, versioning], [])
}

test_json_statement_list if {
	policy := {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ["*"], "Principal": {"AWS": "*"}}]}
	[statement] := aws.json_statements(policy, "policy")
	statement.actions == ["*"]
	statement.resources == ["*"]
	statement.principals == [{"type": "AWS", "identifiers": ["*"], "path": "policy.Statement[0].Principal.AWS"}]
	statement.action_path == "policy.Statement[0].Action"
}

test_json_single_statement_object if {
	policy := {"Statement": {"Effect": "Deny", "Principal": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}}
	[statement] := aws.json_statements(policy, "policy")
	statement.path == "policy.Statement"
	statement.principals[0].type == "*"
	statement.conditions == [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]
}

test_json_statements_of_unknown_policy_are_empty if {
	count(aws.json_statements({"__unknown__": "data source"}, "policy")) == 0
}

test_document_statement_defaults_to_allow if {
	document := {"attrs": {"statement": [{"actions": ["s3:GetObject"], "principals": [{"type": "*", "identifiers": ["*"]}]}]}}
	[statement] := aws.document_statements(document)
	aws.allows(statement)
	statement.principals[0].path == "statement[0].principals[0]"
}

test_has_bucket_config_by_kind if {
	logs := _bucket("tf:aws_s3_bucket.logs", "aws_s3_bucket.logs", "acme-logs")
	other := _bucket("tf:aws_s3_bucket.other", "aws_s3_bucket.other", "acme-other")
	versioning := _versioning("tf:aws_s3_bucket_versioning.logs", "aws_s3_bucket_versioning.logs", _computed("aws_s3_bucket.logs"))
	graph := _graph([logs, other, versioning], [])
	aws.has_bucket_config(logs, "aws_s3_bucket_versioning") with input as graph
	not aws.has_bucket_config(other, "aws_s3_bucket_versioning") with input as graph
	not aws.has_bucket_config(logs, "aws_s3_bucket_logging") with input as graph
}

test_has_vpc_config_through_reference if {
	vpc := {"id": "tf:aws_vpc.main", "kind": "aws_vpc", "attrs": {"__address": "aws_vpc.main"}}
	flow_log := {"id": "tf:aws_flow_log.main", "kind": "aws_flow_log", "attrs": {"__address": "aws_flow_log.main", "vpc_id": _computed("aws_vpc.main")}}
	aws.has_vpc_config(vpc, "aws_flow_log") with input as _graph([vpc, flow_log], [])
}

test_referenced_ids_of_other_values_are_empty if {
	node := {"id": "tf:aws_flow_log.x", "attrs": {"__address": "aws_flow_log.x"}}
	count(aws.referenced_ids(node, 5, {"aws_vpc"}, {})) == 0
	count(aws.referenced_ids(node, [_computed("aws_vpc.main")], {"aws_vpc"}, {})) == 0
	count(aws.referenced_ids(node, null, {"aws_vpc"}, {})) == 0
}
