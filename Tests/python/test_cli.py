"""The `photoonce` command-line contract: files written, exit codes, messages."""
import json

import pytest

from conftest import FIXTURES, run

pytestmark = pytest.mark.skipif(not (FIXTURES / ".complete").exists(), reason="fixtures missing: run scripts/fixtures")

CAPTURE_SET = ["master", "cn-id-card", "cn-exit-entry", "cn-driver-license", "face-compare-hd"]


def test_process_writes_the_five_photos_and_a_report(tmp_path):
    result = run("process", FIXTURES / "portrait.jpg", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "portrait"
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{c}.jpg" for c in CAPTURE_SET] + ["report.json"])
    report = json.loads((folder / "report.json").read_text())
    assert [p["spec"] for p in report["photos"]] == CAPTURE_SET
    assert all(p["status"] == "produced" and p["compliant"] for p in report["photos"])
    assert "[1/1]" in result.stdout


def test_spec_option_narrows_the_output(tmp_path):
    result = run("process", FIXTURES / "portrait.png", "--out", tmp_path, "--spec", "one-inch", "--spec", "icao-35x45")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "portrait").iterdir()) == ["icao-35x45.jpg", "one-inch.jpg", "report.json"]


def test_json_prints_reports_and_keeps_progress_on_stderr(tmp_path):
    result = run("process", FIXTURES / "portrait.jpg", FIXTURES / "portrait.webp", "--out", tmp_path, "--json")
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)
    assert [r["input"]["file"] for r in reports] == ["portrait.jpg", "portrait.webp"]
    assert "[2/2]" in result.stderr


@pytest.mark.parametrize("name, message", [
    ("empty.jpg", "the file is empty (0 bytes)"),
    ("text.jpg", "the file is a text file, not a JPEG, PNG or WebP photo"),
    ("truncated.jpg", "the JPEG file is damaged or incomplete"),
    ("bomb.png", "the image is 30000×30000 pixels"),
    ("two-faces.jpg", "2 faces were found"),
    ("no-face.jpg", "no face was found"),
])
def test_refused_input_exits_3_with_one_line_naming_file_and_reason(tmp_path, name, message):
    result = run("process", FIXTURES / name, "--out", tmp_path)
    assert result.returncode == 3
    lines = [line for line in result.stderr.splitlines() if not line.startswith("libpng")]
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(FIXTURES / name) + ": ")
    assert message in lines[0]
    report = json.loads((tmp_path / name.rsplit(".", 1)[0] / "report.json").read_text())
    assert report["refusal"]["message"] in lines[0]


def test_sixty_megabyte_file_is_refused_by_size(tmp_path):
    huge = tmp_path / "huge.jpg"
    with open(huge, "wb") as f:
        f.write(b"\xff\xd8\xff\xe0")
        f.truncate(60 * 1024 * 1024)
    result = run("process", huge, "--out", tmp_path / "out")
    assert result.returncode == 3
    assert "the file is 60.0 MB, more than the 40.0 MB allowed" in result.stderr


def test_a_refused_input_does_not_stop_the_others(tmp_path):
    result = run("process", FIXTURES / "text.jpg", FIXTURES / "portrait.jpg", "--out", tmp_path)
    assert result.returncode == 3
    assert (tmp_path / "portrait" / "cn-id-card.jpg").exists()


def test_usage_errors_exit_2(tmp_path):
    assert run("process", FIXTURES / "portrait.jpg").returncode == 2  # no --out
    unknown = run("process", FIXTURES / "portrait.jpg", "--out", tmp_path, "--spec", "moon-passport")
    assert unknown.returncode == 2
    assert 'unknown spec "moon-passport"' in unknown.stderr


def test_specs_lists_the_catalog():
    result = run("specs")
    assert result.returncode == 0
    for code in ["cn-id-card", "cn-exit-entry", "small-two-inch", "icao-35x45"]:
        assert code in result.stdout
    listing = json.loads(run("specs", "--json").stdout)
    assert listing["version"] and len(listing["specs"]) >= 13


def test_malformed_catalog_is_a_startup_error_naming_file_and_field(tmp_path):
    import shutil
    source = json.loads(run("specs", "--json").stdout)
    catalog = tmp_path / "catalog"
    (catalog / "specs").mkdir(parents=True)
    (catalog / "catalog.json").write_text(json.dumps({"version": "test", "colours": source["colours"], "quality": source["quality"], "papers": source["papers"]}))
    for spec in source["specs"]:
        (catalog / "specs" / f"{spec['code']}.json").write_text(json.dumps(spec))
    broken = json.loads((catalog / "specs" / "cn-id-card.json").read_text())
    broken["file"]["sizeKB"] = {"min": 30, "max": 20}
    (catalog / "specs" / "cn-id-card.json").write_text(json.dumps(broken))
    result = run("specs", "--catalog", catalog)
    assert result.returncode == 1
    assert "cn-id-card.json" in result.stderr and 'field "file.sizeKB"' in result.stderr
    shutil.rmtree(catalog)


def test_missing_model_names_the_file_and_the_fix(tmp_path):
    import os
    import subprocess
    from conftest import BIN
    env = dict(os.environ, PHOTOONCE_LANDMARKS_MODEL=str(tmp_path / "nowhere.dat"))
    result = subprocess.run([str(BIN), "process", FIXTURES / "portrait.jpg", "--out", tmp_path], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "shape_predictor_68_face_landmarks.dat" in result.stderr and "scripts/bootstrap" in result.stderr


def test_compare_prints_distance_and_verdict():
    result = run("compare", FIXTURES / "portrait.jpg", FIXTURES / "portrait-exif-rotated.jpg")
    assert result.returncode == 0, result.stderr
    assert "threshold 0.60): same person" in result.stdout
    verdict = json.loads(run("compare", FIXTURES / "portrait.jpg", FIXTURES / "portrait.webp", "--json").stdout)
    assert verdict["samePerson"] is True and verdict["threshold"] == 0.6 and verdict["distance"] < 0.1


def test_compare_refuses_an_input_without_one_face():
    result = run("compare", FIXTURES / "portrait.jpg", FIXTURES / "two-faces.jpg")
    assert result.returncode == 3
    assert "two-faces.jpg: 2 faces were found" in result.stderr
