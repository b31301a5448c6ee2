# METADATA
# title: ADD copies local files that COPY should copy
# description: >-
#   ADD is used for plain local files or directories. ADD does more than COPY: it unpacks any
#   local tar archive it is given and downloads URLs, so a source that later becomes (or is
#   swapped for) an archive is silently extracted into the image, and readers cannot tell what
#   the instruction is meant to do. COPY does exactly one thing. Severity LOW: for plain files the
#   two behave the same today; the risk is surprise extraction and unclear intent, not an open
#   hole. ADD of a local archive (its purpose), of a URL or git repository (see DKR006), of a
#   here-document, and of a source named by a variable (not known statically) is not reported.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#add
#   - https://docs.docker.com/build/building/best-practices/#add-or-copy
# custom:
#   id: DKR005
#   name: add-instead-of-copy
#   severity: LOW
#   remediation: >-
#     Replace ADD with COPY for local files and directories, e.g. COPY --chown=app:app src/ /app/;
#     keep ADD only to unpack a local tar archive (ADD rootfs.tar.gz /).
#   aliases:
#     - CKV_DOCKER_4
#     - AVD-DS-0005
#     - 9513a694-aa0d-41d8-be61-3271e056f36b
#     - DL3020
#   frameworks:
#     cis-docker-1.6: ["4.9"]
#   targets: [dockerfile]
package bastion.rules.dkr005

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, instruction in stage.attrs.instructions
	instruction.cmd == "add"
	count(instruction.value) >= 2
	sources := array.slice(instruction.value, 0, count(instruction.value) - 1)
	every source in sources {
		_plain_local(docker.unquote(source))
	}
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("stage '%s' uses ADD for the local file(s) %s, which COPY copies without ADD's archive extraction", [stage.name, _list(sources)]),
	}
}

_plain_local(source) if {
	not startswith(source, "<<")
	not docker.has_variable(source)
	not _remote(source)
	not _archive(source)
}

_remote(source) if regex.match(`^[A-Za-z][A-Za-z0-9+.-]*://`, source)

_remote(source) if startswith(source, "git@")

# Names ADD may unpack: tar archives, plain or compressed (Docker detects the format by content,
# so a compressed name is taken as a possible tar archive).
_archive(source) if regex.match(`(?i)\.(tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tlz|gz|bz2|xz|zst|lz|lzma|z)$`, source)

_list(sources) := concat(", ", [sprintf("'%s'", [source]) | some source in sources])
