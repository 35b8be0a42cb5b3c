"""Run the claim-strength classifier from plain arrays, without scikit-learn.

The classifier trained by :mod:`healthscore.training` is linear: three TF-IDF views (word
1-3-grams, six-letter word prefixes, cue-tag 1-4-grams), a LinearSVC and one temperature. At
prediction time that is a handful of dictionary lookups and a dot product, so the package ships
it twice: the scikit-learn ``Pipeline`` (``claim_strength.joblib``, for anyone who wants the
estimator) and this module's export of it (``claim_strength.npz``), which is what scoring uses.

Why the export rather than the pickle:

* **speed** -- scikit-learn's vectorisers build sparse matrices through several layers of
  validation and join every n-gram as a string; featurising here, once per document, with
  integer n-gram keys and a memo of the text's chunks, is about six times faster;
* **start-up** -- importing scikit-learn and SciPy took 0.8 s of the 1.5 s cold start of
  ``healthscore check``; this module needs only NumPy;
* **safety** -- an ``.npz`` read with ``allow_pickle=False`` cannot run code, unlike a pickle,
  and does not depend on the installed scikit-learn version.

:func:`export_pipeline` reads the fitted pipeline's attributes and refuses any setting this module
does not reproduce (another norm, no sublinear tf, stop words, a custom analyser), and the
training script checks that both give the same probabilities before it writes the model
(``tests/test_model.py`` checks the shipped pair again).
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import operator
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .claim_cues import DEFAULT_TOKEN_PATTERN, WORD_PATTERN, cue_tag

__all__ = ["ARRAYS_FORMAT", "LinearClaimModel", "export_pipeline", "read_arrays", "write_arrays"]

#: Version of the array layout below; bump it when the layout changes.
ARRAYS_FORMAT = 1

#: The views of the training pipeline's FeatureUnion, in column order.
VIEWS = ("word", "prefix", "cues")


#: A view's unigram ids of a batch, the positions of the sentence ends among them, and a
#: function giving the terms themselves.
_ViewIds = tuple[np.ndarray, np.ndarray, Callable[[], list[str]]]

#: Every view's unigram ids of a batch end to end, the positions of the sentence ends among
#: them, where each view's ids start (and the last stops), and per view a function giving the
#: terms themselves (see :meth:`LinearClaimModel._views_ids`).
_BatchIds = tuple[np.ndarray, np.ndarray, list[int], list[Callable[[], list[str]]]]


@dataclass(frozen=True)
class _View:
    """One TF-IDF view: its terms' columns and idf, and the integer n-gram tables.

    N-grams are looked up as integers, not strings: each unigram has an id, and the n-gram
    "t1 ... tn" is found in ``levels[n - 2]`` under the key ``id(t1 ... tn-1) * len(unigrams) +
    id(tn)``, its id being its rank there. That needs every n-gram's head (n-1)-gram and last
    token to be terms too, which ``min_df`` guarantees (a sub-gram occurs in every document its
    n-gram occurs in), and tokens without spaces; ``levels`` is ``None`` for a view where either
    does not hold, and that view's n-grams are looked up by joining strings instead.
    """

    text: str  # the terms in column order, one a line
    n_terms: int
    idf: np.ndarray  # indexed by column - offset
    offset: int
    max_n: int  # longest n-gram
    unigrams: dict[str, int]  # one-token term -> its id, 0 .. len(unigrams) - 1
    unigram_columns: np.ndarray  # unigram id -> column
    #: n = 2..max_n: (the keys, the column of each key by its rank)
    levels: tuple[tuple[_KeyTable, np.ndarray], ...] | None

    @functools.cached_property
    def vocabulary(self) -> dict[str, int]:
        """Term -> column in the full feature space (for looking n-grams up as strings)."""
        terms = self.text.split("\n") if self.n_terms else []
        return dict(zip(terms, range(self.offset, self.offset + self.n_terms), strict=True))


class _KeyTable:
    """Distinct keys (>= 0, ascending) -> their rank, found through a hash table.

    Each key has one slot in a table at least four times as long as the keys (multiplicative
    "Fibonacci" hashing); the few keys whose slot an earlier key took go to a small sorted
    overflow array, which ``searchsorted`` searches for the keys not found in their slot. Only
    for those whose slot is *shared* (an overflow key's slot too): a key in the table is in its
    slot or shares it, so the others are absent without a search, and most keys looked up are
    absent n-grams (a third of the time of a lookup went to searching them). A binary search of
    every key over all the keys instead took a third of featurising (some 1,500 lookups per
    n-gram length per document, each a dozen hard-to-predict branches); this takes about a
    third as long.
    """

    def __init__(self, keys: np.ndarray) -> None:
        bits = max(1, (len(keys) * 4 - 1).bit_length())
        self._shift = np.uint64(64 - bits)
        taken, first = np.unique(self._slots(keys), return_index=True)
        self._slot_keys = np.full(1 << bits, _END_KEY, dtype=np.int64)  # a key none equals
        self._slot_keys[taken] = keys[first]
        self._slot_ranks = np.zeros(1 << bits, dtype=np.int64)
        self._slot_ranks[taken] = first
        placed = np.zeros(len(keys), dtype=bool)
        placed[first] = True
        overflow = np.flatnonzero(~placed)
        self._overflow_keys = np.append(keys[overflow], _END_KEY)
        self._overflow_ranks = np.append(overflow, 0)
        self._shared = np.zeros(1 << bits, dtype=bool)
        self._shared[self._slots(keys[overflow])] = True

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        hashed = np.ascontiguousarray(keys, dtype=np.int64).view(np.uint64) * _FIBONACCI
        return (hashed >> self._shift).view(np.int64)

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each key is in the table, and its rank (meaningless where it is not)."""
        slots = self._slots(keys)
        ranks = self._slot_ranks.take(slots)
        found = self._slot_keys.take(slots) == keys
        rest = np.flatnonzero(self._shared.take(slots) & ~found)
        if len(rest):
            rest_keys = keys.take(rest)
            where = self._overflow_keys.searchsorted(rest_keys)
            there = self._overflow_keys.take(where) == rest_keys
            rest = rest[there]
            ranks[rest] = self._overflow_ranks.take(where[there])
            found[rest] = True
        return found, ranks


def _build_view(text: str, idf: np.ndarray, offset: int, max_n: int, *, spaceless: bool) -> _View:
    """The view of the terms in *text*, one a line in column order from *offset*.

    *spaceless* says whether every term the view will be asked about is made of tokens without
    spaces, which the integer tables need. Built with a few passes over all the terms at once,
    not a loop per term: loading the model is part of the start-up of every command.
    """
    n_terms = text.count("\n") + 1 if text else 0
    # Spaces per term (a space is one byte in UTF-8), i.e. n - 1 for an n-gram.
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    line_ends = np.append(np.flatnonzero(data == ord("\n")), len(data))[:n_terms]
    line_starts = np.concatenate([[0], line_ends[:-1] + 1])
    spaces = np.flatnonzero(data == ord(" "))
    lengths = spaces.searchsorted(line_ends) - spaces.searchsorted(line_starts)
    # Every term's tokens end to end; a one-token term is its own token.
    tokens = text.replace("\n", " ").split(" ") if n_terms else []
    token_starts = np.arange(n_terms) + np.concatenate([[0], np.cumsum(lengths)[:-1]])
    singles = np.flatnonzero(lengths == 0)
    single_terms = map(tokens.__getitem__, token_starts[singles].tolist())
    unigrams = dict(zip(single_terms, range(len(singles)), strict=True))
    levels = None
    if spaceless and len(unigrams) <= _MAX_IDS and int(lengths.max(initial=0)) < max_n:
        token_ids = np.fromiter(
            map(unigrams.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens)
        )
        levels = _ngram_tables(token_ids, token_starts, lengths, len(unigrams), offset, max_n)
    return _View(text, n_terms, idf, offset, max_n, unigrams, singles + offset, levels)


def _ngram_tables(
    token_ids: np.ndarray,
    token_starts: np.ndarray,
    lengths: np.ndarray,
    n_unigrams: int,
    offset: int,
    max_n: int,
) -> tuple[tuple[_KeyTable, np.ndarray], ...] | None:
    """The key tables of :class:`_View` from the unigram id of every token of every term
    (-1: not a unigram) and where each term's tokens start, or ``None`` when some n-gram's head
    or a token is not a term (or the ids would not fit the keys' range)."""
    levels: list[tuple[_KeyTable, np.ndarray]] = []
    for n in range(2, max_n + 1):
        indexes = np.flatnonzero(lengths == n - 1)
        ids = token_ids[token_starts[indexes][:, None] + np.arange(n)]
        if len(indexes) > _MAX_IDS or (ids < 0).any():
            return None
        keys = ids[:, 0]
        for j in range(1, n):
            if j > 1:  # the id of the j-gram heading each n-gram: its rank in its table
                found, keys = levels[j - 2][0].find(keys)
                if not found.all():
                    return None  # a sub-gram missing from the vocabulary
            keys = keys * n_unigrams + ids[:, j]
        order = np.argsort(keys, kind="stable")
        levels.append((_KeyTable(keys[order]), indexes[order] + offset))
    return tuple(levels)


class LinearClaimModel:
    """The exported claim-strength classifier: ``predict_proba`` like the scikit-learn pipeline.

    Build it from the arrays :func:`export_pipeline` returns or :func:`read_arrays` reads.
    Probabilities equal the pipeline's to floating-point rounding.
    """

    classes_: np.ndarray

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        if meta.get("format") != ARRAYS_FORMAT:
            raise ValueError(
                f"claim model arrays have format {meta.get('format')!r}; this healthscore "
                f"reads format {ARRAYS_FORMAT}"
            )
        self.meta = meta
        self.coef = np.ascontiguousarray(arrays["coef"], dtype=np.float64)
        self.intercept = np.asarray(arrays["intercept"], dtype=np.float64)
        self.beta = float(np.asarray(arrays["beta"]).reshape(()))
        self.classes_ = np.asarray(arrays["classes"])
        word_pattern = meta["views"]["word"]["token_pattern"]
        cue_pattern = meta["views"]["cues"]["token_pattern"]
        self._cue_index = dict(line.split("\t", 1) for line in _split_lines(arrays["cue_lexicon"]))
        # Tokens of the patterns in _BATCH_PATTERNS never contain whitespace; nor must tags.
        spaceless = {
            "word": word_pattern in _BATCH_PATTERNS,
            "prefix": True,
            "cues": cue_pattern in _BATCH_PATTERNS
            and not any(re.search(r"\s", tag) for tag in self._cue_index.values()),
        }
        offset = 0
        views: list[_View] = []
        for name in VIEWS:
            text = bytes(np.asarray(arrays[f"{name}_vocabulary"], dtype=np.uint8)).decode("utf-8")
            idf = np.asarray(arrays[f"{name}_idf"], dtype=np.float64)
            max_n = int(meta["views"][name]["max_n"])
            view = _build_view(text, idf, offset, max_n, spaceless=spaceless[name])
            if view.n_terms != len(idf):
                raise ValueError(f"claim model view {name!r}: {view.n_terms} terms, {len(idf)} idf")
            views.append(view)
            offset += len(idf)
        if offset != self.coef.shape[1]:
            raise ValueError(f"claim model: {offset} features but {self.coef.shape[1]} weights")
        self._views = tuple(views)
        self._idf = np.concatenate([v.idf for v in views])
        self._word_pattern = re.compile(word_pattern)
        self._cue_pattern = re.compile(cue_pattern)
        # WordPrefixes splits words with the word view's default pattern: reuse its tokens.
        self._prefix_shares_words = word_pattern == _PREFIX_WORD.pattern
        self._word_batch = _batch_pattern(word_pattern)
        self._prefix_batch = _batch_pattern(_PREFIX_WORD.pattern)
        self._cue_batch = _batch_pattern(cue_pattern)
        self._prefix_length = int(meta["views"]["prefix"]["length"])
        self._cue_keep = int(meta["views"]["cues"]["max_kept_length"])
        self._chunked = self._word_batch is not None and self._cue_batch is not None
        #: lower-cased chunk -> its number in the chunk store (see :meth:`_views_ids`), grown as
        #: chunks are seen (bounded); the store holds each numbered chunk's unigram ids in every
        #: view (``_chunk_ids[_chunk_starts[v, c]:][: _chunk_lengths[v, c]]``), so that a batch's
        #: ids are gathered by NumPy from one array of chunk numbers.
        self._chunk_memo: dict[object, int] = {_BOUNDARY: 0}
        self._chunk_ids = np.full(1024, _BOUNDARY_ID, dtype=np.int64)
        self._chunk_ids_size = 1  # the boundary's one id, shared by every view
        self._chunk_starts = np.zeros((len(VIEWS), 256), dtype=np.int64)
        self._chunk_lengths = np.ones((len(VIEWS), 256), dtype=np.int64)
        #: token -> unigram id of its cue tag, grown as tokens are seen (bounded), so that most
        #: of a batch's ids are one ``map`` over its tokens instead of a Python-level tagging rule
        #: per token.
        cue_unigrams = self._views[2].unigrams
        self._cue_memo: dict[str, int] = {
            token: cue_unigrams.get(tag, _ABSENT) for token, tag in self._cue_index.items()
        }

    # -- featurising ---------------------------------------------------------------------------
    def _tokens(
        self,
        lowered: list[str],
        joined: str | None,
        pattern: re.Pattern[str],
        batch: re.Pattern[str] | None,
    ) -> tuple[list[str], np.ndarray]:
        """Every sentence's tokens end to end, each sentence followed by :data:`_SEPARATOR`, and
        the separators' positions.

        One ``findall`` over the separator-joined batch when the pattern has a batch form
        (:func:`_batch_pattern`) and no sentence contains the separator (*joined* is then the
        joined batch), else one per sentence.
        """
        if joined is not None and batch is not None:
            tokens = batch.findall(joined)
            tokens.append(_SEPARATOR)
            separators = map(_SEPARATOR.__eq__, tokens)
            ends = np.flatnonzero(np.fromiter(separators, dtype=bool, count=len(tokens)))
        else:
            ends = np.empty(len(lowered), dtype=np.int64)
            tokens = []
            for row, sentence in enumerate(lowered):
                tokens += pattern.findall(sentence)
                ends[row] = len(tokens)
                tokens.append(_SEPARATOR)
        return tokens, ends

    def _cue_id(self, token: str) -> int:
        return self._views[2].unigrams.get(self._cue_tag(token), _ABSENT)

    def _cue_tag(self, token: str) -> str:
        return cue_tag(token, self._cue_index, self._cue_keep)

    def _views_ids(self, sentences: Sequence[str]) -> _BatchIds:
        """The unigram ids of the batch in every view, the views end to end: in each view, the
        id of each term of the batch (:data:`_ABSENT`: not a unigram of the view) and
        :data:`_BOUNDARY_ID` where each sentence ends; the positions of those ends (view by
        view, so each view's ids end with one); where each view's ids start, and where the last
        stops; and per view a function giving its terms (for a view without integer n-gram
        tables).

        Through the chunk memo when the token patterns allow it (:data:`_BATCH_PATTERNS`): a
        sentence's tokens are then its whitespace-separated chunks' tokens end to end (no token
        contains whitespace, ``str.split`` splits at exactly the characters ``\\s`` matches, and
        a space is a word boundary like the end of a string), and running text repeats its
        chunks so much that most of a document is one dictionary lookup per chunk, for its
        number in the chunk store. The chunks not yet seen are tokenised together by
        :meth:`_store_chunks`. Then one NumPy gather from the store gives every view's ids (a
        ``bytes.join`` of per-chunk ids, per view, took three times as long).
        """
        lowered = [sentence.lower() for sentence in sentences]
        terms = [functools.partial(self._terms, lowered, v) for v in range(len(VIEWS))]
        if not self._chunked:
            views = self._token_ids(lowered)
            bounds = [0, *itertools.accumulate(len(ids) for ids, _, _ in views)]
            ends = [
                view_ends + start
                for (_, view_ends, _), start in zip(views, bounds[:-1], strict=True)
            ]
            return np.concatenate([ids for ids, _, _ in views]), np.concatenate(ends), bounds, terms
        chunks: list[object] = []
        for sentence in lowered:
            chunks += sentence.split()
            chunks.append(_BOUNDARY)
        memo = self._chunk_memo
        numbers = np.fromiter(
            map(memo.get, chunks, itertools.repeat(-1)), dtype=np.int64, count=len(chunks)
        )
        unseen = np.flatnonzero(numbers < 0)
        kept_size = self._chunk_ids_size
        if len(unseen):
            occurrences = list(map(chunks.__getitem__, unseen.tolist()))
            missing = list(dict.fromkeys(occurrences))
            first = len(memo)
            room = max(0, _CHUNK_MEMO_LIMIT - first)
            numbered = dict(zip(missing, itertools.count(first)))
            kept, extra = missing[:room], missing[room:]
            if kept:
                self._store_chunks(kept, first)
                kept_size = self._chunk_ids_size
            if extra:  # past the memo's limit: stored after the kept chunks, for this batch only
                self._store_chunks(extra, first + len(kept))
            memo.update(itertools.islice(numbered.items(), room))
            numbers[unseen] = list(map(numbered.__getitem__, occurrences))
        # Every view's ids of every chunk, view by view: a gather of the chunks' id runs.
        starts = self._chunk_starts.take(numbers, axis=1).ravel()
        lengths = self._chunk_lengths.take(numbers, axis=1).ravel()
        stops = lengths.cumsum()
        runs = np.repeat(starts - stops + lengths, lengths) + np.arange(int(stops[-1]))
        ids = self._chunk_ids.take(runs)
        self._chunk_ids_size = kept_size
        if len(unseen) and len(memo) >= _CHUNK_MEMO_LIMIT:
            self._trim_store(len(memo), kept_size)
        ends = np.flatnonzero(ids == _BOUNDARY_ID)
        bounds = [0, *(ends[len(sentences) - 1 :: len(sentences)] + 1).tolist()]
        return ids, ends, bounds, terms

    def _store_chunks(self, chunks: list[str], first: int) -> None:
        """Tokenise *chunks* together and store their ids in every view under the chunk
        numbers ``first, first + 1, ...`` (growing the store's arrays as needed)."""
        views = self._token_ids(chunks)
        stop = first + len(chunks)
        capacity = self._chunk_starts.shape[1]
        if stop > capacity:
            grown = max(2 * capacity, stop)
            self._chunk_starts = _grown(self._chunk_starts, grown, 0)
            self._chunk_lengths = _grown(self._chunk_lengths, grown, 1)
        size = self._chunk_ids_size
        needed = size + sum(len(ids) for ids, _, _ in views)
        if needed > len(self._chunk_ids):
            self._chunk_ids = _grown(self._chunk_ids, max(2 * len(self._chunk_ids), needed), 0)
        for view_number, (ids, ends, _) in enumerate(views):
            # Each chunk's ids stop at its end marker, which is stored too but never gathered.
            self._chunk_ids[size : size + len(ids)] = ids
            lengths = np.diff(ends, prepend=-1) - 1
            self._chunk_starts[view_number, first:stop] = size + ends - lengths
            self._chunk_lengths[view_number, first:stop] = lengths
            size += len(ids)
        self._chunk_ids_size = size

    def _trim_store(self, chunks: int, size: int) -> None:
        """Give back the room a batch's chunks past the memo's limit took, when it is more than
        the *chunks* kept (and their *size* ids) need: those are stored for their batch only,
        and one very large batch must not leave the store that large for the life of the
        process. Twice what is kept is left, so a document's few new chunks fit without
        growing the arrays again."""
        if self._chunk_starts.shape[1] > 2 * chunks:
            self._chunk_starts = self._chunk_starts[:, : 2 * chunks].copy()
            self._chunk_lengths = self._chunk_lengths[:, : 2 * chunks].copy()
        if len(self._chunk_ids) > 2 * size:
            self._chunk_ids = self._chunk_ids[: 2 * size].copy()

    def _terms(self, lowered: list[str], view_number: int) -> list[str]:
        return self._token_ids(lowered)[view_number][2]()

    def _token_ids(self, lowered: list[str]) -> list[_ViewIds]:
        """:meth:`_views_ids` of lower-cased texts, without the chunk memo."""
        joined: str | None = _SEPARATOR.join(lowered)
        if joined.count(_SEPARATOR) != len(lowered) - 1:
            joined = None  # a text contains the separator
        words, word_ends = self._tokens(lowered, joined, self._word_pattern, self._word_batch)
        if self._prefix_shares_words:
            prefix_words, prefix_ends = words, word_ends
        else:
            prefix_words, prefix_ends = self._tokens(
                lowered, joined, _PREFIX_WORD, self._prefix_batch
            )
        cues, cue_ends = self._tokens(lowered, joined, self._cue_pattern, self._cue_batch)
        k = self._prefix_length
        views = [
            (
                np.fromiter(
                    map(self._views[0].unigrams.get, words, itertools.repeat(_ABSENT)),
                    dtype=np.int64,
                    count=len(words),
                ),
                word_ends,
                lambda: words,
            ),
            (
                # A word's prefix is a slice and a lookup, both run in C by ``map``.
                np.fromiter(
                    map(
                        self._views[1].unigrams.get,
                        map(operator.getitem, prefix_words, itertools.repeat(slice(0, k))),
                        itertools.repeat(_ABSENT),
                    ),
                    dtype=np.int64,
                    count=len(prefix_words),
                ),
                prefix_ends,
                lambda: [word[:k] for word in prefix_words],
            ),
            (
                _memo_ids(self._cue_memo, cues, self._cue_id),
                cue_ends,
                lambda: list(map(self._cue_tag, cues)),
            ),
        ]
        for ids, ends, _ in views:
            ids[ends] = _BOUNDARY_ID
        return views

    # -- predicting ----------------------------------------------------------------------------
    def decision_function(self, sentences: Sequence[str]) -> np.ndarray:
        """``(n, n_classes)`` SVM scores, as ``Pipeline.decision_function`` of the uncalibrated
        estimator.

        Every view's unigram ids of the batch come from :meth:`_views_ids` (a dictionary lookup
        per chunk by ``map``, a loop that runs in C, and one NumPy gather: this is the hot path
        of scoring);
        n-grams are then found by integer keys in NumPy (see :class:`_View`), only where their
        head and last token were found, and never across a sentence end. Counts per (sentence,
        view, column) come from one sort; the TF-IDF rows are normalised per view and dotted
        with the weights by ``np.bincount``, never building a matrix. The arithmetic is the
        same, in the same order, as the string lookups of earlier versions, so the scores are
        the same to the last bit.
        """
        n = len(sentences)
        n_classes, n_features = self.coef.shape
        if not n:
            return np.empty((0, n_classes))
        ids, ends, bounds, terms = self._views_ids(sentences)
        # Each position's (sentence, view) group, shifted past the columns' bits; the views
        # come one after the other, so the groups of the sentence ends are view by view.
        shift = max(n_features - 1, 1).bit_length()
        groups = np.arange(3 * n, dtype=np.int64).reshape(n, 3).T.ravel() << shift
        bases = np.repeat(groups, np.diff(ends, prepend=-1))
        keys: list[np.ndarray] = []
        for view_number, view in enumerate(self._views):
            start, stop = bounds[view_number], bounds[view_number + 1]
            if view.levels is None:
                view_ends = ends[view_number * n : (view_number + 1) * n] - start
                found = _string_grams(view, terms[view_number](), view_ends)
            else:
                found = _integer_grams(view, ids[start:stop])
            view_bases = bases[start:stop]
            for positions, columns in found:
                keys.append(view_bases.take(positions) + columns)
        # The distinct keys and their counts, as np.unique(return_counts=True) without its
        # overhead; sorted by key, so by sentence, then view, then column. As int32 when they
        # fit, which sorts in half the time.
        key_type = np.int32 if (3 * n) << shift <= np.iinfo(np.int32).max else np.int64
        all_keys = np.concatenate(keys, dtype=key_type)
        all_keys.sort()
        first = np.empty(len(all_keys) + 1, dtype=bool)  # a key's first place, and the end
        first[0] = first[-1] = True
        np.not_equal(all_keys[1:], all_keys[:-1], out=first[1:-1])
        edges = np.flatnonzero(first)
        starts = edges[:-1]
        counts = edges[1:] - starts
        distinct = all_keys.take(starts)
        group_array = distinct >> shift
        column_array = distinct & ((1 << shift) - 1)
        weight = (1.0 + np.log(counts)) * self._idf.take(column_array)
        norms = np.sqrt(np.bincount(group_array, weights=weight * weight, minlength=n * 3))
        weight /= norms.take(group_array)
        # Per class, the weighted terms of each sentence added in column order, from zero.
        products = self.coef.take(column_array, axis=1)
        products *= weight
        rows = group_array // 3
        scores = np.empty((n, n_classes))
        for k, class_products in enumerate(products):
            scores[:, k] = np.bincount(rows, weights=class_products, minlength=n)
        return scores + self.intercept

    def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
        """``(n, n_classes)`` class probabilities: softmax of the temperature-scaled scores."""
        batch = list(sentences)
        if not batch:
            return np.empty((0, len(self.classes_)), dtype=np.float64)
        logits = self.beta * self.decision_function(batch)
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        return logits

    def predict(self, sentences: Sequence[str]) -> np.ndarray:
        """Labels, as the argmax of :meth:`predict_proba`."""
        return self.classes_[self.predict_proba(sentences).argmax(axis=1)]


def _integer_grams(view: _View, ids: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(start positions, columns) of the view's n-grams, n = 1..max_n, from unigram *ids*
    (negative: not a unigram of the view, or a sentence end).

    A key is negative wherever the head (n-1)-gram or the last token was not found (see
    :data:`_ABSENT`), so it is in no table, and an n-gram is never looked up as a string.
    """
    positions = np.flatnonzero(ids >= 0)
    found = [(positions, view.unigram_columns.take(ids[positions]))]
    head_ids = ids
    n_unigrams = len(view.unigrams)
    for size, (table, columns) in enumerate(view.levels or (), start=2):
        count = len(ids) - size + 1
        if count <= 0 or not len(positions):
            break
        hit, ranks = table.find(head_ids[:count] * n_unigrams + ids[size - 1 :])
        positions = np.flatnonzero(hit)
        found.append((positions, columns.take(ranks[positions])))
        head_ids = np.where(hit, ranks, _ABSENT)
    return found


def _string_grams(
    view: _View, terms: list[str], ends: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`_integer_grams` by joining strings, for a vocabulary without integer tables:
    every n-gram is formed and looked up (the separator at each sentence end is in none)."""
    terms = list(terms)
    for end in ends.tolist():
        terms[end] = _SEPARATOR
    lookup = view.vocabulary.get
    found = []
    for size in range(1, view.max_n + 1):
        count = len(terms) - size + 1
        if count <= 0:
            break
        grams = (
            terms
            if size == 1
            else map(" ".join, zip(*(terms[i:] for i in range(size)), strict=False))
        )
        columns = np.fromiter(
            map(lookup, grams, itertools.repeat(-1, count)), dtype=np.int64, count=count
        )
        positions = np.flatnonzero(columns >= 0)
        found.append((positions, columns[positions]))
    return found


def _grown(array: np.ndarray, length: int, fill: int) -> np.ndarray:
    """*array* lengthened along its last axis to *length*, the new places set to *fill*."""
    grown = np.full((*array.shape[:-1], length), fill, dtype=array.dtype)
    grown[..., : array.shape[-1]] = array
    return grown


def _memo_ids(memo: dict[str, int], tokens: list[str], compute: Callable[[str], int]) -> np.ndarray:
    """``compute(token)`` for each token, through *memo* (grown up to :data:`_MEMO_LIMIT`)."""
    ids = list(map(memo.get, tokens))
    if None in ids:
        missing = map(operator.is_, ids, itertools.repeat(None))
        for i in itertools.compress(range(len(ids)), missing):
            token = tokens[i]
            ids[i] = value = compute(token)
            if len(memo) < _MEMO_LIMIT:
                memo[token] = value
    return np.fromiter(ids, dtype=np.int64, count=len(ids))


def _batch_pattern(pattern: str) -> re.Pattern[str] | None:
    """A pattern whose ``findall`` over sentences joined by :data:`_SEPARATOR` gives each
    sentence's tokens (by *pattern*) with one separator token between them, or ``None`` when
    *pattern* is not one known to allow that (see :data:`_BATCH_PATTERNS`)."""
    batch = _BATCH_PATTERNS.get(pattern)
    return None if batch is None else re.compile(batch)


#: Stands between sentences when a batch is joined or its tokens are laid end to end; no
#: token of a view contains it.
_SEPARATOR = "\x00"

#: Token pattern -> its batch form (see :func:`_batch_pattern`); neither pattern has anchors or
#: lookarounds beyond a word boundary, which the separator is, like the ends of a string.
#: ``\b\w\w+\b`` finds exactly the maximal runs of two or more word characters, as ``\w\w+``
#: does (greedy, and a search resumes after the run), which runs a quarter faster; the cue
#: pattern's last branch already matches the separator as a token of its own.
_BATCH_PATTERNS = {
    WORD_PATTERN: r"\w\w+|\x00",
    DEFAULT_TOKEN_PATTERN: DEFAULT_TOKEN_PATTERN,
}

#: Most unigrams, and most n-grams of one length, a view can have integer tables for: keys
#: (id * unigrams + id) then stay below 2**40.
_MAX_IDS = 2**20

#: The id of a term that is not a unigram of the view, and of a sentence end: so negative that
#: any key made with them is negative (and far from overflowing), whatever the other id.
_ABSENT = -(2**40)
_BOUNDARY_ID = -(2**41)

#: After the last key of a sorted array, so that ``searchsorted`` never points past the end.
_END_KEY = np.iinfo(np.int64).max

#: 2**64 / the golden ratio, odd: multiplying by it scatters neighbouring keys over the table.
_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)

#: Ends each sentence among a batch's chunks.
_BOUNDARY = object()

#: Most distinct chunks the chunk memo keeps (about 16 MB at most with their stored ids and the
#: cue memo; 300 news articles filled 27,000).
_CHUNK_MEMO_LIMIT = 50_000

#: Most distinct tokens the cue memo keeps (about 5 MB at most), so a long-running process
#: scoring endless new words does not grow without bound.
_MEMO_LIMIT = 50_000

#: Words as :class:`healthscore.claim_features.WordPrefixes` splits them.
_PREFIX_WORD = re.compile(WORD_PATTERN)


def _split_lines(array: np.ndarray) -> list[str]:
    text = bytes(np.asarray(array, dtype=np.uint8)).decode("utf-8")
    return text.split("\n") if text else []


def _join_lines(lines: Sequence[str]) -> np.ndarray:
    for line in lines:
        if "\n" in line:
            raise ValueError(f"cannot export a term with a newline: {line!r}")
    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8).copy()


# -- export (training time) ------------------------------------------------------------------


def _check_vectorizer(name: str, vectorizer: Any, *, lowercase: bool, pattern: str) -> None:
    """Refuse a fitted TfidfVectorizer whose settings :class:`LinearClaimModel` does not copy."""
    expected = {
        "analyzer": "word",
        "binary": False,
        "norm": "l2",
        "preprocessor": None,
        "stop_words": None,
        "strip_accents": None,
        "sublinear_tf": True,
        "tokenizer": None,
        "use_idf": True,
        "lowercase": lowercase,
        "token_pattern": pattern,
    }
    for attribute, value in expected.items():
        got = getattr(vectorizer, attribute)
        if got != value:
            raise ValueError(f"cannot export view {name!r}: {attribute}={got!r}, need {value!r}")


def export_pipeline(pipeline: Any) -> dict[str, np.ndarray]:
    """Export a fitted claim pipeline (``training.pipeline.build_claim_pipeline``) to arrays.

    Reads attributes only, so it needs no scikit-learn import of its own. Raises
    :class:`ValueError` for a pipeline of another shape or with settings the array model would
    not reproduce.
    """
    features = pipeline.named_steps["features"]
    parts = dict(features.transformer_list)
    if tuple(parts) != VIEWS or features.transformer_weights:
        raise ValueError(f"cannot export features {tuple(parts)!r}; expected {VIEWS!r}")
    word = parts["word"]
    prefix_step, prefix_tfidf = (step for _, step in parts["prefix"].steps)
    abstract_step, cue_tfidf = (step for _, step in parts["cues"].steps)
    _check_vectorizer("word", word, lowercase=True, pattern=WORD_PATTERN)
    _check_vectorizer("prefix", prefix_tfidf, lowercase=True, pattern=r"\S+")
    _check_vectorizer("cues", cue_tfidf, lowercase=False, pattern=r"\S+")
    if (
        prefix_tfidf.ngram_range != (1, 1)
        or word.ngram_range[0] != 1
        or cue_tfidf.ngram_range[0] != 1
    ):
        raise ValueError("cannot export: n-gram ranges must start at 1 (prefixes: unigrams)")

    clf = pipeline.named_steps["clf"]
    calibrated = clf.calibrated_classifiers_
    if getattr(clf, "method", None) != "temperature" or len(calibrated) != 1:
        raise ValueError("cannot export: expected one temperature-calibrated classifier")
    svc = calibrated[0].estimator
    beta = float(calibrated[0].calibrators[0].beta_)

    arrays: dict[str, np.ndarray] = {}
    views_meta: dict[str, dict[str, Any]] = {}
    for name, vectorizer in (("word", word), ("prefix", prefix_tfidf), ("cues", cue_tfidf)):
        vocabulary = vectorizer.vocabulary_
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        arrays[f"{name}_vocabulary"] = _join_lines(terms)
        arrays[f"{name}_idf"] = np.asarray(vectorizer.idf_, dtype=np.float64)
        views_meta[name] = {"max_n": int(vectorizer.ngram_range[1])}
    views_meta["word"]["token_pattern"] = word.token_pattern
    views_meta["prefix"]["length"] = int(prefix_step.length)
    views_meta["cues"]["token_pattern"] = abstract_step.token_pattern
    views_meta["cues"]["max_kept_length"] = int(abstract_step.max_kept_length)
    arrays["cue_lexicon"] = _join_lines(
        [f"{w}\t{tag}" for w, tag in sorted(abstract_step.lexicon_.items())]
    )
    arrays["coef"] = np.asarray(svc.coef_, dtype=np.float64)
    arrays["intercept"] = np.asarray(svc.intercept_, dtype=np.float64)
    arrays["beta"] = np.asarray(beta, dtype=np.float64)
    arrays["classes"] = np.asarray(clf.classes_, dtype=np.int64)
    meta = {"format": ARRAYS_FORMAT, "views": views_meta}
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), np.uint8).copy()
    return arrays


def write_arrays(arrays: Mapping[str, np.ndarray]) -> bytes:
    """Serialise *arrays* as an ``.npz`` (a zip of ``.npy`` files) with fixed timestamps.

    ``numpy.savez`` stamps each member with the current time, so two trainings would give
    files with different sha256; this writes the same bytes for the same arrays.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compresslevel=6)
    return buffer.getvalue()


def read_arrays(data: bytes) -> dict[str, np.ndarray]:
    """Read an ``.npz`` written by :func:`write_arrays` (never unpickling anything)."""
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}
