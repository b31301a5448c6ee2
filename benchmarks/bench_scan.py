"""Time ``bastion scan`` on the synthetic repositories, and optionally Checkov on the same files.

Usage: ``python benchmarks/bench_scan.py [--sizes 100,1000,10000] [--repeat N] [--policy DIR]...
[--checkov] [--checkov-bin PATH]``

Each size runs ``python -m scanner scan REPO --format json`` as a fresh child process and
reports wall time, files per second, peak memory, findings and errors. With ``--checkov``,
Checkov (installed in its own virtual environment, never a dependency of bastion) scans the same
repository with its Terraform, Kubernetes and Dockerfile frameworks, offline, and the ratio of the
two wall times is printed. Exit code 0 when every run succeeded, 1 when one failed, 2 when
``bastion scan`` (or a requested Checkov) is not available.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_harness as harness  # noqa: E402
import generate_repo  # noqa: E402

SCAN_COLUMNS = ("findings", "errors")
CHECKOV_COLUMNS = ("failed", "passed", "parse errors")
#: Where benchmarks/README.md tells people to install Checkov.
DEFAULT_CHECKOV_VENV_BIN = Path("/tmp/checkov-venv/bin/checkov")
#: bastion scan: 0 clean, 1 findings at or above --fail-on; both are successful runs here.
SCAN_OK_CODES = frozenset({0, 1})
#: checkov: 0 all passed, 1 some checks failed.
CHECKOV_OK_CODES = frozenset({0, 1})


def summarize_scan(document: object) -> dict[str, object]:
    """Columns taken from ``bastion scan --format json`` output."""
    if not isinstance(document, dict):
        raise TypeError(f"expected a JSON object, got {type(document).__name__}")
    return {"findings": len(document["findings"]), "errors": len(document["errors"])}


def summarize_checkov(document: object) -> dict[str, object]:
    """Columns from Checkov's JSON output: one report object, or a list of them (one per framework)."""
    reports = document if isinstance(document, list) else [document]
    totals = {"failed": 0, "passed": 0, "parse errors": 0}
    for report in reports:
        if not isinstance(report, dict):
            raise TypeError(f"expected Checkov report objects, got {type(report).__name__}")
        summary = report.get("summary", {})
        totals["failed"] += int(summary.get("failed", 0))
        totals["passed"] += int(summary.get("passed", 0))
        totals["parse errors"] += int(summary.get("parsing_errors", 0))
    return dict(totals)


def find_checkov(explicit: Path | None) -> Path | None:
    """The Checkov executable: ``explicit``, else ``checkov`` on PATH, else the README's venv."""
    if explicit is not None:
        return explicit if explicit.is_file() else None
    on_path = shutil.which("checkov")
    if on_path:
        return Path(on_path)
    return DEFAULT_CHECKOV_VENV_BIN if DEFAULT_CHECKOV_VENV_BIN.is_file() else None


def checkov_argv(checkov: Path, repo: Path) -> list[str]:
    """Checkov on ``repo`` with the frameworks bastion covers, offline, JSON to stdout."""
    return [str(checkov), "--directory", str(repo), "--framework", "terraform", "kubernetes", "dockerfile",
            "--skip-download", "--quiet", "--compact", "--output", "json"]


def checkov_env() -> dict[str, str]:
    """Environment that keeps Checkov off the network (no guideline or mapping download)."""
    return {**os.environ, "BC_SKIP_MAPPING": "TRUE", "ANSI_COLORS_DISABLED": "1"}


def scan_argv(repo: Path, policies: list[Path]) -> list[str]:
    """``python -m scanner scan REPO --format json`` plus one ``--policy`` per directory."""
    argv = harness.scanner_command("scan", str(repo), "--format", "json")
    for policy in policies:
        argv += ["--policy", str(policy)]
    return argv


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated file counts (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept (default 1)")
    parser.add_argument("--seed", type=int, default=generate_repo.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where generated repositories are kept")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a run is killed (default 1800)")
    parser.add_argument("--policy", type=Path, action="append", default=[], help="extra policy directory (repeatable)")
    parser.add_argument("--checkov", action="store_true", help="also time Checkov and print the ratio")
    parser.add_argument("--checkov-bin", type=Path, default=None, help="Checkov executable (default: PATH, then "
                        f"{DEFAULT_CHECKOV_VENV_BIN})")
    args = parser.parse_args(argv)
    try:
        sizes = harness.parse_sizes(args.sizes)
    except ValueError as error:
        parser.error(str(error))

    missing = harness.subcommand_missing("scan")
    if missing:
        print(f"bench_scan: 'bastion scan' is not available yet ({missing}); nothing to time.", file=sys.stderr)
        return 2
    checkov = None
    if args.checkov:
        checkov = find_checkov(args.checkov_bin)
        if checkov is None:
            print("bench_scan: --checkov given but no Checkov executable found; install it with "
                  "'python -m venv /tmp/checkov-venv && /tmp/checkov-venv/bin/pip install checkov' "
                  "or pass --checkov-bin.", file=sys.stderr)
            return 2

    common = {"repeat": args.repeat, "seed": args.seed, "cache_dir": args.cache_dir, "timeout": args.timeout}
    rows = harness.run_series(sizes, lambda repo: scan_argv(repo, args.policy), summarize_scan,
                              ok_codes=SCAN_OK_CODES, **common)
    print("\nbastion scan")
    print(harness.series_table(rows, SCAN_COLUMNS))
    ok = _report_problems("bastion scan", rows)
    if checkov is not None:
        checkov_rows = harness.run_series(sizes, lambda repo: checkov_argv(checkov, repo), summarize_checkov,
                                          ok_codes=CHECKOV_OK_CODES, env=checkov_env(), **common)
        print(f"\ncheckov ({checkov})")
        print(harness.series_table(checkov_rows, CHECKOV_COLUMNS))
        ok = _report_problems("checkov", checkov_rows) and ok
        print("\nratio (checkov wall time / bastion wall time)")
        print(harness.format_table(("files", "bastion s", "checkov s", "ratio"), [
            (ours.files, f"{ours.measurement.wall_seconds:.2f}", f"{theirs.measurement.wall_seconds:.2f}",
             f"{theirs.measurement.wall_seconds / ours.measurement.wall_seconds:.1f}x")
            for ours, theirs in zip(rows, checkov_rows)
        ]))
    return 0 if ok else 1


def _report_problems(label: str, rows: list[harness.SeriesRow]) -> bool:
    ok = True
    for row in rows:
        if row.problem:
            ok = False
            print(f"{label}: problem at {row.files} files: {row.problem}")
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
