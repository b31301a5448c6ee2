"""Inline suppressions in Terraform files, through a real scan with the built-in rules.

Rules used: TF001 (public ACL, on the ``acl`` line; aliases CKV_AWS_20, AVD-AWS-0092 and a KICS
UUID), TF002 (admin port open, on the ingress block's ``cidr_blocks`` line), TF003 (no public
access block, on the resource line; aliases AVD-AWS-0086 and KICS UUIDs) and TF006 (versioning off).
"""

from __future__ import annotations

from datetime import date

from suppression_helpers import ScanFixture, kept, problems, suppressed, unused

TF = ("TF001", "TF003", "TF006")


def test_bastion_comment_above_a_resource_and_at_the_end_of_a_line(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/above_resource_and_end_of_line.tf", select=TF)
    path = "above_resource_and_end_of_line.tf"
    assert suppressed(result) == [
        (path, "TF001", 5, "bastion", 5, "TF001"),
        (path, "TF003", 3, "bastion", 2, "TF003"),
    ]
    assert kept(result) == [(path, "TF006", 3), (path, "TF003", 8), (path, "TF006", 8), (path, "TF001", 10)]
    assert problems(result) == []
    assert unused(result) is None


def test_hash_slash_and_block_comments_and_a_detached_directive(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/comment_styles.tf", select=("TF003",))
    path = "comment_styles.tf"
    assert suppressed(result) == [
        (path, "TF003", 2, "bastion", 1, "TF003"),
        (path, "TF003", 7, "bastion", 6, "TF003"),
        (path, "TF003", 15, "bastion", 13, "TF003"),
    ]
    assert kept(result) == [(path, "TF003", 21)]
    assert problems(result) == [
        (path, 19, "bastion", "bastion:ignore=TF003 is not directly above a resource, block, document or instruction, so it suppresses nothing"),
    ]


def test_directive_above_a_nested_block_covers_only_that_block(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/nested_block.tf", select=("TF002",))
    assert suppressed(result) == [("nested_block.tf", "TF002", 9, "bastion", 4, "TF002")]
    assert kept(result) == [("nested_block.tf", "TF002", 16)]


def test_directive_text_inside_a_string_is_not_a_comment(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/directive_inside_string.tf", select=("TF001",))
    assert kept(result) == [("directive_inside_string.tf", "TF001", 3)]
    assert result.suppressed == []
    assert problems(result) == []


def test_reason_is_required_expired_and_malformed_dates_do_not_suppress(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/reason_and_expiry.tf", select=("TF003",))
    path = "reason_and_expiry.tf"
    assert suppressed(result) == [(path, "TF003", 12, "bastion", 11, "TF003")]
    assert kept(result) == [(path, "TF003", 2), (path, "TF003", 7), (path, "TF003", 17)]
    assert problems(result) == [
        (path, 1, "bastion", 'bastion:ignore without a reason does not suppress; add reason="..."'),
        (path, 6, "bastion", "bastion:ignore=TF003 expired on 2025-06-30 and no longer suppresses"),
        (path, 16, "bastion", "expires=2025-02-30 is not a date in YYYY-MM-DD form, so the bastion:ignore does not suppress"),
    ]


def test_a_suppression_expires_the_day_after_its_date(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/reason_and_expiry.tf", select=("TF003",), today=date(2025, 7, 2))
    assert result.suppressed == []
    assert ("reason_and_expiry.tf", 11, "bastion", "bastion:ignore=TF003 expired on 2025-07-01 and no longer suppresses") in problems(result)


def test_checkov_skip_comment_suppresses_the_aliased_bastion_rule(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/foreign_comments.tf", select=("TF001",))
    public_acl = [f for f in result.suppressed if f.resource == "tf:aws_s3_bucket.checkov_skip"]
    assert len(public_acl) == 1
    finding = public_acl[0]
    assert (finding.rule_id, finding.start_line) == ("TF001", 4)
    assert finding.metadata["suppression"] == {
        "kind": "inSource",
        "source": "checkov",
        "id": "CKV_AWS_20",
        "reason": "public website",
        "expires": None,
        "path": "foreign_comments.tf",
        "line": 2,
    }
    assert finding.metadata["suppression_justification"] == "public website"


def test_tfsec_trivy_and_kics_comments_through_aliases(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/foreign_comments.tf", select=("TF001", "TF003"))
    path = "foreign_comments.tf"
    assert suppressed(result) == [
        (path, "TF001", 4, "checkov", 2, "CKV_AWS_20"),
        (path, "TF001", 14, "trivy", 14, "AVD-AWS-0092"),
        (path, "TF001", 25, "kics", 22, "*"),
        (path, "TF001", 31, "kics", 30, "*"),
        (path, "TF003", 8, "tfsec", 7, "AVD-AWS-0086"),
        (path, "TF003", 23, "kics", 22, "*"),
    ]
    assert kept(result) == [(path, "TF003", 1), (path, "TF003", 12), (path, "TF003", 18), (path, "TF003", 28)]
    assert problems(result) == [(path, 17, "trivy", "trivy:ignore:AVD-AWS-0086 expired on 2024-12-31 and no longer suppresses")]
    tfsec = next(f for f in result.suppressed if f.metadata["suppression"]["source"] == "tfsec")
    assert tfsec.metadata["suppression_justification"] == "suppressed by a tfsec comment"


def test_no_foreign_suppressions_ignores_other_tools_comments(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/foreign_comments.tf", select=("TF001", "TF003"), foreign_suppressions=False)
    assert result.suppressed == []
    assert len(result.findings) == 10
    assert problems(result) == []


def test_kics_disable_works_only_from_the_top_of_the_file(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/kics_disable.tf", select=("TF001", "TF003"))
    path = "kics_disable.tf"
    assert suppressed(result) == [(path, "TF001", 4, "kics", 1, "38c5ee0d-7f22-4260-ab72-5073048df100")]
    assert kept(result) == [(path, "TF003", 2)]
    assert problems(result) == [
        (path, 6, "kics", "kics-scan disable=1a4bc881-9f69-4d44-8c9a-d37d08f54c50 only applies in the comments at the top of a file, so it suppresses nothing"),
    ]


def test_audit_mode_ignores_every_suppression(scan_fixture: ScanFixture) -> None:
    files = ("terraform/above_resource_and_end_of_line.tf", "terraform/foreign_comments.tf", "terraform/reason_and_expiry.tf")
    result = scan_fixture(*files, select=TF, inline_suppressions=False, report_unused_suppressions=True)
    assert result.suppressed == []
    assert problems(result) == []
    assert unused(result) is None
    assert ("above_resource_and_end_of_line.tf", "TF003", 3) in kept(result)
    assert ("foreign_comments.tf", "TF001", 4) in kept(result)


def test_unused_suppressions_are_listed_also_in_files_without_findings(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/unused.tf", "terraform/clean_with_directive.tf", select=("TF001",), report_unused_suppressions=True)
    assert suppressed(result) == [("unused.tf", "TF001", 4, "bastion", 1, "TF001")]
    assert kept(result) == []
    assert unused(result) == [
        ("clean_with_directive.tf", 1, "bastion", "TF001"),
        ("unused.tf", 1, "bastion", "TF999"),
    ]
    assert [u.message for u in result.unused_suppressions or ()] == [
        "bastion suppression of TF001 matched no finding",
        "bastion suppression of TF999 matched no finding",
    ]


def test_unused_suppressions_are_not_computed_unless_asked(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("terraform/unused.tf", "terraform/clean_with_directive.tf", select=("TF001",))
    assert unused(result) is None
