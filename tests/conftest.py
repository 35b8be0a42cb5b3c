"""Shared test fixtures."""

from __future__ import annotations

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


def requires_shared_data(subpath: str = "") -> pytest.MarkDecorator:
    """Skip a test when ../shared/data (or a part of it) is not beside the project."""
    target = SHARED_DATA / subpath
    return pytest.mark.skipif(
        not target.exists(), reason=f"needs the labelled data at {target} (not part of the project)"
    )
