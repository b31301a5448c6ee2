"""RUN splitting: shell text into commands and argv lists, with the Dockerfile line of each."""

from __future__ import annotations

import pytest

from scanner.parsers.dockerfile.shell import ShellCommand, shell_script_argument, split_commands


def _argvs(script: str) -> list[list[str]]:
    return [command.argv for command in split_commands(script)]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("apt-get update && apt-get install -y curl", [["apt-get", "update"], ["apt-get", "install", "-y", "curl"]]),
        ("a || b; c | d & e", [["a"], ["b"], ["c"], ["d"], ["e"]]),
        ("a\nb", [["a"], ["b"]]),
        ("echo 'a && b' \"c; d\" e\\ f", [["echo", "a && b", "c; d", "e f"]]),
        ("curl -fsSL https://x.example/install.sh | sh", [["curl", "-fsSL", "https://x.example/install.sh"], ["sh"]]),
        ("make > build.log 2>&1 < /dev/null", [["make"]]),
        ("echo $(cat f | wc -l) `id -u` ${HOME}", [["echo", "$(cat f | wc -l)", "`id -u`", "${HOME}"]]),
        ("if [ -f x ]; then pip install y; fi", [["[", "-f", "x", "]"], ["pip", "install", "y"]]),
        ("for p in a b; do pip install $p; done", [["pip", "install", "$p"]]),
        ("case $x in a|b) echo a;; *) echo b;; esac", [["echo", "a"], ["echo", "b"]]),
        ("(cd /src && make) || exit 1", [["cd", "/src"], ["make"], ["exit", "1"]]),
        ("{ echo a; echo b; }", [["echo", "a"], ["echo", "b"]]),
        ("f() { echo hi; }; f", [["echo", "hi"], ["f"]]),
        ("set -eux; \\\n  apk add git # trailing comment && not a command", [["set", "-eux"], ["apk", "add", "git"]]),
        ("cat > /etc/app.conf <<EOF\nkey=value && not run\nEOF\napk add git", [["cat"], ["apk", "add", "git"]]),
        ("cat <<-'EOF' | sh\n\techo body\n\tEOF\nls", [["cat"], ["sh"], ["ls"]]),
        ("A=1", []),
        ('echo "unterminated', [["echo", "unterminated"]]),
    ],
)
def test_split_commands(script, expected):
    assert _argvs(script) == expected


def test_leading_assignments_move_to_env():
    [command] = split_commands("DEBIAN_FRONTEND=noninteractive TZ='Europe/Paris' apt-get install -y tzdata")
    assert command == ShellCommand(
        argv=["apt-get", "install", "-y", "tzdata"],
        env={"DEBIAN_FRONTEND": "noninteractive", "TZ": "Europe/Paris"},
        line=1,
        operator=None,
    )


def test_operators_and_lines_are_reported():
    commands = split_commands("a &&\nb |\nc", line_at=lambda offset: 10 + "a &&\nb |\nc".count("\n", 0, offset))
    assert [(command.argv, command.line, command.operator) for command in commands] == [
        (["a"], 10, "&&"),
        (["b"], 11, "|"),
        (["c"], 12, None),
    ]


def test_shell_dash_c_scripts_are_split_after_the_shell_command():
    assert _argvs('bash -o pipefail -ec "curl -sL x | sh && make"') == [
        ["bash", "-o", "pipefail", "-ec", "curl -sL x | sh && make"],
        ["curl", "-sL", "x"],
        ["sh"],
        ["make"],
    ]


@pytest.mark.parametrize(
    ("argv", "script"),
    [
        (["sh", "-c", "a"], "a"),
        (["/bin/bash", "-eux", "-c", "a"], "a"),
        (["bash", "-o", "pipefail", "-c", "a"], "a"),
        (["sh", "script.sh"], None),
        (["python", "-c", "print(1)"], None),
        (["sh", "-c"], None),
    ],
)
def test_shell_script_argument(argv, script):
    assert shell_script_argument(argv) == script


def test_windows_mode_keeps_backslashes():
    assert [command.argv for command in split_commands("mkdir C:\\tools && dir", posix=False)] == [
        ["mkdir", "C:\\tools"],
        ["dir"],
    ]


def test_shell_form_run_with_continuations_gives_each_command_its_line(stages):
    node = stages("continuation_lines.Dockerfile")["docker:continuation_lines.Dockerfile#stage0"]
    run = node.attrs["instructions"][1]
    assert (run["line"], run["end_line"]) == (3, 9)
    assert run["value"] == ["apk add --no-cache       git       curl       bash     && git --version"]
    assert run["commands"] == [["apk", "add", "--no-cache", "git", "curl", "bash"], ["git", "--version"]]
    assert [(detail["line"], detail["operator"]) for detail in run["command_details"]] == [(3, "&&"), (9, None)]
    assert node.attr_lines["instructions[1].commands[1]"] == 9
    assert (node.end_line, node.attrs["user_line"]) == (10, 10)


def test_escape_directive_backtick_continuations(stages):
    node = stages("escape_backtick.Dockerfile")["docker:escape_backtick.Dockerfile#stage0"]
    assert (node.start_line, node.end_line) == (2, 5)
    run = node.attrs["instructions"][1]
    assert (run["line"], run["end_line"]) == (3, 4)
    assert run["commands"] == [["mkdir", "C:\\tools"], ["echo", "done"]]
    assert [detail["line"] for detail in run["command_details"]] == [3, 4]
    assert node.attrs["instructions"][2]["value"] == ["C:\\tools"]


def test_heredoc_run_is_split_into_commands_with_body_lines(stages):
    node = stages("heredoc_run.Dockerfile")["docker:heredoc_run.Dockerfile#stage0"]
    run = node.attrs["instructions"][1]
    assert (run["line"], run["end_line"], run["value"]) == (2, 7, ["<<EOF"])
    assert run["heredocs"] == [
        {
            "name": "EOF",
            "content": "set -eux\napt-get update\napt-get install -y --no-install-recommends curl ca-certificates\n"
            "rm -rf /var/lib/apt/lists/*\n",
        }
    ]
    assert run["commands"] == [
        ["set", "-eux"],
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "curl", "ca-certificates"],
        ["rm", "-rf", "/var/lib/apt/lists/*"],
    ]
    assert [detail["line"] for detail in run["command_details"]] == [3, 4, 5, 6]


def test_heredoc_fed_to_another_program_is_not_split(stages):
    node = stages("heredoc_run.Dockerfile")["docker:heredoc_run.Dockerfile#stage0"]
    python_stdin, python_script = node.attrs["instructions"][2], node.attrs["instructions"][3]
    assert python_stdin["commands"] == [["python3"]]
    assert python_script["commands"] == [["/usr/bin/env", "python3"]]
    assert python_script["command_details"][0]["line"] == 12


def test_heredoc_fed_to_a_shell_is_split(stages):
    text = "FROM alpine\nRUN bash <<EOF\napk add curl && curl -V\nEOF\n"
    run = stages("Dockerfile", text)["docker:Dockerfile#stage0"].attrs["instructions"][1]
    assert run["commands"] == [["bash"], ["apk", "add", "curl"], ["curl", "-V"]]
    assert [detail["line"] for detail in run["command_details"]] == [2, 3, 3]


def test_exec_form_run_is_one_argv_plus_its_shell_script(stages):
    text = 'FROM alpine\nRUN ["apk", "add", "git"]\nRUN ["/bin/sh", "-c", "apk update && apk add curl"]\n'
    instructions = stages("Dockerfile", text)["docker:Dockerfile#stage0"].attrs["instructions"]
    assert instructions[1]["commands"] == [["apk", "add", "git"]]
    assert instructions[2]["commands"] == [
        ["/bin/sh", "-c", "apk update && apk add curl"],
        ["apk", "update"],
        ["apk", "add", "curl"],
    ]


def test_run_under_a_powershell_shell_keeps_backslashes(stages):
    text = (
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        'SHELL ["powershell", "-Command"]\n'
        "RUN New-Item C:\\app\n"
    )
    run = stages("Dockerfile", text)["docker:Dockerfile#stage0"].attrs["instructions"][2]
    assert run["commands"] == [["New-Item", "C:\\app"]]
