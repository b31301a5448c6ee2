# METADATA
# title: EXPOSE names an invalid port
# description: >-
#   An EXPOSE value is not a TCP/UDP port: a number above 65535, a range whose start is above its
#   end, an unknown protocol (only tcp, udp and sctp exist), or something else such as a host
#   mapping (8080:80, which belongs to docker run -p). Such a value is a typo that either breaks
#   the build or documents a port the service does not use, so the port that is really served is
#   not the one tooling and readers see. Severity LOW: a correctness problem, not an exposure. A
#   port given by a variable without a known value is not decided.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#expose
# custom:
#   id: DKR015
#   name: invalid-exposed-port
#   severity: LOW
#   remediation: >-
#     Write each port as <port>[/<protocol>] or <first>-<last>[/<protocol>] with ports from 1 to
#     65535 and protocol tcp, udp or sctp, e.g. EXPOSE 8080/tcp 9000-9010/udp; publish host
#     ports with docker run -p 8080:80, not in the Dockerfile.
#   aliases:
#     - AVD-DS-0008
#     - 71bf8cf8-f0a1-42fa-b9d2-d10525e0a38e
#     - DL3011
#   targets: [dockerfile]
package bastion.rules.dkr015

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, port in stage.attrs.exposed_ports
	is_string(port)
	problem := _problem(port)
	finding := {
		"resource": stage.id,
		"attribute": sprintf("exposed_ports[%d]", [index]),
		"msg": sprintf("stage '%s' exposes '%s', which %s", [stage.name, port, problem]),
	}
}

_pattern := `^([0-9]+)(?:-([0-9]+))?(?:/([A-Za-z]+))?$`

# _problem(port) is what is wrong with the port, the first problem found; undefined when valid.
_problem(port) := "is not a port or port range (host mappings belong to docker run -p)" if {
	not regex.match(_pattern, port)
} else := sprintf("uses the unknown protocol '%s' (tcp, udp or sctp)", [_parts(port)[3]]) if {
	_parts(port)[3] != ""
	not lower(_parts(port)[3]) in {"tcp", "udp", "sctp"}
} else := "is above 65535, the highest port number" if {
	some number in [_parts(port)[1], _parts(port)[2]]
	number != ""
	to_number(number) > 65535
} else := "is a range that ends before it starts" if {
	_parts(port)[2] != ""
	to_number(_parts(port)[1]) > to_number(_parts(port)[2])
}

_parts(port) := regex.find_all_string_submatch_n(_pattern, port, 1)[0]
