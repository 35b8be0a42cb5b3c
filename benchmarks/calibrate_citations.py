"""Validate (and calibrate) the citations dimension.

There is no expert label for citations, so two things are measured:

1. **Detection** on the project-written case set ``fixtures/citations/cases.jsonl``: precision and
   recall per kind of detection (links by source type, numbered, author-year, DOI, PMID, named
   sources and experts, vague attributions, disclosures, broken citations).
2. **The score** against a proxy: HealthNewsReview.org's expert criterion ``sources_coi`` ("Does the
   story use independent sources and identify conflicts of interest?" / "Does the news release
   identify funding sources and disclose conflicts of interest?") on the development split, as a
   ROC AUC with a bootstrap 95% interval, next to a bag-of-words logistic regression trained on
   that label (5-fold cross-validated). The HNR texts are scraped plain text, so links are mostly
   gone: what is left to find is named sources, quoted experts and their affiliations, and
   funding and conflict-of-interest statements.

The score's weights (:class:`healthscore.dimensions.citations.Weights`) are tuned on this split,
so the AUC reported for the score is out-of-fold: in each of 5 folds the weights are chosen on the
other 4 folds and the held-out fold is scored with them. Nothing in-sample is printed. ``--fit``
also prints the weights chosen on the whole split (what the package ships).

Usage::

    python benchmarks/calibrate_citations.py --data-dir ../shared/data
    python benchmarks/calibrate_citations.py --cases-only
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import stats  # noqa: E402

from healthscore.analysis import Analysis  # noqa: E402
from healthscore.citation_detection import Citation, scan  # noqa: E402
from healthscore.readers import read_document  # noqa: E402

CASES = ROOT / "fixtures" / "citations" / "cases.jsonl"
CRITERION = "sources_coi"
PARTS = ("support", "density", "quality", "breadth", "transparency")


# -- the case set ------------------------------------------------------------------------------

def load_cases(path: Path = CASES) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def detect(case: dict) -> list[Citation]:
    """Every detection in a case's text (no claim model needed)."""
    document = read_document(case["text"], format=case["format"])
    return scan(Analysis(document)).all()


def match_case(
    case: dict, detections: list[Citation]
) -> tuple[list[tuple[str, str]], list[Citation]]:
    """Greedy matching of expected items to detections of the same label whose text contains the
    expected ``match`` (or is contained in it) and, when the item gives one, of the same
    ``source_type`` (e.g. an ``independent`` expert). Returns (missed expected, unmatched
    detections): a detection of the wrong source type counts as both a miss and an extra."""
    left = list(detections)
    missed = []
    for item in case["expected"]:
        kind, match = item["kind"], item["match"]
        source_type = item.get("source_type")
        hit = next(
            (d for d in left if d.label == kind and (match in d.text or d.text in match)
             and (source_type is None or d.source_type == source_type)), None
        )
        if hit is None:
            missed.append((kind, match))
        else:
            left.remove(hit)
    return missed, left


def case_metrics(cases: Iterable[dict]) -> dict[str, dict[str, float]]:
    """Precision and recall per detection label, and overall."""
    tp: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for case in cases:
        detections = detect(case)
        missed, extra = match_case(case, detections)
        for item in case["expected"]:
            expected[item["kind"]] += 1
        for d in detections:
            found[d.label] += 1
        for kind, _ in missed:
            tp[kind] -= 1
        for item in case["expected"]:
            tp[item["kind"]] += 1
    table = {}
    for label in sorted(set(expected) | set(found)):
        table[label] = {
            "expected": expected[label], "found": found[label], "correct": tp[label],
            "precision": tp[label] / found[label] if found[label] else float("nan"),
            "recall": tp[label] / expected[label] if expected[label] else float("nan"),
        }
    total_tp, total_exp, total_found = sum(tp.values()), sum(expected.values()), sum(found.values())
    table["ALL"] = {"expected": total_exp, "found": total_found, "correct": total_tp,
                    "precision": total_tp / total_found if total_found else float("nan"),
                    "recall": total_tp / total_exp if total_exp else float("nan")}
    return table


def print_case_metrics(table: dict[str, dict[str, float]], n_cases: int) -> None:
    print(f"Detection on the case set ({n_cases} cases, fixtures/citations/cases.jsonl)")
    print(f"{'kind':24} {'expected':>8} {'found':>6} {'correct':>7} {'precision':>9} {'recall':>7}")
    for label, row in table.items():
        print(f"{label:24} {row['expected']:8d} {row['found']:6d} {row['correct']:7d} "
              f"{row['precision']:9.3f} {row['recall']:7.3f}")


# -- HNR proxy ---------------------------------------------------------------------------------

def auc(y: np.ndarray, s: np.ndarray) -> float:
    """ROC AUC from ranks (``benchmarks/stats.py``; equal to sklearn's ``roc_auc_score`` and
    much faster, which the grid search of :func:`fit` needs)."""
    return stats.roc_auc(y, s)


def bootstrap_ci(y: np.ndarray, s: np.ndarray, n: int = 2000, seed: int = 0) -> tuple[float, float]:
    """The stratified percentile bootstrap 95% interval of ``benchmarks/stats.py`` (the one
    ``benchmarks/validity.py`` reports)."""
    estimate = stats.bootstrap_auc(y, s, n_resamples=n, seed=seed)
    return estimate.low, estimate.high


def article_parts(texts: list[str], claim_model: object | None) -> tuple[np.ndarray, np.ndarray]:
    """Score parts per article (``PARTS`` + vague count) and whether it has claims."""
    from healthscore.dimensions import citations as dim

    rows, has_claims = [], []
    options = dim.Options()
    for text in texts:
        analysis = Analysis(read_document(text, format="text"), claim_model)
        result = scan(analysis, options.trusted_domains, options.untrusted_domains)
        claims, _, parts = dim.assess(analysis, result, analysis.claim_labels)
        rows.append([parts[k] for k in PARTS] + [parts["vague"]])
        has_claims.append(bool(claims))
    return np.asarray(rows), np.asarray(has_claims)


def combine(parts: np.ndarray, has_claims: np.ndarray, weights: tuple[float, ...],
            bonus: float, penalty: float, max_penalty: float = 20.0) -> np.ndarray:
    """Vectorised :meth:`Weights.combine`: ``weights`` for support, density, quality, breadth;
    ``bonus`` points for full transparency; ``penalty`` points per vague attribution."""
    w = np.tile(np.asarray(weights, dtype=float), (len(parts), 1))
    w[~has_claims, 0] = 0.0
    base = (parts[:, :4] * w).sum(axis=1) / np.maximum(w.sum(axis=1), 1e-9)
    score = 100 * base + bonus * parts[:, 4] - np.minimum(max_penalty, penalty * parts[:, 5])
    return np.clip(score, 0, 100)


#: The search space. Support (are claims backed?) is the dimension's core question, so it keeps at
#: least a fifth of the base, and vague attributions always cost something: tuning on a proxy
#: label must not turn the dimension into something else.
WEIGHT_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)
SUPPORT_GRID = (0.2, 0.3, 0.4)
BONUS_GRID = (10.0, 20.0, 30.0, 40.0)
PENALTY_GRID = (0.5, 1.0, 2.0)
Choice = tuple[tuple[float, ...], float, float]


def grid() -> list[Choice]:
    combos = []
    for support in SUPPORT_GRID:
        for rest in itertools.product(WEIGHT_GRID, repeat=3):
            if support < 0.2 * (support + sum(rest)):
                continue
            for bonus in BONUS_GRID:
                for penalty in PENALTY_GRID:
                    combos.append(((support, *rest), bonus, penalty))
    return combos


def fit(parts: np.ndarray, has_claims: np.ndarray, y: np.ndarray) -> Choice:
    """The grid point with the highest AUC on these articles (ties: the first)."""
    best, best_auc = None, -1.0
    for weights, bonus, penalty in grid():
        value = auc(y, combine(parts, has_claims, weights, bonus, penalty))
        if value > best_auc + 1e-9:
            best, best_auc = (weights, bonus, penalty), value
    assert best is not None
    return best


def out_of_fold(parts: np.ndarray, has_claims: np.ndarray, y: np.ndarray, folds: int,
                seed: int) -> tuple[np.ndarray, list[Choice]]:
    """Scores of each article from weights fitted on the other folds."""
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros(len(y))
    chosen = []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(parts, y):
        weights, bonus, penalty = fit(parts[train], has_claims[train], y[train])
        chosen.append((weights, bonus, penalty))
        scores[test] = combine(parts[test], has_claims[test], weights, bonus, penalty)
    return scores, chosen


def bag_of_words(texts: list[str], y: np.ndarray, folds: int, seed: int) -> np.ndarray:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(CountVectorizer(min_df=2, binary=True),
                          LogisticRegression(max_iter=3000))
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    return cross_val_predict(model, texts, y, cv=cv, method="predict_proba")[:, 1]


def load_model(path: str | None) -> object | None:
    if path is None:
        return None  # the shipped model, loaded by Analysis on first use
    from healthscore.model import load_claim_model

    return load_claim_model(path, trust_path=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--cases", default=str(CASES))
    parser.add_argument("--cases-only", action="store_true", help="only the case-set table")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--bootstrap", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--claim-model", help="a claim model file (default: the shipped one)")
    parser.add_argument("--fit", action="store_true",
                        help="also print the weights chosen on the whole split")
    args = parser.parse_args(argv)

    cases = load_cases(Path(args.cases))
    print_case_metrics(case_metrics(cases), len(cases))
    if args.cases_only:
        return 0

    import hnr_data

    started = time.perf_counter()
    articles = hnr_data.load_articles(args.data_dir)
    indexes, y = hnr_data.labelled(articles, CRITERION)
    texts = [articles[i].text for i in indexes]
    subsets = np.asarray([articles[i].subset for i in indexes])
    parts, has_claims = article_parts(texts, load_model(args.claim_model))
    seconds = time.perf_counter() - started

    ours, chosen = out_of_fold(parts, has_claims, y, args.folds, args.seed)
    bow = bag_of_words(texts, y, args.folds, args.seed)
    print()
    print(f"ROC AUC against HealthNewsReview '{CRITERION}' (development split; n = {len(y)}, "
          f"{int(y.sum())} Satisfactory; {args.folds}-fold out-of-fold; bootstrap 95% CI, "
          f"{args.bootstrap} resamples)")
    print(f"{'model':44} {'AUC':>6} {'95% CI':>16} {'stories':>8} {'releases':>9}")
    for name, s in (("citations score (weights tuned out of fold)", ours),
                    ("bag-of-words logistic regression", bow)):
        low, high = bootstrap_ci(y, s, args.bootstrap, args.seed)
        story, release = subsets == "HealthStory", subsets == "HealthRelease"
        print(f"{name:44} {auc(y, s):6.3f} {f'[{low:.3f}, {high:.3f}]':>16} "
              f"{auc(y[story], s[story]):8.3f} {auc(y[release], s[release]):9.3f}")
    print()
    print("AUC of each part alone (nothing fitted):")
    for k, name in enumerate((*PARTS, "vague (count, negated)")):
        column = -parts[:, k] if k == 5 else parts[:, k]
        print(f"  {name:24} {auc(y, column):.3f}")
    print()
    print("Chosen in each fold: weights (support, density, quality, breadth), transparency bonus, "
          "penalty per vague attribution")
    for weights, bonus, penalty in chosen:
        print(f"  {weights}  {bonus}  {penalty}")
    if args.fit:
        weights, bonus, penalty = fit(parts, has_claims, y)
        print(f"Chosen on the whole split (to ship): {weights}, bonus {bonus}, penalty {penalty}")
    print(f"\nDetection and parts for {len(y)} articles took {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
