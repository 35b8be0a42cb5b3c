"""The built wheel carries the model and works from anywhere: the installed package never
reads the source tree."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("healthscore-*.whl")
    return built


def test_wheel_contains_models_and_package_data(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert "healthscore/models/manifest.json" in names
    model_files = [n for n in names if n.startswith("healthscore/models/")]
    manifest_dir = ROOT / "models"
    for path in manifest_dir.iterdir():
        if path.is_file():
            assert f"healthscore/models/{path.name}" in model_files
    assert any(n.startswith("healthscore/lexicons/") and n.endswith(".txt") for n in names)
    assert not any(n.startswith("src/") for n in names)


def test_installed_wheel_scores_from_another_directory(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The package is installed from the wheel by pip into the fresh environment; its
    # dependencies come from the test environment (a .pth after the new site-packages), so the
    # test needs no network.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    deps = [p for p in site.getsitepackages() + [site.getusersitepackages()] if Path(p).is_dir()]
    Path(purelib, "test_deps.pth").write_text("\n".join(deps) + "\n")
    article = ROOT / "fixtures" / "articles" / "kratom-capsules-pain.txt"
    script = (
        "import json, healthscore, importlib.resources as r;"
        f"rep = healthscore.score_file({str(article)!r});"
        "print(json.dumps({'file': healthscore.__file__,"
        "'models': str(r.files('healthscore') / 'models'),"
        "'status': {k: v.status for k, v in rep.dimensions.items()}, 'words': rep.stats['words']}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(python), "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["file"].startswith(purelib)
    assert info["models"].startswith(purelib)
    assert str(ROOT) not in info["file"]
    assert info["words"] > 250
    script_path = env_dir / ("Scripts/healthscore.exe" if os.name == "nt" else "bin/healthscore")
    version = subprocess.run(
        [str(script_path), "--version"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert version.returncode == 0, version.stderr
    assert "healthscore" in version.stdout
