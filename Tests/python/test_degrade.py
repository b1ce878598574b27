"""`scripts/degrade`: labelled defect variants, made here from the project's own portrait."""
import csv
import os
import shutil
import subprocess

import pytest

from conftest import BIN, FIXTURES, ROOT, run

pytestmark = pytest.mark.skipif(not (FIXTURES / ".complete").exists(), reason="fixtures missing: run scripts/fixtures")

VARIANTS = {"gaussian-blur": "sharpness", "motion-blur": "sharpness", "under-exposed": "exposure",
            "over-exposed": "exposure", "jpeg-q5": "compression", "tiny": "inter_eye_distance", "roll-15": "roll",
            "crown-cut": "crop_margins", "chin-cut": "crop_margins", "two-faces": "single_face",
            "colour-cast": "natural_colour", "eye-patch": "eyes_visible", "mouth-patch": "face_occlusion",
            "screen-recapture": "recapture"}


def test_degrade_writes_every_variant_with_its_label_and_each_fails_its_measure(tmp_path):
    # The astronaut fixture under the name the script knows it by among the shared portraits.
    portraits = tmp_path / "portraits"
    portraits.mkdir()
    shutil.copy(FIXTURES / "astronaut.png", portraits / "skimage__astronaut.png")
    out = tmp_path / "degraded"
    env = dict(os.environ, PHOTOONCE_BIN=str(BIN))
    result = subprocess.run([str(ROOT / "scripts" / "degrade"), "--portraits", str(portraits), "--out", str(out)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    with open(out / "labels.csv") as f:
        rows = list(csv.DictReader(f))
    assert {r["file"]: r["failing_measures"] for r in rows} == {f"skimage__astronaut__{v}.jpg": m for v, m in VARIANTS.items()}
    assert all((out / r["file"]).exists() for r in rows)
    assert {r["expected_verdict"] for r in rows if r["failing_measures"] == "single_face"} == {"refused"}

    evaluated = run("eval", "--labels", out / "labels.csv", "--verbose")
    assert evaluated.returncode == 0, evaluated.stderr
    for measure in ["sharpness", "exposure", "compression", "inter_eye_distance", "roll", "crop_margins", "single_face",
                    "face_occlusion", "recapture", "natural_colour", "eyes_visible"]:
        line = next(l for l in evaluated.stdout.splitlines() if l.startswith(measure + " "))
        labelled = sum(1 for m in VARIANTS.values() if m == measure)
        assert f"{labelled}/{labelled} (100 %)" in line, evaluated.stdout
