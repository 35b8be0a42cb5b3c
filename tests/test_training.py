"""``python -m healthscore.training``: a smoke run gives a loadable, verifiable model."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from healthscore.model import (
    ARRAYS_NAME,
    MANIFEST_NAME,
    MODEL_NAME,
    load_claim_model,
    load_claim_pipeline,
)
from healthscore.training.__main__ import main

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (SHARED_DATA / "claim_strength_yu").is_dir(),
    reason=f"training data not available at {SHARED_DATA} (../shared/data)",
)


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("smoke-model")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "healthscore.training",
            "--data-dir",
            str(SHARED_DATA),
            "--out",
            str(out),
            "--smoke",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return out


@pytest.mark.slow
@pytest.mark.shared_data
@needs_data
def test_smoke_run_writes_verifiable_model(smoke_run: Path) -> None:
    manifest = json.loads((smoke_run / MANIFEST_NAME).read_text(encoding="utf-8"))
    for name in (MODEL_NAME, ARRAYS_NAME):
        data = (smoke_run / name).read_bytes()
        assert manifest["files"][name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert manifest["files"][name]["bytes"] == len(data)
    assert manifest["smoke"] is True
    assert (smoke_run / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# Model card")
    assert set(manifest["metrics"]["heldout"]["final"]) == {
        "yu_pubmed",
        "yu_eureka",
        "yu_combined",
        "consumer_health",
    }


@pytest.mark.slow
@pytest.mark.shared_data
@needs_data
def test_smoke_model_loads_and_predicts(smoke_run: Path) -> None:
    model = load_claim_model(smoke_run, trust_path=True)
    sentences = ["Smoking causes lung cancer.", "What is kratom?"]
    assert model.predict(sentences).shape == (2,)
    assert model.predict_proba(sentences).shape == (2, 4)
    # The arrays written by training are the pipeline it fitted.
    pipeline = load_claim_pipeline(smoke_run, trust_path=True)
    np.testing.assert_allclose(
        model.predict_proba(sentences), pipeline.predict_proba(sentences), atol=1e-9
    )


def test_missing_data_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m")]) == 2
    assert "--data-dir" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
