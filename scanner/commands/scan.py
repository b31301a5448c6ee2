"""``bastion scan PATH...``: parse, evaluate the rules, report, and map the outcome to an exit code.

This module only translates options into :class:`~scanner.scan.ScanOptions`, runs
:func:`~scanner.scan.scan` under a lazy progress line, renders the chosen reporter and picks
the exit code. Exit codes (highest applicable wins): 0 clean; 1 findings at or above
``--fail-on``; 2 usage error; 3 input or policy errors. Every option can also come from a
``BASTION_*`` environment variable (``BASTION_FAIL_ON``, ``BASTION_FORMAT``...).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

from scanner.commands.gate_options import finish_gate, gate_options, prepare_gate
from scanner.commands.options import EXIT_ERRORS, EXIT_FINDINGS, EXIT_OK, input_options, resolve_root
from scanner.findings import SEVERITIES
from scanner.reporters import REPORTERS
from scanner.scan_context import CONTEXT_MODES

if TYPE_CHECKING:
    from scanner.scan import ScanResult

#: ``--fail-on`` values: a severity (fail on it or worse) or ``none`` (never fail on findings).
FAIL_ON_CHOICES: tuple[str, ...] = (*(severity.lower() for severity in SEVERITIES), "none")


def exit_code_for(result: ScanResult, fail_on: str) -> int:
    """The exit code of a finished scan: 3 on any input or rule error, else 1 when a finding is at
    or above ``fail_on`` (``none`` never fails), else 0."""
    if result.has_errors:
        return EXIT_ERRORS
    if fail_on.lower() != "none" and result.findings_at_or_above(fail_on):
        return EXIT_FINDINGS
    return EXIT_OK


def split_patterns(values: Iterable[str]) -> tuple[str, ...]:
    """``--select``/``--ignore`` values, each possibly a comma-separated list, as single patterns."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@click.command("scan")
@input_options
@gate_options
@click.option("--policy", "policies", multiple=True, type=click.Path(exists=True), envvar="BASTION_POLICY", metavar="DIR", help="Directory (or file) of Rego policies to evaluate (repeatable).")
@click.option("--namespace", "namespaces", multiple=True, envvar="BASTION_NAMESPACE", metavar="NS", help="Conftest-style package to evaluate (repeatable; default: main).")
@click.option("--all-namespaces", is_flag=True, envvar="BASTION_ALL_NAMESPACES", help="Evaluate every conftest-style package.")
@click.option("--no-builtin", is_flag=True, envvar="BASTION_NO_BUILTIN", help="Evaluate only the policies given with --policy.")
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True, envvar="BASTION_FORMAT", help="Report format.")
@click.option("--output", type=click.Path(dir_okay=False), envvar="BASTION_OUTPUT", metavar="FILE", help="Write the report to this file (atomically) instead of stdout.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES, case_sensitive=False), default="low", show_default=True, envvar="BASTION_FAIL_ON", help="Exit 1 when a finding has this severity or worse; 'none' never fails.")
@click.option("--select", "select", multiple=True, envvar="BASTION_SELECT", metavar="ID", help="Report only rules matching this ID, alias or glob, e.g. K8S* (repeatable, comma-separated).")
@click.option("--ignore", "ignore", multiple=True, envvar="BASTION_IGNORE", metavar="ID", help="Do not report rules matching this ID, alias or glob; wins over --select (repeatable, comma-separated).")
@click.option("--opa-url", envvar="BASTION_OPA_URL", metavar="URL", help="Evaluate on this OPA server instead of in process.")
@click.option("--opa-token", envvar="BASTION_OPA_TOKEN", metavar="TOKEN", help="Bearer token for --opa-url (prefer the environment variable).")
@click.option("--opa-server-policies", envvar="BASTION_OPA_SERVER_POLICIES", metavar="PATH", help="Use only the policies already deployed on the OPA server under this path.")
@click.option("--opa-timeout", envvar="BASTION_OPA_TIMEOUT", type=click.FloatRange(min=0.1), default=10.0, show_default=True, metavar="SECONDS", help="Time limit of each request to the OPA server.")
@click.option("--show-unknown", is_flag=True, envvar="BASTION_SHOW_UNKNOWN", help="Also report values the scan could not resolve.")
@click.option("--no-inline-suppressions", is_flag=True, envvar="BASTION_NO_INLINE_SUPPRESSIONS", help="Audit mode: ignore every inline suppression (comments and annotations).")
@click.option("--no-foreign-suppressions", is_flag=True, envvar="BASTION_NO_FOREIGN_SUPPRESSIONS", help="Ignore other tools' skip comments and annotations (checkov, tfsec, trivy, kics, hadolint, kube-linter, kube-score, polaris).")
@click.option("--report-unused-suppressions", is_flag=True, envvar="BASTION_REPORT_UNUSED_SUPPRESSIONS", help="List inline suppressions that matched no finding.")
@click.option("--context", "context", type=click.Choice(CONTEXT_MODES), default="paths", show_default=True, envvar="BASTION_CONTEXT", help="What to parse around PATH...: 'paths' only them; 'directory' also each file's directory and the local Terraform modules it calls; 'root' the whole scan root. With 'directory' or 'root' only findings in PATH... are reported (pre-commit).")
def scan_command(
    paths: tuple[str, ...],
    root: str | None,
    excludes: tuple[str, ...],
    var_files: tuple[str, ...],
    max_file_size: int,
    jobs: int | None,
    no_cache: bool,
    debug: bool,
    config_file: str | None,
    baseline: str | None,
    write_baseline: str | None,
    diff_base: str | None,
    policies: tuple[str, ...],
    namespaces: tuple[str, ...],
    all_namespaces: bool,
    no_builtin: bool,
    output_format: str,
    output: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    opa_url: str | None,
    opa_token: str | None,
    opa_server_policies: str | None,
    opa_timeout: float,
    show_unknown: bool,
    no_inline_suppressions: bool,
    no_foreign_suppressions: bool,
    report_unused_suppressions: bool,
    context: str,
) -> None:
    """Scan PATH... with the built-in rules and your policies, and report the findings."""
    from scanner.commands.progress import LazyStatus
    from scanner.gc_pause import paused_collector
    from scanner.graph.build import GraphOptions
    from scanner.output import write_output
    from scanner.reporters import ReportOptions, render_report
    from scanner.scan import OpaServerOptions, ScanOptions, ScanSetupError, scan
    from scanner.scan_context import plan_scope

    # The configuration file fills in what the command line left at its default (docs/configuration.md).
    setup = prepare_gate(click.get_current_context(), resolve_root(paths, root))
    excludes, var_files, max_file_size, fail_on, select, ignore = (setup.params[key] for key in ("excludes", "var_files", "max_file_size", "fail_on", "select", "ignore"))
    policies, namespaces, all_namespaces = (setup.params[key] for key in ("policies", "namespaces", "all_namespaces"))
    no_inline_suppressions, no_foreign_suppressions, report_unused_suppressions = (
        setup.params[key] for key in ("no_inline_suppressions", "no_foreign_suppressions", "report_unused_suppressions")
    )
    if (opa_token or opa_server_policies) and not opa_url:
        raise click.UsageError("--opa-token and --opa-server-policies need --opa-url")
    if no_builtin and not policies and not opa_server_policies:
        raise click.UsageError("--no-builtin leaves no rules to evaluate; add --policy DIR")
    _check_output_directory(output)
    graph_options = GraphOptions(
        root=resolve_root(paths, root),
        excludes=tuple(excludes),
        var_files=tuple(var_files),
        max_file_size=max_file_size,
        jobs=jobs,
        cache=not no_cache,
    )
    scope = plan_scope(paths, graph_options.root, context)
    options = ScanOptions(
        policy_paths=tuple(policies),
        namespaces=tuple(namespaces),
        all_namespaces=all_namespaces,
        include_builtin=not no_builtin,
        select=split_patterns(select),
        ignore=split_patterns(ignore),
        opa=OpaServerOptions(opa_url, opa_token, opa_server_policies, opa_timeout) if opa_url else None,
        show_unknown=show_unknown,
        gate=setup.gate,
        line_hashes=output_format == "sarif",
        inline_suppressions=not no_inline_suppressions,
        foreign_suppressions=not no_foreign_suppressions,
        report_unused_suppressions=report_unused_suppressions,
        report_paths=scope.report_paths,
    )
    try:
        with LazyStatus(enabled=sys.stderr.isatty()) as status:
            with paused_collector():
                result = scan(scope.graph_paths, graph_options, options, on_phase=status.phase)
    except ScanSetupError as exc:
        raise click.UsageError(str(exc)) from None
    if debug:
        for trace in result.debug_traces:
            click.echo(trace, err=True)
        timings = ", ".join(f"{phase} {seconds:.3f}s" for phase, seconds in result.stats.durations.items())
        click.echo(f"timings: {timings}", err=True)
    finish_gate(setup, result)
    color = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report = render_report(output_format, result, ReportOptions(color=color, show_unknown=show_unknown))
    try:
        write_output(report, output)
    except OSError as exc:
        raise click.BadParameter(f"cannot write '{output}': {exc.strerror or exc}", param_hint="--output") from None
    sys.exit(exit_code_for(result, "none" if write_baseline else fail_on))


def _check_output_directory(output: str | None) -> None:
    """Fail early (usage error) when ``--output`` names a file in a directory that does not exist."""
    if output is None:
        return
    directory = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(directory):
        raise click.BadParameter(f"directory '{os.path.dirname(output)}' does not exist", param_hint="--output")
