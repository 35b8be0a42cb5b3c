"""The shipped claim-strength model: loading safeguards, predictions, batching."""
from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from healthscore.claim_features import CueAbstractor, WordPrefixes, abstract_sentence
from healthscore.errors import HealthscoreError
from healthscore.model import (
    CLAIM_LABELS,
    MANIFEST_NAME,
    MODEL_NAME,
    ClaimModel,
    ModelError,
    default_model_dir,
    load_claim_model,
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
    for name in (MODEL_NAME, MANIFEST_NAME):
        shutil.copyfile(source / name, tmp_path / name)
    return tmp_path


def test_default_model_comes_from_installed_package() -> None:
    assert str(default_model_dir()) == str(resources.files("healthscore") / "models")


def test_default_model_loaded_once(model: ClaimModel) -> None:
    assert load_claim_model() is model


def test_labels(model: ClaimModel) -> None:
    assert model.labels == CLAIM_LABELS == (
        "not_claim",
        "correlational",
        "conditional_causal",
        "direct_causal",
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
    assert {"python", "scikit-learn", "numpy"} <= set(m["versions"])
    assert m["smoke"] is False
    for part in ("yu_pubmed", "yu_eureka", "yu_combined", "consumer_health"):
        assert 0 < m["metrics"]["heldout"]["final"][part]["macro_f1"] <= 1
        assert 0 < m["metrics"]["heldout"]["baseline"][part]["macro_f1"] <= 1
    assert m["metrics"]["cv"]["folds"] == 5
    assert m["data"]["sources"] and all(s["sha256"] for s in m["data"]["sources"])


def test_shipped_model_is_small(model: ClaimModel) -> None:
    assert model.manifest["files"][MODEL_NAME]["bytes"] < 5_000_000


def test_one_pipeline_call_per_document(model_copy: Path) -> None:
    loaded = load_claim_model(model_copy, trust_path=True)
    spy = mock.Mock(wraps=loaded._pipeline)
    loaded._pipeline = spy
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


def test_model_error_is_healthscore_error() -> None:
    assert issubclass(ModelError, HealthscoreError)


def test_tampered_model_rejected(model_copy: Path) -> None:
    path = model_copy / MODEL_NAME
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        load_claim_model(model_copy, trust_path=True)


def test_missing_model_file(model_copy: Path) -> None:
    (model_copy / MODEL_NAME).unlink()
    with pytest.raises(ModelError, match="missing"):
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
    manifest_path = model_copy / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["versions"]["scikit-learn"] = "1.8.0"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=r"1\.8\.0.*retrain"):
        load_claim_model(model_copy, trust_path=True)


def test_model_file_is_joblib_readable(model_copy: Path) -> None:
    import joblib
    from sklearn.pipeline import Pipeline

    assert isinstance(joblib.load(model_copy / MODEL_NAME), Pipeline)


def test_joblib_file_path_accepted(model_copy: Path) -> None:
    loaded = load_claim_model(model_copy / MODEL_NAME, trust_path=True)
    assert loaded.predict(["Smoking causes lung cancer."]).tolist() == [3]


def test_cue_abstraction() -> None:
    tags = abstract_sentence("Vitamin D may reduce the risk of falls.")
    assert tags == "w d MOD CAU the ASC of w P"
    assert abstract_sentence("Is it safe?").endswith("?")
    assert CueAbstractor().fit([]).transform(["X was linked to Y."]) == ["x PST ASC to y P"]
    assert WordPrefixes(6).fit([]).transform(["Reduced associations"]) == ["reduce associ"]
