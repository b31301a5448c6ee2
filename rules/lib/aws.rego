# METADATA
# title: Shared helpers for the AWS Terraform rules
# description: >-
#   Helpers the AWS rules of the pack share, imported with `import data.bastion.lib.aws`:
#   which resource another resource's attribute names (an S3 bucket named by a versioning or
#   public-access-block resource, a VPC named by a flow log), and IAM policy statements read
#   the same way whether they come from JSON (jsonencode or a heredoc, decoded by the parser)
#   or from an aws_iam_policy_document data source. Nothing here guesses an unknown value:
#   a reference that cannot be resolved yields no target, and the rules ask
#   `bucket_config_undecided` before they report a missing companion resource.
package bastion.lib.aws

import data.bastion.lib
import rego.v1

# resources(kinds) is every node whose kind is one of `kinds`, in the order of `kinds`.
resources(kinds) := [node | some kind in kinds; some node in object.get(input.by_kind, kind, [])]

# root_prefix(node) is the part of the node id before its Terraform address: "tf:" for the
# root module at the scan root, "tf:envs/prod:" for another root, "tfplan:<plan>:" for a
# plan. Undefined for a node without an address or with a de-duplicated id.
root_prefix(node) := prefix if {
	address := node.attrs.__address
	is_string(address)
	endswith(node.id, address)
	prefix := substring(node.id, 0, count(node.id) - count(address))
}

# same_root(a, b) is true when both nodes come from the same root module (or plan).
same_root(a, b) if root_prefix(a) == root_prefix(b)

# computed_reference(value) is [address, attribute] for the marker a reference to a
# provider-computed attribute leaves, e.g. ["aws_s3_bucket.logs", "id"] for
# {"__unknown__": "aws_s3_bucket.logs.id is computed by the provider"}. (String functions
# rather than a regex: this runs for every companion resource of a large graph.)
computed_reference(value) := [address, attribute] if {
	lib.is_unknown(value)
	reason := value.__unknown__
	is_string(reason)
	endswith(reason, _computed_suffix)
	reference := trim_suffix(reason, _computed_suffix)
	dots := indexof_n(reference, ".")
	count(dots) > 1
	last := dots[count(dots) - 1]
	address := substring(reference, 0, last)
	attribute := substring(reference, last + 1, -1)
	not contains(attribute, " ")
	not contains(attribute, "]")
}

_computed_suffix := " is computed by the provider"

_read_suffix := " is read by the provider at plan time"

# data_reference(value) is the data source address a marker names, e.g.
# "data.aws_iam_policy_document.admin" for a reference to that data source's `json`.
data_reference(value) := address if {
	lib.is_unknown(value)
	reason := value.__unknown__
	is_string(reason)
	endswith(reason, _read_suffix)
	address := trim_suffix(reason, _read_suffix)
	_data_address(address)
	not contains(address, " ")
}

_data_address(address) if startswith(address, "data.")

_data_address(address) if contains(address, ".data.")

# referenced_ids(node, value, kinds, names) is the set of ids of the nodes of `kinds` that
# `value` (an attribute value of `node`) names: through the unknown marker a reference leaves
# (`aws_s3_bucket.logs.id is computed by the provider`, resolved in the node's own root), or
# through a literal string that is a key of `names` (an object: name -> ids, e.g. bucket
# names). Empty when neither resolves. Edges are not used: they do not say which attribute
# a reference comes from (a logging configuration references both of its buckets).
referenced_ids(node, value, kinds, names) := ids if {
	is_string(value)
	ids := {id | some id in object.get(names, value, [])}
} else := ids if {
	is_string(value.__unknown__)
	ids := {id |
		some address in _reference_addresses(value)
		id := concat("", [root_prefix(node), address])
		input.by_id[id].kind in kinds
	}
} else := set()

_reference_addresses(value) := {reference[0] | reference := computed_reference(value)} | {address | address := data_reference(value)}

# attribute_ids(node, attribute, kinds, names) is referenced_ids for node.attrs[attribute].
attribute_ids(node, attribute, kinds, names) := referenced_ids(node, object.get(node.attrs, attribute, null), kinds, names)

# --- S3 buckets and their companion resources --------------------------------------------
#
# Rule packages call only the functions of this package: regorus evaluates every rule of a
# package when another package reads one of them, so the indexes below are reached through
# functions (has_bucket_config, bucket_config_undecided...), which evaluate just what they use.

buckets := object.get(input.by_kind, "aws_s3_bucket", [])

# bucket_names maps each known bucket name to the set of ids of the aws_s3_bucket nodes with
# it; {} when there is none (regorus leaves an empty multi-value rule undefined).
bucket_names := names if {
	names := _bucket_names
} else := {}

_bucket_names[name] contains bucket.id if {
	some bucket in buckets
	name := bucket.attrs.bucket
	is_string(name)
}

# bucket_ids(node) is the set of aws_s3_bucket ids that node's `bucket` attribute names.
bucket_ids(node) := attribute_ids(node, "bucket", {"aws_s3_bucket"}, bucket_names)

# value_bucket_ids(node, value) is the set of aws_s3_bucket ids that `value` names.
value_bucket_ids(node, value) := referenced_ids(node, value, {"aws_s3_bucket"}, bucket_names)

# bucket_config_kinds are the resource types configuring one bucket through `bucket`; the
# helpers below work for these kinds only.
bucket_config_kinds := {
	"aws_s3_bucket_acl",
	"aws_s3_bucket_logging",
	"aws_s3_bucket_policy",
	"aws_s3_bucket_public_access_block",
	"aws_s3_bucket_server_side_encryption_configuration",
	"aws_s3_bucket_versioning",
}

# configured_buckets is the set of [kind, bucket id] pairs for which a node of that kind
# (one of bucket_config_kinds) names that bucket (computed once per evaluation, so rules stay
# linear in the size of the graph).
configured_buckets := {[input.by_id[id].kind, bucket_id] |
	some id, ids in _bucket_config_targets
	some bucket_id in ids
}

# The bucket ids each bucket_config_kinds node names, resolved once.
_bucket_config_targets := {node.id: bucket_ids(node) |
	some kind in bucket_config_kinds
	some node in object.get(input.by_kind, kind, [])
}

# unresolved_bucket_configs is the set of ids of bucket_config_kinds nodes whose `bucket`
# resolves to no aws_s3_bucket of the graph.
unresolved_bucket_configs contains id if {
	some id, ids in _bucket_config_targets
	count(ids) == 0
}

# has_bucket_config(bucket, kind) is true when a node of `kind` (one of
# bucket_config_kinds) names this bucket.
has_bucket_config(bucket, kind) if [kind, bucket.id] in configured_buckets

# bucket_config_undecided(bucket, kind) is true when a node of `kind` in the bucket's root
# names a bucket that cannot be resolved and might be this one: its `bucket` is unknown, or
# it is a literal name while this bucket's own name is unknown. A rule reporting a missing
# companion resource then stays silent rather than guess.
bucket_config_undecided(bucket, kind) if {
	some id in unresolved_bucket_configs
	node := input.by_id[id]
	node.kind == kind
	same_root(node, bucket)
	may_name_bucket(object.get(node.attrs, "bucket", null), bucket)
}

# may_name_bucket(value, bucket) is true when an unresolved bucket reference `value` may
# still name `bucket`: the value is unknown, or it is a literal while the bucket's name is not known.
may_name_bucket(value, _) if not lib.known(value)

may_name_bucket(value, bucket) if {
	is_string(value)
	not lib.known(object.get(bucket.attrs, "bucket", null))
}

# --- VPCs ------------------------------------------------------------------------------

# vpc_ids(node) is the set of aws_vpc ids that node's `vpc_id` names.
vpc_ids(node) := attribute_ids(node, "vpc_id", {"aws_vpc"}, {})

# vpc_config_kinds are the resource types attached to one VPC through `vpc_id` that the
# helpers below index.
vpc_config_kinds := {"aws_default_security_group", "aws_flow_log"}

# configured_vpcs is the set of [kind, vpc id] pairs for which a node of that kind (one of
# vpc_config_kinds) names that VPC.
configured_vpcs := {[node.kind, vpc_id] |
	some kind in vpc_config_kinds
	some node in object.get(input.by_kind, kind, [])
	some vpc_id in vpc_ids(node)
}

# has_vpc_config(vpc, kind) is true when a node of `kind` (one of vpc_config_kinds) names this VPC.
has_vpc_config(vpc, kind) if [kind, vpc.id] in configured_vpcs

# vpc_config_undecided(vpc, kind) is true when a node of `kind` (one of vpc_config_kinds) in
# the VPC's root has a `vpc_id` that is unknown and resolves to no VPC, so it might be this one.
vpc_config_undecided(vpc, kind) if {
	some id in unresolved_vpc_configs
	node := input.by_id[id]
	node.kind == kind
	same_root(node, vpc)
}

# unresolved_vpc_configs is the set of ids of vpc_config_kinds nodes whose `vpc_id` is
# unknown and resolves to no aws_vpc of the graph.
unresolved_vpc_configs contains node.id if {
	some kind in vpc_config_kinds
	some node in object.get(input.by_kind, kind, [])
	not lib.known(object.get(node.attrs, "vpc_id", null))
	count(vpc_ids(node)) == 0
}

# --- EC2 -------------------------------------------------------------------------------

# ebs_encrypted_by_default(node) is true when the node's root module turns on EBS encryption
# by default for the account and region (aws_ebs_encryption_by_default, whose `enabled`
# defaults to true), or may do so (its `enabled` is unknown).
ebs_encrypted_by_default(node) if {
	some setting in object.get(input.by_kind, "aws_ebs_encryption_by_default", [])
	same_root(setting, node)
	object.get(setting.attrs, "enabled", true) != false
}

# is_true(x) is true for true and for the string "true" (some arguments are typed strings).
is_true(x) if x == true

is_true(x) if x == "true"

# --- IAM policy statements ---------------------------------------------------------------

# as_list(x) is x when it is an array, [x] for any other defined value.
as_list(x) := x if is_array(x)

as_list(x) := [x] if not is_array(x)

# json_statements(policy, path) normalizes the statements of a decoded JSON policy found at
# attribute path `path` (a "Statement" array, or a single statement object). Each statement:
#   effect      "Allow", "Deny" or an unknown marker
#   actions     Action as a list ([] when absent); not_actions likewise for NotAction
#   resources   Resource as a list; not_resources likewise for NotResource
#   principals  [{"type", "identifiers", "path"}]: "*" is {"type": "*", "identifiers": ["*"]}
#   conditions  [{"test", "variable", "values"}]
#   path, action_path, resource_path: attribute paths for findings
json_statements(policy, path) := array.concat(
	[_json_statement(statement, sprintf("%s.Statement[%d]", [path, i])) |
		is_object(policy)
		is_array(policy.Statement)
		some i, statement in policy.Statement
		is_object(statement)
	],
	[_json_statement(policy.Statement, concat("", [path, ".Statement"])) |
		is_object(policy)
		is_object(policy.Statement)
		not lib.is_unknown(policy.Statement)
	],
)

_json_statement(statement, path) := {
	"effect": object.get(statement, "Effect", null),
	"actions": _json_list(statement, "Action"),
	"not_actions": _json_list(statement, "NotAction"),
	"resources": _json_list(statement, "Resource"),
	"not_resources": _json_list(statement, "NotResource"),
	"principals": _json_principals(statement, path),
	"conditions": _json_conditions(statement),
	"path": path,
	"action_path": concat("", [path, ".Action"]),
	"resource_path": concat("", [path, ".Resource"]),
}

_json_list(statement, key) := as_list(object.get(statement, key, []))

_json_principals(statement, path) := [{"type": "*", "identifiers": ["*"], "path": concat("", [path, ".Principal"])}] if {
	statement.Principal == "*"
} else := [principal |
	is_object(statement.Principal)
	not lib.is_unknown(statement.Principal)
	some type, identifiers in statement.Principal
	principal := {
		"type": type,
		"identifiers": as_list(identifiers),
		"path": concat("", [path, ".Principal.", type]),
	}
]

_json_conditions(statement) := [condition |
	is_object(statement.Condition)
	some test, clauses in statement.Condition
	is_object(clauses)
	some variable, values in clauses
	condition := {"test": test, "variable": variable, "values": as_list(values)}
]

# document_statements(document) normalizes the `statement` blocks of a
# data.aws_iam_policy_document node into the shape json_statements gives; an omitted
# `effect` is "Allow", as in the provider.
document_statements(document) := [{
	"effect": object.get(statement, "effect", "Allow"),
	"actions": as_list(object.get(statement, "actions", [])),
	"not_actions": as_list(object.get(statement, "not_actions", [])),
	"resources": as_list(object.get(statement, "resources", [])),
	"not_resources": as_list(object.get(statement, "not_resources", [])),
	"principals": [{
		"type": object.get(principal, "type", null),
		"identifiers": as_list(object.get(principal, "identifiers", [])),
		"path": sprintf("statement[%d].principals[%d]", [i, j]),
	} |
		some j, principal in object.get(statement, "principals", [])
		is_object(principal)
	],
	"conditions": [{
		"test": object.get(condition, "test", null),
		"variable": object.get(condition, "variable", null),
		"values": as_list(object.get(condition, "values", [])),
	} |
		some condition in object.get(statement, "condition", [])
		is_object(condition)
	],
	"path": sprintf("statement[%d]", [i]),
	"action_path": sprintf("statement[%d].actions", [i]),
	"resource_path": sprintf("statement[%d].resources", [i]),
} |
	some i, statement in object.get(document.attrs, "statement", [])
	is_object(statement)
]

# policy_documents(node, value) is every data.aws_iam_policy_document node that `value` (a
# policy attribute of `node` that is unknown because it is a document's `json`) names.
policy_documents(node, value) := [input.by_id[id] |
	some id in referenced_ids(node, value, {"data.aws_iam_policy_document"}, {})
]

# identity_policy_fields maps each resource type holding an identity-based policy (JSON) to
# the attribute holding it; aws_iam_role's inline_policy blocks are read as well.
identity_policy_fields := {
	"aws_iam_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_iam_user_policy": "policy",
	"aws_iam_group_policy": "policy",
	"aws_ssoadmin_permission_set_inline_policy": "inline_policy",
}

# identity_entries(graph) is every statement of an identity-based policy in `graph` (pass
# `input`), as {"node": <the node to report>, "statement": <normalized statement>}: JSON
# policies of the resources above, inline policies of aws_iam_role, and the statements
# without principals of every aws_iam_policy_document data source (a statement with
# principals belongs to a resource policy or a trust policy). A function rather than a rule:
# regorus evaluates a whole package when another package reads one of its rules.
identity_entries(graph) := array.concat(
	array.concat(
		[{"node": node, "statement": statement} |
			some kind, field in identity_policy_fields
			some node in object.get(graph.by_kind, kind, [])
			some statement in json_statements(object.get(node.attrs, field, null), field)
		],
		[{"node": node, "statement": statement} |
			some node in object.get(graph.by_kind, "aws_iam_role", [])
			some i, inline in object.get(node.attrs, "inline_policy", [])
			some statement in json_statements(object.get(inline, "policy", null), sprintf("inline_policy[%d].policy", [i]))
		],
	),
	[{"node": node, "statement": statement} |
		some node in object.get(graph.by_kind, "data.aws_iam_policy_document", [])
		some i, statement in document_statements(node)
		count(statement.principals) == 0
		count(object.get(node.attrs.statement[i], "not_principals", [])) == 0
	],
)

# allows(statement) is true for a statement whose effect is known to be Allow.
allows(statement) if statement.effect == "Allow"

# is_wildcard(values) is true when the list holds the bare "*" wildcard.
is_wildcard(values) if "*" in values
