# METADATA
# title: Google Cloud firewall admits SSH or RDP from the internet
# description: >-
#   An ingress allow rule from 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389) exposes the login
#   service of every targeted instance to internet-wide scanners, which find such ports within
#   minutes and brute-force or exploit them. An ingress rule with no source at all (no
#   `source_ranges`, `source_tags` or `source_service_accounts`) applies to 0.0.0.0/0 too.
#   Severity CRITICAL: it puts a login prompt of the machines on the internet. Checks
#   google_compute_firewall (allow blocks with tcp, udp for RDP, or all protocols, and no
#   ports meaning every port) and the ingress allow rules of firewall policies
#   (google_compute_firewall_policy_rule, google_compute_network_firewall_policy_rule,
#   google_compute_region_network_firewall_policy_rule). Disabled rules are skipped; values
#   that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/firewall/docs/firewalls
#   - https://cloud.google.com/iap/docs/using-tcp-forwarding
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall
# custom:
#   id: TF203
#   name: gcp-firewall-admin-port-open-to-internet
#   severity: CRITICAL
#   remediation: >-
#     Restrict `source_ranges` to your VPN or office ranges, or allow only Identity-Aware
#     Proxy's range 35.235.240.0/20 and connect with `gcloud compute ssh --tunnel-through-iap`.
#   aliases:
#     - CKV_GCP_2
#     - CKV_GCP_3
#     - AVD-GCP-0027
#     - AVD-GCP-0071
#     - AVD-GCP-0070
#   frameworks:
#     cis-gcp-foundations-1.3: ["3.6", "3.7"]
#   targets: [terraform]
package bastion.rules.tf203

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

# Admin ports, their service, and the protocols (names and numbers) that carry them.
admin_ports := {
	22: {"service": "SSH", "protocols": {"tcp", "6", "all"}},
	3389: {"service": "RDP", "protocols": {"tcp", "6", "udp", "17", "all"}},
}

policy_rule_kinds := {
	"google_compute_firewall_policy_rule",
	"google_compute_network_firewall_policy_rule",
	"google_compute_region_network_firewall_policy_rule",
}

# VPC firewall rules with an internet-wide source range.
deny contains finding if {
	some firewall in _ingress_firewalls
	open := [cidr | some cidr in firewall.attrs.source_ranges; gcp.internet_cidr(cidr)]
	count(open) > 0
	services := _services(firewall.attrs.allow, "protocol", "ports")
	count(services) > 0
	finding := {
		"resource": firewall.id,
		"attribute": "source_ranges",
		"msg": sprintf("firewall %s allows %s from %s", [firewall.name, concat(", ", services), concat(", ", open)]),
	}
}

# VPC firewall rules without any source: Google Cloud applies them to 0.0.0.0/0.
deny contains finding if {
	some firewall in _ingress_firewalls
	every field in ["source_ranges", "source_tags", "source_service_accounts"] {
		object.get(firewall.attrs, field, []) in {[], null}
		not lib.attribute_unknown(firewall, field)
	}
	services := _services(firewall.attrs.allow, "protocol", "ports")
	count(services) > 0
	finding := {
		"resource": firewall.id,
		"msg": sprintf("firewall %s allows %s from 0.0.0.0/0 (an ingress rule without a source applies to every address)", [firewall.name, concat(", ", services)]),
	}
}

# Ingress allow rules of hierarchical, global and regional network firewall policies.
deny contains finding if {
	some rule in gcp.resources_of(policy_rule_kinds)
	_upper(rule.attrs.direction) == "INGRESS"
	_lower(rule.attrs.action) == "allow"
	not gcp.is_true(object.get(rule.attrs, "disabled", false))
	not lib.attribute_unknown(rule, "disabled")
	some i, match in rule.attrs.match
	open := [cidr | some cidr in match.src_ip_ranges; gcp.internet_cidr(cidr)]
	count(open) > 0
	services := _services(match.layer4_configs, "ip_protocol", "ports")
	count(services) > 0
	finding := {
		"resource": rule.id,
		"attribute": sprintf("match[%d].src_ip_ranges", [i]),
		"msg": sprintf("firewall policy rule %s allows %s from %s", [rule.name, concat(", ", services), concat(", ", open)]),
	}
}

_ingress_firewalls contains firewall if {
	some firewall in object.get(input.by_kind, "google_compute_firewall", [])
	_upper(object.get(firewall.attrs, "direction", "INGRESS")) == "INGRESS"
	not gcp.is_true(object.get(firewall.attrs, "disabled", false))
	not lib.attribute_unknown(firewall, "disabled")
}

# The admin services an allow list opens, as "SSH (22)" labels in port order.
_services(allows, protocol_key, ports_key) := [sprintf("%s (%d)", [admin_ports[port].service, port]) |
	some port in sort(object.keys(admin_ports))
	_opens(allows, protocol_key, ports_key, port)
]

_opens(allows, protocol_key, ports_key, port) if {
	some allow in allows
	_lower(allow[protocol_key]) in admin_ports[port].protocols
	_ports_cover(allow, ports_key, port)
}

# No ports (or an empty list) means every port of the protocol.
_ports_cover(allow, ports_key, _) if object.get(allow, ports_key, []) in {[], null}

_ports_cover(allow, ports_key, port) if {
	some spec in allow[ports_key]
	gcp.port_spec_covers(spec, port)
}

_lower(value) := lower(trim_space(value)) if is_string(value)

else := sprintf("%v", [value]) if is_number(value)

_upper(value) := upper(trim_space(value)) if is_string(value)
