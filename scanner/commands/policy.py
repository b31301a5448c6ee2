"""Click commands for policy authors: ``bastion test``, ``bastion rules list``, ``bastion rules show``.

They are registered on the main group in ``scanner.cli``::

    main.add_command(test_command)          # bastion test DIR...
    main.add_command(rules_group)           # bastion rules list / bastion rules show ID

Exit codes follow the CLI's convention (the highest applicable wins): 0 fine, 1 a test failed,
2 usage error (an unknown rule ID), 3 a policy could not be loaded.
"""

from __future__ import annotations

import json

import click

EXIT_FAILED = 1
EXIT_ERRORS = 3


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--verbose", "-v", is_flag=True, help="List every test, not only the failing ones.")
def test_command(paths: tuple[str, ...], verbose: bool) -> None:
    """Run the Rego unit tests (test_* rules) of the policies under PATHS, like opa test."""
    from scanner.engine.unit_tests import PASS, SKIP, run_unit_tests

    report = run_unit_tests(list(paths))
    for error in report.errors:
        click.echo(f"error: {error.path}:{error.line or '?'}: {error.message}", err=True)
    for result in report.results:
        if result.status == PASS and not verbose:
            continue
        if result.status == SKIP and not verbose:
            continue
        where = f"{result.path}:{result.line}"
        detail = f": {result.message}" if result.message else ""
        click.echo(f"{result.status.upper()} {result.rule_path} ({where}){detail}")
    click.echo(report.summary())
    code = EXIT_ERRORS if report.errors else EXIT_FAILED if report.failed else 0
    if code:
        click.get_current_context().exit(code)


@click.group("rules")
def rules_group() -> None:
    """List and explain the rules (built-in and from --policy directories)."""


def _policy_options(command: click.Command) -> click.Command:
    """``--policy`` (repeatable) and ``--no-builtin`` for the rules commands."""
    command = click.option("--no-builtin", is_flag=True, help="Leave out the built-in rule pack.")(command)
    return click.option(
        "--policy", "policies", multiple=True, type=click.Path(exists=True), help="Also read policies from this path (repeatable)."
    )(command)


def _load_rules(policies: tuple[str, ...], no_builtin: bool) -> tuple[dict, list]:
    """Rule ID -> RuleMeta for the pack and the given policies (all conftest namespaces)."""
    from scanner.engine import load_engine

    engine = load_engine(list(policies), all_namespaces=True, include_builtin=not no_builtin)
    try:
        return engine.rules, engine.load_errors
    finally:
        engine.close()


@rules_group.command("list")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_policy_options
def rules_list_command(output_format: str, policies: tuple[str, ...], no_builtin: bool) -> None:
    """List every rule: ID, severity, targets, title and aliases."""
    rules, errors = _load_rules(policies, no_builtin)
    for error in errors:
        click.echo(f"error: {error.path}:{error.line or '?'}: {error.message}", err=True)
    ordered = [rules[rule_id] for rule_id in sorted(rules)]
    if output_format == "json":
        keys = ("id", "title", "severity", "targets", "aliases", "source", "mode")
        click.echo(json.dumps([{key: meta.to_json()[key] for key in keys} for meta in ordered], indent=2))
    else:
        id_width = max([len(meta.id) for meta in ordered] + [2])
        click.echo(f"{'ID':<{id_width}}  {'SEVERITY':<8}  {'TARGETS':<12}  TITLE")
        for meta in ordered:
            aliases = f"  [{', '.join(meta.aliases)}]" if meta.aliases else ""
            targets = ",".join(meta.targets) or "-"
            click.echo(f"{meta.id:<{id_width}}  {meta.severity:<8}  {targets:<12}  {meta.title}{aliases}")
    if errors:
        click.get_current_context().exit(EXIT_ERRORS)


@rules_group.command("show")
@click.argument("rule_id")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_policy_options
def rules_show_command(rule_id: str, output_format: str, policies: tuple[str, ...], no_builtin: bool) -> None:
    """Show one rule: metadata, rationale, remediation, references and examples."""
    from scanner.engine.rule_docs import folder_of, render_rule_markdown, rule_json

    rules, _ = _load_rules(policies, no_builtin)
    matches = [meta for key, meta in rules.items() if key.lower() == rule_id.lower()]
    if not matches:
        raise click.BadParameter(f"unknown rule ID '{rule_id}'; see 'bastion rules list'", param_hint="RULE_ID")
    meta = matches[0]
    folder = folder_of(meta)
    if output_format == "json":
        click.echo(json.dumps(rule_json(meta, folder), indent=2))
    else:
        click.echo(render_rule_markdown(meta, folder), nl=False)
