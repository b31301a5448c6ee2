"""A folder of hostile and malformed files: one clear error each, exit 3, no traceback, valid files kept."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from scanner.cli import main

MALFORMED = Path(__file__).resolve().parents[1] / "fixtures" / "malformed"


def make_hostile_files(directory: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_hostile", MALFORMED / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_hostile"] = module
    spec.loader.exec_module(module)
    module.make_hostile_files(directory)


def test_every_bad_file_is_one_error_and_the_valid_file_survives(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MALFORMED, corpus)
    make_hostile_files(corpus)

    result = CliRunner().invoke(main, ["graph", str(corpus), "--format", "json"])

    assert result.exit_code == 3
    assert "Traceback" not in result.output
    graph = json.loads(result.stdout)
    errors = [(e["path"], e["line"], e["format"], e["message"]) for e in graph["errors"]]
    assert errors == [
        ("alias-bomb.yaml", 12, "kubernetes", "YAML aliases expand to more than 100000 nodes (possible alias bomb)"),
        ("binary.yaml", 3, "yaml", "file is binary (it contains NUL bytes); not parsed"),
        ("broken.tf", 11, "terraform", "unexpected end of file; the '{' on line 6 is not closed"),
        ("broken.yaml", 9, "kubernetes", "could not parse YAML: mapping values are not allowed in this context"),
        ("huge.yaml", None, "yaml", "file is 52,428,800 bytes, over the 5,242,880-byte limit (--max-file-size); not read"),
        ("invalid-utf8.tf", 3, "terraform", "file is not valid UTF-8: byte 0xe9 at line 3, column 17"),
        ("loop/a", None, "discovery", "symlink loop; not followed"),
        (
            "unterminated-heredoc.Dockerfile",
            2,
            "dockerfile",
            "unterminated heredoc: no line 'EOF' closes <<EOF before the end of the file",
        ),
        ("unterminated-heredoc.tf", 4, "terraform", "unterminated heredoc"),
    ]
    assert [node["id"] for node in graph["nodes"]] == ["k8s:apps/Deployment/default/survivor"]
    stats = graph["stats"]
    assert (stats["parsed"], stats["errored"]) == (1, 9)
    assert stats["skipped_by_reason"] == {"not an infrastructure file": 1, "symlink to a path outside the scanned root": 1}


def test_text_output_names_every_file_without_traceback(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MALFORMED, corpus)

    result = CliRunner().invoke(main, ["graph", str(corpus)])

    assert result.exit_code == 3
    assert "Traceback" not in result.output
    for name in ("alias-bomb.yaml", "binary.yaml", "broken.tf", "broken.yaml", "invalid-utf8.tf"):
        assert f"error: {name}:" in result.stdout
