"""Time ``bastion graph`` on synthetic repositories of 100, 1,000 and 10,000 files.

Usage: ``python benchmarks/bench_graph.py [--sizes 100,1000,10000] [--repeat N] [--importtime]``

Each size runs ``python -m scanner graph REPO --format json`` as a fresh child process (start-up
included) and reports wall time, files per second, peak memory and what the graph held. It
also times ``bastion --version`` (target <= 0.15 s, which means no parser is imported). Exit
code 0 when every run succeeded, 1 when one failed, 2 when the CLI cannot run ``graph``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_harness as harness  # noqa: E402
import generate_repo  # noqa: E402

TARGET_SECONDS_10K = 20.0
TARGET_VERSION_SECONDS = 0.15
GRAPH_COLUMNS = ("parsed", "nodes", "edges", "errors")


def summarize_graph(document: object) -> dict[str, object]:
    """Columns taken from ``bastion graph --format json`` output (contract: docs/graph.md)."""
    if not isinstance(document, dict):
        raise TypeError(f"expected a JSON object, got {type(document).__name__}")
    return {
        "parsed": document["stats"]["parsed"],
        "nodes": len(document["nodes"]),
        "edges": len(document["edges"]),
        "errors": len(document["errors"]),
    }


def time_version(repeat: int) -> tuple[list[str], list[float], int]:
    """Run ``bastion --version`` ``repeat`` times: (argv, wall times, worst exit code)."""
    argv = harness.console_script_command("--version")
    runs = [harness.measure(argv) for _ in range(repeat)]
    for run in runs:
        run.stdout_path.unlink(missing_ok=True)
    return argv, [run.wall_seconds for run in runs], max(run.returncode for run in runs)


def report_version(repeat: int, importtime: bool) -> bool:
    """Print the ``--version`` timing (and optionally the slowest imports); True when it ran."""
    argv, times, code = time_version(repeat)
    best, median = min(times), statistics.median(times)
    label = " ".join([Path(argv[0]).name, *argv[1:]])
    print(f"bastion --version ({label}): "
          f"best {best:.3f} s, median {median:.3f} s over {len(times)} runs, target <= {TARGET_VERSION_SECONDS} s: "
          f"{harness.verdict(best, TARGET_VERSION_SECONDS)}" + ("" if code == 0 else f" (exit code {code})"))
    if importtime:
        print("slowest imports of 'python -m scanner --version' (cumulative, microseconds):")
        for module, micros in harness.import_times(harness.scanner_command("--version")):
            print(f"  {micros:>9}  {module}")
    return code == 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated file counts (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept (default 1)")
    parser.add_argument("--seed", type=int, default=generate_repo.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where generated repositories are kept")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is killed (default 600)")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports of --version")
    args = parser.parse_args(argv)
    try:
        sizes = harness.parse_sizes(args.sizes)
    except ValueError as error:
        parser.error(str(error))

    missing = harness.subcommand_missing("graph")
    if missing:
        print(f"bench_graph: cannot run 'bastion graph': {missing}", file=sys.stderr)
        return 2
    ok = report_version(max(5, args.repeat), args.importtime)
    rows = harness.run_series(
        sizes,
        lambda repo: harness.scanner_command("graph", str(repo), "--format", "json"),
        summarize_graph,
        repeat=args.repeat, seed=args.seed, cache_dir=args.cache_dir, timeout=args.timeout,
    )
    print()
    print(harness.series_table(rows, GRAPH_COLUMNS))
    for row in rows:
        if row.problem:
            ok = False
            print(f"problem at {row.files} files: {row.problem}")
        elif row.summary.get("errors"):
            print(f"note: {row.summary['errors']} input errors at {row.files} files (the generator should make none)")
        if row.files == 10_000:
            print(f"10,000 files in {row.measurement.wall_seconds:.2f} s, target <= {TARGET_SECONDS_10K:.0f} s: "
                  f"{harness.verdict(row.measurement.wall_seconds, TARGET_SECONDS_10K)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
