package main

import rego.v1

default tier := "none"

tier := "public" if input.public

tier := "private" if input.private

deny contains msg if {
	tier == "public"
	msg := sprintf("%s is public", [input.name])
}

warn contains msg if {
	input.name
	msg := sprintf("%s was checked", [input.name])
}
