"""Claim hedging (HS2xx): each rule on a positive example and on near misses, positions, the
score's bounds and options, the seeds, and integration with the real claim model.

Rule-logic tests use :class:`FakeClaimModel` (a claim label chosen by a few regular
expressions, or given per sentence), so they test the rules, not the classifier. Tests about
integration use the shipped model and are skipped, with the reason, when it is absent.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pytest
from conftest import ARTICLES

from healthscore import Config, ConfigError
from healthscore.analysis import Analysis
from healthscore.dimensions import hedging as H
from healthscore.lexicons import available, load
from healthscore.readers import read_document, read_file
from healthscore.rules import get_rule

CAPSULES = ARTICLES / "kratom-capsules-pain.txt"
BLOG = ARTICLES / "kratom-pain-management-blog.txt"
#: The capsules seed must score at least this much above the blog seed. Measured with the shipped
#: model: 98.0 vs 83.0 (docs/dimensions/hedging.md); the margin sits below the measured 15.0 so
#: a retrained model does not break the test by a point or two.
SEED_MARGIN = 10.0

_HEDGED = re.compile(r"\b(?:may|might|could|suggests?|possibly|potentially)\b", re.I)
_CAUSAL = re.compile(
    r"\b(?:cures?|reduces?|reduced|lowers?|lowered|prevents?|improves?|relieves?|eliminates?|"
    r"boosts?|treats?|works|slowed|shrank|can \w+|causes?|will \w+)\b", re.I,
)
_ASSOCIATION = re.compile(r"\b(?:associated|linked|less likely|more likely)\b", re.I)


class FakeClaimModel:
    """``predict_proba`` from regular expressions: hedged causal wording -> 2, causal -> 3,
    association -> 1, else 0. ``labels`` overrides single sentences. Counts its calls."""

    def __init__(self, labels: dict[str, int] | None = None) -> None:
        self.labels = labels or {}
        self.calls = 0

    def label(self, sentence: str) -> int:
        if sentence in self.labels:
            return self.labels[sentence]
        if _CAUSAL.search(sentence):
            return 2 if _HEDGED.search(sentence) else 3
        if _ASSOCIATION.search(sentence):
            return 1
        return 0

    def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
        self.calls += 1
        proba = np.full((len(sentences), 4), 0.05)
        for row, sentence in enumerate(sentences):
            proba[row, self.label(sentence)] = 0.85
        return proba


def analyse(text: str, fmt: str = "markdown", model: object | None = None) -> Analysis:
    return Analysis(read_document(text, format=fmt), claim_model=model or FakeClaimModel())


def findings(text: str, fmt: str = "markdown", model: object | None = None) -> list:
    return H.assess(analyse(text, fmt, model)).findings


def codes(text: str, fmt: str = "markdown", model: object | None = None) -> list[str]:
    return sorted(f.code for f in findings(text, fmt, model))


def real_model_or_skip():
    """The shipped claim model; the test is skipped when the model file is absent (a checkout
    where it has not been trained yet). A model that is present but does not load fails."""
    from healthscore.model import MODEL_NAME, default_model_dir, load_claim_model

    if not (default_model_dir() / MODEL_NAME).is_file():
        pytest.skip(f"the trained claim model models/{MODEL_NAME} is absent; train it with "
                    "`python -m healthscore.training`")
    return load_claim_model()


# -- rules: registry ------------------------------------------------------------------------


def test_rules_registered_with_docs():
    for code, name in [
        ("HS201", "unhedged-causal-claim"), ("HS202", "booster-or-sensational-word"),
        ("HS203", "absolute-claim"), ("HS204", "preclinical-as-human"),
        ("HS205", "correlation-as-causation"),
    ]:
        rule = get_rule(code)
        assert rule.name == name and rule.dimension == "hedging"
        assert rule.summary and rule.why and rule.example and rule.instead


# -- HS201 unhedged causal claim ------------------------------------------------------------


def test_hs201_fires_and_points_at_the_verb():
    text = "Turmeric reduces arthritis pain in older adults."
    [finding] = findings(text)
    assert finding.code == "HS201"
    assert (finding.line, finding.column) == (1, text.index("reduces") + 1)
    assert finding.end_column == text.index("reduces") + len("reduces") + 1
    assert '"reduces"' in finding.message
    assert "may reduce" in finding.suggestion


def test_hs201_includes_the_modal_in_the_span():
    text = "Kratom can relieve chronic back pain."
    [finding] = findings(text)
    assert finding.code == "HS201" and '"can relieve"' in finding.message
    assert finding.column == text.index("can relieve") + 1
    assert "may relieve" in finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Turmeric may reduce arthritis pain in older adults.",  # hedged
        "Early studies suggest turmeric reduces arthritis pain.",  # hedged
        "There is no evidence that turmeric reduces arthritis pain.",  # negated
        "Turmeric does not reduce arthritis pain.",  # negated
        "Does turmeric reduce arthritis pain?",  # a question
        "# Turmeric Reduces Arthritis Pain\n\nIt is a spice.",  # a heading
        "Turmeric reduces arthritis pain (Smith et al., 2020).",  # author-year citation
        "Turmeric reduces arthritis pain [3].",  # numbered reference
        "Turmeric reduces arthritis pain.\u00b2",  # superscript reference
        "Turmeric reduces arthritis pain. See [the trial](https://example.org/trial).",  # link next
        "Turmeric reduces arthritis pain, a trial published in The Lancet found.",  # journal
        "High doses of turmeric can cause stomach pain and liver damage.",  # a harm warning
        "In the trial, turmeric reduced arthritis pain by 20% in 12 weeks.",  # a reported result
        "In mice, curcumin reduces tumour growth.",  # scoped to animals, no human claim
        "Researchers want to see whether turmeric reduces arthritis pain.",  # not asserted
        "Ibuprofen is used to treat arthritis pain.",  # a use, not a claim
        "The drug works by blocking a receptor in the brain.",  # a mechanism
        "Some websites claim that turmeric cures arthritis pain.",  # reported claim
        "If you take too much, it can cause nausea.",  # conditional warning
        "Stress can cause headaches and poor sleep.",  # a neutral verb with no benefit after it
        "The device helped reduce knee pain in eight patients.",  # a reported result
        "Patients who used the monitor were able to lower their blood sugar.",  # reported
        "The apps offer exercises to de-stress, reduce worry and sleep better.",  # purpose
        "The drug prevents the immune system from attacking the joints in arthritis.",  # mechanism
    ],
)
def test_hs201_near_misses_are_silent(text):
    assert "HS201" not in codes(text)


def test_hs201_link_in_next_sentence_counts_only_for_the_previous_one():
    text = (
        "Turmeric reduces arthritis pain. The trial is [here](https://example.org). "
        "Ginger relieves nausea in pregnant women."
    )
    found = [f for f in findings(text) if f.code == "HS201"]
    assert [f.message.split('"')[1] for f in found] == ["relieves"]


# -- HS202 boosters and sensational words ---------------------------------------------------


def test_hs202_points_at_the_word_across_lines():
    text = "# Turmeric\n\nMany people take it.\nThis miracle spice is\nclinically proven to work."
    found = [f for f in findings(text) if f.code == "HS202"]
    assert [(f.line, f.column, f.end_column) for f in found] == [(4, 6, 13), (5, 1, 18)]
    assert '"miracle"' in found[0].message and '"clinically proven"' in found[1].message
    assert all(f.suggestion for f in found)


@pytest.mark.parametrize(
    "text, word",
    [
        ("This breakthrough supplement eases joint pain.", "breakthrough"),
        ("The new patch is a game-changer for people with migraine.", "game-changer"),
        ("The tea is 100% safe and has no side effects.", "100% safe"),
        ("The tea has no side effects.", "no side effects"),
        ("Curcumin cures arthritis.", "Curcumin cures arthritis"),
        ("The results are guaranteed.", "guaranteed"),
        ("The drug dramatically reduces pain in most patients.", "dramatically"),
        ("\"This is a breakthrough,\" said the lead author.", "breakthrough"),
    ],
)
def test_hs202_fires(text, word):
    found = [f for f in findings(text) if f.code == "HS202"]
    assert found, text
    assert any(w in word for w in (f.message.split('"')[1] for f in found))


@pytest.mark.parametrize(
    "text",
    [
        "Turmeric is not a miracle cure.",  # negated
        "There is no cure for arthritis.",  # a fact, not a promise
        "Scientists hope to find a cure for arthritis.",  # a goal
        "The search for a cure for arthritis goes on.",  # a goal
        "Researchers hope for a breakthrough in arthritis.",  # a goal
        'Be wary of products marketed as a "miracle cure" for arthritis.',  # debunked
        'The label calls it a "miracle cure". No study supports that claim.',  # debunked next
        "Is turmeric a miracle spice?",  # a question
        "# The Miracle Spice?\n\nTurmeric is a yellow spice.",  # a heading
        "The FDA granted the drug Breakthrough Therapy designation.",  # a regulatory term
        "Some patients get breakthrough pain between doses.",  # a medical term
        "There was a dramatic rise in obesity last year.",  # description, not an effect claim
        "The drug is a powerful antibiotic.",  # description
        "The study is a proof of concept.",  # technical phrase
        "A larger trial is needed to prove that the drug relieves pain.",  # a goal
        "There is no proof that the drug relieves pain.",  # negated
        "Therapy can be highly effective for some patients with back pain.",  # hedged
    ],
)
def test_hs202_near_misses_are_silent(text):
    assert "HS202" not in codes(text)


# -- HS203 absolutes -------------------------------------------------------------------------


def test_hs203_fires_in_an_unhedged_claim():
    text = "Turmeric completely eliminates joint pain for everyone."
    found = [f for f in findings(text) if f.code == "HS203"]
    assert [f.message.split('"')[1] for f in found] == ["completely", "everyone"]
    assert found[0].column == text.index("completely") + 1


@pytest.mark.parametrize(
    "text",
    [
        "Never exceed the recommended dose of turmeric.",  # safety advice
        "Always talk to your doctor before you use turmeric to treat pain.",  # safety advice
        "Turmeric may completely eliminate joint pain.",  # hedged
        "Turmeric does not work for everyone with joint pain.",  # negated
        "Does turmeric eliminate joint pain in everyone?",  # a question
        "We are always looking for ways to reduce joint pain.",  # not part of a claim
        "People who take turmeric every day report less pain.",  # frequency, no causal claim
        "The drug eliminates atrial fibrillation in about half of all patients.",  # a share
        "We all know that running causes soreness in the legs.",  # not part of the claim
        "Doctors from all specialties who treat arthritis pain attended.",  # names a group
        "Sunlight makes vitamin D supplements all the more important for bone health.",  # idiom
        "Almost every strain of kratom relieves pain to some degree.",  # softened
        "Aspirin can lower the risk of heart attack in people who never had one.",  # a group
        "The all-natural supplement relieves joint pain every day.",  # "all-", a frequency
    ],
)
def test_hs203_near_misses_are_silent(text):
    assert "HS203" not in codes(text)


# -- HS204 preclinical as human --------------------------------------------------------------


def test_hs204_same_sentence():
    text = "A study in mice shows that curcumin prevents cancer in people."
    found = [f for f in findings(text) if f.code == "HS204"]
    assert len(found) == 1 and '"prevents"' in found[0].message and "mice" in found[0].message
    assert "HS201" not in codes(text)  # one overclaim per sentence


def test_hs204_preclinical_study_then_a_human_claim():
    text = "In a study in rats, curcumin slowed tumour growth. It prevents cancer in patients."
    found = [f for f in findings(text) if f.code == "HS204"]
    assert len(found) == 1 and "rats" in found[0].message
    assert found[0].column == text.index("prevents") + 1


@pytest.mark.parametrize(
    "text",
    [
        "In mice, curcumin slowed tumour growth.",  # stays with the animals
        "Curcumin slowed tumour growth in mice, but it has not been tested in people.",
        "In a study in rats, curcumin slowed tumour growth. It may help patients too.",
        "Curcumin helped mice, but in people it is unclear whether it prevents cancer.",
    ],
)
def test_hs204_near_misses_are_silent(text):
    assert "HS204" not in codes(text)


# -- HS205 correlation as causation ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, verb",
    [
        ("People who drink green tea reduce their risk of stroke.", "reduce"),
        ("A survey of nurses found that yoga relieves back pain.", "relieves"),
        ("Coffee is linked to longer life and prevents liver disease.", "prevents"),
    ],
)
def test_hs205_fires(text, verb):
    found = [f for f in findings(text) if f.code == "HS205"]
    assert len(found) == 1 and f'"{verb}"' in found[0].message
    assert found[0].column == text.index(verb) + 1


@pytest.mark.parametrize(
    "text",
    [
        "People who drink green tea are less likely to have a stroke.",  # association wording
        "People who drink green tea may reduce their risk of stroke.",  # hedged
        "In a randomised trial, people who took the drug reduce their risk of stroke.",
        "The sleep loss associated with the condition can cause fatigue.",  # cue not before verb
    ],
)
def test_hs205_near_misses_are_silent(text):
    assert "HS205" not in codes(text)


# -- the score --------------------------------------------------------------------------------

HEDGED_ARTICLE = (
    "Turmeric is a yellow spice used in cooking across South Asia. "
    "Some small studies suggest that curcumin, its main compound, may ease joint pain. "
    "It might also reduce swelling, although the evidence is limited. "
    "Researchers say larger trials are needed before anyone can be sure it works. "
    "It could interact with blood thinners, so people who take them should talk to a doctor. "
    "Early results in people with knee arthritis may look promising, but the trials were short "
    "and small, and the effects may be modest. "
) * 2
OVERCLAIMING_ARTICLE = (
    "Turmeric is a yellow spice used in cooking across South Asia. "
    "This miracle spice cures arthritis. "
    "It completely eliminates joint pain for everyone. "
    "Curcumin reduces swelling and prevents heart disease. "
    "It is clinically proven and has no side effects. "
    "This breakthrough remedy boosts your immunity and relieves pain. "
) * 2


def test_score_orders_hedged_above_overclaiming():
    options = H.Options(min_words=50)
    good = H.score(analyse(HEDGED_ARTICLE, "text"), options)
    bad = H.score(analyse(OVERCLAIMING_ARTICLE, "text"), options)
    assert good.status == bad.status == "scored"
    assert good.score == 100.0
    assert 0 <= bad.score < 40
    assert bad.metrics["overclaims"] >= 4 and bad.metrics["hype"] >= 6
    assert {f.code for f in bad.findings} >= {"HS201", "HS202", "HS203"}


def _metrics(**counts: int) -> dict[str, int]:
    base = dict(words=1000, sentences=50, claims=10, unhedged_direct_claims=0, hedged_claims=0,
                hedges=0, overclaims=0, hype=0, absolutes=0)
    base.update(counts)
    return base


def test_score_bounds_and_formula():
    options = H.Options()
    assert H.score_from_metrics(_metrics(), options) == 100.0
    for extreme in (
        _metrics(claims=50, unhedged_direct_claims=50, overclaims=50, hype=200, absolutes=90),
        _metrics(words=50, claims=0, hype=30),
        _metrics(hedges=500, hedged_claims=10),
    ):
        assert 0 <= H.score_from_metrics(extreme, options) <= 100
    worse = _metrics(unhedged_direct_claims=5, overclaims=3, hype=1, absolutes=1, hedges=4)
    for better in (
        dict(worse, overclaims=1), dict(worse, hype=0), dict(worse, absolutes=0),
        dict(worse, unhedged_direct_claims=2), dict(worse, hedges=12),
    ):
        assert H.score_from_metrics(better, options) > H.score_from_metrics(worse, options)
    # the documented anchor points (docs/dimensions/hedging.md)
    assert H.score_from_metrics(_metrics(hype=1), options) == pytest.approx(60.65, abs=0.01)
    assert H.score_from_metrics(_metrics(unhedged_direct_claims=10), options) == pytest.approx(
        86.07, abs=0.01
    )
    # hedge credit stops at HEDGE_CAP hedges per claim
    capped = _metrics(unhedged_direct_claims=10, overclaims=10)
    assert H.score_from_metrics(dict(capped, hedges=20), options) == H.score_from_metrics(
        dict(capped, hedges=200), options
    )


def test_length_does_not_dominate():
    options = H.Options(min_words=50)
    one = H.score(analyse(OVERCLAIMING_ARTICLE, "text"), options).score
    four = H.score(analyse(OVERCLAIMING_ARTICLE * 4, "text"), options).score
    assert one == pytest.approx(four, abs=1.0)


def test_not_enough_text_has_no_score_but_keeps_findings():
    result = H.score(analyse("This miracle spice cures arthritis."), H.Options())
    assert result.status == "not_enough_text" and result.score is None
    assert "HS202" in {f.code for f in result.findings}
    assert "words" in result.summary


def test_options_are_honoured():
    analysis = analyse(OVERCLAIMING_ARTICLE, "text")
    assert H.score(analysis, H.Options(min_words=10_000)).status == "not_enough_text"
    assert H.score(analysis, H.Options(min_words=50, min_claims=500)).status == "not_enough_text"
    free = H.Options(
        min_words=50, direct_weight=0, overclaim_weight=0, hype_weight=0, absolute_weight=0
    )
    assert H.score(analysis, free).score == 100.0
    strict = H.Options(min_words=50, hype_weight=1.0)
    assert H.score(analysis, strict).score < H.score(analysis, H.Options(min_words=50)).score


@pytest.mark.parametrize(
    "bad",
    [{"min_words": 0}, {"min_claims": -1}, {"hype_weight": -0.1}, {"hedge_credit": "x"},
     {"min_words": 1.5}],
)
def test_invalid_options_are_refused(bad):
    with pytest.raises(ValueError):
        H.Options(**bad)
    with pytest.raises(ConfigError):
        Config.from_mapping({"hedging": bad})


def test_options_from_config():
    config = Config.from_mapping({"hedging": {"min-claims": 5, "hype_weight": 0.2}})
    options = config.options_for("hedging")
    assert options.min_claims == 5 and options.hype_weight == 0.2


def test_one_model_call_per_document():
    model = FakeClaimModel()
    H.score(analyse(OVERCLAIMING_ARTICLE * 3, "text", model), H.Options())
    assert model.calls == 1


def test_deterministic():
    first = H.score(analyse(OVERCLAIMING_ARTICLE, "text"), H.Options(min_words=50))
    second = H.score(analyse(OVERCLAIMING_ARTICLE, "text"), H.Options(min_words=50))
    assert first.to_dict() == second.to_dict()


def test_lexicons_are_project_written_and_load():
    names = ["hedges", "boosters", "absolutes", "preclinical", "causal_verbs"] + [
        n for n in available() if n.startswith("hedging_")
    ]
    for name in names:
        lexicon = load(name)
        assert len(lexicon) > 0, name
        assert lexicon.find("") == []


# -- the seeds and the real model -------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_scores():
    model = real_model_or_skip()
    results = {}
    for path in (CAPSULES, BLOG):
        analysis = Analysis(read_file(path), claim_model=model)
        results[path.name] = H.score(analysis, H.Options())
    return results


def test_seeds_capsules_clearly_above_blog(seed_scores):
    capsules = seed_scores[CAPSULES.name]
    blog = seed_scores[BLOG.name]
    assert capsules.status == blog.status == "scored"
    assert capsules.score - blog.score >= SEED_MARGIN, (capsules.score, blog.score)
    assert capsules.metrics["hedged_claim_share"] > blog.metrics["hedged_claim_share"]


def test_seed_blog_findings_name_the_overclaims(seed_scores):
    blog = seed_scores[BLOG.name]
    messages = {(f.code, f.message.split('"')[1]) for f in blog.findings}
    assert ("HS203", "all") in messages  # "can aid with all these aspects"
    assert any(code == "HS201" for code, _ in messages)


def test_pipeline_scores_hedging_with_the_real_model():
    real_model_or_skip()
    import healthscore

    report = healthscore.score_file(CAPSULES)
    hedging = report.dimensions["hedging"]
    assert hedging.status == "scored" and 0 <= hedging.score <= 100
    assert all(f.dimension == "hedging" for f in hedging.findings)


# -- HS206 sensational headline; the trial discount; "could" earns no hedge credit ----------


def test_hs206_registered():
    rule = get_rule("HS206")
    assert rule.name == "sensational-headline" and rule.dimension == "hedging"
    assert rule.summary and rule.why and rule.example and rule.instead


@pytest.mark.parametrize(
    "heading, word",
    [
        ("Groundbreaking Blood Test Spots Concussion", "Groundbreaking"),
        ("New Hope for Patients With Dupuytren's Disease", "New Hope"),
        ("Herb May Hold the Cure for Wasting Syndrome", "the Cure for"),
        ("Laser Treatment Could Be Revolutionized", "Revolutionized"),
        ("Pill Dramatically Reduces Migraine Attacks", "Dramatically"),
        ("Clinically Proven Supplement for Joint Pain", "Clinically Proven"),
    ],
)
def test_hs206_fires_on_headline_words(heading, word):
    text = f"# {heading}\n\nThe study included 40 adults. Results were mixed."
    found = [f for f in findings(text) if f.code == "HS206"]
    assert [f.message.split('"')[1] for f in found] == [word]
    assert found[0].line == 1 and found[0].column == 3 + heading.index(word)
    assert "in the headline" in found[0].message and found[0].suggestion
    assert not [f for f in findings(text) if f.code == "HS202"]  # a headline is not prose
    assert H.assess(analyse(text)).headline_hype == 1


@pytest.mark.parametrize(
    "heading",
    [
        "Is This the Miracle Cure?",  # a question
        "The Search for a Cure for Arthritis",  # a goal
        "FDA Grants Breakthrough Therapy Designation",  # a regulatory term
        "Energy Drinks Promise an Edge, but Proof Is Scant",  # sceptical "proof"
        "Pill Reduces Migraine Attacks in a Small Trial",  # a causal verb is not judged
        "A Powerful Antibiotic",  # an intensifier that inflates no effect
    ],
)
def test_hs206_near_misses_are_silent(heading):
    assert "HS206" not in codes(f"# {heading}\n\nThe study included 40 adults.")


@pytest.mark.parametrize(
    "text, word",
    [
        ("The new scanner could transform the care of stroke patients.", "could transform"),
        ("This is a significant step forward for people with migraine.",
         "significant step forward"),
        ("The results offer hope to patients with heart failure.", "offer hope"),
        ("A simple blood test can now detect concussion.", "simple blood test"),
        ("The enzyme gives the antibiotic new superpowers.", "superpowers"),
    ],
)
def test_hs202_added_phrases_fire(text, word):
    found = [f for f in findings(text) if f.code == "HS202"]
    assert [f.message.split('"')[1] for f in found] == [word]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Patients were randomly assigned to the drug or a placebo for 12 weeks.", 1),
        ("In a randomized trial of 200 adults, the drug eased pain.", 1),
        ("Larger randomized trials are needed to confirm the result.", 0),
        ("The study had no placebo group.", 0),
        ("An ongoing placebo-controlled trial will test the drug.", 0),
        ("In mice, the drug eased pain.", 0),
    ],
)
def test_randomised_trial_is_detected_only_when_reported(text, expected):
    assert H.assess(analyse(text)).metrics()["randomised_trial"] == expected


def test_trial_discount_lowers_only_the_claim_penalties():
    options = H.Options()
    claims = _metrics(unhedged_direct_claims=6, overclaims=3)
    trial = dict(claims, randomised_trial=1)
    assert H.score_from_metrics(trial, options) > H.score_from_metrics(claims, options)
    assert H.score_from_metrics(trial, H.Options(trial_discount=0)) == H.score_from_metrics(
        claims, options
    )
    hype = _metrics(hype=2)  # sensational words cost the same after a trial
    assert H.score_from_metrics(dict(hype, randomised_trial=1), options) == H.score_from_metrics(
        hype, options
    )
    with pytest.raises(ValueError):
        H.Options(trial_discount=1.5)


def test_could_silences_hs201_but_earns_no_hedge_credit():
    could = "Turmeric could reduce arthritis pain in older adults."
    assert "HS201" not in codes(could)
    found = H.assess(analyse(could))
    assert found.hedges == 1 and found.possibility_hedges == 1
    options = H.Options()
    base = _metrics(unhedged_direct_claims=5, overclaims=2)
    credited = dict(base, hedges=10)
    possible = dict(base, hedges=10, possibility_hedges=10)
    assert H.score_from_metrics(possible, options) == H.score_from_metrics(base, options)
    assert H.score_from_metrics(credited, options) > H.score_from_metrics(base, options)


def test_headline_hype_costs_a_fixed_amount():
    options = H.Options()
    assert H.score_from_metrics(_metrics(headline_hype=1), options) == pytest.approx(
        100 * np.exp(-options.headline_weight)
    )


def test_calibration_scores_match_the_dimension():
    """``benchmarks/calibrate_hedging.py`` scores the grid with arrays; it must agree with
    :func:`hedging.score_from_metrics` or the tuned figures describe another score."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import calibrate_hedging
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    rng = np.random.default_rng(0)
    metrics = [
        _metrics(
            words=int(rng.integers(50, 3000)), claims=int(rng.integers(0, 30)),
            unhedged_direct_claims=int(rng.integers(0, 10)), overclaims=int(rng.integers(0, 5)),
            hype=int(rng.integers(0, 4)), absolutes=int(rng.integers(0, 3)),
            hedges=int(rng.integers(0, 40)), possibility_hedges=int(rng.integers(0, 5)),
            headline_hype=int(rng.integers(0, 2)), randomised_trial=int(rng.integers(0, 2)),
        )
        for _ in range(200)
    ]
    for options in (H.Options(), H.Options(trial_discount=0.25, headline_weight=0.1)):
        vector = calibrate_hedging.scores_for(metrics, options)
        for m, v in zip(metrics, vector, strict=True):
            if m["words"] >= options.min_words and m["claims"] >= options.min_claims:
                assert v == pytest.approx(H.score_from_metrics(m, options))
            else:
                assert np.isnan(v)


#: A sentence with no claim, hedge or hype word, to stand beside the sentences under test.
_NEUTRAL = "The clinic opened in the spring."


def test_cites_equals_searching_the_whole_pattern() -> None:
    """``_cites`` searches each alternative of the citation pattern only in a sentence holding
    one of its gates; sentences with every kind of citation, and near misses, must come out as
    a search of the whole pattern says."""
    from healthscore.dimensions.hedging import _CITATION, _cites

    texts = [
        "Pain fell (Smith and Jones, 2019).",
        "Pain fell (Smith, 1890).",
        "Smith et al. 2019 found less pain.",
        "Smith et\tal., (2020) found less pain.",
        "Smith et al found less pain.",
        "Pain fell [12].",
        "Pain fell [a].",
        "Pain fell.\u00b2\u00b3",
        "Pain fell.\u2075",
        "See doi: 10.1000/xyz or doi.org/10.1/x.",
        "See the doi.",
        "PMID: 123456 and PMID 1.",
        "PMIDs are numbers.",
        "Read https://example.org or www.example.org.",
        "Read http:/broken and wwwexample.",
        "Visit www.example.org for more.",
        "Or see doi.org/10.1/x only.",
        "Kratom may ease pain (Smith et al.,",
        "2020) but no trial shows it.",
        "See [1",
        "2] and Jones et al. (2019) for more.",
        "Nothing here.",
        "",
    ]
    for text in texts:
        assert _cites(text) == bool(_CITATION.search(text)), text


def test_citation_is_searched_only_where_an_overclaim_needs_it(monkeypatch) -> None:
    """Whether a sentence cites a source is worked out only for the sentences an unhedged
    claim is in or before, and a link, a citation in the sentence or one in the next silences
    HS201 as before."""
    claim = "Kratom relieves chronic back pain."
    text = f"{_NEUTRAL} The weather was fine. {claim} The sky was blue. It was warm."
    searched: list[str] = []
    cites = H._cites
    monkeypatch.setattr(H, "_cites", lambda text: searched.append(text) or cites(text))
    assert [f.code for f in H.assess(analyse(text)).findings] == ["HS201"]
    assert searched == [claim, "The sky was blue."]
    searched.clear()
    assert H.assess(analyse(f"{_NEUTRAL} The weather was fine.")).findings == []
    assert searched == []
    for cited in (
        f"{claim[:-1]} (Smith et al., 2020).",
        f"{claim} See [3].",
        f"{claim} The paper is at doi: 10.1000/xyz today.",
        f"[{claim[:-1]}](https://example.org/study).",
    ):
        assert "HS201" not in codes(f"{_NEUTRAL} {cited}"), cited


@pytest.mark.parametrize(
    ("words", "patterns"),
    [
        ("_TRIAL_WORDS", ("_TRIAL_DESIGN", "_RANDOMISED")),
        ("_STUDY_WORDS", ("_STUDY_RESULT",)),
        ("_JOURNAL_WORDS", ("_JOURNAL",)),
    ],
)
def test_gate_words_are_in_every_match(words: str, patterns: tuple[str, ...]) -> None:
    """A sentence that a gated pattern matches holds one of its gate words as a whole word,
    so :func:`_sentences_with_words` never leaves it out: random sentences made of the
    patterns' words, their neighbours and near misses (joined by white space, hyphens,
    underscores, apostrophes, in any case) are checked against the plain search."""
    import random

    from healthscore.lexicons import Corpus

    gate = getattr(H, words)
    compiled = [getattr(H, name) for name in patterns]
    pieces = [
        "randomised", "Randomized", "RANDOMLY", "randomly", "assigned", "allocated", "placebo",
        "Placebo", "sham", "Sham", "double", "blind", "blinded", "controlled", "clinical",
        "trial", "trials", "TRIAL", "study", "Studies", "analysis", "review", "experiments",
        "in", "from", "the", "this", "our", "two", "several", "found", "showed", "reported",
        "Researchers", "investigators", "authors", "published", "appears", "appearing",
        "presented", "journal", "Journal", "Nature", "The", "JAMA", "Lancet", "PLoS", "BMJ",
        "Pediatrics", "Circulation", "medical", "pilot", "x", "mice", "7", "nonrandomised",
        "shamrock", "studying",
    ]
    joins = [" ", " ", " ", "  ", "\t", "-", "_", "'", ", ", ". ", "("]
    rng = random.Random(1)
    texts = []
    for _ in range(8000):
        words_ = [rng.choice(pieces) for _ in range(rng.randint(1, 9))]
        text = words_[0]
        for word in words_[1:]:
            text += rng.choice(joins) + word
        texts.append(text)
    # every alternative, with each of its words, in the shapes the patterns look for
    for noun in ("study", "studies", "trial", "trials", "analysis", "review", "experiment",
                 "experiments"):
        texts += [f"In the {noun}, pain fell by 20%.", f"From THIS pilot-phase {noun} we know."]
    for who in ("study", "trial", "analysis", "researchers", "investigators", "authors"):
        texts += [f"The {who} found less pain.", f"{who.title()} in Ohio showed 12% less."]
    for verb in ("published", "reported", "appear", "appears", "appearing", "presented"):
        texts += [f"It was {verb} today in Nature.", f"Results {verb} in the Annals."]
    texts += ["It is in the medical journal Pain.", "In the Journal Of Pain."]
    texts += [f"See {name} today." for name in ("JAMA", "NEJM", "BMJ", "PLoS", "Circulation")]
    texts += ["In a double blind, placebo controlled trial.", "Randomly allocated adults."]
    candidates = H._sentences_with_words(Corpus(texts), gate)
    assert candidates is not None
    matched = [i for i, text in enumerate(texts) if any(p.search(text) for p in compiled)]
    assert len(matched) > 10
    assert set(matched) <= candidates
    assert not all(i in candidates for i in range(len(texts)))


def test_gate_words_give_way_to_case_folding_exceptions() -> None:
    """With a character that case-insensitive matching folds differently from ``str.lower``
    (long s, dotless i, dotted capital I) the words cannot tell: every sentence is a
    candidate, and the trial is still found."""
    from healthscore.lexicons import Corpus

    for folded in ("A randomi\u017fed trial.", "A placebo-contro\u0130led trial.",
                   "RANDOM\u0131ZED."):
        texts = [folded, "Nothing."]
        assert H._sentences_with_words(Corpus(texts), H._TRIAL_WORDS) is None
    assert H._TRIAL_DESIGN.search("A randomi\u017fed trial.")  # "ſ" matches "s"
    long_s = "In a randomi\u017fed trial, kratom eased pain in 40 adults."
    assert H.assess(analyse(f"{_NEUTRAL} {long_s}")).randomised_trial
    plain = "In a randomised trial, kratom eased pain in 40 adults."
    assert H.assess(analyse(f"{_NEUTRAL} {plain}")).randomised_trial


def test_trial_is_looked_for_only_in_judged_sentences() -> None:
    """The trial flag reads only the judged sentences that name a trial: a heading, a
    question, a reference list or an "About" section naming one does not set it."""
    trial = "In a randomised trial, kratom eased pain in 40 adults."
    assert H.assess(analyse(f"{_NEUTRAL}\n\n{trial}")).randomised_trial
    for text in (
        "# A randomised trial of kratom\n\n" + _NEUTRAL,
        _NEUTRAL + "\n\nWas it a randomised trial?",
        _NEUTRAL + "\n\n## References\n\n1. Lee A. " + trial,
        _NEUTRAL + "\n\n## About the trial\n\n" + trial,
        _NEUTRAL + "\n\nLarger randomised trials are needed.",
    ):
        assert not H.assess(analyse(text)).randomised_trial, text


def test_modal_before_equals_the_plain_search() -> None:
    """``_modal_before`` skips the search when the word before the verb cannot end a modal
    phrase; at every position it must find what the plain search finds (same span), including
    long s, dotless and dotted capital I, apostrophes and underscores."""
    import random

    from healthscore.dimensions.hedging import _MODAL_BEFORE, _modal_before, _previous_word

    pieces = [
        "can", "CAN", "could", "will", "would", "must", "does", "do", "did", "help", "Helps",
        "helped", "to", "able", "ability", "power", "was", "were", "also", "really", "quickly",
        "reduce", "lower", "x", "o'can", "can't", "ly", "fly", "undo", "_ly", "doe\u017f",
        "al\u017fo", "\u0130", "mu\u017ft", "7", "pluto", "canned",
    ]
    joins = [" ", " ", "  ", "\n", "-", "_", "'", ", ", ".", "\u2019"]
    rng = random.Random(2)
    checked = found = 0
    for _ in range(3000):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 8))]
        text = words[0]
        for word in words[1:]:
            text += rng.choice(joins) + word
        for start in range(len(text) + 1):
            expected = _MODAL_BEFORE.search(text, max(0, start - 40), start)
            got = _modal_before(text, start, _previous_word(text, start))
            assert (got and got.span()) == (expected and expected.span()), (text, start)
            checked += 1
            found += expected is not None
    assert found > 1000 and checked > found * 5


def test_previous_word_equals_searching_the_window() -> None:
    """``_previous_word`` reads the reversed window; it must return what the forward search
    (``_PREVIOUS_WORD`` over the 40 characters before the position) returns."""
    import random

    from healthscore.dimensions.hedging import _PREVIOUS_WORD, _previous_word

    def forward(text: str, start: int) -> str:
        match = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
        return match.group(1).lower() if match else ""

    rng = random.Random(0)
    alphabet = "ab Z_'\u2019.,- \n9\u00e9"
    texts = ["", "don't stop", "the dogs' bowls", "rock'n'roll now", "x_y z", "  ", "end."]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
              for _ in range(3000)]
    for text in texts:
        for start in {0, len(text), len(text) // 2, max(0, len(text) - 41)}:
            assert _previous_word(text, start) == forward(text, start), (text, start)

