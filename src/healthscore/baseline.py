"""Baselines: adopt healthscore on an existing content repository without fixing every old
finding first.

``healthscore check --write-baseline FILE`` records each file's findings; ``--baseline FILE``
then reports (and fails on) only findings that are not in it. A finding is recorded by a
*fingerprint*, not by its line: the rule code and the normalised text of the sentence it is
about. Adding a paragraph above a sentence therefore keeps its old findings baselined, while
rewriting the sentence makes any finding on it new. Findings about the whole document (no
sentence) are fingerprinted by their code alone. Identical fingerprints in one file are counted,
so a file with two baselined ``HS201`` findings on the same sentence that gains a third reports
one new finding.

The file is JSON with sorted keys, so it diffs cleanly in review::

    {
      "healthscore_baseline": 1,
      "healthscore_version": "0.1.0",
      "files": {
        "docs/kratom.md": {"HS201-5d41402abc4b2a76": 2, "HS005-...": 1}
      }
    }

Paths are relative to the config root, so the baseline works from any working directory.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import ConfigError

BASELINE_FORMAT = 1
_SPACE = re.compile(r"\s+")


def fingerprint(finding: Mapping[str, Any]) -> str:
    """A finding's identity that survives line shifts: ``CODE-<16 hex digits>``."""
    excerpt = _SPACE.sub(" ", str(finding.get("excerpt") or "")).strip().casefold()
    digest = hashlib.sha256(f"{finding['code']}\0{excerpt}".encode()).hexdigest()[:16]
    return f"{finding['code']}-{digest}"


class Baseline:
    """Recorded findings per file, as fingerprint counts."""

    def __init__(self, files: Mapping[str, Mapping[str, int]] | None = None) -> None:
        self.files: dict[str, Counter[str]] = {
            path: Counter(dict(counts)) for path, counts in (files or {}).items()
        }

    def __len__(self) -> int:
        return sum(sum(c.values()) for c in self.files.values())

    def split(
        self, path: str, findings: Iterable[Mapping[str, Any]]
    ) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
        """Split a file's findings into (new, baselined). Findings are matched in the order
        given (sorted by position), so with more occurrences than recorded the later ones are
        new."""
        remaining = Counter(self.files.get(path, {}))
        new: list[Mapping[str, Any]] = []
        old: list[Mapping[str, Any]] = []
        for finding in findings:
            key = fingerprint(finding)
            if remaining[key] > 0:
                remaining[key] -= 1
                old.append(finding)
            else:
                new.append(finding)
        return new, old

    def record(self, path: str, findings: Iterable[Mapping[str, Any]]) -> None:
        """Add a file's findings."""
        counts = Counter(fingerprint(f) for f in findings)
        if counts:
            self.files[path] = counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "healthscore_baseline": BASELINE_FORMAT,
            "healthscore_version": __version__,
            "files": {
                path: dict(sorted(counts.items()))
                for path, counts in sorted(self.files.items())
                if counts
            },
        }

    def write(self, path: str | Path) -> None:
        """Write atomically, so an interrupted run never leaves a truncated baseline."""
        path = Path(path)
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        directory = path.parent if str(path.parent) else Path(".")
        try:
            fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as error:
            raise ConfigError(f"{path}: cannot write the baseline: {error.strerror}") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """Read a baseline file; :class:`ConfigError` (exit 2) when it is missing or invalid."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                f"{path}: baseline file not found (create it with --write-baseline)"
            ) from None
        except (OSError, ValueError) as error:
            raise ConfigError(f"{path}: cannot read baseline: {error}") from None
        if not isinstance(data, dict) or data.get("healthscore_baseline") != BASELINE_FORMAT:
            raise ConfigError(f"{path}: not a healthscore baseline (format {BASELINE_FORMAT})")
        files = data.get("files", {})
        if not isinstance(files, dict) or not all(
            isinstance(counts, dict)
            and all(isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in counts.items())
            for counts in files.values()
        ):
            raise ConfigError(f"{path}: malformed baseline: 'files' must map paths to counts")
        return cls(files)
