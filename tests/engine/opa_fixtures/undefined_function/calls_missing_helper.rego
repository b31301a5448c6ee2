package main

import rego.v1

deny contains msg if {
	data.lib.missing.describe(input)
	msg := "never"
}

warn contains "always" if {
	input.kind
}
