# METADATA
# title: Default security group has rules
# description: >-
#   Every VPC has a default security group that AWS attaches to any instance, endpoint or
#   network interface launched without an explicit group, so rules on it grant access to
#   resources nobody meant to expose. Reported: each ingress or egress block of an
#   aws_default_security_group, and each aws_security_group_rule,
#   aws_vpc_security_group_ingress_rule or aws_vpc_security_group_egress_rule attached to a
#   default group (security_group_id = aws_default_security_group.<name>.id or
#   aws_vpc.<name>.default_security_group_id). Severity LOW: the rules only matter for
#   resources that fall back to the default group, but they then apply silently.
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group
# custom:
#   id: TF009
#   name: default-security-group-with-rules
#   severity: LOW
#   remediation: >-
#     Declare resource "aws_default_security_group" "default" { vpc_id = aws_vpc.<name>.id }
#     with no ingress and no egress blocks (Terraform then removes every rule), and give each
#     resource its own aws_security_group.
#   aliases:
#     - CKV2_AWS_12
#     - AVD-AWS-0173
#   frameworks:
#     cis-aws-foundations-1.5: ["5.4"]
#   targets: [terraform]
package bastion.rules.tf009

import data.bastion.lib.aws
import rego.v1

rule_kinds := ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]

deny contains finding if {
	some group in object.get(input.by_kind, "aws_default_security_group", [])
	some direction in ["ingress", "egress"]
	some i, _ in object.get(group.attrs, direction, [])
	finding := {
		"resource": group.id,
		"attribute": sprintf("%s[%d]", [direction, i]),
		"msg": sprintf("default security group %s has an %s rule; it should have none", [group.name, direction]),
	}
}

deny contains finding if {
	some rule in aws.resources(rule_kinds)
	target := _default_group(rule)
	finding := {
		"resource": rule.id,
		"attribute": "security_group_id",
		"msg": sprintf("%s adds a rule to the default security group of %s; it should have none", [rule.name, target]),
	}
}

# The default group named through aws_default_security_group.<name>.id ...
_default_group(rule) := input.by_id[id].name if {
	some id in aws.attribute_ids(rule, "security_group_id", {"aws_default_security_group"}, {})
}

# ... or through aws_vpc.<name>.default_security_group_id.
_default_group(rule) := input.by_id[id].name if {
	reference := aws.computed_reference(rule.attrs.security_group_id)
	reference[1] == "default_security_group_id"
	id := concat("", [aws.root_prefix(rule), reference[0]])
	input.by_id[id].kind == "aws_vpc"
}
