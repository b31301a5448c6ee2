# METADATA
# title: Shared helpers for the Azure (azurerm) rules of the pack
# description: >-
#   Value tests the azurerm rules share (`import data.bastion.lib.azure`): booleans written as
#   strings, NSG port specifications, internet-wide address prefixes, weak TLS settings and the
#   App Service resource types. Every helper is undefined (false) for an unknown marker, so a
#   rule built on them stays silent on values that cannot be known statically.
package bastion.lib.azure

import data.bastion.lib
import rego.v1

# is_true(x) is true for the boolean true or the string "true" (any case), which Terraform
# converts to a boolean.
is_true(x) if x == true

is_true(x) if {
	is_string(x)
	lower(trim_space(x)) == "true"
}

# is_false(x) is true for the boolean false or the string "false" (any case).
is_false(x) if x == false

is_false(x) if {
	is_string(x)
	lower(trim_space(x)) == "false"
}

# known_block(x) is true for an object that is not the unknown marker: a nested block whose
# content the parser knows (a dynamic block with an unknown for_each is the marker instead).
known_block(x) if {
	is_object(x)
	not lib.is_unknown(x)
}

# Address prefixes of network security rules that match every internet address.
internet_prefixes := {"*", "0.0.0.0", "0.0.0.0/0", "::/0", "internet", "any"}

# internet_prefix(prefix) is true for a source prefix that admits the whole internet.
internet_prefix(prefix) if {
	is_string(prefix)
	lower(trim_space(prefix)) in internet_prefixes
}

# port_spec_covers(spec, port) is true when an NSG port specification ("22", "20-25", "*",
# or a number) includes the port.
port_spec_covers(spec, _) if {
	is_string(spec)
	trim_space(spec) == "*"
}

port_spec_covers(spec, port) if lib.number(spec) == port

port_spec_covers(spec, port) if {
	is_string(spec)
	bounds := split(trim_space(spec), "-")
	count(bounds) == 2
	lib.number(trim_space(bounds[0])) <= port
	port <= lib.number(trim_space(bounds[1]))
}

# tls_version_below_1_2(version) is true for an App Service or SQL Server style TLS version
# ("1.0", "1.1", 1.1) lower than 1.2.
tls_version_below_1_2(version) if lib.number(version) < 1.2

# The App Service resource types with an `https_only` argument and a `site_config` block:
# the azurerm v3/v4 Linux and Windows web and function apps, their deployment slots, and the
# legacy (azurerm v2) app service and function app resources.
app_service_kinds := {
	"azurerm_linux_web_app",
	"azurerm_windows_web_app",
	"azurerm_linux_web_app_slot",
	"azurerm_windows_web_app_slot",
	"azurerm_linux_function_app",
	"azurerm_windows_function_app",
	"azurerm_linux_function_app_slot",
	"azurerm_windows_function_app_slot",
	"azurerm_app_service",
	"azurerm_app_service_slot",
	"azurerm_function_app",
	"azurerm_function_app_slot",
}

# resources_of(kinds) is every node whose kind is in the set, in kind order.
resources_of(kinds) := [node |
	some kind in sort([k | some k in kinds])
	some node in object.get(input.by_kind, kind, [])
]

# ipv4_number(address) is a dotted IPv4 address as a number; undefined for anything else.
ipv4_number(address) := number if {
	is_string(address)
	regex.match(`^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`, trim_space(address))
	octets := [to_number(octet) | some octet in split(trim_space(address), ".")]
	every octet in octets {
		octet <= 255
	}
	number := ((((octets[0] * 256) + octets[1]) * 256 + octets[2]) * 256) + octets[3]
}
