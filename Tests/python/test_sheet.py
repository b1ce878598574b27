"""`photoonce sheet`: photos at exact physical size on a print sheet."""
import subprocess
import pytest
from PIL import Image

from conftest import FIXTURES, run

pytestmark = pytest.mark.skipif(not (FIXTURES / ".complete").exists(), reason="fixtures missing: run scripts/fixtures")


def test_six_inch_sheet_of_id_photos_is_4r_at_300_dpi(tmp_path):
    out = tmp_path / "sheet.jpg"
    result = run("sheet", FIXTURES / "portrait.jpg", "--spec", "cn-id-card", "--paper", "6inch", "--cut-marks", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "12× cn-id-card" in result.stdout
    with Image.open(out) as sheet:
        assert sheet.size == (1205, 1795)  # 102 × 152 mm at 300 dpi
        assert sheet.info["dpi"] == (300, 300)
        # The block of 3 × 4 photos (82 × 134 mm with its gaps) is centred: blank paper 10 mm
        # (118 px) at the left and right and 9 mm (106 px) at the top and bottom.
        assert sheet.getpixel((60, 60)) == (255, 255, 255) and sheet.getpixel((1205 - 60, 1795 - 60)) == (255, 255, 255)
        assert sheet.getpixel((118 + 150, 106 + 150)) != (255, 255, 255)


def runs(flags):
    """(start, length) of each run of True in a 1-D boolean array."""
    import numpy as np
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), (ends - starts).tolist()))


def test_each_photo_on_a_six_inch_sheet_is_its_exact_size(tmp_path):
    # One-inch photos on blue, so every photo's box stands out from the white paper; the
    # boxes are measured on the printed pixels, not taken from the layout.
    import numpy as np
    out = tmp_path / "sheet.jpg"
    result = run("sheet", FIXTURES / "portrait.jpg", "--spec", "one-inch", "--background", "blue", "--paper", "6inch", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "12× one-inch" in result.stdout
    with Image.open(out) as sheet:
        assert sheet.size == (1205, 1795) and sheet.info["dpi"] == (300, 300)
        pixels = np.asarray(sheet.convert("RGB"), dtype=np.int16)
    ink = pixels.min(axis=2) < 200
    columns, rows = runs(ink.any(axis=0)), runs(ink.any(axis=1))
    boxes = [(x, y, w, h) for x, w in columns for y, h in rows if ink[y:y + h, x:x + w].mean() > 0.95]
    assert len(boxes) == 12, (columns, rows)
    width, height = 25 / 25.4 * 300, 35 / 25.4 * 300  # 25 × 35 mm at 300 dpi: 295.3 × 413.4 px
    for box in boxes:
        assert abs(box[2] - width) <= 1 and abs(box[3] - height) <= 1, box
    # Centred: the paper left over is shared by both sides (within a pixel of rounding).
    left, right = columns[0][0], 1205 - (columns[-1][0] + columns[-1][1])
    top, bottom = rows[0][0], 1795 - (rows[-1][0] + rows[-1][1])
    assert abs(left - right) <= 1 and abs(top - bottom) <= 1, (left, right, top, bottom)


def test_count_and_mixed_sizes(tmp_path):
    out = tmp_path / "mixed.jpg"
    result = run("sheet", FIXTURES / "portrait.jpg", "--spec", "one-inch", "--spec", "two-inch", "--count", "2", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "2× one-inch, 2× two-inch" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--spec", "two-inch", "--count", "9"], "do not fit"),
    (["--spec", "master"], "no print size"),
    (["--spec", "cn-id-card", "--paper", "a3"], "unknown paper"),
])
def test_impossible_sheets_are_usage_errors(tmp_path, args, message):
    result = run("sheet", FIXTURES / "portrait.jpg", *args, "--out", tmp_path / "x.jpg")
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "x.jpg").exists()


def test_pdf_page_is_the_paper_and_embeds_each_photo_once_as_jpeg(tmp_path):
    import re
    out = tmp_path / "sheet.pdf"
    result = run("sheet", FIXTURES / "portrait.jpg", "--spec", "cn-id-card", "--spec", "one-inch", "--count", "3",
                 "--cut-marks", "--paper", "a4", "--out", out)
    assert result.returncode == 0, result.stderr
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    # The page size as a PDF reader sees it (poppler's pdfinfo): A4, 210 × 297 mm.
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", info).groups())
    assert abs(width - 210 * 72 / 25.4) < 0.01 and abs(height - 297 * 72 / 25.4) < 0.01, info
    assert re.search(r"Pages:\s+1\b", info), info
    assert len(re.findall(rb"/DCTDecode", pdf)) == 2, "each spec's photo stored once, as its own JPEG"


def test_other_output_types_are_usage_errors(tmp_path):
    result = run("sheet", FIXTURES / "portrait.jpg", "--spec", "cn-id-card", "--out", tmp_path / "x.tiff")
    assert result.returncode == 2 and ".jpg or .pdf" in result.stderr


def test_refused_input_exits_3(tmp_path):
    result = run("sheet", FIXTURES / "two-faces.jpg", "--spec", "cn-id-card", "--out", tmp_path / "x.jpg")
    assert result.returncode == 3 and "faces were found" in result.stderr
