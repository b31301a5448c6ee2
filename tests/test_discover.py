"""Discovery: formats by name, ignores, symlinks and sizes; every file accounted for."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.discover import (
    SKIP_EXCLUDE,
    SKIP_GITIGNORE,
    SKIP_NOT_IAC,
    SKIP_SYMLINK_OUTSIDE,
    discover,
    format_hint,
)
from scanner.model import InputError


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("main.tf", "terraform"),
        ("main.tf.json", "terraform"),
        ("prod.tfvars", "terraform"),
        ("prod.tfvars.json", "terraform"),
        (".terraform.lock.hcl", "terraform"),
        ("Dockerfile", "dockerfile"),
        ("Dockerfile.prod", "dockerfile"),
        ("api.Dockerfile", "dockerfile"),
        ("api.dockerfile", "dockerfile"),
        ("Containerfile", "dockerfile"),
        ("deploy.yaml", "structured"),
        ("deploy.yml", "structured"),
        ("plan.json", "structured"),
        ("README.md", None),
        ("main.tf.bak", None),
        ("config.hcl", None),
    ],
)
def test_format_hint_by_name(name: str, hint: str | None) -> None:
    assert format_hint(name) == hint


def write(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_walk_sorts_files_and_counts_skips(tmp_path: Path) -> None:
    write(tmp_path / "b" / "main.tf")
    write(tmp_path / "a" / "deploy.yaml")
    write(tmp_path / "README.md")
    write(tmp_path / ".git" / "config")
    write(tmp_path / ".terraform" / "modules" / "x" / "main.tf")
    write(tmp_path / "node_modules" / "pkg" / "Dockerfile")

    found = discover(tmp_path, [tmp_path])

    assert [(f.path, f.hint) for f in found.files] == [("a/deploy.yaml", "structured"), ("b/main.tf", "terraform")]
    assert found.skipped == {SKIP_NOT_IAC: 1, "inside .git/": 1, "inside .terraform/": 1, "inside node_modules/": 1}
    assert found.errors == []


def test_gitignore_and_exclude_globs(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "generated/\n*.tfvars\n")
    write(tmp_path / "generated" / "main.tf")
    write(tmp_path / "prod.tfvars")
    write(tmp_path / "infra" / ".gitignore", "legacy.tf\n")
    write(tmp_path / "infra" / "legacy.tf")
    write(tmp_path / "infra" / "main.tf")
    write(tmp_path / "legacy.tf")
    write(tmp_path / "tests" / "Dockerfile")

    found = discover(tmp_path, [tmp_path], excludes=["tests/"])

    assert [f.path for f in found.files] == ["infra/main.tf", "legacy.tf"]
    assert found.skipped == {SKIP_GITIGNORE: 3, SKIP_EXCLUDE: 1, SKIP_NOT_IAC: 2}


def test_gitignore_of_root_applies_when_scanning_a_subdirectory(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "*.generated.tf\n")
    write(tmp_path / "infra" / "a.generated.tf")
    write(tmp_path / "infra" / "main.tf")

    found = discover(tmp_path, [tmp_path / "infra"])

    assert [f.path for f in found.files] == ["infra/main.tf"]
    assert found.skipped == {SKIP_GITIGNORE: 1}


def test_oversized_file_is_an_error_and_not_read(tmp_path: Path) -> None:
    write(tmp_path / "big.yaml", "a: 1\n" * 100)
    write(tmp_path / "small.yaml", "a: 1\n")

    found = discover(tmp_path, [tmp_path], max_file_size=100)

    assert [f.path for f in found.files] == ["small.yaml"]
    assert found.errors == [
        InputError("big.yaml", None, "yaml", "file is 500 bytes, over the 100-byte limit (--max-file-size); not read")
    ]


def test_symlink_loop_is_reported_once_and_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "loop" / "main.tf")
    os.symlink("..", tmp_path / "loop" / "up")

    found = discover(tmp_path, [tmp_path])

    assert [f.path for f in found.files] == ["loop/main.tf"]
    assert found.errors == [InputError("loop/up", None, "discovery", "symlink loop; not followed")]


def test_self_referencing_symlink_is_a_loop(tmp_path: Path) -> None:
    os.symlink("self.tf", tmp_path / "self.tf")

    found = discover(tmp_path, [tmp_path])

    assert found.errors == [InputError("self.tf", None, "discovery", "symlink loop; not followed")]


def test_symlinks_never_leave_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.tf")
    root = tmp_path / "repo"
    write(root / "main.tf")
    os.symlink(outside, root / "escape")
    os.symlink(outside / "secret.tf", root / "linked.tf")

    found = discover(root, [root])

    assert [f.path for f in found.files] == ["main.tf"]
    assert found.skipped == {SKIP_SYMLINK_OUTSIDE: 2}


def test_symlink_inside_root_is_followed_and_broken_one_reported(tmp_path: Path) -> None:
    write(tmp_path / "real" / "main.tf")
    os.symlink(tmp_path / "real" / "main.tf", tmp_path / "alias.tf")
    os.symlink(tmp_path / "missing.tf", tmp_path / "broken.tf")

    found = discover(tmp_path, [tmp_path])

    assert [f.path for f in found.files] == ["alias.tf", "real/main.tf"]
    assert found.errors == [InputError("broken.tf", None, "discovery", "broken symlink; not followed")]


def test_explicit_files_are_scanned_once(tmp_path: Path) -> None:
    main = write(tmp_path / "main.tf")

    found = discover(tmp_path, [main, tmp_path])

    assert [f.path for f in found.files] == ["main.tf"]
