"""The command line wins over the configuration file, parameter by parameter."""

from __future__ import annotations

from scanner.config import BastionConfig, overlay_config

CONFIG = BastionConfig(
    source=".bastion.toml",
    where=".bastion.toml",
    select=("TF*",),
    fail_on="high",
    policy=("ci/policies",),
    inline_suppressions=False,
    max_file_size=10,
)
DEFAULTS = {"select": (), "fail_on": "low", "policies": (), "no_inline_suppressions": False, "max_file_size": 5, "excludes": ()}


def test_file_fills_in_parameters_left_at_their_default() -> None:
    assert overlay_config(DEFAULTS, set(), CONFIG) == {
        "select": ("TF*",),
        "fail_on": "high",
        "policies": ("ci/policies",),
        "no_inline_suppressions": True,
        "max_file_size": 10,
        "excludes": (),
    }


def test_given_parameters_keep_the_command_line_value() -> None:
    params = {**DEFAULTS, "select": ("K8S001",), "fail_on": "none"}
    merged = overlay_config(params, {"select", "fail_on"}, CONFIG)
    assert (merged["select"], merged["fail_on"], merged["policies"]) == (("K8S001",), "none", ("ci/policies",))


def test_keys_of_parameters_the_command_lacks_are_left_out() -> None:
    merged = overlay_config({"fail_on": "low"}, set(), CONFIG)
    assert merged == {"fail_on": "high"}


def test_no_configuration_changes_nothing() -> None:
    assert overlay_config(DEFAULTS, set(), None) == DEFAULTS
