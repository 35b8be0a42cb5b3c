"""Calibrate and validate the risk-balance score on the HealthNewsReview.org development split.

Usage::

    python benchmarks/calibrate_risk_balance.py --data-dir ../shared/data [--json out.json]

What it prints (every figure with the number of articles it was computed on):

* ROC AUC, with a stratified bootstrap 95% interval (``stats.py``), of the risk-balance score
  against the expert criterion ``harms`` ("Does the story adequately explain/quantify the harms
  of the intervention?", label 1 = Satisfactory), and against ``benefits`` and ``alternatives``;
* beside it on the same articles: a plain harm-word count (how often "side effect", "adverse",
  "risk", "harm", "complication", "danger", "toxic" occur), the bag-of-words baseline trained on
  the label itself (TF-IDF unigrams+bigrams + logistic regression, stratified 5-fold,
  out-of-fold; ``baselines.py``) and text length;
* the out-of-fold figure of the score with its weights tuned: for each of 5 folds the part
  weights and the harm scale are grid-searched on the other 4 folds and applied to it (also
  what :func:`out_of_fold_scores` gives ``benchmarks/validity.py``). The shipped weights were
  set a priori, not by this grid (tuning does not beat them out of fold), but the harm lexicon's
  notes and the no-claim floor were chosen with this split in view, so the shipped-weight AUC is
  mildly optimistic; the out-of-fold AUC is the one to quote;
* the AUC of each part, so the reader sees where the signal is;
* the learned harm detector against the lexicon rule at the article level, on all articles and
  on the articles that are NOT in the sentence-rationale set the detector was trained on (its
  training articles overlap this split; those are matched by text and left out).

Articles under ``min_words`` (status ``not_enough_text``) have no score; they are counted and
given the median score, so every method is compared on exactly the same articles.

The data is read from ``--data-dir``; nothing from it is written into the repository.
"""
from __future__ import annotations

import argparse
import copy
import itertools
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import hnr_data  # noqa: E402
import stats  # noqa: E402

from healthscore.analysis import Analysis  # noqa: E402
from healthscore.dimensions import risk_balance  # noqa: E402
from healthscore.readers import read_document  # noqa: E402

CRITERIA = ("harms", "benefits", "alternatives")
FOLDS = 5
SEED = 0
RESAMPLES = 1000

#: The grid the weights are tuned on (inside folds). The weights are normalised by their sum,
#: so only their ratios matter. The harm part is the coverage model's probability (refitted in
#: each fold), so there is no harm scale to tune; the no-claim floor is tuned instead.
GRID: dict[str, tuple[float, ...]] = {
    "harm_weight": (0.45, 0.6, 0.8),
    "limitation_weight": (0.05, 0.1, 0.2),
    "quantified_weight": (0.0, 0.1, 0.2),
    "alternative_weight": (0.0, 0.1, 0.2),
    "advice_weight": (0.0, 0.05, 0.1),
    "no_claim_floor": (0.0, 0.25, 0.5),
}
PART_NAMES = ("harms", "limitations", "quantified", "alternatives", "advice")

#: The plain harm-word count baseline: these words, anywhere in the text.
HARM_WORDS = re.compile(
    r"\b(?:side[-\s]effects?|adverse|risks?|harms?|harmful|complications?|dangers?|dangerous|"
    r"toxic|toxicity)\b",
    re.IGNORECASE,
)


# -- scoring ---------------------------------------------------------------------------------

Assessed = list[tuple[risk_balance.Assessment, int]]


def assess_articles(
    articles: Sequence[hnr_data.Article], claim_model: object | None = None
) -> Assessed:
    """Each article's assessment (learned harm detector; the lexicon rule's weights ride
    along in ``rule_harms``) and its prose word count."""
    out = []
    for article in articles:
        analysis = Analysis(read_document(article.text, format="text"), claim_model)
        out.append((risk_balance.assess(analysis), analysis.word_count))
    return out


def with_lexicon_harms(assessments: list[tuple[risk_balance.Assessment, int]]) -> list[
    tuple[risk_balance.Assessment, int]
]:
    """The same assessments with the lexicon rule's harm evidence instead of the detector's."""
    out = []
    for result, words in assessments:
        twin = copy.copy(result)
        twin.harms = dict(result.rule_harms)
        twin.detector = "lexicon"
        out.append((twin, words))
    return out


def scores_for(
    assessments: list[tuple[risk_balance.Assessment, int]], options: risk_balance.Options
) -> np.ndarray:
    """Scores with *options*; NaN where the dimension says ``not_enough_text``."""
    out = np.full(len(assessments), np.nan)
    for k, (result, words) in enumerate(assessments):
        if words >= options.min_words:
            out[k] = risk_balance.combine(
                risk_balance.parts(result, options), result.promotion_count, options
            )
    return out


def fill_neutral(scores: np.ndarray) -> np.ndarray:
    """Unscored articles get the median score: neither good nor bad for the AUC."""
    filled = scores.copy()
    missing = np.isnan(filled)
    filled[missing] = np.nanmedian(scores) if (~missing).any() else 50.0
    return filled


def part_table(
    assessments: list[tuple[risk_balance.Assessment, int]], options: risk_balance.Options
) -> tuple[np.ndarray, list[str]]:
    """``(n, 5)`` part values with *options*' scales."""
    names = ["harms", "limitations", "quantified", "alternatives", "advice"]
    rows = [[risk_balance.parts(r, options)[k] for k in names] for r, _ in assessments]
    return np.asarray(rows), names


# -- tuning inside folds ---------------------------------------------------------------------

def _combos() -> list[dict[str, float]]:
    names = list(GRID)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*GRID.values())]


def raw_parts(
    assessments: Assessed, options: risk_balance.Options,
    coverage: risk_balance.CoverageModel | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Parts with no floor ``(n, 5)``, "claims something" ``(n,)``, promotions ``(n,)`` and
    "scored" (enough words) ``(n,)``: what :func:`vector_scores` needs for any weights."""
    bare = replace(options, no_claim_floor=0.0)
    table = np.asarray([
        [risk_balance.parts(r, bare, coverage)[k] for k in PART_NAMES] for r, _ in assessments
    ])
    claims = np.asarray([bool(r.benefit_claims) for r, _ in assessments])
    promotions = np.asarray([r.promotion_count for r, _ in assessments], dtype=float)
    scored = np.asarray([w >= options.min_words for _, w in assessments])
    return table.reshape(len(assessments), len(PART_NAMES)), claims, promotions, scored


def vector_scores(
    raw: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], options: risk_balance.Options
) -> np.ndarray:
    """:func:`risk_balance.combine` for every article at once (NaN where not scored)."""
    table, claims, promotions, scored = raw
    floored = np.where(claims[:, None], table, np.maximum(table, options.no_claim_floor))
    weights = np.asarray([options.harm_weight, options.limitation_weight,
                          options.quantified_weight, options.alternative_weight,
                          options.advice_weight])
    coverage = floored @ weights / weights.sum()
    penalty = np.minimum(options.promotion_penalty * promotions, options.max_promotion_penalty)
    out = np.clip(100.0 * coverage - penalty, 0.0, 100.0)
    return np.where(scored, out, np.nan)


def grid_table(
    raw: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], base: risk_balance.Options
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Scores of every grid point, ``(combos, n)``, unscored articles filled neutral."""
    combos = _combos()
    table = [fill_neutral(vector_scores(raw, replace(base, **c))) for c in combos]
    return np.vstack(table), combos


def grid_scores(
    assessments: Assessed, base: risk_balance.Options
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Scores of every grid point with the shipped coverage model (in-sample for it)."""
    return grid_table(raw_parts(assessments, base), base)


def tuned_oof(
    table: np.ndarray, combos: list[dict[str, float]], labels: np.ndarray,
    folds: int = FOLDS, seed: int = SEED,
) -> tuple[np.ndarray, list[dict[str, float]], list[float]]:
    """Out-of-fold scores: each fold gets the grid point with the best AUC on the others.
    Returns the scores, the weights each fold picked and each fold's AUC."""
    return stats.grid_out_of_fold(table, combos, labels, folds, seed)


def best_on_all(
    table: np.ndarray, combos: list[dict[str, float]], labels: np.ndarray
) -> dict[str, float]:
    """The grid point the procedure would pick on the whole split (for reference: the shipped
    defaults are set a priori)."""
    aucs = [stats.roc_auc(labels, row) for row in table]
    return combos[int(np.nanargmax(aucs))]


def _harm_labels(articles: Sequence[hnr_data.Article]) -> np.ndarray:
    """The experts' ``harms`` label per article: 1, 0, or -1 when not rated."""
    values = {"Satisfactory": 1, "Not Satisfactory": 0}
    return np.asarray([values.get(a.criteria.get("harms", ""), -1) for a in articles])


def fully_out_of_fold(
    articles: Sequence[hnr_data.Article], assessments: Assessed, labels: np.ndarray,
    folds: int = FOLDS, seed: int = SEED, data_dir: Path | None = None,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Out-of-fold scores with EVERYTHING learned refitted inside each training fold:

    1. the harm sentence detector, retrained without the rationale items of the test fold's
       articles (they overlap this split; matched by text, :func:`rationale_map`), when the
       rationales are in *data_dir*; otherwise the shipped detector (noted in the result);
    2. the harm-coverage model, fitted on the training fold's articles rated on ``harms``;
    3. the part weights and the no-claim floor, grid-searched on the training fold against
       *labels* (whatever criterion they are).
    """
    import train_risk_detectors as trd

    data_dir = data_dir or hnr_data.DEFAULT_DATA_DIR
    labels = np.asarray(labels)
    harm_labels = _harm_labels(articles)
    items = rationale_map(articles, data_dir)
    oof = np.zeros(len(labels))
    picked: list[dict[str, float]] = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    base = risk_balance.Options()
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        detector = risk_balance.load_detectors().get("harm")
        if items is not None:
            held = set(test.tolist())
            kept = [item for item, found in items if not found & held]
            data = trd.harm_dataset(kept)
            signs = [trd.HARM_SIGNS[f] for f in risk_balance.HARM_FEATURES]
            detector = trd.detector_from(trd.fit(data.features, data.labels, signs))
        fold = [(copy.copy(r), w) for r, w in assessments]
        x = trd.coverage_matrix([r for r, _ in fold], detector)
        rated = np.asarray([k for k in train if harm_labels[k] >= 0])
        model = trd.fit_coverage(x[rated], harm_labels[rated])
        coverage = risk_balance.CoverageModel(
            risk_balance.COVERAGE_FEATURES, model.coef_[0].copy(), float(model.intercept_[0])
        )
        table, combos = grid_table(raw_parts(fold, base, coverage), base)
        train_aucs = [stats.roc_auc(labels[train], row[train]) for row in table]
        best = int(np.nanargmax(train_aucs))
        picked.append(combos[best])
        oof[test] = table[best, test]
    return oof, {
        "picked": picked, "detector_retrained": items is not None,
    }


def out_of_fold_scores(
    articles: list[hnr_data.Article], labels: np.ndarray, folds: int, seed: int,
    data_dir: Path | None = None,
) -> tuple[np.ndarray, str]:
    """Out-of-fold scores of *articles* for *labels* (the ``OOF_PROCEDURES`` convention of
    ``benchmarks/validity.py``): the harm detector, the harm-coverage model (on the articles'
    own ``harms`` ratings) and the part weights are all refitted inside each training fold
    (:func:`fully_out_of_fold`). *data_dir* (default ``../shared/data``) is where the
    sentence rationales are read to retrain the detector."""
    oof, info = fully_out_of_fold(
        articles, assess_articles(articles), labels, folds, seed, data_dir
    )
    distinct = {json.dumps(p, sort_keys=True) for p in info["picked"]}
    detector = ("harm detector retrained without the test fold's rationale articles, "
                if info["detector_retrained"] else "shipped harm detector (rationales absent), ")
    return oof, (
        f"{detector}harm-coverage model refitted and part weights grid-searched inside each "
        f"of {folds} training folds by `calibrate_risk_balance.out_of_fold_scores` "
        f"({len(distinct)} distinct weight choice(s))"
    )


# -- articles the harm detector was trained on -----------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def rationale_map(
    articles: Sequence[hnr_data.Article], data_dir: Path
) -> list[tuple[Any, set[int]]] | None:
    """Every rationale item with the indexes of *articles* it comes from, matched by two of
    its first long sentences (None when the rationale file is absent)."""
    import train_risk_detectors as trd

    if not (data_dir / trd.RATIONALES).exists():
        return None
    texts = [_norm(a.text) for a in articles]
    out = []
    for item in trd.load_items(data_dir):
        keys = [_norm(s) for s in item.sentences if len(s) > 60][:3]
        found: set[int] = set()
        if keys:
            need = min(2, len(keys))
            found = {k for k, text in enumerate(texts) if sum(key in text for key in keys) >= need}
        out.append((item, found))
    return out


def rationale_articles(articles: Sequence[hnr_data.Article], data_dir: Path) -> set[int]:
    """Indexes of *articles* that appear in the rationale items the harm detector was trained
    on (harms, benefits, costs, alternatives), matched by two of their first long sentences."""
    kept = ("harms", "benefits", "costs", "alternatives")
    found: set[int] = set()
    for item, where in rationale_map(articles, data_dir) or []:
        if item.criterion in kept:
            found |= where
    return found


# -- report ----------------------------------------------------------------------------------

def _row(name: str, estimate: stats.Estimate, note: str = "") -> str:
    return f"  {name:<58} n={estimate.n:<5} AUC {estimate.format(3)}{note}"


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=hnr_data.DEFAULT_DATA_DIR)
    parser.add_argument("--resamples", type=int, default=RESAMPLES)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    articles = hnr_data.load_articles(args.data_dir)
    print(f"{len(articles)} articles (texts of at least {hnr_data.MIN_TEXT_CHARS} characters)")
    learned = assess_articles(articles)
    lexicon = with_lexicon_harms(learned)
    print(f"assessed in {time.perf_counter() - started:.0f} s")
    shipped = risk_balance.Options()
    texts = [a.text for a in articles]
    counts = baselines.count_matrix(texts)
    harm_words = np.asarray([len(HARM_WORDS.findall(t)) for t in texts], dtype=float)
    length = baselines.text_length(texts)
    trained_on = rationale_articles(articles, args.data_dir)
    out: dict[str, Any] = {
        "articles": len(articles), "shipped_options": asdict(shipped), "criteria": {},
    }

    for criterion in CRITERIA:
        indexes, y = hnr_data.labelled(articles, criterion)
        sub_learned = [learned[i] for i in indexes]
        sub_lexicon = [lexicon[i] for i in indexes]
        raw = scores_for(sub_learned, shipped)
        unscored = int(np.isnan(raw).sum())
        ours = fill_neutral(raw)
        figures: dict[str, Any] = {"n": len(y), "satisfactory": int(y.sum()), "unscored": unscored}
        print(f"\n{criterion}: {len(y)} articles, {int(y.sum())} Satisfactory, "
              f"{unscored} not_enough_text (given the median)")

        def report(name: str, values: np.ndarray, key: str, note: str = "",
                   labels: np.ndarray = y, figures: dict[str, Any] = figures) -> stats.Estimate:
            estimate = stats.bootstrap_auc(labels, values, n_resamples=args.resamples, seed=SEED)
            print(_row(name, estimate, note))
            figures[key] = {"auc": estimate.value, "low": estimate.low, "high": estimate.high,
                            "n": estimate.n}
            return estimate

        sub_articles = [articles[i] for i in indexes]
        oof, info = fully_out_of_fold(sub_articles, sub_learned, y, data_dir=args.data_dir)
        picked = info["picked"]
        fold_aucs = [
            stats.roc_auc(y[test], oof[test])
            for _, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(
                np.zeros(len(y)), y)
        ]
        report("risk_balance, all learned parts refitted in folds (OUT OF FOLD)", oof,
               "out_of_fold")
        table, combos = grid_scores(sub_learned, shipped)
        weights_only, _, _ = tuned_oof(table, combos, y)
        report("  weights tuned in folds, shipped detector+coverage model", weights_only,
               "out_of_fold_weights_only")
        report("risk_balance, shipped (coverage model fitted on this split)", ours, "shipped")
        report("  same, lexicon harm rule instead of learned detector",
               fill_neutral(scores_for(sub_lexicon, shipped)), "shipped_lexicon_detector")
        saturating = replace(shipped, harm_model="saturating", harm_weight=0.45,
                             limitation_weight=0.2, quantified_weight=0.15,
                             alternative_weight=0.1, advice_weight=0.1, no_claim_floor=0.5)
        report("  previous formula (saturating harm count, 0.45/0.2/0.15/0.1/0.1)",
               fill_neutral(scores_for(sub_learned, saturating)), "previous_formula")
        report("baseline: plain harm-word count", harm_words[indexes], "harm_word_count")
        bow = baselines.bow_out_of_fold(counts[indexes], y, folds=FOLDS, seed=SEED)
        if bow is not None:
            report("baseline: bag-of-words LR on the label (5-fold OOF)", bow, "bow_lr")
        report("baseline: text length (words)", length[indexes], "length")
        figures["folds"] = {"picked": picked, "auc": fold_aucs}
        print(f"  out-of-fold per fold: {', '.join(f'{a:.3f}' for a in fold_aucs)} (harm "
              f"detector retrained in folds: {info['detector_retrained']})")
        distinct = sorted({json.dumps(p, sort_keys=True) for p in picked})
        print(f"  weights picked in the folds ({len(distinct)} distinct): {'; '.join(distinct)}")
        figures["best_on_all"] = best_on_all(table, combos, y)
        print(f"  picked on the whole split: {json.dumps(figures['best_on_all'], sort_keys=True)}")

        if criterion == "harms":
            coverage = np.asarray([
                risk_balance.load_coverage_model().probability(
                    risk_balance.coverage_features(r)) for r, _ in sub_learned
            ]) if risk_balance.load_coverage_model() else None
            if coverage is not None:
                report("  harm-coverage model alone (shipped, in-sample)", coverage,
                       "coverage_alone")
        parts, names = part_table(sub_learned, shipped)
        print("  parts (shipped scales):")
        for j, name in enumerate(names):
            report(f"    {name}", parts[:, j], f"part_{name}")
        for name, subset in (("stories", "HealthStory"), ("releases", "HealthRelease")):
            mask = np.asarray([articles[i].subset == subset for i in indexes])
            if mask.any() and 0 < y[mask].sum() < mask.sum():
                report(f"  shipped score, {name} only", ours[mask], f"shipped_{name}",
                       labels=y[mask])

        if criterion == "harms":
            keep = np.asarray([i not in trained_on for i in indexes])
            print(f"  learned harm detector vs lexicon rule, article level (harm evidence alone; "
                  f"{int((~keep).sum())} articles are in the detector's training rationales):")
            learned_evidence = np.asarray([r.harm_evidence for r, _ in sub_learned])
            rule_evidence = np.asarray([r.harm_evidence for r, _ in sub_lexicon])
            for label, mask in (("all articles", np.ones_like(keep)), ("not in rationales", keep)):
                report(f"    learned detector, {label}", learned_evidence[mask],
                       f"harm_evidence_learned_{label.replace(' ', '_')}", labels=y[mask])
                report(f"    lexicon rule, {label}", rule_evidence[mask],
                       f"harm_evidence_lexicon_{label.replace(' ', '_')}", labels=y[mask])
                report(f"    plain harm-word count, {label}", harm_words[indexes][mask],
                       f"harm_words_{label.replace(' ', '_')}", labels=y[mask])
                report(f"    shipped score, {label}", ours[mask],
                       f"shipped_{label.replace(' ', '_')}", labels=y[mask])
                report(f"    out-of-fold score, {label}", oof[mask],
                       f"oof_{label.replace(' ', '_')}", labels=y[mask])
        out["criteria"][criterion] = figures

    print(f"\ndone in {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=float), encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
