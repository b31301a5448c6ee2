"""Plain values and attribute paths: key quoting, tags that must not run, line endings."""

from __future__ import annotations

from scanner.parsers.kubernetes.plain_values import join_key


def test_attribute_path_quoting():
    assert join_key("", "metadata") == "metadata"
    assert join_key("metadata", "name") == "metadata.name"
    assert join_key("spec", "run_as-user2") == "spec.run_as-user2"
    assert join_key("metadata.annotations", "kubernetes.io/ingress.class") == (
        'metadata.annotations["kubernetes.io/ingress.class"]'
    )
    assert join_key("data", "app.properties") == 'data["app.properties"]'
    assert join_key("data", 'say "hi"') == 'data["say \\"hi\\""]'
    assert join_key("data", "") == 'data[""]'
    assert join_key("", "x.y") == '["x.y"]'
    assert join_key("labels", "8080") == 'labels["8080"]'
    assert join_key("data", "ünïcode") == 'data["ünïcode"]'


def test_python_tags_are_plain_data_and_never_run(parse, tmp_path):
    marker = tmp_path / "ran"
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: tags}\n"
        f"data:\n  run: !!python/object/apply:os.system ['touch {marker}']\n"
        "  obj: !!python/name:os.system ''\n"
    )
    result = parse("tags.yaml", text)
    assert result.errors == []
    [node] = result.payload
    assert node.attrs["data"] == {"run": [f"touch {marker}"], "obj": ""}
    assert not marker.exists()


def test_crlf_line_endings_keep_lines(parse):
    text = "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: b\r\n"
    [node] = parse("crlf.yaml", text).payload
    assert (node.id, node.start_line, node.end_line) == ("k8s:core/ConfigMap/default/crlf", 1, 6)
    assert node.attr_lines["data.a"] == 6


def test_byte_order_mark_is_accepted(parse):
    [node] = parse("bom.yaml", "\ufeffapiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n").payload
    assert (node.id, node.start_line) == ("k8s:core/ConfigMap/default/bom", 1)
