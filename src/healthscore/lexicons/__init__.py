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

Matching is case-insensitive and on word boundaries, and the longest match wins, so "no side
effects" wins over "side effects": exactly what one case-insensitive alternation of the entries,
longest first, would find (the tests check it), without its cost. Adding a list is adding a
file: no code changes.

How it is fast: a document's sentences are prepared once (:class:`Corpus`) and its words indexed
once (:class:`_WordIndex`, shared by every lexicon); a lexicon then finds its candidates by set
intersections with the document's words and pairs of adjacent words, and only candidates cost
Python work. Regular-expression entries are tried only where the index says a match can start;
one whose start the index cannot tell is searched only in the sentences that hold a literal
every match of it contains.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from itertools import accumulate, chain, compress, count, repeat
from operator import add, itemgetter, sub
from typing import NamedTuple, NoReturn, overload

__all__ = [
    "Corpus",
    "Hit",
    "Lexicon",
    "Tokens",
    "available",
    "case_folds_simply",
    "load",
    "occurrences",
    "occurrences_of_any",
    "tokenize",
]


class Hit(NamedTuple):
    """One match of a lexicon entry in a sentence: ``text[start:end]`` matched ``entry``.

    A named tuple rather than a frozen dataclass: a document has a few hundred hits, and a
    frozen dataclass' ``__init__`` (an ``object.__setattr__`` per field) cost a third of the
    time to find them. Immutable and hashable all the same, and equal to a hit with the same
    fields."""

    entry: str
    start: int
    end: int
    text: str


#: ``_new(Hit, (entry, start, end, text))`` makes a hit without the Python-level ``__new__``
#: of a named tuple.
_new = tuple.__new__


class _NoHits(list):  # type: ignore[type-arg]
    """The empty hit list that every sentence without a hit shares (:data:`_NO_HITS`).

    Most sentences have no hit in most lexicons: a fresh empty list for each of them, in each
    of the ~27 lexicons a document is matched with, was thousands of objects per document to
    allocate and for the garbage collector to walk. A list to read like any other, it refuses
    to change, since a change would show in every sentence: copy it (``list(hits)``) first."""

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a sentence's empty hit list is shared and read-only; copy it first")

    append = extend = insert = remove = pop = clear = sort = reverse = _read_only  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only  # type: ignore[assignment]


#: The hits of a sentence without any (shared, read-only).
_NO_HITS: list[Hit] = _NoHits()


#: A token, as the matcher sees one: a run of letters or digits. Hyphens, apostrophes and points
#: separate tokens, so "inflammatory" is found in "anti-inflammatory" and "you" in "you're",
#: as a word-boundary regular expression would find them; entries such as "mu-opioid" or
#: "2.5 mg" match their exact joiners.
_TOKEN = re.compile(r"[^\W_]+")
#: The same, captured: ``split`` gives the text between tokens and the tokens, in turn.
_TOKEN_SPLIT = re.compile(r"([^\W_]+)")
_JOINERS = frozenset("-'\u2019/.")
#: ASCII characters that are not letters or digits -> a space (:func:`_words_of`).
_SPACED = str.maketrans({code: " " for code in range(128) if not chr(code).isalnum()})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

Token = tuple[int, int, str]


class Tokens(list):  # type: ignore[type-arg]
    """A sentence's ``(start, end, lowercase word)`` tokens, with the indexes a lexicon needs to
    find its candidates by set intersection instead of a Python loop over every token."""

    __slots__ = ("_words",)

    def __init__(self, tokens: Iterable[Token]) -> None:
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
    """A document's sentences prepared once for every lexicon: their text joined (and
    lowercased), their words indexed, and their tokens.

    Every lexicon of a document asks the same questions of it (which words occur, where, which
    words start with a prefix), so the answers are computed once here, on first use, and shared:
    a document-wide word index (:class:`_WordIndex`) and a cache of the places a literal of a
    regular-expression entry can start.

    The words are found in the lowercased joined text at once (:meth:`_index_from_text`: a few
    C-level passes, not a Python step and a tuple per token); a sentence's :class:`Tokens`
    (:attr:`tokens`) are made from the index only when someone asks for them.
    """

    __slots__ = (
        "texts",
        "joined",
        "lowered",
        "starts",
        "_tokens",
        "_positions",
        "_sorted_words",
        "_index",
        "_clean",
        "_offsets",
        "_prefixed",
        "_digits",
    )

    def __init__(self, texts: list[str], tokens: list[Tokens] | None = None) -> None:
        self.texts = texts = list(texts)
        self._positions: dict[str, list[tuple[int, int]]] | None = None
        self._sorted_words: list[str] | None = None
        self._index: _WordIndex | None = None
        self._clean: bool | None = None
        #: Cached candidate offsets: of whole words, of words that start with a prefix, of words
        #: that start with a digit.
        self._offsets: dict[str, list[int]] = {}
        self._prefixed: dict[str, list[int]] = {}
        self._digits: list[int] | None = None
        self.joined = _SEPARATOR.join(texts)
        # Lowercased character for character, so an offset in one is the same place in the
        # other. Only "\u0130" (capital I with a dot) lowercases to two characters ("i" and a
        # combining dot), which shifted every later offset; ``re.IGNORECASE`` folds it to "i".
        self.lowered = self.joined.replace("\u0130", "i").lower()
        # Each sentence starts one separator after the end of the one before.
        self.starts = list(accumulate(map((1).__add__, map(len, texts[:-1])), initial=0))
        self._tokens: list[Tokens] | _SentenceTokens | None = None
        if tokens is not None:
            self._tokens = [t if isinstance(t, Tokens) else Tokens(t) for t in tokens]

    @property
    def tokens(self) -> list[Tokens]:
        """Each sentence's tokens (made on first use)."""
        if self._tokens is None:
            if self._whole_text_words():
                self._tokens = _SentenceTokens(self.index, self.starts, len(self.texts))
            else:
                self._tokens = [tokenize(text) for text in self.texts]
        return self._tokens  # type: ignore[return-value]

    def _whole_text_words(self) -> bool:
        """True when the words of :attr:`lowered` are exactly the sentences' tokens, each as
        ``tokenize`` lowercases it, and each separator between sentences is one
        :data:`_SEPARATOR`: lowercasing keeps every character a letter or digit or not (checked
        for all of Unicode) and one character long, except a dotted capital I (two) and a
        capital sigma (final or not by what surrounds it, which differs inside a token)."""
        joined = self.joined
        return (
            self._tokens is None
            and "\u0130" not in joined
            and "\u03a3" not in joined
            and joined.count(_SEPARATOR) == max(len(self.texts) - 1, 0)
        )

    @property
    def folds_like_re(self) -> bool:
        """True when :attr:`lowered` lines up with :attr:`joined` character for character and
        has none of the few characters that ``re.IGNORECASE`` matches to an ASCII letter but
        ``str.lower`` does not lower to one (long s, dotless i, dotted capital I): then a
        case-insensitive match can only start where its lowercased literal is found."""
        if self._clean is None:
            self._clean = case_folds_simply(self.joined)
        return self._clean

    @property
    def index(self) -> _WordIndex:
        """The document-wide word index (built on first use, shared by every lexicon)."""
        if self._index is None:
            if self._whole_text_words():
                self._index = self._index_from_text()
            else:
                self._index = self._index_from_tokens(self.tokens)
        return self._index

    def _index_from_text(self) -> _WordIndex:
        """The index from the words of the lowercased joined text (:func:`_words_of`); the
        first word of a sentence is the first that starts after the sentence does."""
        words, offsets, ends = _words_of(self.lowered)
        starts = self.starts if self.texts else []  # no sentence: starts is still [0]
        return _WordIndex(
            words,
            offsets,
            ends,
            [*map(bisect.bisect_left, repeat(offsets), starts), len(offsets)],
            "_" in self.joined,
        )

    def _index_from_tokens(self, tokens: list[Tokens]) -> _WordIndex:
        """The index from each sentence's tokens (given by the caller, or a document whose
        lowercased text does not line up with its tokens)."""
        # Whole-document lists made with C-level iterators, not a Python step per token.
        sizes = list(map(len, tokens))
        flat = list(chain.from_iterable(tokens))
        columns = list(zip(*flat, strict=True)) if flat else [(), (), ()]
        bases = list(chain.from_iterable(map(repeat, self.starts, sizes)))
        return _WordIndex(
            list(columns[2]),
            list(map(add, columns[0], bases)),
            list(map(add, columns[1], bases)),
            [0, *accumulate(sizes)],
            "_" in self.joined,
        )

    @property
    def positions(self) -> dict[str, list[tuple[int, int]]]:
        """Word -> ``(sentence, token index)`` of each occurrence, over the whole document."""
        if self._positions is None:
            index = self.index
            sentence_of, firsts = index.sentence_of, index.firsts
            self._positions = {
                word: [(sentence_of[g], g - firsts[sentence_of[g]]) for g in found]
                for word, found in index.where.items()
            }
        return self._positions

    def word_offsets(self, word: str) -> list[int]:
        """Sorted offsets of the occurrences of *word* (a whole word) that start at a word
        boundary (not after ``_``). Cached: lexicons share first words."""
        cached = self._offsets.get(word)
        if cached is None:
            index = self.index
            offsets = index.offsets
            cached = [offsets[g] for g in index.where.get(word, ())]
            if index.underscores:
                cached = self._not_after_underscore(cached)
            self._offsets[word] = cached
        return cached

    def followed_offsets(
        self, word: str, follow: tuple[int, frozenset[str], tuple[str, ...]]
    ) -> list[int]:
        """:meth:`word_offsets` of the occurrences of *word* whose token *k* places on equals
        one of *words* or starts with one of *prefixes* (``follow = (k, words, prefixes)``)."""
        size, words, prefixes = follow
        index = self.index
        following, offsets = index.words, index.offsets
        found = [
            offsets[g]
            for g in index.where.get(word, ())
            if following[g + size] in words or following[g + size].startswith(prefixes)
        ]
        return self._not_after_underscore(found) if index.underscores else found

    def pair_offsets(self, pairs: frozenset[tuple[str, str]]) -> list[int]:
        """Sorted offsets (not after ``_``) of the first words of the adjacent *pairs* (each
        in :attr:`_WordIndex.pairs`)."""
        index = self.index
        offsets = index.offsets
        found = sorted(offsets[g] for pair in pairs for g in index.pair(*pair))
        return self._not_after_underscore(found) if index.underscores else found

    def prefix_offsets(self, prefix: str) -> list[int]:
        """Sorted offsets of the words that start with *prefix* (one word) at a word boundary
        (not after ``_``). Cached: lexicons share prefixes."""
        cached = self._prefixed.get(prefix)
        if cached is None:
            words = self.sorted_words
            start = bisect.bisect_left(words, prefix)
            end = start
            while end < len(words) and words[end].startswith(prefix):
                end += 1
            # Half the prefixes looked up have no word (the first four letters do).
            cached = self._offsets_of(words[start:end]) if end > start else []
            self._prefixed[prefix] = cached
        return cached

    def digit_starts(self) -> list[int]:
        """Sorted offsets of the words that start with a digit at a word boundary (not after
        ``_``): every place a match of ``\\b\\d`` can start, in a document that
        :attr:`folds_like_re`. In the sorted words, those that start with an ASCII digit are
        one run; other digits are found among the few words that start outside ASCII."""
        cached = self._digits
        if cached is None:
            words = self.sorted_words
            ascii_digits = words[bisect.bisect_left(words, "0") : bisect.bisect_left(words, ":")]
            others = words[bisect.bisect_left(words, "\x80") :]
            cached = self._digits = self._offsets_of(
                [*ascii_digits, *(word for word in others if word[0].isdecimal())]
            )
        return cached

    @property
    def sorted_words(self) -> list[str]:
        """The document's distinct words, sorted (built on first use)."""
        if self._sorted_words is None:
            self._sorted_words = sorted(self.index.where)
        return self._sorted_words

    def _offsets_of(self, words: list[str]) -> list[int]:
        """Sorted offsets of the occurrences of *words* that start at a word boundary."""
        index = self.index
        offsets, where = index.offsets, index.where
        found = sorted([offsets[g] for word in words for g in where[word]])
        return self._not_after_underscore(found) if index.underscores else found

    def sentences_holding(self, literals: Iterable[str], lowered: bool = False) -> set[int]:
        """Indexes of the sentences that hold one of *literals* in :attr:`joined` (in
        :attr:`lowered`, with *lowered*), found with ``str.find`` (:func:`occurrences`), which
        skips through the text far faster than a test of each sentence or a pattern. An
        occurrence that runs from one sentence into the next is in neither."""
        text = self.lowered if lowered else self.joined
        return self.sentences_of(
            (at, len(literal)) for literal in literals for at in occurrences(text, literal)
        )

    def sentences_with_words(self, words: Iterable[str]) -> set[int]:
        """Indexes of the sentences holding one of the lowercase *words* as a whole word, read
        from the word index (word -> token numbers, token -> sentence): a few dictionary
        lookups, where searching the text for each word costs far more."""
        index = self.index
        where, sentence_of = index.where, index.sentence_of
        present = index.vocabulary.intersection(words)
        return {sentence_of[g] for word in present for g in where[word]}

    def sentences_of(self, found: Iterable[tuple[int, int]]) -> set[int]:
        """Indexes of the sentences that hold the occurrences *found*, ``(offset, length)`` in
        :attr:`joined` (or :attr:`lowered`). An occurrence that runs from one sentence into
        the next is in neither."""
        starts, texts = self.starts, self.texts
        held: set[int] = set()
        for at, size in found:
            k = bisect.bisect_right(starts, at) - 1
            if at + size <= starts[k] + len(texts[k]):
                held.add(k)
        return held

    def _not_after_underscore(self, offsets: list[int]) -> list[int]:
        joined = self.joined
        return [i for i in offsets if i == 0 or joined[i - 1] != "_"]


def _words_of(text: str) -> tuple[list[str], list[int], list[int]]:
    """The tokens of *text*: words, start offsets and end offsets, each computed by C-level
    passes over lists, not a Python step per token.

    In nearly every English document no character outside ASCII is a letter or digit (curly
    quotes and dashes are not): those become spaces, and so do the ASCII characters that are
    not letters or digits (one ``str.translate``), so the text splits at single spaces into
    the words and empty strings, one for each other character. A word then starts at its
    piece's number plus the length of the words before it. That takes a third less time than
    ``re`` deciding for each character whether it is a letter or digit (0.2 instead of 0.3 ms
    for 1,200 words). Any other text is split with :data:`_TOKEN_SPLIT`: its pieces alternate
    between the text before a word and the word, so their lengths summed in turn are the
    words' start and end offsets."""
    spaced = text
    if not text.isascii():
        others = set(_NON_ASCII.findall(text))
        if any(map(str.isalnum, others)):
            parts = _TOKEN_SPLIT.split(text)
            bounds = list(accumulate(map(len, parts)))
            return parts[1::2], bounds[0:-1:2], bounds[1::2]
        for char in others:
            spaced = spaced.replace(char, " ")
    pieces = spaced.translate(_SPACED).split(" ")
    words = list(filter(None, pieces))
    lengths = list(map(len, words))
    offsets = list(map(add, compress(count(), pieces), accumulate(lengths, initial=0)))
    return words, offsets, list(map(add, offsets, lengths))


class _SentenceTokens(Sequence[Tokens]):
    """:attr:`Corpus.tokens` of a corpus whose words were found in its whole text: a
    sentence's :class:`Tokens` are made from the word index when first asked for, then kept.
    The matcher itself reads none; the dimensions read a few sentences' tokens."""

    __slots__ = ("_index", "_starts", "_made")

    def __init__(self, index: _WordIndex, starts: list[int], count: int) -> None:
        self._index = index
        self._starts = starts
        self._made: list[Tokens | None] = [None] * count

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, i: int) -> Tokens: ...

    @overload
    def __getitem__(self, i: slice) -> list[Tokens]: ...

    def __getitem__(self, i: int | slice) -> Tokens | list[Tokens]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._made)))]
        made = self._made[i]
        if made is None:
            sentence = i + len(self._made) if i < 0 else i
            index, base = self._index, self._starts[sentence]
            first, last = index.firsts[sentence], index.firsts[sentence + 1]
            made = self._made[i] = Tokens(
                zip(
                    map(sub, index.offsets[first:last], repeat(base)),
                    map(sub, index.ends[first:last], repeat(base)),
                    index.words[first:last],
                    strict=True,
                )
            )
        return made

    def __iter__(self) -> Iterator[Tokens]:
        return map(self.__getitem__, range(len(self._made)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, _SentenceTokens)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


class _WordIndex:
    """A document's tokens numbered in one sequence, for lookups by set intersection.

    ``words[g]`` is the lowercase word of token *g* and ``offsets[g]`` its offset in the joined
    text; ``where`` maps a word to its token numbers and ``vocabulary`` is the set of words, so
    a lexicon finds the words it knows in a document with one set intersection, whatever the
    length of either. Built once per document, on first use, and shared by every lexicon.
    """

    __slots__ = (
        "underscores",
        "words",
        "offsets",
        "ends",
        "sentence_of",
        "firsts",
        "where",
        "vocabulary",
        "_heads",
        "_pairs",
        "_adjacent",
    )

    def __init__(
        self,
        words: list[str],
        offsets: list[int],
        ends: list[int],
        firsts: list[int],
        underscores: bool,
    ) -> None:
        where: dict[str, list[int]] = {}
        get = where.get
        for number, word in enumerate(words):
            found = get(word)
            if found is None:
                where[word] = [number]
            else:
                found.append(number)
        sizes = map(sub, firsts[1:], firsts)
        sentence_of = list(chain.from_iterable(map(repeat, range(len(firsts) - 1), sizes)))
        #: Words, then empty ones, so that the words after the last are "" (a pair is
        #: looked up across sentences too; the phrase match then rejects it).
        words += [""] * _MAX_FOLLOW
        self.words = words
        #: Offset of each token's start and end in the corpus' joined text.
        self.offsets = offsets
        self.ends = ends
        #: Sentence of each token, and number of the first token of each sentence.
        self.sentence_of = sentence_of
        self.firsts = firsts
        self.where = where
        self.vocabulary = set(where)
        #: Whether the text has ``_`` (then a word may start where ``\\b`` does not hold).
        self.underscores = underscores
        self._heads: set[str] | None = None
        self._pairs: dict[tuple[str, str], list[int]] = {}
        self._adjacent: set[tuple[str, str]] | None = None

    @property
    def heads(self) -> set[str]:
        """The words' first four letters (whole words when shorter): a word starts with a
        prefix of four letters or more only if the prefix's first four are here."""
        if self._heads is None:
            self._heads = set(map(_FIRST_FOUR, self.vocabulary))
        return self._heads

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """Every two adjacent words (across sentences too: the phrase match rejects those)."""
        if self._adjacent is None:
            words = self.words
            self._adjacent = set(zip(words, words[1:], strict=False))
        return self._adjacent

    def pair(self, first: str, second: str) -> list[int]:
        """Numbers of the tokens *first* directly followed by a token *second* (a pair in
        :attr:`pairs`), found from the rarer of the two words. Cached."""
        key = (first, second)
        found = self._pairs.get(key)
        if found is None:
            words = self.words
            before, after = self.where[first], self.where[second]
            if len(before) <= len(after):
                found = [g for g in before if words[g + 1] == second]
            else:
                found = [g - 1 for g in after if words[g - 1] == first]
            self._pairs[key] = found
        return found


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
    entries are instead indexed by their first word (and their first two): the candidates in a
    document are set intersections with its words and adjacent pairs, then matched word by
    word. Only ``re:`` entries, lone stems (``analges*``) and entries that are not plain words
    ("100% safe") are regular expressions, each tried only where the document's word index
    says it can start (:class:`_Alternation`).
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
        # Phrases that start with a frequent word ("in some patients") would be tried at every
        # "in": index them by their first two words, so only real candidates are matched, and
        # those of three whole words or more by their third as well ("in the lab" is tried
        # only where "in the" is followed by "lab": "in the" is everywhere).
        self._single: dict[str, str] = {}
        self._loose: dict[str, list[_Phrase]] = {}
        self._by_pair: dict[tuple[str, str], tuple[list[_Phrase], dict[str, list[_Phrase]]]] = {}
        for first, phrases in self._by_first.items():
            for phrase in phrases:
                size = len(phrase.words)
                if size == 1:
                    self._single.setdefault(first, phrase.entry)
                elif phrase.stem_last and size == 2:
                    self._loose.setdefault(first, []).append(phrase)
                else:
                    short, by_third = self._by_pair.setdefault((first, phrase.words[1]), ([], {}))
                    if size == 2 or (size == 3 and phrase.stem_last):
                        short.append(phrase)
                    else:
                        by_third.setdefault(phrase.words[2], []).append(phrase)
        #: First words of the one-word entries and of the "word stem*" entries.
        self._firsts = frozenset(self._single) | frozenset(self._loose)
        self._pair_keys = frozenset(self._by_pair)
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
        return list(self.find_many([text], None if tokens is None else [tokens])[0])

    def find_many(
        self, texts: list[str] | Corpus, tokens: list[Tokens] | None = None
    ) -> list[list[Hit]]:
        """:meth:`find` for each of *texts* (a document's sentences), with the regular-expression
        entries run once over all of them. Pass a :class:`Corpus` to share the tokens and the
        joined text between lexicons.

        The sentences without a hit share one empty list, which cannot be changed (a fresh one
        for each was thousands of objects per document)."""
        corpus = texts if isinstance(texts, Corpus) else Corpus(texts, tokens)
        texts = corpus.texts
        results: list[list[Hit]] = [_NO_HITS] * len(texts)
        if self._by_first:
            self._phrase_hits(corpus, results)
        if self._lower is None and self._cased is None:
            return results
        starts = corpus.starts
        touched: set[int] = set()
        for alternation, haystack in ((self._lower, corpus.lowered), (self._cased, corpus.joined)):
            if alternation is None:
                continue
            for entry, start, end in alternation.scan(haystack, corpus):
                index = bisect.bisect_right(starts, start) - 1
                offset = starts[index]
                text = texts[index]
                if end - offset > len(text):
                    continue  # ran across a sentence boundary
                hits = results[index]
                if hits is _NO_HITS:
                    hits = results[index] = []
                start -= offset
                end -= offset
                hits.append(_new(Hit, (entry, start, end, text[start:end])))
                touched.add(index)
        # Only sentences with a regular-expression hit can have overlaps left to resolve.
        for index in touched:
            hits = results[index]
            if len(hits) > 1:
                results[index] = _non_overlapping(hits)
        return results

    def search(self, text: str) -> bool:
        """True when any entry occurs in *text*."""
        return bool(self.find_many([text])[0])

    def _phrase_hits(self, corpus: Corpus, results: list[list[Hit]]) -> None:
        """Add the literal entries' hits to *results* (all empty), sentence by sentence:
        leftmost first; at one place the longest (then the longest entry, as a regular
        expression would choose).

        Candidates from the whole document are sorted once (token number, then -end, then
        -length of the entry, then the entry), so one pass keeps the non-overlapping ones.
        Most documents have only one-word candidates in most lexicons: then they cannot
        overlap, and their token numbers alone are sorted (:meth:`_word_hits`)."""
        numbers, candidates = self._phrase_candidates(corpus)
        if not candidates:
            if numbers:
                self._word_hits(corpus, numbers, results)
            return
        index = corpus.index
        sentence_of, offsets, ends = index.sentence_of, index.offsets, index.ends
        single, words = self._single, index.words
        for number in numbers:
            entry = single[words[number]]
            candidates.append((number, -ends[number], -len(entry), entry))
        candidates.sort()
        starts, texts = corpus.starts, corpus.texts
        sentence = -1
        last_end = base = 0
        text = ""
        hits: list[Hit] = []
        for number, end, _, entry in candidates:
            start = offsets[number]
            if sentence_of[number] != sentence:
                sentence = sentence_of[number]
                base, text = starts[sentence], texts[sentence]
                hits = results[sentence] = []
            elif start < last_end:
                continue
            last_end = -end
            start -= base
            end = last_end - base
            hits.append(_new(Hit, (entry, start, end, text[start:end])))

    def _word_hits(self, corpus: Corpus, numbers: list[int], results: list[list[Hit]]) -> None:
        """:meth:`_phrase_hits` when every candidate is a one-word entry at token *numbers*."""
        index = corpus.index
        sentence_of, offsets, ends = index.sentence_of, index.offsets, index.ends
        starts, texts, single, words = corpus.starts, corpus.texts, self._single, index.words
        numbers.sort()
        sentence = -1
        base = 0
        text = ""
        hits: list[Hit] = []
        for number in numbers:
            if sentence_of[number] != sentence:
                sentence = sentence_of[number]
                base, text = starts[sentence], texts[sentence]
                hits = results[sentence] = []
            start = offsets[number] - base
            end = ends[number] - base
            hits.append(_new(Hit, (single[words[number]], start, end, text[start:end])))

    def _phrase_candidates(
        self, corpus: Corpus
    ) -> tuple[list[int], list[tuple[int, int, int, str]]]:
        """The token numbers of the one-word entries found in the document, and
        ``(token number, -end, -len(entry), entry)`` of every longer literal entry that matches
        (*end* an offset in the joined text; negated so that a plain sort orders them as
        :meth:`_phrase_hits` needs).

        The document's words are intersected with the lexicon's first words, and its pairs of
        adjacent words with the first two words of the longer phrases (one set intersection
        each), so only real candidates cost Python work: "in some patients" is not tried at
        every "in"."""
        numbers: list[int] = []
        found: list[tuple[int, int, int, str]] = []
        index = corpus.index
        where = index.where
        joined = corpus.joined
        match = _match
        single, loose = self._single, self._loose
        for word in self._firsts & index.vocabulary:
            if word in single:
                numbers += where[word]
            for phrase in loose.get(word, ()):
                for number in where[word]:
                    end = match(phrase, index, joined, number)
                    if end >= 0:
                        found.append((number, -end, -len(phrase.entry), phrase.entry))
        if not self._pair_keys:
            return numbers, found
        words = index.words  # padded: the word two places on is always there
        for pair in self._pair_keys & index.pairs:
            short, by_third = self._by_pair[pair]
            for number in index.pair(*pair):
                longer = by_third.get(words[number + 2]) if by_third else None
                for phrase in short if longer is None else (*short, *longer):
                    end = match(phrase, index, joined, number)
                    if end >= 0:
                        found.append((number, -end, -len(phrase.entry), phrase.entry))
        return numbers, found


def _match(phrase: _Phrase, index: _WordIndex, joined: str, number: int) -> int:
    """End offset (in *joined*) when *phrase* matches the tokens from token *number* on (whose
    word is the phrase's first), else -1. Tokens of two sentences never match: the separator
    between them is neither white space nor a joiner."""
    words = phrase.words
    last = len(words) - 1
    if number + last >= len(index.offsets):
        return -1
    tokens, offsets, ends = index.words, index.offsets, index.ends
    for k in range(1, last + 1):
        g = number + k
        if k == last and phrase.stem_last:
            if not tokens[g].startswith(words[k]):
                return -1
        elif tokens[g] != words[k]:
            return -1
        join = phrase.joins[k - 1]
        gap = joined[ends[g - 1] : offsets[g]]
        if (gap != join) if join else not gap.isspace():
            return -1
    return ends[number + last]


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
_FIRST_FOUR = itemgetter(slice(4))
#: The plan of a ``\\b\\d...`` entry: tried at the words that start with a digit.
_DIGIT = "digit"
#: Most literals :func:`_followed_by` makes of one literal and what follows it, and the
#: length from which a literal is not made longer (it rarely narrows the candidates further,
#: and nested groups would make loading slow).
_MAX_LITERALS = 64
_LONG_ENOUGH = 6
#: Most words a literal may have for the word after it to be checked from the index.
_MAX_FOLLOW = 8
#: How :meth:`_Alternation._scan_indexed` finds an entry's candidates: ``(groups, searched)``,
#: :data:`_DIGIT` (at the words that start with a digit) or None (searched in full, or only in
#: the sentences holding a literal every match contains, for an entry in ``_in_sentence``). A
#: group ``(key, prefix, word, texts)``: the words that start with *word* (*prefix* True; *key*
#: its first four letters, "" if shorter) or equal it (*key* the word), where the text goes on
#: with one of *texts* (None: any); *searched*: literals found with ``str.find``.
#: A group's *follow*: ``(k, words, prefixes)``, the word k tokens after the group's word must
#: equal one of *words* or start with one of *prefixes* (from :meth:`_Alternation._following`).
#: A group's *pairs*: when every text has two whole words or more, their first two words (the
#: group can match only where one of these pairs is adjacent in the document).
_Group = tuple[
    str,
    bool,
    str,
    "tuple[str, ...] | None",
    "tuple[int, frozenset[str], tuple[str, ...]] | None",
    "frozenset[tuple[str, str]] | None",
]
_Plan = tuple[tuple[_Group, ...], tuple[str, ...]] | str | None
#: Marks a literal that must end a word (:func:`_extended_literals`): the character after it,
#: if any, is not a letter or digit.
_WORD_END = "\x01"
#: Characters ``re.IGNORECASE`` matches to an ASCII letter that ``str.lower`` leaves alone:
#: long s (s), dotless i (I), dotted capital I (i + combining dot). The last is also the only
#: character whose lowercase is two characters long (both checked over every code point).
_FOLD_EXCEPTIONS = ("\u017f", "\u0131", "\u0130")


def case_folds_simply(text: str) -> bool:
    """True when ``text.lower()`` lines up with *text* character for character and a
    case-insensitive pattern can only match where its lowercased literals occur in it: *text*
    has none of :data:`_FOLD_EXCEPTIONS`. Shortcuts that look for a case-insensitive pattern's
    literals in lowercased text must search in full when this is False."""
    return not any(char in text for char in _FOLD_EXCEPTIONS)


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
    :func:`_leading_literals` reads such a pattern's possible first words from its parse tree,
    and in a document whose lowercased text lines up with it (:attr:`Corpus.folds_like_re`,
    nearly all) the pattern is tried only where they start (:meth:`_scan_indexed`): an entry
    none of whose first words (or prefixes) is in the document's vocabulary is skipped with one
    set intersection for the whole list, the places a literal starts come from the document's
    word index (shared by all lexicons), and a pattern that starts ``\\b\\d`` is tried only at
    the words that start with a digit. Every match starts with one of those literals, so taking
    the candidates in order gives exactly the matches of the full search. Any other document
    (one with a long s, a dotless i or a dotted capital I) is searched in full (:meth:`_scan`).
    """

    def __init__(self, items: list[tuple[str, str]], flags: int) -> None:
        self._scans: list[tuple[str, re.Pattern[str], bool]] = []
        #: Literals one of which every match of an entry contains (when it is searched in full,
        #: only a document that holds one of them is).
        self._required: dict[str, tuple[str, ...]] = {}
        #: Of those, the entries no part of which can match the separator between sentences:
        #: a match lies inside one sentence that holds one of the literals, so only those
        #: sentences are searched (:meth:`_scan_indexed`).
        self._in_sentence: set[str] = set()
        #: For :meth:`_scan_indexed`, per entry: word-initial literals (served from the word
        #: index), other literals (``str.find``), or ``_DIGIT`` / ``None`` (searched in full,
        #: or only in the sentences that hold a required literal: ``_in_sentence``).
        self._plans: list[_Plan] = []
        #: First word (of a literal that goes on past it) -> entries; a literal's first two or
        #: four letters (of a one-word literal: words that start with it) -> entries.
        #: Where each group of :data:`_Plan` can be live: its first word, its prefix's first
        #: four letters, or one of its pairs of words -> ``(entry number, group number)``.
        by_word: dict[str, list[tuple[int, int]]] = {}
        by_head: dict[str, list[tuple[int, int]]] = {}
        by_pair: dict[tuple[str, str], list[tuple[int, int]]] = {}
        #: Entries tried in every document, and groups looked up in every document.
        always: set[int] = set()
        self._every: list[tuple[int, int]] = []
        self._groups: list[_Group] = []
        self._folded = bool(flags & re.IGNORECASE)
        for number, (entry, pattern) in enumerate(items):
            boundary = pattern.startswith("\\b") and not pattern.startswith("\\b(?=")
            body = pattern[2:] if boundary else pattern
            regex = re.compile(body, flags)
            self._scans.append((entry, regex, boundary))
            required = self._fold(_required_literals(regex))
            if required is not None:
                self._required[entry] = required
                if _avoids_separator(regex):
                    self._in_sentence.add(entry)
            # The indexed scan's plan: longer literals where the parse tree gives them.
            plan = self._plan(regex, boundary)
            self._plans.append(plan)
            if not isinstance(plan, tuple) or plan[1]:
                always.add(number)
            if not isinstance(plan, tuple):
                continue
            for group in plan[0]:
                where = (number, len(self._groups))
                self._groups.append(group)
                key, prefix, _word, _texts, _follow, pairs = group
                if pairs is not None:
                    for pair in pairs:
                        by_pair.setdefault(pair, []).append(where)
                elif not key:  # a short prefix: looked up in every document
                    self._every.append(where)
                else:
                    (by_head if prefix else by_word).setdefault(key, []).append(where)
        self._by_word = by_word
        self._by_head = by_head
        self._by_pair = by_pair
        self._pair_keys = frozenset(by_pair)
        self._word_keys = frozenset(by_word)
        self._head_keys = frozenset(by_head)
        self._always = frozenset(always)

    def _plan(self, regex: re.Pattern[str], boundary: bool) -> _Plan:
        """How :meth:`_scan_indexed` finds an entry's candidates (see :data:`_Plan`).

        The literals of :func:`_leading_literals` that a match starting at a word
        boundary begins with are grouped by how the word index finds them: a one-word literal
        that may go on ("reduc") by the words that start with it; any other by its first
        word, which a word must equal, then ``str.startswith`` on the text for the rest."""
        literals = self._fold(_leading_literals(regex))
        if literals is None:
            return _DIGIT if boundary and _starts_with_digit(regex) else None
        word_initial = boundary or _starts_at_boundary(regex)
        prefixes: list[str] = []
        by_word: dict[str, set[str]] = {}
        complete: set[str] = set()
        searched: list[str] = []
        for literal in literals:
            text = literal.rstrip(_WORD_END)
            head = _TOKEN.match(text) if word_initial and _indexable(text) else None
            if head is None:
                if len(text) < 2:
                    return None  # one character: too many places to try
                searched.append(text)
            elif head.end() == len(text) and literal == text:
                prefixes.append(text)
            else:
                by_word.setdefault(head.group(), set()).add(text)
                if literal != text or not text[-1].isalnum():
                    complete.add(text)  # its last word ends where the text does
        groups: list[_Group] = [
            (prefix[:4] if len(prefix) >= 4 else "", True, prefix, None, None, None)
            for prefix in sorted(prefixes)
        ]
        following = self._following(regex, literals)
        for word, texts in sorted(by_word.items()):
            rest = None if word in texts else tuple(sorted(texts))
            follow = None
            sizes = {len(_TOKEN.findall(text)) for text in texts}
            if following is not None and len(sizes) == 1 and 0 < min(sizes) <= _MAX_FOLLOW:
                follow = (sizes.pop(), *following)
            # Texts of two whole words or more: their first two must be adjacent somewhere.
            pairs: set[tuple[str, str]] | None = set()
            for text in texts:
                words = _TOKEN.findall(text)
                if len(words) < 2 or (len(words) == 2 and text not in complete):
                    pairs = None
                    break
                pairs.add((words[0], words[1]))  # type: ignore[union-attr]
            if pairs is None and follow is not None and follow[0] == 1 and not follow[2]:
                # One word, then one of a few: exactly the places of those two-word pairs.
                pairs, follow = {(word, after) for after in follow[1]}, None
            groups.append(
                (word, False, word, rest, follow, None if pairs is None else frozenset(pairs))
            )
        return tuple(groups), tuple(sorted(set(searched)))

    def _following(
        self, regex: re.Pattern[str], literals: tuple[str, ...]
    ) -> tuple[frozenset[str], tuple[str, ...]] | None:
        """For a pattern such as ``(?:can|may|to)\\s+(?:cause|lead)...``: the words that can
        come next (after white space or another separator) when a match starts with one of
        *literals* (each a whole word or words), as ``(words, prefixes)``: the next word equals
        one of *words* or starts with one of *prefixes*. None when the pattern does not say."""
        parsed = _parse(regex)
        if parsed is None:
            return None
        items, sre = parsed
        runs = [
            position
            for position, (op, argument) in enumerate(items)
            if op in _repeat_ops(sre) and argument[0] >= 1 and _separator(argument[2], sre)  # type: ignore[index]
        ]
        if not runs:
            return None
        position = runs[0]  # the first separator at the top level: "\\s+", "[-\\s]+"
        # Every literal must be all that comes before the separator ("three" is not, in
        # "(?:twice|three\\s+times)\\s+"), so that the word after it is the next one.
        head = self._fold(_sorted(_exact_strings(items[:position], sre)))
        after = self._fold(_sorted(_extended_literals(items[position + 1 :], sre, [])))
        if head is None or after is None:
            return None
        if set(head) != {literal.rstrip(_WORD_END) for literal in literals}:
            return None
        words: set[str] = set()
        prefixes: set[str] = set()
        for literal in after:
            text = literal.rstrip(_WORD_END)
            first = _TOKEN.match(text)
            if first is None or not _indexable(text):
                return None
            if first.end() == len(text) and literal == text:
                prefixes.add(text)
            else:
                words.add(first.group())
        return frozenset(words), tuple(sorted(prefixes))

    def _fold(self, literals: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """Case-insensitive patterns look for their literals in the lowercased text. Only ASCII
        literals: for them, the exceptions to "matches iff the lowercased text has the
        lowercased literal" are exactly Corpus.folds_like_re's."""
        if literals is None or not self._folded:
            return literals
        if not all(literal.isascii() for literal in literals):
            return None
        return tuple(sorted({literal.lower() for literal in literals}))

    def scan(self, text: str, corpus: Corpus | None = None) -> list[tuple[str, int, int]]:
        """``(entry, start, end)`` of every match in *text* (the corpus' lowered or joined
        text); with the *corpus*, candidates of word-initial literals come from its words."""
        if corpus is not None and corpus.folds_like_re:
            return self._scan_indexed(text, corpus)
        return self._scan(text)

    def _scan_indexed(self, text: str, corpus: Corpus) -> list[tuple[str, int, int]]:
        """:meth:`_scan` for a document that folds like ``re``: the same matches.

        Only the entries that can match are tried, each only where it can start: the groups of
        its plan that the document's keys make live (one set intersection per kind of key for
        the whole list) give the word starts (not after ``_``: a ``\\b`` holds there, so it is
        not checked again); entries with other literals are tried where ``str.find`` finds
        them, and entries with none are searched in the sentences that hold a literal every
        match contains (when a match cannot run past a sentence), else in the whole document.

        An entry counts as live only when one of its groups has a candidate (:meth:`_live`):
        a key says only that one may (a word starts with the prefix's first four letters, or
        the word is there but not the text that must follow it), and a third of the entries
        keys make live have none. Those then cost nothing more.
        """
        found: list[tuple[str, int, int]] = []
        where, starts = corpus.lowered, corpus.starts
        live = self._live(corpus)
        for number in sorted(live):
            entry, regex, boundary = self._scans[number]
            plan = self._plans[number]
            if plan is None:
                if entry in self._in_sentence:
                    # A loose start ("[\\w.]+-funded") that ``re`` would try at every
                    # position: only the sentences holding a literal of every match.
                    # ``re`` is not shown the text after the separator that ends a sentence.
                    held = corpus.sentences_holding(self._required[entry], lowered=True)
                    for sentence in sorted(held):
                        stop = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
                        self._search(entry, regex, boundary, text, found, starts[sentence], stop)
                    continue
                required = self._required.get(entry)
                if required is not None and not any(x in where for x in required):
                    continue  # a literal every match contains is nowhere in the document
                self._search(entry, regex, boundary, text, found)
                continue
            check = False
            if plan is _DIGIT:
                candidates: list[int] = corpus.digit_starts()
            else:
                lists = live[number]
                searched = plan[1]  # type: ignore[index]
                if searched:
                    check = boundary
                    lists.append(occurrences_of_any(where, searched))
                if len(lists) == 1 and not searched:  # one group: sorted, no repeats
                    candidates = lists[0]
                else:
                    candidates = sorted({x for candidate in lists for x in candidate})
            if candidates:
                _match_at(entry, regex, check, text, candidates, found)
        return found

    def _live(self, corpus: Corpus) -> dict[int, list[list[int]]]:
        """Entry number -> the candidate offsets of each of its groups that has any, for the
        entries that have a candidate or are always tried (with no group's offsets yet).

        A group's key (its word, its prefix's first four letters, one of its pairs) is looked
        up by set intersection for the whole list; then its offsets (shared by every lexicon
        through the corpus' caches) tell whether it has a candidate. A group of pairs is
        reached from each of its live pairs, and its offsets are found once."""
        index = corpus.index
        keyed: list[tuple[int, int]] = []
        for word in self._word_keys & index.vocabulary:
            keyed += self._by_word[word]
        if self._head_keys:
            for head in self._head_keys.intersection(index.heads):
                keyed += self._by_head[head]
        live_pairs: frozenset[tuple[str, str]] = frozenset()
        if self._pair_keys:
            live_pairs = self._pair_keys & index.pairs
            for pair in live_pairs:
                keyed += self._by_pair[pair]
        keyed += self._every
        where = corpus.lowered
        groups = self._groups
        reached: set[int] = set()
        live: dict[int, list[list[int]]] = {number: [] for number in self._always}
        for number, group in keyed:
            _, prefix, word, texts, follow, pairs = groups[group]
            if prefix:
                offsets = corpus.prefix_offsets(word)
            elif pairs is not None:
                if group in reached:
                    continue
                reached.add(group)
                offsets = corpus.pair_offsets(pairs & live_pairs)
            elif follow is None:
                offsets = corpus.word_offsets(word)
            else:
                offsets = corpus.followed_offsets(word, follow)
            if texts is not None and offsets:
                offsets = [i for i in offsets if where.startswith(texts, i)]
            if offsets:
                lists = live.get(number)
                if lists is None:
                    live[number] = [offsets]
                else:
                    lists.append(offsets)
        return live

    @staticmethod
    def _search(
        entry: str,
        regex: re.Pattern[str],
        boundary: bool,
        text: str,
        found: list[tuple[str, int, int]],
        position: int = 0,
        stop: int = sys.maxsize,
    ) -> None:
        """Every match of *regex* in *text* (where ``\\b`` holds, when *boundary*) from
        *position* on, before *stop* (``re``'s *endpos*: the text after it is not seen)."""
        search = regex.search
        while True:
            match = search(text, position, stop)
            if match is None:
                break
            start, end = match.span()
            if boundary and not _at_boundary(text, start):
                position = start + 1
                continue
            found.append((entry, start, end))
            position = end if end > start else start + 1

    def _scan(self, text: str) -> list[tuple[str, int, int]]:
        """The general scan, for any text: each entry searched in full (in a document that
        holds one of the literals every match of it contains)."""
        found: list[tuple[str, int, int]] = []
        # A case-insensitive alternation comes here only for a document whose lowercased text
        # does not fold like ``re`` (see :meth:`scan`), where its lowercased literals cannot
        # tell whether it matches.
        where = "" if self._folded else text
        for entry, regex, boundary in self._scans:
            required = self._required.get(entry)
            if required is not None and where and not any(x in where for x in required):
                continue  # a literal every match contains is nowhere in the document
            self._search(entry, regex, boundary, text, found)
        return found


def occurrences(text: str, literal: str) -> list[int]:
    """Every offset where *literal* starts in *text*, overlapping ones included, ascending
    (``str.find`` in a loop: it skips through text far faster than a pattern is tried)."""
    found = []
    find = text.find
    index = find(literal)
    while index >= 0:
        found.append(index)
        index = find(literal, index + 1)
    return found


def occurrences_of_any(text: str, literals: Iterable[str]) -> list[int]:
    """Every offset where one of *literals* starts in *text*, ascending, each offset once."""
    return sorted({index for literal in literals for index in occurrences(text, literal)})


def _match_at(
    entry: str,
    regex: re.Pattern[str],
    boundary: bool,
    text: str,
    candidates: list[int],
    found: list[tuple[str, int, int]],
) -> None:
    """Try *regex* at each of the ascending *candidates* (with *boundary*, only at a word
    boundary) and append ``(entry, start, end)`` of each match, as ``finditer`` would find
    them: a candidate inside the previous match is skipped, and an empty match moves on by one.
    """
    position = 0
    match_at = regex.match
    for start in candidates:
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

    Read from the parse tree ``re`` itself builds (:func:`_extended_literals`): leading
    literals, groups, alternations and repeats are followed (an optional start adds what
    follows it); zero-width assertions at the start are skipped (they only narrow the matches
    further); anything else (a range or a class such as ``\\d``, a case-insensitive group)
    gives None, and the pattern is searched in full. A literal goes on into what follows it
    where that is an alternation or a set of characters (``A(?:nnals|rchives)``, as ``re``
    factors "Annals|Archives", gives "Annals" and "Archives", not "A"), and one that must end a
    word is marked (``(?:a|one)\\s`` gives "a" and "one", each ending in :data:`_WORD_END`),
    which makes one letter enough; other literals shorter than two characters would make too
    many candidates, so they give None as well.
    """
    parsed = _parse(regex)
    if parsed is None:
        return None
    items, sre = parsed
    literals = _extended_literals(items, sre, [])
    if not literals or any(len(x) < 2 and not x.endswith(_WORD_END) for x in literals):
        return None
    return tuple(sorted(literals))


def _parse(regex: re.Pattern[str]) -> tuple[list[tuple[object, object]], object] | None:
    """The parse tree of *regex* (from ``re``'s own parser) and the parser module."""
    parsed = _parse_pattern(regex.pattern, regex.flags)
    return None if parsed is None else (list(parsed[0]), parsed[1])


@cache
def _parse_pattern(
    pattern: str, flags: int
) -> tuple[tuple[tuple[object, object], ...], object] | None:
    """Parsed once per pattern: several readers of the tree look at each entry."""
    try:
        from re import _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # Python < 3.11
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern, flags)
    except Exception:  # pragma: no cover - it compiled, so it parses
        return None
    return tuple(parsed), sre_parse


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


@cache
def _repeat_ops(sre: object) -> tuple[object, ...]:
    return tuple(
        getattr(sre, name)
        for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")  # the last: 3.11+
        if hasattr(sre, name)
    )


def _extended_literals(
    items: list[tuple[object, object]], sre: object, after: list[tuple[object, object]]
) -> set[str] | None:
    """The literals one of which every match of *items* starts with, each followed on into
    what comes after it (*after*: what follows *items* in the pattern) while that is literal:
    an alternation or a set of a few characters, as far as :data:`_MAX_LITERALS` allows. A
    literal that ends a word (a ``\\s``, a ``\\b`` or a character that is not a letter or digit
    comes next) is marked with :data:`_WORD_END`."""
    constants = sre
    repeats = _repeat_ops(sre)
    prefix = ""
    for position, (op, argument) in enumerate(items):
        if op is constants.LITERAL:  # type: ignore[attr-defined]
            char = chr(argument)  # type: ignore[arg-type]
            if char == _WORD_END:
                return None
            prefix += char
            continue
        if prefix:
            return _followed_by({prefix}, [*items[position:], *after], sre)
        if op is constants.AT or op in (constants.ASSERT, constants.ASSERT_NOT):
            continue
        rest = [*items[position + 1 :], *after]
        if op is constants.SUBPATTERN:
            _group, add_flags, _del_flags, sub = argument  # type: ignore[misc]
            if add_flags & re.IGNORECASE:
                return None
            return _extended_literals(list(sub), sre, rest)
        if op is constants.BRANCH:
            union: set[str] = set()
            for branch in argument[1]:  # type: ignore[index]
                literals = _extended_literals(list(branch), sre, rest)
                if not literals:
                    return None
                union |= literals
            return union
        if op is constants.IN:  # type: ignore[attr-defined]
            chars = _set_chars(argument, sre)  # type: ignore[arg-type]
            return None if chars is None else _followed_by(chars, rest, sre)
        if op in repeats:
            low, high, sub = argument  # type: ignore[misc]
            # Once at most ("(?:s|ed)?"): the body is followed by the rest; else unknown.
            body = _extended_literals(list(sub), sre, rest if high == 1 else [])
            if low >= 1 or body is None:
                return body
            tail = _extended_literals(rest, sre, [])
            if tail is None and _ends_word(rest, sre):
                tail = {_WORD_END}  # "trials?\\s": "trial" or "trials", either a whole word
            return None if tail is None else body | tail
        return None
    return _followed_by({prefix}, after, sre) if prefix else None


def _followed_by(heads: set[str], rest: list[tuple[object, object]], sre: object) -> set[str]:
    """*heads* each followed by one of the literals every match of *rest* starts with (when
    there are few and the heads are short), else *heads*, each marked :data:`_WORD_END` when
    *rest* starts with a non-word character."""
    if min(len(head) for head in heads) < _LONG_ENOUGH:
        tails = _extended_literals(rest, sre, [])
        if tails and len(heads) * len(tails) <= _MAX_LITERALS:
            return {head + tail for head in heads for tail in tails}
    if _ends_word(rest, sre):
        return {head + _WORD_END if head[-1].isalnum() else head for head in heads}
    return heads


def _ends_word(items: list[tuple[object, object]], sre: object) -> bool:
    """True when the character *items* match first (if any) cannot be a letter or digit, or
    they start with ``\\b`` (after a letter or digit: the same)."""
    for position, (op, argument) in enumerate(items):
        if op is sre.AT:  # type: ignore[attr-defined]
            if argument is sre.AT_BOUNDARY:  # type: ignore[attr-defined]
                return True
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):  # type: ignore[attr-defined]
            continue
        rest = items[position + 1 :]
        if op is sre.LITERAL:  # type: ignore[attr-defined]
            char = chr(argument)  # type: ignore[arg-type]
            return char.isascii() and not char.isalnum()
        if op is sre.IN:  # type: ignore[attr-defined]
            return all(_not_alnum(item, sre) for item in argument)  # type: ignore[attr-defined]
        if op is sre.SUBPATTERN:  # type: ignore[attr-defined]
            return _ends_word([*argument[3], *rest], sre)  # type: ignore[index]
        if op is sre.BRANCH:  # type: ignore[attr-defined]
            return all(_ends_word([*b, *rest], sre) for b in argument[1])  # type: ignore[index]
        if op in _repeat_ops(sre):
            low, _high, sub = argument  # type: ignore[misc]
            return _ends_word(list(sub), sre) and (low >= 1 or _ends_word(rest, sre))
        return False
    return False


def _exact_strings(items: list[tuple[object, object]], sre: object) -> set[str] | None:
    """Every string *items* can match, when they are literal (characters, sets of a few,
    alternations, optional parts) and a few; else None."""
    strings = {""}
    for op, argument in items:
        if op is sre.AT:  # type: ignore[attr-defined]
            continue  # zero width
        if op is sre.LITERAL:  # type: ignore[attr-defined]
            more: set[str] | None = {chr(argument)}  # type: ignore[arg-type]
        elif op is sre.IN:  # type: ignore[attr-defined]
            more = _set_chars(argument, sre)  # type: ignore[arg-type]
        elif op is sre.SUBPATTERN:  # type: ignore[attr-defined]
            more = None if argument[1] & re.IGNORECASE else _exact_strings(list(argument[3]), sre)  # type: ignore[index]
        elif op is sre.BRANCH:  # type: ignore[attr-defined]
            more = set()
            for branch in argument[1]:  # type: ignore[index]
                found = _exact_strings(list(branch), sre)
                if found is None:
                    return None
                more |= found
        elif op in _repeat_ops(sre) and argument[:2] == (0, 1):  # type: ignore[index]
            body = _exact_strings(list(argument[2]), sre)  # type: ignore[index]
            more = None if body is None else body | {""}
        else:
            return None
        if more is None or len(strings) * len(more) > _MAX_LITERALS:
            return None
        strings = {string + tail for string in strings for tail in more}
    return strings


def _separator(items: object, sre: object) -> bool:
    """True for the body of a repeat such as ``\\s+`` or ``[-\\s]+``: one character that is
    not a letter or digit (so a run of them stands between two words)."""
    items = list(items)  # type: ignore[call-overload]
    if len(items) != 1:
        return False
    op, argument = items[0]
    if op is sre.IN:  # type: ignore[attr-defined]
        return all(_not_alnum(item, sre) for item in argument)  # type: ignore[attr-defined]
    return _not_alnum((op, argument), sre)


def _not_alnum(item: tuple[object, object], sre: object) -> bool:
    """True when a member of a character set only matches characters that are not letters or
    digits (``\\s``, ``\\W``, ASCII punctuation)."""
    op, argument = item
    if op is sre.LITERAL:  # type: ignore[attr-defined]
        char = chr(argument)  # type: ignore[arg-type]
        return char.isascii() and not char.isalnum()
    return op is sre.CATEGORY and argument in (  # type: ignore[attr-defined]
        sre.CATEGORY_SPACE,  # type: ignore[attr-defined]
        sre.CATEGORY_NOT_WORD,  # type: ignore[attr-defined]
    )


def _set_chars(items: list[tuple[object, object]], sre: object) -> set[str] | None:
    """The characters of a set such as ``[Ss]`` or ``['\u2019]``, or None (ranges, classes,
    negation)."""
    if not all(op is sre.LITERAL for op, _ in items):  # type: ignore[attr-defined]
        return None
    return {chr(argument) for _, argument in items}  # type: ignore[arg-type]


def _avoids_separator(regex: re.Pattern[str]) -> bool:
    """True when no part of *regex*, lookarounds included, can match the character that
    separates sentences in :attr:`Corpus.joined` (:data:`_SEPARATOR`): then every match, and
    everything ``re`` looks at to find it, lies inside one sentence and that separator."""
    parsed = _parse(regex)
    return parsed is not None and _avoids(parsed[0], parsed[1], ord(_SEPARATOR))


def _avoids(items: Iterable[tuple[object, object]], sre: object, code: int) -> bool:
    """True when no part of the parse tree *items* can match the character *code*."""
    for op, argument in items:
        if op is sre.LITERAL:  # type: ignore[attr-defined]
            avoided = argument != code
        elif op is sre.NOT_LITERAL:  # type: ignore[attr-defined]
            avoided = argument == code
        elif op is sre.IN:  # type: ignore[attr-defined]
            avoided = all(_set_member_avoids(item, sre, code) for item in argument)  # type: ignore[attr-defined]
        elif op is sre.AT or op is sre.GROUPREF:  # type: ignore[attr-defined]
            avoided = True  # zero width, or what an (avoiding) group matched
        elif op is sre.SUBPATTERN:  # type: ignore[attr-defined]
            avoided = _avoids(argument[3], sre, code)  # type: ignore[index]
        elif op in (sre.ASSERT, sre.ASSERT_NOT):  # type: ignore[attr-defined]
            avoided = _avoids(argument[1], sre, code)  # type: ignore[index]
        elif op is sre.BRANCH:  # type: ignore[attr-defined]
            avoided = all(_avoids(branch, sre, code) for branch in argument[1])  # type: ignore[index]
        elif op in _repeat_ops(sre):
            avoided = _avoids(argument[2], sre, code)  # type: ignore[index]
        else:
            avoided = False  # any character ("."), a conditional, an atomic group: unknown
        if not avoided:
            return False
    return True


def _set_member_avoids(item: tuple[object, object], sre: object, code: int) -> bool:
    """True when a member of a character set cannot match the character *code* (a control
    character: not a letter, digit or white space)."""
    op, argument = item
    if op is sre.LITERAL:  # type: ignore[attr-defined]
        return argument != code
    if op is sre.RANGE:  # type: ignore[attr-defined]
        return not argument[0] <= code <= argument[1]  # type: ignore[index]
    return op is sre.CATEGORY and argument in (  # type: ignore[attr-defined]
        sre.CATEGORY_DIGIT,  # type: ignore[attr-defined]
        sre.CATEGORY_SPACE,  # type: ignore[attr-defined]
        sre.CATEGORY_WORD,  # type: ignore[attr-defined]
    )


def _starts_with_digit(regex: re.Pattern[str]) -> bool:
    """True when every match of *regex* starts with a ``\\d`` (after zero-width assertions),
    e.g. ``\\d[\\d,.]*\\s*%``."""
    parsed = _parse(regex)
    return parsed is not None and _digit_first(parsed[0], parsed[1])


def _digit_first(items: list[tuple[object, object]], sre: object) -> bool:
    for op, argument in items:
        if op is sre.AT or op in (sre.ASSERT, sre.ASSERT_NOT):  # type: ignore[attr-defined]
            continue
        if op is sre.IN:  # type: ignore[attr-defined]
            return list(argument) == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]  # type: ignore
        if op is sre.SUBPATTERN:  # type: ignore[attr-defined]
            return _digit_first(list(argument[3]), sre)  # type: ignore[index]
        if op is sre.BRANCH:  # type: ignore[attr-defined]
            return all(_digit_first(list(b), sre) for b in argument[1])  # type: ignore[index]
        if op in _repeat_ops(sre):
            return argument[0] >= 1 and _digit_first(list(argument[2]), sre)  # type: ignore
        return False
    return False


def _sorted(literals: set[str] | None) -> tuple[str, ...] | None:
    return None if not literals else tuple(sorted(literals))


def _indexable(literal: str) -> bool:
    """True when a word of the document index equals the lowercased text wherever the text
    has *literal* (ASCII letters; Greek sigma, for one, lowercases by context)."""
    return all(char.isascii() or not char.isalpha() for char in literal)


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
