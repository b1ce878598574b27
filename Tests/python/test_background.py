"""`--background` on process and sheet, and `eval-matting`: the command's contract."""
import json
import shutil

import pytest
from PIL import Image

from conftest import FIXTURES, run

pytestmark = pytest.mark.skipif(not (FIXTURES / ".complete").exists(), reason="fixtures missing: run scripts/fixtures")


def test_trade_size_takes_a_named_or_hex_background(tmp_path):
    for colour, hex_ in [("blue", "#438EDB"), ("#2F6B45", "#2F6B45")]:
        out = tmp_path / colour.strip("#")
        result = run("process", FIXTURES / "portrait.jpg", "--spec", "one-inch", "--background", colour, "--out", out)
        assert result.returncode == 0, result.stderr
        report = json.loads((out / "portrait" / "report.json").read_text())
        photo = report["photos"][0]
        assert photo["background"] in (colour, hex_)
        replacement = photo["backgroundReplacement"]
        assert replacement["hex"] == hex_
        assert replacement["method"] in ("replaced", "kept_as_shot")
        if replacement["method"] == "replaced":
            # The top corners are backdrop: they now carry the asked colour (JPEG-close).
            with Image.open(out / "portrait" / "one-inch.jpg") as im:
                want = tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5))
                for corner in [(3, 3), (im.width - 4, 3)]:
                    got = im.convert("RGB").getpixel(corner)
                    assert max(abs(a - b) for a, b in zip(got, want)) <= 8, (corner, got, want)
        else:
            assert "background not replaced" in result.stderr


def test_official_specs_refuse_a_non_standard_background(tmp_path):
    result = run("process", FIXTURES / "portrait.jpg", "--background", "blue", "--out", tmp_path)
    assert result.returncode == 2
    assert "cn-id-card is an official photo whose background is fixed (white)" in result.stderr
    assert not any(tmp_path.iterdir())
    # White is what the official specs take.
    ok = run("process", FIXTURES / "portrait.jpg", "--spec", "cn-id-card", "--background", "white", "--out", tmp_path)
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize("colour, message", [
    ("#12345", "is not a colour"),
    ("purple", 'unknown background "purple"'),
])
def test_malformed_backgrounds_are_usage_errors(tmp_path, colour, message):
    result = run("process", FIXTURES / "portrait.jpg", "--spec", "one-inch", "--background", colour, "--out", tmp_path)
    assert result.returncode == 2 and message in result.stderr


def test_sheet_takes_the_background_too(tmp_path):
    out = tmp_path / "red.jpg"
    result = run("sheet", FIXTURES / "portrait.jpg", "--spec", "one-inch", "--count", "2", "--background", "red", "--out", out)
    assert result.returncode == 0, result.stderr
    assert out.exists()
    refused = run("sheet", FIXTURES / "portrait.jpg", "--spec", "cn-id-card", "--background", "red", "--out", tmp_path / "x.jpg")
    assert refused.returncode == 2 and "official photo" in refused.stderr
    assert not (tmp_path / "x.jpg").exists()


def test_eval_matting_prints_its_tables(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    shutil.copy(FIXTURES / "portrait.jpg", images / "portrait.jpg")
    result = run("eval-matting", "--images", images, "--truth", "portrait.jpg", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "portrait.jpg" in result.stdout and "white" in result.stdout and "red" in result.stdout
    # Either the fixture was matted (then the synthetic-truth table follows) or the
    # evaluation says why it was kept; never silence.
    assert "Synthetic truth" in result.stdout or "kept" in result.stdout


def test_eval_matting_names_a_missing_folder(tmp_path):
    result = run("eval-matting", "--images", tmp_path / "nowhere")
    assert result.returncode == 2 and "cannot list the portraits folder" in result.stderr
