"""Find the sources an article gives for what it says, and the attributions that only sound like
sources.

Everything here is a pure function of a :class:`~healthscore.analysis.Analysis`: no I/O beyond the
package's own word lists (loaded once), no state. :func:`scan` walks the sentences once and
returns a :class:`CitationScan` holding one :class:`Citation` per detection, with the sentence it
stands in and the span of ``sentence.text`` that shows it, so the citations dimension can point at
it and link it to nearby claims.

Kinds of detection (``Citation.kind``; ``Citation.label`` adds the link's source type):

==================  =========================================================================
``link``            a hyperlink (``doc.links``) or a bare URL written in the text; its
                    ``source_type`` comes from the domain lists in ``lexicons/domains/``
``reference_entry`` one entry of a reference list or a footnote definition
``numbered``        ``[1]``, ``[1,2]``, ``[1-3]``, superscript ``¹²``, a footnote marker or an
                    HTML ``<sup><a href="#fn1">``; ``source_type`` resolved / unresolved
``author_year``     "(Smith et al., 2019)", "(Smith & Jones 2020)", "Smith et al. (2019)"
``doi``             a bare DOI, ``10.1001/jama.2019.1``
``pmid``            "PMID: 12345678", "PMC1234567"
``trial_registry``  "NCT01234567", "ISRCTN12345678"
``named_source``    a journal, agency or institution named as a source, or a dated study
                    ("a 2020 trial"); ``source_type`` journal | agency | institution | study
``named_expert``    a named person quoted or cited ("said Dr. Ann Lee, a cardiologist at X");
                    ``source_type`` independent | affiliated | named
``vague_attribution`` "studies show", "experts say", "a study found" with nothing to find it by
``disclosure``      a funding or conflict-of-interest statement ("funded by", "consults for")
``broken_citation`` "[citation needed]", an empty link, a footnote marker with no entry
``organisation``    an organisation named as the affiliation of a quoted person ("said Dr. Lee,
                    a cardiologist at Yale") or in a funding or interest statement ("funded by
                    the National Institutes of Health"); ``source_type`` affiliation | funding.
                    Not a source of a claim: it tells the reader *who* is speaking and who paid,
                    which is what HealthNewsReview's sources criterion asks.
==================  =========================================================================

How much a source is worth (``Citation.credit``, 0-1) is fixed here and documented in
``docs/dimensions/citations.md``: a reader can check a DOI, a PubMed link, a resolved numbered
reference or an author-year citation (about 1); a named journal, agency or dated study is specific
but has to be searched for (0.4-0.75); a news link reports on the evidence (0.5); a shop, an
affiliate link or a misinformation site is not evidence at all (0).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from itertools import compress, count
from urllib.parse import urlsplit

from . import lexicons
from .analysis import Analysis
from .document import Sentence, fast_constructor
from .lexicons import case_folds_simply, occurrences, occurrences_of_any

__all__ = [
    "AUTHORITATIVE_TYPES",
    "Citation",
    "CitationScan",
    "DomainClassifier",
    "LINK_CREDIT",
    "NON_EVIDENCE_TYPES",
    "SOURCE_KINDS",
    "SOURCE_TYPES",
    "classify_url",
    "domain_classifier",
    "scan",
]

#: Source types of links, from most to least authoritative. ``trusted`` and the configured
#: ``untrusted`` (shown as ``unreliable``) come from the project's configuration.
SOURCE_TYPES = (
    "peer_reviewed", "government", "academic", "reference", "trusted", "preprint", "news",
    "other", "social", "commercial", "unreliable",
)
#: Types that count as authoritative evidence.
AUTHORITATIVE_TYPES = frozenset({"peer_reviewed", "government", "academic", "reference", "trusted"})
#: Types that are not evidence for a health claim: shops, affiliate links, misinformation sites.
NON_EVIDENCE_TYPES = frozenset({"commercial", "unreliable"})
#: How much a link of each type supports a claim (see the module docstring).
LINK_CREDIT = {
    "peer_reviewed": 1.0, "government": 1.0, "trusted": 1.0, "academic": 0.9, "reference": 0.8,
    "preprint": 0.7, "news": 0.5, "other": 0.4, "social": 0.1, "commercial": 0.0,
    "unreliable": 0.0,
}
#: Kinds that are sources (can support a claim); the others are attributions or statements.
SOURCE_KINDS = frozenset({
    "link", "reference_entry", "numbered", "author_year", "doi", "pmid", "trial_registry",
    "named_source", "named_expert",
})
CREDIT = {
    "doi": 1.0, "pmid": 1.0, "trial_registry": 0.9, "author_year": 0.8,
    "author_year_with_references": 1.0, "numbered_resolved": 1.0, "numbered_unresolved": 0.3,
    "reference_entry": 1.0, "reference_entry_plain": 0.6, "named_expert": 0.5,
    "named_expert_independent": 0.6,
}
#: A named source earns 0.25 plus 0.15 for each thing that helps find it (journal, agency or
#: institution, year, study type, sample size), up to 0.75: "according to the WHO" 0.4,
#: "a 2020 trial" 0.55, "a 2020 trial in JAMA of 1,200 adults" 0.75.
NAMED_BASE, NAMED_PER_KEY, NAMED_MAX = 0.25, 0.15, 0.75


@dataclass(frozen=True, slots=True)
class Citation:
    """One detection: ``text == sentence.text[start:end]`` of sentence ``sentence_index``."""

    kind: str
    sentence_index: int
    start: int
    end: int
    text: str
    source_type: str = ""
    url: str = ""
    credit: float = 0.0
    #: What makes a named source findable ("journal", "year", "study_type", ...), the host of a
    #: link, or the lexicon note of an attribution.
    detail: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``link:<source_type>`` for links, else the kind (the case-set's ``kind``)."""
        return f"link:{self.source_type}" if self.kind == "link" else self.kind

    @property
    def is_source(self) -> bool:
        return self.kind in SOURCE_KINDS

    @property
    def checkable(self) -> bool:
        """A reader can go straight to it: a link or identifier, a resolved reference, an
        author-year citation (credit of 0.7 or more)."""
        return self.is_source and self.kind != "named_source" and self.kind != "named_expert" \
            and self.credit >= 0.7


#: ``new_citation(kind, sentence_index, start, end, text, source_type, url, credit, detail)``:
#: a :class:`Citation` with every field given in order, built without the frozen dataclass's
#: ``object.__setattr__`` per field (0.3 us instead of 1.9; an article makes a dozen or more:
#: its vague attributions, named sources, experts and organisations).
new_citation = fast_constructor(Citation)


@dataclass(slots=True)
class CitationScan:
    """Everything :func:`scan` found in one document."""

    #: Sources, in document order (reference entries included).
    sources: list[Citation] = field(default_factory=list)
    #: Vague attributions that no nearby source excuses.
    vague: list[Citation] = field(default_factory=list)
    #: Vague attribution phrases that a source in the same (or next) sentence excuses.
    excused_vague: list[Citation] = field(default_factory=list)
    disclosures: list[Citation] = field(default_factory=list)
    #: Organisations named as a quoted person's affiliation or in a funding/interest statement,
    #: once per sentence and name (``detail[0]`` is the normalised name, for counting distinct
    #: ones).
    organisations: list[Citation] = field(default_factory=list)
    broken: list[Citation] = field(default_factory=list)
    #: Sources by sentence index (prose and references).
    by_sentence: dict[int, list[Citation]] = field(default_factory=dict)
    #: Number of reference-list entries (and footnote definitions).
    reference_entries: int = 0

    @property
    def in_text(self) -> list[Citation]:
        """Sources standing in prose (reference entries excluded)."""
        return [c for c in self.sources if c.kind != "reference_entry"]

    def all(self) -> list[Citation]:
        """Every detection of every kind, in document order."""
        items = [*self.sources, *self.vague, *self.disclosures, *self.broken, *self.organisations]
        return sorted(items, key=lambda c: (c.sentence_index, c.start, c.kind))


# -- domains -----------------------------------------------------------------------------------

_URL_REGEX_PREFIX = "re:"


class DomainClassifier:
    """Classifies a URL by source type from the domain lists (see ``lexicons/domains``).

    The most specific matching entry wins: configured trusted/untrusted domains beat the lists,
    a domain with a path beats the bare domain, and more labels beat fewer, so
    ``www.ncbi.nlm.nih.gov/pmc/...`` is peer reviewed while ``www.nih.gov`` is government.
    """

    def __init__(
        self,
        lists: dict[str, Iterable[str]],
        trusted: Iterable[str] = (),
        untrusted: Iterable[str] = (),
    ) -> None:
        # suffix -> (type, priority); priority 2 for configured domains
        self._domains: dict[str, tuple[str, int]] = {}
        self._paths: dict[str, list[tuple[str, str, int]]] = {}
        self._brands: dict[str, str] = {}
        self._regexes: list[tuple[re.Pattern[str], str]] = []
        for source_type, entries in lists.items():
            for entry in entries:
                self._add(entry, source_type, 1)
        for entry in trusted:
            self._add(entry, "trusted", 2)
        for entry in untrusted:
            self._add(entry, "unreliable", 2)

    def _add(self, entry: str, source_type: str, priority: int) -> None:
        entry = entry.strip()
        if entry.startswith(_URL_REGEX_PREFIX):
            self._regexes.append((re.compile(entry[3:].strip()), source_type))
            return
        entry = entry.lower()
        entry = re.sub(r"^[a-z][a-z0-9+.-]*://", "", entry).lstrip(".")
        host, slash, path = entry.partition("/")
        host = host.removeprefix("www.") if priority == 2 else host
        if slash:
            self._paths.setdefault(host, []).append(("/" + path.rstrip("/"), source_type, priority))
        elif host.endswith(".*"):
            self._brands[host[:-2]] = source_type
        elif host:
            previous = self._domains.get(host)
            if previous is None or previous[1] <= priority:
                self._domains[host] = (source_type, priority)

    def classify(self, url: str, anchor: str = "") -> tuple[str, str]:
        """``(source_type, host)`` of *url*; ``("internal", "")`` for a link without a host
        (a fragment, a relative path, mailto:)."""
        raw = url.strip()
        if not raw:
            return "internal", ""
        if raw.lower().startswith("www."):
            raw = "http://" + raw
        try:
            parts = urlsplit(raw)
        except ValueError:
            return "other", ""
        if parts.scheme and parts.scheme.lower() not in ("http", "https", "ftp"):
            return "internal", ""
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return "internal", ""
        path = parts.path.lower()
        labels = host.split(".")
        best: tuple[int, int, int] = (0, 0, 0)
        best_type = "other"
        for i in range(len(labels)):
            suffix = ".".join(labels[i:])
            n_labels = len(labels) - i
            found = self._domains.get(suffix)
            if found is not None:
                rank = (found[1], n_labels, 0)
                if rank > best:
                    best, best_type = rank, found[0]
            for prefix, source_type, priority in self._paths.get(suffix, ()):
                if path == prefix or path.startswith(prefix + "/") or path.startswith(prefix):
                    rank = (priority, n_labels, len(prefix))
                    if rank > best:
                        best, best_type = rank, source_type
            brand_type = self._brands.get(labels[i])
            rest = labels[i + 1:]
            if brand_type and 1 <= len(rest) <= 2 and all(len(r) <= 3 for r in rest):
                rank = (1, len(rest) + 1, 0)
                if rank > best:
                    best, best_type = rank, brand_type
        if best_type not in AUTHORITATIVE_TYPES and best[0] < 2:
            lowered = raw.lower()
            for regex, source_type in self._regexes:
                if regex.search(lowered):
                    return source_type, host
            if anchor and _commercial_anchor(anchor):
                return "commercial", host
        return best_type, host


def _read_list(name: str) -> list[str]:
    path = resources.files("healthscore.lexicons").joinpath("domains", f"{name}.txt")
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            entries.append(line)
    return entries


@lru_cache(maxsize=1)
def _domain_lists() -> dict[str, tuple[str, ...]]:
    folder = resources.files("healthscore.lexicons").joinpath("domains")
    names = sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt"))
    return {name: tuple(_read_list(name)) for name in names}


@lru_cache(maxsize=32)
def domain_classifier(
    trusted: tuple[str, ...] = (), untrusted: tuple[str, ...] = ()
) -> DomainClassifier:
    """The classifier for the shipped lists plus configured domains (cached per configuration)."""
    return DomainClassifier(_domain_lists(), trusted, untrusted)


def classify_url(url: str, anchor: str = "", trusted: tuple[str, ...] = (),
                 untrusted: tuple[str, ...] = ()) -> str:
    """Source type of *url* (``peer_reviewed``, ``government``, ... ``other``, ``internal``)."""
    return domain_classifier(tuple(trusted), tuple(untrusted)).classify(url, anchor)[0]


def _commercial_anchor(anchor: str) -> bool:
    return lexicons.load("citation_commercial_anchors").search(anchor)


# -- patterns ----------------------------------------------------------------------------------

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_SUP = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
_SUP_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUP_VALUE = {c: str(i) for i, c in enumerate(_SUP_DIGITS)}
_NUMBERED = re.compile(r"\[\s*(\d{1,3}(?:\s*[-\u2013\u2014,;]\s*\d{1,3})*)\s*\]")
_SUPERSCRIPT = re.compile(
    rf"(?<=[A-Za-z.,;:)\]\u2019'\"\u201d%])([{_SUP}]+(?:[,\u207b\u2013-][{_SUP}]+)*)"
)
_FOOTNOTE_LABEL = re.compile(r"\[\^?([A-Za-z][\w-]{0,20})\]")
_PLACEHOLDER = re.compile(
    r"\[\s*(?:citation needed|citation|source needed|source|sources|ref(?:erence)?(?: needed)?|"
    r"cite|link|\?+|n\.?d\.?|xx+)\s*\]",
    re.IGNORECASE,
)
_DEAD_SCHEMES = ("javascript:", "about:blank")
_MARKER_ANCHOR = re.compile(r"\[?\s*\d{1,3}(?:\s*[-,\u2013]\s*\d{1,3})*\s*\]?")
_UNITS = _wordset(
    "m cm mm km ft in kg mg g l ml dl mol mmol um nm s x mi yd pa hz kj kcal cal mcg iu")

_NAME = r"[A-Z][A-Za-z\u00c0-\u017f'\u2019-]+"
_SURNAMES = (
    rf"{_NAME}(?:\s+(?:et\s+al\.?|and\s+colleagues|and\s+co-?workers|&\s+{_NAME}|and\s+{_NAME}))?"
)
_AY_YEAR = rf"{_YEAR}[a-z]?"
_AUTHOR_YEAR_PAREN = re.compile(
    rf"\((?:e\.g\.,?\s+|see(?:\s+also)?\s+|cf\.\s+|as\s+reviewed\s+by\s+)?"
    rf"(?P<first>{_NAME})(?:\s+(?:et\s+al\.?|and\s+colleagues|&\s+{_NAME}|and\s+{_NAME}))?,?\s+"
    rf"{_AY_YEAR}(?:\s*[;,]\s*(?:{_SURNAMES},?\s+)?{_AY_YEAR})*\)"
)
_AUTHOR_YEAR_NARRATIVE = re.compile(
    rf"\b(?P<first>{_NAME})\s+(?:et\s+al\.?|and\s+colleagues|and\s+co-?workers|&\s+{_NAME}|"
    rf"and\s+{_NAME})\s*\(\s*{_AY_YEAR}\s*\)"
    rf"|\b(?P<single>{_NAME})\s+\(\s*{_AY_YEAR}\s*\)(?=\s+(?:found|reported|showed|shows|"
    r"suggested|suggests|concluded|noted|observed|demonstrated|argued|described|wrote|estimated))"
)
_NOT_AUTHORS = _wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer fall autumn winter "
    "accessed retrieved updated published posted since until circa est founded established "
    "fiscal phase ages aged in on at by from the a an and or of for to as until before after "
    "between during about around copyright revised reviewed issued data census covid survey "
    "study trial report review year years figure table")

_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_PMID = re.compile(r"\bPMID\s*:?\s*\d{1,9}\b|\bPMCID\s*:?\s*PMC\d{4,9}\b|\bPMC\d{5,9}\b")
_TRIAL_ID = re.compile(
    r"\b(?:NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14}|EudraCT\s*(?:number\s*)?\d{4}-\d{6}-\d{2})\b"
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\[\]]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}\u201d\u2019'\""

_STUDY = (
    r"(?:randomi[sz]ed(?:,)?\s+(?:controlled\s+|clinical\s+|double-blind\s+|placebo-controlled\s+)*"
    r"trials?|clinical\s+trials?|controlled\s+trials?|trials?|stud(?:y|ies)|meta-analys[ie]s|"
    r"systematic\s+reviews?|reviews?|analys[ie]s|surveys?|cohorts?|experiments?|reports?|papers?)"
)
# "a 2020 trial", "a large 2019 Cochrane review", "in a 2015 randomized trial"
_YEAR_STUDY = re.compile(
    rf"\b{_YEAR}(?:\s+[\w-]+){{0,3}}?\s+{_STUDY}\b|\b{_YEAR}\s+{_STUDY}\b", re.IGNORECASE
)
# "a narrative study carried out in 2023", "an analysis published in 2020", "a study (2019)"
_STUDY_YEAR = re.compile(
    rf"\b{_STUDY}\b[^.;]{{0,80}}?\b(?:published|conducted|carried\s+out|done|released|presented|"
    rf"reported|performed|completed|run|started|begun|launched|from|of|dated|in)\s+(?:in\s+|on\s+)?"
    rf"(?:(?:early|late|mid-?|[A-Z][a-z]+)\s+)?{_YEAR}\b|\b{_STUDY}\s*\(\s*{_YEAR}\s*\)",
    re.IGNORECASE,
)
_SAMPLE = re.compile(
    r"\b(?:of|in|with|among|involving|including|enrolling|enrolled|followed|tracked|recruited|"
    r"surveyed)\s+(?:more\s+than\s+|over\s+|about\s+|nearly\s+|almost\s+|roughly\s+|some\s+|"
    r"around\s+|just\s+over\s+|under\s+)?\d{1,3}(?:,\d{3})+|\b\d[\d,]{1,9}\s+(?:adults|people|"
    r"patients|participants|women|men|children|kids|subjects|volunteers|individuals|smokers|"
    r"veterans|users|infants|babies|adolescents|teenagers|students|nurses|doctors|seniors|"
    r"residents|pregnancies|twins|mothers|survivors)\b",
    re.IGNORECASE,
)
_JOURNAL_CONTEXT = re.compile(
    r"\b(?:published|appear(?:s|ed|ing)?|reported|report(?:s)?|writ(?:ing|es|ten)|describ(?:ed|es))"
    r"\s+(?:online\s+)?(?:(?:today|yesterday|recently|this\s+\w+|last\s+\w+|on\s+\w+|earlier\s+this"
    r"\s+\w+)\s+)?in\s+(?:the\s+)?(?:(?:[A-Z][a-z]+|\w+)\s+(?:\d{1,2}\s+)?(?:issue|edition)\s+of\s+(?:the\s+)?)?"
    r"(?:(?:medical|scientific|peer-reviewed|british|american)\s+)*"
    r"(?:journal\s+)?(?P<name>(?:[A-Z][\w&'\u2019-]*|of|and|the|in|for)(?:\s+(?:[A-Z][\w&'\u2019-]*|"
    r"of|and|the|in|for))*)"
    r"|\bthe\s+(?:medical\s+|scientific\s+|peer-reviewed\s+)?journal\s+(?P<name2>[A-Z][\w&'\u2019-]*"
    r"(?:\s+(?:[A-Z][\w&'\u2019-]*|of|and|the|in|for))*)"
)
#: "University of X ...", "... Hospital". Every match begins with "the" or a capital letter: the
#: leading lookahead says so, and ``re`` then passes over the other positions of a sentence
#: about a third faster than when it tries the whole alternation at each.
_INSTITUTION = re.compile(
    r"(?=[A-Zt])\b(?:(?:the\s+)?University\s+of\s+[A-Z][\w'\u2019.-]*(?:\s+(?:at\s+|in\s+)?[A-Z][\w'\u2019.-]*){0,3}"
    r"|(?:[A-Z][\w'\u2019.&-]*\s+){1,4}(?:University|College|Hospital|Hospitals|Institute|"
    r"Institutes|Clinic|Medical\s+Center|Medical\s+Centre|Health\s+System|Health|"
    r"School\s+of\s+Medicine|School\s+of\s+Public\s+Health|Cancer\s+Center|Cancer\s+Centre|"
    r"Research\s+Center|Research\s+Centre|Foundation|Laboratory|Laboratories|Society|Association|"
    r"Academy|Council|Agency|Department\s+of\s+[A-Z]\w+(?:\s+[A-Z]\w+)*|Centers?))\b"
)
_CUE_BEFORE = re.compile(
    r"(?:according\s+to|data\s+from|figures\s+from|statistics\s+from|estimates\s+from|"
    r"numbers\s+from|reports?\s+(?:by|from)|guidelines?\s+(?:by|from|of)|"
    r"recommendations?\s+(?:by|from|of)|advice\s+from|statement\s+(?:by|from)|surveys?\s+(?:by|from)|"
    r"stud(?:y|ies)\s+(?:by|from|at|led\s+by|funded\s+by|conducted\s+by)|"
    r"trials?\s+(?:by|from|at|led\s+by|run\s+by)|reviews?\s+(?:by|from)|analys[ie]s\s+(?:by|from)|"
    r"researchers?\s+(?:at|from|with)|scientists?\s+(?:at|from|with)|investigators?\s+(?:at|from)|"
    r"teams?\s+(?:at|from)|experts?\s+(?:at|from|with)|doctors?\s+(?:at|from)|"
    r"physicians?\s+(?:at|from)|"
    r"(?:published|reported|posted|issued|released|compiled|collected)\s+by|cited\s+by|"
    r"\bper|website\s+of|(?:says|said))\s+(?:the\s+)?(?:U\.?S\.?\s+|UK\s+|British\s+|American\s+)?$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(
    r"^(?:'s|\u2019s)?(?:\s+[A-Z][\w-]+){0,3}\s*(?:\(\s*[A-Z]{2,8}\s*\)\s*)?,?\s*(?:(?:has|have|had|now|also|recently|currently|"
    r"officially|still|itself|last\s+year|this\s+year|in\s+\d{4},?)\s+)*(?:report(?:s|ed)?|"
    r"say(?:s)?|said|found|finds|recommend(?:s|ed|ations?)?|estimat(?:e|es|ed)|warn(?:s|ed|ing)?|"
    r"advis(?:e|es|ed)|advice|state(?:s|d)|note(?:s|d)|conclude(?:s|d)|data|figures|statistics|"
    r"stats|guidelines?|guidance|fact\s*sheets?|surveys?|stud(?:y|ies)|trials?|researchers?|"
    r"scientists?|investigators?|reviews?|analys[ie]s|panel|report|projects|projected|calculates|"
    r"calculated|cautions|cautioned|urges|urged|lists|listed|classifies|classified|considers|"
    r"considered|experts?|declared|announced|reported|says|statement|website|position|"
    r"research(?:ers)?|team|paper|records|registry|publication|issued|released|published)\b",
    re.IGNORECASE,
)

_TITLE_NAME = (
    r"(?:Dr\.?|Drs\.|Prof\.?|Professor|Doctor)\s+(?:[A-Z]\.\s+)?[A-Z][A-Za-z\u00c0-\u017f'\u2019-]+"
    r"(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z\u00c0-\u017f'\u2019-]+)?"
)
#: "Ms. Warwick says": news style names people by honorific and surname; only with a speech verb
#: or "according to" (patients are named this way too, and they are sources when quoted).
_HONORIFIC_NAME = r"(?:Mr|Ms|Mrs|Mx)\.?\s+[A-Z][A-Za-z\u00c0-\u017f'\u2019-]+"
_PERSON = (
    r"[A-Z][a-z\u00c0-\u017f'\u2019-]+(?:\s+[A-Z]\.)?"
    r"(?:\s+(?:van|von|de|der|da|di|del|le|la|dos|bin))?\s+[A-Z][a-zA-Z\u00c0-\u017f'\u2019-]+"
)
_SAY = (
    r"(?:said|says|explained|explains|added|adds|noted|notes|told|tells|cautioned|cautions|warned|"
    r"warns|stated|states|commented|comments|pointed\s+out|points\s+out|wrote|writes|observed|"
    r"observes|agreed|agrees|remarked|emphasized|emphasised|stressed|argued|argues|concluded|"
    r"acknowledged|acknowledges|predicted|predicts|countered|counters|cautioned|believes|thinks)"
)
_ROLE = (
    r"(?:professor|prof|director|chief|head|chair|chairman|chairwoman|chairperson|dean|president|"
    r"researcher|scientist|physician|doctor|surgeon|nurse|pharmacist|dietitian|dietician|"
    r"nutritionist|psychologist|psychiatrist|pediatrician|paediatrician|epidemiologist|"
    r"[a-z]+ologist|[a-z]+iatrist|[a-z]+ician|investigator|author|co-?author|specialist|expert|"
    r"fellow|spokes(?:man|woman|person)|officer|lecturer|instructor|practitioner|therapist|"
    r"clinician|consultant|editor|analyst|economist|statistician|founder|CEO|executive|advocate|"
    r"member|manager|coordinator|associate|attending|resident)"
)
_SURNAME = (
    r"(?:Mc|Mac|O'|O\u2019|D'|De|La|Le|Di|Van|Von)?[A-Z][a-z\u00c0-\u017f'\u2019]+"
    r"(?:-[A-Z][a-z\u00c0-\u017f]+)?"
)
_CREDENTIALS = (
    r"(?:,?\s+(?:M\.?D\.?|Ph\.?D\.?|M\.?P\.?H\.?|R\.?N\.?|D\.?O\.?|DrPH|PharmD|Pharm\.D\.|MSc|M\.?S\.?|"
    r"MBA|FACC|FACS|FACP|FRCP|FRCS|MBBS|MBChB|DPhil|Sc\.?D\.?|D\.?D\.?S\.?|N\.?P\.?|R\.?D\.?|Jr\.?|Sr\.?)"
    r"(?=[\s,.;:)]|$))*"
)
#: The alternatives of :data:`_EXPERT`, in order, each with what it cannot match without (see
#: :func:`_expert_pattern`): "say" a speech verb (:data:`_SAY_WORDS`), "role" a role word
#: (:data:`_ROLE_WORDS` or a word ending in "ologist", "iatrist", "ician"), "according" the word
#: "according", "title" the letters "Dr" or "Prof".
_EXPERT_PARTS = (
    (
        "say",
        rf"\b{_SAY}\s+(?P<a>{_TITLE_NAME}|{_HONORIFIC_NAME}|{_PERSON})",
    ),
    (
        "say",
        rf"(?P<b>{_TITLE_NAME}|{_HONORIFIC_NAME}|{_PERSON})(?:,\s*[^,;]{{3,120}}?,)?\s+{_SAY}\b",
    ),
    (
        "role",
        rf"(?P<c>{_TITLE_NAME}|{_PERSON}){_CREDENTIALS},\s+(?:(?:an?|the|who\s+is\s+an?)\s+)?(?:[\w-]+\s+){{0,4}}?{_ROLE}\b",
    ),
    (
        "role",
        rf"\b(?:{_ROLE}|[Cc]ommissioner|[Ss]ecretary|[Ss]urgeon\s+[Gg]eneral)\s+(?P<f>{_TITLE_NAME}|{_PERSON})",
    ),
    # a surname alone, as news stories attribute quotes: '..., Karp said.', 'said LaRocca, who'
    (
        "say",
        rf"(?:[,\"\u201d\u2019]\s*)(?P<g>{_SURNAME})\s+(?:{_SAY})\b",
    ),
    (
        "say",
        rf"\b(?:said|says|added|explained|noted)\s+(?P<h>{_SURNAME})(?=\s*[,.;:]|\s*$|\s+(?:who|in|on|at|of)\b)",
    ),
    (
        "according",
        rf"\baccording\s+to\s+(?P<d>{_TITLE_NAME}|{_HONORIFIC_NAME}|{_PERSON})",
    ),
    (
        "title",
        r"(?P<e>(?:Dr\.?|Prof\.?|Professor)\s+[A-Z][A-Za-z\u00c0-\u017f'\u2019-]+(?:\s+[A-Z][A-Za-z\u00c0-\u017f'\u2019-]+)?)",
    ),
)
_EXPERT = re.compile("|".join(part for _, part in _EXPERT_PARTS))
#: The first word of each speech verb of :data:`_SAY` ("pointed" of "pointed out").
_SAY_WORDS = frozenset(re.findall(r"(?:^|\|)([a-z]+)", _SAY[3:-1]))
#: The words of :data:`_ROLE` and of the titles before a name in :data:`_EXPERT` ("co-author"
#: is the words "co" and "author"; "Surgeon General" needs "surgeon").
_ROLE_WORDS = _wordset(
    "professor prof director chief head chair chairman chairwoman chairperson dean president "
    "researcher scientist physician doctor surgeon nurse pharmacist dietitian dietician "
    "nutritionist psychologist psychiatrist pediatrician paediatrician epidemiologist "
    "investigator author coauthor specialist expert fellow spokesman spokeswoman spokesperson "
    "officer lecturer instructor practitioner therapist clinician consultant editor analyst "
    "economist statistician founder ceo executive advocate member manager coordinator associate "
    "attending resident commissioner secretary"
)


#: Where an alternative of :data:`_EXPERT` can begin, besides the words of
#: :data:`_EXPERT_START_WORDS` (and those ending in :data:`_ROLE_ENDINGS`): a capital letter (a
#: name, a title, "CEO", "Commissioner") or the punctuation before a surname. (A lookahead for
#: a whole name halved the tries but cost as much as it saved.)
_EXPERT_START = re.compile(r"[A-Z,\"\u201d\u2019]")
#: Words an alternative of :data:`_EXPERT` can begin with ("co" of "co-author").
_EXPERT_START_WORDS = _SAY_WORDS | _ROLE_WORDS | {"according", "co"}
_ROLE_ENDINGS = ("ologist", "iatrist", "ician")
#: What every alternative of :data:`_EXPERT` holds: a capital letter after white space (the
#: second word of a name, the name after a title, a speech verb or a role) or right after the
#: comma or quote before a surname ("..., Karp said").
_NAME_GATE = re.compile(r"[\s,\"\u201d\u2019][A-Z]")


def _expert_matches(
    text: str, word_starts: Iterable[int], words: set[str]
) -> list[re.Match[str]]:
    """What ``_EXPERT.finditer(text)`` yields, found with less work: the pattern is tried only
    where one of its alternatives can begin, with only the alternatives the sentence has the
    words for (:func:`_expert_pattern`). *word_starts* are the offsets of the sentence's words
    that an alternative can begin with (:func:`_expert_word_starts`: "said", "according", a
    role), *words* the set of its lowercase words. Trying a position the pattern cannot start
    at is all that is skipped, and a match moves on past its end, as finditer does, so the
    matches are the same. Every alternative names someone with a capital letter after a space
    or a comma or quote (:data:`_NAME_GATE`): a sentence without one (most of those with a
    speech verb or a role word) is not tried at all.

    The alternatives that begin at a capital letter, a comma or a quote (a name, then a speech
    verb or a role: "Ann Lee, a cardiologist", '..., Karp said') need a speech verb or role
    word after their start, and those words are among *word_starts*: after the last of them,
    only "Dr" and "Prof" (a title alone) can begin a match."""
    if _NAME_GATE.search(text) is None:
        return []
    say = not _SAY_WORDS.isdisjoint(words)
    role = not _ROLE_WORDS.isdisjoint(words) or _has_role_suffix(text)
    according = "according" in words
    title = "Dr" in text or "Prof" in text
    pattern = _expert_pattern(say, role, according, title)
    if pattern is None:
        return []
    titles = occurrences_of_any(text, ("Dr", "Prof")) if title else []
    if not (say or role):
        # only "according to <name>" and "Dr./Prof. <name>": they begin with these literals
        heads = titles + occurrences(text, "according") if according else titles
        return _matches_at(pattern, text, sorted(heads))
    starts = set(word_starts)
    last = max(starts, default=0)
    starts.update(match.start() for match in _EXPERT_START.finditer(text, 0, last))
    starts.update(titles)
    return _matches_at(pattern, text, sorted(starts))


def _expert_word_starts(
    corpus: lexicons.Corpus, role_endings: list[tuple[int, int]]
) -> dict[int, list[int]]:
    """Sentence index -> offsets in its text of the words an alternative of :data:`_EXPERT`
    can begin with: a word of :data:`_EXPERT_START_WORDS` (speech verbs, roles, "according"),
    or a word that ends in "ologist", "iatrist" or "ician" as written (the pattern's
    ``[a-z]+ologist`` is case-sensitive; *role_endings* are the ``(offset, length)`` of those
    endings in the joined text). Found once per document from the word index, not by walking
    every word of every sentence."""
    index = corpus.index
    offsets, ends, sentence_of, starts = index.offsets, index.ends, index.sentence_of, corpus.starts
    where = index.where
    numbers = [g for word in _EXPERT_START_WORDS.intersection(index.vocabulary)
               for g in where[word]]
    for at, size in role_endings:
        g = bisect_right(offsets, at) - 1
        if g >= 0 and ends[g] == at + size:
            numbers.append(g)
    found: dict[int, list[int]] = {}
    for g in numbers:
        k = sentence_of[g]
        at = offsets[g] - starts[k]
        if k in found:
            found[k].append(at)
        else:
            found[k] = [at]
    return found


@cache
def _expert_pattern(
    say: bool, role: bool, according: bool, title: bool
) -> re.Pattern[str] | None:
    """:data:`_EXPERT` with only the alternatives whose needs (:data:`_EXPERT_PARTS`) the
    sentence meets (a speech verb, a role word, "according", a title), in the same order; None
    when none is left. On a sentence that lacks what the others need it finds exactly what
    :data:`_EXPERT` finds (an alternative that cannot match anywhere never takes a position
    from another), trying fewer alternatives at each letter: the whole pattern is the
    costliest step of a scan. (Flags rather than a set of needs: building a set for each
    sentence cost more than the lookup.)"""
    needs = {"say": say, "role": role, "according": according, "title": title}
    parts = [part for need, part in _EXPERT_PARTS if needs[need]]
    return re.compile("|".join(parts)) if parts else None


_NOT_PERSON_FIRST = _wordset(
    "i you he she they we it who one someone everyone nobody officials company spokesman "
    "spokeswoman spokesperson reuters monday tuesday wednesday thursday friday saturday sunday "
    "today yesterday ap "
    "the this that these those in on at it he she they we but and a an as if when while for from "
    "with by to of its his her their our my your there here after before during since then also "
    "however although though new one some many most all both each every other another such study "
    "studies researchers scientists experts officials doctors health medical public national "
    "american british european u.s. us")
_ORGANISATION_WORDS = _wordset(
    "association society institute institutes university clinic center centre hospital foundation "
    "college academy council agency department organization organisation administration service "
    "services group inc corp company companies coalition alliance network board committee "
    "commission federation trust program programme office ministry bureau laboratories health "
    "canada england scotland wales ireland australia america states kingdom union news press times "
    "post journal review medicine reports")
_NOT_SURNAMES = _wordset("pepper scholl scholl's martens oetker bronner bronner's seuss")
_SPEECH = re.compile(rf"[\"\u201c\u201d]|\b{_SAY}\b|\baccording\s+to\b|\b(?:interview|statement)\b")
_AFFILIATION = re.compile(r"\b(?:at|of|with|from)\s+(?:the\s+)?[A-Z]")


@dataclass(slots=True)
class _Context:
    """Per-document state of a scan."""

    analysis: Analysis
    classifier: DomainClassifier
    entry_credit: dict[int, float]
    entries_count: int
    has_footnotes: bool


def scan(
    analysis: Analysis,
    trusted_domains: tuple[str, ...] = (),
    untrusted_domains: tuple[str, ...] = (),
) -> CitationScan:
    """Detect every citation, vague attribution, disclosure and broken citation in one pass."""
    document = analysis.document
    sentences = analysis.sentences
    classifier = domain_classifier(tuple(trusted_domains), tuple(untrusted_domains))
    result = CitationScan()

    # Links, by sentence, with their span in sentence coordinates.
    links_by_sentence: dict[int, list[tuple[int, int, str, str]]] = {}
    for link in document.links:
        if link.sentence_index is None:
            continue
        sentence = sentences[link.sentence_index]
        start = max(0, link.text_start - sentence.block_start)
        end = max(start, min(len(sentence.text), link.text_end - sentence.block_start))
        links_by_sentence.setdefault(link.sentence_index, []).append(
            (start, end, link.url, link.text)
        )

    entries = _reference_entries(analysis, classifier, links_by_sentence)
    result.reference_entries = len(entries)
    entry_credit: dict[int, float] = {}
    for number, citation in entries:
        entry_credit.setdefault(number, citation.credit)
        result.sources.append(citation)
    context = _Context(analysis, classifier, entry_credit, len(entries),
                       has_footnotes=any(b.in_references for b in document.blocks))

    source_hits = analysis.hits("citation_sources")
    vague_hits = analysis.hits("vague_attributions")
    disclosure_hits = analysis.hits("citation_disclosures")
    independence_hits = analysis.hits("citation_independence")
    corpus = analysis.lexicon_corpus
    tokens = corpus.tokens
    # A sentence's words are a slice of the document's word index; its tokens (made on demand)
    # are asked for only by the few sentences that may state a sample size.
    index = corpus.index
    index_words, firsts = index.words, index.firsts
    vague_notes = lexicons.load("vague_attributions").notes
    # Superscript digits are rare: look for them once in the document, not in every sentence.
    has_superscripts = any(c in corpus.joined for c in _SUP)

    pending_vague: list[tuple[Citation, bool]] = []
    previous_expert_sentence = -10
    expert_sentences: dict[str, list[int]] = {}  # surname -> sentences naming that expert
    # "cardiologist", "psychiatrist", "physician": found once for both uses
    role_endings = _occurrences(corpus.joined, _ROLE_ENDINGS)
    busy, marked, may_name_expert, may_name_source = _busy_sentences(
        corpus, links_by_sentence,
        (source_hits, vague_hits, disclosure_hits, independence_hits), has_superscripts,
        role_endings,
    )
    expert_word_starts = _expert_word_starts(corpus, role_endings) if may_name_expert else {}
    for i in busy:
        sentence = sentences[i]
        if sentence.in_references:
            continue
        text = sentence.text
        found: list[Citation] = []
        taken: list[tuple[int, int]] = []

        for start, end, url, anchor in links_by_sentence.get(i, ()):
            found.extend(_link_citations(context, sentence, start, end, url, anchor, result))
            taken.append((start, end))
        literals = i in marked  # else none of the literals tested below is in the sentence
        if literals and ("http" in text or "www." in text):
            for match in _URL.finditer(text):
                start, end = match.start(), _strip_end(text, match.start(), match.end())
                if _overlaps(taken, start, end):
                    continue
                url = text[start:end]
                source_type, host = classifier.classify(url)
                found.append(Citation("link", i, start, end, url, source_type, url,
                                      LINK_CREDIT.get(source_type, 0.4), (host,)))
                taken.append((start, end))
        if literals and "10." in text:
            for match in _DOI.finditer(text):
                start, end = match.start(), _strip_end(text, match.start(), match.end())
                if not _overlaps(taken, start, end):
                    found.append(Citation("doi", i, start, end, text[start:end],
                                          credit=CREDIT["doi"]))
                    taken.append((start, end))
        if literals and "PM" in text:
            for match in _PMID.finditer(text):
                if not _overlaps(taken, match.start(), match.end()):
                    found.append(Citation("pmid", i, match.start(), match.end(), match.group(),
                                          credit=CREDIT["pmid"]))
        if literals and (
                "NCT" in text or "ISRCTN" in text or "ACTRN" in text or "EudraCT" in text):
            for match in _TRIAL_ID.finditer(text):
                found.append(Citation("trial_registry", i, match.start(), match.end(),
                                      match.group(), credit=CREDIT["trial_registry"]))
        if literals and ("[" in text or (has_superscripts and any(c in text for c in _SUP))):
            found.extend(_numbered(context, sentence, taken, result))
        words = set(index_words[firsts[i]:firsts[i + 1]])
        # a year has "19" or "20" in it: the cheap test first
        has_year = literals and ("19" in text or "20" in text) \
            and _YEAR_TOKEN.search(text) is not None
        if "(" in text and has_year:
            found.extend(_author_year(context, sentence, taken))
        experts = _experts(sentence, bool(independence_hits[i]), taken,
                           expert_word_starts.get(i, ()), words) if i in may_name_expert else []
        # the institutions named ("Yale University"), for named sources and organisations
        institutions = _institution_spans(text, words)
        if source_hits[i] or i in may_name_source:
            # an expert's affiliation ("Dr. Lee, of Yale, said") belongs to the expert
            affiliation_spans = [(max(0, c.start - 60), c.end + 100) for c in experts]
            named = _named_source(sentence, source_hits[i], taken, affiliation_spans, words,
                                  has_year, tokens, institutions)
            if named is not None:
                found.append(named)
        if experts:
            previous_expert_sentence = i
            found.extend(experts)
            for c in experts:
                expert_sentences.setdefault(c.detail[0], []).append(i)
        elif independence_hits[i]:
            # "... said Dr. Lee, a cardiologist. She was not involved in the study.", or
            # "Netea was not involved in the current study." some sentences after the quote
            subject = _SUBJECT.match(text)
            word = subject.group(1).lower() if subject else ""
            if word in expert_sentences:
                for index in expert_sentences[word]:
                    _mark_independent(result, index, word)
            elif previous_expert_sentence == i - 1 or (
                    word in _PRONOUNS and 0 < i - previous_expert_sentence <= 3):
                _mark_independent(result, previous_expert_sentence)
        if disclosure_hits[i]:
            # one statement per sentence: "the authors have received consulting fees from X"
            start, end = disclosure_hits[i][0].start, disclosure_hits[i][-1].end
            result.disclosures.append(
                new_citation("disclosure", i, start, end, text[start:end], "", "", 0.0, ())
            )
        if experts or disclosure_hits[i]:
            role = "funding" if disclosure_hits[i] else "affiliation"
            names = [(c.start, c.end) for c in experts]
            result.organisations.extend(
                _organisations(sentence, source_hits[i], names, role, institutions)
            )

        if found:
            found.sort(key=lambda c: (c.start, c.kind))
            result.by_sentence[i] = found
            result.sources.extend(found)
        if not vague_hits[i]:
            continue
        named_spans = [(c.start, c.end) for c in found if c.kind == "named_source"]
        merged: list[list[int]] = []  # [start, end, singular]
        for hit in vague_hits[i]:
            if _overlaps(named_spans, hit.start, hit.end):
                continue  # "a 2019 study found" is a dated study, not a vague one
            singular = int(vague_notes.get(hit.entry) == "singular")
            if merged and hit.start - merged[-1][1] <= 3:
                # "In a mouse study, researchers discovered": one attribution
                merged[-1][1] = hit.end
                merged[-1][2] &= singular
            else:
                merged.append([hit.start, hit.end, singular])
        for start, end, singular in merged:
            citation = new_citation("vague_attribution", i, start, end, text[start:end],
                                    "singular" if singular else "generic", "", 0.0, ())
            pending_vague.append((citation, bool(singular)))

    for citation, singular in pending_vague:
        i = citation.sentence_index
        near = [c for c in result.by_sentence.get(i, ()) if c.credit > 0]
        if not near and singular and i + 1 < len(sentences) and not sentences[i + 1].in_references:
            near = [c for c in result.by_sentence.get(i + 1, ()) if c.credit > 0 and _findable(c)]
        (result.excused_vague if near else result.vague).append(citation)

    result.sources.sort(key=lambda c: (c.kind == "reference_entry", c.sentence_index, c.start))
    return result


#: Literals the loop of :func:`scan` looks for before trying a pattern (a bracket, a DOI's
#: "10.", a PMID, a trial number) and the start of a year, all with uncommon first characters:
#: one search of the document's joined text skips through it quickly (quicker than a
#: ``str.find`` of each).
_RARE_MARKS = re.compile(r"\[|10\.|PM|NCT|ISRCTN|ACTRN|EudraCT|19|20")
#: Words a bare URL found by :data:`_URL` begins with ("https://...", "www.").
_URL_WORDS = ("http", "https", "www")


def _occurrences(text: str, literals: Iterable[str]) -> list[tuple[int, int]]:
    """``(offset, length)`` of every occurrence of each of *literals* in *text*, found with
    ``str.find`` (:func:`lexicons.occurrences`), which skips through the document's joined
    text far faster than a test of each sentence."""
    return [(at, len(literal)) for literal in literals for at in occurrences(text, literal)]


def _busy_sentences(
    corpus: lexicons.Corpus,
    links_by_sentence: dict[int, list[tuple[int, int, str, str]]],
    hit_lists: tuple[list[list[lexicons.Hit]], ...],
    has_superscripts: bool,
    role_endings: list[tuple[int, int]],
) -> tuple[list[int], set[int], set[int], set[int]]:
    """``(busy, marked, experts, sources)``. *busy*: the indexes, in order, of the sentences
    in which the loop of :func:`scan` can find anything: a sentence with a link or a hit of
    *hit_lists* (sources, vague attributions, disclosures, independence), or one of the
    *experts*, *sources* or *marked* ones.
    *experts*: the sentences for which :func:`_may_name_expert` is true (a word of
    :data:`_EXPERT_WORDS` or a role ending: *role_endings* are the ``(offset, length)`` of
    those in the joined text); *sources*: those in which :func:`_named_source` can find a
    source without a lexicon hit (a journal or institution word, or a study word and a
    year).
    *marked*: the sentences with a year (:data:`_YEAR_TOKEN`), a literal of
    :data:`_RARE_MARKS`, a bare URL's first word (:data:`_URL_WORDS`) or a superscript digit,
    without which the loop's tests for URLs, DOIs, PMIDs, trial numbers, reference markers and
    author-year citations find nothing. Every test of the loop needs one of these, so skipping
    the other sentences (most of them: ~70 of the ~90 of a generated article) changes nothing.

    It is done for the whole document at once: words through the corpus' word index (word ->
    token numbers, token -> sentence), which the lexicons have built already, and literals by
    searching the corpus' joined text, where testing each sentence for each literal cost more
    than the rest of the scan."""
    texts, starts, joined = corpus.texts, corpus.starts, corpus.joined
    last = len(texts) - 1

    marked: set[int] = set()
    if "\u017f" in joined:
        # "httpſ://" is a URL to the case-insensitive pattern, not a word "https"
        marked.update(corpus.sentences_holding(("http", "www.")))
    else:
        marked.update(corpus.sentences_with_words(_URL_WORDS))
    if has_superscripts:
        marked.update(corpus.sentences_holding(_SUP))
    no_year: set[int] = set()
    at = 0
    while (match := _RARE_MARKS.search(joined, at)) is not None:
        k = bisect_right(starts, match.start()) - 1
        if match.end() > starts[k] + len(texts[k]):
            at = match.start() + 1  # across two sentences: in neither
        elif k in marked:
            at = starts[k + 1] if k < last else len(joined)
        elif match.group() in ("19", "20") and (
                k in no_year or _YEAR_TOKEN.search(texts[k]) is None):
            no_year.add(k)  # "20 mg", "2051": not a year
            at = match.start() + 1
        else:
            marked.add(k)
            at = starts[k + 1] if k < last else len(joined)

    experts = corpus.sentences_of(role_endings) | corpus.sentences_with_words(_EXPERT_WORDS)
    # named sources: a journal or institution word, or a study word in a marked sentence (a
    # dated study needs a year): a study word alone ("the study was small") names none.
    sources = corpus.sentences_with_words(_SOURCE_NAME_WORDS)
    sources |= corpus.sentences_with_words(_STUDY_WORDS) & marked
    busy = marked | experts | sources
    busy.update(links_by_sentence)
    for hits in hit_lists:
        busy.update(compress(count(), hits))
    return sorted(busy), marked, experts, sources


_ORG_NOT = re.compile(r"\b(?:Reuters|HealthDay|WebMD|News|Press|Times|Post|Journal|Magazine)\b")
_ORG_LEAD = re.compile(r"^(?:the|at|of|from|with|in)\s+", re.IGNORECASE)


def _organisations(
    sentence: Sentence,
    hits: list[lexicons.Hit],
    names: list[tuple[int, int]],
    role: str,
    institutions: list[tuple[int, int]],
) -> list[Citation]:
    """The organisations named in a sentence that quotes someone (their affiliations) or states
    who paid (funders, companies with a stake): "University of X ... Hospital", "... Institute",
    and the agencies and institutions of ``citation_sources`` (not journals: a journal publishes
    the work, it is not a party to it). News outlets are left out ("told Reuters Health").
    *institutions*: the spans of :func:`_institution_spans` in the sentence."""
    text = sentence.text
    notes = lexicons.load("citation_sources").notes
    spans: list[tuple[int, int]] = []
    for hit in hits:
        if notes.get(hit.entry, "institution") != "journal":
            spans.append((hit.start, hit.end))
    spans.extend(institutions)
    found: list[Citation] = []
    seen: set[str] = set()
    kept: list[tuple[int, int]] = []
    # the longest name wins: "Brigham and Women's Hospital" over the listed "Brigham and Women's"
    for start, end in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        name = text[start:end]
        if _overlaps(kept, start, end) or _overlaps(names, start, end) or _ORG_NOT.search(name):
            continue
        kept.append((start, end))
        key = _ORG_LEAD.sub("", name).lower().removesuffix("'s").removesuffix("\u2019s")
        if key in seen:
            continue
        seen.add(key)
        found.append(new_citation("organisation", sentence.index, start, end, name, role, "",
                                  0.0, (key,)))
    return sorted(found, key=lambda c: c.start)


_SUBJECT = re.compile(r"\W{0,3}(?:Dr\.?\s+|Prof\.?\s+|Professor\s+)?([A-Z][\w'\u2019-]*)")
_PRONOUNS = frozenset({"he", "she", "they"})


def _mark_independent(result: CitationScan, index: int, surname: str = "") -> None:
    """Upgrade the named experts of sentence *index* (only *surname*, when given) to
    independent ones."""
    upgraded = [
        replace(c, source_type="independent", credit=CREDIT["named_expert_independent"])
        if c.kind == "named_expert" and (not surname or c.detail[:1] == (surname,)) else c
        for c in result.by_sentence.get(index, ())
    ]
    if not upgraded:
        return
    old = set(map(id, result.by_sentence[index]))
    result.sources = [c for c in result.sources if id(c) not in old]
    result.by_sentence[index] = upgraded
    result.sources.extend(upgraded)


def _findable(citation: Citation) -> bool:
    """Something a reader could find a study by: not a quoted person."""
    return citation.kind != "named_expert"


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        # keep a closing parenthesis that has its opening one inside the match
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end


def _overlaps(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _link_citations(
    context: _Context, sentence: Sentence, start: int, end: int, url: str, anchor: str,
    result: CitationScan,
) -> list[Citation]:
    i = sentence.index
    stripped = url.strip()
    if not stripped or stripped == "#" or stripped.lower().startswith(_DEAD_SCHEMES):
        result.broken.append(Citation("broken_citation", i, start, end, anchor or url,
                                      "empty_link", url))
        return []
    source_type, host = context.classifier.classify(stripped, anchor)
    if source_type == "internal":
        if stripped.startswith("#") and _MARKER_ANCHOR.fullmatch(anchor.strip()):
            numbers = _numbers(anchor)
            resolved = context.entries_count > 0
            credit = _marker_credit(context, numbers) if resolved else CREDIT["numbered_unresolved"]
            state = "resolved" if resolved else "unresolved"
            return [Citation("numbered", i, start, end, anchor, state, url, credit)]
        return []
    if host in ("example.com", "example.org", "localhost") or host.endswith(".example.com"):
        result.broken.append(Citation("broken_citation", i, start, end, anchor or url,
                                      "placeholder_link", url))
        return []
    return [new_citation("link", i, start, end, anchor or url, source_type, url,
                         LINK_CREDIT.get(source_type, 0.4), (host,))]


def _numbers(text: str) -> list[int]:
    """Reference numbers in a marker: "1,2" -> [1, 2]; "1-3" -> [1, 2, 3]."""
    digits = "".join(_SUP_VALUE.get(c, c) for c in text)
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", digits.strip("[] ")):
        bounds = re.split(r"\s*[-\u2013\u2014\u207b]\s*", part)
        try:
            values = [int(b) for b in bounds if b]
        except ValueError:
            continue
        if len(values) == 2 and 0 < values[1] - values[0] < 50:
            numbers.extend(range(values[0], values[1] + 1))
        else:
            numbers.extend(values)
    return numbers


def _marker_credit(context: _Context, numbers: list[int]) -> float:
    credits = [context.entry_credit[n] for n in numbers if n in context.entry_credit]
    return max(credits) if credits else CREDIT["numbered_resolved"]


def _numbered(
    context: _Context, sentence: Sentence, taken: list[tuple[int, int]], result: CitationScan
) -> list[Citation]:
    i, text = sentence.index, sentence.text
    found = []
    for match in _PLACEHOLDER.finditer(text):
        result.broken.append(Citation("broken_citation", i, match.start(), match.end(),
                                      match.group(), "placeholder"))
    for match in _NUMBERED.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        numbers = _numbers(match.group(1))
        found.append(_marker(context, sentence, match.start(), match.end(), numbers, result))
    for match in _SUPERSCRIPT.finditer(text):
        before = text[: match.start()]
        word = re.search(r"([A-Za-z]+)$", before)
        if word and (len(word.group(1)) <= 2 or word.group(1).lower() in _UNITS):
            continue  # m², cm³, x10⁶: a unit or a power, not a footnote
        if re.search(r"\d\s*[x\u00d7]?\s*10$", before):
            continue
        numbers = _numbers(match.group(1))
        if len(match.group(1)) > 1 and not any(c in match.group(1) for c in ",\u207b\u2013-"):
            # "¹²" is 12, or 1 and 2; take both readings and keep those that exist
            values = [int(_numbers(c)[0]) for c in match.group(1)]
            numbers = [n for n in numbers + values if n in context.entry_credit] or numbers
        found.append(_marker(context, sentence, match.start(), match.end(), numbers, result))
    if context.has_footnotes and context.analysis.document.format == "markdown":
        document = context.analysis.document
        for match in _FOOTNOTE_LABEL.finditer(text):
            if _overlaps(taken, match.start(), match.end()):
                continue
            source_start, _ = document.source_span(sentence, match.start(), match.end())
            if document.source.text.startswith("[^", source_start):
                found.append(Citation("numbered", i, match.start(), match.end(), match.group(),
                                      "resolved", credit=CREDIT["numbered_resolved"]))
    return found


def _marker(context: _Context, sentence: Sentence, start: int, end: int, numbers: list[int],
            result: CitationScan) -> Citation:
    text = sentence.text[start:end]
    count = context.entries_count
    resolved = bool(numbers) and count > 0 and (
        all(n <= count or n in context.entry_credit for n in numbers)
        or context.has_footnotes and any(n in context.entry_credit for n in numbers)
    )
    if resolved:
        return Citation("numbered", sentence.index, start, end, text, "resolved",
                        credit=_marker_credit(context, numbers))
    result.broken.append(Citation("broken_citation", sentence.index, start, end, text,
                                  "unresolved_marker"))
    return Citation("numbered", sentence.index, start, end, text, "unresolved",
                    credit=CREDIT["numbered_unresolved"])


def _author_year(
    context: _Context, sentence: Sentence, taken: list[tuple[int, int]]
) -> list[Citation]:
    text = sentence.text
    found = []
    credit = CREDIT["author_year_with_references" if context.entries_count else "author_year"]
    for regex in (_AUTHOR_YEAR_PAREN, _AUTHOR_YEAR_NARRATIVE):
        for match in regex.finditer(text):
            first = match.group("first") or (match.groupdict().get("single") or "")
            if first.lower() in _NOT_AUTHORS:
                continue
            if first.isupper() and len(first) > 1 and "et al" not in match.group():
                continue  # an acronym: "(COVID, 2020)", "(WHO 2019)"
            if _overlaps(taken, match.start(), match.end()):
                continue
            found.append(Citation("author_year", sentence.index, match.start(), match.end(),
                                  match.group(), credit=credit))
            taken.append((match.start(), match.end()))
    return found


#: Small words a journal name found by :data:`_JOURNAL_CONTEXT` may end with ("Journal of").
_NAME_TAIL = re.compile(r"(?:\s+(?:of|and|the|in|for))+$")
#: What :data:`_JOURNAL_CONTEXT` takes for a journal name but is a date or a language.
_NOT_JOURNAL_NAME = re.compile(
    rf"{_YEAR}|[A-Z][a-z]+ \d+|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Spring|Summer|Fall|Winter|Autumn|English|Spanish"
)


def _named_source(
    sentence: Sentence,
    hits: list[lexicons.Hit],
    taken: list[tuple[int, int]],
    affiliations: list[tuple[int, int]],
    words: set[str],
    has_year: bool,
    tokens: Sequence[Iterable[tuple[int, int, str]]],
    institutions: list[tuple[int, int]],
) -> Citation | None:
    """One named source per sentence, crediting everything that helps find it. *words* are the
    sentence's lowercase tokens, used to skip patterns that cannot match; *tokens* the
    ``(start, end, lowercase word)`` tokens of every sentence of the document (only this one's
    are read, and only to look for a sample size: :func:`_sample_match`); *institutions* the
    spans of :func:`_institution_spans` in the sentence."""
    journal_words = not _JOURNAL_WORDS.isdisjoint(words)
    study_words = not _STUDY_WORDS.isdisjoint(words)
    if not (hits or journal_words or institutions or (has_year and study_words)):
        return None  # nothing below could find a source: most sentences
    text = sentence.text
    keys: set[str] = set()
    spans: list[tuple[int, int]] = []
    types: list[str] = []
    notes = lexicons.load("citation_sources").notes if hits else {}
    for hit in hits:
        kind = notes.get(hit.entry, "institution")
        if _overlaps(taken, hit.start, hit.end):
            continue
        if kind != "journal" and _overlaps(affiliations, hit.start, hit.end):
            continue
        if kind == "journal" or _attributed(text, hit.start, hit.end):
            keys.add("journal" if kind == "journal" else "organization")
            spans.append((hit.start, hit.end))
            types.append(kind)
    for match in (_journal_matches(text, words) if journal_words else ()):
        name = match.group("name") or match.group("name2") or ""
        name = _NAME_TAIL.sub("", name).strip()
        if not name or name.lower() in ("the", "a", "an") or not name[0].isupper():
            continue
        if _NOT_JOURNAL_NAME.fullmatch(name):
            continue
        keys.add("journal")
        spans.append(match.span())
        types.append("journal")
    for start, end in institutions:
        if _overlaps(spans, start, end) or _overlaps(affiliations, start, end):
            continue
        if _attributed(text, start, end):
            keys.add("organization")
            spans.append((start, end))
            types.append("institution")
    dated = False
    for matches in (_study_year_matches(text, words) if has_year and study_words else ()):
        for match in matches:
            if _overlaps(taken, *match.span()) or "will " in match.group():
                continue
            keys.update(("year", "study_type"))
            spans.append(match.span())
            types.append("study")
            dated = True
    if not keys:
        return None
    if not dated and study_words:
        keys.add("study_type")
    if ("study_type" in keys or len(keys) > 1) \
            and (match := _sample_match(text, tokens[sentence.index], words)):
        keys.add("sample_size")
        spans.append(match.span())
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    credit = min(NAMED_MAX, NAMED_BASE + NAMED_PER_KEY * len(keys))
    source_type = next(
        (t for t in ("journal", "agency", "institution", "study") if t in types), "study"
    )
    return new_citation("named_source", sentence.index, start, end, text[start:end],
                        source_type, "", credit, tuple(sorted(keys)))



# -- trying a pattern only where a match can start ---------------------------------------------
#
# ``re`` tries a pattern at every position of a sentence; the patterns below are long
# case-insensitive alternations, so most of their cost is failing at positions where they
# cannot start. Each begins with ``\b`` and a letter or digit, so a match starts where a token
# (a run of letters and digits) starts, and its first word tells which: the helpers try the
# pattern only at the tokens whose lowercase word could open it, and give the same matches as
# ``finditer`` (or ``search``) on the whole sentence.

#: The words a phrase of :data:`_STUDY` can begin with, as tokens ("meta" of "meta-analysis";
#: each phrase is preceded by ``\b`` and "trials?", "stud(?:y|ies)" ... are followed by ``\b``
#: in :data:`_STUDY_YEAR`, so the first token is one of these).
_STUDY_FIRST_WORDS = _wordset(
    "randomised randomized clinical controlled trial trials study studies meta systematic "
    "review reviews analysis analyses survey surveys cohort cohorts experiment experiments "
    "report reports paper papers"
)
#: How the words that open :data:`_JOURNAL_CONTEXT`'s first alternative begin (it is
#: case-sensitive, so a lowercase word that does not begin so cannot open it either).
_JOURNAL_HEADS = ("published", "appear", "report", "writ", "describ")
#: The words that open :data:`_SAMPLE`'s first alternative ("of 1,200", "enrolling 3,000").
_SAMPLE_WORDS = _wordset(
    "of in with among involving including enrolling enrolled followed tracked recruited surveyed"
)
#: The words for people that close :data:`_SAMPLE`'s second alternative ("1,200 adults").
_PEOPLE_WORDS = _wordset(
    "adults people patients participants women men children kids subjects volunteers "
    "individuals smokers veterans users infants babies adolescents teenagers students nurses "
    "doctors seniors residents pregnancies twins mothers survivors"
)
#: What :data:`_SAMPLE`'s first alternative needs ("1,200"), and its second (two digits, or a
#: digit and a comma).
_THOUSANDS = re.compile(r"\d,\d{3}")
_DIGITS = re.compile(r"\d[\d,]")


def _matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields when a match can only begin at one of *starts*
    (ascending): a match moves on past its end, as finditer does. The patterns given here
    never match the empty string."""
    found = []
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            found.append(match)
            end = match.end()
    return found


def _study_year_matches(
    text: str, words: set[str] | frozenset[str]
) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The matches of :data:`_YEAR_STUDY` and of :data:`_STUDY_YEAR` in *text* (a sentence
    with a year and a study word; *words* its lowercase tokens), as ``finditer`` finds them:
    the first can only start at a year ("2019 trial"), the second at the first word of a
    :data:`_STUDY` phrase (:data:`_STUDY_FIRST_WORDS`: "a trial published in 2019"), found
    with ``str.find`` in the lowercased sentence (a loop over the tokens cost more)."""
    if not case_folds_simply(text):
        return list(_YEAR_STUDY.finditer(text)), list(_STUDY_YEAR.finditer(text))
    lowered = text.lower()
    years = occurrences_of_any(text, ("19", "20"))
    studies = occurrences_of_any(lowered, _STUDY_FIRST_WORDS.intersection(words))
    # A match of _STUDY_YEAR ends with a year after its study word, and nothing in it can be a
    # "." or ";": a study word with no such year after it is not tried (the pattern's lazy
    # 80-character gap makes each try cost about as much as a search of the sentence).
    dated = [start for start in studies if _year_follows(text, start, years)]
    return _matches_at(_YEAR_STUDY, text, years), _matches_at(_STUDY_YEAR, text, dated)


def _year_follows(text: str, start: int, years: list[int]) -> bool:
    """Whether a year may begin after *start* with no "." or ";" between (*years*: ascending
    positions, every year's start among them)."""
    year = next((y for y in years if y > start), -1)
    return year >= 0 and text.find(".", start, year) < 0 and text.find(";", start, year) < 0


def _journal_matches(text: str, words: set[str]) -> list[re.Match[str]]:
    """``_JOURNAL_CONTEXT.finditer(text)``, tried only where "published", "appear", "report",
    "writ", "describ" and, when the sentence has the word "journal", "the" (of "the journal
    Pain") are found. The pattern is case-sensitive, so it cannot start anywhere else."""
    heads = _JOURNAL_HEADS + ("the",) if "journal" in words else _JOURNAL_HEADS
    return _matches_at(_JOURNAL_CONTEXT, text, occurrences_of_any(text, heads))


def _sample_match(
    text: str, tokens: Iterable[tuple[int, int, str]], words: set[str]
) -> re.Match[str] | None:
    """``_SAMPLE.search(text)``: the first match, tried only at the words that open it ("of",
    "among", "enrolling", ...) and at numbers ("1,200 adults"), and not at all when the
    sentence lacks what both alternatives need: an opening word and a number with a thousands
    comma ("of 1,200"), or a number and a word for people ("300 adults")."""
    if not case_folds_simply(text):
        return _SAMPLE.search(text)
    if not ((not _SAMPLE_WORDS.isdisjoint(words) and _THOUSANDS.search(text))
            or (not _PEOPLE_WORDS.isdisjoint(words) and _DIGITS.search(text))):
        return None
    for start, _, word in tokens:
        if (word in _SAMPLE_WORDS or word[0].isdecimal()) \
                and (match := _SAMPLE.match(text, start)) is not None:
            return match
    return None


#: A year as a word ("2019", "1990s"). The lookahead (a year begins with 1 or 2) lets ``re``
#: pass over the other positions faster than ``\b`` alone.
_YEAR_TOKEN = re.compile(rf"(?=[12])\b{_YEAR}[a-z]?\b")
_ROLE_SUFFIX = re.compile(r"ologist|iatrist|ician")
_INSTITUTION_GATE = re.compile(
    r"niversity|Hospital|Institut|Clinic|Cent(?:er|re)|College|School|Foundation|Society|"
    r"Association|Academy|Health|Council|Agency|Department|Laborator"
)
#: The words an :data:`_INSTITUTION` match needs one of (lowercase, as in a sentence's words):
#: without any, neither :data:`_INSTITUTION_GATE` nor :data:`_INSTITUTION` need be tried.
_INSTITUTION_WORDS = _wordset(
    "university college hospital hospitals institute institutes clinic center centre centers "
    "health school foundation laboratory laboratories society association academy council "
    "agency department"
)


def _institution_spans(text: str, words: set[str]) -> list[tuple[int, int]]:
    """The spans of ``_INSTITUTION.finditer(text)`` (*words*: the sentence's lowercase words),
    found once per sentence for both the named sources and the organisations, and not at all
    when the sentence has no word of :data:`_INSTITUTION_WORDS` or no
    :data:`_INSTITUTION_GATE` literal, which every match holds."""
    if _INSTITUTION_WORDS.isdisjoint(words) or _INSTITUTION_GATE.search(text) is None:
        return []
    return [match.span() for match in _INSTITUTION.finditer(text)]


_JOURNAL_WORDS = _wordset(
    "published publish appear appears appeared appearing reported report reports writing writes "
    "written described describes journal"
)
_STUDY_WORDS = _wordset(
    "trial trials study studies meta analysis analyses review reviews survey surveys cohort "
    "cohorts experiment experiments report reports paper papers"
)
#: The words of a named source that needs no year: a journal or an institution.
_SOURCE_NAME_WORDS = _JOURNAL_WORDS | _INSTITUTION_WORDS
_EXPERT_WORDS = _wordset(
    "dr drs prof professor doctor according said says explained explains added adds noted notes "
    "told tells cautioned cautions warned warns stated states commented comments pointed points "
    "wrote writes observed observes agreed agrees remarked emphasized emphasised stressed argued "
    "argues concluded acknowledged acknowledges predicted predicts countered counters believes "
    "thinks director chief head chair chairman chairwoman chairperson dean president researcher "
    "scientist physician surgeon nurse pharmacist dietitian dietician nutritionist investigator "
    "author coauthor co specialist expert fellow spokesman spokeswoman spokesperson officer "
    "lecturer instructor practitioner therapist clinician consultant editor analyst economist "
    "statistician founder ceo executive advocate member manager coordinator associate attending "
    "resident commissioner secretary"
)


def _may_name_expert(words: set[str], text: str) -> bool:
    """Cheap test before the expert patterns: a speech verb, a title or a role word."""
    return not _EXPERT_WORDS.isdisjoint(words) or _has_role_suffix(text)


def _has_role_suffix(text: str) -> bool:
    """``_ROLE_SUFFIX.search(text)``, as three substring tests (several times faster)."""
    return "ologist" in text or "iatrist" in text or "ician" in text


def _attributed(text: str, start: int, end: int) -> bool:
    """True when the organisation at ``text[start:end]`` is given as the source of something."""
    return _cue_before(text[max(0, start - 60): start]) or _cue_after(text[end: end + 60])


#: How the words that end :data:`_CUE_AFTER` begin, lowercased ("report" of "reported",
#: "stud" of "study", "fact" of "fact sheet").
_CUE_AFTER_HEADS = (
    "report", "say", "said", "found", "finds", "recommend", "estimat", "warn", "advis", "advice",
    "state", "note", "conclude", "data", "figures", "statistics", "stats", "guideline",
    "guidance", "fact", "survey", "stud", "trial", "researcher", "scientist", "investigator",
    "review", "analys", "panel", "project", "calculat", "caution", "urge", "list", "classif",
    "consider", "expert", "declared", "announced", "website", "position", "research", "team",
    "paper", "records", "registry", "publication", "issued", "released", "published",
)


def _cue_after(window: str) -> bool:
    """``_CUE_AFTER.match(window)`` is not None, tried only when the lowercased window holds
    the beginning of one of the words the pattern ends with (:data:`_CUE_AFTER_HEADS`): most
    windows after an organisation hold none ("the FDA approved the drug"), and the pattern's
    up to three optional words before that word make each try slow (it splits them every way
    before it fails). Windows that :func:`lexicons.case_folds_simply` rejects are tried as
    they are."""
    if case_folds_simply(window):
        lowered = window.lower()
        for head in _CUE_AFTER_HEADS:
            if head in lowered:
                break
        else:
            return False
    return _CUE_AFTER.match(window) is not None


#: How the alternatives of :data:`_CUE_BEFORE` begin, lowercased ("report" of "reports by",
#: "stud" of "study by", "per" of "per the CDC").
_CUE_HEADS = (
    "according", "data", "figures", "statistics", "estimates", "numbers", "report", "guideline",
    "recommendation", "advice", "statement", "survey", "stud", "trial", "review", "analys",
    "researcher", "scientist", "investigator", "team", "expert", "doctor", "physician",
    "published", "posted", "issued", "released", "compiled", "collected", "cited", "per",
    "website", "says", "said",
)


def _cue_before(window: str) -> bool:
    """``_CUE_BEFORE.search(window)`` is not None, trying the pattern only where one of its
    alternatives can begin (:data:`_CUE_HEADS`, found with ``str.find`` in the lowercased
    window): the case-insensitive alternation of some thirty phrases is slow to try at every
    character. Windows that lowercase to another length or hold a character ``str.lower`` and
    ``re.IGNORECASE`` treat differently (:func:`lexicons.case_folds_simply`) are searched as
    they are."""
    if not case_folds_simply(window):
        return _CUE_BEFORE.search(window) is not None
    lowered = window.lower()
    match = _CUE_BEFORE.match
    for head in _CUE_HEADS:
        at = lowered.find(head)
        while at >= 0:
            if match(window, at) is not None:
                return True
            at = lowered.find(head, at + 1)
    return False


def _experts(
    sentence: Sentence,
    independent: bool,
    taken: list[tuple[int, int]],
    word_starts: Iterable[int],
    words: set[str],
) -> list[Citation]:
    """The people quoted or cited by name in *sentence* (*word_starts* and *words*: see
    :func:`_expert_matches`)."""
    text = sentence.text
    found: list[Citation] = []
    seen: set[str] = set()
    for match in _expert_matches(text, word_starts, words):
        group = match.lastgroup  # the one named group of the alternative that matched
        assert group is not None
        name = match.group(group)
        start, end = match.span(group)
        first = name.split()[0].lower().rstrip(".")
        if first in _NOT_PERSON_FIRST:
            continue
        if group == "e" and not _SPEECH.search(text):
            continue  # "Dr. Chen has received fees": named, but not quoted or cited as a source
        surname = name.split()[-1].lower()
        if surname in _ORGANISATION_WORDS or surname in _NOT_SURNAMES:
            continue  # "the American Heart Association says": an organisation, not a person
        if surname in seen or _overlaps(taken, start, end):
            continue
        seen.add(surname)
        affiliated = bool(_AFFILIATION.search(text, end, min(len(text), end + 120)))
        source_type = "independent" if independent else "affiliated" if affiliated else "named"
        credit = CREDIT["named_expert_independent"] if independent else CREDIT["named_expert"]
        found.append(new_citation("named_expert", sentence.index, start, end, name, source_type,
                                  "", credit, (surname,)))
    return found


def _reference_entries(
    analysis: Analysis,
    classifier: DomainClassifier,
    links_by_sentence: dict[int, list[tuple[int, int, str, str]]],
) -> list[tuple[int, Citation]]:
    """``(number, citation)`` for each entry of a reference list: one block = one entry."""
    document = analysis.document
    first_sentence: dict[int, int] = {}
    sentences_of: dict[int, list[int]] = {}
    for sentence in analysis.sentences:
        if sentence.in_references and sentence.kind != "heading":
            first_sentence.setdefault(sentence.block_index, sentence.index)
            sentences_of.setdefault(sentence.block_index, []).append(sentence.index)
    entries: list[tuple[int, Citation]] = []
    for position, (block_index, sentence_index) in enumerate(sorted(first_sentence.items()), 1):
        block = document.blocks[block_index]
        text = block.text
        explicit = re.match(r"\s*\[?(\d{1,3})[\].)]\s", text)
        number = int(explicit.group(1)) if explicit else position
        link_types = []
        for index in sentences_of[block_index]:
            for _, _, url, anchor in links_by_sentence.get(index, ()):
                link_types.append(classifier.classify(url, anchor)[0])
        for match in _URL.finditer(text):
            url = text[match.start(): _strip_end(text, *match.span())]
            link_types.append(classifier.classify(url)[0])
        if link_types:
            source_type = min(link_types, key=lambda t: -LINK_CREDIT.get(t, 0.0))
            credit = LINK_CREDIT.get(source_type, 0.4)
            if _DOI.search(text) or _PMID.search(text):
                credit = max(credit, 1.0)
        elif _DOI.search(text) or _PMID.search(text):
            source_type, credit = "peer_reviewed", CREDIT["reference_entry"]
        elif re.search(rf"\b{_YEAR}\b", text):
            source_type, credit = "citation", CREDIT["reference_entry"]
        else:
            source_type, credit = "plain", CREDIT["reference_entry_plain"]
        sentence = analysis.sentences[sentence_index]
        entries.append((number, Citation("reference_entry", sentence_index, 0, len(sentence.text),
                                         text, source_type, credit=credit, detail=(str(number),))))
    return entries
