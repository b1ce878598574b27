"""`photoonce check` and `photoonce eval`: verdicts, guidance, exit codes, thresholds as data."""
import json

import pytest

from conftest import FIXTURES, relaxed_catalog, run

pytestmark = pytest.mark.skipif(not (FIXTURES / ".complete").exists(), reason="fixtures missing: run scripts/fixtures")

MEASURES = ["single_face", "inter_eye_distance", "head_size", "crop_margins", "yaw", "pitch", "roll", "eyes_open",
            "eyes_visible", "glasses_glare", "red_eye", "mouth_closed", "expression_neutral", "head_covering",
            "face_occlusion", "background_uniformity", "background_shadow", "face_shadow", "illumination_uniformity",
            "exposure", "dynamic_range", "sharpness", "compression", "natural_colour", "recapture"]


def check_json(*args):
    result = run("check", *args, "--json")
    return result, json.loads(result.stdout)


def test_failing_measure_exits_4_and_says_what_to_fix_in_both_languages():
    result = run("check", FIXTURES / "portrait.jpg")
    assert result.returncode == 4, result.stderr
    assert "FAIL" in result.stdout and "mouth_closed" in result.stdout
    assert "请闭上嘴巴 / Please close your mouth" in result.stdout


def test_json_report_has_every_measure_for_every_spec_and_the_catalog_version():
    result, outcomes = check_json(FIXTURES / "portrait.jpg")
    assert result.returncode == 4
    (outcome,) = outcomes
    quality = outcome["quality"]
    version = json.loads(run("specs", "--json").stdout)["version"]
    assert quality["catalogVersion"] == version
    assert [s["spec"] for s in quality["specs"]] == ["master", "cn-id-card", "cn-exit-entry", "cn-driver-license", "face-compare-hd"]
    for spec in quality["specs"]:
        assert [m["name"] for m in spec["measures"]] == MEASURES
        for m in spec["measures"]:
            assert m["verdict"] in ("pass", "warn", "fail", "unknown")
            if m["verdict"] == "unknown":
                assert m["reason"]
            else:
                assert 0 <= m["score"] <= 100 and isinstance(m["raw"], (int, float))
            if m["verdict"] in ("warn", "fail"):
                assert m["guidance"]["zh"] and m["guidance"]["en"]
        assert spec["failing"] == [m["name"] for m in spec["measures"] if m["verdict"] == "fail"]
    assert outcome["verdict"] == quality["verdict"] == "fail"


def test_thresholds_are_catalog_data_and_passing_exits_0(tmp_path):
    """Relax, in a copy of the catalog, every threshold the portrait fails: it then passes."""
    catalog = relaxed_catalog(tmp_path, FIXTURES / "portrait.jpg", "cn-id-card")
    result, outcomes = check_json(FIXTURES / "portrait.jpg", "--spec", "cn-id-card", "--catalog", catalog)
    assert result.returncode == 0, result.stdout
    assert outcomes[0]["quality"]["catalogVersion"] == "relaxed"
    assert outcomes[0]["verdict"] in ("pass", "warn")


def test_two_faces_are_refused_with_exit_3_and_single_face_failed():
    result, outcomes = check_json(FIXTURES / "two-faces.jpg", "--spec", "cn-id-card")
    assert result.returncode == 3
    assert outcomes[0]["verdict"] == "refused" and outcomes[0]["refusal"]["code"] == "multiple_faces"
    single = outcomes[0]["quality"]["specs"][0]["measures"][0]
    assert single["name"] == "single_face" and single["verdict"] == "fail" and single["raw"] == 2
    assert "faces were found" in result.stderr


def test_text_output_of_a_refusal_is_short():
    result = run("check", FIXTURES / "two-faces.jpg")
    assert result.returncode == 3
    assert "REFUSED" in result.stdout and "single_face" in result.stdout
    assert "unknown" not in result.stdout, "a refused input's unmeasured measures are not listed"


@pytest.mark.parametrize("name", ["text.jpg", "empty.jpg", "truncated.jpg"])
def test_bad_files_are_refused_with_exit_3(name):
    result, outcomes = check_json(FIXTURES / name)
    assert result.returncode == 3
    assert outcomes[0]["verdict"] == "refused" and outcomes[0]["refusal"]["message"]


def test_a_refusal_among_several_inputs_still_reports_the_others():
    result, outcomes = check_json(FIXTURES / "portrait.jpg", FIXTURES / "text.jpg")
    assert result.returncode == 3
    assert [o["verdict"] for o in outcomes] == ["fail", "refused"]


def test_unknown_spec_is_a_usage_error():
    result = run("check", FIXTURES / "portrait.jpg", "--spec", "moon-passport")
    assert result.returncode == 2 and "moon-passport" in result.stderr


def test_eval_prints_the_confusion_matrix_and_per_measure_counts(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("file,expected_verdict,failing_measures,skin\n"
                      "portrait.jpg,fail,mouth_closed;expression_neutral,lighter\n"
                      "two-faces.jpg,refused,single_face,lighter\n"
                      "missing.jpg,pass,,n/a\n")
    result = run("eval", "--labels", labels, "--images", FIXTURES, "--verbose")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Overall verdict: 2 of 2 right (100 %)" in out
    assert "lighter skin: 2 of 2 right" in out
    line = next(l for l in out.splitlines() if l.startswith("mouth_closed"))
    assert "1/1 (100 %)" in line
    line = next(l for l in out.splitlines() if l.startswith("single_face"))
    assert "1/1 (100 %)" in line
    assert "not found (skipped): 1" in out


def test_eval_names_a_bad_label(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("file,expected_verdict,failing_measures\nportrait.jpg,maybe,\n")
    result = run("eval", "--labels", labels, "--images", FIXTURES)
    assert result.returncode == 1
    assert "line 2" in result.stderr and "maybe" in result.stderr
