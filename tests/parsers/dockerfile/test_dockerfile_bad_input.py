"""Bad input: each problem is an InputError with the exact line and a one-sentence message."""

from __future__ import annotations

import pytest

from scanner.model import FileStatus, InputError
from scanner.parsers.dockerfile.syntax_errors import locate_error


def _errors(result):
    return [(error.line, error.message) for error in result.errors]


def test_unterminated_heredoc_gives_the_line_of_its_opening(parse):
    result = parse("unterminated_heredoc.Dockerfile")
    assert result.status is FileStatus.ERRORED
    assert result.errors == [
        InputError(
            "unterminated_heredoc.Dockerfile",
            5,
            "dockerfile",
            "unterminated heredoc: no line 'CONF' closes <<CONF before the end of the file",
        )
    ]
    assert result.payload.nodes == []
    assert result.documents == []


def test_unterminated_second_heredoc_of_one_instruction(parse):
    result = parse("Dockerfile", "FROM alpine\nRUN <<A <<B\na\nA\nb\n")
    assert _errors(result) == [(2, "unterminated heredoc: no line 'B' closes <<B before the end of the file")]


def test_unterminated_heredoc_opened_on_a_continuation_line(parse):
    result = parse("Dockerfile", "FROM alpine\nRUN set -e; \\\n  cat <<-\"END\" > /x\nfoo\n")
    assert _errors(result) == [(3, "unterminated heredoc: no line 'END' closes <<END before the end of the file")]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_file_without_instructions(parse, text):
    result = parse("Dockerfile", text)
    assert result.errors == [InputError("Dockerfile", None, "dockerfile", "Dockerfile has no instructions")]
    assert result.payload.nodes == []


def test_only_comments_fixture(parse):
    assert _errors(parse("only_comments.Dockerfile")) == [(None, "Dockerfile has no instructions")]


def test_unknown_instruction_is_reported_and_the_rest_kept(parse):
    result = parse("unknown_instruction.Dockerfile")
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [(2, "unknown instruction 'FROMM', which docker build rejects")]
    [node] = result.payload.nodes
    assert [item["cmd"] for item in node.attrs["instructions"]] == ["from", "run"]


def test_instruction_before_the_first_from(parse):
    result = parse("instruction_before_from.Dockerfile")
    assert _errors(result) == [(2, "RUN comes before the first FROM, where only ARG is allowed")]
    [node] = result.payload.nodes
    assert node.attrs["image"]["resolved"] == "alpine:3.20"


def test_buildkit_syntax_error_is_located_by_line(parse):
    result = parse("Dockerfile", "FROM alpine\nRUN echo ok\nENV ONLY_A_NAME\nRUN echo later\n")
    assert _errors(result) == [(3, "cannot parse the Dockerfile: ENV must have two arguments")]


def test_buildkit_message_with_two_sentences_becomes_one(parse):
    result = parse("Dockerfile", "FROM alpine\nLABEL a=1 b\n")
    assert _errors(result) == [
        (2, "cannot parse the Dockerfile: Syntax error - can't find = in \"b\"; must be of the form: name=value")
    ]


def test_invalid_escape_directive(parse):
    result = parse("Dockerfile", "# escape=x\nFROM alpine\n")
    assert _errors(result) == [(1, "cannot parse the Dockerfile: invalid escape token 'x' does not match ` or \\")]


def test_over_long_line(parse):
    result = parse("Dockerfile", "FROM alpine\nRUN echo " + "a" * 70000 + "\n")
    assert _errors(result) == [(2, "the line is longer than 65535 bytes, the most BuildKit accepts")]


def test_nul_character_is_refused_instead_of_truncating(parse):
    result = parse("Dockerfile", "FROM alpine\nRUN echo\x00 hidden\n")
    assert _errors(result) == [(2, "the file contains a NUL character, so it is not a text Dockerfile")]


def test_undecodable_text_is_refused_before_the_go_parser(parse):
    result = parse("Dockerfile", "FROM alpine\nRUN echo \udcff\n")
    assert _errors(result) == [(2, "the file is not valid UTF-8 text")]


def test_no_from_at_all(parse):
    result = parse("Dockerfile", "ARG VERSION=1\n")
    assert _errors(result) == [(None, "Dockerfile has no FROM instruction, so it defines no build stage")]
    assert result.payload.nodes == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FROM a b\n", (1, "FROM takes an image, optionally followed by 'AS <name>'")),
        ("FROM Node:22\n", (1, "invalid image reference 'Node:22': the repository name must be lowercase")),
        (
            "FROM alpine AS 1st\n",
            (
                1,
                "invalid stage name '1st': it must start with a letter and hold only letters, digits, '-', '_' and '.'",
            ),
        ),
        (
            "FROM alpine\nCOPY --from=2 /a /b\n",
            (2, "--from=2 names stage 2, but the Dockerfile has 1 stage(s) numbered from 0"),
        ),
        ("FROM alpine\nONBUILD FROM debian\n", (2, "FROM is not allowed as an ONBUILD trigger")),
        ("FROM alpine\nONBUILD ONBUILD RUN x\n", (2, "ONBUILD is not allowed as an ONBUILD trigger")),
        ("FROM alpine\nONBUILD BOGUS x\n", (2, "unknown instruction 'BOGUS' in ONBUILD, which docker build rejects")),
        ("FROM alpine\nUSER\n", (2, "USER needs a user name or ID")),
        ("FROM alpine\nRUN\n", (2, "RUN needs at least one argument")),
        ("FROM alpine\nCOPY only-a-source\n", (2, "COPY needs at least one source and a destination")),
        ("FROM alpine\nHEALTHCHECK\n", (2, "HEALTHCHECK needs either NONE or CMD followed by a command")),
    ],
)
def test_instructions_docker_build_rejects(parse, text, expected):
    result = parse("Dockerfile", text)
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [expected]
    assert len(result.payload.nodes) >= 1


def test_errors_are_sorted_by_line(parse):
    result = parse("Dockerfile", "RUN early\nFROM alpine\nFROMM x\nUSER\n")
    assert [error.line for error in result.errors] == [1, 3, 4]


def test_oversized_heredoc_is_refused_before_parsing(parse):
    text = "FROM alpine\nRUN <<EOF\n" + "echo padding line\n" * 20000 + "EOF\n"
    assert _errors(parse("Dockerfile", text)) == [
        (2, "the instruction's heredoc or continuation lines hold 351 KiB, more than the 256 KiB bastion parses")
    ]


def test_oversized_unterminated_heredoc_is_reported_as_unterminated(parse):
    text = "FROM alpine\nRUN echo ok\nCOPY <<-'DATA' /data\n" + "row\n" * 100000
    assert _errors(parse("Dockerfile", text)) == [
        (3, "unterminated heredoc: no line 'DATA' closes <<DATA before the end of the file")
    ]


def test_oversized_continued_instruction_is_refused(parse):
    text = "FROM alpine\nRUN true \\\n" + "  && echo padding \\\n" * 15000 + "  && true\n"
    assert _errors(parse("Dockerfile", text)) == [
        (2, "the instruction's heredoc or continuation lines hold 278 KiB, more than the 256 KiB bastion parses")
    ]


def test_too_many_instructions_is_refused(parse):
    text = "FROM alpine\n" + "RUN true\n" * 10000
    assert _errors(parse("Dockerfile", text)) == [
        (10001, "the Dockerfile has 10001 instructions, more than the 10000 bastion parses")
    ]


def test_deeply_nested_substitution_stays_unresolved_without_recursion_error(parse):
    result = parse("Dockerfile", "FROM alpine\nENV X=" + "${A:-" * 5000 + "}" * 5000 + "\n")
    assert result.errors == []
    assert result.payload.nodes[0].unknown == ["env.X"]


def test_a_message_that_carries_its_line_keeps_it():
    error = locate_error("FROM a\n", ["FROM a"], [], "\\", "dockerfile parse error on line 7: unknown flag: chown")
    assert (error.line, error.message) == (7, "cannot parse the Dockerfile: unknown flag: chown")
