# METADATA
# title: Azure database server accepts unencrypted connections
# description: >-
#   When SSL/TLS enforcement is off, PostgreSQL, MySQL and MariaDB servers accept plain-text
#   connections: passwords and query results cross the network readable by anyone on the
#   path, and a client that silently falls back to no encryption is never noticed. Severity
#   MEDIUM: exploiting it needs a position on the network path, but it exposes credentials
#   and data when it happens. Checks `ssl_enforcement_enabled` (required since azurerm v3) and
#   the azurerm v2 argument `ssl_enforcement = "Disabled"` of azurerm_postgresql_server,
#   azurerm_mysql_server and azurerm_mariadb_server, and `require_secure_transport` turned off
#   through azurerm_postgresql_flexible_server_configuration or
#   azurerm_mysql_flexible_server_configuration. Values that cannot be known statically are
#   not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-ssl-tls
#   - https://learn.microsoft.com/en-us/azure/mysql/flexible-server/how-to-connect-tls-ssl
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/postgresql_server#ssl_enforcement_enabled
# custom:
#   id: TF112
#   name: database-ssl-not-enforced
#   severity: MEDIUM
#   remediation: >-
#     Set `ssl_enforcement_enabled = true` on single servers; on flexible servers remove the
#     `require_secure_transport` configuration or set its value to "on". Configure clients
#     with sslmode=verify-full (PostgreSQL) or ssl-mode=VERIFY_IDENTITY (MySQL).
#   aliases:
#     - CKV_AZURE_29
#     - CKV_AZURE_28
#     - CKV_AZURE_47
#     - AVD-AZU-0020
#     - 0437633b-daa6-4bbc-8526-c0d2443b946e
#     - 73e42469-3a86-4f39-ad78-098f325b4e9f
#   targets: [terraform]
package bastion.rules.tf112

import data.bastion.lib.azure
import rego.v1

single_server_kinds := {"azurerm_postgresql_server", "azurerm_mysql_server", "azurerm_mariadb_server"}

configuration_kinds := {"azurerm_postgresql_flexible_server_configuration", "azurerm_mysql_flexible_server_configuration"}

# Values of the require_secure_transport server parameter that turn it off.
off_values := {"off", "0", "false"}

deny contains finding if {
	some server in azure.resources_of(single_server_kinds)
	azure.is_false(server.attrs.ssl_enforcement_enabled)
	finding := {
		"resource": server.id,
		"attribute": "ssl_enforcement_enabled",
		"msg": sprintf("database server %s accepts unencrypted connections (ssl_enforcement_enabled = false)", [server.name]),
	}
}

# azurerm v2: ssl_enforcement = "Disabled"
deny contains finding if {
	some server in azure.resources_of(single_server_kinds)
	is_string(server.attrs.ssl_enforcement)
	lower(server.attrs.ssl_enforcement) == "disabled"
	finding := {
		"resource": server.id,
		"attribute": "ssl_enforcement",
		"msg": sprintf("database server %s accepts unencrypted connections (ssl_enforcement = %q)", [server.name, server.attrs.ssl_enforcement]),
	}
}

deny contains finding if {
	some configuration in azure.resources_of(configuration_kinds)
	is_string(configuration.attrs.name)
	lower(configuration.attrs.name) == "require_secure_transport"
	value := configuration.attrs.value
	is_string(value)
	lower(trim_space(value)) in off_values
	finding := {
		"resource": configuration.id,
		"attribute": "value",
		"msg": sprintf("%s lets its flexible server accept unencrypted connections (require_secure_transport = %q)", [configuration.name, value]),
	}
}
