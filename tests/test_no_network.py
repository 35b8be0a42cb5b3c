"""healthscore never touches the network.

textstat (0.7.9+) calls ``nltk.download('cmudict')`` the first time it needs the CMU dictionary
and the corpus is missing; healthscore computes the same formulas from offline package data and
must never import NLTK. The test scores both seeds end to end, every dimension, in a fresh
interpreter whose HOME and NLTK_DATA are empty directories (so no cached corpus can hide a
download attempt) and whose socket functions raise and record every call.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLES

CHILD = r"""
import json, socket, sys

attempts = []

def _blocked(name):
    def blocked(*args, **kwargs):
        attempts.append(name)
        raise OSError(f"network disabled by test_no_network ({name})")
    return blocked

socket.socket.connect = _blocked("socket.connect")
socket.socket.connect_ex = _blocked("socket.connect_ex")
socket.create_connection = _blocked("socket.create_connection")
socket.getaddrinfo = _blocked("socket.getaddrinfo")

import healthscore

result = {"statuses": {}, "error": None, "model_missing": None}
paths = sys.argv[1:]
try:
    for path in paths:
        report = healthscore.score_file(path)
        result["statuses"][path] = {n: d.status for n, d in report.dimensions.items()}
except Exception as error:  # reported to the test, which decides
    result["error"] = f"{type(error).__name__}: {error}"
    from healthscore.model import ModelError
    if isinstance(error, ModelError):
        # No trained claim model in this checkout: still run every dimension, with a
        # stand-in model, so that the network check covers all the other code.
        import numpy as np
        from healthscore.readers import read_file
        from healthscore.scoring import score_document

        class NoClaims:
            def predict_proba(self, sentences):
                proba = np.zeros((len(sentences), 4))
                proba[:, 0] = 1.0
                return proba

        result["model_missing"] = result["error"]
        result["error"] = None
        for path in paths:
            report = score_document(read_file(path), claim_model=NoClaims())
            result["statuses"][path] = {n: d.status for n, d in report.dimensions.items()}

result["attempts"] = attempts
result["nltk_imported"] = "nltk" in sys.modules
result["textstat_imported"] = "textstat" in sys.modules
print(json.dumps(result))
"""


def test_scoring_both_seeds_never_uses_the_network(tmp_path: Path) -> None:
    home = tmp_path / "home"
    nltk_data = tmp_path / "nltk_data"
    home.mkdir()
    nltk_data.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "NLTK_DATA": str(nltk_data),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "LANG": "C.UTF-8",
    }
    seeds = [str(ARTICLES / "kratom-capsules-pain.txt"),
             str(ARTICLES / "kratom-pain-management-blog.txt")]
    done = subprocess.run(
        [sys.executable, "-I", "-c", CHILD, *seeds],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["attempts"] == [], f"network use while scoring: {result['attempts']}"
    assert result["error"] is None, result["error"]
    assert not result["nltk_imported"], "nltk was imported (textstat's CMU path can download)"
    assert not result["textstat_imported"], "textstat was imported (it imports nltk)"
    for path, statuses in result["statuses"].items():
        assert set(statuses) == {"readability", "hedging", "citations", "risk_balance"}, path
        assert statuses["readability"] == "scored", path
    if result["model_missing"]:
        pytest.skip(
            "no network use seen, but this checkout has no trained claim model, so scoring ran "
            f"with a stand-in model: {result['model_missing']}"
        )
