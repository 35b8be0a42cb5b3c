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

    __slots__ = (
        "texts",
        "tokens",
        "joined",
        "lowered",
        "starts",
        "_positions",
        "_sorted_words",
        "_word_starts",
    )

    def __init__(self, texts: list[str], tokens: list[Tokens] | None = None) -> None:
        self.texts = list(texts)
        self.tokens = [
            t if isinstance(t, Tokens) else Tokens(t)
            for t in ([tokenize(t) for t in self.texts] if tokens is None else tokens)
        ]
        self._positions: dict[str, list[tuple[int, int]]] | None = None
        self._sorted_words: list[str] | None = None
        self._word_starts: dict[str, list[int]] = {}
        self.joined = _SEPARATOR.join(self.texts)
        self.lowered = self.joined.lower()
        starts = [0]
        for text in self.texts[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        self.starts = starts

    @property
    def folds_like_re(self) -> bool:
        """True when :attr:`lowered` lines up with :attr:`joined` character for character and
        has none of the few characters that ``re.IGNORECASE`` matches to an ASCII letter but
        ``str.lower`` does not lower to one (long s, dotless i, dotted capital I): then a
        case-insensitive match can only start where its lowercased literal is found."""
        return len(self.lowered) == len(self.joined) and not any(
            char in self.joined for char in _FOLD_EXCEPTIONS
        )

    @property
    def positions(self) -> dict[str, list[tuple[int, int]]]:
        """Word -> ``(sentence, token index)`` of each occurrence, over the whole document, so a
        lexicon finds its candidate words with one set intersection per document."""
        if self._positions is None:
            positions: dict[str, list[tuple[int, int]]] = {}
            for sentence, tokens in enumerate(self.tokens):
                for index, (_, _, word) in enumerate(tokens):
                    positions.setdefault(word, []).append((sentence, index))
            self._positions = positions
        return self._positions

    def word_starts(self, literal: str) -> list[int]:
        """Offsets in :attr:`lowered` of the words where *literal* can begin a match that
        starts at a word boundary: words that start with *literal* when it is one word, else
        the words equal to its first word (the caller checks the rest of the literal).
        Cached: several lexicons share literals."""
        cached = self._word_starts.get(literal)
        if cached is not None:
            return cached
        head = _TOKEN.match(literal)
        if head is None:
            return []
        first = head.group()
        whole_word = head.end() == len(literal)
        if self._sorted_words is None:
            self._sorted_words = sorted(self.positions)
        words = self._sorted_words
        offsets: list[int] = []
        i = bisect.bisect_left(words, first)
        while i < len(words) and words[i].startswith(first):
            word = words[i]
            i += 1
            if not whole_word and word != first:
                continue
            for sentence, index in self.positions[word]:
                offsets.append(self.starts[sentence] + self.tokens[sentence][index][0])
        self._word_starts[literal] = offsets
        return offsets


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
        results: list[list[Hit]] = [[] for _ in texts]
        if self._by_first:
            for sentence, candidates in self._phrase_candidates(corpus).items():
                results[sentence] = _resolve(
                    candidates, corpus.tokens[sentence], texts[sentence]
                )
        if self._lower is None and self._cased is None:
            return results
        starts = corpus.starts
        for alternation, haystack in ((self._lower, corpus.lowered), (self._cased, corpus.joined)):
            if alternation is None:
                continue
            for entry, start, end in alternation.scan(haystack, corpus):
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

    def _phrase_candidates(self, corpus: Corpus) -> dict[int, list[tuple[int, int, str]]]:
        """Sentence -> ``(token index, end offset, entry)`` of every literal entry that matches
        there; overlaps are resolved afterwards by :func:`_resolve`."""
        by_sentence: dict[int, list[tuple[int, int, str]]] = {}
        positions = corpus.positions
        all_tokens = corpus.tokens
        texts = corpus.texts
        for word in self._first_words.intersection(positions):
            single = self._single.get(word)
            loose = self._loose.get(word, ())
            paired = word in self._pair_first
            for sentence, index in positions[word]:
                tokens = all_tokens[sentence]
                found = by_sentence.get(sentence)
                if found is None:
                    found = by_sentence[sentence] = []
                if single is not None:
                    found.append((index, tokens[index][1], single))
                for phrase in loose:
                    end = self._match(phrase, tokens, index, texts[sentence])
                    if end >= 0:
                        found.append((index, end, phrase.entry))
                if paired and index + 1 < len(tokens):
                    for phrase in self._by_pair.get((word, tokens[index + 1][2]), ()):
                        end = self._match(phrase, tokens, index, texts[sentence])
                        if end >= 0:
                            found.append((index, end, phrase.entry))
        return by_sentence

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


def _resolve(candidates: list[tuple[int, int, str]], tokens: Tokens, text: str) -> list[Hit]:
    """Non-overlapping hits from a sentence's candidates: leftmost first; at one place the
    longest (then the longest entry, as a regular expression would choose)."""
    if not candidates:
        return []
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
#: Characters ``re.IGNORECASE`` matches to an ASCII letter that ``str.lower`` leaves alone:
#: long s (s), dotless i (I), dotted capital I (i + combining dot).
_FOLD_EXCEPTIONS = ("\u017f", "\u0131", "\u0130")
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

    Most of the remaining cost was patterns that open with an alternation
    (``\\b(?:reduc|lower|cut)...``), which ``re`` must try at every position of the document.
    :func:`_leading_literals` reads such a pattern's possible first words from its parse tree;
    the scan then finds their occurrences with ``str.find`` and tries the pattern only there.
    Every match starts with one of those literals, so taking the candidates in order gives
    exactly the matches of the full search, at a third of its cost on these lists.
    """

    def __init__(self, items: list[tuple[str, str]], flags: int) -> None:
        self._scans: list[tuple[str, re.Pattern[str], bool, tuple[str, ...] | None]] = []
        #: Entries whose matches start at a word boundary (a leading ``\\b``, or one inside).
        self._word_initial: set[str] = set()
        #: Entries searched in full, but only when one of these literals is in the document.
        self._required: dict[str, tuple[str, ...]] = {}
        for entry, pattern in items:
            boundary = pattern.startswith("\\b") and not pattern.startswith("\\b(?=")
            body = pattern[2:] if boundary else pattern
            regex = re.compile(body, flags)
            literals = _leading_literals(regex)
            if literals is not None and flags & re.IGNORECASE:
                # Only ASCII literals: for them, the exceptions to "matches iff the lowercased
                # text has the lowercased literal" are exactly Corpus.folds_like_re's.
                ascii_only = all(literal.isascii() for literal in literals)
                literals = tuple(sorted({x.lower() for x in literals})) if ascii_only else None
            self._scans.append((entry, regex, boundary, literals))
            if literals is None:
                required = _required_literals(regex)
                if required is not None and flags & re.IGNORECASE:
                    ascii_only = all(x.isascii() for x in required)
                    required = tuple(sorted({x.lower() for x in required})) if ascii_only else None
                if required is not None:
                    self._required[entry] = required
            if boundary or (literals is not None and _starts_at_boundary(regex)):
                self._word_initial.add(entry)
        #: Case-insensitive patterns find their literals in the lowercased text.
        self._folded = bool(flags & re.IGNORECASE)

    def scan(self, text: str, corpus: Corpus | None = None) -> list[tuple[str, int, int]]:
        """``(entry, start, end)`` of every match in *text* (the corpus' lowered or joined
        text); with the *corpus*, candidates of word-initial literals come from its words."""
        found: list[tuple[str, int, int]] = []
        where = text
        if self._folded:
            # Literals are looked for in the lowercased text, which must line up with *text*
            # and fold like ``re`` does (see Corpus.folds_like_re); else search in full.
            where = corpus.lowered if corpus is not None and corpus.folds_like_re else ""
        for entry, regex, boundary, literals in self._scans:
            required = self._required.get(entry)
            if required is not None and where and not any(x in where for x in required):
                continue  # a literal every match contains is nowhere in the document
            if literals is not None and where:
                word_corpus = corpus if entry in self._word_initial else None
                self._scan_at_literals(
                    entry, regex, boundary, literals, text, where, word_corpus, found
                )
                continue
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

    @staticmethod
    def _scan_at_literals(
        entry: str,
        regex: re.Pattern[str],
        boundary: bool,
        literals: tuple[str, ...],
        text: str,
        where: str,
        corpus: Corpus | None,
        found: list[tuple[str, int, int]],
    ) -> None:
        """The search loop of :meth:`scan`, trying the pattern only where a match can start.

        After a ``\\b`` (the caller passes *corpus* only then), a literal that starts with a
        letter or digit can only begin at the start of a word, so its candidates come from the
        corpus' sorted words (a bisection) rather than a scan of the text; other literals are
        found with ``str.find``. *where* is the text the literals are looked for in: *text*
        itself, or its lowercased copy for a case-insensitive pattern.
        """
        candidates: set[int] = set()
        find = where.find
        for literal in literals:
            if corpus is not None and literal[0].isalnum():
                for index in corpus.word_starts(literal):
                    if where.startswith(literal, index):
                        candidates.add(index)
                continue
            index = find(literal)
            while index >= 0:
                candidates.add(index)
                index = find(literal, index + 1)
        position = 0
        match_at = regex.match
        for start in sorted(candidates):
            if start < position or (boundary and not _at_boundary(text, start)):
                continue
            match = match_at(text, start)
            if match is None:
                continue
            end = match.end()
            found.append((entry, start, end))
            position = end if end > start else start + 1


def _leading_literals(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of *regex* starts with, or None if unknown.

    Read from the parse tree ``re`` itself builds: leading literals, groups, alternations and
    repeats are followed (an optional start adds what follows it); zero-width assertions at the
    start are skipped (they only narrow the matches further); anything else (a character
    class, a case-insensitive group) gives None, and the pattern is searched in full. Literals
    shorter than two characters would make too many candidates, so they give None as well.
    """
    parsed = _parse(regex)
    if parsed is None:
        return None
    literals = _first_literals(*parsed)
    if not literals or any(len(literal) < 2 for literal in literals):
        return None
    return tuple(sorted(literals))


def _parse(regex: re.Pattern[str]) -> tuple[list[tuple[object, object]], object] | None:
    """The parse tree of *regex* (from ``re``'s own parser) and the parser module."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python < 3.11
        import sre_parse  # type: ignore[no-redef]
    try:
        return list(sre_parse.parse(regex.pattern, regex.flags)), sre_parse
    except Exception:  # pragma: no cover - it compiled, so it parses
        return None


def _starts_at_boundary(regex: re.Pattern[str]) -> bool:
    """True when a ``\\b`` inside *regex* (after zero-width lookaheads, inside groups, in every
    branch) must hold where a match starts, e.g. ``(?=[A-Z])(?-i:\\b(?:WHO|CDC))``."""
    parsed = _parse(regex)
    return parsed is not None and _boundary_first(parsed[0], parsed[1])


def _boundary_first(items: list[tuple[object, object]], sre: object) -> bool:
    for op, argument in items:
        if op is sre.AT:  # type: ignore[attr-defined]
            if argument is sre.AT_BOUNDARY:  # type: ignore[attr-defined]
                return True
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):  # type: ignore[attr-defined]
            continue
        if op is sre.SUBPATTERN:  # type: ignore[attr-defined]
            return _boundary_first(list(argument[3]), sre)  # type: ignore[index]
        if op is sre.BRANCH:  # type: ignore[attr-defined]
            return all(_boundary_first(list(b), sre) for b in argument[1])  # type: ignore[index]
        return False
    return False


def _required_literals(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of *regex* contains somewhere, or None.

    For patterns whose start is too loose for :func:`_leading_literals` ("[\\w.]+-funded"):
    when none of these strings is in the document, the pattern cannot match and its scan is
    skipped. Only sets whose shortest literal has three or more characters are returned.
    """
    parsed = _parse(regex)
    if parsed is None:
        return None
    literals = _contained_literals(*parsed)
    if not literals or min(len(x) for x in literals) < 3:
        return None
    return tuple(sorted(literals))


def _contained_literals(items: list[tuple[object, object]], sre: object) -> set[str] | None:
    """The best (longest shortest member) set of literals a match of *items* must contain."""
    options: list[set[str]] = []
    run = ""
    for op, argument in items:
        if op is sre.LITERAL:  # type: ignore[attr-defined]
            run += chr(argument)  # type: ignore[arg-type]
            continue
        if run:
            options.append({run})
            run = ""
        found: set[str] | None = None
        if op is sre.SUBPATTERN:  # type: ignore[attr-defined]
            if not argument[1] & re.IGNORECASE:  # type: ignore[index]
                found = _contained_literals(list(argument[3]), sre)  # type: ignore[index]
        elif op is sre.BRANCH:  # type: ignore[attr-defined]
            union: set[str] = set()
            for branch in argument[1]:  # type: ignore[index]
                branch_literals = _contained_literals(list(branch), sre)
                if not branch_literals:
                    union = set()
                    break
                union |= branch_literals
            found = union or None
        elif op in _repeat_ops(sre) and argument[0] >= 1:  # type: ignore[index]
            found = _contained_literals(list(argument[2]), sre)  # type: ignore[index]
        if found:
            options.append(found)
    if run:
        options.append({run})
    return max(options, key=lambda o: min(len(x) for x in o), default=None)


def _repeat_ops(sre: object) -> tuple[object, ...]:
    return tuple(
        getattr(sre, name)
        for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")  # the last: 3.11+
        if hasattr(sre, name)
    )


def _first_literals(items: list[tuple[object, object]], sre: object) -> set[str] | None:
    constants = sre  # the parser module re-exports the opcode constants
    repeats = _repeat_ops(sre)
    prefix = ""
    for position, (op, argument) in enumerate(items):
        if op is constants.LITERAL:  # type: ignore[attr-defined]
            prefix += chr(argument)  # type: ignore[arg-type]
            continue
        if prefix:
            return {prefix}
        if op is constants.AT or op in (constants.ASSERT, constants.ASSERT_NOT):
            continue  # zero width: does not move the start of the match
        if op is constants.SUBPATTERN:
            _group, add_flags, _del_flags, sub = argument  # type: ignore[misc]
            if add_flags & re.IGNORECASE:
                return None
            return _first_literals(list(sub), sre)
        if op is constants.BRANCH:
            union: set[str] = set()
            for branch in argument[1]:  # type: ignore[index]
                literals = _first_literals(list(branch), sre)
                if not literals:
                    return None
                union |= literals
            return union
        if op in repeats:
            low, _high, sub = argument  # type: ignore[misc]
            body = _first_literals(list(sub), sre)
            if low >= 1 or body is None:
                return body
            # Optional ("(?:the )?authors"): a match starts with the body or with what follows.
            rest = _first_literals(items[position + 1 :], sre)
            return None if rest is None else body | rest
        return None
    return {prefix} if prefix else None


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
