# METADATA
# title: yum, dnf or zypper cache left in the image
# description: >-
#   A RUN installs or upgrades packages with yum, dnf, microdnf, tdnf or zypper and does not
#   clean the package manager's cache afterwards in the same RUN (yum/dnf clean all, zypper
#   clean), so repository metadata and downloaded packages (often 100 MB and more) stay in that
#   layer for good. Severity LOW: image size and hygiene, no direct exposure. Only stages whose
#   layers ship are checked (not stages used only as COPY --from sources); deleting the cache
#   directory (rm -rf /var/cache/dnf) or keeping it in a cache or tmpfs mount also counts.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#run
#   - https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command
# custom:
#   id: DKR012
#   name: rpm-package-cache-not-cleaned
#   severity: LOW
#   remediation: >-
#     End the installing RUN with the clean command: RUN dnf install -y nginx && dnf clean all
#     (yum clean all, microdnf clean all, zypper clean --all), or use
#     RUN --mount=type=cache,target=/var/cache/dnf.
#   aliases:
#     - AVD-DS-0015
#     - AVD-DS-0019
#     - AVD-DS-0020
#     - AVD-DS-0027
#     - 00481784-25aa-4a55-8633-3136dfcf4f37
#     - 295acb63-9246-4b21-b441-7c1f1fb62dc0
#     - 38300d1a-feb2-4a48-936a-d1ef1cd24313
#     - DL3032
#     - DL3040
#     - DL3036
#   targets: [dockerfile]
package bastion.rules.dkr012

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.runs
import rego.v1

deny contains finding if {
	some run in runs
	docker.is_shipped(run.stage)
	some install in run.commands
	family := _family[install.program]
	subcommand := docker.first_word(install.args)
	subcommand in _installing[family]
	not _cache_mounted(run.instruction, family)
	not _cleaned_after(run.commands, install, family)
	finding := {
		"resource": install.stage_id,
		"attribute": install.attribute,
		"msg": sprintf("stage '%s' runs '%s %s' without '%s' afterwards in the same RUN, which leaves the package cache in the layer", [install.stage_name, install.program, subcommand, _clean_hint(install.program)]),
	}
}

_family := {"yum": "rpm", "dnf": "rpm", "dnf-3": "rpm", "microdnf": "rpm", "tdnf": "rpm", "zypper": "zypper"}

_installing := {
	"rpm": {"install", "reinstall", "update", "upgrade", "groupinstall", "groupupdate", "localinstall", "group", "distro-sync", "downgrade", "module", "makecache"},
	"zypper": {"install", "in", "update", "up", "patch", "dist-upgrade", "dup", "source-install", "si", "install-new-recommends", "inr", "refresh", "ref"},
}

_caches := {
	"rpm": {"/var/cache/yum", "/var/cache/dnf", "/var/cache/tdnf", "/var/cache/libdnf5"},
	"zypper": {"/var/cache/zypp"},
}

_clean_hint("zypper") := "zypper clean --all"

_clean_hint(program) := sprintf("%s clean all", [program]) if program != "zypper"

_cache_mounted(instruction, family) if {
	some cache in _caches[family]
	docker.mounts_cover(instruction, cache)
}

_cleaned_after(commands, install, family) if {
	some command in commands
	command.position > install.position
	_cleans(command, family)
}

_cleans(command, "rpm") if {
	_family[command.program] == "rpm"
	docker.first_word(command.args) == "clean"
	"all" in command.args
}

_cleans(command, "zypper") if {
	command.program == "zypper"
	docker.first_word(command.args) in {"clean", "cc"}
}

_cleans(command, family) if {
	some cache in _caches[family]
	docker.removes_path(command, cache)
}
