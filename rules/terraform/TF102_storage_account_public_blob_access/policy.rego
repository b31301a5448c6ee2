# METADATA
# title: Storage account lets containers and blobs be made public
# description: >-
#   While a storage account allows public (anonymous) access to nested items, any container
#   can be switched to anonymous read with one setting, by a deployment or by hand, and its
#   blobs are then readable by anyone who guesses the URL. Turning it off at the account is
#   the guardrail Microsoft recommends. Severity MEDIUM: the account setting alone exposes
#   nothing, but it is what lets a single mistake become a data leak (rule TF103 reports
#   containers that are actually public). Checks `allow_nested_items_to_be_public` (azurerm
#   v3/v4, default true, so a missing argument is reported) and the azurerm v2 argument
#   `allow_blob_public_access` (default false). A value that cannot be known statically is
#   not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#allow_nested_items_to_be_public
# custom:
#   id: TF102
#   name: storage-account-public-blob-access
#   severity: MEDIUM
#   remediation: >-
#     Set `allow_nested_items_to_be_public = false` on the azurerm_storage_account, and serve
#     public content through a CDN or short-lived SAS URLs instead of anonymous containers.
#   aliases:
#     - CKV_AZURE_190
#     - 17f75827-0684-48f4-8747-61129c7e4198
#   targets: [terraform]
package bastion.rules.tf102

import data.bastion.lib
import data.bastion.lib.azure
import rego.v1

# Explicitly allowed, under the azurerm v3/v4 name or the v2 name.
deny contains finding if {
	some account in _accounts
	some flag in ["allow_nested_items_to_be_public", "allow_blob_public_access"]
	azure.is_true(object.get(account.attrs, flag, null))
	finding := {
		"resource": account.id,
		"attribute": flag,
		"msg": sprintf("storage account %s lets containers and blobs be made public (%s = true)", [account.name, flag]),
	}
}

# Allowed by default: azurerm v3/v4 default allow_nested_items_to_be_public to true.
deny contains finding if {
	some account in _accounts
	object.get(account.attrs, "allow_nested_items_to_be_public", null) == null
	object.get(account.attrs, "allow_blob_public_access", null) == null
	not lib.attribute_unknown(account, "allow_nested_items_to_be_public")
	finding := {
		"resource": account.id,
		"msg": sprintf("storage account %s lets containers and blobs be made public (allow_nested_items_to_be_public is not set and defaults to true)", [account.name]),
	}
}

_accounts := object.get(input.by_kind, "azurerm_storage_account", [])
