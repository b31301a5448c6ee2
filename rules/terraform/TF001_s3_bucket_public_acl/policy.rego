# METADATA
# title: S3 bucket ACL grants public access
# description: >-
#   A canned ACL of public-read, public-read-write or authenticated-read, or an ACL grant to
#   the AllUsers or AuthenticatedUsers groups, lets anyone on the internet (or any AWS account)
#   list or read the bucket, and with public-read-write also write to it. Severity HIGH: it is
#   the most common cause of S3 data leaks. Checks the legacy `acl` argument and `grant` blocks
#   of aws_s3_bucket and the aws_s3_bucket_acl resource (canned `acl` and
#   `access_control_policy` grants).
#   An ACL whose value cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_acl
# custom:
#   id: TF001
#   name: s3-bucket-public-acl
#   severity: HIGH
#   remediation: >-
#     Use the private ACL (or no ACL with object ownership BucketOwnerEnforced), add an
#     aws_s3_bucket_public_access_block with all four settings true, and share data through
#     bucket policies scoped to specific principals or through CloudFront.
#   aliases:
#     - CKV_AWS_20
#     - CKV_AWS_57
#     - AVD-AWS-0092
#     - 38c5ee0d-7f22-4260-ab72-5073048df100
#   targets: [terraform]
package bastion.rules.tf001

import rego.v1

public_acls := {"public-read", "public-read-write", "authenticated-read"}

public_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}

deny contains finding if {
	some resource in _acl_resources
	acl := resource.attrs.acl
	acl in public_acls
	finding := {
		"resource": resource.id,
		"attribute": "acl",
		"msg": sprintf("%s '%s' uses the public canned ACL '%s'", [resource.kind, resource.name, acl]),
	}
}

deny contains finding if {
	some resource in object.get(input.by_kind, "aws_s3_bucket_acl", [])
	some i, policy in resource.attrs.access_control_policy
	some j, grant in policy.grant
	some k, grantee in grant.grantee
	grantee.uri in public_groups
	finding := {
		"resource": resource.id,
		"attribute": sprintf("access_control_policy[%d].grant[%d].grantee[%d].uri", [i, j, k]),
		"msg": sprintf("%s '%s' grants %s to %s", [resource.kind, resource.name, grant.permission, grantee.uri]),
	}
}

# Legacy inline grant blocks of aws_s3_bucket (AWS provider v3).
deny contains finding if {
	some bucket in object.get(input.by_kind, "aws_s3_bucket", [])
	some i, grant in object.get(bucket.attrs, "grant", [])
	grant.uri in public_groups
	finding := {
		"resource": bucket.id,
		"attribute": sprintf("grant[%d].uri", [i]),
		"msg": sprintf("%s '%s' grants %s to %s", [bucket.kind, bucket.name, _permissions(grant), grant.uri]),
	}
}

_permissions(grant) := concat(", ", grant.permissions) if {
	is_array(grant.permissions)
	every permission in grant.permissions {
		is_string(permission)
	}
} else := "permissions"

_acl_resources contains resource if {
	some kind in ["aws_s3_bucket", "aws_s3_bucket_acl"]
	some resource in object.get(input.by_kind, kind, [])
}
