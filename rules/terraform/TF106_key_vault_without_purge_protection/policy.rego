# METADATA
# title: Key vault can be purged before its retention period ends
# description: >-
#   Without purge protection, a deleted key vault (or a deleted key, secret or certificate in
#   it) can be purged at once by anyone with the purge permission, instead of staying
#   recoverable for its soft-delete retention period. A compromised identity or a mistaken
#   `terraform destroy` then destroys the keys for good, and with them every disk, database
#   or storage account encrypted by those keys. Severity MEDIUM: it takes a second mistake or
#   an attacker to lose data, but the loss is irreversible. Checks `purge_protection_enabled`
#   of azurerm_key_vault and azurerm_key_vault_managed_hardware_security_module (default
#   false, so a missing argument is reported). A value that cannot be known statically is not
#   reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault#purge_protection_enabled
# custom:
#   id: TF106
#   name: key-vault-without-purge-protection
#   severity: MEDIUM
#   remediation: >-
#     Set `purge_protection_enabled = true` (it cannot be turned off again) and keep
#     `soft_delete_retention_days` at 7 to 90 days as your recovery window requires.
#   aliases:
#     - CKV_AZURE_110
#     - CKV_AZURE_42
#     - AVD-AZU-0016
#   targets: [terraform]
package bastion.rules.tf106

import data.bastion.lib
import data.bastion.lib.azure
import rego.v1

vault_kinds := {"azurerm_key_vault", "azurerm_key_vault_managed_hardware_security_module"}

deny contains finding if {
	some vault in azure.resources_of(vault_kinds)
	azure.is_false(vault.attrs.purge_protection_enabled)
	finding := {
		"resource": vault.id,
		"attribute": "purge_protection_enabled",
		"msg": sprintf("key vault %s can be purged at once after deletion (purge_protection_enabled = false)", [vault.name]),
	}
}

deny contains finding if {
	some vault in azure.resources_of(vault_kinds)
	object.get(vault.attrs, "purge_protection_enabled", null) == null
	not lib.attribute_unknown(vault, "purge_protection_enabled")
	finding := {
		"resource": vault.id,
		"msg": sprintf("key vault %s can be purged at once after deletion (purge_protection_enabled is not set and defaults to false)", [vault.name]),
	}
}
