"""`bastion graph` and `bastion --version` end to end through the click runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from scanner import __version__
from scanner.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_imports_no_parser() -> None:
    code = (
        "import sys; from scanner.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('hcl2', 'lark', 'yaml', 'dockerfile', 'regorus', 'rich', 'jsonschema', 'cyclonedx') "
        "or m.startswith('scanner.parsers.') or m.startswith('scanner.engine'))\n"
        "print(heavy)\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.splitlines() == [f"bastion {__version__}", "[]"]


def test_path_outside_root_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "other").mkdir()
    code, _, err = run("graph", str(tmp_path / "other"), "--root", str(tmp_path / "repo"))
    assert code == 2
    assert "is outside the scan root" in err


def test_empty_directory_gives_an_empty_graph(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    code, out, _ = run("graph", str(tmp_path), "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "version": 1,
        "nodes": [],
        "edges": [],
        "errors": [],
        "stats": {
            "files": 1,
            "parsed": 0,
            "skipped": 1,
            "errored": 0,
            "skipped_by_reason": {"not an infrastructure file": 1},
            "parsed_by_format": {},
        },
    }


def test_oversized_file_is_an_error_with_exit_3(tmp_path: Path) -> None:
    (tmp_path / "big.tf").write_text("# " + "x" * 200 + "\n")
    code, out, _ = run("graph", str(tmp_path), "--format", "json", "--max-file-size", "100")
    assert code == 3
    assert json.loads(out)["errors"] == [
        {
            "path": "big.tf",
            "line": None,
            "format": "terraform",
            "message": "file is 203 bytes, over the 100-byte limit (--max-file-size); not read",
        }
    ]


def test_symlink_loop_reported_once(tmp_path: Path) -> None:
    (tmp_path / "loop").mkdir()
    os.symlink("..", tmp_path / "loop" / "a")
    code, out, _ = run("graph", str(tmp_path), "--format", "json")
    assert code == 3
    assert json.loads(out)["errors"] == [
        {"path": "loop/a", "line": None, "format": "discovery", "message": "symlink loop; not followed"}
    ]


def test_output_file_is_written_atomically_and_stdout_stays_empty(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    target = tmp_path / "graph.json"
    code, out, _ = run("graph", str(tmp_path / "repo"), "--format", "json", "--output", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text())["version"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".bastion-")] == []


def test_output_to_a_device_or_pipe_writes_in_place_and_never_replaces_it(tmp_path: Path) -> None:
    import stat
    import threading

    (tmp_path / "repo").mkdir()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, out, _ = run("graph", str(tmp_path / "repo"), "--format", "json", "--output", str(pipe))
    reader.join(timeout=10)
    assert code == 0
    assert out == ""
    assert json.loads(received[0])["version"] == 1
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
