package main

deny[msg] {
	input.kind == "Deployment"
	container := input.spec.template.spec.containers[_]
	container.securityContext.privileged
	msg := sprintf("container %s of Deployment %s is privileged", [container.name, input.metadata.name])
}

deny_run_as_root[msg] {
	input.kind == "Deployment"
	input.spec.template.spec.securityContext.runAsUser == 0
	msg := sprintf("pods of Deployment %s run as root", [input.metadata.name])
}

warn[msg] {
	input.kind == "Service"
	input.spec.type == "NodePort"
	msg := sprintf("Service %s is exposed on every node", [input.metadata.name])
}

exception[rules] {
	input.metadata.name == "legacy-api"
	rules := ["run_as_root"]
}
