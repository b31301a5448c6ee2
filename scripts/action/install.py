"""The install step of bastion's GitHub Action: put bastion in a virtual environment of its own.

Usage: ``python install.py`` with ``BASTION_VERSION`` set from the Action's ``version`` input:

- ``local`` (the default): the Action's own checkout (``GITHUB_ACTION_PATH``), so the scripts and
  bastion always match the ref the workflow pinned;
- ``latest`` or empty: the newest ``bastion`` release from the package index;
- ``1.2.3``: exactly that release; a specifier such as ``>=1.2,<2`` is passed on as it is.

The environment is ``$RUNNER_TEMP/bastion-venv`` (so bastion's dependencies never mix with the
workflow's), and the step's output ``executable`` is the path of its ``bastion``. Exit code 0
when installed, 2 for a version that is not a version, else pip's exit code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

#: The distribution name on the package index (pyproject.toml's ``project.name``).
DISTRIBUTION = "bastion"
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.*+!_-]*$")
_SPECIFIER = re.compile(r"^(?:(?:===|==|!=|~=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*,?\s*)+$")
Runner = Callable[..., subprocess.CompletedProcess]


def pip_requirement(version: str, action_path: str) -> str:
    """What ``pip install`` gets for the ``version`` input (see the module docstring).

    Raises ValueError with one sentence for anything that is neither ``local``, ``latest``, a
    version nor a version specifier (so no option or URL reaches pip).
    """
    version = version.strip()
    if version == "local":
        if not action_path:
            raise ValueError("version 'local' needs GITHUB_ACTION_PATH (the Action's own checkout)")
        return str(Path(action_path).resolve())
    if version in ("", "latest"):
        return DISTRIBUTION
    if _SPECIFIER.match(version):
        return DISTRIBUTION + version.replace(" ", "")
    if _VERSION.match(version):
        return f"{DISTRIBUTION}=={version}"
    raise ValueError(f"version '{version}' is not 'local', 'latest', a version or a version specifier")


def venv_executable(venv: Path, name: str) -> Path:
    """The path of the console script ``name`` inside ``venv`` (``Scripts\\name.exe`` on Windows)."""
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def install(env: Mapping[str, str], run: Runner = subprocess.run) -> int:
    """Create the environment, install bastion, write the ``executable`` output; the exit code."""
    try:
        requirement = pip_requirement(env.get("BASTION_VERSION", "local"), env.get("GITHUB_ACTION_PATH", ""))
    except ValueError as exc:
        print(f"::error title=bastion::{exc}", flush=True)
        return 2
    venv = Path(env.get("RUNNER_TEMP") or tempfile.gettempdir()) / "bastion-venv"
    created = run([sys.executable, "-m", "venv", str(venv)], check=False)
    if created.returncode != 0:
        print(f"::error title=bastion::cannot create a virtual environment in {venv}", flush=True)
        return created.returncode
    python = venv_executable(venv, "python")
    print(f"Installing {requirement} into {venv}", flush=True)
    installed = run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", requirement], check=False)
    if installed.returncode != 0:
        print(f"::error title=bastion::pip could not install {requirement} (exit code {installed.returncode})", flush=True)
        return installed.returncode
    executable = venv_executable(venv, "bastion")
    output = env.get("GITHUB_OUTPUT", "")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"executable={executable}\n")
    run([str(executable), "--version"], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(install(os.environ))
