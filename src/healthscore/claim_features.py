"""Cue abstraction for the claim-strength classifier.

Word n-grams learn "may reduce" but not "may cut" unless both occur in training. Claim strength
is carried mostly by a few word classes (modal verbs, hedging verbs, association words, causal
verbs, negation), so :class:`CueAbstractor` rewrites each sentence as a sequence of those class
tags, keeping short function words and replacing other content words with ``w``. An n-gram
vectoriser over that sequence then sees "w MOD CAU the w" for every hedged causal sentence,
whatever the verb, which lifted 5-fold macro-F1 by about 1.5 points over word + char n-grams.

:class:`WordPrefixes` stands in for character n-grams: the first six letters of each word
("reduce/reduced/reduction" -> "reduct"/"reduce", "associ") gave the same CV macro-F1 as
char_wb 3-6-grams at under half the predict time, because it adds one token per word instead of
some twenty n-grams.

The lexicon is copied into the fitted estimator (``lexicon_``) so that a shipped model keeps the
word classes it was trained with even if :data:`DEFAULT_LEXICON` changes in a later release.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from sklearn.base import BaseEstimator, TransformerMixin

from .claim_cues import (
    DEFAULT_LEXICON,
    DEFAULT_TOKEN_PATTERN,
    WORD_PATTERN,
    abstract_sentence,
    abstract_tokens,
    build_index,
)

__all__ = [
    "DEFAULT_LEXICON",
    "DEFAULT_TOKEN_PATTERN",
    "CueAbstractor",
    "WordPrefixes",
    "abstract_sentence",
]


class CueAbstractor(TransformerMixin, BaseEstimator):
    """Text-to-text transformer: each sentence becomes its cue-tag sequence.

    Put it before a ``TfidfVectorizer(token_pattern=r"\\S+", lowercase=False)`` in a Pipeline.
    ``fit`` only freezes the lexicon (see the module docstring for why).
    """

    def __init__(
        self,
        lexicon: Mapping[str, Iterable[str]] | None = None,
        token_pattern: str = DEFAULT_TOKEN_PATTERN,
        max_kept_length: int = 3,
    ) -> None:
        self.lexicon = lexicon
        self.token_pattern = token_pattern
        self.max_kept_length = max_kept_length

    def fit(self, X: Iterable[str], y: object = None) -> CueAbstractor:
        """Freeze the word-to-tag index used by :meth:`transform`."""
        lexicon = self.lexicon if self.lexicon is not None else DEFAULT_LEXICON
        self.lexicon_ = build_index(lexicon)
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        """Return the cue-tag sequence of each sentence in *X*."""
        if not hasattr(self, "lexicon_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("CueAbstractor is not fitted yet; call fit first")
        pattern = re.compile(self.token_pattern)
        keep = self.max_kept_length
        return [" ".join(abstract_tokens(s.lower(), self.lexicon_, pattern, keep)) for s in X]


_WORD = re.compile(WORD_PATTERN)


class WordPrefixes(TransformerMixin, BaseEstimator):
    """Stateless text-to-text transformer: each word of two or more letters becomes its first
    *length* characters, lower-cased (a crude, fast stemmer; see the module docstring).
    """

    def __init__(self, length: int = 6) -> None:
        self.length = length

    def fit(self, X: Iterable[str], y: object = None) -> WordPrefixes:
        """Nothing to learn; present for the scikit-learn API."""
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        """Return each sentence as space-separated word prefixes."""
        k = self.length
        return [" ".join(w[:k] for w in _WORD.findall(s.lower())) for s in X]
