"""The lexicon matcher: word-boundary semantics, longest match, regex entries, notes."""

from __future__ import annotations

import re

import pytest

from healthscore import lexicons
from healthscore.lexicons import Lexicon, _entry_pattern, _leading_literals


def spans(lexicon: Lexicon, text: str) -> list[str]:
    return [h.text for h in lexicon.find(text)]


def test_words_phrases_stems_and_longest_match():
    lexicon = Lexicon("t", ["side effect*", "no side effects", "may", "mu-opioid", "2.5 mg"])
    assert spans(lexicon, "It has no side effects. Side-effects? Side effect.") == [
        "no side effects",
        "Side effect",
    ]
    assert spans(lexicon, "It MAY help; dismay is not may-be.") == ["MAY", "may"]
    assert spans(lexicon, "binds mu-opioid receptors") == ["mu-opioid"]
    assert spans(lexicon, "take 2.5 mg daily, not 2.5mg") == ["2.5 mg"]


def test_word_boundaries_inside_hyphens_and_apostrophes():
    lexicon = Lexicon("t", ["inflammatory", "you"])
    assert spans(lexicon, "anti-inflammatory effects you're told") == ["inflammatory", "you"]


def test_regex_entries_and_case_sensitive_groups():
    lexicon = Lexicon("t", [r"re: \b\d+\s*(?:%|percent)", r"re: (?-i:\bWHO\b)", "risk"])
    hits = lexicon.find("About 20% of people, says WHO, who face risk.")
    assert [(h.entry, h.text) for h in hits] == [
        (r"re: \b\d+\s*(?:%|percent)", "20%"),
        (r"re: (?-i:\bWHO\b)", "WHO"),
        ("risk", "risk"),
    ]


def test_find_many_keeps_sentences_apart():
    lexicon = Lexicon("t", [r"re: \bfoo\s+bar\b", "baz"])
    assert [
        [h.text for h in hits] for hits in lexicon.find_many(["a foo", "bar baz", "foo bar"])
    ] == [
        [],
        ["baz"],
        ["foo bar"],
    ]


@pytest.mark.parametrize("name", lexicons.available())
def test_shipped_lexicons_agree_with_a_plain_regex(name: str, seed_sentences: list[str]):
    """The indexed matcher finds exactly what one case-insensitive alternation would."""
    lexicon = lexicons.load(name)
    text = (
        "Studies show kratom may cause liver damage, nausea and dependency; buy now at 20% off. "
        "In mice, the drug cured anti-inflammatory disease in 3 of 10 animals, the CDC said. "
        "Talk to your doctor: it is not a miracle cure and more research is needed."
    )
    entries = sorted(set(lexicon.entries), key=lambda e: (-len(e), e))
    reference = re.compile("|".join(f"(?:{_entry_pattern(e)})" for e in entries), re.IGNORECASE)
    assert [(h.start, h.end) for h in lexicon.find(text)] == [
        m.span() for m in reference.finditer(text)
    ]
    # The same over a whole document's sentences at once (document-wide word index, literal
    # candidates for the regular-expression entries), sentence by sentence.
    sentences = [*seed_sentences, text]
    assert [[(h.start, h.end) for h in hits] for hits in lexicon.find_many(sentences)] == [
        [m.span() for m in reference.finditer(sentence)] for sentence in sentences
    ]


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"(?:reduc|lower|cut)\w*\s+risk", ("cut", "lower", "reduc")),
        (r"anecdotal\w*", ("anecdotal",)),
        (r"humans?\b(?!\s)", ("human",)),
        (r"(?:ab)+c", ("ab",)),
        (r"works\b(?!\s+by\b)", ("works",)),
        (r"(?:the )?(?:authors?|xy)", ("author", "the ", "xy")),  # optional start: either
        (r"(?:the )?(?:authors?|x)", None),  # a one-letter literal is not worth a candidate list
        (r"(?:the )?\d", None),
        (r"\d+% off", None),  # a character class
        (r"a|bc", None),  # a one-letter literal is not worth a candidate list
        (r"(?i:abc)", None),  # case-insensitive group
    ],
)
def test_leading_literals(pattern: str, literals: tuple[str, ...] | None) -> None:
    """Every match must start with one of the literals, or None when that cannot be known."""
    assert _leading_literals(re.compile(pattern)) == literals


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"\b[\w.]+-(?:funded|backed) (?:study|trial)", ("backed", "funded")),
        (r"\b(?:federally|publicly)[- ]funded|[\w.]+-funded", ("-funded", "federally", "publicly")),
        (r"\d+\s*% off", ("% off",)),
        (r"\w+\s+\d", None),  # nothing literal is required
    ],
)
def test_required_literals(pattern: str, literals: tuple[str, ...] | None) -> None:
    """Every match must contain one of the literals (the document-level skip), or None."""
    from healthscore.lexicons import _required_literals

    assert _required_literals(re.compile(pattern)) == literals


def test_regex_entries_found_only_at_their_literals_match_a_full_search() -> None:
    """Candidates from word starts and str.find give the full search's matches, including
    overlapping candidates, a boundary that fails after '_' and a match across sentences."""
    lexicon = Lexicon("t", [r"re: \b(?:reduc|lower)\w*\s+(?:the\s+)?risk\b", r"re: \bin a\s+study"])
    sentences = ["It reduces the risk; x_reduces risk.", "lower", "risk. In a  study, lowers risk"]
    found = [[h.text for h in hits] for hits in lexicon.find_many(sentences)]
    assert found == [["reduces the risk"], [], ["In a  study", "lowers risk"]]


def test_notes_and_unknown_lexicon():
    assert lexicons.load("jargon").notes
    with pytest.raises(KeyError, match="no lexicon"):
        lexicons.load("does-not-exist")
