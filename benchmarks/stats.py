"""Small, dependency-light statistics for the validity benchmark: ROC AUC and Spearman's rho,
each with a percentile bootstrap 95% interval.

Why our own code and not scipy/sklearn calls in a loop: the bootstrap needs 1,000 statistics per
criterion, and computing AUC from ranks (Mann-Whitney U) and rho from ranks vectorises over the
resamples, so the whole benchmark's statistics take well under a second. The point estimates are
checked against ``sklearn.metrics.roc_auc_score`` in the tests.

Conventions:

* AUC: probability that a random positive (label 1) scores higher than a random negative, ties
  counting one half. 0.5 is chance; below 0.5 means the score points the wrong way.
* The AUC bootstrap resamples positives and negatives separately (stratified), so every resample
  has both classes and the class balance of the data; the rho bootstrap resamples pairs.
* Intervals are percentile intervals; a fixed ``seed`` makes them reproducible bit for bit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 20240901


@dataclass(frozen=True)
class Estimate:
    """A statistic with its bootstrap interval; ``value`` is NaN when it cannot be computed
    (e.g. a single class)."""

    value: float
    low: float
    high: float
    n: int
    resamples: int = 0

    @property
    def ok(self) -> bool:
        return not math.isnan(self.value)

    def format(self, digits: int = 2) -> str:
        """``0.81 [0.77, 0.85]``, or ``n/a``."""
        if not self.ok:
            return "n/a"
        if math.isnan(self.low):
            return f"{self.value:.{digits}f}"
        return f"{self.value:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def rankdata(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Average ranks (1-based, ties share the mean rank) along *axis*; works on 2-D arrays so
    that a whole bootstrap batch is ranked at once."""
    values = np.asarray(values, dtype=float)
    moved = np.moveaxis(values, axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    out = np.empty_like(flat)
    for data, target in zip(flat, out, strict=True):  # rows are views: writes land in out
        order = np.argsort(data, kind="mergesort")
        sorted_values = data[order]
        # boundaries of runs of equal values
        new_run = np.r_[True, sorted_values[1:] != sorted_values[:-1]]
        run_id = np.cumsum(new_run) - 1
        run_starts = np.flatnonzero(new_run)
        run_ends = np.r_[run_starts[1:], len(data)]
        mean_rank = (run_starts + run_ends + 1) / 2.0  # mean of 1-based ranks start+1..end
        target[order] = mean_rank[run_id]
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC of *scores* for binary *labels* (1 = positive); NaN with a single class."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=float)
    if labels.shape != scores.shape:
        raise ValueError("labels and scores must have the same shape")
    n_pos = int(labels.sum())
    n_neg = labels.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _percentile_interval(samples: np.ndarray, alpha: float) -> tuple[float, float]:
    samples = samples[~np.isnan(samples)]
    if samples.size == 0:
        return float("nan"), float("nan")
    low, high = np.percentile(samples, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high)


def bootstrap_auc(
    labels: np.ndarray,
    scores: np.ndarray,
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
) -> Estimate:
    """ROC AUC with a stratified percentile bootstrap ``1 - alpha`` interval."""
    labels = np.asarray(labels).astype(bool)
    scores = np.asarray(scores, dtype=float)
    value = roc_auc(labels, scores)
    if math.isnan(value) or n_resamples <= 0:
        return Estimate(value, float("nan"), float("nan"), labels.size, 0)
    rng = np.random.default_rng(seed)
    pos, neg = scores[labels], scores[~labels]
    pos_draw = pos[rng.integers(0, pos.size, size=(n_resamples, pos.size))]
    neg_draw = neg[rng.integers(0, neg.size, size=(n_resamples, neg.size))]
    combined = np.concatenate([pos_draw, neg_draw], axis=1)
    ranks = rankdata(combined, axis=1)
    n_pos, n_neg = pos.size, neg.size
    samples = (ranks[:, :n_pos].sum(axis=1) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    low, high = _percentile_interval(samples, alpha)
    return Estimate(value, low, high, labels.size, n_resamples)


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation (average ranks for ties); NaN when either is constant."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError("x and y must have the same shape")
    if x.size < 2:
        return float("nan")
    return float(_pearson_rows(rankdata(x)[None, :], rankdata(y)[None, :])[0])


def _pearson_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    denom = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        result = (a * b).sum(axis=1) / denom
    return np.where(denom > 0, result, np.nan)


def bootstrap_spearman(
    x: np.ndarray,
    y: np.ndarray,
    *,
    n_resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.05,
) -> Estimate:
    """Spearman's rho with a percentile bootstrap interval (pairs resampled)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    value = spearman(x, y)
    if math.isnan(value) or n_resamples <= 0:
        return Estimate(value, float("nan"), float("nan"), x.size, 0)
    rng = np.random.default_rng(seed)
    draw = rng.integers(0, x.size, size=(n_resamples, x.size))
    samples = _pearson_rows(rankdata(x[draw], axis=1), rankdata(y[draw], axis=1))
    low, high = _percentile_interval(samples, alpha)
    return Estimate(value, low, high, x.size, n_resamples)


def grid_out_of_fold(
    table: np.ndarray, combos: list[dict[str, float]], labels: np.ndarray, folds: int, seed: int
) -> tuple[np.ndarray, list[dict[str, float]], list[float]]:
    """Out-of-fold scores of a tuned score: *table* holds the score of every article (columns)
    under every grid point (rows, described by *combos*); in each stratified fold the grid
    point with the best AUC on the other folds scores the held-out articles. The first best
    wins, so grids should list simpler values first. Returns the scores, the grid point each
    fold picked and each fold's AUC."""
    from sklearn.model_selection import StratifiedKFold

    oof = np.zeros(len(labels))
    picked: list[dict[str, float]] = []
    fold_aucs: list[float] = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        train_aucs = [roc_auc(labels[train], row[train]) for row in table]
        best = int(np.nanargmax(train_aucs))
        picked.append(combos[best])
        oof[test] = table[best, test]
        fold_aucs.append(roc_auc(labels[test], oof[test]))
    return oof, picked, fold_aucs
