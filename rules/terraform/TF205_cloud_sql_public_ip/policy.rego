# METADATA
# title: Cloud SQL instance has a public IP address
# description: >-
#   A Cloud SQL instance with a public IPv4 address is reachable from the internet through
#   its authorized networks and through the Cloud SQL Auth Proxy from any project whose
#   identities hold the Cloud SQL Client role; a private IP keeps it inside the VPC. Severity
#   MEDIUM: without authorized networks the address still requires IAM and a database login,
#   but it widens the attack surface and one broad authorized network (TF204) exposes it.
#   Reports google_sql_database_instance resources whose
#   `settings.ip_configuration.ipv4_enabled` is true or missing (the default is true,
#   including when there is no ip_configuration block). Values that cannot be known
#   statically are not reported.
# related_resources:
#   - https://cloud.google.com/sql/docs/mysql/configure-private-ip
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#ipv4_enabled
# custom:
#   id: TF205
#   name: cloud-sql-public-ip
#   severity: MEDIUM
#   remediation: >-
#     Set `ipv4_enabled = false` and `private_network = <VPC self link>` in
#     `settings.ip_configuration` (with private services access or Private Service Connect),
#     and connect from inside the VPC.
#   aliases:
#     - CKV_GCP_60
#     - AVD-GCP-0017
#   frameworks:
#     cis-gcp-foundations-1.3: ["6.6"]
#   targets: [terraform]
package bastion.rules.tf205

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some instance in _instances
	some i, settings in instance.attrs.settings
	some j, ip in settings.ip_configuration
	gcp.is_true(ip.ipv4_enabled)
	finding := {
		"resource": instance.id,
		"attribute": sprintf("settings[%d].ip_configuration[%d].ipv4_enabled", [i, j]),
		"msg": sprintf("Cloud SQL instance %s has a public IP address (ipv4_enabled = true)", [instance.name]),
	}
}

deny contains finding if {
	some instance in _instances
	some i, settings in instance.attrs.settings
	some j, ip in settings.ip_configuration
	gcp.known_block(ip)
	object.get(ip, "ipv4_enabled", null) == null
	finding := {
		"resource": instance.id,
		"attribute": sprintf("settings[%d].ip_configuration[%d]", [i, j]),
		"msg": sprintf("Cloud SQL instance %s has a public IP address (ipv4_enabled is not set and defaults to true)", [instance.name]),
	}
}

deny contains finding if {
	some instance in _instances
	some i, settings in instance.attrs.settings
	gcp.known_block(settings)
	object.get(settings, "ip_configuration", []) == []
	not lib.attribute_unknown(instance, sprintf("settings[%d].ip_configuration", [i]))
	finding := {
		"resource": instance.id,
		"attribute": sprintf("settings[%d]", [i]),
		"msg": sprintf("Cloud SQL instance %s has a public IP address (no ip_configuration block, and ipv4_enabled defaults to true)", [instance.name]),
	}
}

_instances := object.get(input.by_kind, "google_sql_database_instance", [])
