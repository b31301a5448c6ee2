# METADATA
# title: ADD downloads a remote file without a checksum
# description: >-
#   ADD fetches an http(s) URL and puts whatever the server returns into the image, with no
#   proof that it is the file the author reviewed: a compromised or hijacked server, a moved
#   "latest" download or (over plain http) anyone on the network path can change it, and the
#   build still succeeds. ADD --checksum=sha256:<digest> makes the build fail on any other
#   content. Severity MEDIUM: it opens the image to tampered downloads but needs control of the
#   remote side or the network. Git sources and URLs built from variables are not reported.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#add---checksum
#   - https://docs.docker.com/reference/dockerfile/#adding-files-from-a-url
# custom:
#   id: DKR006
#   name: add-remote-file-without-checksum
#   severity: MEDIUM
#   remediation: >-
#     Pin the download's digest: ADD --checksum=sha256:<sha256 of the file> https://... /dest
#     (Dockerfile syntax 1.6 or later), or download with curl and verify it with
#     sha256sum -c in the same RUN.
#   aliases:
#     - CKV_DOCKER_4
#   targets: [dockerfile]
package bastion.rules.dkr006

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, instruction in stage.attrs.instructions
	instruction.cmd == "add"
	not _has_checksum(instruction.flags)
	count(instruction.value) >= 2
	some source in array.slice(instruction.value, 0, count(instruction.value) - 1)
	url := docker.unquote(source)
	regex.match(`(?i)^https?://`, url)
	not docker.has_variable(url)
	not _git(url)
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("stage '%s' downloads '%s' with ADD and no --checksum, so any content the server returns is built in", [stage.name, _shown(url)]),
	}
}

_has_checksum(flags) if {
	some flag in flags
	startswith(flag, "--checksum=")
}

# A git repository (BuildKit clones it; a checksum there names a commit).
_git(url) if regex.match(`(?i)\.git(#.*)?$`, url)

_git(url) if contains(url, ".git#")

# A URL's user information and query string may carry credentials: leave them out of the message.
_shown(url) := regex.replace(split(url, "?")[0], `^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@`, "${1}")
