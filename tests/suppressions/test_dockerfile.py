"""Inline suppressions in Dockerfiles: bastion comments, hadolint and Checkov comments.

Rules used: DKR001 (unpinned base image, on the FROM line; aliases CKV_DOCKER_7, DL3006),
DKR002 (final stage runs as root, from its FROM line; aliases CKV_DOCKER_3, DL3002) and DKR008
(install without assume-yes, on the RUN line; alias DL3014).
"""

from __future__ import annotations

from suppression_helpers import ScanFixture, kept, problems, suppressed, unused

DKR = ("DKR001", "DKR002", "DKR008")


def test_above_from_covers_the_stage_hadolint_covers_the_instruction_and_end_of_line(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("dockerfile/stages.Dockerfile", select=DKR, report_unused_suppressions=True)
    path = "stages.Dockerfile"
    assert suppressed(result) == [
        (path, "DKR001", 2, "bastion", 1, "DKR001"),
        (path, "DKR008", 7, "hadolint", 6, "DL3014"),
        (path, "DKR008", 8, "bastion", 8, "DKR008"),
    ]
    # the first directive names DKR001 and DKR002 only, so the stage's DKR008 stays; DKR002 only
    # fires on the final stage, so that part of the directive is unused
    assert kept(result) == [(path, "DKR008", 3), (path, "DKR001", 5), (path, "DKR002", 5), (path, "DKR008", 9)]
    assert problems(result) == []
    assert unused(result) == [(path, 1, "bastion", "DKR002")]


def test_hadolint_global_ignore_and_checkov_skip_cover_the_whole_file(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("dockerfile/file_wide.Dockerfile", select=DKR)
    path = "file_wide.Dockerfile"
    assert suppressed(result) == [
        (path, "DKR001", 2, "hadolint", 1, "DL3006"),
        (path, "DKR001", 5, "hadolint", 1, "DL3006"),
        (path, "DKR002", 5, "checkov", 6, "CKV_DOCKER_3"),
    ]
    assert kept(result) == [(path, "DKR008", 3), (path, "DKR008", 7)]


def test_no_foreign_suppressions_in_a_dockerfile(scan_fixture: ScanFixture) -> None:
    result = scan_fixture("dockerfile/stages.Dockerfile", select=DKR, foreign_suppressions=False)
    assert suppressed(result) == [
        ("stages.Dockerfile", "DKR001", 2, "bastion", 1, "DKR001"),
        ("stages.Dockerfile", "DKR008", 8, "bastion", 8, "DKR008"),
    ]
    assert ("stages.Dockerfile", "DKR008", 7) in kept(result)
