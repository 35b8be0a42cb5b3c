"""Scores reported for the claim model: macro-F1, per-class F1, confusion matrix."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, log_loss

from ..model import CLAIM_LABELS

__all__ = ["fold_macro_f1", "scores"]

_CLASSES = list(range(len(CLAIM_LABELS)))


def _r(value: float) -> float:
    return round(float(value), 4)


def scores(
    y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray | None = None
) -> dict[str, Any]:
    """Macro-F1, accuracy, per-class F1 and support, and the confusion matrix (rows = truth).

    Macro-F1 is the headline because it is what Yu et al. report and because it weighs the
    small conditional-causal class like the others. Log loss is added when *proba* is given, to
    show whether the calibrated probabilities are usable.
    """
    per_class = f1_score(y_true, y_pred, labels=_CLASSES, average=None, zero_division=0)
    out: dict[str, Any] = {
        "n": int(len(y_true)),
        "macro_f1": _r(f1_score(y_true, y_pred, labels=_CLASSES, average="macro", zero_division=0)),
        "accuracy": _r(accuracy_score(y_true, y_pred)),
        "per_class_f1": {name: _r(f) for name, f in zip(CLAIM_LABELS, per_class, strict=True)},
        "support": {name: int((y_true == c).sum()) for c, name in enumerate(CLAIM_LABELS)},
        "confusion": confusion_matrix(y_true, y_pred, labels=_CLASSES).tolist(),
    }
    if proba is not None:
        out["log_loss"] = _r(log_loss(y_true, proba, labels=_CLASSES))
    return out


def fold_macro_f1(
    y_true: np.ndarray, y_pred: np.ndarray, folds: Sequence[np.ndarray], mask: np.ndarray
) -> dict[str, float]:
    """Mean and standard deviation of macro-F1 over CV test folds, restricted to *mask* rows."""
    values = []
    for test in folds:
        rows = test[mask[test]]
        values.append(f1_score(y_true[rows], y_pred[rows], labels=_CLASSES, average="macro"))
    return {
        "mean": _r(np.mean(values)),
        "std": _r(np.std(values)),
        "folds": [_r(v) for v in values],
    }
