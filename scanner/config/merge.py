"""Combine the configuration file with the command line: what the user typed wins.

A value given on the command line or through its ``BASTION_*`` environment variable replaces
the file's value; a list given on the command line replaces the file's whole list (it is not
appended to). The file fills in only what the command line left at its default.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from scanner.config.schema import BastionConfig

#: (BastionConfig field, CLI parameter name, conversion from the file's value to the parameter's).
OVERLAY: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("select", "select", tuple),
    ("ignore", "ignore", tuple),
    ("fail_on", "fail_on", str),
    ("policy", "policies", tuple),
    ("namespaces", "namespaces", tuple),
    ("all_namespaces", "all_namespaces", bool),
    ("exclude", "excludes", tuple),
    ("var_files", "var_files", tuple),
    ("max_file_size", "max_file_size", int),
    ("inline_suppressions", "no_inline_suppressions", lambda enabled: not enabled),
    ("foreign_suppressions", "no_foreign_suppressions", lambda enabled: not enabled),
    ("report_unused_suppressions", "report_unused_suppressions", bool),
)


def overlay_config(params: Mapping[str, Any], given: Collection[str], config: BastionConfig | None) -> dict[str, Any]:
    """A copy of the command's ``params`` with the file's values filled in where the user gave none.

    ``given`` names the parameters set on the command line or by environment variable. A file
    key whose parameter the command does not have is left out (so a command without the
    suppression flags simply ignores those keys).
    """
    merged = dict(params)
    if config is None:
        return merged
    for field_name, parameter, convert in OVERLAY:
        value = getattr(config, field_name)
        if value is None or parameter not in merged or parameter in given:
            continue
        merged[parameter] = convert(value)
    return merged
