"""The embedded policy backend: regorus (Microsoft's Rust Rego interpreter), in process.

regorus parses a module when it is added and compiles rules lazily on first evaluation, so a
compile problem (an unsafe variable, a conflict, an unknown function) surfaces as the error of
the rules it affects; the other rules keep working. Its error texts carry a source excerpt and,
when ``RUST_BACKTRACE`` is set, a Rust backtrace: :func:`parse_engine_message` keeps only the
location and the sentence. ``regorus`` is imported on first use so that start-up stays cheap.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from scanner.engine.backend import (
    InputCase,
    PolicyCompileError,
    PolicyEvaluationError,
    RegoVersion,
    RuleOutcome,
)

#: regorus rejects policy lines over 1,024 columns unless told otherwise; generated policies
#: (long allow-lists) exceed that, so the limits are raised to generous bounds.
MAX_POLICY_COLUMNS = 1_000_000
MAX_POLICY_BYTES = 64 * 1024 * 1024
MAX_POLICY_LINES = 1_000_000

#: What ``eval_rule_as_json`` returns for an undefined rule.
_UNDEFINED_JSON = '"<undefined>"'

_LOCATION = re.compile(r"^\s*-->\s*(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)\s*$")
_EXCERPT = re.compile(r"^\s*\d*\s*\|")
_MAX_MESSAGE = 400


def import_regorus() -> Any:
    """Import regorus with Rust backtraces off, so errors stay short and fast.

    ``RUST_LIB_BACKTRACE=0`` takes precedence over ``RUST_BACKTRACE`` for library backtraces
    (the ones attached to regorus' errors) without changing panic output; it must be set
    before the first error is created, hence before import.
    """
    os.environ["RUST_LIB_BACKTRACE"] = "0"
    import regorus

    return regorus


@contextmanager
def silenced_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration of the block.

    regorus writes parser warnings and scheduler notes straight to the process' stderr (not
    through Python), e.g. "could not schedule all statements" for a rule with an unsafe
    variable. The engine reports those problems itself, so it silences fd 2 while it parses
    modules and probes rules at load time (never during a scan, where a progress bar may be
    drawing on stderr).
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def parse_engine_message(text: str) -> tuple[str | None, int | None, str]:
    """Split a regorus error text into (policy path, line, message).

    The text looks like ``--> file.rego:5:1`` then a source excerpt, then ``error: <sentence>``,
    sometimes ``Caused by:`` lines, and possibly a backtrace. Only the first location and the
    sentences are kept; the excerpt (which can quote a very long line) and the backtrace are
    dropped. Texts of another shape give their first non-empty line.
    """
    path: str | None = None
    line: int | None = None
    sentences: list[str] = []
    in_cause = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("Stack backtrace:"):
            break
        location = _LOCATION.match(raw)
        if location:
            if path is None:
                path, line = location.group("path"), int(location.group("line"))
            continue
        if _EXCERPT.match(raw):
            continue
        if stripped.startswith("error:"):
            sentences.append(stripped[len("error:") :].strip())
            in_cause = False
        elif stripped == "Caused by:":
            in_cause = True
        elif in_cause or not sentences:
            sentences.append(stripped)
    message = "; ".join(sentence.rstrip(":") for sentence in sentences if sentence) or "unknown engine error"
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    return path, line, message


class RegorusBackend:
    """A :class:`~scanner.engine.backend.PolicyBackend` running regorus in process.

    Modules and data go into one pristine engine, which is never evaluated itself; each
    :meth:`evaluate` call works on a clone of it, so input and per-case data never leak into
    later calls or between cases. ``print()`` output of policies is gathered and dropped
    instead of reaching stderr.
    """

    name = "regorus"

    def __init__(self) -> None:
        regorus = import_regorus()
        self._engine = regorus.Engine()
        self._engine.set_policy_length_config(
            max_col=MAX_POLICY_COLUMNS, max_file_bytes=MAX_POLICY_BYTES, max_lines=MAX_POLICY_LINES
        )
        self._engine.set_gather_prints(True)
        self._base_data: list[str] = []

    def add_module(self, filename: str, source: str, version: RegoVersion) -> None:
        """Parse ``source`` as ``version`` Rego and add it; raise PolicyCompileError if it does not parse."""
        self._engine.set_rego_v0(version is RegoVersion.V0)
        try:
            self._engine.add_policy(filename, source)
        except (RuntimeError, ValueError) as exc:
            path, line, message = parse_engine_message(str(exc))
            raise PolicyCompileError(path or filename, line, message) from None
        finally:
            self._engine.set_rego_v0(False)

    def add_data(self, data: Mapping[str, Any]) -> None:
        """Merge ``data`` into the base data document."""
        text = json.dumps(data)
        try:
            self._engine.add_data_json(text)
        except (RuntimeError, ValueError) as exc:
            raise PolicyEvaluationError(None, None, parse_engine_message(str(exc))[2]) from None
        self._base_data.append(text)

    def evaluate(self, rule_paths: Sequence[str], cases: Iterable[InputCase]) -> Iterator[list[RuleOutcome]]:
        """Evaluate each rule for each case, reusing one working copy of the loaded engine.

        regorus re-prepares its rules whenever the engine is cloned or its data changes (about
        0.1 ms), while a new ``input`` alone is cheap; so the working copy is kept from case to
        case, its data is only reset when a case brings different data, and a fresh copy is
        taken only when a case needs ``input`` undefined again.
        """
        engine = self._engine.clone()
        applied: Mapping[str, Any] | None = None
        has_input = False
        for case in cases:
            if case.input_json is None and has_input:
                engine, applied, has_input = self._engine.clone(), None, False
            error = self._apply_data(engine, applied, case.data)
            applied = case.data
            if error is None and case.input_json is not None:
                error = self._set_input(engine, case.input_json)
                has_input = True
            if error is not None:
                engine, applied, has_input = self._engine.clone(), None, False
                yield [RuleOutcome(error=error) for _ in rule_paths]
                continue
            yield [self._eval_rule(engine, rule_path) for rule_path in rule_paths]
            engine.take_prints()

    def close(self) -> None:
        """Nothing to release for an in-process engine."""

    def _apply_data(self, engine: Any, applied: Mapping[str, Any] | None, wanted: Mapping[str, Any] | None) -> PolicyEvaluationError | None:
        """Make the case data on ``engine`` be ``wanted`` (base data stays); errors are returned."""
        if wanted == applied:
            return None
        try:
            if applied:
                engine.clear_data()
                for text in self._base_data:
                    engine.add_data_json(text)
            if wanted:
                engine.add_data_json(json.dumps(wanted))
        except (RuntimeError, ValueError) as exc:
            return PolicyEvaluationError(None, None, f"could not set the data: {parse_engine_message(str(exc))[2]}")
        return None

    @staticmethod
    def _set_input(engine: Any, input_json: str) -> PolicyEvaluationError | None:
        """Set ``input`` on ``engine``; an error is returned, not raised."""
        try:
            engine.set_input_json(input_json)
        except (RuntimeError, ValueError) as exc:
            return PolicyEvaluationError(None, None, f"could not set the input: {parse_engine_message(str(exc))[2]}")
        return None

    @staticmethod
    def _eval_rule(engine: Any, rule_path: str) -> RuleOutcome:
        """Evaluate one rule, mapping regorus' undefined marker to None and errors to outcomes."""
        try:
            text = engine.eval_rule_as_json(rule_path)
            if text == _UNDEFINED_JSON:
                # Either undefined, or a rule whose value really is that string.
                return RuleOutcome(value=engine.eval_rule(rule_path))
            return RuleOutcome(value=json.loads(text))
        except (RuntimeError, ValueError, TypeError) as exc:
            path, line, message = parse_engine_message(str(exc))
            return RuleOutcome(error=PolicyEvaluationError(path, line, message))
