"""Which policy modules are on the OPA server for this run: push, retry, refuse, remove.

Push mode: each module goes to ``bastion/<its file path>`` (an ID made of safe characters,
unique per file). OPA compiles a pushed module together with everything already there, so
a module calling a function of a module pushed later fails with "undefined function"; such
modules wait and are retried after every later push. Modules still failing when evaluation
starts are reported through their rules (:meth:`ModuleRegistry.finish_loading`). A package
already held by a module bastion did not push is refused, so foreign rules never mix in.

Server-policies mode: nothing is pushed; a module is accepted when it is deployed under the
prefix (same ID, or the same text under another ID).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scanner.engine.backend import (
    PolicyCompileError,
    PolicyEvaluationError,
    RegoVersion,
)
from scanner.engine.opa_errors import OpaErrorAnswer, OpaErrorItem
from scanner.engine.opa_session import PolicyAnswerError
from scanner.engine.rego_parse import data_path, parse_module

if TYPE_CHECKING:
    from scanner.engine.opa_session import OpaSession

#: Policy IDs of pushed modules start with this.
PUSH_PREFIX = "bastion"

_UNSAFE_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_IMPORT_V1 = re.compile(r"^\s*import\s+rego\.v1\b", re.MULTILINE)
_ORDERING_MESSAGES = ("undefined function", "undefined ref")
_PACKAGE_CLAUSE = re.compile(r"^[ \t]*package[ \t]+([^\n#]+)", re.MULTILINE)
_PACKAGE_SEGMENT = re.compile(r'\s*(?:\.?\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*"((?:[^"\\]|\\.)*)"\s*\])')


@dataclass
class _Module:
    """A module bastion pushes: where it came from, its ID on the server, its package.

    ``package`` is None when the package clause could not be read (no conflict check then).
    """

    filename: str
    source: str
    version: RegoVersion
    policy_id: str
    package: tuple[str, ...] | None
    package_line: int | None


class ModuleRegistry:
    """The modules of one run on one server (see the module docstring).

    ``inventory`` maps the IDs of the modules on the server at connection time to their package
    segments; ``server_prefix`` (None in push mode) is the server-policies ID prefix.
    """

    def __init__(self, session: OpaSession, inventory: dict[str, tuple[str, ...]], server_prefix: str | None) -> None:
        self._session = session
        self._inventory = inventory
        self._server_prefix = server_prefix
        self._names: dict[str, str] = {}
        self._pushed: list[_Module] = []
        self._waiting: list[tuple[_Module, OpaErrorAnswer]] = []
        self._failed_rules: dict[str, PolicyEvaluationError] | None = None
        self._deployed: dict[str, str] | None = None

    # -- server-policies mode ----------------------------------------------------------------

    def deployed_policies(self) -> list[tuple[str, str]]:
        """(policy ID, text) of every module under the server-policies prefix, sorted by ID."""
        if self._server_prefix is None:
            return []
        if self._deployed is None:
            wanted = sorted(policy_id for policy_id in self._inventory if _under_prefix(policy_id, self._server_prefix))
            self._deployed = {policy_id: self._session.policy_text(policy_id) for policy_id in wanted}
        return sorted(self._deployed.items())

    # -- loading ---------------------------------------------------------------------------

    def add(self, filename: str, source: str, version: RegoVersion) -> None:
        """Push a module, or (server-policies mode) check that it is deployed; see the module docstring."""
        if self._server_prefix is not None:
            self._check_deployed(filename, source)
            return
        package, package_line = read_package(source)
        module = _Module(filename, source, version, self._policy_id(filename), package, package_line)
        self._refuse_foreign_package(module)
        try:
            self._session.put_policy(module.policy_id, source)
        except PolicyAnswerError as failure:
            if _is_ordering_problem(failure.answer):
                self._waiting.append((module, failure.answer))
                return
            raise self._compile_error(module, failure.answer) from None
        self._pushed.append(module)
        if self._waiting:
            self._retry_waiting(module)

    def finish_loading(self) -> dict[str, PolicyEvaluationError]:
        """Retry waiting modules a last time; return rule path -> error for those still failing.

        Called when evaluation starts (and cheap afterwards). Every rule a failed module defines
        reports that module's error, the way the embedded engine reports compile problems lazily.
        """
        if self._failed_rules is None:
            self._retry_waiting()
            failed: dict[str, PolicyEvaluationError] = {}
            for module, answer in self._waiting:
                error = self._compile_error(module, answer)
                try:
                    parsed = parse_module(module.filename, module.source)
                except PolicyCompileError:  # not expected: the loader parsed the module before
                    continue
                for rule in parsed.rule_names():
                    failed[data_path(parsed.package_parts, rule)] = PolicyEvaluationError(error.path, error.line, error.message)
            self._failed_rules = failed
        return self._failed_rules

    def filename_for(self, policy_id: str) -> str:
        """The file a policy ID stands for (the ID itself for modules bastion did not push)."""
        return self._names.get(policy_id, policy_id)

    def with_filenames(self, text: str) -> str:
        """``text`` with every policy ID bastion pushed replaced by its file (for OPA's messages)."""
        for policy_id in sorted(self._names, key=len, reverse=True):
            if policy_id in text:
                text = text.replace(policy_id, self._names[policy_id])
        return text

    # -- cleanup ---------------------------------------------------------------------------

    def remove_pushed(self) -> list[str]:
        """Delete every pushed module, dependents first; return what could not be deleted.

        A module OPA refuses to delete because another still depends on it is retried after
        the others. A transport failure raises ``OpaServerError`` (the caller stops cleaning up).
        """
        remaining = list(reversed(self._pushed))
        refused: dict[str, OpaErrorAnswer] = {}
        while remaining:
            still = []
            for module in remaining:
                answer = self._session.delete_policy(module.policy_id)
                if answer is not None and answer.status != 404:
                    still.append(module)
                    refused[module.policy_id] = answer
            if len(still) == len(remaining):
                break
            remaining = still
        self._pushed = []
        return [
            f"could not remove policy '{module.policy_id}' from the OPA server ({refused[module.policy_id].summary()})"
            for module in remaining
        ]

    # -- internals -------------------------------------------------------------------------

    def _check_deployed(self, filename: str, source: str) -> None:
        """Accept a module deployed under the prefix (by ID or identical text); else refuse it."""
        deployed = dict(self.deployed_policies())
        wanted = _normalized(source)
        if filename in deployed and _normalized(deployed[filename]) == wanted:
            return
        if wanted in {_normalized(text) for text in deployed.values()}:
            return
        where = f" under '{self._server_prefix}'" if self._server_prefix else ""
        raise PolicyCompileError(
            filename, None, f"this policy is not deployed on the OPA server{where}, and nothing is pushed with --opa-server-policies"
        )

    def _policy_id(self, filename: str) -> str:
        """A readable, URL-safe, unique policy ID for a file: ``bastion/<path>``."""
        segments = []
        for segment in filename.replace("\\", "/").split("/"):
            if segment in ("", "."):
                continue
            segment = "_up" if segment == ".." else _UNSAFE_ID_CHARACTERS.sub("_", segment)
            segments.append(segment)
        base = "/".join([PUSH_PREFIX, *segments]) if segments else f"{PUSH_PREFIX}/_"
        candidate, number = base, 1
        while self._names.get(candidate, filename) != filename:
            number += 1
            candidate = f"{base}~{number}"
        self._names[candidate] = filename
        return candidate

    def _refuse_foreign_package(self, module: _Module) -> None:
        """Raise when a module bastion did not push already defines the module's package."""
        if module.package is None:
            return
        ours = {pushed.policy_id for pushed in self._pushed} | {waiting.policy_id for waiting, _ in self._waiting} | {module.policy_id}
        foreign = sorted(policy_id for policy_id, package in self._inventory.items() if package == module.package and policy_id not in ours)
        if foreign:
            raise PolicyCompileError(
                module.filename,
                module.package_line,
                f"package {'.'.join(module.package)} is already defined on the OPA server by policy '{foreign[0]}', "
                "which bastion did not push, and its rules would mix into the results",
            )

    def _retry_waiting(self, trigger: _Module | None = None) -> None:
        """Push waiting modules again: those ``trigger`` may unblock (all when None), and so on
        for every module that gets in, until no push succeeds."""
        queue: list[_Module | None] = [trigger]
        while queue and self._waiting:
            current = queue.pop(0)
            for entry in list(self._waiting):
                module, answer = entry
                if current is not None and not _may_unblock(current, answer):
                    continue
                try:
                    self._session.put_policy(module.policy_id, module.source)
                except PolicyAnswerError as failure:
                    self._waiting[self._waiting.index(entry)] = (module, failure.answer)
                    continue
                self._waiting.remove(entry)
                self._pushed.append(module)
                queue.append(module)

    def _compile_error(self, module: _Module, answer: OpaErrorAnswer) -> PolicyCompileError:
        """OPA's rejection of ``module`` as the PolicyCompileError embedded mode would raise."""
        if not answer.errors:
            return PolicyCompileError(module.filename, None, answer.summary())
        own = [item for item in answer.errors if item.file == module.policy_id]
        item: OpaErrorItem = (own or list(answer.errors))[0]
        message = self.with_filenames(item.message)
        line = item.row if item.file == module.policy_id else None
        if item.file and item.file != module.policy_id:
            message += f" (in {self.filename_for(item.file)}" + (f" line {item.row})" if item.row else ")")
        if len(answer.errors) > 1:
            message += f" (and {len(answer.errors) - 1} more errors)"
        return PolicyCompileError(module.filename, line, message + _version_hint(module, answer))


def read_package(source: str) -> tuple[tuple[str, ...] | None, int | None]:
    """The package segments and line of a module's package clause, or (None, None) if unreadable.

    Read from the text, without the Rego parser: the clause is the first line starting with
    ``package`` (comments start with ``#``); ``a.b["c-d"]`` gives ``("a", "b", "c-d")``.
    """
    match = _PACKAGE_CLAUSE.search(source)
    if match is None:
        return None, None
    text = match.group(1).strip()
    segments: list[str] = []
    position = 0
    while position < len(text):
        segment = _PACKAGE_SEGMENT.match(text, position)
        if segment is None or segment.end() == position:
            return None, None
        if segment.group(1) is not None:
            segments.append(segment.group(1))
        else:
            try:
                segments.append(json.loads(f'"{segment.group(2)}"'))
            except ValueError:
                return None, None
        position = segment.end()
    return (tuple(segments), source.count("\n", 0, match.start()) + 1) if segments else (None, None)


def _is_ordering_problem(answer: OpaErrorAnswer) -> bool:
    """True when every error is about a function or reference that a later module may define."""
    return bool(answer.errors) and all(
        item.code == "rego_type_error" and item.message.startswith(_ORDERING_MESSAGES) for item in answer.errors
    )


def _may_unblock(module: _Module, answer: OpaErrorAnswer) -> bool:
    """True when ``module`` may define what ``answer`` found missing (its package is named there)."""
    if module.package is None:
        return True
    prefix = "data." + ".".join(module.package) + "."
    return any(prefix in item.message for item in answer.errors)


def _version_hint(module: _Module, answer: OpaErrorAnswer) -> str:
    """Explain a parse error that comes from the server and the policy using different Rego versions."""
    parse_errors = [item for item in answer.errors if item.code == "rego_parse_error"]
    if not parse_errors:
        return ""
    if module.version is RegoVersion.V0:
        if not any("keyword is required" in item.message for item in parse_errors):
            return ""
        return (
            "; this policy is written in Rego v0, which an OPA 1.x server accepts only when started with "
            "--v0-compatible (or convert the policy with `opa fmt --v0-v1`)"
        )
    if not _IMPORT_V1.search(module.source):
        return "; an OPA server running with --v0-compatible (or older than 1.0) needs `import rego.v1` in a Rego v1 policy"
    return ""


def _under_prefix(policy_id: str, prefix: str) -> bool:
    """True when a policy ID lies under a server-policies prefix ("" matches every ID)."""
    normalized = policy_id.strip("/")
    return not prefix or normalized == prefix or normalized.startswith(prefix + "/")


def _normalized(text: str) -> str:
    """Policy text compared without line-ending or trailing-space differences."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
