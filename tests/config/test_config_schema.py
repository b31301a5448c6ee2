"""Validation of a configuration table: every key, its type, and the unknown-key suggestion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanner.config import CONFIG_KEYS, BastionConfig, ConfigError
from scanner.config.schema import validate_table


def validate(table: dict[str, Any], base_dir: str = "") -> BastionConfig:
    return validate_table(table, ".bastion.toml", ".bastion.toml", base_dir)


def test_every_key_is_read_into_its_field(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "prod.tfvars").write_text('env = "prod"\n')
    config = validate(
        {
            "select": ["TF*", "K8S001"],
            "ignore": "DKR013",
            "per-path-ignores": {"tests/**": ["*"], "legacy/*.tf": ["TF001", "CKV_AWS_20"]},
            "severity-overrides": {"DKR001": "critical", "K8S004": "Low"},
            "fail-on": "HIGH",
            "policy": ["policies"],
            "namespaces": ["main", "extra"],
            "all-namespaces": True,
            "exclude": ["vendor/**"],
            "var-files": ["prod.tfvars"],
            "max-file-size": 1000,
            "inline-suppressions": False,
            "foreign-suppressions": True,
            "report-unused-suppressions": True,
        },
        base_dir=str(tmp_path),
    )
    assert config == BastionConfig(
        source=".bastion.toml",
        where=".bastion.toml",
        select=("TF*", "K8S001"),
        ignore=("DKR013",),
        per_path_ignores=(("tests/**", ("*",)), ("legacy/*.tf", ("TF001", "CKV_AWS_20"))),
        severity_overrides=(("DKR001", "CRITICAL"), ("K8S004", "LOW")),
        fail_on="high",
        policy=(str(tmp_path / "policies"),),
        namespaces=("main", "extra"),
        all_namespaces=True,
        exclude=("vendor/**",),
        var_files=(str(tmp_path / "prod.tfvars"),),
        max_file_size=1000,
        inline_suppressions=False,
        foreign_suppressions=True,
        report_unused_suppressions=True,
    )


def test_an_empty_table_sets_nothing() -> None:
    assert validate({}) == BastionConfig(source=".bastion.toml", where=".bastion.toml")


def test_the_documented_keys() -> None:
    assert CONFIG_KEYS == (
        "all-namespaces", "exclude", "fail-on", "foreign-suppressions", "ignore", "inline-suppressions",
        "max-file-size", "namespaces", "per-path-ignores", "policy", "report-unused-suppressions",
        "select", "severity-overrides", "var-files",
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("fail_on", "unknown key 'fail_on' in .bastion.toml; did you mean 'fail-on'?"),
        ("selct", "unknown key 'selct' in .bastion.toml; did you mean 'select'?"),
        ("severity_override", "unknown key 'severity_override' in .bastion.toml; did you mean 'severity-overrides'?"),
        ("excludes", "unknown key 'excludes' in .bastion.toml; did you mean 'exclude'?"),
    ],
)
def test_unknown_key_suggests_the_closest_valid_key(key: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validate({key: "x"})
    assert str(caught.value) == message


def test_unknown_key_without_a_close_match_lists_the_valid_keys() -> None:
    with pytest.raises(ConfigError) as caught:
        validate({"colour": True})
    assert str(caught.value) == "unknown key 'colour' in .bastion.toml; valid keys are " + ", ".join(CONFIG_KEYS)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"select": 3}, "'select' in .bastion.toml must be a list of strings, not an integer"),
        ({"ignore": ["TF001", 2]}, "'ignore' in .bastion.toml must be a list of strings, not an array"),
        ({"namespaces": [""]}, "'namespaces' in .bastion.toml holds an empty string"),
        ({"fail-on": "severe"}, "'fail-on' in .bastion.toml must be one of critical, high, medium, low, info, none, not 'severe'"),
        ({"fail-on": 1}, "'fail-on' in .bastion.toml must be one of critical, high, medium, low, info, none, not an integer"),
        ({"all-namespaces": "yes"}, "'all-namespaces' in .bastion.toml must be true or false, not a string"),
        ({"max-file-size": "5MB"}, "'max-file-size' in .bastion.toml must be a positive integer (bytes), not a string"),
        ({"max-file-size": True}, "'max-file-size' in .bastion.toml must be a positive integer (bytes), not a boolean"),
        ({"max-file-size": 0}, "'max-file-size' in .bastion.toml must be a positive integer (bytes), not 0"),
        ({"per-path-ignores": ["tests/**"]}, "'per-path-ignores' in .bastion.toml must be a table of path glob = [rule IDs], not an array"),
        ({"per-path-ignores": {"tests/**": 1}}, "'per-path-ignores.tests/**' in .bastion.toml must be a list of strings, not an integer"),
        ({"severity-overrides": {"DKR001": "urgent"}}, "severity of 'DKR001' in 'severity-overrides' of .bastion.toml must be one of critical, high, medium, low, info, not 'urgent'"),
        ({"severity-overrides": {"DKR001": 9}}, "severity of 'DKR001' in 'severity-overrides' of .bastion.toml must be one of critical, high, medium, low, info, not an integer"),
        ({"severity-overrides": "DKR001=high"}, "'severity-overrides' in .bastion.toml must be a table of rule ID = severity, not a string"),
        ({"inline-suppressions": 0}, "'inline-suppressions' in .bastion.toml must be true or false, not an integer"),
    ],
)
def test_wrong_types_name_the_key_and_the_file(table: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        validate(table)
    assert str(caught.value) == message


def test_policy_and_var_files_are_relative_to_the_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "conf" / "rego").mkdir(parents=True)
    config = validate({"policy": "rego"}, base_dir=str(tmp_path / "conf"))
    assert config.policy == (str(tmp_path / "conf" / "rego"),)


def test_missing_policy_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        validate({"policy": ["missing"]}, base_dir=str(tmp_path))
    assert str(caught.value) == "path 'missing' of 'policy' in .bastion.toml does not exist (paths are relative to the configuration file)"


def test_var_file_must_be_a_file(tmp_path: Path) -> None:
    (tmp_path / "vars").mkdir()
    with pytest.raises(ConfigError) as caught:
        validate({"var-files": ["vars"]}, base_dir=str(tmp_path))
    assert str(caught.value) == "file 'vars' of 'var-files' in .bastion.toml does not exist (paths are relative to the configuration file)"
