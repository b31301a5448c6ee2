"""Where the built-in rule pack lives, and what each rule folder of it contains.

The pack is the repository's ``rules/`` directory: data (Rego, fixtures, YAML), never an
importable top-level package. In a wheel it is shipped as package data of
``scanner.engine.rulepack`` (``[tool.setuptools.package-dir]`` maps that package to ``rules``);
in a source checkout or an editable install the ``scanner/engine/rulepack`` directory is only a
placeholder, and the pack is read from ``rules/`` next to the ``scanner`` package.

Layout of the pack: ``lib/`` (shared helpers, package ``bastion.lib``) and one folder per rule,
``<target>/<ID>_<name>/`` with ``policy.rego`` and ``fixtures/{pass,fail}/*`` plus
``fixtures/expected.yaml`` (fail fixture name -> the lines the rule reports).

A fixture is a file, or a directory (``fixtures/fail/<case>/``) whose files form one small
repository, for rules that join several files (a Kubernetes manifest and the Dockerfile that
builds its image). The files of a directory fixture are named ``<case>/<path in the case>`` and
``expected.yaml`` lists the lines per file: ``<case>/k8s/deploy.yaml: [9]``.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

PACK_PACKAGE = "scanner.engine.rulepack"

#: Prefix of built-in policy paths in messages: they are not files of the scanned repository.
BUILTIN_PREFIX = "<builtin>"


class PackNotFoundError(RuntimeError):
    """The built-in rule pack is missing from this installation."""


def pack_root() -> Traversable:
    """The root of the built-in pack (``rules/``), from the installed package or the checkout."""
    try:
        root = importlib.resources.files(PACK_PACKAGE)
        if root.joinpath("lib").is_dir():
            return root
    except ModuleNotFoundError:
        pass
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.joinpath("lib").is_dir():
        return checkout
    raise PackNotFoundError("the built-in rule pack is missing from this installation of bastion")


def walk(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """Every file below ``root`` as (relative POSIX path, file), sorted by path."""
    found: list[tuple[str, Traversable]] = []
    for entry in root.iterdir():
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            found.extend(walk(entry, relative + "/"))
        elif entry.is_file():
            found.append((relative, entry))
    return sorted(found, key=lambda item: item[0])


def is_policy_file(relative: str, include_tests: bool = False) -> bool:
    """True for a ``.rego`` file outside ``fixtures/``; ``_test.rego`` only when asked."""
    parts = relative.split("/")
    if not relative.endswith(".rego") or "fixtures" in parts[:-1]:
        return False
    return include_tests or not relative.endswith("_test.rego")


@dataclass(frozen=True)
class RuleFolder:
    """One rule folder of the pack: ``<target>/<ID>_<name>/``.

    ``pass_fixtures`` and ``fail_fixtures`` map a fixture file name to its text (``<case>/<path>``
    for the files of a directory fixture); ``expected`` maps fail fixture file names to the sorted
    start lines the rule must report there (``None`` when ``fixtures/expected.yaml`` is missing or
    malformed: the pack test reports it).
    """

    target: str
    folder: str
    relative: str
    policy: str
    pass_fixtures: dict[str, str]
    fail_fixtures: dict[str, str]
    expected: dict[str, list[int]] | None

    @property
    def rule_id(self) -> str:
        """The ID the folder name declares (``DKR001`` for ``DKR001_unpinned_base_image``)."""
        return self.folder.split("_", 1)[0]


def fixture_case(name: str) -> str:
    """The fixture a fixture file belongs to: the file itself, or the directory ``<case>``."""
    return name.split("/", 1)[0]


def fixture_cases(fixtures: dict[str, str]) -> dict[str, dict[str, str]]:
    """Fixture files grouped per fixture: case -> {path inside the case's scan root: text}.

    A single-file fixture ``latest.Dockerfile`` is the case ``latest.Dockerfile`` holding that one
    file; the files ``<case>/a/b.yaml`` of a directory fixture are ``a/b.yaml`` of case ``<case>``.
    """
    cases: dict[str, dict[str, str]] = {}
    for name, text in fixtures.items():
        case, slash, inner = name.partition("/")
        cases.setdefault(case, {})[inner if slash else name] = text
    return cases


def rule_folders(root: Traversable | None = None) -> list[RuleFolder]:
    """Every rule folder of the pack (those holding a ``policy.rego``), sorted by path."""
    root = root if root is not None else pack_root()
    folders = []
    for target in sorted(root.iterdir(), key=lambda entry: entry.name):
        if not target.is_dir() or target.name == "lib":
            continue
        for folder in sorted(target.iterdir(), key=lambda entry: entry.name):
            policy = folder.joinpath("policy.rego")
            if folder.is_dir() and policy.is_file():
                folders.append(_rule_folder(target.name, folder))
    return folders


def _rule_folder(target: str, folder: Traversable) -> RuleFolder:
    """Read one rule folder's policy and fixtures."""
    fixtures = folder.joinpath("fixtures")
    return RuleFolder(
        target=target,
        folder=folder.name,
        relative=f"{target}/{folder.name}",
        policy=folder.joinpath("policy.rego").read_text(encoding="utf-8"),
        pass_fixtures=_fixture_texts(fixtures.joinpath("pass")),
        fail_fixtures=_fixture_texts(fixtures.joinpath("fail")),
        expected=_expected_lines(fixtures.joinpath("expected.yaml")),
    )


def _fixture_texts(directory: Traversable) -> dict[str, str]:
    """Fixture file name -> text, for the files of one fixtures subdirectory (files of directory
    fixtures named by their path below it)."""
    if not directory.is_dir():
        return {}
    return {relative: entry.read_text(encoding="utf-8") for relative, entry in walk(directory)}


def _expected_lines(path: Traversable) -> dict[str, list[int]] | None:
    """``expected.yaml`` as fixture name -> sorted lines, or None when absent or malformed."""
    if not path.is_file():
        return None
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    expected: dict[str, list[int]] = {}
    for name, lines in data.items():
        if not isinstance(lines, list) or not all(isinstance(line, int) and not isinstance(line, bool) for line in lines):
            return None
        expected[str(name)] = sorted(lines)
    return expected
