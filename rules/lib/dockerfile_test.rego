package bastion.lib.dockerfile_test

import data.bastion.lib.dockerfile as docker
import rego.v1

test_basename if {
	docker.basename("/usr/bin/sudo") == "sudo"
	docker.basename("apt-get") == "apt-get"
}

test_plain_command if {
	docker.command_words(["apt-get", "install", "-y", "curl"]) == {
		"program": "apt-get", "args": ["install", "-y", "curl"], "programs": {"apt-get"},
	}
}

test_sudo_with_user_option_is_unwrapped if {
	words := docker.command_words(["sudo", "-u", "root", "-E", "/usr/bin/apt-get", "install", "x"])
	words.program == "apt-get"
	words.args == ["install", "x"]
	words.programs == {"sudo", "apt-get"}
}

test_nested_wrappers_are_unwrapped if {
	words := docker.command_words(["sudo", "env", "DEBIAN_FRONTEND=noninteractive", "nice", "-n", "5", "apt", "install"])
	words.program == "apt"
	words.programs == {"sudo", "env", "nice", "apt"}
}

test_xargs_runs_its_command if {
	docker.command_words(["xargs", "-a", "/tmp/packages", "apk", "--update", "add"]).program == "apk"
}

test_python_module_is_the_program if {
	words := docker.command_words(["python3.12", "-m", "pip", "install", "--trusted-host", "x"])
	words.program == "pip"
	words.args == ["install", "--trusted-host", "x"]
}

test_wrapper_alone_has_no_program if docker.command_words(["sudo", "-v"]).program == ""

test_empty_command if docker.command_words([]).program == ""

test_assignments_from_prefix_and_export if {
	docker.assignments({"env": {"A": "1"}, "argv": ["export", "B=2", "C"]}) == {"A": "1", "B": "2"}
	docker.assignments({"env": {}, "argv": ["npm", "X=1"]}) == {}
}

test_has_option_long_short_and_combined if {
	docker.has_option(["install", "--yes"], {"-y", "--yes"})
	docker.has_option(["install", "--assume-yes=true"], {"--assume-yes"})
	docker.has_option(["-qy", "install"], {"-y"})
	not docker.has_option(["install", "--no-yes-please"], {"-y", "--yes"})
	not docker.has_option(["install", "yes"], {"-y"})
}

test_first_word if {
	docker.first_word(["-q", "install", "x"]) == "install"
	docker.first_word(["-o", "Acquire::Retries=3", "install", "x"]) == "install"
	docker.first_word(["--setopt", "tsflags=nodocs", "install"]) == "install"
	not docker.first_word(["-q"])
}

test_mounts_cover if {
	run := {"flags": ["--mount=type=cache,target=/var/lib/apt/", "--mount=type=bind,target=/src"]}
	docker.mounts_cover(run, "/var/lib/apt/lists")
	docker.mounts_cover(run, "/var/lib/apt")
	not docker.mounts_cover(run, "/var/lib")
	not docker.mounts_cover(run, "/src")
}

test_removes_path if {
	docker.removes_path({"program": "rm", "args": ["-rf", "/var/lib/apt/lists/*"]}, "/var/lib/apt/lists")
	docker.removes_path({"program": "rm", "args": ["-rf", "/var/lib/apt"]}, "/var/lib/apt/lists")
	not docker.removes_path({"program": "rm", "args": ["-rf", "/var/lib/apt/listsx"]}, "/var/lib/apt/lists")
	not docker.removes_path({"program": "ls", "args": ["/var/lib/apt/lists"]}, "/var/lib/apt/lists")
}

test_enables_pipefail if {
	docker.enables_pipefail(["/bin/bash", "-o", "pipefail", "-c"])
	docker.enables_pipefail(["set", "-euxo", "pipefail"])
	not docker.enables_pipefail(["set", "-e"])
	not docker.enables_pipefail(["set", "-o", "errexit"])
}

test_posix_shell if {
	docker.is_posix_shell(["/bin/ash", "-c"])
	not docker.is_posix_shell(["powershell", "-Command"])
}

test_paths if {
	docker.is_absolute_path("/app")
	docker.is_absolute_path(`C:\app`)
	docker.is_absolute_path("c:/app")
	not docker.is_absolute_path("app")
	docker.unquote(`"/app"`) == "/app"
	docker.unquote("app") == "app"
	docker.has_variable("$HOME/app")
}

_stage(id, index, alias, final, instructions) := {
	"id": id, "name": alias, "kind": "dockerfile.stage",
	"attrs": {"index": index, "alias": alias, "is_final": final, "instructions": instructions, "shell": null},
}

_graph := {
	"by_kind": {"dockerfile.stage": [
		_stage("d#base", 0, "base", false, []),
		_stage("d#build", 1, "build", false, []),
		_stage("d#test", 2, "test", false, []),
		_stage("d#final", 3, "final", true, []),
	]},
	"by_id": {},
	"edges_from": {
		"d#build": [{"source": "d#build", "target": "d#base", "relation": "builds_from"}],
		"d#final": [
			{"source": "d#final", "target": "d#base", "relation": "builds_from"},
			{"source": "d#final", "target": "d#build", "relation": "copies_from"},
		],
	},
	"edges_to": {
		"d#base": [
			{"source": "d#build", "target": "d#base", "relation": "builds_from"},
			{"source": "d#final", "target": "d#base", "relation": "builds_from"},
		],
		"d#build": [{"source": "d#final", "target": "d#build", "relation": "copies_from"}],
	},
}

test_shipped_stages if {
	# build is only copied from; test is an alternative --target; base is under final.
	docker.shipped_stage_ids == {"d#base", "d#test", "d#final"} with input as _graph
}

test_lineage if {
	docker.lineage({"id": "d#build"}) == {"d#build", "d#base"} with input as _graph
}

test_shell_at_uses_the_last_shell_before_the_instruction if {
	stage := _stage("d#x", 0, null, true, [
		{"cmd": "from", "value": ["debian:12"]},
		{"cmd": "shell", "value": ["/bin/bash", "-c"]},
		{"cmd": "run", "value": ["a"]},
		{"cmd": "shell", "value": ["/bin/bash", "-o", "pipefail", "-c"]},
		{"cmd": "run", "value": ["b"]},
	])
	docker.shell_at(stage, 0) == ["/bin/sh", "-c"] with input as {"edges_from": {}}
	docker.shell_at(stage, 2) == ["/bin/bash", "-c"] with input as {"edges_from": {}}
	docker.shell_at(stage, 4) == ["/bin/bash", "-o", "pipefail", "-c"] with input as {"edges_from": {}}
}

test_runs_and_commands if {
	stage := _stage("d#x", 0, null, true, [
		{"cmd": "from", "value": ["debian:12"], "json": false},
		{"cmd": "run", "json": false, "command_details": [
			{"argv": ["sudo", "apt-get", "update"], "env": {}, "line": 2, "operator": "&&"},
			{"argv": ["apt-get", "install", "-y", "x"], "env": {}, "line": 3, "operator": null},
		]},
	])
	commands := docker.run_commands with input as {"by_kind": {"dockerfile.stage": [stage]}}
	count(commands) == 2
	commands[0].program == "apt-get"
	commands[0].programs == {"sudo", "apt-get"}
	commands[0].attribute == "instructions[1].commands[0]"
	commands[1].args == ["install", "-y", "x"]
	commands[1].line == 3
}
