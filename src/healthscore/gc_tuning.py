"""Garbage-collector settings for healthscore's own processes (the command line and its workers).

Scoring an article allocates some hundred thousand short-lived tuples, lists and match objects.
Reference counting frees nearly all of them at once, but every 700 container allocations
CPython's default settings also run the cyclic collector, which then walks the young objects
for cycles that are not there. On 1,200-word articles that costs about a tenth of the time
(measured: 8.1 ms per article with the defaults, 7.2-7.4 ms with a first threshold of 5,000 to
20,000; see docs/PERFORMANCE.md). Collections still happen, only less often, so memory held by
real reference cycles is still reclaimed.

The library's scoring functions never call this: a program that imports healthscore owns its
interpreter's settings (it may call this itself). :func:`healthscore.cli.main` does, and so
does every worker process healthscore starts for a parallel run, as those are its own.
"""

from __future__ import annotations

import gc

#: Container allocations (minus deallocations) between two collections of the youngest
#: generation; CPython's default is 700.
FIRST_GENERATION_THRESHOLD = 10_000


def tune_for_batch_scoring() -> None:
    """Collect the youngest generation every :data:`FIRST_GENERATION_THRESHOLD` allocations
    instead of every 700 (the older generations keep their default ratios)."""
    _, second, third = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, second, third)
