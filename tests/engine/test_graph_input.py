"""The native input document: the graph plus its indexes."""

from __future__ import annotations

import json

from scanner.engine.graph_input import graph_input, graph_input_json
from scanner.model import Edge


def test_indexes_group_nodes_and_edges(make_node, make_graph):
    bucket = make_node("tf:aws_s3_bucket.logs", "aws_s3_bucket")
    policy = make_node("tf:aws_s3_bucket_policy.logs", "aws_s3_bucket_policy")
    pod = make_node("k8s:core/Pod/default/web", "Pod", format="kubernetes", path="pod.yaml")
    edge = Edge(policy.id, bucket.id, "references")
    document = graph_input(make_graph([bucket, policy, pod], [edge]))
    assert document["version"] == 1
    assert [node["id"] for node in document["nodes"]] == [pod.id, bucket.id, policy.id]
    expected_bucket = bucket.to_json()
    del expected_bucket["attr_lines"]
    assert document["by_id"][bucket.id] == expected_bucket
    assert {kind: [n["id"] for n in nodes] for kind, nodes in document["by_kind"].items()} == {
        "Pod": [pod.id],
        "aws_s3_bucket": [bucket.id],
        "aws_s3_bucket_policy": [policy.id],
    }
    assert {fmt: [n["id"] for n in nodes] for fmt, nodes in document["by_format"].items()} == {
        "kubernetes": [pod.id],
        "terraform": [bucket.id, policy.id],
    }
    assert document["edges"] == [edge.to_json()]
    assert document["edges_from"] == {policy.id: [edge.to_json()]}
    assert document["edges_to"] == {bucket.id: [edge.to_json()]}


def test_json_text_is_compact_and_equals_the_plain_document(make_node, make_graph):
    bucket = make_node("tf:aws_s3_bucket.logs", "aws_s3_bucket", attrs={"name": "café", "tags": {"a": [1, None]}})
    policy = make_node("tf:aws_s3_bucket_policy.logs", "aws_s3_bucket_policy")
    pod = make_node("k8s:core/Pod/default/web", "Pod", format="kubernetes", path="pod.yaml")
    graph = make_graph([bucket, policy, pod], [Edge(policy.id, bucket.id, "references"), Edge(pod.id, bucket.id, "odd \"relation\"")])
    text = graph_input_json(graph)
    assert ", " not in text and "café" in text
    assert json.loads(text) == graph_input(graph)


def test_empty_graph_gives_empty_indexes():
    from scanner.model import Graph

    assert json.loads(graph_input_json(Graph())) == {
        "version": 1,
        "nodes": [],
        "edges": [],
        "by_id": {},
        "by_kind": {},
        "by_format": {},
        "edges_from": {},
        "edges_to": {},
    }
