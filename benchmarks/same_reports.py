"""Check that a change leaves every report exactly as it was (for speed work and refactors).

Usage::

    python benchmarks/same_reports.py write --data-dir ../shared/data --out /tmp/reports.jsonl.gz
    # ... change the code ...
    python benchmarks/same_reports.py check --data-dir ../shared/data --out /tmp/reports.jsonl.gz

It scores the HealthNewsReview.org development articles (as plain text), every fixture article
and 300 generated 1,200-word Markdown articles (``speed.generated_articles``), and stores or
compares each full JSON report (``Report.to_dict()``, as rounded there): every score and metric
and every finding with its code, position, message and suggestion. ``check`` prints the first
differences and exits 1 when there is any. The stored reports quote the articles, so keep
``--out`` outside the repository (the data's licence does not let it be committed).
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hnr_data  # noqa: E402
import speed  # noqa: E402

from healthscore.config import Config  # noqa: E402
from healthscore.errors import InputError  # noqa: E402
from healthscore.readers import read_document  # noqa: E402
from healthscore.scoring import score_document  # noqa: E402


def documents(data_dir: Path | None, generated: int = 300) -> Iterator[tuple[str, str, str | None]]:
    """``(key, text, format)`` of every document compared."""
    if data_dir is not None:
        for article in hnr_data.load_articles(data_dir, min_chars=0):
            yield f"hnr:{article.news_id}", article.text, "text"
    for path in sorted(speed.FIXTURES.iterdir()):
        if path.is_file():
            yield f"fixture:{path.name}", path.read_text(encoding="utf-8", errors="replace"), None
    for number, text in enumerate(speed.generated_articles(generated, seed=7)):
        yield f"generated:{number}", text, "markdown"


def report_of(text: str, fmt: str | None) -> dict[str, Any]:
    """The report as JSON-ready data, or the input error."""
    try:
        document = read_document(text, format=fmt)
    except InputError as error:
        return {"error": f"{error.code}: {error}"}
    return score_document(document, Config()).to_dict()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("write", "check"))
    parser.add_argument("--data-dir", type=Path, default=hnr_data.DEFAULT_DATA_DIR,
                        help="the shared data folder (HNR articles are skipped when absent)")
    parser.add_argument("--out", type=Path, required=True, help="the stored reports (.jsonl.gz)")
    parser.add_argument("--generated", type=int, default=300, help="generated articles (300)")
    args = parser.parse_args(argv)
    data_dir = args.data_dir if (args.data_dir / "hnr").is_dir() else None
    if data_dir is None:
        print(f"no HNR articles under {args.data_dir}: comparing fixtures and generated only")
    reports = {key: report_of(text, fmt) for key, text, fmt in documents(data_dir, args.generated)}
    if args.mode == "write":
        with gzip.open(args.out, "wt", encoding="utf-8") as handle:
            for key, report in reports.items():
                handle.write(json.dumps({"key": key, "report": report}, sort_keys=True) + "\n")
        print(f"wrote {len(reports)} reports to {args.out}")
        return 0
    with gzip.open(args.out, "rt", encoding="utf-8") as handle:
        stored = {row["key"]: row["report"] for row in map(json.loads, handle)}
    different = [key for key in reports if reports[key] != stored.get(key)]
    missing = sorted(set(stored) - set(reports))
    for key in different[:5]:
        before = json.dumps(stored.get(key), sort_keys=True, indent=1).splitlines()
        after = json.dumps(reports[key], sort_keys=True, indent=1).splitlines()
        print(f"--- {key}")
        print("\n".join(list(difflib.unified_diff(before, after, lineterm="", n=1))[:30]))
    print(f"{len(reports)} documents, {len(different)} differences"
          + (f", {len(missing)} stored documents not scored now" if missing else ""))
    return 1 if different or missing else 0


if __name__ == "__main__":
    sys.exit(main())
