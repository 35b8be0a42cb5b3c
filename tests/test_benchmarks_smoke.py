"""The validity benchmark must not rot: its statistics are right, and its quick mode runs end to
end and writes the report and the figure."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, requires_shared_data
from sklearn.metrics import roc_auc_score

BENCHMARKS = ROOT / "benchmarks"


def _load(name: str):  # benchmarks/ is not a package; load without touching sys.path
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


stats = _load("stats")

CRITERIA_ROWS = (
    ("harms", "risk_balance"),
    ("benefits", "risk_balance"),
    ("alternatives", "risk_balance"),
    ("sensational_language", "hedging"),
    ("evidence_quality", "hedging"),
    ("disease_mongering", "hedging"),
    ("sources_coi", "citations"),
)


# -- stats.py ----------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
def test_auc_matches_sklearn_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, 200)
    scores = np.round(rng.normal(size=200) + labels, 1)  # rounding makes ties
    assert stats.roc_auc(labels, scores) == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)


def test_auc_direction_and_single_class() -> None:
    assert stats.roc_auc(np.array([0, 0, 1, 1]), np.array([1, 2, 3, 4])) == 1.0
    assert stats.roc_auc(np.array([0, 0, 1, 1]), np.array([4, 3, 2, 1])) == 0.0
    assert stats.roc_auc(np.array([1, 0, 1, 0]), np.array([5, 5, 5, 5])) == 0.5
    assert np.isnan(stats.roc_auc(np.ones(5), np.arange(5)))
    assert not stats.bootstrap_auc(np.ones(5), np.arange(5)).ok


def test_bootstrap_auc_interval_contains_estimate_and_is_deterministic() -> None:
    rng = np.random.default_rng(7)
    labels = rng.integers(0, 2, 300)
    scores = rng.normal(size=300) + 0.8 * labels
    first = stats.bootstrap_auc(labels, scores, n_resamples=300, seed=11)
    again = stats.bootstrap_auc(labels, scores, n_resamples=300, seed=11)
    other = stats.bootstrap_auc(labels, scores, n_resamples=300, seed=12)
    assert first.low < first.value < first.high
    assert first.high - first.low < 0.2
    assert (first.low, first.high) == (again.low, again.high)
    assert (first.low, first.high) != (other.low, other.high)
    assert first.n == 300 and first.resamples == 300


def test_spearman_matches_scipy_and_bootstrap_ci() -> None:
    scipy_stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(3)
    x = rng.integers(0, 6, 250).astype(float)  # star ratings: many ties
    y = x + rng.normal(scale=2.0, size=250)
    expected = scipy_stats.spearmanr(x, y)[0]
    assert stats.spearman(x, y) == pytest.approx(expected, abs=1e-12)
    estimate = stats.bootstrap_spearman(x, y, n_resamples=200, seed=5)
    assert estimate.low < estimate.value < estimate.high
    assert estimate == stats.bootstrap_spearman(x, y, n_resamples=200, seed=5)
    assert np.isnan(stats.spearman(np.ones(10), np.arange(10.0)))


def test_rankdata_averages_ties_row_by_row() -> None:
    ranks = stats.rankdata(np.array([[10, 20, 20, 5], [1, 1, 1, 1]]), axis=1)
    assert ranks.tolist() == [[2.0, 3.5, 3.5, 1.0], [2.5, 2.5, 2.5, 2.5]]


def test_estimate_format() -> None:
    assert stats.Estimate(0.8123, 0.75, 0.86, 10).format() == "0.81 [0.75, 0.86]"
    assert stats.Estimate(float("nan"), float("nan"), float("nan"), 0).format() == "n/a"


# -- validity.py --quick -----------------------------------------------------------------------
@pytest.mark.shared_data
@requires_shared_data("hnr/articles_dev.jsonl.gz")
def test_validity_quick_writes_report_and_figure(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the bench extra (matplotlib) is not installed")
    completed = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "validity.py"),
            "--data-dir",
            str(ROOT.parent / "shared" / "data"),
            "--quick",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=900,  # generous: a hang fails, a slow machine does not
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    markdown = tmp_path / "VALIDATION.md"
    figure = tmp_path / "validation_roc.png"
    assert markdown.exists() and figure.exists()
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and figure.stat().st_size > 10_000
    text = markdown.read_text(encoding="utf-8")
    for criterion, dimension in CRITERIA_ROWS:
        assert f"| {criterion} | {dimension} |" in text, f"no table row for {criterion}"
    assert "| overall |" in text
    assert "Quick run" in text
    assert "--quick" in text  # the reproduce command
    # the summary printed to stdout has a row per criterion too
    for criterion, _ in CRITERIA_ROWS:
        assert criterion in completed.stdout


# -- same_reports.py ---------------------------------------------------------------------------
def test_same_reports_finds_no_difference_then_a_changed_score(tmp_path):
    """write then check on the same code: 0 differences; a stored report altered by hand is
    reported as a difference with exit status 1."""
    import gzip
    import json

    stored = tmp_path / "reports.jsonl.gz"
    common = [sys.executable, str(BENCHMARKS / "same_reports.py"), "--data-dir",
              str(tmp_path / "no-data"), "--out", str(stored), "--generated", "2"]
    run = subprocess.run([*common[:2], "write", *common[2:]], capture_output=True, text=True,
                         timeout=300, check=True)
    assert "wrote" in run.stdout
    same = subprocess.run([*common[:2], "check", *common[2:]], capture_output=True, text=True,
                          timeout=300)
    assert same.returncode == 0 and ", 0 differences" in same.stdout
    with gzip.open(stored, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    scored = next(row for row in rows if row["report"].get("overall") is not None)
    scored["report"]["overall"] += 1
    with gzip.open(stored, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, sort_keys=True) + "\n" for row in rows)
    changed = subprocess.run([*common[:2], "check", *common[2:]], capture_output=True,
                             text=True, timeout=300)
    assert changed.returncode == 1 and ", 1 differences" in changed.stdout
    assert f"--- {scored['key']}" in changed.stdout
