# METADATA
# title: Storage account admits traffic from every network
# description: >-
#   A storage account's firewall allows every network unless its network rules set the
#   default action to Deny; the account's endpoints then accept requests from anywhere on the
#   internet, and a leaked key or SAS token is usable from any address. Severity MEDIUM:
#   requests still need credentials, but the network layer adds no protection. Checks the
#   inline `network_rules` block, a linked azurerm_storage_account_network_rules resource
#   (found through its reference to the account), and accounts with neither (the default is
#   Allow). Accounts with `public_network_access_enabled = false` have no public endpoint and
#   are not reported; values that cannot be known statically are not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#network_rules
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account_network_rules
# custom:
#   id: TF104
#   name: storage-account-network-default-allow
#   severity: MEDIUM
#   remediation: >-
#     Add `network_rules { default_action = "Deny" }` with the `ip_rules` and
#     `virtual_network_subnet_ids` that need access (and `bypass = ["AzureServices"]` if
#     trusted Azure services must reach it), or use private endpoints and set
#     `public_network_access_enabled = false`.
#   aliases:
#     - CKV_AZURE_35
#     - AVD-AZU-0012
#     - 17f75827-0684-48f4-8747-61129c7e4198
#   targets: [terraform]
package bastion.rules.tf104

import data.bastion.lib
import data.bastion.lib.azure
import rego.v1

# An inline network_rules block whose default action is Allow.
deny contains finding if {
	some account in _accounts
	not _without_public_endpoint(account)
	some i, rules in account.attrs.network_rules
	_allows(rules.default_action)
	finding := {
		"resource": account.id,
		"attribute": sprintf("network_rules[%d].default_action", [i]),
		"msg": sprintf("storage account %s admits traffic from every network (network_rules default_action = %q)", [account.name, rules.default_action]),
	}
}

# A standalone azurerm_storage_account_network_rules resource whose default action is Allow.
deny contains finding if {
	some rules in object.get(input.by_kind, "azurerm_storage_account_network_rules", [])
	_allows(rules.attrs.default_action)
	not _for_account_without_public_endpoint(rules)
	finding := {
		"resource": rules.id,
		"attribute": "default_action",
		"msg": sprintf("%s admits traffic from every network to its storage account (default_action = %q)", [rules.name, rules.attrs.default_action]),
	}
}

# No network rules at all: the account's firewall allows every network.
deny contains finding if {
	some account in _accounts
	not _without_public_endpoint(account)
	object.get(account.attrs, "network_rules", []) == []
	not lib.attribute_unknown(account, "network_rules")
	not _has_linked_network_rules(account)
	finding := {
		"resource": account.id,
		"msg": sprintf("storage account %s has no network rules, so it admits traffic from every network", [account.name]),
	}
}

_accounts := object.get(input.by_kind, "azurerm_storage_account", [])

_allows(action) if {
	is_string(action)
	lower(trim_space(action)) == "allow"
}

# No public endpoint, or a public_network_access_enabled that cannot be known: not decided.
_without_public_endpoint(account) if azure.is_false(object.get(account.attrs, "public_network_access_enabled", null))

_without_public_endpoint(account) if lib.attribute_unknown(account, "public_network_access_enabled")

# Network rules resources name their account (storage_account_id or storage_account_name), so
# the graph holds a reference edge from the rules to the account.
_has_linked_network_rules(account) if {
	some edge in lib.edges_to(account.id)
	input.by_id[edge.source].kind == "azurerm_storage_account_network_rules"
}

_for_account_without_public_endpoint(rules) if {
	some edge in lib.edges_from(rules.id)
	account := input.by_id[edge.target]
	account.kind == "azurerm_storage_account"
	_without_public_endpoint(account)
}
