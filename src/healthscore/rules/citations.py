"""HS3xx: citations. Are the article's claims backed by specific sources a reader can check?

The detectors live in :mod:`healthscore.citation_detection`, the score and the findings in
:mod:`healthscore.dimensions.citations`, the word lists in ``lexicons/`` (``vague_attributions``,
``citation_*``) and the domain lists in ``lexicons/domains/``.
"""
from __future__ import annotations

from . import Rule

_CHECKABLE = (
    "A source counts when it stands in the claim's sentence, the next sentence or the previous "
    "one in the same paragraph, or when a footnote marker there resolves to a reference entry. "
)

RULES = (
    Rule(
        "HS301", "vague-attribution", "citations", "warning",
        "An attribution that sounds like evidence but names nothing a reader could find: "
        "'studies show', 'research suggests', 'experts say', 'according to some research', "
        "'it has been shown', 'clinically proven', or 'a study found' / 'one study' with no "
        "journal, year, author, link or reference in that sentence or the next.",
        "Vague attributions borrow the authority of science without letting anyone check it; they "
        "are a hallmark of low-quality health information. The JAMA benchmarks (Silberg et al., "
        "1997) require 'attribution: references and sources for all content'; DISCERN question 4 "
        "asks 'Is it clear what sources of information were used?'; QUEST scores attribution; "
        "HealthNewsReview.org marked down stories whose evidence could not be traced.",
        "Studies have shown that kratom works as an analgesic.",
        "Name the source and link to it: 'A 2020 review of 12 small studies in the journal Pain "
        "(link) found that ...'. If no study can be named, drop the attribution and say the "
        "evidence is uncertain.",
    ),
    Rule(
        "HS302", "unsupported-claim", "citations", "info",
        "A health claim (the claim model rates it correlational or direct causal) with no source "
        "near it. " + _CHECKABLE + "At most `max_unsupported_findings` (default 5) are "
        "reported per article, strongest claims first; the count of the rest is in the last "
        "message and in the metrics. Info by default: the hedging rule HS201 already warns about "
        "unhedged causal claims without a citation.",
        "Readers and their doctors need to see where a claim comes from to judge it (JAMA "
        "benchmark 'attribution'; DISCERN question 4; CDC Clear Communication Index item on "
        "evidence). A claim with a source can be checked; one without can only be believed.",
        "Kratom reduces back pain by blocking pain signals.",
        "Kratom reduced back pain in a 2021 survey of 2,800 users (Smith et al., 2021); it has "
        "not been tested in controlled trials.",
    ),
    Rule(
        "HS303", "commercial-source-only", "citations", "warning",
        "A claim whose only nearby source is a shop, an affiliate link, a supplement vendor or a "
        "site listed as unreliable (domain lists in lexicons/domains/, extendable with "
        "untrusted_domains).",
        "A seller's product page is not evidence: it has a financial interest in the claim. "
        "HealthNewsReview.org's 'sources and conflicts of interest' criterion and the JAMA "
        "benchmark 'disclosure' both ask readers to be told when a source profits from what it "
        "says.",
        "Red vein kratom eases chronic pain ([buy here](https://shop.example-kratom.com/red)).",
        "Cite independent evidence (a trial, a review, an agency page) for the claim; if you also "
        "link to a shop, label it as a place to buy, not as a source.",
    ),
    Rule(
        "HS304", "no-checkable-sources", "citations", "warning",
        "An article that makes health claims but gives no source a reader can check: no link to "
        "research, an agency or a reference work, no reference list, no DOI, PMID or author-year "
        "citation. Named but unlinked sources ('according to the WHO') are counted in the "
        "message. Pinned to the first claim.",
        "Without any checkable source the reader cannot tell evidence from opinion (DISCERN "
        "question 4; JAMA benchmark 'attribution'; QUEST 'attribution').",
        "An article on kratom for pain with a dozen claims and only 'studies have shown'.",
        "Add links to the studies and agency pages behind the main claims, or a short "
        "References section that the text points to with numbered markers.",
    ),
    Rule(
        "HS305", "unreliable-source-link", "citations", "warning",
        "A link used as evidence (in a claim or attribution, or with an anchor such as 'study', "
        "'research', 'source') points to a shop, affiliate link, vendor, social-media post or a "
        "site listed as unreliable.",
        "Linking a claim to a product page, a Facebook post or a misinformation site makes it look "
        "sourced when it is not (JAMA benchmarks 'attribution' and 'disclosure'; DISCERN "
        "question 5, 'Is it clear when the information was produced?' and 4, sources).",
        "Kratom is safe for daily use, according to [this guide](https://www.kratomcrazy.com/guide).",
        "Link to the study or agency page itself; keep shop links out of the evidence.",
    ),
    Rule(
        "HS306", "broken-citation", "citations", "info",
        "A citation that leads nowhere: a footnote marker such as [4] with no reference entry, a "
        "'[citation needed]' placeholder, or a link with an empty, '#' or example.com target.",
        "A broken citation promises a source and does not deliver one; readers who try to check "
        "the claim hit a dead end (JAMA benchmark 'attribution').",
        "Turmeric cures arthritis [4].  (and the article has no reference 4)",
        "Add the missing reference entry or link, or remove the marker.",
    ),
)
