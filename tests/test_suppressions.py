"""Inline suppressions: ``<!-- healthscore-disable... -->`` comments in Markdown, HTML and plain
text, for a region (even one sentence inside a paragraph), the next line, the current line and
the whole file — in process on parsed documents, and end to end through the command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from healthscore import suppressions
from healthscore.readers import read_document
from healthscore.report import Finding

# -- in process: real documents, findings placed on their sentences -------------------------------


def flagged(text: str, fmt: str, code: str = "HS101") -> tuple[list[Finding], object]:
    """A finding with *code* on every sentence that contains ``FLAG``."""
    document = read_document(text, format=fmt)
    findings = [
        Finding(code, "test-rule", "readability", "warning", "flagged", "unflag", s.line,
                s.column, s.end_line, s.end_column, s.text, s.index)
        for s in document.sentences
        if "FLAG" in s.text
    ]
    return findings, document


def kept_texts(text: str, fmt: str, code: str = "HS101") -> list[str]:
    findings, document = flagged(text, fmt, code)
    kept, suppressed = suppressions.apply(findings, document.directives, document.source)
    assert suppressed == len(findings) - len(kept)
    return [f.excerpt.split()[0] for f in kept]


INLINE = {
    "markdown": (
        "# Title\n\nOneFLAG starts here. <!-- healthscore-disable HS101 --> TwoFLAG sits in the "
        "middle. <!-- healthscore-enable HS101 --> ThreeFLAG ends the paragraph.\n"
    ),
    "html": (
        "<h1>Title</h1>\n<p>OneFLAG starts here. <!-- healthscore-disable HS101 --> TwoFLAG sits "
        "in the middle. <!-- healthscore-enable HS101 --> ThreeFLAG ends the paragraph.</p>\n"
    ),
    "text": (
        "OneFLAG starts here. <!-- healthscore-disable HS101 --> TwoFLAG sits in the middle. "
        "<!-- healthscore-enable HS101 --> ThreeFLAG ends the paragraph.\n"
    ),
}


@pytest.mark.parametrize("fmt", sorted(INLINE))
def test_disable_enable_pair_inside_a_paragraph_silences_one_sentence(fmt):
    assert kept_texts(INLINE[fmt], fmt) == ["OneFLAG", "ThreeFLAG"]
    # Another rule is not affected by a code-specific region.
    assert kept_texts(INLINE[fmt], fmt, code="HS201") == ["OneFLAG", "TwoFLAG", "ThreeFLAG"]


NEXT_LINE = {
    "markdown": (
        "Intro line without markers.\n\n<!-- healthscore-disable-next-line HS1 -->\n"
        "OneFLAG is on the next line.\nTwoFLAG is on the line after.\n"
    ),
    "html": (
        "<p>Intro line without markers.</p>\n<!-- healthscore-disable-next-line HS1 -->\n"
        "<p>OneFLAG is on the next line.\nTwoFLAG is on the line after.</p>\n"
    ),
    "text": (
        "Intro line without markers.\n\n<!-- healthscore-disable-next-line HS1 -->\n"
        "OneFLAG is on the next line.\nTwoFLAG is on the line after.\n"
    ),
}


@pytest.mark.parametrize("fmt", sorted(NEXT_LINE))
def test_disable_next_line(fmt):
    assert kept_texts(NEXT_LINE[fmt], fmt) == ["TwoFLAG"]
    assert kept_texts(NEXT_LINE[fmt], fmt, code="HS201") == ["OneFLAG", "TwoFLAG"]


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_disable_line_and_disable_file(fmt):
    wrap = (lambda s: f"<p>{s}</p>") if fmt == "html" else (lambda s: s)
    text = (wrap("OneFLAG stays here.") + "\n\n"
            + wrap("TwoFLAG goes. <!-- healthscore-disable-line -->") + "\n")
    assert kept_texts(text, fmt) == ["OneFLAG"]
    whole = wrap("OneFLAG here.") + "\n\n<!-- healthscore-disable-file HS101 -->\n\n" + wrap(
        "TwoFLAG here.") + "\n"
    assert kept_texts(whole, fmt) == []
    assert kept_texts(whole, fmt, code="HS201") == ["OneFLAG", "TwoFLAG"]


def test_disable_all_then_enable_one_family():
    text = (
        "<!-- healthscore-disable -->\n\nOneFLAG is hidden for all rules.\n\n"
        "<!-- healthscore-enable HS2 -->\n\nTwoFLAG shows hedging findings again.\n\n"
        "<!-- healthscore-enable -->\n\nThreeFLAG shows everything.\n"
    )
    assert kept_texts(text, "markdown", code="HS101") == ["ThreeFLAG"]
    assert kept_texts(text, "markdown", code="HS201") == ["TwoFLAG", "ThreeFLAG"]


def test_an_unclosed_disable_runs_to_the_end():
    text = ("OneFLAG here.\n\n<!-- healthscore-disable HS101 -->\n\nTwoFLAG here.\n\n"
            "ThreeFLAG here.\n")
    assert kept_texts(text, "markdown") == ["OneFLAG"]


def test_no_directives_is_a_no_op():
    findings, document = flagged("OneFLAG here.\n", "markdown")
    assert suppressions.apply(findings, [], document.source) == (findings, 0)


# -- end to end through the command line -----------------------------------------------------------
#: Runs the real command line with the dimensions replaced by one that flags sentences holding
#: FLAG1 (HS101) or FLAG2 (HS201), so these tests do not depend on which rules exist.
STUB = r"""
import sys
import healthscore.dimensions as dimensions
from healthscore.report import DimensionScore, Finding

def run(name, analysis, options):
    if name != "readability":
        return DimensionScore(name, "not_implemented", summary="stubbed out by the test")
    findings = []
    for s in analysis.sentences:
        for marker, code in (("FLAG1", "HS101"), ("FLAG2", "HS201")):
            if marker in s.text:
                findings.append(Finding(code, "test-rule", "readability", "warning",
                    marker + " found", "remove it", s.line, s.column, s.end_line,
                    s.end_column, s.text, s.index))
    return DimensionScore(name, "scored", score=50.0, summary="stub", findings=findings)

dimensions.run = run
from healthscore.cli import main
sys.exit(main(sys.argv[1:]))
"""


def environment() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("NO_COLOR", "FORCE_COLOR", "HEALTHSCORE_TRACEBACK"):
        env.pop(name, None)
    return env


def run_stub(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", STUB, *args], cwd=cwd, capture_output=True,
                          text=True, env=environment(), timeout=120)


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "healthscore.cli", *args], cwd=cwd,
                          capture_output=True, text=True, env=environment(), timeout=300)


PARAGRAPH = (
    "Plain FLAG1 is the first of the sentences and it is here to stay. "
    "<!-- healthscore-disable HS101 --> "
    "Inline FLAG1 is the one that is in the middle and it will go. "
    "<!-- healthscore-enable HS101 --> "
    "Closing FLAG1 is at the end of this paragraph and it will stay."
)
NEXT = (
    "Next FLAG1 is on the line that is after the comment, so it will go.\n"
    "Following FLAG1 is on the line after that one and it is to stay."
)
SAME = "Same FLAG1 is on the same line as the comment and it will go. " \
    "<!-- healthscore-disable-line HS1 -->"
HEDGE = "Hedging FLAG2 is not a rule that the comment names, so it stays. " \
    "<!-- healthscore-disable-line HS101 -->"
MARKDOWN_DOC = (
    f"# Suppressions\n\n{PARAGRAPH}\n\n<!-- healthscore-disable-next-line HS101 -->\n{NEXT}\n\n"
    f"{SAME}\n\n{HEDGE}\n"
)
HTML_DOC = (
    "<html><body><main>\n<h1>Suppressions</h1>\n"
    f"<p>{PARAGRAPH}</p>\n<!-- healthscore-disable-next-line HS101 -->\n<p>{NEXT}</p>\n"
    f"<p>{SAME}</p>\n<p>{HEDGE}</p>\n</main></body></html>\n"
)


@pytest.mark.parametrize(("name", "text"), [("doc.md", MARKDOWN_DOC), ("doc.html", HTML_DOC)])
def test_suppressions_end_to_end(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    done = run_stub(tmp_path, "check", name, "--format", "json", "--no-cache")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    report = data["files"][0]["report"]
    kept = sorted(f["excerpt"].split()[0] for f in report["findings"])
    assert kept == ["Closing", "Following", "Hedging", "Plain"]
    assert report["suppressed"] == 3
    assert data["summary"]["suppressed"] == 3
    # Without the comments every flagged sentence is reported.
    bare = "".join(line for line in text.splitlines(keepends=True) if "disable-next" not in line)
    for directive in ("<!-- healthscore-disable HS101 -->", "<!-- healthscore-enable HS101 -->",
                      "<!-- healthscore-disable-line HS1 -->",
                      "<!-- healthscore-disable-line HS101 -->"):
        bare = bare.replace(directive, "")
    (tmp_path / name).write_text(bare, encoding="utf-8")
    data = json.loads(run_stub(tmp_path, "check", name, "--format", "json", "--no-cache").stdout)
    assert len(data["files"][0]["report"]["findings"]) == 7


def test_disable_file_end_to_end_on_real_input_findings(tmp_path):
    # HS007 (malformed markup) exists whatever the dimensions do.
    broken = "<p>Texto <div>roto</span> sin cerrar</p>\n"
    (tmp_path / "a.html").write_text(broken, encoding="utf-8")
    (tmp_path / "b.html").write_text("<!-- healthscore-disable-file HS007 -->\n" + broken,
                                     encoding="utf-8")
    (tmp_path / "c.html").write_text(broken.rstrip() + "<!-- healthscore-disable-line -->\n",
                                     encoding="utf-8")
    done = run_cli(tmp_path, "check", "--format", "json", "--no-cache", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    files = {f["path"]: f["report"] for f in json.loads(done.stdout)["files"]}
    assert "HS007" in [f["code"] for f in files["a.html"]["findings"]]
    for name in ("b.html", "c.html"):
        assert "HS007" not in [f["code"] for f in files[name]["findings"]]
        assert files[name]["suppressed"] >= 1


ARTICLE_PARAGRAPHS = [
    "Kratom is an herbal supplement that is definitely the best natural remedy for chronic pain "
    "and it completely eliminates anxiety, depression, fatigue and opioid withdrawal symptoms "
    "in every single person who tries it, according to enthusiastic retailers and bloggers.",
    "The pharmacokinetic characteristics of mitragynine, including its hepatic metabolism via "
    "cytochrome enzymes and its pharmacodynamic interactions with mu-opioid receptors, remain "
    "incompletely characterised in longitudinal epidemiological investigations.",
    "Studies have shown that it always works. Everyone should take it every day because it is "
    "totally safe and it cures pain.",
]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_inline_region_silences_a_real_sentence_finding(tmp_path, fmt):
    """With whatever rules exist, take a sentence-level finding from a first run, then wrap
    exactly that span in a disable/enable pair inside its paragraph."""
    if fmt == "md":
        source = "# Kratom\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS) + "\n"
    else:
        source = "<h1>Kratom</h1>\n" + "".join(f"<p>{p}</p>\n" for p in ARTICLE_PARAGRAPHS)
    path = tmp_path / f"article.{fmt}"
    path.write_text(source, encoding="utf-8")
    first = run_cli(tmp_path, "check", path.name, "--format", "json", "--no-cache")
    assert first.returncode in (0, 1), first.stderr
    findings = json.loads(first.stdout)["files"][0]["report"]["findings"]
    sentence_level = [f for f in findings if f["excerpt"] and f["line"] > 1]
    if not sentence_level:
        pytest.skip("no sentence-level rule fires on this text in this version")
    target = sentence_level[-1]
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    start = offsets[target["line"] - 1] + target["column"] - 1
    end = offsets[target["end_line"] - 1] + target["end_column"] - 1
    code = target["code"]
    edited = (source[:start] + f"<!-- healthscore-disable {code} -->" + source[start:end]
              + f"<!-- healthscore-enable {code} -->" + source[end:])
    path.write_text(edited, encoding="utf-8")
    second = run_cli(tmp_path, "check", path.name, "--format", "json", "--no-cache")
    report = json.loads(second.stdout)["files"][0]["report"]
    remaining = [(f["code"], f["excerpt"]) for f in report["findings"]]
    assert (code, target["excerpt"]) not in remaining or remaining.count(
        (code, target["excerpt"])) < [(f["code"], f["excerpt"]) for f in findings].count(
        (code, target["excerpt"]))
    assert report["suppressed"] >= 1
    # Findings of the same rule elsewhere are still reported.
    others = [f for f in findings if f["code"] == code and f["excerpt"] != target["excerpt"]]
    for other in others:
        assert (other["code"], other["excerpt"]) in remaining
