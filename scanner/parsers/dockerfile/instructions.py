"""One Dockerfile instruction as the graph shows it, and the commands a RUN executes.

:func:`instruction_record` turns a BuildKit ``Command`` into the ``instructions[]`` entry of a
stage node (lower-case ``cmd`` like conftest, 1-based lines). For RUN it adds ``commands`` (argv
lists) and ``command_details`` (argv, leading variable assignments, line, following operator),
taken from the shell text with each command's own physical line, and from heredoc bodies that
the shell runs as a script.
"""

from __future__ import annotations

from typing import Any

from scanner.parsers.dockerfile.lines import LogicalLine, join_logical_line, line_locator
from scanner.parsers.dockerfile.shell import ShellCommand, is_shell, shell_script_argument, split_commands

#: Instructions BuildKit knows; anything else is rejected by ``docker build``.
KNOWN_INSTRUCTIONS = frozenset(
    {
        "add",
        "arg",
        "cmd",
        "copy",
        "entrypoint",
        "env",
        "expose",
        "from",
        "healthcheck",
        "label",
        "maintainer",
        "onbuild",
        "run",
        "shell",
        "stopsignal",
        "user",
        "volume",
        "workdir",
    }
)


def instruction_record(command: Any, lines: list[str], escape: str, posix: bool = True) -> dict[str, Any]:
    """The ``instructions[]`` entry for one BuildKit command (RUN also gets its commands).

    ``posix`` False splits RUN text for a Windows shell (see :func:`run_commands`).
    """
    record: dict[str, Any] = {
        "cmd": command.cmd.lower(),
        "sub_cmd": command.sub_cmd.lower() if command.sub_cmd else None,
        "flags": list(command.flags),
        "value": list(command.value),
        "json": bool(command.json),
        "original": command.original,
        "line": command.start_line,
        "end_line": command.end_line,
        "heredocs": [{"name": heredoc.name, "content": heredoc.content} for heredoc in command.heredocs],
    }
    if record["cmd"] == "run":
        commands = run_commands(command, lines, escape, posix)
        record["commands"] = [shell_command.argv for shell_command in commands]
        record["command_details"] = [shell_command.to_json() for shell_command in commands]
    return record


def run_commands(command: Any, lines: list[str], escape: str, posix: bool = True) -> list[ShellCommand]:
    """The commands a RUN instruction executes, in order, each with its Dockerfile line.

    Exec form is one argv (plus the script of ``["sh", "-c", ...]``); shell form is split (with
    ``posix`` False, a backslash is an ordinary character, as under ``cmd``); the body of a heredoc
    is split too when the shell runs it as a script: ``RUN <<EOF`` on its own, or fed to a shell
    (``RUN bash <<EOF``). A script whose ``#!`` line names another interpreter is that one command
    (``["/usr/bin/env", "python3"]``), its body not split.
    """
    if command.json:
        argv = list(command.value)
        found = [ShellCommand(argv=argv, line=command.start_line)]
        script = shell_script_argument(argv)
        if script is not None:
            found.extend(split_commands(script, lambda _offset: command.start_line))
        return found
    header = join_logical_line(lines, command.start_line, escape)
    header_commands = _split_header(command, header, posix)
    found = list(header_commands)
    body_line = header.end_line + 1
    for heredoc in command.heredocs:
        content = heredoc.content
        if _is_script(header_commands, heredoc):
            interpreter = _shebang(content)
            if interpreter and not _interpreter_is_shell(interpreter):
                found.append(ShellCommand(argv=interpreter, line=body_line))
            else:
                found.extend(split_commands(content, line_locator(content, body_line), posix))
        body_line += content.count("\n") + 1
    return found


def _split_header(command: Any, header: LogicalLine, posix: bool) -> list[ShellCommand]:
    script = command.value[0] if command.value else ""
    end = len(header.text.rstrip())
    start = end - len(script)
    if start >= 0 and header.text[start:end] == script:
        return split_commands(script, lambda offset: header.line_at(start + offset), posix)
    return split_commands(script, lambda _offset: command.start_line, posix)


def _is_script(header_commands: list[ShellCommand], heredoc: Any) -> bool:
    """True when the heredoc is the script the RUN executes, not data fed to a program."""
    if heredoc.file_descriptor != 0:
        return False
    if not header_commands:
        return True
    if len(header_commands) != 1:
        return False
    argv = header_commands[0].argv
    return is_shell(argv[0]) and shell_script_argument(argv) is None


def _shebang(content: str) -> list[str]:
    if not content.startswith("#!"):
        return []
    return content[2:].split("\n", 1)[0].split()


def _interpreter_is_shell(interpreter: list[str]) -> bool:
    program = interpreter[0]
    if program.rsplit("/", 1)[-1] == "env":
        rest = [word for word in interpreter[1:] if not word.startswith("-")]
        program = rest[0] if rest else program
    return is_shell(program)


def mount_sources(flags: list[str]) -> list[str]:
    """The ``from=`` values of a RUN's ``--mount=`` flags, in order."""
    sources: list[str] = []
    for flag in flags:
        if not flag.startswith("--mount="):
            continue
        for field in flag[len("--mount=") :].split(","):
            key, _, value = field.partition("=")
            if key.strip().lower() == "from" and value:
                sources.append(value.strip())
    return sources


def flag_value(flags: list[str], name: str) -> str | None:
    """The value of ``--name=value`` among ``flags`` (the last one wins), or None."""
    prefix = f"--{name}="
    found = None
    for flag in flags:
        if flag.startswith(prefix):
            found = flag[len(prefix) :]
    return found
