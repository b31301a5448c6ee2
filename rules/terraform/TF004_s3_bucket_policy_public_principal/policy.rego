# METADATA
# title: S3 bucket policy allows any principal
# description: >-
#   A bucket policy statement with Effect Allow and Principal "*" (or {"AWS": "*"}) grants its
#   actions to everyone on the internet, unless a condition pins the caller down. Severity
#   HIGH: the statement publishes whatever its actions reach. Checks aws_s3_bucket_policy and
#   the legacy `policy` argument of aws_s3_bucket, whether the policy is written with
#   jsonencode, as a heredoc, or as an aws_iam_policy_document data source the policy
#   names. A statement is not reported when a condition restricts the caller to fixed values
#   of a key AWS itself accepts as non-public (aws:SourceIp, aws:SourceVpc, aws:SourceVpce,
#   aws:SourceArn, aws:SourceAccount, aws:SourceOwner, aws:SourceOrgID, aws:SourceOrgPaths,
#   aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths,
#   aws:userid, s3:DataAccessPointArn, s3:DataAccessPointAccount), or when the principal or
#   the condition cannot be known statically. Deny statements are never reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy
# custom:
#   id: TF004
#   name: s3-bucket-policy-public-principal
#   severity: HIGH
#   remediation: >-
#     Name the principals that need access (account, role or service ARNs) instead of "*", or
#     keep "*" only together with a condition such as
#     Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0123456789abcdef0" } };
#     serve public content through CloudFront with origin access control instead.
#   aliases:
#     - CKV_AWS_70
#     - 7af43613-6bb9-4a0e-8c4d-1314b799425e
#   targets: [terraform]
package bastion.rules.tf004

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

restricting_keys := {
	"aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:sourcearn", "aws:sourceaccount",
	"aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths", "aws:principalaccount",
	"aws:principalarn", "aws:principalorgid", "aws:principalorgpaths", "aws:userid",
	"s3:dataaccesspointarn", "s3:dataaccesspointaccount",
}

open_values := {"*", "0.0.0.0/0", "::/0"}

policy_holders := ["aws_s3_bucket_policy", "aws_s3_bucket"]

# Policies written as JSON (jsonencode or heredoc), decoded by the parser.
deny contains finding if {
	some holder in aws.resources(policy_holders)
	some statement in aws.json_statements(object.get(holder.attrs, "policy", null), "policy")
	some principal in _public_principals(statement)
	finding := {
		"resource": holder.id,
		"attribute": principal.path,
		"msg": sprintf("bucket policy of %s allows %s to any principal without a restricting condition", [holder.name, _actions(statement)]),
	}
}

# Policies built by an aws_iam_policy_document data source: reported on the document.
deny contains finding if {
	some holder in aws.resources(policy_holders)
	policy := object.get(holder.attrs, "policy", null)
	not lib.known(policy)
	some document in aws.policy_documents(holder, policy)
	some statement in aws.document_statements(document)
	some principal in _public_principals(statement)
	finding := {
		"resource": document.id,
		"attribute": principal.path,
		"msg": sprintf("policy document %s, the bucket policy of %s, allows %s to any principal without a restricting condition", [document.name, holder.name, _actions(statement)]),
	}
}

_public_principals(statement) := [principal |
	aws.allows(statement)
	not _restricted(statement)
	some principal in statement.principals
	_public(principal)
]

_public(principal) if principal.type == "*"

_public(principal) if {
	principal.type == "AWS"
	aws.is_wildcard(principal.identifiers)
}

_restricted(statement) if {
	some condition in statement.conditions
	_restricting(condition)
}

_restricting(condition) if {
	is_string(condition.variable)
	lower(condition.variable) in restricting_keys
	_limiting_operator(condition.test)
	count(condition.values) > 0
	not _opens(condition.values)
}

# An unknown operator may well be a limiting one: never report on it.
_restricting(condition) if not lib.known(condition.test)

_limiting_operator(test) if not lib.known(test)

_limiting_operator(test) if {
	is_string(test)
	operator := lower(test)
	not contains(operator, "not")
	not endswith(operator, "ifexists")
	operator != "null"
}

_opens(values) if {
	some value in values
	value in open_values
}

_actions(statement) := concat(", ", [sprintf("%v", [action]) | some action in statement.actions]) if {
	count(statement.actions) > 0
	lib.known(statement.actions)
} else := "its actions"
