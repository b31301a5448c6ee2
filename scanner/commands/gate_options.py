"""``bastion scan``'s configuration file, baseline and diff-mode options, and their wiring.

``gate_options`` adds ``--config``, ``--baseline``, ``--write-baseline`` and ``--diff-base`` to a
command. ``prepare_gate`` runs before the scan: it reads the configuration file and lets the
command line win over it, reads the baseline, asks git what changed, and turns every problem
into a usage error (exit 2). ``finish_gate`` runs after it: it writes the baseline and tells the
user on stderr what the baseline and diff mode left out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

if TYPE_CHECKING:
    from scanner.config import BastionConfig
    from scanner.gating import GateOptions
    from scanner.scan import ScanResult


def gate_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--config``, ``--baseline``, ``--write-baseline`` and ``--diff-base`` to ``command``."""
    decorators = [
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), envvar="BASTION_CONFIG", metavar="FILE", help="Configuration file to use instead of .bastion.toml or pyproject.toml [tool.bastion] at the scan root."),
        click.option("--baseline", type=click.Path(exists=True, dir_okay=False), envvar="BASTION_BASELINE", metavar="FILE", help="Report only findings not recorded in this baseline file."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE", help="Record the current findings in this baseline file; exit 0 even with findings."),
        click.option("--diff-base", envvar="BASTION_DIFF_BASE", metavar="REF", help="Report only findings on what changed since this git revision (the whole repository is still evaluated)."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@dataclass
class GateSetup:
    """What ``prepare_gate`` decided: the command's parameters with the configuration file applied
    (``params``), the gate for :class:`~scanner.scan.ScanOptions` (None when nothing gates), the
    configuration in force, and where to write a baseline."""

    params: dict[str, Any]
    gate: GateOptions | None = None
    config: BastionConfig | None = None
    write_baseline: str | None = None
    notes: list[str] = field(default_factory=list)


def given_parameters(ctx: click.Context) -> set[str]:
    """The parameters the user set on the command line or through an environment variable."""
    sources = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
    return {name for name in ctx.params if ctx.get_parameter_source(name) in sources}


def prepare_gate(ctx: click.Context, root: str) -> GateSetup:
    """Read the configuration file at ``root`` (or ``--config``), the baseline and the git changes.

    Raises :class:`click.UsageError` for a bad configuration file, a malformed baseline, a
    ``--diff-base`` git cannot use, or ``--write-baseline`` combined with ``--baseline`` or
    ``--diff-base``.
    """
    import os

    from scanner.config import ConfigError, load_config, overlay_config
    from scanner.gating import (
        BaselineError,
        DiffError,
        GateOptions,
        PathIgnore,
        collect_changes,
        read_baseline,
    )

    params = ctx.params
    write_baseline = params.get("write_baseline")
    if write_baseline and (params.get("baseline") or params.get("diff_base")):
        raise click.UsageError("--write-baseline records every current finding; it cannot be combined with --baseline or --diff-base")
    if write_baseline and not os.path.isdir(os.path.dirname(os.path.abspath(write_baseline))):
        raise click.BadParameter(f"directory '{os.path.dirname(write_baseline)}' does not exist", param_hint="--write-baseline")
    try:
        loaded = load_config(root, params.get("config_file"))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    config = loaded.config
    setup = GateSetup(overlay_config(params, given_parameters(ctx), config), config=config, write_baseline=write_baseline, notes=list(loaded.notes))
    try:
        baseline = read_baseline(params["baseline"]) if params.get("baseline") else None
    except BaselineError as exc:
        raise click.BadParameter(str(exc), param_hint="--baseline") from None
    try:
        changes = collect_changes(root, params["diff_base"]) if params.get("diff_base") else None
    except DiffError as exc:
        raise click.UsageError(f"--diff-base: {exc}") from None
    ignores = tuple(PathIgnore(glob, patterns) for glob, patterns in config.per_path_ignores) if config else ()
    overrides = config.severity_overrides if config else ()
    if ignores or overrides or baseline is not None or changes is not None:
        setup.gate = GateOptions(ignores, overrides, baseline, changes)
    return setup


def finish_gate(setup: GateSetup, result: ScanResult) -> None:
    """After the scan: write ``--write-baseline`` (atomically) and print notes to stderr."""
    from scanner.output import write_output

    for note in setup.notes:
        click.echo(f"note: {note}", err=True)
    if setup.write_baseline:
        from scanner.gating import render_baseline

        try:
            write_output(render_baseline(result.findings), setup.write_baseline)
        except OSError as exc:
            raise click.BadParameter(f"cannot write '{setup.write_baseline}': {exc.strerror or exc}", param_hint="--write-baseline") from None
        count = len(result.findings)
        click.echo(f"note: wrote {count} finding{'' if count == 1 else 's'} to the baseline '{setup.write_baseline}'", err=True)
    stats = result.stats
    if stats.baselined:
        click.echo(f"note: {stats.baselined} finding{'' if stats.baselined == 1 else 's'} recorded in the baseline not reported", err=True)
    if stats.outside_diff and setup.gate is not None and setup.gate.changes is not None:
        base = setup.gate.changes.base
        click.echo(f"note: {stats.outside_diff} finding{'' if stats.outside_diff == 1 else 's'} outside the changes since '{base}' not reported", err=True)
