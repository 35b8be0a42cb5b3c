"""Bad input gets a clear error or a report that says what is wrong: never a traceback from
deep inside, never a silent wrong score."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import healthscore
from healthscore import InputError


def codes(report) -> list[str]:
    return [f.code for f in report.findings] + [f.code for f in report.errors]


@pytest.mark.parametrize(
    "text", ["", "   \n\t\n  ", "<!-- only a comment -->", "```\ncode only\n```"]
)
def test_empty_or_no_prose_is_reported_not_scored(text):
    report = healthscore.score(text)
    assert "HS005" in codes(report)
    assert report.overall is None
    assert all(d.score is None for d in report.dimensions.values())
    assert {d.status for d in report.dimensions.values()} == {"not_enough_text"}


def test_binary_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary") as caught:
        healthscore.score_file(path)
    assert caught.value.code == "HS002"


def test_invalid_utf8_names_the_line(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Line one is fine.\nCaf\u00e9 au lait is tasty.\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"not valid UTF-8.*line 2") as caught:
        healthscore.score_file(path)
    assert caught.value.code == "HS003"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_byte_order_marks_are_decoded(tmp_path: Path, encoding: str):
    text = "# Caf\u00e9\n\nCoffee is a popular drink. Many people drink it every day.\n"
    path = tmp_path / "article.md"
    path.write_bytes(text.encode(encoding))
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(codecs.BOM_UTF8)
    report = healthscore.score_file(path)
    assert report.ok
    assert report.stats["sentences"] == 3


def test_huge_file_is_refused_quickly(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(
            b"Coffee is a drink that many people enjoy every morning. " * 360_000
        )  # ~20 MB
    assert path.stat().st_size > 20_000_000
    with pytest.raises(InputError, match="over the") as caught:
        healthscore.score_file(path)
    assert caught.value.code == "HS004"


def test_huge_limit_is_configurable(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Coffee is a drink. " * 20)
    with pytest.raises(InputError):
        healthscore.score_file(path, config=healthscore.Config(max_file_bytes=100))


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read") as caught:
        healthscore.score_file(tmp_path / "nope.md")
    assert caught.value.code == "HS001"
    with pytest.raises(InputError, match="directory"):
        healthscore.score_file(tmp_path)


def test_non_english_text_is_reported_not_scored():
    spanish = (
        "El café es una de las bebidas más populares del mundo. Muchas personas lo toman cada "
        "mañana para despertarse. Según algunos estudios, el consumo moderado podría reducir el "
        "riesgo de ciertas enfermedades, pero se necesitan más investigaciones para confirmarlo. "
    ) * 3
    report = healthscore.score(spanish)
    assert "HS006" in codes(report)
    assert report.overall is None
    assert {d.status for d in report.dimensions.values()} == {"not_applicable"}


def test_malformed_html_still_scored_with_a_warning():
    page = (
        "<html><body><p>Coffee is a popular drink.<div>Many people <b>drink it</span> daily.</body>"
    )
    report = healthscore.score(page)
    assert "HS007" in codes(report)
    assert report.ok


def test_score_many_survives_bad_items(tmp_path: Path):
    good = tmp_path / "good.md"
    good.write_text("# Coffee\n\nCoffee is a popular drink.\n")
    binary = tmp_path / "bad.md"
    binary.write_bytes(b"\x00\x01\x02binary")
    reports = healthscore.score_many([good, binary, "Plain text article. It is short."])
    assert [r.ok for r in reports] == [True, False, True]
    assert reports[1].errors[0].code == "HS002"
    assert reports[1].overall is None
    assert reports[1].source.endswith("bad.md")


def test_nul_in_string_input_is_an_error():
    with pytest.raises(InputError):
        healthscore.score("text\x00with nul")
