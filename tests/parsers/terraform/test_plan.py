"""Plan JSON: planned resources of every module, after-apply unknowns, mapping to .tf lines."""

from __future__ import annotations

import pytest
from tf_repo_scan import scan

from scanner.model import unknown_value
from scanner.parsers.terraform.plan import config_address, module_address_of, read_plan, split_address

PLAN = "tfplan:plans/tfplan.plan.json:"


def test_planned_resource_is_mapped_to_its_tf_block() -> None:
    node = scan("plan_mapping").nodes[PLAN + "aws_s3_bucket.logs"]
    after_apply = unknown_value("aws_s3_bucket.logs value known only after apply")
    assert node.to_json() == {
        "id": PLAN + "aws_s3_bucket.logs",
        "format": "terraform",
        "kind": "aws_s3_bucket",
        "name": "aws_s3_bucket.logs",
        "path": "main.tf",
        "start_line": 1,
        "end_line": 7,
        "attrs": {
            "bucket": "logs",
            "acl": "private",
            "tags": {"Env": "prod"},
            "policy": {"Version": "2012-10-17", "Statement": []},
            "arn": after_apply,
            "id": after_apply,
            "versioning": [{"enabled": after_apply}],
            "__address": "aws_s3_bucket.logs",
            "__module": "",
            "__mode": "managed",
            "__provider_name": "registry.terraform.io/hashicorp/aws",
            "__plan": "plans/tfplan.plan.json",
        },
        "attr_lines": {"acl": 3, "bucket": 2, "tags": 4, "tags.Env": 5},
        "unknown": ["arn", "id", "versioning[0].enabled"],
    }


def test_counted_instances_map_to_the_same_block() -> None:
    result = scan("plan_mapping")
    for index in (0, 1):
        node = result.nodes[f"{PLAN}aws_instance.web[{index}]"]
        assert (node.path, node.start_line, node.end_line, node.attr_lines) == ("main.tf", 9, 12, {"ami": 11})
        assert node.attrs["__count_index"] == index


def test_child_module_resources_map_into_the_module_files() -> None:
    result = scan("plan_mapping")
    queue = result.nodes[PLAN + "module.app.aws_sqs_queue.jobs"]
    assert (queue.kind, queue.path, queue.start_line, queue.end_line) == ("aws_sqs_queue", "modules/app/main.tf", 3, 5)
    assert queue.attrs["__module"] == "module.app"
    assert queue.unknown == ["url"]
    region = result.nodes[PLAN + "module.app.data.aws_region.current"]
    assert (region.kind, region.path, region.start_line) == ("data.aws_region", "modules/app/main.tf", 1)
    assert region.attrs["name"] == "eu-west-1"


def test_plan_without_configuration_points_at_the_plan_file() -> None:
    node = scan("plan_mapping").nodes["tfplan:plans/noconfig.plan.json:aws_s3_bucket.logs"]
    assert (node.path, node.start_line, node.end_line, node.attr_lines) == ("plans/noconfig.plan.json", 1, 1, {})
    assert node.attrs["bucket"] == "logs"


def test_configuration_nodes_are_still_built_beside_the_plan() -> None:
    result = scan("plan_mapping")
    assert "tf:aws_s3_bucket.logs" in result.nodes
    assert "tf:module.app.aws_sqs_queue.jobs" in result.nodes
    assert result.errors == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"planned_values": ', (1, "invalid JSON in the plan: Expecting value")),
        ('{\n  "format_version": "1.2",\n  "planned_values": [1,,]\n}', (3, "invalid JSON in the plan: Expecting value")),
        ('{"format_version": "1.2", "planned_values": []}', (1, "the plan has no planned_values object")),
    ],
)
def test_malformed_plans_are_errors(text: str, expected: tuple[int, str]) -> None:
    payload, errors = read_plan("bad.json", text)
    assert payload is None
    line, message = expected
    assert [(error.path, error.line, error.format, error.message) for error in errors] == [
        ("bad.json", line, "terraform", message)
    ]


def test_malformed_resource_entries_are_skipped_with_an_error() -> None:
    text = (
        '{"format_version": "1.2", "planned_values": {"root_module": {"resources": ['
        '{"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a"},'
        '{"address": "broken"}, 7]}}}'
    )
    payload, errors = read_plan("p.json", text)
    assert payload is not None
    assert [resource.address for resource in payload.resources] == ["aws_s3_bucket.a"]
    assert payload.resources[0].values == {}
    assert [error.message for error in errors] == [
        "a planned resource lacks its address, mode, type or name",
        "a planned resource lacks its address, mode, type or name",
    ]


def test_address_helpers() -> None:
    address = 'module.net["a.b"].module.sub[0].aws_subnet.this["x[1]"]'
    assert split_address(address) == ["module", 'net["a.b"]', "module", "sub[0]", "aws_subnet", 'this["x[1]"]']
    assert config_address(address) == "module.net.module.sub.aws_subnet.this"
    assert module_address_of(address) == 'module.net["a.b"].module.sub[0]'
    assert module_address_of("aws_s3_bucket.logs") == ""
