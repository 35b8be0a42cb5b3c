"""Load and run the trained claim-strength classifier.

Training (:mod:`healthscore.training`) writes the model twice, and ``manifest.json`` holds the
sha256 of both files:

* ``claim_strength.npz``: the linear model as plain arrays (vocabularies, idf, weights,
  temperature), run by :class:`~healthscore.claim_inference.LinearClaimModel`. This is what
  scoring uses (:func:`load_claim_model`): reading it runs no code (``allow_pickle=False``),
  needs neither scikit-learn nor SciPy (0.8 s of start-up saved) and featurises a document
  several times faster than the scikit-learn vectorisers.
* ``claim_strength.joblib``: the fitted scikit-learn ``Pipeline`` the arrays were exported from,
  as a zlib-compressed pickle, for anyone who wants the estimator itself
  (:func:`load_claim_pipeline`). Unpickling runs code, so it is loaded only after its sha256
  matches the manifest, and only from a scikit-learn of the same minor version.

Both loaders refuse a path outside the installed package unless the caller opts in with
``trust_path=True``. The default model is loaded lazily, once per process, and shared: it is
read-only at predict time.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import threading
import warnings
import zlib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import HealthscoreError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "ARRAYS_NAME",
    "CLAIM_LABELS",
    "MANIFEST_NAME",
    "MODEL_NAME",
    "ClaimModel",
    "ModelError",
    "load_claim_model",
    "load_claim_pipeline",
]

#: Yu et al. (2019) claim-strength classes, in the order of the integer labels 0..3.
CLAIM_LABELS: tuple[str, ...] = (
    "not_claim",
    "correlational",
    "conditional_causal",
    "direct_causal",
)
MODEL_NAME = "claim_strength.joblib"
ARRAYS_NAME = "claim_strength.npz"
MANIFEST_NAME = "manifest.json"

_RETRAIN_HINT = (
    "retrain it with `python -m healthscore.training --data-dir PATH` "
    "or install the scikit-learn version it was trained with"
)


class ModelError(HealthscoreError):
    """The claim model is missing, altered, incompatible or not trusted."""


class ClaimModel:
    """A loaded claim-strength classifier (the array model, or the scikit-learn pipeline).

    Pass all of a document's sentences at once: each method makes one vectorise-and-predict call
    for the whole batch, which is what keeps scoring an article within a few milliseconds.
    """

    labels: tuple[str, ...]

    def __init__(self, estimator: Any, manifest: dict[str, Any], source: str) -> None:
        self._estimator = estimator
        self.manifest = manifest
        self.source = source
        self.labels = tuple(manifest.get("labels", CLAIM_LABELS))

    @property
    def estimator(self) -> Any:
        """The underlying estimator: a :class:`~healthscore.claim_inference.LinearClaimModel` or a
        scikit-learn ``Pipeline``."""
        return self._estimator

    def __repr__(self) -> str:
        return f"ClaimModel(source={self.source!r}, labels={self.labels!r})"

    def predict_proba(self, sentences: Sequence[str]) -> np.ndarray:
        """Return an ``(n, 4)`` float array of class probabilities, columns in :attr:`labels`."""
        batch = list(sentences)
        if not batch:
            return np.empty((0, len(self.labels)), dtype=np.float64)
        return np.asarray(self._estimator.predict_proba(batch), dtype=np.float64)

    def predict(self, sentences: Sequence[str]) -> np.ndarray:
        """Return an ``(n,)`` int array of labels (indices into :attr:`labels`).

        Taken as the argmax of :meth:`predict_proba` so that the two always agree.
        """
        proba = self.predict_proba(sentences)
        return proba.argmax(axis=1).astype(np.int64) if len(proba) else np.empty(0, np.int64)


_default_lock = threading.Lock()
_default_model: ClaimModel | None = None


def default_model_dir() -> Traversable:
    """The ``models`` directory of the installed package (not the source tree)."""
    return resources.files("healthscore") / "models"


def load_claim_model(path: str | Path | None = None, *, trust_path: bool = False) -> ClaimModel:
    """Load the claim-strength model that scoring uses (the array export; no scikit-learn).

    With no *path*, load the model shipped in the installed package, once per process.
    A *path* (a models directory holding ``manifest.json`` and ``claim_strength.npz``, or one of
    the model files in it) is only loaded with ``trust_path=True``: the model decides every
    claim label, so a model from elsewhere is the caller's explicit choice.

    Raises :class:`ModelError` when the files are missing, the sha256 does not match the
    manifest, the arrays are malformed, or the path is not trusted.
    """
    global _default_model
    if path is None:
        if _default_model is None:
            with _default_lock:
                if _default_model is None:
                    _default_model = _load_arrays(default_model_dir(), "installed package")
        return _default_model
    model_dir = _trusted_dir(path, trust_path, "the model decides every claim label")
    return _load_arrays(model_dir, str(model_dir))


def load_claim_pipeline(path: str | Path | None = None, *, trust_path: bool = False) -> ClaimModel:
    """Load the scikit-learn ``Pipeline`` the array model was exported from.

    For inspecting or re-using the estimator; scoring does not need it. Imports scikit-learn.
    Raises :class:`ModelError` as :func:`load_claim_model` does, and also when the model was
    trained with another scikit-learn major.minor version, whose pickles are not guaranteed to
    load or to predict the same.
    """
    if path is None:
        return _load_pipeline(default_model_dir(), "installed package")
    model_dir = _trusted_dir(path, trust_path, "unpickling runs code from the file")
    return _load_pipeline(model_dir, str(model_dir))


def _trusted_dir(path: str | Path, trust_path: bool, reason: str) -> Path:
    if not trust_path:
        raise ModelError(
            f"refusing to load a claim model from {str(path)!r}: {reason}; pass "
            "trust_path=True if you trust it"
        )
    model_dir = Path(path)
    if model_dir.suffix in (".joblib", ".npz"):
        model_dir = model_dir.parent
    return model_dir


def _verified_bytes(
    model_dir: Traversable | Path, name: str, source: str
) -> tuple[dict[str, Any], bytes]:
    """The manifest and the bytes of model file *name*, once its sha256 matches the manifest."""
    manifest = _read_manifest(model_dir / MANIFEST_NAME)
    entry = manifest.get("files", {}).get(name)
    if not isinstance(entry, dict) or "sha256" not in entry:
        raise ModelError(f"{MANIFEST_NAME} in {source} has no sha256 for {name}; {_RETRAIN_HINT}")
    try:
        data = (model_dir / name).read_bytes()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ModelError(
            f"claim model file {name} is missing from {source}; {_RETRAIN_HINT}"
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise ModelError(
            f"{name} in {source} does not match its manifest (sha256 {digest}, expected "
            f"{entry['sha256']}): the file was altered or the manifest belongs to another model"
        )
    return manifest, data


def _load_arrays(model_dir: Traversable | Path, source: str) -> ClaimModel:
    from .claim_inference import LinearClaimModel, read_arrays

    manifest, data = _verified_bytes(model_dir, ARRAYS_NAME, source)
    try:
        estimator = LinearClaimModel(read_arrays(data))
    except (ValueError, KeyError, OSError) as exc:  # a zip/npy/layout problem
        raise ModelError(f"cannot read the claim model {ARRAYS_NAME} in {source}: {exc}") from exc
    _check_classes(estimator, ARRAYS_NAME, source)
    return ClaimModel(estimator, manifest, source)


def _load_pipeline(model_dir: Traversable | Path, source: str) -> ClaimModel:
    manifest, data = _verified_bytes(model_dir, MODEL_NAME, source)
    exact = _check_sklearn_version(manifest, source)
    pipeline = _unpickle(data, exact, source)
    _check_classes(pipeline, MODEL_NAME, source)
    return ClaimModel(pipeline, manifest, source)


def _check_classes(estimator: Any, name: str, source: str) -> None:
    classes = getattr(estimator, "classes_", None)
    if classes is None or list(classes) != list(range(len(CLAIM_LABELS))):
        raise ModelError(f"{name} in {source} does not predict the labels 0..3")


def _read_manifest(manifest_file: Traversable | Path) -> dict[str, Any]:
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ModelError(
            f"claim model manifest not found at {manifest_file}; {_RETRAIN_HINT}"
        ) from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"claim model manifest {manifest_file} is unreadable: {exc}") from exc
    if not isinstance(manifest, dict) or not manifest.get("files"):
        raise ModelError(
            f"claim model manifest {manifest_file} lists no model files (no model has been "
            f"trained into it); {_RETRAIN_HINT}"
        )
    return manifest


def _check_sklearn_version(manifest: dict[str, Any], source: str) -> bool:
    """Raise unless the running scikit-learn has the model's major.minor; True if exact."""
    import sklearn

    trained = str(manifest.get("versions", {}).get("scikit-learn", ""))
    running = sklearn.__version__
    if _major_minor(trained) != _major_minor(running) or not trained:
        raise ModelError(
            f"the claim model in {source} was trained with scikit-learn {trained or '(unknown)'} "
            f"but {running} is installed; {_RETRAIN_HINT}"
        )
    return trained == running


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def _unpickle(data: bytes, exact_version: bool, source: str) -> Any:
    """Decompress and unpickle the model file (written by healthscore.training.artifacts).

    Plain ``pickle`` rather than ``joblib.load``, which reads the same file 5x slower.
    """
    from sklearn.exceptions import InconsistentVersionWarning

    try:
        with warnings.catch_warnings():
            if exact_version:
                # Same version: the warning could only be a false alarm. For a patch-level
                # difference we let scikit-learn's warning through to the caller.
                warnings.simplefilter("ignore", InconsistentVersionWarning)
            return pickle.loads(zlib.decompress(data))
    except Exception as exc:  # unpickling can fail in many ways; all mean "cannot use it"
        raise ModelError(
            f"cannot load the claim model from {source}: {exc}; {_RETRAIN_HINT}"
        ) from exc
