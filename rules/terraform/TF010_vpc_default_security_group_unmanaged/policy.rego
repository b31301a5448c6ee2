# METADATA
# title: VPC default security group keeps its default rules
# description: >-
#   AWS creates every VPC with a default security group that allows all traffic between its
#   members and all outbound traffic, and attaches it to anything launched without an explicit
#   group. Terraform strips those rules only when the configuration adopts the group with an
#   aws_default_security_group for the VPC. An aws_vpc is reported when no
#   aws_default_security_group names it (rules on an adopted group are TF009's findings).
#   Severity LOW: the default rules matter only for resources that fall back to the default
#   group. An aws_default_security_group whose vpc_id cannot be resolved statically keeps the
#   VPCs of its root from being reported.
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group
# custom:
#   id: TF010
#   name: vpc-default-security-group-unmanaged
#   severity: LOW
#   remediation: >-
#     Add resource "aws_default_security_group" "<vpc name>" { vpc_id = aws_vpc.<vpc name>.id }
#     without ingress or egress blocks, so Terraform removes the default rules.
#   aliases:
#     - CKV2_AWS_12
#     - AVD-AWS-0173
#   frameworks:
#     cis-aws-foundations-1.5: ["5.4"]
#   targets: [terraform]
package bastion.rules.tf010

import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some vpc in object.get(input.by_kind, "aws_vpc", [])
	not aws.has_vpc_config(vpc, "aws_default_security_group")
	not aws.vpc_config_undecided(vpc, "aws_default_security_group")
	finding := {
		"resource": vpc.id,
		"msg": sprintf("VPC %s has no aws_default_security_group, so its default security group keeps the allow-all rules AWS creates", [vpc.name]),
	}
}
