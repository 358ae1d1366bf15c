#!/usr/bin/env bash
# Rebuilds fonts/ from Debian's Noto packages: subsets that cover what Folio's editions need,
# so the repository stays lean. Rerun after changing the ranges below. Needs root for apt.
#   Latin, Latin Extended, Greek, Cyrillic, punctuation, currency, arrows/maths used in reports;
#   Arabic (Noto Naskh Arabic) with presentation forms; Chinese: GB 2312 plus CJK punctuation.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pyftsubset >/dev/null || [ ! -d /usr/share/fonts/opentype/noto ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends fonts-noto-core fonts-noto-cjk fonttools >/dev/null
fi
NOTO=/usr/share/fonts/truetype/noto
CJK=/usr/share/fonts/opentype/noto
OUT=fonts
mkdir -p "$OUT"
# Keep every OpenType layout feature (kerning, ligatures, Arabic joining, marks) and the names.
COMMON=(--layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline --no-hinting --desubroutinize)
LATIN="U+0000-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+2E00-2E7F,U+FB00-FB06,U+FEFF,U+FFFD"
for family in NotoSerif NotoSans; do
  for face in Regular Bold Italic BoldItalic; do
    pyftsubset "$NOTO/$family-$face.ttf" --unicodes="$LATIN" "${COMMON[@]}" --output-file="$OUT/$family-$face.ttf"
  done
done
ARABIC="U+0000-007F,U+00A0-00FF,U+0600-06FF,U+0750-077F,U+08A0-08FF,U+200C-200F,U+2010-2027,U+202A-202E,U+2066-2069,U+FB50-FDFF,U+FE70-FEFF"
for face in Regular Bold; do
  pyftsubset "$NOTO/NotoNaskhArabic-$face.ttf" --unicodes="$ARABIC" "${COMMON[@]}" --output-file="$OUT/NotoNaskhArabic-$face.ttf"
done
# GB 2312: every character the national standard encodes, listed by Python's codec.
python3 - > /tmp/folio-gb2312.txt <<'PY'
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
# CJK symbols and punctuation, full-width forms, general punctuation.
for lo, hi in [(0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2010, 0x206F), (0x0020, 0x007E)]:
    chars.update(chr(c) for c in range(lo, hi + 1))
print("".join(sorted(chars)))
PY
# Simplified Chinese is face 2 of Debian's collections.
for pair in "NotoSerifCJK-Regular.ttc:NotoSerifSC-Regular" "NotoSerifCJK-Bold.ttc:NotoSerifSC-Bold" \
            "NotoSansCJK-Regular.ttc:NotoSansSC-Regular" "NotoSansCJK-Bold.ttc:NotoSansSC-Bold"; do
  src=${pair%%:*}; dst=${pair##*:}
  pyftsubset "$CJK/$src" --font-number=2 --text-file=/tmp/folio-gb2312.txt "${COMMON[@]}" --output-file="$OUT/$dst.otf"
done
cp /usr/share/doc/fonts-noto-core/copyright "$OUT/LICENSE-noto-core.txt"
cp /usr/share/doc/fonts-noto-cjk/copyright "$OUT/LICENSE-noto-cjk.txt"
du -sh "$OUT"
# A test face with Latin letters but no no-break spaces (U+00A0, U+202F), so that French text
# falls back for them (tests/silent_failures.rs); renamed so it cannot pass for Noto Serif.
mkdir -p tests/assets/fonts
pyftsubset "$NOTO/NotoSerif-Regular.ttf" --unicodes="U+0020-007E,U+00AB,U+00BB,U+00E0-00FF" "${COMMON[@]}" \
  --output-file=tests/assets/fonts/FolioTestSerif-Regular.ttf
/usr/bin/python3 - <<'PY'
from fontTools.ttLib import TTFont
path = "tests/assets/fonts/FolioTestSerif-Regular.ttf"
font = TTFont(path)
for record in font["name"].names:
    if record.nameID in (1, 4, 16):
        record.string = "Folio Test Serif"
    elif record.nameID == 6:
        record.string = "FolioTestSerif-Regular"
font.save(path)
PY
