# METADATA
# title: Cloud SQL instance accepts unencrypted connections
# description: >-
#   Unless a Cloud SQL instance requires SSL/TLS, clients that connect directly to its IP
#   address (rather than through the Cloud SQL Auth Proxy or a connector) can send passwords
#   and query results in clear text, readable and alterable on the network path. Severity
#   MEDIUM: exploiting it needs a position on the path, but it exposes credentials and data
#   when it happens. Passes when `settings.ip_configuration.ssl_mode` is ENCRYPTED_ONLY or
#   TRUSTED_CLIENT_CERTIFICATE_REQUIRED, or (without ssl_mode) the deprecated
#   `require_ssl = true`; reports ALLOW_UNENCRYPTED_AND_ENCRYPTED, `require_ssl = false`, and
#   instances that set neither (the default allows unencrypted connections). Values that
#   cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/sql/docs/postgres/configure-ssl-instance
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#ssl_mode
# custom:
#   id: TF206
#   name: cloud-sql-ssl-not-required
#   severity: MEDIUM
#   remediation: >-
#     Set `ssl_mode = "ENCRYPTED_ONLY"` (or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" to also
#     require client certificates) in `settings.ip_configuration`, and make clients verify
#     the server certificate.
#   aliases:
#     - CKV_GCP_6
#     - AVD-GCP-0015
#     - 02474449-71aa-40a1-87ae-e14497747b00
#   frameworks:
#     cis-gcp-foundations-1.3: ["6.4"]
#   targets: [terraform]
package bastion.rules.tf206

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

encrypted_modes := {"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}

# ssl_mode allows unencrypted connections.
deny contains finding if {
	some instance in _instances
	some i, settings in instance.attrs.settings
	some j, ip in settings.ip_configuration
	mode := ip.ssl_mode
	is_string(mode)
	not upper(trim_space(mode)) in encrypted_modes
	finding := _finding(instance, sprintf("settings[%d].ip_configuration[%d].ssl_mode", [i, j]), sprintf("ssl_mode = %q", [mode]))
}

# No ssl_mode, and the deprecated require_ssl is false.
deny contains finding if {
	some instance in _instances
	some i, settings in instance.attrs.settings
	some j, ip in settings.ip_configuration
	object.get(ip, "ssl_mode", null) == null
	gcp.is_false(ip.require_ssl)
	finding := _finding(instance, sprintf("settings[%d].ip_configuration[%d].require_ssl", [i, j]), "require_ssl = false")
}

# Neither ssl_mode nor require_ssl.
deny contains finding if {
	some instance in _instances
	some i, settings in instance.attrs.settings
	some j, ip in settings.ip_configuration
	gcp.known_block(ip)
	object.get(ip, "ssl_mode", null) == null
	object.get(ip, "require_ssl", null) == null
	finding := _finding(instance, sprintf("settings[%d].ip_configuration[%d]", [i, j]), "neither ssl_mode nor require_ssl is set")
}

# No ip_configuration block at all.
deny contains finding if {
	some instance in _instances
	some i, settings in instance.attrs.settings
	gcp.known_block(settings)
	object.get(settings, "ip_configuration", []) == []
	not lib.attribute_unknown(instance, sprintf("settings[%d].ip_configuration", [i]))
	finding := _finding(instance, sprintf("settings[%d]", [i]), "no ip_configuration block sets ssl_mode")
}

_instances := object.get(input.by_kind, "google_sql_database_instance", [])

_finding(instance, attribute, reason) := {
	"resource": instance.id,
	"attribute": attribute,
	"msg": sprintf("Cloud SQL instance %s accepts unencrypted connections (%s)", [instance.name, reason]),
}
