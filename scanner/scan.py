"""The scan orchestrator: policies + graph -> engine -> selected findings -> :class:`ScanResult`.

``scan`` is the one entry point of ``bastion scan`` (and of anything embedding bastion). It
loads the policy engine once, builds the graph, evaluates it, keeps the findings the user
selected (``--select``/``--ignore``), and reads the few source lines the reporters show around
each finding. It never raises for a user's mistake: input problems come back as
``ScanResult.input_errors`` and policy problems as ``ScanResult.rule_errors``. An unexpected
exception in the engine is caught here and recorded as "internal error in the rule engine: ...",
its traceback kept in ``ScanResult.debug_traces`` (shown only with ``--debug``).
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from scanner.findings import SEVERITIES, SEVERITY_RANK, EvaluationResult, Finding, RuleError, RuleMeta
from scanner.model import Graph, InputError, Stats
from scanner.secrets import redact_snippets, scrub_findings

if TYPE_CHECKING:
    from scanner.engine.undecided import Undecided
    from scanner.gating import GateOptions
    from scanner.graph.build import GraphOptions
    from scanner.suppressions import SuppressionProblem, UnusedSuppression

#: Conftest-style packages evaluated when no ``--namespace`` is given (conftest's default).
DEFAULT_NAMESPACES: tuple[str, ...] = ("main",)
#: Lines of context shown before and after the offending line.
SNIPPET_CONTEXT = 1
#: A snippet line is cut to this many characters (minified files have very long lines).
SNIPPET_MAX_CHARS = 240


class ScanSetupError(Exception):
    """The scan cannot start as configured (for example an option the engine does not support).

    The CLI shows the message as a usage error (exit 2); it is one sentence for the user.
    """


class PolicyEngine(Protocol):
    """What the orchestrator needs from the engine (:class:`scanner.engine.Engine` fits)."""

    def evaluate(self, graph: Graph, root: str | None = None, select: Callable[[RuleMeta], bool] | None = None) -> EvaluationResult:
        """Evaluate the rules ``select`` accepts over ``graph``; problems are ``RuleError`` entries."""

    def close(self) -> None:
        """Release the backend (an OPA server backend removes what it pushed)."""


@dataclass(frozen=True)
class OpaServerOptions:
    """Where to evaluate on an OPA server instead of in process (``--opa-url`` and friends).

    ``server_policies`` names the policy path already deployed on the server; when it is set,
    bastion pushes nothing and evaluates only those policies.
    """

    url: str
    token: str | None = None
    server_policies: str | None = None
    timeout: float = 10.0


@dataclass(frozen=True)
class ScanOptions:
    """What to evaluate and which findings to keep.

    ``policy_paths`` are ``--policy`` directories or files; ``namespaces``/``all_namespaces``
    choose the conftest-style packages; ``include_builtin`` is False for ``--no-builtin``.
    ``select``/``ignore`` are rule IDs or fnmatch globs matched against each rule's ID and
    aliases, case-insensitively; an empty ``select`` keeps every rule and ``ignore`` wins.
    ``show_unknown`` (``--show-unknown``) also lists what the selected native rules could not
    decide because a value they read is unknown (``ScanResult.undecided``; docs/output.md).
    ``line_hashes`` computes GitHub's ``primaryLocationLineHash`` of every finding's line for the
    SARIF report (it reads each file with findings once more; the CLI may turn it off for formats
    that do not show it).
    ``inline_suppressions`` is False for ``--no-inline-suppressions`` (audit mode),
    ``foreign_suppressions`` False for ``--no-foreign-suppressions`` (other tools' skip comments
    and annotations), ``report_unused_suppressions`` True for ``--report-unused-suppressions``;
    ``today`` is the date suppression expiry is judged against (None: the system date).
    ``gate`` holds the configuration file's per-path ignores and severity overrides, the
    ``--baseline`` and the ``--diff-base`` changes (see :mod:`scanner.gating`; None: none).
    ``report_paths`` (``--context``, see :mod:`scanner.scan_context`) are root-relative files and
    directories: when set, only findings, input errors and suppression notes in them are reported.
    """

    policy_paths: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = ()
    all_namespaces: bool = False
    include_builtin: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    opa: OpaServerOptions | None = None
    show_unknown: bool = False
    line_hashes: bool = True
    inline_suppressions: bool = True
    foreign_suppressions: bool = True
    report_unused_suppressions: bool = False
    today: date | None = None
    gate: GateOptions | None = None
    report_paths: tuple[str, ...] | None = None


@dataclass
class ScanStats:
    """Counts and timings of one scan.

    ``files`` accounts for every discovered file (see :class:`scanner.model.Stats`); ``engine``
    holds the engine's own deterministic counts. ``durations`` holds wall-clock seconds per phase
    (``policies``, ``graph``, ``evaluation``); they differ from run to run, so :meth:`to_json`
    leaves them out and reports stay deterministic. ``baselined`` counts the findings left out
    because ``--baseline`` records them and ``outside_diff`` those left out by ``--diff-base``;
    each is None (and absent from :meth:`to_json`) when that option is not used.
    """

    files: Stats = field(default_factory=Stats)
    nodes: int = 0
    edges: int = 0
    rules_evaluated: int = 0
    engine: dict[str, int] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    baselined: int | None = None
    outside_diff: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The deterministic part of the stats: file counts, graph size, rule count, and the
        ``baselined``/``outside_diff`` counts when those options were used."""
        counts = {
            **self.files.to_json(),
            "nodes": self.nodes,
            "edges": self.edges,
            "rules_evaluated": self.rules_evaluated,
        }
        for key in ("baselined", "outside_diff"):
            if getattr(self, key) is not None:
                counts[key] = getattr(self, key)
        return counts


@dataclass
class ScanResult:
    """Everything a reporter renders, sorted and deterministic (apart from ``stats.durations``).

    ``findings`` are sorted by (path, start line, rule ID, resource); ``suppressed`` holds
    findings silenced by inline ignores (each with ``metadata["suppression"]``, see
    docs/suppressions.md); ``suppression_problems`` lists directives that do not suppress (no
    reason, expired, malformed) and ``unused_suppressions`` those that matched nothing (None unless
    ``--report-unused-suppressions``). ``rules`` maps
    each selected rule ID to its metadata. ``snippets`` maps a path to {line: text} for the
    offending lines and one line of context around each, so reporters never read files.
    ``root`` is the real path of the scan root that paths are relative to ("" when unknown);
    ``line_hashes`` maps a path to {start line: codeql-action's ``primaryLocationLineHash``} for
    the findings and suppressed findings (empty when ``ScanOptions.line_hashes`` is off).
    ``undecided`` lists what rules could not decide because of unknown values, sorted (None
    unless ``--show-unknown``).
    """

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    rule_errors: list[RuleError] = field(default_factory=list)
    rules: dict[str, RuleMeta] = field(default_factory=dict)
    stats: ScanStats = field(default_factory=ScanStats)
    snippets: dict[str, dict[int, str]] = field(default_factory=dict)
    debug_traces: list[str] = field(default_factory=list)
    root: str = ""
    line_hashes: dict[str, dict[int, str]] = field(default_factory=dict)
    suppression_problems: list[SuppressionProblem] = field(default_factory=list)
    unused_suppressions: list[UnusedSuppression] | None = None
    undecided: list[Undecided] | None = None

    @property
    def has_errors(self) -> bool:
        """True when any input or policy error happened (exit code 3)."""
        return bool(self.input_errors or self.rule_errors)

    def severity_counts(self) -> dict[str, int]:
        """Number of findings per severity, for every severity, most severe first."""
        counts = {severity: 0 for severity in SEVERITIES}
        for finding in self.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        return counts

    def findings_at_or_above(self, severity: str) -> list[Finding]:
        """The findings whose severity is ``severity`` or worse (an unknown severity counts as MEDIUM)."""
        threshold = SEVERITY_RANK[severity.upper()]
        return [f for f in self.findings if SEVERITY_RANK.get(f.severity, SEVERITY_RANK["MEDIUM"]) >= threshold]


EngineLoader = Callable[[ScanOptions], PolicyEngine]
T = TypeVar("T")


def scan(
    paths: Sequence[str],
    graph_options: GraphOptions,
    options: ScanOptions,
    load_engine: EngineLoader | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> ScanResult:
    """Run one scan of ``paths``: load policies, build the graph, evaluate, select, read snippets.

    ``graph_options.root`` is the scan root the graph's paths are relative to (snippets are read
    below it and never outside). ``load_engine`` defaults to :func:`load_policy_engine`;
    ``on_phase`` is told the name of each phase as it starts (for a progress display). Raises
    :class:`ScanSetupError` only for options the engine cannot honour; everything else is
    reported in the result.
    """
    from scanner.graph.build import build_graph
    from scanner.suppressions import apply_suppressions

    notify = on_phase or (lambda _phase: None)
    loader = load_engine or load_policy_engine
    result = ScanResult()
    durations: dict[str, float] = {}

    notify("loading policies")
    started = time.perf_counter()
    engine = _guarded(result, lambda: loader(options))
    durations["policies"] = time.perf_counter() - started

    notify("parsing files")
    started = time.perf_counter()
    if engine is not None and not getattr(engine, "needs_documents", True):
        graph_options = replace(graph_options, documents=False)
    graph = build_graph(list(paths), graph_options)
    durations["graph"] = time.perf_counter() - started
    result.debug_traces.extend(graph.debug_traces)

    notify("evaluating rules")
    started = time.perf_counter()
    evaluation: EvaluationResult | None = None

    def selected(meta: RuleMeta) -> bool:
        return is_selected(meta.id, meta.aliases, options.select, options.ignore)

    if engine is not None:
        evaluation = _guarded(result, lambda: engine.evaluate(graph, root=graph_options.root, select=selected))
        if options.show_unknown:
            result.undecided = find_undecided(result, engine, graph, evaluation, selected)
        _guarded(result, engine.close)
    evaluation = evaluation or EvaluationResult()
    durations["evaluation"] = time.perf_counter() - started

    # The engine already skips unselected rules; filtering again keeps any engine honest.
    aliases = {rule_id: meta.aliases for rule_id, meta in evaluation.rules.items()}
    keep = [f for f in evaluation.findings if is_selected(f.rule_id, aliases.get(f.rule_id, ()), options.select, options.ignore)]
    result.findings = scrub_findings(sorted(keep, key=Finding.sort_key), graph.redaction)
    result.rules = {rule_id: meta for rule_id, meta in sorted(evaluation.rules.items()) if selected(meta)}
    if options.gate is not None:
        from scanner.gating import adjust_findings

        result.findings, result.rules = adjust_findings(result.findings, result.rules, options.gate)
    result.findings, result.suppressed, result.suppression_problems, result.unused_suppressions = apply_suppressions(
        result.findings, graph.nodes, result.rules, graph_options.root, options
    )
    result.input_errors = sorted(set(graph.errors), key=InputError.sort_key)
    result.rule_errors = sorted(set(result.rule_errors) | set(evaluation.errors), key=RuleError.sort_key)
    result.stats = ScanStats(
        files=graph.stats,
        nodes=len(graph.nodes),
        edges=len(graph.edges),
        rules_evaluated=len(evaluation.rules),
        engine=dict(sorted(evaluation.stats.items())),
        durations=durations,
    )
    if options.gate is not None:
        from scanner.gating import screen_findings

        gated = screen_findings(result.findings, graph, options.gate)
        result.findings, result.stats.baselined, result.stats.outside_diff = gated.findings, gated.baselined, gated.outside_diff
    if options.report_paths is not None:
        from scanner.scan_context import restrict_to_paths

        restrict_to_paths(result, options.report_paths)
    result.snippets = redact_snippets(read_snippets(graph_options.root, result.findings), graph.redaction, SNIPPET_MAX_CHARS)
    result.root = os.path.realpath(graph_options.root)
    if options.line_hashes:
        result.line_hashes = read_line_hashes(graph_options.root, [*result.findings, *result.suppressed])
    return result


def is_selected(rule_id: str, aliases: Iterable[str], select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether a rule passes ``--select``/``--ignore``: ignore wins; an empty select keeps everything.

    Each pattern is a rule ID or an fnmatch glob (``K8S*``, ``CKV_DOCKER_?``) matched,
    case-insensitively, against the rule ID and each of its aliases.
    """
    names = [rule_id.casefold(), *(alias.casefold() for alias in aliases)]

    def matches(patterns: Sequence[str]) -> bool:
        return any(fnmatchcase(name, pattern.casefold()) for pattern in patterns for name in names)

    if ignore and matches(ignore):
        return False
    return not select or matches(select)


def read_snippets(root: str, findings: Iterable[Finding], context: int = SNIPPET_CONTEXT) -> dict[str, dict[int, str]]:
    """The offending line of each finding with ``context`` lines around it, per path.

    Reads each file once, only up to the last line needed, and never outside ``root`` (paths
    that would leave it, or that cannot be read, simply get no snippet). Lines are decoded as
    UTF-8 with replacement characters, stripped of their line ending and cut to
    :data:`SNIPPET_MAX_CHARS`.
    """
    wanted: dict[str, set[int]] = {}
    for finding in findings:
        if finding.start_line >= 1:
            lines = range(max(1, finding.start_line - context), finding.start_line + context + 1)
            wanted.setdefault(finding.path, set()).update(lines)
    real_root = os.path.realpath(root)
    snippets: dict[str, dict[int, str]] = {}
    for path in sorted(wanted):
        text = _read_lines(real_root, path, wanted[path])
        if text:
            snippets[path] = text
    return snippets


def read_line_hashes(root: str, findings: Iterable[Finding]) -> dict[str, dict[int, str]]:
    """GitHub's ``primaryLocationLineHash`` (see :mod:`scanner.reporters.fingerprints`) of each
    finding's start line (line 1 for a start line below 1), per path.

    Each file is read once, whole, decoded as UTF-8 with replacement characters, and never
    outside ``root``; a path that is unsafe or unreadable gets no hashes.
    """
    from scanner.reporters.fingerprints import line_hashes

    wanted: dict[str, set[int]] = {}
    for finding in findings:
        wanted.setdefault(finding.path, set()).add(max(1, finding.start_line))
    real_root = os.path.realpath(root)
    hashes: dict[str, dict[int, str]] = {}
    for path in sorted(wanted):
        absolute = _file_below(real_root, path)
        if absolute is None:
            continue
        try:
            with open(absolute, "rb") as handle:
                text = handle.read().decode("utf-8", errors="replace")
        except OSError:
            continue
        hashes[path] = line_hashes(text, wanted[path])
    return hashes


def _file_below(real_root: str, path: str) -> str | None:
    """The real path of the regular file ``root/path``, or None when it leaves the root or is no file."""
    if os.path.isabs(path) or path.startswith("<"):
        return None
    absolute = os.path.realpath(os.path.join(real_root, path))
    if not absolute.startswith(real_root + os.sep) or not os.path.isfile(absolute):
        return None
    return absolute


def _read_lines(real_root: str, path: str, lines: set[int]) -> dict[int, str]:
    """The requested lines of ``root/path`` that exist; empty when the path is unsafe or unreadable."""
    absolute = _file_below(real_root, path)
    if absolute is None:
        return {}
    last = max(lines)
    found: dict[int, str] = {}
    try:
        with open(absolute, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if number in lines:
                    text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                    found[number] = text[:SNIPPET_MAX_CHARS]
                if number >= last:
                    break
    except OSError:
        return {}
    return found


def load_policy_engine(options: ScanOptions) -> PolicyEngine:
    """Build the engine once for this run from ``options`` (built-in pack, ``--policy``, OPA server).

    With ``options.opa`` the engine evaluates on that OPA server (``scanner.engine.remote``).
    """
    namespaces = list(options.namespaces) or list(DEFAULT_NAMESPACES)
    if options.opa is not None:
        from scanner.engine.remote import load_remote_engine

        opa = options.opa
        return load_remote_engine(
            list(options.policy_paths), namespaces, options.all_namespaces, options.include_builtin,
            opa.url, token=opa.token, timeout=opa.timeout, server_policies=opa.server_policies,
        )
    from scanner.engine import load_engine

    return load_engine(list(options.policy_paths), namespaces, options.all_namespaces, include_builtin=options.include_builtin)


def find_undecided(
    result: ScanResult, engine: PolicyEngine, graph: Graph, evaluation: EvaluationResult | None, selected: Callable[[RuleMeta], bool]
) -> list[Undecided]:
    """``--show-unknown``: what the selected rules could not decide (see :mod:`scanner.engine.undecided`).

    Empty when evaluation failed or the engine cannot tell (it has no ``undecided`` method). The
    engine's problems with declared ``undecided`` sets become rule errors of ``result``; secrets
    are taken out of every reason, as out of finding messages.
    """
    from scanner.secrets.redact import scrub_text

    find = getattr(engine, "undecided", None)
    if evaluation is None or find is None:
        return []
    outcome = _guarded(result, lambda: find(graph, evaluation))
    if outcome is None:
        return []
    result.rule_errors.extend(outcome.errors)
    kept = [entry for entry in outcome.entries if entry.rule_id in evaluation.rules and selected(evaluation.rules[entry.rule_id])]
    return [
        replace(entry, reason=scrub_text(entry.reason, graph.redaction), message=scrub_text(entry.message, graph.redaction))
        for entry in kept
    ]


def _guarded(result: ScanResult, call: Callable[[], T]) -> T | None:
    """Run one engine step at the scan boundary: an unexpected exception becomes a RuleError
    ("internal error in the rule engine: <type>: <message>") with its traceback kept for
    ``--debug``, and None is returned. An OPA server that cannot be used is a RuleError with its
    message (no traceback). :class:`ScanSetupError` passes through."""
    from scanner.engine.opa_errors import OpaServerError

    try:
        return call()
    except ScanSetupError:
        raise
    except OpaServerError as exc:
        result.rule_errors.append(RuleError(None, exc.url, None, exc.message))
        return None
    except Exception as exc:
        message = f"internal error in the rule engine: {type(exc).__name__}: {exc}"
        result.rule_errors.append(RuleError(None, ".", None, message))
        result.debug_traces.append(traceback.format_exc())
        return None
