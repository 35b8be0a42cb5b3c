"""The public API: small, obvious, deterministic."""

from __future__ import annotations

import json

import pytest

import healthscore
from healthscore import Config, ConfigError
from healthscore.dimensions import DIMENSIONS
from healthscore.report import SCHEMA_VERSION


def test_top_level_names():
    for name in (
        "score",
        "score_file",
        "score_many",
        "Report",
        "Finding",
        "DimensionScore",
        "Config",
        "HealthscoreError",
        "InputError",
        "ConfigError",
        "__version__",
    ):
        assert hasattr(healthscore, name)
    assert issubclass(healthscore.InputError, healthscore.HealthscoreError)
    assert issubclass(healthscore.ConfigError, healthscore.HealthscoreError)


def test_report_shape(capsules_path):
    report = healthscore.score_file(capsules_path)
    data = report.to_dict()
    assert data["schema_version"] == SCHEMA_VERSION
    assert list(data["dimensions"]) == list(DIMENSIONS)
    for dimension in data["dimensions"].values():
        assert dimension["status"] in (
            "scored",
            "not_enough_text",
            "not_applicable",
            "not_implemented",
        )
        if dimension["status"] == "scored":
            assert 0 <= dimension["score"] <= 100
        else:
            assert dimension["score"] is None
    for finding in data["findings"]:
        assert finding["code"].startswith("HS")
        assert finding["severity"] in ("error", "warning", "info")
        assert finding["line"] >= 1 and finding["column"] >= 1
        assert finding["message"] and finding["suggestion"]
    assert data["stats"]["words"] > 250
    scored = [d for d in report.dimensions.values() if d.scored]
    if scored:
        assert data["overall"] is not None
    else:
        assert data["overall"] is None


def test_json_is_byte_identical_across_runs(blog_path):
    first = healthscore.score_file(blog_path).to_json()
    second = healthscore.score_file(blog_path).to_json()
    assert first == second
    json.loads(first)


def test_score_many_matches_score(capsules_path, blog_path):
    serial = healthscore.score_many([capsules_path, blog_path])
    parallel = healthscore.score_many([capsules_path, blog_path], n_jobs=2)
    assert [r.to_json() for r in serial] == [r.to_json() for r in parallel]
    assert serial[0].to_json() == healthscore.score_file(capsules_path).to_json()


def test_overall_is_weighted_mean_of_scored_dimensions(capsules_path):
    report = healthscore.score_file(capsules_path)
    scored = {n: d.score for n, d in report.dimensions.items() if d.scored}
    if not scored:
        pytest.skip("no dimension is implemented yet")
    weights = Config().weights
    expected = sum(weights[n] * v for n, v in scored.items()) / sum(weights[n] for n in scored)
    assert report.overall == pytest.approx(expected)
    equal_weights = Config(weights=dict.fromkeys(DIMENSIONS, 1))
    equal = healthscore.score_file(capsules_path, config=equal_weights)
    assert equal.overall == pytest.approx(sum(scored.values()) / len(scored))
    only_first = next(iter(scored))
    weights = {n: (1.0 if n == only_first else 0.0) for n in DIMENSIONS}
    weighted = healthscore.score_file(capsules_path, config=Config(weights=weights))
    assert weighted.overall == pytest.approx(scored[only_first])


def test_default_weights_rank_the_careful_seed_above_the_promotional_one(capsules_path):
    """Substance (sources, harms) counts double wording: the hedged article with a risks
    section outscores the easy-reading blog that plugs a retailer."""
    blog = capsules_path.parent / "kratom-pain-management-blog.txt"
    assert healthscore.score_file(capsules_path).overall > healthscore.score_file(blog).overall + 2


def test_unknown_config_key_names_the_key():
    with pytest.raises(ConfigError, match="colour"):
        Config.from_mapping({"colour": "red"})
    with pytest.raises(ConfigError, match="weights.readablity"):
        Config(weights={"readablity": 1.0})
    with pytest.raises(ConfigError, match="severity.HS101"):
        Config(severity={"HS101": "fatal"})


def test_select_and_ignore_by_prefix(blog_path):
    everything = healthscore.score_file(blog_path)
    if not everything.findings:
        pytest.skip("no findings yet")
    code = everything.findings[0].code
    ignored = healthscore.score_file(blog_path, config=Config(ignore=(code[:3],)))
    assert all(not f.code.startswith(code[:3]) for f in ignored.findings)
    selected = healthscore.score_file(blog_path, config=Config(select=(code,)))
    assert {f.code for f in selected.findings} == {code}
    # Hiding findings never changes scores: they measure the text.
    assert ignored.to_dict()["overall"] == everything.to_dict()["overall"]


def test_severity_override(blog_path):
    report = healthscore.score_file(blog_path)
    if not report.findings:
        pytest.skip("no findings yet")
    code = report.findings[0].code
    overridden = healthscore.score_file(blog_path, config=Config(severity={code: "error"}))
    assert all(f.severity == "error" for f in overridden.findings if f.code == code)
