"""The text report: layout per finding, snippets, errors, summary, and colour only on request."""

from __future__ import annotations

from collections.abc import Callable

from scanner.findings import Finding, RuleError
from scanner.reporters import ReportOptions, render_report
from scanner.scan import ScanResult

FindingFactory = Callable[..., Finding]


def text(result: ScanResult, color: bool = False) -> str:
    return render_report("text", result, ReportOptions(color=color))


def test_finding_block_shows_label_message_location_and_snippet(sample_result: ScanResult) -> None:
    lines = text(sample_result).splitlines()
    start = lines.index("terraform/main.tf")
    assert lines[start : start + 7] == [
        "terraform/main.tf",
        "  CRITICAL TF001 S3 bucket ACL allows public access",
        "    bucket 'logs' has ACL 'public-read'",
        "    at terraform/main.tf:12 (tf:aws_s3_bucket.logs, attribute acl)",
        '      11 | resource "aws_s3_bucket" "logs" {',
        '    > 12 |   acl    = "public-read"',
        '      13 |   bucket = "shop-logs"',
    ]


def test_snippet_on_the_first_line_has_no_line_before(sample_result: ScanResult) -> None:
    lines = text(sample_result).splitlines()
    start = lines.index("services/api/Dockerfile")
    assert lines[start + 4 : start + 6] == ["    > 1 | FROM node", "      2 | RUN npm ci"]


def test_finding_without_snippet_or_resource_shows_only_its_location(sample_result: ScanResult) -> None:
    lines = text(sample_result).splitlines()
    start = lines.index("charts/shop/values.yaml")
    assert lines[start : start + 5] == [
        "charts/shop/values.yaml",
        "  INFO     main.warn_owner main.warn_owner",
        "    chart values should name an owner",
        "    at charts/shop/values.yaml:3",
        "",
    ]


def test_findings_are_grouped_by_file_in_path_order(sample_result: ScanResult) -> None:
    headings = [line for line in text(sample_result).splitlines() if line and not line.startswith((" ", "error"))]
    assert headings[:4] == ["charts/shop/values.yaml", "k8s/web.yaml", "services/api/Dockerfile", "terraform/main.tf"]


def test_errors_one_line_each(sample_result: ScanResult) -> None:
    sample_result.rule_errors.append(RuleError(None, "policies/broken.rego", None, "policy file is not valid UTF-8"))
    errors = [line for line in text(sample_result).splitlines() if line.startswith("error")]
    assert errors == [
        "error: k8s/broken.yaml:14: [kubernetes] expected a mapping, found a list",
        "error: policies/broken.rego: [policy] policy file is not valid UTF-8",
        "error: policies/public.rego:7: [policy] main.deny_public: while evaluating k8s/web.yaml: undefined function net.cidr_merge",
    ]


def test_summary_by_severity_and_file_counts(sample_result: ScanResult) -> None:
    assert text(sample_result).splitlines()[-2:] == [
        "5 findings: 1 critical, 1 high, 1 medium, 1 low, 1 info (1 suppressed)",
        "Files: 7 (4 parsed, 2 skipped, 1 errored); 9 nodes; 6 rules evaluated; 2 errors.",
    ]


def test_summary_without_findings() -> None:
    assert text(ScanResult()) == "No findings.\nFiles: 0 (0 parsed, 0 skipped, 0 errored); 0 nodes; 0 rules evaluated.\n"


def test_summary_of_one_finding_is_singular(make_finding: FindingFactory) -> None:
    result = ScanResult(findings=[make_finding("K8S001", "HIGH", "Privileged container", "container 'app' runs privileged", "web.yaml", 9, "k8s:Pod/default/web", None)])
    assert "1 finding: 1 high" in text(result).splitlines()


def test_plain_text_has_no_escape_codes(sample_result: ScanResult) -> None:
    assert "\x1b" not in text(sample_result)


def test_colour_marks_each_severity(sample_result: ScanResult) -> None:
    coloured = text(sample_result, color=True)
    assert "\x1b[1;31mCRITICAL\x1b[0m" in coloured
    assert "\x1b[31mHIGH    \x1b[0m" in coloured
    assert "\x1b[33mMEDIUM  \x1b[0m" in coloured
    assert "\x1b[34mLOW     \x1b[0m" in coloured
    assert "\x1b[2mINFO    \x1b[0m" in coloured


def test_markup_in_messages_is_printed_literally(make_finding: FindingFactory) -> None:
    result = ScanResult(findings=[make_finding("X1", "LOW", "[bold]title[/bold]", "value [red]x[/red]", "a.tf", 1, None, None)])
    lines = text(result, color=True).splitlines()
    assert "[bold]title[/bold]" in lines[1] and lines[2].endswith("value [red]x[/red]")
