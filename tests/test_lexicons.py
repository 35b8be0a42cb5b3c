"""The lexicon matcher: word-boundary semantics, longest match, regex entries, notes."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from healthscore import lexicons
from healthscore.lexicons import Hit, Lexicon, _entry_pattern, _leading_literals, tokenize


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


@pytest.mark.parametrize("before", ["\u0130zmir", "\u0130\u0130\u0130\u0130", "\u0131", "\u017f"])
def test_regex_hits_after_characters_that_lowercase_unevenly(before: str) -> None:
    """ "\u0130".lower() is two characters; regular-expression entries are searched in the
    lowercased text, so before the fix every later offset was shifted and these hits were lost
    (or, in a later sentence, misplaced)."""
    lexicon = lexicons.load("vague_attributions")
    sentence = f"Doctors in {before} said studies show it works."
    hits = lexicon.find_many([sentence, "Studies show it too."])
    assert [h.text for h in hits[0]] == ["studies show"]
    assert [sentence[h.start : h.end] for h in hits[0]] == ["studies show"]
    assert [h.text for h in hits[1]] == ["Studies show"]


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"(?:reduc|lower|cut)\w*\s+risk", ("cut", "lower", "reduc")),  # may go on: no mark
        (r"anecdotal\w*", ("anecdotal",)),
        (r"humans?\b(?!\s)", ("human\x01", "humans\x01")),  # \x01: the word ends there
        (r"(?:ab)+c", ("ab",)),
        (r"works\b(?!\s+by\b)", ("works\x01",)),
        # An optional start: either, followed on into what comes next.
        (r"(?:the )?(?:authors?|xy)", ("author", "the author", "the xy", "xy")),
        (r"(?:the )?(?:authors?|x)", None),  # a one-letter literal is not worth a candidate list
        (r"(?:the )?\d", None),
        (r"\d+% off", None),  # a character class
        (r"a|bc", None),  # a one-letter literal is not worth a candidate list
        (r"(?i:abc)", None),  # case-insensitive group
        (r"A(?:nnals|rchives) of", ("Annals of", "Archives\x01")),  # re factors out the "A"
        (r"(?:a|one)\s+study", ("a\x01", "one\x01")),  # whole words: one letter is enough
        (r"trials?\s", ("trial\x01", "trials\x01")),
        (r"n['\u2019]t\b", ("n't\x01", "n\u2019t\x01")),
        (r"(?:a|bc)\w", None),  # "a" may go on: one letter is too little
    ],
)
def test_leading_literals(pattern: str, literals: tuple[str, ...] | None) -> None:
    """Every match must start with one of the literals, or None when that cannot be known
    (``\\x01``: the word ends there)."""
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


# -- The indexed scan (document word index, extended literals) ------------------------------------


def reference_spans(lexicon: Lexicon, sentences: list[str]) -> list[list[tuple[int, int]]]:
    """What one case-insensitive alternation of the entries finds, sentence by sentence."""
    entries = sorted(set(lexicon.entries), key=lambda e: (-len(e), e))
    reference = re.compile("|".join(f"(?:{_entry_pattern(e)})" for e in entries), re.IGNORECASE)
    return [[m.span() for m in reference.finditer(sentence)] for sentence in sentences]


@pytest.mark.parametrize(
    ("entries", "sentences"),
    [
        # A literal that ends a word ("can", "a") is looked up as that word, and the word after
        # it (after white space or "-") must be one the pattern allows.
        (
            [r"re: \b(?:can|may)\s+(?:cause|lead\s+to)\b", r"re: \bpain[-\s]+reliev\w*"],
            ["It can cause harm; it may\n lead to x.", "can help, pain-relieving, pain  relief"],
        ),
        # Only a literal that is all there is before the white space says what comes next:
        # "three" is followed by "times" here, not by "more".
        (
            [r"re: \b(?:twice|three\s+times)\s+(?:more|less)\b"],
            ["three times more often, twice less, three  times less"],
        ),
        # A one-letter word ("a") and optional endings ("trials?") make whole-word literals.
        (
            [r"re: \b(?:a|one|in a)\s+(?:small\s+)?(?:study|trials?)\b", "re: \\btrials?\\s+show"],
            ["In a small study, a trial and one trials; trials show. A studyx."],
        ),
        # Pairs of words: "the accompanying" is looked up as two adjacent words.
        (
            [r"re: \b(?:an?|the) (?:accompanying|related) (?:editorial|commentary)\b"],
            ["See the accompanying editorial and an related commentary.", "the", "accompanying"],
        ),
        # "\b\d": tried at the words that start with a digit, not after "_" (no \b there).
        ([r"re: \b\d+\s*(?:%|percent)"], ["20 % and x_30% and 40percent, \u0663\u0664% too"]),
        ([r"re: \b\d{1,2}\s?% off\b"], ["5% off, 50 % off, x_5% off, 500% off"]),
        # The words "0" and "5" and the words that start with a digit are cached apart.
        ([r"re: \b0 calories\b", r"re: \b\d+\s*mg\b"], ["0 calories, 5 mg and 0 mg"]),
        # Several literals found with str.find: candidates must be taken in text order.
        ([r"re: n['\u2019]t\b"], ["isn\u2019t it, don't we, can\u2019t they", "n\u2019t"]),
        # Lone stems: the words that start with the stem.
        (["analges*", "side effect*"], ["Analgesics, x_analgesic, analgesia; side effects"]),
        # Phrases never run across sentences, even though the index numbers all words in turn.
        (["side effects", "re: \\bside\\s+effects\\b"], ["the side", "effects are rare"]),
    ],
)
def test_indexed_scan_agrees_with_a_plain_regex(entries: list[str], sentences: list[str]) -> None:
    lexicon = Lexicon("t", entries)
    found = [[(h.start, h.end) for h in hits] for hits in lexicon.find_many(sentences)]
    assert found == reference_spans(lexicon, sentences)


def test_documents_that_lowercase_unevenly_take_the_general_scan() -> None:
    """With a dotless i, a long s or a dotted capital I anywhere in the document, the indexed
    scan's assumptions do not hold; the other sentences' hits must not change."""
    lexicon = lexicons.load("vague_attributions")
    sentences = ["Studies show it works.", "According to experts, in a new study it did."]
    plain = lexicon.find_many(sentences)
    for odd in ("\u0131", "\u017f", "\u0130"):
        assert lexicon.find_many([*sentences, f"odd {odd} text"])[:2] == plain


def test_indexed_scan_finds_what_a_full_search_finds_for_every_shipped_entry() -> None:
    """Sentences made from each shipped regular-expression entry's own parse tree (so they
    nearly or fully match it), scanned with the word index and searched in full."""
    import random
    from re import _parser as sre  # type: ignore[attr-defined]

    def make(items: list, rng: random.Random) -> str:  # type: ignore[type-arg]
        out = []
        for op, argument in items:
            if op is sre.LITERAL:
                out.append(chr(argument).upper() if rng.random() < 0.2 else chr(argument))
            elif op is sre.IN:
                chars = [chr(a) for o, a in argument if o is sre.LITERAL] or [" ", "7", "a"]
                out.append(rng.choice(chars))
            elif op is sre.BRANCH:
                out.append(make(rng.choice(argument[1]), rng))
            elif op is sre.SUBPATTERN:
                out.append(make(argument[3], rng))
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                low, high, sub = argument
                out += [make(sub, rng) for _ in range(rng.randint(low, min(high, low + 2)))]
        return "".join(out)

    rng = random.Random(3)
    for name in lexicons.available():
        lexicon = lexicons.load(name)
        regexes = [e for e in lexicon.entries if e.startswith("re:") or e.endswith("*")]
        if not regexes:
            continue
        sentences = []
        for entry in regexes:
            items = list(sre.parse(_entry_pattern(entry), re.IGNORECASE))
            sentences += [f"So {make(items, rng)} then" for _ in range(3)]
        corpus = lexicons.Corpus(sentences)
        assert corpus.folds_like_re
        for alternation, text in (
            (lexicon._lower, corpus.lowered),
            (lexicon._cased, corpus.joined),
        ):
            if alternation is not None:
                indexed = alternation._scan_indexed(text, corpus)
                assert sorted(indexed) == sorted(alternation._scan(text)), name


def test_corpus_word_index() -> None:
    """The document-wide word index (citation detection reads ``where`` and ``sentence_of``)."""
    corpus = lexicons.Corpus(["A b, a", "", "b_c"])
    index = corpus.index
    assert index.where == {"a": [0, 2], "b": [1, 3], "c": [4]}
    assert index.sentence_of == [0, 0, 0, 2, 2]
    assert index.firsts == [0, 3, 3, 5]
    assert [corpus.joined[i] for i in index.offsets] == ["A", "b", "a", "b", "c"]
    assert index.vocabulary == {"a", "b", "c"} and index.underscores
    assert ("b", "a") in index.pairs and index.pair("a", "b") == [0, 2]  # 2: across sentences
    assert corpus.positions["b"] == [(0, 1), (2, 0)]
    assert corpus.word_offsets("c") == []  # after "_": no word boundary there


# -- The whole-text word index, lazy tokens, shared empty hit lists --------------------------------

WHOLE_TEXT_CASES = [
    ["Kratom's anti-inflammatory claims", "", "x_y 2.5 mg\u00a0daily, caf\u00e9 \u2019s", "Done."],
    ["\u0130zmir doctors said", "studies show it"],  # dotted capital I: lowercases to two
    ["\u039f\u0394\u039f\u03a3'\u0391 and \u03a3\u0399\u03a3", "side effects"],  # sigma: by context
    ["a\x00b side", "effects"],  # the separator inside a sentence
    [],
    ["", ""],
]


@pytest.mark.parametrize("texts", WHOLE_TEXT_CASES)
def test_corpus_tokens_and_index_match_per_sentence_tokens(texts: list[str]) -> None:
    """Words found in the whole lowercased text (or, for the documents where lowercasing does
    not line up with the tokens, per sentence) are exactly ``tokenize`` of each sentence."""
    expected = [tokenize(text) for text in texts]
    corpus = lexicons.Corpus(texts)
    given = lexicons.Corpus(texts, expected)
    assert list(corpus.tokens) == expected and len(corpus.tokens) == len(texts)
    for attribute in ("words", "offsets", "ends", "sentence_of", "firsts", "where"):
        assert getattr(corpus.index, attribute) == getattr(given.index, attribute), attribute
    lexicon = Lexicon("t", ["side effects", "mu-opioid", "2.5 mg", "studies show", "caf\u00e9"])
    assert lexicon.find_many(corpus) == lexicon.find_many(given)


def test_corpus_tokens_view() -> None:
    """The lazy view reads like the list of each sentence's tokens it replaces."""
    texts = ["One two.", "Three", "four five six"]
    tokens = lexicons.Corpus(texts).tokens
    assert isinstance(tokens, Sequence) and len(tokens) == 3
    assert tokens[-1] == tokens[2] == [(0, 4, "four"), (5, 9, "five"), (10, 13, "six")]
    assert tokens[2] is tokens[-1]  # made once
    assert tokens[:2] == [tokenize("One two."), tokenize("Three")]
    assert tokens == [tokenize(text) for text in texts] and tokens[0].words == {
        "one": [0],
        "two": [1],
    }
    with pytest.raises(IndexError):
        tokens[3]


def test_phrases_with_joiners_do_not_run_across_sentences() -> None:
    lexicon = Lexicon("t", ["mu-opioid", "side effect*", "no side effects"])
    sentences = ["a mu", "-opioid", "no", "side effects", "no side", "effects"]
    found = [[h.text for h in hits] for hits in lexicon.find_many(sentences)]
    assert found == [[], [], [], ["side effects"], [], []]


def test_sentences_without_hits_share_a_read_only_empty_list() -> None:
    lexicon = Lexicon("t", ["risk", r"re: \bfoo\b"])
    results = lexicon.find_many(["no hit", "a risk", "none", "foo"])
    assert results == [[], [Hit("risk", 2, 6, "risk")], [], [Hit(r"re: \bfoo\b", 0, 3, "foo")]]
    assert results[0] is results[2]
    with pytest.raises(TypeError, match="read-only"):
        results[0].append(Hit("risk", 0, 1, "x"))
    assert results[0] == [] and results[0] + results[1] == results[1]
    found = lexicon.find("no hit")  # one sentence: a list of the caller's own
    found.append(Hit("risk", 0, 1, "x"))
    assert lexicon.find("no hit") == []


def test_hit_is_an_immutable_hashable_record() -> None:
    hit = Hit("may", 3, 6, "MAY")
    assert (hit.entry, hit.start, hit.end, hit.text) == ("may", 3, 6, "MAY")
    assert hit == Hit("may", 3, 6, "MAY") and len({hit, Hit("may", 3, 6, "MAY")}) == 1
    assert repr(hit) == "Hit(entry='may', start=3, end=6, text='MAY')"
    with pytest.raises(AttributeError):
        hit.start = 4  # type: ignore[misc]


# -- Words found by translating the text, searches confined to sentences, the general scan ---------


def _split_words(text: str) -> tuple[list[str], list[int], list[int]]:
    """The plain reference: each match of the token pattern, with its span."""
    found = list(lexicons._TOKEN.finditer(text))
    return [m.group() for m in found], [m.start() for m in found], [m.end() for m in found]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00",
        "word",
        "  two  words  ",
        "x_y 2.5 mg\u00a0daily \u2014 it\u2019s \u201cquoted\u201d\x00next\tline\n",
        # Letters and digits outside ASCII.
        "caf\u00e9 na\u00efve \u00bd \u00b2 \u0663\u0664 stra\u00dfe",
        "\u017f \u0131 i\u0307 \u03c3\u03c2",  # long s, dotless i, a combining dot, sigmas
        "e\u0301 \U0001f600 \u2019\u2019 _\u2014_",  # a combining accent, an emoji, only gaps
        "a-b'c/d.e,f;g:h!i?j(k)l[m]n{o}p<q>r=s+t*u&v^w%x$y#z@0~1`2|3\\4\"5",
    ],
)
def test_words_of_text_agree_with_the_token_pattern(text: str) -> None:
    """Translating non-letters to spaces and splitting gives exactly the token pattern's words
    and offsets, and so does the pattern itself, which documents with letters or digits
    outside ASCII take."""
    assert lexicons._words_of(text) == _split_words(text)


def test_letters_and_digits_are_what_the_token_pattern_matches() -> None:
    """:func:`lexicons._words_of` decides with ``str.isalnum`` which characters outside ASCII
    are part of words: the token pattern must agree for every code point."""
    everything = "".join(map(chr, range(0x110000)))
    assert "".join(lexicons._TOKEN.findall(everything)) == "".join(filter(str.isalnum, everything))


@pytest.mark.parametrize(
    ("pattern", "avoids"),
    [
        (r"[\w.'\u2019]+-(?:funded|backed) (?:study|trial)\b", True),
        (r"(?-i:[A-Z][a-z]+) said\s+(?=\w)(?<!x)", True),
        (r"a{1,3}[b-z0-9]\d\S?", False),  # \S matches the separator
        (r"from .+ to", False),  # so does "."
        (r"[^,]+ funded", False),  # and a negated set
        (r"[\x00-\x1f]funded", False),  # and a range that holds it
        (r"funded(?!\W)", False),  # lookarounds count too
        (r"(funded) \1", True),
    ],
)
def test_avoids_separator(pattern: str, avoids: bool) -> None:
    assert lexicons._avoids_separator(re.compile(pattern)) is avoids


CONFINED_ENTRIES = [
    r"re: \b(?:[\w.'\u2019]+-(?:funded|backed)|(?:federally|NIH)[- ]funded) (?:study|trials?)\b",
    r"re: [\w-]+funded(?!\s)",  # a lookahead at the end of a sentence sees the separator
    r"re: \w+ funded$",  # "$" never holds before the separator
    r"re: (?<=\w )\w*backed",  # a lookbehind sees the sentence before
    r"re: [\w ]+ funded",  # a loose start: the matches found left to right must not change
]
CONFINED_SENTENCES = [
    "A drug-funded study and an NIH-funded trials, said a federally funded study.",
    "It was funded",
    "backed study. Co-backed trial",
    "NIH funded study",
    "",
    "self-funded",
    "x_y-funded study funded funded",
    "The study was funded by NIH. Backed",
]


def test_searches_confined_to_sentences_find_what_a_full_search_finds() -> None:
    """Entries whose loose start ``re`` would try at every position are searched only in the
    sentences that hold a literal every match contains; the matches are those of a search of
    the whole text, and so are the hits (a long s sends the document to the general scan)."""
    lexicon = Lexicon("t", CONFINED_ENTRIES)
    alternations = [lexicon._lower, lexicon._cased]
    for alternation in alternations:
        assert alternation is not None
        assert all(plan is None for plan in alternation._plans)
        assert alternation._in_sentence == {entry for entry, _, _ in alternation._scans}
    sentences = CONFINED_SENTENCES
    for start in range(len(sentences)):
        corpus = lexicons.Corpus(sentences[start:])
        assert corpus.folds_like_re
        for alternation, text in zip(alternations, (corpus.lowered, corpus.joined), strict=True):
            indexed = alternation._scan_indexed(text, corpus)  # type: ignore[union-attr]
            assert sorted(indexed) == sorted(alternation._scan(text))  # type: ignore[union-attr]
        general = lexicon.find_many([*sentences[start:], "\u017f"])
        assert lexicon.find_many(corpus) == general[:-1]


def test_sentences_holding() -> None:
    corpus = lexicons.Corpus(["Funded by x.", "self-funded", "fun", "ded", "NIH FUNDED"])
    assert corpus.sentences_holding(["funded"]) == {1}
    assert corpus.sentences_holding(["funded", "FUNDED", "x"]) == {0, 1, 4}
    assert corpus.sentences_holding(["funded"], lowered=True) == {0, 1, 4}
    assert corpus.sentences_holding(["fun\x00ded", "absent"], lowered=True) == set()


def test_sentences_with_words() -> None:
    """Whole words only, in any case, through the word index; the same as testing each
    sentence's lowercased tokens."""
    texts = ["The Study found it.", "studying", "a study-based trial", "", "TRIAL. Study"]
    corpus = lexicons.Corpus(texts)
    for words in (["study"], ["study", "trial"], ["absent"], []):
        expected = {
            i for i, tokens in enumerate(corpus.tokens)
            if {word for _, _, word in tokens} & set(words)
        }
        assert corpus.sentences_with_words(words) == expected
    assert corpus.sentences_with_words(["study"]) == {0, 2, 4}


@pytest.mark.parametrize("odd", ["\u017f", "\u0131", "\u0130", "\u0130\u017f\u0131"])
@pytest.mark.parametrize("name", lexicons.available())
def test_general_scan_agrees_with_a_plain_regex(name: str, odd: str) -> None:
    """Documents with a long s, a dotless i or a dotted capital I are searched entry by entry
    in full: the hits are still those of one case-insensitive alternation. (The odd letters
    stand alone: inside a word, "studie\u017f" is "studies" to ``re`` but not to the literal
    entries, which compare lowercase words.)"""
    lexicon = lexicons.load(name)
    sentences = [
        f"Studies show {odd} kratom may cause liver damage, nausea and dependency today.",
        "In mice, the drug cured anti-inflammatory disease in 3 of 10 animals, the CDC said.",
        f"An NIH-funded study {odd}: buy at 20% off; not a miracle cure, more research needed.",
        f"{odd} Talk to your doctor before taking 300 mg a day; a new study found it works.",
    ]
    corpus = lexicons.Corpus(sentences)
    assert not corpus.folds_like_re
    found = [[(h.start, h.end) for h in hits] for hits in lexicon.find_many(corpus)]
    assert found == reference_spans(lexicon, sentences)


def test_digit_and_prefix_starts() -> None:
    """Words that start with a digit (ASCII or not) or with a prefix, in text order, not after
    ``_``."""
    corpus = lexicons.Corpus(["12 mg, \u0663 x", "reduces 5x_7 reduction caf\u00e9 \uff11"])
    joined = corpus.joined
    assert [joined[i : i + 2] for i in corpus.digit_starts()] == ["12", "\u0663 ", "5x", "\uff11"]
    assert [joined[i : i + 5] for i in corpus.prefix_offsets("reduc")] == ["reduc", "reduc"]
    assert corpus.prefix_offsets("caf\u00e9s") == [] and corpus.prefix_offsets("zz") == []


def test_phrases_indexed_by_their_third_word() -> None:
    """Phrases of three words or more are tried only where their first two words are followed
    by their third; two-word phrases and a stem in third place still are tried at every pair,
    and a phrase at the end of the document or of a sentence is no exception."""
    lexicon = Lexicon(
        "t",
        [
            "in the lab",
            "in the test tube",
            "in the long run",
            "in the",
            "in the wild*",
            "in vitro",
            "risk of harm",
            "risk of",
        ],
    )
    short, by_third = lexicon._by_pair[("in", "the")]
    assert sorted(p.entry for p in short) == ["in the", "in the wild*"]
    assert sorted(by_third) == ["lab", "long", "test"]
    sentences = [
        "In the lab, in the test tube and in the wilderness; in the long term, in the test.",
        "In the",
        "lab in the long run, risk of harm. Risk of",
        "in the test-tube in vitro in the",
    ]
    found = [[(h.start, h.end) for h in hits] for hits in lexicon.find_many(sentences)]
    assert found == reference_spans(lexicon, sentences)


LIVE_ENTRIES = [
    r"re: \banalges\w*",  # a prefix: "anal" is its first four letters
    r"re: \bprevent\w*",
    r"re: \bzyg\w*",  # a short prefix, looked up in every document
    r"re: \bfda-approved",  # a word, then text that must follow it
    r"re: \bmiracle\s+(?:cure|drug)s?",  # a word, then a word the next token must start with
    r"re: \b(?:can|may)\s+(?:cause|lead\s+to)\b",  # pairs of words
    r"re: \bclinically\s+proven\b",
    r"re: \b\d+\s*%",  # at the words that start with a digit
    "wonder drug*x",
]
LIVE_SENTENCES = [
    "Anal fissures are prevalent; the FDA approved it as a miracle",
    "Cure? It may",
    "cause harm, a zygote can",
    "lead to 20% of cases, clinically",
    "proven: analgesics, preventable, fda-approved miracle drugs. Wonder drugs may cause",
    "",
    "Clinically unproven; prevention can lead to FDA-approval",
]


def test_regex_entries_live_only_with_a_candidate() -> None:
    """An entry is tried only when one of its groups has a candidate: words that share a
    prefix's first four letters ("anal", "prevalent") or a word without the text that must
    follow it ("FDA approved") make none (a word whose next token is in the next sentence does,
    and does not match). The hits are still those of one alternation, in every run of the
    sentences, with words at the ends of sentences and of the document, and with a long s, a
    dotless i or a dotted capital I (the general scan)."""
    lexicon = Lexicon("t", LIVE_ENTRIES)
    alternation = lexicon._lower
    assert alternation is not None and lexicon._cased is None
    entries = [entry for entry, _, _ in alternation._scans]

    def live(sentences: list[str]) -> set[str]:
        """The live entries but the one tried at any digit, which is always live."""
        live = alternation._live(lexicons.Corpus(sentences))
        return {entries[n] for n in live} - {LIVE_ENTRIES[7]}

    assert live(["Anal fissures are prevalent; the FDA approved it, zyg"]) == {LIVE_ENTRIES[2]}
    assert live(["An analgesic, preventable", "fda-approved"]) == {
        LIVE_ENTRIES[0],
        LIVE_ENTRIES[1],
        LIVE_ENTRIES[3],
    }
    assert live(["a miracle", "Cure", "can"]) == {LIVE_ENTRIES[4]}  # the next token is there
    assert live(["it can", "cause", "miracle"]) == {LIVE_ENTRIES[5]}
    assert live([]) == live([""]) == set()
    for start in range(len(LIVE_SENTENCES)):
        for end in range(start, len(LIVE_SENTENCES) + 1):
            sentences = LIVE_SENTENCES[start:end]
            corpus = lexicons.Corpus(sentences)
            assert corpus.folds_like_re
            indexed = alternation._scan_indexed(corpus.lowered, corpus)
            assert sorted(indexed) == sorted(alternation._scan(corpus.lowered))
            found = [[(h.start, h.end) for h in hits] for hits in lexicon.find_many(corpus)]
            assert found == reference_spans(lexicon, sentences)
    for odd in ("\u017f", "\u0131", "\u0130"):
        sentences = [*LIVE_SENTENCES, f"{odd} may cause {odd}"]
        corpus = lexicons.Corpus(sentences)
        assert not corpus.folds_like_re
        found = [[(h.start, h.end) for h in hits] for hits in lexicon.find_many(corpus)]
        assert found == reference_spans(lexicon, sentences)


def test_sentences_without_hits_share_the_empty_list() -> None:
    lexicon = Lexicon("t", LIVE_ENTRIES)
    results = lexicon.find_many(["Anal fissures are prevalent", "It may cause harm", "zyg"])
    assert results[0] is lexicons._NO_HITS
    assert [h.text for h in results[1]] == ["may cause"] and [h.text for h in results[2]] == ["zyg"]
