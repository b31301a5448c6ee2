# METADATA
# title: Network security group admits SSH or RDP from the internet
# description: >-
#   An inbound Allow rule whose source is any address (`*`, `0.0.0.0/0`, `Internet`, `Any`)
#   and whose destination ports include SSH (22) or RDP (3389) puts the machines behind the
#   network security group in reach of every internet scanner, which find such ports within
#   minutes and brute-force or exploit them. Severity CRITICAL: it exposes a login prompt of
#   the machine to the internet. Checks standalone azurerm_network_security_rule resources
#   and the inline `security_rule` blocks of azurerm_network_security_group, with single
#   ports, port ranges and `*`; SSH over TCP (or any protocol), RDP over TCP or UDP (or any
#   protocol). Values that cannot be known statically are not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview
#   - https://learn.microsoft.com/en-us/azure/bastion/bastion-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule
# custom:
#   id: TF105
#   name: nsg-admin-port-open-to-internet
#   severity: CRITICAL
#   remediation: >-
#     Restrict `source_address_prefix(es)` to the address ranges of your VPN or office, or
#     remove the rule and reach the machines through Azure Bastion or just-in-time VM access.
#   aliases:
#     - CKV_AZURE_10
#     - CKV_AZURE_9
#     - AVD-AZU-0050
#     - AVD-AZU-0048
#   frameworks:
#     cis-azure-foundations-1.3: ["6.1", "6.2"]
#   targets: [terraform]
package bastion.rules.tf105

import data.bastion.lib.azure
import rego.v1

# Admin ports, their service, and the protocols that carry them.
admin_ports := {
	22: {"service": "SSH", "protocols": {"tcp", "*"}},
	3389: {"service": "RDP", "protocols": {"tcp", "udp", "*"}},
}

# Inline security_rule blocks of a network security group.
deny contains finding if {
	some group in object.get(input.by_kind, "azurerm_network_security_group", [])
	some i, rule in group.attrs.security_rule
	azure.known_block(rule)
	finding := _finding(group, rule, sprintf("security_rule[%d].", [i]), sprintf("network security group %s rule %s", [group.name, _rule_label(rule, i)]))
}

# Standalone network security rules.
deny contains finding if {
	some rule in object.get(input.by_kind, "azurerm_network_security_rule", [])
	finding := _finding(rule, rule.attrs, "", sprintf("network security rule %s", [rule.name]))
}

_finding(resource, rule, prefix, label) := finding if {
	_lower(rule.direction) == "inbound"
	_lower(rule.access) == "allow"
	source := _internet_source(rule, prefix)
	services := [sprintf("%s (%d)", [admin_ports[port].service, port]) |
		some port in sort(object.keys(admin_ports))
		_lower(rule.protocol) in admin_ports[port].protocols
		_destination_covers(rule, port)
	]
	count(services) > 0
	finding := {
		"resource": resource.id,
		"attribute": source.attribute,
		"msg": sprintf("%s allows %s from the internet (source %q)", [label, concat(", ", services), source.value]),
	}
}

_internet_source(rule, prefix) := source if {
	azure.internet_prefix(rule.source_address_prefix)
	source := {"attribute": concat("", [prefix, "source_address_prefix"]), "value": rule.source_address_prefix}
} else := source if {
	open := [value | some value in rule.source_address_prefixes; azure.internet_prefix(value)]
	count(open) > 0
	source := {"attribute": concat("", [prefix, "source_address_prefixes"]), "value": open[0]}
}

_destination_covers(rule, port) if azure.port_spec_covers(rule.destination_port_range, port)

_destination_covers(rule, port) if {
	some spec in rule.destination_port_ranges
	azure.port_spec_covers(spec, port)
}

_rule_label(rule, index) := sprintf("%q", [rule.name]) if is_string(rule.name)

else := sprintf("#%d", [index])

_lower(value) := lower(trim_space(value)) if is_string(value)
