# METADATA
# title: App Service or Function App accepts TLS versions older than 1.2
# description: >-
#   A web app or function app whose minimum TLS version is 1.0 or 1.1 lets clients, and
#   attackers who force a downgrade, use protocol versions with known weaknesses that
#   browsers and PCI DSS have retired. The `scm_minimum_tls_version` setting does the same
#   for the Kudu/SCM site that deploys the app. Severity HIGH: the app is reachable from the
#   internet. Checks `site_config.minimum_tls_version` and `site_config.scm_minimum_tls_version`
#   of the azurerm v3/v4 web and function apps and slots, and `site_config.min_tls_version` of
#   the legacy azurerm_app_service and azurerm_function_app; all default to 1.2, so only an
#   explicit older version is reported. Values that cannot be known statically are not
#   reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/app-service/overview-tls
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app#minimum_tls_version
# custom:
#   id: TF115
#   name: app-service-weak-tls
#   severity: HIGH
#   remediation: >-
#     Set `minimum_tls_version = "1.2"` and `scm_minimum_tls_version = "1.2"` in `site_config`
#     (`min_tls_version` on legacy resources), or remove them to get the 1.2 default.
#   aliases:
#     - CKV_AZURE_15
#     - CKV_AZURE_145
#     - CKV_AZURE_154
#     - AVD-AZU-0006
#   frameworks:
#     cis-azure-foundations-1.3: ["9.3"]
#   targets: [terraform]
package bastion.rules.tf115

import data.bastion.lib.azure
import rego.v1

# site_config arguments holding a minimum TLS version: the v3/v4 names and the legacy one.
tls_settings := ["minimum_tls_version", "scm_minimum_tls_version", "min_tls_version"]

deny contains finding if {
	some app in azure.resources_of(azure.app_service_kinds)
	some i, site_config in app.attrs.site_config
	azure.known_block(site_config)
	some setting in tls_settings
	version := site_config[setting]
	azure.tls_version_below_1_2(version)
	finding := {
		"resource": app.id,
		"attribute": sprintf("site_config[%d].%s", [i, setting]),
		"msg": sprintf("app %s accepts TLS versions older than 1.2 (%s = %q)", [app.name, setting, sprintf("%v", [version])]),
	}
}
