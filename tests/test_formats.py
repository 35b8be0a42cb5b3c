"""Output formats of ``healthscore check``: SARIF validated against the official 2.1.0 schema,
JUnit parsed as XML, GitHub workflow commands parsed back, the JSON layout, and the text
listing — from real runs of the command line and from hand-made results with awkward
characters."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from healthscore.formats import FORMATS, Context, get_formatter
from healthscore.formats.github import command, escape_data, escape_property
from healthscore.rules import all_rules
from healthscore.runner import FileResult, Summary

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "fixtures" / "articles"
SARIF_SCHEMA = Path(__file__).parents[1].parent / "shared/schemas/sarif-schema-2.1.0.json"
SPANISH = (
    "El kratom es una planta del sudeste de Asia. Muchas personas la usan para el dolor, pero "
    "los estudios en humanos son pocos y los riesgos para la salud no se conocen bien todavía."
)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("NO_COLOR", "FORCE_COLOR", "HEALTHSCORE_TRACEBACK"):
        env.pop(name, None)
    return env


def check(cwd: Path, fmt: str, *args: str) -> subprocess.CompletedProcess[str]:
    # The first run fills the cache; the others format the same results without re-scoring.
    return subprocess.run(
        [sys.executable, "-m", "healthscore.cli", "check", "--format", fmt, *args],
        cwd=cwd, capture_output=True, text=True, env=environment(), timeout=600,
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Real articles, an unreadable file, malformed HTML, and a file name that needs escaping."""
    root = tmp_path_factory.mktemp("content")
    (root / "docs").mkdir()
    shutil.copy(ARTICLES / "kratom-pain-management-blog.txt", root / "docs" / "blog.txt")
    shutil.copy(ARTICLES / "kratom-capsules-pain.txt", root / "docs" / "capsules.md")
    (root / "docs" / "image.md").write_bytes(b"\x89PNG\x00\x00\x00\x01")
    (root / "docs" / "a, b & <c>: 100%.html").write_text(
        f"<p>{SPANISH}<div>roto</span></p>", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def runs(repo) -> dict[str, subprocess.CompletedProcess[str]]:
    done = {fmt: check(repo, fmt, "--fail-on", "info") for fmt in FORMATS}
    done["github-all"] = check(repo, "github", "--fail-on", "info", "--max-annotations", "0")
    return done


def test_every_format_agrees_on_the_exit_status(runs):
    assert {fmt: done.returncode for fmt, done in runs.items()} == dict.fromkeys(runs, 1)
    assert all("Traceback" not in done.stderr for done in runs.values())


# -- JSON ----------------------------------------------------------------------------------------
def test_json_layout(runs):
    data = json.loads(runs["json"].stdout)
    assert list(data) == ["schema_version", "healthscore_version", "files", "summary"]
    assert [f["path"] for f in data["files"]] == [
        "docs/a, b & <c>: 100%.html", "docs/blog.txt", "docs/capsules.md", "docs/image.md",
    ]
    for entry in data["files"]:
        assert list(entry) == ["path", "passed", "failures", "baselined", "internal_error",
                               "report"]
        assert entry["report"]["source"] == entry["path"]
        assert entry["report"]["schema_version"] == "1.0"
    summary = data["summary"]
    assert summary["files"] == 4
    assert summary["failed"] == sum(not f["passed"] for f in data["files"])
    counted = sum(summary["findings"].values())
    listed = sum(len(f["report"]["findings"]) + len(f["report"]["errors"]) for f in data["files"])
    assert counted == listed
    assert summary["exit_code"] == 1 and summary["fail_on"] == "info"


def test_json_has_one_compact_line_per_file(runs):
    text = runs["json"].stdout
    data = json.loads(text)
    lines = text.splitlines()
    entries = [line for line in lines if line.startswith('    {"path": ')]
    assert len(entries) == len(data["files"]) == 4
    for entry, parsed in zip(entries, data["files"], strict=True):
        assert entry.strip().rstrip(",") == json.dumps(parsed, ensure_ascii=False)
    # The envelope around the entries stays indented, and nothing is lost or reordered.
    assert lines[:4] == ["{", '  "schema_version": "1.0",',
                         f'  "healthscore_version": {json.dumps(data["healthscore_version"])},',
                         '  "files": [']
    assert text.endswith("\n}\n")


def test_reports_list_each_finding_once(runs):
    for entry in json.loads(runs["json"].stdout)["files"]:
        for dimension in entry["report"]["dimensions"].values():
            assert "findings" not in dimension


# -- SARIF ---------------------------------------------------------------------------------------
def validate_sarif(document: dict) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (it is not part of the "
                    "project; it sits in the shared folder beside it)")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def test_sarif_is_valid_and_complete(runs):
    document = json.loads(runs["sarif"].stdout)
    validate_sarif(document)
    (run,) = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids[: len(all_rules())] == [rule.code for rule in all_rules()]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
    json_data = json.loads(runs["json"].stdout)
    expected = sum(
        len(f["report"]["findings"]) + len(f["report"]["errors"]) for f in json_data["files"]
    )
    assert len(run["results"]) == expected
    for result in run["results"]:
        assert result["level"] in ("error", "warning", "note")
        assert ids[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri.startswith("docs/") and " " not in uri and "<" not in uri
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["healthscore/v1"].startswith(result["ruleId"])
    fingerprints = [r["partialFingerprints"]["healthscore/v1"] for r in run["results"]]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]]
    assert len(set(zip(uris, fingerprints, strict=True))) == len(fingerprints)
    assert "docs/a%2C%20b%20%26%20%3Cc%3E%3A%20100%25.html" in uris
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_regions_match_findings(runs):
    json_data = json.loads(runs["json"].stdout)
    by_uri = {f["path"]: f["report"]["findings"] for f in json_data["files"]}
    results = json.loads(runs["sarif"].stdout)["runs"][0]["results"]
    blog = [r for r in results
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/blog.txt"]
    for finding, result in zip(by_uri["docs/blog.txt"], blog, strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == finding["line"]
        if "startColumn" in region:
            assert (region["startColumn"], region["endLine"], region["endColumn"]) == (
                finding["column"], finding["end_line"], finding["end_column"])


def hand_made_results() -> list[FileResult]:
    """Results with characters every format must escape, a threshold miss and an internal
    error."""
    finding = {
        "code": "HS007", "name": "malformed-markup", "dimension": "input", "severity": "warning",
        "message": 'bad "markup" <div> & 100% broken,\nsecond line: here\r', "suggestion": "fix",
        "line": 2, "column": 3, "end_line": 2, "end_column": 9, "excerpt": "x",
    }
    report = {"source": "s", "overall": 42.0, "findings": [finding], "errors": [],
              "suppressed": 0, "dimensions": {}}
    tricky = "dir, one/a: b & <c> 100%\x01.md"
    return [
        FileResult(tricky, tricky, report, [finding], 0,
                   [{"kind": "min_score", "dimension": None, "score": 42.0, "threshold": 50,
                     "message": "overall score 42.0 is below min_score 50"}], None, True),
        FileResult("crash.md", "crash.md", None, internal_error="KeyError: 'x' <&>", failed=True),
    ]


def render(fmt: str, results: list[FileResult], **context) -> str:
    stream = io.StringIO()
    formatter = get_formatter(fmt)(stream, Context(**context))
    summary = Summary()
    formatter.begin()
    for result in results:
        formatter.file(result)
        summary.add(result)
    formatter.end(summary)
    return stream.getvalue()


def test_sarif_with_internal_errors_and_thresholds_is_valid():
    document = json.loads(render("sarif", hand_made_results()))
    validate_sarif(document)
    run = document["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["HS007", "score-threshold"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "KeyError" in invocation["toolExecutionNotifications"][0]["message"]["text"]


# -- JUnit ---------------------------------------------------------------------------------------
def test_junit_is_well_formed_with_one_case_per_file(runs):
    root = ET.fromstring(runs["junit"].stdout)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "docs/a, b & <c>: 100%.html", "docs/blog.txt", "docs/capsules.md", "docs/image.md",
    ]
    failures = [c for c in cases if c.find("failure") is not None]
    assert suite.get("tests") == "4" and suite.get("failures") == str(len(failures))
    image = cases[3].find("failure")
    assert image is not None and "HS002" in image.text
    json_data = json.loads(runs["json"].stdout)
    assert [f["path"] for f in json_data["files"] if not f["passed"]] == [
        c.get("name") for c in failures
    ]


def test_junit_escapes_and_reports_internal_errors_as_errors():
    text = render("junit", hand_made_results(), fail_on="warning")
    root = ET.fromstring(text)
    suite = root.find("testsuite")
    assert suite.get("failures") == "1" and suite.get("errors") == "1"
    first, second = suite.findall("testcase")
    assert first.get("name") == "dir, one/a: b & <c> 100%.md"  # control character dropped
    failure = first.find("failure")
    assert "below min_score 50" in failure.get("message")
    assert 'bad "markup" <div> & 100% broken,\nsecond line' in failure.text
    assert "KeyError" in second.find("error").get("message")


# -- GitHub --------------------------------------------------------------------------------------
COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(item.split("=", 1) for item in match.group("props").split(","))

    def unescape(s: str) -> str:
        return (s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
                .replace("%2C", ",").replace("%25", "%"))

    return match.group("level"), {k: unescape(v) for k, v in props.items()}, unescape(
        match.group("message"))


def test_github_annotations_parse_back(runs):
    lines = runs["github-all"].stdout.splitlines()
    commands = [parse_command(line) for line in lines if line.startswith("::")]
    json_data = json.loads(runs["json"].stdout)
    findings = [(f["path"], x) for f in json_data["files"]
                for x in f["report"]["errors"] + f["report"]["findings"]]
    assert len(commands) == len(findings)
    for (level, props, message), (path, finding) in zip(commands, findings, strict=True):
        assert level == {"error": "error", "warning": "warning", "info": "notice"}[
            finding["severity"]]
        assert props["file"] == path
        assert props["line"] == str(finding["line"])
        assert props["title"] == f"{finding['code']} {finding['name']}"
        assert message.startswith(finding["message"])
    assert any(p["file"] == "docs/a, b & <c>: 100%.html" for _, p, _ in commands)
    assert lines[-1].startswith("healthscore: checked 4 files")


def test_github_default_cap_is_ten_per_level(runs):
    lines = runs["github"].stdout.splitlines()
    summary = json.loads(runs["json"].stdout)["summary"]["findings"]
    for level, severity, cap in (("error", "error", 10), ("warning", "warning", 10)):
        shown = [line for line in lines if line.startswith(f"::{level} ")]
        assert len(shown) == min(summary[severity], cap)
    if summary["warning"] > 10 or summary["error"] > 10:
        assert lines[-2].startswith("::notice title=healthscore%3A more findings::")


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = command("error", "x: y, z", file="a,b:c.md", line=1, title="T: 1")
    assert line == "::error file=a%2Cb%3Ac.md,line=1,title=T%3A 1::x: y, z"
    out = render("github", hand_made_results())
    assert "::warning file=dir%2C one/a%3A b & <c> 100%25\x01.md,line=2,endLine=2,col=3," \
           "endColumn=9,title=HS007 malformed-markup::bad \"markup\" <div> & 100%25 broken," \
           "%0Asecond line: here%0D" in out
    assert "title=score-threshold::overall score 42.0 is below min_score 50" in out
    assert "::error file=crash.md,line=1,title=healthscore internal error::" in out


def test_github_caps_annotations_per_level_and_summarises_the_rest():
    finding = hand_made_results()[0].findings[0]
    many = [FileResult(f"f{i}.md", f"f{i}.md", {"findings": [finding], "errors": [],
                                                  "suppressed": 0}, [finding] * 3, failed=True)
            for i in range(5)]
    out = render("github", many, max_annotations=4)
    warnings = [line for line in out.splitlines() if line.startswith("::warning")]
    assert len(warnings) == 4
    notice = [line for line in out.splitlines() if line.startswith("::notice")]
    assert len(notice) == 1 and "11 warning annotation(s) not shown" in notice[0]
    uncapped = render("github", many, max_annotations=0)
    assert len([line for line in uncapped.splitlines() if line.startswith("::warning")]) == 15
    assert "::notice" not in uncapped


def test_github_multi_line_findings_have_no_columns():
    finding = dict(hand_made_results()[0].findings[0], end_line=4)
    out = render("github", [FileResult("a.md", "a.md", {"findings": [finding], "errors": []},
                                       [finding])])
    line = out.splitlines()[0]
    assert "line=2,endLine=4," in line and "col=" not in line and "endColumn" not in line


# -- text ----------------------------------------------------------------------------------------
def test_text_groups_by_file_and_ends_with_a_summary(runs):
    out = runs["text"].stdout
    assert "\x1b[" not in out
    headers = [line.split("  ")[0] for line in out.splitlines() if line.startswith("docs/")]
    assert headers == ["docs/a, b & <c>: 100%.html", "docs/blog.txt", "docs/capsules.md",
                       "docs/image.md"]
    summary = json.loads(runs["json"].stdout)["summary"]
    last = out.strip().splitlines()[-1]
    assert last.startswith(f"Checked 4 files: {summary['passed']} passed, {summary['failed']} "
                           "failed. Findings: ")
    n = summary["findings"]
    assert f"{n['error']} error" in last and f"{n['warning']} warning" in last
    assert f"{n['info']} info" in last


def test_text_quiet_lists_only_files_with_something_to_say():
    results = hand_made_results() + [
        FileResult("clean.md", "clean.md", {"overall": 90.0, "findings": [], "errors": [],
                                            "dimensions": {}}),
    ]
    assert "clean.md" in render("text", results)
    quiet = render("text", results, quiet=True)
    assert "clean.md" not in quiet and "crash.md" in quiet and "internal error" in quiet
    assert "threshold" in quiet and "below min_score 50" in quiet
    coloured = render("text", results, color=True)
    assert "\x1b[" in coloured


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="unknown format"):
        get_formatter("yaml")
