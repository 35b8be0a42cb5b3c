"""The command line as users run it: ``--version``, ``score``, ``rules``, ``explain``; exit
codes, one-line errors, colour only on a terminal, and a start-up that never loads
scikit-learn for commands that do not score."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SPANISH, environment

import healthscore
from healthscore.dimensions import DIMENSIONS
from healthscore.rules import all_rules, get_rule

ROOT = Path(__file__).resolve().parents[1]
CAPSULES = ROOT / "fixtures" / "articles" / "kratom-capsules-pain.txt"
STATUS_WORDS = ("not enough text", "not applicable", "not implemented")


def healthscore_cli(*args: str, cwd: Path | None = None, input: bytes | None = None,
                    **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "healthscore.cli", *args], cwd=cwd or ROOT, capture_output=True,
        env=environment(**env), timeout=300, input=input,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


# -- version, start-up ---------------------------------------------------------------------------
def test_version():
    done = healthscore_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"healthscore {healthscore.__version__}"


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "healthscore"
    if not script.exists():
        script = shutil.which("healthscore")  # type: ignore[assignment]
    if not script:
        pytest.skip("the healthscore console script is not on this environment's path")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and healthscore.__version__ in done.stdout


IMPORTS = r"""
import json, sys
from healthscore.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sklearn", "joblib", "scipy"))
print(json.dumps({"code": code, "heavy": heavy}))
"""


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["rules", "--format", "markdown"],
                                  ["explain", "HS001"]])
def test_commands_that_do_not_score_do_not_import_scikit_learn(args):
    done = subprocess.run([sys.executable, "-c", IMPORTS, *args], capture_output=True,
                          text=True, env=environment(), timeout=120)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    assert result["heavy"] == []


def test_no_command_prints_help_and_exits_2():
    done = healthscore_cli()
    assert done.returncode == 2
    assert "score" in done.stderr and "check" in done.stderr


# -- score ---------------------------------------------------------------------------------------
def test_score_prints_a_readable_report():
    done = healthscore_cli("score", str(CAPSULES.relative_to(ROOT)))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "\x1b[" not in out  # not a terminal: no colour
    assert out.startswith("fixtures/articles/kratom-capsules-pain.txt (text, ")
    assert "Overall" in out
    report = healthscore.score_file(CAPSULES).to_dict()
    for title in ("Readability", "Claim hedging", "Citation density", "Risk balance"):
        line = next(line for line in out.splitlines() if line.strip().startswith(title))
        assert any(word in line for word in STATUS_WORDS) or any(c.isdigit() for c in line)
    for name, dimension in report["dimensions"].items():
        if dimension["summary"]:
            assert dimension["summary"] in out, name
    assert f"Findings ({len(report['findings'])})" in out
    for finding in report["findings"]:
        assert f"{finding['line']}:{finding['column']}" in out
        assert f"{finding['code']} {finding['name']}: {finding['message']}" in out
        assert finding["suggestion"] in out


def test_score_json_is_the_report_schema():
    done = healthscore_cli("score", str(CAPSULES), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    expected = healthscore.score_file(CAPSULES).to_dict()
    assert list(data) == list(expected)
    assert list(data["dimensions"]) == list(DIMENSIONS)
    # Paths are shown relative to the working directory (here the repository root).
    assert data["source"] == "fixtures/articles/kratom-capsules-pain.txt"
    data["source"] = expected["source"]
    assert data == expected


def test_score_reads_stdin():
    text = CAPSULES.read_bytes()
    done = healthscore_cli("score", "-", "--format", "json", input=text)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["source"] == "<stdin>" and data["stats"]["words"] > 250


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"\x89PNG\x00\x00\x00binary", "HS002"), ("caf\u00e9".encode("latin-1"), "HS003")],
)
def test_score_unreadable_input_exits_2_with_one_line(tmp_path, content, code):
    (tmp_path / "bad.md").write_bytes(content)
    done = healthscore_cli("score", "bad.md", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("healthscore: error: bad.md: " + code)


def test_score_missing_file_and_directory_exit_2(tmp_path):
    done = healthscore_cli("score", "missing.md", cwd=tmp_path)
    assert done.returncode == 2 and "HS001" in done.stderr and "Traceback" not in done.stderr
    done = healthscore_cli("score", ".", cwd=tmp_path)
    assert done.returncode == 2 and "directory" in done.stderr


def test_score_bad_configuration_exits_2_naming_the_key(tmp_path):
    shutil.copy(CAPSULES, tmp_path / "a.txt")
    (tmp_path / ".healthscore.toml").write_text("min_scor = 3\n", encoding="utf-8")
    done = healthscore_cli("score", "a.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "min_scor" in done.stderr and ".healthscore.toml" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = healthscore_cli("score", "a.txt", "--config", "missing.toml", cwd=tmp_path)
    assert done.returncode == 2 and "missing.toml" in done.stderr


def test_score_target_grade(tmp_path):
    shutil.copy(CAPSULES, tmp_path / "blog.txt")
    easy = healthscore_cli("score", "blog.txt", "--format", "json", "--target-grade", "14",
                           cwd=tmp_path)
    hard = healthscore_cli("score", "blog.txt", "--format", "json", "--target-grade", "4",
                           cwd=tmp_path)
    assert easy.returncode == hard.returncode == 0, easy.stderr + hard.stderr
    readability_easy = json.loads(easy.stdout)["dimensions"]["readability"]
    readability_hard = json.loads(hard.stdout)["dimensions"]["readability"]
    if readability_easy["status"] != "scored":
        assert "target_grade ignored" in easy.stderr or "readability" in easy.stderr
        return
    assert readability_easy["score"] >= readability_hard["score"]
    assert readability_easy != readability_hard


def test_score_output_file(tmp_path):
    shutil.copy(CAPSULES, tmp_path / "a.txt")
    done = healthscore_cli("score", "a.txt", "--output", "report.txt", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == ""
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("a.txt (text,")


# -- colour --------------------------------------------------------------------------------------
def run_on_terminal(args: list[str], cwd: Path, **env: str) -> str:
    """Run with stdout on a pseudo-terminal; return what it printed."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "healthscore.cli", *args], cwd=cwd,
                                   stdout=slave, stderr=subprocess.PIPE, env=environment(**env))
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=300)
    finally:
        os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path):
    (tmp_path / "a.txt").write_text(SPANISH, encoding="utf-8")  # no dimension runs: fast
    assert "\x1b[" in run_on_terminal(["score", "a.txt"], tmp_path)
    assert "\x1b[" not in run_on_terminal(["score", "a.txt"], tmp_path, NO_COLOR="1")
    assert "\x1b[" not in run_on_terminal(["score", "a.txt", "--color", "never"], tmp_path)
    assert "\x1b[" in healthscore_cli("score", "a.txt", "--color", "always", cwd=tmp_path).stdout
    assert "\x1b[" in run_on_terminal(["check", "a.txt"], tmp_path)
    assert "\x1b[" not in healthscore_cli("check", "a.txt", cwd=tmp_path).stdout


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_progress_bar_only_when_stderr_is_a_terminal(tmp_path):
    pty = pytest.importorskip("pty")
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(SPANISH, encoding="utf-8")
    piped = healthscore_cli("check", "--format", "json", cwd=tmp_path)
    assert piped.stderr == ""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "healthscore.cli", "check", "--format", "json"], cwd=tmp_path,
            stdout=subprocess.PIPE, stderr=slave, env=environment())
        os.close(slave)
        stdout, _ = process.communicate(timeout=300)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    assert b"3/3 files" in b"".join(chunks)
    assert json.loads(stdout)["summary"]["files"] == 3  # the report itself is untouched


# -- rules and explain ---------------------------------------------------------------------------
def test_rules_lists_every_rule():
    done = healthscore_cli("rules")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "DIMENSION", "SEVERITY", "SUMMARY"]
    rules = all_rules()
    assert len(lines) == len(rules) + 1
    for line, rule in zip(lines[1:], rules, strict=True):
        assert line.split()[:4] == [rule.code, rule.name, rule.dimension, rule.severity]
        assert line.endswith(rule.summary)


def test_rules_json():
    data = json.loads(healthscore_cli("rules", "--format", "json").stdout)
    assert [r["code"] for r in data] == [r.code for r in all_rules()]
    assert set(data[0]) == {"code", "name", "dimension", "severity", "summary", "why", "example",
                            "instead"}


def test_docs_rules_md_is_generated_from_the_registry():
    """docs/rules.md must match the registry. Regenerate it with
    ``python -m healthscore.cli rules --format markdown > docs/rules.md``."""
    done = healthscore_cli("rules", "--format", "markdown")
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == done.stdout, (
        "docs/rules.md is out of date: run "
        "`python -m healthscore.cli rules --format markdown > docs/rules.md`"
    )


def test_rules_markdown_escapes_markup():
    text = healthscore_cli("rules", "--format", "markdown").stdout
    for rule in all_rules():
        assert f"### {rule.code} {rule.name}" in text
    assert "<div>" not in text  # HS007's example is shown, not rendered


def test_explain_prints_the_rule_explanation():
    for code in ("HS001", all_rules()[-1].code):
        done = healthscore_cli("explain", code)
        assert done.returncode == 0
        assert done.stdout == get_rule(code).explain() + "\n"
    assert healthscore_cli("explain", "hs001").stdout == get_rule("HS001").explain() + "\n"
    by_name = healthscore_cli("explain", "unreadable-file")
    assert by_name.returncode == 0 and by_name.stdout.startswith("HS001")


def test_explain_unknown_code_exits_2():
    done = healthscore_cli("explain", "HS0011")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "no rule 'HS0011'" in done.stderr and "HS001" in done.stderr  # a close match
    assert len(done.stderr.strip().splitlines()) == 1


def test_pre_commit_hook_definition():
    yaml = pytest.importorskip("yaml")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "healthscore"
    assert hook["entry"] == "healthscore check"
    assert hook["language"] == "python"
    # plain-text, not text: pre-commit's "text" tag matches every text file, source included.
    assert hook["types_or"] == ["markdown", "html", "plain-text"]
    import re

    pattern = re.compile(hook["files"])
    for name in ("a.md", "b.markdown", "c.html", "d.htm", "e.txt"):
        assert pattern.search(name), name
    assert not pattern.search("setup.py")
