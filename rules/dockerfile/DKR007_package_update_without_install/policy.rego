# METADATA
# title: Package index refreshed in a RUN that installs nothing
# description: >-
#   A RUN refreshes the package index (apt-get update, apk update, zypper refresh, yum/dnf
#   makecache) but installs nothing after it in the same RUN. Docker caches that layer, so when
#   the install line of a later RUN changes, the build reuses the old index: it installs
#   outdated package versions (missing security fixes) or fails on packages that have since
#   left the mirror. Severity MEDIUM: images silently miss security updates, though nothing is
#   exposed by itself. Only an install, upgrade or add of the same package manager after the
#   refresh, in the same RUN, counts.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://docs.docker.com/build/cache/
# custom:
#   id: DKR007
#   name: package-update-without-install
#   severity: MEDIUM
#   remediation: >-
#     Refresh and install in one RUN, e.g. RUN apt-get update && apt-get install -y
#     --no-install-recommends curl && rm -rf /var/lib/apt/lists/*, or apk add --no-cache curl.
#   aliases:
#     - CKV_DOCKER_5
#     - AVD-DS-0017
#     - 9bae49be-0aa3-4de5-bab2-4c3a069e40cd
#   frameworks:
#     cis-docker-1.6: ["4.7"]
#   targets: [dockerfile]
package bastion.rules.dkr007

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.runs
import rego.v1

deny contains finding if {
	some run in runs
	some refresh in run.commands
	family := _family[refresh.program]
	docker.first_word(refresh.args) in _refresh[family]
	not _installs_after(run.commands, refresh, family)
	finding := {
		"resource": refresh.stage_id,
		"attribute": refresh.attribute,
		"msg": sprintf("stage '%s' runs '%s %s' in a RUN that installs nothing after it, so a cached, outdated index feeds later installs", [refresh.stage_name, refresh.program, docker.first_word(refresh.args)]),
	}
}

_family := {
	"apt-get": "apt", "apt": "apt", "aptitude": "apt",
	"apk": "apk",
	"zypper": "zypper",
	"yum": "rpm", "dnf": "rpm", "dnf-3": "rpm", "microdnf": "rpm", "tdnf": "rpm",
}

_refresh := {
	"apt": {"update"},
	"apk": {"update"},
	"zypper": {"refresh", "ref"},
	"rpm": {"makecache"},
}

_install := {
	"apt": {"install", "upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade", "build-dep", "reinstall", "source"},
	"apk": {"add", "upgrade", "fix"},
	"zypper": {"install", "in", "update", "up", "dist-upgrade", "dup", "patch", "source-install", "si"},
	"rpm": {"install", "reinstall", "update", "upgrade", "groupinstall", "localinstall", "group", "distro-sync", "downgrade"},
}

_installs_after(commands, refresh, family) if {
	some command in commands
	command.position > refresh.position
	_family[command.program] == family
	docker.first_word(command.args) in _install[family]
}
