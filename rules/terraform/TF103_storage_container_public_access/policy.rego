# METADATA
# title: Storage container allows anonymous public read access
# description: >-
#   A blob container whose access type is `blob` lets anyone on the internet read every blob
#   whose name they know, and `container` also lets them list the container's contents. No
#   credential, SAS token or network rule is needed. Severity HIGH: it is the Azure
#   counterpart of a public S3 bucket and a frequent cause of data leaks. Checks
#   `container_access_type` of azurerm_storage_container (default private). A value that
#   cannot be known statically is not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-configure
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_container#container_access_type
# custom:
#   id: TF103
#   name: storage-container-public-access
#   severity: HIGH
#   remediation: >-
#     Set `container_access_type = "private"` (or remove the argument), give readers Azure AD
#     roles or short-lived SAS URLs, and set `allow_nested_items_to_be_public = false` on the
#     storage account so no container can be made public again.
#   aliases:
#     - CKV_AZURE_34
#     - AVD-AZU-0007
#     - dd5230f8-a577-4bbb-b7ac-f2c2fe7d5299
#   targets: [terraform]
package bastion.rules.tf103

import rego.v1

public_access := {
	"blob": "anyone can read its blobs",
	"container": "anyone can list and read its blobs",
}

deny contains finding if {
	some container in object.get(input.by_kind, "azurerm_storage_container", [])
	access := container.attrs.container_access_type
	is_string(access)
	exposure := public_access[lower(trim_space(access))]
	finding := {
		"resource": container.id,
		"attribute": "container_access_type",
		"msg": sprintf("storage container %s allows anonymous access: %s (container_access_type = %q)", [container.name, exposure, access]),
	}
}
