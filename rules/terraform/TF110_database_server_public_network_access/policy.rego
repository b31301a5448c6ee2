# METADATA
# title: Azure database server accepts connections over the public internet
# description: >-
#   With public network access enabled, an Azure SQL, PostgreSQL, MySQL or MariaDB server has
#   an endpoint on the internet that is guarded only by its firewall rules and passwords; one
#   broad firewall rule (see TF111) or a leaked password is then enough to reach the data.
#   Private endpoints or VNet integration keep the server off the internet. Severity HIGH:
#   databases hold the data attackers want most. Reports azurerm_mssql_server,
#   azurerm_postgresql_server, azurerm_mysql_server and azurerm_mariadb_server whose
#   `public_network_access_enabled` is true or missing (the provider default is true), and
#   flexible servers and SQL managed instances that explicitly enable public access. Values
#   that cannot be known statically are not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings#deny-public-network-access
#   - https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-private
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server#public_network_access_enabled
# custom:
#   id: TF110
#   name: database-server-public-network-access
#   severity: HIGH
#   remediation: >-
#     Set `public_network_access_enabled = false` and connect through a private endpoint
#     (azurerm_private_endpoint) or, for flexible servers, VNet integration with
#     `delegated_subnet_id`.
#   aliases:
#     - CKV_AZURE_113
#     - CKV_AZURE_68
#     - CKV_AZURE_53
#     - CKV_AZURE_48
#     - AVD-AZU-0022
#   targets: [terraform]
package bastion.rules.tf110

import data.bastion.lib
import data.bastion.lib.azure
import rego.v1

# Servers whose public_network_access_enabled defaults to true.
public_by_default := {
	"azurerm_mssql_server",
	"azurerm_postgresql_server",
	"azurerm_mysql_server",
	"azurerm_mariadb_server",
}

# Servers that are only public when the configuration says so, with the argument that does.
public_when_enabled := {
	"azurerm_postgresql_flexible_server": "public_network_access_enabled",
	"azurerm_mysql_flexible_server": "public_network_access_enabled",
	"azurerm_mssql_managed_instance": "public_data_endpoint_enabled",
}

deny contains finding if {
	some server in azure.resources_of(public_by_default)
	azure.is_true(server.attrs.public_network_access_enabled)
	finding := _finding(server, "public_network_access_enabled", "public_network_access_enabled = true")
}

deny contains finding if {
	some server in azure.resources_of(public_by_default)
	object.get(server.attrs, "public_network_access_enabled", null) == null
	not lib.attribute_unknown(server, "public_network_access_enabled")
	finding := {
		"resource": server.id,
		"msg": sprintf("database server %s accepts connections over the public internet (public_network_access_enabled is not set and defaults to true)", [server.name]),
	}
}

deny contains finding if {
	some kind, argument in public_when_enabled
	some server in object.get(input.by_kind, kind, [])
	azure.is_true(server.attrs[argument])
	finding := _finding(server, argument, sprintf("%s = true", [argument]))
}

# azurerm v4 mysql flexible servers: public_network_access = "Enabled".
deny contains finding if {
	some server in object.get(input.by_kind, "azurerm_mysql_flexible_server", [])
	is_string(server.attrs.public_network_access)
	lower(server.attrs.public_network_access) == "enabled"
	finding := _finding(server, "public_network_access", sprintf("public_network_access = %q", [server.attrs.public_network_access]))
}

_finding(server, attribute, setting) := {
	"resource": server.id,
	"attribute": attribute,
	"msg": sprintf("database server %s accepts connections over the public internet (%s)", [server.name, setting]),
}
