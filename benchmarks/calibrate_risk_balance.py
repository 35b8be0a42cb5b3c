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
#: so only their ratios matter.
GRID: dict[str, tuple[float, ...]] = {
    "harm_weight": (0.4, 0.55, 0.7),
    "limitation_weight": (0.05, 0.1, 0.2),
    "quantified_weight": (0.0, 0.1, 0.2),
    "alternative_weight": (0.0, 0.1, 0.2),
    "advice_weight": (0.0, 0.05, 0.1),
    "harm_scale": (1.0, 2.0, 3.0, 4.0),
}

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


def grid_scores(
    assessments: list[tuple[risk_balance.Assessment, int]], base: risk_balance.Options
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Scores of every grid point, ``(combos, n)``, unscored articles filled neutral."""
    combos = _combos()
    table = [fill_neutral(scores_for(assessments, replace(base, **c))) for c in combos]
    return np.vstack(table), combos


def tuned_oof(
    table: np.ndarray, combos: list[dict[str, float]], labels: np.ndarray,
    folds: int = FOLDS, seed: int = SEED,
) -> tuple[np.ndarray, list[dict[str, float]], list[float]]:
    """Out-of-fold scores: each fold gets the grid point with the best AUC on the others.
    Returns the scores, the weights each fold picked and each fold's AUC."""
    oof = np.zeros(len(labels))
    picked: list[dict[str, float]] = []
    fold_aucs: list[float] = []
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        train_aucs = [stats.roc_auc(labels[train], row[train]) for row in table]
        best = int(np.nanargmax(train_aucs))
        picked.append(combos[best])
        oof[test] = table[best, test]
        fold_aucs.append(stats.roc_auc(labels[test], oof[test]))
    return oof, picked, fold_aucs


def best_on_all(
    table: np.ndarray, combos: list[dict[str, float]], labels: np.ndarray
) -> dict[str, float]:
    """The grid point the procedure would pick on the whole split (for reference: the shipped
    defaults are set a priori)."""
    aucs = [stats.roc_auc(labels, row) for row in table]
    return combos[int(np.nanargmax(aucs))]


def out_of_fold_scores(
    articles: list[hnr_data.Article], labels: np.ndarray, folds: int, seed: int
) -> tuple[np.ndarray, str]:
    """Out-of-fold scores of *articles* for *labels* (the ``OOF_PROCEDURES`` convention of
    ``benchmarks/validity.py``): weights grid-searched inside each training fold."""
    assessments = assess_articles(articles)
    table, combos = grid_scores(assessments, risk_balance.Options())
    oof, picked, _ = tuned_oof(table, combos, np.asarray(labels), folds, seed)
    distinct = {json.dumps(p, sort_keys=True) for p in picked}
    return oof, (
        f"part weights and harm scale grid-searched inside each of {folds} training folds by "
        f"`calibrate_risk_balance.out_of_fold_scores` ({len(distinct)} distinct choice(s))"
    )


# -- articles the harm detector was trained on -----------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def rationale_articles(articles: Sequence[hnr_data.Article], data_dir: Path) -> set[int]:
    """Indexes of *articles* that appear in the rationale items the harm detector was trained
    on (harms, benefits, costs, alternatives), matched by two of their first long sentences."""
    import train_risk_detectors as trd

    kept = ("harms", "benefits", "costs", "alternatives")
    used = [i for i in trd.load_items(data_dir) if i.criterion in kept]
    texts = [_norm(a.text) for a in articles]
    found: set[int] = set()
    for item in used:
        keys = [_norm(s) for s in item.sentences if len(s) > 60][:3]
        if not keys:
            continue
        need = min(2, len(keys))
        for k, text in enumerate(texts):
            if sum(key in text for key in keys) >= need:
                found.add(k)
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

        table, combos = grid_scores(sub_learned, shipped)
        oof, picked, fold_aucs = tuned_oof(table, combos, y)
        report("risk_balance, weights tuned inside folds (OUT OF FOLD)", oof, "out_of_fold")
        report("risk_balance, shipped weights (a priori; lexicons saw split)", ours, "shipped")
        report("  same, lexicon harm rule instead of learned detector",
               fill_neutral(scores_for(sub_lexicon, shipped)), "shipped_lexicon_detector")
        report("baseline: plain harm-word count", harm_words[indexes], "harm_word_count")
        bow = baselines.bow_out_of_fold(counts[indexes], y, folds=FOLDS, seed=SEED)
        if bow is not None:
            report("baseline: bag-of-words LR on the label (5-fold OOF)", bow, "bow_lr")
        report("baseline: text length (words)", length[indexes], "length")
        figures["folds"] = {"picked": picked, "auc": fold_aucs}
        print(f"  out-of-fold per fold: {', '.join(f'{a:.3f}' for a in fold_aucs)}")
        distinct = sorted({json.dumps(p, sort_keys=True) for p in picked})
        print(f"  weights picked in the folds ({len(distinct)} distinct): {'; '.join(distinct)}")
        figures["best_on_all"] = best_on_all(table, combos, y)
        print(f"  picked on the whole split: {json.dumps(figures['best_on_all'], sort_keys=True)}")

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
