"""Done-when check of the foundation issue: on the shared portraits that show one whole
frontal head, every produced photo meets its spec's pixel size, dpi and KB window, read from
the file, and its geometry as measured by OpenCV's Haar cascades, a detector independent
of the dlib models that made the photo.

Haar boxes are coarse, so the geometry tolerances are wide but still catch a misplaced or
mis-sized head: a face box is ~1.1–1.35 × the ear-to-ear face width, and Haar eye centres
sit within a few pixels of the landmark eye centres (figures from the shared portraits)."""
import json
import struct

import pytest

from conftest import PORTRAITS, run
from independent import measure

WHOLE_FRONTAL_HEADS = [
    "deepface__img11.jpg", "deepface__img13.jpg", "deepface__img20.jpg", "deepface__img21.jpg",
    "deepface__img25.jpg", "deepface__img40.jpg", "facerec__alex-lacamoire.png", "facerec__alex_lacamoire1.jpg",
    "facerec__biden.jpg", "facerec__biden2.jpg", "facerec__lin-manuel-miranda.png", "facerec__obama-1080p.jpg",
    "facerec__obama.jpg", "hivision__test0.jpg", "libfacedet__keliamoniz1.jpg", "skimage__astronaut.png",
]
EYE_TOLERANCE = 6  # px between Haar and landmark eye lines
FACE_BOX_PER_FACE_WIDTH = (1.0, 1.45)
CENTRING_TOLERANCE = 0.10  # of the photo width

pytestmark = pytest.mark.skipif(not PORTRAITS.exists(), reason=f"shared portraits not found at {PORTRAITS} (set PHOTOONCE_PORTRAITS)")


def jfif_density(data):
    assert data[:4] == b"\xff\xd8\xff\xe0" and data[6:11] == b"JFIF\x00", "JFIF header first"
    units, x, y = struct.unpack(">BHH", data[13:18])
    return units, x, y


def jpeg_size(data):
    """Width and height from the first start-of-frame marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("no frame header")


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    out = tmp_path_factory.mktemp("independent")
    inputs = [PORTRAITS / name for name in WHOLE_FRONTAL_HEADS]
    result = run("process", *inputs, "--out", out)
    assert result.returncode in (0, 3), result.stderr
    return out


def photos(processed):
    for name in WHOLE_FRONTAL_HEADS:
        report = json.loads((processed / name.rsplit(".", 1)[0] / "report.json").read_text())
        assert report.get("refusal") is None, f"{name}: {report['refusal']}"
        for photo in report["photos"]:
            if photo["spec"] != "master" and photo["status"] == "produced":
                yield name, photo, processed / name.rsplit(".", 1)[0] / photo["file"]


def test_file_properties_read_from_the_bytes(processed, catalog):
    checked = 0
    for name, photo, path in photos(processed):
        spec, data = catalog[photo["spec"]], path.read_bytes()
        assert jpeg_size(data) == (spec["pixels"]["width"], spec["pixels"]["height"]), f"{name} {photo['spec']}"
        assert jfif_density(data) == (1, spec["dpi"], spec["dpi"]), f"{name} {photo['spec']}"
        assert b"Exif" not in data[:4096], f"{name} {photo['spec']}: metadata left"
        window = spec["file"].get("sizeKB")
        if window:
            assert window["min"] <= len(data) / 1024 <= window["max"], f"{name} {photo['spec']}: {len(data) / 1024:.1f} KB"
        checked += 1
    assert checked >= 40, f"only {checked} photos produced from {len(WHOLE_FRONTAL_HEADS)} portraits"


def test_geometry_agrees_with_an_independent_detector(processed, catalog):
    checked, eyes_checked = 0, 0
    for name, photo, path in photos(processed):
        spec, measured = catalog[photo["spec"]], photo["measured"]
        found = measure(path)
        width, height = found["size"]
        label = f"{name} {photo['spec']}"
        assert found["face"] is not None, f"{label}: OpenCV finds no face"
        x, y, box_width, _ = found["face"]
        assert abs(x + box_width / 2 - width / 2) <= CENTRING_TOLERANCE * width, f"{label}: face off centre"
        low, high = FACE_BOX_PER_FACE_WIDTH
        face_width = measured["faceWidth"]
        assert low * face_width <= box_width <= high * face_width, f"{label}: face box {box_width} vs face width {face_width:.0f}"
        geometry = spec["geometry"]
        if "faceWidth" in geometry:
            rule = geometry["faceWidth"]
            assert low * rule["min"] <= box_width <= high * rule["max"], f"{label}: face box {box_width} for {rule}"
        if found["eyes"]:
            (lx, ly), (rx, ry) = found["eyes"]
            eye_line = (ly + ry) / 2
            assert abs(eye_line - measured["eyeLine"]) <= EYE_TOLERANCE, f"{label}: eye line {eye_line} vs {measured['eyeLine']:.1f}"
            if "eyeLineFromTop" in geometry:
                rule = geometry["eyeLineFromTop"]
                assert rule["min"] - EYE_TOLERANCE <= eye_line <= rule["max"] + EYE_TOLERANCE, label
            if "eyeLineFromBottom" in geometry:
                rule = geometry["eyeLineFromBottom"]
                assert height - eye_line >= rule.get("min", 0) - EYE_TOLERANCE, label
                assert height - eye_line <= rule.get("max", 1e9) + EYE_TOLERANCE, label
            eyes_checked += 1
        checked += 1
    assert checked >= 40
    assert eyes_checked >= checked // 2, f"Haar found both eyes in only {eyes_checked} of {checked} photos"
