"""``.terraform.lock.hcl``: one locked-provider node per provider, malformed entries as errors."""

from __future__ import annotations

from tf_repo_scan import scan

from scanner.model import SourceFile
from scanner.parsers.interface import ParseOptions
from scanner.parsers.terraform import parser
from scanner.parsers.terraform.lockfile import LockFilePayload


def test_lock_file_providers_become_nodes() -> None:
    result = scan("lock_files")
    aws = result.nodes["tf:lock.registry.terraform.io/hashicorp/aws"]
    assert aws.to_json() == {
        "id": "tf:lock.registry.terraform.io/hashicorp/aws",
        "format": "terraform",
        "kind": "terraform.locked_provider",
        "name": "lock.registry.terraform.io/hashicorp/aws",
        "path": ".terraform.lock.hcl",
        "start_line": 4,
        "end_line": 11,
        "attrs": {
            "source": "registry.terraform.io/hashicorp/aws",
            "version": "5.31.0",
            "constraints": "~> 5.0",
            "hashes": [
                "h1:ltxyuBWIy9cq0kIKDJH1jeWJy/y7XJLjS4QrsQK4plA=",
                "zh:0cdb9c2083bf0902442384f7309367791e4640581652dda456f2d6d7abf0de8d",
            ],
            "__address": "lock.registry.terraform.io/hashicorp/aws",
            "__module_dir": ".",
        },
        "attr_lines": {"constraints": 6, "hashes": 7, "version": 5},
        "unknown": [],
    }
    random = result.nodes["tf:lock.registry.terraform.io/hashicorp/random"]
    assert (random.attrs["version"], random.attrs["constraints"], random.start_line) == ("3.6.0", None, 13)


def test_lock_file_below_the_root_is_prefixed_with_its_directory() -> None:
    result = scan("lock_files")
    google = result.nodes["tf:envs/prod:lock.registry.terraform.io/hashicorp/google"]
    assert google.path == "envs/prod/.terraform.lock.hcl"
    assert (google.attrs["version"], google.attrs["hashes"], google.attrs["__module_dir"]) == ("5.10.0", [], "envs/prod")
    assert sorted(result.nodes) == [
        "tf:envs/prod:lock.registry.terraform.io/hashicorp/google",
        "tf:lock.registry.terraform.io/hashicorp/aws",
        "tf:lock.registry.terraform.io/hashicorp/random",
    ]


def _parse(text: str):
    source = SourceFile(".terraform.lock.hcl", "/nowhere/.terraform.lock.hcl", "terraform", len(text))
    return parser.parse_file(source, text, ParseOptions(root="/nowhere"))


def test_malformed_lock_entries_are_errors_and_the_rest_is_kept() -> None:
    text = (
        'provider "registry.terraform.io/hashicorp/aws" {\n'
        '  version = "5.0.0"\n'
        '  hashes  = "h1:abc"\n'
        "}\n"
        'provider "registry.terraform.io/hashicorp/null" {\n'
        '  version = "3.2.1"\n'
        "}\n"
        'provider "a" "b" {}\n'
    )
    result = _parse(text)
    assert [(error.line, error.message) for error in result.errors] == [
        (1, "provider 'registry.terraform.io/hashicorp/aws' in the lock file has hashes that are not a list of strings"),
        (8, "a provider block of the lock file needs exactly one label"),
    ]
    assert isinstance(result.payload, LockFilePayload)
    assert [provider.source for provider in result.payload.providers] == ["registry.terraform.io/hashicorp/null"]
    assert result.status.value == "errored"


def test_unparsable_lock_file_is_one_error() -> None:
    result = _parse('provider "x" {\n  version = \n}\n')
    assert [error.to_json() for error in result.errors] == [
        {"path": ".terraform.lock.hcl", "line": 2, "format": "terraform", "message": "unexpected newline"}
    ]
    assert result.payload is None
