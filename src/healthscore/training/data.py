"""Read the labelled sentences the claim model is trained on.

The public sets are read from ``--data-dir`` at training time and never copied into the
repository; only the project's own consumer-health sentences live in ``fixtures/claims``.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "CONSUMER",
    "EUREKA",
    "PUBMED",
    "Corpus",
    "SourceInfo",
    "check_wright_pet",
    "default_fixture_path",
    "load_consumer",
    "load_yu",
]

PUBMED = "yu_pubmed"
EUREKA = "yu_eureka"
CONSUMER = "consumer_health"

_YU_FILES = {
    PUBMED: "claim_strength_yu/annotated_pubmed.csv",
    EUREKA: "claim_strength_yu/annotated_eureka.csv",
}
_YU_CITATION = (
    "Yu, Li & Wang, EMNLP 2019 / COLING 2020 (junwang4/correlation-to-causation-exaggeration)"
)
_WRIGHT_PET = "claim_exaggeration_wright/pet_cls__train_pet.csv"


@dataclass
class SourceInfo:
    """Provenance of one training source, as recorded in the manifest and model card."""

    name: str
    path: str
    citation: str
    licence: str
    rows: int
    used: int
    sha256: str
    note: str = ""


@dataclass
class Corpus:
    """Sentences with integer labels 0..3 and the name of the source each came from."""

    sentences: list[str]
    labels: np.ndarray
    sources: np.ndarray
    info: list[SourceInfo] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sentences)

    def subset(self, index: np.ndarray) -> Corpus:
        """Rows at *index*, same provenance."""
        return Corpus(
            [self.sentences[i] for i in index], self.labels[index], self.sources[index], self.info
        )

    @staticmethod
    def concat(*parts: Corpus) -> Corpus:
        """Rows of all *parts* in order, provenance merged."""
        info: list[SourceInfo] = []
        for part in parts:
            info.extend(i for i in part.info if i not in info)
        return Corpus(
            [s for p in parts for s in p.sentences],
            np.concatenate([p.labels for p in parts]),
            np.concatenate([p.sources for p in parts]),
            info,
        )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _dedupe(rows: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], int]:
    """Keep the first of exact-duplicate sentences; drop sentences labelled two ways.

    Duplicates would otherwise straddle the train/test split and inflate the held-out score.
    """
    labels: dict[str, set[int]] = {}
    for sentence, label in rows:
        labels.setdefault(sentence, set()).add(label)
    seen: set[str] = set()
    kept: list[tuple[str, int]] = []
    for sentence, label in rows:
        if sentence in seen or len(labels[sentence]) > 1:
            continue
        seen.add(sentence)
        kept.append((sentence, label))
    return kept, sum(1 for v in labels.values() if len(v) > 1)


def load_yu(data_dir: Path) -> Corpus:
    """Both Yu et al. claim-strength sets, de-duplicated, sources ``yu_pubmed``/``yu_eureka``."""
    sentences: list[str] = []
    labels: list[int] = []
    sources: list[str] = []
    info: list[SourceInfo] = []
    taken: set[str] = set()
    for name, rel in _YU_FILES.items():
        path = data_dir / rel
        if not path.is_file():
            raise FileNotFoundError(f"training data not found: {path}")
        with path.open(encoding="utf-8", newline="") as fh:
            raw = [(r["sentence"].strip(), int(r["label"])) for r in csv.DictReader(fh)]
        rows, conflicts = _dedupe(raw)
        rows = [r for r in rows if r[0] not in taken]  # the two sets share none today
        taken.update(s for s, _ in rows)
        sentences += [s for s, _ in rows]
        labels += [label for _, label in rows]
        sources += [name] * len(rows)
        info.append(
            SourceInfo(
                name=name,
                path=rel,
                citation=_YU_CITATION,
                licence="NONE (research data; not redistributed)",
                rows=len(raw),
                used=len(rows),
                sha256=_sha256(path),
                note=f"{len(raw) - len(rows)} exact-duplicate rows dropped"
                + (f", {conflicts} sentence(s) labelled two ways removed" if conflicts else ""),
            )
        )
    return Corpus(sentences, np.array(labels, dtype=np.int64), np.array(sources), info)


def default_fixture_path() -> Path:
    """``fixtures/claims/consumer_health_claims.csv`` of the source checkout.

    Training runs from a checkout, not from an installed package: the working directory is
    looked at first (an installed package has no ``fixtures/``), then the tree around this file
    (an editable install).
    """
    relative = Path("fixtures") / "claims" / "consumer_health_claims.csv"
    for root in (Path.cwd(), Path(__file__).resolve().parents[3]):
        if (root / relative).is_file():
            return root / relative
    return Path.cwd() / relative


def load_consumer(path: Path) -> Corpus:
    """The project-written consumer-health sentences (columns ``sentence,label,note``)."""
    if not path.is_file():
        raise FileNotFoundError(f"consumer-health fixture not found: {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        raw = [(r["sentence"].strip(), int(r["label"])) for r in csv.DictReader(fh)]
    rows, _ = _dedupe(raw)
    info = SourceInfo(
        name=CONSUMER,
        path="fixtures/claims/consumer_health_claims.csv",
        citation="written for healthscore",
        licence="MIT (this project)",
        rows=len(raw),
        used=len(rows),
        sha256=_sha256(path),
    )
    return Corpus(
        [s for s, _ in rows],
        np.array([label for _, label in rows], dtype=np.int64),
        np.array([CONSUMER] * len(rows)),
        [info],
    )


def check_wright_pet(data_dir: Path, yu: Corpus) -> dict[str, object] | None:
    """How many Wright & Augenstein pet_cls sentences are already in the Yu sets.

    Recorded in the manifest because it is why that set is not added: every one of its 200
    sentences is a Yu PubMed sentence with the same label, so adding it would only duplicate
    rows across the train/test split.
    """
    path = data_dir / _WRIGHT_PET
    if not path.is_file():
        return None
    known = dict(zip(yu.sentences, yu.labels.tolist(), strict=True))
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r[0].strip(), int(r[1])) for r in csv.reader(fh) if len(r) >= 2]
    in_yu = [(s, label) for s, label in rows if s in known]
    return {
        "path": _WRIGHT_PET,
        "rows": len(rows),
        "already_in_yu": len(in_yu),
        "same_label": sum(1 for s, label in in_yu if known[s] == label),
        "used": 0,
    }
