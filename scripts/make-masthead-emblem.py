#!/usr/bin/env python3
"""Draws the placeholder emblem the shipped `un-official` layouts print in the masthead
(layouts/masthead-emblem.png): a neutral globe of meridians and parallels between two
open arcs, in black as official documents print their emblem. Folio's own drawing, no
third-party logo; replace it with your organisation's emblem in your own layout.
Needs Pillow (pip install pillow)."""
from pathlib import Path
from PIL import Image, ImageDraw

out = Path(__file__).resolve().parent.parent / "layouts" / "masthead-emblem.png"
size = 300
img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
d = ImageDraw.Draw(img)
ink = (0, 0, 0, 255)
c, r = size // 2, 96
d.ellipse([c - r, c - r, c + r, c + r], outline=ink, width=6)
for k in (0.35, 0.7):
    d.ellipse([c - r * k, c - r, c + r * k, c + r], outline=ink, width=4)
d.line([c, c - r, c, c + r], fill=ink, width=4)
for y in (-0.5, 0, 0.5):
    half = (r * r - (y * r) ** 2) ** 0.5
    d.line([c - half, c + y * r, c + half, c + y * r], fill=ink, width=4)
R = 134
# Two open arcs around the globe, leaving the top and the bottom free.
d.arc([c - R, c - R, c + R, c + R], 105, 165, fill=ink, width=8)
d.arc([c - R, c - R, c + R, c + R], 15, 75, fill=ink, width=8)
d.arc([c - R, c - R, c + R, c + R], 195, 230, fill=ink, width=5)
d.arc([c - R, c - R, c + R, c + R], 310, 345, fill=ink, width=5)
img.save(out, optimize=True)
print("wrote", out)
