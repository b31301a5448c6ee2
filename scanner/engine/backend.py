"""The policy backend interface: the few operations the engine needs from a Rego evaluator.

The engine never talks to regorus (or an OPA server) directly; it goes through a
:class:`PolicyBackend`, so the evaluator can be swapped. A backend is built once per run:
modules and data are added first, then :meth:`PolicyBackend.evaluate` is called as often as
needed. Implementations: :mod:`scanner.engine.regorus_backend` (embedded, the default); an OPA
server backend implements the same protocol.

Contract shared by every backend:

* Rule paths are full data paths such as ``data.bastion.rules.dkr001.deny``; the engine only
  asks for rules that exist in the loaded modules.
* Values come back JSON-shaped: objects as ``dict``, arrays **and sets** as ``list``, ``None``
  when the rule is undefined for that input.
* An error while evaluating one rule for one input never stops the others: it is returned as
  :attr:`RuleOutcome.error` in that rule's slot.
* Errors never carry an engine backtrace: one readable message, plus the policy file and line
  when the engine names them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol


class RegoVersion(str, Enum):
    """The Rego syntax a module is written in; chosen per module by the loader."""

    V0 = "v0"
    V1 = "v1"


class PolicyCompileError(Exception):
    """A policy module that the backend cannot parse or compile.

    ``path`` is the filename the module was added under; ``line`` is 1-based, or None when the
    engine gave no position; ``message`` is one readable sentence without a backtrace.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line or '?'}: {message}")
        self.path = path
        self.line = line
        self.message = message


class PolicyEvaluationError(Exception):
    """Evaluating one rule failed (a runtime error, or a compile error found lazily).

    ``path``/``line`` locate the failing expression in the policy when the engine says where;
    both may be None.
    """

    def __init__(self, path: str | None, line: int | None, message: str) -> None:
        location = f"{path}:{line or '?'}: " if path else ""
        super().__init__(f"{location}{message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class InputCase:
    """One evaluation context: the ``input`` document and per-case ``data`` additions.

    ``input_json`` is the JSON text of ``input`` (None leaves ``input`` undefined, as in
    ``opa test``). ``data`` is merged into the backend's data for this case only (conftest mode
    uses it for ``data.conftest.file``); it must not clash with data added by ``add_data``.
    """

    input_json: str | None
    data: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class RuleOutcome:
    """The result of one rule for one input case: a JSON-shaped value, or an error."""

    value: Any = None
    error: PolicyEvaluationError | None = None


class PolicyBackend(Protocol):
    """What the engine needs from a Rego evaluator (see the module docstring for the contract)."""

    #: Short name shown in messages and stats ("regorus", "opa").
    name: str

    def add_module(self, filename: str, source: str, version: RegoVersion) -> None:
        """Add one Rego module; raise :class:`PolicyCompileError` if it does not parse.

        Backends that compile lazily may report further problems later, as rule errors.
        """

    def add_data(self, data: Mapping[str, Any]) -> None:
        """Merge ``data`` into the base ``data`` document shared by every evaluation."""

    def evaluate(self, rule_paths: Sequence[str], cases: Iterable[InputCase]) -> Iterator[list[RuleOutcome]]:
        """Evaluate every rule of ``rule_paths`` for every case, lazily, in order.

        Yields one list per case, with one :class:`RuleOutcome` per rule path in the same
        order. This is the batch entry point: conftest mode passes one case per document, so
        a backend may evaluate many cases per round trip.
        """

    def close(self) -> None:
        """Release resources (an OPA server backend removes what it pushed); idempotent."""
