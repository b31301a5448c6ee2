# METADATA
# title: Storage account accepts unencrypted HTTP requests
# description: >-
#   An Azure storage account with secure transfer turned off serves its blobs, files, queues
#   and tables over plain HTTP, so data and shared access signatures cross the network in
#   clear text. Severity HIGH: anyone on the path can read or alter the traffic, including
#   the SAS tokens that grant access to the account. Checks `enable_https_traffic_only`
#   (azurerm v3) and its v4 name `https_traffic_only_enabled`; both default to true, so only
#   an explicit false is reported. A value that cannot be known statically is not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#https_traffic_only_enabled
# custom:
#   id: TF100
#   name: storage-account-http-allowed
#   severity: HIGH
#   remediation: >-
#     Remove the argument or set `https_traffic_only_enabled = true` (azurerm v4;
#     `enable_https_traffic_only = true` in v3), and point clients at the https:// endpoints.
#   aliases:
#     - CKV_AZURE_3
#     - AVD-AZU-0008
#     - 12944ec4-1fa0-47be-8b17-42a034f937c2
#   frameworks:
#     cis-azure-foundations-1.3: ["3.1"]
#   targets: [terraform]
package bastion.rules.tf100

import data.bastion.lib.azure
import rego.v1

# The argument's azurerm v3 name and its v4 name.
https_flags := ["enable_https_traffic_only", "https_traffic_only_enabled"]

deny contains finding if {
	some account in object.get(input.by_kind, "azurerm_storage_account", [])
	some flag in https_flags
	azure.is_false(object.get(account.attrs, flag, null))
	finding := {
		"resource": account.id,
		"attribute": flag,
		"msg": sprintf("storage account %s accepts unencrypted HTTP requests (%s = false)", [account.name, flag]),
	}
}
