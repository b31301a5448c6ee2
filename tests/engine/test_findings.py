"""Findings: fingerprints that survive moved lines, unique per run, and the report order."""

from __future__ import annotations

from dataclasses import replace

from scanner.findings import SEVERITY_RANK, Finding, RuleError, finalize_findings, fingerprint


def _finding(**changes) -> Finding:
    base = Finding(
        rule_id="TF001",
        severity="HIGH",
        title="S3 bucket ACL grants public access",
        message="bucket is public",
        path="main.tf",
        start_line=3,
        end_line=3,
        resource="tf:aws_s3_bucket.logs",
        attribute="acl",
        fingerprint=fingerprint("TF001", "tf:aws_s3_bucket.logs", "acl"),
    )
    return replace(base, **changes)


def test_fingerprint_ignores_lines_and_is_16_hex_digits():
    moved = _finding(start_line=40, end_line=40)
    assert _finding().fingerprint == moved.fingerprint
    assert len(_finding().fingerprint) == 16 and int(_finding().fingerprint, 16) >= 0


def test_fingerprint_depends_on_rule_resource_and_attribute():
    prints = {
        fingerprint("TF001", "tf:aws_s3_bucket.logs", "acl"),
        fingerprint("TF002", "tf:aws_s3_bucket.logs", "acl"),
        fingerprint("TF001", "tf:aws_s3_bucket.other", "acl"),
        fingerprint("TF001", "tf:aws_s3_bucket.logs", None),
        fingerprint("main.deny", None, None, "a.yaml", "msg"),
        fingerprint("main.deny", None, None, "b.yaml", "msg"),
    }
    assert len(prints) == 6


def test_finalize_drops_duplicates_and_sorts():
    later = _finding(path="z.tf", resource="tf:aws_s3_bucket.z", fingerprint=fingerprint("TF001", "tf:aws_s3_bucket.z", "acl"))
    first = _finding()
    assert finalize_findings([later, first, first]) == [first, later]


def test_colliding_fingerprints_are_made_unique_and_stay_stable_when_lines_move():
    one = _finding(message="grant to AllUsers", start_line=5)
    two = _finding(message="grant to AuthenticatedUsers", start_line=9)
    final = finalize_findings([one, two])
    assert len({f.fingerprint for f in final}) == 2
    moved = finalize_findings([replace(one, start_line=50), replace(two, start_line=90)])
    assert [f.fingerprint for f in final] == [f.fingerprint for f in moved]


def test_same_message_twice_in_one_file_still_gets_two_fingerprints():
    conftest = dict(resource=None, attribute=None, rule_id="main.deny", fingerprint=fingerprint("main.deny", None, None, "a.yaml", "latest"))
    final = finalize_findings([_finding(start_line=1, message="latest", **conftest), _finding(start_line=20, message="latest", **conftest)])
    assert len({f.fingerprint for f in final}) == 2


def test_report_order_is_path_line_rule_resource_message():
    findings = [
        _finding(path="b.tf", start_line=1),
        _finding(path="a.tf", start_line=7, rule_id="TF002"),
        _finding(path="a.tf", start_line=7, rule_id="TF001", message="b"),
        _finding(path="a.tf", start_line=7, rule_id="TF001", message="a"),
    ]
    assert [(f.path, f.rule_id, f.message) for f in sorted(findings, key=Finding.sort_key)] == [
        ("a.tf", "TF001", "a"),
        ("a.tf", "TF001", "b"),
        ("a.tf", "TF002", "bucket is public"),
        ("b.tf", "TF001", "bucket is public"),
    ]


def test_json_shapes():
    assert _finding().to_json() == {
        "rule_id": "TF001",
        "severity": "HIGH",
        "title": "S3 bucket ACL grants public access",
        "message": "bucket is public",
        "path": "main.tf",
        "start_line": 3,
        "end_line": 3,
        "resource": "tf:aws_s3_bucket.logs",
        "attribute": "acl",
        "fingerprint": fingerprint("TF001", "tf:aws_s3_bucket.logs", "acl"),
        "level": "deny",
        "source": "builtin",
    }
    assert RuleError("TF001", "p.rego", 3, "boom").to_json() == {
        "path": "p.rego",
        "line": 3,
        "format": "policy",
        "rule_id": "TF001",
        "message": "boom",
    }


def test_severity_rank_orders_from_critical_to_info():
    assert sorted(SEVERITY_RANK, key=SEVERITY_RANK.get, reverse=True) == ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]
