"""HS1xx: readability. How easy the article is for the public to read.

Targets come from health-literacy guidance: the NIH and the CDC ask for patient material at a
US grade 8 reading level or below, the AMA for grade 6 (``target_grade`` in
``[tool.healthscore.readability]``). The rules point at the sentences and words that push an
article above its target; the score itself is documented in ``docs/dimensions/readability.md``.
"""
from __future__ import annotations

from . import Rule

RULES = (
    Rule(
        "HS101", "long-sentence", "readability", "info",
        "A sentence has more words than the limit (default 25; `long_sentence_words`).",
        "Long sentences are the strongest driver of reading grade: every readability formula "
        "counts words per sentence, and readers with limited literacy lose the thread of a "
        "sentence before its end. The CDC Clear Communication Index and plain-language "
        "guidelines (plainlanguage.gov) advise sentences of about 15-20 words and one idea each.",
        "However, kratom also interacts with other receptors, such as adrenergic and serotonin "
        "receptors, which might contribute to its complex effects and potential for reducing "
        "pain and improving mood.",
        "Split the sentence where a new idea starts (often at ', which', ', and', a semicolon or "
        "a dash): 'Kratom also acts on other receptors in the brain. These may explain its "
        "mixed effects on pain and mood.'",
    ),
    Rule(
        "HS102", "sentence-above-target-grade", "readability", "warning",
        "A sentence reads far above the target grade: its Flesch-Kincaid grade, counted "
        "without names (capitalised words inside the sentence, numbers), is more than "
        "`sentence_grade_margin` (default 8) above `target_grade`, on at least 10 words. Not "
        "reported on a sentence that HS101 already flags.",
        "A sentence that is not long but still reads at grade 16 or more is dense with long "
        "words. NIH and AMA health-literacy guidance asks for grade 6-8 material; a single dense "
        "sentence can carry the key instruction or risk that readers then miss.",
        "These alkaloids interact with the body's opioid receptors, potentially alleviating "
        "pain.",
        "Use shorter, everyday words for the long ones the message lists, and split ideas: "
        "'These chemicals act on the brain's opioid receptors. They may ease pain.'",
    ),
    Rule(
        "HS103", "unexplained-jargon", "readability", "warning",
        "A medical term from the jargon list (`lexicons/jargon.txt`) is used without a "
        "plain-language explanation nearby: no parentheses, dash or comma gloss, 'which means', "
        "'also called', 'or ...', 'a type of' in the same or the next sentence, and no earlier "
        "explanation in the document. Each term is reported once, at its first use.",
        "Jargon is the most common reason health information is misunderstood; the CDC Clear "
        "Communication Index (item 'uses words the audience uses') and the NIH plain-language "
        "guidance ask writers to explain technical terms the first time they appear, and "
        "DISCERN and HealthNewsReview reviewers mark down articles readers cannot follow.",
        "Kratom is considered to have a lower risk of respiratory depression.",
        "Explain the term at its first use, or use the plain words: 'a lower risk of "
        "respiratory depression (dangerously slow breathing)'.",
    ),
    Rule(
        "HS104", "polysyllable-run", "readability", "info",
        "Three or more words of three or more syllables in a row, with only spaces between them "
        "and at least two of four or more syllables (a 'noun stack' such as 'minimally "
        "invasive interventional radiology procedure'). Names and comma-separated lists do not "
        "count.",
        "A run of long words has to be decoded word by word; readers with limited literacy "
        "stall on it even inside a short sentence. SMOG and Gunning Fog count exactly these "
        "words as the marker of hard text.",
        "Users showed a statistically significant improvement in pain tolerance.",
        "Unpack the run into everyday words and a verb: 'Users could bear more pain, and the "
        "change was too large to be chance.'",
    ),
)
