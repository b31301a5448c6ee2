# METADATA
# title: CloudFront serves content over plain HTTP
# description: >-
#   A cache behavior with viewer_protocol_policy = "allow-all" answers plain HTTP requests,
#   so cookies, tokens and pages travel unencrypted between the viewer and CloudFront and can
#   be read or altered on the way (for example on public Wi-Fi). An
#   aws_cloudfront_distribution is reported for its default_cache_behavior and for each
#   ordered_cache_behavior that allows all protocols; "redirect-to-https" and "https-only"
#   pass. Severity HIGH: session credentials and content are exposed in transit. A policy
#   that cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#viewer_protocol_policy
# custom:
#   id: TF035
#   name: cloudfront-allows-plain-http
#   severity: HIGH
#   remediation: >-
#     Set viewer_protocol_policy = "redirect-to-https" (or "https-only" for APIs) in the
#     default_cache_behavior and in every ordered_cache_behavior.
#   aliases:
#     - CKV_AWS_34
#     - AVD-AWS-0012
#     - 55af1353-2f62-4fa0-a8e1-a210ca2708f5
#   targets: [terraform]
package bastion.rules.tf035

import rego.v1

deny contains finding if {
	some distribution in object.get(input.by_kind, "aws_cloudfront_distribution", [])
	some field in ["default_cache_behavior", "ordered_cache_behavior"]
	some i, behavior in object.get(distribution.attrs, field, [])
	behavior.viewer_protocol_policy == "allow-all"
	finding := {
		"resource": distribution.id,
		"attribute": sprintf("%s[%d].viewer_protocol_policy", [field, i]),
		"msg": sprintf("CloudFront distribution %s allows plain HTTP in %s (viewer_protocol_policy = \"allow-all\")", [distribution.name, _describe(field, behavior)]),
	}
}

_describe("default_cache_behavior", _) := "its default cache behavior"

_describe("ordered_cache_behavior", behavior) := sprintf("the cache behavior for %s", [behavior.path_pattern]) if is_string(behavior.path_pattern)

_describe("ordered_cache_behavior", behavior) := "an ordered cache behavior" if not is_string(behavior.path_pattern)
