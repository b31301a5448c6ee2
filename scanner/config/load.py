"""Find and read the configuration file of a scan: ``--config FILE``, ``.bastion.toml`` or
``pyproject.toml`` ``[tool.bastion]`` at the scan root.

Precedence: an explicit ``--config`` file is the only one read; otherwise ``.bastion.toml`` at
the scan root; otherwise the ``[tool.bastion]`` table of ``pyproject.toml`` at the scan root.
Files are never merged. A file named ``pyproject.toml`` is read through its ``[tool.bastion]``
table, any other file through its top-level keys. TOML is read with the standard library's
``tomllib``; nothing in it is executed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from scanner.config.schema import BastionConfig, ConfigError, validate_table

#: The dedicated configuration file, looked up at the scan root.
BASTION_TOML = ".bastion.toml"
#: The shared Python project file, read only through its ``[tool.bastion]`` table.
PYPROJECT_TOML = "pyproject.toml"
#: A configuration file larger than this is refused (a config file is a few hundred bytes).
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LoadedConfig:
    """The configuration in force (None when there is none) and notes for the user.

    ``notes`` say which file was ignored when both ``.bastion.toml`` and a ``pyproject.toml``
    with ``[tool.bastion]`` exist.
    """

    config: BastionConfig | None
    notes: tuple[str, ...] = ()


def display_path(path: str) -> str:
    """``path`` as shown in messages: relative to the current directory when inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    return absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def load_config(root: str, explicit: str | None = None) -> LoadedConfig:
    """The configuration of a scan of ``root`` (see the module docstring for precedence).

    ``explicit`` is the ``--config`` path as the user gave it. Raises :class:`ConfigError` for a
    file that cannot be read, is not TOML, lacks ``[tool.bastion]`` when named explicitly, or
    holds an unknown key or a wrong type.
    """
    if explicit is not None:
        return LoadedConfig(_read_config(explicit, explicit, required=True))
    dedicated = os.path.join(root, BASTION_TOML)
    pyproject = os.path.join(root, PYPROJECT_TOML)
    if os.path.isfile(dedicated):
        notes: tuple[str, ...] = ()
        if os.path.isfile(pyproject) and _mentions_bastion(pyproject):
            notes = (f"{display_path(pyproject)} [tool.bastion] is ignored because {display_path(dedicated)} exists",)
        return LoadedConfig(_read_config(dedicated, display_path(dedicated), required=True), notes)
    if os.path.isfile(pyproject) and _mentions_bastion(pyproject):
        return LoadedConfig(_read_config(pyproject, display_path(pyproject), required=False))
    return LoadedConfig(None)


def _mentions_bastion(path: str) -> bool:
    """Cheap test before parsing a ``pyproject.toml``: a broken one that never mentions
    ``tool.bastion`` belongs to someone else and must not stop the scan."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError:
        return False
    return b"tool.bastion" in text or (b"bastion" in text and b"[tool" in text)


def _read_config(path: str, shown: str, required: bool) -> BastionConfig | None:
    """Read and validate one file; ``required`` makes a missing ``[tool.bastion]`` an error."""
    import tomllib

    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read configuration file '{shown}': {exc.strerror or exc}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"configuration file '{shown}' is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"configuration file '{shown}' is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file '{shown}' is not valid TOML: {exc}") from None
    base_dir = os.path.dirname(shown)
    if os.path.basename(path) != PYPROJECT_TOML:
        return validate_table(document, shown, shown, base_dir)
    table = _tool_bastion(document, shown)
    if table is None:
        if required:
            raise ConfigError(f"configuration file '{shown}' has no [tool.bastion] table")
        return None
    return validate_table(table, shown, f"{shown} [tool.bastion]", base_dir)


def _tool_bastion(document: dict[str, Any], shown: str) -> dict[str, Any] | None:
    """The ``[tool.bastion]`` table of a pyproject document, None when absent."""
    tool = document.get("tool")
    if not isinstance(tool, dict) or "bastion" not in tool:
        return None
    table = tool["bastion"]
    if not isinstance(table, dict):
        raise ConfigError(f"'tool.bastion' in {shown} must be a table")
    return table
