"""Walk a parsed Dockerfile's instructions and build one graph node per build stage.

The walk keeps what Docker keeps while it builds: the global ARGs (for FROM), each stage's ARG
and ENV scope (for substitution), and the image configuration a stage inherits from an earlier
stage it is built FROM (USER, HEALTHCHECK, SHELL, ENTRYPOINT, CMD and ENV). It also yields the
``builds_from`` and ``copies_from`` edges between the stages of the file, and an
:class:`~scanner.model.InputError` for every instruction ``docker build`` would reject. The node
layout is documented in ``docs/graph/dockerfile.md``.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.model import Edge, InputError, Node, unknown_value
from scanner.parsers.dockerfile.args import AUTOMATIC_ARGS, UNKNOWN, UNSET, Expanded, Scope, expand_word
from scanner.parsers.dockerfile.images import describe_image
from scanner.parsers.dockerfile.instructions import (
    KNOWN_INSTRUCTIONS,
    flag_value,
    instruction_record,
    mount_sources,
)
from scanner.parsers.dockerfile.paths import key_path

FORMAT = "dockerfile"
STAGE_KIND = "dockerfile.stage"
_STAGE_NAME_RE = re.compile(r"[a-z][a-z0-9\-_.]*")
_NOT_ONBUILD_TRIGGERS = frozenset({"onbuild", "from", "maintainer"})
_WINDOWS_SHELLS = frozenset({"cmd", "powershell", "pwsh"})
_NEEDS_AN_ARGUMENT = frozenset({"run", "workdir", "expose", "stopsignal", "shell", "maintainer", "arg"})
#: The environment of ``FROM scratch``: BuildKit gives an empty image a default PATH.
SCRATCH_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}


def build_stages(
    path: str, commands: tuple[Any, ...], lines: list[str], escape: str
) -> tuple[list[Node], list[Edge], list[InputError]]:
    """Nodes (in file order), edges (sorted, no duplicates) and errors for one parsed Dockerfile."""
    builder = _Builder(path, lines, escape)
    builder.walk(commands)
    nodes = [stage.to_node(path, is_final=stage is builder.stages[-1]) for stage in builder.stages]
    if not builder.stages:
        builder.error(None, "Dockerfile has no FROM instruction, so it defines no build stage")
    return nodes, sorted(set(builder.edges)), builder.errors


def _unknown(expanded: Expanded) -> dict[str, str]:
    names = ", ".join(f"${name}" for name in dict.fromkeys(expanded.unresolved))
    return unknown_value(f"depends on {names}, which is not known statically")


def _exec_config(command: Any) -> dict[str, Any]:
    """The ``entrypoint``/``cmd_instr`` attribute of an ENTRYPOINT or CMD instruction."""
    return {"value": list(command.value), "json": bool(command.json), "line": command.start_line}


class _Stage:
    """What one stage has accumulated so far; becomes a Node at the end."""

    def __init__(self, index: int, node_id: str, alias: str | None, from_command: Any, parent: _Stage | None):
        self.index = index
        self.node_id = node_id
        self.alias = alias
        self.name = alias or f"stage{index}"
        self.parent = parent
        self.start_line = from_command.start_line
        self.end_line = from_command.end_line
        self.env_values: dict[str, object] = {}
        self.arg_values: dict[str, object] = {}
        self.base_env: Any = lambda _name: UNKNOWN
        self.attrs: dict[str, Any] = {
            "index": index,
            "alias": alias,
            "is_final": False,
            "image": None,
            "platform": None,
            "user": None,
            "user_line": None,
            "instructions": [],
            "env": {},
            "args": {},
            "labels": {},
            "exposed_ports": [],
            "healthcheck": None,
            "shell": None,
            "entrypoint": None,
            "cmd_instr": None,
            "copied_images": [],
        }
        self.attr_lines: dict[str, int] = {"image": from_command.start_line}
        self.unknown: list[str] = []
        self.cmd_inherited = False
        if parent is not None:
            for key in ("user", "user_line", "healthcheck", "shell", "entrypoint", "cmd_instr"):
                self.attrs[key] = parent.attrs[key]
            for key in ("user", "healthcheck", "shell", "entrypoint", "cmd_instr"):
                if key in parent.attr_lines:
                    self.attr_lines[key] = parent.attr_lines[key]
            if "user" in parent.unknown:
                self.unknown.append("user")
            self.cmd_inherited = self.attrs["cmd_instr"] is not None
            self.base_env = parent.env_lookup

    def mark(self, attr: str, known: bool) -> None:
        """Record whether the value now at ``attr`` is known (a later write replaces an earlier one)."""
        if known:
            if attr in self.unknown:
                self.unknown.remove(attr)
        elif attr not in self.unknown:
            self.unknown.append(attr)

    def lookup(self, name: str) -> object:
        """A variable as a stage instruction sees it: ENV first, then ARG, then the base image."""
        if name in self.env_values:
            return self.env_values[name]
        if name in self.arg_values:
            return self.arg_values[name]
        return self.base_env(name)

    def env_lookup(self, name: str) -> object:
        """A variable as a stage built FROM this one inherits it (ENV only)."""
        if name in self.env_values:
            return self.env_values[name]
        return self.base_env(name)

    def to_node(self, path: str, is_final: bool) -> Node:
        """The finished graph node."""
        self.attrs["is_final"] = is_final
        return Node(
            id=self.node_id,
            format=FORMAT,
            kind=STAGE_KIND,
            name=self.name,
            path=path,
            start_line=self.start_line,
            end_line=self.end_line,
            attrs=self.attrs,
            attr_lines=self.attr_lines,
            unknown=sorted(set(self.unknown)),
        )


class _Builder:
    """Walks the instructions once, in order."""

    def __init__(self, path: str, lines: list[str], escape: str):
        self.path = path
        self.lines = lines
        self.escape = escape
        self.global_scope = Scope(fallback=lambda name: UNKNOWN if name in AUTOMATIC_ARGS else UNSET)
        self.stages: list[_Stage] = []
        self.edges: list[Edge] = []
        self.errors: list[InputError] = []
        self.stage_ids: dict[str, str] = {}
        self.stages_by_alias: dict[str, _Stage] = {}
        self.planned: list[tuple[str, str | None]] = []

    def error(self, line: int | None, message: str) -> None:
        """Record one InputError for this file."""
        self.errors.append(InputError(self.path, line, FORMAT, message))

    def walk(self, commands: tuple[Any, ...]) -> None:
        """Process every instruction in file order."""
        self._plan_stages(commands)
        for command in commands:
            name = command.cmd.lower()
            if name not in KNOWN_INSTRUCTIONS:
                self.error(command.start_line, f"unknown instruction '{command.cmd}', which docker build rejects")
            elif name == "from":
                self._from(command)
            elif not self.stages:
                if name == "arg":
                    self._global_arg(command)
                else:
                    self.error(
                        command.start_line,
                        f"{command.cmd.upper()} comes before the first FROM, where only ARG is allowed",
                    )
            else:
                self._instruction(self.stages[-1], command)

    def _plan_stages(self, commands: tuple[Any, ...]) -> None:
        """Give every stage its id and alias up front, so COPY --from may name a later stage."""
        used: set[str] = set()
        for command in commands:
            if command.cmd.lower() != "from":
                continue
            index = len(self.planned)
            values = list(command.value)
            alias = values[2].lower() if len(values) == 3 and values[1].lower() == "as" else None
            node_id = f"docker:{self.path}#{alias}" if alias else f"docker:{self.path}#stage{index}"
            if node_id in used:
                node_id = f"docker:{self.path}#stage{index}"
            suffix = 1
            while node_id in used:
                node_id = f"docker:{self.path}#stage{index}-{suffix}"
                suffix += 1
            used.add(node_id)
            self.planned.append((node_id, alias))
            if alias and alias not in self.stage_ids:
                self.stage_ids[alias] = node_id

    def _global_arg(self, command: Any) -> None:
        for entry in command.value:
            name, has_default, default = entry.partition("=")
            if has_default:
                expanded = expand_word(default, self.global_scope.lookup, self.escape)
                self.global_scope.values[name] = expanded.text if expanded.known else UNKNOWN
            elif name not in self.global_scope.values:
                self.global_scope.values[name] = UNKNOWN if name in AUTOMATIC_ARGS else UNSET

    def _from(self, command: Any) -> None:
        index = len(self.stages)
        node_id, alias = self.planned[index]
        values = list(command.value)
        if not (len(values) == 1 or (len(values) == 3 and values[1].lower() == "as")):
            self.error(command.start_line, "FROM takes an image, optionally followed by 'AS <name>'")
        if alias is not None and not _STAGE_NAME_RE.fullmatch(alias):
            self.error(
                command.start_line,
                f"invalid stage name '{values[2]}': it must start with a letter and hold only letters, "
                "digits, '-', '_' and '.'",
            )
        earlier = self.stages_by_alias
        raw_image = values[0] if values else ""
        image, problem = describe_image(raw_image, self.global_scope.lookup, self.escape, earlier.keys())
        if problem:
            self.error(command.start_line, problem)
        parent = earlier.get(image["name"]) if image["is_stage_alias"] else None
        stage = _Stage(index, node_id, alias, command, parent)
        stage.attrs["image"] = image
        if image["unresolved"]:
            stage.unknown.append("image")
        if parent is not None:
            self.edges.append(Edge(stage.node_id, parent.node_id, "builds_from"))
        elif image["is_scratch"]:
            stage.base_env = lambda name: SCRATCH_ENV.get(name, "")
        platform = flag_value(list(command.flags), "platform")
        if platform is not None:
            expanded = expand_word(platform, self.global_scope.lookup, self.escape)
            stage.attrs["platform"] = expanded.text
            stage.attr_lines["platform"] = command.start_line
            if not expanded.known:
                stage.unknown.append("platform")
        stage.attrs["instructions"].append(instruction_record(command, self.lines, self.escape))
        stage.attr_lines["instructions[0]"] = command.start_line
        self.stages.append(stage)
        if alias:
            self.stages_by_alias.setdefault(alias, stage)

    def _instruction(self, stage: _Stage, command: Any) -> None:
        record = instruction_record(command, self.lines, self.escape, self._posix_shell(stage))
        position = len(stage.attrs["instructions"])
        stage.attrs["instructions"].append(record)
        stage.attr_lines[f"instructions[{position}]"] = command.start_line
        for number, detail in enumerate(record.get("command_details", [])):
            stage.attr_lines[f"instructions[{position}].commands[{number}]"] = detail["line"]
        stage.end_line = command.end_line
        self._check_arity(command, record["cmd"])
        handler = getattr(self, f"_on_{record['cmd']}", None)
        if handler is not None:
            handler(stage, command, record)

    def _check_arity(self, command: Any, name: str) -> None:
        """Report an instruction ``docker build`` rejects for missing arguments."""
        count = len([value for value in command.value if value != ""])
        if name in ("copy", "add") and count < 2:
            self.error(command.start_line, f"{name.upper()} needs at least one source and a destination")
        elif name in _NEEDS_AN_ARGUMENT and count == 0:
            self.error(command.start_line, f"{name.upper()} needs at least one argument")

    def _posix_shell(self, stage: _Stage) -> bool:
        """Whether RUN text is for a POSIX shell: not under a cmd/PowerShell SHELL, and not a Windows
        Dockerfile by convention (backtick escape and no SHELL)."""
        shell = stage.attrs["shell"]
        if shell is None:
            return self.escape != "`"
        program = shell["value"][0].replace("\\", "/").rsplit("/", 1)[-1].lower() if shell["value"] else ""
        return program.removesuffix(".exe") not in _WINDOWS_SHELLS

    def _expand(self, stage: _Stage, word: str) -> Expanded:
        return expand_word(word, stage.lookup, self.escape)

    def _on_arg(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        for entry in command.value:
            name, has_default, default = entry.partition("=")
            attr = key_path("args", name)
            stage.attr_lines[attr] = command.start_line
            if has_default:
                expanded = self._expand(stage, default)
                stage.arg_values[name] = expanded.text if expanded.known else UNKNOWN
                stage.attrs["args"][name] = expanded.text if expanded.known else _unknown(expanded)
                stage.mark(attr, known=expanded.known)
                continue
            inherited = self.global_scope.lookup(name)
            stage.arg_values[name] = inherited
            if inherited is UNKNOWN:
                stage.attrs["args"][name] = unknown_value("set by the builder or from a value not known statically")
            else:
                stage.attrs["args"][name] = inherited if isinstance(inherited, str) else None
            stage.mark(attr, known=inherited is not UNKNOWN)

    def _pairs(self, stage: _Stage, command: Any, attribute: str) -> list[tuple[str, str, object]]:
        """Expand ENV/LABEL key-value pairs against the scope before the instruction."""
        values = list(command.value)
        expanded_pairs = []
        for position in range(0, len(values) - 1, 2):
            key = self._expand(stage, values[position]).text
            value = self._expand(stage, values[position + 1])
            attr = key_path(attribute, key)
            stage.attr_lines[attr] = command.start_line
            stage.mark(attr, known=value.known)
            expanded_pairs.append((key, attr, value.text if value.known else _unknown(value)))
        return expanded_pairs

    def _on_env(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        for key, _attr, value in self._pairs(stage, command, "env"):
            stage.attrs["env"][key] = value
            stage.env_values[key] = value if isinstance(value, str) else UNKNOWN

    def _on_label(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        for key, _attr, value in self._pairs(stage, command, "labels"):
            stage.attrs["labels"][key] = value

    def _on_user(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        if not command.value:
            self.error(command.start_line, "USER needs a user name or ID")
            return
        expanded = self._expand(stage, command.value[0])
        stage.attrs["user"] = expanded.text if expanded.known else _unknown(expanded)
        stage.mark("user", known=expanded.known)
        stage.attrs["user_line"] = command.start_line
        stage.attr_lines["user"] = command.start_line

    def _on_expose(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        for word in command.value:
            expanded = self._expand(stage, word)
            attr = f"exposed_ports[{len(stage.attrs['exposed_ports'])}]"
            stage.attrs["exposed_ports"].append(expanded.text if expanded.known else _unknown(expanded))
            stage.attr_lines[attr] = command.start_line
            stage.mark(attr, known=expanded.known)

    def _on_healthcheck(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        values = list(command.value)
        if not values or values[0].upper() not in ("NONE", "CMD"):
            self.error(command.start_line, "HEALTHCHECK needs either NONE or CMD followed by a command")
            return
        none = values[0].upper() == "NONE"
        stage.attrs["healthcheck"] = {
            "none": none,
            "line": command.start_line,
            "flags": list(command.flags),
            "command": [] if none else values[1:],
            "json": bool(command.json),
        }
        stage.attr_lines["healthcheck"] = command.start_line

    def _on_shell(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        stage.attrs["shell"] = {"value": list(command.value), "line": command.start_line}
        stage.attr_lines["shell"] = command.start_line

    def _on_entrypoint(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        stage.attrs["entrypoint"] = _exec_config(command)
        stage.attr_lines["entrypoint"] = command.start_line
        if stage.cmd_inherited:
            stage.attrs["cmd_instr"] = None
            stage.attr_lines.pop("cmd_instr", None)

    def _on_cmd(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        stage.attrs["cmd_instr"] = _exec_config(command)
        stage.attr_lines["cmd_instr"] = command.start_line
        stage.cmd_inherited = False

    def _on_onbuild(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        trigger = (command.sub_cmd or "").lower()
        if not trigger:
            self.error(command.start_line, "ONBUILD needs an instruction to run in a later build")
        elif trigger in _NOT_ONBUILD_TRIGGERS:
            self.error(command.start_line, f"{trigger.upper()} is not allowed as an ONBUILD trigger")
        elif trigger not in KNOWN_INSTRUCTIONS:
            self.error(
                command.start_line, f"unknown instruction '{command.sub_cmd}' in ONBUILD, which docker build rejects"
            )

    def _on_copy(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        source = flag_value(list(command.flags), "from")
        if source is not None:
            self._link_source(stage, command, source)

    def _on_run(self, stage: _Stage, command: Any, record: dict[str, Any]) -> None:
        for source in mount_sources(list(command.flags)):
            self._link_source(stage, command, source)

    def _link_source(self, stage: _Stage, command: Any, source: str) -> None:
        """An edge to the stage that ``--from``/``from=`` names, or a record of the image it names."""
        expanded = self._expand(stage, source)
        if expanded.known:
            target = self._stage_by_reference(expanded.text)
            if target is not None:
                self.edges.append(Edge(stage.node_id, target, "copies_from"))
                return
            if expanded.text.isdigit():
                self.error(
                    command.start_line,
                    f"--from={expanded.text} names stage {expanded.text}, but the Dockerfile has "
                    f"{len(self.planned)} stage(s) numbered from 0",
                )
                return
        image, problem = describe_image(source, stage.lookup, self.escape, set())
        if problem:
            self.error(command.start_line, problem)
        position = len(stage.attrs["copied_images"])
        stage.attrs["copied_images"].append({"line": command.start_line, "image": image})
        stage.attr_lines[f"copied_images[{position}]"] = command.start_line
        if image["unresolved"]:
            stage.unknown.append(f"copied_images[{position}].image")

    def _stage_by_reference(self, reference: str) -> str | None:
        if reference.isdigit():
            index = int(reference)
            return self.planned[index][0] if index < len(self.planned) else None
        return self.stage_ids.get(reference.lower())
