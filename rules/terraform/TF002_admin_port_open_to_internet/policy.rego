# METADATA
# title: Administration port open to the internet
# description: >-
#   A security group rule admits traffic from 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389),
#   either explicitly or through a port range or an all-protocols rule. Internet-wide scanners
#   find such ports within minutes and brute-force or exploit them. Severity CRITICAL: it puts a
#   login prompt of the machine on the internet. Checks inline ingress blocks of
#   aws_security_group and aws_default_security_group, aws_security_group_rule of type ingress, and
#   aws_vpc_security_group_ingress_rule. Ports, protocols or CIDRs that cannot be known
#   statically are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13
# custom:
#   id: TF002
#   name: admin-port-open-to-internet
#   severity: CRITICAL
#   remediation: >-
#     Restrict the source to known address ranges (a VPN or bastion network), or remove the
#     rule and reach instances through AWS Systems Manager Session Manager.
#   aliases:
#     - CKV_AWS_24
#     - CKV_AWS_25
#     - AVD-AWS-0107
#     - 65905cec-d691-4320-b320-2000436cb696
#   frameworks:
#     cis-aws-foundations-1.5: ["5.2", "5.3"]
#   targets: [terraform]
package bastion.rules.tf002

import data.bastion.lib
import rego.v1

admin_ports := {22: "SSH", 3389: "RDP"}

# Inline ingress blocks of aws_security_group and aws_default_security_group.
deny contains finding if {
	some kind in ["aws_security_group", "aws_default_security_group"]
	some group in object.get(input.by_kind, kind, [])
	some i, rule in group.attrs.ingress
	some source in _open_sources(rule, sprintf("ingress[%d].", [i]))
	finding := _finding(group, rule, source)
}

# Standalone aws_security_group_rule resources.
deny contains finding if {
	some resource in object.get(input.by_kind, "aws_security_group_rule", [])
	resource.attrs.type == "ingress"
	some source in _open_sources(resource.attrs, "")
	finding := _finding(resource, resource.attrs, source)
}

# aws_vpc_security_group_ingress_rule: one CIDR per rule, protocol in ip_protocol.
deny contains finding if {
	some resource in object.get(input.by_kind, "aws_vpc_security_group_ingress_rule", [])
	some field, cidr in {"cidr_ipv4": "0.0.0.0/0", "cidr_ipv6": "::/0"}
	resource.attrs[field] == cidr
	rule := object.union(resource.attrs, {"protocol": object.get(resource.attrs, "ip_protocol", null)})
	finding := _finding(resource, rule, {"attribute": field, "cidr": cidr})
}

_finding(resource, rule, source) := finding if {
	services := [sprintf("%s (%d)", [admin_ports[port], port]) | some port in sort(object.keys(admin_ports)); _covers(rule, port)]
	count(services) > 0
	finding := {
		"resource": resource.id,
		"attribute": source.attribute,
		"msg": sprintf("%s '%s' allows %s from %s", [resource.kind, resource.name, concat(", ", services), source.cidr]),
	}
}

_open_sources(rule, prefix) := {source |
	some field, cidr in {"cidr_blocks": "0.0.0.0/0", "ipv6_cidr_blocks": "::/0"}
	is_array(rule[field])
	cidr in rule[field]
	source := {"attribute": concat("", [prefix, field]), "cidr": cidr}
}

# All protocols ("-1") open every port.
_covers(rule, _) if lib.number(rule.protocol) == -1

_covers(rule, _) if {
	is_string(rule.protocol)
	lower(rule.protocol) == "all"
}

_covers(rule, port) if {
	_tcp(rule.protocol)
	lib.number(rule.from_port) <= port
	port <= lib.number(rule.to_port)
}

_tcp(protocol) if {
	is_string(protocol)
	lower(protocol) == "tcp"
}

_tcp(protocol) if lib.number(protocol) == 6
