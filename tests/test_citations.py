"""Tests for the citations dimension (HS3xx): detection on the project's case set, domain
classification, claim-to-source linking, findings, the score's meaning and options."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from healthscore.analysis import Analysis
from healthscore.citation_detection import (
    LINK_CREDIT,
    classify_url,
    scan,
)
from healthscore.config import Config
from healthscore.dimensions import citations as dim
from healthscore.errors import ConfigError
from healthscore.model import ModelError
from healthscore.readers import read_document
from healthscore.rules import get_rule

ROOT = Path(__file__).resolve().parents[1]
CASES_PATH = ROOT / "fixtures" / "citations" / "cases.jsonl"
ARTICLES = ROOT / "fixtures" / "articles"
sys.path.insert(0, str(ROOT / "benchmarks"))

import calibrate_citations  # noqa: E402

CASES = calibrate_citations.load_cases(CASES_PATH)
KINDS = {
    "author_year", "numbered", "doi", "pmid", "trial_registry", "named_source", "named_expert",
    "reference_entry", "vague_attribution", "disclosure", "broken_citation", "organisation",
} | {f"link:{t}" for t in LINK_CREDIT}
UNAMBIGUOUS = [c for c in CASES if "ambiguous" not in c["note"]]

_CAUSAL = re.compile(
    r"\b(?:reduc\w*|caus\w*|cur\w*|prevent\w*|lower\w*|help\w*|works?|improv\w*|reliev\w*|eas\w*|"
    r"protect\w*|boost\w*|burn\w*|slow\w*|rais\w*|increas\w*|cut\w*|treat\w*|alleviat\w*|"
    r"inhibit\w*|bind\w*|suppress\w*|aid\w*|lead\w*|effective)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:may|might|could|can|potentially|possibly)\b", re.IGNORECASE)
_CORRELATION = re.compile(r"\b(?:linked|associated|tied to|correlat\w*|risk)\b", re.IGNORECASE)


class FakeClaimModel:
    """Keyword stand-in for the claim classifier: causal verb -> 3 (2 when hedged),
    association words -> 1, else 0. Deterministic, so tests do not depend on the trained model."""

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 4))
        for row, text in enumerate(texts):
            if _CAUSAL.search(text):
                label = 2 if _HEDGE.search(text) else 3
            elif _CORRELATION.search(text):
                label = 1
            else:
                label = 0
            out[row, label] = 1.0
        return out


class MissingModel:
    def predict_proba(self, texts: list[str]) -> np.ndarray:
        raise ModelError("no model in this test")


#: A neutral paragraph (no claim, no source) that brings short test articles over min_words.
PAD = ("\n\nThis page is part of our series on everyday health questions. Our editors wrote it "
       "for general readers in plain words and checked it in March. Send your questions to the "
       "team by email; we read every message and reply to as many as we can each week.\n")


def analyse(text: str, fmt: str = "markdown", model: object | None = None) -> Analysis:
    return Analysis(read_document(text, format=fmt), claim_model=model or FakeClaimModel())


def run(text: str, fmt: str = "markdown", options: dim.Options | None = None,
        model: object | None = None):
    return dim.score(analyse(text, fmt, model), options or dim.Options())


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


# -- the case set ------------------------------------------------------------------------------

def test_case_set_is_large_and_well_formed() -> None:
    assert len(CASES) >= 60
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert set(case) == {"id", "text", "format", "expected", "note"}, case["id"]
        assert case["format"] in ("markdown", "text", "html"), case["id"]
        assert case["note"], case["id"]
        for item in case["expected"]:
            assert {"kind", "match"} <= set(item) <= {"kind", "match", "source_type"}, case["id"]
            assert item["kind"] in KINDS, (case["id"], item["kind"])
            if case["format"] == "text":  # markup formats match the rendered prose
                assert item["match"] in case["text"], case["id"]
    negatives = [c for c in CASES if not c["expected"]]
    assert len(negatives) >= 10
    kinds = {item["kind"] for c in CASES for item in c["expected"]}
    assert {"link:peer_reviewed", "link:government", "link:commercial", "numbered",
            "author_year", "doi", "pmid", "named_source", "vague_attribution"} <= kinds


@pytest.mark.parametrize("case", UNAMBIGUOUS, ids=[c["id"] for c in UNAMBIGUOUS])
def test_case(case: dict) -> None:
    detections = calibrate_citations.detect(case)
    missed, extra = calibrate_citations.match_case(case, detections)
    assert not missed, f"missed {missed}"
    assert not extra, f"unexpected {[(d.label, d.text) for d in extra]}"


def test_case_set_precision_and_recall() -> None:
    table = calibrate_citations.case_metrics(CASES)
    assert table["ALL"]["precision"] >= 0.95
    assert table["ALL"]["recall"] >= 0.95
    for kind in ("vague_attribution", "named_source", "numbered", "author_year"):
        assert table[kind]["recall"] >= 0.9, kind
        assert table[kind]["precision"] >= 0.9, kind


# -- domains -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6452500/", "peer_reviewed"),
    ("https://pubmed.ncbi.nlm.nih.gov/31234567/", "peer_reviewed"),
    ("https://www.nih.gov/news-events", "government"),
    ("https://www.niddk.nih.gov/health-information", "government"),
    ("https://health.ny.gov/diseases/", "government"),
    ("https://www.nhs.uk/conditions/", "government"),
    ("https://www.canada.ca/en/health-canada.html", "government"),
    ("https://ec.europa.eu/health/", "government"),
    ("https://medlineplus.gov/ency/article/000001.htm", "government"),
    ("https://www.who.int/news-room", "government"),
    ("https://doi.org/10.1056/NEJMoa1800389", "peer_reviewed"),
    ("https://academic.oup.com/ajcn/article/1/1/1/1", "peer_reviewed"),
    ("https://hms.harvard.edu/news", "academic"),
    ("https://www.ucl.ac.uk/news", "academic"),
    ("https://www.mayoclinic.org/diseases-conditions", "reference"),
    ("https://www.msdmanuals.com/home", "reference"),
    ("https://www.medrxiv.org/content/1", "preprint"),
    ("https://www.nytimes.com/2020/01/01/health/x.html", "news"),
    ("https://www.amazon.co.uk/dp/B000", "commercial"),
    ("https://smile.amazon.com/dp/B000", "commercial"),
    ("https://amzn.to/3abc", "commercial"),
    ("https://shop.goodherbs.net/item", "commercial"),
    ("https://www.goodherbs.net/products/red-vein", "commercial"),
    ("https://www.goodherbs.net/guide?ref=partner7", "commercial"),
    ("https://www.kratomspot.com/guide", "commercial"),
    ("https://www.facebook.com/groups/1", "social"),
    ("https://youtu.be/abc", "social"),
    ("https://www.naturalnews.com/2019.html", "unreliable"),
    ("https://www.somebody.net/blog", "other"),
    ("/about", "internal"),
    ("#ref1", "internal"),
    ("mailto:editor@example.org", "internal"),
])
def test_classify_url(url: str, expected: str) -> None:
    assert classify_url(url) == expected


def test_authoritative_domains_are_not_commercial_by_url_shape() -> None:
    # a /products/ path or ?ref= on an authoritative domain is still authoritative
    assert classify_url("https://www.fda.gov/food/products/x") == "government"
    assert classify_url("https://pubmed.ncbi.nlm.nih.gov/123/?ref=share") == "peer_reviewed"


def test_buy_anchor_makes_an_unknown_link_commercial() -> None:
    assert classify_url("https://www.goodleaf.net/red", anchor="buy kratom online") == "commercial"
    assert classify_url("https://www.cdc.gov/x", anchor="buy") == "government"


def test_configured_trusted_and_untrusted_domains() -> None:
    trusted = ("guidelines.example-health.org",)
    untrusted = ("cdc.gov/fake",)
    assert classify_url("https://guidelines.example-health.org/a", trusted=trusted) == "trusted"
    assert classify_url("https://www.guidelines.example-health.org/a", trusted=trusted) == "trusted"
    assert classify_url("https://example-health.org/a", trusted=trusted) == "other"
    assert classify_url("https://www.cdc.gov/fake/x", untrusted=untrusted) == "unreliable"
    assert classify_url("https://www.cdc.gov/real", untrusted=untrusted) == "government"


def test_trusted_domain_counts_as_authoritative_in_the_score() -> None:
    text = ("# Sleep\n\nAdults who sleep less than six hours have a higher risk of heart disease "
            "([guide](https://guidelines.example-health.org/sleep)). "
            "Short sleep also raises blood pressure in older adults.\n" + PAD)
    plain = run(text)
    trusted = run(text, options=dim.Options(trusted_domains=["guidelines.example-health.org"]))
    assert plain.metrics["links_by_type"] == {"other": 1}
    assert trusted.metrics["links_by_type"] == {"trusted": 1}
    assert trusted.metrics["authoritative_link_share"] == 1.0
    assert trusted.score > plain.score


# -- options -----------------------------------------------------------------------------------

def test_options_validate_and_normalise_domains() -> None:
    options = dim.Options(trusted_domains=["HTTPS://Guidelines.Example.org", ".gov.xx"])
    assert options.trusted_domains == ("guidelines.example.org", "gov.xx")
    with pytest.raises(ValueError):
        dim.Options(trusted_domains=["not a domain"])
    with pytest.raises(ValueError):
        dim.Options(untrusted_domains=[3])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        dim.Options(max_unsupported_findings=-1)


def test_options_from_configuration() -> None:
    config = Config.from_mapping({"citations": {"trusted-domains": ["example-health.org"],
                                                "max_unsupported_findings": 2}})
    options = config.options_for("citations")
    assert options.trusted_domains == ("example-health.org",)
    assert options.max_unsupported_findings == 2
    with pytest.raises(ConfigError):
        Config.from_mapping({"citations": {"trusted_domains": ["no spaces allowed"]}})


# -- the seeds ---------------------------------------------------------------------------------

@pytest.fixture
def blog():
    text = (ARTICLES / "kratom-pain-management-blog.txt").read_text(encoding="utf-8")
    analysis = analyse(text, "text")
    return analysis, dim.score(analysis, dim.Options())


@pytest.fixture
def capsules():
    text = (ARTICLES / "kratom-capsules-pain.txt").read_text(encoding="utf-8")
    analysis = analyse(text, "text")
    return analysis, dim.score(analysis, dim.Options())


def test_blog_vague_attributions_are_flagged(blog) -> None:
    _, result = blog
    flagged = [f for f in result.findings if f.code == "HS301"]
    phrases = " | ".join(f.message for f in flagged)
    for phrase in ("a study found", "Studies have shown", "Research indicates",
                   "According to some research", "according to studies"):
        assert f'"{phrase}"' in phrases, phrase
    # the finding points at the phrase itself, not the whole sentence
    studies = next(f for f in flagged if '"Studies have shown"' in f.message)
    assert (studies.end_column - studies.column) == len("Studies have shown")
    assert result.metrics["vague_attributions"] == len(flagged)


def test_blog_who_is_a_named_source_with_partial_credit(blog) -> None:
    analysis, result = blog
    who = [c for c in scan(analysis).sources if "World Health Organization" in c.text]
    assert len(who) == 1
    assert who[0].kind == "named_source" and who[0].source_type == "agency"
    assert who[0].credit == pytest.approx(0.4)
    assert not who[0].checkable
    # named but not checkable: the article still has no checkable source
    hs304 = [f for f in result.findings if f.code == "HS304"]
    assert len(hs304) == 1 and "World Health Organization" in hs304[0].message


def test_seeds_cite_no_checkable_source_and_score_low(blog, capsules) -> None:
    for _, result in (blog, capsules):
        assert result.status == "scored"
        assert result.metrics["checkable_citations"] == 0
        assert result.metrics["claims_checkably_supported"] == 0
        assert "HS304" in codes(result)
        assert result.score < 20
    # the capsules article's "some preliminary studies suggesting" is vague too
    assert any("studies suggesting" in f.message for f in capsules[1].findings if f.code == "HS301")


def test_unsupported_claims_are_capped(blog) -> None:
    _, result = blog
    hs302 = [f for f in result.findings if f.code == "HS302"]
    assert 0 < len(hs302) <= dim.Options().max_unsupported_findings
    assert all(f.severity == "info" for f in hs302)


# -- claims and their sources ------------------------------------------------------------------

WELL_SOURCED = """# Coffee and your liver

Drinking coffee is linked to a lower risk of liver cirrhosis
([Kennedy et al., 2016](https://pubmed.ncbi.nlm.nih.gov/26773169/)).
A large review found that two cups a day lowered the risk of liver cancer by about a third [1].
The [CDC](https://www.cdc.gov/liver-disease/) reports that liver disease deaths have risen.
Caffeine raises blood pressure for a few hours ([NHS](https://www.nhs.uk/conditions/high-blood-pressure/)).
Decaf has the same association in some studies (Poole et al., 2017).

"People should not start drinking coffee to protect their liver," said Dr. Ana Ruiz, a
hepatologist at Yale who was not involved in the research.

The review was funded by the Institute for Scientific Information on Coffee.

## References

1. Kennedy OJ, et al. Coffee consumption and the risk of hepatocellular carcinoma.
   BMJ Open. 2017;7:e013739. doi:10.1136/bmjopen-2016-013739
"""

UNSOURCED = """# Coffee and your liver

Coffee cures liver disease. It reduces inflammation and protects the liver from alcohol.
Studies have shown that two cups a day prevent liver cancer. Experts say decaf works too.
Coffee also burns fat and boosts your metabolism. Caffeine improves memory in older adults.
""" + PAD


def test_a_well_sourced_article_scores_high() -> None:
    result = run(WELL_SOURCED)
    assert result.status == "scored"
    assert result.score >= 80, result.metrics
    assert result.metrics["claims_supported_share"] >= 0.8
    assert not {"HS301", "HS302", "HS304"} & set(codes(result))
    assert result.metrics["independent_experts"] == 1
    assert result.metrics["disclosures"] == 1
    assert result.metrics["reference_entries"] == 1
    assert result.metrics["authoritative_link_share"] == 1.0


def test_an_unsourced_article_scores_low_and_says_why() -> None:
    result = run(UNSOURCED)
    assert result.score < 20
    assert {"HS301", "HS302", "HS304"} <= set(codes(result))
    assert result.summary.startswith("Unsourced")


def test_adding_a_source_raises_the_score() -> None:
    base = ("# Tea\n\nGreen tea lowers LDL cholesterol in adults. It also reduces blood "
            "pressure.\n" + PAD)
    cited = base.replace("adults.", "adults ([review](https://doi.org/10.1038/ejcn.2014.1)).")
    assert run(cited).score > run(base).score


def test_source_in_next_sentence_supports_the_claim() -> None:
    text = ("# Walking\n\nWalking lowers blood pressure in older adults. "
            "That was the finding of a 2019 trial in JAMA of 1,200 adults.\n\n"
            "Running improves mood in everyone who tries it.\n" + PAD)
    analysis = analyse(text)
    result = dim.score(analysis, dim.Options())
    claims, supports, _ = dim.assess(analysis, scan(analysis), analysis.claim_labels)
    walking = next(i for i in claims if "Walking" in analysis.sentences[i].text)
    running = next(i for i in claims if "Running" in analysis.sentences[i].text)
    assert supports[walking].kind == "named"
    assert supports[running].kind == "none"
    flagged = {f.sentence_index for f in result.findings if f.code == "HS302"}
    assert running in flagged and walking not in flagged


def test_footnote_marker_resolved_to_reference_supports_the_claim() -> None:
    text = ("# Salt\n\nEating less salt lowers blood pressure.[^1]\n\n"
            "[^1]: He FJ, et al. BMJ. 2013;346:f1325.\n")  # no PAD: detection needs no minimum
    analysis = analyse(text)
    result = scan(analysis)
    marker = [c for c in result.sources if c.kind == "numbered"]
    assert marker and marker[0].source_type == "resolved" and marker[0].checkable
    claims, supports, _ = dim.assess(analysis, result, analysis.claim_labels)
    assert supports[claims[0]].kind == "checkable"


def test_claim_resting_on_a_shop_link_is_hs303() -> None:
    text = ("# Ashwagandha\n\nAshwagandha reduces anxiety and improves sleep "
            "([see here](https://www.amazon.com/dp/B01234567X)).\n\nIt comes as a powder.\n" + PAD)
    result = run(text)
    hs303 = [f for f in result.findings if f.code == "HS303"]
    assert len(hs303) == 1 and "amazon.com" in hs303[0].message
    assert result.metrics["claims_on_commercial_sources"] == 1
    assert "HS302" not in codes(result)


def test_unreliable_link_used_as_evidence_is_hs305() -> None:
    text = ("# Fluoride\n\nFluoride is in most tap water. Read [the research]"
            "(https://www.naturalnews.com/2019-01-01-fluoride.html) before you drink it.\n" + PAD)
    result = run(text)
    assert "HS305" in codes(result)


def test_broken_citations_are_hs306() -> None:
    text = "# Turmeric\n\nTurmeric cures arthritis [4]. Kratom is legal [citation needed].\n" + PAD
    result = run(text)
    messages = [f.message for f in result.findings if f.code == "HS306"]
    assert any("[4]" in m for m in messages)
    assert any("citation needed" in m for m in messages)


def test_vague_attribution_excused_by_a_source_in_the_same_sentence() -> None:
    text = ("# Exercise\n\nStudies show that exercise lowers depression scores "
            "([meta-analysis](https://pubmed.ncbi.nlm.nih.gov/26978184/)).\n" + PAD)
    result = run(text)
    assert "HS301" not in codes(result)


def test_hs302_cap_and_count_of_the_rest() -> None:
    claims = " ".join(f"Vitamin {c} cures fatigue." for c in "ABCDEFGHIJ")
    result = run(f"# Vitamins\n\n{claims}\n" + PAD, options=dim.Options(max_unsupported_findings=3))
    hs302 = [f for f in result.findings if f.code == "HS302"]
    assert len(hs302) == 3
    assert "more unsupported claim" in hs302[-1].message


def test_no_checkable_sources_is_pinned_to_the_first_claim() -> None:
    result = run(UNSOURCED)
    analysis = analyse(UNSOURCED)
    first_claim = next(i for i in analysis.prose_indexes if analysis.claim_labels[i] > 0)
    hs304 = next(f for f in result.findings if f.code == "HS304")
    assert hs304.sentence_index == first_claim


# -- statuses ----------------------------------------------------------------------------------

def test_too_little_text_is_not_scored_but_vague_phrases_are_reported() -> None:
    result = run("Coffee cures cancer, experts say.", "text")
    assert result.status == "not_enough_text" and result.score is None
    assert "HS301" in codes(result)


def test_no_claims_and_no_sources_is_not_applicable() -> None:
    text = ("# Our opening hours\n\n" + "The shop is open from nine to five on weekdays. " * 12)
    result = run(text)
    assert result.status == "not_applicable" and result.score is None


def test_missing_claim_model_is_not_applicable_not_an_error() -> None:
    result = run(UNSOURCED, model=MissingModel())
    assert result.status == "not_applicable"
    assert "claim classifier" in result.summary
    assert "HS301" in codes(result)


def test_score_is_deterministic() -> None:
    first = run(WELL_SOURCED).to_dict()
    second = run(WELL_SOURCED).to_dict()
    assert first == second


def test_metrics_are_complete() -> None:
    metrics = run(WELL_SOURCED).metrics
    for key in ("citations_per_1000_words", "claims_supported_share", "authoritative_link_share",
                "links_by_type", "sources_by_kind", "vague_attributions", "claims",
                "checkable_citations", "named_sources", "named_experts", "components"):
        assert key in metrics, key
    assert set(metrics["components"]) == {"support", "density", "quality", "breadth",
                                          "transparency", "vague"}


# -- independence, disclosures and organisations ----------------------------------------------

def _scan_text(text: str):
    return scan(Analysis(read_document(text, format="text")))


def _experts(text: str) -> dict[str, str]:
    return {c.detail[0]: c.source_type for c in _scan_text(text).sources
            if c.kind == "named_expert"}


@pytest.mark.parametrize("text", [
    '"Coffee was associated with lower risk," said Dr. Maria Lopez, the lead author at Emory.',
    "Dr. Kevin Hart, who is part of the research team at Duke, said the results were good.",
    '"We were surprised," said Dr. Paul Grant. Weight loss was associated with better sleep.',
])
def test_association_or_team_membership_is_not_independence(text: str) -> None:
    # "was associated with" and "is part of" used to match the independence lexicon
    assert "independent" not in _experts(text).values()


@pytest.mark.parametrize("text", [
    '"It is a big step," said Mihai Netea, an immunologist. Netea was not involved in the study.',
    '"Most people will not notice," said Dr. Laura Kim, a neurologist. The drug is injected '
    "monthly. She was not involved in the study.",
    '"It is a big step," said Mihai Netea, an immunologist. The drug is injected monthly. '
    "Netea wasn't involved in the research.",
])
def test_independence_stated_in_a_later_sentence(text: str) -> None:
    assert "independent" in _experts(text).values()


@pytest.mark.parametrize(("text", "phrase"), [
    ("The National Institutes of Health-funded study compared two drugs.", "Health-funded study"),
    ("Hot flashes eased in new federally funded research.", "federally funded research"),
    ("The drug is made by Merck, which funded and conducted the study.", "funded and conducted"),
    ("Stryker funded the DAWN trial.", "funded the DAWN trial"),
    ("The study was funded, in part, by the Ivy Foundation.", "funded, in part, by"),
    ("Dr. Abrams has stock in Wellpass Inc.", "has stock in"),
    ("Oparil is a consultant for Qnexa maker Vivus.", "consultant for Qnexa"),
    ("Two of the authors have filed a patent application on the test.", "filed a patent"),
    ("No other disclosures were reported.", "No other disclosures"),
])
def test_funding_and_interest_statements_are_disclosures(text: str, phrase: str) -> None:
    disclosures = _scan_text(text).disclosures
    assert disclosures and phrase in disclosures[0].text


@pytest.mark.parametrize("text", [
    "The foundation raises funds for research, and the FDA granted the drug priority review.",
    "Its patented capsule releases peppermint oil. Patients should consult their doctor.",
    "He is a senior academic advisor to the dean of the medical school.",
    "Midwives tend to be employees of the national health-care system.",
])
def test_ordinary_money_and_advice_words_are_not_disclosures(text: str) -> None:
    assert not _scan_text(text).disclosures


def test_affiliations_and_funders_are_organisations_not_sources() -> None:
    result = _scan_text(
        '"The effect is small," said Dr. Hannah Cole, an endocrinologist at the University of '
        "Michigan. The trial was funded by the American Heart Association. The Cleveland Clinic "
        'opened a new center. "We need more data," Dr. Omar Haddad told Reuters Health.')
    found = {(c.detail[0], c.source_type) for c in result.organisations}
    assert found == {("university of michigan", "affiliation"),
                     ("american heart association", "funding")}
    assert all(not c.is_source for c in result.organisations)


def test_organisations_widen_breadth() -> None:
    quote = ('"The effect is real but small," said Dr. Hannah Cole, an endocrinologist{}. '
             "Walking lowers blood pressure in older adults.")
    bare = run(quote.format("") + PAD, "text")
    affiliated = run(quote.format(" at the University of Michigan") + PAD, "text")
    assert affiliated.metrics["organisations"] == 1 and bare.metrics["organisations"] == 0
    assert affiliated.metrics["components"]["breadth"] > bare.metrics["components"]["breadth"]
    assert affiliated.score > bare.score


def test_calibration_out_of_fold_keeps_its_signature() -> None:
    """benchmarks/validity.py calls ``out_of_fold(parts, has_claims, y, folds, seed)`` on the
    parts in ``PARTS`` order plus the vague count."""
    rng = np.random.default_rng(0)
    parts = rng.random((40, len(calibrate_citations.PARTS) + 1))
    y = (parts[:, 3] + 0.3 * rng.random(40) > 0.6).astype(int)
    scores, chosen = calibrate_citations.out_of_fold(parts, np.ones(40, bool), y, 2, 0)
    assert scores.shape == (40,) and len(chosen) == 2


def test_rules_are_registered_and_documented() -> None:
    for code in ("HS301", "HS302", "HS303", "HS304", "HS305", "HS306"):
        rule = get_rule(code)
        assert rule.dimension == "citations"
        assert rule.summary and rule.why and rule.example and rule.instead


def test_weights_combine_matches_documented_bounds() -> None:
    weights = dim.Weights()
    full = {"support": 1.0, "density": 1.0, "quality": 1.0, "breadth": 1.0,
            "transparency": 1.0, "vague": 0.0}
    empty = dict.fromkeys(full, 0.0)
    assert weights.combine(full, True) == 100.0
    assert weights.combine(empty, True) == 0.0
    assert weights.combine({**empty, "vague": 50.0}, True) == 0.0


# -- validation data (optional) ----------------------------------------------------------------

SHARED = ROOT.parent / "shared" / "data" / "hnr" / "articles_dev.jsonl.gz"


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED.exists(), reason=f"needs the labelled data at {SHARED}")
def test_sources_on_hnr_rank_above_chance() -> None:
    """A smoke test on 200 HealthNewsReview articles: the breadth of named sources (no claim model
    involved) ranks the 'sources_coi' rating above chance. The full validation is
    benchmarks/calibrate_citations.py."""
    import hnr_data
    from sklearn.metrics import roc_auc_score

    articles = hnr_data.load_articles(SHARED.parents[1])
    indexes, labels = hnr_data.labelled(articles, "sources_coi")
    indexes, labels = indexes[:200], labels[:200]
    breadth = []
    for i in indexes:
        result = scan(Analysis(read_document(articles[i].text, format="text")))
        breadth.append(len({c.detail[0] for c in result.sources if c.kind == "named_expert"})
                       + len(result.disclosures))
    assert roc_auc_score(labels, breadth) > 0.58


def test_case_file_is_valid_jsonl() -> None:
    for line in CASES_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            json.loads(line)


def test_unsupported_claim_suggestion_is_not_about_kratom() -> None:
    """HS302's help is general advice, not the rule's kratom example, whatever the topic."""
    import healthscore

    filler = "Many people take these pills for years, and doctors prescribe them widely. " * 4
    text = (
        "Statins lower LDL cholesterol, according to a "
        "[2019 review](https://pubmed.ncbi.nlm.nih.gov/12345678/). "
        + filler
        + "Statins prevent heart attacks and strokes in everyone who takes them. "
        + filler
    )
    findings = [f for f in healthscore.score(text, format="markdown").findings if f.code == "HS302"]
    assert findings, "expected an unsupported-claim finding"
    for finding in findings:
        assert "kratom" not in finding.suggestion.lower()
        assert "source" in finding.suggestion


# -- the faster paths of the scan find exactly what the plain patterns find ---------------------

_EXPERT_SENTENCES = [
    '"It works," said Dr. Ann Lee, a cardiologist at Yale.',
    "Dr. Ann Lee, a cardiologist at Yale, said the drug works.",
    "Ann Lee, MD, a professor of medicine at Yale, was not involved.",
    "Jane Smith, the study's co-author, called it a first step.",
    "Jane Smith, the study's coauthor, called it a first step.",
    "Jane Smith, a neurologist, saw no change.",
    "Jane Smith, a pediatrician in Ohio, saw no change.",
    "Surgeon General Vivek Murthy issued the advisory.",
    "CEO Mark Jones said sales were up.",
    "Commissioner Robert Califf announced the decision.",
    "According to Prof. Maria Garcia the effect is small.",
    "according to Ms. Warwick, the pain eased",
    "Prof. Maria Garcia has received consulting fees.",
    "The results surprised them, Karp said.",
    '\u201cWe were surprised,\u201d Karp said in an interview.',
    "The effect is small, said LaRocca, who led the trial.",
    "The American Heart Association says exercise helps.",
    "Researchers, including Tom Brown, pointed out the risks.",
    "Spokeswoman Amy Chen declined to comment.",
    "The trial was led by professor Ann Lee of Yale.",
    "It was written by co-author Jane Smith.",
    "The results, cardiologist Ann Lee noted, were mixed.",
    "Nothing here names anyone at all.",
    "XDr Smith and MProf Jones are not titles.",
    "",
]


def _expert_word_starts(text: str) -> list[int]:
    """The offsets in *text* (a document of one sentence) where ``scan`` lets an expert
    alternative begin at a word."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import Corpus

    corpus = Corpus([text])
    role_endings = cd._occurrences(corpus.joined, cd._ROLE_ENDINGS)
    return cd._expert_word_starts(corpus, role_endings).get(0, [])


@pytest.mark.parametrize("text", _EXPERT_SENTENCES)
def test_expert_matches_equal_the_whole_pattern(text: str) -> None:
    """``_expert_matches`` tries the pattern only where an alternative can begin, with only the
    alternatives the sentence has words for; it must find what ``_EXPERT.finditer`` finds."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import tokenize

    tokens = tokenize(text)
    words = {word for _, _, word in tokens}
    expected = [(m.span(), m.lastgroup, m.group(m.lastgroup)) for m in cd._EXPERT.finditer(text)]
    found = [(m.span(), m.lastgroup, m.group(m.lastgroup))
             for m in cd._expert_matches(text, _expert_word_starts(text), words)]
    assert found == expected


def test_expert_parts_make_the_whole_pattern() -> None:
    from healthscore import citation_detection as cd

    assert cd._expert_pattern(True, True, True, True).pattern == cd._EXPERT.pattern
    assert cd._expert_pattern(False, False, False, False) is None
    assert cd._expert_pattern(False, False, True, True).pattern.startswith(r"\baccording")
    assert {"said", "says", "pointed", "believes", "thinks"} <= cd._SAY_WORDS


@pytest.mark.parametrize("text", [
    "a cardiologist", "the paediatrician", "a psychiatrist", "no suffix here", "ologis", "",
])
def test_role_suffix_test_equals_the_pattern(text: str) -> None:
    from healthscore import citation_detection as cd

    assert cd._has_role_suffix(text) == bool(cd._ROLE_SUFFIX.search(text))


@pytest.mark.parametrize("text", [
    "Researchers at Johns Hopkins University found less pain.",
    "according to the University of Michigan Health System",
    "data from the Mayo Clinic show it",
    "Experts at Boston Medical Center said so.",
    "The Cleveland Clinic Foundation reported it.",
    "Scientists at the Francis Crick Institute found it.",
    "the Harvard T.H. Chan School of Public Health reported",
    "according to the US Centers for Disease Control",
    "a report by the Federal Drug Agency said",
    "the US Department of Health and Human Services says",
])
def test_institution_words_gate_every_institution(text: str) -> None:
    """``_named_source`` skips the institution patterns in sentences without one of
    ``_INSTITUTION_WORDS``: every institution the pattern finds must have one."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import tokenize

    words = {word for _, _, word in tokenize(text)}
    assert cd._INSTITUTION.search(text)
    assert not cd._INSTITUTION_WORDS.isdisjoint(words)
    assert cd._INSTITUTION_GATE.search(text)


def test_superscript_markers_are_found_only_when_the_document_has_some() -> None:
    found = _scan_text("Kratom eased pain in one trial.\u00b9 It is not approved.")
    assert [c.text for c in found.sources if c.kind == "numbered"] == ["\u00b9"]
    assert not [c for c in _scan_text("Kratom eased pain in one trial.").sources
                if c.kind == "numbered"]


# Sentences for the position-restricted patterns below: matches, near misses, several matches,
# case variants, and the characters re.IGNORECASE and str.lower fold differently (long s,
# dotless i, dotted capital I), which must fall back to the plain pattern.
_NAMED_SOURCE_SENTENCES = [
    "A comprehensive analysis of kratom published in 2020 found that it eases pain.",
    "A narrative study on the topic carried out in 2023 discovered mild effects.",
    "In 2020, 619 million people worldwide suffered from lower back pain.",
    "A 2019 randomized, controlled trial of 1,200 adults found less pain.",
    "A large 2019 Cochrane review and a 2021 survey of 300 nurses agreed.",
    "The STUDY (2019) and the Trial (2018) agree; the review. In 2017 nothing.",
    "A meta-analysis published online today in the journal Pain in 2022 said so.",
    "Findings were published in the New England Journal of Medicine in March 2021.",
    "The results appear in the May 12 issue of the journal JAMA Internal Medicine.",
    "Researchers reported in The Lancet that the trial, run in early 2015, enrolled 4,500.",
    "The paper, written in 2019, describes a survey; completed in 2020 it had 50 patients.",
    "A systematic review from 2018 of studies in 2,300 people.",
    "The trial will run in 2025.",
    "Studies show it works among 20 mg users in 2051.",
    "A \u017ftudy published in 2020 found it.",
    "A \u0131nteresting ANALYS\u0130S published in 2020 of 1,000 people.",
    "REPORTS published in 2020 involving 12,000 patients.",
    "",
]


@pytest.mark.parametrize("text", _NAMED_SOURCE_SENTENCES)
def test_position_restricted_patterns_equal_the_plain_ones(text: str) -> None:
    """``_study_year_matches``, ``_journal_matches`` and ``_sample_match`` try their patterns
    only where a match can start; they must find what ``finditer``/``search`` finds."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import tokenize

    tokens = tokenize(text)
    words = {word for _, _, word in tokens}

    def spans(matches):
        return [(m.span(), m.group()) for m in matches]

    year_study, study_year = cd._study_year_matches(text, words)
    assert spans(year_study) == spans(cd._YEAR_STUDY.finditer(text))
    assert spans(study_year) == spans(cd._STUDY_YEAR.finditer(text))
    assert spans(cd._journal_matches(text, words)) == spans(
        cd._JOURNAL_CONTEXT.finditer(text)
    )
    found, expected = cd._sample_match(text, tokens, words), cd._SAMPLE.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_position_restricted_patterns_find_something() -> None:
    """The sentences above do exercise the matches (not only the misses)."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import tokenize

    text = _NAMED_SOURCE_SENTENCES[0]
    assert cd._study_year_matches(text, {w for _, _, w in tokenize(text)})[1]
    text = _NAMED_SOURCE_SENTENCES[3]
    tokens = tokenize(text)
    assert cd._sample_match(text, tokens, {w for _, _, w in tokens}).group() == "of 1,200"


@pytest.mark.parametrize("window", [
    "In 2020, 619 million people suffered, according to the ",
    "according to the U.S. ", "according to the US ", "ACCORDING TO ", "data from the British ",
    "said ", "per the ", "paper the ", "a study funded by the American ", "reports by  the ",
    "according to\n", "according to the WHO", "website of ", "researchers at ",
    "the drug, recommended by the ", "a \u017ftudy by the ", "an \u0131nvestigator at the ",
    "stat\u0130stics from the ", "", " ",
])
def test_cue_before_equals_the_plain_search(window: str) -> None:
    from healthscore import citation_detection as cd

    assert cd._cue_before(window) == (cd._CUE_BEFORE.search(window) is not None)


@pytest.mark.parametrize("text", [
    "According to some early studies, kratom may have effects.",
    "That said, specific amounts can aid with pain.",
    "\u201cIt helps,\u201dKarp said.",
    "it helps,Karp said.",
    "said\tLee, who led it",
    "no capitals here, said the doctor.",
])
def test_expert_name_gate(text: str) -> None:
    """``_expert_matches`` returns nothing at once for a sentence without a capital after a
    space, comma or quote; with one it still finds what the whole pattern finds."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import tokenize

    tokens = tokenize(text)
    words = {word for _, _, word in tokens}
    expected = [m.span() for m in cd._EXPERT.finditer(text)]
    found = cd._expert_matches(text, _expert_word_starts(text), words)
    assert [m.span() for m in found] == expected
    if cd._NAME_GATE.search(text) is None:
        assert expected == []


def _marked_reference(analysis: Analysis, has_superscripts: bool) -> set[int]:
    """Sentences in which the loop's literal tests (URL, DOI, PMID, trial, marker, year) can
    find something, tested sentence by sentence."""
    from healthscore import citation_detection as cd

    return {
        i for i, sentence in enumerate(analysis.sentences)
        if cd._YEAR_TOKEN.search(sentence.text) or cd._URL.search(sentence.text)
        or any(m in sentence.text for m in ("[", "10.", "PM", "NCT", "ISRCTN", "ACTRN", "EudraCT"))
        or has_superscripts and any(c in sentence.text for c in cd._SUP)
    }


def _busy_reference(analysis: Analysis, links: dict, has_superscripts: bool) -> set[int]:
    """What the loop of ``scan`` can find something in, tested sentence by sentence."""
    from healthscore import citation_detection as cd

    busy = set(links) | _marked_reference(analysis, has_superscripts)
    for name in ("citation_sources", "vague_attributions", "citation_disclosures",
                 "citation_independence"):
        busy.update(i for i, hits in enumerate(analysis.hits(name)) if hits)
    marked = _marked_reference(analysis, has_superscripts)
    for i, sentence in enumerate(analysis.sentences):
        words = {word for _, _, word in analysis.lexicon_tokens[i]}
        if cd._may_name_expert(words, sentence.text) or _may_name_source(words, i in marked):
            busy.add(i)
    return busy


def _may_name_source(words: set[str], marked: bool) -> bool:
    """Whether ``_named_source`` can find a source without a lexicon hit, tested on the
    sentence alone: a journal or institution word, or a study word and (in a marked sentence)
    a year."""
    from healthscore import citation_detection as cd

    return (not cd._JOURNAL_WORDS.isdisjoint(words)
            or not cd._INSTITUTION_WORDS.isdisjoint(words)
            or (marked and not cd._STUDY_WORDS.isdisjoint(words)))


@pytest.mark.parametrize("text", [
    "Kratom eases pain. See https://example.org/a and www.nih.gov. It is cheap.\n\n"
    "DOI 10.1000/xyz1 here. PMID: 12345 there. NCT01234567 too. A note [1].\n\n"
    "In 2019 it sold. It costs 20 dollars. A cardiologist agreed. Plain words only.\n\n"
    "Kratom helps sleep.\u00b9 Nothing else here.",
    "Plain sentence one. Plain sentence two with 200 mg. A http\u017f://x.org link, an expert "
    "said. Done.",
    "Nothing to see. Still nothing. Smith et al. (2019) found it. WWW.NIH.GOV says so.",
    "A 2019 study in the journal Pain said so, Dr. Lee told us.",
    "The study was small. A 2019 study found it. The health of adults at Yale University "
    "improved. Public health matters. The Health service. The trial in 2019 ended, she said.",
])
def test_busy_sentences_cover_every_sentence_with_something_to_find(text: str) -> None:
    """``scan`` walks only the busy sentences, and tests for literals only in the marked ones:
    they must hold every sentence in which those tests can find anything."""
    from healthscore import citation_detection as cd

    analysis = analyse(text)
    corpus = analysis.lexicon_corpus
    has_superscripts = any(c in corpus.joined for c in cd._SUP)
    links = {link.sentence_index: [] for link in analysis.document.links
             if link.sentence_index is not None}
    busy, marked, experts, sources = cd._busy_sentences(
        corpus, links,
        tuple(analysis.hits(name) for name in ("citation_sources", "vague_attributions",
                                               "citation_disclosures", "citation_independence")),
        has_superscripts, cd._occurrences(corpus.joined, cd._ROLE_ENDINGS),
    )
    assert busy == sorted(busy)
    assert marked <= set(busy)
    assert _marked_reference(analysis, has_superscripts) <= marked
    assert _busy_reference(analysis, links, has_superscripts) <= set(busy)
    assert marked  # the texts do have literals
    for i, sentence in enumerate(analysis.sentences):
        words = {word for _, _, word in analysis.lexicon_tokens[i]}
        assert (i in experts) == cd._may_name_expert(words, sentence.text)
        assert (i in sources) == _may_name_source(words, i in marked)
    assert experts  # each text names a role or quotes someone


@pytest.mark.parametrize("name", ["kratom-pain-management-blog.txt", "kratom-capsules-pain.txt"])
def test_support_shortcut_equals_support(name: str) -> None:
    """``assess`` gives claims with no source in their window a shared "none"/"vague" support
    without calling ``_support``; it must be what ``_support`` returns, and list labels (as
    ``score`` passes them) must give what the numpy array gives."""
    analysis = analyse((ARTICLES / name).read_text(encoding="utf-8"), "text")
    result = scan(analysis)
    labels = analysis.claim_labels
    claims, supports, parts = dim.assess(analysis, result, labels)
    assert claims
    vague = {c.sentence_index for c in result.vague}
    for i in claims:
        assert supports[i] == dim._support(analysis, result, i, i in vague)
    assert {supports[i].kind for i in claims} >= {"none"}
    assert dim.assess(analysis, result, labels.tolist()) == (claims, supports, parts)
    assert dim._claim_metrics(claims, supports, labels) == dim._claim_metrics(
        claims, supports, labels.tolist()
    )


# -- work done once per document: word starts, institutions, cue words, literals ---------------

# Documents of several sentences: names and roles at sentence edges, role endings written in
# capitals or inside longer words, words that end one sentence and begin the next, and the
# characters that case-insensitive matching and str.lower treat differently (ſ ı İ), plus a
# capital sigma and an underscore, which make the corpus index its words from each sentence's
# tokens instead of its whole text.
_DOCUMENTS = [
    ["Ann Lee, a cardiologist at Yale, said so.", "NEUROLOGIST Tom Brown agreed.",
     "Cardiologists disagree, said Karp", "physician Jane Smith noted it."],
    ["Dr. Ann Lee said it helps.", "Pediatrician", "Ann Lee", "said Karp.", "Ann Lee said"],
    ["A neurologist_ Tom Brown said it.", "The \u017ftudy, said Dr. Lee, was small.",
     "\u0130nvestigator Amy Chen said no.", "Researchers, \u0131ncluding Tom Brown, agreed."],
    ["\u03a3omething, said Dr. Ann Lee, a psychiatrist at Duke.", "According to Ms. Warwick.",
     "co-author Jane Smith, an epidemiologist, said so.", ""],
    ["CEO Mark Jones said sales were up, according to Prof. Maria Garcia.",
     "Spokeswoman Amy Chen declined.", "\u201cNo,\u201d Karp said. \u201cYes,\u201d Lee said."],
]


def _sentence_words(corpus, i: int) -> set[str]:
    index = corpus.index
    return set(index.words[index.firsts[i]:index.firsts[i + 1]])


@pytest.mark.parametrize("texts", _DOCUMENTS)
def test_sentence_words_come_from_the_index_as_from_the_tokens(texts: list[str]) -> None:
    """``scan`` reads a sentence's words from the document's word index instead of making its
    tokens: the same words, whether the index was built from the whole text or from tokens."""
    from healthscore.lexicons import Corpus

    corpus = Corpus(texts)
    for i in range(len(texts)):
        assert _sentence_words(corpus, i) == {word for _, _, word in corpus.tokens[i]}


@pytest.mark.parametrize("texts", _DOCUMENTS)
def test_expert_word_starts_found_per_document_give_the_whole_pattern(texts: list[str]) -> None:
    """The word starts of each sentence, found once for the document, let ``_expert_matches``
    find in every sentence exactly what ``_EXPERT.finditer`` finds there; and they hold every
    start word of the sentence and every word written with a role ending."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import Corpus, tokenize

    corpus = Corpus(texts)
    starts = cd._expert_word_starts(corpus, cd._occurrences(corpus.joined, cd._ROLE_ENDINGS))
    for i, text in enumerate(texts):
        words = _sentence_words(corpus, i)
        expected = [(m.span(), m.lastgroup) for m in cd._EXPERT.finditer(text)]
        found = [(m.span(), m.lastgroup)
                 for m in cd._expert_matches(text, starts.get(i, ()), words)]
        assert found == expected
        needed = {start for start, end, word in tokenize(text)
                  if word in cd._EXPERT_START_WORDS or text[start:end].endswith(cd._ROLE_ENDINGS)}
        assert needed <= set(starts.get(i, ()))
    assert set(starts) <= set(range(len(texts)))


def test_expert_matches_after_the_last_speech_or_role_word() -> None:
    """After the last speech verb or role word of a sentence only a title can begin a match
    ("Dr. Lee" alone); names there are not tried, and the matches stay those of the pattern."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import tokenize

    for text in ["Karp said the results, as Ann Lee and Tom Brown wrote, hold.",
                 "Karp said Dr. Ann Lee and Prof. Tom Brown disagree.",
                 "Karp said so. Later Dr. Ann Lee disagreed.",
                 "Ann Lee, a neurologist, met Tom Brown and Dr. Amy Chen.",
                 "Ann Lee met Tom Brown, said Karp.", "It works, Al said.",
                 "\u201cYes,\u201d Bo said."]:
        words = {word for _, _, word in tokenize(text)}
        expected = [m.span() for m in cd._EXPERT.finditer(text)]
        assert expected
        assert [m.span() for m in
                cd._expert_matches(text, _expert_word_starts(text), words)] == expected


@pytest.mark.parametrize("window", [
    " said on Monday.", "'s report found", "\u2019s 2019 guidelines", " (WHO) has also warned",
    " Health Panel", " Healthreport", " approved the drug for adults in 2019 and then", "",
    " REPORTED", " \u017faid", " \u0131s data", " \u0130n 2019, stated", " which says nothing",
    " has now recently officially released", " and the FDA", " statement", " st", " repor",
])
def test_cue_after_equals_the_plain_match(window: str) -> None:
    from healthscore import citation_detection as cd

    assert cd._cue_after(window) == (cd._CUE_AFTER.match(window) is not None)


def test_cue_after_heads_begin_every_cue_word() -> None:
    """Every word the pattern can end with begins with one of ``_CUE_AFTER_HEADS``: the last
    alternation of ``_CUE_AFTER``, split at its top level, each alternative's leading letters."""
    from healthscore import citation_detection as cd

    pattern = cd._CUE_AFTER.pattern
    body = pattern[pattern.rindex(")*(?:") + 5: pattern.rindex(")\\b")]
    alternatives, depth, current = [], 0, ""
    for char in body:
        if char == "|" and depth == 0:
            alternatives.append(current)
            current = ""
            continue
        depth += char == "("
        depth -= char == ")"
        current += char
    alternatives.append(current)
    assert len(alternatives) > 40
    for alternative in alternatives:
        lead = re.match(r"[a-z]+", alternative).group()
        assert lead.startswith(cd._CUE_AFTER_HEADS), alternative


@pytest.mark.parametrize("text", [
    "Researchers at Johns Hopkins University found less pain.",
    "The health of adults at the Mayo Clinic improved.",
    "public health experts said so",
    "The Health and Wellness Center of Yale University reported it.",
    "the University of Michigan Health System said",
    "Tom Brown of the Cleveland Clinic Foundation and the Mayo Clinic said so.",
    "A \u017fcientist at Boston Medical Center said so.",
    "An \u0130nstitute: the Francis Crick Institute",
    "healthy people", "", "HEALTH Department of Energy",
])
def test_institution_spans_equal_the_plain_pattern(text: str) -> None:
    """``_institution_spans`` (found once per sentence, for named sources and organisations)
    gives the spans of ``_INSTITUTION.finditer``, and nothing without an institution word."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import tokenize

    plain = re.compile(cd._INSTITUTION.pattern.removeprefix("(?=[A-Zt])"))
    assert plain.pattern != cd._INSTITUTION.pattern
    words = {word for _, _, word in tokenize(text)}
    assert cd._institution_spans(text, words) == [m.span() for m in plain.finditer(text)]


def test_sentences_holding_counts_only_whole_occurrences() -> None:
    """Literals found in the joined text belong to the sentence that holds them whole: at the
    very start or end of a sentence, not split across two."""
    from healthscore import citation_detection as cd
    from healthscore.lexicons import Corpus

    corpus = Corpus(["A cardiolog", "ist met PM", "PMID 1 and a physician", "", "ician"])
    joined = corpus.joined
    assert corpus.sentences_of(cd._occurrences(joined, cd._ROLE_ENDINGS)) == {2, 4}
    assert corpus.sentences_holding(cd._ROLE_ENDINGS) == {2, 4}
    assert corpus.sentences_holding(("PM",)) == {1, 2}
    assert corpus.sentences_holding(("\x00",)) == set()
    assert corpus.sentences_of([]) == set()
    assert sorted(cd._occurrences("ician physician", ("ician",))) == [(0, 5), (10, 5)]


def test_scan_finds_a_sample_size_from_tokens_made_on_demand() -> None:
    """The tokens of a sentence are made only to look for a sample size; the named source
    still gets the sample-size key, also in a document whose index comes from its tokens."""
    for text in ["Kratom helps. A 2019 trial of 1,200 adults in JAMA found it.",
                 "\u0130t helps. A 2019 trial of 1,200 adults in JAMA found it."]:
        named = [c for c in _scan_text(text).sources if c.kind == "named_source"]
        assert named and "sample_size" in named[0].detail


_WHOLE_DOCUMENTS = [
    "# Kratom\n\nA 2019 study of 1,200 adults in JAMA (Smith et al., 2019) found less pain [1]. "
    "\u201cIt works,\u201d said Dr. Ann Lee, a cardiologist at Yale University, who was not "
    "involved. Karp said so. The study was small. Public health matters. The Health and "
    "Wellness Center reported it. According to the CDC, studies show it helps. NCT01234567 "
    "and PMID: 12345 and doi 10.1000/xyz1 and https://pubmed.ncbi.nlm.nih.gov/1 agree.\u00b9 "
    "The trial, funded by the company, ended in 2020. A NEUROLOGIST, Tom Brown, disagreed. "
    "A \u017ftudy published in 2020 by Harvard Medical School found it; \u0130t was "
    "small. Researchers \u0131n Ohio agreed. It cost 20. 19 people came in 20\n19. See "
    "http\u017f://example.org/a, HTTPS://WWW.NIH.GOV/x, ftp://files.cdc.gov/y, www.fda.gov, "
    "[a shop](https://shop.example.com/buy), [here](javascript:void(0)), [mail](mailto:a@b.org) "
    "and [2](#ref2).\n\n## References\n\n1. Smith J. Pain. 2019.\n",
    "Studies show kratom works. Experts say it is safe. Nothing names anyone here.",
]


@pytest.mark.parametrize("text", _WHOLE_DOCUMENTS + [
    (ARTICLES / name).read_text(encoding="utf-8")
    for name in ("kratom-pain-management-blog.txt", "kratom-capsules-pain.txt")
])
def test_scan_of_the_busy_sentences_equals_a_scan_of_every_sentence(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gates decide which sentences the loop of ``scan`` visits and which tests it runs
    there; visiting every sentence with every test must find exactly the same."""
    from healthscore import citation_detection as cd

    def fields(found: cd.CitationScan) -> tuple:
        return (found.sources, found.vague, found.excused_vague, found.disclosures,
                found.organisations, found.broken, found.by_sentence, found.reference_entries)

    gated = fields(scan(analyse(text)))

    def everything(corpus, *_: object) -> tuple[list[int], set[int], set[int], set[int]]:
        every = set(range(len(corpus.texts)))
        return sorted(every), every, every, every

    monkeypatch.setattr(cd, "_busy_sentences", everything)
    assert fields(scan(analyse(text))) == gated
    assert any(gated[:6])  # each document has something to find


# -- fast construction and precompiled name filters (speed work, identical results) ------------

def test_new_citation_equals_the_dataclass_constructor() -> None:
    from healthscore import citation_detection as cd

    values = ("named_expert", 3, 4, 12, "Ann Lee", "independent", "", 0.6, ("lee",))
    fast = cd.new_citation(*values)
    assert type(fast) is cd.Citation
    assert fast == cd.Citation(*values)
    assert hash(fast) == hash(cd.Citation(*values))
    with pytest.raises(AttributeError):
        fast.credit = 1.0  # type: ignore[misc]  # still frozen


@pytest.mark.parametrize("name", [
    "Journal of", "Pain and the", "Nature in for", "Lancet", "March", "May 2020", "2019",
    "English", "Spanish", "Marſh", "İnternal Medicine of", "Pedıatrics", "Journal ıf", "1949",
    "2049", "2050", "", "the",
])
def test_journal_name_filters_match_the_inline_patterns(name: str) -> None:
    from healthscore import citation_detection as cd

    tail = re.sub(r"(?:\s+(?:of|and|the|in|for))+$", "", name)
    assert cd._NAME_TAIL.sub("", name) == tail
    inline = re.fullmatch(
        rf"{cd._YEAR}|[A-Z][a-z]+ \d+|January|February|March|April|May|June|July|"
        r"August|September|October|November|December|Spring|Summer|Fall|Winter|"
        r"Autumn|English|Spanish", tail)
    assert (cd._NOT_JOURNAL_NAME.fullmatch(tail) is None) == (inline is None)


@pytest.mark.parametrize("text", [
    "A 2019 study published in the journal Pain found that kratom eased pain, "
    "said Dr. Ann Lee, a cardiologist at Yale University. Studies show it works.",
    "The results appeared in March 2020 in English. Researchers say it helps.",
    "A 2019 ſtudy published in the journal İnternal Medicine found that kratom eaſed pain, "
    "ſaid Dr. Ann Lee, a cardıologist at Yale Universıty. Studieſ ſhow it works.",
    "",
    "Studies show it works.",
])
def test_scan_citations_are_dataclass_equal(text: str) -> None:
    # the fast constructor builds the same Citation values as the dataclass would
    from healthscore import citation_detection as cd

    for c in _scan_text(text).all():
        fields = (c.kind, c.sentence_index, c.start, c.end, c.text, c.source_type, c.url,
                  c.credit, c.detail)
        assert c == cd.Citation(*fields)
