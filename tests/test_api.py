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


def test_score_document_without_config_uses_the_shared_default(capsules_path):
    from healthscore.readers import read_file
    from healthscore.scoring import _default_config, score_document

    assert _default_config() is _default_config()
    assert _default_config() == Config()
    document = read_file(capsules_path)
    assert score_document(document).to_dict() == score_document(document, Config()).to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "Snake_case names, __dunder__ and a_b-c_d stay apart: x_1.5_y.",
        "The \u017ftraße and \u0131stanbul and \u0130STANBUL, caf\u00e9 na\u0308ive, \u00bd dose.",
        "Don\u2019t stop; 7-hydroxymitragynine at 2.5 mg... e.g. U.S. data--really?",
        "\u0645\u0631\u062d\u0628\u0627 \u4f60\u597d \U0001d400\U0001d401 \u2167 x\u00b2",
        "_",
        "",
    ],
)
def test_analysis_words_are_the_word_pattern_tokens(text):
    """Text without "_" is tokenised with an equivalent faster pattern; every text gives
    exactly WORD.findall's tokens."""
    from healthscore.analysis import WORD, Analysis
    from healthscore.readers import read_document

    document = read_document(f"{text}\n\nSecond {text}", format="text")
    analysis = Analysis(document)
    assert analysis.words == [WORD.findall(s.text) for s in document.sentences]


_FRENCH = (
    "Le caf\u00e9 est une boisson tr\u00e8s populaire dans le monde entier. Les chercheurs "
    "ont \u00e9tudi\u00e9 ses effets sur la sant\u00e9 pendant des d\u00e9cennies. "
)
_ENGLISH = "The trial found that the drug was safe for most of the people who took it. "


@pytest.mark.parametrize(
    "text",
    [
        _ENGLISH * 5,
        _FRENCH * 5,
        _FRENCH * 8 + _ENGLISH,
        _FRENCH * 6 + _ENGLISH * 2,
        _ENGLISH + _FRENCH * 12,
        _FRENCH * 4 + _ENGLISH * 2,
        _ENGLISH * 2 + _FRENCH * 4,
        _FRENCH * 5 + _ENGLISH * 2,
        "Kratom " * 17 + "the the the.",
        "Kratom " * 18 + "the the the.",
        "word " * 19,
        "Kratom kratom kratom the. " * 6,
        "Kratom kratom kratom kratom kratom the. " * 6,
    ],
)
def test_is_english_stopping_early_agrees_with_the_ratio(text):
    """is_english stops counting once the share of function words reaches the threshold; it
    must say what the full ratio says (here around the threshold, in either order)."""
    from healthscore.analysis import ENGLISH_THRESHOLD, MIN_WORDS_FOR_LANGUAGE, Analysis
    from healthscore.readers import read_document

    analysis = Analysis(read_document(text, format="text"))
    expected = (
        analysis.word_count < MIN_WORDS_FOR_LANGUAGE or analysis.english_ratio >= ENGLISH_THRESHOLD
    )
    assert analysis.is_english == expected


def test_english_ratio_counts_function_words_in_prose():
    from healthscore.analysis import Analysis
    from healthscore.readers import read_document

    analysis = Analysis(read_document("# The Title\n\nThe cat and THE dog.\n", format="markdown"))
    # Words of prose: The Title / The cat and THE dog: 7 words, 4 function words.
    assert analysis.english_ratio == pytest.approx(4 / 7)


def test_body_indexes_and_claim_labels_leave_out_headings_and_references():
    """The sentences that can state a claim are prose and not headings; the shared list of
    labels is the model's, as Python ints, with the others labelled "not a claim"."""
    from healthscore.analysis import Analysis
    from healthscore.readers import read_document

    text = (
        "# Coffee cures cancer\n\nCoffee lowers the risk of diabetes. Tea may help too.\n\n"
        "## References\n\n1. Smith J. Coffee prevents disease. 2020.\n"
    )
    analysis = Analysis(read_document(text, format="markdown"))
    kinds = [(s.kind, s.in_references) for s in analysis.sentences]
    assert analysis.body_indexes == [
        i for i, (kind, in_references) in enumerate(kinds)
        if kind != "heading" and not in_references
    ]
    assert len(analysis.body_indexes) == 2
    labels = analysis.claim_label_list
    assert labels == analysis.claim_labels.tolist()
    assert all(type(label) is int for label in labels)
    assert all(labels[i] == 0 for i in range(len(labels)) if i not in analysis.body_indexes)


def test_clean_metrics_agree_with_the_generic_conversion():
    """_clean answers plain values first; the result must be the generic conversion's."""
    import enum
    import math

    import numpy as np

    from healthscore.report import _clean

    class Level(enum.IntEnum):
        LOW = 1

    def generic(value):
        if isinstance(value, dict):
            return {str(k): generic(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [generic(v) for v in value]
        if hasattr(value, "item") and not isinstance(value, (str, bytes)):
            value = value.item()
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return None
            return round(value, 4)
        return value

    metrics = {
        "f": 1.234567,
        "nan": math.nan,
        "inf": -math.inf,
        "i": 3,
        "b": True,
        "s": "x",
        "none": None,
        "np_f": np.float64(2.345678),
        "np_i": np.int64(7),
        "np_nan": np.float32("nan"),
        "enum": Level.LOW,
        1: ("a", 0.55555, [np.float64(1 / 3)]),
        "nested": {"x": {"y": 0.123456}},
    }
    cleaned = _clean(metrics)
    assert cleaned == generic(metrics)
    assert json.dumps(cleaned) == json.dumps(generic(metrics))
    assert [type(v) for v in cleaned.values()] == [type(v) for v in generic(metrics).values()]


def test_finding_order_is_the_sort_key(blog_path):
    from healthscore.report import Finding, finding_order

    findings = healthscore.score_file(blog_path).findings
    assert findings
    shuffled = findings[::-1]
    position_order = sorted(shuffled, key=lambda f: (f.line, f.column, f.code, f.message))
    assert sorted(shuffled, key=finding_order) == position_order
    assert sorted(shuffled, key=Finding.sort_key) == position_order
    assert all(finding_order(f) == (f.line, f.column, f.code, f.message) for f in findings)
