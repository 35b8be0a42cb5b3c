"""Readability (HS1xx): how easy the article is for the public to read.

Score
-----
The score compares the article's **consensus reading grade** with a health-literacy target
(``target_grade``, default 8 as the NIH and CDC advise; 6 is the AMA's target):

* 100 at or below the target grade;
* minus ``points_per_grade`` (default 12.5) for each grade above it, pro rata, floor 0. So with
  the default target: grade 9 -> 87.5, grade 10 -> 75, grade 12 (end of high school) -> 50,
  grade 14 (college) -> 25, grade 16 (college graduate) and above -> 0.

Why this curve: a medical editor treats a grade or two above target as "needs a pass", four
grades above (a high-school-senior text for the general public) as failing half the readers,
and graduate-level prose as unusable for them. A linear curve keeps every grade of improvement
worth the same number of points, which is what a writer editing against the score sees.

Under ``min_words`` (default 100) words of prose the status is ``not_enough_text``: the
formulas are averages and say nothing reliable about a few sentences.

Counts and formulas
-------------------
Counts come once from the shared tokens (``analysis.words``) of the *counted* sentences:
prose sentences (not in a reference list), not headings (fragments that would deflate words
per sentence), list items and table cells only when they are full sentences (end in ``.``,
``!`` or ``?``, or have at least ten words). URLs, e-mail addresses, DOIs, bare domains and
footnote markers such as ``[3]`` are dropped before counting. Syllables, letters and
Dale-Chall easy words come from :mod:`healthscore.readability_data` (CMU dictionary, then
pyphen's hyphenation patterns, exactly as textstat 0.7.13 counts them). The formulas use
textstat's constants (see :func:`grades`); the consensus grade is the median of five grade
levels: Flesch-Kincaid, SMOG, Gunning Fog, Coleman-Liau and the Dale-Chall score converted
to a grade (:func:`dale_chall_grade`). The median ignores one formula that runs off (Dale-Chall
on texts full of names, Coleman-Liau on texts full of numbers).

Findings
--------
HS101 long sentence, HS102 sentence far above the target grade, HS103 medical jargon with no
plain-language explanation nearby, HS104 a run of long words. Each finding sits on its
sentence (HS103 and HS104 on the words themselves) and carries a concrete suggestion. See
``docs/dimensions/readability.md``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from statistics import median

from ..analysis import WORD, Analysis
from ..document import Document, Sentence
from ..readability_data import NAME as NAME_SHAPE
from ..readability_data import (
    P_COMPLEX,
    P_DIFFICULT,
    P_LETTERS,
    P_POLY3,
    P_SYLLABLES,
    PACK_BITS,
    PACK_MASK,
    SHIFT_NAME_SYLLABLES,
    SHIFT_NAMES,
    SHIFT_POLY3,
    SHIFT_POLY4,
    JargonEntry,
    jargon_index,
    long_lower_flags,
    packed_counts,
    packed_sum,
    stats_for,
)
from ..report import DimensionScore, Finding, make_finding

NAME = "readability"

#: textstat 0.7.13 constants (backend/utils/constants.py and backend/metrics/*.py).
FRE_BASE, FRE_SENTENCE_LENGTH, FRE_SYLLABLES_PER_WORD = 206.835, 1.015, 84.6

#: Sentences with fewer words than this (names not counted) get no per-sentence grade (HS102):
#: the Flesch-Kincaid formula is an average and runs wild on a few words.
MIN_WORDS_FOR_SENTENCE_GRADE = 10
#: A list item or table cell without end punctuation counts as a sentence from this length.
MIN_WORDS_UNPUNCTUATED_ITEM = 10

# Not prose: URLs, www. addresses, e-mail, DOIs, bare domains, footnote markers ("[3]", "[1, 2]").
# Each alternative comes with a marker that any text it matches must contain (see
# :func:`_alternation`); the marker "." stands for a match of _TOP_LEVEL_DOMAIN.
_TOP_LEVEL_DOMAINS = "com|org|net|gov|edu|int|io|co|info|health|uk|ca|au|nz|de|fr|eu"
_TOP_LEVEL_DOMAIN = re.compile(rf"\.(?:{_TOP_LEVEL_DOMAINS})\b", re.IGNORECASE)
_NON_PROSE_PARTS = (
    ("://", r"(?:https?|ftp)://\S+"),
    ("www.", r"\bwww\.\S+"),
    ("@", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    (":", r"\bdoi:\s*\S+"),
    ("/", r"\b10\.\d{4,9}/\S+"),
    (".", rf"\b(?:[a-z0-9-]+\.)+(?:{_TOP_LEVEL_DOMAINS})\b(?:/\S*)?"),
    ("[", r"\[\d{1,3}(?:[,\u2013-]\s*\d{1,3})*\]"),
)
_NON_PROSE = re.compile("|".join(part for _, part in _NON_PROSE_PARTS), re.IGNORECASE)
# A period inside a token ("cdc.gov", "U.S"): the only way a bare domain can be in the text.
_DOTTED = re.compile(r"\.[^\W\d_]")
_END_PUNCTUATION = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")

# Where a long sentence can be split: a semicolon, a spaced dash, or a comma before a word that
# starts a new clause. Markers as for _NON_PROSE_PARTS.
_SPLIT_POINT_PARTS = (
    (";", r";\s+"),
    ("\u2014", r"\s\u2014\s"),
    ("\u2013", r"\s\u2013\s"),
    ("--", r"\s--\s"),
    ("\u2014", r"\u2014"),
    (
        ",",
        r",\s+(?=(?:and|but|so|which|while|whereas|although|though|because|making|leading|"
        r"suggesting|including|as well as|especially|particularly|such as)\b)",
    ),
)
_SPLIT_POINT = re.compile("|".join(part for _, part in _SPLIT_POINT_PARTS), re.IGNORECASE)


@cache
def _alternation(parts: tuple[str, ...]) -> re.Pattern[str] | None:
    """The alternation of *parts* (case-insensitive), compiled once; None when empty.

    Why: with ``re.IGNORECASE`` Python's regex engine tries every alternative at every
    character, so each alternative costs time on every sentence, even where it cannot match
    (the seven of _NON_PROSE took about 20 us on a 250-character sentence). Built from only the
    alternatives whose marker is in the text, in their original order, a pattern finds exactly
    what the full one finds: an alternative that cannot match anywhere never decides a match.
    """
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


# -- jargon explanation cues -------------------------------------------------------------------
# Right after the term: "term (explanation)", "term - explanation", "term, or ...",
# "term, which means", "term, also called", "term, a ...", "term is a type of ...".
_AFTER_CUE = re.compile(
    r"\s*(?:"
    r"\(|[\u2014\u2013]|--|-\s"
    r"|,?\s*(?:or|i\.e\.|that is|meaning|which means|which is when|which is what|"
    r"also (?:called|known as)|known as|in other words|(?:is |are )?(?:a|an|the) "
    r"(?:type|kind|form|group|class|word|term|name|medical (?:term|word|name)) (?:of|for)|"
    r"refers? to|means)\b"
    r"|,\s*(?:a|an)\s"
    r"|\s*(?:is|are) when\b"
    r")",
    re.IGNORECASE,
)
# An abbreviation in parentheses is not an explanation: "nonsteroidal ... drugs (NSAIDs)".
_ABBREVIATION_PARENS = re.compile(r"\s*\(\s*[A-Z0-9][A-Za-z0-9-]{0,9}\s*\)")
# Right before the term: "also called", "known as", "doctors call it", "the medical term for
# X is"; or a demonstrative that points back to something already described ("These
# alkaloids" after "several active compounds").
_BEFORE_CUE = re.compile(
    r"(?:\b(?:called|known as|termed|named|doctors call(?: it| this)?|"
    r"the (?:medical|technical|scientific) (?:term|word|name) (?:for|is)(?: [^,.;]{1,60} is)?)"
    r"|\b(?:these|this|those|such))\s+(?:(?:an?|the)\s+)?$",
    re.IGNORECASE,
)
# The words a _BEFORE_CUE match can end with (before the optional article): the last word of
# each of its cues. See _may_be_before_cue.
_BEFORE_CUE_ENDINGS = (
    "called",
    "as",
    "termed",
    "named",
    "call",
    "it",
    "this",
    "for",
    "is",
    "these",
    "those",
    "such",
)
# A sentence that opens by explaining the previous one.
_NEXT_CUE = re.compile(
    r"^\W*(?:(?:this|that|it|which) (?:means|is when|refers to)|in other words|put simply|"
    r"simply put|in plain (?:english|terms|language))\b",
    re.IGNORECASE,
)
_DEFINES = re.compile(r"\s+(?:is|are|means|refers to)\b", re.IGNORECASE)
_SENTENCE_OPENING = re.compile(r"^\W*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    """Settings of the readability dimension (``[tool.healthscore.readability]``).

    Parameters
    ----------
    target_grade:
        The US school grade the article should not exceed: 8 (NIH, CDC; default) or 6 (AMA).
    long_sentence_words:
        Sentences with more words than this are reported (HS101).
    sentence_grade_margin:
        A sentence is reported (HS102) when its Flesch-Kincaid grade exceeds
        ``target_grade + sentence_grade_margin`` (default 8: grade 16+ at target 8, about 6% of
        the 10-25-word sentences of HealthNewsReview articles; at a margin of 4, 34% of them
        would be reported, far more than an editor would mark).
    points_per_grade:
        Points taken off the score for each grade above the target.
    min_words:
        Below this many words of prose the dimension reports ``not_enough_text``.
    allow_jargon:
        Jargon-list terms not to report (for a specialist audience), e.g. ``["placebo"]``.
    """

    target_grade: float = 8.0
    long_sentence_words: int = 25
    sentence_grade_margin: float = 8.0
    points_per_grade: float = 12.5
    min_words: int = 100
    allow_jargon: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_number("target_grade", self.target_grade, 1, 18)
        _check_number("long_sentence_words", self.long_sentence_words, 5, 200, integer=True)
        _check_number("sentence_grade_margin", self.sentence_grade_margin, 0, 20)
        _check_number("points_per_grade", self.points_per_grade, 0.1, 100)
        _check_number("min_words", self.min_words, 1, 100_000, integer=True)
        allow = self.allow_jargon
        if isinstance(allow, str):
            allow = (allow,)
        if not isinstance(allow, (list, tuple)) or not all(isinstance(t, str) for t in allow):
            raise ValueError(f"allow_jargon: must be a list of terms, got {self.allow_jargon!r}")
        object.__setattr__(self, "allow_jargon", tuple(t.strip().lower() for t in allow))


def _check_number(
    name: str, value: object, low: float, high: float, *, integer: bool = False
) -> None:
    kind = int if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
        what = "an integer" if integer else "a number"
        raise ValueError(f"{name}: must be {what} from {low:g} to {high:g}, got {value!r}")


# -- counts and formulas ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Counts:
    """The counts every formula is built from."""

    words: int
    sentences: int
    syllables: int
    letters: int
    #: Words of three or more syllables (SMOG).
    polysyllables: int
    #: Words not on the Dale-Chall easy list (Dale-Chall).
    difficult_words: int
    #: Words of three or more syllables not on the easy list (Gunning Fog, as textstat counts).
    complex_words: int


def grades(counts: Counts) -> dict[str, float]:
    """The textstat 0.7.13 formulas over *counts*, with textstat's constants.

    ``flesch_reading_ease`` is a 0-100 ease score (higher is easier), ``dale_chall_score`` a
    raw score (about 5 = grade 5-6, 9 = college); the others are US grade levels.
    """
    words, sentences = counts.words, counts.sentences
    if not words or not sentences:
        raise ValueError("formulas need at least one word and one sentence")
    per_sentence = words / sentences
    per_word = counts.syllables / words
    difficult_pct = 100 * counts.difficult_words / words
    dale_chall = 0.1579 * difficult_pct + 0.0496 * per_sentence
    if difficult_pct > 5:
        dale_chall += 3.6365
    return {
        "flesch_reading_ease": (
            FRE_BASE - FRE_SENTENCE_LENGTH * per_sentence - FRE_SYLLABLES_PER_WORD * per_word
        ),
        "flesch_kincaid_grade": 0.39 * per_sentence + 11.8 * per_word - 15.59,
        "smog_index": 1.043 * math.sqrt(30 * counts.polysyllables / sentences) + 3.1291,
        "gunning_fog": 0.4 * (per_sentence + 100 * counts.complex_words / words),
        "coleman_liau_index": (
            0.058 * (100 * counts.letters / words) - 0.296 * (100 * sentences / words) - 15.8
        ),
        "dale_chall_score": dale_chall,
    }


def dale_chall_grade(score: float) -> float:
    """A Dale-Chall raw score as a grade, continuous through the published bands.

    Dale & Chall's table: 4.9 or lower = grade 4 and below, 5.0-5.9 = grades 5-6, 6.0-6.9 =
    7-8, 7.0-7.9 = 9-10, 8.0-8.9 = 11-12, 9.0-9.9 = 13-15 (college), 10 and above = 16+. The
    line ``2 * score - 5`` passes through the lower edge of each two-grade band (5, 7, 9, 11,
    13); from 9 the bands are three grades wide (``3 * score - 14``); below 5 the score is
    already about the grade.
    """
    if score < 5:
        return score
    if score < 9:
        return 2 * score - 5
    return 3 * score - 14


def consensus_grade(values: dict[str, float]) -> float:
    """Median of the five grade-level formulas (Flesch-Kincaid, SMOG, Gunning Fog,
    Coleman-Liau, Dale-Chall as a grade)."""
    return median(
        [
            values["flesch_kincaid_grade"],
            values["smog_index"],
            values["gunning_fog"],
            values["coleman_liau_index"],
            dale_chall_grade(values["dale_chall_score"]),
        ]
    )


def score_for_grade(grade: float, target: float, points_per_grade: float) -> float:
    """100 at or below *target*, minus *points_per_grade* per grade above it, floor 0."""
    return max(0.0, min(100.0, 100.0 - points_per_grade * max(0.0, grade - target)))


def sentence_grade(words: int, syllables: int) -> float:
    """Flesch-Kincaid grade of one sentence."""
    return 0.39 * words + 11.8 * syllables / words - 15.59


# -- selecting the prose -----------------------------------------------------------------------
#: A sentence that enters the formulas: ``(sentence, words, text, poly3, poly4, plain_words,
#: plain_syllables)``. *words* are its prose tokens and *text* the prose they were taken from
#: (the sentence with URLs etc. blanked out); *poly3* and *poly4* count its words of 3+ and of
#: 4+ syllables (HS104 looks only where there are enough of both); *plain_words* and
#: *plain_syllables* are the words and syllables left when names are not counted (HS102). A
#: plain tuple: one is made per sentence, and a class instance costs several times more to
#: build (and to collect).
_Counted = tuple[Sentence, list[str], str, int, int, int, int]


def _prose_words(sentence: Sentence, words: list[str]) -> tuple[list[str], str]:
    """The sentence's tokens without URLs, e-mail addresses, DOIs and footnote markers."""
    text = sentence.text
    dotted = _DOTTED.search(text) is not None
    # Cheap gate first: the pattern is only worth running when one of these markers is there.
    if not ("/" in text or "@" in text or "[" in text or dotted):
        return words, text
    lower = text.lower()  # for "www." (no other letter folds to "w" case-insensitively)
    domain = dotted and _TOP_LEVEL_DOMAIN.search(text) is not None
    pattern = _alternation(
        tuple(
            part
            for marker, part in _NON_PROSE_PARTS
            if (domain if marker == "." else marker in lower)
        )
    )
    if pattern is None:
        return words, text
    blanked, blanks = pattern.subn(lambda m: " " * len(m.group()), text)
    if not blanks:
        return words, text
    return WORD.findall(blanked), blanked


def _word_starts(text: str, words: list[str]) -> list[int]:
    """Offset in *text* of each of *words*, the leading tokens of ``WORD.findall(text)``.

    Why not ``WORD.finditer``: running the word pattern again costs about twice as much as
    finding each token after the previous one with :meth:`str.find`, and the tokens are already
    known. The two agree: between two tokens of ``WORD`` there is no letter or digit (the
    pattern starts a token at any), and a token starts with one, so the search cannot stop
    before the token's own position.
    """
    starts = []
    find = text.find
    at = 0
    for word in words:
        at = find(word, at)
        starts.append(at)
        at += len(word)
    return starts


#: Sentence kinds that always count as full sentences; list items and table cells count when
#: they end in sentence punctuation or have MIN_WORDS_UNPUNCTUATED_ITEM words.
_FULL_KINDS = ("paragraph", "blockquote")


def _count(analysis: Analysis) -> tuple[Counts, list[_Counted], list[int]]:
    """One pass over the prose: the document's counts, each counted sentence (see
    :data:`_Counted`) and the indexes of the prose sentences that are not headings (where HS103
    looks for jargon).

    Each sentence's counts are one :func:`packed_sum` of its tokens (every field summed at
    once, in C); the document's counts are the sum of the sentences' packed sums.
    """
    counted: list[_Counted] = []
    prose: list[int] = []
    document_sum = words_total = 0
    sentences, all_words = analysis.sentences, analysis.words
    for i in analysis.prose_indexes:
        sentence = sentences[i]
        kind = sentence.kind
        if kind == "heading":
            continue
        prose.append(i)
        # The prose words (the gate of _prose_words inlined: this runs once per sentence),
        # then whether the sentence is a full sentence (see _FULL_KINDS).
        text = sentence.text
        words = all_words[i]
        if "/" in text or "@" in text or "[" in text or _DOTTED.search(text):
            words, text = _prose_words(sentence, words)
        if not words:
            continue
        n = len(words)
        if kind not in _FULL_KINDS and not (
            n >= MIN_WORDS_UNPUNCTUATED_ITEM or _END_PUNCTUATION.search(sentence.text) is not None
        ):
            continue
        total = packed_sum(words)
        document_sum += total
        words_total += n
        # Names after the first word: a capital that opens the sentence is not a name.
        rest = total - packed_counts(words[0])
        counted.append(
            (
                sentence,
                words,
                text,
                (total >> SHIFT_POLY3) & PACK_MASK,
                (total >> SHIFT_POLY4) & PACK_MASK,
                n - ((rest >> SHIFT_NAMES) & PACK_MASK),
                (total & PACK_MASK) - (rest >> SHIFT_NAME_SYLLABLES),
            )
        )

    def field(number: int) -> int:
        return (document_sum >> (PACK_BITS * number)) & PACK_MASK

    counts = Counts(
        words_total,
        len(counted),
        field(P_SYLLABLES),
        field(P_LETTERS),
        field(P_POLY3),
        field(P_DIFFICULT),
        field(P_COMPLEX),
    )
    return counts, counted, prose


# -- the dimension -----------------------------------------------------------------------------
def score(analysis: Analysis, options: Options) -> DimensionScore:
    """Score the readability of the analysed document (see the module docstring)."""
    counts, counted, prose = _count(analysis)
    if counts.words < options.min_words or not counts.sentences:
        return DimensionScore(
            NAME,
            "not_enough_text",
            summary=(
                f"Only {counts.words} words of prose; the readability formulas need at least "
                f"{options.min_words}."
            ),
            metrics={
                "words": counts.words,
                "sentences": counts.sentences,
                "min_words": options.min_words,
                "target_grade": options.target_grade,
            },
        )
    values = grades(counts)
    consensus = consensus_grade(values)
    result_score = score_for_grade(consensus, options.target_grade, options.points_per_grade)

    document = analysis.document
    findings: list[Finding] = []
    long_count = 0
    long_words = options.long_sentence_words
    grade_limit = options.target_grade + options.sentence_grade_margin
    for sentence, words, text, poly3, poly4, plain_words, plain_syllables in counted:
        if len(words) > long_words:
            long_count += 1
            findings.append(_long_sentence(document, sentence, words, text, options))
        elif plain_words >= MIN_WORDS_FOR_SENTENCE_GRADE:
            grade = sentence_grade(plain_words, plain_syllables)
            if grade > grade_limit:
                findings.append(_above_grade(document, sentence, words, grade, options))
        if poly3 >= 3 and poly4 >= 2:
            run = _polysyllable_run(document, sentence, words, text)
            if run is not None:
                findings.append(run)
    jargon_findings, jargon_metrics = _jargon(analysis, prose, options)
    findings.extend(jargon_findings)

    metrics = {
        **values,
        "dale_chall_grade": dale_chall_grade(values["dale_chall_score"]),
        "consensus_grade": consensus,
        "target_grade": options.target_grade,
        "grades_above_target": max(0.0, consensus - options.target_grade),
        "words": counts.words,
        "sentences": counts.sentences,
        "syllables": counts.syllables,
        "polysyllables": counts.polysyllables,
        "difficult_words": counts.difficult_words,
        "letters": counts.letters,
        "syllables_per_word": counts.syllables / counts.words,
        "words_per_sentence": counts.words / counts.sentences,
        "long_sentences": long_count,
        "long_sentence_share": long_count / counts.sentences,
        **jargon_metrics,
    }
    return DimensionScore(
        NAME,
        "scored",
        score=result_score,
        summary=_summary(consensus, options, counts, long_count),
        metrics=metrics,
        findings=findings,
    )


def _summary(consensus: float, options: Options, counts: Counts, long_count: int) -> str:
    target = f"grade {options.target_grade:g}"
    per_sentence = counts.words / counts.sentences
    if consensus <= options.target_grade:
        return (
            f"Reads at about grade {consensus:.1f}, within the {target} target "
            f"({per_sentence:.0f} words per sentence)."
        )
    return (
        f"Reads at about grade {consensus:.1f}, {consensus - options.target_grade:.1f} grades "
        f"above the {target} target ({per_sentence:.0f} words per sentence, "
        f"{long_count} long sentences, {counts.polysyllables / counts.words:.0%} of words with "
        "three or more syllables)."
    )


# -- HS101 / HS102 ------------------------------------------------------------------------------
def _long_sentence(
    document: Document, sentence: Sentence, words: list[str], text: str, options: Options
) -> Finding:
    suggestion = "Split it into shorter sentences of about 15-20 words, one idea each"
    hint = _split_hint(text, words)
    suggestion += f"; a natural break is after \u201c{hint}\u201d." if hint else "."
    return make_finding(
        "HS101",
        document,
        sentence,
        f"Sentence of {len(words)} words (limit {options.long_sentence_words}).",
        suggestion,
    )


def _split_hint(text: str, words: list[str]) -> str | None:
    """The words before the split point nearest the middle of a long sentence, or None.

    *words* are the tokens of *text* (``WORD.findall(text)``). Split points come in text order,
    so the words before each one never decrease: the search stops at the first point past the
    middle (any later one is farther from it), and word offsets are found (as in
    :func:`_word_starts`) only up to that point, not over the whole sentence.
    """
    n = len(words)
    half = n / 2
    best: tuple[float, int] | None = None  # (distance from the middle in words, cut offset)
    before = 0  # words that start before the current split point
    at = 0  # where the next word is searched for
    find = text.find
    pattern = _alternation(tuple(part for marker, part in _SPLIT_POINT_PARTS if marker in text))
    for match in pattern.finditer(text) if pattern else ():
        cut = match.start()
        # Words before the cut: the words that start before it (a word the cut runs through
        # counts, as it would when tokenising text[:cut]).
        while before < n:
            start = find(words[before], at)
            if start >= cut:
                break
            at = start + len(words[before])
            before += 1
        if 5 <= before <= n - 5:
            distance = abs(before - half)
            if best is None or distance < best[0]:
                best = (distance, cut)
        if before >= half:
            break
    if best is None:
        return None
    # The last four whitespace-separated words before the cut (rsplit stops after them).
    return "\u2026" + " ".join(text[: best[1]].rsplit(None, 4)[-4:])


def _above_grade(
    document: Document, sentence: Sentence, words: list[str], grade: float, options: Options
) -> Finding:
    """HS102. The grade leaves names out (see :data:`_Counted`): "The American Academy of
    Family Physicians has more about it" is not hard to read, and no editor would ask to
    simplify an organisation's name."""
    hard = [
        (st[2], -st[0], k, w)
        for k, (w, st) in enumerate(zip(words, stats_for(words), strict=True))
        if st[0] >= 3 and not (k and st[3] == NAME_SHAPE)
    ]
    hard.sort()  # words to replace first: not on the Dale-Chall easy list, then the longest
    long_words = _unique([h[3] for h in hard])
    listed = ", ".join(f"\u2018{w}\u2019" for w in long_words[:4])
    message = (
        f"Sentence reads at about grade {grade:.0f} (target {options.target_grade:g}): "
        f"{len(long_words)} different words of three or more syllables"
        + (f", such as {listed}." if listed else ".")
    )
    suggestion = (
        "Use shorter, everyday words"
        + (f" for {listed}" if listed else "")
        + ", and split the sentence if it carries more than one idea."
    )
    return make_finding("HS102", document, sentence, message, suggestion)


def _unique(words: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for word in words:
        key = word.lower()
        if key not in seen:
            seen.add(key)
            out.append(word)
    return out


# -- HS104 ---------------------------------------------------------------------------------------
def _polysyllable_run(
    document: Document, sentence: Sentence, words: list[str], text: str
) -> Finding | None:
    """HS104: three or more long words in a row, at least two of four or more syllables.

    A run word has 3+ syllables, starts lowercase and has no digits: names ("American Epilepsy
    Society") are not runs. "In a row" means nothing but spaces between the words: a
    comma-separated list ("nausea, constipation, dizziness") is not a run. One finding per
    sentence, on its longest run. On 300 HealthNewsReview articles this fires on about 2% of
    sentences ("statistically significant difference", "minimally invasive interventional
    radiology procedure").
    """
    flags = long_lower_flags(words)
    if b"\x01\x01\x01" not in flags:
        return None  # not even three run words in a row when punctuation is ignored
    stats = stats_for(words)
    starts = _word_starts(text, words)
    best: tuple[int, int] | None = None
    k, n = 0, len(words)
    while k < n:
        if not flags[k]:
            k += 1
            continue
        j = k + 1
        while (
            j < n and flags[j] and not text[starts[j - 1] + len(words[j - 1]) : starts[j]].strip()
        ):
            j += 1
        if (
            j - k >= 3
            and sum(1 for st in stats[k:j] if st[0] >= 4) >= 2
            and (best is None or j - k > best[1] - best[0])
        ):
            best = (k, j)
        k = j
    if best is None:
        return None
    start, end = starts[best[0]], starts[best[1] - 1] + len(words[best[1] - 1])
    return make_finding(
        "HS104",
        document,
        sentence,
        f"{best[1] - best[0]} long words in a row: \u201c{text[start:end]}\u201d.",
        "Unpack the run into shorter everyday words and a verb, so readers can take it in one "
        "idea at a time.",
        start=start,
        end=end,
    )


# -- HS103 ----------------------------------------------------------------------------------------
def _jargon(
    analysis: Analysis, prose: list[int], options: Options
) -> tuple[list[Finding], dict[str, int]]:
    """Unexplained jargon in the *prose* sentences (indexes), once per term at its first use;
    counts of terms for the metrics."""
    index = jargon_index()
    allow = set(options.allow_jargon)
    sentences = analysis.sentences
    all_words = analysis.words
    # (entry, sentence index, position in prose, start, end) of every use, in document order.
    uses: list[tuple[JargonEntry, int, int, int, int]] = []
    for p, found in enumerate(index.find_all([all_words[i] for i in prose])):
        if found:
            i = prose[p]
            words = all_words[i]
            # Offsets of the tokens up to the last one matched (found is in token order).
            k, _, size = found[-1]
            starts = _word_starts(sentences[i].text, words[: k + size])
            for k, entry, size in found:
                last = k + size - 1
                uses.append((entry, i, p, starts[k], starts[last] + len(words[last])))
    if not uses:
        return [], {"jargon_uses": 0, "jargon_terms": 0, "jargon_unexplained": 0}
    first: dict[str, tuple[JargonEntry, int, int, int]] = {}
    explained_at: dict[str, int] = {}
    for entry, i, p, start, end in uses:
        key = entry.entry
        if allow and (
            key in allow
            or key.rstrip("*") in allow
            or sentences[i].text[start:end].lower() in allow
        ):
            continue
        first.setdefault(key, (entry, i, start, end))
        if key not in explained_at and _explained(analysis, prose, p, start, end, entry):
            explained_at[key] = i
    findings = []
    for key, (entry, i, start, end) in first.items():
        explained = explained_at.get(key)
        if explained == i:
            continue
        sentence = sentences[i]
        surface = sentence.text[start:end]
        if explained is None:
            message = f"\u2018{surface}\u2019 is medical jargon with no plain-language explanation."
        else:
            line = sentences[explained].line
            message = (
                f"\u2018{surface}\u2019 is medical jargon, explained only later (line {line}); "
                "explain it where it first appears."
            )
        suggestion = (
            f"Explain it in plain words the first time, e.g. \u201c{surface} ({entry.note})\u201d, "
            f"or write \u201c{entry.note}\u201d instead."
        )
        findings.append(
            make_finding(
                "HS103", analysis.document, sentence, message, suggestion, start=start, end=end
            )
        )
    unexplained = sum(1 for key in first if explained_at.get(key) != first[key][1])
    metrics = {
        "jargon_uses": len(uses),
        "jargon_terms": len({u[0].entry for u in uses}),
        "jargon_unexplained": unexplained,
    }
    return findings, metrics


def _explained(
    analysis: Analysis, prose: list[int], position: int, start: int, end: int, entry: JargonEntry
) -> bool:
    """True when the use of *entry* at ``text[start:end]`` of the prose sentence
    ``prose[position]`` is explained nearby."""
    text = analysis.sentences[prose[position]].text
    # The cues sit right next to the term: 100 characters either side is plenty.
    before, after = text[max(0, start - 100) : start], text[end : end + 100]
    if after.lstrip().startswith("(") and _ABBREVIATION_PARENS.match(after) is None:
        return True  # term (explanation)
    if _AFTER_CUE.match(after) and not after.lstrip().startswith("("):
        return True
    if before.rstrip().endswith("(") or (_may_be_before_cue(before) and _BEFORE_CUE.search(before)):
        return True  # plain words (term), "also called term", "these alkaloids"
    if start < 12 and _SENTENCE_OPENING.match(text, 0, start) and _DEFINES.match(after):
        return True  # "Hepatotoxicity is liver damage."
    neighbours = [text]
    if position > 0:
        neighbours.append(analysis.sentences[prose[position - 1]].text)
    following = analysis.sentences[prose[position + 1]].text if position + 1 < len(prose) else ""
    if following:
        neighbours.append(following)
        if _NEXT_CUE.match(following):
            return True
        lower_next = following.lower()
        surface = text[start:end].lower()
        at = lower_next.find(surface)
        if at >= 0 and _DEFINES.match(following, at + len(surface)):
            return True  # "... hepatotoxicity. Hepatotoxicity is liver damage."
    plain = _plain_head(entry.note)
    return bool(plain) and any(plain in t.lower() for t in neighbours)


def _may_be_before_cue(before: str) -> bool:
    """False when ``_BEFORE_CUE.search(before)`` cannot match; a cheap test on the last words.

    Why: that search tries its cues at every character of up to 100 (about 2 us a call, the
    costliest step of the jargon check). A match ends with a cue, white space, maybe an
    article ("a", "an", "the") and white space, at the end of *before*: so the last word, or
    the one before it when the last is an article, ends with one of _BEFORE_CUE_ENDINGS.
    ``str.split`` and the pattern's ``\\s`` agree on white space. Case is compared in ASCII:
    a word with other characters goes to the pattern (``re.IGNORECASE`` also matches "ſ" with
    "s", "ı" with "i" and the Kelvin sign with "k").
    """
    words = before.rsplit(None, 2)
    if not words:
        return False
    last = words[-1].lower()
    if last in ("a", "an", "the"):
        if len(words) < 2:
            return False
        last = words[-2].lower()
    return not last.isascii() or last.endswith(_BEFORE_CUE_ENDINGS)


@lru_cache(maxsize=4096)
def _plain_head(note: str) -> str:
    """The core of a plain explanation, to spot it written out nearby ("liver damage")."""
    head = re.split(r"[,;(]", note, maxsplit=1)[0].strip().lower()
    for article in ("a ", "an ", "the "):
        if head.startswith(article):
            head = head[len(article) :]
            break
    return head if len(head) >= 4 else ""
