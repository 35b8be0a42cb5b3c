"""The cue-tag abstraction of a sentence, shared by training and inference.

Word n-grams learn "may reduce" but not "may cut" unless both occur in training. Claim strength
is carried mostly by a few word classes (modal verbs, hedging verbs, association words, causal
verbs, negation), so :func:`abstract_sentence` rewrites each sentence as a sequence of those class
tags, keeping short function words and replacing other content words with ``w``. An n-gram
vectoriser over that sequence then sees "w MOD CAU the w" for every hedged causal sentence,
whatever the verb.

This module has no scikit-learn import: the training estimators
(:mod:`healthscore.claim_features`) and the array model that scores documents
(:mod:`healthscore.claim_inference`) both call it, so they tag sentences identically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = [
    "DEFAULT_LEXICON",
    "DEFAULT_TOKEN_PATTERN",
    "KEPT_PUNCTUATION",
    "WORD_PATTERN",
    "abstract_sentence",
    "abstract_tokens",
    "build_index",
    "cue_tag",
]

#: Words of two or more characters: scikit-learn's default ``token_pattern``, which the claim
#: model's word view uses and its prefix view splits with (training and inference read it here).
WORD_PATTERN = r"(?u)\b\w\w+\b"

#: Lower-case tokens: words (with an apostrophe part), numbers (with a decimal and %), or any
#: other single non-space character (punctuation).
DEFAULT_TOKEN_PATTERN = r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?%?|[^\sa-z\d]"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Written for this project from the Yu et al. annotation guidelines' cue classes; the order of
# the mapping is the precedence when a word is in more than one class.
DEFAULT_LEXICON: Mapping[str, frozenset[str]] = {
    # Modal verbs and adverbs that turn a causal statement into a conditional one.
    "MOD": _words(
        "may might could can would should must will cannot can't possibly potentially perhaps "
        "likely unlikely probably presumably plausibly conceivably"
    ),
    # Hedging / reporting verbs ("the results suggest that ...").
    "HDG": _words(
        "suggest suggests suggested suggesting indicate indicates indicated indicating appear "
        "appears appeared seem seems seemed imply implies implied propose proposed hypothesize "
        "hypothesized speculate believe believed think thought point points"
    ),
    # Association and comparison words that mark correlational findings.
    "ASC": _words(
        "associated association associations associate associates correlated correlation "
        "correlations correlate correlates linked link links related relation relationship "
        "relationships predictor predictors predict predicts predicted predictive tied connected "
        "connection risk odds higher lower more less greater fewer tend tended tends among"
    ),
    # Causal verbs and nouns.
    "CAU": _words(
        "cause causes caused causing causal increase increases increased increasing reduce "
        "reduces reduced reducing reduction decrease decreases decreased improve improves "
        "improved improving improvement prevent prevents prevented prevention lead leads led "
        "cure cures cured boost boosts boosted enhance enhances enhanced protect protects "
        "protected protective lowers lowered raise raises raised cut cuts halve halves halved "
        "double doubles doubled triple triples trigger triggers triggered promote promotes "
        "promoted induce induces induced inhibit inhibits inhibited affect affects affected "
        "effect effects effective efficacy benefit benefits beneficial help helps helped treat "
        "treats treated relieve relieves heal heals fight fights kill kills slow slows slowed "
        "stop stops block blocks worsen worsens result results resulted due because contribute "
        "contributes contributed impact impacts alter alters altered change changes changed "
        "elevate elevates attenuate attenuates ameliorate ameliorates mitigate restore restores "
        # consumer-health wording
        "ease eases eased aid aids soothe soothes lessen lessens strengthen strengthens weaken "
        "weakens damage damages destroy destroys reverse reverses eliminate eliminates shorten "
        "shortens extend extends harm harms disrupt disrupts regulate regulates relieved"
    ),
    "NEG": _words("no not nor never neither without n't none lack lacks failed fail"),
    # Who is speaking: study/author words often open non-claims and reported claims.
    "STU": _words(
        "study studies research researchers trial trials findings results data evidence "
        "analysis we our authors scientists participants patients"
    ),
    # Certainty boosters and reporting verbs of established findings.
    "BST": _words(
        "clearly strongly significantly definitely certainly demonstrate demonstrates "
        "demonstrated show shows showed shown prove proves proved proven confirm confirms "
        "confirmed establish established found find finds reveal reveals revealed"
    ),
    "PRS": _words("is are has have does do"),
    "PST": _words("was were had did"),
}

# Punctuation that shapes a sentence's role (question, heading, list); other symbols become "P".
KEPT_PUNCTUATION = frozenset("?:;,")


def abstract_sentence(
    sentence: str,
    lexicon: Mapping[str, Iterable[str]] | None = None,
    token_pattern: str = DEFAULT_TOKEN_PATTERN,
    max_kept_length: int = 3,
) -> str:
    """Rewrite *sentence* as space-separated cue-class tags.

    Words in *lexicon* become their class tag, numbers ``NUM``, kept punctuation itself, other
    punctuation ``P``; remaining words up to *max_kept_length* letters (the, of, in, to ...) stay
    as they are, because they carry syntax, and longer ones become ``w``.
    """
    index = build_index(lexicon if lexicon is not None else DEFAULT_LEXICON)
    return " ".join(
        abstract_tokens(sentence.lower(), index, re.compile(token_pattern), max_kept_length)
    )


def build_index(lexicon: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Word -> tag; a word in several classes gets the first class of *lexicon*."""
    index: dict[str, str] = {}
    for tag, words in lexicon.items():
        for word in sorted(words):
            index.setdefault(word, tag)
    return index


def abstract_tokens(
    lowered: str, index: Mapping[str, str], pattern: re.Pattern[str], keep: int
) -> list[str]:
    """The cue tags of an already lower-cased sentence (see :func:`abstract_sentence`)."""
    return [cue_tag(token, index, keep) for token in pattern.findall(lowered)]


def cue_tag(token: str, index: Mapping[str, str], keep: int) -> str:
    """The tag of one lower-case token: its class in *index*, ``NUM``, kept punctuation, ``P``,
    the word itself when it has at most *keep* letters, else ``w``."""
    tag = index.get(token)
    if tag is not None:
        return tag
    if token[0].isdigit():
        return "NUM"
    if not token[0].isalpha():
        return token if token in KEPT_PUNCTUATION else "P"
    return token if len(token) <= keep else "w"
