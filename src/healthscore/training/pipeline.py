"""The claim-strength pipeline and the plain baseline it is measured against.

Design, from 5-fold CV on the Yu data (see MODEL_CARD.md for the numbers):

* three TF-IDF views joined by a FeatureUnion: word 1-3-grams (the cue phrases themselves),
  6-letter word prefixes from :class:`~healthscore.claim_features.WordPrefixes` (inflections:
  "reduce/reduces/reduced"; as good as char_wb 3-6-grams in CV and twice as fast at predict
  time) and cue-tag 1-4-grams from :class:`~healthscore.claim_features.CueAbstractor` (the same
  pattern across different verbs);
* a LinearSVC with balanced class weights: the conditional-causal class is small (9% of Yu)
  and unweighted training loses about 1 macro-F1 point on it. LinearSVC beat LogisticRegression
  (-0.5 point, 2.5x slower) and SGD (-2 points); ComplementNB and a stacked ensemble were worse;
* temperature scaling (CalibratedClassifierCV, ``method="temperature"``) for probabilities: it
  rescales the SVM scores with one parameter, so the argmax, and hence every F1 reported, is the
  SVM's own, while ``predict_proba`` becomes usable as a confidence.

C is the only tuned hyper-parameter, by an inner 3-fold grid search on training data only.
"""
from __future__ import annotations

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from ..claim_features import CueAbstractor, WordPrefixes

__all__ = ["C_GRID", "DEFAULT_C", "build_baseline", "build_claim_pipeline", "build_search"]

#: Values of the LinearSVC's C tried by the inner grid search (CV optimum was 0.2-0.3).
C_GRID: tuple[float, ...] = (0.1, 0.2, 0.3, 0.5)
DEFAULT_C = 0.3


def _features() -> FeatureUnion:
    return FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, min_df=2)),
            (
                "prefix",
                Pipeline(
                    [
                        ("prefix", WordPrefixes(6)),
                        (
                            "tfidf",
                            TfidfVectorizer(sublinear_tf=True, min_df=2, token_pattern=r"\S+"),
                        ),
                    ]
                ),
            ),
            (
                "cues",
                Pipeline(
                    [
                        ("abstract", CueAbstractor()),
                        (
                            "tfidf",
                            TfidfVectorizer(
                                ngram_range=(1, 4),
                                sublinear_tf=True,
                                min_df=2,
                                token_pattern=r"\S+",
                                lowercase=False,
                            ),
                        ),
                    ]
                ),
            ),
        ]
    )


def _svc(c: float, seed: int) -> LinearSVC:
    return LinearSVC(C=c, class_weight="balanced", random_state=seed, max_iter=5000)


def build_claim_pipeline(c: float = DEFAULT_C, *, seed: int, calibrated: bool = True) -> Pipeline:
    """The shipped model: features + LinearSVC, temperature-calibrated when *calibrated*.

    The uncalibrated variant predicts the same labels and is what the grid search fits, because
    calibration would multiply its cost by six without changing any F1.
    """
    clf = (
        CalibratedClassifierCV(_svc(c, seed), method="temperature", cv=5, ensemble=False)
        if calibrated
        else _svc(c, seed)
    )
    return Pipeline([("features", _features()), ("clf", clf)])


def build_search(
    *,
    seed: int,
    grid: tuple[float, ...] = C_GRID,
    memory: str | None = None,
    n_jobs: int = 1,
    refit: bool = True,
) -> GridSearchCV:
    """Inner grid search over C (3-fold, macro-F1) for the uncalibrated pipeline.

    *memory* caches the fitted feature union per inner fold, so the features are built once per
    fold rather than once per C value. ``refit=False`` when only ``best_params_`` is wanted
    (the calibrated model is then fitted separately).
    """
    pipeline = build_claim_pipeline(seed=seed, calibrated=False)
    pipeline.set_params(memory=memory)
    return GridSearchCV(
        pipeline,
        {"clf__C": list(grid)},
        scoring="f1_macro",
        cv=StratifiedKFold(3, shuffle=True, random_state=seed),
        n_jobs=n_jobs,
        refit=refit,
    )


def build_baseline(*, seed: int) -> Pipeline:
    """The reference point: default TF-IDF unigrams + LogisticRegression, nothing tuned."""
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer()),
            ("clf", LogisticRegression(max_iter=2000, random_state=seed)),
        ]
    )
