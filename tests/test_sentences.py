"""Tests for the sentence splitter: the project's tricky-case set plus span invariants."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from healthscore.sentences import split_sentences

CASES_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "sentences" / "tricky_cases.jsonl"
ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def _load_cases() -> list[dict]:
    with CASES_PATH.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


CASES = _load_cases()


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def _assert_valid_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Spans are in order, non-overlapping, trimmed, in bounds and cover all non-whitespace."""
    previous_end = 0
    for start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert text[previous_end:start].strip() == ""  # only whitespace between sentences
        previous_end = end
    assert text[previous_end:].strip() == ""
    non_space_in_spans = sum(
        1 for start, end in spans for char in text[start:end] if not char.isspace()
    )
    assert non_space_in_spans == sum(1 for char in text if not char.isspace())


def test_case_set_is_large_and_well_formed() -> None:
    assert len(CASES) >= 70
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert set(case) == {"id", "category", "text", "expected"}
        assert case["expected"], case["id"]
        # The expected sentences are the text itself, cut at whitespace.
        assert "".join("".join(case["expected"]).split()) == "".join(case["text"].split())


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_tricky_case(case: dict) -> None:
    assert _sentences(case["text"]) == case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_tricky_case_spans_are_valid(case: dict) -> None:
    _assert_valid_spans(case["text"], split_sentences(case["text"]))


@pytest.mark.parametrize("text", ["", " ", "\n", " \t\n  \u00a0 "])
def test_empty_or_whitespace_only(text: str) -> None:
    assert split_sentences(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kratom capsules and pain",
        "  Talk to your doctor first\n",
        "Dosage: 2.5 mg twice daily; see cdc.gov",
        "x",
    ],
)
def test_no_terminal_punctuation_is_one_sentence(text: str) -> None:
    assert _sentences(text) == [text.strip()]


def test_offsets_are_into_the_input() -> None:
    text = "  \n Rest.\u00a0 Drink water.\n\nSleep.  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Rest.", "Drink water.", "Sleep."]
    assert spans[0] == (4, 9)


def test_trailing_punctuation_and_whitespace() -> None:
    assert _sentences("Stop now!!!   ") == ["Stop now!!!"]
    assert _sentences("One. Two.\n") == ["One.", "Two."]


def _random_text(rng: random.Random, length: int) -> str:
    alphabet = "aB .!?…\n\"')([]1,;:-eg.U.S Dr mg"
    pieces = ["Dr.", "U.S.", "e.g.", "etc.", "2.5", "...", " ", "\n", "(", ")", '"', "1."]
    out: list[str] = []
    while sum(map(len, out)) < length:
        out.append(rng.choice(pieces) if rng.random() < 0.3 else rng.choice(alphabet))
    return "".join(out)


def test_span_invariants_on_random_text() -> None:
    rng = random.Random(20240601)
    for _ in range(500):
        text = _random_text(rng, rng.randint(0, 120))
        _assert_valid_spans(text, split_sentences(text))


def test_span_invariants_on_fixture_articles() -> None:
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for paragraph in text.split("\n\n"):
            _assert_valid_spans(paragraph, split_sentences(paragraph))


def _elapsed(text: str) -> float:
    started = time.perf_counter()
    split_sentences(text)
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "unit",
    [
        "Take 2.5 mg of it (Smith et al. 2019) as Dr. Lee said. Then rest! ",
        ".",  # one huge run of periods with no whitespace after it
        "a.",  # dots everywhere, never followed by whitespace
        ". ",  # a candidate at every other character
        "?)",  # closers
        "[1]",
        " ",
        "x" * 50 + ". ",  # long tokens
    ],
)
def test_long_input_is_linear(unit: str) -> None:
    # No timing assertion (machines vary): a quadratic path would make the 200k input take
    # hundreds of times longer than the 20k one, so compare the two, generously.
    small = unit * (20_000 // len(unit))
    large = unit * (200_000 // len(unit))
    _assert_valid_spans(small, split_sentences(small))
    small_time = min(_elapsed(small) for _ in range(3))
    large_time = min(_elapsed(large) for _ in range(3))
    assert large_time < 40 * small_time + 0.05


# One regex match takes the mark, its closers, the whitespace and the next word; these cases
# put candidates right after a consumed word, behind opening punctuation and between unusual
# whitespace, where a match that swallowed too much would skip a boundary.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A. B. C. Smith wrote it. The end.", ["A. B. C. Smith wrote it.", "The end."]),
        (
            "Stop.\u00a0\u00a0The next one.\tAnd\nthe last!",
            ["Stop.", "The next one.", "And\nthe last!"],
        ),
        (
            "It was in the U.S. It is banned in the U.S. Food and Drug Administration rules.",
            ["It was in the U.S.", "It is banned in the U.S. Food and Drug Administration rules."],
        ),
        (
            "Take 25 mg. Your doctor knows. See Fig. 2 for more.",
            ["Take 25 mg.", "Your doctor knows.", "See Fig. 2 for more."],
        ),
        (
            "Vitamin D. Most adults need it. J. K. Rowling agreed.",
            ["Vitamin D.", "Most adults need it.", "J. K. Rowling agreed."],
        ),
        (
            "end.[3] The next.[1,2] Then $5. More.",
            ["end.[3]", "The next.[1,2]", "Then $5.", "More."],
        ),
        ("1. Pain relief is common. ¿Qué? Yes.", ["1. Pain relief is common.", "¿Qué?", "Yes."]),
        (
            "abcdefghijklmnopqrstuvwxyz. The long token ends it.",
            ["abcdefghijklmnopqrstuvwxyz.", "The long token ends it."],
        ),
        ("x.  \n  ", ["x."]),
        ("Hi!  _Emphasis_ starts. *Bold* too.", ["Hi!", "_Emphasis_ starts.", "*Bold* too."]),
    ],
)
def test_boundaries_next_to_consumed_words(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected
    _assert_valid_spans(text, split_sentences(text))
