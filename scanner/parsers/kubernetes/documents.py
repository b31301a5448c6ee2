"""Decoded text of a YAML or JSON file -> its documents as plain values with attribute lines.

YAML files may hold several documents; each is composed and checked against alias bombs, and
the documents are only constructed when one of them may be a Kubernetes object (so other YAML
costs one libyaml pass; a file without Kubernetes objects is skipped). JSON files are one document: the json module gives the
values (exactly as JSON means them) and the YAML composer, fed the same text, gives the lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import Node as YamlNode

from scanner.parsers.kubernetes.identity import is_kubernetes_api_version
from scanner.parsers.kubernetes.manifest import is_kubernetes_object, names_kubernetes_api
from scanner.parsers.kubernetes.plain_values import build_value, record_lines
from scanner.parsers.kubernetes.problems import ManifestProblem
from scanner.parsers.kubernetes.yaml_loader import (
    LineIndex,
    check_aliases,
    compose_documents,
    first_line,
    looks_like_kubernetes,
    written_api_version,
)


@dataclass
class LoadedDocument:
    """One non-empty document: its plain value, attribute lines (empty for documents that are
    not Kubernetes objects), first and last line, and its composed root node when there is one."""

    value: Any
    lines: dict[str, int]
    start_line: int
    end_line: int
    root: YamlNode | None


@dataclass
class LoadedFile:
    """What a file holds: ``documents`` only when ``kubernetes`` (the file has at least one
    Kubernetes object), and the problems found on the way, each with its line."""

    line_index: LineIndex
    kubernetes: bool = False
    documents: list[LoadedDocument] = field(default_factory=list)
    problems: list[ManifestProblem] = field(default_factory=list)


def load_yaml(text: str) -> LoadedFile:
    """Load every document of a YAML text (see the module docstring)."""
    loaded = LoadedFile(LineIndex(text))
    roots, syntax_problem = compose_documents(text)
    syntax_problems = [syntax_problem] if syntax_problem else []
    if "&" in text:  # without an anchor there is no alias to expand
        try:
            check_aliases(roots)
        except ManifestProblem as problem:
            loaded.problems = [problem, *syntax_problems]
            return loaded
    candidates = [looks_like_kubernetes(root) for root in roots]
    loaded.problems = syntax_problems
    if not any(candidates):
        return loaded
    construction_problems: list[ManifestProblem] = []
    for root, candidate in zip(roots, candidates):
        lines: dict[str, int] | None = {} if candidate else None
        try:
            value = build_value(root, lines, construction_problems)
        except ManifestProblem as problem:
            construction_problems.append(problem)
            continue
        start = first_line(root)
        end = loaded.line_index.last_line(root)
        if lines is not None and not is_kubernetes_object(value):
            lines = {}
        loaded.documents.append(LoadedDocument(value, lines or {}, start, end, root))
    # a document that names a Kubernetes API but could not be constructed still makes the file
    # a Kubernetes file, so its problem is reported rather than the file skipped
    loaded.kubernetes = any(names_kubernetes_api(document.value) for document in loaded.documents) or any(
        is_kubernetes_api_version(written_api_version(root) or "") for root in roots
    )
    if not loaded.kubernetes:
        loaded.documents = []
        return loaded
    loaded.problems = sorted([*syntax_problems, *construction_problems], key=lambda problem: problem.line or 0)
    return loaded


def load_json(text: str) -> LoadedFile:
    """Load a JSON text as one document (see the module docstring)."""
    loaded = LoadedFile(LineIndex(text))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        loaded.problems = [ManifestProblem(f"could not parse JSON: {error.msg}", line=error.lineno)]
        return loaded
    except RecursionError:
        loaded.problems = [ManifestProblem("JSON nesting is too deep")]
        return loaded
    if not names_kubernetes_api(value):
        return loaded
    loaded.kubernetes = True
    lines: dict[str, int] = {}
    roots, problem = compose_documents(text)
    if problem is None and len(roots) == 1:
        root: YamlNode | None = roots[0]
        record_lines(roots[0], lines)
        start, end = first_line(roots[0]), loaded.line_index.last_line(roots[0])
    else:  # valid JSON that libyaml reads differently (e.g. a key over 1,024 characters)
        root = None
        stripped = text.strip()
        start = loaded.line_index.line_of(text.find(stripped[:1])) if stripped else 1
        end = loaded.line_index.line_of(len(text.rstrip()) - 1) if stripped else 1
    loaded.documents = [LoadedDocument(value, lines, start, end, root)]
    return loaded
