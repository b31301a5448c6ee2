"""The benchmark scripts' machinery: child-process measurement, caching, tables, output summaries."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_graph  # noqa: E402
import bench_harness as harness  # noqa: E402
import bench_scan  # noqa: E402

PY = sys.executable


def test_measure_reports_exit_code_output_and_error_tail() -> None:
    run = harness.measure([PY, "-c", "import sys; print('hello'); sys.stderr.write('one\\ntwo\\n'); sys.exit(3)"])
    try:
        assert run.returncode == 3
        assert run.stdout_path.read_text(encoding="utf-8") == "hello\n"
        assert run.stderr_tail == "one\ntwo"
        assert run.wall_seconds > 0 and not run.timed_out
    finally:
        run.stdout_path.unlink()


def test_measure_sees_the_child_peak_memory() -> None:
    run = harness.measure([PY, "-c", "block = bytearray(200 * 2**20); block[::4096] = b'x' * len(block[::4096])"])
    run.stdout_path.unlink()
    assert run.returncode == 0
    assert run.max_rss_mib >= 200


def test_measure_kills_a_child_past_its_timeout() -> None:
    run = harness.measure([PY, "-c", "import time; time.sleep(120)"], timeout=0.5)
    run.stdout_path.unlink()
    assert run.timed_out
    assert run.returncode == -9


def test_tree_sampler_sums_the_memory_of_descendants() -> None:
    # A parent that starts a child holding 150 MiB; both wait on stdin, so nothing depends on timing.
    child = ("import sys; block = bytearray(150 * 2**20); block[::4096] = b'x' * len(block[::4096]); "
             "print('ready', flush=True); sys.stdin.read()")
    parent = (f"import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', {child!r}], stdin=sys.stdin); "
              "p.wait()")
    process = subprocess.Popen([PY, "-c", parent], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        sampler = harness._TreeSampler(process.pid)
        if not sampler.available:
            pytest.skip("no /proc on this platform")
        assert sampler._tree_rss() >= 150 * 2**20
        assert harness._TreeSampler(process.pid + 10_000_000)._tree_rss() == 0
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=60)


def test_best_of_keeps_one_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    best = harness.best_of([PY, "-c", "print('x')"], 3)
    assert best.returncode == 0
    assert list(tmp_path.glob("bench-out-*")) == [best.stdout_path]
    assert best.stdout_path.read_text(encoding="utf-8") == "x\n"


def test_cached_repo_is_generated_once(tmp_path: Path) -> None:
    first = harness.cached_repo(12, cache_dir=tmp_path)
    marker = first / "README.md"
    marker.write_text("changed", encoding="utf-8")
    again = harness.cached_repo(12, cache_dir=tmp_path)
    assert again == first == harness.cached_repo_path(12, cache_dir=tmp_path)
    assert marker.read_text(encoding="utf-8") == "changed"
    assert sum(1 for p in first.rglob("*") if p.is_file()) == 12
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no scratch directory left


@pytest.mark.parametrize(("text", "sizes"), [("100,1000", [100, 1000]), (" 10_000 ", [10000]), ("5,", [5])])
def test_parse_sizes(text: str, sizes: list[int]) -> None:
    assert harness.parse_sizes(text) == sizes


@pytest.mark.parametrize("text", ["", "0", "ten", "5,-1"])
def test_parse_sizes_rejects_bad_input(text: str) -> None:
    with pytest.raises(ValueError):
        harness.parse_sizes(text)


def test_format_table_right_aligns_under_a_rule() -> None:
    assert harness.format_table(("files", "s"), [(100, "0.50"), (10000, None)]) == (
        "files     s\n"
        "-----  ----\n"
        "  100  0.50\n"
        "10000     -"
    )


def test_run_series_summarizes_output_and_reports_problems(tmp_path: Path) -> None:
    good = json.dumps({"stats": {"parsed": 3}, "nodes": [1, 2], "edges": [], "errors": []})
    rows = harness.run_series(
        [5], lambda repo: [PY, "-c", f"print({good!r})"], bench_graph.summarize_graph, cache_dir=tmp_path)
    assert rows[0].problem is None
    assert rows[0].summary == {"parsed": 3, "nodes": 2, "edges": 0, "errors": 0}
    assert rows[0].files == 5 and rows[0].files_per_second > 0

    failing = harness.run_series(
        [5], lambda repo: [PY, "-c", "import sys; sys.exit('boom')"], bench_graph.summarize_graph, cache_dir=tmp_path)
    assert failing[0].problem == "exit code 1: boom"
    not_json = harness.run_series(
        [5], lambda repo: [PY, "-c", "print('hi')"], bench_graph.summarize_graph, cache_dir=tmp_path)
    assert not_json[0].problem is not None and not_json[0].problem.startswith("output is not the expected JSON")
    table = harness.series_table(rows, bench_graph.GRAPH_COLUMNS)
    assert table.splitlines()[0].split() == ["files", "MiB", "wall", "s", "files/s", "max", "RSS", "MiB", "tree",
                                            "RSS", "MiB", "parsed", "nodes", "edges", "errors", "exit"]


def test_subcommand_missing_explains_an_unknown_command() -> None:
    assert harness.subcommand_missing("no-such-subcommand-xyz")


def test_summarize_scan_and_checkov() -> None:
    assert bench_scan.summarize_scan({"findings": [{}, {}], "errors": [{}]}) == {"findings": 2, "errors": 1}
    reports = [
        {"check_type": "terraform", "summary": {"passed": 10, "failed": 4, "parsing_errors": 1}},
        {"check_type": "kubernetes", "summary": {"passed": 5, "failed": 2, "parsing_errors": 0}},
    ]
    assert bench_scan.summarize_checkov(reports) == {"failed": 6, "passed": 15, "parse errors": 1}
    assert bench_scan.summarize_checkov(reports[0]) == {"failed": 4, "passed": 10, "parse errors": 1}
    with pytest.raises(TypeError):
        bench_scan.summarize_checkov(["not a report"])


def test_checkov_is_run_offline_on_the_three_frameworks(tmp_path: Path) -> None:
    argv = bench_scan.checkov_argv(Path("/opt/checkov"), tmp_path)
    assert argv[:3] == ["/opt/checkov", "--directory", str(tmp_path)]
    assert argv[argv.index("--framework") + 1: argv.index("--framework") + 4] == ["terraform", "kubernetes",
                                                                                  "dockerfile"]
    assert "--skip-download" in argv and argv[-2:] == ["--output", "json"]
    assert bench_scan.checkov_env()["BC_SKIP_MAPPING"] == "TRUE"
    assert bench_scan.find_checkov(tmp_path / "missing") is None
    fake = tmp_path / "checkov"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    assert bench_scan.find_checkov(fake) == fake


def test_scan_argv_passes_each_policy_directory(tmp_path: Path) -> None:
    argv = bench_scan.scan_argv(tmp_path, [Path("a"), Path("b")])
    assert argv[1:] == ["-m", "scanner", "scan", str(tmp_path), "--format", "json", "--policy", "a", "--policy", "b"]
