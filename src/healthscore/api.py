"""The small front door: :func:`score`, :func:`score_file`, :func:`score_many`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .config import Config
from .errors import InputError
from .readers import read_document, read_file
from .report import Report
from .scoring import _default_config, error_report, score_document


def score(text: str | bytes, *, format: str | None = None, config: Config | None = None) -> Report:
    """Score an article given as text (or bytes).

    Parameters
    ----------
    text:
        The article: Markdown, HTML or plain text.
    format:
        ``"markdown"``, ``"html"`` or ``"text"``; sniffed from the content when omitted.
    config:
        A :class:`~healthscore.Config`; defaults apply when omitted.

    Returns
    -------
    Report
        Scores per dimension, the overall score and the findings.

    Raises
    ------
    InputError
        The input is binary, wrongly encoded or too large.

    Examples
    --------
    >>> import healthscore
    >>> report = healthscore.score("# Coffee\\n\\nCoffee cures cancer, experts say.")
    >>> report.dimensions["readability"].status
    'not_enough_text'
    """
    config = config or _default_config()
    document = read_document(text, format=format, max_bytes=config.max_file_bytes)
    return score_document(document, config)


def score_file(
    path: str | os.PathLike[str], *, format: str | None = None, config: Config | None = None
) -> Report:
    """Score the article in file *path*; the format comes from its extension.

    Raises :class:`~healthscore.InputError` (with an HS0xx ``code``) when the file cannot be
    read, is binary, is not UTF-8 or is too large.
    """
    config = config or _default_config()
    document = read_file(path, format=format, max_bytes=config.max_file_bytes)
    return score_document(document, config)


def score_many(
    items: Iterable[str | os.PathLike[str]],
    *,
    config: Config | None = None,
    n_jobs: int = 1,
) -> list[Report]:
    """Score many articles, in parallel with joblib when ``n_jobs != 1``.

    ``pathlib.Path`` (any ``os.PathLike``) items are files; ``str`` items are article texts.
    An item that cannot be read gives a report with ``errors`` (HS0xx) instead of stopping the
    run. Reports come back in input order.
    """
    config = config or _default_config()
    items = list(items)
    if n_jobs == 1 or len(items) < 2:
        return [_score_item(item, config) for item in items]
    from joblib import Parallel, delayed

    return list(Parallel(n_jobs=n_jobs)(delayed(_score_item)(item, config) for item in items))


def _score_item(item: str | os.PathLike[str], config: Config) -> Report:
    if isinstance(item, os.PathLike):
        try:
            return score_file(item, config=config)
        except InputError as error:
            return error_report(error, str(Path(item)))
    try:
        return score(item, config=config)
    except InputError as error:
        return error_report(error)
