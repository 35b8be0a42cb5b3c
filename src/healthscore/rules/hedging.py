"""HS2xx: claim hedging. Health claims stated more strongly than the evidence allows.

The checks and the score live in :mod:`healthscore.dimensions.hedging`; the word lists in
``lexicons/`` (``hedges``, ``boosters``, ``absolutes``, ``preclinical``, ``causal_verbs`` and
``hedging_*``), all written for this project.
"""
from __future__ import annotations

from . import Rule

RULES = (
    Rule(
        "HS201", "unhedged-causal-claim", "hedging", "warning",
        "A sentence states as fact, in the present tense and with no hedge and no source, that "
        "something cures, prevents, relieves or otherwise changes a health outcome: the claim "
        "model rates it a direct causal claim, a causal verb names the effect and a health "
        "outcome (pain, risk, a disease...) follows it.",
        "Most health findings come from studies that cannot support a flat 'X cures Y': small "
        "trials, observational data, animal work. Stated as settled fact, they push readers "
        "into treatment decisions. HealthNewsReview.org's criterion 'Does it grasp the quality "
        "of the evidence?', DISCERN questions 4 (sources) and 8 (areas of uncertainty) and the "
        "JAMA benchmark 'attribution' all ask writers to qualify claims and say where they "
        "come from. Not flagged: hedged sentences ('may', 'suggests', 'in some patients'); a "
        "citation in the sentence or the next (a link, an author-year reference, a bracketed or "
        "superscript number, a DOI) or a named journal or randomised trial; questions and "
        "headings; negated or rebutted claims ('there is no evidence that X cures Y'); "
        "questions and goals ('whether X reduces Y'); safety advice and firm warnings of harm "
        "('high doses can damage the liver'); past-tense reports of a result ('in the trial, "
        "X reduced pain by 20%').",
        "Kratom works as an analgesic and relieves back pain.",
        "Kratom may relieve back pain, according to surveys of users [3]; it has not been "
        "tested in controlled trials.",
    ),
    Rule(
        "HS202", "booster-or-sensational-word", "hedging", "warning",
        "A sensational word ('miracle', 'breakthrough', 'game-changer', 'cure-all', 'new "
        "hope', '100% safe', 'no side effects', 'clinically proven') anywhere in the prose, or "
        "a certainty booster ('definitely', 'highly effective') or an inflating intensifier "
        "('dramatically reduces', 'remarkable improvement') inside a health claim.",
        "HealthNewsReview.org rated every story and press release on 'Does it use "
        "unjustifiable, sensational language?', and its reviewers singled out exactly these "
        "words. They promise a certainty and a safety that no single study gives, and 'no side "
        "effects' hides harms readers need to know about (DISCERN questions 6, balance, and 11, "
        "risks). Not flagged: negated uses ('not a miracle cure', 'there is no cure for'), goals "
        "('the search for a cure'), quotes being rebutted ('products marketed as a \"miracle "
        "cure\"'), technical terms ('Breakthrough Therapy designation', 'breakthrough pain', "
        "'proof of concept'), questions and headings.",
        "This breakthrough supplement is a miracle cure for back pain, with no side effects.",
        "In a 12-week trial of 80 adults, the supplement reduced back pain slightly more than a "
        "placebo; 1 in 10 users reported stomach upset.",
    ),
    Rule(
        "HS203", "absolute-claim", "hedging", "warning",
        "An absolute ('always', 'never', 'everyone', 'all', 'completely', 'permanently') next "
        "to the causal verb of an unhedged health claim.",
        "Treatments work for some people, some of the time; 'works for everyone' or "
        "'completely eliminates pain' cannot be true of any study result. The CDC Clear "
        "Communication Index and NIH plain-language guidance ask writers to say who benefits and "
        "how much. Not flagged: safety advice, which uses absolutes on purpose ('never exceed "
        "the dose', 'always talk to your doctor'); softened absolutes ('almost every'); "
        "frequencies ('every day'); negated and hedged sentences; questions.",
        "Kratom can aid with all these aspects and completely eliminates chronic pain.",
        "Some users report that kratom eases their pain; how well it works varies from person "
        "to person.",
    ),
    Rule(
        "HS204", "preclinical-as-human", "hedging", "warning",
        "A finding in animals or cells ('mice', 'rats', 'in vitro', 'in the lab') is stated as a "
        "benefit for people: the same clause names both and makes an unhedged causal claim, or "
        "a sentence about a preclinical study is followed by an unhedged causal claim about "
        "people.",
        "Most treatments that work in mice or in a dish never work in people. "
        "HealthNewsReview.org's evidence-quality criterion marked down stories that let animal "
        "results stand for human benefit, and the CDC Clear Communication Index asks for the "
        "limits of the evidence to be stated. Not flagged: claims that stay with the animals "
        "('in mice, X slowed tumour growth'), contrasts ('... but it has not been tested in "
        "people') and hedged claims.",
        "In a study in rats, the extract slowed tumour growth. It prevents cancer in patients.",
        "In a study in rats, the extract slowed tumour growth; it has not been tested in people, "
        "and most such results are not repeated in humans.",
    ),
    Rule(
        "HS205", "correlation-as-causation", "hedging", "warning",
        "Observational wording ('people who drink...', 'is linked to', 'associated with', "
        "'survey', 'cohort', 'observational') in the same sentence as an unhedged causal claim "
        "about a health outcome.",
        "An association in people who chose their own habits cannot show cause: those people "
        "differ in many other ways. Turning 'linked to' into 'cuts the risk' is the commonest "
        "exaggeration in health news and press releases (Sumner et al., BMJ 2014; "
        "HealthNewsReview.org, 'Does it grasp the quality of the evidence?'). Not flagged: "
        "association wording without a causal verb ('less likely to'), hedged sentences and "
        "randomised trials.",
        "People who drink coffee every day cut their risk of diabetes.",
        "People who drank coffee every day were less likely to develop diabetes in a large "
        "observational study, which cannot show that coffee itself lowers the risk.",
    ),
    Rule(
        "HS206", "sensational-headline", "hedging", "warning",
        "A headline or subheading uses a sensational word ('breakthrough', 'game-changing', "
        "'first-ever', 'revolutionary', 'new hope', 'cure for'), a booster that claims proof "
        "('Clinically Proven') or an intensifier of an effect ('Dramatically Reduces').",
        "The headline is what most readers see, and often all they read. HealthNewsReview.org "
        "judged press releases on 'Does the news release avoid unjustifiable, sensational "
        "language?' and its reviewers most often faulted the headline; a cautious text does not "
        "undo a headline that promises more. Not flagged: question headlines, negated or goal "
        "uses ('The Search for a Cure'), technical terms ('Breakthrough Therapy Designation'), "
        "headings of 'About ...' or contact sections. Causal verbs in headlines are not judged: "
        "a headline is a fragment, and whether 'X Reduces Y' overreaches depends on the study.",
        "# Groundbreaking Blood Test Is a Game-Changer for Concussion",
        "# Blood Test Spotted Concussion in 19 of 20 Patients in a Small Study",
    ),
)
