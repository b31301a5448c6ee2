# METADATA
# title: Cloud SQL instance authorizes connections from any address
# description: >-
#   An authorized network of 0.0.0.0/0 lets every internet address connect to the Cloud SQL
#   instance's public IP, so the database port is open to password spraying and to any
#   vulnerability of the database engine, with only the database login in the way. Severity
#   HIGH: databases hold the data attackers want most. Checks
#   `settings.ip_configuration.authorized_networks` of google_sql_database_instance (static
#   and dynamic blocks); instances with `ipv4_enabled = false` have no public IP and are not
#   reported. Values that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/sql/docs/mysql/authorize-networks
#   - https://cloud.google.com/sql/docs/mysql/connect-auth-proxy
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#authorized_networks
# custom:
#   id: TF204
#   name: cloud-sql-open-to-internet
#   severity: HIGH
#   remediation: >-
#     Remove the 0.0.0.0/0 authorized network; connect through the Cloud SQL Auth Proxy or a
#     Cloud SQL connector (which need no authorized networks), or list only the specific
#     client ranges that need direct access, and prefer a private IP.
#   aliases:
#     - CKV_GCP_11
#     - AVD-GCP-0017
#     - b187edca-b81e-4fdc-aff4-aab57db45edb
#   frameworks:
#     cis-gcp-foundations-1.3: ["6.5"]
#   targets: [terraform]
package bastion.rules.tf204

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some instance in object.get(input.by_kind, "google_sql_database_instance", [])
	some i, settings in instance.attrs.settings
	some j, ip in settings.ip_configuration
	ipv4_enabled := object.get(ip, "ipv4_enabled", true)
	lib.known(ipv4_enabled)
	not gcp.is_false(ipv4_enabled)
	some k, network in ip.authorized_networks
	gcp.internet_cidr(network.value)
	finding := {
		"resource": instance.id,
		"attribute": sprintf("settings[%d].ip_configuration[%d].authorized_networks[%d].value", [i, j, k]),
		"msg": sprintf("Cloud SQL instance %s authorizes connections from any address (authorized network %s)", [instance.name, network.value]),
	}
}
