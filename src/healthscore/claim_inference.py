"""Run the claim-strength classifier from plain arrays, without scikit-learn.

The classifier trained by :mod:`healthscore.training` is linear: three TF-IDF views (word
1-3-grams, six-letter word prefixes, cue-tag 1-4-grams), a LinearSVC and one temperature. At
prediction time that is a handful of dictionary lookups and a dot product, so the package ships
it twice: the scikit-learn ``Pipeline`` (``claim_strength.joblib``, for anyone who wants the
estimator) and this module's export of it (``claim_strength.npz``), which is what scoring uses.

Why the export rather than the pickle:

* **speed** -- scikit-learn's vectorisers build sparse matrices through several layers of
  validation; featurising here, once per document, is about five times faster;
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

import io
import itertools
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .claim_cues import cue_tag

__all__ = ["ARRAYS_FORMAT", "LinearClaimModel", "export_pipeline", "read_arrays", "write_arrays"]

#: Version of the array layout below; bump it when the layout changes.
ARRAYS_FORMAT = 1

#: The views of the training pipeline's FeatureUnion, in column order.
VIEWS = ("word", "prefix", "cues")


@dataclass(frozen=True)
class _View:
    """One TF-IDF view: how to turn a sentence into terms, and their columns and idf."""

    vocabulary: dict[str, int]  # term -> column in the full feature space
    idf: np.ndarray  # indexed by column - offset
    offset: int
    max_n: int  # longest n-gram


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
        offset = 0
        views: list[_View] = []
        for name in VIEWS:
            terms = _split_lines(arrays[f"{name}_vocabulary"])
            idf = np.asarray(arrays[f"{name}_idf"], dtype=np.float64)
            if len(terms) != len(idf):
                raise ValueError(f"claim model view {name!r}: {len(terms)} terms, {len(idf)} idf")
            vocabulary = {term: offset + i for i, term in enumerate(terms)}
            views.append(_View(vocabulary, idf, offset, int(meta["views"][name]["max_n"])))
            offset += len(terms)
        if offset != self.coef.shape[1]:
            raise ValueError(f"claim model: {offset} features but {self.coef.shape[1]} weights")
        self._word, self._prefix, self._cues = views
        self._idf = np.concatenate([v.idf for v in views])
        self._word_pattern = re.compile(meta["views"]["word"]["token_pattern"])  # cached by re
        self._prefix_length = int(meta["views"]["prefix"]["length"])
        self._cue_pattern = re.compile(meta["views"]["cues"]["token_pattern"])
        self._cue_keep = int(meta["views"]["cues"]["max_kept_length"])
        self._cue_index = dict(line.split("\t", 1) for line in _split_lines(arrays["cue_lexicon"]))
        #: token -> cue tag, grown as tokens are seen (bounded), so tagging a sentence is one
        #: ``map`` over its tokens instead of a Python-level rule per token.
        self._cue_memo: dict[str, str] = dict(self._cue_index)

    # -- featurising ---------------------------------------------------------------------------
    def _terms(self, sentence: str) -> tuple[list[str], list[str], list[str]]:
        lowered = sentence.lower()
        words = self._word_pattern.findall(lowered)
        k = self._prefix_length
        # WordPrefixes splits words with the word view's default pattern: reuse its tokens.
        prefix_words = (
            words if self._word_pattern is _PREFIX_WORD else _PREFIX_WORD.findall(lowered)
        )
        prefixes = [w[:k] for w in prefix_words]
        cues = self._cue_tags(self._cue_pattern.findall(lowered))
        return words, prefixes, cues

    def _cue_tags(self, tokens: list[str]) -> list[str | None]:
        """:func:`~healthscore.claim_cues.abstract_tokens` for tokens already found."""
        memo = self._cue_memo
        tags = list(map(memo.get, tokens))
        if None in tags:
            for i, tag in enumerate(tags):
                if tag is None:
                    tag = tags[i] = cue_tag(tokens[i], self._cue_index, self._cue_keep)
                    if len(memo) < _CUE_MEMO_LIMIT:
                        memo[tokens[i]] = tag
        return tags

    # -- predicting ----------------------------------------------------------------------------
    def decision_function(self, sentences: Sequence[str]) -> np.ndarray:
        """``(n, n_classes)`` SVM scores, as ``Pipeline.decision_function`` of the uncalibrated
        estimator.

        Each view's tokens of the whole batch are laid end to end, a separator between
        sentences, and its n-grams are formed and looked up by ``map`` and ``zip`` (loops that
        run in C: this is the hot path of scoring). An n-gram across a separator is in no
        vocabulary, so it drops out like any unknown term. Counts per (sentence, view, column)
        come from one ``np.unique``; the TF-IDF rows are normalised per view and dotted with
        the weights by ``np.bincount``, never building a matrix.
        """
        n = len(sentences)
        n_features = self.coef.shape[1]
        terms = [self._terms(sentence) for sentence in sentences]
        keys: list[np.ndarray] = []
        for view_number, view in enumerate((self._word, self._prefix, self._cues)):
            tokens: list[str] = []
            lengths = np.empty(n, dtype=np.int64)
            for row, sentence_terms in enumerate(terms):
                tokens.extend(sentence_terms[view_number])
                tokens.append(_SEPARATOR)
                lengths[row] = len(sentence_terms[view_number]) + 1
            token_groups = np.repeat(np.arange(n, dtype=np.int64) * 3 + view_number, lengths)
            lookup = view.vocabulary.get
            for size in range(1, view.max_n + 1):
                count = len(tokens) - size + 1
                if count <= 0:
                    break
                grams = (
                    tokens
                    if size == 1
                    else map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False))
                )
                columns = np.fromiter(
                    map(lookup, grams, itertools.repeat(-1, count)), dtype=np.int64, count=count
                )
                found = columns >= 0
                keys.append(token_groups[:count][found] * n_features + columns[found])
        scores = np.tile(self.intercept, (n, 1))
        unique, counts = np.unique(np.concatenate(keys), return_counts=True)
        if not len(unique):
            return scores
        group_array, column_array = np.divmod(unique, n_features)
        weight = (1.0 + np.log(counts)) * self._idf[column_array]
        norms = np.sqrt(np.bincount(group_array, weights=weight * weight, minlength=n * 3))
        weight /= norms[group_array]
        row_array = group_array // 3
        for k in range(self.coef.shape[0]):
            scores[:, k] += np.bincount(
                row_array, weights=weight * self.coef[k, column_array], minlength=n
            )
        return scores

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


#: Stands between sentences when a batch's tokens are laid end to end; no token contains it.
_SEPARATOR = "\x00"

#: Most distinct tokens the cue memo keeps (about 10 MB at most), so a long-running process
#: scoring endless new words does not grow without bound.
_CUE_MEMO_LIMIT = 100_000

#: The pattern of :class:`healthscore.claim_features.WordPrefixes`.
_PREFIX_WORD = re.compile(r"(?u)\b\w\w+\b")


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
    _check_vectorizer("word", word, lowercase=True, pattern=r"(?u)\b\w\w+\b")
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
