"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
ARTICLES = FIXTURES / "articles"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def capsules_path() -> Path:
    return ARTICLES / "kratom-capsules-pain.txt"


@pytest.fixture
def blog_path() -> Path:
    return ARTICLES / "kratom-pain-management-blog.txt"


@pytest.fixture(scope="session")
def seed_sentences() -> list[str]:
    """The sentences of the seed articles, as the text reader splits them (text no model or
    lexicon was written from, in two consumer-health registers)."""
    from healthscore.readers import read_document

    return [
        sentence.text
        for path in sorted(ARTICLES.glob("*.txt"))
        for sentence in read_document(path.read_text(encoding="utf-8"), format="text").sentences
    ]


def requires_shared_data(subpath: str = "") -> pytest.MarkDecorator:
    """Skip a test when ../shared/data (or a part of it) is not beside the project."""
    target = SHARED_DATA / subpath
    return pytest.mark.skipif(
        not target.exists(), reason=f"needs the labelled data at {target} (not part of the project)"
    )


#: Not English (HS006): no dimension runs, so no model is loaded and a CLI run is quick.
SPANISH = (
    "El kratom es una planta del sudeste de Asia. Muchas personas la usan para el dolor, pero "
    "los estudios en humanos son pocos y los riesgos para la salud no se conocen bien todavía.\n"
)


def environment(**extra: str) -> dict[str, str]:
    """The environment for a CLI subprocess: no colour settings from the caller's shell."""
    env = dict(os.environ)
    for name in ("NO_COLOR", "FORCE_COLOR", "HEALTHSCORE_TRACEBACK"):
        env.pop(name, None)
    env.update(extra)
    return env
