"""Risk-balance dimension (HS4xx): detectors, rules, seeds, score bounds, options and the shipped
detector weights.

The claim classifier is replaced by a fake (every prose sentence a conditional causal claim) so
these tests pin the dimension's own logic; the seeds are also scored end to end with the real
model when it is installed.
"""
from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from conftest import ARTICLES, SHARED_DATA, requires_shared_data

from healthscore import Config, lexicons
from healthscore.analysis import Analysis
from healthscore.dimensions import risk_balance as rb
from healthscore.model import ModelError
from healthscore.readers import read_document, read_file

CAPSULES = ARTICLES / "kratom-capsules-pain.txt"
BLOG = ARTICLES / "kratom-pain-management-blog.txt"

#: Neutral prose with no benefit, harm, limitation, advice, alternative, number or sales word,
#: to bring a test document over ``min_words``.
FILLER = (
    "The plant grows in the wet forests of Southeast Asia. Its leaves are dark green and "
    "glossy. Farmers pick them by hand in the early morning. The leaves are dried in the sun "
    "on wide mats. Traders then pack them in sacks for the market. The trade has grown over "
    "the years in many villages. Families have farmed these hills for a long time. "
    "Visitors often walk through the hills to see the farms. The rainy season starts in May "
    "and ends in October. Rivers rise and the roads turn to mud. Children walk to school "
    "along the ridges. Markets open early on weekdays and close at noon. "
)


def test_filler_is_neutral() -> None:
    for name in ("harms", "benefits", "limitations", "professional_advice", "alternatives",
                 "quantified", "promotion", "risk_recommendation"):
        assert lexicons.load(name).find(FILLER) == [], name


class FakeClaims:
    """Every sentence is a conditional causal claim (label 2)."""

    def predict_proba(self, sentences: list[str]) -> np.ndarray:
        proba = np.zeros((len(sentences), 4))
        proba[:, 2] = 1.0
        return proba


class NoModel:
    def predict_proba(self, sentences: list[str]) -> np.ndarray:
        raise ModelError("claim model missing (test)")


def analyse(text: str, fmt: str = "text", model: object | None = None) -> Analysis:
    return Analysis(read_document(text, format=fmt), claim_model=model or FakeClaims())


def article(*sentences: str, fmt: str = "text") -> Analysis:
    """*sentences* as one paragraph, after enough filler to be scored."""
    return analyse(FILLER + "\n\n" + " ".join(sentences), fmt)


def run(analysis: Analysis, **options: object):
    return rb.score(analysis, rb.Options(**options))


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def harm_weight(text: str) -> float:
    """The lexicon rule's harm weight for *text* read as a sentence of a longer article."""
    analysis = article(text)
    index = len(analysis.sentences) - 1
    return rb.assess(analysis, harm_detector="lexicon").rule_harms.get(index, 0.0)


def hits(name: str, text: str) -> list[str]:
    return [h.text.lower() for h in lexicons.load(name).find(text)]


# -- detectors -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Potential side effects include nausea, constipation and dizziness.",
    "High doses can cause liver damage and seizures.",
    "Users can become dependent on it and suffer withdrawal symptoms.",
    "It should not be taken with blood thinners.",
    "There is a risk of bleeding.",
    "Patients who took the drug had more headaches and rashes.",
])
def test_harm_rule_fires_on_harms(text: str) -> None:
    assert harm_weight(text) == 1.0


@pytest.mark.parametrize("text", [
    "The drug cuts the risk of stroke by a fifth.",          # benefit framing
    "It relieves nausea after surgery.",                    # symptom treated, not caused
    "Kratom has been studied as an addiction treatment.",   # dependence as the target
    "Some take it to lessen the withdrawal effects of morphine.",
    "Heart disease is the leading cause of death.",
    "Smokers are at high risk of lung disease.",
    "Is it safe to use?",                                   # a question, not an answer
    "The plant grows well in wet soil.",
])
def test_harm_rule_silent_on_near_misses(text: str) -> None:
    assert harm_weight(text) == 0.0


def test_negated_minimised_and_generic_harms_are_weak() -> None:
    assert harm_weight("No serious side effects were seen in the trial.") == 0.5
    assert harm_weight("Side effects were mild and temporary.") == 0.5
    reading = rb.read_harms(
        "It may have side effects.", lexicons.load("harms").find("It may have side effects."),
        lexicons.load("harms").notes, set(), False,
    )
    assert reading.weight == 1.0 and reading.generic_only and not reading.named


def test_topic_harm_is_not_a_harm_of_the_treatment() -> None:
    analysis = analyse(
        "New blood test spots concussions\n\n" + FILLER
        + "\n\nA concussion is a brain injury. The test measures two proteins."
    )
    result = rb.assess(analysis, harm_detector="lexicon")
    assert not result.rule_harms


@pytest.mark.parametrize(("lexicon", "text", "expected"), [
    ("benefits", "Kratom may relieve chronic pain.", ["relieve"]),
    ("benefits", "It is a cure for insomnia.", ["cure"]),
    ("limitations", "More research is needed before it can be recommended.", ["more research"]),
    ("limitations", "The finding comes from a study in mice.", ["in mice"]),
    ("limitations", "It was a small study of 40 adults.", ["small study"]),
    ("limitations", "Kratom is not approved by the FDA.", ["not approved by the fda"]),
    ("limitations", "The study was observational.", ["observational"]),
    ("professional_advice", "Talk to your doctor before trying it.", ["talk to your doctor"]),
    ("professional_advice", "Consult a pharmacist if you take other medicines.",
     ["consult a pharmacist"]),
    ("alternatives", "It worked about as well as physical therapy.", ["physical therapy"]),
    ("alternatives", "Pain fell more than with standard care.", ["standard care"]),
    ("quantified", "Pain eased in 1 in 10 users.", ["1 in 10"]),
    ("quantified", "Relapse fell from 12% to 8% over a year.", ["from 12% to 8%"]),
    ("quantified", "The number needed to treat was 25.", ["number needed to treat"]),
    ("quantified", "It led to a 30% lower risk of falls.", ["30% lower"]),
    ("promotion", "Buy now and get free shipping.", ["buy now", "free shipping"]),
    ("promotion", "Use code SAVE10 at checkout.", ["use code", "checkout"]),
    ("promotion", "A Canadian retailer could be your vantage point.", ["retailer"]),
    ("promotion", "We sell the best kratom at premium quality.",
     ["best kratom", "premium quality"]),
    ("promotion", "Our top-rated capsules are lab-tested.", ["top-rated", "lab-tested"]),
    ("risk_recommendation", "It's advised to start with a low dose.",
     ["it's advised", "start with a low dose"]),
])
def test_lexicons_fire_on_positives(lexicon: str, text: str, expected: list[str]) -> None:
    assert hits(lexicon, text) == expected


@pytest.mark.parametrize(("lexicon", "text"), [
    ("benefits", "She has lower back pain."),
    ("limitations", "The study enrolled 2,000 adults for ten years."),
    ("professional_advice", "Doctors were surprised by the results."),
    ("alternatives", "The drug is new."),
    ("quantified", "In 2020 the study began."),
    ("promotion", "This is the best evidence we have."),
    ("promotion", "The retail sale of kratom is banned in some states."),
    ("risk_recommendation", "The dose in the study was low."),
])
def test_lexicons_silent_on_near_misses(lexicon: str, text: str) -> None:
    assert hits(lexicon, text) == []


def test_quantified_notes_grade_the_numbers() -> None:
    notes = lexicons.load("quantified").notes

    def grade(text: str) -> list[str]:
        return [notes.get(h.entry, "") for h in lexicons.load("quantified").find(text)]

    assert grade("1 in 100 people had a rash.") == ["absolute"]
    assert grade("It was 30% lower.") == ["relative"]
    assert grade("About 20 percent of adults have back pain.") == ["bare"]


# -- rules -----------------------------------------------------------------------------------

BENEFIT = "Kratom can relieve chronic pain and improve sleep."
HARM = "Side effects include nausea, constipation and dependence."
LIMIT = "The evidence so far comes from small studies, and more research is needed."
NUMBER = "In one trial, pain fell from 6 to 4 points on a 10-point scale in 30 of 100 users."


def test_hs401_benefits_without_harms() -> None:
    result = run(article(BENEFIT, LIMIT, NUMBER))
    finding = next(f for f in result.findings if f.code == "HS401")
    assert finding.excerpt == BENEFIT
    assert "no harm" in finding.message
    assert "HS401" not in codes(run(article(BENEFIT, HARM, LIMIT, NUMBER)))


def test_hs402_harms_only_in_passing() -> None:
    passing = "Like any supplement, it may have some side effects."
    result = run(article(BENEFIT, passing, LIMIT, NUMBER))
    finding = next(f for f in result.findings if f.code == "HS402")
    assert "'side effects'" in finding.message
    assert finding.excerpt == passing
    assert "HS402" not in codes(run(article(BENEFIT, passing, HARM, LIMIT, NUMBER)))


def test_hs403_promotional_sentences_and_links() -> None:
    text = (
        FILLER + "\n\n" + BENEFIT + " " + HARM + " If you are wondering where to buy it, a "
        "Canadian retailer could be your vantage point. Read [the study](https://pubmed.ncbi."
        "nlm.nih.gov/123/). Our favourite is [this one](https://example.com/kratom?ref=abc123)."
    )
    result = run(analyse(text, "markdown"))
    found = [f for f in result.findings if f.code == "HS403"]
    assert len(found) == 2
    assert "'where to buy', 'retailer'" in found[0].message
    assert "affiliate link" in found[1].message and "example.com" in found[1].message
    quiet = run(analyse(FILLER + "\n\n" + BENEFIT + " Read [the study](https://pubmed.ncbi.nlm."
                        "nih.gov/123/).", "markdown"))
    assert "HS403" not in codes(quiet)


@pytest.mark.parametrize(("link", "why"), [
    ("[capsules](https://kratomshop.example/products/red-bali)", "shop link"),
    ("[capsules](https://store.example.com/)", "shop link"),
    ("[capsules](https://amzn.to/3xYz)", "affiliate link"),
    ("[capsules](https://www.amazon.com/dp/B0?tag=kratom-20)", "affiliate link"),
    ("[Shop kratom](https://example.com/kratom)", "buying link"),
])
def test_hs403_link_kinds(link: str, why: str) -> None:
    result = run(analyse(FILLER + "\n\n" + BENEFIT + f" We like {link}.", "markdown"))
    found = [f for f in result.findings if f.code == "HS403"]
    assert len(found) == 1 and why in found[0].message
    assert result.metrics["promotional_links"] == 1


@pytest.mark.parametrize("link", [
    "[the trial](https://clinicaltrials.gov/study/NCT01)",
    "[FDA warning](https://www.fda.gov/consumers/kratom)",
    "[a review](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123/?report=classic)",
])
def test_hs403_silent_on_ordinary_links(link: str) -> None:
    result = run(analyse(FILLER + "\n\n" + BENEFIT + f" See {link}.", "markdown"))
    assert "HS403" not in codes(result), link


def test_hs404_benefits_without_numbers() -> None:
    assert "HS404" in codes(run(article(BENEFIT, HARM, LIMIT)))
    assert "HS404" not in codes(run(article(BENEFIT, HARM, LIMIT, NUMBER)))


def test_hs405_no_limitations() -> None:
    assert "HS405" in codes(run(article(BENEFIT, HARM, NUMBER)))
    assert "HS405" not in codes(run(article(BENEFIT, HARM, NUMBER, LIMIT)))


def test_hs406_recommendation_without_advice() -> None:
    advice = "Talk to your doctor before trying it."
    dose = "Start with a low dose of one capsule."
    finding = next(f for f in run(article(BENEFIT, dose)).findings if f.code == "HS406")
    assert "'start with a low dose'" in finding.message.lower()
    assert "HS406" not in codes(run(article(BENEFIT, dose, advice)))
    assert "HS406" not in codes(run(article(BENEFIT, HARM)))


def test_no_benefit_claims_means_no_claim_findings() -> None:
    result = run(analyse(FILLER * 2))
    assert result.status == "scored"
    assert not {"HS401", "HS402", "HS404", "HS405"} & set(codes(result))
    assert result.metrics["benefit_claims"] == 0
    assert result.summary.startswith("No benefit claims")


# -- seeds -----------------------------------------------------------------------------------

def _seed(path) -> object:
    return rb.score(Analysis(read_file(path), claim_model=FakeClaims()), rb.Options())


def test_seed_with_a_risks_section_scores_clearly_higher() -> None:
    capsules, blog = _seed(CAPSULES), _seed(BLOG)
    # measured: 49.0 vs 21.1 with the fake claim model (coverage-model harm part);
    # the margin asserted leaves room for lexicon tuning, not for losing the risks section
    assert capsules.score - blog.score >= 15
    assert capsules.metrics["named_harm_sentences"] >= 3
    assert blog.metrics["named_harm_sentences"] <= 1
    retailer = [f for f in blog.findings if f.code == "HS403"]
    assert len(retailer) == 1 and "Canadian retailer" in retailer[0].excerpt
    assert "'retailer'" in retailer[0].message
    assert "HS401" in codes(blog) and "HS401" not in codes(capsules)


def test_seeds_end_to_end_with_the_real_model() -> None:
    try:
        capsules = rb.score(Analysis(read_file(CAPSULES)), rb.Options())
        blog = rb.score(Analysis(read_file(BLOG)), rb.Options())
    except ModelError as error:  # pragma: no cover - depends on the installed model
        pytest.skip(f"claim model not installed: {error}")
    assert capsules.status == blog.status == "scored"
    assert capsules.score - blog.score >= 15


# -- score bounds and meaning ----------------------------------------------------------------

def test_score_bounds_and_extremes() -> None:
    full = run(article(
        BENEFIT, HARM, "High doses can cause liver damage and seizures.", LIMIT, NUMBER,
        "It was compared with physical therapy and standard care.",
        "Talk to your doctor before trying it.",
    ))
    bare = run(article(BENEFIT))
    sales = run(article(BENEFIT, "Buy now!", "Use code SAVE10 at checkout.",
                        "Order today from our store.", "We sell the best kratom."))
    for result in (full, bare, sales):
        assert result.status == "scored" and 0 <= result.score <= 100
    # the harm part is the coverage model's probability that an expert rates the harms
    # Satisfactory (about 0.5 for two harm sentences in a short text): measured 56.7 vs 8.1
    assert full.score >= 50
    assert full.score - bare.score >= 40
    assert bare.score < 20
    assert sales.score == 0.0
    assert sales.metrics["promotional_sentences"] == 4


def test_not_enough_text_and_missing_model() -> None:
    short = run(analyse("Kratom can relieve pain."))
    assert short.status == "not_enough_text" and short.score is None
    missing = rb.score(analyse(FILLER + " Buy now and relieve pain.", model=NoModel()),
                       rb.Options())
    assert missing.status == "not_applicable" and missing.score is None
    assert codes(missing) == ["HS403"]


# -- options ---------------------------------------------------------------------------------

def test_options_are_honoured() -> None:
    analysis = article(BENEFIT, HARM, "Buy now!")
    base = run(analysis)
    assert run(analysis, promotion_penalty=0).score == pytest.approx(base.score + 15)
    assert run(analysis, harm_weight=0).score < base.score
    assert run(analysis, min_words=10_000).status == "not_enough_text"
    assert run(analysis, harm_detector="lexicon").metrics["harm_detector"] == "lexicon"
    assert base.metrics["harm_detector"] == "learned"
    no_claims = analyse(FILLER * 2)
    assert run(no_claims, no_claim_floor=1.0).score > run(no_claims, no_claim_floor=0.0).score


@pytest.mark.parametrize("bad", [
    {"min_words": 0}, {"harm_weight": -1}, {"harm_scale": 0}, {"harm_detector": "bert"},
    {"no_claim_floor": 2}, {"harm_model": "bert"},
    {"harm_weight": 0, "limitation_weight": 0, "quantified_weight": 0, "alternative_weight": 0,
     "advice_weight": 0},
])
def test_bad_options_raise(bad: dict) -> None:
    with pytest.raises(ValueError):
        rb.Options(**bad)


def test_options_come_from_config() -> None:
    config = Config.from_mapping({"risk_balance": {"harm-weight": 0.6, "min_words": 50}})
    options = config.options_for("risk_balance")
    assert options.harm_weight == 0.6 and options.min_words == 50


# -- the shipped detector weights ------------------------------------------------------------

def _weights() -> dict:
    path = resources.files("healthscore") / "data" / rb.WEIGHTS_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def test_weights_are_plain_json_for_the_current_features() -> None:
    spec = _weights()["detectors"]["harm"]
    assert tuple(spec["features"]) == rb.HARM_FEATURES
    assert len(spec["coef"]) == len(rb.HARM_FEATURES)
    detector = rb.load_detectors()["harm"]
    assert detector.coef.shape == (len(rb.HARM_FEATURES),)


def test_numpy_detector_reproduces_the_training_model() -> None:
    """The training script stored its scikit-learn/scipy model's probabilities on a few
    project-written sentences; numpy on the JSON weights must give the same."""
    spec = _weights()["detectors"]["harm"]
    detector = rb.load_detectors()["harm"]
    texts = [c["text"] for c in spec["check"]]
    rows = np.vstack([rb.harm_features([t], first_is_topic=False) for t in texts])
    assert detector.predict(rows) == pytest.approx([c["probability"] for c in spec["check"]],
                                                   abs=2e-6)
    side_effects, stroke_cut = detector.predict(rows[[0, 2]])
    assert side_effects > 0.9 > 0.5 > stroke_cut


def test_one_vectorised_detector_call_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    detector = rb.load_detectors()["harm"]
    original = rb.Detector.predict

    def counting(self, features):
        calls.append(len(features))
        return original(self, features)

    monkeypatch.setattr(rb.Detector, "predict", counting)
    result = rb.assess(Analysis(read_file(CAPSULES), claim_model=FakeClaims()))
    assert len(calls) == 1 and calls[0] >= 4 and detector is not None
    assert result.detector == "learned"


# -- the article-level harm-coverage model ----------------------------------------------------

def test_coverage_model_is_plain_json_for_the_current_features() -> None:
    spec = _weights()["coverage"]
    assert tuple(spec["features"]) == rb.COVERAGE_FEATURES
    model = rb.load_coverage_model()
    assert model is not None and model.coef.shape == (len(rb.COVERAGE_FEATURES),)
    assert (model.coef >= 0).all()  # more harm coverage never lowers the probability


def test_coverage_rises_with_harm_coverage_and_never_rewards_brevity() -> None:
    none_short = rb.assess(article(BENEFIT))
    none_long = rb.assess(analyse(FILLER * 3 + " " + BENEFIT))
    # no harm discussed: every feature is 0 whatever the length (density is 0, not "short")
    assert rb.coverage_features(none_short) == rb.coverage_features(none_long) == [0.0] * 5
    one = rb.assess(article(BENEFIT, HARM))
    two = rb.assess(article(BENEFIT, HARM, "High doses can cause liver damage and seizures.",
                            "Nausea affected 12% of users in the trial."))
    model = rb.load_coverage_model()
    p = [model.probability(rb.coverage_features(r)) for r in (none_short, one, two)]
    assert p[0] < 0.2 < p[1] < p[2]
    assert len(two.side_effect_sentences) >= 1
    assert rb.coverage_features(two)[3] > 0  # a harm sentence with a number


def test_harm_model_option_switches_to_the_saturating_count() -> None:
    analysis = article(BENEFIT, HARM)
    coverage = run(analysis)
    saturating = run(analysis, harm_model="saturating")
    result = rb.assess(analysis)
    assert coverage.metrics["parts"]["harms"] == pytest.approx(
        rb.load_coverage_model().probability(rb.coverage_features(result)), abs=1e-4)
    assert saturating.metrics["parts"]["harms"] == pytest.approx(
        1 - np.exp(-result.harm_evidence / 1.5), abs=1e-4)


@pytest.mark.slow
@requires_shared_data("hnr/sentence_rationales_dev.jsonl.gz")
def test_training_script_reproduces_the_shipped_weights(tmp_path) -> None:
    import sys

    sys.path.insert(0, str(ARTICLES.parents[1] / "benchmarks"))
    import train_risk_detectors

    out = tmp_path / "w.json"
    assert train_risk_detectors.main(["--data-dir", str(SHARED_DATA), "--out", str(out)]) == 0
    shipped = resources.files("healthscore") / "data" / rb.WEIGHTS_FILE
    assert json.loads(out.read_text()) == json.loads(shipped.read_text(encoding="utf-8"))


# -- the faster paths give what the plain ones give ---------------------------------------------

@pytest.mark.parametrize("text", [
    "There were no serious side effects in the trial.",
    "Side effects, however, were common: nausea and dizziness.",
    "It did not cause nausea; vomiting was seen in 3 of 40.",
    "Users weren't troubled by constipation at all.",
    "The pill is free of   the risk of addiction.",
    "A lack\nof withdrawal symptoms was reported.",
    "W\u0131thout any seizures in the group.",
    "N\u0130 seizures, NO SEIZURES, never seizures.",
    "Nausea.",
    "",
])
def test_negated_equals_the_plain_search(text: str) -> None:
    """``_negated`` skips windows without a negation literal and starts after the last clause
    mark; at every position it must say what the plain search says."""
    for start in range(len(text) + 1):
        expected = rb._NEGATED.search(text, max(0, start - 60), start) is not None
        assert rb._negated(text, start) == expected, (text, start)


def _feature_row_reference(reading: rb.HarmReading, benefits: int, quantified: bool,
                           text: str) -> list[float]:
    """The detector's feature row as first written (pool the notes, then cap at 3)."""
    counts: dict[str, int] = {}
    for kind, n in reading.kinds.items():
        pooled = rb._POOLED.get(kind, kind)
        counts[pooled] = counts.get(pooled, 0) + n
    row = [float(min(counts.get(k, 0), 3)) for k in rb._KIND_FEATURES]
    return row + [float(min(benefits, 3)), float(quantified), reading.weight,
                  float(text.rstrip().endswith("?"))]


@pytest.mark.parametrize("kinds", [
    {}, {"generic": 1}, {"generic": 2, "dependency": 1, "caution": 4}, {"symptom": 5, "cue": 1},
    {"negated": 2, "topic": 1, "not_harm": 3, "unknown_note": 2}, {"firm": 1, "generic": 3},
])
@pytest.mark.parametrize("benefits,quantified,text", [(0, False, "Is it safe?"), (5, True, "x")])
def test_feature_row_equals_the_reference(kinds, benefits, quantified, text) -> None:
    reading = rb.HarmReading(0.5, False, True, False, False, kinds)
    assert rb._feature_row(reading, benefits, quantified, text) == _feature_row_reference(
        reading, benefits, quantified, text
    )
    assert len(rb._feature_row(reading, benefits, quantified, text)) == len(rb.HARM_FEATURES)


def test_assess_walks_each_lexicon_over_prose_sentences_in_order() -> None:
    """``assess`` visits each lexicon's hit sentences, not every sentence: the lists must be
    those of a walk over every prose sentence (headings and reference lists left out)."""
    text = (
        "# Kratom relieves pain but may cause nausea\n\n"
        "Kratom relieves pain in many users. " + FILLER
        + "It may cause nausea and dizziness. Talk to your doctor first. More research is "
        "needed. Buy it now at our shop. Try yoga instead. Pain fell by 30%. It cured my back "
        "pain and caused constipation in 12% of users.\n\n"
        "## References\n\n1. Lee A. Kratom may cause nausea; more research is needed. 2020.\n"
    )
    analysis = analyse(text, fmt="markdown")
    result = rb.assess(analysis)
    sentences = analysis.sentences
    judged = [i for i in analysis.prose_indexes if sentences[i].kind != "heading"]

    def expected(name: str) -> list[int]:
        hits = analysis.hits(name)
        return [i for i in judged if hits[i]]

    assert result.limitations == expected(rb.LIMITATIONS) != []
    assert result.advice == expected(rb.ADVICE) != []
    assert result.alternatives == expected(rb.ALTERNATIVES)
    assert result.recommendations == expected(rb.RECOMMENDATION)
    assert list(result.promotions) == expected(rb.PROMOTION)
    assert list(result.quantified) == expected(rb.QUANTIFIED) != []
    assert list(result.harm_rows) == expected(rb.HARMS) != []
    assert result.benefit_claims == expected(rb.BENEFITS) != []
    assert list(result.claim_strength) == result.benefit_claims
    assert all(not sentences[i].in_references for i in result.harm_rows)


@pytest.mark.parametrize("text", [
    "Try yoga instead.", "  -- Talk to your doctor.", "Trying yoga helps.", "try_it now",
    "Ask\u0131 first.", "P\u0130CK one.", "\u017ftart slowly.", "Kratom eases pain.", "", "...",
])
def test_imperative_equals_the_plain_pattern(text: str) -> None:
    """``_imperative`` tries the pattern only when the first word can open it; the document
    flag that no character folds differently is only ever True when the sentence has none."""
    tokens = lexicons.tokenize(text)
    first = tokens[0][2] if tokens else ""
    expected = rb._IMPERATIVE.match(text) is not None
    assert rb._imperative(text, first, False) == expected
    if lexicons.case_folds_simply(text):
        assert rb._imperative(text, first, True) == expected


class _AllClaims:
    """Every sentence a direct causal claim, with the same confidence."""

    def predict_proba(self, sentences: list[str]) -> np.ndarray:
        proba = np.zeros((len(sentences), 4))
        proba[:, 3] = 1.0
        return proba


@pytest.mark.parametrize(
    "extra", ["", " \u017fome text.", " P\u0130LLS.", " \u03a3\u0399\u0393\u039c\u0391."]
)
def test_claim_ranking_reads_each_sentence_first_word(extra: str) -> None:
    """The claim ranking reads each sentence's first word from the corpus' word index, not
    from its tokens: an instruction ("Try ...", "\u017ftart ...", a first word after
    punctuation) ranks 5 lower than the same claim stated, in documents whose index is made
    from the whole text and from each sentence's tokens (a dotted capital I or a capital
    sigma)."""
    text = (
        "Kratom relieves pain fast. Try kratom, it relieves pain fast.\n\n"
        "\u017ftart kratom, it relieves pain fast.\n\n... take kratom; it relieves pain fast. "
        "Twelve users said kratom relieves pain fast." + extra + "\n\n" + FILLER
    )
    analysis = Analysis(read_document(text, format="text"), claim_model=_AllClaims())
    result = rb.assess(analysis)
    benefit_hits = analysis.hits(rb.BENEFITS)
    recommendation_hits = analysis.hits(rb.RECOMMENDATION)
    notes = lexicons.load(rb.BENEFITS).notes
    instructions = 0
    for i in result.benefit_claims:
        sentence = analysis.sentences[i].text
        imperative = bool(recommendation_hits[i]) or rb._IMPERATIVE.match(sentence) is not None
        instructions += rb._IMPERATIVE.match(sentence) is not None
        strong = any(notes.get(h.entry) == "strong" for h in benefit_hits[i])
        expected = 30.0 + min(len(benefit_hits[i]), 3) + 1.0 + 5.0 * strong - 5.0 * imperative
        assert result.claim_strength[i] == expected, sentence
    assert instructions == 3
