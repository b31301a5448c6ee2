"""Shared machinery of the benchmark scripts: cached repositories, timed child processes, tables.

Every measurement runs the command as a fresh child process, so interpreter start-up and
imports are part of the figure, as a user sees them. Peak memory comes from two sources:
``os.wait4``'s ``ru_maxrss`` (exact, but the largest *single* process of the child's tree) and a
sampler that sums the resident memory of the whole process tree every 20 ms on Linux (catches
a process pool's total, but may miss a short spike).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import generate_repo

_SAMPLE_INTERVAL = 0.02
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Measurement:
    """One timed run of a command.

    ``max_rss_mib`` is the largest resident set of any single process of the tree (``wait4``);
    ``tree_rss_mib`` the largest sampled sum over the tree, or None where ``/proc`` is missing.
    ``stdout_path`` holds the command's output (the caller deletes it); ``stderr_tail`` the last
    lines of its error output.
    """

    argv: tuple[str, ...]
    returncode: int
    wall_seconds: float
    max_rss_mib: float
    tree_rss_mib: float | None
    stdout_path: Path
    stderr_tail: str
    timed_out: bool = False


def default_cache_dir() -> Path:
    """Where generated repositories are kept between runs: ``$TMPDIR/bastion-bench``."""
    return Path(tempfile.gettempdir()) / "bastion-bench"


def cached_repo(files: int, seed: int = generate_repo.DEFAULT_SEED, cache_dir: Path | None = None) -> Path:
    """The synthetic repository of ``files`` files, generated once and then reused.

    The directory name carries the size, seed and generator version, so a changed generator
    never serves stale files. Generation goes to a scratch directory renamed into place when
    complete, so an interrupted run never leaves a half-written repository behind.
    """
    final = cached_repo_path(files, seed, cache_dir)
    if final.is_dir():
        return final
    base = final.parent
    base.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".partial-n{files}-", dir=base))
    try:
        generate_repo.generate_repo(files, scratch / "repo", seed)
        (scratch / "repo").rename(final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return final


def cached_repo_path(files: int, seed: int = generate_repo.DEFAULT_SEED, cache_dir: Path | None = None) -> Path:
    """Where :func:`cached_repo` keeps (or will keep) the repository of ``files`` files."""
    base = cache_dir or default_cache_dir()
    return base / f"repo-n{files}-s{seed}-v{generate_repo.GENERATOR_VERSION}"


def repo_size_mib(root: Path) -> float:
    """Total size of the regular files under ``root`` in MiB."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def scanner_command(*args: str) -> list[str]:
    """``[python, -m, scanner, *args]`` with the interpreter running this script."""
    return [sys.executable, "-m", "scanner", *args]


def console_script_command(*args: str) -> list[str]:
    """The installed ``bastion`` console script next to this interpreter, else ``python -m scanner``."""
    candidate = Path(sys.executable).with_name("bastion")
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return [str(candidate), *args]
    return scanner_command(*args)


def subcommand_missing(subcommand: str) -> str | None:
    """None when ``bastion <subcommand> --help`` works, else a one-line reason why not."""
    try:
        result = subprocess.run(scanner_command(subcommand, "--help"), capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return f"'bastion {subcommand} --help' did not answer within 60 s"
    if result.returncode == 0:
        return None
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1] if lines else f"'bastion {subcommand} --help' exited with {result.returncode}"


def measure(argv: Sequence[str], *, timeout: float | None = None, env: dict[str, str] | None = None) -> Measurement:
    """Run ``argv`` once as a child process and measure wall time and peak memory.

    Standard output goes to a temporary file (returned as ``stdout_path``), standard error to
    another whose last lines are kept. ``timeout`` kills the child after that many seconds and
    sets ``timed_out``.
    """
    out_fd, out_name = tempfile.mkstemp(prefix="bench-out-", suffix=".txt")
    with os.fdopen(out_fd, "wb") as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, env=env)
        sampler = _TreeSampler(process.pid)
        sampler.start()
        killer = _start_killer(process, timeout)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        timed_out = False
        if killer is not None:
            killer.cancel()
            timed_out = killer.fired
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", errors="replace").strip().splitlines()[-8:]
    return Measurement(
        argv=tuple(argv),
        returncode=process.returncode,
        wall_seconds=wall,
        max_rss_mib=_maxrss_to_mib(usage.ru_maxrss),
        tree_rss_mib=sampler.peak_mib,
        stdout_path=Path(out_name),
        stderr_tail="\n".join(tail),
        timed_out=timed_out,
    )


def best_of(argv: Sequence[str], repeat: int, **kwargs: object) -> Measurement:
    """Run ``argv`` ``repeat`` times; keep the fastest run, with the highest memory seen in any."""
    runs = [measure(argv, **kwargs) for _ in range(max(1, repeat))]  # type: ignore[arg-type]
    fastest = min(runs, key=lambda run: run.wall_seconds)
    for run in runs:
        if run is not fastest:
            run.stdout_path.unlink(missing_ok=True)
    trees = [run.tree_rss_mib for run in runs if run.tree_rss_mib is not None]
    return Measurement(
        argv=fastest.argv,
        returncode=max((run.returncode for run in runs), key=abs),
        wall_seconds=fastest.wall_seconds,
        max_rss_mib=max(run.max_rss_mib for run in runs),
        tree_rss_mib=max(trees) if trees else None,
        stdout_path=fastest.stdout_path,
        stderr_tail=fastest.stderr_tail,
        timed_out=any(run.timed_out for run in runs),
    )


def parse_sizes(text: str) -> list[int]:
    """``"100,1000,10_000"`` -> ``[100, 1000, 10000]``; raises ValueError on anything else."""
    sizes = [int(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or any(size < 1 for size in sizes):
        raise ValueError(f"sizes must be positive integers separated by commas, got {text!r}")
    return sizes


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, right-aligned, with a rule under the headers."""
    cells = [[str(h) for h in headers]] + [["-" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def verdict(value: float, target: float) -> str:
    """``"ok"`` when ``value`` is within ``target``, else ``"OVER"``."""
    return "ok" if value <= target else "OVER"


def import_times(argv: Sequence[str], top: int = 12) -> list[tuple[str, int]]:
    """Run ``python -X importtime`` on ``argv``'s module command; the slowest imports (cumulative µs)."""
    command = [sys.executable, "-X", "importtime", *argv[1:]] if argv[0] == sys.executable else list(argv)
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    entries: list[tuple[str, int]] = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, _, rest = line.partition(":")
        fields = [field.strip() for field in rest.split("|")]
        if len(fields) == 3 and fields[1].isdigit():
            entries.append((fields[2].strip(), int(fields[1])))
    return sorted(entries, key=lambda entry: -entry[1])[:top]


def _maxrss_to_mib(maxrss: int) -> float:
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 1024


class _Killer(threading.Timer):
    """A timer that kills a process and remembers that it did."""

    fired = False


def _start_killer(process: subprocess.Popen[bytes], timeout: float | None) -> _Killer | None:
    if timeout is None:
        return None

    def kill() -> None:
        killer.fired = True
        process.kill()

    killer = _Killer(timeout, kill)
    killer.daemon = True
    killer.start()
    return killer


class _TreeSampler:
    """Samples the summed RSS of a process and its descendants from ``/proc``, in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_bytes = 0
        self.available = Path("/proc/self/stat").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def peak_mib(self) -> float | None:
        return self.peak_bytes / 2**20 if self.available else None

    def start(self) -> None:
        if self.available:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._tree_rss())
            self._stop.wait(_SAMPLE_INTERVAL)

    def _tree_rss(self) -> int:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            # The command name is in parentheses and may hold spaces; fields after it are fixed.
            fields = stat[stat.rfind(b")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        total, pending = 0, [self.pid]
        while pending:
            pid = pending.pop()
            pending.extend(children.get(pid, ()))
            try:
                with open(f"/proc/{pid}/statm", "rb") as handle:
                    total += int(handle.read().split()[1]) * _PAGE_SIZE
            except (OSError, IndexError, ValueError):
                continue
        return total


@dataclass(frozen=True)
class SeriesRow:
    """One size of a benchmark series: the measurement plus what the output said."""

    files: int
    repo_mib: float
    measurement: Measurement
    summary: dict[str, object]
    problem: str | None

    @property
    def files_per_second(self) -> float:
        """Files handled per second of wall time."""
        return self.files / self.measurement.wall_seconds if self.measurement.wall_seconds else float("inf")


def run_series(
    sizes: Sequence[int],
    build_argv: Callable[[Path], list[str]],
    summarize: Callable[[object], dict[str, object]],
    *,
    ok_codes: frozenset[int] = frozenset({0}),
    repeat: int = 1,
    seed: int = generate_repo.DEFAULT_SEED,
    cache_dir: Path | None = None,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> list[SeriesRow]:
    """Time ``build_argv(repo)`` on the cached repository of each size.

    ``summarize`` turns the command's JSON output into extra table columns. A run whose exit
    code is not in ``ok_codes``, that timed out, or whose output is not JSON gets a ``problem``
    sentence (with the end of its error output) instead of raising.
    """
    rows = []
    for size in sizes:
        if not cached_repo_path(size, seed, cache_dir).is_dir():
            print(f"generating the {size}-file repository ...", file=sys.stderr)
        repo = cached_repo(size, seed, cache_dir)
        print(f"timing {size} files ...", file=sys.stderr)
        run = best_of(build_argv(repo), repeat, timeout=timeout, env=env)
        summary: dict[str, object] = {}
        problem = None
        if run.timed_out:
            problem = f"timed out after {timeout} s"
        elif run.returncode not in ok_codes:
            problem = f"exit code {run.returncode}: {run.stderr_tail or '(no error output)'}"
        try:
            with open(run.stdout_path, "rb") as handle:
                summary = summarize(json.load(handle))
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            problem = problem or f"output is not the expected JSON ({type(error).__name__}: {error})"
        finally:
            run.stdout_path.unlink(missing_ok=True)
        rows.append(SeriesRow(size, repo_size_mib(repo), run, summary, problem))
    return rows


def series_table(rows: Sequence[SeriesRow], extra_columns: Sequence[str]) -> str:
    """The standard table of a series: size, time, throughput, memory, then ``extra_columns``."""
    headers = ["files", "MiB", "wall s", "files/s", "max RSS MiB", "tree RSS MiB", *extra_columns, "exit"]
    body = []
    for row in rows:
        m = row.measurement
        body.append([
            row.files, f"{row.repo_mib:.1f}", f"{m.wall_seconds:.2f}", f"{row.files_per_second:.0f}",
            f"{m.max_rss_mib:.0f}", None if m.tree_rss_mib is None else f"{m.tree_rss_mib:.0f}",
            *[row.summary.get(column) for column in extra_columns], m.returncode,
        ])
    return format_table(headers, body)
