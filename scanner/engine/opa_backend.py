"""The OPA server backend: the engine's PolicyBackend evaluated on a running OPA, over its REST API.

``OpaServerBackend(url, token=None, timeout=10.0, server_policies=None)`` connects through
opa-python-client (``GET /v1/policies`` checks reachability and the token at once), then:

* **push mode** (default): each module is pushed with ``PUT /v1/policies/bastion/<file>``, never
  rewritten (``rego_compat=False``); data with ``PUT /v1/data/<key>``; :meth:`close` deletes
  both again. A package the server already holds from a policy bastion did not push is refused,
  so foreign rules never mix into the results.
* **server-policies mode** (``server_policies`` = a policy-ID prefix on the server): nothing is
  pushed or written. :func:`server_policy_sources` fetches the deployed modules under that
  prefix so the engine can read their structure and metadata; ``add_module`` only accepts
  modules that are deployed there.

Evaluation uses ad-hoc queries (``POST /v1/query``, see :mod:`scanner.engine.opa_queries`):
one request per case for big inputs (the native graph), batches of small documents otherwise.
A request that fails because of a rule is split in halves until the failing rule is found, so
one rule's error never hides the results of the others, as in embedded mode.

Compile errors OPA returns become the same ``PolicyCompileError(path, line, message)`` as
embedded mode (with a hint when the server and the policy disagree on the Rego version: OPA
1.x accepts Rego v0 only when started with ``--v0-compatible``). A module that fails only
because it calls a function of a module not pushed yet is retried after each later push;
if it still fails when evaluation starts, its rules report the error, as regorus reports
such problems lazily. Connection failures, timeouts and refused tokens raise
:class:`~scanner.engine.opa_errors.OpaServerError` (the CLI exits with code 3).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scanner.engine.backend import (
    InputCase,
    PolicyEvaluationError,
    RegoVersion,
    RuleOutcome,
)
from scanner.engine.opa_errors import (
    OpaErrorAnswer,
    OpaErrorItem,
    OpaServerError,
)
from scanner.engine.opa_modules import ModuleRegistry
from scanner.engine.opa_queries import (
    PreparedCase,
    QueryShapeError,
    batch_query,
    case_query,
    check_rule_path,
    data_modifiers,
    decode_batch_answer,
    decode_case_answer,
    needs_literal_input,
    prepare_case,
)
from scanner.engine.opa_session import OpaSession, PolicyAnswerError

if TYPE_CHECKING:
    from scanner.engine.loader import PolicySource

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: Default number of documents evaluated per request in batch mode.
DEFAULT_BATCH_SIZE = 64
#: A batch stops growing once its inputs reach this many bytes; a bigger case goes alone.
DEFAULT_BATCH_BYTES = 1024 * 1024


@dataclass(frozen=True)
class _Pending:
    """A case waiting in a chunk: its prepared form, or the error that makes it unusable."""

    prepared: PreparedCase | None
    setup_error: PolicyEvaluationError | None


class OpaServerBackend:
    """A :class:`~scanner.engine.backend.PolicyBackend` that evaluates on an OPA server.

    ``url`` is ``http(s)://host[:port]`` (no path); ``token`` is sent as a bearer token;
    ``timeout`` bounds every request in seconds; ``server_policies`` switches to
    server-policies mode with that policy-ID prefix ("" or "/" for every deployed policy).
    ``batch_size``/``batch_bytes`` tune how many documents share one request. Raises
    OpaServerError when the server cannot be reached or refuses the token.
    """

    name = "opa"

    def __init__(
        self,
        url: str,
        token: str | None = None,
        timeout: float = 10.0,
        server_policies: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        batch_bytes: int = DEFAULT_BATCH_BYTES,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.url = normalize_url(url)
        self.timeout = timeout
        self.batch_size = max(1, batch_size)
        self.batch_bytes = max(1, batch_bytes)
        self.server_policies = None if server_policies is None else server_policies.strip().strip("/")
        self.cleanup_problems: list[str] = []
        self._session = OpaSession(self.url, token, timeout)
        self._modules = ModuleRegistry(self._session, self._session.policy_inventory(), self.server_policies)
        self._data: dict[str, Any] = {}
        self._pushed_data: list[str] = []
        self._base_modifiers = ""
        self._closed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- loading ---------------------------------------------------------------------------

    def deployed_policies(self) -> list[tuple[str, str]]:
        """(policy ID, Rego text) of every module under the server-policies prefix, sorted by ID."""
        return self._modules.deployed_policies()

    def add_module(self, filename: str, source: str, version: RegoVersion) -> None:
        """Push ``source`` (push mode) or check it is deployed (server-policies mode).

        Raises PolicyCompileError when OPA rejects the module, when its package is already held
        by a policy bastion did not push, or (server-policies mode) when it is not deployed.
        """
        self._modules.add(filename, source, version)

    def add_data(self, data: Mapping[str, Any]) -> None:
        """Merge ``data`` into the base data shared by every evaluation.

        Push mode writes each top-level object under an identifier key with
        ``PUT /v1/data/<key>`` (deleted again by :meth:`close`); other values, and all data in
        server-policies mode, travel with every query as ``with`` modifiers (nothing written).
        """
        _merge(self._data, data)
        carried: dict[str, Any] = {}
        for key in sorted(self._data):
            value = self._data[key]
            if self.server_policies is None and isinstance(value, dict) and _IDENTIFIER.match(key):
                if key in data:
                    self._session.put_data(key, value)
                    if key not in self._pushed_data:
                        self._pushed_data.append(key)
            else:
                carried[key] = value
        self._base_modifiers = data_modifiers(carried)

    # -- evaluation ------------------------------------------------------------------------

    def evaluate(self, rule_paths: Sequence[str], cases: Iterable[InputCase]) -> Iterator[list[RuleOutcome]]:
        """Evaluate every rule for every case, lazily and in order (see the module docstring)."""
        paths = [check_rule_path(path) for path in rule_paths]
        failed = self._modules.finish_loading()
        live = [path for path in paths if path not in failed]
        chunk: list[_Pending] = []
        chunk_bytes = 0
        for case in cases:
            pending = self._prepare(case)
            size = pending.prepared.size if pending.prepared else 0
            if chunk and (len(chunk) >= self.batch_size or chunk_bytes + size > self.batch_bytes):
                yield from self._finish_chunk(paths, live, failed, chunk)
                chunk, chunk_bytes = [], 0
            chunk.append(pending)
            chunk_bytes += size
        if chunk:
            yield from self._finish_chunk(paths, live, failed, chunk)

    def close(self) -> None:
        """Delete what was pushed (policies, then data) and close the connection; idempotent.

        Cleanup stops at the first transport failure, so a vanished server cannot make closing
        hang; what could not be removed is listed in ``cleanup_problems``.
        """
        if self._closed:
            return
        self._closed = True
        try:
            self.cleanup_problems += self._modules.remove_pushed()
            for key in reversed(self._pushed_data):
                self._session.delete_data(key)
        except OpaServerError as exc:
            self.cleanup_problems.append(exc.message)
        finally:
            self._session.close()

    # -- internals -------------------------------------------------------------------------

    def _prepare(self, case: InputCase) -> _Pending:
        """Decode a case's input and build its data modifiers; a bad input is that case's error."""
        try:
            return _Pending(prepare_case(case.input_json, case.data, self._base_modifiers), None)
        except (ValueError, TypeError) as exc:
            return _Pending(None, PolicyEvaluationError(None, None, f"could not set the input: {exc}"))

    def _finish_chunk(
        self, paths: list[str], live: list[str], failed: Mapping[str, PolicyEvaluationError], chunk: list[_Pending]
    ) -> Iterator[list[RuleOutcome]]:
        """Evaluate one chunk and yield, per case, outcomes in the order of ``paths``."""
        ready = [pending.prepared for pending in chunk if pending.prepared is not None]
        results = iter(self._evaluate_cases(live, ready) if live and ready else [[] for _ in ready])
        for pending in chunk:
            if pending.setup_error is not None:
                yield [RuleOutcome(error=pending.setup_error) for _ in paths]
                continue
            by_path = dict(zip(live, next(results)))
            yield [RuleOutcome(error=failed[path]) if path in failed else by_path[path] for path in paths]

    def _evaluate_cases(self, rules: list[str], cases: list[PreparedCase]) -> list[list[RuleOutcome]]:
        """Outcomes per case; a batch that fails because of a policy is split in halves."""
        if len(cases) == 1:
            return [self._evaluate_case(rules, cases[0])]
        try:
            answer = self._session.query(batch_query(rules, cases), None, has_input=False)
            decoded = decode_batch_answer(answer, len(rules), len(cases))
        except PolicyAnswerError:
            middle = len(cases) // 2
            return self._evaluate_cases(rules, cases[:middle]) + self._evaluate_cases(rules, cases[middle:])
        except QueryShapeError as exc:
            raise OpaServerError(self.url, f"the OPA server at {self.url} gave an unexpected answer: {exc}") from None
        return [[RuleOutcome(value=value) for _, value in case] for case in decoded]

    def _evaluate_case(self, rules: list[str], case: PreparedCase) -> list[RuleOutcome]:
        """Outcomes of one case; a request that fails because of a policy is split by rules."""
        literal = needs_literal_input(case)
        try:
            answer = self._session.query(case_query(rules, case, literal), case.input_value, has_input=case.has_input and not literal)
            decoded = decode_case_answer(answer, len(rules))
        except PolicyAnswerError as failure:
            if len(rules) == 1:
                return [RuleOutcome(error=self._evaluation_error(failure.answer))]
            middle = len(rules) // 2
            return self._evaluate_case(rules[:middle], case) + self._evaluate_case(rules[middle:], case)
        except QueryShapeError as exc:
            raise OpaServerError(self.url, f"the OPA server at {self.url} gave an unexpected answer: {exc}") from None
        return [RuleOutcome(value=value) for _, value in decoded]

    def _evaluation_error(self, answer: OpaErrorAnswer) -> PolicyEvaluationError:
        """The rule error for an answer about one rule, located in the policy file when OPA says where."""
        item: OpaErrorItem = answer.errors[0]
        path = self._modules.filename_for(item.file) if item.file else None
        return PolicyEvaluationError(path, item.row if path else None, self._modules.with_filenames(item.message))


def normalize_url(url: str) -> str:
    """``scheme://host:port`` of an OPA URL; ValueError for anything the client cannot address.

    A path, query, fragment or credentials in the URL are refused (the client always talks to
    ``/v1/...`` at the root; use ``--opa-token`` for credentials).
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"the OPA URL must look like http://host:8181, not {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(f"the OPA URL must not have a path or query: {url!r}")
    if parts.username or parts.password:
        raise ValueError("the OPA URL must not contain credentials; use --opa-token")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValueError(f"the OPA URL has an invalid port: {url!r}") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port}"


def server_policy_sources(backend: OpaServerBackend) -> list[PolicySource]:
    """The modules deployed under the backend's server-policies prefix, as policy sources.

    Each source's path is the policy ID on the server (so messages name it), origin "opa".
    """
    from scanner.engine.loader import PolicySource

    return [PolicySource(policy_id, text, "opa") for policy_id, text in backend.deployed_policies()]


def _merge(target: dict[str, Any], data: Mapping[str, Any]) -> None:
    """Deep-merge ``data`` into ``target`` (objects key by key, other values replaced)."""
    for key, value in data.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = _copy(value)


def _copy(value: Any) -> Any:
    """A deep copy of a JSON-shaped value."""
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
