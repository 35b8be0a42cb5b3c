"""Load the HealthNewsReview.org development split (``../shared/data/hnr``) for validation.

The data is never copied into the project: every function takes the data directory.
Labels are 1 for Satisfactory, 0 for Not Satisfactory; "Not Applicable" and missing criteria
are left out. Articles whose scraped text is under ``MIN_TEXT_CHARS`` (scrape failures, about 4%)
are left out too, and counted, so every figure says what it was computed on.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MIN_TEXT_CHARS = 200
CRITERIA = (
    "costs",
    "benefits",
    "harms",
    "evidence_quality",
    "disease_mongering",
    "sources_coi",
    "alternatives",
    "availability",
    "novelty",
    "sensational_language",
    "relies_on_news_release",
)


@dataclass(frozen=True)
class Article:
    news_id: str
    subset: str  # HealthStory | HealthRelease
    title: str
    text: str
    rating: float | None
    criteria: dict[str, str]


def load_articles(
    data_dir: str | Path = DEFAULT_DATA_DIR, *, min_chars: int = MIN_TEXT_CHARS
) -> list[Article]:
    """All development articles with at least *min_chars* of text, in file order."""
    path = Path(data_dir) / "hnr" / "articles_dev.jsonl.gz"
    articles = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row.get("text") or ""
            if len(text) < min_chars:
                continue
            articles.append(
                Article(
                    row["news_id"],
                    row["subset"],
                    row.get("title") or "",
                    text,
                    row.get("rating"),
                    dict(row.get("criteria") or {}),
                )
            )
    return articles


def labelled(articles: list[Article], criterion: str) -> tuple[list[int], np.ndarray]:
    """Indexes of *articles* rated Satisfactory/Not Satisfactory on *criterion*, and the
    labels (1 = Satisfactory)."""
    indexes, labels = [], []
    for i, article in enumerate(articles):
        value = article.criteria.get(criterion)
        if value in ("Satisfactory", "Not Satisfactory"):
            indexes.append(i)
            labels.append(int(value == "Satisfactory"))
    return indexes, np.asarray(labels)
