package main

import rego.v1

import data.lib.helpers

violation_public_bucket contains result if {
	some name
	bucket := input.resource.aws_s3_bucket[name][_]
	helpers.is_public(bucket.acl)
	result := {
		"msg": sprintf("bucket %s is readable by anyone", [name]),
		"_loc": {"file": "terraform/main.tf", "line": 3},
	}
}

warn_open_ssh contains msg if {
	some name
	group := input.resource.aws_security_group[name][_]
	some rule in group.ingress
	rule.from_port <= 22
	rule.to_port >= 22
	"0.0.0.0/0" in rule.cidr_blocks
	msg := sprintf("security group %s opens SSH to the internet", [name])
}
