"""Reference points for the validity benchmark: what a plain bag-of-words model reaches when it
is *trained on the label itself*, and what text length alone gives.

Why: an AUC of 0.70 means little on its own. The bag-of-words model (TF-IDF unigrams+bigrams,
logistic regression; ridge regression for the star rating) is the cheapest supervised model
that sees the same text, so it shows what a transparent, rule-based score gives up (or gains)
against an opaque fitted one. It is always evaluated out of fold (stratified k-fold; every
article is predicted by a model that never saw it), with the vectoriser fitted inside each
fold, so its figure is honest, not in-sample. Text length is the trivial baseline: several
HealthNewsReview criteria are easier to satisfy in a long article.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, StratifiedKFold

DEFAULT_FOLDS = 5
DEFAULT_SEED = 0
MIN_DF = 2
MAX_DF = 0.9
#: Inverse regularisation of the logistic regression. Fixed, not tuned per criterion (tuning it
#: would need nested CV): on harms the out-of-fold AUC moves by under 0.002 between C=1 and 16.
C = 4.0


def count_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """Unigram+bigram counts of *texts*, tokenised once for every criterion and fold.

    Tokenising is most of the cost of a TF-IDF fit, and it uses no labels, so it is done once
    here; :func:`_fold_features` then applies the per-fold vocabulary (terms in at least
    ``MIN_DF`` training documents and at most ``MAX_DF`` of them) and IDF from the training rows
    only. That is exactly ``TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.9,
    sublinear_tf=True)`` refitted inside each fold, several times faster.
    """
    vectoriser = CountVectorizer(ngram_range=(1, 2), strip_accents="unicode", dtype=np.float64)
    return vectoriser.fit_transform(list(texts)).tocsr()


def _fold_features(
    counts: sparse.csr_matrix, train: np.ndarray, test: np.ndarray
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    x_train = counts[train]
    df = np.asarray((x_train > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero((df >= MIN_DF) & (df <= MAX_DF * len(train)))
    tfidf = TfidfTransformer(sublinear_tf=True).fit(x_train[:, keep])
    return tfidf.transform(x_train[:, keep]), tfidf.transform(counts[test][:, keep])


def n_folds_for(labels: np.ndarray, wanted: int = DEFAULT_FOLDS) -> int:
    """Folds usable for stratified CV: at most the size of the smaller class (0 if < 2)."""
    labels = np.asarray(labels)
    smaller = min(int(labels.sum()), int(labels.size - labels.sum()))
    folds = min(wanted, smaller)
    return folds if folds >= 2 else 0


def bow_out_of_fold(
    counts: sparse.csr_matrix,
    labels: np.ndarray,
    *,
    folds: int = DEFAULT_FOLDS,
    seed: int = DEFAULT_SEED,
) -> np.ndarray | None:
    """Out-of-fold probability of label 1 for every row of *counts* (from
    :func:`count_matrix`), by stratified *folds*-fold CV of TF-IDF + logistic regression;
    None when a class is too small to cross-validate."""
    labels = np.asarray(labels).astype(int)
    k = n_folds_for(labels, folds)
    if not k:
        return None
    predictions = np.empty(labels.size)
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(labels.size), labels):
        x_train, x_test = _fold_features(counts, train, test)
        model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear")
        predictions[test] = model.fit(x_train, labels[train]).predict_proba(x_test)[:, 1]
    return predictions


def bow_regression_out_of_fold(
    counts: sparse.csr_matrix,
    targets: np.ndarray,
    *,
    folds: int = DEFAULT_FOLDS,
    seed: int = DEFAULT_SEED,
) -> np.ndarray | None:
    """Out-of-fold TF-IDF + ridge predictions of *targets* (e.g. star ratings); None if too
    few rows."""
    targets = np.asarray(targets, dtype=float)
    k = min(folds, targets.size)
    if k < 2:
        return None
    predictions = np.empty(targets.size)
    for train, test in KFold(n_splits=k, shuffle=True, random_state=seed).split(targets):
        x_train, x_test = _fold_features(counts, train, test)
        predictions[test] = Ridge(alpha=1.0).fit(x_train, targets[train]).predict(x_test)
    return predictions


def text_length(texts: Sequence[str]) -> np.ndarray:
    """Words per text (whitespace split): the trivial baseline."""
    return np.asarray([len(t.split()) for t in texts], dtype=float)
