"""The parse cache: unchanged Terraform files are not parsed again; any change misses the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.graph import parse_cache, worker
from scanner.model import FileStatus, SourceFile
from scanner.parsers.interface import ParseOptions

TF = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n'


def parse(tmp_path: Path, cache: Path | None, name: str = "main.tf") -> object:
    path = tmp_path / name
    source = SourceFile(name, str(path), "terraform" if name.endswith(".tf") else "dockerfile", path.stat().st_size)
    return worker.parse_source(source, ParseOptions(root=str(tmp_path)), 10_000, cache)


@pytest.fixture()
def exploding_parsers(monkeypatch: pytest.MonkeyPatch):
    def enable() -> None:
        def refuse(name: str):
            raise AssertionError(f"the {name} parser ran although the result was cached")

        monkeypatch.setattr(worker, "parser_for", refuse)

    return enable


def test_second_parse_of_the_same_text_comes_from_the_cache(tmp_path: Path, exploding_parsers) -> None:
    (tmp_path / "main.tf").write_text(TF)
    cache = tmp_path / "cache"
    first = parse(tmp_path, cache)
    exploding_parsers()
    second = parse(tmp_path, cache)
    assert second == first
    assert second.status is FileStatus.PARSED


def test_an_edit_misses_the_cache(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TF)
    cache = tmp_path / "cache"
    parse(tmp_path, cache)
    (tmp_path / "main.tf").write_text(TF.replace('"logs"\n', '"audit"\n'))
    result = parse(tmp_path, cache)
    assert result.payload is not None
    assert len(list(cache.rglob("*.pickle"))) == 2


def test_corrupt_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(TF)
    cache = tmp_path / "cache"
    first = parse(tmp_path, cache)
    [entry] = cache.rglob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert parse(tmp_path, cache) == first
    assert entry.read_bytes() != b"not a pickle"


def test_only_terraform_is_cached_and_off_means_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.19\n")
    cache = tmp_path / "cache"
    parse(tmp_path, cache, "Dockerfile")
    assert not cache.exists()
    monkeypatch.setenv("BASTION_CACHE_DIR", "off")
    assert parse_cache.cache_directory() is None
    monkeypatch.setenv("BASTION_CACHE_DIR", str(cache))
    assert parse_cache.cache_directory() == cache
