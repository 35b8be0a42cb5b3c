"""A content-hash cache of reports, so ``healthscore check`` does not re-score unchanged files.

One small JSON file per checked file, in ``.healthscore_cache/`` under the config root:

* its *name* is a hash of the file's path (relative to the config root) and of the *salt*:
  the canonical configuration, the healthscore version, the shipped model's manifest and a
  fingerprint of the installed package's files. A new configuration or version therefore looks
  in different entries, and each checked file has at most one entry per configuration (the
  cache does not grow with every edit);
* its *content* is the sha256 of the file's bytes and the report. An entry whose hash differs
  from the file's is a miss.

Why the package fingerprint as well as the version: in a development checkout the version stays
the same while lexicons and code change; a stale report would be a silent wrong answer, and
hashing the size and modification time of ~100 package files costs well under a millisecond.

Writes are atomic (a temporary file renamed into place), so parallel workers and interrupted
runs never leave a half-written entry; an unreadable or corrupt entry is simply a miss.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._version import __version__
from .config import Config

CACHE_DIR_NAME = ".healthscore_cache"
#: Bumped when the entry layout changes.
CACHE_FORMAT = 1


#: Settings that decide which files are checked and whether they pass, never what a file's
#: report says: changing a threshold must not throw the cache away.
NOT_IN_REPORT = frozenset({"min_score", "min_scores", "include", "exclude"})


def canonical_config(config: Config) -> str:
    """The settings that shape a report, as canonical JSON: equal settings, equal strings."""
    data = {
        f.name: _plain(getattr(config, f.name))
        for f in dataclasses.fields(config)
        if f.name not in NOT_IN_REPORT
    }
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=repr)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """A hash of the names, sizes and modification times of the package's files (code,
    lexicons, model manifest) and of the model manifest's content."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for directory, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(directory, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            relative = os.path.relpath(path, package)
            digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    manifest = model_manifest_sha256()
    digest.update((manifest or "-").encode())
    return digest.hexdigest()


def model_manifest_sha256() -> str | None:
    """sha256 of ``models/manifest.json`` (installed: inside the package; in a development
    checkout: the repository's ``models/``), or None when there is none. The manifest records
    the model's own hash, so a retrained model changes it."""
    package = Path(__file__).resolve().parent
    candidates = (package / "models", package.parents[1] / "models")
    for candidate in (directory / "manifest.json" for directory in candidates):
        try:
            return hashlib.sha256(candidate.read_bytes()).hexdigest()
        except OSError:
            continue
    return None


def cache_salt(config: Config) -> str:
    """What, besides a file's path and bytes, decides its report."""
    parts = [str(CACHE_FORMAT), __version__, canonical_config(config), package_fingerprint()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class ReportCache:
    """Reads and writes cached reports in *directory*. Picklable (sent to worker processes)."""

    def __init__(self, directory: str | Path, salt: str) -> None:
        self.directory = str(directory)
        self.salt = salt

    def _entry(self, key: str) -> str:
        name = hashlib.sha256(f"{self.salt}\0{key}".encode()).hexdigest()
        return os.path.join(self.directory, name[:2], name + ".json")

    def get(self, key: str, content_sha256: str) -> dict[str, Any] | None:
        """The cached report (``Report.to_dict()``) of file *key* with this content hash."""
        try:
            with open(self._entry(key), encoding="utf-8") as handle:
                entry = json.load(handle)
        except (OSError, ValueError):
            return None
        if (
            not isinstance(entry, dict)
            or entry.get("content_sha256") != content_sha256
            or not isinstance(entry.get("report"), dict)
        ):
            return None
        report: dict[str, Any] = entry["report"]
        return report

    def has(self, key: str, content_sha256: str) -> bool:
        """Whether an entry for this content probably exists, reading only the entry's head
        (used to decide whether a run needs worker processes at all)."""
        try:
            with open(self._entry(key), "rb") as handle:
                head = handle.read(1024)
        except OSError:
            return False
        return f'"content_sha256": "{content_sha256}"'.encode() in head

    def put(self, key: str, content_sha256: str, report_json: str) -> None:
        """Store a report (best effort: a cache that cannot be written is not an error)."""
        path = self._entry(key)
        # The report is already JSON; splice it in rather than parse and dump it again.
        head = json.dumps(
            {"format": CACHE_FORMAT, "path": key, "content_sha256": content_sha256},
            ensure_ascii=False,
        )
        text = f'{head[:-1]}, "report": {report_json}}}\n'

        try:
            directory = os.path.dirname(path)
            if not os.path.isdir(directory):
                self._create(directory)
            fd, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            pass

    def _create(self, directory: str) -> None:
        os.makedirs(directory, exist_ok=True)
        # Like pytest's and ruff's caches: keep it out of version control and backups.
        ignore = os.path.join(self.directory, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w", encoding="utf-8") as handle:
                handle.write("# Created by healthscore; safe to delete.\n*\n")
            tag = os.path.join(self.directory, "CACHEDIR.TAG")
            with open(tag, "w", encoding="utf-8") as handle:
                handle.write(
                    "Signature: 8a477f597d28d172789f06886806bc55\n"
                    "# This file is a cache directory tag created by healthscore.\n"
                )
