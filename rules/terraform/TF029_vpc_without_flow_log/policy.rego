# METADATA
# title: VPC without flow logs
# description: >-
#   VPC flow logs record which addresses talked to which, on what port, and whether the
#   traffic was accepted: the evidence needed to see a compromised instance scanning the
#   network or sending data out, and to scope an incident afterwards. An aws_vpc is reported
#   when no aws_flow_log names it in vpc_id. Severity MEDIUM: the gap is in detection and
#   investigation, not exposure. An aws_flow_log whose vpc_id cannot be resolved statically
#   keeps the VPCs of its root from being reported.
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/flow_log
# custom:
#   id: TF029
#   name: vpc-without-flow-log
#   severity: MEDIUM
#   remediation: >-
#     Add resource "aws_flow_log" with vpc_id = aws_vpc.<name>.id, traffic_type = "ALL" and a
#     log_destination (a CloudWatch log group with iam_role_arn, or an S3 bucket).
#   aliases:
#     - CKV2_AWS_11
#     - AVD-AWS-0178
#   frameworks:
#     cis-aws-foundations-1.5: ["3.9"]
#   targets: [terraform]
package bastion.rules.tf029

import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some vpc in object.get(input.by_kind, "aws_vpc", [])
	not aws.has_vpc_config(vpc, "aws_flow_log")
	not aws.vpc_config_undecided(vpc, "aws_flow_log")
	finding := {
		"resource": vpc.id,
		"msg": sprintf("VPC %s has no aws_flow_log, so its network traffic is not recorded", [vpc.name]),
	}
}
