"""Fixtures for the engine tests: hand-built graph nodes, policy directories, loaded engines."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from scanner.engine import Engine, load_engine
from scanner.model import Document, Edge, Graph, Node


def _node(
    node_id: str,
    kind: str,
    *,
    format: str = "terraform",
    path: str = "main.tf",
    start_line: int = 1,
    end_line: int | None = None,
    attrs: dict[str, Any] | None = None,
    attr_lines: dict[str, int] | None = None,
    unknown: Sequence[str] = (),
    name: str | None = None,
) -> Node:
    return Node(
        id=node_id,
        format=format,
        kind=kind,
        name=name or node_id.split(":", 1)[-1],
        path=path,
        start_line=start_line,
        end_line=end_line if end_line is not None else start_line + 5,
        attrs=attrs or {},
        attr_lines=attr_lines or {},
        unknown=list(unknown),
    )


@pytest.fixture
def make_node() -> Callable[..., Node]:
    """make_node(id, kind, format=, path=, start_line=, end_line=, attrs=, attr_lines=, unknown=, name=)."""
    return _node


@pytest.fixture
def make_graph() -> Callable[..., Graph]:
    """make_graph(nodes=[], edges=[], documents=[]) -> a sorted Graph."""

    def build(nodes: Sequence[Node] = (), edges: Sequence[Edge] = (), documents: Sequence[Document] = ()) -> Graph:
        return Graph(nodes=sorted(nodes, key=lambda n: n.id), edges=sorted(edges), documents=list(documents))

    return build


@pytest.fixture
def policy_dir(tmp_path: Path) -> Callable[..., Path]:
    """policy_dir({"relative/path.rego": text, ...}) writes dedented files under a fresh directory."""
    counter = iter(range(1000))

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / f"policies{next(counter)}"
        for relative, content in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return write


@pytest.fixture
def user_engine(policy_dir: Callable[..., Path]) -> Callable[..., Engine]:
    """user_engine({files}, namespaces=("main",), all_namespaces=False) -> an engine of those policies only."""

    def load(files: dict[str, str | bytes], **options: Any) -> Engine:
        return load_engine([str(policy_dir(files))], include_builtin=False, **options)

    return load


@pytest.fixture(scope="session")
def builtin_engine() -> Engine:
    """The engine of the built-in pack alone, loaded once for the session."""
    return load_engine()
