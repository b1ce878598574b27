"""Derives the test fixtures from astronaut.png: each exercises one way an input can be
awkward (format, orientation, colour model, depth, alpha) or wrong (broken, bomb, no face)."""
import struct
import sys
import zlib
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

out = Path(sys.argv[1])
astronaut = Image.open(out / "astronaut.png").convert("RGB")
# Three times the size, so that every capture photo (face-compare-hd needs 120 px between
# the eyes) can be made from it.
SIDE = 1536
portrait = astronaut.resize((SIDE, SIDE), Image.LANCZOS)

portrait.save(out / "portrait.jpg", quality=92)
portrait.save(out / "portrait.png")
portrait.save(out / "portrait.webp", quality=90)
portrait.convert("L").save(out / "portrait-gray.png")
portrait.convert("CMYK").save(out / "portrait-cmyk.jpg", quality=92)

# Colour profiles (from Debian's colord-data): one that swaps red and green, so a decoder
# that ignores it shows the wrong colours, and plain sRGB, which needs no conversion.
profiles = Path("/usr/share/color/icc/colord")
portrait.save(out / "portrait-swapped-profile.jpg", quality=92, icc_profile=(profiles / "SwappedRedAndGreen.icc").read_bytes())
portrait.save(out / "portrait-srgb-profile.jpg", quality=92, icc_profile=(profiles / "sRGB.icc").read_bytes())

# 16-bit colour PNG (OpenCV writes 16-bit RGB; Pillow cannot).
rgb16 = np.asarray(portrait, dtype=np.uint16)[:, :, ::-1] * 257
cv2.imwrite(str(out / "portrait-16bit.png"), rgb16)

# RGBA with the outer border transparent.
rgba = portrait.convert("RGBA")
alpha = np.full((SIDE, SIDE), 255, dtype=np.uint8)
alpha[:, :40] = 0
alpha[:, -40:] = 0
rgba.putalpha(Image.fromarray(alpha))
rgba.save(out / "portrait-alpha.png")

# A phone photo: pixels stored turned a quarter counter-clockwise, EXIF orientation 6
# ("rotate 90° clockwise to display").
exif = Image.Exif()
exif[0x0112] = 6
portrait.transpose(Image.ROTATE_90).save(out / "portrait-exif-rotated.jpg", quality=92, exif=exif.tobytes())

# Two people side by side.
pair = Image.new("RGB", (2 * SIDE, SIDE))
pair.paste(portrait, (0, 0))
pair.paste(portrait, (SIDE, 0))
pair.save(out / "two-faces.jpg", quality=90)

# No face: a smooth gradient with noise.
rng = np.random.default_rng(7)
gradient = np.linspace(0, 255, 800, dtype=np.float32)[None, :, None].repeat(600, 0).repeat(3, 2)
noise = rng.normal(0, 12, gradient.shape)
Image.fromarray(np.clip(gradient + noise, 0, 255).astype(np.uint8)).save(out / "no-face.jpg", quality=90)

# Broken files.
(out / "empty.jpg").write_bytes(b"")
jpeg = (out / "portrait.jpg").read_bytes()
(out / "truncated.jpg").write_bytes(jpeg[: len(jpeg) * 6 // 10])
(out / "text.jpg").write_text("This is not a photo.\nIt is a text file with a .jpg name.\n")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


# Decompression bomb: a valid 30000×30000 RGB PNG of black, a few MB on disk, 2.7 GB decoded.
side = 30000
compressor = zlib.compressobj(9)
row = b"\x00" * (1 + side * 3)
rows = row * 100
idat = bytearray()
for _ in range(side // 100):
    idat += compressor.compress(rows)
idat += compressor.flush()
with open(out / "bomb.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n")
    f.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)))
    f.write(png_chunk(b"IDAT", bytes(idat)))
    f.write(png_chunk(b"IEND", b""))
