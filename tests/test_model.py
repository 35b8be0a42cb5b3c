"""The shipped claim-strength model: loading safeguards, predictions, batching, and the array
export that scoring runs agreeing with the scikit-learn pipeline it came from."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from healthscore.claim_features import CueAbstractor, WordPrefixes, abstract_sentence
from healthscore.claim_inference import LinearClaimModel, export_pipeline, read_arrays, write_arrays
from healthscore.errors import HealthscoreError
from healthscore.model import (
    ARRAYS_NAME,
    CLAIM_LABELS,
    MANIFEST_NAME,
    MODEL_NAME,
    ClaimModel,
    ModelError,
    default_model_dir,
    load_claim_model,
    load_claim_pipeline,
)

# Clear cases, one per class, that the shipped model gets right: a guard against a broken
# model or feature code, not a showcase of accuracy.
CLEAR_CASES = [
    ("Smoking causes lung cancer.", 3),
    ("Coffee intake was associated with lower mortality.", 1),
    ("Vitamin D may reduce the risk of falls.", 2),
    ("Participants were recruited in 2015.", 0),
    ("Talk to your doctor before starting any supplement.", 0),
    ("People who eat more fibre tend to have lower blood pressure.", 1),
    ("Turmeric might help with joint pain.", 2),
    ("This supplement cures arthritis.", 3),
]


@pytest.fixture(scope="module")
def model() -> ClaimModel:
    return load_claim_model()


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    """The shipped model and manifest, copied to a temporary directory."""
    source = Path(str(default_model_dir()))
    for name in (MODEL_NAME, ARRAYS_NAME, MANIFEST_NAME):
        shutil.copyfile(source / name, tmp_path / name)
    return tmp_path


def test_default_model_comes_from_installed_package() -> None:
    assert str(default_model_dir()) == str(resources.files("healthscore") / "models")


def test_default_model_loaded_once(model: ClaimModel) -> None:
    assert load_claim_model() is model


def test_labels(model: ClaimModel) -> None:
    assert (
        model.labels
        == CLAIM_LABELS
        == (
            "not_claim",
            "correlational",
            "conditional_causal",
            "direct_causal",
        )
    )


def test_clear_sentences(model: ClaimModel) -> None:
    sentences = [s for s, _ in CLEAR_CASES]
    got = model.predict(sentences)
    assert got.dtype.kind == "i"
    assert dict(zip(sentences, got.tolist(), strict=True)) == dict(CLEAR_CASES)


def test_proba_shape_and_agreement(model: ClaimModel) -> None:
    sentences = [s for s, _ in CLEAR_CASES]
    proba = model.predict_proba(sentences)
    assert proba.shape == (len(sentences), 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(proba.argmax(axis=1), model.predict(sentences))


def test_empty_input(model: ClaimModel) -> None:
    assert model.predict([]).shape == (0,)
    assert model.predict_proba([]).shape == (0, 4)


def test_manifest_fields(model: ClaimModel) -> None:
    m = model.manifest
    for key in ("files", "labels", "versions", "seed", "data", "metrics", "pipeline", "run"):
        assert key in m, key
    assert m["labels"] == list(CLAIM_LABELS)
    assert len(m["files"][MODEL_NAME]["sha256"]) == 64
    assert len(m["files"][ARRAYS_NAME]["sha256"]) == 64
    assert {"python", "scikit-learn", "numpy"} <= set(m["versions"])
    assert m["smoke"] is False
    for part in ("yu_pubmed", "yu_eureka", "yu_combined", "consumer_health"):
        assert 0 < m["metrics"]["heldout"]["final"][part]["macro_f1"] <= 1
        assert 0 < m["metrics"]["heldout"]["baseline"][part]["macro_f1"] <= 1
    assert m["metrics"]["cv"]["folds"] == 5
    assert m["data"]["sources"] and all(s["sha256"] for s in m["data"]["sources"])


def test_shipped_model_is_small(model: ClaimModel) -> None:
    assert model.manifest["files"][MODEL_NAME]["bytes"] < 5_000_000
    assert model.manifest["files"][ARRAYS_NAME]["bytes"] < 5_000_000


def test_scoring_model_is_the_array_export(model: ClaimModel) -> None:
    assert isinstance(model.estimator, LinearClaimModel)


def test_arrays_predict_what_the_pipeline_predicts(
    model: ClaimModel, seed_sentences: list[str]
) -> None:
    """The shipped .npz and .joblib are one model: scoring (arrays) must give the probabilities
    the measured pipeline gives, on text neither trained on, and on odd inputs."""
    odd = [
        "",
        "!!!",
        "a",
        "Ça va? 2.5% of 1,000 — naïve café users!",
        "may may may may may",
        "Nul\x00inside: coffee\x00may reduce risk.",
        "ΟΔΥΣΣΕΥΣ ΚΑΙ ΣΑΣ may cause harm",
    ]
    sentences = seed_sentences + odd + [s for s, _ in CLEAR_CASES]
    assert len(sentences) > 50
    pipeline = load_claim_pipeline()
    np.testing.assert_allclose(
        model.predict_proba(sentences), pipeline.predict_proba(sentences), rtol=0, atol=1e-9
    )


def test_export_round_trip_is_deterministic() -> None:
    pipeline = load_claim_pipeline().estimator
    first = write_arrays(export_pipeline(pipeline))
    assert write_arrays(export_pipeline(pipeline)) == first
    shipped = (Path(str(default_model_dir())) / ARRAYS_NAME).read_bytes()
    assert first == shipped, "models/claim_strength.npz is not the export of the shipped pipeline"
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "coef.npy" in names and "meta.npy" in names


def test_export_refuses_settings_it_cannot_reproduce() -> None:
    pipeline = load_claim_pipeline().estimator
    word = pipeline.named_steps["features"].transformer_list[0][1]
    original = word.sublinear_tf
    word.sublinear_tf = False
    try:
        with pytest.raises(ValueError, match="sublinear_tf"):
            export_pipeline(pipeline)
    finally:
        word.sublinear_tf = original


def test_arrays_of_another_format_rejected() -> None:
    arrays = read_arrays((Path(str(default_model_dir())) / ARRAYS_NAME).read_bytes())
    arrays["meta"] = np.frombuffer(b'{"format": 99, "views": {}}', dtype=np.uint8)
    with pytest.raises(ValueError, match="format 99"):
        LinearClaimModel(arrays)


def test_scoring_imports_neither_sklearn_nor_scipy(tmp_path: Path) -> None:
    """The point of the export: a scoring run never imports scikit-learn or SciPy (0.8 s)."""
    code = (
        "import sys, healthscore\n"
        "r = healthscore.score('Turmeric may reduce joint pain. ' * 20 + 'It cures arthritis.')\n"
        "assert r.dimensions['hedging'].status == 'scored', r.dimensions['hedging']\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip() == "[]"


def test_one_pipeline_call_per_document(model_copy: Path) -> None:
    loaded = load_claim_model(model_copy, trust_path=True)
    spy = mock.Mock(wraps=loaded._estimator)
    loaded._estimator = spy
    document = [s for s, _ in CLEAR_CASES] * 5
    loaded.predict(document)
    assert spy.predict_proba.call_count == 1
    assert list(spy.predict_proba.call_args.args[0]) == document
    spy.reset_mock()
    loaded.predict_proba(document)
    assert spy.predict_proba.call_count == 1
    assert spy.predict.call_count == 0


def test_custom_path_needs_opt_in(model_copy: Path) -> None:
    with pytest.raises(ModelError, match="trust_path=True"):
        load_claim_model(model_copy)
    with pytest.raises(ModelError, match="trust_path=True"):
        load_claim_pipeline(model_copy)


def test_model_error_is_healthscore_error() -> None:
    assert issubclass(ModelError, HealthscoreError)


LOADERS = {ARRAYS_NAME: load_claim_model, MODEL_NAME: load_claim_pipeline}


@pytest.mark.parametrize("name", LOADERS)
def test_tampered_model_rejected(model_copy: Path, name: str) -> None:
    path = model_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        LOADERS[name](model_copy, trust_path=True)


@pytest.mark.parametrize("name", LOADERS)
def test_missing_model_file(model_copy: Path, name: str) -> None:
    (model_copy / name).unlink()
    with pytest.raises(ModelError, match="missing"):
        LOADERS[name](model_copy, trust_path=True)


def test_malformed_arrays_rejected(model_copy: Path) -> None:
    """A file that matches its manifest but is not a model gives a ModelError, not a crash."""
    path = model_copy / ARRAYS_NAME
    path.write_bytes(b"not a zip file")
    manifest_path = model_copy / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][ARRAYS_NAME]["sha256"] = hashlib.sha256(b"not a zip file").hexdigest()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match="cannot read"):
        load_claim_model(model_copy, trust_path=True)


def test_missing_manifest(model_copy: Path) -> None:
    (model_copy / MANIFEST_NAME).unlink()
    with pytest.raises(ModelError, match="manifest"):
        load_claim_model(model_copy, trust_path=True)


def test_empty_manifest(model_copy: Path) -> None:
    (model_copy / MANIFEST_NAME).write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match="no model files"):
        load_claim_model(model_copy, trust_path=True)


def test_other_sklearn_minor_version_rejected(model_copy: Path) -> None:
    """The pickle is refused under another scikit-learn minor version; the arrays, which do not
    depend on scikit-learn, still load."""
    manifest_path = model_copy / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["versions"]["scikit-learn"] = "1.8.0"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=r"1\.8\.0.*retrain"):
        load_claim_pipeline(model_copy, trust_path=True)
    arrays_model = load_claim_model(model_copy, trust_path=True)
    assert arrays_model.predict(["Smoking causes lung cancer."]).tolist() == [3]


def test_model_file_is_joblib_readable(model_copy: Path) -> None:
    import joblib
    from sklearn.pipeline import Pipeline

    assert isinstance(joblib.load(model_copy / MODEL_NAME), Pipeline)


@pytest.mark.parametrize("name", LOADERS)
def test_model_file_path_accepted(model_copy: Path, name: str) -> None:
    loaded = LOADERS[name](model_copy / name, trust_path=True)
    assert loaded.predict(["Smoking causes lung cancer."]).tolist() == [3]


def test_cue_abstraction() -> None:
    tags = abstract_sentence("Vitamin D may reduce the risk of falls.")
    assert tags == "w d MOD CAU the ASC of w P"
    assert abstract_sentence("Is it safe?").endswith("?")
    assert CueAbstractor().fit([]).transform(["X was linked to Y."]) == ["x PST ASC to y P"]
    assert WordPrefixes(6).fit([]).transform(["Reduced associations"]) == ["reduce associ"]


# -- the array model's featurising against a plain reference ------------------------------------


def _reference_proba(arrays: dict[str, np.ndarray], sentences: list[str]) -> np.ndarray:
    """The exported model computed the slow, obvious way: per sentence, every n-gram string of
    every view counted, TF-IDF (sublinear tf, l2 per view), a dot product and the softmax."""
    import re
    from collections import Counter

    from healthscore.claim_cues import cue_tag

    meta = json.loads(bytes(arrays["meta"]).decode())["views"]

    def lines(name: str) -> list[str]:
        text = bytes(arrays[name]).decode()
        return text.split("\n") if text else []

    cue_index = dict(line.split("\t", 1) for line in lines("cue_lexicon"))
    coef = arrays["coef"]
    rows = []
    for sentence in sentences:
        low = sentence.lower()
        words = re.findall(meta["word"]["token_pattern"], low)
        k = meta["prefix"]["length"]
        tokens = {
            "word": words,
            "prefix": [w[:k] for w in re.findall(r"(?u)\b\w\w+\b", low)],
            "cues": [
                cue_tag(t, cue_index, meta["cues"]["max_kept_length"])
                for t in re.findall(meta["cues"]["token_pattern"], low)
            ],
        }
        x = np.zeros(coef.shape[1])
        offset = 0
        for name in ("word", "prefix", "cues"):
            terms = lines(f"{name}_vocabulary")
            column = {t: offset + i for i, t in enumerate(terms)}
            toks = tokens[name]
            counts = Counter(
                " ".join(toks[i : i + n])
                for n in range(1, meta[name]["max_n"] + 1)
                for i in range(len(toks) - n + 1)
            )
            found = {column[g]: c for g, c in counts.items() if g in column}
            values = {
                j: (1 + np.log(c)) * arrays[f"{name}_idf"][j - offset] for j, c in found.items()
            }
            norm = np.sqrt(sum(v * v for v in values.values()))
            for j, v in values.items():
                x[j] = v / norm
            offset += len(terms)
        rows.append(coef @ x + arrays["intercept"])
    logits = float(arrays["beta"]) * np.array(rows)
    logits = np.exp(logits - logits.max(axis=1, keepdims=True))
    return logits / logits.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def shipped_arrays() -> dict[str, np.ndarray]:
    return read_arrays((Path(str(default_model_dir())) / ARRAYS_NAME).read_bytes())


ODD_BATCH = [
    "",  # empty
    "Zzyzx qwrtp!",  # no known word (cue tags only)
    "   ",
    "Vitamin D may reduce the risk of falls.",
    "Nul\x00bytes\x00inside may cause harm.",  # the batch separator inside a sentence
    "ΣΑΣ ΟΔΥΣΣΕΥΣ may cause harm; it's 2.5% of 1,000 don't",  # final sigma, apostrophes
    "snake_case and_under __init__ x_ a1 1a é ÉÉ ǅx",
    "",
    "Coffee intake was associated with lower mortality.",
]


@pytest.mark.parametrize(
    "batch",
    [
        ODD_BATCH,
        ODD_BATCH[3:4],  # a batch of one
        [""],
        ["!!!", ""],
        [s for s, _ in CLEAR_CASES] * 3,
    ],
)
def test_array_model_matches_reference(
    shipped_arrays: dict[str, np.ndarray], batch: list[str]
) -> None:
    model = LinearClaimModel(shipped_arrays)
    np.testing.assert_allclose(
        model.predict_proba(batch), _reference_proba(shipped_arrays, batch), rtol=0, atol=1e-12
    )


def test_sentence_without_known_terms_scores_intercept(
    shipped_arrays: dict[str, np.ndarray],
) -> None:
    model = LinearClaimModel(shipped_arrays)
    np.testing.assert_array_equal(
        model.decision_function(["", "   "]), np.tile(model.intercept, (2, 1))
    )


def test_predictions_do_not_depend_on_the_batch(
    shipped_arrays: dict[str, np.ndarray], seed_sentences: list[str]
) -> None:
    """A sentence's row is the same alone, in a batch, and with a separator-bearing sentence
    (which switches tokenising to one sentence at a time)."""
    model = LinearClaimModel(shipped_arrays)
    batch = seed_sentences[:40]
    together = model.predict_proba(batch)
    alone = np.vstack([model.predict_proba([s]) for s in batch])
    np.testing.assert_array_equal(together, alone)
    with_nul = model.predict_proba([*batch, "a\x00b"])[:-1]
    np.testing.assert_array_equal(together, with_nul)


def test_shipped_vocabularies_get_integer_ngram_tables(
    shipped_arrays: dict[str, np.ndarray],
) -> None:
    """min_df keeps every sub-gram of a term, so no shipped view falls back to strings."""
    model = LinearClaimModel(shipped_arrays)
    assert all(view.levels is not None for view in model._views)
    assert [len(view.levels) for view in model._views] == [2, 0, 3]


def _break_closure(arrays: dict[str, np.ndarray], name: str) -> dict[str, np.ndarray]:
    """*arrays* with one unigram of view *name* that heads an n-gram renamed, so that n-gram's
    head is no longer a term (the columns and weights stay as they are)."""
    terms = bytes(arrays[f"{name}_vocabulary"]).decode().split("\n")
    head = next(t.split(" ")[0] for t in terms if " " in t)
    broken = dict(arrays)
    renamed = ["zzz-not-a-token" if t == head else t for t in terms]
    broken[f"{name}_vocabulary"] = np.frombuffer("\n".join(renamed).encode(), dtype=np.uint8)
    return broken


@pytest.mark.parametrize("name", ["word", "cues"])
def test_vocabulary_without_sub_grams_falls_back_to_strings(
    shipped_arrays: dict[str, np.ndarray], seed_sentences: list[str], name: str
) -> None:
    broken = _break_closure(shipped_arrays, name)
    model = LinearClaimModel(broken)
    views = dict(zip(("word", "prefix", "cues"), model._views, strict=True))
    assert views[name].levels is None
    assert all(v.levels is not None for n, v in views.items() if n != name)
    batch = seed_sentences[:30] + ODD_BATCH
    np.testing.assert_allclose(
        model.predict_proba(batch), _reference_proba(broken, batch), rtol=0, atol=1e-12
    )


def test_string_and_integer_lookups_agree_bit_for_bit(
    shipped_arrays: dict[str, np.ndarray], seed_sentences: list[str]
) -> None:
    import dataclasses

    fast = LinearClaimModel(shipped_arrays)
    slow = LinearClaimModel(shipped_arrays)
    slow._views = tuple(dataclasses.replace(v, levels=None) for v in slow._views)
    batch = seed_sentences + ODD_BATCH
    np.testing.assert_array_equal(fast.predict_proba(batch), slow.predict_proba(batch))


def test_batch_token_patterns_tokenise_like_the_model_patterns() -> None:
    """Tokenising the separator-joined batch with a batch pattern gives each sentence's tokens
    by the original pattern, with one separator between sentences."""
    import random
    import re

    from healthscore import claim_inference

    alphabet = "aZ_1 9.%'’-é\u0301ΣσςǅⅫ٣\t\n?:,;x"
    rng = random.Random(0)
    sentences = [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(2000)
    ]
    for pattern, batch in claim_inference._BATCH_PATTERNS.items():
        expected: list[str] = []
        for sentence in sentences:
            expected += re.findall(pattern, sentence) + ["\x00"]
        got = re.findall(batch, "\x00".join(sentences)) + ["\x00"]
        assert got == expected, pattern


def test_memos_are_bounded(
    shipped_arrays: dict[str, np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limits, new chunks and tokens are still scored right but no longer remembered."""
    from healthscore import claim_inference

    sentences = ["Unheardof wordings everywhere may reduce qwerty.", "Zyxw vutsr qponm"]
    expected = LinearClaimModel(shipped_arrays).predict_proba(sentences)
    monkeypatch.setattr(claim_inference, "_MEMO_LIMIT", 3)
    monkeypatch.setattr(claim_inference, "_CHUNK_MEMO_LIMIT", 4)
    model = LinearClaimModel(shipped_arrays)
    cue_memo = dict(model._cue_memo)  # the lexicon, already past the limit
    for _ in range(2):
        np.testing.assert_array_equal(model.predict_proba(sentences), expected)
    assert len(model._chunk_memo) == 4
    assert model._cue_memo == cue_memo


def test_chunk_memo_and_tokenising_agree_bit_for_bit(
    shipped_arrays: dict[str, np.ndarray], seed_sentences: list[str]
) -> None:
    chunked = LinearClaimModel(shipped_arrays)
    whole = LinearClaimModel(shipped_arrays)
    whole._chunked = False
    batch = seed_sentences + ODD_BATCH
    for _ in range(2):  # memos empty, then full
        np.testing.assert_array_equal(chunked.predict_proba(batch), whole.predict_proba(batch))
    assert len(chunked._chunk_memo) > 100
    assert len(whole._chunk_memo) == 1


def test_sentence_tokens_are_their_chunks_tokens() -> None:
    """What the chunk memo rests on: for the patterns in _BATCH_PATTERNS, a sentence's tokens
    are those of its str.split() chunks end to end, and str.split splits at exactly the
    characters the patterns' \\s matches."""
    import random
    import re
    import sys

    from healthscore import claim_inference

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"\s", everything) == [c for c in everything if c.isspace()]
    alphabet = "aZ_1 9.%'’-é\u0301ΣσςǅⅫ٣\t\n\x0b\x1c\x85\u2028\u3000?:,;x"
    rng = random.Random(1)
    for _ in range(2000):
        sentence = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        for pattern in claim_inference._BATCH_PATTERNS:
            by_chunk = [t for chunk in sentence.split() for t in re.findall(pattern, chunk)]
            assert by_chunk == re.findall(pattern, sentence), (pattern, sentence)


def test_decision_function_of_no_sentences(shipped_arrays: dict[str, np.ndarray]) -> None:
    assert LinearClaimModel(shipped_arrays).decision_function([]).shape == (0, 4)


@pytest.mark.parametrize("size", [0, 1, 5000])
def test_key_table_finds_exactly_its_keys(size: int) -> None:
    """The n-gram key table against a dict, with slot collisions (its overflow), absent keys and
    the negative keys of n-grams with an unknown part."""
    from healthscore.claim_inference import _KeyTable

    rng = np.random.default_rng(size)
    keys = np.unique(rng.integers(0, 2**40, size=size))
    table = _KeyTable(keys)
    assert size < 5000 or len(table._overflow_keys) > 100  # collisions happened
    queries = np.concatenate([keys, rng.integers(0, 2**40, size=1000), [-1, -(2**61), 0, 2**40]])
    rng.shuffle(queries)
    found, ranks = table.find(queries)
    rank_of = {int(k): i for i, k in enumerate(keys)}
    expected = [rank_of.get(int(q), -1) for q in queries]
    assert found.tolist() == [e >= 0 for e in expected]
    assert ranks[found].tolist() == [e for e in expected if e >= 0]


def _first_seen_and_warm(model: LinearClaimModel, batch: list[str]) -> list[np.ndarray]:
    return [model.predict_proba(batch) for _ in range(2)]


def test_chunk_store_past_the_memo_limit(
    shipped_arrays: dict[str, np.ndarray],
    seed_sentences: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch whose new chunks overflow the memo: the chunks that fit are kept, the others are
    stored for that batch only (the store does not grow from them), and every row is right."""
    from healthscore import claim_inference

    batch = seed_sentences[:60] + ODD_BATCH
    expected = LinearClaimModel(shipped_arrays).predict_proba(batch)
    monkeypatch.setattr(claim_inference, "_CHUNK_MEMO_LIMIT", 50)
    model = LinearClaimModel(shipped_arrays)
    first = model.predict_proba(batch)
    size = model._chunk_ids_size
    assert len(model._chunk_memo) == 50
    for _ in range(2):
        np.testing.assert_array_equal(model.predict_proba(batch[::-1])[::-1], expected)
        assert model._chunk_ids_size == size
    np.testing.assert_array_equal(first, expected)


def test_chunk_store_shrinks_after_a_huge_batch_past_the_memo_limit(
    shipped_arrays: dict[str, np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks past the memo's limit are stored for their batch only: after a batch with far
    more of them than the memo keeps, the store's arrays are cut back, and rows stay right."""
    from healthscore import claim_inference

    monkeypatch.setattr(claim_inference, "_CHUNK_MEMO_LIMIT", 50)
    huge = [f"w{i}a w{i}b w{i}c may reduce pain." for i in range(2000)]
    model = LinearClaimModel(shipped_arrays)
    plain = LinearClaimModel(shipped_arrays)
    plain._chunked = False
    np.testing.assert_array_equal(model.predict_proba(huge), plain.predict_proba(huge))
    assert len(model._chunk_memo) == 50
    assert model._chunk_starts.shape[1] <= 100
    assert len(model._chunk_ids) <= 2 * model._chunk_ids_size
    small = ["Coffee may reduce the risk of diabetes.", "w1a w7b cures pain."]
    np.testing.assert_array_equal(model.predict_proba(small), plain.predict_proba(small))


def test_chunk_store_grows(shipped_arrays: dict[str, np.ndarray]) -> None:
    """More new chunks in one batch, and over several batches, than the store first holds."""
    words = [f"w{i}rd{i % 7}" for i in range(3000)]
    batches = [
        [" ".join(words[i : i + 12]) + " may reduce pain." for i in range(start, start + 500, 12)]
        for start in (0, 500, 1000, 2500)
    ]
    chunked = LinearClaimModel(shipped_arrays)
    whole = LinearClaimModel(shipped_arrays)
    whole._chunked = False
    for batch in batches:
        for got in _first_seen_and_warm(chunked, batch):
            np.testing.assert_array_equal(got, whole.predict_proba(batch))
    assert chunked._chunk_starts.shape[1] > 256


def test_unicode_chunks_agree_with_tokenising(shipped_arrays: dict[str, np.ndarray]) -> None:
    """Chunks whose lower case changes length or is not ASCII (İ -> i + dot, ſ, ı, final
    sigma), seen first inside one batch and then again, agree with tokenising whole sentences."""
    batch = [
        "İstanbul İSTANBUL studies may cause harm.",
        "The ſtudy ſhowed ıncreased risk; ΟΔΥΣΣΕΥΣ.",
        "İ ı ſ Σ",
        "ΟΔΥΣΣΕΥΣ, İstanbul and ſtudy were associated with risk.",
        "",
    ]
    chunked = LinearClaimModel(shipped_arrays)
    whole = LinearClaimModel(shipped_arrays)
    whole._chunked = False
    expected = whole.predict_proba(batch)
    for got in _first_seen_and_warm(chunked, batch):
        np.testing.assert_array_equal(got, expected)
    for i, sentence in enumerate(batch):  # a one-sentence batch, chunks already stored
        np.testing.assert_array_equal(chunked.predict_proba([sentence]), expected[i : i + 1])


def test_keys_past_int32_agree(shipped_arrays: dict[str, np.ndarray]) -> None:
    """A batch so long that its (sentence, view, column) keys need int64 scores as the same
    sentences in short batches, whose keys are int32."""
    model = LinearClaimModel(shipped_arrays)
    n = 20_000  # 60,000 (sentence, view) groups times 2**16 columns or more pass 2**31
    sentences = ["Coffee may reduce risk.", "It was associated with lower mortality.", "", "x"]
    batch = [sentences[i % 4] for i in range(n)]
    np.testing.assert_array_equal(
        model.predict_proba(batch), np.tile(model.predict_proba(sentences), (n // 4 + 1, 1))[:n]
    )
