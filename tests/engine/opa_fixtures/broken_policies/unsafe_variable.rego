package main

import rego.v1

deny contains msg if {
	msg := sprintf("%v is not allowed", [undefined_name])
}
