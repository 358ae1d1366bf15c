#!/usr/bin/env python3
"""Draws the small images the figure tests use (tests/assets/): a neutral emblem — a globe
of meridians and parallels between two arcs — as PNG (with transparency) and JPEG.
Folio's own drawing, no third-party logo. Needs Pillow (pip install pillow)."""
from pathlib import Path
from PIL import Image, ImageDraw

out = Path(__file__).resolve().parent.parent / "tests" / "assets"
out.mkdir(parents=True, exist_ok=True)
size = 240
img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
d = ImageDraw.Draw(img)
blue = (31, 56, 100, 255)
c, r = size // 2, 80
d.ellipse([c - r, c - r, c + r, c + r], outline=blue, width=5)
for k in (0.35, 0.7):
    d.ellipse([c - r * k, c - r, c + r * k, c + r], outline=blue, width=3)
d.line([c, c - r, c, c + r], fill=blue, width=3)
for y in (-0.5, 0, 0.5):
    half = (r * r - (y * r) ** 2) ** 0.5
    d.line([c - half, c + y * r, c + half, c + y * r], fill=blue, width=3)
d.arc([c - 110, c - 110, c + 110, c + 110], 100, 170, fill=blue, width=6)
d.arc([c - 110, c - 110, c + 110, c + 110], 10, 80, fill=blue, width=6)
img.save(out / "emblem.png", optimize=True)
img.convert("RGB").save(out / "emblem.jpg", quality=85)
print("wrote", out / "emblem.png", out / "emblem.jpg")
