# METADATA
# title: Download or package verification is turned off
# description: >-
#   The build turns off a check that proves downloaded code is genuine: TLS certificate
#   verification (curl -k, wget --no-check-certificate, pip --trusted-host, npm strict-ssl false,
#   git http.sslVerify false, NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0,
#   GIT_SSL_NO_VERIFY, PIP_TRUSTED_HOST...) or package signature verification (apt-get
#   --allow-unauthenticated, --allow-insecure-repositories, --force-yes, [trusted=yes] sources,
#   apk --allow-untrusted, yum/dnf --nogpgcheck or gpgcheck=0, rpm --nosignature, GOSUMDB=off).
#   Anyone on the network path, or a compromised mirror, can then swap what the build installs.
#   Severity HIGH: it opens the image's supply chain to tampering, and ENV/ARG settings keep the
#   checks off for everything the container later downloads. Checked in RUN commands (through
#   sudo, env and sh -c), in variables set on a command or exported, in ENV and ARG defaults, and
#   in configuration text written by echo/printf/tee or COPY/ADD here-documents (apt.conf,
#   sources, .repo files, .npmrc, pip.conf), in every stage.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#run
#   - https://curl.se/docs/sslcerts.html
#   - https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host
#   - https://docs.npmjs.com/cli/v10/using-npm/config#strict-ssl
#   - https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue
#   - https://wiki.debian.org/SecureApt
# custom:
#   id: DKR004
#   name: verification-disabled
#   severity: HIGH
#   remediation: >-
#     Remove the option or variable and make verification pass instead: install the CA
#     certificate the build needs (COPY corp-ca.crt /usr/local/share/ca-certificates/ then RUN
#     update-ca-certificates, or PIP_CERT / NODE_EXTRA_CA_CERTS / GIT_SSL_CAINFO), and import the
#     repository's signing key (signed-by=/usr/share/keyrings/<repo>.gpg, rpm --import <key>).
#   aliases:
#     - CKV2_DOCKER_2
#     - CKV2_DOCKER_3
#     - CKV2_DOCKER_4
#     - CKV2_DOCKER_5
#     - CKV2_DOCKER_6
#     - CKV2_DOCKER_7
#     - CKV2_DOCKER_8
#     - CKV2_DOCKER_9
#     - CKV2_DOCKER_10
#     - CKV2_DOCKER_11
#     - CKV2_DOCKER_12
#     - CKV2_DOCKER_13
#     - CKV2_DOCKER_14
#     - CKV2_DOCKER_15
#     - CKV2_DOCKER_16
#   frameworks:
#     cis-docker-1.6: ["4.11"]
#   targets: [dockerfile]
package bastion.rules.dkr004

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import data.bastion.lib.dockerfile.run_commands
import rego.v1

deny contains finding if {
	some issue in _command_issues
	finding := {
		"resource": issue.command.stage_id,
		"attribute": issue.command.attribute,
		"msg": sprintf("stage '%s' %s, which %s", [issue.command.stage_name, issue.what, issue.effect]),
	}
}

deny contains finding if {
	some stage in stages
	some section, instruction in {"env": "ENV", "args": "ARG"}
	some name, value in object.get(stage.attrs, section, {})
	is_string(value)
	variable := _insecure_variable(name, docker.unquote(value))
	finding := {
		"resource": stage.id,
		"attribute": sprintf("%s.%s", [section, name]),
		"msg": sprintf("stage '%s' sets %s in %s, which %s", [stage.name, variable.shown, instruction, variable.effect]),
	}
}

_tls_off := "turns off TLS certificate verification"

# --- curl ----------------------------------------------------------------------------------

_command_issues contains {"command": command, "what": sprintf("runs curl with %s", [_list(flags)]), "effect": _tls_off} if {
	some command in run_commands
	command.program == "curl"
	flags := {flag | some flag in command.args; _curl_insecure(flag)}
	count(flags) > 0
}

_curl_insecure(flag) if flag in {"--insecure", "--proxy-insecure"}

# -k alone or combined with curl's options that take no value (-fsSLk).
_curl_insecure(flag) if regex.match(`^-[aBfgGiIjJlLMnNOpqRsSvZ0-9#]*k[A-Za-z0-9#]*$`, flag)

# --- wget ----------------------------------------------------------------------------------

_command_issues contains {"command": command, "what": sprintf("runs wget with %s", [_list(flags)]), "effect": _tls_off} if {
	some command in run_commands
	command.program in {"wget", "wget2"}
	flags := {flag | some flag in command.args; _wget_insecure(flag)}
	count(flags) > 0
}

_wget_insecure("--no-check-certificate") := true

_wget_insecure(flag) if regex.match(`^--check-certificate=(off|no|0|false|quiet)$`, lower(flag))

# --- apt -----------------------------------------------------------------------------------

_apt_programs := {"apt-get", "apt", "aptitude"}

_apt_flags := {
	"--allow-unauthenticated": "installs packages whose signatures are missing or invalid",
	"--allow-insecure-repositories": "accepts repositories that are not signed",
	"--allow-downgrade-to-insecure-repositories": "accepts repositories that stopped being signed",
	"--force-yes": "lets apt install unauthenticated packages without asking",
}

_command_issues contains {"command": command, "what": sprintf("runs %s with '%s'", [command.program, flag]), "effect": effect} if {
	some command in run_commands
	command.program in _apt_programs
	some flag in command.args
	effect := _apt_flags[flag]
}

_command_issues contains {"command": command, "what": sprintf("runs %s with -o %s", [command.program, option]), "effect": effect} if {
	some command in run_commands
	command.program in _apt_programs
	some option in _apt_options(command.args)
	effect := _apt_option_effect(lower(option))
}

_apt_options(args) := {option |
	some k, word in args
	word in {"-o", "--option"}
	option := args[k + 1]
} | {option |
	some word in args
	regex.match(`^-o.+`, word)
	not startswith(word, "--")
	option := substring(word, 2, -1)
} | {option |
	some word in args
	startswith(word, "--option=")
	option := substring(word, 9, -1)
}

_apt_option_effect(option) := "accepts unsigned packages or repositories" if {
	regex.match(`(allowunauthenticated|allowinsecurerepositories|allowdowngradetoinsecurerepositories)\s*=\s*"?(true|yes|1|on)"?$`, option)
}

_apt_option_effect(option) := _tls_off if {
	regex.match(`::verify-(peer|host)\s*=\s*"?(false|no|0|off)"?$`, option)
}

# --- apk -----------------------------------------------------------------------------------

_command_issues contains {"command": command, "what": "runs apk with '--allow-untrusted'", "effect": "installs packages whose signatures are missing or invalid"} if {
	some command in run_commands
	command.program == "apk"
	"--allow-untrusted" in command.args
}

# --- yum, dnf, microdnf, tdnf, rpm ---------------------------------------------------------

_rpm_managers := {"yum", "dnf", "dnf-3", "microdnf", "tdnf", "yum-config-manager"}

_command_issues contains {"command": command, "what": sprintf("runs %s with '--nogpgcheck'", [command.program]), "effect": "installs packages without checking their GPG signatures"} if {
	some command in run_commands
	command.program in _rpm_managers
	"--nogpgcheck" in command.args
}

_command_issues contains {"command": command, "what": sprintf("runs %s with --setopt=%s", [command.program, setting]), "effect": effect} if {
	some command in run_commands
	command.program in _rpm_managers
	some setting in _setopt_values(command.args)
	effect := _repo_setting_effect(lower(setting))
}

_setopt_values(args) := {value |
	some k, word in args
	word == "--setopt"
	value := args[k + 1]
} | {value |
	some word in args
	startswith(word, "--setopt=")
	value := substring(word, 9, -1)
}

_repo_setting_effect(setting) := _tls_off if regex.match(`^([^=]*\.)?sslverify=['"]?(0|false|no|off)['"]?$`, setting)

_repo_setting_effect(setting) := "installs packages without checking their GPG signatures" if {
	regex.match(`^([^=]*\.)?gpgcheck=['"]?(0|false|no|off)['"]?$`, setting)
}

_command_issues contains {"command": command, "what": sprintf("runs rpm with %s", [_list(flags)]), "effect": "installs packages without verifying their signatures or digests"} if {
	some command in run_commands
	command.program == "rpm"
	flags := {flag | some flag in command.args; flag in {"--nosignature", "--nodigest", "--nofiledigest", "--noverify"}}
	count(flags) > 0
}

# --- pip, uv -------------------------------------------------------------------------------

_command_issues contains {"command": command, "what": sprintf("runs %s with '%s'", [command.program, flag]), "effect": "accepts that host without TLS certificate verification"} if {
	some command in run_commands
	_is_pip(command)
	some word in command.args
	flag := _option_name(word)
	flag in {"--trusted-host", "--allow-insecure-host"}
}

_command_issues contains {"command": command, "what": sprintf("sets pip's %s", [key]), "effect": "accepts those hosts without TLS certificate verification"} if {
	some command in run_commands
	_is_pip(command)
	some k, word in command.args
	word == "config"
	command.args[k + 1] == "set"
	key := command.args[k + 2]
	endswith(lower(key), "trusted-host")
}

_is_pip(command) if regex.match(`^pip[0-9.]*$`, command.program)

_is_pip(command) if command.program == "uv"

_option_name(word) := split(word, "=")[0] if startswith(word, "--")

# --- npm, yarn, pnpm -----------------------------------------------------------------------

_command_issues contains {"command": command, "what": sprintf("sets %s's %s", [command.program, setting]), "effect": _tls_off} if {
	some command in run_commands
	command.program in {"npm", "yarn", "pnpm"}
	some k, word in command.args
	word == "set"
	_config_set(command.args, k)
	words := [w | some w in array.slice(command.args, k + 1, count(command.args)); not startswith(w, "-")]
	setting := lower(concat(" ", words))
	regex.match(`^(strict-ssl|enablestrictssl)(\s+|=)['"]?false['"]?$`, setting)
}

_config_set(_, 0) := true

_config_set(args, k) if args[k - 1] in {"config", "c"}

_command_issues contains {"command": command, "what": sprintf("runs %s with '%s'", [command.program, flag]), "effect": _tls_off} if {
	some command in run_commands
	command.program in {"npm", "yarn", "pnpm"}
	some flag in command.args
	lower(flag) in {"--strict-ssl=false", "--no-strict-ssl"}
}

# --- git -----------------------------------------------------------------------------------

_command_issues contains {"command": command, "what": sprintf("runs git with -c %s", [setting]), "effect": _tls_off} if {
	some command in run_commands
	command.program == "git"
	some k, word in command.args
	word == "-c"
	setting := command.args[k + 1]
	regex.match(`(?i)^http\.(.+\.)?sslverify=(false|no|off|0)$`, setting)
}

_command_issues contains {"command": command, "what": sprintf("sets git's %s to %s", [key, value]), "effect": _tls_off} if {
	some command in run_commands
	command.program == "git"
	"config" in command.args
	some k, key in command.args
	regex.match(`(?i)^http\.(.+\.)?sslverify$`, key)
	value := command.args[k + 1]
	lower(value) in {"false", "no", "off", "0"}
}

# --- configuration written by echo, printf or tee, or by a COPY/ADD here-document ----------

_command_issues contains {"command": command, "what": sprintf("writes %s", [setting.what]), "effect": setting.effect} if {
	some command in run_commands
	command.program in {"echo", "printf", "tee"}
	some setting in _config_texts
	some word in command.args
	regex.match(setting.pattern, word)
}

deny contains finding if {
	some stage in stages
	some index, instruction in stage.attrs.instructions
	instruction.cmd in {"copy", "add"}
	some heredoc in object.get(instruction, "heredocs", [])
	is_string(heredoc.content)
	some setting in _config_texts
	regex.match(setting.pattern, heredoc.content)
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("stage '%s' uses %s to write %s, which %s", [stage.name, upper(instruction.cmd), setting.what, setting.effect]),
	}
}

# Settings in package manager configuration text. A key starts the text, a line (also a printf
# "\n" escape) or follows a character that cannot be part of a longer key (repo_gpgcheck and
# --trusted-host are other things).
_config_texts := [
	{
		"pattern": `(?i)(^|\s|\\n)deb(-src)?\s+\[[^\]]*trusted=yes`,
		"what": "an APT source marked [trusted=yes]",
		"effect": "installs its packages without checking signatures",
	},
	{
		"pattern": `(?im)(^|\\n)\s*Trusted:\s*yes\b`,
		"what": "an APT source marked Trusted: yes",
		"effect": "installs its packages without checking signatures",
	},
	{
		"pattern": `(?i)(^|[^a-z0-9_]|\\[nt])gpgcheck\s*=\s*(0|false|no|off)\b`,
		"what": "the repository setting gpgcheck=0",
		"effect": "installs packages without checking their GPG signatures",
	},
	{
		"pattern": `(?i)(^|[^a-z0-9_]|\\[nt])sslverify\s*=\s*(0|false|no|off)\b`,
		"what": "the repository setting sslverify=0",
		"effect": _tls_off,
	},
	{
		"pattern": `(?i)(AllowUnauthenticated|AllowInsecureRepositories|AllowDowngradeToInsecureRepositories)\s+"?(true|yes|1|on)\b`,
		"what": "an APT setting that allows unsigned packages",
		"effect": "accepts unsigned packages or repositories",
	},
	{
		"pattern": `(?i)::Verify-(Peer|Host)\s+"?(false|no|0|off)\b`,
		"what": "an APT setting that skips certificate checks",
		"effect": _tls_off,
	},
	{
		"pattern": `(?i)(^|[^a-z0-9_-]|\\n)strict-ssl\s*=\s*false\b`,
		"what": "the npm setting strict-ssl=false",
		"effect": _tls_off,
	},
	{
		"pattern": `(?i)(^|[^a-z0-9_-]|\\n)trusted-host\s*=`,
		"what": "the pip setting trusted-host",
		"effect": "accepts those hosts without TLS certificate verification",
	},
]

# --- variables set on a command, exported, or with env -------------------------------------

_command_issues contains {"command": command, "what": sprintf("sets %s", [variable.shown]), "effect": variable.effect} if {
	some command in run_commands
	some name, value in docker.assignments(command)
	variable := _insecure_variable(name, docker.unquote(value))
}

# _insecure_variable(name, value) is {"shown", "effect"} for a variable setting that turns a
# verification off; "shown" holds the value only when it is one of the fixed values checked.
_insecure_variable("NODE_TLS_REJECT_UNAUTHORIZED", "0") := {
	"shown": "NODE_TLS_REJECT_UNAUTHORIZED=0",
	"effect": "makes Node.js accept any TLS certificate",
}

_insecure_variable("PYTHONHTTPSVERIFY", "0") := {
	"shown": "PYTHONHTTPSVERIFY=0",
	"effect": "makes Python's HTTPS clients skip certificate verification",
}

_insecure_variable("GIT_SSL_NO_VERIFY", value) := {
	"shown": "GIT_SSL_NO_VERIFY",
	"effect": "makes git skip TLS certificate verification whatever the value",
} if value != ""

_insecure_variable("PIP_TRUSTED_HOST", value) := {
	"shown": "PIP_TRUSTED_HOST",
	"effect": "makes pip accept those hosts without TLS certificate verification",
} if value != ""

_insecure_variable("UV_INSECURE_HOST", value) := {
	"shown": "UV_INSECURE_HOST",
	"effect": "makes uv accept those hosts without TLS certificate verification",
} if value != ""

_insecure_variable(name, value) := {
	"shown": sprintf("%s=false", [name]),
	"effect": "turns off npm's TLS certificate verification",
} if {
	upper(name) == "NPM_CONFIG_STRICT_SSL"
	lower(value) == "false"
}

_insecure_variable("YARN_ENABLE_STRICT_SSL", value) := {
	"shown": "YARN_ENABLE_STRICT_SSL=false",
	"effect": "turns off Yarn's TLS certificate verification",
} if lower(value) == "false"

_insecure_variable("GOINSECURE", value) := {
	"shown": "GOINSECURE",
	"effect": "lets the Go toolchain fetch those modules without TLS certificate verification",
} if value != ""

_insecure_variable("GOSUMDB", "off") := {
	"shown": "GOSUMDB=off",
	"effect": "stops the Go toolchain from checking downloaded modules against the checksum database",
}

# _list(flags) quotes and joins a set of options: "'-k', '--insecure'".
_list(flags) := concat(", ", [sprintf("'%s'", [flag]) | some flag in sort(flags)])
