"""Finding and reading configuration files: where the settings come from and how bad ones are
reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthscore.config_files import find_config_file, load_settings, project_root
from healthscore.dimensions import is_implemented, options_type
from healthscore.errors import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_configuration_gives_defaults(tmp_path):
    settings = load_settings(cwd=tmp_path)
    assert settings.path is None
    assert settings.root == tmp_path.resolve()
    assert settings.fail_on == "error"
    assert settings.config.min_score is None


def test_pyproject_table_is_found_from_a_subdirectory(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.healthscore]\nmin_score = 60\n")
    sub = tmp_path / "docs" / "guides"
    sub.mkdir(parents=True)
    settings = load_settings(cwd=sub)
    assert settings.path == (tmp_path / "pyproject.toml").resolve()
    assert settings.root == tmp_path.resolve()
    assert settings.config.min_score == 60


def test_pyproject_without_the_table_does_not_stop_the_search(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.healthscore]\nmin_score = 55\n")
    write(tmp_path / "site" / "pyproject.toml", "[project]\nname = 'site'\n")
    settings = load_settings(cwd=tmp_path / "site")
    assert settings.config.min_score == 55
    assert settings.root == tmp_path.resolve()


def test_dedicated_file_wins_over_pyproject_in_the_same_directory(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.healthscore]\nmin_score = 10\n")
    write(tmp_path / ".healthscore.toml", "min_score = 20\n")
    assert load_settings(cwd=tmp_path).config.min_score == 20


def test_nearest_file_wins(tmp_path):
    write(tmp_path / ".healthscore.toml", "min_score = 20\n")
    write(tmp_path / "a" / "pyproject.toml", "[tool.healthscore]\nmin_score = 30\n")
    assert load_settings(cwd=tmp_path / "a").config.min_score == 30


def test_dedicated_file_may_use_a_tool_table(tmp_path):
    write(tmp_path / ".healthscore.toml", "[tool.healthscore]\nmin_score = 40\n")
    assert load_settings(cwd=tmp_path).config.min_score == 40
    write(tmp_path / ".healthscore.toml", "min_score = 1\n[tool.healthscore]\nmin_score = 40\n")
    with pytest.raises(ConfigError, match="min_score"):
        load_settings(cwd=tmp_path)


def test_explicit_config_file_overrides_discovery(tmp_path):
    write(tmp_path / ".healthscore.toml", "min_score = 20\n")
    other = write(tmp_path / "ci" / "strict.toml", "min_score = 90\nfail_on = 'warning'\n")
    settings = load_settings("ci/strict.toml", cwd=tmp_path)
    assert settings.config.min_score == 90
    assert settings.fail_on == "warning"
    assert settings.root == other.parent.resolve()  # paths in it are relative to it
    with pytest.raises(ConfigError, match="not found"):
        load_settings("missing.toml", cwd=tmp_path)
    write(tmp_path / "ci" / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"no \[tool.healthscore\] table"):
        load_settings("ci/pyproject.toml", cwd=tmp_path)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("colour = 'red'\n", "colour"),
        ("min_score = 'high'\n", "min_score"),
        ("min_score = 120\n", "min_score"),
        ("fail_on = 'sometimes'\n", "fail_on"),
        ("select = ['HS2O1']\n", "select"),
        ("ignore = ['E501']\n", "ignore"),
        ("[severity]\nHS101 = 'fatal'\n", "HS101"),
        ("[weights]\nvibes = 2\n", "vibes"),
        ("[min_scores]\nvibes = 50\n", "vibes"),
        ("max_file_bytes = -1\n", "max_file_bytes"),
        ("target_grade = 'eight'\n", "target_grade"),
        ("[per_file_ignores]\n'docs/*.md' = ['XX1']\n", "per_file_ignores"),
    ],
)
def test_bad_keys_and_values_name_the_key_and_the_file(tmp_path, text, named):
    write(tmp_path / ".healthscore.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_settings(cwd=tmp_path)
    assert named in str(caught.value)
    assert ".healthscore.toml" in str(caught.value)


def test_invalid_toml_names_the_file_and_line(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.healthscore]\nmin_score = = 3\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: invalid TOML.*line 2"):
        load_settings(cwd=tmp_path)


def test_hyphenated_keys_are_accepted(tmp_path):
    write(tmp_path / ".healthscore.toml", "fail-on = 'info'\nmax-file-bytes = 1000\n")
    settings = load_settings(cwd=tmp_path)
    assert settings.fail_on == "info"
    assert settings.config.max_file_bytes == 1000


def test_all_documented_keys_load(tmp_path):
    write(tmp_path / "pyproject.toml", """
[tool.healthscore]
include = ["**/*.md", "**/*.html"]
exclude = ["drafts", "vendor/**"]
select = ["ALL"]
ignore = ["HS104"]
min_score = 60
fail_on = "warning"
max_file_bytes = 2000000

[tool.healthscore.min_scores]
readability = 50

[tool.healthscore.severity]
HS101 = "error"

[tool.healthscore.per_file_ignores]
"docs/legacy/*.md" = ["HS1"]

[tool.healthscore.weights]
readability = 2.0
citations = 0.5
""")
    settings = load_settings(cwd=tmp_path)
    config = settings.config
    assert config.include == ("**/*.md", "**/*.html")
    assert config.exclude == ("drafts", "vendor/**")
    assert config.ignore == ("HS104",)
    assert config.min_scores == {"readability": 50}
    assert config.severity == {"HS101": "error"}
    assert config.per_file_ignores == {"docs/legacy/*.md": ("HS1",)}
    assert config.weights["readability"] == 2.0
    assert settings.fail_on == "warning"


def test_command_line_overrides_replace_file_values(tmp_path):
    write(tmp_path / ".healthscore.toml", "min_score = 20\nignore = ['HS1']\n")
    settings = load_settings(cwd=tmp_path, overrides={"min_score": 70, "ignore": ["HS2"]})
    assert settings.config.min_score == 70
    assert settings.config.ignore == ("HS2",)


def test_target_grade_shortcut_maps_onto_readability(tmp_path):
    warnings: list[str] = []
    write(tmp_path / ".healthscore.toml", "target_grade = 6\n")
    settings = load_settings(cwd=tmp_path, warn=warnings.append)
    fields = getattr(options_type("readability"), "__dataclass_fields__", {})
    if "target_grade" in fields:
        assert settings.config.options_for("readability").target_grade == 6
        override = load_settings(cwd=tmp_path, target_grade=5)
        assert override.config.options_for("readability").target_grade == 5
        assert not warnings
    else:
        assert warnings and "target_grade" in warnings[0]


def test_section_of_a_dimension_not_implemented_is_ignored_with_a_warning(tmp_path, monkeypatch):
    # Every dimension is implemented in this version, so pretend one is not.
    import healthscore.dimensions

    monkeypatch.setattr(healthscore.dimensions, "is_implemented", lambda n: n != "hedging")
    warnings: list[str] = []
    write(tmp_path / ".healthscore.toml", "[hedging]\nsome_option = 1\n")
    load_settings(cwd=tmp_path, warn=warnings.append)
    assert any("hedging" in w and "not implemented" in w for w in warnings)


def test_section_of_an_implemented_dimension_is_validated(tmp_path):
    implemented = [name for name in ("readability", "hedging", "citations", "risk_balance")
                   if is_implemented(name)]
    if not implemented:
        pytest.skip("no dimension is implemented yet")
    write(tmp_path / ".healthscore.toml", f"[{implemented[0]}]\nno_such_option = 1\n")
    with pytest.raises(ConfigError, match="no_such_option"):
        load_settings(cwd=tmp_path)


def test_find_config_file_returns_the_table(tmp_path):
    write(tmp_path / ".healthscore.toml", "min_score = 20\n")
    path, table = find_config_file(tmp_path)
    assert path.name == ".healthscore.toml" and table == {"min_score": 20}


def test_project_root_without_configuration(tmp_path):
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert project_root(sub) == tmp_path
    assert load_settings(cwd=sub).root == tmp_path.resolve()
