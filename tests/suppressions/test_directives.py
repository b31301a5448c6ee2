"""Parsing directive text: bastion's form (with its exact problem messages) and other tools' forms."""

from __future__ import annotations

from datetime import date

import pytest

from scanner.suppressions.directives import (
    ANCHORED,
    ENCLOSING,
    FILE,
    FILE_TOP,
    INSTRUCTION,
    NEXT_LINE,
    Directive,
    parse_bastion_arguments,
    parse_comment,
)


def only(text: str) -> Directive:
    directives = parse_comment(text)
    assert len(directives) == 1, directives
    return directives[0]


def test_full_bastion_directive() -> None:
    directive = only('bastion:ignore=TF001, tf002 reason="legacy \\"public\\" bucket" expires=2030-01-31')
    assert directive == Directive("bastion", "bastion:ignore=TF001,tf002", ("TF001", "tf002"), ANCHORED, 'legacy "public" bucket', date(2030, 1, 31))


def test_reason_may_be_single_quoted_or_one_bare_word() -> None:
    assert only("bastion:ignore=K8S0* reason='namespace is sandboxed'").reason == "namespace is sandboxed"
    assert only("NOTE bastion:ignore=K8S001 reason=approved").reason == "approved"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("bastion:ignore=TF001", 'bastion:ignore without a reason does not suppress; add reason="..."'),
        ('bastion:ignore=TF001 reason=""', 'bastion:ignore without a reason does not suppress; add reason="..."'),
        ("bastion:ignore=TF001 expires=2030-01-01", 'bastion:ignore without a reason does not suppress; add reason="..."'),
        ('bastion:ignore TF001 reason="x"', 'bastion:ignore must be followed by "=" and rule IDs, e.g. bastion:ignore=TF001 reason="..."'),
        ('bastion:ignore= reason="x"', 'bastion:ignore names no rule ID; write bastion:ignore=ID[,ID...] reason="..."'),
        ('bastion:ignore=TF001 reason="x" expires=2030-1-1', "expires=2030-1-1 is not a date in YYYY-MM-DD form, so the bastion:ignore does not suppress"),
        ('bastion:ignore=TF001 reason="x" expires=2030-02-30', "expires=2030-02-30 is not a date in YYYY-MM-DD form, so the bastion:ignore does not suppress"),
        ('bastion:ignore=TF001 reson="x"', "bastion:ignore has an unknown option 'reson'; only reason=\"...\" and expires=YYYY-MM-DD are allowed, so it does not suppress"),
        ('bastion:ignore=TF001 reason="x" see JIRA-1', "bastion:ignore has unexpected text 'see'; only reason=\"...\" and expires=YYYY-MM-DD are allowed, so it does not suppress"),
        ('bastion:ignore=TF001 reason="never closed', "bastion:ignore has a reason whose quote is never closed, so it does not suppress"),
        ('bastion:ignore=TF001 reason="a" reason="b"', "bastion:ignore gives reason twice, so it does not suppress"),
    ],
)
def test_bastion_directive_problems(text: str, problem: str) -> None:
    assert only(text).problem == problem


def test_several_bastion_directives_in_one_comment() -> None:
    directives = parse_comment('bastion:ignore=A reason="a" bastion:ignore=B reason=b')
    assert [(d.patterns, d.reason, d.problem) for d in directives] == [(("A",), "a", None), (("B",), "b", None)]


def test_words_that_merely_contain_the_prefix_are_not_directives() -> None:
    assert parse_comment("mybastion:ignore=TF001 reason=x") == []
    assert parse_comment("see docs/bastion:ignore-syntax") == []


def test_annotation_arguments() -> None:
    assert parse_bastion_arguments('K8S001,K8S002 reason="agent"', "bastion.io/ignore") == (("K8S001", "K8S002"), "agent", None, None)
    assert parse_bastion_arguments("K8S001", "bastion.io/ignore")[3] == 'bastion.io/ignore without a reason does not suppress; add reason="..."'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("checkov:skip=CKV_AWS_20:public website", Directive("checkov", "checkov:skip=CKV_AWS_20", ("CKV_AWS_20",), ENCLOSING, "public website")),
        ("checkov:skip=CKV_AWS_20", Directive("checkov", "checkov:skip=CKV_AWS_20", ("CKV_AWS_20",), ENCLOSING)),
        ("bridgecrew:skip=CKV_AWS_20,CKV_AWS_57: both", Directive("checkov", "checkov:skip=CKV_AWS_20,CKV_AWS_57", ("CKV_AWS_20", "CKV_AWS_57"), ENCLOSING, "both")),
        ("tfsec:ignore:aws-s3-block-public-acls", Directive("tfsec", "tfsec:ignore:aws-s3-block-public-acls", ("aws-s3-block-public-acls",), ANCHORED)),
        ("trivy:ignore:AVD-AWS-0086:exp:2025-03-10", Directive("trivy", "trivy:ignore:AVD-AWS-0086", ("AVD-AWS-0086",), ANCHORED, None, date(2025, 3, 10))),
        ("trivy:ignore:*", Directive("trivy", "trivy:ignore:*", ("*",), ANCHORED)),
        ("trivy:ignore:AVD-AWS-0086:ws:default", Directive("trivy", "trivy:ignore:AVD-AWS-0086", ("AVD-AWS-0086",), ANCHORED)),
        ("kics-scan ignore-line", Directive("kics", "kics-scan ignore-line", ("*",), NEXT_LINE)),
        ("kics-scan ignore-block", Directive("kics", "kics-scan ignore-block", ("*",), ANCHORED)),
        ("kics-scan ignore", Directive("kics", "kics-scan ignore", ("*",), FILE_TOP)),
        ("kics-scan disable=abc-1, def-2", Directive("kics", "kics-scan disable=abc-1,def-2", ("abc-1", "def-2"), FILE_TOP)),
        ("hadolint ignore=DL3008, DL3015", Directive("hadolint", "hadolint ignore=DL3008,DL3015", ("DL3008", "DL3015"), INSTRUCTION)),
        ("hadolint global ignore=DL3003", Directive("hadolint", "hadolint global ignore=DL3003", ("DL3003",), FILE)),
    ],
)
def test_other_tools_directives(text: str, expected: Directive) -> None:
    assert only(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("trivy:ignore:AVD-AWS-0086:exp:2025-13-01", "trivy:ignore:AVD-AWS-0086:exp:2025-13-01 is not a date in YYYY-MM-DD form, so it does not suppress"),
        ("trivy:ignore:AVD-AWS-0086:ws:prod", "trivy:ignore:AVD-AWS-0086:ws:prod applies only in Terraform workspace 'prod', and bastion scans the default workspace, so it does not suppress"),
        ("trivy:ignore:AVD-AWS-0086[bucket=logs]", "trivy:ignore:AVD-AWS-0086[bucket=logs] depends on attribute values that bastion does not check, so it does not suppress"),
        ("kics-scan enable=abc", "kics-scan enable= is not supported by bastion (use --select to choose rules), so it has no effect"),
    ],
)
def test_other_tools_directives_that_do_not_suppress(text: str, problem: str) -> None:
    assert only(text).problem == problem


def test_several_foreign_directives_in_one_comment() -> None:
    directives = parse_comment("tfsec:ignore:aws-s3-enable-versioning tfsec:ignore:aws-s3-enable-bucket-logging")
    assert [d.patterns for d in directives] == [("aws-s3-enable-versioning",), ("aws-s3-enable-bucket-logging",)]


def test_foreign_directives_are_skipped_when_turned_off() -> None:
    assert parse_comment("checkov:skip=CKV_AWS_20:x trivy:ignore:* hadolint ignore=DL3008 kics-scan ignore-line", foreign=False) == []
    assert [d.source for d in parse_comment('bastion:ignore=TF001 reason="x"', foreign=False)] == ["bastion"]
