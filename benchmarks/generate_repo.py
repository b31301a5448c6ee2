"""Generate a deterministic, synthetic but realistic repository of N files for the benchmarks.

Usage: ``python benchmarks/generate_repo.py N OUTDIR [--seed S]``

The mix follows real infrastructure repositories: about 50% Terraform (root stacks of 5-10
files and local modules of 5, across AWS, Azure and GCP), 35% Kubernetes multi-document
manifests, 10% Dockerfiles and 5% other files (README, docs, CI workflows, compose files).
The same N and seed always give byte-identical files; OUTDIR must be empty or absent. Nothing
in it is meant to be executed.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from repo_synth import dockerfiles, kubernetes, other, terraform  # noqa: E402

#: Bump when the generated content changes, so cached repositories are regenerated.
GENERATOR_VERSION = 1
DEFAULT_SEED = 1729
SHARES = (("terraform", 0.50), ("kubernetes", 0.35), ("dockerfile", 0.10), ("other", 0.05))

_TEAMS = ("payments", "search", "catalog", "identity", "checkout", "platform", "data", "growth", "mobile", "ops")
_PURPOSES = ("core", "edge", "batch", "storage", "network", "analytics", "gateway", "ml", "cdn", "queue")
_CLOUD_WEIGHTS = (("aws", 50), ("azure", 25), ("gcp", 25))
_K8S_FILES_PER_TEAM = 24
_MODULE_SHARE = 0.35


@dataclass
class RepoSummary:
    """What :func:`generate_repo` wrote: file count and bytes per kind."""

    files: dict[str, int] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)

    @property
    def total_files(self) -> int:
        """All files written."""
        return sum(self.files.values())

    @property
    def total_bytes(self) -> int:
        """All bytes written."""
        return sum(self.bytes.values())


def plan_counts(total: int) -> dict[str, int]:
    """Split ``total`` files over the kinds of :data:`SHARES` (largest remainder, exact sum)."""
    if total < 1:
        raise ValueError(f"the repository needs at least 1 file, got {total}")
    raw = {kind: total * share for kind, share in SHARES}
    counts = {kind: int(value) for kind, value in raw.items()}
    order = sorted(raw, key=lambda kind: (-(raw[kind] - counts[kind]), [k for k, _ in SHARES].index(kind)))
    for kind in order[: total - sum(counts.values())]:
        counts[kind] += 1
    return counts


def generate_repo(total: int, outdir: str | Path, seed: int = DEFAULT_SEED) -> RepoSummary:
    """Write a repository of exactly ``total`` files under ``outdir`` and summarize it.

    Raises ``FileExistsError`` when ``outdir`` exists and is not empty, ``ValueError`` when
    ``total`` < 1. Each unit (stack, manifest, Dockerfile) has its own generator seeded from
    ``seed``, its kind and its index, so the output depends only on ``total`` and ``seed``.
    """
    root = Path(outdir)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; give an empty or new directory")
    counts = plan_counts(total)
    summary = RepoSummary()
    writer = _Writer(root, summary)
    _write_other(writer, counts["other"], total, seed)
    _write_terraform(writer, counts["terraform"], seed)
    _write_kubernetes(writer, counts["kubernetes"], seed)
    _write_dockerfiles(writer, counts["dockerfile"], seed)
    return summary


class _Writer:
    """Writes files under the root, refusing duplicates, and counts them per kind."""

    def __init__(self, root: Path, summary: RepoSummary) -> None:
        self.root = root
        self.summary = summary
        self.written: set[str] = set()

    def write(self, kind: str, relative: str, content: str) -> None:
        if relative in self.written:
            raise RuntimeError(f"generator bug: {relative} written twice")
        self.written.add(relative)
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        self.summary.files[kind] = self.summary.files.get(kind, 0) + 1
        self.summary.bytes[kind] = self.summary.bytes.get(kind, 0) + len(data)


def _unit_rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}/{kind}/{index}")


def _unique_name(rng: random.Random, taken: set[str], words_a: tuple[str, ...], words_b: tuple[str, ...]) -> str:
    base = f"{rng.choice(words_a)}-{rng.choice(words_b)}"
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}-{counter}", counter + 1
    taken.add(name)
    return name


def _write_terraform(writer: _Writer, budget: int, seed: int) -> None:
    taken: set[str] = set()
    index = 0
    while budget > 0:
        rng = _unit_rng(seed, "terraform", index)
        cloud = rng.choices([c for c, _ in _CLOUD_WEIGHTS], weights=[w for _, w in _CLOUD_WEIGHTS])[0]
        stack = _unique_name(rng, taken, _TEAMS, _PURPOSES)
        module = None
        if budget >= 10 and rng.random() < _MODULE_SHARE:
            group = rng.choice(sorted(terraform.CLOUDS[cloud].GROUPS))
            module = terraform.ModuleRef(name=f"{cloud}-{group}-{index:04d}", cloud=cloud, group=group)
            for name, content in terraform.module_files(rng, module).items():
                writer.write("terraform", f"terraform/modules/{module.name}/{name}", content)
            budget -= len(terraform.MODULE_FILES)
        size = _stack_size(rng, budget)
        for name, content in terraform.stack_files(rng, stack, cloud, size, module).items():
            writer.write("terraform", f"terraform/{cloud}/{stack}/{name}", content)
        budget -= size
        index += 1


def _stack_size(rng: random.Random, budget: int) -> int:
    """5-10 files, leaving either nothing or at least 5 for the next stack."""
    if budget <= 10:
        return budget
    size = rng.randint(5, 10)
    if budget - size < 5:
        size = budget - 5
    return size


def _write_kubernetes(writer: _Writer, budget: int, seed: int) -> None:
    taken: set[str] = set()
    for index in range(budget):
        team = _TEAMS[(index // _K8S_FILES_PER_TEAM) % len(_TEAMS)]
        batch = index // (_K8S_FILES_PER_TEAM * len(_TEAMS))
        namespace = team if batch == 0 else f"{team}-{batch + 1}"
        rng = _unit_rng(seed, "kubernetes", index)
        if index % _K8S_FILES_PER_TEAM == 0:
            writer.write("kubernetes", f"k8s/{namespace}/namespace.yaml",
                         kubernetes.manifest_file(rng, f"{namespace}-base", namespace, kind="namespace"))
            continue
        app = _unique_name(rng, taken, (team,), _PURPOSES + ("api", "worker", "web", "sync", "cron"))
        writer.write("kubernetes", f"k8s/{namespace}/{app}.yaml", kubernetes.manifest_file(rng, app, namespace))


def _write_dockerfiles(writer: _Writer, budget: int, seed: int) -> None:
    taken: set[str] = set()
    for index in range(budget):
        rng = _unit_rng(seed, "dockerfile", index)
        service = _unique_name(rng, taken, _TEAMS, ("api", "worker", "web", "sync", "gateway", "consumer"))
        roll = rng.random()
        if roll < 0.85:
            relative = f"services/{service}/Dockerfile"
        elif roll < 0.93:
            relative = f"services/{service}/Dockerfile.dev"
        else:
            relative = f"docker/{service}.dockerfile"
        writer.write("dockerfile", relative, dockerfiles.dockerfile(rng, service))


def _write_other(writer: _Writer, budget: int, total: int, seed: int) -> None:
    if budget < 1:
        return
    writer.write("other", "README.md", other.root_readme(total, seed))
    taken: set[str] = set()
    for index in range(budget - 1):
        rng = _unit_rng(seed, "other", index)
        name = _unique_name(rng, taken, _TEAMS, _PURPOSES)
        relative, content = other.other_file(rng, index, name)
        writer.write("other", relative, content)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code (2 for bad arguments or a non-empty OUTDIR)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=int, help="number of files to generate (>= 1)")
    parser.add_argument("outdir", type=Path, help="empty or new directory to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    try:
        summary = generate_repo(args.files, args.outdir, args.seed)
    except (FileExistsError, ValueError) as error:
        print(f"generate_repo: {error}", file=sys.stderr)
        return 2
    for kind in sorted(summary.files):
        print(f"{kind:<11} {summary.files[kind]:>7} files {summary.bytes[kind] / 1024:>10.1f} KiB")
    print(f"{'total':<11} {summary.total_files:>7} files {summary.total_bytes / 1024:>10.1f} KiB -> {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
