# METADATA
# title: Azure database server accepts TLS versions older than 1.2
# description: >-
#   A database server whose minimum TLS version is 1.0 or 1.1 (or whose TLS enforcement is
#   disabled) lets clients negotiate protocol versions with known weaknesses, which Azure is
#   retiring. Severity MEDIUM: a downgraded connection exposes credentials and data, but an
#   attacker needs a position on the network path. Checks `minimum_tls_version` of
#   azurerm_mssql_server (default 1.2), `ssl_minimal_tls_version_enforced` of
#   azurerm_postgresql_server, azurerm_mysql_server and azurerm_mariadb_server (default
#   TLS1_2), and the `ssl_min_protocol_version` (PostgreSQL) and `tls_version` (MySQL)
#   parameters of flexible servers. Only explicit older versions are reported; values that
#   cannot be known statically are not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings#minimum-tls-version
#   - https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-networking-ssl-tls
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server#minimum_tls_version
# custom:
#   id: TF113
#   name: database-weak-tls
#   severity: MEDIUM
#   remediation: >-
#     Set `minimum_tls_version = "1.2"` (SQL) or `ssl_minimal_tls_version_enforced = "TLS1_2"`
#     (single servers), or remove the argument to get the TLS 1.2 default; on flexible
#     servers set `ssl_min_protocol_version` to "TLSv1.2" and `tls_version` to "TLSv1.2" or
#     "TLSv1.2,TLSv1.3".
#   aliases:
#     - CKV_AZURE_52
#     - CKV_AZURE_54
#     - CKV_AZURE_147
#     - AVD-AZU-0026
#   targets: [terraform]
package bastion.rules.tf113

import data.bastion.lib.azure
import rego.v1

single_server_kinds := {"azurerm_postgresql_server", "azurerm_mysql_server", "azurerm_mariadb_server"}

weak_single_server_versions := {"tls1_0", "tls1_1", "tlsenforcementdisabled"}

# Versions named by the flexible server parameters.
weak_parameter_versions := {"tlsv1", "tlsv1.0", "tlsv1.1"}

deny contains finding if {
	some server in object.get(input.by_kind, "azurerm_mssql_server", [])
	version := server.attrs.minimum_tls_version
	_weak_mssql_version(version)
	finding := _finding(server, "minimum_tls_version", version)
}

deny contains finding if {
	some server in azure.resources_of(single_server_kinds)
	version := server.attrs.ssl_minimal_tls_version_enforced
	is_string(version)
	lower(trim_space(version)) in weak_single_server_versions
	finding := _finding(server, "ssl_minimal_tls_version_enforced", version)
}

deny contains finding if {
	some kind, parameter in {
		"azurerm_postgresql_flexible_server_configuration": "ssl_min_protocol_version",
		"azurerm_mysql_flexible_server_configuration": "tls_version",
	}
	some configuration in object.get(input.by_kind, kind, [])
	configuration.attrs.name == parameter
	value := configuration.attrs.value
	is_string(value)
	some version in split(value, ",")
	lower(trim_space(version)) in weak_parameter_versions
	finding := {
		"resource": configuration.id,
		"attribute": "value",
		"msg": sprintf("%s lets its flexible server accept TLS versions older than 1.2 (%s = %q)", [configuration.name, parameter, value]),
	}
}

_weak_mssql_version(version) if azure.tls_version_below_1_2(version)

_weak_mssql_version(version) if {
	is_string(version)
	lower(trim_space(version)) == "disabled"
}

_finding(server, attribute, version) := {
	"resource": server.id,
	"attribute": attribute,
	"msg": sprintf("database server %s accepts TLS versions older than 1.2 (%s = %q)", [server.name, attribute, version]),
}
