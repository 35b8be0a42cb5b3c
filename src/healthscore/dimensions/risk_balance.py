"""Risk balance: does the article weigh harms, limits and uncertainty against the benefits it
claims, and does it sell?

What the score means
--------------------
0-100, higher is better. 100 means the article gives a careful reader what they need beside a
benefit claim: named harms or side effects, the limits of the evidence, numbers that show how
big an effect is, other options, and advice to check with a professional, and it sells nothing.
0 means it claims benefits and covers none of that, or sells. The score is a weighted mean of
five coverage parts, each between 0 and 1, minus a penalty for promotion::

    harm_part        = coverage model: the chance that a HealthNewsReview.org reviewer would
                       rate the harm coverage Satisfactory (see below)
    limitation_part  = 1 - exp(-limitation_sentences / limitation_scale)   # scale 1
    quantified_part  = 1 - exp(-quantified_evidence / quantified_scale)    # scale 1
    alternative_part = 1 - exp(-alternative_sentences / alternative_scale) # scale 1
    advice_part      = 1 if any sentence advises consulting a professional, else 0

    score = 100 * (0.60 harm_part + 0.10 limitation_part + 0.15 quantified_part
                   + 0.10 alternative_part + 0.05 advice_part)
            - min(15 * promotional_sentences_and_links, 45)

clipped to 0-100 (weights are divided by their sum when configured otherwise). The harm-coverage
model (:func:`coverage_features`, :class:`CoverageModel`) is a logistic regression with
non-negative weights over five article-level counts, each as ``log(1 + x)``: harm evidence per
1,000 words, sentences with a plain side-effect word, sentences naming a particular harm, harm
sentences with a number, and sentences that address harms only mildly ("side effects were
mild", "no serious side effects"). It is fitted on the experts' ``harms`` ratings by
``benchmarks/train_risk_detectors.py`` and shipped as JSON. With no harm discussed it gives
about 0.13 whatever the length; two harm sentences in a short text about 0.5; a long, named
and quantified harms section 0.8 or more (experts were strict: a third of the articles passed).
``harm_model = "saturating"`` restores ``harm_part = 1 - exp(-harm_evidence / 1.5)``.
Read the score as: **60+** balanced, **35-60** partly balanced, **under 35** one-sided or
selling. An article with two sentences naming harms, one limitation, one absolute number, a
comparison with another option and "talk to your doctor" scores about 57; with nothing but a
benefit claim about 8; one "where to buy" sentence costs 15 points.

``harm_evidence`` sums, over sentences, how surely each discusses a harm of an intervention.
Each sentence is first read by the lexicon rule (:func:`read_harms`): a side-effect word
("side effects", "adverse events", "complications"), dependence, a warning, contraindication or
interaction, or a named side effect that nothing frames as a benefit ("relieves nausea") makes
a harm sentence; harm words that frame a benefit ("cuts the risk of stroke"), name the
article's own topic (a harm named in a heading or the first sentence is the condition treated)
or deny harm ("no side effects", which the hedging dimension flags) do not. The learned
detector (a logistic regression over that reading, shipped as JSON weights, see
:func:`load_detectors`) then gives each candidate a probability p in one vectorised call per
document, and a sentence adds ``(p - 0.5) / 0.5`` when p >= 0.5. ``quantified_evidence`` adds
1 per sentence with an absolute or based number ("1 in 100", "from 12% to 8%", "number needed
to treat"), 0.5 for a relative one ("30% lower risk") and 0.25 for a bare percentage.

Articles that claim no benefit
------------------------------
Balance is owed to a claim. Under ``min_words`` words (default 100) the status is
``not_enough_text``. An article with no benefit claim (no sentence that both uses a benefit
word and is rated a claim by the claim classifier) has nothing to balance: every part starts
at ``no_claim_floor`` (0.25; 0.5 before, which cost 0.02 AUC out of fold: the claim
detector misses claims in articles the experts still judged), so it scores at least 25 plus
what it does cover, minus promotion, and the summary says "No benefit claims to balance".
The claim findings (HS401, HS402, HS404, HS405) need a claim and do not fire.

How it was calibrated
---------------------
The part weights (0.60/0.10/0.15/0.10/0.05) and the no-claim floor were set with the
development split in view (harms count most; the out-of-fold grid picks 0.45-0.8 for harms);
the coverage model is fitted on it. ``benchmarks/calibrate_risk_balance.py`` measures the
score against the experts' ``harms`` criterion (and ``benefits``, ``alternatives``) next to a
harm-word count and a bag-of-words model, and reports the out-of-fold figure with the harm
detector, the coverage model and the part weights all refitted inside each training fold
(0.74 for harms, against 0.71 for the formula before it). ``benchmarks/train_risk_detectors.py``
trains the harm detector on the HealthNewsReview sentence rationales and the coverage model on
the articles' ``harms`` ratings. See ``docs/dimensions/risk_balance.md``.

Findings (HS4xx)
----------------
HS401 benefits with no harm discussed (pinned to the strongest benefit claim), HS402 harms
only in general words, HS403 promotional language (each sentence, and shop or affiliate links),
HS404 benefits without a number that shows their size, HS405 no limitation or uncertainty,
HS406 a recommendation to take or use something without advice to consult a professional.
Findings rest on the lexicon rule, so each one names the words behind it.

Performance: each lexicon is matched once per document through :meth:`Analysis.hits`, the
claim model runs once inside :attr:`Analysis.claim_labels`, the harm detector once per
document; the rest is a walk over cached hits.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import compress, count
from operator import attrgetter
from urllib.parse import urlsplit

import numpy as np

from .. import lexicons
from ..analysis import Analysis
from ..document import Sentence
from ..lexicons import Hit
from ..model import ModelError
from ..report import DimensionScore, Finding, make_finding

NAME = "risk_balance"

#: Lexicons this dimension reads (all project-written; see ``lexicons/``).
HARMS = "harms"
BENEFITS = "benefits"
LIMITATIONS = "limitations"
ADVICE = "professional_advice"
ALTERNATIVES = "alternatives"
PROMOTION = "promotion"
QUANTIFIED = "quantified"
RECOMMENDATION = "risk_recommendation"

_ENTRY = attrgetter("entry")

#: Harm-lexicon notes (see ``lexicons/harms.txt``).
_CONTEXT_NOTES = frozenset({"generic", "dependency", "caution", "cue"})
_NAMED_NOTES = frozenset({"symptom", "outcome"})
#: Notes whose entries name a condition an article may be about (then they are its topic).
_TOPIC_NOTES = frozenset({"symptom", "outcome", "dependency"})
#: Notes whose entries say less when negated ("no side effects were seen").
_NEGATABLE_NOTES = frozenset({"generic", "dependency", "caution", "safety", "symptom", "outcome"})
_QUANT_CREDIT = {"absolute": 1.0, "relative": 0.5, "bare": 0.25}

#: Anchor text that asks readers to buy ("Buy kratom here", "Shop our capsules").
_SHOP_ANCHOR = re.compile(
    r"\b(?:buy|shop|order|store|purchase|checkout|discount|coupon|deal|price)\b", re.IGNORECASE
)

#: A sentence that opens with an instruction ("Investigate strains ...", "Try ...").
_IMPERATIVE = re.compile(
    r"^\W*(?:investigate|find|try|take|use|start|choose|pick|select|consider|ask|talk|add|buy|"
    r"order|get|make|look|avoid|remember|keep)\b",
    re.IGNORECASE,
)

#: The words :data:`_IMPERATIVE` opens with.
_IMPERATIVE_WORDS = frozenset({
    "investigate", "find", "try", "take", "use", "start", "choose", "pick", "select", "consider",
    "ask", "talk", "add", "buy", "order", "get", "make", "look", "avoid", "remember", "keep",
})


def _imperative(text: str, first: str, folds_simply: bool) -> bool:
    """``_IMPERATIVE.match(text)``, tried only when *first*, the sentence's first lowercase
    token ("" when it has none), is one of :data:`_IMPERATIVE_WORDS`: the pattern skips
    non-word characters, then needs one of them as a whole word (so a sentence with no token
    cannot match either). Dotless and dotted capital I and long s, which ``re.IGNORECASE``
    matches to "i" and "s" though ``str.lower`` does not lower them to these, send the sentence
    to the pattern as it is: *folds_simply* is True when the document has none of them
    (:attr:`lexicons.Corpus.folds_like_re`), and then no sentence of it has."""
    if (
        first not in _IMPERATIVE_WORDS
        and (folds_simply or lexicons.case_folds_simply(text))
    ):
        return False
    return _IMPERATIVE.match(text) is not None


#: Affiliate and shop links: a tracking parameter or a shortener of a shop, or a shop path.
_AFFILIATE_URL = re.compile(
    r"[?&](?:ref|aff|affid|aff_id|affiliate|affiliate_id|tag|partner|associate)=|"
    r"\bamzn\.to/|/ref=|\b(?:shareasale|clickbank|awin1|rakuten|linksynergy|skimresources)\.",
    re.IGNORECASE,
)
_SHOP_URL = re.compile(
    r"/(?:shop|store|products?|product-category|collections|cart|checkout|buy)(?:/|$|\?|\.)|"
    r"^(?:shop|store)\.",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Options:
    """Settings of the risk-balance dimension (``[tool.healthscore.risk_balance]``).

    Parameters
    ----------
    min_words:
        Under this many words of prose the article is ``not_enough_text``.
    harm_weight, limitation_weight, quantified_weight, alternative_weight, advice_weight:
        Weights of the five coverage parts (see the module docstring). They need not sum to 1;
        they are divided by their sum.
    harm_scale, limitation_scale, quantified_scale, alternative_scale:
        The amount of evidence at which a part reaches 63% (1 - 1/e) of its weight.
    promotion_penalty, max_promotion_penalty:
        Points taken off per promotional sentence or link, and at most in total.
    no_claim_floor:
        With no benefit claim, every part is at least this (nothing was claimed, so less is
        owed): 0.25 makes such an article score at least 25, plus whatever it does cover,
        minus promotion.
    harm_detector:
        ``"learned"`` (default): harm evidence from the shipped logistic regression over the
        lexicon reading of each sentence; ``"lexicon"``: from the lexicon rule alone.
    harm_model:
        ``"coverage"`` (default): the harm part is the shipped article-level coverage model's
        probability (see :func:`coverage_features`); ``"saturating"``: the harm part is
        ``1 - exp(-harm_evidence / harm_scale)`` (the formula before 0.x; also the fallback
        when no coverage model is installed).
    """

    min_words: int = 100
    harm_weight: float = 0.6
    limitation_weight: float = 0.1
    quantified_weight: float = 0.15
    alternative_weight: float = 0.1
    advice_weight: float = 0.05
    harm_scale: float = 1.5
    limitation_scale: float = 1.0
    quantified_scale: float = 1.0
    alternative_scale: float = 1.0
    promotion_penalty: float = 15.0
    max_promotion_penalty: float = 45.0
    no_claim_floor: float = 0.25
    harm_detector: str = "learned"
    harm_model: str = "coverage"

    def __post_init__(self) -> None:
        if self.harm_model not in ("coverage", "saturating"):
            raise ValueError(
                f"harm_model must be 'coverage' or 'saturating', got {self.harm_model!r}"
            )
        if self.harm_detector not in ("learned", "lexicon"):
            raise ValueError(
                f"harm_detector must be 'learned' or 'lexicon', got {self.harm_detector!r}"
            )
        floor = self.no_claim_floor
        if not isinstance(floor, (int, float)) or isinstance(floor, bool) or not 0 <= floor <= 1:
            raise ValueError(f"no_claim_floor must be a number from 0 to 1, got {floor!r}")
        words = self.min_words
        if not isinstance(words, int) or isinstance(words, bool) or words < 1:
            raise ValueError(f"min_words must be a positive integer, got {words!r}")
        weights = ("harm_weight", "limitation_weight", "quantified_weight", "alternative_weight",
                   "advice_weight", "promotion_penalty", "max_promotion_penalty")
        for name in weights:
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a number >= 0, got {value!r}")
        if sum(getattr(self, n) for n in weights[:5]) <= 0:
            raise ValueError("at least one of the part weights must be > 0")
        for name in ("harm_scale", "limitation_scale", "quantified_scale", "alternative_scale"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{name} must be a number > 0, got {value!r}")


# -- per-sentence detection -----------------------------------------------------------------

@cache
def _notes(name: str) -> dict[str, str]:
    return lexicons.load(name).notes


@dataclass(slots=True)
class Assessment:
    """What the dimension found, per sentence and in total (the calibration script reads it)."""

    #: Sentence indexes, in document order.
    benefit_claims: list[int] = field(default_factory=list)
    strong_benefit_claims: list[int] = field(default_factory=list)
    #: Harm evidence per sentence (0-1) from the detector in use, for harm sentences.
    harms: dict[int, float] = field(default_factory=dict)
    #: The lexicon rule's harm weight per sentence (1 or 0.5); findings are based on it.
    rule_harms: dict[int, float] = field(default_factory=dict)
    #: The learned detector's probability for the sentences it counts as harm sentences.
    harm_probability: dict[int, float] = field(default_factory=dict)
    #: "learned" or "lexicon": which detector produced ``harms``.
    detector: str = "lexicon"
    #: Harm sentences that name a particular harm (not only "side effects", "risks").
    named_harms: list[int] = field(default_factory=list)
    #: Sentences with a harm word that names no harm ("may have side effects").
    generic_harms: list[int] = field(default_factory=list)
    dismissals: list[int] = field(default_factory=list)
    #: Harm sentences that play harms down ("fewer side effects", "side effects were mild").
    minimising: list[int] = field(default_factory=list)
    #: Harm sentences with a number in them ("nausea in 12% of patients").
    quantified_harms: list[int] = field(default_factory=list)
    limitations: list[int] = field(default_factory=list)
    advice: list[int] = field(default_factory=list)
    alternatives: list[int] = field(default_factory=list)
    #: Quantification credit per sentence (1 absolute, 0.5 relative, 0.25 bare).
    quantified: dict[int, float] = field(default_factory=dict)
    recommendations: list[int] = field(default_factory=list)
    #: Promotional sentences: index -> the promotional words found.
    promotions: dict[int, list[Hit]] = field(default_factory=dict)
    #: Shop or affiliate links: (sentence index or None, anchor text, url, why).
    promo_links: list[tuple[int | None, str, str, str]] = field(default_factory=list)
    #: Claim strength of each benefit claim (for picking the strongest).
    claim_strength: dict[int, float] = field(default_factory=dict)
    #: Harm sentences with a plain side-effect word that is not negated ("side effects",
    #: "adverse events", "complications", "risks"): the clearest sign that harms are discussed.
    side_effect_sentences: list[int] = field(default_factory=list)
    #: The harm detector's feature row of every candidate sentence (a sentence with a harm
    #: word), so that the calibration script can re-run a detector retrained inside its folds.
    harm_rows: dict[int, list[float]] = field(default_factory=dict)
    #: Prose words of the document (the coverage model reads harm evidence per 1,000 words).
    words: int = 0

    @property
    def harm_evidence(self) -> float:
        return float(sum(self.harms.values()))

    @property
    def quantified_evidence(self) -> float:
        return float(sum(self.quantified.values()))

    @property
    def promotion_count(self) -> int:
        linked = {i for i, *_ in self.promo_links if i is not None and i not in self.promotions}
        unplaced = sum(1 for i, *_ in self.promo_links if i is None)
        return len(self.promotions) + len(linked) + unplaced


def _topic_entries(analysis: Analysis, harm_hits: list[list[Hit]]) -> set[str]:
    """Named harms that are the article's subject: those in a heading or the first prose
    sentence ("Blood test spots concussions", "vaccine against heroin addiction"), which the
    article treats or diagnoses, not causes."""
    notes = _notes(HARMS)
    topic: set[str] = set()
    sentences = analysis.sentences
    first_prose = next((i for i in analysis.prose_indexes if sentences[i].kind != "heading"), None)
    for i in compress(count(), harm_hits):  # the sentences with harm words (prose or not)
        if not sentences[i].in_references and (sentences[i].kind == "heading" or i == first_prose):
            topic.update(h.entry for h in harm_hits[i] if notes.get(h.entry) in _TOPIC_NOTES)
    return topic


#: A negation shortly before a harm word in the same clause: "no serious side effects",
#: "did not observe any harmful effects", "without the risks".
_NEGATED = re.compile(
    r"(?:\b(?:no|not|never|without|nor|free\s+of|lack\s+of)\b|n't\b)[^,;:.!?]{0,40}$",
    re.IGNORECASE,
)

#: What cannot stand between a negation and the harm word it negates (see :data:`_NEGATED`).
_CLAUSE_PUNCTUATION = ",;:.!?"


def _negated(text: str, start: int) -> bool:
    """``_NEGATED.search(text, max(0, start - 60), start)``: a negation in the 60 characters
    before the harm word at *start*, in the same clause. Neither the negation nor what follows
    it can hold a punctuation mark of :data:`_CLAUSE_PUNCTUATION`, so the search starts after
    the last one (the pattern's case-insensitive alternation costs more per character tried
    than the six ``rfind`` calls). And a negation holds, lowercased, "no" (of "no", "not",
    "nor"), "never", "without", "n't", "free" or "lack" (of "free of", "lack of"): without one
    (95% of harm words) the pattern is not tried. Dotless and dotted
    capital I, which ``re.IGNORECASE`` matches to "i" of "without" though ``str.lower`` does
    not lower them to it, send the window to the pattern as it is."""
    begin = max(0, start - 60)
    window = text[begin:start]
    if "\u0131" not in window and "\u0130" not in window:
        lowered = window.lower()
        if not ("no" in lowered or "never" in lowered or "without" in lowered
                or "n't" in lowered or "free" in lowered or "lack" in lowered):
            return False
    for mark in _CLAUSE_PUNCTUATION:
        at = text.rfind(mark, begin, start)
        if at >= 0:
            begin = at + 1
    return _NEGATED.search(text, begin, start) is not None


#: Features of the learned harm detector, in the order of its weights (see
#: ``benchmarks/train_risk_detectors.py``): counts (capped at 3) of each harm-lexicon note as
#: read in the sentence, then benefit words, a number, the lexicon rule's weight and "is a
#: question".
HARM_FEATURES = (
    "firm", "symptom", "outcome", "cue", "weak", "safety",
    "not_harm", "dismissal", "minimising", "negated", "topic",
    "benefit", "quantified", "rule_weight", "question",
)
#: "firm" pools the three notes the rule treats alike (generic harm words, dependence,
#: warnings): dependence and warnings are too rare in the training data for weights of their own.
_POOLED = {"generic": "firm", "dependency": "firm", "caution": "firm"}
_KIND_FEATURES = HARM_FEATURES[:11]


@dataclass(frozen=True, slots=True)
class HarmReading:
    """How the lexicon rule reads the harm words of one sentence."""

    #: 1 a harm sentence, 0.5 a weak one, 0 none (see :func:`read_harms`).
    weight: float
    #: A particular harm is named (a side effect, dependence, a warning).
    named: bool
    #: Only general harm words ("side effects", "risks"), or negated ones.
    generic_only: bool
    dismissal: bool
    minimising: bool
    #: How many harm words of each note, after topic and negation are applied.
    kinds: dict[str, int]


def read_harms(
    text: str, hits: list[Hit], notes: dict[str, str], topic: set[str], benefit_framed: bool
) -> HarmReading:
    """Read the harm words of one sentence.

    A side-effect word, dependence, a warning or a harm cue next to a named harm ("can cause
    seizures") makes the sentence a harm sentence (weight 1). A typical side effect on its own
    counts when nothing in the sentence frames it as a benefit ("relieves nausea"): 1 for two
    or more ("nausea and dizziness") or one with "risk", 0.5 for one. Negated harm words ("no
    serious side effects were seen"), minimising ones ("side effects were mild") and
    "safe"/"well tolerated" count 0.5: they address harms without naming any. Serious outcomes
    that treatments also prevent ("stroke", "death") count only in a harm context.
    """
    kinds: dict[str, int] = {}
    named_entries: set[str] = set()
    for hit in hits:
        note = notes.get(hit.entry, "generic")
        if note in _TOPIC_NOTES and hit.entry in topic:
            note = "topic"
        elif note in _NAMED_NOTES:
            named_entries.add(hit.entry)
        if note in _NEGATABLE_NOTES and _negated(text, hit.start):
            note = "negated"
            named_entries.discard(hit.entry)
        kinds[note] = kinds.get(note, 0) + 1
    dismissal = bool(kinds.get("dismissal"))
    minimising = bool(kinds.get("minimising"))
    symptoms = sum(1 for e in named_entries if notes.get(e) == "symptom")
    firm = bool(kinds.get("generic") or kinds.get("dependency") or kinds.get("caution"))
    if firm or (kinds.get("cue") and named_entries):
        named = bool(named_entries or kinds.get("dependency") or kinds.get("caution"))
        return HarmReading(1.0, named, not named, dismissal, minimising, kinds)
    if kinds.get("negated") or minimising:
        return HarmReading(0.5, False, True, dismissal, minimising, kinds)
    if benefit_framed or kinds.get("not_harm"):
        return HarmReading(0.0, False, False, dismissal, minimising, kinds)
    if symptoms >= 2 or (symptoms and kinds.get("weak")):
        return HarmReading(1.0, True, False, dismissal, minimising, kinds)
    if symptoms:
        return HarmReading(0.5, True, False, dismissal, minimising, kinds)
    if kinds.get("safety") and not text.rstrip().endswith("?"):
        return HarmReading(0.5, False, False, dismissal, minimising, kinds)
    return HarmReading(0.0, False, False, dismissal, minimising, kinds)


#: The position in a feature row of each note's count, after pooling (see :data:`_POOLED`).
_KIND_POSITION = {
    **{kind: i for i, kind in enumerate(_KIND_FEATURES)},
    **{kind: _KIND_FEATURES.index(pooled) for kind, pooled in _POOLED.items()},
}


def _feature_row(reading: HarmReading, benefits: int, quantified: bool, text: str) -> list[float]:
    row = [0.0] * len(HARM_FEATURES)
    for kind, n in reading.kinds.items():
        position = _KIND_POSITION.get(kind)
        if position is not None:  # (a note the detector has no feature for is left out)
            row[position] = min(row[position] + n, 3.0)  # counts are >= 0: capping as we go
    row[-4] = float(min(benefits, 3))
    row[-3] = float(quantified)
    row[-2] = reading.weight
    row[-1] = float(text.rstrip().endswith("?"))
    return row


def harm_features(texts: list[str], *, first_is_topic: bool = True) -> np.ndarray:
    """Detector features of *texts*, read as the sentences of one article (the first one
    names its topic, unless *first_is_topic* is False). The training script uses this; the
    dimension builds the same rows from the cached lexicon hits of the analysis."""
    corpus = lexicons.Corpus(texts)  # one word index for the three lexicons
    harm_hits = lexicons.load(HARMS).find_many(corpus)
    benefit_hits = lexicons.load(BENEFITS).find_many(corpus)
    quantified_hits = lexicons.load(QUANTIFIED).find_many(corpus)
    notes = _notes(HARMS)
    topic = (
        {h.entry for h in harm_hits[0] if notes.get(h.entry) in _TOPIC_NOTES}
        if texts and first_is_topic else set()
    )
    rows = []
    for text, harms, benefits, numbers in zip(
        texts, harm_hits, benefit_hits, quantified_hits, strict=True
    ):
        reading = read_harms(text, harms, notes, topic, bool(benefits))
        rows.append(_feature_row(reading, len(benefits), bool(numbers), text))
    return np.asarray(rows, dtype=float).reshape(len(texts), len(HARM_FEATURES))


@dataclass(frozen=True)
class Detector:
    """A logistic-regression sentence detector stored as plain JSON weights."""

    name: str
    features: tuple[str, ...]
    coef: np.ndarray
    intercept: float
    threshold: float

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Probability per row of *features* (one vectorised call for a whole document)."""
        if not len(features):
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-(features @ self.coef + self.intercept)))


WEIGHTS_FILE = "risk_balance_weights.json"


@cache
def load_detectors() -> dict[str, Detector]:
    """The learned detectors shipped in ``healthscore/data/risk_balance_weights.json`` (an
    empty dict when the file is absent). Weights whose feature list differs from the code's
    are refused: they were trained for another version of the features."""
    path = resources.files("healthscore") / "data" / WEIGHTS_FILE
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    detectors = {}
    for name, spec in data.get("detectors", {}).items():
        features = tuple(spec["features"])
        expected = HARM_FEATURES if name == "harm" else None
        if expected is not None and features != expected:
            raise ValueError(
                f"{WEIGHTS_FILE}: detector {name!r} was trained on features {features}, the code "
                f"computes {expected}; retrain with benchmarks/train_risk_detectors.py"
            )
        detectors[name] = Detector(
            name, features, np.asarray(spec["coef"], dtype=float), float(spec["intercept"]),
            float(spec.get("threshold", 0.5)),
        )
    return detectors


#: Article-level features of the harm-coverage model, in the order of its weights (see
#: :func:`coverage_features` and ``benchmarks/train_risk_detectors.py``).
COVERAGE_FEATURES = (
    "harm_density", "side_effect_sentences", "named_harm_sentences",
    "quantified_harm_sentences", "harms_addressed_mildly",
)
#: Harm evidence is read per this many words ("how much of the article is about harms").
_DENSITY_WORDS = 1000.0


def coverage_features(result: Assessment) -> list[float]:
    """The harm-coverage model's inputs, each a ``log(1 + x)`` so the first sentences count
    most: harm evidence per 1,000 words (the share of the article given to harms: one harm
    sentence in a 2,000-word feature covers harms less than in a 300-word brief; never a
    reward for brevity, since it is 0 when no harm is discussed), sentences with a plain
    side-effect word ("side effects", "adverse events", "complications"), sentences naming a
    particular harm, harm sentences with a number ("nausea in 12%": HealthNewsReview asks
    that harms be quantified) and sentences that address harms only mildly or deny them
    ("side effects were mild", "well tolerated", "no serious side effects": they still tell
    the reader what the trial found about harms, and experts credited that more often than
    silence)."""
    density = _DENSITY_WORDS * result.harm_evidence / max(result.words, 100)
    quantified = sum(1 for i in result.harms if i in result.quantified)
    mild = len(set(result.dismissals) | set(result.minimising))
    return [
        math.log1p(density), math.log1p(len(result.side_effect_sentences)),
        math.log1p(len(result.named_harms)), math.log1p(quantified), math.log1p(mild),
    ]


@dataclass(frozen=True)
class CoverageModel:
    """Article-level logistic regression: the chance that a HealthNewsReview.org reviewer
    would rate the article's coverage of harms Satisfactory, from :data:`COVERAGE_FEATURES`."""

    features: tuple[str, ...]
    coef: np.ndarray
    intercept: float

    def probability(self, row: list[float]) -> float:
        z = float(np.dot(self.coef, row)) + self.intercept
        return 1.0 / (1.0 + math.exp(-z))


@cache
def load_coverage_model() -> CoverageModel | None:
    """The harm-coverage model shipped in ``risk_balance_weights.json`` (None when absent).
    Weights for another feature list are refused, as for the detectors."""
    path = resources.files("healthscore") / "data" / WEIGHTS_FILE
    if not path.is_file():
        return None
    spec = json.loads(path.read_text(encoding="utf-8")).get("coverage")
    if not spec:
        return None
    features = tuple(spec["features"])
    if features != COVERAGE_FEATURES:
        raise ValueError(
            f"{WEIGHTS_FILE}: the coverage model was trained on features {features}, the code "
            f"computes {COVERAGE_FEATURES}; retrain with benchmarks/train_risk_detectors.py"
        )
    return CoverageModel(features, np.asarray(spec["coef"], dtype=float),
                         float(spec["intercept"]))


def assess(
    analysis: Analysis, claim_labels: np.ndarray | None = None, harm_detector: str = "learned"
) -> Assessment:
    """Detect benefit claims, harms, limitations, advice, alternatives, numbers and promotion
    in every prose sentence. *claim_labels* defaults to :attr:`Analysis.claim_labels` (and
    then the strongest claim is ranked by the classifier's probability too). *harm_detector*
    is ``"learned"`` (the shipped logistic regression over the lexicon reading, when its
    weights are installed) or ``"lexicon"`` (the rule alone)."""
    proba = None
    if claim_labels is None:
        labels = analysis.claim_label_list
        proba = analysis.claim_probabilities
    else:  # Python ints (indexing a numpy array makes a scalar object each time)
        labels = claim_labels.tolist() if hasattr(claim_labels, "tolist") else list(claim_labels)
    sentences = analysis.sentences
    harm_hits = analysis.hits(HARMS)
    benefit_hits = analysis.hits(BENEFITS)
    limitation_hits = analysis.hits(LIMITATIONS)
    advice_hits = analysis.hits(ADVICE)
    alternative_hits = analysis.hits(ALTERNATIVES)
    quantified_hits = analysis.hits(QUANTIFIED)
    promotion_hits = analysis.hits(PROMOTION)
    recommendation_hits = analysis.hits(RECOMMENDATION)
    # The first word of a sentence, for :func:`_imperative`, from the corpus' word index (the
    # number of each sentence's first token): making the sentence's tokens only to read the
    # first cost more than the rest of the claim ranking.
    corpus = analysis.lexicon_corpus
    words, firsts = corpus.index.words, corpus.index.firsts
    folds_simply = corpus.folds_like_re
    harm_notes = _notes(HARMS)
    benefit_notes = _notes(BENEFITS)
    quant_notes = _notes(QUANTIFIED)
    topic = _topic_entries(analysis, harm_hits)

    result = Assessment()
    readings: dict[int, HarmReading] = {}
    # Each lexicon is walked over the sentences it has hits in (a few per document), not every
    # sentence over every lexicon: the lists come out in document order all the same.

    def judged(hits: list[list[Hit]]) -> list[int]:
        """Prose sentences (not headings) with a hit in *hits*."""
        return [i for i in compress(count(), hits)
                if not sentences[i].in_references and sentences[i].kind != "heading"]

    for i in judged(benefit_hits):
        if labels[i] > 0:
            benefits = benefit_hits[i]
            result.benefit_claims.append(i)
            # rank for "the strongest claim": its class (direct causal first), promise words
            # ("cure", "miracle"), then more benefit words, then the model's confidence; an
            # instruction ("find a strain that relieves your pain") is a weaker anchor
            strength = 10.0 * float(labels[i]) + min(len(benefits), 3)
            if proba is not None:
                strength += float(proba.item(i, int(labels[i])))
            if "strong" in map(benefit_notes.get, map(_ENTRY, benefits)):
                result.strong_benefit_claims.append(i)
                strength += 5.0
            first = words[firsts[i]] if firsts[i] < firsts[i + 1] else ""
            if recommendation_hits[i] or _imperative(sentences[i].text, first, folds_simply):
                strength -= 5.0
            result.claim_strength[i] = strength
    for i in judged(harm_hits):
        reading = read_harms(
            sentences[i].text, harm_hits[i], harm_notes, topic, bool(benefit_hits[i])
        )
        readings[i] = reading
        if reading.kinds.get("generic"):
            result.side_effect_sentences.append(i)
        if reading.dismissal:
            result.dismissals.append(i)
        if reading.weight:
            result.rule_harms[i] = reading.weight
            if reading.named:
                result.named_harms.append(i)
            elif reading.generic_only:
                result.generic_harms.append(i)
            if reading.minimising:
                result.minimising.append(i)
    result.limitations = judged(limitation_hits)
    result.advice = judged(advice_hits)
    result.alternatives = judged(alternative_hits)
    for i in judged(quantified_hits):
        result.quantified[i] = max(
            _QUANT_CREDIT.get(quant_notes.get(h.entry, "bare"), 0.25)
            for h in quantified_hits[i]
        )
        if i in result.rule_harms:
            result.quantified_harms.append(i)
    result.recommendations = judged(recommendation_hits)
    for i in judged(promotion_hits):
        result.promotions[i] = promotion_hits[i]
    result.words = analysis.word_count
    result.harm_rows = {
        i: _feature_row(readings[i], len(benefit_hits[i]), bool(quantified_hits[i]),
                        sentences[i].text)
        for i in sorted(readings)
    }
    detector = load_detectors().get("harm") if harm_detector == "learned" else None
    apply_detector(result, detector)
    for link in analysis.document.links:
        why = _promotional_link(link.url, link.text)
        if why:
            index = link.sentence_index
            if index is not None and sentences[index].in_references:
                continue
            result.promo_links.append((index, link.text, link.url, why))
    return result


def apply_detector(result: Assessment, detector: Detector | None) -> None:
    """Fill ``result.harms`` from *detector* over the candidate rows (one vectorised call), or
    from the lexicon rule when *detector* is None. Split out of :func:`assess` so that the
    calibration script can apply a detector retrained inside each fold to the same readings."""
    result.harms, result.harm_probability = {}, {}
    if detector is None or not result.harm_rows:
        result.harms = dict(result.rule_harms)
        result.detector = "lexicon" if detector is None else "learned"
        return
    indexes = list(result.harm_rows)
    probabilities = detector.predict(np.asarray([result.harm_rows[i] for i in indexes]))
    threshold = detector.threshold
    span = 1.0 - threshold
    # Python floats: the same IEEE arithmetic as numpy's scalars, without a scalar object for
    # every comparison and division
    for i, p in zip(indexes, probabilities.tolist(), strict=True):
        if p >= threshold:
            result.harms[i] = float(min(1.0, (p - threshold) / span))
            result.harm_probability[i] = float(p)
    result.detector = "learned"


def _promotional_link(url: str, anchor: str = "") -> str:
    """Why a link is commercial ("affiliate link", "shop link", "buying link"), or ""."""
    if _AFFILIATE_URL.search(url):
        return "affiliate link"
    parts = urlsplit(url if "//" in url else f"//{url}")
    if _SHOP_URL.search(parts.path or "") or _SHOP_URL.search(parts.netloc or ""):
        return "shop link"
    if _SHOP_ANCHOR.search(anchor):
        return "buying link"
    return ""


# -- the number -----------------------------------------------------------------------------

def _saturate(amount: float, scale: float) -> float:
    return 1.0 - math.exp(-amount / scale)


def parts(
    result: Assessment, options: Options, coverage: CoverageModel | None = None
) -> dict[str, float]:
    """The five coverage parts (0-1) of the score. The harm part is the coverage model's
    probability (*coverage*, default the shipped model) when ``options.harm_model`` is
    ``"coverage"`` and a model is installed, else the saturating count of harm evidence."""
    harm_part = _saturate(result.harm_evidence, options.harm_scale)
    if options.harm_model == "coverage":
        model = coverage or load_coverage_model()
        if model is not None:
            harm_part = model.probability(coverage_features(result))
    values = {
        "harms": harm_part,
        "limitations": _saturate(len(result.limitations), options.limitation_scale),
        "quantified": _saturate(result.quantified_evidence, options.quantified_scale),
        "alternatives": _saturate(len(result.alternatives), options.alternative_scale),
        "advice": 1.0 if result.advice else 0.0,
    }
    if not result.benefit_claims:
        # nothing claimed, nothing owed: every part starts from the neutral floor
        values = {k: max(v, options.no_claim_floor) for k, v in values.items()}
    return values


def combine(part_values: dict[str, float], promotions: int, options: Options) -> float:
    """The score from the parts and the number of promotional sentences and links."""
    weights = {
        "harms": options.harm_weight,
        "limitations": options.limitation_weight,
        "quantified": options.quantified_weight,
        "alternatives": options.alternative_weight,
        "advice": options.advice_weight,
    }
    total = sum(weights.values())
    coverage = sum(weights[k] * part_values[k] for k in weights) / total
    penalty = min(options.promotion_penalty * promotions, options.max_promotion_penalty)
    return float(min(100.0, max(0.0, 100.0 * coverage - penalty)))


# -- findings -------------------------------------------------------------------------------

def _quote(words: list[str]) -> str:
    unique = list(dict.fromkeys(w.strip() for w in words))
    return ", ".join(f"'{w}'" for w in unique[:4])


def _strongest(result: Assessment) -> int | None:
    if not result.benefit_claims:
        return None
    return max(result.benefit_claims, key=lambda i: (result.claim_strength.get(i, 0.0), -i))


def _findings(analysis: Analysis, result: Assessment) -> list[Finding]:
    document = analysis.document
    sentences = analysis.sentences
    out: list[Finding] = []
    strongest = _strongest(result)
    anchor: Sentence | None = sentences[strongest] if strongest is not None else None
    benefit_word = ""
    if strongest is not None:
        hits = analysis.hits(BENEFITS)[strongest]
        benefit_word = hits[0].text if hits else ""

    if anchor is not None and not any(w >= 1.0 for w in result.rule_harms.values()):
        passing = ""
        if result.rule_harms:
            first = min(result.rule_harms)
            named = [h.text for h in analysis.hits(HARMS)[first]
                     if _notes(HARMS).get(h.entry) in _NAMED_NOTES]
            passing = f" (only a passing mention of {_quote(named)})" if named else ""
        out.append(make_finding(
            "HS401", document, anchor,
            f"benefits are claimed ({len(result.benefit_claims)} sentence(s), e.g. "
            f"'{benefit_word}') but no harm, side effect or risk of it is discussed "
            f"anywhere{passing}",
            "Say what can go wrong and how often: side effects, who should not use it, "
            "interactions, dependence, what happens at high doses.",
        ))
    elif anchor is not None and not result.named_harms and result.generic_harms:
        first = result.generic_harms[0]
        hits = [h for h in analysis.hits(HARMS)[first]
                if _notes(HARMS).get(h.entry) in ("generic", "weak")]
        words = _quote([h.text for h in hits]) or "a harm word"
        start, end = (hits[0].start, hits[-1].end) if hits else (None, None)
        out.append(make_finding(
            "HS402", document, sentences[first],
            f"harms are mentioned only in passing ({words}) without naming any",
            "Name the side effects and risks and say how common they are, e.g. 'nausea in 1 in "
            "10 users; liver damage has been reported'.",
            start=start, end=end,
        ))

    for index, hits in sorted(result.promotions.items()):
        words = _quote([h.text for h in hits])
        out.append(make_finding(
            "HS403", document, sentences[index],
            f"promotional language: {words}",
            "Drop buying prompts, shop recommendations and product superlatives; if the "
            "article is sponsored or links to a seller, disclose it.",
            start=hits[0].start, end=hits[-1].end,
        ))
    for index, text, url, why in result.promo_links:
        if index is not None and index in result.promotions:
            continue
        host = urlsplit(url if "//" in url else f"//{url}").netloc or url
        out.append(make_finding(
            "HS403", document, sentences[index] if index is not None else None,
            f"promotional {why}: '{text.strip() or url}' -> {host}",
            "Link to independent information (a regulator, a review, the study) rather than to a "
            "seller, or disclose the commercial relationship.",
        ))

    if anchor is not None and not any(v >= 0.5 for v in result.quantified.values()):
        bare = ""
        if result.quantified:
            first = min(result.quantified)
            numbers = [h.text for h in analysis.hits(QUANTIFIED)[first]]
            bare = (f" (only a bare figure such as {_quote(numbers[:1])}, with no base or "
                    "comparison)")
        out.append(make_finding(
            "HS404", document, anchor,
            f"{len(result.benefit_claims)} benefit claim(s) and no number anywhere to show how "
            f"large the benefit is{bare}",
            "Give the size of the effect in absolute terms: 'pain scores fell from 6 to 4 of 10', "
            "'3 in 100 fewer heart attacks', with the number of people studied.",
        ))
    if anchor is not None and not result.limitations:
        out.append(make_finding(
            "HS405", document, anchor,
            "no limitation or uncertainty is stated for the benefits claimed",
            "Say how strong the evidence is: 'a small 8-week study', 'in mice', 'observational, "
            "so it cannot show cause', 'more research is needed', 'not approved by the FDA'.",
        ))
    if result.recommendations and not result.advice:
        index = result.recommendations[0]
        hits = analysis.hits(RECOMMENDATION)[index]
        out.append(make_finding(
            "HS406", document, sentences[index],
            f"the article recommends use ({_quote([h.text for h in hits])}) but never advises "
            "checking with a doctor or pharmacist",
            "Add: 'Talk to your doctor or pharmacist before trying it, especially if you take "
            "other medicines, are pregnant or have a health condition.'",
            start=hits[0].start, end=hits[-1].end,
        ))
    return out


# -- the dimension --------------------------------------------------------------------------

def _metrics(analysis: Analysis, result: Assessment, part_values: dict[str, float] | None) -> dict:
    metrics: dict[str, object] = {
        "words": analysis.word_count,
        "benefit_claims": len(result.benefit_claims),
        "strong_benefit_claims": len(result.strong_benefit_claims),
        "harm_detector": result.detector,
        "harm_sentences": len(result.harms),
        "named_harm_sentences": len(result.named_harms),
        "harm_evidence": round(result.harm_evidence, 2),
        "harm_dismissals": len(result.dismissals),
        "limitation_sentences": len(result.limitations),
        "advice_sentences": len(result.advice),
        "alternative_sentences": len(result.alternatives),
        "quantified_sentences": len(result.quantified),
        "quantified_evidence": round(result.quantified_evidence, 2),
        "recommendations": len(result.recommendations),
        "promotional_sentences": len(result.promotions),
        "promotional_links": len(result.promo_links),
    }
    if part_values is not None:
        metrics["parts"] = {k: round(v, 4) for k, v in part_values.items()}
    return metrics


def score(analysis: Analysis, options: Options) -> DimensionScore:
    """Score how well harms and limits are covered beside the benefits claimed."""
    if analysis.word_count < options.min_words:
        return DimensionScore(
            NAME, "not_enough_text",
            summary=f"Too little prose to judge risk balance ({analysis.word_count} words; "
            f"{options.min_words} needed).",
            metrics={"words": analysis.word_count},
        )
    try:
        labels = analysis.claim_labels
    except ModelError as error:
        no_claims = np.zeros(len(analysis.sentences), dtype=int)
        result = assess(analysis, no_claims, options.harm_detector)
        return DimensionScore(
            NAME, "not_applicable",
            summary=f"Not scored: the claim classifier is not available ({error}).",
            metrics=_metrics(analysis, result, None),
            findings=[f for f in _findings(analysis, result) if f.code == "HS403"],
        )
    del labels  # computed (or failed) above; assess reads it with its probabilities
    result = assess(analysis, harm_detector=options.harm_detector)
    part_values = parts(result, options)
    value = combine(part_values, result.promotion_count, options)
    findings = _findings(analysis, result)
    return DimensionScore(
        NAME, "scored", score=value, summary=_summary(result, value),
        metrics=_metrics(analysis, result, part_values), findings=findings,
    )


def _summary(result: Assessment, value: float) -> str:
    promo = result.promotion_count
    selling = f"; {promo} promotional sentence(s) or link(s)" if promo else ""
    if not result.benefit_claims:
        return f"No benefit claims to balance{selling}."
    harms = (
        f"{len(result.named_harms)} sentence(s) naming harms"
        if result.named_harms
        else ("harms only in general terms" if result.harms else "no harms discussed")
    )
    return (
        f"{len(result.benefit_claims)} benefit claim(s) against {harms}, "
        f"{len(result.limitations)} limitation(s), {len(result.quantified)} sentence(s) with "
        f"numbers{selling}."
    )
