# METADATA
# title: Image declares no HEALTHCHECK
# description: >-
#   The final stage of the Dockerfile has no HEALTHCHECK (of its own or inherited from the stage
#   it is built FROM), so Docker, Compose and Swarm only know whether the process runs, not
#   whether it still serves: a hung or dead-locked service keeps receiving traffic and is never
#   restarted. Severity LOW: an availability concern, and orchestrators such as Kubernetes use
#   their own probes instead. `HEALTHCHECK NONE` is an explicit decision (for example to disable
#   a base image's check because the orchestrator probes the service) and is not reported; a
#   health check the external base image may define cannot be seen and is not assumed. Only the
#   final stage, the image `docker build` produces by default, is checked.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#healthcheck
#   - https://docs.docker.com/compose/how-tos/startup-order/
# custom:
#   id: DKR013
#   name: missing-healthcheck
#   severity: LOW
#   remediation: >-
#     Declare how to probe the service in the final stage, e.g. HEALTHCHECK --interval=30s
#     --timeout=3s CMD ["/app", "healthcheck"] (or CMD curl -fsS http://localhost:8080/health ||
#     exit 1 when the image has curl); write HEALTHCHECK NONE when the orchestrator's probes are
#     the ones to use.
#   aliases:
#     - CKV_DOCKER_2
#     - AVD-DS-0026
#     - b03a748a-542d-44f4-bb86-9199ab4fd2d5
#     - DL3057
#   frameworks:
#     cis-docker-1.6: ["4.6"]
#   targets: [dockerfile]
package bastion.rules.dkr013

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	stage.attrs.is_final == true
	stage.attrs.healthcheck == null
	finding := {
		"resource": stage.id,
		"msg": sprintf("the final stage '%s' declares no HEALTHCHECK, so a hung container looks healthy", [stage.name]),
	}
}
