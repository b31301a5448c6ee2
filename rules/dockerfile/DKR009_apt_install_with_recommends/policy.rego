# METADATA
# title: apt installs recommended packages
# description: >-
#   apt-get install (or apt install) runs without --no-install-recommends, so apt also installs
#   every package the requested ones merely recommend: often dozens of extra packages, each one
#   more thing to patch, to scan and to exploit, and a bigger image. Severity LOW: it enlarges the
#   attack surface and the image without opening anything by itself. Only stages whose layers
#   ship are checked (not stages used only as COPY --from sources), and a stage that turns
#   recommends off in apt's configuration (APT::Install-Recommends "false"), or is built on one
#   that does, is not reported.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://manpages.debian.org/bookworm/apt/apt.conf.5.en.html
# custom:
#   id: DKR009
#   name: apt-install-with-recommends
#   severity: LOW
#   remediation: >-
#     Add --no-install-recommends: RUN apt-get update && apt-get install -y
#     --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*, and list explicitly any
#     recommended package the image really needs.
#   aliases:
#     - AVD-DS-0029
#     - 7384dfb2-fcd1-4fbf-91cd-6c44c318c33c
#     - DL3015
#   targets: [dockerfile]
package bastion.rules.dkr009

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.run_commands
import rego.v1

deny contains finding if {
	some command in run_commands
	command.program in {"apt-get", "apt", "aptitude"}
	docker.first_word(command.args) == "install"
	not _skips_recommends(command.args)
	stage := input.by_id[command.stage_id]
	docker.is_shipped(stage)
	not _configured_off(stage)
	finding := {
		"resource": command.stage_id,
		"attribute": command.attribute,
		"msg": sprintf("stage '%s' runs '%s install' without --no-install-recommends, which adds every recommended package to the image", [command.stage_name, command.program]),
	}
}

_skips_recommends(args) if docker.has_option(args, {"--no-install-recommends", "--without-recommends", "-R"})

_skips_recommends(args) if {
	some k, word in args
	word in {"-o", "--option"}
	_recommends_off(args[k + 1])
}

_skips_recommends(args) if {
	some word in args
	regex.match(`^(-o|--option=)`, word)
	_recommends_off(word)
}

_recommends_off(option) if regex.match(`(?i)APT::Install-Recommends\s*=\s*"?(false|no|0|off)"?`, option)

# The stage, or a stage it is built on, writes APT::Install-Recommends "false" to apt's config.
_configured_off(stage) if {
	some id in docker.lineage(stage)
	id in _configuring_stages
}

_configuring_stages contains command.stage_id if {
	some command in run_commands
	command.program in {"echo", "printf", "tee"}
	some word in command.args
	regex.match(`(?i)APT::Install-Recommends\s+"?(false|no|0|off)`, word)
}
