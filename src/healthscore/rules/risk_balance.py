"""HS4xx: risk balance. Benefits claimed without the harms, limits, numbers and advice a reader
needs to weigh them, and promotional language.

The checks and the score live in :mod:`healthscore.dimensions.risk_balance`; the word lists in
``lexicons/`` (``harms``, ``benefits``, ``limitations``, ``professional_advice``,
``alternatives``, ``quantified``, ``promotion``, ``risk_recommendation``).
"""
from __future__ import annotations

from . import Rule

RULES = (
    Rule(
        "HS401", "benefits-without-harms", "risk_balance", "warning",
        "The article claims benefits but discusses no harm, side effect, risk, warning or "
        "interaction anywhere. Reported on the strongest benefit claim.",
        "Every treatment, supplement, test or procedure can do harm, and readers cannot weigh a "
        "benefit without its cost. HealthNewsReview.org rated every story on 'Does the story "
        "adequately explain/quantify the harms of the intervention?'; DISCERN question 11 asks "
        "whether the risks of each treatment are described, and question 10 whether the "
        "benefits and risks are both given.",
        "Kratom works as an analgesic and can improve sleep. (and nothing about its risks)",
        "Kratom may ease pain for some users, but it can cause nausea, constipation and "
        "dependence, and high doses have been linked to liver damage and seizures.",
    ),
    Rule(
        "HS402", "harms-in-passing", "risk_balance", "info",
        "Harms are mentioned only in general words ('may have side effects', 'there are "
        "risks') and no particular harm is named anywhere in the article.",
        "A nod to 'side effects' tells readers nothing they can act on. HealthNewsReview.org "
        "asked stories to explain and quantify harms; the CDC Clear Communication Index asks "
        "materials to state risks in specific, familiar terms. Name the harms and how often they "
        "happen.",
        "Like any supplement, it may have some side effects.",
        "In trials about 1 in 10 users had stomach upset; rare cases of liver injury have been "
        "reported.",
    ),
    Rule(
        "HS403", "promotional-language", "risk_balance", "warning",
        "Commercial language in a health article: buying prompts ('buy now', 'where to buy', "
        "'order today', 'add to cart'), discounts and coupon codes, shops, vendors and "
        "retailers ('a Canadian retailer', 'our store'), product superlatives ('best kratom', "
        "'premium quality', 'top-rated'), and links to shops or with affiliate tracking "
        "('?ref=', '?aff=', 'tag=', amzn.to). Each sentence or link is reported.",
        "An article that sells has a reason to play down harms. The JAMA benchmarks ask for "
        "disclosure of sponsorship and commercial funding, DISCERN question 6 asks whether the "
        "information is balanced and unbiased, and the HONcode asks sites to separate "
        "advertising from editorial content. Every promotional sentence or link lowers the "
        "risk-balance score.",
        "If you're wondering where to buy kratom, a Canadian retailer could be your vantage "
        "point.",
        "Kratom is not approved for any medical use; its sale is restricted in several "
        "countries. (and disclose any sponsorship or affiliate links)",
    ),
    Rule(
        "HS404", "unquantified-benefits", "risk_balance", "info",
        "The article claims benefits but gives no number anywhere that shows how large the "
        "benefit is (no absolute figures, percentages with a base, '1 in 100', 'from X% to Y%' "
        "or number needed to treat). Reported on the strongest benefit claim.",
        "'Reduces pain' may mean a change no patient notices. HealthNewsReview.org's criterion "
        "'Does the story adequately quantify the benefits?' asks for absolute numbers, not just "
        "relative ones; the CDC Clear Communication Index and NIH plain-language guidance ask "
        "for numbers readers can understand, with their base.",
        "A study found that kratom reduces pain.",
        "In a 2-week study of 60 adults, pain scores fell from 6 to 5 on a 10-point scale with "
        "kratom and from 6 to 5.5 with a placebo.",
    ),
    Rule(
        "HS405", "no-limitations", "risk_balance", "info",
        "The article claims benefits but states no limitation or uncertainty: no 'more research "
        "is needed', no small, early, animal, cell or observational study, no 'not approved' or "
        "'not regulated'. Reported on the strongest benefit claim.",
        "Readers need to know how far the evidence goes. DISCERN question 8 asks whether areas "
        "of uncertainty are mentioned; HealthNewsReview.org asked whether a story grasps the "
        "quality of the evidence.",
        "Kratom relieves chronic pain and anxiety.",
        "Evidence so far comes from user surveys and studies in mice; kratom has not been "
        "tested in controlled trials and is not approved by the FDA.",
    ),
    Rule(
        "HS406", "no-professional-advice", "risk_balance", "info",
        "The article recommends taking or using something (a dose, a product, 'start with a low "
        "dose', 'we recommend') but never advises checking with a doctor, pharmacist or other "
        "health professional.",
        "Supplements and medicines interact with other drugs and conditions the writer cannot "
        "know about. DISCERN question 15 asks whether the material supports shared "
        "decision-making; the FDA and NIH Office of Dietary Supplements advise talking to a "
        "health care provider before starting a supplement.",
        "It's advised to start with a low dosage and see how your body reacts.",
        "If you are thinking of trying it, talk to your doctor or pharmacist first, especially "
        "if you take other medicines.",
    ),
)
