# METADATA
# title: CloudTrail trail records only one region
# description: >-
#   An attacker with stolen credentials often works in a region the team does not use, where
#   nobody looks; a single-region trail records nothing there. An aws_cloudtrail is reported
#   when is_multi_region_trail is false or left out (it defaults to false). Severity MEDIUM:
#   it leaves blind spots in the audit log rather than exposing anything. A setting that
#   cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#is_multi_region_trail
# custom:
#   id: TF025
#   name: cloudtrail-single-region
#   severity: MEDIUM
#   remediation: >-
#     Set is_multi_region_trail = true (and include_global_service_events = true) on the
#     aws_cloudtrail, or rely on an organization trail that covers every region.
#   aliases:
#     - CKV_AWS_67
#     - AVD-AWS-0014
#   frameworks:
#     cis-aws-foundations-1.5: ["3.1"]
#   targets: [terraform]
package bastion.rules.tf025

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some trail in object.get(input.by_kind, "aws_cloudtrail", [])
	not lib.attribute_unknown(trail, "is_multi_region_trail")
	not aws.is_true(object.get(trail.attrs, "is_multi_region_trail", false))
	finding := _finding(trail)
}

_finding(trail) := {
	"resource": trail.id,
	"attribute": "is_multi_region_trail",
	"msg": sprintf("CloudTrail %s sets is_multi_region_trail = %v, so other regions go unrecorded", [trail.name, trail.attrs.is_multi_region_trail]),
} if "is_multi_region_trail" in object.keys(trail.attrs)

_finding(trail) := {
	"resource": trail.id,
	"msg": sprintf("CloudTrail %s does not set is_multi_region_trail = true, so other regions go unrecorded", [trail.name]),
} if not "is_multi_region_trail" in object.keys(trail.attrs)
