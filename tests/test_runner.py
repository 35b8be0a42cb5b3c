"""The runner, in process: discovery, globbing, parallel scoring, the cache, baselines and the
judgement of each file (thresholds, fail_on)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from healthscore import Config
from healthscore.baseline import Baseline, fingerprint
from healthscore.cache import ReportCache, cache_salt, canonical_config
from healthscore.errors import ConfigError
from healthscore.runner import (
    PARALLEL_THRESHOLD,
    Summary,
    Target,
    auto_jobs,
    check,
    discover,
    glob_match,
    judge,
    score_target,
    score_targets,
    threshold_failures,
)

ARTICLE = (
    "Coffee is one of the most popular drinks in the world. A large study of adults found that "
    "people who drank three cups a day had a slightly lower risk of type 2 diabetes. The study "
    "was observational, so it cannot show that coffee itself lowers the risk. Talk to your "
    "doctor before you change what you drink.\n"
)


def write(path: Path, text: str | bytes = ARTICLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def keys(targets: list[Target]) -> list[str]:
    return [t.key for t in targets]


# -- globbing and discovery ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("a.md", "**/*.md", True),  # ** also matches the top level
        ("docs/a.md", "**/*.md", True),
        ("docs/a.txt", "**/*.md", False),
        ("docs/drafts/a.md", "drafts", True),  # a bare name matches at any depth
        ("drafts/a.md", "drafts/", True),
        ("docs/drafts/a.md", "docs/drafts", True),  # a directory pattern covers what is below
        ("docs/draftsman.md", "drafts", False),
        ("docs/legacy/x/y.html", "docs/legacy/**", True),
        ("other/docs/legacy/y.html", "docs/legacy/**", False),
        ("a.md", "./a.md", True),
        ("docs/a.md", "docs/**/*.md", True),
        ("docs/x/y/a.md", "docs/**/*.md", True),
        ("blog/a.md", "docs/**/*.md", False),
    ],
)
def test_glob_match(path, pattern, expected):
    assert glob_match(path, pattern) is expected


def test_discover_finds_articles_and_skips_tool_directories(tmp_path):
    for name in ("a.md", "b.markdown", "c.html", "d.htm", "e.txt", "docs/f.md"):
        write(tmp_path / name)
    write(tmp_path / "notes.rst")
    write(tmp_path / "script.py", "print('hi')\n")
    write(tmp_path / "requirements.txt", "numpy\n")
    for skipped in (".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", "build",
                    "dist", ".healthscore_cache"):
        write(tmp_path / skipped / "x.md")
    write(tmp_path / "myenv" / "pyvenv.cfg", "home = /usr\n")
    write(tmp_path / "myenv" / "lib" / "README.md")
    targets = discover(["."], Config(), root=tmp_path, cwd=tmp_path)
    assert keys(targets) == ["a.md", "b.markdown", "c.html", "d.htm", "docs/f.md", "e.txt"]
    assert [t.display for t in targets] == keys(targets)


def test_discover_applies_excludes_but_explicit_files_are_always_checked(tmp_path):
    write(tmp_path / "docs" / "keep.md")
    write(tmp_path / "docs" / "drafts" / "draft.md")
    write(tmp_path / "docs" / "legacy.html")
    config = Config(exclude=("drafts", "docs/*.html"))
    assert keys(discover(["."], config, root=tmp_path, cwd=tmp_path)) == ["docs/keep.md"]
    explicit = discover(["docs/legacy.html", "docs"], config, root=tmp_path, cwd=tmp_path)
    assert keys(explicit) == ["docs/keep.md", "docs/legacy.html"]
    # A missing explicit file is kept: it is reported as HS001 rather than silently skipped.
    assert keys(discover(["nope.md"], config, root=tmp_path, cwd=tmp_path)) == ["nope.md"]


def test_discover_keys_are_relative_to_the_root_and_displays_to_the_cwd(tmp_path):
    write(tmp_path / "site" / "docs" / "a.md")
    cwd = tmp_path / "site" / "docs"
    (target,) = discover(["a.md"], Config(), root=tmp_path, cwd=cwd)
    assert target.key == "site/docs/a.md"
    assert target.display == "a.md"


def test_discover_respects_include(tmp_path):
    write(tmp_path / "a.md")
    write(tmp_path / "b.txt")
    config = Config(include=("**/*.md",))
    assert keys(discover(["."], config, root=tmp_path, cwd=tmp_path)) == ["a.md"]


def test_discover_output_is_sorted_and_deduplicated(tmp_path):
    for name in ("z.md", "a/b.md", "m.md", "a.md"):
        write(tmp_path / name)
    targets = discover([".", "z.md", "a"], Config(), root=tmp_path, cwd=tmp_path)
    assert keys(targets) == ["a.md", "a/b.md", "m.md", "z.md"]


# -- scoring -----------------------------------------------------------------------------------
def test_score_target_reports_input_errors_without_raising(tmp_path):
    config = Config()
    cases = {
        "bin.md": (b"\x89PNG\x00\x00\x01\x02binary", "HS002"),
        "latin1.txt": ("caf\u00e9 au lait".encode("latin-1"), "HS003"),
    }
    for name, (data, code) in cases.items():
        write(tmp_path / name, data)
        (target,) = discover([name], config, root=tmp_path, cwd=tmp_path)
        report, cached, internal = score_target(target, config)
        assert internal is None and not cached
        assert [e["code"] for e in report["errors"]] == [code]
    (missing,) = discover(["missing.md"], config, root=tmp_path, cwd=tmp_path)
    report, _, _ = score_target(missing, config)
    assert report["errors"][0]["code"] == "HS001"
    assert "missing.md" in report["errors"][0]["message"]
    big = Config(max_file_bytes=10)
    write(tmp_path / "big.md")
    (target,) = discover(["big.md"], big, root=tmp_path, cwd=tmp_path)
    assert score_target(target, big)[0]["errors"][0]["code"] == "HS004"


def test_score_target_turns_an_exception_into_an_internal_error(tmp_path, monkeypatch):
    import healthscore.scoring

    def boom(*args, **kwargs):
        raise RuntimeError("dimension exploded")

    monkeypatch.setattr(healthscore.scoring, "score_document", boom)
    write(tmp_path / "a.md")
    (target,) = discover(["a.md"], Config(), root=tmp_path, cwd=tmp_path)
    report, cached, internal = score_target(target, Config())
    assert report is None
    assert internal.startswith("RuntimeError: dimension exploded")


def test_auto_jobs_is_serial_for_few_files():
    assert auto_jobs(PARALLEL_THRESHOLD - 1) == 1
    assert 1 <= auto_jobs(1000) <= 8


def test_parallel_results_equal_serial_results(tmp_path):
    for i in range(10):
        write(tmp_path / f"a{i}.md", ARTICLE * (i % 3 + 1))
    write(tmp_path / "bin.md", b"\x00\x01\x02")
    config = Config()
    targets = discover(["."], config, root=tmp_path, cwd=tmp_path)
    serial = list(score_targets(targets, config, jobs=1))
    parallel = list(score_targets(targets, config, jobs=2))
    assert serial == parallel


# -- cache -------------------------------------------------------------------------------------
def test_cache_hit_returns_the_same_report_and_a_changed_file_misses(tmp_path):
    config = Config()
    cache = ReportCache(tmp_path / ".healthscore_cache", cache_salt(config))
    path = write(tmp_path / "a.md")
    (target,) = discover(["a.md"], config, root=tmp_path, cwd=tmp_path)
    fresh, cached, _ = score_target(target, config, cache)
    assert not cached
    again, cached, _ = score_target(target, config, cache)
    assert cached and again == fresh
    path.write_text(ARTICLE + "\nOne more sentence about tea.\n", encoding="utf-8")
    assert score_target(target, config, cache)[1] is False
    assert (tmp_path / ".healthscore_cache" / ".gitignore").is_file()


def test_a_cache_hit_shows_the_path_as_this_run_displays_it(tmp_path):
    """The cache is keyed by the path from the project root; a hit written by a run from
    another directory still names the file as this run displays it, as a fresh result does."""
    config = Config()
    cache = ReportCache(tmp_path / ".healthscore_cache", cache_salt(config))
    write(tmp_path / "docs" / "a.md")
    (from_root,) = discover(["docs/a.md"], config, root=tmp_path, cwd=tmp_path)
    (from_docs,) = discover(["a.md"], config, root=tmp_path, cwd=tmp_path / "docs")
    assert from_root.key == from_docs.key and from_root.display != from_docs.display
    assert score_target(from_root, config, cache)[0]["source"] == from_root.display
    hit, cached, _ = score_target(from_docs, config, cache)
    assert cached and hit["source"] == from_docs.display
    assert hit == score_target(from_docs, config)[0]


def test_cache_depends_on_configuration():
    assert cache_salt(Config()) == cache_salt(Config())
    assert cache_salt(Config()) != cache_salt(Config(ignore=("HS1",)))
    assert canonical_config(Config(ignore=("HS1",))) == canonical_config(Config(ignore=["HS1"]))
    # Thresholds and discovery globs do not change a report: the cache survives their changes.
    assert cache_salt(Config()) == cache_salt(Config(min_score=90, exclude=("drafts",)))


def test_a_corrupt_cache_entry_is_a_miss(tmp_path):
    cache = ReportCache(tmp_path, "salt")
    cache.put("a.md", "abc", json.dumps({"overall": 1}))
    assert cache.get("a.md", "abc") == {"overall": 1}
    (entry,) = [p for p in tmp_path.rglob("*.json")]
    entry.write_text("{not json", encoding="utf-8")
    assert cache.get("a.md", "abc") is None


def test_unwritable_cache_is_not_an_error(tmp_path):
    blocker = write(tmp_path / "file", "x")
    cache = ReportCache(blocker / "cache", "salt")  # a directory under a file: cannot exist
    cache.put("a.md", "abc", "{}")
    assert cache.get("a.md", "abc") is None


# -- baseline ----------------------------------------------------------------------------------
def finding(code="HS101", excerpt="A long sentence.", line=3, severity="warning"):
    return {"code": code, "name": "x", "dimension": "readability", "severity": severity,
            "message": "m", "suggestion": "s", "line": line, "column": 1, "end_line": line,
            "end_column": 5, "excerpt": excerpt}


def test_fingerprint_survives_line_shifts_but_not_rewrites():
    assert fingerprint(finding(line=3)) == fingerprint(finding(line=30))
    assert fingerprint(finding(excerpt="A  long\nsentence.")) == fingerprint(finding())
    assert fingerprint(finding(excerpt="Another sentence.")) != fingerprint(finding())
    assert fingerprint(finding(code="HS102")) != fingerprint(finding())


def test_baseline_counts_occurrences(tmp_path):
    baseline = Baseline()
    baseline.record("a.md", [finding(), finding()])
    path = tmp_path / "baseline.json"
    baseline.write(path)
    loaded = Baseline.load(path)
    new, old = loaded.split("a.md", [finding(line=9), finding(line=10), finding(line=11)])
    assert len(old) == 2 and [f["line"] for f in new] == [11]
    new, old = loaded.split("b.md", [finding()])
    assert len(new) == 1 and not old


def test_baseline_file_errors_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        Baseline.load(tmp_path / "missing.json")
    bad = write(tmp_path / "bad.json", '{"files": {}}')
    with pytest.raises(ConfigError, match="not a healthscore baseline"):
        Baseline.load(bad)


# -- judging -----------------------------------------------------------------------------------
def report_with(findings=(), errors=(), overall=60.0, dimension_score=40.0):
    return {
        "source": "x", "overall": overall, "findings": list(findings), "errors": list(errors),
        "suppressed": 0,
        "dimensions": {
            "readability": {"name": "readability", "status": "scored", "score": dimension_score},
            "hedging": {"name": "hedging", "status": "not_implemented", "score": None},
        },
    }


def test_threshold_failures_skip_unscored_dimensions():
    config = Config(min_score=70, min_scores={"readability": 50, "hedging": 90})
    failures = threshold_failures(report_with(), config)
    assert [(f["kind"], f["dimension"]) for f in failures] == [
        ("min_score", None), ("min_scores", "readability"),
    ]
    assert threshold_failures(report_with(overall=None), Config(min_score=70)) == []


@pytest.mark.parametrize(
    ("fail_on", "severities", "failed"),
    [
        ("error", ["warning", "info"], False),
        ("error", ["error"], True),
        ("warning", ["warning"], True),
        ("warning", ["info"], False),
        ("info", ["info"], True),
        ("never", ["error"], False),
    ],
)
def test_fail_on(fail_on, severities, failed):
    target = Target("x.md", "x.md", "x.md")
    findings = [finding(severity=s, excerpt=str(i)) for i, s in enumerate(severities)]
    result = judge(target, (report_with(findings), False, None), Config(), fail_on=fail_on)
    assert result.failed is failed


def test_judge_hides_baselined_findings_everywhere():
    target = Target("x.md", "x.md", "x.md")
    old, new = finding(excerpt="old"), finding(excerpt="new", line=5)
    baseline = Baseline({"x.md": {fingerprint(old): 1}})
    result = judge(target, (report_with([old, new]), False, None), Config(), baseline=baseline)
    assert result.baselined == 1
    assert [f["excerpt"] for f in result.findings] == ["new"]
    assert [f["excerpt"] for f in result.report["findings"]] == ["new"]


def test_summary_exit_codes():
    target = Target("x.md", "x.md", "x.md")
    summary = Summary()
    summary.add(judge(target, (report_with(), False, None), Config()))
    assert summary.exit_code == 0
    summary.add(judge(target, (report_with([finding(severity="error")]), False, None), Config()))
    assert summary.exit_code == 1
    summary.add(judge(target, (None, False, "KeyError: 'x'"), Config()))
    assert summary.exit_code == 2
    data = summary.to_dict()
    assert data["files"] == 3 and data["failed"] == 2 and data["internal_errors"] == 1


def test_check_records_a_baseline_and_treats_it_as_baselined(tmp_path):
    write(tmp_path / "bin.md", b"\x00\x01")
    config = Config()
    targets = discover(["."], config, root=tmp_path, cwd=tmp_path)
    record = Baseline()
    results = list(check(targets, config, record=record))
    assert len(record) == 1 and results[0].baselined == 1 and not results[0].failed
    assert os.fspath(results[0].path) == "bin.md"


def test_a_run_served_from_the_cache_starts_no_worker_processes(tmp_path, monkeypatch):
    import healthscore.runner as runner

    for i in range(PARALLEL_THRESHOLD + 2):
        write(tmp_path / f"a{i}.md", ARTICLE + f"\nNumber {i}.\n")
    config = Config()
    cache = ReportCache(tmp_path / ".cache", cache_salt(config))
    targets = discover(["."], config, root=tmp_path, cwd=tmp_path)
    first = list(score_targets(targets, config, cache=cache, jobs=1))

    def no_pool(*args, **kwargs):
        raise AssertionError("worker processes started for a fully cached run")

    monkeypatch.setattr(runner, "_score_parallel", no_pool)
    again = list(score_targets(targets, config, cache=cache))
    assert [o[1] for o in again] == [True] * len(targets)
    assert [o[0] for o in again] == [o[0] for o in first]


# -- the worker's JSON text, spliced into the JSON output ----------------------------------------
def test_fresh_reports_keep_their_json_text_and_it_is_exactly_the_report(tmp_path):
    """A freshly scored report reaches the formatters as the worker's JSON text; the entry built
    from it must be byte for byte what encoding the parsed report gives."""
    write(tmp_path / "docs" / "a.md")
    write(tmp_path / "docs" / "b.md", ARTICLE.replace("Coffee", "Tea"))
    targets = discover([str(tmp_path)], Config(), root=tmp_path)
    results = list(check(targets, Config(), jobs=1))
    assert all(r.report_json is not None for r in results)
    for result in results:
        assert json.loads(result.report_json) == result.report
        assert result.report["source"] == next(t.display for t in targets if t.key == result.key)
        assert result.to_json() == json.dumps(result.to_dict(), ensure_ascii=False)


def test_judge_drops_the_json_text_when_it_changes_the_report():
    target = Target("x.md", "x.md", "shown/x.md")
    old, new = finding(excerpt="old"), finding(excerpt="new", line=5)
    text = json.dumps({**report_with([old, new]), "source": "shown/x.md"})
    # Unchanged: kept.
    kept = judge(target, (json.loads(text), False, None), Config(), report_json=text)
    assert kept.report_json == text
    # A different source (a cache entry written from another directory): re-encoded.
    moved = judge(target, (report_with([old, new]), False, None), Config(), report_json=text)
    assert moved.report_json is None and moved.report["source"] == "shown/x.md"
    # A baselined finding removed: re-encoded, and the entry no longer shows it.
    baseline = Baseline({"x.md": {fingerprint(old): 1}})
    hidden = judge(target, (json.loads(text), False, None), Config(), baseline=baseline,
                   report_json=text)
    assert hidden.report_json is None
    assert '"old"' not in hidden.to_json() and '"new"' in hidden.to_json()
