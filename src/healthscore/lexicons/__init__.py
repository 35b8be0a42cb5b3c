"""Word lists shipped as package data, and one fast matcher for all of them.

Each ``*.txt`` file in this folder is a lexicon named after the file (``hedges.txt`` is
``hedges``). The format is one entry per line::

    # a comment; blank lines are ignored
    may
    side effect*            <- ``*`` ends a word stem: side effect, side effects
    not (yet )?proven       <- lines that start with ``re:`` are regular expressions, so this
    re: \\bnot (?:yet )?proven\\b  one matches "not proven" and "not yet proven"
    hepatotoxicity<TAB>liver damage   <- text after a tab is the entry's note (e.g. a plain
                                         explanation), kept in :attr:`Lexicon.notes`

Matching is case-insensitive and on word boundaries; every lexicon compiles to one regular
expression with the longest entries first, so "no side effects" wins over "side effects".
Adding a list is adding a file: no code changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Hit", "Lexicon", "available", "load"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a lexicon entry in a sentence: ``text[start:end]`` matched ``entry``."""

    entry: str
    start: int
    end: int
    text: str


class Lexicon:
    """A compiled word list. Build with :func:`load`, or directly from entries in tests."""

    def __init__(self, name: str, entries: list[str], notes: dict[str, str] | None = None) -> None:
        self.name = name
        self.entries = tuple(entries)
        self.notes = notes or {}
        patterns = []
        self._by_group: list[str] = []
        for entry in sorted(set(entries), key=lambda e: (-len(e), e)):
            patterns.append(_entry_pattern(entry))
            self._by_group.append(entry)
        if patterns:
            alternation = "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(patterns))
            self._regex: re.Pattern[str] | None = re.compile(alternation, re.IGNORECASE)
        else:
            self._regex = None

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Lexicon({self.name!r}, {len(self)} entries)"

    def find(self, text: str) -> list[Hit]:
        """All non-overlapping matches in *text*, leftmost-longest first."""
        if self._regex is None:
            return []
        hits = []
        for match in self._regex.finditer(text):
            group = match.lastgroup or "g0"
            hits.append(Hit(self._by_group[int(group[1:])], match.start(), match.end(), match.group()))
        return hits

    def search(self, text: str) -> bool:
        """True when any entry occurs in *text*."""
        return bool(self._regex and self._regex.search(text))


def _entry_pattern(entry: str) -> str:
    if entry.startswith("re:"):
        return entry[3:].strip()
    words = []
    for word in entry.split():
        if word.endswith("*") and len(word) > 1:
            words.append(re.escape(word[:-1]) + r"\w*")
        else:
            words.append(re.escape(word))
    body = r"\s+".join(words)
    start = r"\b" if entry[:1].isalnum() else ""
    end = r"\b" if (entry[-1:].isalnum() or entry.endswith("*")) else ""
    if entry.endswith("*"):
        end = ""
    return f"{start}{body}{end}"


def available() -> list[str]:
    """Names of the lexicons shipped with the package."""
    folder = resources.files(__name__)
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt"))


@lru_cache(maxsize=None)
def load(name: str) -> Lexicon:
    """Load and compile the lexicon ``name`` (cached: compiled once per process)."""
    path = resources.files(__name__) / f"{name}.txt"
    if not path.is_file():
        raise KeyError(f"no lexicon named {name!r}; available: {', '.join(available())}")
    entries: list[str] = []
    notes: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        entry, _, note = line.partition("\t")
        entry = entry.strip()
        if not entry.startswith("re:"):
            entry = entry.lower()
        entries.append(entry)
        if note.strip():
            notes[entry] = note.strip()
    return Lexicon(name, entries, notes)
