"""Validity benchmark: do healthscore's dimension scores agree with expert judgements?

Scores every article of the HealthNewsReview.org development split (``hnr_data``) and measures

* ROC AUC (stratified bootstrap 95% CI) of each dimension's score against the expert criteria it
  is meant to track (risk_balance: harms, benefits, alternatives; hedging: sensational_language
  (press releases only), evidence_quality, disease_mongering; citations: sources_coi), label 1 =
  Satisfactory, so a higher (better) score should predict Satisfactory;
* Spearman's rho (bootstrap CI) of the overall score, each dimension and the readability grade
  against the star rating (news stories only);
* beside each figure, a bag-of-words model trained on the label itself (out of fold) and text
  length, so the reader sees what the transparent score gives up or gains (``baselines``);
* the claim classifier's held-out figures, read from ``models/manifest.json``.

It writes ``VALIDATION.md`` and ``validation_roc.png`` into ``--out`` (default ``docs/``) and
exits 0 whatever the figures are: it reports, it does not gate. Dimensions that are not
implemented yet are reported as such and fill in on the next run.

Usage::

    python benchmarks/validity.py --data-dir ../shared/data            # full run, ~1,280 articles
    python benchmarks/validity.py --data-dir ../shared/data --quick --out /tmp/v   # CI smoke run
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import gzip
import hashlib
import importlib.util
import itertools
import json
import math
import os
import pickle
import platform
import re
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import hnr_data  # noqa: E402
import stats  # noqa: E402

DIMENSIONS = ("readability", "hedging", "citations", "risk_balance")
#: Dimensions with expert criteria to check, in report order.
CHECKED_DIMENSIONS = ("risk_balance", "hedging", "citations")


@dataclass(frozen=True)
class Check:
    """One dimension-vs-criterion comparison."""

    dimension: str
    criterion: str
    subset: str | None = None  # restrict to HealthStory / HealthRelease
    goal: float | None = None  # AUC the project aims for (issue 8)


CHECKS = (
    Check("risk_balance", "harms", goal=0.80),
    Check("risk_balance", "benefits"),
    Check("risk_balance", "alternatives"),
    # Satisfactory = NOT sensational; the criterion exists only for press releases.
    Check("hedging", "sensational_language", subset="HealthRelease", goal=0.75),
    Check("hedging", "evidence_quality"),
    Check("hedging", "disease_mongering"),
    Check("citations", "sources_coi", goal=0.70),
)
RHO_GOAL = 0.50
QUICK_ARTICLES = 120
QUICK_RESAMPLES = 100
#: Articles per task sent to a worker: big enough to amortise the round trip, small enough for
#: progress lines and an even split of the last tasks.
CHUNK = 20
#: Below this many articles one process is faster than starting workers (each loads the model).
MIN_PARALLEL = 50

#: What each dimension's author says about fitting on this split, read by hand from
#: ``docs/dimensions/<name>.md``, the module docstring and ``benchmarks/calibrate_<name>.py``:
#: ``(tuned_on_this_split, what to print)``. A dimension missing here is judged by the automatic
#: scan in :func:`tuning_disclosure` (mentions of this split next to "tuned"/"calibrated").
DECLARED_TUNING: dict[str, tuple[bool, str]] = {
    "readability": (
        False,
        "nothing fitted: the grade formulas are textstat's published ones and the score maps "
        "the consensus grade to 0-100 around the NIH/CDC target (grade 8) by a fixed rule. "
        "Its finding thresholds were chosen looking at this split's sentences; it is not "
        "compared with a criterion here, only with the star rating, for information.",
    ),
    "hedging": (
        True,
        "its default weights (overclaim, hype, absolute, hedge credit) were calibrated on this "
        "split (module docstring; `benchmarks/calibrate_hedging.py --tune`).",
    ),
    "citations": (
        True,
        "its part weights and vague-attribution penalty were tuned on this split against "
        "`sources_coi` (`benchmarks/calibrate_citations.py --fit` prints the shipped choice).",
    ),
    "risk_balance": (
        True,
        "its weights and scales were set a priori (module docstring), not by a grid on this "
        "split, but its harm lexicon's notes and no-claim floor were chosen with this split in "
        "view, and its learned harm detector (`benchmarks/train_risk_detectors.py`) was trained "
        "on sentence rationales from articles that overlap this split; its calibration script "
        "calls the shipped-weight AUC mildly optimistic.",
    ),
}


_STARTED = time.perf_counter()


def log(message: str) -> None:
    """Progress on stderr, with seconds since start (the tables go to stdout)."""
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------------------------
def _score_chunk(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Score plain texts; keep only what the benchmark reads (small to send between
    processes). An article that raises is recorded, not fatal."""
    import healthscore

    out: list[dict[str, Any]] = []
    for text in texts:
        try:
            report = healthscore.score(text, format="text")
        except Exception as error:  # noqa: BLE001 - a benchmark must report, not die
            out.append(_score_dimensions_apart(text, error))
            continue
        out.append(
            {
                "overall": report.overall,
                "words": report.stats.get("words"),
                "dims": {
                    name: {"status": d.status, "score": d.score, "metrics": dict(d.metrics)}
                    for name, d in report.dimensions.items()
                },
            }
        )
    return out


def _score_dimensions_apart(text: str, error: Exception) -> dict[str, Any]:
    """When the whole report fails (e.g. the claim model is not trained yet and one dimension
    needs it), score each dimension on its own so the others are still measured. The overall
    score is left out: it would not be the one users get."""
    from healthscore import Config, dimensions
    from healthscore.analysis import Analysis
    from healthscore.readers import read_document

    message = f"{type(error).__name__}: {error}"[:300]
    try:
        analysis = Analysis(read_document(text, format="text"))
    except Exception as inner:  # noqa: BLE001
        return {"error": f"{type(inner).__name__}: {inner}"[:300]}
    config = Config()
    dims: dict[str, Any] = {}
    for name in dimensions.DIMENSIONS:
        try:
            d = dimensions.run(name, analysis, config.options_for(name))
            dims[name] = {"status": d.status, "score": d.score, "metrics": dict(d.metrics)}
        except Exception as inner:  # noqa: BLE001
            dims[name] = {
                "status": f"error ({type(inner).__name__})",
                "score": None,
                "metrics": {},
                "error": f"{type(inner).__name__}: {inner}"[:300],
            }
    return {"overall": None, "words": analysis.word_count, "dims": dims, "partial": message}


def score_articles(texts: Sequence[str], n_jobs: int) -> tuple[list[dict[str, Any]], float]:
    """Score every text (in parallel when *n_jobs* > 1); returns results and wall seconds."""
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    results: list[dict[str, Any]] = []
    start = time.perf_counter()
    if n_jobs == 1 or len(chunks) < 2:
        batches = (_score_chunk(chunk) for chunk in chunks)
    else:
        from joblib import Parallel, delayed

        batches = Parallel(n_jobs=n_jobs, return_as="generator")(
            delayed(_score_chunk)(chunk) for chunk in chunks
        )
    last = 0.0
    for batch in batches:
        results.extend(batch)
        elapsed = time.perf_counter() - start
        if elapsed - last >= 5 or len(results) == len(texts):
            last = elapsed
            rate = 1000 * elapsed / len(results)
            log(
                f"  scored {len(results):>5}/{len(texts)} articles "
                f"({elapsed:5.1f} s, {rate:.0f} ms each)"
            )
    return results, time.perf_counter() - start


def dimension_scores(results: list[dict[str, Any]], name: str) -> tuple[np.ndarray, list[str]]:
    """Scores of dimension *name* (NaN where not scored) and the status of each article."""
    values, statuses = [], []
    for result in results:
        if "error" in result:
            values.append(np.nan)
            statuses.append("error")
            continue
        dim = result["dims"].get(name, {"status": "missing", "score": None})
        statuses.append(dim["status"])
        values.append(np.nan if dim["score"] is None else float(dim["score"]))
    return np.asarray(values, dtype=float), statuses


def readability_grade(results: list[dict[str, Any]]) -> tuple[np.ndarray, str | None]:
    """The readability grade level from each report's metrics (NaN where absent), and the
    metric key used. Read defensively: the key is whichever grade-like metric exists."""
    preferred = ("consensus_grade", "grade_consensus", "grade", "grade_level")
    key = None
    for result in results:
        metrics = result.get("dims", {}).get("readability", {}).get("metrics") or {}
        key = next((k for k in preferred if _is_number(metrics.get(k))), None)
        if key is None:
            key = next(
                (k for k in sorted(metrics) if "grade" in k.lower() and _is_number(metrics[k])),
                None,
            )
        if key:
            break
    if key is None:
        return np.full(len(results), np.nan), None
    values = []
    for result in results:
        metrics = result.get("dims", {}).get("readability", {}).get("metrics") or {}
        value = metrics.get(key)
        values.append(float(value) if _is_number(value) else np.nan)
    return np.asarray(values), key


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# --------------------------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------------------------
@dataclass
class CheckResult:
    check: Check
    status: str  # measured | not_implemented | no_data
    n_labelled: int = 0
    n: int = 0
    n_satisfactory: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    auc: stats.Estimate | None = None
    bow: stats.Estimate | None = None
    length_auc: float = float("nan")
    bow_on: str = ""
    by_subset: dict[str, float] = field(default_factory=dict)
    roc: dict[str, np.ndarray] = field(default_factory=dict)
    #: Articles measured (indexes into the article list) and their labels.
    indexes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    #: What the AUC is: as shipped, out of fold, or in-sample (see apply_out_of_fold).
    kind: str = ""
    in_sample: stats.Estimate | None = None
    out_of_fold: bool = False


def run_check(
    check: Check,
    articles: list[hnr_data.Article],
    results: list[dict[str, Any]],
    counts: Any,
    lengths: np.ndarray,
    resamples: int,
    seed: int,
) -> CheckResult:
    pool = [i for i, a in enumerate(articles) if check.subset is None or a.subset == check.subset]
    local, labels = hnr_data.labelled([articles[i] for i in pool], check.criterion)
    indexes = np.asarray([pool[i] for i in local], dtype=int)
    result = CheckResult(check, "measured", n_labelled=len(indexes))
    if not len(indexes):
        result.status = "no_data"
        return result
    scores, statuses = dimension_scores(results, check.dimension)
    keep = ~np.isnan(scores[indexes])
    for i in indexes[~keep]:
        result.excluded[statuses[i]] = result.excluded.get(statuses[i], 0) + 1
    if not keep.any():
        result.status = "not_implemented" if "not_implemented" in result.excluded else "no_data"
        # the baseline still shows what is reachable on every labelled article
        base_idx, base_labels = indexes, labels
        result.bow_on = "all labelled"
    else:
        base_idx, base_labels = indexes[keep], labels[keep]
        result.bow_on = "same articles"
        result.n = int(keep.sum())
        result.n_satisfactory = int(base_labels.sum())
        result.auc = stats.bootstrap_auc(
            base_labels, scores[base_idx], n_resamples=resamples, seed=seed
        )
        result.roc["score"] = np.column_stack([base_labels, scores[base_idx]])
        result.indexes, result.labels = base_idx, base_labels
        for subset in ("HealthStory", "HealthRelease"):
            mask = np.asarray([articles[i].subset == subset for i in base_idx])
            if mask.any():
                result.by_subset[subset] = stats.roc_auc(base_labels[mask], scores[base_idx][mask])
    oof = baselines.bow_out_of_fold(counts[base_idx], base_labels, seed=seed)
    if oof is not None:
        result.bow = stats.bootstrap_auc(base_labels, oof, n_resamples=resamples, seed=seed)
        result.roc["bow"] = np.column_stack([base_labels, oof])
    result.length_auc = stats.roc_auc(base_labels, lengths[base_idx])
    return result


@dataclass
class RhoResult:
    label: str
    n: int
    excluded: dict[str, int]
    rho: stats.Estimate | None
    bow: stats.Estimate | None = None
    length_rho: float = float("nan")
    goal: float | None = None
    note: str = ""


def run_rho(
    label: str,
    values: np.ndarray,
    statuses: Sequence[str] | None,
    story_idx: np.ndarray,
    ratings: np.ndarray,
    resamples: int,
    seed: int,
    *,
    goal: float | None = None,
    note: str = "",
) -> RhoResult:
    keep = ~np.isnan(values[story_idx])
    excluded: dict[str, int] = {}
    for i in story_idx[~keep]:
        status = statuses[i] if statuses is not None else "no value"
        excluded[status] = excluded.get(status, 0) + 1
    if keep.sum() < 3:
        return RhoResult(label, int(keep.sum()), excluded, None, goal=goal, note=note)
    estimate = stats.bootstrap_spearman(
        values[story_idx][keep], ratings[keep], n_resamples=resamples, seed=seed
    )
    return RhoResult(label, int(keep.sum()), excluded, estimate, goal=goal, note=note)


#: Relative dimension weights tried when the overall score's weights are chosen inside folds.
WEIGHT_GRID = (0.0, 0.5, 1.0, 2.0, 3.0)


def overall_out_of_fold(
    results: list[dict[str, Any]], story_idx: np.ndarray, ratings: np.ndarray, seed: int
) -> tuple[np.ndarray, list[tuple[float, ...]]]:
    """The overall score with its dimension weights chosen out of fold: for each of 5 folds of
    the rated stories, the weights (each in :data:`WEIGHT_GRID`) that give the highest Spearman
    rho on the other 4 folds are applied to it. The shipped weights were set with this split in
    view, so this is the figure that says what the weighting itself is worth. Articles are
    combined as the package does: a weighted mean over the dimensions that scored."""
    from sklearn.model_selection import KFold

    scores = np.full((len(story_idx), len(DIMENSIONS)), np.nan)
    for row, i in enumerate(story_idx):
        if "error" in results[i]:
            continue
        for col, name in enumerate(DIMENSIONS):
            d = results[i]["dims"].get(name, {})
            if d.get("status") == "scored" and d.get("score") is not None:
                scores[row, col] = float(d["score"])
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)

    def combine(rows: np.ndarray, w: np.ndarray) -> np.ndarray:
        weight = present[rows] * w
        total = weight.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, (filled[rows] * weight).sum(axis=1) / total, np.nan)

    grid = [
        np.asarray(w) for w in itertools.product(WEIGHT_GRID, repeat=len(DIMENSIONS)) if sum(w)
    ]
    oof = np.full(len(story_idx), np.nan)
    chosen: list[tuple[float, ...]] = []
    for train, test in KFold(5, shuffle=True, random_state=seed).split(scores):
        def rho(w: np.ndarray, rows: np.ndarray = train) -> float:
            values = combine(rows, w)
            keep = ~np.isnan(values)
            return stats.spearman(values[keep], ratings[rows][keep])

        best = max(grid, key=rho)
        chosen.append(tuple(float(x) for x in best))
        oof[test] = combine(test, best)
    return oof, chosen


# --------------------------------------------------------------------------------------------
# provenance: fitted on this split? classifier figures
# --------------------------------------------------------------------------------------------
_SPLIT_WORDS = re.compile(r"healthnewsreview|\bhnr\b|articles_dev|development split|hnr_data", re.I)
_FIT_WORDS = re.compile(r"\b(tun\w*|fit\w*|calibrat\w*|learn\w*|optimi[sz]\w*|grid.?search)", re.I)


def tuning_disclosure(name: str) -> dict[str, Any]:
    """What the dimension's own docs and calibration script say about fitting on this split.

    Returns ``{"declared": str|None, "evidence": [...], "tuned": bool|None, "oof": callable|None}``.
    ``oof`` is ``benchmarks/calibrate_<name>.py:out_of_fold_scores`` when the dimension exposes
    one (the convention this benchmark uses for honest figures of fitted dimensions).
    """
    evidence: list[str] = []
    tuned: bool | None = None
    doc = ROOT / "docs" / "dimensions" / f"{name}.md"
    module = ROOT / "src" / "healthscore" / "dimensions" / f"{name}.py"
    calibrate = HERE / f"calibrate_{name}.py"
    texts: list[tuple[str, str]] = []
    if doc.exists():
        texts.append((f"docs/dimensions/{name}.md", doc.read_text(encoding="utf-8")))
    if module.exists():
        try:
            docstring = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8"))) or ""
        except SyntaxError:
            docstring = ""
        texts.append((f"src/healthscore/dimensions/{name}.py docstring", docstring))
    for where, text in texts:
        for paragraph in re.split(r"\n\s*\n", text):
            if _SPLIT_WORDS.search(paragraph) and _FIT_WORDS.search(paragraph):
                evidence.append(f"{where}: " + " ".join(paragraph.split())[:400])
                tuned = True
    if calibrate.exists():
        evidence.append(f"benchmarks/calibrate_{name}.py exists")
        if _SPLIT_WORDS.search(calibrate.read_text(encoding="utf-8")):
            tuned = True
    if tuned is None and module.exists():
        tuned = False
    oof = OOF_PROCEDURES.get(name) if calibrate.exists() else None
    declared = DECLARED_TUNING.get(name)
    if declared is not None:
        tuned = declared[0]
        evidence = []  # the hand-written statement replaces the automatic scan
    return {
        "declared": declared[1] if declared else None,
        "evidence": evidence,
        "tuned": tuned,
        "oof": oof if tuned else None,
    }


# --------------------------------------------------------------------------------------------
# out-of-fold figures of dimensions tuned on this split, through their own calibration scripts
# --------------------------------------------------------------------------------------------
@cache
def _calibration(name: str) -> ModuleType:
    """``benchmarks/calibrate_<name>.py`` (owned by the dimension's engineer), imported by path."""
    path = HERE / f"calibrate_{name}.py"
    spec = importlib.util.spec_from_file_location(f"calibrate_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _oof_hedging(
    articles: list[hnr_data.Article],
    labels: np.ndarray,
    folds: int,
    seed: int,
    metrics: list[dict[str, Any]],
    data_dir: Path,
) -> tuple[np.ndarray, str]:
    """``calibrate_hedging.tuned_oof``: the weights grid-searched inside each training fold and
    applied to the held-out fold. It needs each article's hedging counts; the report already
    carries them (``DimensionScore.metrics`` is ``hedging.assess(...).metrics()``, checked on the
    first article), so no article is analysed twice."""
    calibrate = _calibration("hedging")
    first = calibrate.assess_articles(articles[:1])[0]
    if any(metrics[0].get(k) != v for k, v in first.items()):
        metrics = calibrate.assess_articles(articles)  # the report's metrics differ: recompute
    oof, picked, _ = calibrate.tuned_oof(
        metrics, labels, folds=folds, seed=seed, base=calibrate.hedging.Options()
    )
    distinct = {json.dumps(p, sort_keys=True) for p in picked}
    return np.asarray(oof, dtype=float), (
        f"weights grid-searched inside each of {folds} training folds by "
        f"`calibrate_hedging.tuned_oof` ({len(distinct)} distinct choice(s) across folds)"
    )


def _oof_citations(
    articles: list[hnr_data.Article],
    labels: np.ndarray,
    folds: int,
    seed: int,
    metrics: list[dict[str, Any]],
    data_dir: Path,
) -> tuple[np.ndarray, str]:
    """``calibrate_citations.out_of_fold``: part weights chosen on the other folds, applied to
    the held-out one. Its inputs are the score's parts, which the report carries as
    ``metrics["components"]`` (rounded to 4 decimals); without them the script recomputes them."""
    calibrate = _calibration("citations")
    if callable(getattr(calibrate, "auc", None)):
        # Its grid search calls ``auc`` some 37,000 times; sklearn's roc_auc_score costs ~1 ms a
        # call, stats.roc_auc gives the same value (tested against sklearn) many times faster.
        # Only this benchmark's private import of the script is changed.
        calibrate.auc = stats.roc_auc
    names = (*calibrate.PARTS, "vague")
    if all(set(names) <= set(m.get("components") or {}) and "claims" in m for m in metrics):
        parts = np.asarray([[m["components"][k] for k in names] for m in metrics], dtype=float)
        has_claims = np.asarray([bool(m["claims"]) for m in metrics])
    else:
        parts, has_claims = calibrate.article_parts([a.text for a in articles], None)
    oof, chosen = calibrate.out_of_fold(parts, has_claims, labels, folds, seed)
    distinct = {json.dumps(c) for c in chosen}
    return np.asarray(oof, dtype=float), (
        f"part weights chosen inside each of {folds} training folds by "
        f"`calibrate_citations.out_of_fold` ({len(distinct)} distinct choice(s) across folds)"
    )


def _oof_risk_balance(
    articles: list[hnr_data.Article],
    labels: np.ndarray,
    folds: int,
    seed: int,
    metrics: list[dict[str, Any]],
    data_dir: Path,
) -> tuple[np.ndarray, str]:
    """``calibrate_risk_balance.out_of_fold_scores``: the harm detector, the harm-coverage model
    and the part weights refitted inside each training fold (it re-assesses the articles
    itself and reads the sentence rationales from *data_dir*)."""
    oof, how = _calibration("risk_balance").out_of_fold_scores(
        articles, labels, folds, seed, data_dir=data_dir
    )
    return np.asarray(oof, dtype=float), how


def _outside_rationales(
    result: CheckResult, articles: list[hnr_data.Article], data_dir: Path
) -> str:
    """risk_balance's harm detector was trained on sentence rationales of some of these
    articles: the AUC on the others (out of fold where available), via the calibration
    script's own matcher."""
    trained_on = _calibration("risk_balance").rationale_articles(
        [articles[i] for i in result.indexes], data_dir
    )
    keep = np.asarray([k not in trained_on for k in range(len(result.indexes))])
    y, s = result.roc["score"][:, 0], result.roc["score"][:, 1]
    if keep.sum() < 10 or len(set(y[keep])) < 2:
        return ""
    auc = stats.roc_auc(y[keep], s[keep])
    return (
        f"; on the {int(keep.sum())} articles outside the harm detector's training rationales: "
        f"{auc:.2f}"
    )


#: Dimensions whose weights are tuned on this split, and how to get their out-of-fold scores
#: (each calls the dimension engineer's own procedure in ``benchmarks/calibrate_<name>.py``).
OOF_PROCEDURES = {
    "hedging": _oof_hedging,
    "citations": _oof_citations,
    "risk_balance": _oof_risk_balance,
}
#: Extra honesty checks per dimension: a note appended to "what the AUC is".
EXTRA_CHECKS = {"risk_balance": _outside_rationales}


def apply_out_of_fold(
    result: CheckResult,
    info: dict[str, Any],
    articles: list[hnr_data.Article],
    results: list[dict[str, Any]],
    resamples: int,
    seed: int,
    data_dir: Path,
) -> None:
    """Set ``result.kind`` and, for a tuned dimension with an out-of-fold procedure, replace the
    headline AUC by the out-of-fold one (the shipped, in-sample figure is kept beside it)."""
    if result.status != "measured" or result.auc is None:
        return
    if not info["tuned"]:
        result.kind = "as shipped (nothing fitted on this split)"
        return
    procedure = info["oof"]
    if procedure is None:
        result.kind = "**in-sample, optimistic** (tuned on this split; no out-of-fold procedure)"
        return
    y = result.labels
    folds = baselines.n_folds_for(y)
    try:
        metrics = [results[i]["dims"][result.check.dimension]["metrics"] for i in result.indexes]
        oof, how = procedure(
            [articles[i] for i in result.indexes], y, folds, seed, metrics, data_dir
        )
        if oof.shape != y.shape or np.isnan(oof).any():
            raise ValueError(f"got {oof.shape} scores with NaNs={bool(np.isnan(oof).any())}")
    except Exception as error:  # noqa: BLE001 - another engineer's script; report, don't die
        result.kind = (
            "**in-sample, optimistic** (tuned on this split; its out-of-fold procedure failed: "
            f"{type(error).__name__}: {str(error)[:120]})"
        )
        return
    result.in_sample = result.auc
    result.auc = stats.bootstrap_auc(y, oof, n_resamples=resamples, seed=seed)
    result.roc["score"] = np.column_stack([y, oof])
    for subset in list(result.by_subset):
        mask = np.asarray([articles[i].subset == subset for i in result.indexes])
        result.by_subset[subset] = stats.roc_auc(y[mask], oof[mask])
    result.kind = f"out of fold: {how}; shipped weights in-sample {result.in_sample.format()}"
    result.out_of_fold = True


def read_manifest(path: Path) -> dict[str, Any]:
    """The classifier's evaluation figures from the model manifest, read defensively.

    Every dict that holds a ``macro_f1`` is an evaluation: its path in the manifest names it
    (e.g. ``metrics.heldout.final.yu_combined``). Held-out ones (path mentions held-out/test)
    are listed first; the rest (cross-validation) after. Whatever the layout, the note says what
    was found, so a changed manifest degrades to "keys present" instead of a crash.
    """
    found: dict[str, Any] = {"note": "", "heldout": [], "other": [], "facts": []}
    shown = _display_path(path)
    if not path.exists():
        found["note"] = f"`{shown}` is absent: no classifier figures to report."
        return found
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        found["note"] = f"`{shown}` could not be read ({error})."
        return found
    if not isinstance(data, dict) or not data:
        found["note"] = f"`{shown}` is empty: the classifier has not been trained yet."
        return found

    def walk(value: Any, where: tuple[str, ...]) -> None:
        if not isinstance(value, dict):
            return
        if _is_number(value.get("macro_f1")):
            per_class = value.get("per_class_f1") or value.get("f1_per_class") or {}
            row = {
                "where": ".".join(where),
                "n": value.get("n") or value.get("support_total"),
                "macro_f1": float(value["macro_f1"]),
                "accuracy": value.get("accuracy"),
                "per_class": {k: float(v) for k, v in per_class.items() if _is_number(v)}
                if isinstance(per_class, dict)
                else {},
            }
            key = "heldout" if re.search(r"held|test", row["where"], re.I) else "other"
            found[key].append(row)
            return
        for k, v in value.items():
            walk(v, (*where, str(k)))

    walk(data, ())
    sizes = data.get("data", {}).get("sizes", {}) if isinstance(data.get("data"), dict) else {}
    for key in ("heldout_train", "heldout_test", "all"):
        if _is_number(sizes.get(key)):
            found["facts"].append(f"{key.replace('_', ' ')}: {sizes[key]:,} sentences")
    pipeline = data.get("pipeline")
    if isinstance(pipeline, dict) and isinstance(pipeline.get("description"), str):
        found["facts"].append(f"model: {pipeline['description']}")
    run = data.get("run")
    if isinstance(run, dict) and run.get("trained_on"):
        found["facts"].append(f"trained on {run['trained_on']}")
    if found["heldout"] or found["other"]:
        found["note"] = f"From `{shown}`, written by the classifier's training script."
    else:
        found["note"] = (
            f"`{shown}` has no evaluation with a macro-F1 (top-level keys: {', '.join(data)})."
        )
    return found


# --------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------
def _f(value: float | None, digits: int = 2) -> str:
    return (
        "n/a"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def _excluded(excluded: dict[str, int]) -> str:
    if not excluded:
        return "0"
    total = sum(excluded.values())
    parts = ", ".join(f"{v} {k}" for k, v in sorted(excluded.items()))
    return f"{total} ({parts})"


def _class_order(name: str) -> int:
    order = ("not_claim", "correlational", "conditional_causal", "direct_causal")
    return order.index(name) if name in order else len(order)


def _reason(c: CheckResult) -> str:
    """Why a check has no AUC: the commonest exclusion status."""
    if not c.excluded:
        return "no labelled articles"
    status = max(c.excluded, key=lambda k: c.excluded[k])
    return "not implemented yet" if status == "not_implemented" else status


def _met(estimate: stats.Estimate | None, goal: float | None) -> str:
    if goal is None:
        return "—"
    if estimate is None or not estimate.ok:
        return "not measured"
    if estimate.value >= goal:
        return "**yes**" if estimate.low >= goal else "yes (CI reaches below)"
    return f"no ({estimate.value:.3f})"  # three decimals: 0.698 prints as 0.70 otherwise


def plot(checks: list[CheckResult], rhos: dict[str, Any], out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve

    fig, axes = plt.subplots(1, 4, figsize=(18, 4.8))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, name in zip(axes, CHECKED_DIMENSIONS, strict=False):
        ax.plot([0, 1], [0, 1], color="0.7", lw=0.8, ls=":")
        mine = [c for c in checks if c.check.dimension == name]
        drew = False
        for colour, result in zip(colours, mine, strict=False):
            label = result.check.criterion
            if "score" in result.roc and result.auc is not None:
                y, s = result.roc["score"].T
                fpr, tpr, _ = roc_curve(y, s)
                auc = result.auc.value
                oof = ", out of fold" if result.out_of_fold else ""
                ax.plot(
                    fpr, tpr, color=colour, lw=1.8, label=f"{label}: {auc:.2f} (n={result.n}{oof})"
                )
                drew = True
            if "bow" in result.roc and result.bow is not None:
                y, s = result.roc["bow"].T
                fpr, tpr, _ = roc_curve(y, s)
                prefix = "  BoW" if drew else f"{label}, BoW only"
                ax.plot(
                    fpr,
                    tpr,
                    color=colour,
                    lw=0.9,
                    ls="--",
                    alpha=0.7,
                    label=f"{prefix}: {result.bow.value:.2f}",
                )
        if not drew:
            reason = _reason(mine[0]) if mine else "no criteria"
            ax.text(
                0.03,
                0.95,
                f"score not measured:\n{reason}",
                ha="left",
                va="top",
                fontsize=9,
                color="0.35",
                transform=ax.transAxes,
            )
        ax.set_title(f"{name} vs its criteria")
        ax.set_xlabel("false positive rate")
        ax.set_ylabel("true positive rate (Satisfactory)")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.legend(loc="lower right", fontsize=7)
    ax = axes[3]
    overall, ratings = rhos["overall_values"], rhos["ratings"]
    keep = ~np.isnan(overall)
    if keep.any():
        stars = sorted(set(ratings[keep].tolist()))
        ax.boxplot(
            [overall[keep][ratings[keep] == r] for r in stars],
            tick_labels=[f"{r:g}" for r in stars],
        )
        rho = rhos["overall"].rho
        ax.set_title(f"overall score by star rating (rho={_f(rho.value if rho else None)})")
        ax.set_xlabel("HealthNewsReview stars (news stories)")
        ax.set_ylabel("healthscore overall")
    else:
        ax.text(0.5, 0.5, "no overall scores yet", ha="center", va="center", color="0.4")
        ax.set_title("overall score by star rating")
    fig.suptitle(
        "healthscore vs HealthNewsReview expert criteria (solid: score; dashed: "
        "bag-of-words trained on the label, out of fold)",
        fontsize=10,
    )
    fig.tight_layout()
    path = out / "validation_roc.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("healthscore", "scikit-learn", "textstat", "numpy", "joblib", "matplotlib"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    import healthscore

    found["healthscore"] = healthscore.__version__
    return found


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def write_markdown(ctx: dict[str, Any], out: Path) -> Path:
    checks: list[CheckResult] = ctx["checks"]
    rho_rows: list[RhoResult] = ctx["rho_rows"]
    lines: list[str] = []
    add = lines.append
    quick = ctx["quick"]
    add("# Validation: healthscore against HealthNewsReview.org expert judgements")
    add("")
    add(
        f"*Generated by `benchmarks/validity.py` on {ctx['date']}; do not edit by hand — re-run "
        "the command under [Reproduce](#reproduce).*"
    )
    if quick:
        add("")
        add(
            f"> **Quick run** ({ctx['n_articles']} articles, {ctx['resamples']} bootstrap "
            "resamples): "
            "a smoke test of the benchmark, not a measurement. Figures are noisy."
        )
    add("")
    add("## Summary")
    add("")
    statuses = ctx["implemented"]
    missing = [n for n in DIMENSIONS if not statuses.get(n)]
    for c in checks:
        if c.check.goal is None:
            continue
        if c.auc is not None and c.auc.ok:
            add(
                f"- **{c.check.dimension} vs {c.check.criterion}**: AUC {c.auc.format()}"
                f"{' out of fold' if c.out_of_fold else ''} "
                f"(goal ≥ {c.check.goal:.2f}: {_met(c.auc, c.check.goal)}); a bag-of-words model "
                f"trained on the label reaches {c.bow.format() if c.bow else 'n/a'}."
            )
        else:
            add(
                f"- **{c.check.dimension} vs {c.check.criterion}**: not measured "
                f"({c.check.dimension}: {_reason(c)}); goal ≥ {c.check.goal:.2f}; the "
                f"bag-of-words baseline reaches {c.bow.format() if c.bow else 'n/a'}."
            )
    overall = rho_rows[0]
    if overall.rho is not None and overall.rho.ok:
        add(
            f"- **overall vs star rating**: Spearman rho {overall.rho.format()} "
            f"(goal ≥ {RHO_GOAL:.2f}: {_met(overall.rho, RHO_GOAL)}); bag-of-words ridge "
            f"{overall.bow.format() if overall.bow else 'n/a'}."
        )
    else:
        add(
            "- **overall vs star rating**: not measured (no overall scores); "
            f"goal ≥ {RHO_GOAL:.2f}."
        )
    if missing:
        add(
            f"- Not implemented at the time of this run: {', '.join(missing)}. Their rows say "
            "so; re-run the benchmark when they land."
        )
    if ctx["overall_dims"]:
        add(
            f"- The overall score here is the weighted mean of: {', '.join(ctx['overall_dims'])} "
            "(default weights)."
        )
    add("")
    add("## What was measured, on what data")
    add("")
    add(
        f"- **Data**: the HealthNewsReview.org development split (`{ctx['data_file']}`; FakeHealth "
        "texts, Dai et al. 2020, with the expert criteria joined): "
        f"{ctx['n_rows']:,} articles, of which {ctx['n_short']} have under "
        f"{hnr_data.MIN_TEXT_CHARS} characters of text (scrape failures) and are left out, leaving "
        f"{ctx['n_loaded']:,} ({ctx['subsets_loaded']})."
    )
    if quick:
        add(
            f"- **Quick subset**: {ctx['n_articles']} articles drawn with a fixed seed "
            f"({ctx['subsets']})."
        )
    add(
        '- **Scoring**: each text with `healthscore.score(text, format="text")`, default '
        f"configuration, {ctx['n_jobs']} worker process(es)."
    )
    add(
        "- **Labels**: 1 = Satisfactory, 0 = Not Satisfactory; Not Applicable and missing are "
        "left out. A higher score (better) should predict Satisfactory, so AUC > 0.5 means the "
        "score points the right way. `sensational_language` Satisfactory means *not* sensational; "
        "it is rated for press releases only."
    )
    add(
        f"- **AUC**: ROC AUC with a stratified percentile bootstrap 95% interval "
        f"({ctx['resamples']:,} resamples, seed {ctx['seed']}). Articles a dimension does not "
        "score (`not_enough_text`, `not_applicable`, errors) are excluded and counted."
    )
    add(
        "- **Bag-of-words baseline** (`benchmarks/baselines.py`): TF-IDF of unigrams+bigrams "
        "(min_df 2, max_df 0.9, sublinear tf) and logistic regression (C=4, balanced classes) "
        "*trained on the criterion itself*; out-of-fold predictions from stratified 5-fold "
        "cross-validation (vocabulary and IDF fitted inside each fold), on the same articles as "
        "the score. It is an upper-ish reference for what the words alone carry, not a "
        "competitor healthscore could ship: it is fitted to these labels, opaque, and gives no "
        "findings. For the star rating: TF-IDF + ridge regression, out-of-fold 5-fold."
    )
    add(
        "- **Length baseline**: number of words of the article, as the score. Some criteria are "
        "easier to satisfy in a long article; a score that only tracks length shows up here."
    )
    add("")
    add("## Dimension scores against the expert criteria")
    add("")
    add(
        "| criterion | dimension | articles | n (Satisfactory) | excluded | AUC [95% CI] | "
        "what the AUC is | BoW baseline AUC [95% CI] | length AUC | goal | met? |"
    )
    add("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in checks:
        who = {"HealthRelease": "press releases", "HealthStory": "news stories"}.get(
            c.check.subset or "", "all"
        )
        if c.status == "measured":
            auc = c.auc.format() if c.auc else "n/a"
            n = f"{c.n} ({c.n_satisfactory})"
        elif c.status == "not_implemented":
            auc = "not implemented yet"
            n = f"0 of {c.n_labelled}"
        else:
            auc = f"not measured ({_reason(c)})"
            n = f"0 of {c.n_labelled}"
        bow = c.bow.format() if c.bow else "n/a"
        if c.status != "measured" and c.bow:
            bow += f" (on all {c.n_labelled} labelled)"
        goal = f"≥ {c.check.goal:.2f}" if c.check.goal is not None else "—"
        add(
            f"| {c.check.criterion} | {c.check.dimension} | {who} | {n} | {_excluded(c.excluded)} "
            f"| {auc} | {c.kind or '—'} | {bow} | {_f(c.length_auc)} | {goal} "
            f"| {_met(c.auc, c.check.goal)} |"
        )
    add("")
    add(
        '"met?": **yes** when the whole 95% interval is at or above the goal; "yes (CI reaches '
        'below)" when only the point estimate is.'
    )
    add("")
    measured = [c for c in checks if c.by_subset]
    if measured:
        add(
            "AUC by subset (point estimates of the figure above — out of fold where the "
            "dimension was tuned; news stories and press releases differ in style and in how "
            "often each criterion is met):"
        )
        add("")
        add("| criterion | dimension | news stories | press releases |")
        add("|---|---|---|---|")
        for c in measured:
            add(
                f"| {c.check.criterion} | {c.check.dimension} | "
                f"{_f(c.by_subset.get('HealthStory'))} | {_f(c.by_subset.get('HealthRelease'))} |"
            )
        add("")
    add("![ROC curves](validation_roc.png)")
    add("")
    add("## Scores against the star rating (news stories)")
    add("")
    add(
        f"Spearman's rho against HealthNewsReview's 0–5 star rating, news stories only "
        f"({ctx['n_stories']} with a rating), pairs bootstrap 95% interval."
    )
    add("")
    add(
        "| score | n | excluded | rho [95% CI] | BoW ridge rho (out of fold) | length rho | goal | "
        "met? |"
    )
    add("|---|---|---|---|---|---|---|---|")
    for r in rho_rows:
        rho = (
            r.rho.format()
            if r.rho
            else ("not implemented yet" if r.note == "not_implemented" else "n/a")
        )
        goal = f"≥ {r.goal:.2f}" if r.goal is not None else "— (information)"
        add(
            f"| {r.label} | {r.n} | {_excluded(r.excluded)} | {rho} | "
            f"{r.bow.format() if r.bow else '—'} | {_f(r.length_rho)} | {goal} | "
            f"{_met(r.rho, r.goal)} |"
        )
    add("")
    for r in rho_rows:
        if r.label.startswith("overall, weights chosen") and r.note:
            add(f"Out-of-fold overall: {r.note}.")
            add("")
    tuned = [n for n in DIMENSIONS if statuses.get(n) and ctx["tuning"][n]["tuned"]]
    if tuned:
        add(
            "All rows use the shipped scores. The weights of "
            + ", ".join(tuned)
            + " were tuned on this split's expert criteria, which are what the star rating "
            "summarises, so these rows (and the overall score, which averages them) are "
            "in-sample to that extent: read them as slightly optimistic. The default dimension "
            "weights (readability 1, hedging 1, citations 2, risk_balance 2) were also set "
            "with this split in view; the row \"overall, weights chosen out of fold\" instead "
            "picks the weights (each of 0, 0.5, 1, 2, 3) that best fit the ratings of 4 of 5 "
            "folds and scores the fifth with them, so it shows what the weighting is worth on "
            "stories it was not chosen on."
        )
        add("")
    if ctx["grade_key"]:
        add(
            f"The readability grade is the `{ctx['grade_key']}` metric of the readability "
            "dimension (a higher grade is harder text; the star rating is about journalism, not "
            "reading ease, so no direction is expected: it is here for information)."
        )
    else:
        add("No readability grade metric was available in this run.")
    add("")
    add("## Claim-strength classifier (held-out split)")
    add("")
    manifest = ctx["manifest"]
    add(manifest["note"])
    for fact in manifest["facts"]:
        add(f"- {fact}")
    for key, title in (("heldout", "Held-out split"), ("other", "Other evaluations")):
        rows = manifest[key]
        if not rows:
            continue
        classes = sorted({c for r in rows for c in r["per_class"]}, key=_class_order)
        add("")
        add(f"{title}:")
        add("")
        add(
            "| evaluation (manifest path) | n | macro-F1 | accuracy | "
            + " | ".join(f"F1 {c}" for c in classes)
            + " |"
        )
        add("|---|---|---|---|" + "---|" * len(classes))
        for r in rows:
            add(
                f"| `{r['where']}` | {r['n'] if r['n'] is not None else '—'} | "
                f"{r['macro_f1']:.3f} | {_f(r['accuracy'], 3) if r['accuracy'] else '—'} | "
                + " | ".join(_f(r["per_class"].get(c), 3) for c in classes)
                + " |"
            )
    if manifest["heldout"] or manifest["other"]:
        add("")
        add(
            "Rows are named by their path in the manifest; `models/MODEL_CARD.md` says what each "
            "data part and model is and how the shipped model relates to the held-out one."
        )
    else:
        add("")
        add("No held-out evaluation was found in the manifest.")
    add("")
    add("## Was anything fitted or tuned on this split?")
    add("")
    add(
        "The bag-of-words baselines are always out of fold. For the dimension scores, this is "
        "what each dimension's documentation and calibration script say:"
    )
    add("")
    for name in DIMENSIONS:
        info = ctx["tuning"][name]
        if not statuses.get(name):
            add(f"- **{name}**: not implemented at the time of this run.")
            continue
        mine = [c for c in checks if c.check.dimension == name and c.status == "measured"]
        if info["declared"]:
            text = info["declared"]
        elif info["tuned"]:
            text = "its weights or thresholds were chosen on this split (evidence below)."
        else:
            text = (
                "no sign of fitting on this split in its docs, docstring or a calibration "
                "script: its figures are out-of-sample for this data."
            )
        if info["tuned"] and info["oof"] is not None and not mine:
            text += " Not measured against a criterion in this run."
        elif info["tuned"] and info["oof"] is not None and all(c.out_of_fold for c in mine):
            text += (
                " So its AUCs above are **out of fold**, from its own procedure in "
                f"`benchmarks/calibrate_{name}.py` (weights chosen inside each training fold, "
                "applied to the held-out fold); the shipped weights' in-sample AUC is given "
                "beside each for comparison."
            )
        elif info["tuned"] and info["oof"] is not None:
            text += (
                f" Its out-of-fold procedure in `benchmarks/calibrate_{name}.py` could not be run "
                "for every criterion (see the table): **those figures are in-sample and "
                "optimistic**."
            )
        elif info["tuned"]:
            text += (
                " It exposes no out-of-fold procedure, so **its figures above are in-sample and "
                "optimistic**."
            )
        add(f"- **{name}**: {text}")
        for item in info["evidence"]:
            add(f"  - {item}")
    add("")
    add("## Limits — read before quoting a number")
    add("")
    add(
        "- **The criteria judge the journalism, not only the text.** HealthNewsReview reviewers "
        "asked whether a story *adequately* discussed harms, costs, evidence quality or "
        "independent sources, knowing the underlying study. A text can mention harms and still "
        "be rated Not Satisfactory because the harms it left out were important. No text-only "
        "score can reach an AUC of 1."
    )
    add(
        "- **`sources_coi` is a proxy for citations.** It asks about independent experts and "
        "conflicts of interest, not about links or references; there is no expert label for "
        "citation density."
    )
    add(
        "- **The texts are scraped plain text without links or markup**: hyperlinks, reference "
        "lists, headings and emphasis are gone, so the citations dimension sees only in-text "
        'attributions ("published in JAMA", "said Dr. …") and readability sees run-together '
        "paragraphs. Some scrapes carry page furniture (bylines, captions, share buttons)."
    )
    add(
        "- **Period and genre**: US news stories and press releases from 2006–2018 reviewed by "
        "one organisation; blog posts, patient leaflets and supplement marketing (what the tool "
        "is mostly pointed at) are not represented."
    )
    add(
        "- **This is the development split.** Dimensions may have been built while looking at "
        "it (see above); an independent evaluation split is kept aside and is not used here."
    )
    add(
        "- **Labels are imbalanced** for some criteria (e.g. disease_mongering is mostly "
        "Satisfactory), which widens intervals; n and the Satisfactory count are in the table."
    )
    add(
        "- The star rating is the share of criteria met; it includes criteria no dimension "
        "looks at (costs, availability, novelty), which caps the achievable rho."
    )
    add("")
    add("## Run")
    add("")
    add(f"- Date: {ctx['date']}")
    add(f"- Machine: {ctx['machine']}")
    add("- Versions: " + ", ".join(f"{k} {v}" for k, v in ctx["versions"].items()))
    add(
        f"- Dimensions implemented: {', '.join(n for n in DIMENSIONS if statuses.get(n)) or 'none'}"
    )
    add(
        f"- Scoring: {ctx['n_articles']} articles in {ctx['score_seconds']:.1f} s wall "
        f"({1000 * ctx['score_seconds'] / max(ctx['n_articles'], 1):.1f} ms per article with "
        f"{ctx['n_jobs']} process(es), model and worker start-up included"
        + ("; scores reused from a cache of an identical source tree" if ctx["cached"] else "")
        + ")"
    )
    if ctx["n_errors"] or ctx["partial"]:
        add(
            f"- Articles that could not be scored at all: {ctx['n_errors']}; articles whose "
            f"report failed as a whole and were scored dimension by dimension (no overall "
            f"score): {len(ctx['partial'])}"
            + (f"; first error: `{ctx['partial'][0]}`" if ctx["partial"] else "")
        )
    add(f"- Whole benchmark: {ctx['total_seconds']:.0f} s")
    add("")
    add("## Reproduce")
    add("")
    add("```sh")
    add("pip install -e '.[bench]'")
    add(ctx["command"])
    add("```")
    add("")
    path = out / "VALIDATION.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir",
        default=str(hnr_data.DEFAULT_DATA_DIR),
        help="the shared data directory (holds hnr/); default ../shared/data",
    )
    parser.add_argument(
        "--out",
        default=str(ROOT / "docs"),
        help="where VALIDATION.md and validation_roc.png go (default docs/)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {QUICK_ARTICLES} articles, {QUICK_RESAMPLES} resamples",
    )
    parser.add_argument("--resamples", type=int, default=None, help="bootstrap resamples")
    parser.add_argument("--seed", type=int, default=stats.DEFAULT_SEED)
    parser.add_argument("--jobs", type=int, default=2, help="scoring processes (default 2)")
    parser.add_argument(
        "--score-cache",
        help="development aid: keep the per-article results in this file and reuse them while "
        "the package source, model and articles are unchanged (never used for published runs)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    total_start = time.perf_counter()
    args = parse_args(argv)
    data_dir = Path(args.data_dir)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    resamples = (
        args.resamples
        if args.resamples is not None
        else (QUICK_RESAMPLES if args.quick else stats.DEFAULT_RESAMPLES)
    )

    log(f"loading {data_dir / 'hnr'} ...")
    every = hnr_data.load_articles(data_dir, min_chars=0)
    articles = hnr_data.load_articles(data_dir)
    n_loaded = len(articles)
    subsets_loaded = _subset_counts(articles)
    if args.quick:
        rng = np.random.default_rng(args.seed)
        pick = np.sort(
            rng.choice(len(articles), size=min(QUICK_ARTICLES, len(articles)), replace=False)
        )
        articles = [articles[i] for i in pick]
    texts = [a.text for a in articles]
    n_jobs = args.jobs if len(texts) >= MIN_PARALLEL else 1
    log(f"scoring {len(texts)} articles with {n_jobs} process(es) ...")
    cached = _read_cache(args.score_cache, articles) if args.score_cache else None
    if cached is not None:
        results, score_seconds = cached
        log(f"  reused the scores in {args.score_cache} (the source is unchanged)")
    else:
        results, score_seconds = score_articles(texts, n_jobs)
        if args.score_cache:
            _write_cache(args.score_cache, articles, results, score_seconds)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        log(f"  {len(errors)} articles raised while scoring; first: {errors[0]}")
    from healthscore import dimensions as hs_dimensions

    implemented = {name: hs_dimensions.is_implemented(name) for name in DIMENSIONS}
    partial = [r["partial"] for r in results if "partial" in r]
    if partial:
        log(
            f"  {len(partial)} articles failed as a whole and were scored dimension by dimension;"
            f" first: {partial[0]}"
        )
    log(
        "dimensions implemented: "
        + ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in implemented.items())
    )

    log("tokenising for the bag-of-words baselines ...")
    counts = baselines.count_matrix(texts)
    lengths = baselines.text_length(texts)

    tuning = {name: tuning_disclosure(name) for name in DIMENSIONS}
    check_results = []
    for check in CHECKS:
        log(f"AUC: {check.dimension} vs {check.criterion} ...")
        result = run_check(check, articles, results, counts, lengths, resamples, args.seed)
        if result.status == "measured" and tuning[check.dimension]["oof"] is not None:
            log("  out-of-fold figure through the dimension's calibration script ...")
        apply_out_of_fold(
            result, tuning[check.dimension], articles, results, resamples, args.seed, data_dir
        )
        extra = EXTRA_CHECKS.get(check.dimension)
        if extra is not None and result.status == "measured":
            try:
                result.kind += extra(result, articles, data_dir)
            except Exception as error:  # noqa: BLE001 - another engineer's helper
                log(f"  extra check for {check.dimension} failed: {type(error).__name__}: {error}")
        check_results.append(result)

    log("Spearman rho against the star rating ...")
    story_idx = np.asarray(
        [i for i, a in enumerate(articles) if a.subset == "HealthStory" and a.rating is not None],
        dtype=int,
    )
    ratings = np.asarray([articles[i].rating for i in story_idx], dtype=float)
    overall = np.asarray(
        [np.nan if "error" in r or r["overall"] is None else float(r["overall"]) for r in results]
    )
    overall_status = [
        "error"
        if "error" in r
        else ("scored" if r["overall"] is not None else "no dimension scored")
        for r in results
    ]
    rho_rows = [
        run_rho(
            "overall",
            overall,
            overall_status,
            story_idx,
            ratings,
            resamples,
            args.seed,
            goal=RHO_GOAL,
        )
    ]
    if len(story_idx) >= 10:
        bow = baselines.bow_regression_out_of_fold(counts[story_idx], ratings, seed=args.seed)
        if bow is not None:
            rho_rows[0].bow = stats.bootstrap_spearman(
                bow, ratings, n_resamples=resamples, seed=args.seed
            )
    rho_rows[0].length_rho = stats.spearman(lengths[story_idx], ratings)
    for name in DIMENSIONS:
        values, statuses = dimension_scores(results, name)
        row = run_rho(
            f"{name} score",
            values,
            statuses,
            story_idx,
            ratings,
            resamples,
            args.seed,
            note="" if implemented[name] else "not_implemented",
        )
        check_lengths(row, lengths, values, story_idx, ratings)
        rho_rows.append(row)
    if len(story_idx) >= 25:
        oof_overall, chosen = overall_out_of_fold(results, story_idx, ratings, args.seed)
        values = np.full(len(articles), np.nan)
        values[story_idx] = oof_overall
        distinct = sorted(set(chosen))
        rho_rows.append(
            run_rho(
                "overall, weights chosen out of fold",
                values,
                overall_status,
                story_idx,
                ratings,
                resamples,
                args.seed,
                note="weights per fold (" + ", ".join(DIMENSIONS) + "): "
                + "; ".join("/".join(f"{x:g}" for x in w) for w in distinct),
            )
        )
    grades, grade_key = readability_grade(results)
    if grade_key:
        row = run_rho(
            f"readability `{grade_key}`",
            grades,
            dimension_scores(results, "readability")[1],
            story_idx,
            ratings,
            resamples,
            args.seed,
        )
        check_lengths(row, lengths, grades, story_idx, ratings)
        rho_rows.append(row)

    overall_dims = sorted(
        {
            name
            for r in results
            if "error" not in r
            for name, d in r["dims"].items()
            if d["status"] == "scored"
        },
        key=DIMENSIONS.index,
    )
    manifest = read_manifest(ROOT / "models" / "manifest.json")
    command = (
        "python benchmarks/validity.py --data-dir "
        + shlex.quote(_display_path(data_dir))
        + (" --quick" if args.quick else "")
        + (
            " --out " + shlex.quote(_display_path(out))
            if out.resolve() != (ROOT / "docs").resolve()
            else ""
        )
    )
    ctx = {
        "quick": args.quick,
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "checks": check_results,
        "rho_rows": rho_rows,
        "implemented": implemented,
        "overall_dims": overall_dims,
        "data_file": "hnr/articles_dev.jsonl.gz",
        "n_rows": len(every),
        "n_short": len(every) - n_loaded,
        "n_loaded": n_loaded,
        "subsets_loaded": subsets_loaded,
        "subsets": _subset_counts(articles),
        "n_articles": len(articles),
        "n_stories": len(story_idx),
        "n_jobs": n_jobs,
        "resamples": resamples,
        "seed": args.seed,
        "grade_key": grade_key,
        "manifest": manifest,
        "tuning": tuning,
        "machine": machine(),
        "versions": versions(),
        "score_seconds": score_seconds,
        "n_errors": len(errors),
        "cached": cached is not None,
        "partial": partial,
        "command": command,
    }
    log("plotting ...")
    png = plot(
        check_results,
        {"overall_values": overall[story_idx], "ratings": ratings, "overall": rho_rows[0]},
        out,
    )
    ctx["total_seconds"] = time.perf_counter() - total_start
    md = write_markdown(ctx, out)
    print_summary(check_results, rho_rows, manifest)
    log(
        f"wrote {md} and {png} in {ctx['total_seconds']:.1f} s "
        f"(scoring {score_seconds:.1f} s, "
        f"{1000 * score_seconds / max(len(texts), 1):.1f} ms/article)"
    )
    return 0


def _fingerprint(articles: list[hnr_data.Article]) -> str:
    """Hash of everything a score depends on: the package's files (code, lexicons, model) and
    the articles scored. A cache with another fingerprint is never reused."""
    digest = hashlib.sha256()
    package = ROOT / "src" / "healthscore"
    for path in sorted(package.rglob("*")) + sorted((ROOT / "models").glob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    for article in articles:
        digest.update(article.news_id.encode())
        digest.update(hashlib.sha256(article.text.encode()).digest())
    return digest.hexdigest()


def _read_cache(
    path: str, articles: list[hnr_data.Article]
) -> tuple[list[dict[str, Any]], float] | None:
    try:
        with gzip.open(path, "rb") as handle:
            data = pickle.load(handle)  # a file this script wrote on this machine
    except (OSError, EOFError, pickle.UnpicklingError):
        return None
    if data.get("fingerprint") != _fingerprint(articles):
        log("  the score cache is stale (package or articles changed): scoring again")
        return None
    return data["results"], data["seconds"]


def _write_cache(
    path: str, articles: list[hnr_data.Article], results: list[dict[str, Any]], seconds: float
) -> None:
    data = {"fingerprint": _fingerprint(articles), "results": results, "seconds": seconds}
    with gzip.open(path, "wb") as handle:
        pickle.dump(data, handle)


def check_lengths(
    row: RhoResult,
    lengths: np.ndarray,
    values: np.ndarray,
    story_idx: np.ndarray,
    ratings: np.ndarray,
) -> None:
    """Length rho on the same stories as *row* (those with a value)."""
    keep = ~np.isnan(values[story_idx])
    if keep.sum() >= 3:
        row.length_rho = stats.spearman(lengths[story_idx][keep], ratings[keep])


def _subset_counts(articles: list[hnr_data.Article]) -> str:
    stories = sum(a.subset == "HealthStory" for a in articles)
    return f"{stories} news stories, {len(articles) - stories} press releases"


def _display_path(path: Path) -> str:
    """*path* relative to the repository when it is inside it or beside it, else absolute."""
    resolved = path.resolve()
    try:
        relative = os.path.relpath(resolved, ROOT)
    except ValueError:
        return str(resolved)
    return relative if not relative.startswith("../..") else str(resolved)


def print_summary(
    checks: list[CheckResult],
    rho_rows: list[RhoResult],
    manifest: dict[str, Any],
) -> None:
    print(
        f"{'criterion':<22}{'dimension':<14}{'n':>6}{'excl':>6}  "
        f"{'AUC [95% CI]':<22}{'BoW AUC':<22}{'len':>6}"
    )
    for c in checks:
        auc = c.auc.format() if c.auc else c.status
        print(
            f"{c.check.criterion:<22}{c.check.dimension:<14}{c.n:>6}{sum(c.excluded.values()):>6}  "
            f"{auc:<22}{(c.bow.format() if c.bow else 'n/a'):<22}{_f(c.length_auc):>6}"
        )
    print()
    print(f"{'vs star rating':<34}{'n':>6}  {'rho [95% CI]':<24}{'BoW ridge':<24}{'len':>6}")
    for r in rho_rows:
        print(
            f"{r.label:<34}{r.n:>6}  {(r.rho.format() if r.rho else 'n/a'):<24}"
            f"{(r.bow.format() if r.bow else '-'):<24}{_f(r.length_rho):>6}"
        )
    print()
    print("claim classifier:", manifest["note"])
    for r in manifest["heldout"]:
        per_class = ", ".join(f"{k} {v:.3f}" for k, v in r["per_class"].items())
        print(f"  held out {r['where']}: n={r['n']} macro-F1 {r['macro_f1']:.3f} ({per_class})")


if __name__ == "__main__":
    sys.exit(main())
