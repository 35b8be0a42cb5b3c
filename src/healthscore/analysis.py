"""The shared per-sentence analysis: computed once per document, read by every dimension.

Words are tokenised here once. The claim-strength model and each lexicon run lazily, the first
time a dimension asks, over all sentences at once (one vectorise/predict call per document), and
the result is cached on the analysis, so a dimension that does not need claims never loads the
model and no lexicon runs twice.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from . import lexicons
from .document import Document, Sentence

if TYPE_CHECKING:
    import numpy as np

#: A word: letters or digits, joined by inner hyphens, apostrophes or decimal points
#: ("7-hydroxymitragynine", "don't", "2.5").
WORD = re.compile(r"[^\W_]+(?:[-'\u2019.][^\W_]+)*")
#: :data:`WORD` for text with no "_" in it, where ``\w`` and ``[^\W_]`` match the same
#: characters: the same tokens, about 10% sooner (``\w`` is a single test in the regex engine).
_WORD_WITHOUT_UNDERSCORE = re.compile(r"\w+(?:[-'\u2019.]\w+)*")

#: Frequent English function words. Their share of a text's words is a cheap, robust test of
#: whether the text is English (English prose: about 40-50%; other languages: under 10%).
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "it",
        "that",
        "for",
        "was",
        "on",
        "are",
        "as",
        "with",
        "be",
        "by",
        "this",
        "at",
        "from",
        "or",
        "an",
        "have",
        "not",
        "but",
        "they",
        "which",
        "you",
        "were",
        "can",
        "has",
        "their",
        "more",
        "will",
        "one",
        "all",
        "there",
        "been",
        "if",
        "its",
        "may",
        "also",
        "than",
        "other",
        "some",
        "who",
        "what",
        "when",
        "into",
        "these",
        "such",
        "only",
        "your",
        "our",
        "most",
        "many",
        "about",
        "how",
        "should",
        "do",
        "does",
        "because",
        "after",
        "while",
        "more",
        "often",
        "people",
        "use",
        "used",
        "could",
        "would",
    ]
)
MIN_WORDS_FOR_LANGUAGE = 20
ENGLISH_THRESHOLD = 0.15

CLAIM_LABELS = ("not_claim", "correlational", "conditional_causal", "direct_causal")


class Analysis:
    """What is known about each sentence of a document, shared by all dimensions.

    Parameters
    ----------
    document:
        The parsed document.
    claim_model:
        Optional object with ``predict_proba(list[str]) -> ndarray (n, 4)``; by default the
        shipped classifier, loaded on first use.
    """

    def __init__(self, document: Document, claim_model: object | None = None) -> None:
        self.document = document
        self.sentences: list[Sentence] = document.sentences
        self._claim_model = claim_model
        plain, general = _WORD_WITHOUT_UNDERSCORE.findall, WORD.findall
        self.words: list[list[str]] = [
            general(text) if "_" in text else plain(text)
            for text in [s.text for s in self.sentences]
        ]
        self._hits: dict[str, list[list[lexicons.Hit]]] = {}

    # -- words -------------------------------------------------------------------------------
    @cached_property
    def prose_indexes(self) -> list[int]:
        """Indexes of sentences that are prose (not in a reference list)."""
        return [s.index for s in self.sentences if not s.in_references]

    @cached_property
    def body_indexes(self) -> list[int]:
        """Indexes of the prose sentences that are not headings: the sentences that can state
        a claim (the claim model reads only these; headings and reference lists are labelled
        "not a claim")."""
        sentences = self.sentences
        return [i for i in self.prose_indexes if sentences[i].kind != "heading"]

    @cached_property
    def word_count(self) -> int:
        """Words of prose, reference lists excluded."""
        return sum(len(self.words[i]) for i in self.prose_indexes)

    @cached_property
    def english_ratio(self) -> float:
        """Share of words that are frequent English function words."""
        total = self.word_count
        hits = sum(_function_words(self.words[i]) for i in self.prose_indexes)
        return hits / total if total else 0.0

    @cached_property
    def is_english(self) -> bool:
        """False only when there is enough text to tell and it is clearly not English.

        Every document is asked, so the function words are counted only until the share
        reaches the threshold: English prose (40-50% function words) passes about a third of
        the way in. The share only grows as words are added, so stopping early gives the same
        answer as :attr:`english_ratio` (still exact, for the message about a text that fails).
        """
        total = self.word_count
        if total < MIN_WORDS_FOR_LANGUAGE:
            return True
        hits = 0
        for i in self.prose_indexes:
            hits += _function_words(self.words[i])
            if hits / total >= ENGLISH_THRESHOLD:
                return True
        return False

    # -- claims ------------------------------------------------------------------------------
    @cached_property
    def claim_probabilities(self) -> np.ndarray:
        """``(n_sentences, 4)`` probabilities of the claim-strength classes (see
        :data:`CLAIM_LABELS`); rows of reference-list sentences are "not a claim"."""
        import numpy as np  # not at import time: a run that needs no claims never pays for it

        n = len(self.sentences)
        proba = np.zeros((n, len(CLAIM_LABELS)))
        proba[:, 0] = 1.0
        indexes = self.body_indexes
        if indexes:
            model = self._claim_model
            if model is None:
                from .model import load_claim_model

                model = load_claim_model()
            predicted = np.asarray(
                model.predict_proba([self.sentences[i].text for i in indexes])  # type: ignore[attr-defined]
            )
            proba[indexes] = predicted
        return proba

    @cached_property
    def claim_labels(self) -> np.ndarray:
        """Claim strength per sentence: 0 none, 1 correlational, 2 conditional causal,
        3 direct causal."""
        return self.claim_probabilities.argmax(axis=1)

    @cached_property
    def claim_label_list(self) -> list[int]:
        """:attr:`claim_labels` as Python ints, shared by the dimensions: their loops index the
        labels once per sentence and use, and indexing a NumPy array makes a scalar object each
        time."""
        return self.claim_labels.tolist()

    # -- lexicons ----------------------------------------------------------------------------
    def hits(self, lexicon: str) -> list[list[lexicons.Hit]]:
        """Matches of the named lexicon in each sentence (computed once, then cached)."""
        cached = self._hits.get(lexicon)
        if cached is None:
            compiled = lexicons.load(lexicon)
            cached = compiled.find_many(self.lexicon_corpus)
            self._hits[lexicon] = cached
        return cached

    @property
    def lexicons_matched(self) -> list[str]:
        """Names of the lexicons matched so far in this document (what the dimensions that
        ran have read), in the order they were first asked for."""
        return list(self._hits)

    @cached_property
    def lexicon_corpus(self) -> lexicons.Corpus:
        """The sentences prepared once for every lexicon (tokens, joined text)."""
        return lexicons.Corpus([s.text for s in self.sentences])

    @property
    def lexicon_tokens(self) -> list[lexicons.Tokens]:
        """Lowercase tokens of each sentence for lexicon matching, computed once."""
        return self.lexicon_corpus.tokens


def _function_words(words: list[str]) -> int:
    """How many of *words* are frequent English function words (any case)."""
    return sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, map(str.lower, words)))


def analyse(document: Document, claim_model: object | None = None) -> Analysis:
    """Analyse *document* once; every dimension reads the result."""
    return Analysis(document, claim_model)
