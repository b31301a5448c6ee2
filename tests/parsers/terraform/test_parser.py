"""The Terraform format module: parse_file per file kind, errors, conftest documents, assemble."""

from __future__ import annotations

import pickle

import pytest
from tf_repo_scan import REPOS, scan, source_for

from scanner.model import FileStatus, ParseOutcome, SourceFile
from scanner.parsers.interface import ParseOptions
from scanner.parsers.terraform import parser
from scanner.parsers.terraform.lockfile import LockFilePayload
from scanner.parsers.terraform.plan import PlanPayload

OPTIONS = ParseOptions(root="/scan")


def parse(path: str, text: str, hint: str = "terraform"):
    return parser.parse_file(SourceFile(path, f"/scan/{path}", hint, len(text)), text, OPTIONS)


@pytest.mark.parametrize(
    ("path", "hint", "kind"),
    [
        ("main.tf", "terraform", "tf"),
        ("x/main.tf.json", "terraform", "tf.json"),
        ("terraform.tfvars", "terraform", "tfvars"),
        ("prod.auto.tfvars.json", "terraform", "tfvars.json"),
        ("envs/.terraform.lock.hcl", "terraform", "lock"),
        ("plan.json", "terraform-plan", "plan"),
        ("notes.txt", "terraform", None),
    ],
)
def test_file_kinds(path: str, hint: str, kind: str | None) -> None:
    assert parser.file_kind(SourceFile(path, "/x", hint, 0)) == kind


def test_configuration_file_payload_is_picklable() -> None:
    text = (REPOS / "dynamic_blocks" / "main.tf").read_text()
    result = parse("main.tf", text)
    assert (result.status, result.format, result.errors) == (FileStatus.PARSED, "terraform", [])
    assert isinstance(result.payload, parser.ConfigPayload)
    assert result.payload.is_values is False
    copy = pickle.loads(pickle.dumps(result))
    assert copy.payload.hcl.body.blocks[1].labels == ("aws_security_group", "web")
    assert copy.documents == result.documents


def test_tfvars_payload_is_marked_as_values() -> None:
    result = parse("terraform.tfvars", 'env = "prod"\n')
    assert result.payload.is_values is True
    assert result.documents[0].content == {"env": "prod"}


def test_syntax_error_is_one_input_error_with_its_line() -> None:
    result = parse("broken.tf", (REPOS / "broken" / "broken.tf").read_text())
    assert result.status is FileStatus.ERRORED
    assert [error.to_json() for error in result.errors] == [
        {"path": "broken.tf", "line": 6, "format": "terraform", "message": "unterminated string"}
    ]
    assert (result.payload, result.documents) == (None, [])


def test_valid_files_beside_a_broken_one_are_still_nodes() -> None:
    result = scan("broken")
    assert sorted(result.nodes) == ["tf:aws_s3_bucket.valid"]
    assert result.messages() == [("broken.tf", 6, "unterminated string")]


def test_other_files_are_skipped() -> None:
    result = parse("README.md", "# hi\n")
    assert (result.status, result.skip_reason) == (FileStatus.SKIPPED, "not a Terraform file")


def test_conftest_document_has_hcl2json_shape() -> None:
    result = parse("main.tf", (REPOS / "conftest_shape" / "main.tf").read_text())
    [document] = result.documents
    assert (document.path, document.line, document.format) == ("main.tf", 1, "terraform")
    assert document.content == {
        "resource": {
            "aws_s3_bucket": {
                "logs": [{"bucket": "logs-${var.env}", "acl": "private", "versioning": [{"enabled": True}]}]
            },
            "aws_security_group": {
                "sg": [
                    {
                        "dynamic": {
                            "ingress": [{"for_each": "${var.ports}", "content": [{"from_port": "${ingress.value}"}]}]
                        }
                    }
                ]
            },
        },
        "provider": {"aws": [{"alias": "one", "version": "=2.46.0"}, {"alias": "two", "version": "=2.47.0"}]},
        "variable": {"env": [{"default": "dev"}]},
        "locals": [
            {
                "n": '${var.env == "prod" ? 3 : 1}',
                "port": -1,
                "sum": "${4 - 2}",
                "ids": "${[for s in var.list : upper(s)]}",
                "wrapped": "${var.env}",
                "policy": '{"a": "${var.env}"}\n',
                "tags": {"Name": "x", "kubernetes.io/role": "${local.n}"},
            }
        ],
    }


def test_json_files_are_their_own_conftest_document() -> None:
    text = (REPOS / "json_config" / "main.tf.json").read_text()
    result = parse("main.tf.json", text)
    assert result.documents[0].content["resource"]["aws_s3_bucket"]["logs"]["bucket"] == "logs-${var.env}"


def test_json_syntax_error_is_an_input_error() -> None:
    result = parse("main.tf.json", '{\n  "resource": {\n}\n')
    assert [(error.line, error.format) for error in result.errors] == [(4, "terraform")]
    assert result.status is FileStatus.ERRORED


def test_lock_file_and_plan_payloads() -> None:
    lock = parse(".terraform.lock.hcl", (REPOS / "lock_files" / ".terraform.lock.hcl").read_text())
    assert isinstance(lock.payload, LockFilePayload)
    assert len(lock.payload.providers) == 2
    plan_path = REPOS / "plan_mapping" / "plans" / "tfplan.plan.json"
    plan = parser.parse_file(source_for(REPOS / "plan_mapping", plan_path), plan_path.read_text(), OPTIONS)
    assert isinstance(plan.payload, PlanPayload)
    assert plan.status is FileStatus.PARSED
    assert plan.documents[0].content["format_version"] == "1.2"
    assert pickle.loads(pickle.dumps(plan)).payload == plan.payload


def test_assemble_of_nothing_is_empty() -> None:
    assert parser.assemble([], OPTIONS) == ParseOutcome()


def test_assemble_is_deterministic_and_sorted() -> None:
    first, second = scan("expansion", max_instances=3), scan("expansion", max_instances=3)
    assert list(first.nodes) == sorted(first.nodes)
    assert [node.to_json() for node in first.nodes.values()] == [node.to_json() for node in second.nodes.values()]
    assert first.edges == sorted(first.edges) == second.edges
