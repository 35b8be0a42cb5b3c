"""Calibrate and validate the claim-hedging score on the HealthNewsReview.org development split.

Usage::

    python benchmarks/calibrate_hedging.py --data-dir ../shared/data [--tune] [--json out.json]

What it prints (every figure with the number of articles it was computed on):

* ROC AUC of the hedging score with the shipped default weights against three expert criteria,
  label 1 = Satisfactory: ``sensational_language`` (press releases only; Satisfactory means NOT
  sensational, so a higher hedging score should predict it), ``evidence_quality`` and
  ``disease_mongering``, each with a stratified bootstrap 95% interval (``stats.py``);
* beside it, the bag-of-words baseline on the same articles: TF-IDF unigrams+bigrams + logistic
  regression trained on the label itself, stratified 5-fold, out-of-fold (``baselines.py``);
* the AUC of each count the score is built from, so the reader sees where the signal is;
* with ``--tune``: the weights chosen by grid search INSIDE each training fold and applied to
  the held-out fold (5-fold out-of-fold AUC, never in-sample), the weights each fold picked,
  and the per-fold AUCs.

Because the default weights were themselves chosen with this split (see
``docs/dimensions/hedging.md``), the default-weight AUC is an in-sample figure; the honest one is
the out-of-fold AUC from ``--tune`` (also offered to ``benchmarks/validity.py`` through
:func:`out_of_fold_scores`).

Articles whose hedging status is ``not_enough_text`` have no score; they are counted and given
the median score, so every method is compared on exactly the same articles.

The data is read from ``--data-dir``; nothing from it is written into the repository.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import baselines  # noqa: E402
import hnr_data  # noqa: E402
import stats  # noqa: E402

from healthscore.analysis import Analysis  # noqa: E402
from healthscore.dimensions import hedging  # noqa: E402
from healthscore.readers import read_document  # noqa: E402

CRITERIA = {
    # criterion: subset it is rated on (None = every article that has the label)
    "sensational_language": "HealthRelease",
    "evidence_quality": None,
    "disease_mongering": None,
}
FOLDS = 5
SEED = 0
#: Weights searched inside each training fold with --tune. The score is a monotone function of
#: the penalty, so the AUC depends only on the ratios of the weights: hype_weight is held at its
#: default and the others move around theirs (0 = leave the count out).
GRID = {
    "direct_weight": (0.0, 0.075, 0.15, 0.3, 0.6),
    "overclaim_weight": (0.0, 0.25, 0.5, 1.0, 2.0),
    "hype_weight": (0.5,),
    "absolute_weight": (0.0, 0.05, 0.1, 0.2),
    "hedge_credit": (0.0, 0.025, 0.05, 0.1, 0.25),
    "headline_weight": (0.0, 0.2, 0.5),
    "trial_discount": (0.0, 0.25, 0.5, 0.75),
}
FEATURES = (
    "unhedged_direct_share", "overclaim_share", "hype_per_1000_words",
    "absolutes_per_1000_words", "hedges_per_claim", "headline_hype", "randomised_trial",
)


def assess_articles(
    articles: Sequence[hnr_data.Article], claim_model: object | None = None, jobs: int = 1,
    *, with_title: bool = False,
) -> list[dict[str, float | int]]:
    """The hedging counts of every article: the expensive part, done once per run.

    By default the scraped text is scored as plain text, as ``benchmarks/validity.py`` scores
    it (the data set keeps the headline apart from the text, so HS206 never fires). With
    *with_title* each article is scored as the Markdown file a user would have:
    ``# {title}`` followed by the text, so the headline is a heading."""
    if jobs == 1:
        return [_assess(_source(a, with_title), claim_model, with_title) for a in articles]
    from joblib import Parallel, delayed

    return list(
        Parallel(n_jobs=jobs, batch_size=16)(
            delayed(_assess)(_source(a, with_title), claim_model, with_title) for a in articles
        )
    )


def _source(article: hnr_data.Article, with_title: bool) -> str:
    if with_title and article.title.strip():
        return f"# {article.title.strip()}\n\n{article.text}"
    return article.text


def _assess(
    text: str, claim_model: object | None, markdown: bool = False
) -> dict[str, float | int]:
    document = read_document(text, format="markdown" if markdown else "text")
    return hedging.assess(Analysis(document, claim_model)).metrics()


def scores_for(metrics: Sequence[dict[str, float | int]], options: hedging.Options) -> np.ndarray:
    """Scores with *options*; NaN where the dimension would say ``not_enough_text``.

    Vectorised over the articles (the grid below scores every article some 30,000 times);
    ``tests/test_hedging.py`` checks it against :func:`hedging.score_from_metrics`."""
    return _vector_scores(_arrays(metrics), options)


def _arrays(metrics: Sequence[dict[str, float | int]]) -> dict[str, np.ndarray]:
    names = (
        "words", "claims", "unhedged_direct_claims", "overclaims", "hype", "absolutes",
        "hedges", "possibility_hedges", "headline_hype", "randomised_trial",
    )
    return {n: np.array([float(m.get(n, 0)) for m in metrics]) for n in names}


def _vector_scores(a: dict[str, np.ndarray], options: hedging.Options) -> np.ndarray:
    """:func:`hedging.penalty` and :func:`hedging.score_from_metrics` on arrays."""
    claims = np.maximum(a["claims"], options.min_claims)
    kilowords = np.maximum(a["words"], options.min_words) / 1000
    trial = 1.0 - options.trial_discount * (a["randomised_trial"] > 0)
    credited = a["hedges"] - a["possibility_hedges"]
    penalty = (
        trial * options.direct_weight * a["unhedged_direct_claims"] / claims
        + trial * options.overclaim_weight * a["overclaims"] / claims
        + options.hype_weight * a["hype"] / kilowords
        + options.absolute_weight * a["absolutes"] / kilowords
        - options.hedge_credit * np.minimum(credited / claims, hedging.HEDGE_CAP)
        + options.headline_weight * a["headline_hype"]
    )
    scores = 100.0 * np.exp(-np.maximum(penalty, 0.0))
    scored = (a["words"] >= options.min_words) & (a["claims"] >= options.min_claims)
    return np.where(scored, scores, np.nan)


def fill_neutral(scores: np.ndarray) -> np.ndarray:
    """Unscored articles get the median score: neither good nor bad for the AUC."""
    filled = scores.copy()
    missing = np.isnan(filled)
    filled[missing] = np.nanmedian(scores) if (~missing).any() else 50.0
    return filled


def _combos() -> list[dict[str, float]]:
    names = list(GRID)
    return [dict(zip(names, values, strict=True)) for values in itertools.product(*GRID.values())]


def tuned_oof(
    metrics: Sequence[dict[str, float | int]], labels: np.ndarray, *, folds: int = FOLDS,
    seed: int = SEED, base: hedging.Options | None = None,
) -> tuple[np.ndarray, list[dict[str, float]], list[float]]:
    """Out-of-fold scores: for each fold, the grid point with the best AUC on the other folds
    is applied to it. Returns the scores, the weights each fold picked and each fold's AUC."""
    base = base or hedging.Options()
    combos = _combos()
    arrays = _arrays(metrics)
    table = np.vstack([fill_neutral(_vector_scores(arrays, replace(base, **c))) for c in combos])
    return stats.grid_out_of_fold(table, combos, labels, folds, seed)


def out_of_fold_scores(
    articles: list[hnr_data.Article], criterion: str, claim_model: object | None = None
) -> dict[str, float]:
    """``{news_id: score}``, each article scored with weights tuned on the other folds (the
    hook ``benchmarks/validity.py`` uses for an honest figure of a tuned dimension)."""
    subset = CRITERIA.get(criterion)
    pool = [a for a in articles if subset is None or a.subset == subset]
    indexes, labels = hnr_data.labelled(pool, criterion)
    metrics = assess_articles([pool[k] for k in indexes], claim_model)
    oof, _, _ = tuned_oof(metrics, labels)
    return {pool[k].news_id: float(s) for k, s in zip(indexes, oof, strict=True)}


def read_half(news_id: str) -> bool:
    """The half of the development split whose expert explanations were read to write the
    sensational-word list (md5 of ``news_id`` even); the other half was never read, so the
    score's AUC there is the fairer estimate of how the word list generalises."""
    return int(hashlib.md5(news_id.encode("utf-8")).hexdigest(), 16) % 2 == 0


def _row(name: str, estimate: stats.Estimate, unscored: int = 0) -> str:
    return f"  {name:<50} n={estimate.n:<5} unscored={unscored:<3} AUC {estimate.format(3)}"


def main(argv: Sequence[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(hnr_data.DEFAULT_DATA_DIR))
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--resamples", type=int, default=stats.DEFAULT_RESAMPLES)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=1, help="processes for scoring articles")
    parser.add_argument("--tune", action="store_true", help="grid-search weights within folds")
    parser.add_argument("--json", help="write the figures to this JSON file")
    parser.add_argument(
        "--with-title", action="store_true",
        help="also score each article as Markdown with its headline as a '# heading'",
    )
    parser.add_argument(
        "--claim-model",
        help="a joblib file with another claim model (a development stand-in); default: the "
        "shipped model",
    )
    args = parser.parse_args(argv)

    claim_model = None
    if args.claim_model:
        import joblib

        claim_model = joblib.load(args.claim_model)
    articles = hnr_data.load_articles(args.data_dir)
    started = time.perf_counter()
    metrics = assess_articles(articles, claim_model, args.jobs)
    titled = (
        assess_articles(articles, claim_model, args.jobs, with_title=True)
        if args.with_title else None
    )
    print(
        f"{len(articles)} articles ({sum(a.subset == 'HealthRelease' for a in articles)} press "
        f"releases) assessed in {time.perf_counter() - started:.0f} s"
    )
    base = hedging.Options()
    default_scores = scores_for(metrics, base)
    titled_scores = scores_for(titled, base) if titled is not None else None
    counts = baselines.count_matrix([a.text for a in articles])
    results: dict[str, object] = {"defaults": asdict(base), "criteria": {}}

    for criterion, subset in CRITERIA.items():
        pool = [k for k, a in enumerate(articles) if subset is None or a.subset == subset]
        local, labels = hnr_data.labelled([articles[k] for k in pool], criterion)
        idx = np.asarray([pool[k] for k in local])
        scores = default_scores[idx]
        unscored = int(np.isnan(scores).sum())
        ours = stats.bootstrap_auc(
            labels, fill_neutral(scores), n_resamples=args.resamples, seed=args.seed
        )
        bow = baselines.bow_out_of_fold(counts[idx], labels, folds=args.folds, seed=args.seed)
        baseline = stats.bootstrap_auc(labels, bow, n_resamples=args.resamples, seed=args.seed)
        where = f"{subset} only" if subset else "all articles with the label"
        print(f"\n{criterion} ({where}; {int(labels.sum())} of {len(labels)} Satisfactory)")
        print(_row("hedging score, default weights (in-sample)", ours, unscored))
        read = np.array([read_half(articles[k].news_id) for k in idx])
        halves = {
            name: stats.bootstrap_auc(
                labels[mask], fill_neutral(scores)[mask], n_resamples=args.resamples,
                seed=args.seed,
            )
            for name, mask in (("read", read), ("unread", ~read))
        }
        print(_row("  default weights, on the half whose explanations were read", halves["read"]))
        print(_row("  default weights, on the half never read", halves["unread"]))
        print(_row(f"bag of words, TF-IDF + LR, {args.folds}-fold out-of-fold", baseline))
        entry: dict[str, object] = {
            "n": len(labels), "satisfactory": int(labels.sum()), "unscored": unscored,
            "hedging_default": asdict(ours), "bag_of_words": asdict(baseline),
        }
        sub_metrics = [metrics[k] for k in idx]
        singles = {
            f: stats.roc_auc(labels, np.array([m[f] for m in sub_metrics], dtype=float))
            for f in FEATURES
        }
        entry["single_counts"] = singles
        print("  each count alone (AUC; < 0.5 = more of it, less often Satisfactory):")
        print("   ", ", ".join(f"{f} {a:.3f}" for f, a in singles.items()))
        if args.tune:
            oof, picked, fold_aucs = tuned_oof(
                sub_metrics, labels, folds=args.folds, seed=args.seed, base=base
            )
            tuned = stats.bootstrap_auc(labels, oof, n_resamples=args.resamples, seed=args.seed)
            print(_row("hedging score, weights tuned within folds (OOF)", tuned, unscored))
            print(f"  per-fold AUC: {', '.join(f'{a:.3f}' for a in fold_aucs)}")
            for k, weights in enumerate(picked, 1):
                print(f"  fold {k} picked {weights}")
            entry.update(tuned_oof=asdict(tuned), fold_aucs=fold_aucs, picked=picked)
        entry["halves"] = {k: asdict(v) for k, v in halves.items()}
        if titled is not None and titled_scores is not None:
            t_scores = titled_scores[idx]
            t_default = stats.bootstrap_auc(
                labels, fill_neutral(t_scores), n_resamples=args.resamples, seed=args.seed
            )
            fired = sum(1 for k in idx if titled[k]["headline_hype"])
            print(f"  with the headline as a Markdown heading (HS206 fires on {fired} articles):")
            print(_row("  hedging score, default weights (in-sample)", t_default,
                       int(np.isnan(t_scores).sum())))
            entry["with_title"] = {"hedging_default": asdict(t_default), "hs206_articles": fired}
            if args.tune:
                t_oof, t_picked, _ = tuned_oof(
                    [titled[k] for k in idx], labels, folds=args.folds, seed=args.seed, base=base
                )
                t_tuned = stats.bootstrap_auc(
                    labels, t_oof, n_resamples=args.resamples, seed=args.seed
                )
                print(_row("  hedging score, weights tuned within folds (OOF)", t_tuned))
                entry["with_title"].update(tuned_oof=asdict(t_tuned), picked=t_picked)
        results["criteria"][criterion] = entry  # type: ignore[index]

    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
