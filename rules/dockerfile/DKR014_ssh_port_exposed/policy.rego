# METADATA
# title: Image exposes the SSH port
# description: >-
#   A stage EXPOSEs port 22 (alone, as 22/tcp, or inside a port range), the sign of an SSH
#   server inside the container: one more daemon, one more set of credentials or keys to leak,
#   and a way in that bypasses docker exec and its audit trail. Containers are reached with
#   docker exec or kubectl exec instead. Severity MEDIUM: it announces a remote login service;
#   whether it is reachable depends on how the container is published. UDP port 22 is not SSH and
#   is not reported; a port given by a variable without a known value is not decided.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#expose
#   - https://docs.docker.com/reference/cli/docker/container/exec/
# custom:
#   id: DKR014
#   name: ssh-port-exposed
#   severity: MEDIUM
#   remediation: >-
#     Remove EXPOSE 22 and the SSH server from the image; open a shell with docker exec -it
#     <container> sh or kubectl exec when needed.
#   aliases:
#     - CKV_DOCKER_1
#     - AVD-DS-0004
#     - 5907595b-5b6d-4142-b173-dbb0e73fbff8
#   targets: [dockerfile]
package bastion.rules.dkr014

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, port in stage.attrs.exposed_ports
	is_string(port)
	parts := regex.find_all_string_submatch_n(`^([0-9]+)(?:-([0-9]+))?(?:/([A-Za-z]+))?$`, port, 1)
	count(parts) == 1
	lower(parts[0][3]) in {"", "tcp"}
	_includes_22(parts[0][1], parts[0][2])
	finding := {
		"resource": stage.id,
		"attribute": sprintf("exposed_ports[%d]", [index]),
		"msg": sprintf("stage '%s' exposes port %s, the SSH port", [stage.name, port]),
	}
}

_includes_22(start, "") if to_number(start) == 22

_includes_22(start, end) if {
	end != ""
	to_number(start) <= 22
	to_number(end) >= 22
}
