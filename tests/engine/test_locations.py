"""Attribute paths and instruction matching used to place findings."""

from __future__ import annotations

from scanner.engine.locations import attribute_line, attribute_text, instruction_lines, path_prefixes
from scanner.model import Node


def test_path_prefixes_split_on_dots_and_brackets_but_not_inside_quotes():
    assert path_prefixes('a.b[0]["x.y"].c') == ["a", "a.b", "a.b[0]", 'a.b[0]["x.y"]', 'a.b[0]["x.y"].c']
    assert path_prefixes('metadata.annotations["kubernetes.io/ingress.class"]') == [
        "metadata",
        "metadata.annotations",
        'metadata.annotations["kubernetes.io/ingress.class"]',
    ]


def test_attribute_text_renders_lists_and_rejects_other_shapes():
    assert attribute_text(["spec", "containers", 0, "image"]) == "spec.containers[0].image"
    assert attribute_text(["metadata", "annotations", "kubernetes.io/ingress.class"]) == 'metadata.annotations["kubernetes.io/ingress.class"]'
    assert [attribute_text(value) for value in ("", [], 3, None, [1.5])] == [None, None, None, None, None]


def test_attribute_line_uses_the_nearest_recorded_ancestor():
    node = Node("n", "kubernetes", "Pod", "p", "pod.yaml", 1, 12, attr_lines={"spec.containers[0]": 7, "spec": 5})
    assert attribute_line(node, "spec.containers[0].securityContext.privileged") == 7
    assert attribute_line(node, "spec.volumes[2]") == 5
    assert attribute_line(node, "status") is None


def test_instruction_lines_prefer_the_longest_unique_match():
    instructions = [
        {"Cmd": "from", "Value": ["node:22", "AS", "build"], "StartLine": 1, "EndLine": 1},
        {"Cmd": "run", "Value": ["npm ci"], "StartLine": 2, "EndLine": 3},
    ]
    assert instruction_lines(instructions, 'bad image ["node:22","AS","build"]', "x") == (1, 1)
    assert instruction_lines(instructions, "npm ci is slow", "x") == (2, 3)
    assert instruction_lines(instructions, "nothing quoted", "x") is None


def test_instruction_lines_give_up_on_ties_and_short_values():
    twice = [
        {"Cmd": "run", "Value": ["make"], "StartLine": 2, "EndLine": 2},
        {"Cmd": "run", "Value": ["make"], "StartLine": 5, "EndLine": 5},
        {"Cmd": "expose", "Value": ["22"], "StartLine": 7, "EndLine": 7},
    ]
    assert instruction_lines(twice, "make without target", "x") is None
    assert instruction_lines(twice, "port 22 open", "x") is None


def test_instruction_embedded_in_the_result_wins():
    instructions = [{"Cmd": "user", "Value": ["root"], "StartLine": 9, "EndLine": 9}]
    result = {"msg": "m", "instruction": {"Cmd": "user", "StartLine": 9, "EndLine": 9}}
    assert instruction_lines(instructions, "unrelated", result) == (9, 9)
