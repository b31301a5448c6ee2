"""Bad input: every problem is one InputError with its line and a one-sentence message."""

from __future__ import annotations

import tracemalloc

from scanner.model import FileStatus, InputError


def _errors(result):
    return [(error.line, error.message) for error in result.errors]


def test_yaml_syntax_error_gives_exact_message_and_line(parse):
    result = parse("syntax_error.yaml")
    assert result.status is FileStatus.ERRORED
    assert result.errors == [
        InputError(
            "syntax_error.yaml", 5, "kubernetes", "could not parse YAML: mapping values are not allowed in this context"
        )
    ]
    assert result.documents == []


def test_syntax_error_in_a_later_document_keeps_the_earlier_ones(parse):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n---\nitems: [1, 2\n"
    result = parse("late_error.yaml", text)
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [(6, "could not parse YAML: did not find expected ',' or ']'")]
    assert [node.id for node in result.payload] == ["k8s:core/ConfigMap/default/kept"]


def test_broken_yaml_that_is_not_kubernetes_is_still_an_error(parse):
    result = parse("workflow.yaml", "name: ci\non: [push\n")
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [(3, "could not parse YAML: did not find expected ',' or ']'")]


def test_broken_json_gives_json_message_and_line(parse):
    result = parse("broken.json")
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [(4, "could not parse JSON: Expecting property name enclosed in double quotes")]


def test_malformed_document_beside_valid_one(parse):
    result = parse("malformed_beside_valid.yaml")
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [
        (10, "metadata must be a mapping, found a list"),
        (14, "kind must be a string, found a mapping"),
    ]
    assert [node.id for node in result.payload] == ["k8s:core/ConfigMap/default/good"]
    assert len(result.documents) == 3  # conftest still sees every document


def test_alias_bomb_is_one_error_with_bounded_memory(parse):
    tracemalloc.start()
    try:
        result = parse("alias_bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [(10, "YAML aliases expand to more than 100000 nodes (possible alias bomb)")]
    assert result.payload is None and result.documents == []
    assert peak < 5_000_000  # 9**9 strings would need gigabytes


def test_alias_bomb_in_yaml_that_is_not_kubernetes_is_an_error(parse):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level, name in enumerate("bcdefg"):
        previous = "abcdefg"[level]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    result = parse("bomb.yaml", "\n".join(lines) + "\n")
    assert _errors(result) == [(4, "YAML aliases expand to more than 100000 nodes (possible alias bomb)")]


def test_moderate_alias_use_is_expanded(parse):
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "    - &c {name: a, image: 'nginx:1.25', securityContext: {privileged: true}}\n"
        "    - *c\n"
    )
    [node] = parse("alias.yaml", text).payload
    containers = node.attrs["__pod_spec"]["__containers"]
    assert [container["__path"] for container in containers] == ["spec.containers[0]", "spec.containers[1]"]
    assert containers[1]["securityContext"] == {"privileged": True}
    assert node.attr_lines["spec.containers[1].securityContext.privileged"] == 6


def test_recursive_alias_is_an_error(parse):
    result = parse("recursive.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: &loop\n  self: [*loop]\n")
    assert _errors(result) == [(3, "YAML alias refers to a node that contains it")]  # the anchor's line


def test_binary_content_named_yaml_is_not_text(parse):
    result = parse("binary_named.yaml")
    assert result.status is FileStatus.ERRORED
    assert _errors(result) == [(3, "file is not text because it contains NUL bytes")]


def test_control_characters_are_a_yaml_error(parse):
    result = parse("bell.yaml", "apiVersion: v1\nkind: Pod\nnote: \x07\n")
    assert _errors(result) == [(3, "could not parse YAML: control characters are not allowed")]


def test_duplicate_key_is_reported_and_the_last_value_used(parse):
    result = parse("duplicate.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  name: second\n")
    assert _errors(result) == [(5, "duplicate key 'name' in a mapping, the last value is used")]
    assert [node.id for node in result.payload] == ["k8s:core/ConfigMap/default/second"]


def test_collection_as_mapping_key_is_an_error(parse):
    result = parse("complex_key.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  ? [a, b]\n  : 1\n")
    assert _errors(result) == [(4, "mapping keys must be scalars, found a list")]
    assert result.payload == []


def test_list_items_that_are_not_objects_are_errors(parse):
    text = (
        "apiVersion: v1\nkind: List\nitems:\n"
        "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: ok}\n"
        "  - 3\n"
        "  - {name: orphan}\n"
        "  - apiVersion: v1\n    kind: Secret\n    metadata: {name: [x]}\n"
    )
    result = parse("bad_items.yaml", text)
    assert _errors(result) == [
        (7, "items[1] must be a mapping, found an integer"),
        (8, "items[2] is not a Kubernetes object because it has no apiVersion or kind"),
        (11, "items[3].metadata.name must be a string, found a list"),
    ]
    assert [node.id for node in result.payload] == ["k8s:core/ConfigMap/default/ok"]


def test_list_whose_items_are_not_a_list(parse):
    result = parse("bad_list.yaml", "apiVersion: v1\nkind: List\nitems: {a: 1}\n")
    assert _errors(result) == [(3, "items must be a list, found a mapping")]


def test_identity_fields_of_the_wrong_type(parse):
    cases = {
        "apiVersion: v1\nkind: Secret\nmetadata: {name: ok}\n---\napiVersion: 1\nkind: Pod\n": (
            5,
            "apiVersion must be a string, found an integer",
        ),
        "apiVersion: v1\nkind: ''\n": (2, "kind must not be empty"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: 7\n": (4, "metadata.namespace must be a string, found an integer"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: [a]\n": (4, "metadata.labels must be a mapping, found a list"),
    }
    for text, expected in cases.items():
        assert _errors(parse("identity.yaml", text)) == [expected], text


def test_pod_spec_of_the_wrong_shape(parse):
    cases = {
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: [a]\n": (
            4,
            "spec.template must be a mapping, found a list",
        ),
        "apiVersion: v1\nkind: Pod\nspec:\n  containers: {name: a}\n": (
            4,
            "spec.containers must be a list, found a mapping",
        ),
        "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      initContainers:\n        - busybox\n": (
            7,
            "spec.template.spec.initContainers[0] must be a mapping, found a string",
        ),
    }
    for text, expected in cases.items():
        result = parse("pods.yaml", text)
        assert _errors(result) == [expected], text
        assert result.payload == []


def test_a_mapping_with_only_a_kind_is_not_kubernetes(parse):
    result = parse("kind_only.yaml", "kind: Config\nclusters: []\n")
    assert result.skip_reason == "YAML without Kubernetes objects"


def test_nesting_deeper_than_the_bound_is_an_error(parse):
    deep = "[" * 300 + "]" * 300
    text = f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: deep}}\ndata:\n  x: {deep}\n"
    assert _errors(parse("deep.yaml", text)) == [(5, "YAML nesting is deeper than 256 levels")]
    # with an anchor in the file the bound is checked before anything is expanded
    anchored = text + "other: &a [1]\n"
    assert _errors(parse("deep_anchor.yaml", anchored)) == [(5, "YAML nesting is deeper than 256 levels")]


def test_apiversion_that_is_no_string_alone_is_not_kubernetes(parse):
    result = parse("grafana.yaml", "apiVersion: 1\nkind: dashboards\n")
    assert (result.status, result.skip_reason) == (FileStatus.SKIPPED, "YAML without Kubernetes objects")
