"""The scan step of bastion's GitHub Action (action.yml): run bastion, summarize, set outputs.

Usage (the Action passes its inputs as environment variables, never inside the shell script):

    python run.py [--defer-exit]     scan; exit with bastion's code (0 with --defer-exit, see below)
    python run.py --exit CODE        explain CODE as a workflow error and exit with it (the gate)

Inputs (environment): ``INPUT_PATHS`` (default ``.``), ``INPUT_FAIL_ON`` (default ``low``),
``INPUT_POLICY``, ``INPUT_BASELINE``, ``INPUT_DIFF_BASE``, ``INPUT_SARIF_FILE`` (default
``bastion.sarif``), ``INPUT_CONFIG``, ``INPUT_ARGS`` (extra ``bastion scan`` arguments), and
``INPUT_UPLOAD_SARIF``. Lists (paths, policies, args) are split like a shell command line, so
quote a path with spaces. ``BASTION_EXECUTABLE`` names bastion (default: ``bastion`` on PATH).
From the runner: ``GITHUB_WORKSPACE`` (the scan root, default the current directory),
``GITHUB_STEP_SUMMARY``, ``GITHUB_OUTPUT``, ``GITHUB_SERVER_URL``, ``GITHUB_REPOSITORY``,
``GITHUB_SHA``, ``GITHUB_REF``.

The scan step runs ``bastion scan PATHS --root WORKSPACE --format sarif --output SARIF --fail-on
F ...`` (so SARIF paths are relative to the repository's top directory, as GitHub expects),
appends the job summary, and writes the outputs ``findings``, ``errors``, ``sarif-file`` and
``exit-code``. With ``--defer-exit`` it exits 0 whenever bastion finished (exit 0, 1 or 3), so
the SARIF upload can run before the gate step fails the job; it exits 2 when bastion could not
run at all (a usage error, a diff base git cannot find, no SARIF written).

With ``INPUT_DIFF_BASE`` a base commit missing from a shallow checkout is fetched from ``origin``
(depth 1) first. When the SARIF is also uploaded, bastion runs twice: a full scan writes the
SARIF file (code scanning compares it with the base branch's analysis, so it must hold every
alert, or the others would show as fixed by the pull request), and a
diff-mode scan (its SARIF in ``$RUNNER_TEMP``) decides the exit code, the summary and the
``findings`` output.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sarif_summary import SarifReadError, SummaryContext, read_sarif, render_summary  # noqa: E402

#: bastion's exit codes for a scan that finished: clean, findings at or above fail-on, errors.
FINISHED_CODES = frozenset({0, 1, 3})
EXIT_USAGE = 2
Runner = Callable[..., subprocess.CompletedProcess]


@dataclass(frozen=True)
class ActionInputs:
    """The Action's inputs, parsed (see the module docstring)."""

    paths: tuple[str, ...] = (".",)
    fail_on: str = "low"
    policies: tuple[str, ...] = ()
    baseline: str = ""
    diff_base: str = ""
    sarif_file: str = "bastion.sarif"
    config: str = ""
    extra_args: tuple[str, ...] = ()
    upload_sarif: bool = True


@dataclass(frozen=True)
class ActionResult:
    """What the scan step found: bastion's exit code, reported findings, errors, the SARIF path."""

    exit_code: int
    findings: int = 0
    errors: int = 0
    sarif_file: str = ""


def read_inputs(env: Mapping[str, str]) -> ActionInputs:
    """Parse the ``INPUT_*`` variables; raises ValueError (one sentence) for an unparsable list."""

    def words(name: str) -> tuple[str, ...]:
        try:
            return tuple(shlex.split(env.get(name, "")))
        except ValueError as exc:
            raise ValueError(f"input {name[6:].lower().replace('_', '-')} cannot be split into words: {exc}") from None

    return ActionInputs(
        paths=words("INPUT_PATHS") or (".",),
        fail_on=env.get("INPUT_FAIL_ON", "").strip() or "low",
        policies=words("INPUT_POLICY"),
        baseline=env.get("INPUT_BASELINE", "").strip(),
        diff_base=env.get("INPUT_DIFF_BASE", "").strip(),
        sarif_file=env.get("INPUT_SARIF_FILE", "").strip() or "bastion.sarif",
        config=env.get("INPUT_CONFIG", "").strip(),
        extra_args=words("INPUT_ARGS"),
        upload_sarif=env.get("INPUT_UPLOAD_SARIF", "true").strip().lower() in ("true", "1", "yes"),
    )


def bastion_command(executable: str, inputs: ActionInputs, workspace: str) -> list[str]:
    """The ``bastion scan`` command line of the scan step."""
    command = [executable, "scan", *inputs.paths, "--root", workspace, "--format", "sarif",
               "--output", inputs.sarif_file, "--fail-on", inputs.fail_on]
    for policy in inputs.policies:
        command += ["--policy", policy]
    if inputs.baseline:
        command += ["--baseline", inputs.baseline]
    if inputs.diff_base:
        command += ["--diff-base", inputs.diff_base]
    if inputs.config:
        command += ["--config", inputs.config]
    return command + list(inputs.extra_args)


def ensure_revision(workspace: str, revision: str, run: Runner = subprocess.run) -> str | None:
    """Make sure git knows ``revision`` in ``workspace``, fetching it from ``origin`` (depth 1)
    when a shallow checkout lacks it. None when it is there, else one sentence saying why not."""
    if revision.startswith("-"):
        return f"'{revision}' is not a git revision"

    def git(*args: str) -> subprocess.CompletedProcess:
        return run(["git", "-C", workspace, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)

    if git("cat-file", "-e", f"{revision}^{{commit}}").returncode == 0:
        return None
    print(f"::notice title=bastion::fetching the diff base {revision} from origin (depth 1)", flush=True)
    fetched = git("fetch", "--no-tags", "--quiet", "--depth=1", "origin", revision)
    if fetched.returncode == 0 and git("cat-file", "-e", f"{revision}^{{commit}}").returncode == 0:
        return None
    reason = (fetched.stderr or "").strip().splitlines()
    detail = f" ({reason[-1]})" if reason else ""
    return (f"the diff base '{revision}' is not in the checkout and could not be fetched from origin{detail}; "
            "check it out with actions/checkout and fetch-depth: 0")


def write_outputs(path: str, values: Mapping[str, object]) -> None:
    """Append ``values`` to the ``$GITHUB_OUTPUT`` file: ``key=value``, or GitHub's delimiter
    syntax for a value with a line break."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for key, value in values.items():
            text = str(value)
            if "\n" in text or "\r" in text:
                delimiter = f"ghadelimiter_{uuid.uuid4()}"
                handle.write(f"{key}<<{delimiter}\n{text}\n{delimiter}\n")
            else:
                handle.write(f"{key}={text}\n")


def append_summary(path: str, markdown: str) -> None:
    """Append ``markdown`` to the ``$GITHUB_STEP_SUMMARY`` file (nothing when it is not set)."""
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(markdown)


def run_scan(env: Mapping[str, str], run: Runner = subprocess.run) -> ActionResult:
    """Run the scan step in the environment ``env`` and return what it found.

    Writes the job summary and the outputs. A result whose ``exit_code`` is not in
    :data:`FINISHED_CODES` means bastion could not scan (the reason is printed as a workflow error).
    """
    workspace = os.path.abspath(env.get("GITHUB_WORKSPACE") or os.getcwd())
    try:
        inputs = read_inputs(env)
    except ValueError as exc:
        return _cannot_run(str(exc))
    executable = env.get("BASTION_EXECUTABLE") or shutil.which("bastion")
    if not executable:
        return _cannot_run("bastion is not installed (no BASTION_EXECUTABLE and no bastion on PATH)")
    if inputs.diff_base:
        problem = ensure_revision(workspace, inputs.diff_base, run)
        if problem:
            return _cannot_run(problem)
    _fresh_output(os.path.join(workspace, inputs.sarif_file))
    gated = inputs
    if inputs.diff_base and inputs.upload_sarif:
        # Code scanning compares a pull request's analysis with the base branch's, so a diff-only
        # upload would show every other alert as fixed: the uploaded log comes from a full scan,
        # and the gate, the summary and the outputs from a second, diff-mode scan (unchanged files
        # come from the parse cache the first one filled).
        full = replace(inputs, diff_base="", fail_on="none")
        code = _run_bastion(bastion_command(executable, full, workspace), workspace, run)
        if code not in FINISHED_CODES:
            return _cannot_run(f"bastion scan exited with code {code} before scanning; see its message above", code)
        temporary = env.get("RUNNER_TEMP") or tempfile.gettempdir()
        gated = replace(inputs, sarif_file=_fresh_output(os.path.join(temporary, "bastion-diff.sarif")))
    code = _run_bastion(bastion_command(executable, gated, workspace), workspace, run)
    if code not in FINISHED_CODES:
        return _cannot_run(f"bastion scan exited with code {code} before scanning; see its message above", code)
    try:
        summary = read_sarif(os.path.join(workspace, gated.sarif_file))
    except SarifReadError as exc:
        return _cannot_run(str(exc), code if code != 0 else EXIT_USAGE)
    context = SummaryContext(
        fail_on=inputs.fail_on,
        exit_code=code,
        server_url=env.get("GITHUB_SERVER_URL", ""),
        repository=env.get("GITHUB_REPOSITORY", ""),
        sha=env.get("GITHUB_SHA", ""),
        ref=env.get("GITHUB_REF", ""),
        diff_base=inputs.diff_base,
        baseline=inputs.baseline,
        uploaded=inputs.upload_sarif,
    )
    append_summary(env.get("GITHUB_STEP_SUMMARY", ""), render_summary(summary, context))
    result = ActionResult(code, len(summary.findings), len(summary.errors), inputs.sarif_file)
    write_outputs(env.get("GITHUB_OUTPUT", ""), {"findings": result.findings, "errors": result.errors,
                                                 "sarif-file": result.sarif_file, "exit-code": result.exit_code})
    print(f"bastion: {result.findings} finding{'' if result.findings == 1 else 's'}, {result.errors} error"
          f"{'' if result.errors == 1 else 's'}, exit code {code}; SARIF in {inputs.sarif_file}", flush=True)
    return result


def _run_bastion(command: list[str], workspace: str, run: Runner) -> int:
    """Print and run one ``bastion scan`` command in ``workspace``; its exit code."""
    print(f"Running: {shlex.join(command)}", flush=True)
    return run(command, cwd=workspace, check=False).returncode


def _fresh_output(path: str) -> str:
    """``path`` with its directory created and any earlier file removed (a stale report from an
    earlier step must never be summarized)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    return path


def gate_message(code: int, fail_on: str) -> str:
    """The workflow error the gate step prints for bastion's exit ``code``."""
    if code == 1:
        return f"::error title=bastion::findings at or above '{fail_on}'; see the job summary and the code-scanning alerts"
    if code == 3:
        return "::error title=bastion::some files could not be read or parsed, or a policy failed; see the scan step's log"
    return f"::error title=bastion::the scan failed with exit code {code}"


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Entry point; see the module docstring for the modes and exit codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    environment = os.environ if env is None else env
    if args[:1] == ["--exit"]:
        if len(args) != 2 or not args[1].lstrip("-").isdigit():
            print("::error title=bastion::run.py --exit needs an exit code", flush=True)
            return EXIT_USAGE
        code = int(args[1])
        if code != 0:
            print(gate_message(code, environment.get("INPUT_FAIL_ON", "").strip() or "low"), flush=True)
        return code
    if args not in ([], ["--defer-exit"]):
        print(f"::error title=bastion::unknown arguments {shlex.join(args)}; use --defer-exit or --exit CODE", flush=True)
        return EXIT_USAGE
    result = run_scan(environment)
    if result.exit_code not in FINISHED_CODES:
        return result.exit_code
    return 0 if args == ["--defer-exit"] else result.exit_code


def _cannot_run(message: str, code: int = EXIT_USAGE) -> ActionResult:
    """Print ``message`` as a workflow error; the result carries a code outside FINISHED_CODES."""
    print(f"::error title=bastion::{_escape(message)}", flush=True)
    return ActionResult(code if code not in FINISHED_CODES else EXIT_USAGE)


def _escape(message: str) -> str:
    """A workflow command's message escaped as GitHub's toolkit does (``%``, CR, LF)."""
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":
    raise SystemExit(main())
