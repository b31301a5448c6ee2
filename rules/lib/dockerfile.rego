# METADATA
# title: Shared helpers for the Dockerfile rules
# description: >-
#   Helpers the DKR rules of the pack share: the stages of the scan, every RUN command with the
#   program it really runs (through wrappers such as sudo, env or nice, and `python -m`), the
#   stages whose layers end up in an image someone ships (as opposed to build-only stages that
#   other stages only copy files from), the stages a stage is built on, the effective SHELL at
#   a given RUN, and small word tests (options, absolute paths, POSIX shells, pipefail).
#   Import the functions with `import data.bastion.lib.dockerfile as docker`, and the rules
#   (stages, runs, run_commands, posix_shells) by their full path, e.g.
#   `import data.bastion.lib.dockerfile.runs`: regorus evaluates every rule of this package when
#   one of them is reached through the package alias (docker.runs), which costs each rule the
#   price of all of them.
package bastion.lib.dockerfile

import rego.v1

# stages is every Dockerfile stage node of the scan.
stages := object.get(input.by_kind, "dockerfile.stage", [])

# basename(path) is the last segment of a slash-separated path ("/usr/bin/sudo" -> "sudo").
basename(path) := path if {
	not contains(path, "/")
} else := name if {
	parts := split(path, "/")
	name := parts[count(parts) - 1]
}

# ---------------------------------------------------------------------------------------------
# RUN commands

# runs is every RUN instruction of every stage (ONBUILD triggers run in another build and are
# left out): {"stage": node, "index": the RUN's position in stage.attrs.instructions,
# "instruction": the RUN, "commands": commands_of(stage, index)}.
runs := [{"stage": stage, "index": index, "instruction": instruction, "commands": commands_of(stage, index)} |
	some stage in stages
	some index, instruction in stage.attrs.instructions
	instruction.cmd == "run"
]

# run_commands is every command of every RUN, as commands_of gives them.
run_commands := [command | some run in runs; some command in run.commands]

# commands_of(stage, index) is the list of commands of the stage's RUN at that index, in order:
# {"stage_id", "stage_name", "index", "position": the command's position in the RUN, "argv": the
# words as written, "env": leading NAME=value assignments, "operator": what follows it ("&&",
# "|", ";"...), "line", "json": exec form, "program": the program really run, "args": its
# arguments, "programs": every program of the wrapper chain, "attribute":
# "instructions[index].commands[position]"}.
commands_of(stage, index) := [_command(stage, index, instruction, position, detail) |
	instruction := stage.attrs.instructions[index]
	some position, detail in object.get(instruction, "command_details", [])
]

_command(stage, index, instruction, position, detail) := object.union(command_words(detail.argv), {
	"stage_id": stage.id,
	"stage_name": stage.name,
	"index": index,
	"position": position,
	"argv": detail.argv,
	"env": object.get(detail, "env", {}),
	"operator": object.get(detail, "operator", null),
	"line": detail.line,
	"json": instruction.json,
	"attribute": sprintf("instructions[%d].commands[%d]", [index, position]),
})

# command_words(argv) is {"program", "args", "programs"}: the program a command really runs once
# wrappers (sudo, doas, env, nice, nohup, time, stdbuf, exec, command, xargs) and their options are
# skipped, and `python -m <module>` is read as <module>; "programs" holds every program of the
# chain (basenames). A command made only of wrapper words has program "".
command_words(argv) := {"program": program, "args": array.slice(argv, 1, count(argv)), "programs": {program}} if {
	# The common case, kept cheap: a command that is neither a wrapper nor python.
	count(argv) > 0
	program := basename(argv[0])
	not program in _wrappers
	not startswith(program, "python")
} else := {"program": program, "args": args, "programs": programs} if {
	level1 := _unwrap(argv)
	level2 := _unwrap(level1)
	level3 := _unwrap(level2)
	final := _python_module(level3)
	program := _program_of(final)
	args := array.slice(final, 1, count(final))
	programs := {basename(words[0]) | some words in [argv, level1, level2, level3, final]; count(words) > 0}
}

_program_of(words) := basename(words[0]) if count(words) > 0

_program_of(words) := "" if count(words) == 0

_wrappers := {"sudo", "doas", "env", "nice", "nohup", "time", "stdbuf", "exec", "command", "xargs"}

# Wrapper options that take the next word as their value.
_wrapper_options_with_value := {
	"sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "-R", "--user", "--group", "--chdir"},
	"doas": {"-u", "-C"},
	"env": {"-u", "-C", "--unset", "--chdir"},
	"nice": {"-n", "--adjustment"},
	"time": {"-f", "-o", "--format", "--output"},
	"xargs": {"-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s", "--arg-file", "--delimiter", "--max-args", "--max-procs"},
}

_unwrap(words) := words if {
	count(words) > 0
	not basename(words[0]) in _wrappers
}

_unwrap(words) := words if count(words) == 0

_unwrap(words) := array.slice(words, min(positions), count(words)) if {
	positions := _command_positions(words)
	count(positions) > 0
}

_unwrap(words) := [] if count(_command_positions(words)) == 0

# _command_positions(words) is, for a command starting with a wrapper, the positions of the
# words that are neither the wrapper's options nor their values (the first is the wrapped program).
_command_positions(words) := {k |
	some k, _ in words
	k > 0
	not _wrapper_word(basename(words[0]), words, k)
} if {
	count(words) > 0
	basename(words[0]) in _wrappers
}

_wrapper_word(_, words, k) if startswith(words[k], "-")

_wrapper_word(wrapper, words, k) if words[k - 1] in object.get(_wrapper_options_with_value, wrapper, set())

_wrapper_word("env", words, k) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*=`, words[k])

_python_module(words) := array.slice(words, 2, count(words)) if {
	count(words) > 2
	regex.match(`^python[0-9.]*$`, basename(words[0]))
	words[1] == "-m"
} else := words

# assignments(command) is every NAME -> value a command sets for itself or the rest of the RUN:
# leading NAME=value words, `export NAME=value` and `env NAME=value ...`.
assignments(command) := object.union(command.env, {name: value |
	basename(command.argv[0]) in {"export", "env", "declare", "typeset"}
	some word in command.argv
	parts := regex.find_all_string_submatch_n(`^([A-Za-z_][A-Za-z0-9_]*)=(.*)$`, word, 1)
	count(parts) == 1
	name := parts[0][1]
	value := parts[0][2]
})

# has_option(args, names) is true when an argument is one of the long or short option names, also
# written --name=value; short options may be combined ("-qy" has "-y").
has_option(args, names) if {
	some word in args
	word in names
}

has_option(args, names) if {
	some word in args
	startswith(word, "--")
	some name in names
	startswith(name, "--")
	startswith(word, concat("", [name, "="]))
}

has_option(args, names) if {
	some word in args
	regex.match(`^-[A-Za-z0-9]{2,}$`, word)
	some name in names
	regex.match(`^-[A-Za-z0-9]$`, name)
	contains(word, substring(name, 1, 1))
}

# first_word(args) is the first argument that is neither an option nor the value of a package
# manager option known to take one (-o Acquire::Retries=3, --setopt x=1): its subcommand.
first_word(args) := word if {
	positions := {k |
		some k, word in args
		not startswith(word, "-")
		not _option_value(args, k)
	}
	count(positions) > 0
	word := args[min(positions)]
}

_option_value(args, k) if {
	k > 0
	args[k - 1] in _options_with_value
}

_options_with_value := {
	"-o", "--option", "-c", "--config-file", "-t", "--target-release", "-a", "--host-architecture",
	"--setopt", "--releasever", "--installroot", "--root", "-R", "--repo", "--repository", "-X",
	"--enablerepo", "--disablerepo", "-x", "--exclude", "-p",
}

# run_mount_targets(instruction) is the set of targets of the RUN's cache and tmpfs mounts
# (--mount=type=cache,target=/var/cache/apt), trailing slashes removed.
run_mount_targets(instruction) := {_trim_slash(target) |
	some flag in instruction.flags
	startswith(flag, "--mount=")
	options := split(substring(flag, 8, -1), ",")
	some kind in options
	kind in {"type=cache", "type=tmpfs"}
	some option in options
	pair := split(option, "=")
	count(pair) == 2
	pair[0] in {"target", "dst", "destination"}
	target := pair[1]
}

_trim_slash(path) := trim_right(path, "/") if path != "/"

_trim_slash("/") := "/"

# mounts_cover(instruction, path) is true when a cache or tmpfs mount of the RUN holds path
# (the mount target is path or one of its parents), so nothing written there stays in the layer.
mounts_cover(instruction, path) if {
	some target in run_mount_targets(instruction)
	_under(_trim_slash(path), target)
}

_under(path, target) if path == target

_under(path, target) if startswith(path, concat("", [target, "/"]))

# removes_path(command, path) is true when the command is `rm` of path, of one of its parents,
# of something below it, or of its contents (`rm -rf /var/lib/apt/lists/*`).
removes_path(command, path) if {
	command.program == "rm"
	some word in command.args
	not startswith(word, "-")
	_related_path(_trim_slash(word), path)
}

_related_path(word, path) if _under(word, path)

_related_path(word, path) if _under(path, word)

# ---------------------------------------------------------------------------------------------
# Stages

# _parents[id] lists the stages the stage `id` is built FROM (an earlier stage of the file).
_parents := {stage.id: [edge.target |
	some edge in object.get(input.edges_from, stage.id, [])
	edge.relation == "builds_from"
] |
	some stage in stages
}

# lineage(stage) is the set of ids of the stage and of every stage it is (transitively) built FROM.
lineage(stage) := graph.reachable(_parents, {stage.id})

# parent_stage(stage) is the earlier stage this stage is built FROM; undefined for an image.
parent_stage(stage) := input.by_id[target] if {
	some edge in object.get(input.edges_from, stage.id, [])
	edge.relation == "builds_from"
	target := edge.target
}

# shipped_stage_ids is the set of stages whose layers end up in an image a build produces: the
# final stage, every stage no other stage builds FROM or copies from (another --target), and
# every stage those are built FROM. The others only provide files to COPY --from, so what their
# layers hold (package caches, build tools) never ships.
shipped_stage_ids := graph.reachable(_parents, {stage.id | some stage in stages; _is_target(stage)})

_is_target(stage) if stage.attrs.is_final == true

_is_target(stage) if {
	stage.attrs.is_final != true
	not _used_by_another_stage(stage.id)
}

_used_by_another_stage(id) if {
	some edge in object.get(input.edges_to, id, [])
	edge.relation in {"builds_from", "copies_from"}
	edge.source != id
}

# is_shipped(stage) is true for a stage in shipped_stage_ids.
is_shipped(stage) if stage.id in shipped_stage_ids

# ---------------------------------------------------------------------------------------------
# Shells

# default_shell is what RUN uses in shell form when no SHELL is set (Linux images).
default_shell := ["/bin/sh", "-c"]

# shell_at(stage, index) is the SHELL in effect for the stage's instruction at index: the last
# SHELL before it in the stage, else the effective SHELL of the stage it is built FROM, else the
# default /bin/sh -c.
shell_at(stage, index) := value if {
	shells := [k | some k, instruction in stage.attrs.instructions; k < index; instruction.cmd == "shell"]
	count(shells) > 0
	value := stage.attrs.instructions[shells[count(shells) - 1]].value
} else := parent_stage(stage).attrs.shell.value if {
	is_array(parent_stage(stage).attrs.shell.value)
} else := default_shell

# posix_shells are the shells that read `sh` syntax and know `set -o pipefail` or its absence.
posix_shells := {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"}

# is_posix_shell(words) is true when the words run a POSIX shell (["/bin/bash", "-c"]).
is_posix_shell(words) if {
	count(words) > 0
	basename(words[0]) in posix_shells
}

# enables_pipefail(words) is true when the words contain "-o pipefail", with the -o possibly
# combined with other short options ("-euo pipefail").
enables_pipefail(words) if {
	some k, word in words
	regex.match(`^-[A-Za-z]*o$`, word)
	words[k + 1] == "pipefail"
}

# ---------------------------------------------------------------------------------------------
# Paths

# unquote(word) removes one pair of surrounding double or single quotes.
unquote(word) := substring(word, 1, count(word) - 2) if {
	count(word) >= 2
	regex.match(`^(".*"|'.*')$`, word)
} else := word

# is_absolute_path(path) is true for /unix/paths and Windows drive or UNC paths (C:\app, c:/app).
is_absolute_path(path) if startswith(path, "/")

is_absolute_path(path) if regex.match(`^[A-Za-z]:[\\/]`, path)

is_absolute_path(path) if startswith(path, `\\`)

# has_variable(word) is true when the word still holds a $VARIABLE reference.
has_variable(word) if contains(word, "$")
