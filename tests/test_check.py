"""``healthscore check`` end to end: the real command line, as a subprocess, on small content
repositories built in ``tmp_path``. Discovery, configuration, exit codes, unreadable files,
internal errors, baselines, the cache and parallel runs."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SPANISH, environment

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "fixtures" / "articles"
CAPSULES = ARTICLES / "kratom-capsules-pain.txt"



def healthscore(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line."""
    return subprocess.run(
        [sys.executable, "-m", "healthscore.cli", *args], cwd=cwd, capture_output=True,
        text=True, env=environment(**env), timeout=600,
    )


def check_json(cwd: Path, *args: str) -> tuple[int, dict]:
    done = healthscore(cwd, "check", "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository with good, excluded, skipped and unreadable files."""
    root = tmp_path / "site"
    write(root / "pyproject.toml", '[project]\nname = "site"\n\n[tool.healthscore]\n'
          'exclude = ["drafts"]\n')
    paragraphs = CAPSULES.read_text(encoding="utf-8").split("\n\n")
    write(root / "docs" / "blog.txt", "\n\n".join(paragraphs[:6]))
    write(root / "docs" / "guides" / "capsules.md", "\n\n".join(paragraphs[4:]))
    write(root / "docs" / "drafts" / "draft.md", "# Draft\n\nNot ready.\n")
    write(root / "docs" / "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    write(root / "docs" / "latin1.txt", "Caf\u00e9 au lait is a drink.".encode("latin-1"))
    write(root / "node_modules" / "pkg" / "README.md", "# A package\n")
    write(root / ".venv" / "README.md", "# venv\n")
    write(root / "env" / "pyvenv.cfg", "home = /usr/bin\n")
    write(root / "env" / "lib" / "README.md", "# venv\n")
    write(root / "build" / "index.html", "<p>built</p>")
    return root


def paths(data: dict) -> list[str]:
    return [f["path"] for f in data["files"]]


def codes(entry: dict) -> list[str]:
    report = entry["report"] or {}
    return [f["code"] for f in report.get("errors", []) + report.get("findings", [])]


# -- discovery and unreadable input --------------------------------------------------------------
def test_check_finds_articles_skips_tool_directories_and_reports_unreadable_files(repo):
    status, data = check_json(repo)
    assert paths(data) == [
        "docs/blog.txt", "docs/guides/capsules.md", "docs/image.md", "docs/latin1.txt",
    ]
    entries = {f["path"]: f for f in data["files"]}
    assert codes(entries["docs/image.md"]) == ["HS002"]
    assert codes(entries["docs/latin1.txt"]) == ["HS003"]
    assert entries["docs/image.md"]["report"]["errors"][0]["severity"] == "error"
    # The other files were still scored.
    for name in ("docs/blog.txt", "docs/guides/capsules.md"):
        report = entries[name]["report"]
        assert report["errors"] == [] and report["stats"]["words"] > 100
    assert status == 1  # unreadable files are errors under the default --fail-on
    assert data["summary"]["unreadable"] == 2
    assert data["summary"]["exit_code"] == 1


def test_explicit_paths_are_checked_even_when_excluded_and_a_missing_path_is_hs001(repo):
    status, data = check_json(repo, "docs/drafts/draft.md", "docs/missing.md")
    assert paths(data) == ["docs/drafts/draft.md", "docs/missing.md"]
    assert codes(data["files"][1]) == ["HS001"]
    assert status == 1


def test_configuration_is_found_from_a_subdirectory(repo):
    status, data = check_json(repo / "docs")
    # Excludes are relative to the configuration file; displayed paths to the working directory.
    assert paths(data) == ["blog.txt", "guides/capsules.md", "image.md", "latin1.txt"]


def test_no_files_is_a_warning_not_an_error(tmp_path):
    done = healthscore(tmp_path, "check")
    assert done.returncode == 0
    assert "no files to check" in done.stderr
    assert "Checked 0 files" in done.stdout


# -- configuration errors ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("table", "named"),
    [("colour = 'red'", "colour"), ("min_score = 'high'", "min_score"),
     ("fail_on = 'maybe'", "fail_on"), ("[tool.healthscore.weights]\nvibes = 1", "vibes")],
)
def test_bad_configuration_exits_2_naming_the_key(tmp_path, table, named):
    write(tmp_path / "pyproject.toml", f"[tool.healthscore]\n{table}\n")
    write(tmp_path / "a.md", "# A\n\nText.\n")
    done = healthscore(tmp_path, "check")
    assert done.returncode == 2
    assert named in done.stderr and "pyproject.toml" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_usage_errors_exit_2(tmp_path):
    assert healthscore(tmp_path, "check", "--format", "yaml").returncode == 2
    assert healthscore(tmp_path, "check", "--jobs", "0").returncode == 2
    assert healthscore(tmp_path, "check", "--baseline", "missing.json").returncode == 2
    done = healthscore(tmp_path, "check", "--config", "nope.toml")
    assert done.returncode == 2 and "nope.toml" in done.stderr


# -- exit status -----------------------------------------------------------------------------------
def test_score_thresholds_fail_with_exit_1(tmp_path):
    shutil.copy(CAPSULES, tmp_path / "capsules.txt")
    status, data = check_json(tmp_path, "--fail-on", "never")
    assert status == 0
    report = data["files"][0]["report"]
    scored = {n: d["score"] for n, d in report["dimensions"].items() if d["status"] == "scored"}
    if report["overall"] is None or not scored:
        pytest.skip("no dimension is scored in this version")
    overall = report["overall"]
    if overall < 100:
        status, data = check_json(tmp_path, "--fail-on", "never", "--min-score",
                                  str(round(overall + 0.1, 1)))
        assert status == 1
        assert data["files"][0]["failures"][0]["kind"] == "min_score"
        assert data["summary"]["threshold_failures"] == 1
    assert check_json(tmp_path, "--fail-on", "never", "--min-score", str(overall))[0] == 0
    name, score = next(iter(scored.items()))
    if score < 100:
        write(tmp_path / ".healthscore.toml",
              f"fail_on = 'never'\n[min_scores]\n{name} = {min(score + 1, 100)}\n")
        status, data = check_json(tmp_path)
        assert status == 1
        assert data["files"][0]["failures"][0]["dimension"] == name
        text = healthscore(tmp_path, "check")
        assert text.returncode == 1 and f"min_scores.{name}" in text.stdout


def test_fail_on_levels(tmp_path):
    # Malformed HTML (HS007, info) in Spanish (HS006, warning): no dimension runs, so the
    # findings are the same whatever dimensions this version has.
    write(tmp_path / "es.html", f"<p>{SPANISH}<div>roto</span></p>")
    for fail_on, expected in (("error", 0), ("warning", 1), ("info", 1), ("never", 0)):
        status, data = check_json(tmp_path, "--fail-on", fail_on)
        assert (status, data["summary"]["exit_code"]) == (expected, expected), fail_on
    assert sorted(codes(data["files"][0])) == ["HS006", "HS007"]
    # Severity overrides and fail_on in the configuration.
    write(tmp_path / ".healthscore.toml", "fail_on = 'warning'\n[severity]\nHS006 = 'info'\n")
    assert check_json(tmp_path)[0] == 0
    assert check_json(tmp_path, "--fail-on", "info")[0] == 1
    write(tmp_path / ".healthscore.toml", "[severity]\nHS007 = 'error'\n")
    assert check_json(tmp_path)[0] == 1


def test_select_and_ignore_on_the_command_line(tmp_path):
    write(tmp_path / "es.html", f"<p>{SPANISH}<div>roto</span></p>")
    _, data = check_json(tmp_path, "--ignore", "HS007")
    assert codes(data["files"][0]) == ["HS006"]
    _, data = check_json(tmp_path, "--select", "HS007")
    assert codes(data["files"][0]) == ["HS007"]


def test_per_file_ignores_are_relative_to_the_configuration_file(tmp_path):
    write(tmp_path / ".healthscore.toml",
          "fail_on = 'never'\n[per_file_ignores]\n'docs/legacy/*.html' = ['HS007']\n")
    broken = f"<p>{SPANISH}<div>roto</span></p>"
    write(tmp_path / "docs" / "legacy" / "old.html", broken)
    write(tmp_path / "docs" / "new.html", broken)
    _, data = check_json(tmp_path / "docs")  # run from a sub-directory
    found = {f["path"]: codes(f) for f in data["files"]}
    assert found == {"legacy/old.html": ["HS006"], "new.html": ["HS006", "HS007"]}


INTERNAL_ERROR = r"""
import sys
import healthscore.scoring as scoring
real = scoring.score_document
def score_document(document, config=None, **kwargs):
    if "boom" in (document.path or ""):
        raise ZeroDivisionError("the test broke this file on purpose")
    return real(document, config, **kwargs)
scoring.score_document = score_document
from healthscore.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_an_internal_error_is_reported_for_its_file_and_the_run_goes_on(tmp_path, fmt):
    for name in ("a.md", "boom.md", "c.md"):  # Spanish: no dimension runs, the test is quick
        write(tmp_path / name, SPANISH)
    done = subprocess.run(
        [sys.executable, "-c", INTERNAL_ERROR, "check", "--format", fmt, "--jobs", "1"],
        cwd=tmp_path, capture_output=True, text=True, env=environment(), timeout=300,
    )
    assert done.returncode == 2
    assert "ZeroDivisionError: the test broke this file on purpose" in done.stdout
    assert "Traceback" not in done.stderr and "internal error" in done.stderr
    if fmt == "json":
        data = json.loads(done.stdout)
        assert paths(data) == ["a.md", "boom.md", "c.md"]
        assert data["files"][1]["report"] is None
        assert data["files"][0]["report"] is not None and data["files"][2]["report"] is not None
        assert data["summary"]["internal_errors"] == 1


# -- output file -----------------------------------------------------------------------------------
def test_output_file(tmp_path):
    write(tmp_path / "es.html", f"<p>{SPANISH}</p>")
    done = healthscore(tmp_path, "check", "--format", "json", "--output", "out/report.json")
    assert done.returncode == 2 and "out/report.json" in done.stderr  # the directory is missing
    (tmp_path / "out").mkdir()
    done = healthscore(tmp_path, "check", "--format", "json", "--output", "out/report.json")
    assert done.returncode == 0 and done.stdout == ""
    assert json.loads((tmp_path / "out" / "report.json").read_text())["summary"]["files"] == 1


# -- baseline --------------------------------------------------------------------------------------
def test_baseline_write_then_only_new_findings_fail(tmp_path):
    shutil.copy(CAPSULES, tmp_path / "blog.txt")
    write(tmp_path / "es.html", f"<p>{SPANISH}<div>roto</span></p>")
    write(tmp_path / "image.md", b"\x00\x01\x02")
    _, before = check_json(tmp_path, "--fail-on", "info")
    total = sum(len(codes(f)) for f in before["files"])
    assert total >= 3

    done = healthscore(tmp_path, "check", "--fail-on", "info", "--write-baseline", "base.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "base.json" in done.stderr
    baseline = json.loads((tmp_path / "base.json").read_text())
    assert set(baseline["files"]) == {"blog.txt", "es.html", "image.md"}

    status, data = check_json(tmp_path, "--fail-on", "info", "--baseline", "base.json")
    assert status == 0
    assert data["summary"]["baselined"] == total
    assert all(codes(f) == [] for f in data["files"])
    text = healthscore(tmp_path, "check", "--fail-on", "info", "--baseline", "base.json")
    assert f"{total} baselined" in text.stdout

    # Lines shifted above every finding: still baselined.
    blog = (tmp_path / "blog.txt").read_text(encoding="utf-8")
    (tmp_path / "blog.txt").write_text("\n\n\n" + blog, encoding="utf-8")
    status, data = check_json(tmp_path, "--fail-on", "info", "--baseline", "base.json")
    assert status == 0 and data["summary"]["baselined"] == total

    # A new problem is reported, and only it.
    write(tmp_path / "other.md", b"\x00\x03")
    status, data = check_json(tmp_path, "--fail-on", "info", "--baseline", "base.json")
    assert status == 1
    shown = {f["path"]: codes(f) for f in data["files"] if codes(f)}
    assert shown == {"other.md": ["HS002"]}


def test_baseline_counts_repeated_findings(tmp_path):
    shutil.copy(CAPSULES, tmp_path / "blog.txt")
    _, data = check_json(tmp_path, "--fail-on", "never")
    findings = [f for f in data["files"][0]["report"]["findings"] if f["excerpt"]]
    if not findings:
        pytest.skip("no sentence-level finding on the blog in this version")
    assert healthscore(tmp_path, "check", "--write-baseline", "base.json").returncode in (0, 1)
    # Repeat the paragraph of the last flagged sentence at the end: its findings are new.
    target = findings[-1]
    lines = (tmp_path / "blog.txt").read_text(encoding="utf-8").splitlines()
    paragraph = lines[target["line"] - 1]
    with (tmp_path / "blog.txt").open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + paragraph + "\n")
    _, data = check_json(tmp_path, "--fail-on", "never", "--baseline", "base.json")
    new = data["files"][0]["report"]["findings"]
    assert any(f["code"] == target["code"] and f["line"] > len(lines) for f in new)
    assert all(f["line"] > len(lines) for f in new)


# -- cache and parallel runs ---------------------------------------------------------------------
def test_second_run_is_served_from_the_cache(repo):
    _, first = check_json(repo)
    assert first["summary"]["cache_hits"] == 0 and first["summary"]["scored"] == 4
    assert (repo / ".healthscore_cache").is_dir()  # beside the configuration file
    _, second = check_json(repo)
    assert second["summary"]["cache_hits"] == 4 and second["summary"]["scored"] == 0
    assert second["files"] == first["files"]
    # A changed file is scored again; the others still come from the cache.
    blog = repo / "docs" / "blog.txt"
    blog.write_text(blog.read_text(encoding="utf-8") + "\nOne more line about tea.\n",
                    encoding="utf-8")
    _, third = check_json(repo)
    assert third["summary"]["scored"] == 1 and third["summary"]["cache_hits"] == 3
    # A threshold does not change reports, so it does not invalidate the cache ...
    _, again = check_json(repo, "--min-score", "1")
    assert again["summary"]["cache_hits"] == 4
    # ... but a setting that changes reports does.
    _, fourth = check_json(repo, "--ignore", "HS1")
    assert fourth["summary"]["cache_hits"] == 0
    _, fifth = check_json(repo, "--no-cache")
    assert fifth["summary"]["cache_hits"] == 0
    _, sixth = check_json(repo, "--cache-dir", str(repo / "elsewhere"))
    assert sixth["summary"]["cache_hits"] == 0 and (repo / "elsewhere").is_dir()


def _without_cache_counts(text: str) -> str:
    data = json.loads(text)
    for key in ("cache_hits", "scored"):
        data["summary"].pop(key)
    return json.dumps(data)


def _many_articles(root: Path) -> None:
    """Nine articles (enough for the automatic parallel mode) and one unreadable file."""
    capsules = CAPSULES.read_text(encoding="utf-8")
    paragraphs = [p for p in capsules.split("\n\n") if p.strip()]
    for i in range(9):
        suffix = (".md", ".txt", ".html")[i % 3]
        # About 150 words each: enough for every dimension, small enough to keep the test fast.
        body = "\n\n".join((paragraphs[i % len(paragraphs):] + paragraphs)[:4])
        if suffix == ".html":
            body = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
        write(root / f"d{i % 3}" / f"article{i:02d}{suffix}", body)
    write(root / "broken.md", b"\x00\x00")


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("many")
    _many_articles(root)
    return root


def test_parallel_and_cached_runs_give_identical_json(many):
    cache = str(many / "json-cache")
    runs = [
        healthscore(many, "check", "--format", "json", "--no-cache", "--jobs", "1"),
        healthscore(many, "check", "--format", "json", "--no-cache", "--jobs", "2"),
        healthscore(many, "check", "--format", "json", "--no-cache"),  # automatic: parallel
        healthscore(many, "check", "--format", "json", "--jobs", "2", "--cache-dir", cache),
        healthscore(many, "check", "--format", "json", "--jobs", "1", "--cache-dir", cache),
    ]
    assert {r.returncode for r in runs} == {1}, [r.stderr for r in runs]
    assert json.loads(runs[3].stdout)["summary"]["cache_hits"] == 0
    assert json.loads(runs[4].stdout)["summary"]["cache_hits"] == 10
    outputs = [_without_cache_counts(r.stdout) for r in runs]
    assert all(o == outputs[0] for o in outputs[1:])


@pytest.mark.parametrize("fmt", ["sarif", "text", "junit", "github"])
def test_parallel_runs_give_identical_output_in_every_format(many, fmt):
    """JSON (above) shows that the results are identical; here each formatter gives the same
    bytes from a fresh parallel run and from a serial run (served from a shared cache)."""
    cache = str(many / "format-cache")
    parallel = healthscore(many, "check", "--format", fmt, "--no-cache", "--jobs", "2")
    serial = healthscore(many, "check", "--format", fmt, "--jobs", "1", "--cache-dir", cache)
    assert serial.returncode == parallel.returncode == 1
    if fmt == "text":
        note = serial.stdout.rsplit("\n\n", 1)[-1]
        cached = note.split("unreadable", 1)[-1]
        assert cached in ("; 10 from cache.\n", ".\n")
        assert serial.stdout.replace(cached, ".\n") == parallel.stdout
    else:
        assert serial.stdout == parallel.stdout
