"""Inline suppressions in Kubernetes manifests: YAML comments and annotations on the object.

Rules used: K8S001 (privileged container, on the ``privileged`` line; aliases CKV_K8S_16 and
kube-linter's ``privileged-container``), K8S002 (no NetworkPolicy, on the document's first line),
K8S003 (privilege escalation; Polaris ``privilegeEscalationAllowed``) and K8S024/K8S025 (probes;
kube-score ``pod-probes``).
"""

from __future__ import annotations

from suppression_helpers import ScanFixture, kept, problems, suppressed, unused

K8S = ("K8S001", "K8S002", "K8S003", "K8S024", "K8S025")


def test_comments_above_a_document_above_a_list_item_and_at_the_end_of_a_line(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("kubernetes/comments.yaml", select=("K8S001", "K8S002"), report_unused_suppressions=True)
    path = "comments.yaml"
    assert suppressed(result) == [
        (path, "K8S001", 12, "bastion", 8, "K8S001"),
        (path, "K8S001", 33, "bastion", 33, "K8S001"),
        (path, "K8S002", 2, "bastion", 1, "K8S002"),
    ]
    # the second container's line names another rule; the second document's string and block
    # scalar hold directive text that is not a comment
    assert kept(result) == [(path, "K8S001", 16), (path, "K8S002", 18)]
    assert problems(result) == []
    assert unused(result) == [(path, 16, "bastion", "K8S003")]


def test_bastion_and_other_tools_annotations_suppress_for_their_object(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("kubernetes/annotations.yaml", select=K8S)
    path = "annotations.yaml"
    assert suppressed(result) == [
        (path, "K8S001", 12, "bastion", 6, "K8S001"),
        (path, "K8S001", 25, "kube-linter", 19, "privileged-container"),
        (path, "K8S001", 40, "checkov", 34, "CKV_K8S_16"),
        (path, "K8S002", 1, "bastion", 6, "K8S002"),
        (path, "K8S003", 39, "polaris", 33, "privilegeEscalationAllowed"),
        (path, "K8S024", 37, "kube-score", 32, "pod-probes"),
        (path, "K8S025", 37, "kube-score", 32, "pod-probes"),
    ]
    assert kept(result) == [
        (path, "K8S024", 9), (path, "K8S025", 9), (path, "K8S003", 11),
        (path, "K8S002", 14), (path, "K8S024", 22), (path, "K8S025", 22), (path, "K8S003", 24),
        (path, "K8S002", 27),
        (path, "K8S002", 42), (path, "K8S024", 50), (path, "K8S025", 50), (path, "K8S003", 52), (path, "K8S001", 53),
    ]
    assert problems(result) == [(path, 47, "bastion", 'bastion.io/ignore without a reason does not suppress; add reason="..."')]
    linter = next(f for f in result.suppressed if f.metadata["suppression"]["source"] == "kube-linter")
    assert linter.metadata["suppression"]["reason"] == "CNI plugin"
    assert linter.resource == "k8s:core/Pod/default/kube-linter-annotated"
    polaris = next(f for f in result.suppressed if f.metadata["suppression"]["source"] == "polaris")
    assert polaris.metadata["suppression_justification"] == "suppressed by a polaris annotation"


def test_no_foreign_suppressions_keeps_only_the_bastion_annotation(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("kubernetes/annotations.yaml", select=K8S, foreign_suppressions=False)
    assert suppressed(result) == [
        ("annotations.yaml", "K8S001", 12, "bastion", 6, "K8S001"),
        ("annotations.yaml", "K8S002", 1, "bastion", 6, "K8S002"),
    ]
    assert len(result.findings) == 18


def test_audit_mode_ignores_annotations(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("kubernetes/annotations.yaml", select=K8S, inline_suppressions=False)
    assert result.suppressed == []
    assert problems(result) == []
    assert len(result.findings) == 20
