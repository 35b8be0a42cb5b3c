"""Train the risk-balance sentence detectors and write their weights as plain JSON.

Data: ``hnr/sentence_rationales_dev.jsonl.gz`` (simonzli/annotator-backend, MIT): article x
criterion items in which annotators marked the sentences that are the evidence for a
HealthNewsReview.org criterion (e.g. the sentences that discuss harms). Annotators were not
medical experts and marked positives only, so a sentence they left unmarked is a noisy negative.

What is trained (and why so small): a logistic regression per detector over a handful of
features that the dimension already computes from its lexicons (``risk_balance.HARM_FEATURES``:
how many generic harm words, named side effects, serious outcomes, dependence words, warnings,
harm cues, negated or minimising harm words, benefit words, numbers, the lexicon rule's own
weight ...). With about 130 positive sentences from about 50 articles a bag of words overfits;
a weight per lexicon category is what the data supports, and it stays readable: the JSON says
how much a named side effect counts against a benefit word.

Examples for the harm detector:
* every sentence of the "harms" items: positive when marked, negative otherwise;
* hard negatives: the sentences marked for "benefits", "costs" and "alternatives" in other
  items (they talk about risk reduction, prices and comparisons, not harms), unless the same
  text is marked as a harm somewhere.

Evaluation: 5-fold cross-validation grouped by article (no article's sentences on both sides),
comparing the lexicon rule's weight with the learned probability (ROC AUC, average precision,
F1 at the shipping threshold). The same script also measures whether a learned detector beats
the lexicons for the "alternatives" and "benefits" items; only detectors that win are written.

The harm-coverage model (article level): a logistic regression over
``risk_balance.COVERAGE_FEATURES`` (harm evidence per 1,000 words, side-effect sentences, named
harm sentences, quantified harm sentences, harms addressed mildly), fitted on the expert
criterion ``harms`` of the HealthNewsReview.org development articles (``hnr/articles_dev``), the
harm evidence coming from the detector fitted just above. All weights are constrained to be
>= 0 (more harm coverage can only raise the probability). The claim model is not used (the
features do not depend on it), so the weights do not move when it is retrained. Its
out-of-fold AUC is measured by ``benchmarks/calibrate_risk_balance.py`` (detector and coverage
model refitted inside each fold).

Reproducible: no randomness (lbfgs, fixed fold assignment by sorted article key), weights
rounded to 6 decimals, ``--check`` compares a fresh fit with the shipped file.

Usage::

    python benchmarks/train_risk_detectors.py --data-dir ../shared/data          # write
    python benchmarks/train_risk_detectors.py --data-dir ../shared/data --check  # verify
"""
from __future__ import annotations

import argparse
import ast
import gzip
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

from healthscore import lexicons
from healthscore.analysis import Analysis
from healthscore.dimensions import risk_balance
from healthscore.readers import read_document

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import hnr_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "healthscore" / "data" / risk_balance.WEIGHTS_FILE
RATIONALES = Path("hnr") / "sentence_rationales_dev.jsonl.gz"
FOLDS = 5
C = 1.0
THRESHOLD = 0.5

#: Criterion of a rationale item, from its question.
_CRITERIA = (
    ("harms", "harms"),
    ("benefits", "quantify the benefits"),
    ("costs", "costs"),
    ("alternatives", "existing alternatives"),
    ("novelty", "novelty"),
    ("availability", "availability"),
    ("evidence_quality", "quality of the evidence"),
    ("sources_coi", "independent sources"),
    ("funding", "funding"),
    ("disease_mongering", "mongering"),
    ("sensational_language", "sensational"),
)

#: Project-written sentences on which the JSON stores the training model's probabilities, so
#: the test suite can check that numpy on the JSON gives what scikit-learn gave.
CHECK_SENTENCES = (
    "The most common side effects were nausea, headache and dizziness.",
    "High doses can cause liver damage and seizures.",
    "The drug cut the risk of stroke by 20 percent.",
    "Patients should not take it with blood thinners.",
    "There were no serious side effects.",
    "Kratom is a tree native to Southeast Asia.",
    "Fatigue is a common problem.",
    "Users can become dependent on it and suffer withdrawal symptoms.",
)


@dataclass
class Item:
    criterion: str
    sentences: list[str]
    positives: set[int]
    article: str


def _literal(value: Any) -> Any:
    return ast.literal_eval(value) if isinstance(value, str) else value


def _criterion(question: str) -> str:
    for name, words in _CRITERIA:
        if words in question:
            return name
    return "other"


def _article_key(sentences: Sequence[str]) -> str:
    """Items of the same article (several criteria) share their first sentences."""
    return re.sub(r"\W+", " ", " ".join(sentences[:3]).lower()).strip()[:200]


def load_items(data_dir: Path) -> list[Item]:
    """The rationale items, in file order."""
    items = []
    with gzip.open(data_dir / RATIONALES, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            sentences = [str(s) for s in _literal(row["sentences"])]
            marked = {
                int(a["sentence_index"]) for a in _literal(row["annotations"])
                if int(a["sentence_index"]) < len(sentences)
            }
            items.append(
                Item(_criterion(row["question"]), sentences, marked, _article_key(sentences))
            )
    return items


@dataclass
class Dataset:
    features: np.ndarray
    labels: np.ndarray
    groups: np.ndarray
    #: The lexicon's own judgement per sentence (what the learned detector must beat).
    lexicon: np.ndarray
    texts: list[str]


def harm_dataset(items: list[Item]) -> Dataset:
    """Sentences of the "harms" items, plus hard negatives marked for other criteria."""
    positive_texts = {
        item.sentences[i].strip()
        for item in items if item.criterion == "harms" for i in item.positives
    }
    rows, labels, groups, texts = [], [], [], []
    for item in items:
        if item.criterion == "harms":
            keep = range(len(item.sentences))
        elif item.criterion in ("benefits", "costs", "alternatives"):
            keep = [i for i in sorted(item.positives)
                    if item.sentences[i].strip() not in positive_texts]
        else:
            continue
        if not keep:
            continue
        features = risk_balance.harm_features(item.sentences)
        for i in keep:
            rows.append(features[i])
            labels.append(int(item.criterion == "harms" and i in item.positives))
            groups.append(item.article)
            texts.append(item.sentences[i])
    x = np.asarray(rows)
    rule = x[:, risk_balance.HARM_FEATURES.index("rule_weight")]
    return Dataset(x, np.asarray(labels), np.asarray(groups), rule, texts)


#: Small feature sets for the two other detectors (measured, shipped only if they win).
_OTHER_LEXICONS = ("alternatives", "benefits", "quantified", "limitations", "harms")


def other_dataset(items: list[Item], criterion: str) -> Dataset:
    """Sentences of the *criterion* items; features: hit counts of five lexicons and the
    quantified notes. The lexicon judgement is "the criterion's lexicon fires" (alternatives:
    any alternatives hit; benefits: a benefit word and an absolute or relative number)."""
    quant_notes = lexicons.load("quantified").notes
    rows, labels, groups, texts, rule = [], [], [], [], []
    for item in items:
        if item.criterion != criterion:
            continue
        tokens = [lexicons.tokenize(t) for t in item.sentences]
        hits = {n: lexicons.load(n).find_many(item.sentences, tokens) for n in _OTHER_LEXICONS}
        for i, text in enumerate(item.sentences):
            notes = [quant_notes.get(h.entry, "bare") for h in hits["quantified"][i]]
            row = [float(min(len(hits[n][i]), 3)) for n in _OTHER_LEXICONS]
            row += [float(notes.count(k) > 0) for k in ("absolute", "relative", "bare")]
            rows.append(row)
            labels.append(int(i in item.positives))
            groups.append(item.article)
            texts.append(text)
            if criterion == "alternatives":
                rule.append(float(bool(hits["alternatives"][i])))
            else:
                rule.append(float(bool(hits["benefits"][i]) and any(
                    n in ("absolute", "relative") for n in notes)))
    return Dataset(
        np.asarray(rows), np.asarray(labels), np.asarray(groups), np.asarray(rule), texts
    )


def fold_of(groups: np.ndarray, folds: int = FOLDS) -> np.ndarray:
    """Deterministic fold per sentence: articles sorted by key, dealt round-robin."""
    order = {g: i % folds for i, g in enumerate(sorted(set(groups.tolist())))}
    return np.asarray([order[g] for g in groups])


#: Sign constraints of the harm detector's weights, from what each feature means: words that
#: name or signal a harm can only raise the probability, words that frame a benefit or deny a
#: harm can only lower it. Without them the ~130 positives let collinear features take
#: arbitrary signs (dependence words came out negative when they had their own weight: the few
#: articles that use them are about treating addiction), which would make the weights unreadable
#: and brittle.
HARM_SIGNS = {
    "firm": 1, "symptom": 1, "outcome": 1, "cue": 1, "weak": 1, "safety": 1, "not_harm": -1,
    "dismissal": -1, "minimising": 1, "negated": 1, "topic": -1, "benefit": -1,
    "quantified": 0, "rule_weight": 1, "question": -1,
}


class SignedLogisticRegression:
    """L2-regularised, class-balanced logistic regression with per-weight sign constraints,
    fitted by L-BFGS-B (deterministic). Same objective as scikit-learn's
    ``LogisticRegression(C=C, class_weight="balanced")``: C times the weighted log-loss plus
    half the squared norm of the weights (the intercept is not penalised)."""

    def __init__(self, signs: Sequence[int], c: float = C, balanced: bool = True) -> None:
        self.signs = list(signs)
        self.c = c
        self.balanced = balanced

    def fit(self, x: np.ndarray, y: np.ndarray) -> SignedLogisticRegression:
        n, d = x.shape
        positives = max(int(y.sum()), 1)
        negatives = max(n - positives, 1)
        weight = (
            np.where(y == 1, n / (2 * positives), n / (2 * negatives))
            if self.balanced else np.ones(n)
        )

        def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = theta[:d], theta[d]
            z = x @ w + b
            # log(1 + exp(-z)) for y=1, log(1 + exp(z)) for y=0, computed stably
            signed = np.where(y == 1, -z, z)
            losses = np.logaddexp(0.0, signed)
            p = 1.0 / (1.0 + np.exp(-z))
            gradient_z = weight * (p - y)
            value = self.c * float(weight @ losses) + 0.5 * float(w @ w)
            grad = np.concatenate([self.c * (x.T @ gradient_z) + w, [self.c * gradient_z.sum()]])
            return value, grad

        bounds = [
            (0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in self.signs
        ]
        bounds.append((None, None))
        result = minimize(loss, np.zeros(d + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": 5000, "gtol": 1e-9, "ftol": 1e-12})
        self.coef_ = result.x[:d][None, :]
        self.intercept_ = result.x[d:]
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-(x @ self.coef_[0] + self.intercept_[0])))
        return np.column_stack([1.0 - p, p])


def fit(x: np.ndarray, y: np.ndarray, signs: Sequence[int] | None = None) -> Any:
    """The detector: class-balanced logistic regression (positives are ~5% of sentences);
    sign-constrained when *signs* are given."""
    if signs is not None:
        return SignedLogisticRegression(signs).fit(x, y)
    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, y)


def detector_from(model: Any, threshold: float = THRESHOLD) -> risk_balance.Detector:
    """A fitted harm model as the dimension's numpy :class:`~risk_balance.Detector`."""
    return risk_balance.Detector(
        "harm", risk_balance.HARM_FEATURES, np.asarray(model.coef_[0], dtype=float),
        float(model.intercept_[0]), threshold,
    )


def assess_texts(texts: Sequence[str]) -> list[risk_balance.Assessment]:
    """Each text's assessment with no claim model (every sentence "not a claim": the
    coverage features do not read claims), harms from the lexicon rule until a detector is
    applied with :func:`risk_balance.apply_detector`."""
    out = []
    for text in texts:
        analysis = Analysis(read_document(text, format="text"), claim_model=None)
        no_claims = np.zeros(len(analysis.sentences), dtype=int)
        out.append(risk_balance.assess(analysis, no_claims, harm_detector="lexicon"))
    return out


def coverage_matrix(
    assessments: Sequence[risk_balance.Assessment], detector: risk_balance.Detector | None
) -> np.ndarray:
    """``(n, len(COVERAGE_FEATURES))`` features with harm evidence from *detector* (applied
    in place: the assessments' ``harms`` are overwritten)."""
    rows = []
    for result in assessments:
        risk_balance.apply_detector(result, detector)
        rows.append(risk_balance.coverage_features(result))
    width = len(risk_balance.COVERAGE_FEATURES)
    return np.asarray(rows, dtype=float).reshape(len(assessments), width)


#: Sign constraints of the coverage model: every feature is more harm coverage.
COVERAGE_SIGNS = (1, 1, 1, 1, 1)


def fit_coverage(x: np.ndarray, y: np.ndarray) -> SignedLogisticRegression:
    """The coverage model: L2 logistic regression (C as the detector; not class-balanced,
    so that its probability keeps the experts' base rate), weights >= 0."""
    return SignedLogisticRegression(COVERAGE_SIGNS, balanced=False).fit(x, y)


def out_of_fold(data: Dataset, signs: Sequence[int] | None = None) -> np.ndarray:
    folds = fold_of(data.groups)
    predicted = np.zeros(len(data.labels))
    for k in range(FOLDS):
        test = folds == k
        model = fit(data.features[~test], data.labels[~test], signs)
        predicted[test] = model.predict_proba(data.features[test])[:, 1]
    return predicted


def compare(
    data: Dataset, lexicon_threshold: float, signs: Sequence[int] | None = None
) -> dict[str, Any]:
    """Held-out (grouped by article) figures of the lexicon judgement and the learned one."""
    learned = out_of_fold(data, signs)
    y = data.labels
    return {
        "sentences": len(y),
        "positives": int(y.sum()),
        "articles": len(set(data.groups.tolist())),
        "lexicon": {
            "auc": round(float(roc_auc_score(y, data.lexicon)), 4),
            "average_precision": round(float(average_precision_score(y, data.lexicon)), 4),
            "f1": round(float(f1_score(y, data.lexicon >= lexicon_threshold)), 4),
        },
        "learned": {
            "auc": round(float(roc_auc_score(y, learned)), 4),
            "average_precision": round(float(average_precision_score(y, learned)), 4),
            "f1": round(float(f1_score(y, learned >= THRESHOLD)), 4),
        },
    }


#: Detectors the dimension can use. The others are measured and reported, not shipped.
WIRED = ("harm",)


def wins(figures: dict[str, Any]) -> bool:
    """A learned detector ships only if it beats the lexicon held out on both ranking
    figures (AUC and average precision)."""
    lex, learned = figures["lexicon"], figures["learned"]
    return (learned["auc"] > lex["auc"] + 0.01
            and learned["average_precision"] > lex["average_precision"])


def build(data_dir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Fit the detectors that win; returns the JSON document and all comparisons."""
    items = load_items(data_dir)
    harm = harm_dataset(items)
    signs = [HARM_SIGNS[f] for f in risk_balance.HARM_FEATURES]
    comparisons = {"harm": compare(harm, 0.5, signs)}
    for criterion in ("alternatives", "benefits"):
        comparisons[criterion] = compare(other_dataset(items, criterion), 0.5)
    detectors: dict[str, Any] = {}
    if wins(comparisons["harm"]):
        model = fit(harm.features, harm.labels, signs)
        check = risk_balance_check(model)
        detectors["harm"] = {
            "features": list(risk_balance.HARM_FEATURES),
            "coef": [round(float(c), 6) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "threshold": THRESHOLD,
            "check": check,
            "held_out": comparisons["harm"],
        }
    coverage = build_coverage(data_dir, model) if "harm" in detectors else None
    document = {
        "format": 1,
        "what": "Logistic-regression sentence detectors of the risk_balance dimension: "
                "p = 1 / (1 + exp(-(features . coef + intercept))), features as in "
                "healthscore.dimensions.risk_balance.HARM_FEATURES.",
        "trained_by": "benchmarks/train_risk_detectors.py",
        "source": "hnr/sentence_rationales_dev.jsonl.gz (simonzli/annotator-backend, MIT): "
                  "sentences marked as discussing harms by non-expert annotators",
        "sklearn": sklearn.__version__,
        "C": C,
        "class_weight": "balanced",
        "signs": HARM_SIGNS,
        "detectors": detectors,
        **({"coverage": coverage} if coverage else {}),
        "not_shipped": {
            k: {**v, "why": "measured only: the dimension keeps its lexicon for this"}
            for k, v in comparisons.items() if k not in detectors
        },
    }
    return document, comparisons


def build_coverage(data_dir: Path, harm_model: Any) -> dict[str, Any] | None:
    """Fit the harm-coverage model on the development articles rated on ``harms``."""
    if not (data_dir / "hnr" / "articles_dev.jsonl.gz").exists():
        return None
    articles = hnr_data.load_articles(data_dir)
    indexes, labels = hnr_data.labelled(articles, "harms")
    assessments = assess_texts([articles[i].text for i in indexes])
    x = coverage_matrix(assessments, detector_from(harm_model))
    model = fit_coverage(x, labels)
    return {
        "what": "p(harms Satisfactory) = 1 / (1 + exp(-(features . coef + intercept))), "
                "features as in healthscore.dimensions.risk_balance.COVERAGE_FEATURES "
                "(log(1 + x) each); the harm part of the risk_balance score",
        "source": "hnr/articles_dev.jsonl.gz, expert criterion 'harms' (HealthNewsReview.org "
                  "via FakeHealth): development split only",
        "articles": len(labels),
        "satisfactory": int(labels.sum()),
        "C": C,
        "class_weight": None,
        "signs": dict(zip(risk_balance.COVERAGE_FEATURES, COVERAGE_SIGNS, strict=True)),
        "features": list(risk_balance.COVERAGE_FEATURES),
        "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "out_of_fold": "see benchmarks/calibrate_risk_balance.py",
    }


def risk_balance_check(model: Any) -> list[dict[str, Any]]:
    """The training model's probabilities on :data:`CHECK_SENTENCES` (each read alone, with
    no topic)."""
    out = []
    for text in CHECK_SENTENCES:
        features = risk_balance.harm_features([text], first_is_topic=False)
        probability = float(model.predict_proba(features)[0, 1])
        out.append({"text": text, "probability": round(probability, 6)})
    return out


def _print(comparisons: dict[str, dict[str, Any]]) -> None:
    print(f"{'detector':<13} {'sent':>5} {'pos':>4} {'art':>4}   "
          f"{'lexicon AUC/AP/F1':>20}   {'learned AUC/AP/F1':>20}")
    for name, c in comparisons.items():
        lex, learned = c["lexicon"], c["learned"]
        print(f"{name:<13} {c['sentences']:>5} {c['positives']:>4} {c['articles']:>4}   "
              f"{lex['auc']:.3f}/{lex['average_precision']:.3f}/{lex['f1']:.3f}     "
              f"{learned['auc']:.3f}/{learned['average_precision']:.3f}/{learned['f1']:.3f}"
              f"   {'ships' if name in WIRED and wins(c) else 'lexicon kept'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true",
                        help="fit and compare with --out instead of writing it")
    args = parser.parse_args(argv)
    if not (args.data_dir / RATIONALES).exists():
        print(f"missing {args.data_dir / RATIONALES}", file=sys.stderr)
        return 2
    document, comparisons = build(args.data_dir)
    _print(comparisons)
    text = json.dumps(document, indent=1, sort_keys=False) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'DIFFERS from a fresh fit'}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
