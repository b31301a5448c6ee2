package docker

import rego.v1

deny contains msg if {
	some instruction in input
	instruction.Cmd == "from"
	endswith(instruction.Value[0], ":latest")
	msg := sprintf("%s: base image %s uses the latest tag", [data.conftest.file.name, instruction.Value[0]])
}

warn contains {"msg": "the image sets no USER, so it runs as root"} if {
	not any_user
}

any_user if {
	some instruction in input
	instruction.Cmd == "user"
}
