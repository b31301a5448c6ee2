# METADATA
# title: Azure database firewall rule admits a large part of the internet
# description: >-
#   A server-level firewall rule from 0.0.0.0 to 255.255.255.255 (or any range larger than a
#   /8) lets practically any internet address connect to the database server, leaving only
#   the login between an attacker and the data; such rules are often added "temporarily" to
#   debug a connection and then forgotten. Severity HIGH: it exposes the database port to
#   password spraying and to every vulnerability of the database engine. The special rule
#   0.0.0.0-0.0.0.0 ("allow Azure services") is not reported. Checks the firewall rule
#   resources of Azure SQL (mssql and legacy sql), Synapse, PostgreSQL, MySQL and MariaDB
#   servers, flexible servers included. Addresses that cannot be known statically are not
#   reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/azure-sql/database/firewall-configure
#   - https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-firewall-rules
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_firewall_rule
# custom:
#   id: TF111
#   name: database-firewall-open-to-internet
#   severity: HIGH
#   remediation: >-
#     Replace the rule with one rule per client network (`start_ip_address` and
#     `end_ip_address` of your office, VPN or application egress addresses), or remove it and
#     connect through a private endpoint.
#   aliases:
#     - CKV_AZURE_11
#     - AVD-AZU-0029
#   targets: [terraform]
package bastion.rules.tf111

import data.bastion.lib.azure
import rego.v1

firewall_rule_kinds := {
	"azurerm_mssql_firewall_rule",
	"azurerm_sql_firewall_rule",
	"azurerm_synapse_firewall_rule",
	"azurerm_postgresql_firewall_rule",
	"azurerm_postgresql_flexible_server_firewall_rule",
	"azurerm_mysql_firewall_rule",
	"azurerm_mysql_flexible_server_firewall_rule",
	"azurerm_mariadb_firewall_rule",
}

# 2^24 addresses: a /8. Every contiguous range larger than that holds public addresses.
slash_8_size := 16777216

all_ipv4_addresses := 4294967296

deny contains finding if {
	some rule in azure.resources_of(firewall_rule_kinds)
	start := azure.ipv4_number(rule.attrs.start_ip_address)
	end := azure.ipv4_number(rule.attrs.end_ip_address)
	size := (end - start) + 1
	size > slash_8_size
	finding := {
		"resource": rule.id,
		"attribute": "start_ip_address",
		"msg": sprintf("database firewall rule %s admits %s to %s, %s", [rule.name, rule.attrs.start_ip_address, rule.attrs.end_ip_address, _extent(size)]),
	}
}

_extent(size) := "the whole IPv4 internet" if size == all_ipv4_addresses

else := sprintf("%d addresses (more than a /8), public ones included", [size])
