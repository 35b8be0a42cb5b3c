"""Claim hedging: are health claims stated no more strongly than the evidence allows?

What the score means
--------------------
**100**: every health claim is qualified or sourced and nothing is sensational. Points come off
for claims stated as fact, for sensational words and boosters and for absolutes; hedges earn a
little back. Anchor points with the default weights: an article whose only problem is one
sensational word per 1,000 words scores **61**; one whose claims are all unhedged direct causal
claims (but none bad enough for a finding) **86**; one where every claim is also an overclaim
finding **52**; three sensational words per 1,000 words and half the claims overstated, **under
20**; a sensational headline (HS206) and nothing else **61**. Read it as: 90+ measured, 70-90
some overreach, under 50 sensational.

The score is computed from counts that are all in ``metrics``:

* ``claims``: judged sentences (prose, not headings, questions, reference lists or "About ..."
  boilerplate) that the claim-strength model rates correlational, conditional or direct causal;
* ``unhedged_direct_claims``: claims rated direct causal with no hedge, not negated, not a
  rebutted claim, not safety advice or a warning of harm;
* ``overclaims``: sentences with an HS201, HS204 or HS205 finding;
* ``hype``: HS202 findings; ``absolutes``: HS203 findings; ``headline_hype``: HS206 findings
  (sensational words in headlines and subheadings);
* ``hedges``: hedge words in judged sentences ("may", "suggests", "more research", ...), of which
  ``possibility_hedges`` are "could": in health news and press releases "could" mostly floats
  a future benefit ("could lead to new treatments") rather than qualifying a finding, so it
  still silences HS201 but earns no hedge credit;
* ``randomised_trial``: 1 when a judged sentence reports a randomised or placebo/sham-controlled
  trial (not one that is needed, planned, ongoing or missing). A direct claim about such a
  trial's result is what the design can support (HealthNewsReview.org, "Does it grasp the
  quality of the evidence?"), so the two claim terms cost ``1 - trial_discount`` as much.
  Sensational words cost the same: no design justifies "miracle".

::

    trial   = 1 - trial_discount * randomised_trial                             # 0.75
    penalty = trial * direct_weight    * unhedged_direct_claims / max(claims, min_claims)  # 0.15
            + trial * overclaim_weight * overclaims / max(claims, min_claims)              # 0.5
            + hype_weight      * hype      / (max(words, min_words) / 1000)         # 0.5
            + absolute_weight  * absolutes / (max(words, min_words) / 1000)         # 0.1
            - hedge_credit     * min((hedges - possibility_hedges)
                                     / max(claims, min_claims), HEDGE_CAP)          # 0.05, 2
            + headline_weight  * headline_hype                                      # 0.5
    score   = 100 * exp(-max(penalty, 0))

Claim counts are divided by the number of claims and word counts by thousands of words, so a
long article is not punished for its length; a headline is one per article, so its words are
counted, not divided. ``exp`` keeps the score in (0, 100], makes each
problem cost a share of what is left (two bad articles still differ) and needs no floor.

How the weights were chosen
---------------------------
On the HealthNewsReview.org development split (``benchmarks/calibrate_hedging.py``): the score is
a monotone function of the penalty, so only the ratios of the weights matter for ranking. They
were chosen by grid search within cross-validation folds against the expert criterion
``sensational_language`` (press releases), then rounded; the overall scale (hype_weight 0.5) was
set so the anchor points above read sensibly. The script reports the out-of-fold AUC of that
procedure, which is the honest figure; see ``docs/dimensions/hedging.md`` for the numbers. The
overclaim weight is kept above what the folds picked (they preferred 0 to 1) so that fixing a
finding always raises the score. ``trial_discount`` (0.75) and ``headline_weight`` (0.5) are what
the folds picked (every fold chose 0.75; four of five chose 0.5), so they too were chosen with
the data in view; the out-of-fold figure accounts for that.

Too little to judge
-------------------
With fewer than ``min_words`` words of prose or fewer than ``min_claims`` claims the status is
``not_enough_text`` and there is no score; findings, if any, are still reported. A 60-word
blurb with one claim says too little about a writer's habits to put a number on.

What is not flagged (the false positives a medical editor would reject)
-----------------------------------------------------------------------
Questions and reference lists; headings, except for sensational words (HS206: causal verbs in
a headline are not judged, since whether "X Reduces Y" overreaches depends on the study);
sentences with a negation before the claim ("there is
no evidence that X cures Y", "not a miracle cure"); reports of someone else's claim ("marketed
as", "so-called", "claims"); goals and questions ("whether X reduces Y", "the search for a
cure"); safety advice ("never exceed the dose", "talk to your doctor"); firm warnings of harm
("high doses can lead to liver damage"); mechanisms with no health outcome ("binds to opioid
receptors"); past-tense reports of a study's result ("in the trial, X reduced pain by 20%").
Quoted words count like any other, because a researcher's "breakthrough" in a press release is
still the release's word, unless the sentence or a neighbour rebuts it. A citation in the
sentence or the next (a link, "(Smith et al., 2020)", "[3]", a superscript number, a DOI) or a
named journal or randomised trial silences HS201.

Performance: every lexicon is matched once per document through :meth:`Analysis.hits`; the
claim model runs once per document inside :attr:`Analysis.claim_labels`; everything here is a
walk over those cached results with a few precompiled regular expressions per sentence.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import attrgetter

from .. import lexicons
from ..analysis import Analysis
from ..document import Sentence
from ..lexicons import Hit
from ..report import DimensionScore, Finding, make_finding

NAME = "hedging"
#: Hedges per claim beyond this earn no more credit: piling "may" on "might" is not better
#: hedging, and the cap keeps a text of caveats from cancelling real overclaims.
HEDGE_CAP = 2.0

#: Lexicons this dimension reads (all project-written; see ``lexicons/``).
HEDGES = "hedges"
BOOSTERS = "boosters"
SENSATIONAL = "hedging_sensational"
INTENSIFIERS = "hedging_intensifiers"
ABSOLUTES = "absolutes"
PRECLINICAL = "preclinical"
CAUSAL_VERBS = "causal_verbs"
OBSERVATIONAL = "hedging_observational"
NEGATION = "hedging_negation"
DEBUNK = "hedging_debunk"
SAFETY = "hedging_safety"
HUMANS = "hedging_humans"
HARMS = "hedging_harms"
OUTCOMES = "hedging_outcomes"
NOT_ASSERTED = "hedging_not_asserted"


@dataclass(frozen=True)
class Options:
    """Settings of the hedging dimension (``[tool.healthscore.hedging]``).

    Parameters
    ----------
    min_words:
        Under this many words of prose the article is ``not_enough_text``.
    min_claims:
        Under this many claim sentences the article is ``not_enough_text``; it is also the
        smallest denominator of the claim shares, so one overclaim in a two-claim text does
        not count as 50%.
    overclaim_weight, hype_weight, absolute_weight, hedge_credit, headline_weight:
        The weights of the score formula (see the module docstring).
    trial_discount:
        Share (0-1) of the claim penalties waived when the article reports a randomised or
        placebo-controlled trial.
    """

    min_words: int = 100
    min_claims: int = 3
    direct_weight: float = 0.15
    overclaim_weight: float = 0.5
    hype_weight: float = 0.5
    absolute_weight: float = 0.1
    hedge_credit: float = 0.05
    headline_weight: float = 0.5
    trial_discount: float = 0.75

    def __post_init__(self) -> None:
        for name in ("min_words", "min_claims"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        for name in (
            "direct_weight", "overclaim_weight", "hype_weight", "absolute_weight", "hedge_credit",
            "headline_weight", "trial_discount",
        ):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a number >= 0, got {value!r}")
        if self.trial_discount > 1:
            raise ValueError(f"trial_discount must be between 0 and 1, got {self.trial_discount!r}")


# -- cheap, local context checks ------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: A citation the reader can follow: an author-year reference, a bracketed or superscript
#: number, a DOI/PMID or a bare URL. Each alternative comes with its *gates*: literals (or, for
#: "et al", a pattern with a literal prefix, which ``re`` finds quickly), one of which is inside
#: every match of the alternative, so :func:`_cites` searches for it only in sentences that
#: have one.
_CITATION_PARTS: tuple[tuple[str, tuple[str | re.Pattern[str], ...]], ...] = (
    (
        r"\(\s*(?:see\s+)?[A-Z][\w'\u2019-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\w'\u2019-]+)?,?"
        r"\s+(?:19|20)\d\d[a-z]?(?:\s*[;,][^)]{0,80})?\)",
        ("(",),
    ),
    (r"\b[A-Z][\w'\u2019-]+\s+et\s+al\.?,?\s*\(?(?:19|20)\d\d", (re.compile(r"et\s+al"),)),
    (r"\[\s*\d{1,3}(?:\s*[-\u2013,]\s*\d{1,3})*\s*\]", ("[",)),
    (
        r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+",
        tuple("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"),
    ),
    (
        r"\bdoi:\s*10\.|\bdoi\.org/|\bPMID:?\s*\d|\bhttps?://|\bwww\.",
        ("doi", "PMID", "http", "www."),
    ),
)
#: The whole pattern: what :func:`_cites` answers for (the tests compare the two).
_CITATION = re.compile("|".join(part for part, _ in _CITATION_PARTS))
_CITATION_GATES = tuple((re.compile(part), gates) for part, gates in _CITATION_PARTS)


def _cites(text: str) -> bool:
    """Whether :data:`_CITATION` occurs in *text*. A sentence matches the pattern when it
    matches one of its alternatives, and an alternative can only match a sentence that holds
    one of its gates, so each alternative is searched only in a sentence holding a gate: most
    sentences hold none, and searching the whole pattern letter by letter costs three to five
    times more than testing the gates. Only the sentences whose overclaim would otherwise be
    reported are asked (:meth:`_Context.is_cited`), a few per article, not the whole
    document."""
    for part, gates in _CITATION_GATES:
        for gate in gates:
            if (gate in text) if isinstance(gate, str) else gate.search(text):
                if part.search(text):
                    return True
                break
    return False


_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b")
#: What separates "in mice, X" from "but in people, Y" (a comma alone does not).
_CONTRAST = re.compile(r";|\b(?:but|while|whereas|however|although|though|yet|unlike)\b", re.I)
_PREVIOUS_WORD = re.compile(r"([^\W_]+(?:['\u2019][^\W_]+)?)[^\w]*$")
_NEXT_WORD = re.compile(r"^[^\w]*([^\W_]+)")
#: "Always talk to your doctor", "Never exceed the dose": an instruction, not a claim.
_IMPERATIVE_ABSOLUTE = re.compile(
    r"^\W*(?:always|never|do not|don't|be sure|make sure|avoid|check|talk|ask|consult|seek|call|"
    r"keep|store|read|follow|stop|use|take)\b",
    re.IGNORECASE,
)
_RANDOMISED = re.compile(r"\brandomi[sz]ed\b|\bplacebo\b|\bcontrolled trial\b", re.IGNORECASE)
#: A sentence that describes a randomised or placebo/sham-controlled trial ...
_TRIAL_DESIGN = re.compile(
    r"\brandomi[sz]ed\b|\brandomly\s+(?:assigned|allocated|selected|divided)\b|\bplacebo\b|"
    r"\bsham\b|\bdouble[- ]blind(?:ed)?\b|\bcontrolled\s+(?:clinical\s+)?trials?\b",
    re.IGNORECASE,
)
#: Every match of :data:`_TRIAL_DESIGN` and :data:`_RANDOMISED` starts with one of these
#: words, lowercased, as a whole word (each alternative opens with ``\b`` and one of them and
#: goes on with a character that is not part of a word): a sentence without any cannot mention
#: a trial (:func:`_sentences_with_words`).
_TRIAL_WORDS = frozenset(
    {"randomised", "randomized", "randomly", "placebo", "sham", "double", "controlled"}
)
#: ... that is planned, needed, ongoing or missing rather than reported ("larger randomised
#: trials are needed", "an ongoing placebo-controlled trial", "with no placebo control").
_TRIAL_NOT_DONE = re.compile(
    r"\b(?:needs?|needed|future|plan|plans|planned|planning|will|would|should|warrants?|"
    r"warranted|call(?:s|ed)?\s+for|larger|further|ongoing|upcoming|absence|without|lack|lacks|"
    r"lacked)\b",
    re.IGNORECASE,
)
#: Hedges that, in health news and press releases, mostly float a possible future benefit
#: ("could lead to new treatments", "could transform care") rather than qualify a finding:
#: they still silence HS201, but earn no hedge credit in the score.
_POSSIBILITY_HEDGES = frozenset({"could"})
_ENTRY = attrgetter("entry")
#: "About Elsevier", "Media contact": an organisation's boilerplate, not the article's claims.
_BOILERPLATE = re.compile(r"^\W*(?:about\s|media\s+contacts?\b|contacts?\b|disclosures?\b)", re.I)
#: Boosters that claim proof count anywhere ("clinically proven"), the others only in a claim.
_PROOF = re.compile(r"prov|proof")
_CONDITIONAL_START = re.compile(r"^\W*(?:if|unless|whether)\b", re.IGNORECASE)

#: Words before a causal verb that make it a noun or an adjective, not a claim:
#: "a cure", "the cause", "an increase", "with reduced risk".
_NOT_VERB_BEFORE = _words(
    "a an the this that these those its their his her our your my any no some each every of "
    "for with without by from in on at into as first main leading major primary common "
    "potential possible health root real true one another such same other more less seek "
    "get getting need needs needed find finding search searching hope hoping quest toward "
    "towards develop developing closer new future total"
)
#: Words after a causal verb that make it a noun: "cause of", "increase in", "benefits are".
_NOT_VERB_AFTER = _words("of in for are were was is")
#: Base forms that are also nouns or adjectives ("lower back pain", "a cut", "stop taking",
#: "ease of use"): read as verbs only after a modal, "help(s)" or a pronoun.
_AMBIGUOUS_BASE = _words(
    "cure cause benefit increase decrease help aid cut treat block trigger raise lower slow "
    "stop ease burn fight combat repair halt heal"
)
_BASE_OK_BEFORE = _words(
    "can could will would must does do did help helps helped they we you which that who"
)
#: Third-person forms that are also plural nouns ("Benefits include ...", "Causes are ...").
_NOUNISH_PLURALS = _words(
    "benefits causes increases decreases cuts aids cures treats blocks triggers raises "
    "helps works results leads burns repairs"
)
_PAST_NOTE = "past"
#: Verbs that state a benefit against a harm ("reduces the risk of death"); with them a harm
#: word does not make the sentence a warning.
_PROTECTIVE = re.compile(
    r"^(?:reduc|lower|cut|decreas|prevent|protect|stop|halt|slow|block|revers|eliminat|"
    r"eradicat|cur|treat|heal|reliev|alleviat|eas|fight|combat|kill|destroy)",
    re.IGNORECASE,
)
#: Verbs that say nothing about the direction of an effect.
_NEUTRAL = re.compile(r"^(?:caus|lead|result|trigger|increas)", re.IGNORECASE)
_BENEFIT_AFTER = re.compile(
    r"\W+(?:[\w-]+\W+){0,3}?(?:relief|improvements?|better|recovery|remission|weight\s+loss|"
    r"healing|survival|longevity|quality\s+of\s+life|energy|wellbeing|well-being|benefits?|"
    r"cures?|reductions?\s+in)\b",
    re.IGNORECASE,
)
#: After "breakthrough": a regulatory or clinical term, not praise.
_TECHNICAL_AFTER = _words(
    "therapy therapies device devices designation designations status pain infection "
    "infections case cases bleeding seizure seizures symptom symptoms prize prizes award awards"
)
#: "find a cure", "hope for a breakthrough": the word names a goal, not a result.
_GOAL_BEFORE = _words(
    "find finding found search searching seek seeking hope hoping toward towards develop "
    "developing quest closer looking pursue pursuing"
)


#: "the search for", "the race for": a goal follows.
_GOAL_FOR = re.compile(
    r"\b(?:search|quest|hunt|race|looking|hope|hoping|push)\s+for(?:\s+(?:a|an|the|new))?\W*$",
    re.IGNORECASE,
)


#: :data:`_PREVIOUS_WORD` read backwards: on the reversed 40 characters before a position it
#: matches from the first character, so it reads only the word wanted, where
#: ``_PREVIOUS_WORD.search`` tries all 40 starting positions in turn. Both give the same word:
#: the longest run of letters and digits (with at most one inner apostrophe) that only
#: non-word characters separate from the position.
_PREVIOUS_WORD_REVERSED = re.compile(r"[^\w]*((?:[^\W_]+['\u2019])?[^\W_]+)")


def _previous_word(text: str, start: int) -> str:
    """The lowercased word before ``text[start]`` (within 40 characters), or ""."""
    match = _PREVIOUS_WORD_REVERSED.match(text[max(0, start - 40):start][::-1])
    return match.group(1)[::-1].lower() if match else ""


def _next_word(text: str, end: int) -> str:
    match = _NEXT_WORD.match(text[end:end + 40])
    return match.group(1).lower() if match else ""


def _same_clause(text: str, start: int, end: int) -> bool:
    """True when nothing between ``start`` and ``end`` splits the clause."""
    return _CLAUSE_BREAK.search(text, start, end) is None


def _negated_before(text: str, hit: Hit, negations: list[Hit], reach: int = 45) -> bool:
    """A negation shortly before *hit*, in the same clause ("not a miracle", "no cure for"),
    or one that starts before it and covers it ("no proof")."""
    return any(
        n.start < hit.start and (
            n.end > hit.start
            or (hit.start - n.end <= reach and _same_clause(text, n.end, hit.start))
        )
        for n in negations
    )


#: Absolutes that quantify who or what ("all", "everyone"): part of the claim only after its
#: verb ("cures all types", "works for everyone"); before it they usually name a group ("input
#: from all specialists who treat ...").
_QUANTIFIERS = _words("all every everyone everybody anyone nobody no one")
_NOT_ABSOLUTE_BEFORE = _words(
    "of we you they us them who almost nearly virtually practically not"
)
#: "all-natural", "all the more", "all day", "every week", "every other": not a claim's scope.
_NOT_ABSOLUTE_AFTER = re.compile(
    r"-|\s+(?:the\s+(?:more|better|same|time)|day|days|night|nights|week|weeks|year|years|"
    r"month|months|morning|evening|hour|hours|time|times|along|at\s+once|of\s+a\s+sudden|but|"
    r"in\s+all|few|other|so\s+often)\b",
    re.IGNORECASE,
)


def _absolute_in_claim(
    text: str, hit: Hit, verbs: list[_Verb], negations: list[Hit], reach: int = 50
) -> bool:
    """The absolute belongs to a causal claim: close to its verb, in the same clause ("can aid
    with all these aspects", "completely cures"), not softened ("almost every"), not a share
    ("half of all patients"), not negated."""
    if (
        _previous_word(text, hit.start) in _NOT_ABSOLUTE_BEFORE
        or _NOT_ABSOLUTE_AFTER.match(text, hit.end)
        or _negated_before(text, hit, negations)
    ):
        return False
    quantifier = hit.text.lower().split()[0] in _QUANTIFIERS
    for verb in verbs:
        if hit.start >= verb.hit.end:
            gap = (verb.hit.end, hit.start)
        elif hit.end <= verb.start and not quantifier:
            gap = (hit.end, verb.start)
        else:
            continue
        if gap[1] - gap[0] <= reach and _same_clause(text, *gap):
            return True
    return False


def _in_quotes(text: str, start: int) -> bool:
    before = text[:start]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


@cache
def _notes(name: str) -> dict[str, str]:
    return lexicons.load(name).notes


def _looks_plural(word: str) -> bool:
    """A plural subject before a base-form verb: "supplements reduce", "omega-3s lower"."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def _is_base_form(word: str, past: bool) -> bool:
    """True for "reduce", "lead", "protect"; False for "reduces", "works", "reduced",
    "is" (in "is effective") and "are"."""
    return not past and not word.endswith("s") and word not in ("is", "are")


@dataclass(slots=True)
class _Verb:
    hit: Hit
    start: int  # includes a preceding modal ("can cure")
    past: bool
    hedged_form: str

    def phrase(self, text: str) -> str:
        return text[self.start:self.hit.end]


#: A modal, optionally with an adverb, right before a verb: "can reduce", "will dramatically
#: cut", "helps improve".
_MODAL_BEFORE = re.compile(
    r"\b(?:can|could|will|would|must|does|do|did|(?:helps?|helped)(?:\s+to)?|"
    r"(?:(?:was|were)\s+)?(?:ability|able|power)\s+to)\s+"
    r"(?:also\s+|\w+ly\s+)?$",
    re.IGNORECASE,
)
#: "People who drink green tea reduce ...": a plural subject ahead of a base-form verb.
_PLURAL_WHO = re.compile(
    r"\b(?:people|those|women|men|adults|children|kids|individuals|patients|users|smokers)"
    r"\s+who\b",
    re.IGNORECASE,
)
_PAST_MODAL = re.compile(r"(?:helped|did|was|were)\b", re.IGNORECASE)
#: What a match of :data:`_MODAL_BEFORE` ends with, before the white space before the verb:
#: a modal, "help(s/ed)", "to" (of "helps to", "able to"), "also" or an adverb in "-ly".
_MODAL_ENDINGS = (
    "can", "could", "will", "would", "must", "does", "do", "did", "help", "helps", "helped",
    "to", "also", "ly",
)


def _modal_before(text: str, start: int, before: str) -> re.Match[str] | None:
    """``_MODAL_BEFORE.search(text, max(0, start - 40), start)``, tried only when *before*,
    the lowercased word before *start* (:func:`_previous_word`), ends with one of
    :data:`_MODAL_ENDINGS`: a match ends with one of them and white space, and the word before
    *start* then ends with it too. Searching the 40 characters costs several times more than
    the test, and most causal verbs have no modal. Dotless and dotted capital I and long s,
    which ``re.IGNORECASE`` matches to "i" and "s" though ``str.lower`` does not lower them to
    these, send the text to the pattern as it is."""
    if not before.endswith(_MODAL_ENDINGS) and lexicons.case_folds_simply(text):
        return None
    return _MODAL_BEFORE.search(text, max(0, start - 40), start)


def _causal_verbs(text: str, hits: list[Hit]) -> list[_Verb]:
    """The causal-verb hits of one sentence that read as verbs, with their tense."""
    notes = _notes(CAUSAL_VERBS)
    verbs = []
    for hit in hits:
        word = hit.text.lower().split()[0]
        before = _previous_word(text, hit.start)
        after = _next_word(text, hit.end)
        if (not before and word in _NOUNISH_PLURALS) or (
            before in _NOT_VERB_BEFORE
            and not (before in ("this", "that") and word.endswith("s"))  # "that relieves"
        ):
            continue
        if after in _NOT_VERB_AFTER and word not in ("is", "are", "works"):
            continue
        note = notes.get(hit.entry, "")
        past = note == _PAST_NOTE
        if hit.text[:1].isupper() and hit.start > 0:
            continue  # Title Case mid-sentence: the title of a paper ("... Improves Outcomes")
        modal = _modal_before(text, hit.start, before)
        if _is_base_form(word, past) and not modal:
            if word in _AMBIGUOUS_BASE and before not in _BASE_OK_BEFORE:
                continue  # "lower back pain", "a cut", "stop taking"
            if not (
                before in _BASE_OK_BEFORE or _looks_plural(before)
                or _PLURAL_WHO.search(text, 0, hit.start)
            ):
                continue  # "used to treat", "exercises to de-stress, reduce worry"
        if modal and _PAST_MODAL.match(modal.group()):
            past = True  # "helped reduce", "were able to lower": a reported result
        start = hit.start
        if modal and not past and not modal.group().lower().startswith("help"):
            start = modal.start()  # "can relieve", not "helps relieve"
        verbs.append(_Verb(hit, start, past, note if not past else ""))
    return verbs


# -- per-document assessment ----------------------------------------------------------------


@dataclass(slots=True)
class Assessment:
    """What the hedging checks found in one document (the inputs of the score)."""

    words: int = 0
    sentences: int = 0
    claims: int = 0
    direct_claims: int = 0
    unhedged_direct_claims: int = 0
    hedged_claims: int = 0
    hedges: int = 0
    overclaims: int = 0
    hype: int = 0
    absolutes: int = 0
    headline_hype: int = 0
    possibility_hedges: int = 0
    randomised_trial: bool = False
    findings: list[Finding] = field(default_factory=list)

    def metrics(self) -> dict[str, float | int]:
        per_kw = 1000 / self.words if self.words else 0.0
        return {
            "words": self.words,
            "sentences": self.sentences,
            "claims": self.claims,
            "direct_claims": self.direct_claims,
            "unhedged_direct_claims": self.unhedged_direct_claims,
            "hedged_claims": self.hedged_claims,
            "hedges": self.hedges,
            "overclaims": self.overclaims,
            "hype": self.hype,
            "absolutes": self.absolutes,
            "headline_hype": self.headline_hype,
            "possibility_hedges": self.possibility_hedges,
            "randomised_trial": int(self.randomised_trial),
            "hedged_claim_share": self.hedged_claims / self.claims if self.claims else 0.0,
            "hedges_per_claim": self.hedges / self.claims if self.claims else 0.0,
            "overclaim_share": self.overclaims / self.claims if self.claims else 0.0,
            "unhedged_direct_share": (
                self.unhedged_direct_claims / self.claims if self.claims else 0.0
            ),
            "hype_per_1000_words": self.hype * per_kw,
            "absolutes_per_1000_words": self.absolutes * per_kw,
        }


class _Context:
    """Everything the rules read about one document, gathered once."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.document = analysis.document
        self.sentences = analysis.sentences
        self.labels = analysis.claim_label_list
        self.hits = {name: analysis.hits(name) for name in (
            HEDGES, BOOSTERS, SENSATIONAL, INTENSIFIERS, ABSOLUTES, PRECLINICAL, CAUSAL_VERBS,
            OBSERVATIONAL, NEGATION, DEBUNK, SAFETY, HUMANS, HARMS, OUTCOMES, NOT_ASSERTED,
        )}
        self.linked = {
            link.sentence_index for link in self.document.links if link.sentence_index is not None
        }
        #: Whether a sentence cites a source, for the sentences asked so far (:meth:`is_cited`).
        self._cited: dict[int, bool] = {}
        #: The asserted causal verbs of the sentences asked so far (:meth:`asserted_verbs`).
        self._verbs: dict[int, list[_Verb]] = {}
        #: Sentences that may mention a trial (None: any may), see :func:`_may_hold`.
        self.trial_candidates = _sentences_with_words(analysis.lexicon_corpus, _TRIAL_WORDS)
        blocks = self.document.blocks
        boilerplate: dict[str, bool] = {}  # per section title: most sentences share a few
        for section in {block.section for block in blocks}:
            boilerplate[section] = _BOILERPLATE.match(section) is not None
        #: Sentences the rules judge: prose, not headings, not questions, not references.
        self.judged: list[int] = []
        #: Headlines and subheadings (not questions, not boilerplate sections): checked for
        #: sensational words only (HS206), because a headline is a fragment, not a claim.
        self.headlines: list[int] = []
        for sentence in self.sentences:
            if (
                sentence.in_references
                or sentence.text.rstrip().endswith("?")
                or boilerplate[blocks[sentence.block_index].section]
            ):
                continue
            if sentence.kind != "heading":
                self.judged.append(sentence.index)
            elif not _BOILERPLATE.match(sentence.text):
                self.headlines.append(sentence.index)
        self.judged_set = set(self.judged)

    @cached_property
    def study_candidates(self) -> set[int] | None:
        """Sentences that may attribute a result to a study (:data:`_STUDY_WORDS`)."""
        return _sentences_with_words(self.analysis.lexicon_corpus, _STUDY_WORDS)

    @cached_property
    def journal_candidates(self) -> set[int] | None:
        """Sentences that may name a journal (:data:`_JOURNAL_WORDS`)."""
        return _sentences_with_words(self.analysis.lexicon_corpus, _JOURNAL_WORDS)

    def is_cited(self, i: int) -> bool:
        """Sentence *i* has a link or a citation (:data:`_CITATION`). Asked only of the few
        sentences an unhedged claim is in or before, so the others are never searched."""
        cited = self._cited.get(i)
        if cited is None:
            cited = self._cited[i] = i in self.linked or _cites(self.sentences[i].text)
        return cited

    def asserted_verbs(self, i: int) -> list[_Verb]:
        """Causal verbs of sentence *i* that are asserted: no negation, question word or goal
        ("whether", "aims to") before them in the sentence. Worked out on first use: about
        half of the sentences with a causal verb never need them (hedged, or no claim)."""
        verbs = self._verbs.get(i)
        if verbs is None:
            causal = self.hits[CAUSAL_VERBS][i]
            if not causal:
                verbs = []
            else:
                blockers = self.hits[NEGATION][i] + self.hits[NOT_ASSERTED][i]
                verbs = [
                    v for v in _causal_verbs(self.sentences[i].text, causal)
                    if not any(b.end <= v.start for b in blockers)
                ]
            self._verbs[i] = verbs
        return verbs


def assess(analysis: Analysis) -> Assessment:
    """Run the HS2xx checks over a document and count what the score needs."""
    ctx = _Context(analysis)
    hits = ctx.hits
    result = Assessment(words=analysis.word_count, sentences=len(ctx.judged))
    for i in ctx.headlines:
        _check_headline(ctx, i, result)
    # Looked up once, not per sentence: most sentences have no hit in most lexicons.
    labels = ctx.labels
    hedge_hits, negation_hits, debunk_hits = hits[HEDGES], hits[NEGATION], hits[DEBUNK]
    causal_hits = hits[CAUSAL_VERBS]
    sensational_hits, booster_hits, intensifier_hits = (
        hits[SENSATIONAL], hits[BOOSTERS], hits[INTENSIFIERS]
    )
    hype_hits = (
        (SENSATIONAL, sensational_hits), (BOOSTERS, booster_hits), (INTENSIFIERS, intensifier_hits)
    )
    for i in ctx.judged:
        label = labels[i]
        hedges = hedge_hits[i]
        if not (
            label or hedges or causal_hits[i]
            or sensational_hits[i] or booster_hits[i] or intensifier_hits[i]
        ):
            continue  # no claim, hedge, verb or hype word: nothing to count or check
        sentence = ctx.sentences[i]
        text = sentence.text
        hedged = bool(hedges)
        negations = negation_hits[i]
        debunked = bool(debunk_hits[i])
        if label > 0:
            result.claims += 1
            result.direct_claims += label == 3
            result.hedged_claims += hedged
            result.unhedged_direct_claims += (
                label == 3 and not hedged and not negations and not debunked
                and not _is_warning(ctx, i)
            )
        if hedges:
            result.hedges += len(hedges)
            result.possibility_hedges += sum(
                map(_POSSIBILITY_HEDGES.__contains__, map(str.lower, map(_ENTRY, hedges)))
            )

        # HS202: boosters and sensational words; boosters and intensifiers only in a claim.
        for name, per_sentence in hype_hits:
            for hit in per_sentence[i]:
                if not (
                    label > 0 or name == SENSATIONAL or _PROOF.search(hit.entry)
                    or ctx.asserted_verbs(i)
                ):
                    continue  # "it is certainly important to ..." is not about a claim
                if name == INTENSIFIERS and not _inflates_effect(text, hit):
                    continue  # "a powerful antibiotic", "an enormous burden": description
                if name != SENSATIONAL and hedged:
                    continue  # "can be highly effective for some patients": already qualified
                if not _hype_excused(ctx, i, hit, name):
                    result.hype += 1
                    result.findings.append(_hype_finding(analysis, sentence, hit, name))

        if hedged or debunked or label == 0 or not causal_hits[i] or _CONDITIONAL_START.match(text):
            continue
        verbs = ctx.asserted_verbs(i)
        if not verbs:
            continue
        verbs = _claim_verbs(ctx, i, verbs)
        safety = bool(hits[SAFETY][i])
        present = [v for v in verbs if not v.past]

        # HS203: absolutes inside an unhedged claim; never in safety advice.
        if present and not safety and not _IMPERATIVE_ABSOLUTE.match(text):
            for hit in hits[ABSOLUTES][i]:
                if _absolute_in_claim(text, hit, present, negations):
                    result.absolutes += 1
                    result.findings.append(_absolute_finding(analysis, sentence, hit))

        if not verbs or (label == 1 and not present):
            continue
        # HS204 / HS205 / HS201: one overclaim per sentence, the most specific rule first.
        finding = _preclinical_finding(ctx, i, verbs, label) if not safety else None
        if finding is None and not negations:
            finding = _observational_finding(ctx, i, verbs, label)
        if finding is None and label == 3 and not negations and not safety:
            finding = _unhedged_finding(ctx, i, present)
        if finding is not None:
            result.overclaims += 1
            result.findings.append(finding)
    # A flag for the whole document: only the sentences that name a trial can set it.
    candidates = ctx.judged if ctx.trial_candidates is None else sorted(ctx.trial_candidates)
    result.randomised_trial = any(
        _reports_trial(ctx, i) for i in candidates if i in ctx.judged_set
    )
    return result


def _sentences_with_words(corpus: lexicons.Corpus, words: frozenset[str]) -> set[int] | None:
    """The sentences holding one of the lowercase *words* as a whole word
    (:meth:`lexicons.Corpus.sentences_with_words`), which gate a pattern every match of which
    holds one of them (see :data:`_TRIAL_WORDS`). None when lowercased words cannot tell
    (:attr:`lexicons.Corpus.folds_like_re`: long s, dotless i, dotted capital I, which
    ``re.IGNORECASE`` matches to "s" and "i"): then every sentence is a candidate."""
    return corpus.sentences_with_words(words) if corpus.folds_like_re else None


def _may_hold(candidates: set[int] | None, i: int) -> bool:
    """False when sentence *i* is not among *candidates* (from :func:`_sentences_with_words`),
    so the pattern they gate cannot match it and need not run."""
    return candidates is None or i in candidates


def _reports_trial(ctx: _Context, i: int) -> bool:
    """Sentence *i* reports a randomised or placebo/sham-controlled trial (not one that is
    needed, planned, ongoing or missing, and not a negated mention)."""
    if not _may_hold(ctx.trial_candidates, i):
        return False
    text = ctx.sentences[i].text
    return bool(
        _TRIAL_DESIGN.search(text)
        and not _TRIAL_NOT_DONE.search(text)
        and not ctx.hits[NEGATION][i]
    )


def _check_headline(ctx: _Context, i: int, result: Assessment) -> None:
    """HS206: sensational words in a headline or subheading. Readers see the headline first
    and often only the headline; HealthNewsReview.org's reviewers judged it with the text
    ("the headline overreaches ..."). A headline has no claim label (headings are fragments),
    so only words that are sensational in any context count here: the sensational list, the
    boosters that claim proof ("Clinically Proven") and intensifiers of an effect
    ("Dramatically Reduces"), each with the same exclusions as in the text."""
    text = ctx.sentences[i].text
    hedged = bool(ctx.hits[HEDGES][i])
    for name in (SENSATIONAL, BOOSTERS, INTENSIFIERS):
        for hit in ctx.hits[name][i]:
            if name == BOOSTERS and "prov" not in hit.entry:
                continue  # "Proven", "Proves"; "Proof" in a headline is mostly sceptical
            if name == INTENSIFIERS and not _inflates_effect(text, hit):
                continue
            if name != SENSATIONAL and hedged:
                continue
            if not _hype_excused(ctx, i, hit, name):
                result.headline_hype += 1
                result.findings.append(_hype_finding(ctx.analysis, ctx.sentences[i], hit, name,
                                                     code="HS206"))


#: What an intensifier must modify to inflate an effect: "dramatic improvement",
#: "remarkable results", "dramatically reduces", "drastically cut".
_EFFECT_NOUN = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:improvements?|reductions?|decreases?|increases?|effects?|results?|"
    r"benefits?|recover(?:y|ies)|relief|responses?|success|impact|gains?|changes?|difference|"
    r"drops?|declines?|outcomes?|turnaround|healing|weight\s+loss)\b",
    re.IGNORECASE,
)
_EFFECT_VERB = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:reduc|improv|lower|increas|decreas|cut|boost|enhanc|extend|shrink|"
    r"shrank|slow|prolong|alter|chang|better|effective|safer|transform)",
    re.IGNORECASE,
)


def _inflates_effect(text: str, hit: Hit) -> bool:
    after = _EFFECT_VERB if hit.text.lower().endswith("ly") else _EFFECT_NOUN
    return after.match(text, hit.end) is not None


def _claim_verbs(ctx: _Context, i: int, verbs: list[_Verb]) -> list[_Verb]:
    """The causal verbs of sentence *i* that claim a health benefit: a health outcome follows
    the verb, and it is not a mechanism or a warning of harm."""
    text = ctx.sentences[i].text
    outcomes = ctx.hits[OUTCOMES][i]
    harms = ctx.hits[HARMS][i]
    kept = []
    for verb in verbs:
        if not any(o.start >= verb.hit.end for o in outcomes):
            continue  # no health outcome after the verb: a mechanism, not a health claim
        if verb.hit.text.lower().startswith("prevent") and _FROM_AFTER.match(text, verb.hit.end):
            continue  # "prevents drugs from reaching the brain": a mechanism
        if _NEUTRAL.match(verb.hit.text):
            # "cause", "lead to", "increase" state a benefit only with a benefit right after
            # them ("can lead to pain relief"); otherwise they mostly warn ("stress can cause
            # headaches") or describe a mechanism ("increases protein production").
            if not _BENEFIT_AFTER.match(text, verb.hit.end):
                continue
        elif harms and not _PROTECTIVE.match(verb.hit.text):
            continue  # "high doses can damage the liver": a warning, not an overclaim
        kept.append(verb)
    return kept


def _is_warning(ctx: _Context, i: int) -> bool:
    """Safety advice, or a firm statement of harm with no protective verb ("high doses can
    lead to liver damage"): stated firmly on purpose, not an overclaim."""
    if ctx.hits[SAFETY][i]:
        return True
    return bool(ctx.hits[HARMS][i]) and not any(
        _PROTECTIVE.match(v.hit.text) for v in ctx.asserted_verbs(i)
    )


def _hype_excused(ctx: _Context, i: int, hit: Hit, lexicon: str) -> bool:
    text = ctx.sentences[i].text
    if ctx.hits[DEBUNK][i] or _negated_before(text, hit, ctx.hits[NEGATION][i]):
        return True
    word = hit.text.lower()
    if word in ("proof", "proven") and text[hit.end:hit.end + 14].lower().startswith(
        ("-of-", " of concept", " of principle", " track record")
    ):
        return True
    before = _previous_word(text, hit.start)
    if before in _GOAL_BEFORE or (before == "to" and word.startswith("prov")):
        return True  # "hope to find a cure", "a larger study is needed to prove that"
    if before in ("for", "a", "an", "the", "new") and _GOAL_FOR.search(
        text, max(0, hit.start - 40), hit.start
    ):
        return True  # "the search for a cure", "the hunt for a breakthrough"
    if word.startswith("breakthrough") and _next_word(text, hit.end) in _TECHNICAL_AFTER:
        return True  # "Breakthrough Therapy designation", "breakthrough pain": technical terms
    if lexicon == SENSATIONAL and word in ("cures", "cured") and (
        before in _NOT_VERB_BEFORE or _next_word(text, hit.end) in _NOT_VERB_AFTER
    ):
        return True  # "cures for rare diseases", "the cured patients": nouns, adjectives
    # a quote of someone else's claim that a neighbouring sentence rebuts
    if _in_quotes(text, hit.start):
        return any(j in ctx.judged_set and ctx.hits[DEBUNK][j] for j in (i - 1, i + 1))
    return False


def _hype_finding(
    analysis: Analysis, sentence: Sentence, hit: Hit, lexicon: str, code: str = "HS202"
) -> Finding:
    instead = _notes(lexicon).get(hit.entry, "")
    kind = {
        BOOSTERS: "overstates certainty",
        SENSATIONAL: "is sensational",
        INTENSIFIERS: "inflates the effect",
    }[lexicon]
    start, end = hit.start, hit.end
    if lexicon == INTENSIFIERS:  # point at the intensifier, not the phrase it inflates
        end = start + len(hit.text.split()[0])
    word = sentence.text[start:end]
    if instead.startswith("("):
        suggestion = f"{instead[1:-1].capitalize()}; say what the study found and in whom."
    else:
        suggestion = (
            f'Write "{instead}" instead of "{word}", and say what the study found and in whom.'
        )
    where = " in the headline" if code == "HS206" else ""
    return make_finding(
        code, analysis.document, sentence, f'"{word}" {kind}{where}', suggestion,
        start=start, end=end,
    )


def _absolute_finding(analysis: Analysis, sentence: Sentence, hit: Hit) -> Finding:
    instead = _notes(ABSOLUTES).get(hit.entry, "")
    if instead.startswith("("):
        suggestion = f"{instead[1:-1].capitalize()}, and say for whom the claim holds."
    else:
        suggestion = f'Write "{instead}" instead of "{hit.text}", and say for whom the claim holds.'
    return make_finding(
        "HS203", analysis.document, sentence,
        f'"{hit.text}" makes an absolute health claim', suggestion, start=hit.start, end=hit.end,
    )


def _verb_suggestion(verb: _Verb, text: str) -> str:
    if verb.hedged_form:
        return f'"{verb.hedged_form}"'
    return f'"may have {verb.phrase(text)}"'


def _preclinical_finding(ctx: _Context, i: int, verbs: list[_Verb], label: int) -> Finding | None:
    """HS204: an animal or lab finding stated as a benefit for people."""
    sentences, hits = ctx.sentences, ctx.hits
    text = sentences[i].text
    verb = verbs[0]
    humans = [
        h for h in hits[HUMANS][i] if _same_clause(text, *sorted((h.end, verb.start)))
        or _same_clause(text, *sorted((verb.hit.end, h.start)))
    ]
    if not humans:
        return None
    animals = [
        a for a in hits[PRECLINICAL][i]
        if any(not _CONTRAST.search(text, *sorted((a.end, h.start))) for h in humans)
    ]
    if animals:
        animal = animals[0]
        message = (
            f'"{verb.phrase(text)}" is claimed for {humans[0].text} in a sentence about a '
            f'preclinical finding ("{animal.text}")'
        )
    elif (
        label == 3 and not verb.past and i - 1 in ctx.judged_set and hits[PRECLINICAL][i - 1]
        and sentences[i - 1].block_index == sentences[i].block_index
        and not hits[NEGATION][i - 1] and not hits[HEDGES][i]
    ):
        animal = hits[PRECLINICAL][i - 1][0]
        message = (
            f'"{verb.phrase(text)}" is claimed for {humans[0].text} right after a preclinical '
            f'finding ("{animal.text}")'
        )
    else:
        return None
    return make_finding(
        "HS204", ctx.document, sentences[i], message,
        f"Say the result is from {animal.text} and has not been shown in people; write "
        f"{_verb_suggestion(verb, text)} if you keep the claim.",
        start=verb.start, end=verb.hit.end,
    )


def _observational_finding(ctx: _Context, i: int, verbs: list[_Verb], label: int) -> Finding | None:
    """HS205: observational wording together with a direct causal claim."""
    sentence = ctx.sentences[i]
    text = sentence.text
    if _may_hold(ctx.trial_candidates, i) and _RANDOMISED.search(text):
        return None
    notes = _notes(OBSERVATIONAL)
    for verb in sorted(verbs, key=lambda v: v.past):
        for cue in ctx.hits[OBSERVATIONAL][i]:
            if notes.get(cue.entry) == "before" and cue.start > verb.start:
                continue
            who = cue.entry.endswith(" who")
            if who and not _HABIT_AFTER.match(text, cue.end):
                continue  # "people who have diabetes" names a group, not a habit
            if verb.past and not (who and label == 3):
                continue  # "... has been linked to improved health": a report, not a claim
            linked = "was linked to" if verb.past else "is linked to"
            return make_finding(
                "HS205", ctx.document, sentence,
                f'"{verb.phrase(text)}" states a cause, but "{cue.text}" describes an observed '
                "association",
                f'Say "{linked}" or {_verb_suggestion(verb, text)}, and say the study was '
                "observational and cannot show cause and effect.",
                start=verb.start, end=verb.hit.end,
            )
    return None


#: "People who drink / eat / exercise ...": the self-chosen habit of an observational study.
_HABIT_AFTER = re.compile(
    r"\s+(?:\w+ly\s+)?(?:drink|drank|eat|ate|take|took|use|used|consume|consumed|exercise|"
    r"exercised|smoke|smoked|sleep|slept|walk|walked|run|ran|meditate|meditated|follow|"
    r"followed|spend|spent|drinks|eats|takes|uses|consumes|exercises|smokes|sleeps|walks|runs|"
    r"follows|spends|chose|choose|chooses|prefer|preferred|prefers|reported|report)\b",
    re.IGNORECASE,
)
#: "In the trial, X lowered LDL by 12 mg/dL": a quantified result attributed to a study.
_STUDY_RESULT = re.compile(
    r"\b(?:in|from)\s+(?:the|this|our|their|a|two|three|several|clinical|randomi[sz]ed|controlled)"
    r"\s+(?:[\w-]+\s+){0,2}(?:study|studies|trials?|analysis|review|experiments?)\b"
    r"|\b(?:study|trial|analysis|researchers|investigators|authors)\s+(?:[\w-]+\s+){0,2}"
    r"(?:found|showed|shows|finds|demonstrated|reported|observed)\b",
    re.IGNORECASE,
)
#: Every match of :data:`_STUDY_RESULT` holds one of these words, lowercased, as a whole word
#: (after white space, before a non-word character): the gate of :func:`_sentences_with_words`.
_STUDY_WORDS = frozenset({
    "study", "studies", "trial", "trials", "analysis", "review", "experiment", "experiments",
    "researchers", "investigators", "authors",
})
_QUANTITY = re.compile(r"\d")
_FROM_AFTER = re.compile(r"\s+(?:[\w'\u2019-]+\s+){1,6}?from\b")
#: A named journal is a source the reader can find ("published today in The Lancet").
_JOURNAL = re.compile(
    r"\b(?:published|reported|appears?|appearing|presented)\s+(?:\w+\s+){0,3}?in\s+(?:the\s+)?"
    r"(?:journal\s+|medical\s+journal\s+)?(?:[A-Z]|the\s+[A-Z])"
    r"|\bin\s+the\s+(?:[\w-]+\s+)?journal\s+[A-Z]"
    r"|\b(?:JAMA|NEJM|BMJ|Lancet|PLOS|PLoS|Pediatrics|Circulation)\b"
)
#: Every match of :data:`_JOURNAL` holds one of these words, lowercased, as a whole word: the
#: verb, "journal" or the journal's name.
_JOURNAL_WORDS = frozenset({
    "published", "reported", "appear", "appears", "appearing", "presented", "journal", "jama",
    "nejm", "bmj", "lancet", "plos", "pediatrics", "circulation",
})


def _unhedged_finding(ctx: _Context, i: int, verbs: list[_Verb]) -> Finding | None:
    """HS201: a present-tense causal health claim with no hedge and no source."""
    n = len(ctx.sentences)
    if ctx.is_cited(i) or (i + 1 < n and ctx.is_cited(i + 1)):
        return None
    hits = ctx.hits
    sentence = ctx.sentences[i]
    text = sentence.text
    if hits[PRECLINICAL][i] and not hits[HUMANS][i]:
        return None  # scoped to animals or cells: "in mice, X improves ..."
    if (
        _QUANTITY.search(text)
        and _may_hold(ctx.study_candidates, i)
        and _STUDY_RESULT.search(text)
    ):
        return None  # a quantified result attributed to a study
    if (_may_hold(ctx.trial_candidates, i) and _RANDOMISED.search(text)) or (
        _may_hold(ctx.journal_candidates, i) and _JOURNAL.search(text)
    ):
        return None  # attributed to a randomised trial, or to a journal the reader can find
    for verb in verbs:
        return make_finding(
            "HS201", ctx.document, sentence,
            f'"{verb.phrase(text)}" states a health effect as fact, with no hedge and no source',
            f"Qualify it, e.g. {_verb_suggestion(verb, text)}, say what kind of study found it, "
            "and cite it.",
            start=verb.start, end=verb.hit.end,
        )
    return None


# -- the score ------------------------------------------------------------------------------


def penalty(metrics: dict[str, float | int], options: Options) -> float:
    """The penalty of the score formula from an assessment's metrics (module docstring)."""
    claims = max(int(metrics["claims"]), options.min_claims)
    kilowords = max(float(metrics["words"]), options.min_words) / 1000
    trial = 1.0 - options.trial_discount * bool(metrics.get("randomised_trial", 0))
    credited = metrics["hedges"] - metrics.get("possibility_hedges", 0)
    return (
        trial * options.direct_weight * metrics["unhedged_direct_claims"] / claims
        + trial * options.overclaim_weight * metrics["overclaims"] / claims
        + options.hype_weight * metrics["hype"] / kilowords
        + options.absolute_weight * metrics["absolutes"] / kilowords
        - options.hedge_credit * min(credited / claims, HEDGE_CAP)
        + options.headline_weight * metrics.get("headline_hype", 0)
    )


def score_from_metrics(metrics: dict[str, float | int], options: Options) -> float:
    """0-100 score from the counts (``100 * exp(-max(penalty, 0))``)."""
    return 100.0 * math.exp(-max(penalty(metrics, options), 0.0))


def score(analysis: Analysis, options: Options) -> DimensionScore:
    """Score claim hedging (see the module docstring for what the number means)."""
    found = assess(analysis)
    metrics = found.metrics()
    if found.words < options.min_words or found.claims < options.min_claims:
        return DimensionScore(
            NAME, "not_enough_text",
            summary=(
                f"Too little to judge claim hedging: {found.words} words and {found.claims} "
                f"health claims (needs {options.min_words} words and {options.min_claims} claims)."
            ),
            metrics=metrics, findings=found.findings,
        )
    value = score_from_metrics(metrics, options)
    return DimensionScore(
        NAME, "scored", score=value, summary=_summary(found), metrics=metrics,
        findings=found.findings,
    )


def _summary(found: Assessment) -> str:
    parts = [
        f"{found.hedged_claims} of {found.claims} health claims are hedged",
        f"{found.overclaims} stated more strongly than the evidence allows",
    ]
    if found.hype:
        parts.append(f"{found.hype} booster or sensational word{'s' if found.hype != 1 else ''}")
    if found.absolutes:
        parts.append(f"{found.absolutes} absolute{'s' if found.absolutes != 1 else ''}")
    return "; ".join(parts) + "."
