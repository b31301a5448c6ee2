"""Time what the pre-commit hook runs: ``bastion scan --context directory FILE`` for a commit
that touches one file of a synthetic repository (target: under 0.5 s at 1,000 files).

Usage: ``python benchmarks/bench_precommit.py [--files 1000] [--repeat 5] [--modes directory,root,paths]``

For each changed file (a Terraform file of a root stack that calls a local module, a Kubernetes
manifest and a Dockerfile, the first of each in path order) and each ``--context`` mode, the scan
runs as a fresh child process, as the hook does: first with an empty parse cache (``cold``),
then ``--repeat`` times with the cache filled (``warm``: the usual case, since every commit and
scan refills it). The table gives the files parsed, the cold time, the best and the median warm
time, and the verdict of the median against the target. ``--profile`` adds bastion's own phase
timings (``--debug``) of one warm run per row. Exit code 0 when every run succeeded, 1 when one
failed, 2 when ``--context`` is not available.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_harness as harness  # noqa: E402
import generate_repo  # noqa: E402

#: The issue's target for one changed file in a repository of 1,000 files.
TARGET_SECONDS = 0.5
#: bastion scan: 0 clean, 1 findings (with --fail-on none: always 0), 3 input errors; all finish.
OK_CODES = frozenset({0, 1, 3})
_MODULE_CALL = re.compile(r'source\s*=\s*"\.\.?/')


@dataclass
class Row:
    """One (changed file, mode) measurement."""

    label: str
    mode: str
    parsed: int | None = None
    findings: int | None = None
    cold: float | None = None
    warm: list[float] | None = None
    phases: str = ""
    problem: str = ""


def pick_changed_files(repo: Path) -> list[tuple[str, Path]]:
    """One file per kind, first in path order: a Terraform root-stack file whose directory calls a
    local module, a Kubernetes manifest and a Dockerfile."""
    picks: list[tuple[str, Path]] = []
    for candidate in sorted(repo.glob("terraform/*/*/main.tf")):
        if any(_MODULE_CALL.search(path.read_text(encoding="utf-8")) for path in candidate.parent.glob("*.tf")):
            picks.append(("terraform (calls a module)", candidate))
            break
    manifests = sorted(repo.glob("k8s/**/*.yaml"))
    if manifests:
        picks.append(("kubernetes manifest", manifests[0]))
    dockerfiles = sorted(repo.glob("services/**/Dockerfile"))
    if dockerfiles:
        picks.append(("dockerfile", dockerfiles[0]))
    return picks


def scan_argv(repo: Path, changed: Path, mode: str, debug: bool = False) -> list[str]:
    """The hook's command for ``changed`` (JSON output, never failing on findings)."""
    extra = ["--debug"] if debug else []
    return harness.console_script_command("scan", "--root", str(repo), "--context", mode, "--format", "json",
                                          "--fail-on", "none", *extra, str(changed))


def measure_row(repo: Path, label: str, changed: Path, mode: str, repeat: int, timeout: float, profile: bool) -> Row:
    """Cold run with a fresh cache directory, then ``repeat`` warm runs with it."""
    row = Row(label, mode)
    cache = Path(tempfile.mkdtemp(prefix="bench-precommit-cache-"))
    env = {**os.environ, "BASTION_CACHE_DIR": str(cache)}
    try:
        runs = []
        for _ in range(repeat + 1):
            run = harness.measure(scan_argv(repo, changed, mode), timeout=timeout, env=env)
            runs.append(run)
            if run.returncode not in OK_CODES or run.timed_out:
                row.problem = f"exit {run.returncode}: {run.stderr_tail or 'no error output'}"
                break
        if not row.problem:
            document = json.loads(runs[-1].stdout_path.read_text(encoding="utf-8"))
            row.parsed = document["stats"]["parsed"]
            row.findings = len(document["findings"])
            row.cold = runs[0].wall_seconds
            row.warm = [run.wall_seconds for run in runs[1:]]
            if profile:
                debug = harness.measure(scan_argv(repo, changed, mode, debug=True), timeout=timeout, env=env)
                row.phases = next((line for line in debug.stderr_tail.splitlines() if line.startswith("timings:")), "")
                debug.stdout_path.unlink(missing_ok=True)
        for run in runs:
            run.stdout_path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return row


def table(rows: list[Row]) -> str:
    """The results as a plain-text table."""
    lines = []
    for row in rows:
        if row.problem:
            lines.append((row.label, row.mode, "-", "-", "-", "-", "-", "FAILED"))
            continue
        warm = row.warm or [0.0]
        median = statistics.median(warm)
        lines.append((row.label, row.mode, row.parsed, row.findings, f"{row.cold:.3f}", f"{min(warm):.3f}",
                      f"{median:.3f}", harness.verdict(median, TARGET_SECONDS)))
    return harness.format_table(("changed file", "context", "parsed", "findings", "cold s", "warm best s",
                                 "warm median s", f"<= {TARGET_SECONDS} s"), lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring for the exit codes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="files in the synthetic repository (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per row (default %(default)s)")
    parser.add_argument("--modes", default="directory,root", help="--context modes to time (default %(default)s)")
    parser.add_argument("--seed", type=int, default=generate_repo.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where generated repositories are kept")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is killed (default 600)")
    parser.add_argument("--profile", action="store_true", help="also print bastion's phase timings per row")
    args = parser.parse_args(argv)
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]

    help_text = subprocess.run(harness.console_script_command("scan", "--help"), capture_output=True, text=True, check=False).stdout
    if "--context" not in help_text:
        print("bench_precommit: 'bastion scan --context' is not available; nothing to time.", file=sys.stderr)
        return 2
    repo = harness.cached_repo(args.files, args.seed, args.cache_dir)
    picks = pick_changed_files(repo)
    print(f"repository: {repo} ({args.files} files); one changed file per row; {args.repeat} warm runs")
    rows = [measure_row(repo, label, changed, mode, args.repeat, args.timeout, args.profile)
            for label, changed in picks for mode in modes]
    for (label, changed) in picks:
        print(f"  {label}: {changed.relative_to(repo)}")
    print()
    print(table(rows))
    for row in rows:
        if row.phases:
            print(f"{row.label} / {row.mode}: {row.phases}")
        if row.problem:
            print(f"{row.label} / {row.mode}: {row.problem}")
    return 1 if any(row.problem for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
