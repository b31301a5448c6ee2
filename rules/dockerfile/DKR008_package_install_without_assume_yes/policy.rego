# METADATA
# title: Package manager may stop to ask for confirmation
# description: >-
#   apt-get, apt, aptitude, yum, dnf, tdnf or zypper installs, upgrades or removes packages
#   without its non-interactive switch (-y, --assume-yes, -qq, zypper -n). Whenever the
#   transaction needs confirmation (extra dependencies, removals), the package manager asks on a
#   terminal the build does not have and aborts, so the same Dockerfile builds or fails depending
#   on what the mirror holds that day. Severity LOW: it breaks builds, it does not weaken the
#   image. A stage that switches confirmations off in the package manager's configuration
#   (APT::Get::Assume-Yes "true", assumeyes=1), or is built on one that does, is not reported;
#   microdnf never asks and is not checked.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://manpages.debian.org/bookworm/apt/apt-get.8.en.html
#   - https://dnf.readthedocs.io/en/latest/command_ref.html
# custom:
#   id: DKR008
#   name: package-install-without-assume-yes
#   severity: LOW
#   remediation: >-
#     Add the non-interactive switch: apt-get install -y, yum install -y, dnf install -y,
#     zypper --non-interactive install (or zypper install -y).
#   aliases:
#     - AVD-DS-0021
#     - 77783205-c4ca-4f80-bb80-c777f267c547
#     - 6e19193a-8753-436d-8a09-76dcff91bb03
#     - 7ebd323c-31b7-4e5b-b26f-de5e9e477af8
#     - 45e1fca5-f90e-465d-825f-c2cb63fa3944
#     - DL3014
#     - DL3030
#     - DL3038
#     - DL3034
#   targets: [dockerfile]
package bastion.rules.dkr008

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.run_commands
import rego.v1

deny contains finding if {
	some command in run_commands
	family := _family[command.program]
	subcommand := docker.first_word(command.args)
	subcommand in _asking[family]
	not _answers_yes(family, command.args)
	not _configured_yes(family, input.by_id[command.stage_id])
	finding := {
		"resource": command.stage_id,
		"attribute": command.attribute,
		"msg": sprintf("stage '%s' runs '%s %s' without %s, so the build aborts whenever it asks for confirmation", [command.stage_name, command.program, subcommand, _switch[family]]),
	}
}

_family := {
	"apt-get": "apt", "apt": "apt", "aptitude": "apt",
	"yum": "rpm", "dnf": "rpm", "dnf-3": "rpm", "tdnf": "rpm",
	"zypper": "zypper",
}

_switch := {"apt": "-y", "rpm": "-y", "zypper": "--non-interactive"}

# Subcommands that may ask before changing packages.
_asking := {
	"apt": {"install", "upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade", "remove", "purge", "autoremove", "build-dep", "reinstall"},
	"rpm": {"install", "reinstall", "update", "upgrade", "remove", "erase", "groupinstall", "groupupdate", "groupremove", "localinstall", "group", "distro-sync", "downgrade", "autoremove", "swap", "module"},
	"zypper": {"install", "in", "remove", "rm", "update", "up", "patch", "dist-upgrade", "dup", "source-install", "si", "install-new-recommends", "inr"},
}

_answers_yes("apt", args) if docker.has_option(args, {"-y", "--yes", "--assume-yes"})

# apt-get -qq implies -y.
_answers_yes("apt", args) if {
	some word in args
	regex.match(`^(-[A-Za-z]*q[A-Za-z]*q[A-Za-z]*|--quiet=2|-q=2)$`, word)
}

_answers_yes("apt", args) if {
	some k, word in args
	word == "-o"
	_apt_assume_yes(args[k + 1])
}

_answers_yes("apt", args) if {
	some word in args
	startswith(word, "-o")
	_apt_assume_yes(word)
}

_answers_yes("rpm", args) if docker.has_option(args, {"-y", "--assumeyes"})

_answers_yes("rpm", args) if {
	some word in args
	regex.match(`(?i)^--setopt=assumeyes=(1|true|yes)$`, word)
}

_answers_yes("zypper", args) if docker.has_option(args, {"-n", "--non-interactive", "-y", "--no-confirm"})

_apt_assume_yes(option) if regex.match(`(?i)APT::Get::Assume-Yes\s*=\s*"?(true|yes|1)"?`, option)

# The stage, or a stage it is built on, writes the package manager's "always yes" setting.
_configured_yes(family, stage) if {
	some id in docker.lineage(stage)
	[family, id] in _configuring_stages
}

_configuring_stages contains [family, command.stage_id] if {
	some command in run_commands
	command.program in {"echo", "printf", "tee"}
	some word in command.args
	some family, pattern in _config_pattern
	regex.match(pattern, word)
}

_config_pattern := {
	"apt": `(?i)APT::Get::Assume-Yes\s+"?(true|yes|1)`,
	"rpm": `(?i)(^|[^a-z_])assumeyes\s*=\s*(1|true|yes)`,
}
