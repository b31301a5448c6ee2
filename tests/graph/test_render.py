"""Rendering the graph: the streamed JSON equals the contract's document; the text tree is readable."""

from __future__ import annotations

import json

from scanner.graph.render import render_json, render_text
from scanner.model import Edge, Graph, InputError, Node, Stats, unknown_value


def sample_graph() -> Graph:
    bucket = Node(
        "tf:aws_s3_bucket.logs[0]", "terraform", "aws_s3_bucket", "aws_s3_bucket.logs[0]", "main.tf", 3, 9,
        attrs={"bucket": unknown_value("data.aws_caller_identity.me.account_id"), "acl": "private"},
        attr_lines={"acl": 5, "bucket": 4}, unknown=["bucket"],
    )
    variable = Node("tf:var.env", "terraform", "terraform.variable", "var.env", "variables.tf", 1, 3)
    return Graph(
        nodes=[bucket, variable],
        edges=[Edge("tf:aws_s3_bucket.logs[0]", "tf:var.env", "references")],
        errors=[InputError("k8s/web.yaml", 14, "kubernetes", "expected a mapping, found a list")],
        stats=Stats(parsed=2, skipped={"not an infrastructure file": 1}, errored=1, by_format={"terraform": 2}),
    )


def test_streamed_json_is_the_contract_document() -> None:
    graph = sample_graph()
    text = "".join(render_json(graph))
    assert text.endswith("}\n")
    assert json.loads(text) == graph.to_json()
    assert list(json.loads(text)) == ["version", "nodes", "edges", "errors", "stats"]


def test_empty_graph_renders_valid_json() -> None:
    assert json.loads("".join(render_json(Graph()))) == Graph().to_json()


def test_text_tree_escapes_markup_and_lists_edges_errors_and_summary() -> None:
    text = render_text(sample_graph())
    assert "tf:aws_s3_bucket.logs[0]  aws_s3_bucket  lines 3-9  unknown: bucket" in text
    assert "references -> tf:var.env" in text
    assert "error: k8s/web.yaml:14: [kubernetes] expected a mapping, found a list" in text
    assert text.rstrip().endswith("2 nodes, 1 edges; files: 2 parsed, 1 skipped, 1 errored")
