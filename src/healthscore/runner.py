"""``healthscore check`` without the printing: discover files, score them (in parallel, through
the cache), and judge each against the thresholds, ``fail_on`` and the baseline.

Results stream: :func:`check` yields one :class:`FileResult` at a time, in sorted-path order,
and keeps nothing once it is yielded, so memory stays flat however large the repository is
(the formatters keep only what they print at the end). Scoring one file is a pure function of
its path, bytes and configuration, which is why serial, parallel and cached runs give identical
results: a worker process and the cache both return the same ``Report.to_dict()``.

Heavy modules (the readers, the dimensions, scikit-learn for the claim model) are imported on
first use, not when the command line starts.
"""
from __future__ import annotations

import hashlib
import json
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from .baseline import Baseline
from .cache import ReportCache
from .config import Config
from .errors import InputError

#: Directories never searched: version control, dependencies, virtual environments, caches and
#: build output. (A directory holding ``pyvenv.cfg`` is a virtual environment whatever its name.)
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox",
    "build", "dist", ".eggs", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".healthscore_cache",
    "site-packages",
})
#: Files with an article extension that are never articles (found by discovery; still checked
#: when named on the command line).
SKIP_FILES = ("requirements*.txt", "constraints*.txt", "CMakeLists.txt", "robots.txt")

#: Under this many files a run is serial: starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 8
MAX_AUTO_JOBS = 8

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FAIL_ON_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}


# -- discovery ---------------------------------------------------------------------------------
@dataclass(frozen=True)  # not slots: frozen+slots instances do not unpickle on Python 3.10
class Target:
    """A file to check.

    ``path`` is what is opened; ``key`` is the path relative to the config root (POSIX), used
    for ``exclude``, ``per_file_ignores``, the baseline and the cache; ``display`` is the path
    relative to the working directory, as printed and as SARIF/GitHub locations want it.
    """

    path: str
    key: str
    display: str


def glob_match(path: str, pattern: str) -> bool:
    """Match a POSIX relative *path* against a glob from the configuration.

    ``*`` and ``**`` match across ``/``; ``**/`` also matches no directory at all
    (``**/*.md`` matches ``x.md``, ``docs/**/*.md`` matches ``docs/x.md``); a pattern without
    ``/`` matches a file or directory name at any depth (``drafts`` excludes every
    ``drafts/``); a pattern matching a directory matches everything under it.
    """
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/") or pattern
    candidates = [pattern]
    if "/**/" in pattern:  # ** also matches no directory at all: docs/**/*.md matches docs/a.md
        candidates.append(pattern.replace("/**/", "/"))
    for candidate in list(candidates):
        if candidate.startswith("**/"):
            candidates.append(candidate[3:])
    if "/" not in pattern:
        candidates.append("*/" + pattern)
    return any(fnmatchcase(path, p) or fnmatchcase(path, p + "/*") for p in candidates)


def _matches_any(path: str, patterns: Iterable[str]) -> bool:
    return any(glob_match(path, p) for p in patterns)


def discover(
    paths: Sequence[str | os.PathLike[str]],
    config: Config,
    *,
    root: Path,
    cwd: Path | None = None,
) -> list[Target]:
    """The files to check under *paths*, sorted by displayed path.

    Directories are searched recursively for files matching ``include`` and not ``exclude``
    (both relative to *root*), skipping :data:`SKIP_DIRS` and virtual environments. A path that
    is not a directory is always checked, even when excluded or missing (a missing file is
    reported as HS001, which is what a typo in CI should produce).
    """
    cwd = Path(cwd or Path.cwd()).resolve()
    root_text = str(root.resolve())
    cwd_text = str(cwd)

    def relative(path: str, base: str) -> str | None:
        if path == base:
            return "."
        if path.startswith(base.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(path, base)).as_posix()
        return None

    def target(path: str) -> Target:
        key = relative(path, root_text) or Path(path).as_posix()
        display = relative(path, cwd_text) or Path(path).as_posix()
        return Target(path, key, display)

    found: dict[str, Target] = {}
    for raw in paths:
        path = os.path.normpath(os.path.join(cwd_text, os.fspath(raw)))
        if not os.path.isdir(path):
            found.setdefault(path, target(path))
            continue
        for directory, dirnames, filenames in os.walk(path):
            kept = []
            for name in dirnames:
                full = os.path.join(directory, name)
                if name in SKIP_DIRS or os.path.exists(os.path.join(full, "pyvenv.cfg")):
                    continue
                if config.exclude and _matches_any(target(full).key, config.exclude):
                    continue
                kept.append(name)
            dirnames[:] = sorted(kept)
            for name in filenames:
                full = os.path.join(directory, name)
                item = target(full)
                if not _matches_any(item.key, config.include):
                    continue
                if config.exclude and _matches_any(item.key, config.exclude):
                    continue
                if any(fnmatchcase(name, skip) for skip in SKIP_FILES):
                    continue
                found.setdefault(full, item)
    return sorted(found.values(), key=lambda t: (t.display, t.path))


# -- scoring one file (runs in worker processes) -----------------------------------------------
#: (report as ``Report.to_dict()`` or None, served from the cache, internal error or None)
Outcome = tuple[dict[str, Any] | None, bool, str | None]


#: What scoring one file gives before parsing: the report (JSON text when freshly scored, or
#: the cache's dict), served from the cache, internal error or None. Worker processes send this
#: back as it is: pickling one string is far cheaper than parsing it and pickling the dict.
_RawOutcome = tuple[str | dict[str, Any] | None, bool, str | None]


def score_target(target: Target, config: Config, cache: ReportCache | None = None) -> Outcome:
    """Score one file. Never raises: an unexpected exception becomes the third element, so one
    broken file cannot stop a run over thousands."""
    return _parsed(_raw_outcome(target, config, cache))


def _raw_outcome(target: Target, config: Config, cache: ReportCache | None) -> _RawOutcome:
    try:
        return (*_score_target_raw(target, config, cache), None)
    except Exception as error:  # noqa: BLE001 - reported per file, the run goes on
        return None, False, describe_exception(error)


def _parsed(outcome: _RawOutcome) -> Outcome:
    """*outcome* with its JSON text parsed, so a fresh result is exactly what a cache hit
    returns."""
    report, cached, error = outcome
    return (json.loads(report) if isinstance(report, str) else report), cached, error


def describe_exception(error: BaseException) -> str:
    """``Type: message (at module.py:line)`` — the innermost frame, for a useful bug report."""
    text = f"{type(error).__name__}: {error}"
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        text += f" (at {Path(last.filename).name}:{last.lineno})"
    return text


def _score_target_raw(
    target: Target, config: Config, cache: ReportCache | None
) -> tuple[str | dict[str, Any], bool]:
    """The report of *target* as JSON text when freshly scored, or as the cache's parsed
    report, and whether it came from the cache."""
    from .readers import read_document
    from .scoring import error_report, score_document

    try:
        data = _read_bytes(target, config.max_file_bytes)
    except InputError as error:
        return error_report(error, target.display).to_dict(), False
    digest = hashlib.sha256(data).hexdigest()
    if cache is not None:
        hit = cache.get(target.key, digest)
        if hit is not None:
            hit["source"] = target.display  # as a fresh result has it (the cache may be older)
            return hit, True
    try:
        document = read_document(data, path=target.key, max_bytes=config.max_file_bytes)
    except InputError as error:
        report = error_report(error, target.display)
    else:
        report = score_document(document, config)
    # The path as the user sees it, which is what judge() would set: then the text is exactly
    # the report a formatter shows, and the JSON output can use it without encoding it again.
    report.source = target.display
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    if cache is not None:
        cache.put(target.key, digest, text)
    return text, False


def _read_bytes(target: Target, max_bytes: int) -> bytes:
    try:
        size = os.stat(target.path).st_size
        if os.path.isdir(target.path):
            raise InputError(f"{target.display} is a directory, not a file", code="HS001")
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit "
                "(set max_file_bytes in the configuration to raise it)",
                code="HS004",
            )
        with open(target.path, "rb") as handle:
            return handle.read()
    except InputError:
        raise
    except OSError as error:
        raise InputError(
            f"cannot read {target.display}: {error.strerror or error}", code="HS001"
        ) from error


def _cached(target: Target, cache: ReportCache) -> bool:
    try:
        with open(target.path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return False
    return cache.has(target.key, digest)


def _score_batch(
    batch: list[Target], config: Config, cache: ReportCache | None
) -> list[_RawOutcome]:
    """Score a chunk of files in a worker process (never raises, like :func:`score_target`)."""
    return [_raw_outcome(target, config, cache) for target in batch]


def auto_jobs(n_files: int) -> int:
    """Serial for a handful of files; otherwise one process per CPU, at most 8."""
    if n_files < PARALLEL_THRESHOLD:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))  # the CPUs this process may use (containers, CI)
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_AUTO_JOBS, n_files))


def score_targets(
    targets: Sequence[Target],
    config: Config,
    *,
    cache: ReportCache | None = None,
    jobs: int | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of *targets*, scored serially or by ``jobs`` processes.

    With ``jobs=None`` the number of processes follows the number of files that need scoring:
    files the cache already holds cost a file read each, and a run served from the cache is
    faster without starting (and loading the model into) worker processes.
    """
    return map(_parsed, _raw_outcomes(targets, config, cache, jobs))


def _raw_outcomes(
    targets: Sequence[Target], config: Config, cache: ReportCache | None, jobs: int | None
) -> Iterator[_RawOutcome]:
    """:func:`score_targets` before parsing: a freshly scored report is still its JSON text, so
    :func:`check` can hand that text to the formatters instead of encoding the report again."""
    if jobs is None:
        todo = len(targets)
        if cache is not None and todo >= PARALLEL_THRESHOLD:
            todo = sum(not _cached(item, cache) for item in targets)
        jobs = auto_jobs(todo)
    jobs = max(1, min(jobs, len(targets) or 1))
    if jobs == 1:
        for item in targets:
            yield _raw_outcome(item, config, cache)
        return
    yield from _score_parallel(targets, config, cache, jobs)


def _score_parallel(
    targets: Sequence[Target], config: Config, cache: ReportCache | None, jobs: int
) -> Iterator[_RawOutcome]:
    """Chunks of files go to a process pool; at most ``2 * jobs`` chunks are in flight and
    results are yielded in input order as soon as the oldest chunk is done, so memory does not
    grow with the number of files."""
    from concurrent.futures import ProcessPoolExecutor

    from .gc_tuning import tune_for_batch_scoring

    size = max(1, min(32, len(targets) // (jobs * 8)))
    batches = (list(targets[i : i + size]) for i in range(0, len(targets), size))
    try:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=tune_for_batch_scoring)
    except (OSError, NotImplementedError, ImportError):  # no multiprocessing here: go serial
        for item in targets:
            yield _raw_outcome(item, config, cache)
        return
    window: deque[tuple[list[Target], Any]] = deque()
    usable = True

    def submit() -> None:
        nonlocal usable
        batch = next(batches, None)
        if batch is None:
            return
        future = None
        if usable:
            try:
                future = pool.submit(_score_batch, batch, config, cache)
            except Exception:  # noqa: BLE001 - e.g. no semaphores: score the rest here
                usable = False
        window.append((batch, future))

    try:
        for _ in range(jobs * 2):
            submit()
        while window:
            batch, future = window.popleft()
            submit()
            if future is None:
                outcomes = _score_batch(batch, config, cache)
            else:
                try:
                    outcomes = future.result()
                except Exception as error:  # noqa: BLE001 - a worker died; report, go on
                    message = f"worker process failed: {describe_exception(error)}"
                    outcomes = [(None, False, message) for _ in batch]
            yield from outcomes
    finally:
        # Also on Ctrl-C or when the caller stops early: do not start queued chunks.
        pool.shutdown(wait=True, cancel_futures=True)


# -- judging a file ----------------------------------------------------------------------------
@dataclass(slots=True)
class FileResult:
    """One checked file, as every formatter sees it.

    ``report`` is ``Report.to_dict()`` with ``source`` set to the displayed path and baselined
    findings removed (None after an internal error). ``findings`` are the input errors and the
    findings to show, in position order. ``failures`` are threshold misses. ``failed`` says
    whether this file makes the run fail (a finding at or above ``fail_on``, a threshold miss,
    or an internal error).
    """

    path: str
    key: str
    report: dict[str, Any] | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    baselined: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)
    internal_error: str | None = None
    failed: bool = False
    cached: bool = False
    #: ``report`` as the JSON text the worker produced, when it is exactly that report (no
    #: baselined finding removed, the same ``source``); else None.
    report_json: str | None = None

    @property
    def suppressed(self) -> int:
        return int(self.report.get("suppressed", 0)) if self.report else 0

    def to_dict(self) -> dict[str, Any]:
        """The file's entry in ``healthscore check --format json``."""
        return {
            "path": self.path,
            "passed": not self.failed,
            "failures": self.failures,
            "baselined": self.baselined,
            "internal_error": self.internal_error,
            "report": self.report,
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as one line of compact JSON (``json.dumps`` with its default
        separators). A report still in its worker's JSON text is spliced in, not encoded again:
        in the main process, which shares the CPUs with the workers, encoding a report with
        ~60 findings costs more than everything else it does for that file."""
        if self.report_json is None:
            return json.dumps(self.to_dict(), ensure_ascii=False)
        envelope = self.to_dict()
        del envelope["report"]  # the last key: the report goes back in its place, as text
        return f'{json.dumps(envelope, ensure_ascii=False)[:-1]}, "report": {self.report_json}}}'


def finding_sort_key(finding: dict[str, Any]) -> tuple[int, int, str, str]:
    return (finding["line"], finding["column"], finding["code"], finding["message"])


def threshold_failures(report: dict[str, Any], config: Config) -> list[dict[str, Any]]:
    """Score thresholds this report misses. A dimension (or overall score) that was not scored
    has no number to compare, so it cannot miss a threshold; its status is in the report."""
    failures: list[dict[str, Any]] = []
    overall = report.get("overall")
    if config.min_score is not None and overall is not None and overall < config.min_score:
        failures.append({
            "kind": "min_score", "dimension": None, "score": overall,
            "threshold": config.min_score,
            "message": f"overall score {overall:.1f} is below min_score {config.min_score:g}",
        })
    dimensions = report.get("dimensions", {})
    for name in dimensions:
        minimum = config.min_scores.get(name)
        result = dimensions[name]
        if minimum is None or result.get("status") != "scored" or result.get("score") is None:
            continue
        if result["score"] < minimum:
            failures.append({
                "kind": "min_scores", "dimension": name, "score": result["score"],
                "threshold": minimum,
                "message": f"{name} score {result['score']:.1f} is below min_scores.{name} "
                f"{minimum:g}",
            })
    return failures


def judge(
    target: Target,
    outcome: Outcome,
    config: Config,
    *,
    fail_on: str = "error",
    baseline: Baseline | None = None,
    report_json: str | None = None,
) -> FileResult:
    """Turn a scoring outcome into a :class:`FileResult` (baseline, thresholds, fail_on).

    *report_json* is the report's JSON text, when the caller has it: it is kept for the
    formatters unless judging changes the report."""
    report, cached, internal = outcome
    if report is None:
        return FileResult(
            target.display, target.key, None, internal_error=internal or "no report", failed=True
        )
    if report.get("source") != target.display:
        report["source"] = target.display
        report_json = None
    everything = sorted(
        [*report.get("errors", []), *report.get("findings", [])], key=finding_sort_key
    )
    baselined = 0
    if baseline is not None:
        shown, old = baseline.split(target.key, everything)
        baselined = len(old)
        if old:
            report_json = None
            hidden = {id(f) for f in old}
            report["errors"] = [f for f in report.get("errors", []) if id(f) not in hidden]
            report["findings"] = [f for f in report.get("findings", []) if id(f) not in hidden]
        everything = list(shown)  # type: ignore[arg-type]
    failures = threshold_failures(report, config)
    limit = FAIL_ON_RANK[fail_on]
    failed = bool(failures) or any(SEVERITY_RANK.get(f["severity"], 0) >= limit for f in everything)
    return FileResult(
        target.display, target.key, report, everything, baselined, failures, None, failed, cached,
        report_json,
    )


# -- the whole run -----------------------------------------------------------------------------
@dataclass
class Summary:
    """Counts over a run (kept instead of the results themselves)."""

    fail_on: str = "error"
    files: int = 0
    failed: int = 0
    findings: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    baselined: int = 0
    suppressed: int = 0
    threshold_failures: int = 0
    unreadable: int = 0
    internal_errors: int = 0
    cache_hits: int = 0
    scored: int = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.failed += result.failed
        for finding in result.findings:
            self.findings[finding["severity"]] = self.findings.get(finding["severity"], 0) + 1
        self.baselined += result.baselined
        self.suppressed += result.suppressed
        self.threshold_failures += len(result.failures)
        self.unreadable += bool(result.report and result.report.get("errors"))
        self.internal_errors += result.internal_error is not None
        if result.internal_error is None:
            if result.cached:
                self.cache_hits += 1
            else:
                self.scored += 1

    @property
    def exit_code(self) -> int:
        """2 after an internal error, 1 when a file failed, else 0."""
        if self.internal_errors:
            return 2
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "passed": self.files - self.failed,
            "failed": self.failed,
            "findings": dict(self.findings),
            "baselined": self.baselined,
            "suppressed": self.suppressed,
            "threshold_failures": self.threshold_failures,
            "unreadable": self.unreadable,
            "internal_errors": self.internal_errors,
            "cache_hits": self.cache_hits,
            "scored": self.scored,
            "fail_on": self.fail_on,
            "exit_code": self.exit_code,
        }


def check(
    targets: Sequence[Target],
    config: Config,
    *,
    fail_on: str = "error",
    baseline: Baseline | None = None,
    record: Baseline | None = None,
    cache: ReportCache | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[FileResult]:
    """Check *targets*; yield a :class:`FileResult` per file in order.

    With *record*, every finding is added to that baseline first (``--write-baseline``) and is
    then treated as baselined.
    """
    total = len(targets)
    outcomes = _raw_outcomes(targets, config, cache, jobs)
    for done, (item, raw) in enumerate(zip(targets, outcomes, strict=True), start=1):
        outcome = _parsed(raw)
        report = outcome[0]
        if record is not None and report is not None:
            record.record(item.key, [*report.get("errors", []), *report.get("findings", [])])
        use = record if record is not None else baseline
        text = raw[0] if isinstance(raw[0], str) else None
        result = judge(item, outcome, config, fail_on=fail_on, baseline=use, report_json=text)
        if progress is not None:
            progress(done, total)
        yield result
