# METADATA
# title: App Service or Function App accepts plain HTTP requests
# description: >-
#   Unless `https_only` is true, an App Service web app or function app answers plain HTTP
#   requests instead of redirecting them to HTTPS, so session cookies, tokens, function keys
#   and form data can be read or altered on the network path. Severity HIGH: the app is on
#   the internet and the exposure needs nothing more than an http:// link. Checks the Linux
#   and Windows web and function apps (azurerm v3/v4), their deployment slots, and the
#   legacy azurerm_app_service and azurerm_function_app resources; `https_only` defaults to
#   false, so a missing argument is reported. A value that cannot be known statically is not
#   reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/app-service/configure-ssl-bindings#enforce-https
#   - https://learn.microsoft.com/en-us/azure/azure-functions/security-concepts
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_web_app#https_only
# custom:
#   id: TF114
#   name: app-service-http-allowed
#   severity: HIGH
#   remediation: >-
#     Set `https_only = true` on the app (and on each deployment slot); App Service then
#     redirects every HTTP request to HTTPS.
#   aliases:
#     - CKV_AZURE_14
#     - CKV_AZURE_70
#     - CKV_AZURE_153
#     - AVD-AZU-0072
#     - AVD-AZU-0004
#   frameworks:
#     cis-azure-foundations-1.3: ["9.2"]
#   targets: [terraform]
package bastion.rules.tf114

import data.bastion.lib
import data.bastion.lib.azure
import rego.v1

deny contains finding if {
	some app in azure.resources_of(azure.app_service_kinds)
	azure.is_false(app.attrs.https_only)
	finding := {
		"resource": app.id,
		"attribute": "https_only",
		"msg": sprintf("app %s accepts plain HTTP requests (https_only = false)", [app.name]),
	}
}

deny contains finding if {
	some app in azure.resources_of(azure.app_service_kinds)
	object.get(app.attrs, "https_only", null) == null
	not lib.attribute_unknown(app, "https_only")
	finding := {
		"resource": app.id,
		"msg": sprintf("app %s accepts plain HTTP requests (https_only is not set and defaults to false)", [app.name]),
	}
}
