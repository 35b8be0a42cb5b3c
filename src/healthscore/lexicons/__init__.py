"""Word lists shipped as package data, and one fast matcher for all of them.

Each ``*.txt`` file in this folder is a lexicon named after the file (``hedges.txt`` is
``hedges``). The format is one entry per line::

    # a comment; blank lines are ignored
    may
    side effect*            <- ``*`` ends a word stem: side effect, side effects
    not (yet )?proven       <- lines that start with ``re:`` are regular expressions, so this
    re: \\bnot (?:yet )?proven\\b  one matches "not proven" and "not yet proven"
    hepatotoxicity<TAB>liver damage   <- text after a tab is the entry's note (e.g. a plain
                                         explanation), kept in :attr:`Lexicon.notes`

Matching is case-insensitive and on word boundaries; every lexicon compiles to one regular
expression with the longest entries first, so "no side effects" wins over "side effects".
Adding a list is adding a file: no code changes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Corpus", "Hit", "Lexicon", "Tokens", "available", "load", "tokenize"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a lexicon entry in a sentence: ``text[start:end]`` matched ``entry``."""

    entry: str
    start: int
    end: int
    text: str


#: A token, as the matcher sees one: a run of letters or digits. Hyphens, apostrophes and points
#: separate tokens, so "inflammatory" is found in "anti-inflammatory" and "you" in "you're",
#: as a word-boundary regular expression would find them; entries such as "mu-opioid" or
#: "2.5 mg" match their exact joiners.
_TOKEN = re.compile(r"[^\W_]+")
_SPACE_ONLY = re.compile(r"\s+")
_JOINERS = frozenset("-'\u2019/.")

Token = tuple[int, int, str]


class Tokens(list):  # type: ignore[type-arg]
    """A sentence's ``(start, end, lowercase word)`` tokens, with the indexes a lexicon needs to
    find its candidates by set intersection instead of a Python loop over every token."""

    __slots__ = ("_words",)

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(tokens)
        self._words: dict[str, list[int]] | None = None

    @property
    def words(self) -> dict[str, list[int]]:
        """Word -> token indexes."""
        if self._words is None:
            words: dict[str, list[int]] = {}
            for index, (_, _, word) in enumerate(self):
                words.setdefault(word, []).append(index)
            self._words = words
        return self._words


def tokenize(text: str) -> Tokens:
    """The tokens of *text*; compute once per sentence and pass to :meth:`Lexicon.find` (or
    :meth:`Lexicon.find_many`) for every lexicon."""
    return Tokens([(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text)])


class Corpus:
    """A document's sentences prepared once for every lexicon: their tokens, and their text
    joined (and lowercased) for the regular-expression entries."""

    __slots__ = ("texts", "tokens", "joined", "lowered", "starts")

    def __init__(self, texts: list[str], tokens: list[Tokens] | None = None) -> None:
        self.texts = list(texts)
        self.tokens = [tokenize(t) for t in self.texts] if tokens is None else tokens
        self.joined = _SEPARATOR.join(self.texts)
        self.lowered = self.joined.lower()
        starts = [0]
        for text in self.texts[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        self.starts = starts


class _Phrase:
    """A literal entry as a sequence of lowercase words; the last may be a stem (``effect*``)."""

    __slots__ = ("entry", "words", "joins", "stem_last")

    def __init__(self, entry: str, words: list[str], joins: list[str], stem_last: bool) -> None:
        self.entry = entry
        self.words = words
        #: What stands between word i and i+1: "" for any white space, else the exact joiner.
        self.joins = joins
        self.stem_last = stem_last


class Lexicon:
    """A compiled word list. Build with :func:`load`, or directly from entries in tests.

    Why not one big regular expression: Python's ``re`` tries every alternative at every
    position, so a 500-entry alternation scans a 1,000-word article in about a second. Literal
    entries are instead indexed by their first word: the candidates in a sentence are one set
    intersection with the sentence's words, then matched word by word. Only ``re:`` entries,
    lone stems (``analges*``) and entries that are not plain words ("100% safe") are regular
    expressions, scanned together once per document.
    """

    def __init__(self, name: str, entries: list[str], notes: dict[str, str] | None = None) -> None:
        self.name = name
        self.entries = tuple(entries)
        self.notes = notes or {}
        self._by_first: dict[str, list[_Phrase]] = {}
        patterns: list[str] = []
        self._regex_entries: list[str] = []
        for entry in sorted(set(entries), key=lambda e: (-len(e), e)):
            phrase = _phrase(entry)
            if phrase is None:
                patterns.append(_entry_pattern(entry))
                self._regex_entries.append(entry)
            else:
                self._by_first.setdefault(phrase.words[0], []).append(phrase)
        self._first_words = frozenset(self._by_first)
        # Phrases that start with a frequent word ("in some patients") would be tried at every
        # "in": index them by their first two words, so only real candidates are matched.
        self._single: dict[str, str] = {}
        self._loose: dict[str, list[_Phrase]] = {}
        self._by_pair: dict[tuple[str, str], list[_Phrase]] = {}
        for first, phrases in self._by_first.items():
            for phrase in phrases:
                if len(phrase.words) == 1:
                    self._single.setdefault(first, phrase.entry)
                elif phrase.stem_last and len(phrase.words) == 2:
                    self._loose.setdefault(first, []).append(phrase)
                else:
                    self._by_pair.setdefault((first, phrase.words[1]), []).append(phrase)
        self._pair_first = frozenset(first for first, _ in self._by_pair)
        # Regular-expression entries run over lowercased text without IGNORECASE where they
        # can (much faster in ``re``), and without named groups (which cost more than the
        # match); the entry behind a match is found afterwards by re-matching at its start.
        pairs = list(zip(self._regex_entries, patterns, strict=True))
        lower = [(e, p) for e, p in pairs if not _has_upper(p)]
        cased = [(e, p) for e, p in pairs if _has_upper(p)]
        self._lower = _Alternation(lower, 0) if lower else None
        self._cased = _Alternation(cased, re.IGNORECASE) if cased else None

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Lexicon({self.name!r}, {len(self)} entries)"

    def find(self, text: str, tokens: Tokens | None = None) -> list[Hit]:
        """All non-overlapping matches in *text*: leftmost first, and the longest at a place.

        *tokens* are ``tokenize(text)``, when the caller has them already.
        """
        return self.find_many([text], None if tokens is None else [tokens])[0]

    def find_many(
        self, texts: list[str] | Corpus, tokens: list[Tokens] | None = None
    ) -> list[list[Hit]]:
        """:meth:`find` for each of *texts* (a document's sentences), with the regular-expression
        entries run once over all of them. Pass a :class:`Corpus` to share the tokens and the
        joined text between lexicons."""
        corpus = texts if isinstance(texts, Corpus) else Corpus(texts, tokens)
        texts = corpus.texts
        results: list[list[Hit]] = (
            [self._find_phrases(t, k) for t, k in zip(texts, corpus.tokens, strict=True)]
            if self._by_first
            else [[] for _ in texts]
        )
        if self._lower is None and self._cased is None:
            return results
        starts = corpus.starts
        for alternation, haystack in ((self._lower, corpus.lowered), (self._cased, corpus.joined)):
            if alternation is None:
                continue
            for entry, start, end in alternation.scan(haystack):
                index = bisect.bisect_right(starts, start) - 1
                offset = starts[index]
                if end - offset > len(texts[index]):
                    continue  # ran across a sentence boundary
                text = texts[index]
                results[index].append(
                    Hit(entry, start - offset, end - offset, text[start - offset : end - offset])
                )
        return [_non_overlapping(hits) if len(hits) > 1 else hits for hits in results]

    def search(self, text: str) -> bool:
        """True when any entry occurs in *text*."""
        return bool(self.find(text))

    def _find_phrases(self, text: str, tokens: list[Token]) -> list[Hit]:
        if not isinstance(tokens, Tokens):
            tokens = Tokens(tokens)
        candidates: list[tuple[int, int, str]] = []  # (token index, end offset, entry)
        count = len(tokens)
        for word in self._first_words.intersection(tokens.words):
            single = self._single.get(word)
            loose = self._loose.get(word, ())
            paired = word in self._pair_first
            for index in tokens.words[word]:
                if single is not None:
                    candidates.append((index, tokens[index][1], single))
                for phrase in loose:
                    end = self._match(phrase, tokens, index, text)
                    if end >= 0:
                        candidates.append((index, end, phrase.entry))
                if paired and index + 1 < count:
                    for phrase in self._by_pair.get((word, tokens[index + 1][2]), ()):
                        end = self._match(phrase, tokens, index, text)
                        if end >= 0:
                            candidates.append((index, end, phrase.entry))
        if not candidates:
            return []
        # Leftmost first; at one place the longest (then the longest entry, as in a regex).
        candidates.sort(key=lambda c: (c[0], -c[1], -len(c[2]), c[2]))
        hits: list[Hit] = []
        last_end = -1
        for index, end, entry in candidates:
            start = tokens[index][0]
            if start < last_end:
                continue
            hits.append(Hit(entry, start, end, text[start:end]))
            last_end = end
        return hits

    @staticmethod
    def _match(phrase: _Phrase, tokens: list[tuple[int, int, str]], index: int, text: str) -> int:
        """End offset when *phrase* matches the tokens from *index*, else -1."""
        words = phrase.words
        if index + len(words) > len(tokens):
            return -1
        last = len(words) - 1
        for offset, word in enumerate(words):
            start, end, token = tokens[index + offset]
            if offset:
                previous_end = tokens[index + offset - 1][1]
                join = phrase.joins[offset - 1]
                if join:
                    if text[previous_end:start] != join:
                        return -1
                elif not _SPACE_ONLY.fullmatch(text, previous_end, start):
                    return -1
            if offset == last and phrase.stem_last:
                if not token.startswith(word):
                    return -1
            elif token != word:
                return -1
        return tokens[index + last][1]


def _phrase(entry: str) -> _Phrase | None:
    """The entry as plain words, or None when it needs a regular expression."""
    if entry.startswith("re:"):
        return None
    body = entry.strip().lower()
    stem_last = body.endswith("*") and len(body) > 1
    if stem_last:
        body = body[:-1]
    words: list[str] = []
    joins: list[str] = []
    position = 0
    for match in _TOKEN.finditer(body):
        gap = body[position : match.start()]
        if words:
            if gap.isspace():
                joins.append("")
            elif len(gap) == 1 and gap in _JOINERS:
                joins.append(gap)
            else:
                return None
        elif gap:
            return None
        words.append(match.group())
        position = match.end()
    if not words or position != len(body):
        return None
    if stem_last and len(words) == 1:
        return None  # a lone stem ("analges*") is a simple regex, scanned with the others
    return _Phrase(entry, words, joins, stem_last)


_SEPARATOR = "\x00"
_UPPER_LITERAL = re.compile(r"(?<!\\)[A-Z]")


def _has_upper(pattern: str) -> bool:
    """True when the pattern has an upper-case literal (or a case-sensitive group), so it must
    run on the original text; escapes such as ``\\W`` or ``\\S`` do not count."""
    return "(?-i" in pattern or bool(_UPPER_LITERAL.search(pattern.replace("\\\\", "")))


class _Alternation:
    """Regular-expression entries, scanned one by one.

    Why not one alternation: ``re`` then tries every branch at every position. Scanned alone, a
    pattern that starts with a literal ("kidney\\w*") is found by ``re``'s fast literal search,
    about a hundred times faster. A leading ``\\b`` would switch that search off, so it is
    removed from the pattern and checked by hand on each match, which gives the same matches.
    """

    def __init__(self, items: list[tuple[str, str]], flags: int) -> None:
        self._scans: list[tuple[str, re.Pattern[str], bool]] = []
        for entry, pattern in items:
            boundary = pattern.startswith("\\b") and not pattern.startswith("\\b(?=")
            body = pattern[2:] if boundary else pattern
            self._scans.append((entry, re.compile(body, flags), boundary))

    def scan(self, text: str) -> list[tuple[str, int, int]]:
        found = []
        for entry, regex, boundary in self._scans:
            position = 0
            search = regex.search
            while True:
                match = search(text, position)
                if match is None:
                    break
                start, end = match.span()
                if boundary and not _at_boundary(text, start):
                    position = start + 1
                    continue
                found.append((entry, start, end))
                position = end if end > start else start + 1
        return found


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _at_boundary(text: str, index: int) -> bool:
    """What ``\\b`` asserts at *index*."""
    before = index > 0 and _is_word(text[index - 1])
    after = index < len(text) and _is_word(text[index])
    return before != after


def _non_overlapping(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _entry_pattern(entry: str) -> str:
    if entry.startswith("re:"):
        return entry[3:].strip()
    words = []
    for word in entry.split():
        if word.endswith("*") and len(word) > 1:
            words.append(re.escape(word[:-1]) + r"\w*")
        else:
            words.append(re.escape(word))
    body = r"\s+".join(words)
    start = r"\b" if entry[:1].isalnum() else ""
    end = r"\b" if entry[-1:].isalnum() else ""
    return f"{start}{body}{end}"


def available() -> list[str]:
    """Names of the lexicons shipped with the package."""
    folder = resources.files(__name__)
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt"))


@cache
def load(name: str) -> Lexicon:
    """Load and compile the lexicon ``name`` (cached: compiled once per process)."""
    path = resources.files(__name__) / f"{name}.txt"
    if not path.is_file():
        raise KeyError(f"no lexicon named {name!r}; available: {', '.join(available())}")
    entries: list[str] = []
    notes: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        entry, _, note = line.partition("\t")
        entry = entry.strip()
        if not entry.startswith("re:"):
            entry = entry.lower()
        entries.append(entry)
        if note.strip():
            notes[entry] = note.strip()
    return Lexicon(name, entries, notes)
