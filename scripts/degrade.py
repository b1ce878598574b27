"""Makes degraded variants of clean portraits, one known defect each, for evaluating the
quality measures. Run it through scripts/degrade, which finds the photoonce binary.

For every base portrait it asks `photoonce process --json` for the face landmarks (one call
for all bases), then writes <stem>__<variant>.jpg into the output folder and a labels.csv
that names the one measure each variant must fail. Every strength is scaled by the eye
distance, so the defect is equally clear at any resolution. Deterministic: the only
randomness (screen-recapture angle, scale and noise) is seeded from the file name.

The portraits themselves are read from --portraits and never copied anywhere else.
"""
import argparse
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageOps

BASES = [
    "deepface__img11.jpg", "deepface__img13.jpg", "deepface__img20.jpg",
    "deepface__img21.jpg", "deepface__img25.jpg", "deepface__img40.jpg",
    "facerec__alex-lacamoire.png", "facerec__alex_lacamoire1.jpg", "facerec__biden.jpg",
    "facerec__biden2.jpg", "facerec__lin-manuel-miranda.png", "facerec__obama-1080p.jpg",
    "facerec__obama.jpg", "hivision__test0.jpg", "libfacedet__keliamoniz1.jpg",
    "skimage__astronaut.png",
]

# variant -> the single measure it must fail
VARIANTS = {
    "gaussian-blur": "sharpness",
    "motion-blur": "sharpness",
    "under-exposed": "exposure",
    "over-exposed": "exposure",
    "jpeg-q5": "compression",
    "tiny": "inter_eye_distance",
    "roll-15": "roll",
    "crown-cut": "crop_margins",
    "chin-cut": "crop_margins",
    "two-faces": "single_face",
    "colour-cast": "natural_colour",
    "eye-patch": "eyes_visible",
    "mouth-patch": "face_occlusion",
    "screen-recapture": "recapture",
}

QUALITY = 95
GREY = (128, 128, 128)


def log(msg):
    print(f"degrade: {msg}", file=sys.stderr)


# ---------------------------------------------------------------- colour helpers

_TO_LINEAR = np.array(
    [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
     for c in (np.arange(256) / 255.0)], dtype=np.float32)
_LUT_BITS = 16
_grid = np.arange(2 ** _LUT_BITS, dtype=np.float64) / (2 ** _LUT_BITS - 1)
_TO_SRGB = np.clip(np.round(255 * np.where(
    _grid <= 0.0031308, 12.92 * _grid, 1.055 * np.power(_grid, 1 / 2.4) - 0.055)), 0, 255).astype(np.uint8)
del _grid


def to_linear(img_u8):
    return _TO_LINEAR[img_u8]


def to_srgb(lin):
    idx = np.clip(lin, 0.0, 1.0) * (2 ** _LUT_BITS - 1) + 0.5
    return _TO_SRGB[idx.astype(np.int32)]


# ---------------------------------------------------------------- loading

SRGB_PROFILE = ImageCms.createProfile("sRGB")


def load_bgr(path):
    """Decodes like the pipeline: EXIF orientation applied, ICC profile converted to
    sRGB, transparency flattened onto white, grey expanded to RGB."""
    im = Image.open(path)
    im = ImageOps.exif_transpose(im)
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK"):
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if im.mode == "RGBA" else "RGB"
            if im.mode == "CMYK":
                im = ImageCms.profileToProfile(im, src, SRGB_PROFILE, outputMode="RGB")
            else:
                im = ImageCms.profileToProfile(im, src, SRGB_PROFILE, outputMode=mode)
        except (ImageCms.PyCMSError, OSError) as e:
            log(f"{path.name}: colour profile ignored ({e})")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        white = Image.new("RGBA", im.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, im)
    rgb = np.asarray(im.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def save_jpeg(path, bgr, quality=QUALITY):
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError(f"cannot encode {path}")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(buf.tobytes())
    os.replace(tmp, path)


# ---------------------------------------------------------------- landmarks

def find_photoonce(explicit):
    if explicit:
        return explicit
    for p in (".build/release/photoonce", ".build/debug/photoonce"):
        if os.access(p, os.X_OK):
            return p
    return None


def landmarks(binary, paths):
    """One photoonce call for all bases: {file name: face report}."""
    with tempfile.TemporaryDirectory(prefix="degrade-") as tmp:
        proc = subprocess.run(
            [binary, "process", *map(str, paths), "--out", tmp, "--spec", "cn-id-card", "--json"],
            capture_output=True, text=True)
    if proc.returncode not in (0, 3):
        log(proc.stderr.strip())
        sys.exit(f"degrade: photoonce failed with exit status {proc.returncode}")
    faces = {}
    for report in json.loads(proc.stdout):
        face = report.get("face")
        if face and face.get("landmarks"):
            faces[report["input"]["file"]] = face
    return faces


class Face:
    def __init__(self, report):
        self.pts = np.array([[p["x"], p["y"]] for p in report["landmarks"]], dtype=np.float64)
        self.ed = float(report["eyeDistance"])
        self.left_eye = np.array([report["leftEye"]["x"], report["leftEye"]["y"]])
        self.right_eye = np.array([report["rightEye"]["x"], report["rightEye"]["y"]])
        head = report.get("head") or {}
        self.crown_y = head.get("point", {}).get("y")

    @property
    def eye_mid(self):
        return (self.left_eye + self.right_eye) / 2

    @property
    def roll(self):
        d = self.right_eye - self.left_eye
        return math.degrees(math.atan2(d[1], d[0]))


# ---------------------------------------------------------------- variants

def gaussian_blur(img, face, ctx):
    return cv2.GaussianBlur(img, (0, 0), face.ed / 25, borderType=cv2.BORDER_REPLICATE)


def motion_blur(img, face, ctx):
    n = max(5, int(round(face.ed / 8)))
    n += 1 - n % 2  # odd, so the kernel is centred
    kernel = np.full((1, n), 1.0 / n, dtype=np.float32)
    return cv2.filter2D(img, -1, kernel, borderType=cv2.BORDER_REPLICATE)


def exposure(gain):
    def apply(img, face, ctx):
        return to_srgb(to_linear(img) * gain)
    return apply


def jpeg_q5(img, face, ctx):
    return img  # the quality is applied when writing


def tiny(img, face, ctx):
    s = 24.0 / face.ed
    h, w = img.shape[:2]
    return cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)


def roll(img, face, ctx):
    # Target eye-line angle: sign alternates per base, magnitude cycles 15/12/18 degrees.
    # The rotation brings the eye line to that angle whatever the base's own roll; a base
    # that already leans more than 5 degrees is turned to the other side instead.
    i = ctx["index"]
    sign = 1 if i % 2 == 0 else -1
    if abs(face.roll) > 5:
        sign = -1 if face.roll > 0 else 1
    target = sign * (15, 12, 18)[i % 3]
    # cv2 angles are counter-clockwise with y down; the eye-line angle atan2(dy, dx) grows
    # clockwise, so rotating by +a changes it by -a.
    angle = face.roll - target
    ctx["note"] = f"roll {face.roll:+.1f}->{target:+d}"
    m = cv2.getRotationMatrix2D(tuple(face.eye_mid), angle, 1.0)
    h, w = img.shape[:2]
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def crown_cut(img, face, ctx):
    if face.crown_y is None:
        raise SkipVariant("no crown point")
    top = int(round((face.eye_mid[1] + face.crown_y) / 2))
    if top <= 0:
        raise SkipVariant("crown already at the top edge")
    return img[top:]


def chin_cut(img, face, ctx):
    bottom = int(round((face.pts[33, 1] + face.pts[8, 1]) / 2))
    return img[:bottom]


def two_faces(img, face, ctx):
    gap = np.full((img.shape[0], max(4, int(round(face.ed * 0.25))), 3), 255, np.uint8)
    return np.hstack([img, gap, img])


def colour_cast(img, face, ctx):
    # BGR order gains
    if ctx["index"] % 2 == 0:
        gains, name = np.array([1.0, 0.8, 0.55], np.float32), "blue"
    else:
        gains, name = np.array([0.6, 1.0, 0.6], np.float32), "green"
    lin = to_linear(img)
    before = lin.reshape(-1, 3).mean(axis=0)
    # A cast is a departure from neutral white. On a warm frame (grey world: mean R above
    # mean B) a blue cast would only undo the warmth and leave a natural-looking photo
    # (facerec__biden's did), so such a frame is first balanced to grey.
    warmth = float(np.log(max(before[2], 1e-6) / max(before[0], 1e-6)))
    if name == "blue" and warmth > 0:
        gains = gains * (before.mean() / np.maximum(before, 1e-6))
        ctx["note"] = f"blue cast after balancing warmth {warmth:+.2f}"
    else:
        ctx["note"] = f"{name} cast"
    cast = lin * gains
    after = cast.reshape(-1, 3).mean(axis=0)
    cast *= before.max() / max(after.max(), 1e-6)
    return to_srgb(cast)


def eye_patch(img, face, ctx):
    p, ed = face.pts, face.ed
    x0 = min(p[36, 0], p[45, 0]) - 0.3 * ed
    x1 = max(p[36, 0], p[45, 0]) + 0.3 * ed
    eye_ys = (face.left_eye[1], face.right_eye[1])
    y0 = min(eye_ys) - 0.35 * ed
    y1 = max(eye_ys) + 0.35 * ed
    return patch(img, x0, y0, x1, y1)


def mouth_patch(img, face, ctx):
    lips, ed = face.pts[48:60], face.ed
    x0, y0 = lips.min(axis=0) - 0.25 * ed
    x1, y1 = lips.max(axis=0) + 0.25 * ed
    return patch(img, x0, y0, x1, y1)


def patch(img, x0, y0, x1, y1):
    out = img.copy()
    h, w = img.shape[:2]
    x0, y0 = max(0, int(math.floor(x0))), max(0, int(math.floor(y0)))
    x1, y1 = min(w, int(math.ceil(x1))), min(h, int(math.ceil(y1)))
    out[y0:y1, x0:x1] = GREY
    return out


def screen_recapture(img, face, ctx):
    """A phone photo of the portrait shown on an LCD: RGB subpixel stripes with dark row
    gaps, resampled without low-pass filtering at a small angle and a non-integer scale
    (moire), then a camera tone curve, sensor noise and JPEG."""
    rng = np.random.default_rng(ctx["seed"])
    # Keep the 3x screen image manageable: the displayed picture is at most 1000 px.
    h, w = img.shape[:2]
    fit = min(1.0, 1000.0 / max(h, w))
    if fit < 1.0:
        img = cv2.resize(img, (round(w * fit), round(h * fit)), interpolation=cv2.INTER_AREA)
        h, w = img.shape[:2]
    screen = cv2.resize(img, (w * 3, h * 3), interpolation=cv2.INTER_NEAREST)
    lin = to_linear(screen)
    # Subpixel mask (BGR): column 0 red, 1 green, 2 blue, with some leakage, every
    # third row the dark gap between pixel rows.
    cols = np.full((3, 3), 0.12, np.float32)
    cols[0, 2] = cols[1, 1] = cols[2, 0] = 1.0  # col 0 -> R (index 2 in BGR), 1 -> G, 2 -> B
    rows = np.array([1.0, 1.0, 0.3], np.float32)
    mask = rows[:, None, None] * cols[None, :, :]  # 3 x 3 x 3 tile
    lin *= np.tile(mask, (h, w, 1))
    lin /= mask.reshape(-1, 3).mean(axis=0)  # camera exposure brings the level back
    angle = float(rng.uniform(1.5, 3.0)) * (1 if rng.random() < 0.5 else -1)
    scale = float(rng.uniform(0.41, 0.47))
    H, W = lin.shape[:2]
    out_w, out_h = int(round(W * scale)), int(round(H * scale))
    m = cv2.getRotationMatrix2D((W / 2, H / 2), angle, scale)
    m[0, 2] += out_w / 2 - W / 2
    m[1, 2] += out_h / 2 - H / 2
    shot = cv2.warpAffine(lin, m, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    # Slight cool screen white point and a flatter, brighter camera curve.
    shot *= np.array([1.04, 1.0, 0.95], np.float32)
    srgb = to_srgb(shot).astype(np.float32) / 255
    srgb = 0.06 + 0.88 * np.power(srgb, 0.92)
    srgb += rng.normal(0, 0.012, srgb.shape).astype(np.float32)
    ctx["note"] = f"recapture {angle:+.1f}deg x{scale:.3f}"
    ctx["quality"] = 92
    return np.clip(np.round(srgb * 255), 0, 255).astype(np.uint8)


class SkipVariant(Exception):
    pass


FUNCS = {
    "gaussian-blur": gaussian_blur,
    "motion-blur": motion_blur,
    "under-exposed": exposure(0.25),
    "over-exposed": exposure(4.0),
    "jpeg-q5": jpeg_q5,
    "tiny": tiny,
    "roll-15": roll,
    "crown-cut": crown_cut,
    "chin-cut": chin_cut,
    "two-faces": two_faces,
    "colour-cast": colour_cast,
    "eye-patch": eye_patch,
    "mouth-patch": mouth_patch,
    "screen-recapture": screen_recapture,
}
QUALITIES = {"jpeg-q5": 5}


# ---------------------------------------------------------------- main

def read_skin(path):
    skin = {}
    if path.exists():
        with path.open(newline="") as f:
            for row in csv.DictReader(f):
                skin[row["file"]] = row["skin"]
    else:
        log(f"{path} not found: skin will be n/a")
    return skin


def main():
    caller = Path(os.environ.get("DEGRADE_CALLER_PWD", "."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--portraits", help="folder with the shared test portraits "
                    "(default: ../shared/testdata/portraits from the repository root)")
    ap.add_argument("--out", help="output folder (default: out/degraded)")
    args = ap.parse_args()
    portraits = (caller / args.portraits) if args.portraits else Path("../shared/testdata/portraits")
    out = (caller / args.out) if args.out else Path("out/degraded")
    binary = os.environ.get("PHOTOONCE_BIN")
    if binary and not os.path.isabs(binary) and os.sep in binary:
        binary = str(caller / binary)
    binary = find_photoonce(binary)
    if not binary:
        sys.exit("degrade: no photoonce binary: set PHOTOONCE_BIN or build .build/release/photoonce")
    if not portraits.is_dir():
        sys.exit(f"degrade: no portraits folder {portraits}")
    out.mkdir(parents=True, exist_ok=True)

    started = time.time()
    skin = read_skin(Path("eval/portraits.csv"))
    bases = []
    for name in BASES:
        if (portraits / name).is_file():
            bases.append(portraits / name)
        else:
            print(f"skip {name}: not found in {portraits}")
    faces = landmarks(binary, bases)

    rows = []
    done = 0
    for path in bases:
        # Per-base choices (roll side, cast colour) follow the fixed BASES order, so a
        # base's variants do not change when another base is missing.
        index = BASES.index(path.name)
        report = faces.get(path.name)
        if report is None:
            print(f"skip {path.name}: photoonce found no face landmarks")
            continue
        face = Face(report)
        img = load_bgr(path)
        stem = path.stem
        written, notes = [], []
        for variant, measure in VARIANTS.items():
            ctx = {"index": index, "seed": zlib.crc32(f"{path.name}/{variant}".encode())}
            try:
                result = FUNCS[variant](img, face, ctx)
            except SkipVariant as e:
                print(f"  skip {stem}__{variant}: {e}")
                continue
            quality = ctx.get("quality", QUALITIES.get(variant, QUALITY))
            name = f"{stem}__{variant}.jpg"
            save_jpeg(out / name, result, quality)
            # Two people in the frame is refused outright (with single_face failed).
            expected = "refused" if measure == "single_face" else "fail"
            rows.append((name, expected, measure, skin.get(path.name, "n/a")))
            written.append(variant)
            if "note" in ctx:
                notes.append(ctx["note"])
        done += 1
        print(f"{path.name}: ed={face.ed:.0f}px {img.shape[1]}x{img.shape[0]}, "
              f"{len(written)} variants ({'; '.join(notes)})")

    with (out / "labels.csv.tmp").open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "expected_verdict", "failing_measures", "skin"])
        w.writerows(rows)
    os.replace(out / "labels.csv.tmp", out / "labels.csv")
    print(f"{len(rows)} variants of {done} bases in {out} ({time.time() - started:.1f} s)")


if __name__ == "__main__":
    main()
