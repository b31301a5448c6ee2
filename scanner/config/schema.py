"""The keys of a bastion configuration table and their validation into :class:`BastionConfig`.

``validate_table(table, where, base_dir)`` turns the raw TOML table (``[tool.bastion]`` of a
``pyproject.toml`` or the top level of a ``.bastion.toml``) into a frozen :class:`BastionConfig`,
or raises :class:`ConfigError` with one sentence that names the key and the file. An unknown key
names the closest valid one ("unknown key 'fail_on' in .bastion.toml; did you mean 'fail-on'?").
Paths in ``policy`` and ``var-files`` are relative to the configuration file's directory.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from scanner.findings import SEVERITIES

#: ``fail-on`` values: a severity in lower case, or ``none``.
FAIL_ON_VALUES: tuple[str, ...] = (*(severity.lower() for severity in SEVERITIES), "none")


class ConfigError(Exception):
    """The configuration file cannot be used; the message is one sentence naming the file.

    The CLI shows it as a usage error (exit 2).
    """


@dataclass(frozen=True)
class BastionConfig:
    """One configuration file, validated. ``None`` (or an empty tuple for the two tables) means
    the key is not set, so the command line's default applies.

    ``source`` is the file as shown in messages and ``where`` adds the table
    (``pyproject.toml [tool.bastion]``). ``policy`` and ``var_files`` are paths already joined to
    the file's directory; ``exclude`` globs stay relative to the scan root, like ``--exclude``.
    ``per_path_ignores`` is ((path glob, (rule pattern, ...)), ...) in file order;
    ``severity_overrides`` is ((rule ID or alias, SEVERITY), ...) in file order.
    """

    source: str
    where: str
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity_overrides: tuple[tuple[str, str], ...] = ()
    fail_on: str | None = None
    policy: tuple[str, ...] | None = None
    namespaces: tuple[str, ...] | None = None
    all_namespaces: bool | None = None
    exclude: tuple[str, ...] | None = None
    var_files: tuple[str, ...] | None = None
    max_file_size: int | None = None
    inline_suppressions: bool | None = None
    foreign_suppressions: bool | None = None
    report_unused_suppressions: bool | None = None


def _type_name(value: Any) -> str:
    """The TOML name of a value's type, for messages."""
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array", dict: "a table"}
    return names.get(type(value), f"a {type(value).__name__}")


class _Reader:
    """Checks one key's value at a time, raising :class:`ConfigError` that names key and file."""

    def __init__(self, where: str, base_dir: str) -> None:
        self.where = where
        self.base_dir = base_dir

    def fail(self, key: str, expected: str, value: Any) -> ConfigError:
        return ConfigError(f"'{key}' in {self.where} must be {expected}, not {_type_name(value)}")

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        """A list of non-empty strings; a single string counts as a list of one."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise self.fail(key, "a list of strings", value)
        if any(not item.strip() for item in items):
            raise ConfigError(f"'{key}' in {self.where} holds an empty string")
        return tuple(item.strip() for item in items)

    def boolean(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def positive_int(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "a positive integer (bytes)", value)
        if value < 1:
            raise ConfigError(f"'{key}' in {self.where} must be a positive integer (bytes), not {value}")
        return value

    def fail_on(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"one of {', '.join(FAIL_ON_VALUES)}", value)
        if value.lower() not in FAIL_ON_VALUES:
            raise ConfigError(f"'{key}' in {self.where} must be one of {', '.join(FAIL_ON_VALUES)}, not '{value}'")
        return value.lower()

    def paths(self, key: str, value: Any, want_file: bool) -> tuple[str, ...]:
        """Paths relative to the configuration file's directory, which must exist."""
        joined = []
        for item in self.strings(key, value):
            path = os.path.normpath(os.path.join(self.base_dir, item))
            exists = os.path.isfile(path) if want_file else os.path.exists(path)
            if not exists:
                kind = "file" if want_file else "path"
                raise ConfigError(f"{kind} '{item}' of '{key}' in {self.where} does not exist (paths are relative to the configuration file)")
            joined.append(path)
        return tuple(joined)

    def per_path_ignores(self, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """A table of path glob -> rule patterns; each glob must be a valid gitignore-style pattern."""
        import pathspec

        if not isinstance(value, dict):
            raise self.fail(key, "a table of path glob = [rule IDs]", value)
        entries = []
        for glob, patterns in value.items():
            if not glob.strip():
                raise ConfigError(f"'{key}' in {self.where} has an empty path glob")
            try:
                pathspec.GitIgnoreSpec.from_lines([glob])
            except ValueError as exc:  # pathspec's pattern errors are ValueErrors
                raise ConfigError(f"path glob '{glob}' of '{key}' in {self.where} is not a valid glob: {exc}") from None
            entries.append((glob, self.strings(f"{key}.{glob}", patterns)))
        return tuple(entries)

    def severity_overrides(self, key: str, value: Any) -> tuple[tuple[str, str], ...]:
        """A table of rule ID -> severity name (any case)."""
        if not isinstance(value, dict):
            raise self.fail(key, "a table of rule ID = severity", value)
        entries = []
        for rule_id, severity in value.items():
            if not isinstance(severity, str) or severity.upper() not in SEVERITIES:
                shown = f"'{severity}'" if isinstance(severity, str) else _type_name(severity)
                raise ConfigError(
                    f"severity of '{rule_id}' in '{key}' of {self.where} must be one of "
                    f"{', '.join(s.lower() for s in SEVERITIES)}, not {shown}"
                )
            entries.append((rule_id, severity.upper()))
        return tuple(entries)


#: Every valid key, with the BastionConfig field it fills and how its value is read.
_KEYS: dict[str, tuple[str, Callable[[_Reader, str, Any], Any]]] = {
    "select": ("select", _Reader.strings),
    "ignore": ("ignore", _Reader.strings),
    "per-path-ignores": ("per_path_ignores", _Reader.per_path_ignores),
    "severity-overrides": ("severity_overrides", _Reader.severity_overrides),
    "fail-on": ("fail_on", _Reader.fail_on),
    "policy": ("policy", lambda reader, key, value: reader.paths(key, value, want_file=False)),
    "namespaces": ("namespaces", _Reader.strings),
    "all-namespaces": ("all_namespaces", _Reader.boolean),
    "exclude": ("exclude", _Reader.strings),
    "var-files": ("var_files", lambda reader, key, value: reader.paths(key, value, want_file=True)),
    "max-file-size": ("max_file_size", _Reader.positive_int),
    "inline-suppressions": ("inline_suppressions", _Reader.boolean),
    "foreign-suppressions": ("foreign_suppressions", _Reader.boolean),
    "report-unused-suppressions": ("report_unused_suppressions", _Reader.boolean),
}

#: The valid keys, sorted (documented in docs/configuration.md).
CONFIG_KEYS: tuple[str, ...] = tuple(sorted(_KEYS))


def unknown_key_message(key: str, where: str) -> str:
    """"unknown key 'KEY' in WHERE; did you mean 'CLOSEST'?", or the list of valid keys when
    nothing is close."""
    normalized = key.strip().lower().replace("_", "-")
    close = [normalized] if normalized in _KEYS else difflib.get_close_matches(normalized, CONFIG_KEYS, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}' in {where}; did you mean '{close[0]}'?"
    return f"unknown key '{key}' in {where}; valid keys are {', '.join(CONFIG_KEYS)}"


def validate_table(table: Mapping[str, Any], source: str, where: str, base_dir: str) -> BastionConfig:
    """Validate the raw table of one configuration file into a :class:`BastionConfig`.

    ``source`` is the file as shown in messages, ``where`` the file plus its table, ``base_dir``
    the directory that relative paths start from. Keys are checked in sorted order, so the first
    problem reported does not depend on the order in the file. Raises :class:`ConfigError`.
    """
    reader = _Reader(where, base_dir)
    values: dict[str, Any] = {}
    for key in sorted(table):
        if key not in _KEYS:
            raise ConfigError(unknown_key_message(key, where))
        field_name, read = _KEYS[key]
        values[field_name] = read(reader, key, table[key])
    return BastionConfig(source=source, where=where, **values)
