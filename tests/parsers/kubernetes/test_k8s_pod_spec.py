"""Every pod-bearing kind exposes one normalized pod spec (``attrs.__pod_spec``)."""

from __future__ import annotations

import pytest


def test_cronjob_pod_spec_tags_every_container_with_source_and_path(parse):
    result = parse("cronjob_all_containers.yaml")
    assert result.errors == []
    [node] = result.payload
    assert node.id == "k8s:batch/CronJob/ops/backup"
    pod_spec = node.attrs["__pod_spec"]
    base = "spec.jobTemplate.spec.template.spec"
    assert pod_spec["__path"] == base
    assert pod_spec["__pod_labels"] == {"job": "backup"}
    assert pod_spec["restartPolicy"] == "OnFailure"
    assert [(c["name"], c["__source"], c["__path"]) for c in pod_spec["__containers"]] == [
        ("dump", "containers", f"{base}.containers[0]"),
        ("upload", "containers", f"{base}.containers[1]"),
        ("prepare", "initContainers", f"{base}.initContainers[0]"),
        ("debugger", "ephemeralContainers", f"{base}.ephemeralContainers[0]"),
    ]
    # a finding on a container attribute finds its line through the container's __path
    dump = pod_spec["__containers"][0]
    assert node.attr_lines[dump["__path"] + ".securityContext.privileged"] == 23
    assert node.attr_lines[pod_spec["__containers"][3]["__path"]] == 27
    assert node.attr_lines[pod_spec["__containers"][2]["__path"] + ".image"] == 18
    # attr_lines only hold the object's own paths, never the normalized copy's
    assert not any(path.startswith("__") for path in node.attr_lines)
    # the original object is untouched by the normalization
    assert "__source" not in node.attrs["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize(
    ("node_id", "spec_path", "labels", "image_line"),
    [
        ("k8s:core/Pod/default/solo", "spec", {"role": "solo"}, 9),
        ("k8s:apps/Deployment/default/web", "spec.template.spec", {"role": "web"}, 22),
        ("k8s:apps/StatefulSet/default/db", "spec.template.spec", {"role": "db"}, 35),
        ("k8s:apps/DaemonSet/default/agent", "spec.template.spec", {"role": "agent"}, 48),
        ("k8s:apps/ReplicaSet/default/web-5d8f", "spec.template.spec", {"role": "web"}, 61),
        ("k8s:core/ReplicationController/default/legacy", "spec.template.spec", {"role": "legacy"}, 74),
        ("k8s:batch/Job/default/migrate", "spec.template.spec", {"role": "migrate"}, 87),
        ("k8s:core/PodTemplate/default/template", "template.spec", {"role": "template"}, 99),
    ],
)
def test_each_pod_bearing_kind_exposes_the_pod_spec(parse, node_id, spec_path, labels, image_line):
    nodes = {node.id: node for node in parse("workload_kinds.yaml").payload}
    node = nodes[node_id]
    pod_spec = node.attrs["__pod_spec"]
    assert pod_spec["__path"] == spec_path
    assert pod_spec["__pod_labels"] == labels
    [container] = pod_spec["__containers"]
    assert (container["name"], container["__source"], container["__path"]) == (
        "main",
        "containers",
        f"{spec_path}.containers[0]",
    )
    assert node.attr_lines[f"{spec_path}.containers[0].image"] == image_line


def test_workload_without_template_has_an_empty_pod_spec(parse):
    nodes = {node.id: node for node in parse("workload_kinds.yaml").payload}
    assert nodes["k8s:apps/Deployment/default/no-template"].attrs["__pod_spec"] == {
        "__path": "spec.template.spec",
        "__pod_labels": {},
        "__containers": [],
    }


def test_same_kind_name_in_another_api_group_is_not_a_workload(parse):
    text = "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata: {name: train}\nspec:\n  tasks: []\n"
    [node] = parse("volcano.yaml", text).payload
    assert node.id == "k8s:batch.volcano.sh/Job/default/train"
    assert "__pod_spec" not in node.attrs
