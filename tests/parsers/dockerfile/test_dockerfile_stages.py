"""Stage nodes: ids, lines, image, user, scope and inherited configuration, and stage edges."""

from __future__ import annotations

from scanner.model import Edge, FileStatus


def test_single_stage_node_has_exact_id_lines_and_attributes(parse):
    result = parse("single_stage.Dockerfile")
    assert result.status is FileStatus.PARSED
    assert result.errors == []
    [node] = result.payload.nodes
    assert (node.id, node.format, node.kind, node.name, node.path) == (
        "docker:single_stage.Dockerfile#stage0",
        "dockerfile",
        "dockerfile.stage",
        "stage0",
        "single_stage.Dockerfile",
    )
    assert (node.start_line, node.end_line) == (1, 7)
    attrs = node.attrs
    assert (attrs["index"], attrs["alias"], attrs["is_final"]) == (0, None, True)
    assert attrs["user"] == "10001"
    assert attrs["user_line"] == 6
    assert attrs["env"] == {"FLASK_APP": "app.py", "PORT": "8080"}
    assert attrs["exposed_ports"] == ["8080"]
    assert attrs["cmd_instr"] == {"value": ["flask", "run"], "json": True, "line": 7}
    assert [(item["cmd"], item["line"]) for item in attrs["instructions"]] == [
        ("from", 1),
        ("workdir", 2),
        ("run", 3),
        ("env", 4),
        ("expose", 5),
        ("user", 6),
        ("cmd", 7),
    ]
    assert attrs["instructions"][2]["commands"] == [["pip", "install", "--no-cache-dir", "flask==3.0.3"]]
    assert node.attr_lines == {
        "image": 1,
        "instructions[0]": 1,
        "instructions[1]": 2,
        "instructions[2]": 3,
        "instructions[2].commands[0]": 3,
        "instructions[3]": 4,
        "env.FLASK_APP": 4,
        "env.PORT": 4,
        "instructions[4]": 5,
        "exposed_ports[0]": 5,
        "instructions[5]": 6,
        "user": 6,
        "instructions[6]": 7,
        "cmd_instr": 7,
    }
    assert node.unknown == []
    assert result.payload.edges == []


def test_instruction_record_keeps_buildkit_fields(stages):
    node = stages("single_stage.Dockerfile")["docker:single_stage.Dockerfile#stage0"]
    assert node.attrs["instructions"][3] == {
        "cmd": "env",
        "sub_cmd": None,
        "flags": [],
        "value": ["FLASK_APP", "app.py", "PORT", "8080"],
        "json": False,
        "original": "ENV FLASK_APP=app.py PORT=8080",
        "line": 4,
        "end_line": 4,
        "heredocs": [],
    }


def test_multi_stage_ids_aliases_and_edges(parse):
    result = parse("multi_stage.Dockerfile")
    assert result.errors == []
    nodes = result.payload.nodes
    assert [(node.id, node.name, node.start_line, node.end_line) for node in nodes] == [
        ("docker:multi_stage.Dockerfile#build", "build", 1, 3),
        ("docker:multi_stage.Dockerfile#test", "test", 5, 6),
        ("docker:multi_stage.Dockerfile#stage2", "stage2", 8, 13),
    ]
    assert [node.attrs["is_final"] for node in nodes] == [False, False, True]
    assert nodes[0].attrs["alias"] == "build"  # "AS Build" is lower-cased, as Docker does
    assert result.payload.edges == [
        Edge("docker:multi_stage.Dockerfile#stage2", "docker:multi_stage.Dockerfile#build", "copies_from"),
        Edge("docker:multi_stage.Dockerfile#stage2", "docker:multi_stage.Dockerfile#test", "copies_from"),
        Edge("docker:multi_stage.Dockerfile#test", "docker:multi_stage.Dockerfile#build", "builds_from"),
    ]


def test_from_an_earlier_stage_is_a_stage_alias(stages):
    test_stage = stages("multi_stage.Dockerfile")["docker:multi_stage.Dockerfile#test"]
    assert test_stage.attrs["image"] == {
        "raw": "build",
        "resolved": "build",
        "registry": None,
        "repository": None,
        "name": "build",
        "tag": None,
        "digest": None,
        "is_stage_alias": True,
        "is_scratch": False,
        "unresolved": False,
    }


def test_copy_from_an_image_is_recorded_not_linked(stages):
    final = stages("multi_stage.Dockerfile")["docker:multi_stage.Dockerfile#stage2"]
    [copied] = final.attrs["copied_images"]
    assert copied["line"] == 11
    assert (copied["image"]["repository"], copied["image"]["tag"]) == ("library/nginx", "1.27")
    assert final.attrs["entrypoint"] == {"value": ["/app"], "json": True, "line": 13}


def test_copy_from_a_later_stage_and_from_itself(parse):
    text = "FROM alpine AS a\nCOPY --from=b /x /x\nCOPY --from=a /y /y\nFROM alpine AS b\n"
    result = parse("Dockerfile", text)
    assert result.errors == []
    assert result.payload.edges == [
        Edge("docker:Dockerfile#a", "docker:Dockerfile#a", "copies_from"),
        Edge("docker:Dockerfile#a", "docker:Dockerfile#b", "copies_from"),
    ]


def test_from_a_stage_defined_later_is_an_image(stages):
    nodes = stages("Dockerfile", "FROM later\nFROM alpine AS later\n")
    first = nodes["docker:Dockerfile#stage0"]
    assert first.attrs["image"]["is_stage_alias"] is False
    assert first.attrs["image"]["repository"] == "library/later"


def test_duplicate_alias_keeps_ids_unique(stages):
    nodes = stages("Dockerfile", "FROM alpine AS app\nFROM debian AS app\n")
    assert [(node.id, node.attrs["alias"]) for node in nodes.values()] == [
        ("docker:Dockerfile#app", "app"),
        ("docker:Dockerfile#stage1", "app"),
    ]


def test_final_user_across_stages(stages):
    nodes = stages("final_user_across_stages.Dockerfile")
    base = nodes["docker:final_user_across_stages.Dockerfile#base"]
    runtime = nodes["docker:final_user_across_stages.Dockerfile#runtime"]
    other = nodes["docker:final_user_across_stages.Dockerfile#other"]
    assert (base.attrs["user"], base.attrs["user_line"], base.attr_lines["user"]) == ("root", 3, 3)
    assert (runtime.attrs["user"], runtime.attrs["user_line"], runtime.attr_lines["user"]) == ("root", 3, 3)
    assert (other.attrs["user"], other.attrs["user_line"]) == ("app", 9)


def test_user_is_null_when_never_set(stages):
    node = stages("Dockerfile", "FROM alpine\nRUN id\n")["docker:Dockerfile#stage0"]
    assert (node.attrs["user"], node.attrs["user_line"]) == (None, None)
    assert "user" not in node.attr_lines


def test_scratch_base(stages):
    node = stages("scratch.Dockerfile")["docker:scratch.Dockerfile#stage0"]
    image = node.attrs["image"]
    assert (image["is_scratch"], image["name"], image["registry"], image["repository"]) == (True, "scratch", None, None)
    # an empty image gets BuildKit's default PATH, so the substitution is known
    assert node.attrs["env"] == {"PATH": "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    assert node.unknown == []


def test_env_depending_on_the_base_image_is_unknown(stages):
    node = stages("Dockerfile", "FROM alpine\nENV PATH=/app/bin:$PATH HOME=/home/app\n")["docker:Dockerfile#stage0"]
    assert node.attrs["env"] == {
        "PATH": {"__unknown__": "depends on $PATH, which is not known statically"},
        "HOME": "/home/app",
    }
    assert node.unknown == ["env.PATH"]
    assert node.attr_lines["env.PATH"] == 2


def test_env_substitution_uses_values_from_before_the_instruction(stages):
    text = "FROM alpine\nARG VERSION=1.0\nENV A=one\nENV A=two B=$A C=v${VERSION}\n"
    node = stages("Dockerfile", text)["docker:Dockerfile#stage0"]
    assert node.attrs["env"] == {"A": "two", "B": "one", "C": "v1.0"}
    assert node.attrs["args"] == {"VERSION": "1.0"}


def test_stage_arg_redeclaring_a_global_arg_takes_its_default(stages):
    text = "ARG USER_NAME=app\nARG UNSET_ONE\nFROM alpine\nARG USER_NAME\nARG UNSET_ONE\nUSER ${USER_NAME}\n"
    node = stages("Dockerfile", text)["docker:Dockerfile#stage0"]
    assert node.attrs["args"] == {"USER_NAME": "app", "UNSET_ONE": None}
    assert node.attrs["user"] == "app"
    assert node.attr_lines["args.USER_NAME"] == 4


def test_global_args_are_not_visible_in_a_stage_without_arg(stages):
    node = stages("Dockerfile", "ARG NAME=app\nFROM alpine\nUSER $NAME\n")["docker:Dockerfile#stage0"]
    assert node.attrs["user"] == {"__unknown__": "depends on $NAME, which is not known statically"}
    assert node.unknown == ["user"]


def test_labels_with_dotted_keys_and_quotes(stages):
    text = 'FROM alpine\nLABEL org.opencontainers.image.source="https://example.com/repo" team=platform\n'
    node = stages("Dockerfile", text)["docker:Dockerfile#stage0"]
    assert node.attrs["labels"] == {"org.opencontainers.image.source": "https://example.com/repo", "team": "platform"}
    assert node.attr_lines['labels["org.opencontainers.image.source"]'] == 2
    assert node.attr_lines["labels.team"] == 2


def test_image_configuration_is_inherited_from_the_parent_stage(stages):
    text = (
        "FROM alpine AS base\n"
        'HEALTHCHECK --interval=30s CMD ["wget", "-q", "localhost"]\n'
        'SHELL ["/bin/ash", "-o", "pipefail", "-c"]\n'
        'CMD ["serve"]\n'
        "ENV APP_HOME=/srv\n"
        "FROM base AS child\n"
        'ENTRYPOINT ["/entry"]\n'
        "WORKDIR $APP_HOME\n"
        "LABEL home=$APP_HOME\n"
    )
    nodes = stages("Dockerfile", text)
    base, child = nodes["docker:Dockerfile#base"], nodes["docker:Dockerfile#child"]
    assert base.attrs["cmd_instr"] == {"value": ["serve"], "json": True, "line": 4}
    assert child.attrs["healthcheck"] == {
        "none": False,
        "line": 2,
        "flags": ["--interval=30s"],
        "command": ["wget", "-q", "localhost"],
        "json": True,
    }
    assert child.attrs["shell"] == {"value": ["/bin/ash", "-o", "pipefail", "-c"], "line": 3}
    assert child.attrs["entrypoint"] == {"value": ["/entry"], "json": True, "line": 7}
    assert child.attrs["cmd_instr"] is None  # an ENTRYPOINT resets an inherited CMD
    assert "cmd_instr" not in child.attr_lines
    assert child.attrs["env"] == {}
    assert child.attrs["labels"] == {"home": "/srv"}


def test_healthcheck_none(stages):
    node = stages("Dockerfile", "FROM alpine\nHEALTHCHECK NONE\n")["docker:Dockerfile#stage0"]
    assert node.attrs["healthcheck"] == {"none": True, "line": 2, "flags": [], "command": [], "json": False}
    assert node.attr_lines["healthcheck"] == 2


def test_platform_flag_with_builder_arg_stays_as_written(stages):
    text = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=linux/arm64 alpine\n"
    nodes = stages("Dockerfile", text)
    build, final = nodes["docker:Dockerfile#build"], nodes["docker:Dockerfile#stage1"]
    assert (build.attrs["platform"], build.unknown) == ("$BUILDPLATFORM", ["platform"])
    assert (final.attrs["platform"], final.unknown, final.attr_lines["platform"]) == ("linux/arm64", [], 2)


def test_run_mount_from_a_stage_index_links_the_stage(parse):
    text = "FROM alpine\nFROM alpine\nRUN --mount=type=bind,from=0,target=/src ls /src\n"
    result = parse("Dockerfile", text)
    assert result.payload.edges == [Edge("docker:Dockerfile#stage1", "docker:Dockerfile#stage0", "copies_from")]


def test_copy_from_an_unresolvable_image(stages):
    text = "FROM alpine\nARG TOOLS_IMAGE\nCOPY --from=$TOOLS_IMAGE /bin/tool /bin/tool\n"
    node = stages("Dockerfile", text)["docker:Dockerfile#stage0"]
    [copied] = node.attrs["copied_images"]
    assert (copied["line"], copied["image"]["resolved"], copied["image"]["unresolved"]) == (3, "$TOOLS_IMAGE", True)
    assert node.unknown == ["copied_images[0].image"]
    assert node.attr_lines["copied_images[0]"] == 3
