"""benchmarks/generate_repo.py writes exactly N parseable, realistic, deterministic files."""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import dockerfile
import hcl2
import pytest
import yaml
from hcl2 import SerializationOptions

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate_repo  # noqa: E402

PLAIN = SerializationOptions(strip_string_quotes=True, explicit_blocks=False, with_comments=False,
                             preserve_heredocs=False)


def kind_of(relative: str) -> str:
    """Which share of the mix a generated path belongs to."""
    name = relative.rsplit("/", 1)[-1]
    if name.endswith((".tf", ".tfvars")):
        return "terraform"
    if relative.startswith("k8s/"):
        return "kubernetes"
    if name.startswith("Dockerfile") or name.endswith(".dockerfile"):
        return "dockerfile"
    return "other"


def read_tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def repo50(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("repo50") / "repo"
    generate_repo.generate_repo(50, root)
    return read_tree(root)


@pytest.fixture(scope="module")
def repo400(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path_factory.mktemp("repo400") / "repo"
    generate_repo.generate_repo(400, root)
    return root, read_tree(root)


@pytest.mark.parametrize(("total", "expected"), [
    (1, {"terraform": 1, "kubernetes": 0, "dockerfile": 0, "other": 0}),
    (7, {"terraform": 4, "kubernetes": 2, "dockerfile": 1, "other": 0}),
    (50, {"terraform": 25, "kubernetes": 18, "dockerfile": 5, "other": 2}),
    (10_000, {"terraform": 5000, "kubernetes": 3500, "dockerfile": 1000, "other": 500}),
    (1_001, {"terraform": 501, "kubernetes": 350, "dockerfile": 100, "other": 50}),
])
def test_plan_counts_splits_exactly(total: int, expected: dict[str, int]) -> None:
    assert generate_repo.plan_counts(total) == expected


def test_plan_counts_rejects_an_empty_repository() -> None:
    with pytest.raises(ValueError, match="at least 1 file"):
        generate_repo.plan_counts(0)


def test_repo_has_exactly_n_files_in_the_planned_mix(repo50: dict[str, bytes]) -> None:
    assert len(repo50) == 50
    assert Counter(kind_of(path) for path in repo50) == generate_repo.plan_counts(50)
    assert "README.md" in repo50


def test_every_generated_file_parses(repo50: dict[str, bytes]) -> None:
    for path, raw in repo50.items():
        text = raw.decode("utf-8")
        kind = kind_of(path)
        if kind == "terraform":
            hcl2.parses(text)
        elif kind == "kubernetes":
            documents = list(yaml.safe_load_all(text))
            assert documents and all({"apiVersion", "kind", "metadata"} <= set(d) for d in documents), path
        elif kind == "dockerfile":
            assert dockerfile.parse_string(text)[0].cmd in ("ARG", "FROM"), path
        elif path.endswith((".yml", ".yaml")):
            list(yaml.safe_load_all(text))


def test_resource_addresses_are_unique_per_module_directory(repo50: dict[str, bytes]) -> None:
    addresses: dict[str, list[str]] = {}
    for path, raw in repo50.items():
        if path.endswith(".tf"):
            parsed = hcl2.loads(raw.decode("utf-8"), serialization_options=PLAIN)
            directory = path.rsplit("/", 1)[0]
            for block in parsed.get("resource", []):
                for rtype, named in block.items():
                    addresses.setdefault(directory, []).extend(f"{rtype}.{name}" for name in named)
    assert addresses
    for directory, found in addresses.items():
        assert len(found) == len(set(found)), directory


def test_terraform_files_are_sized_like_hand_written_ones(repo400: tuple[Path, dict[str, bytes]]) -> None:
    _, files = repo400
    sizes = [len(raw) for path, raw in files.items() if path.endswith(".tf")]
    assert max(sizes) <= 4096
    assert 1024 <= statistics.median(sizes) <= 4096


def test_terraform_has_stacks_modules_and_the_common_constructs(repo400: tuple[Path, dict[str, bytes]]) -> None:
    root, files = repo400
    text = {path: raw.decode("utf-8") for path, raw in files.items() if path.endswith((".tf", ".tfvars"))}
    joined = "\n".join(text.values())
    for construct in ("count = ", "for_each = ", "jsonencode(", "dynamic \"", "locals {", "data \"",
                      "required_providers", "backend \""):
        assert construct in joined, construct
    assert {path.split("/")[1] for path in text} >= {"aws", "azure", "gcp", "modules"}
    stacks = Counter(path.rsplit("/", 1)[0] for path in text if not path.startswith("terraform/modules/"))
    assert all(5 <= count <= 10 for count in stacks.values()), stacks
    calls = re.findall(r'source = "(\.\./\.\./modules/[^"]+)"', joined)
    assert calls
    for path, body in text.items():
        for source in re.findall(r'source = "(\.\./[^"]+)"', body):
            target = (root / path).parent.joinpath(source).resolve()
            assert target.is_dir() and target.is_relative_to(root.resolve()), (path, source)


def test_kubernetes_objects_are_unique_and_varied(repo400: tuple[Path, dict[str, bytes]]) -> None:
    _, files = repo400
    identities = []
    multi_document_files = 0
    for path, raw in files.items():
        if kind_of(path) == "kubernetes":
            documents = list(yaml.safe_load_all(raw.decode("utf-8")))
            multi_document_files += len(documents) > 1
            identities += [(d["kind"], d["metadata"].get("namespace"), d["metadata"]["name"]) for d in documents]
    kinds = {kind for kind, _, _ in identities}
    assert len(identities) == len(set(identities))
    assert {"Deployment", "Service", "ConfigMap", "CronJob", "Role", "RoleBinding", "Namespace"} <= kinds
    assert multi_document_files > 0


def test_same_seed_gives_identical_files_and_another_seed_does_not(
        tmp_path: Path, repo50: dict[str, bytes]) -> None:
    generate_repo.generate_repo(50, tmp_path / "again")
    assert read_tree(tmp_path / "again") == repo50
    generate_repo.generate_repo(50, tmp_path / "other-seed", seed=7)
    assert read_tree(tmp_path / "other-seed") != repo50


def test_refuses_a_non_empty_output_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="is not empty"):
        generate_repo.generate_repo(10, tmp_path)
    assert generate_repo.main(["10", str(tmp_path)]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_cli_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert generate_repo.main(["20", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("total") and " 20 files " in lines[-1]
    assert sum(1 for p in (tmp_path / "out").rglob("*") if p.is_file()) == 20
