# METADATA
# title: CloudTrail log file validation is off
# description: >-
#   Log file validation makes CloudTrail deliver signed digest files, so anyone can prove that
#   a log file was not changed or deleted after delivery; without it, an intruder who reaches
#   the log bucket can edit the record of what they did. An aws_cloudtrail is reported when
#   enable_log_file_validation is false or left out (it defaults to false). Severity MEDIUM:
#   it protects the integrity of evidence rather than the systems themselves. A setting that
#   cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#enable_log_file_validation
# custom:
#   id: TF026
#   name: cloudtrail-log-validation-disabled
#   severity: MEDIUM
#   remediation: Set enable_log_file_validation = true on the aws_cloudtrail.
#   aliases:
#     - CKV_AWS_36
#     - AVD-AWS-0016
#   frameworks:
#     cis-aws-foundations-1.5: ["3.2"]
#   targets: [terraform]
package bastion.rules.tf026

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some trail in object.get(input.by_kind, "aws_cloudtrail", [])
	not lib.attribute_unknown(trail, "enable_log_file_validation")
	not aws.is_true(object.get(trail.attrs, "enable_log_file_validation", false))
	finding := _finding(trail)
}

_finding(trail) := {
	"resource": trail.id,
	"attribute": "enable_log_file_validation",
	"msg": sprintf("CloudTrail %s sets enable_log_file_validation = %v, so log tampering goes undetected", [trail.name, trail.attrs.enable_log_file_validation]),
} if "enable_log_file_validation" in object.keys(trail.attrs)

_finding(trail) := {
	"resource": trail.id,
	"msg": sprintf("CloudTrail %s does not set enable_log_file_validation = true, so log tampering goes undetected", [trail.name]),
} if not "enable_log_file_validation" in object.keys(trail.attrs)
