"""Citation density: are the article's claims backed by specific sources a reader can check?

What the score means
--------------------
0-100, higher is better. It answers "if I wanted to check where this article's claims come from,
could I, and are the sources varied and open about their interests?":

* **80-100**: the claims stand next to specific, checkable sources (links to research, public
  health agencies or reference works, numbered references resolved to a reference list, DOIs,
  author-year citations), several different ones; or a news story quotes several named experts,
  at least one independent of the study, and says who paid for it.
* **50-80**: some claims have checkable sources, or the article quotes a few named people and
  names its sources without linking them.
* **20-50**: sources are named but cannot be checked ("according to the CDC", "a 2020 trial in
  JAMA"), or one person is quoted; most claims stand alone.
* **0-20**: claims without sources, resting on "studies show", experts nobody names and shop links.

How it is computed
------------------
``score = 100 * base + 20 * transparency - min(20, 0.5 * vague)``, clipped to 0-100, where
``base = (2 * support + density + 4 * breadth) / 7`` (:class:`Weights`; without claims,
``base = (density + 4 * breadth) / 5``):

* ``support``: the mean, over claim sentences (claim model labels 1-3; conditional claims count
  half), of the best source credit near the claim: in the same sentence, the next or the
  previous sentence of the paragraph, or a footnote marker resolved to a reference entry.
  Credits (``citation_detection``): checkable sources about 1 (peer-reviewed or government link,
  DOI, PMID, resolved reference 1.0; author-year 0.8-1.0; academic 0.9 and reference-work 0.8
  links; preprint 0.7), named sources 0.4-0.75 (a named agency alone 0.4; a dated study 0.55;
  journal, year, study type and sample size 0.75), a named expert 0.5 (0.6 when independent of
  the study), a news link 0.5, an unknown site 0.4, social media 0.1, shops, affiliate links and
  unreliable sites 0. A claim inside a vague attribution ("studies show that...") gets 0.
* ``density``: ``1 - exp(-c / 4)`` where ``c`` is the credit of the in-text sources per 1,000
  words of prose plus half the credit of each reference-list entry (4 good citations per 1,000
  words give 0.63, 8 give 0.86).
* ``breadth``: how many different sources: distinct people quoted or cited by name, distinct
  checkable sources, and distinct organisations named as a quoted person's affiliation or in a
  funding or interest statement ("said Dr. Lee, a cardiologist at Yale"; "funded by the National
  Institutes of Health"), ``log(1 + n) / log(13)``, at most 1 (1 source 0.27, 3 sources 0.54,
  12 or more 1). Organisations named only as the source of a claim ("according to the CDC") are
  left out here: they already count in support and density.
* ``transparency``: independent experts ("who was not involved in the study", in the same
  sentence, the next one, or later by surname: "Netea was not involved in the study") and funding
  or conflict-of-interest statements ("funded by", "a federally funded study", "has stock in",
  "consultant for", "filed a patent", "no other disclosures"), ``log(1 + n) / log(4)``, at most 1.
* ``vague``: the number of vague attributions (HS301).
* ``quality`` (mean credit of all sources) is reported in ``metrics.components`` but has weight 0:
  the credits already carry it through support and density.

The weights were chosen by ``benchmarks/calibrate_citations.py`` on HealthNewsReview's
``sources_coi`` ratings within a constrained grid (support keeps at least a fifth of the base,
vague attributions always cost something), and validated out of fold; see
``docs/dimensions/citations.md``. Without claims and without sources or attributions the
dimension is ``not_applicable``; under ``min_words`` it is ``not_enough_text``; without the claim
model it is ``not_applicable`` (vague attributions and broken citations are still reported).

A named source that is not linked (the blog seed's "according to the World Health
Organization") is specific but not checkable: it earns partial credit (0.4), never the full credit
of a link or reference, and it does not prevent HS304 (no checkable sources).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import compress, count

from ..analysis import Analysis
from ..citation_detection import (
    AUTHORITATIVE_TYPES,
    NON_EVIDENCE_TYPES,
    Citation,
    CitationScan,
    scan,
)
from ..model import ModelError
from ..report import DimensionScore, Finding, make_finding

NAME = "citations"

@dataclass(frozen=True)
class Weights:
    """How the score's parts combine (see the module docstring).

    ``support``, ``density``, ``quality`` and ``breadth`` are relative weights of a 0-100 base
    (normalised to sum to 1; without claims, support's weight is dropped); ``transparency``
    is a bonus of up to that many points; each vague attribution costs ``vague_penalty`` points
    (at most ``max_vague_penalty``). The defaults were fitted with
    ``benchmarks/calibrate_citations.py`` (see ``docs/dimensions/citations.md``).
    """

    support: float = 0.2
    density: float = 0.1
    quality: float = 0.0
    breadth: float = 0.4
    transparency: float = 20.0
    vague_penalty: float = 0.5
    max_vague_penalty: float = 20.0

    def combine(self, parts: dict[str, float], has_claims: bool) -> float:
        """The 0-100 score from the parts (see :func:`components`)."""
        keys = ("support", "density", "quality", "breadth")
        weights = {k: getattr(self, k) for k in keys}
        if not has_claims:
            weights["support"] = 0.0
        total = sum(weights.values()) or 1.0
        base = sum(weights[k] * parts[k] for k in keys) / total
        bonus = self.transparency * parts["transparency"]
        penalty = min(self.max_vague_penalty, self.vague_penalty * parts["vague"])
        return max(0.0, min(100.0, 100.0 * base + bonus - penalty))


WEIGHTS = Weights()
#: Credit per 1,000 words at which density reaches 1 - 1/e.
DENSITY_SCALE = 4.0
REFERENCE_ENTRY_DENSITY_CREDIT = 0.5
#: Breadth: distinct people quoted or cited by name and distinct checkable sources, on a log
#: scale that reaches 1 at BREADTH_FULL (8 before organisations counted; 12 since: more things
#: count, and 12 ranked HealthNewsReview's ratings as well as 8 or 16 within noise). Named
#: organisations and dated studies are left out
#: (NAMED_BREADTH_WEIGHT 0): they already earn credit in support and density, and counting them
#: twice made the score worse at ranking HealthNewsReview's sourcing ratings.
BREADTH_FULL = 12
NAMED_BREADTH_WEIGHT = 0.0
#: Organisations named as a quoted person's affiliation or as a funder count as sources in
#: breadth: "who is speaking, from where, and who paid" (JAMA benchmarks' attribution and
#: disclosure; HealthNewsReview's "independent sources ... conflicts of interest").
ORGANISATION_BREADTH_WEIGHT = 1.0
#: Transparency: independent experts and funding/interest statements, log scale, 1 at 3.
TRANSPARENCY_FULL = 3
#: Conditional ("may reduce") claims need a source less than flat ones.
CLAIM_WEIGHT = {1: 1.0, 2: 0.5, 3: 1.0}
_STRENGTH_NAMES = ((1, "correlational"), (2, "conditional_causal"), (3, "direct_causal"))
#: A source this good (and checkable) makes a claim "checkably supported".
CHECKABLE_CREDIT = 0.7

_DOMAIN = re.compile(r"^(?:[a-z0-9*](?:[a-z0-9*-]*[a-z0-9])?\.)*[a-z0-9*-]+(?:/\S*)?$")
_EVIDENCE_ANCHOR = re.compile(
    r"\b(?:study|studies|research|trial|trials|evidence|source|sources|review|paper|data|report|"
    r"according|shows?|found|proven|science|scientists|experts?|doctors?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Options:
    """``[tool.healthscore.citations]``.

    Parameters
    ----------
    trusted_domains:
        Extra domains that count as authoritative sources (for example your organisation's
        guideline site): ``["guidelines.example.org"]``. A path is allowed
        (``"example.org/research"``); subdomains match.
    untrusted_domains:
        Extra domains that are never evidence (treated like shops and misinformation sites).
    max_unsupported_findings:
        Most HS302 findings per article (strongest claims first); 0 turns them off.
    min_words:
        Under this many words of prose the article is ``not_enough_text``.
    min_claims_for_no_sources:
        HS304 needs at least this many claims.
    """

    trusted_domains: tuple[str, ...] = ()
    untrusted_domains: tuple[str, ...] = ()
    max_unsupported_findings: int = 5
    min_words: int = 50
    min_claims_for_no_sources: int = 2

    def __post_init__(self) -> None:
        for key in ("trusted_domains", "untrusted_domains"):
            value = getattr(self, key)
            if isinstance(value, str):
                value = (value,)
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{key} must be a list of domain names, got {value!r}")
            cleaned = []
            for domain in value:
                normal = re.sub(r"^[a-z][a-z0-9+.-]*://", "", domain.strip().lower()).lstrip(".")
                if not normal or not _DOMAIN.match(normal):
                    raise ValueError(
                        f"{key}: {domain!r} is not a domain name such as 'example.org'"
                    )
                cleaned.append(normal)
            object.__setattr__(self, key, tuple(cleaned))
        for key in ("max_unsupported_findings", "min_words", "min_claims_for_no_sources"):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{key} must be an integer >= 0, got {value!r}")


@dataclass(frozen=True, slots=True)
class _Support:
    """The best source near one claim."""

    credit: float
    kind: str  # checkable | named | commercial | vague | none
    source: Citation | None


#: The support of a claim with no source in its window, inside a vague attribution or not.
_IN_VAGUE = _Support(0.0, "vague", None)
_UNSUPPORTED = _Support(0.0, "none", None)


def score(analysis: Analysis, options: Options) -> DimensionScore:
    """Score how well the article's claims are backed by checkable sources."""
    result = scan(analysis, options.trusted_domains, options.untrusted_domains)
    findings = _vague_findings(analysis, result) + _broken_findings(analysis, result)

    if analysis.word_count < options.min_words:
        return DimensionScore(
            NAME, "not_enough_text",
            summary=f"Too little prose to judge sourcing ({analysis.word_count} words; "
            f"{options.min_words} needed).",
            metrics=_detection_metrics(analysis, result), findings=findings,
        )
    try:
        labels = analysis.claim_label_list
    except ModelError as error:
        return DimensionScore(
            NAME, "not_applicable",
            summary=f"Not scored: the claim classifier is not available ({error}).",
            metrics=_detection_metrics(analysis, result), findings=findings,
        )

    claims, supports, parts = assess(analysis, result, labels)
    metrics = _detection_metrics(analysis, result)
    value = WEIGHTS.combine(parts, bool(claims))
    metrics.update(_claim_metrics(claims, supports, labels))
    metrics["components"] = {k: round(v, 4) for k, v in parts.items()}

    findings += _claim_findings(analysis, result, claims, supports, labels, options)
    findings += _unreliable_link_findings(analysis, result, supports)

    if not claims and not result.sources and not result.vague:
        return DimensionScore(
            NAME, "not_applicable",
            summary="No health claims and no sources: nothing that needs a citation.",
            metrics=metrics, findings=findings,
        )
    return DimensionScore(NAME, "scored", score=value,
                          summary=_summary(value, claims, supports, result),
                          metrics=metrics, findings=findings)


def assess(
    analysis: Analysis, result: CitationScan, labels: object
) -> tuple[list[int], dict[int, _Support], dict[str, float]]:
    """Claim sentences, the support of each, and the score's parts (see :func:`components`).

    Public so that ``benchmarks/calibrate_citations.py`` can compute the parts once per article
    and re-fit :class:`Weights` out of fold without re-running detection."""
    sentences = analysis.sentences
    # the sentences with a non-zero label (a third of them), in order, then the prose ones
    claims = [i for i in compress(count(), labels)  # type: ignore[call-overload]
              if labels[i] > 0 and not sentences[i].in_references  # type: ignore[index]
              and sentences[i].kind != "heading"]
    vague_sentences = {c.sentence_index for c in result.vague}
    by_sentence = result.by_sentence
    supports = {}
    for i in claims:
        if i in by_sentence or i + 1 in by_sentence or i - 1 in by_sentence:
            supports[i] = _support(analysis, result, i, i in vague_sentences)
        else:
            # no source in the window (most claims): what _support finds without looking
            supports[i] = _IN_VAGUE if i in vague_sentences else _UNSUPPORTED
    return claims, supports, components(analysis, result, claims, supports, labels)


# -- support -----------------------------------------------------------------------------------

def _window(analysis: Analysis, i: int) -> list[int]:
    """The claim's sentence, then the next and the previous one in the same block."""
    sentences = analysis.sentences
    block = sentences[i].block_index
    near = [i]
    for j in (i + 1, i - 1):
        if 0 <= j < len(sentences) and sentences[j].block_index == block \
                and not sentences[j].in_references:
            near.append(j)
    return near


def _support(analysis: Analysis, result: CitationScan, i: int, vague: bool) -> _Support:
    if vague:
        # "Studies show that X": the attribution is the problem (HS301), not a missing source
        own = [c for c in result.by_sentence.get(i, ()) if c.credit > 0]
        if not own:
            return _Support(0.0, "vague", None)
    candidates: list[Citation] = []
    for j in _window(analysis, i):
        candidates.extend(result.by_sentence.get(j, ()))
    if not candidates:
        return _Support(0.0, "none", None)
    best = max(candidates, key=lambda c: (c.credit, c.checkable, -abs(c.sentence_index - i)))
    if best.credit <= 0:
        if any(c.kind == "link" and c.source_type in NON_EVIDENCE_TYPES for c in candidates):
            shop = next(c for c in candidates
                        if c.kind == "link" and c.source_type in NON_EVIDENCE_TYPES)
            return _Support(0.0, "commercial", shop)
        return _Support(0.0, "none", None)
    kind = "checkable" if best.checkable and best.credit >= CHECKABLE_CREDIT else "named"
    return _Support(best.credit, kind, best)


def components(
    analysis: Analysis, result: CitationScan, claims: list[int], supports: dict[int, _Support],
    labels: object,
) -> dict[str, float]:
    """The score's parts, each 0-1 (``vague`` is a count)."""
    words = max(analysis.word_count, 1)
    in_text = [c for c in result.sources if c.kind != "reference_entry"]
    credit = sum(c.credit for c in in_text) + REFERENCE_ENTRY_DENSITY_CREDIT * sum(
        c.credit for c in result.sources if c.kind == "reference_entry"
    )
    density = 1.0 - math.exp(-credit * 1000.0 / words / DENSITY_SCALE)
    n_sources = len(result.sources)
    quality = sum(c.credit for c in result.sources) / n_sources if n_sources else 0.0
    distinct = _distinct_sources(result)
    sources = (distinct["experts"] + distinct["independent_experts"] + distinct["checkable"]
               + NAMED_BREADTH_WEIGHT * distinct["named"]
               + ORGANISATION_BREADTH_WEIGHT * distinct["organisations"])
    breadth = min(1.0, math.log1p(sources) / math.log1p(BREADTH_FULL))
    transparency = min(1.0, math.log1p(distinct["independent_experts"] + len(result.disclosures))
                       / math.log1p(TRANSPARENCY_FULL))
    if claims:
        weights = [CLAIM_WEIGHT[int(labels[i])] for i in claims]  # type: ignore[index]
        credits = [supports[i].credit for i in claims]
        support = sum(w * c for w, c in zip(weights, credits, strict=True)) / sum(weights)
    else:
        support = 0.0
    return {"support": support, "density": density, "quality": quality, "breadth": breadth,
            "transparency": transparency, "vague": float(len(result.vague))}


def _distinct_sources(result: CitationScan) -> dict[str, int]:
    """Different sources named or cited (a person quoted five times is one source)."""
    experts = {c.detail[0] for c in result.sources if c.kind == "named_expert" and c.detail}
    independent = {c.detail[0] for c in result.sources
                   if c.kind == "named_expert" and c.source_type == "independent" and c.detail}
    named = {c.text.lower() for c in result.sources if c.kind == "named_source"}
    checkable = {(c.url or c.text).lower() for c in result.sources if c.checkable}
    organisations = {c.detail[0] for c in result.organisations if c.detail}
    return {"experts": len(experts - independent), "independent_experts": len(independent),
            "named": len(named), "checkable": len(checkable), "organisations": len(organisations)}


# -- metrics -----------------------------------------------------------------------------------

def _detection_metrics(analysis: Analysis, result: CitationScan) -> dict[str, object]:
    words = analysis.word_count
    in_text = [c for c in result.sources if c.kind != "reference_entry"]
    links = [c for c in result.sources if c.kind == "link"]
    link_types = Counter(c.source_type for c in links)
    kinds = Counter(c.kind for c in result.sources)
    distinct = _distinct_sources(result)
    return {
        "words": words,
        "citations": len(in_text),
        "citations_per_1000_words": round(len(in_text) * 1000.0 / words, 2) if words else 0.0,
        "checkable_citations": sum(1 for c in in_text if c.checkable),
        "reference_entries": result.reference_entries,
        "links": len(links),
        "authoritative_link_share": (
            round(sum(link_types[t] for t in AUTHORITATIVE_TYPES) / len(links), 4)
            if links else None
        ),
        "links_by_type": dict(sorted(link_types.items())),
        "sources_by_kind": dict(sorted(kinds.items())),
        "named_sources": kinds.get("named_source", 0),
        "named_experts": distinct["experts"] + distinct["independent_experts"],
        "independent_experts": distinct["independent_experts"],
        "organisations": distinct["organisations"],
        "distinct_sources": sum(distinct.values()),
        "vague_attributions": len(result.vague),
        "disclosures": len(result.disclosures),
        "broken_citations": len(result.broken),
    }


def _claim_metrics(
    claims: list[int], supports: dict[int, _Support], labels: object
) -> dict[str, object]:
    kinds = Counter(supports[i].kind for i in claims)
    supported = kinds["checkable"] + kinds["named"]
    strengths = Counter(int(labels[i]) for i in claims)  # type: ignore[index]
    return {
        "claims": len(claims),
        "claims_by_strength": {name: strengths[value] for value, name in _STRENGTH_NAMES},
        "claims_supported": supported,
        "claims_checkably_supported": kinds["checkable"],
        "claims_supported_share": round(supported / len(claims), 4) if claims else None,
        "claims_checkably_supported_share": (
            round(kinds["checkable"] / len(claims), 4) if claims else None
        ),
        "claims_on_commercial_sources": kinds["commercial"],
        "claims_in_vague_attributions": kinds["vague"],
    }


def _summary(
    value: float, claims: list[int], supports: dict[int, _Support], result: CitationScan
) -> str:
    checkable = sum(1 for i in claims if supports[i].kind == "checkable")
    named = sum(1 for i in claims if supports[i].kind == "named")
    vague = len(result.vague)
    if not claims:
        text = f"No health claims; {len(result.sources)} source(s) given."
    else:
        text = (f"{checkable} of {len(claims)} claims have a checkable source nearby, "
                f"{named} only a named one")
        text += f"; {vague} vague attribution(s)." if vague else "."
    if value >= 80:
        lead = "Well sourced: "
    elif value >= 50:
        lead = "Partly sourced: "
    elif value >= 20:
        lead = "Thinly sourced: "
    else:
        lead = "Unsourced: "
    return lead + text


# -- findings ----------------------------------------------------------------------------------

def _vague_findings(analysis: Analysis, result: CitationScan) -> list[Finding]:
    findings = []
    for c in result.vague:
        sentence = analysis.sentences[c.sentence_index]
        what = ("which study this is (no journal, year, author or link here or in the next "
                "sentence)" if c.source_type == "singular" else "which research this is")
        findings.append(make_finding(
            "HS301", analysis.document, sentence,
            f'vague attribution "{c.text}": nothing tells the reader {what}',
            'Name the source and link to it (e.g. "a 2020 review of 12 trials in the journal '
            'Pain (link) found ..."), or drop the attribution and say the evidence is uncertain.',
            start=c.start, end=c.end,
        ))
    return findings


def _broken_findings(analysis: Analysis, result: CitationScan) -> list[Finding]:
    messages = {
        "unresolved_marker": "reference marker {text} has no matching entry in a reference list",
        "placeholder": "placeholder {text} instead of a citation",
        "empty_link": 'link "{text}" has no target',
        "placeholder_link": 'link "{text}" points to a placeholder address ({url})',
    }
    findings = []
    for c in result.broken:
        sentence = analysis.sentences[c.sentence_index]
        template = messages.get(c.source_type, "broken citation {text}")
        message = template.format(text=c.text, url=c.url)
        findings.append(make_finding("HS306", analysis.document, sentence, message,
                                     start=c.start, end=c.end))
    return findings


def _claim_findings(
    analysis: Analysis, result: CitationScan, claims: list[int], supports: dict[int, _Support],
    labels: object, options: Options,
) -> list[Finding]:
    document = analysis.document
    findings: list[Finding] = []
    # HS303: claims resting only on shops, affiliate links or unreliable sites
    for i in claims:
        support = supports[i]
        if support.kind != "commercial" or support.source is None:
            continue
        shop = support.source
        sentence = analysis.sentences[i]
        host = shop.detail[0] if shop.detail else shop.url
        narrow = shop.sentence_index == i
        findings.append(make_finding(
            "HS303", document, sentence,
            f"this claim's only source is a {shop.source_type.replace('_', ' ')} link ({host}), "
            "which is not evidence",
            start=shop.start if narrow else None, end=shop.end if narrow else None,
        ))

    checkable_anywhere = any(c.checkable for c in result.sources)
    no_sources = len(claims) >= max(1, options.min_claims_for_no_sources) and not checkable_anywhere
    if no_sources:
        named = [c for c in result.sources if c.kind in ("named_source", "named_expert")]
        extra = ""
        if named:
            examples = ", ".join(f'"{c.text}"' for c in named[:2])
            extra = (f"; it names {len(named)} source(s) ({examples}) but gives no link or "
                     "reference to check them")
        findings.append(make_finding(
            "HS304", document, analysis.sentences[claims[0]],
            f"{len(claims)} health claims and no checkable source (no link to research or an "
            f"agency, no reference list, DOI or author-year citation){extra}",
        ))

    # HS302: unsupported claims, strongest first, capped
    strength = {3: 0, 1: 1}
    flagged = [i for i in claims if supports[i].kind == "none" and int(labels[i]) in strength]  # type: ignore[index]
    if no_sources:
        # the document-level finding already says it; point only at the flat causal claims
        flagged = [i for i in flagged if int(labels[i]) == 3]  # type: ignore[index]
    flagged.sort(key=lambda i: (strength[int(labels[i])], i))  # type: ignore[index]
    limit = options.max_unsupported_findings
    shown = sorted(flagged[:limit])
    rest = len(flagged) - len(shown)
    for n, i in enumerate(shown):
        kind = "causal" if int(labels[i]) == 3 else "correlational"  # type: ignore[index]
        message = f"{kind} claim with no source in this or the neighbouring sentences"
        if rest and n == len(shown) - 1:
            message += f" ({rest} more unsupported claim(s) not listed)"
        findings.append(
            make_finding("HS302", document, analysis.sentences[i], message, _UNSUPPORTED_HELP)
        )
    return findings


#: HS302's suggestion. Not the rule's documented example ("Kratom reduced back pain in a 2021
#: survey..."), which would read as advice about kratom on an article about anything else.
_UNSUPPORTED_HELP = (
    "Put the source in this sentence or the next: a link to the study or an agency page, or an "
    "author-year reference with the study's size and design; if there is no source, hedge the "
    "claim and say the evidence is uncertain."
)


def _unreliable_link_findings(
    analysis: Analysis, result: CitationScan, supports: dict[int, _Support]
) -> list[Finding]:
    """HS305: shop, social or unreliable links used as evidence (not already HS303)."""
    reported = {id(s.source) for s in supports.values() if s.kind == "commercial"}
    vague_sentences = {c.sentence_index for c in result.vague}
    findings = []
    for c in result.sources:
        if c.kind != "link" or id(c) in reported:
            continue
        if c.source_type not in NON_EVIDENCE_TYPES and c.source_type != "social":
            continue
        i = c.sentence_index
        as_evidence = i in supports or i in vague_sentences or bool(_EVIDENCE_ANCHOR.search(c.text))
        if not as_evidence:
            continue
        host = c.detail[0] if c.detail else c.url
        findings.append(make_finding(
            "HS305", analysis.document, analysis.sentences[i],
            f'link "{c.text}" is cited as evidence but points to a '
            f"{c.source_type.replace('_', ' ')} site ({host})",
            start=c.start, end=c.end,
        ))
    return findings
