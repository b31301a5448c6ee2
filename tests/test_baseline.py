"""Baselines: ``--write-baseline`` records today's findings, ``--baseline`` reports only new ones,
and moving lines does not break the match (fingerprints do not depend on lines)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scanner.cli import main
from scanner.findings import Finding, fingerprint
from scanner.gating import BaselineError, read_baseline, render_baseline

PUBLIC_ACL = """# METADATA
# title: Bucket ACL is public
# custom:
#   id: ACME100
#   severity: HIGH
package bastion.acme.acl

import rego.v1

deny contains finding if {
\tsome bucket in input.by_kind.aws_s3_bucket
\tbucket.attrs.acl == "public-read"
\tfinding := {"resource": bucket.id, "attribute": "acl", "msg": sprintf("%s has the ACL %s", [bucket.name, bucket.attrs.acl])}
}
"""

TODAY = """resource "aws_s3_bucket" "public_logs" {
  bucket = "logs"
  acl    = "public-read"
}

resource "aws_s3_bucket" "private_assets" {
  bucket = "assets"
  acl    = "private"
}
"""

#: The same file with lines inserted above both buckets (comments and an unrelated resource).
LINES_MOVED = """# Buckets of the web team.
# Reviewed in 2024.

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

""" + TODAY.replace('resource "aws_s3_bucket" "private_assets"', '# assets bucket\nresource "aws_s3_bucket" "private_assets"')

#: A misconfiguration added: the assets bucket turned public, and a new public bucket.
NEW_MISCONFIGURATION = TODAY.replace('acl    = "private"', 'acl    = "public-read"') + """
resource "aws_s3_bucket" "public_exports" {
  bucket = "exports"
  acl    = "public-read"
}
"""


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").write_text(TODAY)
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "acl.rego").write_text(PUBLIC_ACL)
    return root


def scan(repo: Path, *args: str) -> Result:
    policies = repo.parent / "policies"
    return CliRunner().invoke(main, ["scan", str(repo), "--no-builtin", "--policy", str(policies), "--jobs", "1", "--format", "json", *args], catch_exceptions=False)


def reported(result: Result) -> list[tuple[str, int, str]]:
    return [(f["resource"], f["start_line"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_write_baseline_records_findings_and_exits_0(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    result = scan(repo, "--write-baseline", str(baseline))
    assert result.exit_code == 0
    assert reported(result) == [("tf:aws_s3_bucket.public_logs", 3, "aws_s3_bucket.public_logs has the ACL public-read")]
    assert result.stderr == f"note: wrote 1 finding to the baseline '{baseline}'\n"
    assert json.loads(baseline.read_text()) == {
        "version": 1,
        "generated_by": "bastion 0.1.0",
        "findings": [
            {
                "rule_id": "ACME100",
                "fingerprint": fingerprint("ACME100", "tf:aws_s3_bucket.public_logs", "acl"),
                "path": "main.tf",
                "resource": "tf:aws_s3_bucket.public_logs",
                "message": "aws_s3_bucket.public_logs has the ACL public-read",
            }
        ],
    }


def test_unchanged_scan_passes_against_its_baseline(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    scan(repo, "--write-baseline", str(baseline))
    result = scan(repo, "--baseline", str(baseline))
    assert result.exit_code == 0
    assert reported(result) == []
    stats = json.loads(result.stdout)["stats"]
    assert (stats["baselined"], stats["findings"]) == (1, 0)
    assert result.stderr == "note: 1 finding recorded in the baseline not reported\n"


def test_baseline_still_passes_after_lines_move(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    scan(repo, "--write-baseline", str(baseline))
    (repo / "main.tf").write_text(LINES_MOVED)
    without = scan(repo)
    assert reported(without) == [("tf:aws_s3_bucket.public_logs", 10, "aws_s3_bucket.public_logs has the ACL public-read")]
    result = scan(repo, "--baseline", str(baseline))
    assert result.exit_code == 0
    assert reported(result) == []


def test_baseline_fails_with_exactly_the_new_findings(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    scan(repo, "--write-baseline", str(baseline))
    (repo / "main.tf").write_text(NEW_MISCONFIGURATION)
    result = scan(repo, "--baseline", str(baseline))
    assert result.exit_code == 1
    assert reported(result) == [
        ("tf:aws_s3_bucket.private_assets", 8, "aws_s3_bucket.private_assets has the ACL public-read"),
        ("tf:aws_s3_bucket.public_exports", 13, "aws_s3_bucket.public_exports has the ACL public-read"),
    ]
    assert json.loads(result.stdout)["stats"]["baselined"] == 1


def test_write_baseline_exits_0_with_findings_but_3_with_input_errors(repo: Path, tmp_path: Path) -> None:
    (repo / "broken.tf").write_text('resource "aws_s3_bucket" "x" {\n')
    baseline = tmp_path / "baseline.json"
    result = scan(repo, "--write-baseline", str(baseline))
    assert result.exit_code == 3
    assert len(json.loads(baseline.read_text())["findings"]) == 1


def test_stats_have_no_baselined_key_without_a_baseline(repo: Path) -> None:
    assert "baselined" not in json.loads(scan(repo).stdout)["stats"]


def test_write_baseline_cannot_be_combined_with_baseline(repo: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    scan(repo, "--write-baseline", str(baseline))
    result = scan(repo, "--baseline", str(baseline), "--write-baseline", str(baseline))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --write-baseline records every current finding; it cannot be combined with --baseline or --diff-base"


def test_write_baseline_into_a_missing_directory_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    result = scan(repo, "--write-baseline", str(tmp_path / "missing" / "baseline.json"))
    assert result.exit_code == 2
    assert "Invalid value for --write-baseline: directory" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "baseline '{path}' is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        (b"[]", "baseline '{path}' must hold a JSON object with 'version' and 'findings'"),
        (b'{"findings": []}', "baseline '{path}' has version null; this bastion reads version 1"),
        (b'{"version": 2, "findings": []}', "baseline '{path}' has version 2; this bastion reads version 1"),
        (b'{"version": 1}', "baseline '{path}' has no 'findings' list"),
        (b'{"version": 1, "findings": [{"fingerprint": "ab"}, {"rule_id": "X"}]}', "baseline '{path}': finding 2 has no 'fingerprint' string"),
        (b'{"version": 1, "findings": ["ab"]}', "baseline '{path}': finding 1 has no 'fingerprint' string"),
        (b'\xff\xfe', "baseline '{path}' is not valid UTF-8"),
    ],
)
def test_malformed_baseline_is_an_error_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(content)
    with pytest.raises(BaselineError) as caught:
        read_baseline(str(path))
    assert str(caught.value) == message.format(path=path)


def test_malformed_baseline_on_the_command_line_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"version": 1, "findings": {}}')
    result = scan(repo, "--baseline", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for --baseline: baseline '{path}' has no 'findings' list"


def test_missing_baseline_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    result = scan(repo, "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def finding(rule_id: str, path: str, resource: str, line: int) -> Finding:
    return Finding(rule_id, "HIGH", "t", f"{resource} is wrong", path, line, line, resource, None, fingerprint(rule_id, resource, None))


def test_render_baseline_is_sorted_deduplicated_and_readable_back(tmp_path: Path) -> None:
    findings = [
        finding("B1", "z.tf", "tf:b.z", 9),
        finding("A1", "z.tf", "tf:a.z", 1),
        finding("A1", "a.tf", "tf:a.a", 5),
        finding("A1", "a.tf", "tf:a.a", 5),
    ]
    text = render_baseline(findings)
    document = json.loads(text)
    assert [(e["path"], e["rule_id"], e["resource"]) for e in document["findings"]] == [
        ("a.tf", "A1", "tf:a.a"),
        ("z.tf", "A1", "tf:a.z"),
        ("z.tf", "B1", "tf:b.z"),
    ]
    assert text.endswith("}\n") and render_baseline(reversed(findings)) == text
    path = tmp_path / "b.json"
    path.write_text(text)
    baseline = read_baseline(str(path))
    assert findings[0] in baseline
    assert finding("C1", "a.tf", "tf:a.a", 5) not in baseline
