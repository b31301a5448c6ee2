# METADATA
# title: Storage account accepts TLS versions older than 1.2
# description: >-
#   A storage account whose `min_tls_version` is TLS1_0 or TLS1_1 lets clients negotiate
#   protocol versions with known weaknesses (BEAST, weak cipher suites) that Microsoft is
#   retiring across Azure. Severity HIGH: a downgraded connection exposes the data and the
#   keys or SAS tokens that travel with it. azurerm v3 and v4 default to TLS1_2, so only an
#   explicit older version is reported; a value that cannot be known statically is not
#   reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#min_tls_version
# custom:
#   id: TF101
#   name: storage-account-weak-tls
#   severity: HIGH
#   remediation: >-
#     Set `min_tls_version = "TLS1_2"` (or remove the argument, whose default is TLS1_2 since
#     azurerm 3.0) after checking that no client still needs TLS 1.0 or 1.1.
#   aliases:
#     - CKV_AZURE_44
#     - AVD-AZU-0011
#   targets: [terraform]
package bastion.rules.tf101

import rego.v1

weak_versions := {"tls1_0", "tls1_1"}

deny contains finding if {
	some account in object.get(input.by_kind, "azurerm_storage_account", [])
	version := account.attrs.min_tls_version
	is_string(version)
	lower(trim_space(version)) in weak_versions
	finding := {
		"resource": account.id,
		"attribute": "min_tls_version",
		"msg": sprintf("storage account %s accepts TLS versions older than 1.2 (min_tls_version = %q)", [account.name, version]),
	}
}
