"""The configuration file of a scan: ``[tool.bastion]`` in ``pyproject.toml`` or ``.bastion.toml``.

``load_config`` finds and validates the file (:mod:`scanner.config.load`), ``overlay_config``
lets the command line win over it (:mod:`scanner.config.merge`); the keys and their types are
in :mod:`scanner.config.schema` and docs/configuration.md. Every problem is a
:class:`ConfigError` whose message names the file and the key.
"""

from __future__ import annotations

from scanner.config.load import BASTION_TOML, PYPROJECT_TOML, LoadedConfig, load_config
from scanner.config.merge import overlay_config
from scanner.config.schema import CONFIG_KEYS, BastionConfig, ConfigError

__all__ = [
    "BASTION_TOML",
    "CONFIG_KEYS",
    "PYPROJECT_TOML",
    "BastionConfig",
    "ConfigError",
    "LoadedConfig",
    "load_config",
    "overlay_config",
]
