# METADATA
# title: Private key file copied into the image
# description: >-
#   COPY or ADD of an SSH private key (id_rsa, id_ed25519, a .ssh directory) or of a key file
#   (*.key, *.pem, *.p12, *.pfx, *.ppk) from the build context puts the key in an image layer:
#   deleting it in a later RUN does not remove it from the layer, and anyone who can pull the
#   image (or a build cache) can extract it. Files named like certificates or public keys
#   (cert.pem, ca.pem, fullchain.pem, *.pub, *-public.key, *.gpg.key), remote URLs, paths built
#   from variables and COPY --from another stage or image are not reported. Severity HIGH: a
#   private key in an image is usually an SSH, TLS or signing identity that outlives the image.
# related_resources:
#   - https://docs.docker.com/build/building/secrets/#ssh-mounts
#   - https://docs.docker.com/build/building/secrets/
#   - https://avd.aquasec.com/misconfig/dockerfile/general/avd-ds-0031/
# custom:
#   id: DKR092
#   name: private-key-file-copied
#   severity: HIGH
#   remediation: >-
#     Do not copy keys into the image: use an SSH mount for git access
#     (RUN --mount=type=ssh git clone git@github.com:acme/private.git, built with docker build --ssh default)
#     or a secret mount for other keys, and give the running container its TLS key from a
#     volume or the orchestrator's secrets.
#   aliases:
#     - AVD-DS-0031
#   targets: [dockerfile]
package bastion.rules.dkr092

import rego.v1

deny contains finding if {
	some stage in object.get(input.by_kind, "dockerfile.stage", [])
	some index, instruction in stage.attrs.instructions
	instruction.cmd in {"copy", "add"}
	not _from_elsewhere(instruction)
	is_array(instruction.value)
	count(instruction.value) >= 2
	some source in array.slice(instruction.value, 0, count(instruction.value) - 1)
	name := _basename(_unquote(source))
	_private_key_name(name)
	not _variable_or_remote(source)
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("stage '%s' copies the private key file '%s' into the image with %s", [stage.name, _unquote(source), upper(instruction.cmd)]),
	}
}

_from_elsewhere(instruction) if {
	some flag in instruction.flags
	startswith(flag, "--from=")
}

_unquote(text) := trim(text, `"'`) if is_string(text)

_basename(path) := name if {
	parts := split(trim_right(path, "/"), "/")
	name := parts[count(parts) - 1]
}

_variable_or_remote(source) if contains(source, "$")

_variable_or_remote(source) if contains(source, "://")

_variable_or_remote(source) if startswith(source, "<<")

_private_key_name(name) if regex.match(`^(id_(rsa|dsa|ecdsa|ed25519)|\.ssh)$`, name)

_private_key_name(name) if {
	regex.match(`(?i)\.(key|pem|p12|pfx|ppk)$`, name)
	not _public_looking(name)
}

# Certificates, CA bundles, public keys and public package-signing keys share these suffixes.
_public_looking(name) if regex.match(`(?i)(^|[-_.])(cert|certs|certificate|crt|chain|fullchain|bundle|ca|cacert|pub|public|gpg|pgp|asc|signing-pubkey)([-_.]|$)`, name)
