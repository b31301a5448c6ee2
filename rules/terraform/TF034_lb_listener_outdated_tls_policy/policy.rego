# METADATA
# title: Load balancer listener accepts TLS older than 1.2
# description: >-
#   TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by PCI DSS or by current
#   browsers; a security policy that still offers them lets a downgrade attacker or an old
#   client negotiate a weak connection. An aws_lb_listener or aws_alb_listener with protocol
#   HTTPS or TLS is reported when its ssl_policy allows versions below TLS 1.2, or is left
#   out (the provider then applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0). Policies
#   named ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* and -FS-1-2-* are
#   accepted; ELBSecurityPolicy-TLS13-1-0-* and -TLS13-1-1-* are reported although their names
#   mention TLS 1.3. Severity HIGH: traffic that should be confidential can be negotiated down
#   to broken protocol versions. A policy that cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener#ssl_policy
# custom:
#   id: TF034
#   name: lb-listener-outdated-tls-policy
#   severity: HIGH
#   remediation: >-
#     Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (TLS 1.2 and 1.3) or
#     "ELBSecurityPolicy-TLS13-1-3-2021-06" (TLS 1.3 only) on the listener.
#   aliases:
#     - CKV_AWS_103
#     - AVD-AWS-0047
#   targets: [terraform]
package bastion.rules.tf034

import data.bastion.lib.aws
import rego.v1

modern_policy := `^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-`

deny contains finding if {
	some listener in aws.resources(["aws_lb_listener", "aws_alb_listener"])
	listener.attrs.protocol in {"HTTPS", "TLS"}
	policy := listener.attrs.ssl_policy
	is_string(policy)
	not regex.match(modern_policy, policy)
	finding := {
		"resource": listener.id,
		"attribute": "ssl_policy",
		"msg": sprintf("%s listener %s uses ssl_policy %s, which accepts TLS versions older than 1.2", [listener.attrs.protocol, listener.name, policy]),
	}
}

deny contains finding if {
	some listener in aws.resources(["aws_lb_listener", "aws_alb_listener"])
	listener.attrs.protocol in {"HTTPS", "TLS"}
	not "ssl_policy" in object.keys(listener.attrs)
	finding := {
		"resource": listener.id,
		"attribute": "protocol",
		"msg": sprintf("%s listener %s has no ssl_policy, so ELBSecurityPolicy-2016-08 applies, which accepts TLS 1.0", [listener.attrs.protocol, listener.name]),
	}
}
