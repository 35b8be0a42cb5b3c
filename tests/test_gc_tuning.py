"""The command line tunes the garbage collector for its own process and workers; importing and
calling the library never does."""

from __future__ import annotations

import subprocess
import sys

from healthscore import gc_tuning, runner
from healthscore.config import Config

PROBE = """
import gc, sys
before = gc.get_threshold()
import healthscore
healthscore.score("Coffee may lower the risk of liver disease, a 2020 study found.")
after_library = gc.get_threshold()
from healthscore.cli import main
main(["rules"])
after_cli = gc.get_threshold()
print(before[0], after_library[0], after_cli[0], file=sys.stderr)
"""


def test_only_the_command_line_changes_the_collector() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    before, after_library, after_cli = map(int, done.stderr.split()[-3:])
    assert before == after_library != gc_tuning.FIRST_GENERATION_THRESHOLD
    assert after_cli == gc_tuning.FIRST_GENERATION_THRESHOLD


def test_worker_processes_are_tuned(monkeypatch, tmp_path) -> None:
    """The pool is started with the tuning as its initializer (on platforms that spawn
    workers, nothing is inherited from the parent)."""
    import concurrent.futures

    seen: dict[str, object] = {}

    class RecordingPool(concurrent.futures.ThreadPoolExecutor):
        def __init__(self, max_workers: int, initializer=None) -> None:  # noqa: ANN001
            seen["initializer"] = initializer
            super().__init__(max_workers=max_workers)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", RecordingPool)
    for index in range(3):
        (tmp_path / f"a{index}.md").write_text("Coffee may help.\n", encoding="utf-8")
    targets = runner.discover([str(tmp_path)], Config(), root=tmp_path)
    outcomes = list(runner.score_targets(targets, Config(), jobs=2))
    assert len(outcomes) == 3
    assert seen["initializer"] is gc_tuning.tune_for_batch_scoring
