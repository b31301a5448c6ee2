"""Finding and reading the configuration file: precedence, pyproject tables, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.config import ConfigError, load_config


@pytest.fixture(autouse=True)
def _inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages show paths relative to the current directory: run from the temporary root."""
    monkeypatch.chdir(tmp_path)


def test_no_configuration_file(tmp_path: Path) -> None:
    loaded = load_config(str(tmp_path))
    assert loaded.config is None and loaded.notes == ()


def test_bastion_toml_top_level_keys(tmp_path: Path) -> None:
    (tmp_path / ".bastion.toml").write_text('fail-on = "high"\n')
    config = load_config(str(tmp_path)).config
    assert config is not None
    assert (config.source, config.where, config.fail_on) == (".bastion.toml", ".bastion.toml", "high")


def test_pyproject_tool_bastion_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.bastion]\nselect = ["TF*"]\n')
    config = load_config(str(tmp_path)).config
    assert config is not None
    assert (config.where, config.select) == ("pyproject.toml [tool.bastion]", ("TF*",))


def test_pyproject_without_tool_bastion_is_no_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n')
    assert load_config(str(tmp_path)).config is None


def test_broken_pyproject_that_never_mentions_bastion_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\nname = \n")
    assert load_config(str(tmp_path)).config is None


def test_bastion_toml_wins_over_pyproject_and_says_so(tmp_path: Path) -> None:
    (tmp_path / ".bastion.toml").write_text('fail-on = "critical"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.bastion]\nfail-on = "info"\n')
    loaded = load_config(str(tmp_path))
    assert loaded.config is not None and loaded.config.fail_on == "critical"
    assert loaded.notes == ("pyproject.toml [tool.bastion] is ignored because .bastion.toml exists",)


def test_explicit_file_wins_over_both(tmp_path: Path) -> None:
    (tmp_path / ".bastion.toml").write_text('fail-on = "critical"\n')
    (tmp_path / "ci.toml").write_text('fail-on = "medium"\n')
    config = load_config(str(tmp_path), "ci.toml").config
    assert config is not None and (config.source, config.fail_on) == ("ci.toml", "medium")


def test_explicit_pyproject_is_read_through_its_table(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "pyproject.toml").write_text('[tool.bastion]\nignore = ["DKR*"]\n')
    config = load_config(str(tmp_path), "other/pyproject.toml").config
    assert config is not None and (config.where, config.ignore) == ("other/pyproject.toml [tool.bastion]", ("DKR*",))


def test_explicit_pyproject_without_table_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path), "pyproject.toml")
    assert str(caught.value) == "configuration file 'pyproject.toml' has no [tool.bastion] table"


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.bastion]\nfail_on = "high"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path))
    assert str(caught.value) == "unknown key 'fail_on' in pyproject.toml [tool.bastion]; did you mean 'fail-on'?"


def test_tool_bastion_that_is_not_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool]\nbastion = "on"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path))
    assert str(caught.value) == "'tool.bastion' in pyproject.toml must be a table"


def test_invalid_toml_names_the_file_and_the_place(tmp_path: Path) -> None:
    (tmp_path / ".bastion.toml").write_text('fail-on = "high\n')
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path))
    assert str(caught.value) == "configuration file '.bastion.toml' is not valid TOML: Illegal character '\\n' (at line 1, column 16)"


def test_undecodable_file(tmp_path: Path) -> None:
    (tmp_path / ".bastion.toml").write_bytes(b'fail-on = "\xff"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path))
    assert str(caught.value) == "configuration file '.bastion.toml' is not valid UTF-8"


def test_file_outside_the_current_directory_is_shown_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "repo" / ".bastion.toml").write_text("bogus = 1\n")
    monkeypatch.chdir(tmp_path / "elsewhere")
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path / "repo"))
    assert str(caught.value).startswith(f"unknown key 'bogus' in {tmp_path / 'repo' / '.bastion.toml'}; ")
