"""The ``healthscore`` command line.

=====================  ===========================================================================
``score FILE``         one article, a readable report (``--format text|json``)
``check [PATH ...]``   a linter for content repositories: every article under PATH, thresholds,
                       ``--fail-on``, baselines, cache, parallel, ``--format
                       text|json|sarif|github|junit``
``rules``              every rule with code, name, dimension, severity, summary
``explain CODE``       one rule's full explanation
=====================  ===========================================================================

Exit status: 0 success; 1 ``check`` found a file below a threshold or a finding at or above
``--fail-on``; 2 usage, configuration, unreadable input to ``score``, or an internal error.
Messages for exit 2 are one line on stderr, never a traceback (set ``HEALTHSCORE_TRACEBACK=1``
to see one).

Start-up is kept short: this module imports only the standard library and the small core at
the top; formats, the runner and the dimensions (and through them scikit-learn) are imported
when a command needs them, so ``--version``, ``rules`` and ``explain`` never load a model.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._version import __version__
from .errors import ConfigError, HealthscoreError
from .gc_tuning import tune_for_batch_scoring

if TYPE_CHECKING:
    from .rules import Rule

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
PROG = "healthscore"
FAMILY_TITLES = {
    "HS0": "Input and parsing (HS0xx)",
    "HS1": "Readability (HS1xx)",
    "HS2": "Claim hedging (HS2xx)",
    "HS3": "Citations (HS3xx)",
    "HS4": "Risk balance (HS4xx)",
    "HS5": "Transparency (HS5xx)",
}


class UsageError(HealthscoreError):
    """A command-line argument is wrong (exit 2)."""


# -- argument parsing --------------------------------------------------------------------------
def _int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least *minimum*."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _number(text: str) -> float | int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    return int(value) if value.is_integer() else value


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Score consumer health articles for readability, claim hedging, citation "
        "density and risk balance.",
        epilog="Run 'healthscore COMMAND --help' for a command's options. Docs: docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE",
                        help="configuration file (default: the nearest .healthscore.toml or "
                        "pyproject.toml with [tool.healthscore], from the working directory up)")
    common.add_argument("--target-grade", type=_number, metavar="N",
                        help="readability target grade (overrides the configuration)")
    common.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the text output (auto: on a terminal, unless NO_COLOR)")
    common.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    score = commands.add_parser(
        "score", parents=[common], help="score one article and print a readable report",
        description="Score one article (Markdown, HTML or plain text; '-' reads stdin).",
    )
    score.add_argument("file", metavar="FILE")
    score.add_argument("--format", choices=("text", "json"), default="text")

    check = commands.add_parser(
        "check", parents=[common], help="check every article under PATHs (a linter for CI)",
        description="Find articles (.md, .markdown, .html, .htm, .txt) under each PATH, score "
        "them, and exit 1 if a file is below a threshold or has a finding at or above "
        "--fail-on.",
    )
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH",
                       help="files or directories (default: .)")
    from .formats import FORMATS

    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                       help="lowest finding severity that fails the run (default: error, or "
                       "fail_on in the configuration)")
    check.add_argument("--min-score", type=_number, metavar="N",
                       help="fail files whose overall score is below N")
    check.add_argument("--select", type=_codes, metavar="CODES",
                       help="comma-separated rule codes or prefixes to report (replaces select)")
    check.add_argument("--ignore", type=_codes, metavar="CODES",
                       help="comma-separated rule codes or prefixes to hide (replaces ignore)")
    check.add_argument("--baseline", metavar="FILE",
                       help="report and fail only on findings not recorded in FILE")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record every current finding in FILE (then they count as baselined)")
    check.add_argument("-j", "--jobs", type=_int_at_least(1), metavar="N",
                       help="worker processes (default: 1 when under 8 files need scoring, else "
                       "one per CPU, at most 8)")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument("--cache-dir", metavar="DIR",
                       help="cache directory (default: .healthscore_cache beside the config)")
    check.add_argument("-q", "--quiet", action="store_true",
                       help="text format: list only files with findings or failures")
    check.add_argument("--no-progress", action="store_true",
                       help="no progress bar (it is shown only when stderr is a terminal)")
    check.add_argument("--max-annotations", type=_int_at_least(0), metavar="N",
                       help="github format: annotations per level before summarising "
                       "(default 10, GitHub's per-step display limit; 0: no cap)")

    rules = commands.add_parser("rules", help="list every rule",
                                description="List every rule healthscore can report.")
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    explain = commands.add_parser("explain", help="explain one rule",
                                  description="Print a rule's full explanation.")
    explain.add_argument("code", metavar="CODE", help="a rule code (HS201) or name")
    return parser


# -- entry point -------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    tune_for_batch_scoring()
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        handler = {"score": cmd_score, "check": cmd_check, "rules": cmd_rules,
                   "explain": cmd_explain}[args.command]
        return handler(args)
    except (ConfigError, UsageError) as error:
        _error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`healthscore check | head`): stop quietly.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - absorb the final flush
        return EXIT_FAIL
    except Exception as error:  # noqa: BLE001 - one line, not a traceback
        if os.environ.get("HEALTHSCORE_TRACEBACK"):
            raise
        from .runner import describe_exception

        _error(f"internal error: {describe_exception(error)} (set HEALTHSCORE_TRACEBACK=1 for "
               "the traceback, and please report it)")
        return EXIT_ERROR


def _error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {message}\n")


def _warn(message: str) -> None:
    sys.stderr.write(f"{PROG}: warning: {message}\n")


def use_color(choice: str, stream: TextIO) -> bool:
    """``always``/``never``, or ``auto``: a terminal, unless ``NO_COLOR`` is set (any non-empty
    value, https://no-color.org) or ``TERM=dumb``; ``FORCE_COLOR`` forces it (CI logs)."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Output:
    """stdout, or ``--output FILE`` (opened only once there is something to write)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.stream: TextIO = sys.stdout
        if path is not None:
            try:
                self.stream = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
            except OSError as error:
                raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
        elif (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "") != "utf8":
            # Machine formats are UTF-8 by definition; a C locale must not crash the run.
            reconfigure = getattr(sys.stdout, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")

    def close(self) -> None:
        if self.path is not None:
            self.stream.close()
        else:
            self.stream.flush()


# -- score -------------------------------------------------------------------------------------
def cmd_score(args: argparse.Namespace) -> int:
    from .config_files import load_settings

    settings = load_settings(args.config, target_grade=args.target_grade, warn=_warn)
    if args.file == "-":  # noqa: SIM108 - two different sources, clearer as two branches
        report = _score_stdin(settings.config)
    else:
        report = _score_path(args.file, settings)
    if report.get("errors"):
        first = report["errors"][0]
        raise UsageError(f"{report['source']}: {first['code']} {first['name']}: {first['message']}")
    output = _Output(args.output)
    try:
        if args.format == "json":
            import json

            output.stream.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        else:
            from .formats.text import render_report

            color = args.output is None and use_color(args.color, sys.stdout)
            output.stream.write(render_report(report, color=color))
    finally:
        output.close()
    return EXIT_OK


def _score_path(file: str, settings: Any) -> dict[str, Any]:
    from .runner import discover, score_target

    if os.path.isdir(file):
        raise UsageError(f"{file} is a directory; 'score' takes one file (use 'check' for many)")
    (target,) = discover([file], settings.config, root=settings.root)
    report, _cached, internal = score_target(target, settings.config)
    if report is None:
        raise UsageError(f"{target.display}: internal error: {internal}")
    return report  # its source is already the path as displayed (see runner._score_target_raw)


def _score_stdin(config: Any) -> dict[str, Any]:
    import json

    from .errors import InputError
    from .readers import read_document
    from .scoring import error_report, score_document

    data = sys.stdin.buffer.read()
    try:
        document = read_document(data, max_bytes=config.max_file_bytes)
        report = score_document(document, config)
    except InputError as error:
        report = error_report(error)
    result: dict[str, Any] = json.loads(report.to_json(indent=None))
    result["source"] = "<stdin>"
    return result


# -- check -------------------------------------------------------------------------------------
def cmd_check(args: argparse.Namespace) -> int:
    from .baseline import Baseline
    from .cache import CACHE_DIR_NAME, ReportCache, cache_salt
    from .config_files import load_settings
    from .formats import Context, get_formatter
    from .runner import Summary, check, discover

    overrides: dict[str, Any] = {}
    if args.select is not None:
        overrides["select"] = args.select
    if args.ignore is not None:
        overrides["ignore"] = args.ignore
    if args.min_score is not None:
        overrides["min_score"] = args.min_score
    settings = load_settings(
        args.config, target_grade=args.target_grade, overrides=overrides, warn=_warn
    )
    config = settings.config
    fail_on = args.fail_on or settings.fail_on
    cwd = Path.cwd()

    baseline = record = None
    if args.write_baseline:
        record = Baseline()
    elif args.baseline:
        baseline = Baseline.load(args.baseline)

    targets = discover(args.paths, config, root=settings.root, cwd=cwd)
    if not targets:
        _warn(f"no files to check under {', '.join(args.paths)} "
              f"(looking for {', '.join(config.include)})")

    cache = None
    if not args.no_cache:
        directory = Path(args.cache_dir) if args.cache_dir else settings.root / CACHE_DIR_NAME
        cache = ReportCache(directory.resolve(), cache_salt(config))

    output = _Output(args.output)
    context = Context(
        cwd=cwd,
        color=args.output is None and use_color(args.color, sys.stdout),
        quiet=args.quiet,
        max_annotations=10 if args.max_annotations is None else args.max_annotations,
        fail_on=fail_on,
    )
    progress = None
    if not args.no_progress and len(targets) > 1 and _isatty(sys.stderr):
        progress = ProgressBar(sys.stderr)
    shares_terminal = args.output is None and _isatty(sys.stdout)
    summary = Summary(fail_on=fail_on)
    formatter = get_formatter(args.format)(output.stream, context)
    try:
        formatter.begin()
        for result in check(targets, config, fail_on=fail_on, baseline=baseline, record=record,
                            cache=cache, jobs=args.jobs, progress=progress):
            if progress is not None and shares_terminal:
                progress.clear()  # the bar and the report share the screen: no mixed lines
            formatter.file(result)
            summary.add(result)
        if progress is not None:
            progress.clear()
        formatter.end(summary)
    finally:
        output.close()
    if record is not None:
        record.write(args.write_baseline)
        sys.stderr.write(f"{PROG}: wrote {len(record)} finding(s) in {len(record.files)} file(s) "
                         f"to the baseline {args.write_baseline}\n")
    if summary.internal_errors:
        _error(f"{summary.internal_errors} file(s) could not be checked because of an internal "
               "error (see the report); please report it")
    return summary.exit_code


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressBar:
    """``[#########.........] 120/400 files`` on stderr, redrawn at most ten times a second.
    Shown only on a terminal; cleared before each file's output so the two never mix."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} files")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (self.WIDTH + 30) + "\r")
            self.stream.flush()
            self.drawn = False


# -- rules and explain -------------------------------------------------------------------------
def cmd_rules(args: argparse.Namespace) -> int:
    from .rules import all_rules

    rules = all_rules()
    if args.format == "json":
        import json

        text = json.dumps([rule_dict(r) for r in rules], indent=2, ensure_ascii=False) + "\n"
    elif args.format == "markdown":
        text = rules_markdown(rules)
    else:
        text = rules_text(rules)
    output = _Output(args.output)
    try:
        output.stream.write(text)
    finally:
        output.close()
    return EXIT_OK


def rule_dict(rule: Rule) -> dict[str, str]:
    return {
        "code": rule.code, "name": rule.name, "dimension": rule.dimension,
        "severity": rule.severity, "summary": rule.summary, "why": rule.why,
        "example": rule.example, "instead": rule.instead,
    }


def rules_text(rules: Sequence[Rule]) -> str:
    name_width = max([len(r.name) for r in rules] + [4])
    dim_width = max([len(r.dimension) for r in rules] + [9])
    lines = [f"{'CODE':<6} {'NAME':<{name_width}}  {'DIMENSION':<{dim_width}}  SEVERITY  SUMMARY"]
    for rule in rules:
        lines.append(f"{rule.code:<6} {rule.name:<{name_width}}  {rule.dimension:<{dim_width}}  "
                     f"{rule.severity:<8}  {rule.summary}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape text for a Markdown table cell or paragraph: examples contain raw HTML."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", " "))


def rules_markdown(rules: Sequence[Rule]) -> str:
    """docs/rules.md, generated from the registry so the page and ``explain`` never drift."""
    lines = [
        "<!-- Generated from the rules registry by",
        "     python -m healthscore.cli rules --format markdown > docs/rules.md",
        "     Do not edit by hand: change src/healthscore/rules/ and regenerate. -->",
        "# Rules",
        "",
        "Every finding healthscore reports comes from one of these rules. A code never changes "
        "meaning. Choose rules with `select`/`ignore` (code prefixes: `HS2` is every hedging "
        "rule), change severities with `[tool.healthscore.severity]`, and silence a finding in "
        "the file with `<!-- healthscore-disable-next-line HS201 -->` (see "
        "[cli.md](cli.md#inline-suppressions)). `healthscore explain CODE` prints the same "
        "explanation in a terminal.",
        "",
        "| Code | Name | Dimension | Default severity | What it does |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        anchor = f"{rule.code}-{rule.name}".lower()
        lines.append(f"| [{rule.code}](#{anchor}) | `{rule.name}` | {rule.dimension} | "
                     f"{rule.severity} | {_md(rule.summary)} |")
    family = None
    for rule in rules:
        prefix = rule.code[:3]
        if prefix != family:
            family = prefix
            lines += ["", f"## {FAMILY_TITLES.get(prefix, prefix + 'xx')}"]
        lines += [
            "",
            f"### {rule.code} {rule.name}",
            "",
            f"*Dimension:* {rule.dimension} · *default severity:* {rule.severity}",
            "",
            f"**What it does.** {_md(rule.summary)}",
            "",
            f"**Why it matters.** {_md(rule.why)}",
        ]
        if rule.example:
            lines += ["", f"**Example.** {_md(rule.example)}"]
        if rule.instead:
            lines += ["", f"**Instead.** {_md(rule.instead)}"]
    return "\n".join(lines) + "\n"


def cmd_explain(args: argparse.Namespace) -> int:
    from .rules import all_rules, get_rule

    try:
        rule = get_rule(args.code)
    except KeyError:
        import difflib

        codes = [r.code for r in all_rules()]
        names = [r.name for r in all_rules()]
        close = difflib.get_close_matches(args.code.upper(), codes, n=3)
        close += difflib.get_close_matches(args.code.lower(), names, n=3)
        hint = f"; did you mean {', '.join(dict.fromkeys(close))}?" if close else ""
        raise UsageError(
            f"no rule {args.code!r}{hint} (run 'healthscore rules' to list them)"
        ) from None
    sys.stdout.write(rule.explain() + "\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
