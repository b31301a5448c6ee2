# METADATA
# title: CloudFront accepts TLS older than 1.2
# description: >-
#   The minimum_protocol_version of a distribution's custom certificate decides the oldest
#   TLS version viewers may negotiate; TLSv1, TLSv1_2016 and TLSv1.1_2016 let clients (or a
#   downgrade attacker) use TLS 1.0 or 1.1, which have known weaknesses and are no longer
#   accepted by PCI DSS. An aws_cloudfront_distribution with a custom certificate (an ACM or
#   IAM certificate) is reported when minimum_protocol_version is not a TLSv1.2_* or
#   TLSv1.3_* policy, or is left out (it then defaults to TLSv1). Distributions that use the
#   default *.cloudfront.net certificate are not reported: CloudFront fixes their policy and
#   it cannot be changed without a custom domain. Severity HIGH: viewers' traffic can be
#   negotiated down to broken protocol versions. A version that cannot be known statically
#   is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#viewer-certificate-arguments
# custom:
#   id: TF036
#   name: cloudfront-outdated-tls
#   severity: HIGH
#   remediation: >-
#     Set minimum_protocol_version = "TLSv1.2_2021" in the distribution's viewer_certificate
#     (with ssl_support_method = "sni-only").
#   aliases:
#     - CKV_AWS_174
#     - AVD-AWS-0013
#     - 00e5e55e-c2ff-46b3-a757-a7a1cd802456
#   targets: [terraform]
package bastion.rules.tf036

import data.bastion.lib
import rego.v1

modern_version := `^TLSv1\.[23]_[0-9]{4}$`

deny contains finding if {
	some [distribution, certificate, path] in _custom_certificates
	version := certificate.minimum_protocol_version
	is_string(version)
	not regex.match(modern_version, version)
	finding := {
		"resource": distribution.id,
		"attribute": concat("", [path, ".minimum_protocol_version"]),
		"msg": sprintf("CloudFront distribution %s accepts TLS versions older than 1.2 (minimum_protocol_version = %s)", [distribution.name, version]),
	}
}

deny contains finding if {
	some [distribution, certificate, path] in _custom_certificates
	not "minimum_protocol_version" in object.keys(certificate)
	finding := {
		"resource": distribution.id,
		"attribute": path,
		"msg": sprintf("CloudFront distribution %s does not set minimum_protocol_version, so viewers may use TLSv1", [distribution.name]),
	}
}

# [distribution, viewer_certificate block, its path] for custom certificates.
_custom_certificates contains [distribution, certificate, path] if {
	some distribution in object.get(input.by_kind, "aws_cloudfront_distribution", [])
	some i, certificate in object.get(distribution.attrs, "viewer_certificate", [])
	path := sprintf("viewer_certificate[%d]", [i])
	not lib.attribute_unknown(distribution, concat("", [path, ".cloudfront_default_certificate"]))
	object.get(certificate, "cloudfront_default_certificate", false) != true
}
