# METADATA
# title: Linux virtual machine allows SSH password authentication
# description: >-
#   A Linux VM or scale set that keeps password authentication enabled accepts SSH logins
#   with a password, which can be guessed, sprayed or reused from another breach; SSH keys
#   cannot. Severity HIGH: combined with any network path to port 22 it gives attackers an
#   online guessing target for an administrator account. Checks
#   `disable_password_authentication` of azurerm_linux_virtual_machine and
#   azurerm_linux_virtual_machine_scale_set (default true, so only an explicit false is
#   reported), of `os_profile.linux_configuration` in
#   azurerm_orchestrated_virtual_machine_scale_set, and of `os_profile_linux_config` in the
#   legacy azurerm_virtual_machine. A value that cannot be known statically is not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/virtual-machines/linux/create-ssh-keys-detailed
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/linux_virtual_machine#disable_password_authentication
# custom:
#   id: TF116
#   name: linux-vm-password-authentication
#   severity: HIGH
#   remediation: >-
#     Set `disable_password_authentication = true` (or remove it), remove `admin_password`,
#     and give the admin user an `admin_ssh_key { public_key = ... }`; better still, log in
#     with Azure AD through the AADSSHLoginForLinux extension.
#   aliases:
#     - CKV_AZURE_149
#     - CKV_AZURE_1
#     - CKV_AZURE_49
#     - AVD-AZU-0039
#   targets: [terraform]
package bastion.rules.tf116

import data.bastion.lib.azure
import rego.v1

# azurerm v3/v4 Linux VMs and scale sets.
deny contains finding if {
	some vm in azure.resources_of({"azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"})
	azure.is_false(vm.attrs.disable_password_authentication)
	finding := _finding(vm, "disable_password_authentication")
}

# Flexible orchestration scale sets: os_profile { linux_configuration { ... } }.
deny contains finding if {
	some vm in object.get(input.by_kind, "azurerm_orchestrated_virtual_machine_scale_set", [])
	some i, profile in vm.attrs.os_profile
	some j, linux in profile.linux_configuration
	azure.is_false(linux.disable_password_authentication)
	finding := _finding(vm, sprintf("os_profile[%d].linux_configuration[%d].disable_password_authentication", [i, j]))
}

# Legacy azurerm_virtual_machine: os_profile_linux_config { ... }.
deny contains finding if {
	some vm in object.get(input.by_kind, "azurerm_virtual_machine", [])
	some i, linux in vm.attrs.os_profile_linux_config
	azure.is_false(linux.disable_password_authentication)
	finding := _finding(vm, sprintf("os_profile_linux_config[%d].disable_password_authentication", [i]))
}

_finding(vm, attribute) := {
	"resource": vm.id,
	"attribute": attribute,
	"msg": sprintf("virtual machine %s allows SSH password authentication (disable_password_authentication = false)", [vm.name]),
}
