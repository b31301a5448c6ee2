# METADATA
# title: Security group allows all outbound traffic to the internet
# description: >-
#   An egress rule for all protocols and ports to 0.0.0.0/0 or ::/0 lets a compromised
#   workload download tooling, reach command-and-control servers and exfiltrate data on any
#   port; narrowing egress to the destinations and ports the workload needs (HTTPS to the
#   internet, the database port inside the VPC) closes those paths. Checks egress blocks of
#   aws_security_group, aws_security_group_rule of type egress and
#   aws_vpc_security_group_egress_rule. Rules limited to some protocol or port range are not
#   reported. Severity MEDIUM: it does not expose anything by itself, but removes a barrier
#   every later stage of an attack relies on. Protocols or CIDRs that cannot be known
#   statically are not reported. (Terraform removes the allow-all egress rule AWS adds to a
#   new aws_security_group, so a group without egress blocks allows no egress.)
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group#egress
# custom:
#   id: TF008
#   name: security-group-unrestricted-egress
#   severity: MEDIUM
#   remediation: >-
#     Replace protocol = "-1" with the protocols and ports the workload needs, e.g.
#     egress { protocol = "tcp", from_port = 443, to_port = 443, cidr_blocks = ["0.0.0.0/0"] },
#     and send other traffic to VPC CIDRs, prefix lists or security groups.
#   aliases:
#     - CKV_AWS_382
#     - AVD-AWS-0104
#   targets: [terraform]
package bastion.rules.tf008

import data.bastion.lib
import rego.v1

open_cidrs := {"cidr_blocks": "0.0.0.0/0", "ipv6_cidr_blocks": "::/0"}

deny contains finding if {
	some group in object.get(input.by_kind, "aws_security_group", [])
	some i, rule in object.get(group.attrs, "egress", [])
	_all_traffic(rule.protocol)
	some field, cidr in open_cidrs
	_lists(rule, field, cidr)
	finding := _finding(group, sprintf("egress[%d].%s", [i, field]), cidr)
}

deny contains finding if {
	some rule in object.get(input.by_kind, "aws_security_group_rule", [])
	rule.attrs.type == "egress"
	_all_traffic(rule.attrs.protocol)
	some field, cidr in open_cidrs
	_lists(rule.attrs, field, cidr)
	finding := _finding(rule, field, cidr)
}

deny contains finding if {
	some rule in object.get(input.by_kind, "aws_vpc_security_group_egress_rule", [])
	_all_traffic(rule.attrs.ip_protocol)
	some field, cidr in {"cidr_ipv4": "0.0.0.0/0", "cidr_ipv6": "::/0"}
	rule.attrs[field] == cidr
	finding := _finding(rule, field, cidr)
}

_lists(rule, field, cidr) if {
	is_array(rule[field])
	cidr in rule[field]
}

_all_traffic(protocol) if lib.number(protocol) == -1

_all_traffic(protocol) if {
	is_string(protocol)
	lower(protocol) == "all"
}

_finding(resource, attribute, cidr) := {
	"resource": resource.id,
	"attribute": attribute,
	"msg": sprintf("%s allows all outbound traffic (every protocol and port) to %s", [resource.name, cidr]),
}
