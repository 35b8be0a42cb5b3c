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
    odd = ["", "!!!", "a", "Ça va? 2.5% of 1,000 — naïve café users!", "may may may may may"]
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
