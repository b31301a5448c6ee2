"""Loading manifests: documents, List items, CRDs, JSON, skipped files and Helm templates."""

from __future__ import annotations

from scanner.model import FileStatus


def _by_id(result):
    return {node.id: node for node in result.payload}


def test_multi_document_file_gives_one_node_per_object_with_lines(parse):
    result = parse("multi_document.yaml")
    assert result.status is FileStatus.PARSED
    assert result.errors == []
    nodes = _by_id(result)
    assert sorted(nodes) == ["k8s:apps/Deployment/shop/api", "k8s:core/Service/shop/api"]
    deployment = nodes["k8s:apps/Deployment/shop/api"]
    assert (deployment.kind, deployment.name, deployment.path) == ("Deployment", "api", "multi_document.yaml")
    assert (deployment.start_line, deployment.end_line) == (2, 22)
    assert deployment.attr_lines["metadata.name"] == 5
    assert deployment.attr_lines['metadata.labels["app.kubernetes.io/name"]'] == 8
    assert deployment.attr_lines["spec.template.spec.containers[0]"] == 19
    assert deployment.attr_lines["spec.template.spec.containers[0].image"] == 20
    assert deployment.attr_lines["spec.template.spec.containers[0].ports[0].containerPort"] == 22
    assert deployment.attrs["spec"]["replicas"] == 2
    assert deployment.attrs["__namespace"] == "shop"
    assert deployment.unknown == []
    service = nodes["k8s:core/Service/shop/api"]
    assert (service.start_line, service.end_line) == (25, 35)
    assert service.attr_lines["spec.ports[0].targetPort"] == 35
    assert "__pod_spec" not in service.attrs


def test_documents_are_conftest_inputs_one_per_non_empty_document(parse):
    result = parse("multi_document.yaml")
    assert [(document.line, document.format, document.content["kind"]) for document in result.documents] == [
        (2, "kubernetes", "Deployment"),
        (25, "kubernetes", "Service"),
    ]
    content = result.documents[0].content
    assert "__namespace" not in content and "__pod_spec" not in content
    assert content["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com/shop/api:1.4.2"


def test_list_items_become_nodes_with_their_own_lines(parse):
    result = parse("list_kind.yaml")
    assert result.errors == []
    nodes = _by_id(result)
    assert sorted(nodes) == ["k8s:apps/StatefulSet/data/db", "k8s:core/ConfigMap/default/settings"]
    config_map = nodes["k8s:core/ConfigMap/default/settings"]
    assert (config_map.start_line, config_map.end_line) == (4, 9)
    assert config_map.attr_lines == {
        "apiVersion": 4,
        "kind": 5,
        "metadata": 6,
        "metadata.name": 7,
        "data": 8,
        "data.mode": 9,
    }
    stateful_set = nodes["k8s:apps/StatefulSet/data/db"]
    assert (stateful_set.start_line, stateful_set.end_line) == (10, 22)
    assert stateful_set.attr_lines["spec.template.spec.containers[0].image"] == 22
    assert stateful_set.attrs["__pod_spec"]["__containers"][0]["__path"] == "spec.template.spec.containers[0]"
    # the List stays one conftest document
    assert len(result.documents) == 1
    assert result.documents[0].content["kind"] == "List"


def test_typed_list_items_get_kind_and_api_version_from_the_list(parse):
    text = "apiVersion: v1\nkind: PodList\nitems:\n  - metadata: {name: p}\n    spec: {containers: [{name: c, image: i}]}\n"
    result = parse("pod_list.yaml", text)
    assert result.errors == []
    [node] = result.payload
    assert (node.id, node.start_line, node.end_line) == ("k8s:core/Pod/default/p", 4, 5)
    assert node.attrs["__pod_spec"]["__containers"][0]["name"] == "c"


def test_custom_resource_is_a_generic_node(parse):
    result = parse("custom_resource.yaml")
    assert result.status is FileStatus.PARSED
    [node] = result.payload
    assert (node.id, node.kind, node.name) == ("k8s:cert-manager.io/Certificate/shop/shop-tls", "Certificate", "shop-tls")
    assert node.attrs["spec"]["dnsNames"] == ["shop.example.com"]
    assert node.attr_lines["spec.dnsNames[0]"] == 9
    assert "__pod_spec" not in node.attrs


def test_yaml_without_kubernetes_objects_is_skipped_with_reason(parse):
    result = parse("not_kubernetes.yaml")
    assert (result.status, result.skip_reason) == (FileStatus.SKIPPED, "YAML without Kubernetes objects")
    assert result.errors == [] and result.payload is None and result.documents == []


def test_other_tools_config_with_apiversion_and_kind_is_skipped(parse):
    skaffold = "apiVersion: skaffold/v4beta11\nkind: Config\nmetadata:\n  name: shop\n"
    for name, text in {
        "skaffold.yaml": skaffold,
        "tool.yaml": "apiVersion: v2\nkind: Thing\n",
        "bad_version.yaml": "apiVersion: a/b/v1\nkind: Thing\n",
    }.items():
        result = parse(name, text)
        assert (result.status, result.skip_reason) == (FileStatus.SKIPPED, "YAML without Kubernetes objects"), name


def test_other_tools_document_beside_kubernetes_objects_is_a_document_but_no_node(parse):
    text = "apiVersion: skaffold/v4beta11\nkind: Config\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
    result = parse("mixed.yaml", text)
    assert result.errors == []
    assert [node.id for node in result.payload] == ["k8s:core/ConfigMap/default/c"]
    assert [document.content["kind"] for document in result.documents] == ["Config", "ConfigMap"]


def test_json_without_kubernetes_objects_is_skipped_with_reason(parse):
    result = parse("package.json")
    assert (result.status, result.skip_reason) == (FileStatus.SKIPPED, "JSON without Kubernetes objects")


def test_empty_and_comment_only_files_are_skipped(parse):
    assert parse("empty.yaml", "").skip_reason == "YAML without Kubernetes objects"
    assert parse("comments.yaml", "# nothing\n---\n---\n").skip_reason == "YAML without Kubernetes objects"


def test_json_manifest_keeps_json_values_and_gets_lines(parse):
    result = parse("config_map.json")
    assert result.errors == []
    [node] = result.payload
    assert (node.id, node.start_line, node.end_line) == ("k8s:core/ConfigMap/shop/flags", 1, 11)
    assert node.attrs["data"]["ratio"] == 1000.0  # a JSON number, where YAML 1.1 would read a string
    assert node.attr_lines["metadata.namespace"] == 6
    assert node.attr_lines["data.ratio"] == 9
    assert [(document.line, document.content["kind"]) for document in result.documents] == [(1, "ConfigMap")]


def test_helm_templates_in_a_chart_are_skipped(parse):
    for relative in ("chart/templates/deployment.yaml", "chart/templates/tests/test-connection.yaml"):
        result = parse(relative)
        assert (result.status, result.skip_reason, result.errors) == (
            FileStatus.SKIPPED,
            "Helm template, not rendered",
            [],
        )


def test_chart_file_without_template_syntax_is_parsed(parse):
    result = parse("chart/templates/static.yaml")
    assert [node.id for node in result.payload] == ["k8s:core/ServiceAccount/default/web"]


def test_template_syntax_outside_a_chart_is_parsed_as_yaml(parse):
    result = parse("no_chart/templates/service.yaml")
    assert result.status is FileStatus.ERRORED
    assert [(error.line, error.message) for error in result.errors] == [
        (4, "mapping keys must be scalars, found a mapping")
    ]


def test_chart_above_the_scan_root_is_not_consulted(tmp_path):
    from scanner.model import SourceFile
    from scanner.parsers.interface import ParseOptions
    from scanner.parsers.kubernetes import parse_file

    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
    templates = tmp_path / "templates"
    templates.mkdir()
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '{{ .Release.Name }}'\n"
    (templates / "cm.yaml").write_text(text)
    source = SourceFile("cm.yaml", str(templates / "cm.yaml"), "structured", len(text))
    inside = parse_file(source, text, ParseOptions(root=str(tmp_path)))
    outside = parse_file(source, text, ParseOptions(root=str(templates)))
    assert inside.skip_reason == "Helm template, not rendered"
    assert outside.status is FileStatus.PARSED
    assert [node.name for node in outside.payload] == ["{{ .Release.Name }}"]


def test_merge_keys_and_scalar_types_become_plain_values(parse):
    text = (
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  name: typed\n"
        "defaults: &defaults\n"
        "  retries: 3\n"
        "  mode: slow\n"
        "data:\n"
        "  <<: *defaults\n"
        "  mode: fast\n"
        "  enabled: yes\n"
        "  hex: 0x1F\n"
        "  ratio: 0.5\n"
        "  infinite: .inf\n"
        "  created: 2024-01-02\n"
        "  nothing: ~\n"
        "  80: port\n"
        "  true: flag\n"
        "  tagged: !custom value\n"
    )
    [node] = parse("typed.yaml", text).payload
    assert node.attrs["data"] == {
        "retries": 3,
        "mode": "fast",
        "enabled": True,
        "hex": 31,
        "ratio": 0.5,
        "infinite": ".inf",
        "created": "2024-01-02",
        "nothing": None,
        "80": "port",
        "true": "flag",
        "tagged": "value",
    }
    assert node.attr_lines["data.retries"] == 6  # merged keys keep their anchor's line
    assert node.attr_lines["data.mode"] == 10  # the key written in the mapping wins
    assert node.attr_lines['data["80"]'] == 17


def test_block_scalar_ends_on_its_last_text_line(parse):
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: script\ndata:\n  run.sh: |\n    set -e\n    echo hi\n\n\n# trailing comment\n---\n"
    [node] = parse("script.yaml", text).payload
    assert (node.start_line, node.end_line) == (1, 8)
    assert node.attrs["data"]["run.sh"] == "set -e\necho hi\n"
    assert node.attr_lines['data["run.sh"]'] == 6


def test_parse_result_is_picklable(parse):
    import pickle

    result = parse("linked/workloads.yaml")
    clone = pickle.loads(pickle.dumps(result))
    assert [node.id for node in clone.payload] == [node.id for node in result.payload]
    assert clone.payload[0].attrs == result.payload[0].attrs


def test_json_that_libyaml_cannot_read_still_gives_the_object(parse):
    key = "k" * 1100  # YAML limits implicit keys to 1,024 characters, JSON does not
    text = '\n{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "long"},\n "data": {"%s": "v"}}\n\n' % key
    result = parse("long_key.json", text)
    assert result.errors == []
    [node] = result.payload
    assert (node.id, node.start_line, node.end_line) == ("k8s:core/ConfigMap/default/long", 2, 3)
    assert node.attrs["data"] == {key: "v"}
    assert node.attr_lines == {}
